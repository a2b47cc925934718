// Orange (orange.fr, wanadoo.fr; MX smtp-in.orange.fr, hosts mwinfNNxNN) and La Poste (laposte.net; smtp*.laposte.net).
// Both answer with a bilingual text and a coded tag: Orange "OFR_506 [506]" or "OFR004_104 [104]", La Poste
// "LPN007_510" or "LPN416". The last three digits carry the meaning (the digits before the underscore vary with the
// server and SMTP stage), and La Poste reuses Orange's numbering for most of them.
// Source: Orange's postmaster page (https://postmaster.orange.fr/, section on error codes), which describes each
// code family (100-103 block lists, 104 connections, 107 PTR, 109 messages per connection, 20X HELO, 39X/519 SPF,
// 405 sender domain DNS, 416 unknown user, 417 mailbox full, 425 sender domain listed, 506 spam, 515 DMARC, 99X
// behaviour-based rate limit). La Poste publishes no code list we could check: the LPN-only codes (402, 420, 426,
// 510, 517) are read from the wording of their replies, as collected in Sisimai's FrancePTT rhost module.
// Matching: a code is matched as the tag family plus "_NNN" (both must appear), which holds for every stage prefix.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const POSTMASTER = "https://postmaster.orange.fr/";
const SISIMAI_FRANCEPTT = "https://github.com/sisimai/rb-sisimai/blob/master/lib/sisimai/rhost/franceptt.rb";

export const ORANGE: ProviderInfo = {
  id: "orange",
  name: "Orange / Wanadoo and La Poste",
  // "ofr" and "lpn" alone would match inside other words: anchor them on the code shape.
  markers: ["orange.fr", "wanadoo.fr", "laposte.net", "mwinf", "ofr0", "ofr_", "lpn0", "lpn1", "lpnaaa"],
  reference: POSTMASTER,
};

