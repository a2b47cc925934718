// Cox Communications (cox.net and Cox Business; MX hosts such as cxr.mx.a.cox.net, filtering by Cloudmark "cmsmtp").
// Cox's blocks end with an acceptable-use code and point to its error-code page: "554 cxr.mx.a.cox.net cmsmtp
// 192.0.2.1 blocked. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html
// for more information. AUP#CXBL". Code families: CX* (Cox's own checks), CDRBL (temporary block), IPBLnnnn (IP on
// external lists, a bit mask: Spamhaus Zen, Return Path, Invaluement ivmSIP, Cloudmark CSI), URLBLnnn (a URL of the
// body on SURBL, Spamhaus DBL or ivmURI).
// Source: Cox's email error-code page (cox.com/residential/support/email-error-codes.html, formerly
// postmaster.cox.net "Error Codes") and its postmaster guidelines; the plain-text replies (too many sessions, DNS
// check failure, bad commands) are listed there as well. CXTHRT and CXMJ concern Cox's own subscribers sending out.
// Other Cloudmark-hosted ISPs also use "AUP#" codes, so only the Cox-specific code names are matched here.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const ERROR_CODES = "https://www.cox.com/residential/support/email-error-codes.html";
const POSTMASTER = "https://www.cox.com/business/support/cox-postmaster-administration.html";

export const COX: ProviderInfo = {
  id: "cox",
  name: "Cox Communications",
  markers: ["cox.net", "cox.com", "cox too many", "aup#cx"],
  reference: ERROR_CODES,
};

