// Barracuda: Email Gateway Defense / Email Security Service (cloud, MX hosts dNNNNNNa.ess.barracudanetworks.com,
// regional *.ess.<region>.barracudanetworks.com), the Email Security Gateway appliance (formerly "Spam Firewall",
// host names often "barracuda.<domain>" or "cuda-*.<domain>"), and the Barracuda Reputation Block List (BRBL,
// b.barracudacentral.org) that many other MTAs query.
// Sources:
// - BRBL lookup and removal: https://www.barracudacentral.org/lookups/lookup-reputation; the list's own TXT answer
//   is "Client host blocked using Barracuda Reputation, see http://www.barracudanetworks.com/reputation/?r=1&ip=...".
// - Barracuda Campus: "Email Cache Policies" (ESS relays the downstream server's answer, live or cached),
//   Email Gateway Defense message log reasons (https://campus.barracuda.com/doc/167976683), "Outbound
//   Non-Delivery Reports", rate control articles, and the knowledgebase article "My emails to recipients with a
//   Barracuda Spam Firewall keep getting blocked! What do I do?".
// - Observed reply texts collected in ActiveCampaign's SMTP Field Manual (spamfilter/barracuda) and quoted bounces
//   in public repositories ("550 permanent failure for one or more recipients (user@example.com:blocked)",
//   "cuda_nsu 5.1.1 ... User unknown", "554 rejected due to spam URL in content" ...).
// ESS wraps the verdict per recipient: "(address:blocked)" is its own block; "(address:550 5.1.1 ...)" quotes the
// customer's server and "cuda_nsu" prefixes answers relayed from recipient verification. Only Barracuda's own
// verdicts are ruled here; quoted downstream answers are left to the generic patterns, which read the quoted text.
// Barracuda does not publish the exact wording of its rate-control, intent and ATP rejections: none is guessed here.
// Order matters: first match wins.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const BRBL = "https://www.barracudacentral.org/lookups/lookup-reputation";
const BLOCKED_KB =
  "https://campus.barracuda.com/product/emailsecuritygateway/knowledgebase/50160000000GWZ9AAO/My+emails+to+recipients+with+a+Barracuda+Spam+Firewall+keep+getting+blocked!+What+do+I+do/";
const MESSAGE_LOG_REASONS = "https://campus.barracuda.com/doc/167976683";
const CACHE_POLICIES = "https://campus.barracuda.com/product/essentials/doc/169287426/email-cache-policies";
const SMTP_CODES = "https://campus.barracuda.com/product/emailsecuritygateway/doc/39815000/smtp-error-codes/";

export const BARRACUDA: ProviderInfo = {
  id: "barracuda",
  name: "Barracuda",
  markers: ["barracudanetworks.com", "ess.barracudanetworks.com", "barracudacentral", "barracuda", "cuda_nsu", "cuda"],
  reference: BRBL,
};