export const ORANGE_RULES = defineProviderRules([
  // ---- Connection-level blocks (100-103) -------------------------------------------------------------------------
  {
    id: "orange.ip-on-blocklist",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_100"],
        ["ofr", "_101"],
        ["ofr", "_102"],
        ["lpn", "_101"],
        ["lpn", "_102"],
        "adresse ip source bloquee",
        "client host blocked for spamming issues",
      ],
    },
    reason: "blocked",
    meaning:
      "The sending IP is listed on one of the block lists Orange (or La Poste) consults: Abusix (100), Spamhaus (101) or Cloudmark (102); mail from it is refused.",
    causes: [
      "Spam, spam-trap hits or compromised accounts on the IP led to a listing.",
      "A shared or recycled IP listed because of other senders.",
    ],
    actions: [
      "Look the IP up at Abusix, Spamhaus and Cloudmark (the link in the reply points to the right one).",
      "Fix the cause of the listing and request removal from that list, then retry.",
    ],
    checks: ["blocklist"],
    source: POSTMASTER,
    example:
      "550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. OFR006_102 Ref http://csi.cloudmark.com/reset-request/?ip=192.0.2.102 [102]",
  },
  {
    id: "orange.ip-blocked-by-orange",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_103"],
        ["lpn", "_103"],
      ],
    },
    reason: "blocked",
    meaning:
      "Orange has put the sending IP on its own block list and refuses its mail, whatever the wording of the reply.",
    causes: ["Complaints, spam traps or abusive traffic from the IP seen by Orange."],
    actions: [
      "Stop the traffic that caused the block.",
      "Ask Orange to review the block through its contact form (option for delivery problems to Orange or Wanadoo addresses).",
    ],
    checks: ["blocklist", "volume"],
    source: POSTMASTER,
    example:
      "550 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_103 192.0.2.103 [103]",
  },
  {
    id: "orange.too-many-connections",
    provider: "orange",
    match: {
      text: [["ofr", "_104"], ["lpn", "_104"], "trop de connexions"],
    },
    reason: "ratelimited",
    meaning:
      "The IP has more simultaneous connections open to Orange than Orange allows; new ones are refused for now.",
    causes: ["Too many parallel SMTP sessions to Orange's servers (Orange allows very few per IP)."],
    actions: ["Lower the number of concurrent connections to Orange and La Poste.", "Let the MTA retry later."],
    checks: ["volume"],
    source: POSTMASTER,
    example:
      "421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]",
  },
  {
    id: "orange.missing-reverse-dns",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_107"],
        ["lpn", "_107"],
      ],
    },
    reason: "requireptr",
    meaning:
      "The sending IP has no valid reverse DNS (PTR) record, or the PTR name does not resolve back to the same IP; Orange and La Poste refuse such connections.",
    causes: ["No PTR record for the IP.", "A PTR name whose forward lookup gives another address."],
    actions: [
      "Publish a PTR record for the IP pointing to a host name of your domain, whose A record points back to the IP.",
      "Retry once DNS has propagated.",
    ],
    checks: ["ptr", "dns"],
    source: POSTMASTER,
    example: "421 4.7.0 Service refused, please try later. LPN006_107 (in reply to MAIL FROM command)",
  },
  {
    id: "orange.temporary-service-refusal",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_108"],
        ["lpn", "_108"],
      ],
    },
    reason: "systemerror",
    meaning:
      "Orange or La Poste is temporarily refusing mail; this code has been seen mostly during incidents or overload on the receiving side.",
    causes: ["A service incident or overload at Orange.", "Sometimes a temporary reputation-based refusal."],
    actions: ["Let the MTA retry; hold non-urgent bulk mail to Orange until it clears."],
    checks: ["volume"],
    source: POSTMASTER,
    example:
      "421 mwinf5c22 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_108 [108]",
  },
  {
    id: "orange.too-many-messages-per-connection",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_109"],
        ["lpn", "_109"],
      ],
    },
    reason: "ratelimited",
    meaning:
      "Too many messages were sent over one SMTP connection; Orange recommends about 100 messages per connection at most.",
    causes: ["The MTA delivers a long queue to Orange through a single session."],
    actions: ["Limit messages per connection to Orange (around 100), then let the MTA retry."],
    checks: ["volume"],
    source: POSTMASTER,
    example: "421 4.7.0 Veuillez essayer plus tard. LPN003_109",
  },
  {
    id: "orange.invalid-helo",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_200"],
        ["ofr", "_201"],
        ["ofr", "_202"],
        ["ofr", "_203"],
        ["lpn", "_201"],
      ],
    },
    reason: "blocked",
    meaning:
      "Orange refused the connection because the HELO/EHLO name is invalid: it must be a fully qualified domain name that resolves in DNS.",
    causes: [
      "The server greets with a bare host name, an IP literal or a name without DNS records.",
      "A default host name such as localhost left in the MTA configuration.",
    ],
    actions: [
      "Set the HELO/EHLO name to a fully qualified name (e.g. mail.example.com) with an A record, ideally matching the PTR.",
      "Retry after the change.",
    ],
    checks: ["helo", "dns", "ptr"],
    source: POSTMASTER,
    example: "421 mwinf5c41 ME Veuillez essayer plus tard. OFR004_201 [201]",
  },

  // ---- Sender authentication and identity ------------------------------------------------------------------------
  {
    id: "orange.spf-failure",
    provider: "orange",
    match: {
      text: [["ofr", "_39"], ["ofr", "_519"], ["lpn", "_401"], ["lpn", "_519"], "spf/dns de votre nom de domaine"],
    },
    reason: "authfailure",
    meaning:
      "The sender domain's SPF check failed: either its SPF record is broken or missing (39X), or it does not authorise the sending IP (519).",
    causes: [
      "The envelope domain's SPF record does not include the sending server or provider.",
      "A syntax error, or a record changed recently and not yet expired from DNS caches.",
    ],
    actions: [
      "Fix the SPF record of the MAIL FROM domain so it lists the sending IPs, and check it with an SPF validator.",
      "Wait for the DNS TTL to expire after a change, then retry.",
    ],
    checks: ["spf", "dns"],
    source: POSTMASTER,
    example:
      "421 smtp.orange.fr [192.0.2.39] Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de domaine. Invalid Sender. SPF check failed, please verify the SPF/DNS configuration for your domain name.",
  },
  {
    id: "orange.dmarc-failure",
    provider: "orange",
    match: {
      text: [["ofr", "_515"], ["ofr", "_517"], ["lpn", "_515"], ["lpn", "_517"], "verification dmarc en echec"],
    },
    reason: "authfailure",
    meaning:
      "DMARC authentication failed for the From domain and the message was refused as that domain's DMARC policy asks.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the From domain, which publishes p=reject.",
      "A third-party service sending with the From domain without aligned DKIM.",
    ],
    actions: [
      "Sign with DKIM on the From domain and make SPF align where possible.",
      "Check the DMARC record and a test message's authentication results, then resend.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: POSTMASTER,
    example:
      "550 5.7.1 Message refused, DMARC verification Failed. Message refuse, verification DMARC en echec LPN007_517",
  },
  {
    id: "orange.authentication",
    provider: "orange",
    match: {
      text: [["ofr", "_305"], ["lpn", "_402"], "code d'authentification invalide", "authentification requise"],
    },
    reason: "securityerror",
    meaning:
      "SMTP authentication failed or is required: the submission server refused the login or asks the client to log in first.",
    causes: ["A wrong password or user name in the client.", "The client sends without authenticating."],
    actions: ["Check the account credentials and enable SMTP authentication in the client, then resend."],
    checks: ["credentials"],
    source: SISIMAI_FRANCEPTT,
    example: "550 5.5.0 Authentification requise. Authentication Required. LPN105_402",
  },
  {
    id: "orange.sender-domain-listed",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_425"],
        ["lpn", "_425"],
      ],
    },
    reason: "rejected",
    meaning: "The sender's domain name is on a block list (Abusix or Spamhaus), so Orange refuses mail from it.",
    causes: ["The sending domain was listed for spam or abuse.", "A newly registered domain used for bulk mail."],
    actions: [
      "Look the domain up at Abusix and Spamhaus and follow their removal process.",
      "Send from a domain that is not listed once the cause is fixed.",
    ],
    checks: ["blocklist", "address"],
    source: POSTMASTER,
    example: "550 5.7.1 mwinf5c31 ME Service refuse. Service refused. OFR004_425 [425] (in reply to MAIL FROM command)",
  },
  {
    id: "orange.invalid-sender",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_403"],
        ["ofr", "_405"],
        ["ofr", "_415"],
        ["lpn", "_403"],
        ["lpn", "_405"],
        ["lpn", "_421"],
        "emetteur invalide",
        "mail from not owned by user",
      ],
    },
    reason: "rejected",
    meaning:
      "Orange refused the sender address: typically its domain has no valid A or MX record in DNS, or (on the submission servers) the address is not one the user may send as.",
    causes: [
      "The MAIL FROM domain does not resolve (no A or MX record), or its DNS is broken.",
      "Sending through Orange's or La Poste's SMTP with an address that does not belong to the account.",
    ],
    actions: [
      "Check the sender domain's A and MX records (and wait for the TTL after a change).",
      "On Orange's submission servers, send as the Orange address of the account.",
    ],
    checks: ["dns", "mx", "address"],
    source: POSTMASTER,
    example:
      "host smtp.orange.fr[192.0.2.15] said: 550 5.1.0 Emetteur invalide. Invalid Sender. OFR_415 [415] (in reply to MAIL FROM command)",
  },

  // ---- Recipient -----------------------------------------------------------------------------------------------
  {
    id: "orange.invalid-recipient",
    provider: "orange",
    match: {
      text: [["ofr", "_416"], ["lpn", "_416"], "lpn416", "adresse d au moins un destinataire invalide"],
    },
    reason: "userunknown",
    meaning: "The recipient address does not exist at Orange or La Poste.",
    causes: ["A typo, or an address that never existed or was deleted."],
    actions: ["Remove the address from the list; do not retry."],
    checks: ["address"],
    source: POSTMASTER,
    example:
      "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416] (in reply to RCPT TO command)",
  },
  {
    id: "orange.mailbox-full",
    provider: "orange",
    match: {
      text: [["ofr", "_417"], ["lpn", "_417"], "boite du destinataire pleine"],
    },
    reason: "mailboxfull",
    meaning: "The recipient's mailbox is full (over quota).",
    causes: ["The recipient has not cleaned the mailbox, or no longer uses it."],
    actions: ["Retry later a few times; suppress the address if it stays full."],
    checks: ["mailbox"],
    source: POSTMASTER,
    example: "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417] (in reply to RCPT TO command)",
  },
  {
    id: "orange.recipient-archived-or-blocked",
    provider: "orange",
    match: {
      text: [
        ["lpn", "_420"],
        ["lpn", "_426"],
        ["ofr", "_420"],
        ["ofr", "_426"],
        "boite du destinataire archivee",
        "le compte du destinataire est bloque",
      ],
    },
    reason: "suspend",
    meaning: "The recipient's mailbox exists but is archived or its account is blocked, so it takes no mail.",
    causes: ["A long-unused mailbox archived by the provider.", "An account blocked by the provider or its owner."],
    actions: ["Stop mailing the address; ask the person for a current one."],
    checks: ["mailbox"],
    source: SISIMAI_FRANCEPTT,
    example: "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420 (in reply to RCPT TO command)",
  },

  // ---- Message -----------------------------------------------------------------------------------------------------
  {
    id: "orange.suspected-spam",
    provider: "orange",
    match: {
      text: [["ofr", "_506"], ["lpn", "_506"], "mail rejete"],
    },
    reason: "spamdetected",
    meaning: "Orange blocked the message as suspected spam.",
    causes: [
      "Content, links or sending patterns that Orange's filters (Cloudmark, Vade) score as spam.",
      "A complaint rate above Orange's threshold for this sender.",
    ],
    actions: [
      "Review content and links, and send only to recipients who opted in.",
      "If the verdict looks wrong, contact Orange through its form (delivery problem to Orange or Wanadoo).",
    ],
    checks: ["content", "dkim", "volume"],
    source: POSTMASTER,
    example: "550 5.7.1 Mail rejete. Mail rejected. OFR_506 [506] (in reply to end of DATA command)",
  },
  {
    id: "orange.service-refused-end-of-data",
    provider: "orange",
    match: {
      text: [
        ["ofr", "_505"],
        ["lpn", "_505"],
      ],
    },
    reason: "systemerror",
    meaning:
      "The server refused the message after its data was sent and asks to retry later; a temporary refusal on the receiving side.",
    causes: ["A temporary fault or overload at Orange or La Poste while processing the message."],
    actions: ["Let the MTA retry later."],
    source: SISIMAI_FRANCEPTT,
    example:
      "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505] (in reply to end of DATA command)",
  },
  {
    id: "orange.laposte-refused-data",
    provider: "orange",
    match: { text: [["lpn", "_510"]] },
    reason: "blocked",
    meaning:
      'La Poste refused the message at the end of the data ("service refused"); senders meet it mostly when the IP or the content is judged abusive.',
    causes: ["Poor reputation of the sending IP or domain at La Poste.", "Content judged as spam."],
    actions: [
      "Check the IP and domains against block lists and review the content.",
      "Retry later at a lower rate; if it persists, contact La Poste's postmaster.",
    ],
    checks: ["blocklist", "content"],
    source: SISIMAI_FRANCEPTT,
    example:
      "host smtpz4.laposte.net[198.51.100.124] said: 550 5.7.1 Service refuse. Veuillez essayer plus tard. service refused, please try later. LPN007_510 (in reply to end of DATA command)",
  },
  {
    id: "orange.message-too-large",
    provider: "orange",
    match: { text: ["taille limite du message atteinte"] },
    reason: "emailtoolarge",
    meaning: "The message exceeds the size limit of the receiving server.",
    causes: ["Large attachments."],
    actions: ["Reduce the message size or share large files by link, then resend."],
    checks: ["content"],
    source: SISIMAI_FRANCEPTT,
    example:
      "host smtp-in.orange.fr[192.0.2.114] said: 552 5.3.4 Taille limite du message atteinte (in reply to end of DATA command)",
  },
  {
    id: "orange.rate-limited-behaviour",
    provider: "orange",
    match: { text: [["ofr", "_99"]] },
    reason: "ratelimited",
    meaning:
      "Orange rate-limits the sender because of inappropriate sending behaviour (volume, complaints, earlier refusals ignored); the IP is held back for a period, typically hours.",
    causes: [
      "Sending kept going despite earlier Orange refusals.",
      "High volume, complaints or invalid recipients from the IP.",
    ],
    actions: [
      "Pause sending to Orange for a few hours, then resume at a lower rate.",
      "Review what is being sent (complaints, unknown users, bursts) before resuming.",
    ],
    checks: ["volume", "content"],
    source: POSTMASTER,
    example:
      "421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]",
  },
]);
