// Postfix's own reply and bounce texts: smtpd(8) restrictions, the smtp(8) client's delivery errors, local(8),
// and the policy services usually run beside Postfix (postgrey, policyd-spf, OpenDMARC, amavis, Dovecot LMTP).
// Wording checked against postfix/src/smtpd/smtpd_check.c, smtpd.c, smtp/smtp_addr.c and postconf(5).
// Order matters: specific rules first, wrapper-like rules (connect errors) last. "refused to talk to me" is a
// generic text pattern (text.blocked.client-host-rejected): it is the sending Postfix's wrapper, not the reply.
import type { ProviderInfo } from "../types.js";
import { defineProviderRules, GREYLISTING_READING } from "../types.js";

export const POSTFIX: ProviderInfo = {
  id: "postfix",
  name: "Postfix",
  // Phrases that only Postfix writes. "(in reply to ... command)" and "] said:" come from the smtp(8) client's
  // bounce text (qmail writes "Remote host said:" without the bracket), so they also wrap replies of other
  // receivers; PROVIDERS therefore does not use MTA markers for detection (detect: false).
  markers: [
    "postfix",
    "(in reply to ",
    "] said: ",
    "refused to talk to me",
    "user unknown in local recipient table",
    "user unknown in virtual mailbox table",
    "user unknown in virtual alias table",
    "user unknown in relay recipient table",
    "host or domain name not found. name service error for name=",
    "delivery temporarily suspended: ",
    "loops back to myself",
    "improper use of smtp command pipelining",
    "data command rejected: multi-recipient bounce",
  ],
  reference: "https://www.postfix.org/postconf.5.html",
};

