// Mimecast Email Security (Cloud Gateway). MX hosts *-smtp-inbound-N.mimecast.com (also mimecast.co.za,
// mimecast-offshore.com); every rejection carries a link to the error-code article
// ("https://community.mimecast.com/docs/DOC-1369#550") and a bracketed trace id such as "[FbbFUcEe...uk91]".
// Source: Mimecast knowledge article "Mimecast SMTP Error Codes" (current copy:
// https://mimecastsupport.zendesk.com/hc/en-us/articles/34000709564691-Policies-Mimecast-SMTP-Error-Codes;
// former address https://community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754), which lists each
// 4xx/5xx text with its cause and resolution. Observed reply shapes were checked against bounces quoted in public
// repositories and ActiveCampaign's SMTP Field Manual. RBL rejections name Mimecast's own DNSBL mirrors
// (zen.mimecast.org, spamcop.mimecast.org, csi.mimecast.org ...).
// Mimecast's texts are short and some are generic ("Invalid Recipient", "Too many recipients"): those rules are
// providerOnly so they fire only when the Mimecast link or host name identified the gateway.
// Order matters: first match wins.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const ERROR_CODES =
  "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000709564691-Policies-Mimecast-SMTP-Error-Codes";

export const MIMECAST: ProviderInfo = {
  id: "mimecast",
  name: "Mimecast",
  markers: ["mimecast", "mimecast.com", "mimecast.org", "community.mimecast.com"],
  reference: ERROR_CODES,
};

