// Apple iCloud Mail (icloud.com, me.com, mac.com and custom domains on iCloud+; MX mx01/mx02.mail.icloud.com).
// Source: "Postmaster information for iCloud Mail" (https://support.apple.com/en-us/102322, formerly HT204137, the
// page iCloud replies link to). Apple documents its requirements there but does not explain its bracketed tags
// ([CS01], [CS02], [HM07], [HM08], [HME1]); their wording below comes from the replies themselves, and the
// reading of each tag is ours. iCloud's inbound filtering runs on Proofpoint, hence the Proofpoint DNSBL link.
// Order matters: first match wins, so tags come before the general "local policy" wording.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const POSTMASTER = "https://support.apple.com/en-us/102322";

export const APPLE: ProviderInfo = {
  id: "apple",
  name: "Apple iCloud Mail",
  // "me.com" and "mac.com" alone would match inside other names (acme.com, imac.com): anchor them.
  markers: [
    "icloud.com",
    "mail.icloud.com",
    "@me.com",
    ".me.com",
    "@mac.com",
    ".mac.com",
    "apple.com",
    "support.apple.com",
  ],
  reference: POSTMASTER,
};

export const APPLE_RULES = defineProviderRules([
  // ---- Authentication -------------------------------------------------------------------------------------
  {
    id: "apple.dmarc-policy",
    provider: "apple",
    match: { text: [["rejected due to", "dmarc policy"]], providerOnly: true },
    reason: "authfailure",
    meaning:
      "iCloud rejected the message because it failed DMARC for the From domain and that domain's policy asks receivers to reject failing mail. iCloud applies the sender's published DMARC policy.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the From domain, which publishes p=reject.",
      "A third-party sender uses your From domain without aligned DKIM.",
      "Forwarding or a mailing list broke SPF and altered the message (breaking DKIM).",
    ],
    actions: [
      "Check the DMARC record of the From domain and the Authentication-Results of a test message.",
      "Sign with DKIM using the From domain (or an aligned subdomain) on every sending service.",
      "For forwarded mail add ARC headers, as Apple asks of forwarders; for lists, rewrite the From.",
      "Resend once DMARC passes.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: POSTMASTER,
    example:
      "554 5.7.1 Your message was rejected due to example.com's DMARC policy. See https://support.apple.com/en-us/HT204137 for",
  },
  {
    id: "apple.hme1-spf-and-dkim-failed",
    provider: "apple",
    match: { text: ["[hme1]", "failing both spf and dkim"] },
    reason: "authfailure",
    meaning:
      "iCloud refused the message because it passed neither SPF nor DKIM; Apple authenticates all inbound mail with both.",
    causes: [
      "The sending IP is missing from the envelope domain's SPF record.",
      "The message is unsigned, or the DKIM signature does not verify.",
      "Mail forwarded without ARC, so SPF fails and DKIM was broken on the way.",
    ],
    actions: [
      "Add the sending servers to the SPF record of the envelope domain.",
      "Sign with DKIM and check the published key matches the selector.",
      "Send a test to an iCloud address and confirm spf=pass or dkim=pass, then resend.",
    ],
    checks: ["spf", "dkim", "alignment"],
    source: POSTMASTER,
    example:
      "554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks. See https://support.apple.com/en-us/HT204137 for mailing best practices",
  },

  // ---- Local policy tags ------------------------------------------------------------------------------------
  {
    id: "apple.cs01-local-policy",
    provider: "apple",
    match: { text: ["[cs01]"] },
    reason: "policyviolation",
    meaning:
      "iCloud's filters refused this message under Apple's local policy. Apple gives no detail; senders see it mostly for content and reputation signals (links, domains, sending patterns) rather than for a broken address.",
    causes: [
      "A link or domain in the message with poor reputation (including shared URL shorteners).",
      "Low sender reputation for the IP or domain (complaints, low engagement, new domain).",
      "Mail to recipients who did not ask for it, or a sudden volume increase.",
    ],
    actions: [
      "Check the domains and URLs in the message against block lists and remove doubtful ones.",
      "Verify SPF, DKIM, DMARC and reverse DNS, as Apple's bulk requirements ask.",
      "Send only to subscribers who opted in and suppress inactive ones.",
      "If it persists, write to icloudadmin@apple.com with the IPs, domain, errors and timeline.",
    ],
    category: "content",
    hardBounce: false,
    checks: ["content", "blocklist", "dkim", "dmarc"],
    source: POSTMASTER,
    example:
      "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
  },
  {
    id: "apple.cs02-local-policy",
    provider: "apple",
    match: { text: ["[cs02]"] },
    reason: "policyviolation",
    meaning:
      "A second form of iCloud's local-policy refusal, with no published explanation; it points to the sender's reputation or the message's content rather than the recipient.",
    causes: ["Sender IP or domain reputation below Apple's threshold.", "Content or links that iCloud's filters flag."],
    actions: [
      "Check authentication and the reputation of the sending IP and domains.",
      "Compare with mail that still gets through to find what differs.",
      "Contact icloudadmin@apple.com with details if it persists.",
    ],
    category: "reputation",
    hardBounce: false,
    checks: ["blocklist", "content", "dkim"],
    source: POSTMASTER,
    example:
      "550 5.7.1 [CS02] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
  },
  {
    id: "apple.hm07-local-policy",
    provider: "apple",
    match: { text: ["[hm07]"] },
    reason: "policyviolation",
    meaning:
      "iCloud refused the message under local policy (HM07). Senders meet it mostly with young domains or IPs and with mail patterns that look like phishing; it reads as a reputation judgement on the sender.",
    causes: [
      "A new or low-reputation sending domain or IP.",
      "Mixed traffic (codes, notifications, digests) from one address with poor engagement.",
      "Links to domains with poor reputation.",
    ],
    actions: [
      "Build reputation gradually: low, steady volume to engaged recipients.",
      "Separate transactional and marketing streams, as Apple recommends.",
      "Check authentication and links; contact icloudadmin@apple.com if it persists.",
    ],
    category: "reputation",
    hardBounce: false,
    checks: ["volume", "content", "dkim", "dmarc"],
    source: POSTMASTER,
    example:
      "554 5.7.1 [HM07] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
  },
  {
    id: "apple.hm08-local-policy",
    provider: "apple",
    match: { text: ["[hm08]"] },
    reason: "policyviolation",
    meaning:
      "iCloud refused the message under local policy (HM08), commonly seen when the sending IP has a poor reputation or is block-listed.",
    causes: [
      "The sending IP is on a block list (Spamhaus, Proofpoint) or has poor reputation.",
      "A shared IP pool damaged by other senders.",
    ],
    actions: [
      "Check the sending IP on public block lists and with Proofpoint's lookup.",
      "Fix the cause and request delisting, or move to a clean IP.",
      "Contact icloudadmin@apple.com with the IPs and errors if it continues.",
    ],
    category: "reputation",
    hardBounce: false,
    checks: ["blocklist", "volume"],
    source: POSTMASTER,
    example:
      "554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137. Txn ID 4fbc0af0-417e-4180-91d8-66754d53a162",
  },
  {
    id: "apple.local-policy",
    provider: "apple",
    match: { text: ["rejected due to local policy"], providerOnly: true },
    reason: "policyviolation",
    meaning: "iCloud's filters refused the message under Apple's local policy, with no further detail given.",
    causes: [
      "Sender reputation (IP, domain) or content judged risky.",
      "Missing authentication or reverse DNS, or unsolicited bulk mail.",
    ],
    actions: [
      "Review Apple's postmaster requirements: authentication, reverse DNS, opt-in lists, unsubscribe link.",
      "Check links and block lists; contact icloudadmin@apple.com with the details if it persists.",
    ],
    hardBounce: false,
    checks: ["content", "blocklist", "dkim", "ptr"],
    source: POSTMASTER,
    example: "550 5.7.1 Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
  },

  // ---- Block lists and connection refusals ------------------------------------------------------------------
  {
    id: "apple.spamhaus-dbl-domain",
    provider: "apple",
    match: { text: ["domain present in the spamhaus dbl"] },
    reason: "blocked",
    meaning:
      "iCloud refused the message because a domain in it (in links or headers) is listed in the Spamhaus Domain Block List.",
    causes: [
      "A link to a domain listed in the Spamhaus DBL (own domain, tracking domain or shortener).",
      "A sending or From domain listed for spam or abuse.",
    ],
    actions: [
      "Check each domain in the message at https://check.spamhaus.org/.",
      "Remove the listed domain or get it delisted after fixing the cause.",
      "Resend once no listed domain remains.",
    ],
    hardBounce: false,
    checks: ["blocklist", "content"],
    source: POSTMASTER,
    example:
      "550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/",
  },
  {
    id: "apple.spamhaus-ip-listing",
    provider: "apple",
    match: { text: ["rejected due to listing in spamhaus"] },
    reason: "blocked",
    meaning: "iCloud refused mail from the sending IP because Spamhaus lists it (SBL or another Spamhaus list).",
    causes: ["The IP is listed by Spamhaus as a spam source or part of a listed range."],
    actions: [
      "Look the IP up at https://check.spamhaus.org/ and follow the removal process.",
      "Stop the traffic that caused the listing, then retry.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: POSTMASTER,
    example:
      "550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1",
  },
  {
    id: "apple.proofpoint-dnsbl",
    provider: "apple",
    match: { text: ["support.proofpoint.com/dnsbl-lookup"], providerOnly: true },
    reason: "blocked",
    meaning:
      "iCloud's filtering (Proofpoint) refused the connection because the sending IP is on Proofpoint's block list.",
    causes: [
      "Spam, complaints or spam-trap hits from the IP seen across Proofpoint's network.",
      "A shared IP damaged by other senders.",
    ],
    actions: [
      "Look the IP up with the Proofpoint link in the reply and request removal there.",
      "Fix the traffic that caused the listing (lists, compromised accounts).",
      "Retry after delisting, which can take a day or more.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: POSTMASTER,
    example:
      "host mx01.mail.icloud.com[17.57.154.6] said: 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1 (in reply to MAIL FROM command)",
  },
  {
    id: "apple.blocked",
    provider: "apple",
    match: { text: ["blocked"], enhancedCodes: ["5.7.0"], providerOnly: true },
    reason: "blocked",
    meaning: "iCloud refused the sending IP or domain outright (5.7.0 Blocked), usually through its block lists.",
    causes: ["The IP or domain is on a block list iCloud uses (Proofpoint, Spamhaus).", "Poor sending reputation."],
    actions: [
      "Check the IP with Proofpoint's lookup and public block lists.",
      "Fix the cause, request delisting, then retry.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: POSTMASTER,
    example: "host mx02.mail.icloud.com[17.42.251.62] said: 554 5.7.0 Blocked (in reply to MAIL FROM command)",
  },
  {
    id: "apple.not-accepting-connections",
    provider: "apple",
    match: { text: ["esmtp not accepting connections"], providerOnly: true },
    reason: "blocked",
    meaning: "The iCloud server refused the SMTP session at connection time, before any message was offered.",
    causes: [
      "The sending IP is blocked by iCloud's connection filtering.",
      "Temporary protection during an attack or overload (less common).",
    ],
    actions: [
      "Check the sending IP's block list status and reputation.",
      "Retry later; if it persists, contact icloudadmin@apple.com with the IP.",
    ],
    hardBounce: false,
    checks: ["blocklist", "ptr"],
    source: POSTMASTER,
    example: "554 p00-smtpin001.me.com ESMTP not accepting connections",
  },
  {
    id: "apple.excessive-volume",
    provider: "apple",
    match: { text: ["deferred due to excessive volume"] },
    reason: "ratelimited",
    meaning:
      "iCloud is deferring mail to this recipient because it is receiving messages too fast; later attempts should succeed.",
    causes: [
      "Many messages to the same address in a short time (seed lists, tests, alert loops).",
      "Bursts of traffic from the sender to iCloud.",
    ],
    actions: ["Let the MTA retry later.", "Throttle per-recipient and per-domain sending to iCloud; avoid bursts."],
    checks: ["volume"],
    source: POSTMASTER,
    example:
      "421 4.7.1 Messages to user@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137",
  },

  // ---- Recipient ------------------------------------------------------------------------------------------
  {
    id: "apple.unknown-or-illegal-alias",
    provider: "apple",
    match: { text: ["unknown or illegal alias"] },
    reason: "userunknown",
    meaning: "The iCloud address (or alias) does not exist.",
    causes: ["A typo in the address.", "An alias or Hide My Email address that was deleted."],
    actions: ["Suppress the address; do not retry.", "Ask the person for a valid address."],
    checks: ["address"],
    source: POSTMASTER,
    example: "550 5.1.1 unknown or illegal alias: user@icloud.com",
  },
  {
    id: "apple.user-does-not-exist",
    provider: "apple",
    match: { text: ["user does not exist"], providerOnly: true },
    reason: "userunknown",
    meaning: "There is no iCloud mailbox with this address.",
    causes: ["The address was mistyped, never existed or was deleted."],
    actions: ["Suppress the address; do not retry."],
    checks: ["address"],
    source: POSTMASTER,
    example: "550 5.1.1 <user@icloud.com>: user does not exist",
  },
  {
    id: "apple.inactive-email-address",
    provider: "apple",
    match: { text: ["inactive email address"] },
    reason: "suspend",
    meaning:
      "The iCloud address exists but is inactive: the account or alias (for example a Hide My Email address) has been deactivated and takes no mail.",
    causes: ["The owner deactivated the address or alias.", "The iCloud account is no longer in use."],
    actions: [
      "Stop mailing the address; it may be reactivated, so keep it in an inactive segment rather than retrying.",
      "Ask the person for a current address through another channel.",
    ],
    checks: ["mailbox"],
    source: POSTMASTER,
    example: "550 5.1.1 <user@icloud.com>: inactive email address",
  },
  {
    id: "apple.user-over-quota",
    provider: "apple",
    match: { text: ["user is over quota"], providerOnly: true },
    reason: "mailboxfull",
    meaning: "The recipient's iCloud storage is full, so the mailbox cannot take new mail.",
    causes: ["The iCloud storage plan is used up (mail shares it with photos and backups)."],
    actions: ["Retry later, a few times over days or weeks.", "Suppress the address if it stays full."],
    checks: ["mailbox"],
    source: POSTMASTER,
    example: "552 5.2.2 <user@icloud.com>: user is over quota",
  },
  {
    id: "apple.recipient-moved",
    provider: "apple",
    match: { text: ["recipient no longer on server"] },
    reason: "hasmoved",
    meaning: "The recipient's mail is no longer hosted on iCloud (5.1.6: the mailbox has moved).",
    causes: [
      "A custom domain moved away from iCloud while senders still reach iCloud.",
      "The address was removed from an iCloud custom domain.",
    ],
    actions: [
      "Check the recipient domain's current MX records.",
      "Ask the recipient for the address to use now; do not retry as is.",
    ],
    checks: ["mx", "address"],
    source: POSTMASTER,
    example: "550 5.1.6 recipient no longer on server: user@icloud.com",
  },
  {
    id: "apple.relay-access-denied",
    provider: "apple",
    match: { text: ["relay access denied"], providerOnly: true },
    reason: "norelaying",
    meaning: "The iCloud server does not accept mail for this recipient domain and will not relay it.",
    causes: [
      "The recipient domain's MX points to iCloud but the domain is not set up in iCloud+ custom domains.",
      "A stale MX cache or hard-coded route to iCloud.",
    ],
    actions: [
      "Check the recipient domain's MX records and iCloud custom-domain setup.",
      "Ask the recipient's administrator to finish or fix the iCloud domain configuration.",
    ],
    checks: ["mx", "dns"],
    source: POSTMASTER,
    example: "554 5.7.1 <user@icloud.com>: Relay access denied",
  },
]);
