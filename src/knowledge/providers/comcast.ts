// Comcast / Xfinity (comcast.net; MX mx1.comcast.net, mx2.comcast.net, hosts resimta-*.sys.comcast.net and the older
// imtaNN.*.mail.comcast.net). Comcast's blocks carry a code and a link to its postmaster page:
// "554 resimta-po-24v.sys.comcast.net comcast 192.0.2.1 found on one or more DNSBLs, see
// http://postmaster.comcast.net/smtp-error-codes.php#BL000001". Code families: BL (block lists; BL000000 is
// Comcast's own spam-pattern block, the others a bit mask of external lists: Spamhaus Zen, Cloudmark CSI, SenderScore),
// ES (dynamic or residential IP space), RL (rate limits), DM (DMARC).
// Source: Comcast's postmaster error-code page (postmaster.comcast.net/smtp-error-codes.php, earlier
// mail-error-codes.html) and its Xfinity successor (xfinity.com/support/articles/email-errors), including the
// "non-specific" replies (too many sessions, reverse DNS failure). The older three-digit codes (BL001-BL010, RL001)
// are read as the families they became. The reading of each code is ours.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const POSTMASTER = "https://postmaster.comcast.net/smtp-error-codes.php";
const XFINITY = "https://www.xfinity.com/support/articles/email-errors";

export const COMCAST: ProviderInfo = {
  id: "comcast",
  name: "Comcast / Xfinity",
  markers: ["comcast.net", "postmaster.comcast.net", "comcast", "xfinity"],
  reference: POSTMASTER,
};