export const BARRACUDA_RULES = defineProviderRules([
  // ---- Reputation -------------------------------------------------------------------------------------------
  {
    id: "barracuda.brbl-listed",
    provider: "barracuda",
    // Barracuda gateways and any MTA that queries b.barracudacentral.org give this text; old replies link to
    // bbl.barracudacentral.com/q.cgi?ip=..., newer ones to www.barracudanetworks.com/reputation/?r=1&ip=...
    match: {
      text: [
        "barracuda reputation",
        "barracudacentral.org",
        "barracudacentral.com",
        "barracudanetworks.com/reputation",
      ],
    },
    reason: "blocked",
    meaning:
      "The sending IP address is listed on the Barracuda Reputation Block List (BRBL), so the receiving gateway refuses the connection. The list is used by Barracuda appliances and cloud service and by many other mail servers. The host name shown in brackets is not always the listed one: some gateways also check IPs found in Received headers.",
    causes: [
      "Spam was sent from the IP, often through a compromised account, a web form or a hacked web application.",
      "The IP has no reverse DNS, or a generic/dynamic one.",
      "The IP is shared (hosting, ESP pool) and another user's traffic got it listed.",
      "The IP that submitted the message to your provider (shown in a Received header) is listed, not your server.",
    ],
    actions: [
      "Look the IP up at https://www.barracudacentral.org/lookups/lookup-reputation.",
      "Find and stop the source of spam, and make sure the IP has a matching reverse DNS (PTR) name.",
      "Request removal through the BRBL form once fixed; if the listed IP is your provider's, ask your provider to do it.",
      "Retry after delisting; the block clears within hours of removal.",
    ],
    checks: ["blocklist", "ptr", "volume"],
    source: BRBL,
    example:
      "554 Service unavailable; Client host [192.0.2.1] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.1",
  },

  // ---- Barracuda's own verdict on the message ---------------------------------------------------------------
  {
    id: "barracuda.ess-recipient-blocked",
    provider: "barracuda",
    match: { text: [["permanent failure for one or more recipients", ":blocked"]] },
    reason: "filtered",
    meaning:
      "Barracuda's cloud gateway (Email Gateway Defense / Email Security Service) blocked the message for the listed recipients by policy. The reply does not say which check fired: it can be the recipient organisation's sender block list, a reputation check, authentication (SPF/DKIM/DMARC), spam scoring, intent analysis of the links, or an attachment rule.",
    causes: [
      "The recipient organisation blocks your address or domain in its Barracuda sender policy.",
      "The message scored as spam, or a link in it points to a domain Barracuda's intent analysis considers malicious.",
      "SPF, DKIM or DMARC failed for your domain.",
      "The sending IP or domain has a poor Barracuda reputation.",
    ],
    actions: [
      "Check the IP at barracudacentral.org and your SPF, DKIM and DMARC results.",
      "If every Barracuda-protected domain rejects you, treat it as a reputation problem; if only one does, it is that organisation's policy.",
      "Send a plain test without links; if it passes, a link or attachment is the trigger.",
      "Ask the recipient's administrator to look up the message in their Barracuda message log, which shows the exact reason, and to allow you if the mail is wanted.",
    ],
    checks: ["blocklist", "content", "spf", "dkim", "dmarc"],
    source: BLOCKED_KB,
    example: "550 permanent failure for one or more recipients (jane.doe@example.com:blocked)",
  },
  {
    id: "barracuda.spam-url",
    provider: "barracuda",
    match: { text: ["rejected due to spam url in content"] },
    reason: "spamdetected",
    meaning:
      "Barracuda's intent analysis found a link in the message pointing to a domain or URL on its spam or phishing lists, and rejected the message.",
    causes: [
      "A linked domain (including tracking or shortener domains) is on a URI blocklist.",
      "A link points to a compromised or recently abused web page.",
    ],
    actions: [
      "Check every domain and full URL in the message, including click-tracking domains, against URI blocklists.",
      "Remove or replace the offending link, or use your own branded tracking domain, then resend.",
    ],
    checks: ["content"],
    source: MESSAGE_LOG_REASONS,
    example: "554 rejected due to spam URL in content",
  },
  {
    id: "barracuda.banned-content",
    provider: "barracuda",
    match: { text: ["rejecting banned content"] },
    reason: "policyviolation",
    meaning:
      "The message matched a content or attachment rule of the recipient's Barracuda gateway (banned file type, keyword or pattern filter) and was rejected.",
    causes: [
      "An attachment type the recipient does not accept (for example executables, scripts, macro documents or archives).",
      "A word, phrase or header that matches a content filter set by the recipient organisation.",
    ],
    actions: [
      "Remove or replace the attachment (send a link instead) and review wording that could match a filter.",
      "Ask the recipient which rule matched if the cause is not obvious.",
    ],
    checks: ["content"],
    source: MESSAGE_LOG_REASONS,
    example: "554 rejecting banned content",
  },
  {
    id: "barracuda.spoofed-message",
    provider: "barracuda",
    match: { text: ["rejecting spoofed message"] },
    reason: "policyviolation",
    meaning:
      "Barracuda judged the message to be spoofed: it claims a sender (often the recipient's own domain or a known brand) that its source is not entitled to use, and the recipient's sender-spoof protection rejects such mail.",
    causes: [
      "A third-party service sends with the recipient's own domain, or with a domain whose SPF/DMARC does not cover it.",
      "The display name or From address imitates a known brand.",
    ],
    actions: [
      "Send with a From address of a domain you authenticate (SPF, DKIM, aligned DMARC).",
      "If you send on the recipient's behalf, ask them to allow your platform in their Barracuda spoofing settings.",
    ],
    checks: ["spf", "dkim", "dmarc", "alignment"],
    source: MESSAGE_LOG_REASONS,
    example: "550 rejecting spoofed message",
  },

  // ---- Recipient addresses (Barracuda's answer or the downstream one it relays) -------------------------------
  {
    id: "barracuda.relayed-user-unknown",
    provider: "barracuda",
    // "cuda_nsu" marks an answer Barracuda obtained from the customer's own server during recipient verification.
    match: {
      text: [
        ["cuda_nsu", "user unknown"],
        ["cuda_nsu", "not found"],
        ["cuda_nsu", "does not exist"],
      ],
    },
    reason: "userunknown",
    meaning:
      "Barracuda checked the recipient with the organisation's own mail server before accepting the message, and that server said the mailbox does not exist. Barracuda passes its answer on (the cuda_nsu tag).",
    causes: ["The address is misspelt, was never valid, or the mailbox has been removed."],
    actions: ["Check the address for typos.", "Suppress it if it cannot be corrected."],
    checks: ["address"],
    source: CACHE_POLICIES,
    example:
      "550 cuda_nsu 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown in virtual alias table",
  },
  {
    id: "barracuda.no-such-user",
    provider: "barracuda",
    match: { providerOnly: true, text: ["no such user ("] },
    reason: "userunknown",
    meaning:
      "The Barracuda gateway's recipient validation (LDAP, a valid-recipient list or a check with the mail server) found no mailbox for this address.",
    causes: ["The address is misspelt, was never valid, or the mailbox has been removed."],
    actions: ["Check the address for typos.", "Suppress it if it cannot be corrected."],
    checks: ["address"],
    source: SMTP_CODES,
    example:
      "host d123456a.ess.barracudanetworks.com[192.0.2.40] said: 550 No such user (jane.doe@example.com) (in reply to RCPT TO command)",
  },
  {
    id: "barracuda.relayed-temporary-error",
    provider: "barracuda",
    match: { text: [["cuda_nsu", "temporary server error"]] },
    reason: "systemerror",
    meaning:
      "Barracuda could not verify the recipient because the organisation's own mail server answered its check with a temporary error, so Barracuda defers the message.",
    causes: ["The recipient organisation's mail server is overloaded, restarting or unreachable from Barracuda."],
    actions: ["Let the MTA retry; the deferral ends when the recipient's server recovers."],
    source: CACHE_POLICIES,
    example: "451 cuda_nsu 4.4.3 Temporary server error. Please try again later",
  },

  // ---- Service state of the recipient's gateway ---------------------------------------------------------------
  {
    id: "barracuda.license-expired",
    provider: "barracuda",
    match: { text: ["license expired"] },
    reason: "systemerror",
    meaning:
      "The recipient organisation's Barracuda subscription has lapsed, and the gateway defers mail until the licence is renewed.",
    causes: ["The recipient has not renewed its Barracuda licence (an administrative problem on their side)."],
    actions: [
      "Let the MTA retry for the usual period.",
      "If it lasts, tell the recipient by another channel; only they can fix it.",
    ],
    source: SMTP_CODES,
    example: "422 License Expired",
  },
]);