export const POSTFIX_RULES = defineProviderRules([
  // --- Null MX (RFC 7505): smtpd_check.c reject_unknown_mailhost, smtp(8) client ---
  {
    id: "postfix.sender-null-mx",
    provider: "postfix",
    match: { text: [["sender address rejected", "does not accept mail (nullmx)"]] },
    reason: "rejected",
    meaning:
      "The sender's domain publishes a null MX, so it can never receive replies or bounces; Postfix refuses mail that claims to come from it.",
    causes: [
      "The envelope sender uses a domain whose only MX record is '.' (a send-only or parked domain).",
      "A typo or test domain was used as the return path.",
    ],
    actions: [
      "Use a return-path domain that accepts mail (a real MX), for example a bounce subdomain you control.",
      "If the domain should receive mail, replace the null MX record with real MX hosts.",
    ],
    checks: ["mx", "address"],
    source: "postfix/src/smtpd/smtpd_check.c (reject_unknown_mailhost, DNS_NULLMX)",
    example: "550 5.7.27 <info@example.net>: Sender address rejected: Domain example.net does not accept mail (nullMX)",
  },
  {
    id: "postfix.recipient-null-mx",
    provider: "postfix",
    match: { text: ["does not accept mail (nullmx)"] },
    reason: "notaccept",
    meaning: "The recipient's domain publishes a null MX: it states that it accepts no email at all.",
    causes: [
      "The domain is used only for web or for sending and deliberately receives no mail.",
      "The address belongs to a retired domain whose owner switched off mail.",
    ],
    actions: ["Stop sending to this domain and suppress the address.", "Ask the contact for another address."],
    checks: ["mx", "address"],
    source: "postfix/src/smtp/smtp_addr.c; RFC 7505",
    example:
      "556 5.1.10 <user@example.org>: Recipient address rejected: Domain example.org does not accept mail (nullMX)",
  },
  // --- Unknown recipients: reject_unlisted_recipient and the four lookup tables ---
  {
    id: "postfix.user-unknown-in-table",
    provider: "postfix",
    match: {
      text: [["user unknown in", "table"], "recipient address rejected: user unknown"],
    },
    reason: "userunknown",
    meaning:
      "The receiving Postfix looked the address up in its recipient tables (local, virtual mailbox, virtual alias or relay recipient) and did not find it.",
    causes: [
      "The mailbox never existed or was deleted.",
      "A typo in the local part.",
      "The receiving server's recipient map is out of date (for example a new user was added to the mail store but not to Postfix's map).",
    ],
    actions: [
      "Suppress the address; do not retry it.",
      "Check the address for typos against the source where it was collected.",
      "If you run the receiving server, add the user to the map named in the reply (local_recipient_maps, virtual_mailbox_maps, virtual_alias_maps or relay_recipient_maps) and run postmap.",
    ],
    checks: ["address", "mailbox"],
    source: "https://www.postfix.org/LOCAL_RECIPIENT_README.html; postfix/src/smtpd/smtpd_check.c",
    example: "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
  },
  {
    id: "postfix.local-unknown-user",
    provider: "postfix",
    match: { text: ['unknown user: "'] },
    reason: "userunknown",
    meaning: "Postfix's local(8) delivery agent found no system account or alias for the local part.",
    causes: ["The account does not exist on the receiving host.", "An alias was removed."],
    actions: ["Suppress the address.", "Check the address for typos."],
    checks: ["address", "mailbox"],
    source: "postfix/src/local/unknown.c",
    example: 'unknown user: "jdoe"',
  },
  {
    id: "postfix.dovecot-user-does-not-exist",
    provider: "postfix",
    match: { text: ["user doesn't exist:"] },
    reason: "userunknown",
    meaning: "Postfix handed the message to Dovecot LMTP, which has no user by that name.",
    causes: [
      "The mailbox does not exist in Dovecot's user database.",
      "Postfix accepts addresses Dovecot does not know (maps out of sync).",
    ],
    actions: [
      "Suppress the address.",
      "If you run the server, make Postfix's recipient validation use the same user database as Dovecot.",
    ],
    checks: ["address", "mailbox"],
    source: "https://doc.dovecot.org/main/core/config/lmtp.html",
    example:
      "host mail.example.com[private/dovecot-lmtp] said: 550 5.1.1 <jdoe@example.com> User doesn't exist: jdoe@example.com (in reply to RCPT TO command)",
  },
  // Loop before address verification: "undeliverable address: mail for x loops back to myself".
  {
    id: "postfix.loops-back-to-myself",
    provider: "postfix",
    match: { text: ["loops back to myself"] },
    reason: "systemerror",
    meaning:
      "The recipient domain's MX points at the very server that is trying to deliver, but that server is not configured to accept mail for the domain.",
    causes: [
      "The domain's MX record points to this host but the domain is missing from mydestination, virtual_mailbox_domains or relay_domains.",
      "A relayhost or transport entry sends the mail back to the same machine.",
    ],
    actions: [
      "If you run the server: add the domain to the right Postfix domain class, or fix the transport/relayhost loop.",
      "Otherwise tell the recipient's administrator that their MX setup loops; retry after they fix it.",
    ],
    checks: ["mx", "dns"],
    source: "postfix/src/smtp/smtp_addr.c (smtp_domain_addr)",
    example:
      "550 5.4.6 <jdoe@example.com>: Recipient address rejected: undeliverable address: mail for example.com loops back to myself",
  },
  {
    id: "postfix.recipient-verification-failed",
    provider: "postfix",
    match: { text: [["recipient address rejected", "undeliverable address"]] },
    reason: "userunknown",
    meaning:
      "Postfix probed the next-hop server before accepting (reject_unverified_recipient) and the probe bounced, so the address is treated as not deliverable.",
    causes: [
      "The final mailbox server reports the user as unknown.",
      "The gateway cannot reach a valid mailbox for this address.",
    ],
    actions: [
      "Suppress the address if the quoted reason names an unknown user.",
      "Read the text after 'undeliverable address:' for the real cause before deciding.",
    ],
    checks: ["address", "mailbox"],
    source: "https://www.postfix.org/ADDRESS_VERIFICATION_README.html",
    example:
      "550 5.1.1 <jdoe@example.com>: Recipient address rejected: undeliverable address: host mx2.example.com[192.0.2.25] said: 550 5.1.1 <jdoe@example.com>: unknown user (in reply to RCPT TO command)",
  },
  {
    id: "postfix.sender-verification-failed",
    provider: "postfix",
    match: {
      text: [
        ["sender address rejected", "undeliverable address"],
        ["sender address rejected", "unverified address"],
      ],
    },
    reason: "rejected",
    meaning:
      "The receiver tried to verify your envelope sender (reject_unverified_sender) and could not deliver a probe to it, so it refuses the mail.",
    causes: [
      "The return-path address does not exist or rejects mail.",
      "The return-path domain's MX is unreachable or misconfigured.",
    ],
    actions: [
      "Make sure the envelope sender (return path) is a real mailbox that accepts mail, including from unknown senders.",
      "Check the MX records of the return-path domain.",
    ],
    checks: ["address", "mx"],
    source: "https://www.postfix.org/ADDRESS_VERIFICATION_README.html",
    example:
      "450 4.1.7 <bounce@example.net>: Sender address rejected: unverified address: host mx.example.net[198.51.100.7] said: 550 5.1.1 User unknown (in reply to RCPT TO command)",
  },
  {
    id: "postfix.recipient-access-denied",
    provider: "postfix",
    match: { text: ["recipient address rejected: access denied"] },
    reason: "userunknown",
    meaning:
      "An access table on the receiver rejects this recipient address; the same wording is used by gateways that refuse addresses they do not hold.",
    causes: [
      "The recipient is listed with REJECT in the receiver's recipient access map (retired or blocked address).",
      "A filtering gateway only accepts addresses it knows and this one is not among them.",
    ],
    actions: [
      "Treat the address as invalid and suppress it.",
      "Confirm the address with the recipient through another channel.",
    ],
    checks: ["address"],
    source: "https://www.postfix.org/access.5.html; postfix/src/smtpd/smtpd_check.c (check_table_result)",
    example: "554 5.7.1 <sales@example.com>: Recipient address rejected: Access denied",
  },
  {
    id: "postfix.relay-access-denied",
    provider: "postfix",
    match: { text: ["relay access denied"] },
    reason: "norelaying",
    meaning:
      "The server is not a destination for the recipient's domain and does not trust you to relay, so it refuses (reject_unauth_destination).",
    causes: [
      "Your client sent to a server that does not host the recipient domain without authenticating.",
      "The recipient domain's MX points to a server that is not (or no longer) configured for it.",
      "SMTP AUTH was not used on the submission port.",
    ],
    actions: [
      "If you are submitting mail, authenticate (SMTP AUTH) on port 587 and retry.",
      "Check that you are connecting to the recipient domain's MX, not some other host.",
      "If you run the server, add the domain to relay_domains or a virtual domain class.",
    ],
    checks: ["mx", "credentials"],
    source: "https://www.postfix.org/postconf.5.html#reject_unauth_destination",
    example: "554 5.7.1 <partner@example.org>: Relay access denied",
  },
  {
    id: "postfix.cannot-find-hostname",
    provider: "postfix",
    match: { text: ["cannot find your reverse hostname", "cannot find your hostname"] },
    reason: "requireptr",
    meaning:
      "The sending IP has no usable reverse DNS (PTR), or its PTR name does not resolve back to the same IP, and the receiver requires it.",
    causes: [
      "No PTR record for the sending IP.",
      "The PTR name has no A/AAAA record pointing back to the IP (forward-confirmed reverse DNS fails).",
      "A temporary DNS failure while the receiver checked (450 variant).",
    ],
    actions: [
      "Ask the owner of the IP range (hosting provider or ISP) to set a PTR record for the sending IP.",
      "Make the PTR name resolve back to the same IP and use it as your HELO name.",
      "Retry after DNS is fixed; 450 replies are retried automatically.",
    ],
    checks: ["ptr", "helo", "dns"],
    source: "https://www.postfix.org/postconf.5.html#reject_unknown_client_hostname; postfix/src/smtpd/smtpd_check.c",
    example: "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.10]",
  },
  {
    id: "postfix.helo-rejected",
    provider: "postfix",
    match: { text: ["helo command rejected:"] },
    reason: "blocked",
    meaning:
      "The receiver refused the name your server gave in HELO/EHLO (not a fully-qualified name, invalid syntax, not in DNS, or listed in an access table).",
    causes: [
      "The sending host introduces itself with a short name such as 'localhost' or 'server1'.",
      "The HELO name does not exist in DNS.",
      "The HELO name is a bare IP address or contains invalid characters.",
    ],
    actions: [
      "Set the sending MTA's HELO name to a fully-qualified hostname that resolves in DNS (ideally the PTR name of the sending IP).",
      "Retry after the change.",
    ],
    checks: ["helo", "dns", "ptr"],
    source: "https://www.postfix.org/postconf.5.html#reject_non_fqdn_helo_hostname; postfix/src/smtpd/smtpd_check.c",
    example: "504 5.5.2 <mailer>: Helo command rejected: need fully-qualified hostname",
  },
  // --- Sender address checks ---
  {
    id: "postfix.sender-domain-not-found",
    provider: "postfix",
    match: {
      text: [
        ["sender address rejected", "domain not found"],
        ["sender address rejected", "malformed dns server reply"],
      ],
    },
    reason: "rejected",
    meaning:
      "The domain of your envelope sender has no MX or address record, so the receiver refuses mail from it (reject_unknown_sender_domain).",
    causes: [
      "The return-path domain does not exist or has lapsed.",
      "The return-path uses an internal-only name (for example host.local).",
      "Temporary DNS failure of the sender domain (450 variant).",
    ],
    actions: [
      "Use an envelope sender whose domain resolves publicly (MX or A record).",
      "Check the sender domain's registration and DNS delegation.",
    ],
    checks: ["dns", "mx", "address"],
    source: "https://www.postfix.org/postconf.5.html#reject_unknown_sender_domain",
    example: "450 4.1.8 <app@host.example.net>: Sender address rejected: Domain not found",
  },
  {
    id: "postfix.sender-not-fqdn",
    provider: "postfix",
    match: { text: [["sender address rejected", "need fully-qualified address"]] },
    reason: "rejected",
    meaning: "Your envelope sender has no domain or a domain without a dot, which the receiver refuses.",
    causes: ["An application sends with a bare user name or 'user@localhost' as the return path."],
    actions: ["Configure the application or MTA to use a full address (user@example.com) as the envelope sender."],
    checks: ["address"],
    source: "https://www.postfix.org/postconf.5.html#reject_non_fqdn_sender",
    example: "504 5.5.2 <www-data@web01>: Sender address rejected: need fully-qualified address",
  },
  {
    id: "postfix.sender-login-mismatch",
    provider: "postfix",
    match: {
      text: [
        ["sender address rejected", "not owned by"],
        ["sender address rejected", "not logged in"],
      ],
    },
    reason: "rejected",
    meaning:
      "The submission server only lets an authenticated user send as the addresses assigned to that login (reject_sender_login_mismatch), and this From/envelope address is not one of them.",
    causes: [
      "The mail client or application authenticates as one account but sends as another address.",
      "An alias was not granted to the login in the server's sender login map.",
      "The client did not authenticate at all.",
    ],
    actions: [
      "Send with the address that belongs to the SMTP login, or log in as the owner of the sending address.",
      "Ask the server administrator to allow the extra address for the login (smtpd_sender_login_maps).",
    ],
    checks: ["credentials", "address"],
    source: "https://www.postfix.org/postconf.5.html#reject_sender_login_mismatch",
    example: "553 5.7.1 <sales@example.com>: Sender address rejected: not owned by user alice@example.com",
  },
  {
    id: "postfix.sender-access-denied",
    provider: "postfix",
    match: { text: ["sender address rejected: access denied"] },
    reason: "rejected",
    meaning: "Your envelope sender address or domain is listed with REJECT in the receiver's sender access table.",
    causes: [
      "The receiver's administrator blocked your address or domain.",
      "Your sending domain was listed after complaints.",
    ],
    actions: [
      "Contact the recipient's postmaster through another channel to ask why the sender is blocked.",
      "Do not rotate sender addresses to get around the block.",
    ],
    checks: ["address"],
    source: "https://www.postfix.org/access.5.html",
    example: "554 5.7.1 <news@example.net>: Sender address rejected: Access denied",
  },
  {
    id: "postfix.client-access-denied",
    provider: "postfix",
    match: { text: ["client host rejected: access denied"] },
    reason: "blocked",
    meaning: "The sending host name or IP is listed with REJECT in the receiver's client access table.",
    causes: ["The receiver blocks your IP or network (often after abuse or for a whole hosting range)."],
    actions: [
      "Ask the recipient's postmaster to allow your sending IP.",
      "Send through a different, reputable outbound IP or relay if the block is range-wide.",
    ],
    checks: ["blocklist"],
    source: "https://www.postfix.org/access.5.html",
    example: "554 5.7.1 <mail.example.net[198.51.100.20]>: Client host rejected: Access denied",
  },
  {
    id: "postfix.dnsbl-blocked",
    provider: "postfix",
    match: { text: ["blocked using"] },
    reason: "blocked",
    meaning:
      "The receiver looked up your IP (or sender domain, HELO name) in a DNS blocklist such as Spamhaus and found it listed.",
    causes: [
      "The sending IP is on a DNS blocklist (spam trap hits, compromised host, dynamic IP range).",
      "The sender or HELO domain is on a domain blocklist (rhsbl).",
    ],
    actions: [
      "Look up the IP or domain on the list named after 'blocked using' and follow its removal procedure.",
      "Fix the cause first (compromised account, open relay, poor list hygiene), then request delisting.",
      "Send through another clean IP only after the cause is fixed.",
    ],
    checks: ["blocklist"],
    source:
      "https://www.postfix.org/postconf.5.html#reject_rbl_client; postfix/src/smtpd/smtpd_check.c (rbl_reject_reply)",
    example:
      "554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.44",
  },
  {
    id: "postfix.greylisted",
    provider: "postfix",
    match: {
      text: ["recipient address rejected: greylisted", "postgrey", "greylisted for", "greylisting in action"],
    },
    // Same reading as text.ratelimited.greylisting: a deliberate, temporary deferral; the queue's retry succeeds.
    ...GREYLISTING_READING,
    meaning:
      "Greylisting: the receiver defers the first attempt from an unknown sender/IP/recipient combination and accepts a retry after a short wait.",
    causes: ["First contact from this sending IP and sender to this recipient."],
    actions: [
      "Nothing to change: let your MTA retry; the next attempt after the waiting period normally succeeds.",
      "If you send from a pool of IPs, keep retries on the same IP or network so the greylist entry matches.",
    ],
    checks: [],
    source: "http://postgrey.schweikert.ch/",
    example:
      "450 4.2.0 <jdoe@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html",
  },
  // --- Authentication policy services commonly run with Postfix ---
  {
    id: "postfix.policyd-spf-fail",
    provider: "postfix",
    match: {
      text: ["message rejected due to: spf fail", "open-spf.org/why", "openspf.net/why", "openspf.org/why"],
    },
    reason: "authfailure",
    meaning:
      "The receiver's SPF policy service found that your sending IP is not authorised by the SPF record of the sender domain.",
    causes: [
      "The sending IP or ESP is missing from the domain's SPF record.",
      "Mail is forwarded through a server that keeps the original envelope sender.",
      "The SPF record ends in -all and you send from a new platform.",
    ],
    actions: [
      "Add the sending IP or the provider's include: to the SPF record of the envelope-sender domain.",
      "Check the record with an SPF validator (syntax, 10-lookup limit).",
      "Retry once SPF passes.",
    ],
    checks: ["spf", "alignment"],
    source: "https://launchpad.net/pypolicyd-spf",
    example:
      "550 5.7.23 <jdoe@example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.open-spf.org/Why?s=mfrom;id=news@example.net;ip=192.0.2.9;r=<UNKNOWN>",
  },
  {
    id: "postfix.opendmarc-reject",
    provider: "postfix",
    match: { text: ["rejected by dmarc policy for"] },
    reason: "authfailure",
    meaning:
      "The OpenDMARC filter on the receiver rejected the message because it failed DMARC for the From domain, whose policy is reject.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the From: domain.",
      "A third-party sender uses your From: domain without a DKIM signature for it.",
    ],
    actions: [
      "Sign with DKIM using the From: domain (or an aligned subdomain).",
      "Make the envelope sender domain align with From: and pass SPF.",
      "Review DMARC aggregate reports before keeping p=reject.",
    ],
    checks: ["dmarc", "dkim", "spf", "alignment"],
    source: "https://github.com/trusteddomainproject/OpenDMARC (opendmarc/opendmarc.c)",
    example: "550 5.7.1 rejected by DMARC policy for example.net",
  },
  // --- amavisd-new content filter (the usual Postfix content_filter) ---
  {
    id: "postfix.amavis-infected",
    provider: "postfix",
    match: { text: [["reject, id=", "- infected"]] },
    reason: "virusdetected",
    meaning: "The amavis content filter found malware in the message and rejected it.",
    causes: ["An attachment carries a virus signature.", "A false positive on a macro document or archive."],
    actions: [
      "Scan the sending system and the attachment.",
      "Send a clean file or a link instead; do not resend the same attachment.",
    ],
    checks: ["content"],
    source: "https://www.ijs.si/software/amavisd/amavisd-new-docs.html",
    example: "554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Signature",
  },
  {
    id: "postfix.amavis-banned",
    provider: "postfix",
    match: { text: [["reject, id=", "- banned"]] },
    reason: "policyviolation",
    meaning: "The amavis content filter rejected the message because of a forbidden attachment name or type.",
    causes: ["An executable, script or archive type the receiver bans by policy."],
    actions: ["Remove the attachment or share it by link.", "Ask the recipient which file types they accept."],
    checks: ["content"],
    source: "https://www.ijs.si/software/amavisd/amavisd-new-docs.html",
    example: "554 5.7.0 Reject, id=23456-02 - BANNED: P=p003,L=1,M=multipart/mixed | P=p002,L=1/2,T=exe,N=setup.exe",
  },
  {
    id: "postfix.amavis-spam",
    provider: "postfix",
    match: { text: [["reject, id=", "- spam"]] },
    reason: "spamdetected",
    meaning: "The amavis content filter (usually SpamAssassin scores) judged the message to be spam.",
    causes: [
      "Content, links or headers scored above the receiver's kill level.",
      "Missing or failing SPF/DKIM raised the score.",
    ],
    actions: [
      "Review the content for spam-like traits (URL shorteners, image-only mail, misleading subjects).",
      "Authenticate the mail with SPF, DKIM and DMARC.",
      "Resend only after changing the content.",
    ],
    checks: ["content", "spf", "dkim"],
    source: "https://www.ijs.si/software/amavisd/amavisd-new-docs.html",
    example: "554 5.7.0 Reject, id=34567-03 - spam",
  },
  {
    id: "postfix.content-rejected",
    provider: "postfix",
    match: { text: ["message content rejected"] },
    reason: "spamdetected",
    meaning:
      "A header_checks/body_checks rule or a milter on the receiver matched the message content and rejected it.",
    causes: ["A pattern the receiver uses against spam matched your headers or body."],
    actions: [
      "Review the message for content the receiver may filter (links, attachments, phrasing).",
      "Ask the recipient's postmaster which rule matched if the mail is legitimate.",
    ],
    checks: ["content"],
    source: "https://www.postfix.org/header_checks.5.html",
    example: "550 5.7.1 message content rejected",
  },
  // --- Protocol and limits ---
  {
    id: "postfix.improper-pipelining",
    provider: "postfix",
    match: { text: ["improper use of smtp command pipelining"] },
    reason: "syntaxerror",
    meaning:
      "Your client sent commands before the server's replies were due (without PIPELINING being offered), which Postfix treats as spamware behaviour.",
    causes: [
      "A home-made or misconfigured SMTP client writes all commands at once.",
      "The client speaks before the greeting.",
    ],
    actions: ["Fix the client to wait for each reply, or to use PIPELINING only after EHLO advertises it."],
    checks: [],
    source: "https://www.postfix.org/postconf.5.html#reject_unauth_pipelining",
    example: "503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining",
  },
  {
    id: "postfix.multi-recipient-bounce",
    provider: "postfix",
    match: { text: ["multi-recipient bounce"] },
    reason: "rejected",
    meaning:
      "A message with a null sender (a bounce) was sent to more than one recipient; real bounces have exactly one, so the receiver refuses it.",
    causes: ["Backscatter or a broken mailer sending notifications from <> to several addresses."],
    actions: ["Send notifications from a real envelope sender, or one recipient per null-sender message."],
    checks: ["address"],
    source: "https://www.postfix.org/postconf.5.html#reject_multi_recipient_bounce",
    example: "550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce",
  },
  {
    id: "postfix.message-too-big",
    provider: "postfix",
    match: {
      text: [
        "message size exceeds fixed limit",
        "message file too big",
        "message size exceeds file system imposed limit",
        ["exceeds size limit", "of server"],
      ],
    },
    reason: "emailtoolarge",
    meaning:
      "The message is larger than the receiving server's size limit (message_size_limit) or the size it announced in EHLO.",
    causes: ["Large attachments.", "Attachments grew about a third by base64 encoding."],
    actions: [
      "Reduce the message size or share large files by link.",
      "Check the SIZE value the receiver advertises and stay under it.",
    ],
    checks: ["content"],
    source: "https://www.postfix.org/postconf.5.html#message_size_limit",
    example: "552 5.3.4 Message size exceeds fixed limit",
  },
  {
    id: "postfix.rate-limited",
    provider: "postfix",
    match: {
      text: [
        "error: too many connections from",
        "error: too much mail from",
        "error: too many recipients from",
        "error: too many new tls sessions from",
        "error: too many recipients",
      ],
    },
    reason: "ratelimited",
    meaning:
      "The receiver limits connections, messages or recipients per client (anvil rate limits, recipient limit) and you went over.",
    causes: [
      "Too many parallel connections or messages from one IP in the time window.",
      "Too many recipients in one message or one session.",
    ],
    actions: [
      "Let your MTA retry later; these replies are temporary.",
      "Lower concurrency and per-connection recipients towards this domain.",
      "Spread large sends over time.",
    ],
    checks: ["volume"],
    source: "https://www.postfix.org/postconf.5.html#smtpd_client_message_rate_limit",
    example: "450 4.7.1 Error: too much mail from 192.0.2.33",
  },
  {
    id: "postfix.auth-or-tls-required",
    provider: "postfix",
    match: {
      text: [
        "must issue a starttls command first",
        "session encryption is required",
        "error: authentication failed",
        "sasl authentication failed",
      ],
    },
    reason: "securityerror",
    meaning:
      "The server requires TLS and/or SMTP authentication for this session and your client did not provide it, or its credentials were refused.",
    causes: [
      "The client submits without STARTTLS on a port that requires encryption.",
      "Wrong user name or password, or the account's SMTP access is disabled.",
      "The SASL mechanism the client offered is not allowed.",
    ],
    actions: [
      "Enable STARTTLS (or implicit TLS on 465) in the sending client.",
      "Check the SMTP user name and password; reset them if needed.",
      "Stop retrying until credentials work, to avoid lockouts.",
    ],
    checks: ["tls", "credentials"],
    source: "https://www.postfix.org/SASL_README.html; https://www.postfix.org/TLS_README.html",
    example: "535 5.7.8 Error: authentication failed: authentication failure",
  },
  {
    id: "postfix.starttls-failed",
    provider: "postfix",
    match: {
      text: [
        "tls is required, but was not offered by host",
        ["tls is required, but host", "refused to start tls"],
        "cannot start tls: handshake failure",
        "tls not available due to local problem",
      ],
    },
    reason: "failedstarttls",
    outcome: "temporary", // Postfix defers (status=deferred) when TLS is required and missing
    meaning:
      "A TLS session could not be set up: the other side did not offer STARTTLS, refused it, or the handshake failed, and policy required TLS.",
    causes: [
      "The receiving server does not support STARTTLS but the sender's policy requires it.",
      "Certificate or protocol mismatch (old TLS versions, no shared cipher).",
      "The server's TLS setup is broken (missing key or certificate).",
    ],
    actions: [
      "Check the TLS policy for this destination (smtp_tls_security_level / policy map).",
      "Test the handshake with openssl s_client -starttls smtp.",
      "Ask the receiver to fix their certificate or TLS configuration.",
    ],
    checks: ["tls"],
    source: "https://www.postfix.org/TLS_README.html",
    example: "TLS is required, but was not offered by host mx.example.com[192.0.2.60]",
  },
  // --- Server-side trouble ---
  {
    id: "postfix.server-configuration-error",
    provider: "postfix",
    match: {
      text: [
        "server configuration error",
        "server configuration problem",
        "temporary lookup failure",
        "queue file write error",
      ],
    },
    reason: "systemerror",
    meaning:
      "The receiving Postfix hit an internal problem (table lookup failure, bad configuration, queue write error) and deferred the mail.",
    causes: [
      "A database or LDAP map behind Postfix is unreachable.",
      "A configuration mistake on the receiving server.",
      "Disk or queue trouble on the receiver.",
    ],
    actions: [
      "Let your MTA retry; these are temporary.",
      "If it persists for hours, contact the recipient's postmaster.",
    ],
    checks: [],
    source: "postfix/src/smtpd/smtpd_check.c (reject_server_error, reject_dict_retry)",
    example: "451 4.3.5 Server configuration error",
  },
  {
    id: "postfix.insufficient-storage",
    provider: "postfix",
    match: { text: ["4.3.1 insufficient system storage"] },
    reason: "systemfull",
    meaning: "The receiving Postfix does not have enough free queue space to take the message right now.",
    causes: ["The receiver's queue file system is nearly full (queue_minfree)."],
    actions: ["Let your MTA retry later.", "Tell the recipient's postmaster if it lasts for more than a few hours."],
    checks: [],
    source: "https://www.postfix.org/postconf.5.html#queue_minfree",
    example:
      "host mx.example.com[192.0.2.70] said: 452 4.3.1 Insufficient system storage (in reply to MAIL FROM command)",
  },
  // --- Local delivery (local(8), virtual(8), Dovecot) ---
  {
    id: "postfix.mailbox-quota",
    provider: "postfix",
    match: {
      text: [
        "mailbox for user is full",
        ["command output:", "quota exceeded"],
        ["cannot update mailbox", "file too large"],
        ["cannot update mailbox", "disk quota exceeded"],
        ["maildir delivery failed", "quota"],
        ["recipient address rejected", "mailbox full"],
        ["recipient address rejected", "quota exceeded"],
        ["recipient address rejected", "over quota"],
      ],
    },
    reason: "mailboxfull",
    meaning: "The recipient's mailbox is over its size quota, so the message cannot be stored.",
    causes: ["The user has not cleaned out the mailbox.", "An abandoned mailbox keeps filling up."],
    actions: [
      "Retry later; a temporary (4xx) reply will be retried automatically.",
      "If it keeps failing for days, treat the address as inactive and suppress it.",
    ],
    checks: ["mailbox"],
    source:
      "https://doc.dovecot.org/main/core/plugins/quota.html; https://www.postfix.org/postconf.5.html#mailbox_size_limit",
    example:
      "host mail.example.com[private/dovecot-lmtp] said: 552 5.2.2 <jdoe@example.com> Quota exceeded (mailbox for user is full) (in reply to end of DATA command)",
  },
  {
    id: "postfix.forwarding-loop",
    provider: "postfix",
    match: { text: ["mail forwarding loop for"] },
    reason: "networkerror",
    meaning:
      "local(8) found its own Delivered-To: header already in the message: aliases or .forward files send it round in a circle.",
    causes: [
      "Two aliases or .forward files point at each other.",
      "A forward to an external address that forwards back.",
    ],
    actions: ["If you run the server, break the alias/forward loop.", "Otherwise notify the recipient's postmaster."],
    checks: [],
    source: "postfix/src/local/local.c",
    example: "mail forwarding loop for jdoe@example.com",
  },
  {
    id: "postfix.command-failed",
    provider: "postfix",
    match: { text: ["command died with status", "command time limit exceeded", "command output:"] },
    reason: "mailererror",
    meaning: "Postfix delivered to a program (procmail, maildrop, a script) and that program failed or timed out.",
    causes: [
      "The delivery program crashed, returned an error code or hung.",
      "The program cannot write to the mailbox.",
    ],
    actions: [
      "If you run the server, check the program's logs and exit status.",
      "Otherwise notify the recipient's postmaster.",
    ],
    checks: [],
    source: "https://www.postfix.org/pipe.8.html; https://www.postfix.org/local.8.html",
    example:
      'Command died with status 1: "/usr/bin/procmail". Command output: procmail: Error while writing to "/var/mail/jdoe"',
  },
  // --- smtp(8) client errors while delivering (wrappers around the remote side) ---
  {
    id: "postfix.dns-temporary-failure",
    provider: "postfix",
    match: { text: ["host not found, try again", "malformed or unexpected name server reply"] },
    reason: "networkerror",
    meaning:
      "The DNS lookup of the recipient domain failed temporarily (timeout, SERVFAIL, broken reply), so Postfix could not find where to deliver.",
    causes: [
      "The domain's authoritative name servers are down or misconfigured.",
      "The sender's resolver has problems.",
    ],
    actions: ["Let Postfix retry.", "Check the domain with dig +trace; check your own resolver if many domains fail."],
    checks: ["dns", "mx"],
    source: "postfix/src/smtp/smtp_addr.c; postfix/src/dns/dns_lookup.c",
    example:
      "Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again",
  },
  {
    id: "postfix.host-not-found",
    provider: "postfix",
    match: { text: ["host or domain name not found", "host found but no data record of requested type"] },
    reason: "hostunknown",
    meaning:
      "The recipient's domain has no MX or address record in DNS (or does not exist), so there is nowhere to deliver.",
    causes: [
      "A typo in the domain part.",
      "The domain expired or was never registered.",
      "The domain exists but has no mail records.",
    ],
    actions: [
      "Check the domain for typos and suppress the address if the domain is gone.",
      "Look up the MX and A records with dig.",
    ],
    checks: ["dns", "mx", "address"],
    source: "postfix/src/smtp/smtp_addr.c",
    example: "Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found",
  },
  {
    id: "postfix.connect-failed",
    provider: "postfix",
    match: {
      text: [
        ["connect to", "connection timed out"],
        ["connect to", "connection refused"],
      ],
    },
    reason: "networkerror",
    // Postfix reports connection failures with status 4.4.1 even in the final bounce: the failure itself is soft.
    outcome: "temporary",
    meaning:
      "Postfix could not open a TCP connection to the recipient's mail server. Postfix treats this as temporary, so a bounce quoting it means the retries ran out (maximal_queue_lifetime).",
    causes: [
      "The receiving MX is down or overloaded.",
      "A firewall drops or rejects port 25 (on either side).",
      "The MX record points to a host that does not run a mail server.",
    ],
    actions: [
      "Test from the sending host: telnet or nc to the MX on port 25.",
      "Check whether outbound port 25 is blocked by your provider.",
      "For a final bounce, confirm the domain still receives mail before resending.",
    ],
    checks: ["mx", "dns"],
    source: "postfix/src/smtp/smtp_connect.c",
    example: "connect to mx.example.com[192.0.2.80]:25: Connection timed out",
  },
  {
    id: "postfix.network-unreachable",
    provider: "postfix",
    match: {
      text: [
        ["connect to", "no route to host"],
        ["connect to", "network is unreachable"],
        "lost connection with",
        ["conversation with", "timed out while"],
      ],
    },
    reason: "networkerror",
    meaning:
      "The connection to the recipient's server could not be made or broke off in the middle of the SMTP dialogue.",
    causes: [
      "Routing or firewall problems between the two servers (often IPv6).",
      "The receiving server closed or stalled the connection (overload, tarpitting, a filter timing out).",
    ],
    actions: [
      "Let Postfix retry.",
      "If it repeats, test the path to the MX; consider preferring IPv4 (smtp_address_preference).",
    ],
    checks: ["mx", "dns"],
    source: "postfix/src/smtp/smtp_proto.c; postfix/src/smtp/smtp_connect.c",
    example:
      "lost connection with mx.example.com[192.0.2.81] while sending end of data -- message may be sent more than once",
  },
]);