export const COMCAST_RULES = defineProviderRules([
  // ---- Blocks -----------------------------------------------------------------------------------------------------
  {
    id: "comcast.bl000000-spam-patterns",
    provider: "comcast",
    match: { text: ["bl000000", "comcast block for spam", ["comcast", "blocked for spam"]] },
    reason: "blocked",
    meaning:
      "Comcast blocked the sending IP because mail from it followed patterns characteristic of spam (Comcast's own judgement, not an external list).",
    causes: [
      "Complaints from Comcast subscribers or spam-trap hits.",
      "A compromised account, script or open relay sending spam from the IP.",
      "Bulk mail to many addresses that do not exist.",
    ],
    actions: [
      "Find and stop the unwanted traffic (check for compromised accounts and scripts).",
      "Ask Comcast for removal through the form linked from the error page once the cause is fixed.",
      "Retry after the block is lifted.",
    ],
    checks: ["blocklist", "volume", "content"],
    source: POSTMASTER,
    example:
      "554 imta14.emeryville.ca.mail.comcast.net comcast 192.0.2.14 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000",
  },
  {
    id: "comcast.dnsbl-listed",
    provider: "comcast",
    match: { text: ["found on one or more dnsbls", "#bl0", "faq/bl0"] },
    reason: "blocked",
    meaning:
      "Comcast refused the connection because the sending IP is listed on an external block list it uses; the BL code tells which (BL000001 Spamhaus Zen, BL000010 Cloudmark CSI, BL000100 SenderScore, combinations add up).",
    causes: ["The IP is listed by Spamhaus, Cloudmark or SenderScore for spam or poor reputation."],
    actions: [
      "Look the IP up on the list named by the code and follow that list's removal process.",
      "Fix the cause of the listing first; then retry.",
    ],
    checks: ["blocklist"],
    source: POSTMASTER,
    example:
      "554 resimta-po-24v.sys.comcast.net comcast 192.0.2.24 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000010",
  },
  {
    id: "comcast.own-residential-ip",
    provider: "comcast",
    match: { text: ["es000001"] },
    reason: "blocked",
    meaning:
      "The mail comes straight from an IP in Comcast's own residential space; Comcast subscribers must send through smtp.comcast.net (or webmail), and this block is not lifted on request.",
    causes: [
      "A mail server or device on a Comcast home connection delivering directly to Comcast's MX.",
      "Malware on a home computer sending mail directly.",
    ],
    actions: [
      "Send through smtp.comcast.net with authentication, or through a business service with a static IP.",
      "Check home computers for malware if nobody meant to run a mail server.",
    ],
    checks: ["ptr"],
    source: XFINITY,
    example:
      "554 resimta-po-31v.sys.comcast.net comcast 192.0.2.31 Comcast residential space. Please see http://postmaster.comcast.net/smtp-error-codes.php#ES000001",
  },
  {
    id: "comcast.dynamic-residential-ip",
    provider: "comcast",
    match: { text: ["es000010", "dynamic/residential"] },
    reason: "blocked",
    meaning:
      "Comcast does not accept direct delivery from other networks' dynamic or residential IP space (ES000010). It also treats an IP as dynamic when its reverse DNS name looks generic rather than like a static mail server's.",
    causes: [
      "A mail server on a home or dynamic connection.",
      "A server whose PTR name looks dynamic (IP digits in the name, no mail-server naming).",
    ],
    actions: [
      "Send through your provider's relay or a static IP with a proper mail-server PTR name.",
      "For a static IP, ask the network owner to set a descriptive PTR record, then retry.",
    ],
    checks: ["ptr", "dns"],
    source: XFINITY,
    example:
      "550 5.7.1 resimta-ch2-12v.sys.comcast.net comcast 192.0.2.12 dynamic/residential IP space. Please see http://postmaster.comcast.net/smtp-error-codes.php#ES000010",
  },
  {
    id: "comcast.throttled",
    provider: "comcast",
    match: { text: ["#rl0", "faq/rl0", "throttled - try again later"] },
    reason: "ratelimited",
    meaning:
      "Comcast is throttling the sending IP (RL codes): it has sent too much, too fast, and further mail is deferred for a while; the limits depend on the IP's history and reputation.",
    causes: [
      "Volume or connection rate above what Comcast allows for this IP.",
      "A new or low-reputation IP getting stricter limits.",
    ],
    actions: [
      "Let the MTA retry; slow the sending rate and reduce connections to Comcast.",
      "Spread campaigns over time and warm new IPs gradually.",
    ],
    checks: ["volume"],
    source: POSTMASTER,
    example:
      "421 resimta-po-18v.sys.comcast.net resimta-po-18v.sys.comcast.net 192.0.2.18 Throttled - try again later. TFaqdRTZSZ3s0 Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000002",
  },
  {
    id: "comcast.too-many-sessions",
    provider: "comcast",
    match: { text: ["too many sessions opened"] },
    reason: "ratelimited",
    meaning:
      "The IP has more simultaneous connections open to Comcast than it allows (the documented limit is 25 per IP).",
    causes: ["High connection concurrency from the MTA to Comcast's MX hosts."],
    actions: ["Cap concurrent connections to Comcast below the limit.", "Let the MTA retry."],
    checks: ["volume"],
    source: POSTMASTER,
    example: "421 resimta-h1p-037598.sys.comcast.net comcast Too many sessions opened",
  },

  // ---- DNS and authentication ------------------------------------------------------------------------------------
  {
    id: "comcast.reverse-dns-failure",
    provider: "comcast",
    match: { text: ["reverse dns failure"], providerOnly: true },
    reason: "requireptr",
    meaning:
      "Comcast could not resolve the reverse DNS of the sending IP; it requires a valid PTR record and treats a failed lookup as a temporary failure.",
    causes: ["No PTR record for the IP.", "The IP's reverse DNS servers failing or timing out (SERVFAIL)."],
    actions: [
      "Check the PTR record of the sending IP and the health of its reverse DNS servers.",
      "Let the MTA retry once reverse DNS resolves.",
    ],
    checks: ["ptr", "dns"],
    source: POSTMASTER,
    example: "421 4.7.0 resimta-po-07v.sys.comcast.net comcast 192.0.2.7 Reverse DNS failure : Try again later",
  },
  {
    id: "comcast.ptr-required",
    provider: "comcast",
    match: { text: ["ptr record with a valid reverse dns entry"] },
    reason: "requireptr",
    meaning:
      "Comcast refused the connection because the sending server has no PTR record with a valid reverse DNS name.",
    causes: ["The sending IP has no PTR record, or its PTR name does not resolve."],
    actions: ["Publish a PTR record for the IP with a host name that resolves back to it, then retry."],
    checks: ["ptr", "dns"],
    source: POSTMASTER,
    example:
      "554 IMTA08.westchester.pa.mail.comcast.net comcast 192.0.2.8 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry. Currently your mail server does not fill that requirement.",
  },
  {
    id: "comcast.dmarc-reject",
    provider: "comcast",
    match: { text: ["#dm0", "message rejected due to dmarc"], providerOnly: true },
    reason: "authfailure",
    meaning:
      "Comcast rejected the message because it failed DMARC for its From domain, whose policy asks for rejection.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the From domain.",
      "Sending with a From domain you do not control (for example a free-mail address) through another service.",
    ],
    actions: [
      "Sign with DKIM on the From domain and align SPF where possible.",
      "Do not send as another provider's domain; use your own domain, then resend.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: POSTMASTER,
    example:
      "550 5.2.0 54Qa1t0144ZKE95014QaMR Message rejected due to DMARC. Please see http://postmaster.comcast.net/smtp-error-codes.php#DM000001",
  },

  // ---- Recipient ---------------------------------------------------------------------------------------------------
  {
    id: "comcast.not-our-customer",
    provider: "comcast",
    match: { text: ["not our customer"], providerOnly: true },
    reason: "userunknown",
    meaning: "There is no Comcast mailbox with this address.",
    causes: ["A typo, or an address closed when the person left Comcast."],
    actions: ["Suppress the address; do not retry.", "Ask the person for a current address."],
    checks: ["address"],
    source: XFINITY,
    example:
      "host mx1.comcast.net[198.51.100.116] said: 550 5.1.1 <user@comcast.net> Not our Customer (in reply to RCPT TO command)",
  },
]);