export const MIMECAST_RULES = defineProviderRules([
  // ---- Sender blocked by the recipient organisation's policies ---------------------------------------------
  {
    id: "mimecast.envelope-blocked-user-entry",
    provider: "mimecast",
    match: {
      text: [
        ["envelope blocked", "user entry"],
        ["envelope blocked", "user domain entry"],
      ],
    },
    reason: "rejected",
    meaning:
      "A person at the recipient organisation has blocked your address (User Entry) or your whole domain (User Domain Entry) in their personal Mimecast Managed Senders list. The block applies to that recipient only, not to all Mimecast customers.",
    causes: [
      "The recipient clicked Block on one of your messages in a Mimecast digest, Outlook add-in or personal portal.",
      "The recipient added your address or domain to their blocked senders by hand.",
    ],
    actions: [
      "Stop sending to this recipient for now; repeated attempts do not help.",
      "If the mail is wanted, ask the recipient through another channel to remove you from their Mimecast blocked senders.",
      "Resend only after they confirm.",
    ],
    checks: ["address"],
    retry: "fix-first",
    source: ERROR_CODES,
    example:
      "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.uk123]",
  },
  {
    id: "mimecast.blocked-senders-policy",
    provider: "mimecast",
    // "550 Administrative prohibition - envelope blocked", "Rejected by header based Blocked Senders - Block policy
    // for Header From", "Rejected by header based manually Blocked Senders: <address>", "Envelope rejected - Block
    // policy for Envelope From address".
    match: {
      text: [
        ["administrative prohibition", "envelope blocked"],
        ["rejected by header", "blocked senders"],
        "block policy for header from",
        "block policy for envelope from",
      ],
    },
    reason: "rejected",
    meaning:
      "A Blocked Senders policy (or a manual block entry) of the recipient organisation matched your envelope sender or From address, or your domain, so Mimecast refused the message. Mimecast also gives the envelope form of this answer when the sender fails an SPF hard-fail check that the customer set to reject.",
    causes: [
      "The recipient organisation's administrator blocked your address or domain in a Blocked Senders policy or by hand.",
      "Your envelope domain's SPF record ends in -all and this sending IP is not authorised, and the customer rejects on SPF hard fail.",
      "An external-to-external relay block: both sender and recipient look external to the Mimecast account.",
    ],
    actions: [
      "Check that the SPF record of your envelope (Return-Path) domain includes this sending server.",
      "If SPF passes, contact the recipient organisation (by phone or another address) and ask their Mimecast administrator to remove or narrow the block.",
      "Resend once they confirm.",
    ],
    checks: ["spf", "address"],
    source: ERROR_CODES,
    example:
      "550 Administrative prohibition - envelope blocked - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.eu789]",
  },
  {
    id: "mimecast.anti-spoofing",
    provider: "mimecast",
    match: {
      text: [["rejected by header", "anti-spoofing"], "anti-spoofing policy - inbound not allowed"],
    },
    reason: "policyviolation",
    meaning:
      "The message claims to come from a domain that the recipient organisation protects in Mimecast (usually its own domain) but arrived from a source Mimecast does not trust for that domain, so its Anti-Spoofing policy rejected it.",
    causes: [
      "A third-party platform (ESP, CRM, ticketing or form service) sends with the recipient's own domain in From.",
      "The platform is not covered by an Anti-Spoofing exception (sender address, IP or SPF-based bypass) in the recipient's Mimecast account.",
      "Genuine spoofing of the recipient's domain.",
    ],
    actions: [
      "If you send on behalf of the recipient's domain, authenticate it properly: SPF include, DKIM signing with that domain, DMARC alignment.",
      "Ask the recipient's Mimecast administrator to add an Anti-Spoofing policy that takes no action for your sending IP or address.",
      "Otherwise send with a From address of your own domain.",
    ],
    checks: ["spf", "dkim", "dmarc", "alignment"],
    source: ERROR_CODES,
    example:
      "550 Rejected by header based Anti-Spoofing policy: info@example.com - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.us516]",
  },
  {
    id: "mimecast.content-examination",
    provider: "mimecast",
    match: { text: ["content examination policy"] },
    reason: "policyviolation",
    meaning:
      "A Content Examination policy of the recipient organisation (words, patterns, attachment or data rules) matched your message and is set to bounce it.",
    causes: [
      "The subject, body or an attachment contains words or data the recipient's policy forbids.",
      "An attachment type or file name matched a content rule.",
    ],
    actions: [
      "Ask the recipient which content rule matched, or remove the likely trigger (attachment, keywords, links) and resend.",
      "The recipient's administrator can add a Content Examination bypass for your address if the mail is wanted.",
    ],
    checks: ["content"],
    source: ERROR_CODES,
    example:
      "550 Message bounced due to Content Examination policy - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.uk101]",
  },
  {
    id: "mimecast.geographic-restriction",
    provider: "mimecast",
    match: { text: ["host network not allowed", "host network, not allowed"] },
    reason: "policyviolation",
    meaning:
      "The recipient organisation uses a Mimecast Geographical Restriction policy, and the country or network of your sending IP is not allowed to deliver to it.",
    causes: ["Your sending IP is located (or registered) in a country the recipient blocks."],
    actions: [
      "Send from infrastructure located in an allowed region, if you have one.",
      "Otherwise ask the recipient's administrator to amend the Geographical Restriction policy for your IP.",
    ],
    checks: ["blocklist"],
    source: ERROR_CODES,
    example:
      "554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554 [AbCdEfGhIjKlMnOpQrStUv.au22]",
  },

  // ---- Authentication -------------------------------------------------------------------------------------
  {
    id: "mimecast.sender-authentication",
    provider: "mimecast",
    // "SPF Sender Invalid - envelope rejected", "DKIM Sender Invalid - envelope rejected",
    // "DMARC Sender Invalid - envelope rejected".
    match: { text: ["spf sender invalid", "dkim sender invalid", "dmarc sender invalid"] },
    reason: "authfailure",
    meaning:
      "Mimecast's DNS Authentication policy rejected the message because the sender failed SPF, DKIM or DMARC, and the recipient organisation rejects such failures instead of only scoring them.",
    causes: [
      "SPF: the sending IP is not listed in the SPF record of the envelope (Return-Path) domain.",
      "DKIM: the signature does not verify (wrong selector, key not published, message altered in transit).",
      "DMARC: neither SPF nor DKIM passed in alignment with the From domain, which publishes p=reject.",
    ],
    actions: [
      "Read which check the reply names and test a message against it (Authentication-Results header).",
      "Add every sending server to SPF, publish and rotate DKIM keys correctly, align both with the From domain.",
      "Resend after the failing check passes.",
    ],
    checks: ["spf", "dkim", "dmarc", "alignment"],
    source: ERROR_CODES,
    example:
      "550 DMARC Sender Invalid - envelope rejected - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.us203]",
  },
  {
    id: "mimecast.authentication-required",
    provider: "mimecast",
    match: {
      providerOnly: true,
      text: ["submitter failed to authenticate", "submitter failed to disabled", "incorrect authentication data"],
    },
    reason: "securityerror",
    meaning:
      "Mail submitted to Mimecast on the authenticated submission port (587) was refused because the SMTP login failed.",
    causes: [
      "The user name is not an internal address known to Mimecast, or the Mimecast cloud password is wrong or expired.",
      "The device or application should send on port 25 from an authorised IP instead of authenticating.",
    ],
    actions: [
      "Check the credentials: an internal Mimecast address with its Mimecast cloud password.",
      "Or configure the sender to relay on port 25 from an IP registered as an authorised outbound address.",
    ],
    checks: ["credentials"],
    source: ERROR_CODES,
    example:
      "550 Submitter failed to authenticate - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.uk18]",
  },

  // ---- Reputation and blocklists ----------------------------------------------------------------------------
  {
    id: "mimecast.ip-reputation",
    provider: "mimecast",
    // "550 Local CT IP Reputation - (reject)"; some replies read "Bad CT IP Reputation".
    match: { text: ["ct ip reputation"] },
    reason: "badreputation",
    meaning:
      "Mimecast's own reputation checks on the sending IP came out poor enough to reject the message outright. This often follows a series of 451 deferrals for the same IP.",
    causes: [
      "The IP recently sent mail that Mimecast customers rejected or reported as spam.",
      "The IP is new, shared or in a range with a bad history.",
    ],
    actions: [
      "Review recent traffic from the IP (complaints, bounces, unexpected volume) and fix the cause.",
      "Ask the recipient to add an Auto Allow or Permitted Senders policy for you, or request a review of your IP ranges through Mimecast's sender feedback form.",
      "Resume gradually from that IP.",
    ],
    checks: ["blocklist", "volume", "ptr"],
    source: ERROR_CODES,
    example:
      "550 Local CT IP Reputation - (reject) - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.uk77]",
  },
  {
    id: "mimecast.poor-reputation-sender",
    provider: "mimecast",
    // Cloudmark Sender Intelligence as mirrored by Mimecast: "csi.mimecast.org Poor Reputation Sender."
    match: { text: ["poor reputation sender", "csi.mimecast.org"] },
    reason: "badreputation",
    meaning:
      "The sending IP has a poor score in the Cloudmark Sender Intelligence reputation data that Mimecast consults (csi.mimecast.org), so the connection was refused.",
    causes: ["Cloudmark's network saw spam, complaints or trap hits from the IP, or the IP has no good history."],
    actions: [
      "Check the IP and request a reset at https://csi.cloudmark.com/en/reset/ after fixing the cause.",
      "Ask the recipient to add an Auto Allow or Permitted Senders policy if the mail is urgent.",
    ],
    checks: ["blocklist", "volume"],
    source: ERROR_CODES,
    example:
      "550 csi.mimecast.org Poor Reputation Sender. - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.us31]",
  },
  {
    id: "mimecast.rbl-listed",
    provider: "mimecast",
    // The text names the list: "zen.mimecast.org Listed by PBL, see ...", "spamcop.mimecast.org Blocked - see ...".
    match: {
      text: [
        [".mimecast.org", "listed"],
        [".mimecast.org", "blocked"],
        [".mimecast.org", "rbl"],
      ],
    },
    reason: "blocked",
    meaning:
      "The sending IP is listed on a public DNS blocklist (Spamhaus, SpamCop and others, queried through Mimecast's mirrors such as zen.mimecast.org), and the recipient's Mimecast account rejects listed IPs.",
    causes: [
      "The IP is on a Spamhaus list: SBL/XBL for spam or infected hosts, PBL for dynamic or end-user ranges that should not send directly.",
      "The IP was reported to SpamCop or another list.",
    ],
    actions: [
      "Look the IP up with the list named in the reply (the URL it gives) and follow its removal procedure.",
      "For PBL listings, send through your provider's authenticated relay instead of directly.",
      "The recipient can bypass RBL checks for you with an Auto Allow or Permitted Senders policy.",
    ],
    checks: ["blocklist", "ptr"],
    source: ERROR_CODES,
    example:
      "550 zen.mimecast.org Listed by PBL, see https://check.spamhaus.org/query/ip/192.0.2.1 - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.uk40]",
  },
  {
    id: "mimecast.sender-address-blocked",
    provider: "mimecast",
    match: { providerOnly: true, text: ["sender address blocked"] },
    reason: "blocked",
    meaning:
      "The recipient organisation's Blocked Senders policy covers your sending IP address, so Mimecast refuses the connection (temporarily, with a 421).",
    causes: ["An administrator of the recipient organisation blocked your IP address or range."],
    actions: [
      "Ask the recipient's administrator to remove the IP from the Blocked Senders policy if the mail is wanted.",
      "Do not expect retries to succeed until the entry is removed.",
    ],
    checks: ["blocklist"],
    retry: "fix-first",
    source: ERROR_CODES,
    example:
      "421 Sender address blocked - https://community.mimecast.com/docs/DOC-1369#421 [AbCdEfGhIjKlMnOpQrStUv.uk12]",
  },
  {
    id: "mimecast.temporary-ip-block",
    provider: "mimecast",
    // "451 IP temporarily blacklisted" and "451 Recipient temporarily unavailable": both documented as a short-term
    // block of the sending IP after too many invalid connections (the second also when recipient validation does
    // not answer in time).
    match: {
      providerOnly: true,
      text: ["ip temporarily blacklisted", "ip temporarily blocklisted", "recipient temporarily unavailable"],
    },
    reason: "blocked",
    meaning:
      "Mimecast put the sending IP on a short-term block list, typically after too many invalid connections or recipients from it, and defers its mail for a while. The 'recipient temporarily unavailable' form is also used when Mimecast's recipient validation (directory or call-forward check) does not answer in time.",
    causes: [
      "Many connections or recipients from the IP failed (invalid addresses, unauthorised relay or journal attempts).",
      "Too many simultaneous connections from the IP.",
      "The recipient organisation's directory or mail server did not answer Mimecast's recipient validation.",
    ],
    actions: [
      "Let the MTA retry; the temporary block lifts on its own within minutes once the invalid traffic stops.",
      "Clean invalid addresses from the list and route mail to Mimecast only from authorised IPs.",
      "If deferrals persist for hours, contact the recipient: their recipient validation may be broken.",
    ],
    checks: ["volume", "address"],
    source: ERROR_CODES,
    example:
      "451 IP temporarily blacklisted - https://community.mimecast.com/docs/DOC-1369#451 [AbCdEfGhIjKlMnOpQrStUv.uk3]",
  },
  {
    id: "mimecast.greylisting",
    provider: "mimecast",
    // "451 Internal resource temporarily unavailable" (also seen as "Internal resource is temporarily unavailable").
    match: { text: [["internal resource", "temporarily unavailable"]] },
    reason: "ratelimited",
    meaning:
      "Mimecast deferred the message on first contact: either greylisting (an unknown combination of sending IP, sender and recipient must retry after a delay) or a reputation check on the sending IP that wants more data before accepting.",
    causes: [
      "First message from this IP/sender/recipient combination; greylisting asks for a retry between 1 minute and 12 hours later.",
      "Per-message unique envelope senders (VERP) that make every attempt look new to greylisting.",
      "The sending IP has a weak or unknown reputation.",
    ],
    actions: [
      "Let the MTA retry normally; a correctly retrying server gets through.",
      "If every attempt is deferred for hours, make sure retries come from the same IP and with the same envelope sender.",
      "A recipient can exempt you with an Auto Allow or Permitted Senders policy.",
    ],
    checks: ["volume"],
    priority: "monitor",
    retry: "auto-retry",
    source: ERROR_CODES,
    example:
      "451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 [V1X4ESabPxKDmn8czHBhOQ.uk246]",
  },

  // ---- Recipient -----------------------------------------------------------------------------------------
  {
    id: "mimecast.invalid-recipient",
    provider: "mimecast",
    match: { providerOnly: true, text: ["invalid recipient"] },
    reason: "userunknown",
    meaning:
      "Mimecast's recipient validation (known-recipient list, LDAP directory or call-forward to the customer's server) did not find this address at the recipient organisation.",
    causes: [
      "The address is misspelt or does not exist.",
      "The mailbox was deleted (for example after the person left).",
      "With a 451 code: recipient validation could not decide yet (directory sync or call-forward problem), Mimecast will accept a retry.",
    ],
    actions: [
      "Check the address for typos.",
      "On a 550, suppress the address; on a 451, let the MTA retry and suppress only if it turns permanent.",
    ],
    checks: ["address", "mailbox"],
    source: ERROR_CODES,
    example: "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [FbbFUcEeNJeFtMZ8JSf8TQ.uk91]",
  },

  // ---- Content ---------------------------------------------------------------------------------------------
  {
    id: "mimecast.security-policies",
    provider: "mimecast",
    match: { text: ["email rejected due to security policies"] },
    reason: "spamdetected",
    meaning:
      "Mimecast's scanning rejected the message: it either matched a malware signature or its spam score exceeded the maximum threshold. Mimecast does not tell the sender which of the two it was.",
    causes: [
      "Links to domains or URLs with a bad reputation (often the only difference between a rejected and an accepted message).",
      "Spam-like content, or an attachment carrying (or resembling) malware.",
      "Poor sender authentication adding to the spam score.",
    ],
    actions: [
      "Scan any attachment and check every domain linked in the message against URL blocklists.",
      "Send a plain version without links or attachments to see whether it passes, then change the content that triggers the block.",
      "Ask the recipient to permit your address (spam checks can be bypassed, virus checks cannot) or to submit the rejection through Mimecast's sender feedback form.",
    ],
    checks: ["content", "dkim", "spf"],
    source: ERROR_CODES,
    example:
      "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554 [OHw3AbCdEfGhIjKlMnOpQr.uk186]",
  },
  {
    id: "mimecast.message-too-large",
    provider: "mimecast",
    match: { text: ["maximum email size exceeded"] },
    reason: "emailtoolarge",
    meaning:
      "The message is larger than the recipient's Email Size Limit policy or Mimecast's service maximum. Encoding adds about a third to attachment sizes, so a message can exceed the limit even when the files look smaller.",
    causes: [
      "Large attachments, or many of them.",
      "A size-limit policy set lower than the service default by the recipient.",
    ],
    actions: [
      "Send the files through a link to a file-sharing service instead of as attachments.",
      "Or compress or split them and resend.",
    ],
    checks: ["content"],
    source: ERROR_CODES,
    example:
      "554 Maximum email size exceeded - https://community.mimecast.com/docs/DOC-1369#554 [AbCdEfGhIjKlMnOpQrStUv.eu4]",
  },
  {
    id: "mimecast.mail-loop",
    provider: "mimecast",
    match: { providerOnly: true, text: ["mail loop detected"] },
    reason: "networkerror",
    meaning:
      "The message has passed through too many servers (Mimecast rejects at 25 Received headers), which points to a forwarding loop between mail systems.",
    causes: [
      "Two forwarding rules or routes send the message back and forth (for example a forwarder pointing to an address that forwards back).",
      "A misrouted domain between the customer's server and Mimecast.",
    ],
    actions: [
      "Look at the Received headers of the bounced copy to find the hosts that repeat.",
      "Remove the forwarding or routing rule that closes the loop, then resend.",
    ],
    checks: ["mx"],
    source: ERROR_CODES,
    example: "554 Mail loop detected - https://community.mimecast.com/docs/DOC-1369#554 [AbCdEfGhIjKlMnOpQrStUv.uk5]",
  },

  // ---- Relay, account and routing problems -------------------------------------------------------------------
  {
    id: "mimecast.open-relay-not-allowed",
    provider: "mimecast",
    match: { text: ["open relay not allowed", "open relay is not allowed"] },
    reason: "norelaying",
    meaning:
      "Both the sender and the recipient domain are external to the Mimecast account the connection reached, or the connecting IP is not registered as an authorised outbound address, so Mimecast will not relay the message.",
    causes: [
      "Outbound mail is routed to Mimecast from an IP that is not listed as an authorised outbound address.",
      "The recipient domain's MX points to Mimecast but the domain is not configured in any Mimecast account.",
      "The sending domain is not registered as an internal domain of the account.",
    ],
    actions: [
      "If you are the Mimecast customer, add the sending IP as an authorised outbound address or register the domain (Mimecast support can help).",
      "If you are an outside sender, check the recipient domain's MX records and tell the recipient their Mimecast setup does not accept the domain.",
    ],
    checks: ["mx", "address"],
    source: ERROR_CODES,
    example:
      "451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451 [AbCdEfGhIjKlMnOpQrStUv.us8]",
  },
  {
    id: "mimecast.account-inbound-disabled",
    provider: "mimecast",
    match: { text: ["account inbounds disabled"] },
    reason: "notaccept",
    meaning:
      "Inbound mail is switched off for the recipient organisation's Mimecast account, so Mimecast accepts nothing for its domains for now.",
    causes: ["The customer's account is being set up, suspended or closed, or inbound was disabled in the console."],
    actions: [
      "Let the MTA retry for a while; if it persists, contact the recipient by other means.",
      "Only the recipient organisation (with Mimecast support) can re-enable inbound mail.",
    ],
    checks: ["mx"],
    source: ERROR_CODES,
    example:
      "451 Account inbounds disabled - https://community.mimecast.com/docs/DOC-1369#451 [AbCdEfGhIjKlMnOpQrStUv.uk2]",
  },
  {
    id: "mimecast.incorrect-inbound-hostname",
    provider: "mimecast",
    match: { text: ["incorrect hostname used for inbounds"] },
    reason: "networkerror",
    meaning:
      "The recipient domain's MX records point to a Mimecast host name meant for outbound or journal traffic, not to an inbound host, so Mimecast refuses the delivery.",
    causes: ["MX records of the recipient domain were set to the wrong Mimecast host names."],
    actions: [
      "Check the recipient domain's MX records against the Mimecast inbound host names for its region.",
      "Tell the recipient; only they can correct their DNS.",
    ],
    checks: ["mx", "dns"],
    source: ERROR_CODES,
    example:
      "550 The incorrect hostname used for inbounds - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIjKlMnOpQrStUv.za1]",
  },
  {
    id: "mimecast.tls-required",
    provider: "mimecast",
    match: {
      text: [
        "this route requires encryption",
        "this route requires tls version",
        "this route requires high-strength ciphers",
      ],
    },
    reason: "failedstarttls",
    meaning:
      "A Secure Receipt policy of the recipient organisation requires an encrypted connection, and your server sent without TLS, with a TLS version below 1.2, or with ciphers weaker than the policy allows.",
    causes: [
      "The sending server does not use STARTTLS, or falls back to plain text after a failed handshake.",
      "Only TLS 1.0/1.1 or weak ciphers are enabled on the sending side.",
      "A firewall or proxy between you and Mimecast strips or rewrites STARTTLS.",
    ],
    actions: [
      "Enable STARTTLS with TLS 1.2 or later and modern ciphers on the sending server.",
      "Check that the certificate is valid and that no proxy intercepts SMTP.",
      "Resend once a test connection negotiates TLS 1.2+.",
    ],
    checks: ["tls"],
    source: ERROR_CODES,
    example:
      "553 This route requires encryption (TLS) - https://community.mimecast.com/docs/DOC-1369#553 [AbCdEfGhIjKlMnOpQrStUv.uk6]",
  },

  // ---- Load and rate limits --------------------------------------------------------------------------------
  {
    id: "mimecast.connection-limits",
    provider: "mimecast",
    // Inbound concurrency ("Account service is temporarily unavailable", default 20 connections) and outbound
    // thread limit ("Exceeding outbound thread limit").
    match: { text: ["account service is temporarily unavailable", "exceeding outbound thread limit"] },
    reason: "ratelimited",
    meaning:
      "Too many simultaneous connections are open to the Mimecast account (inbound) or from the sending account (outbound), so Mimecast turned this one away.",
    causes: [
      "The sending server opens many parallel connections to the same Mimecast account.",
      "Outbound or journal traffic reaches Mimecast from an IP that is not authorised, which counts as invalid connections.",
    ],
    actions: [
      "Let the MTA retry; lower the number of parallel connections per destination.",
      "Send large batches in smaller chunks.",
    ],
    checks: ["volume"],
    source: ERROR_CODES,
    example:
      "451 Account service is temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 [AbCdEfGhIjKlMnOpQrStUv.uk14]",
  },
  {
    id: "mimecast.too-many-recipients",
    provider: "mimecast",
    match: { providerOnly: true, text: ["too many recipients"] },
    reason: "ratelimited",
    meaning:
      "Mimecast accepts at most 100 recipients per message transaction; the extra RCPT TO commands were deferred so that the sender delivers them in a following transaction.",
    causes: ["The message was addressed to more than 100 recipients in one SMTP transaction."],
    actions: [
      "Nothing to do if your MTA treats the 452 as a request to send the rest later (most do).",
      "If a firewall SMTP inspection feature (for example Cisco SMTP fixup / MailGuard) breaks this, disable it or limit recipients to 100 per message.",
    ],
    checks: ["volume"],
    priority: "info",
    retry: "auto-retry",
    source: ERROR_CODES,
    example: "452 Too many recipients - https://community.mimecast.com/docs/DOC-1369#452 [AbCdEfGhIjKlMnOpQrStUv.uk15]",
  },
  {
    id: "mimecast.service-busy",
    provider: "mimecast",
    match: {
      providerOnly: true,
      text: [
        "unable to process connection at this time",
        "unable to process an email at this time",
        "unable to process command",
      ],
    },
    reason: "systemerror",
    meaning:
      "Mimecast could not handle the connection or message right now, because the platform is under maximum load or because of an internal error it does not detail.",
    causes: ["Peak load on the Mimecast platform.", "A transient internal error."],
    actions: [
      "Let the MTA retry; Mimecast accepts the message once resources are free.",
      "If the same error persists for hours, the recipient can raise it with Mimecast support.",
    ],
    source: ERROR_CODES,
    example:
      "421 Unable to process connection at this time - https://community.mimecast.com/docs/DOC-1369#421 [AbCdEfGhIjKlMnOpQrStUv.uk16]",
  },
  {
    id: "mimecast.message-ended-early",
    provider: "mimecast",
    match: { text: ["message ended early"] },
    reason: "networkerror",
    meaning:
      "The message data stopped before its proper end, so Mimecast discarded the transfer. Mimecast attributes this to something between the two servers cutting or altering the SMTP stream.",
    causes: [
      "A firewall SMTP inspection feature (Cisco SMTP fixup / MailGuard, ESMTP inspection) on the sending side.",
      "A security device or antivirus that rewrote or truncated the message.",
      "An unstable network connection.",
    ],
    actions: [
      "Let the MTA retry.",
      "If it keeps happening, disable SMTP inspection on the sending firewall and check intermediate security devices.",
    ],
    source: ERROR_CODES,
    example: "451 Message ended early - https://community.mimecast.com/docs/DOC-1369#451 [AbCdEfGhIjKlMnOpQrStUv.uk17]",
  },
]);