export const COX_RULES = defineProviderRules([
  // ---- AUP codes --------------------------------------------------------------------------------------------------
  {
    id: "cox.cxbl-ip-blocked",
    provider: "cox",
    match: { text: ["aup#cxbl"] },
    reason: "blocked",
    meaning:
      "Cox has blocked the sending IP because it showed spam-like behaviour; the block stays until Cox lifts it.",
    causes: ["Spam complaints, spam-trap hits or bursts of unwanted mail from the IP."],
    actions: [
      "Stop the traffic that caused the block.",
      "Ask Cox to unblock the IP through the contact form on its error-code page (Cox decides at its discretion).",
    ],
    checks: ["blocklist", "volume"],
    source: ERROR_CODES,
    example:
      "554 cxr.mx.a.cox.net cmsmtp 192.0.2.1 blocked. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXBL",
  },
  {
    id: "cox.cdrbl-temporary-block",
    provider: "cox",
    match: { text: ["aup#cdrbl", "aup#cxrdbl"] },
    reason: "blocked",
    meaning:
      "Cox has temporarily blocked the sending IP for spam-like behaviour; the block lasts at most 24 hours, depending on reputation.",
    causes: ["A burst of mail that looked like spam, or complaints about recent mail from the IP."],
    actions: ["Inspect recent traffic for spam and fix its cause.", "Retry after the block expires (within 24 hours)."],
    checks: ["volume", "content"],
    source: ERROR_CODES,
    example:
      "421 cxr.mx.a.cox.net cmsmtp 192.0.2.2 blocked. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CDRBL",
  },
  {
    id: "cox.ipbl-external-blocklist",
    provider: "cox",
    match: { text: ["aup#ipbl"] },
    reason: "blocked",
    meaning:
      "The sending IP is on an external block list Cox uses; the IPBL digits tell which (Spamhaus Zen, Return Path, Invaluement ivmSIP, Cloudmark CSI, alone or combined).",
    causes: ["The IP was listed for spam or poor reputation by one or more of those lists."],
    actions: [
      "Look the IP up on the lists named by the code and follow their removal process.",
      "Retry once delisted; each list decides removal itself.",
    ],
    checks: ["blocklist"],
    source: ERROR_CODES,
    example:
      "554 cxr.mx.a.cox.net cmsmtp 192.0.2.3 rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#IPBL0001",
  },
  {
    id: "cox.urlbl-listed-url",
    provider: "cox",
    match: { text: ["aup#urlbl"] },
    reason: "spamdetected",
    meaning:
      "A URL in the message body is on a URL block list Cox uses (SURBL, Spamhaus DBL or ivmURI), so the message was refused.",
    causes: [
      "A link to a listed domain (own domain, tracking or shortener domain).",
      "A compromised site linked from the message.",
    ],
    actions: [
      "Check every domain linked in the message against SURBL and Spamhaus DBL.",
      "Remove the listed link or get the domain delisted, then resend.",
    ],
    checks: ["content", "blocklist"],
    source: ERROR_CODES,
    example:
      "554 cxr.mx.a.cox.net cmsmtp message rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#URLBL011",
  },
  {
    id: "cox.cxdns-reverse-dns",
    provider: "cox",
    match: { text: ["aup#cxdns"] },
    reason: "requireptr",
    meaning:
      "The reverse DNS (PTR) lookup of the connecting IP failed; Cox requires every sending IP to have valid reverse DNS.",
    causes: ["No PTR record for the sending IP, or its reverse DNS servers failing."],
    actions: [
      "Confirm which IP sends the mail and check its PTR record.",
      "If reverse DNS passes now, wait up to 24 hours and resend.",
    ],
    checks: ["ptr", "dns"],
    source: ERROR_CODES,
    example:
      "554 cxr.mx.a.cox.net cmsmtp 192.0.2.4 rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXDNS",
  },
  {
    id: "cox.cxsndr-sender-domain",
    provider: "cox",
    match: { text: ["aup#cxsndr"] },
    reason: "authfailure",
    meaning:
      "Cox found a problem with the sender's domain: the message failed the authentication checks published by that domain (SPF, DomainKeys or DKIM).",
    causes: [
      "The sending server is not in the domain's SPF record.",
      "A missing or broken DKIM signature for a domain that asks for one.",
    ],
    actions: ["Fix the sender domain's SPF and DKIM so they pass for this server, then resend."],
    checks: ["spf", "dkim", "dmarc"],
    source: ERROR_CODES,
    example:
      "550 <sender@example.com> message rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXSNDR",
  },
  {
    id: "cox.cxsmtp-protocol-violation",
    provider: "cox",
    match: { text: ["aup#cxsmtp"] },
    reason: "rejected",
    meaning:
      "Cox saw an SMTP protocol violation and could not verify that the mail came from a legitimate sender, so it was refused.",
    causes: [
      "Sending software that does not follow SMTP (commands out of order, talking before the greeting).",
      "Spam tools that cut protocol corners.",
    ],
    actions: ["Check the SMTP conversation of the sending software against RFC 5321 and fix it, then retry."],
    checks: ["helo"],
    source: ERROR_CODES,
    example:
      "554 cxr.mx.a.cox.net cmsmtp 192.0.2.6 rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXSMTP",
  },
  {
    id: "cox.cxcnct-too-many-connections",
    provider: "cox",
    match: { text: ["aup#cxcnct"] },
    reason: "ratelimited",
    meaning:
      "The IP exceeded Cox's limit of concurrent SMTP connections per IP (Cox asks for no more than 10 at once); further connections are refused for now.",
    causes: ["High connection concurrency from the MTA or a shared outbound IP."],
    actions: ["Keep concurrent connections to Cox at 10 or fewer.", "Let the MTA retry."],
    checks: ["volume"],
    source: ERROR_CODES,
    example:
      "421 cmsmtp blocked. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXCNCT",
  },
  {
    id: "cox.cxmxrt-too-many-recipients",
    provider: "cox",
    match: { text: ["aup#cxmxrt"] },
    reason: "ratelimited",
    meaning:
      "The sender has sent to too many recipients (or exceeded the maximum number of messages) and must wait before sending more.",
    causes: ["Bulk or list mail above Cox's per-sender limits."],
    actions: ["Pause and resume at a lower rate; spread recipients over time.", "Let the MTA retry."],
    checks: ["volume"],
    source: ERROR_CODES,
    example:
      "452 cxr.mx.a.cox.net cmsmtp 192.0.2.9 rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXMXRT",
  },
  {
    id: "cox.suspicious-account-activity",
    provider: "cox",
    match: { text: ["aup#cxthrt", "aup#cxmj"] },
    reason: "securityerror",
    meaning:
      "Cox limited or blocked sending from a Cox subscriber account because of suspicious activity on it (CXTHRT), or on the primary Cox account (CXMJ).",
    causes: [
      "A compromised Cox email account or password.",
      "Unusual sending from the account (spam, many recipients).",
    ],
    actions: [
      "Reset the passwords of the Cox accounts and check devices for malware.",
      "Contact Cox with the error code to remove the block.",
    ],
    checks: ["credentials"],
    source: ERROR_CODES,
    example:
      "550 <user@cox.net> sending limited. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXTHRT",
  },

  // ---- Plain-text replies ----------------------------------------------------------------------------------------
  {
    id: "cox.too-many-bad-commands",
    provider: "cox",
    match: { text: ["too many bad commands from"], providerOnly: true },
    reason: "blocked",
    meaning:
      "The client repeatedly sent bad commands or invalid passwords, so Cox blocked its IP for about three hours.",
    causes: [
      "A mail client or device retrying with a wrong password.",
      "Broken sending software, or password guessing.",
    ],
    actions: [
      "Fix the client's credentials or software.",
      "Wait for the block (about three hours) to expire before retrying.",
    ],
    checks: ["credentials"],
    source: ERROR_CODES,
    example: "421 cox too many bad commands from 192.0.2.10",
  },
  {
    id: "cox.too-many-invalid-recipients",
    provider: "cox",
    match: { text: ["too many invalid recipients"], providerOnly: true },
    reason: "blocked",
    meaning: "The sending IP exceeded Cox's threshold of mail to invalid recipients and has been blocked.",
    causes: ["An unclean list with many addresses that no longer exist at Cox."],
    actions: [
      "Remove addresses that bounced as unknown and validate the list.",
      "Retry later, once the block has lapsed.",
    ],
    checks: ["address", "volume"],
    source: ERROR_CODES,
    example: "host cxr.mx.a.cox.net[198.51.100.11] said: 421 too many invalid recipients (in reply to RCPT TO command)",
  },
  {
    id: "cox.dns-check-failure",
    provider: "cox",
    match: { text: ["dns check failure - try again later", "rejected - no rdns"] },
    reason: "requireptr",
    meaning:
      "The reverse DNS check of the sending IP failed; Cox requires every connecting server to have a valid PTR record.",
    causes: ["No PTR record for the IP, or its reverse DNS failing to resolve."],
    actions: ["Publish a valid PTR record for the sending IP, then let the MTA retry."],
    checks: ["ptr", "dns"],
    source: POSTMASTER,
    example: "421 cxr.mx.a.cox.net cmsmtp 192.0.2.12 DNS check failure - try again later",
  },
  {
    id: "cox.no-data-before-greeting",
    provider: "cox",
    match: { text: ["esmtp no data before greeting"] },
    reason: "policyviolation",
    meaning:
      "The sending server spoke before Cox's greeting (an early talker), which Cox treats as a protocol violation.",
    causes: ["Sending software that does not wait for the 220 greeting; typical of spam tools."],
    actions: ["Make the client wait for the server greeting before sending commands, then retry."],
    checks: ["helo"],
    source: ERROR_CODES,
    example: "554 cxr.mx.a.cox.net cmsmtp ESMTP No Data Before Greeting",
  },
  {
    id: "cox.forbidden-attachment",
    provider: "cox",
    match: { text: ["attachment extension is forbidden"] },
    reason: "policyviolation",
    meaning:
      "The message carries an attachment type Cox forbids because such files commonly carry viruses (.exe, .scr, .bat, .js, .vbs, .pif, .msi, .reg and similar).",
    causes: ["An executable or script attachment, even when harmless."],
    actions: ["Remove the attachment or share the file by link, then resend."],
    checks: ["content"],
    source: ERROR_CODES,
    example: "552 5.7.0 cxr.mx.a.cox.net cmsmtp Message rejected. Attachment extension is forbidden.",
  },
  {
    id: "cox.sender-rejected",
    provider: "cox",
    match: { text: ["sender rejected"], providerOnly: true },
    reason: "rejected",
    meaning: "Cox refused the sender address; Cox requires every sender domain to resolve to a valid MX or A record.",
    causes: ["The MAIL FROM domain has no MX or A record, or its DNS is failing."],
    actions: ["Check the sender domain's MX and A records, then resend."],
    checks: ["dns", "mx", "address"],
    source: POSTMASTER,
    example: "550 <sender@example.com> sender rejected. cxr.mx.a.cox.net cmsmtp",
  },
  {
    id: "cox.too-many-sessions",
    provider: "cox",
    match: {
      text: ["too many sessions from", "message threshold exceeded", "requested action aborted: try again later"],
      providerOnly: true,
    },
    reason: "ratelimited",
    meaning:
      "The sending IP went over one of Cox's rate limits (concurrent connections, or the number of messages per connection) and is held back for a while.",
    causes: [
      "More concurrent connections than Cox allows from one IP.",
      "More than about 100 messages over one connection.",
    ],
    actions: ["Reduce concurrency and the number of messages per connection to Cox.", "Let the MTA retry later."],
    checks: ["volume"],
    source: ERROR_CODES,
    example: "421 cxr.mx.a.cox.net cmsmtp Too many sessions from 192.0.2.13",
  },
  {
    id: "cox.server-temporarily-unavailable",
    provider: "cox",
    match: { text: ["esmtp server temporarily not available"] },
    reason: "systemerror",
    meaning: "Cox's mail system is having a problem and temporarily cannot accept new mail.",
    causes: ["An incident or maintenance on Cox's side."],
    actions: ["Let the MTA retry later; nothing to change on the sending side."],
    source: ERROR_CODES,
    example: "421 cxr.mx.a.cox.net cmsmtp ESMTP server temporarily not available",
  },
  {
    id: "cox.recipient-rejected",
    provider: "cox",
    match: { text: ["recipient rejected"], providerOnly: true },
    reason: "userunknown",
    meaning: "The recipient is not a valid Cox email account.",
    causes: ["A typo, or a Cox address that was closed."],
    actions: ["Suppress the address; do not retry.", "Ask the person for a current address."],
    checks: ["address"],
    source: ERROR_CODES,
    example:
      "host cxr.mx.a.cox.net[198.51.100.14] said: 550 <user@cox.net> recipient rejected (in reply to RCPT TO command)",
  },
]);
