// Proofpoint: Proofpoint on Demand / Protection Server (PPS, MX hosts *.pphosted.com, internal hops *.ppops.net)
// and Proofpoint Essentials (the SMB cloud service, MX hosts *.ppe-hosted.com, Postfix-based).
// Sources:
// - Proofpoint Dynamic Reputation (PDR) lookup and FAQ: https://ipcheck.proofpoint.com/ and
//   https://www.proofpoint.com/us/support-services/ip-blocked-faq (delay vs block, how an IP leaves the list).
// - Proofpoint Essentials help: "User email address is marked as invalid", "Outbound mail rejected - 554 5.7.1:
//   Relay access denied", "Proofpoint Dynamic Reputation (PDR) IP blocklisting and IP address removal",
//   "Common Error Codes found in Message Details" (help.proofpoint.com/Proofpoint_Essentials/...).
// - Observed replies collected in ActiveCampaign's SMTP Field Manual (data/codes/*.json, spamfilter/proofpoint),
//   which also records the "prs.proofpoint.com" and Cloudmark CSI wordings.
// - "5.7.0 Local Policy Violation" as the PPS rejection text: a PPS customer's help page
//   (hunter.cuny.edu, Proofpoint "Spam Interception") and observed "Local Policy Violation - DMARC Reject" replies.
// PPS itself publishes no public list of its SMTP texts (they are configurable per customer), so the rules keep to
// the wordings above. Essentials answers most address problems with stock Postfix texts ("Recipient address
// rejected: User unknown", "unverified address" ...): those are left to the generic Postfix patterns.
// Order matters: first match wins, so specific wordings come before the general ones they contain.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const PDR_FAQ = "https://www.proofpoint.com/us/support-services/ip-blocked-faq";
const PDR_ESSENTIALS =
  "https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/Other_Features/Proofpoint_Dynamic_Reputation_(PDR)_IP_blocklisting_and_IP_address_removal";
const MARKED_INVALID =
  "https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/040_usersandgroups/User_email_address_is_%22marked_as_invalid%22";
const RELAY_DENIED =
  "https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/040_usersandgroups/Outbound_mail_rejected_-_554_5.7.1%3A_Relay_access_denied";
const COMMON_ERRORS =
  "https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/110_logs/Common_Error_Codes_found_in_Message_Details";
const POSTMASTER = "https://www.proofpoint.com/us/postmaster";

export const PROOFPOINT: ProviderInfo = {
  id: "proofpoint",
  name: "Proofpoint",
  markers: [
    "pphosted.com",
    "ppe-hosted.com",
    "ppops.net",
    "proofpoint.com",
    "ipcheck.proofpoint.com",
    "prs.proofpoint.com",
    "proofpoint essentials",
    "proofpoint dynamic reputation",
  ],
  reference: POSTMASTER,
};

export const PROOFPOINT_RULES = defineProviderRules([
  // ---- Essentials SMTP Discovery: addresses the customer marked invalid ---------------------------------------
  {
    id: "proofpoint.essentials-sender-marked-invalid",
    provider: "proofpoint",
    // Same Essentials check as below, applied to the sender of outbound mail ("Recipient {or Sender} address
    // rejected: User email address is marked as invalid").
    match: { text: [["sender address rejected", "marked as invalid"]] },
    reason: "rejected",
    meaning:
      "Proofpoint Essentials refused the sending address: the customer's account has this address on its list of invalid users (SMTP Discovery), so mail from it is not relayed.",
    causes: [
      "The address was auto-discovered by SMTP Discovery, nobody confirmed it within the grace period, and it expired into the Marked Invalid list.",
      "An administrator marked the address (or alias) as invalid in the Essentials console.",
      "The mailbox sends through Essentials but was never created as a user, alias or functional account.",
    ],
    actions: [
      "In the Essentials console open Users & Groups > SMTP Discovery, choose the Marked Invalid list and remove the address.",
      "Create the address as a user, alias or functional account (removing it from the list does not create it).",
      "Allow 30 to 60 minutes for the change to propagate, then resend.",
    ],
    checks: ["address"],
    source: MARKED_INVALID,
    example: "550 5.7.1 <sales@example.com>: Sender address rejected: User email address is marked as invalid.",
  },
  {
    id: "proofpoint.essentials-recipient-marked-invalid",
    provider: "proofpoint",
    match: { text: ["user email address is marked as invalid"] },
    reason: "userunknown",
    meaning:
      "The recipient's Proofpoint Essentials service treats this address as not valid: it sits on the account's Marked Invalid list (SMTP Discovery), so Essentials rejects mail for it before it reaches the mail server.",
    causes: [
      "The address does not exist (or no longer exists) at the recipient organisation.",
      "The address was discovered automatically and expired into the invalid list because the administrator took no action, even though the mailbox is in use.",
      "A new mailbox or alias was created on the mail server but not added to Essentials.",
    ],
    actions: [
      "Check the address for typos; if it is wrong, remove it from your list.",
      "If you know the mailbox exists, ask the recipient's administrator to remove it from the Marked Invalid list and create the user in Essentials.",
      "Resend only after the recipient confirms the fix; otherwise suppress the address.",
    ],
    checks: ["address", "mailbox"],
    source: MARKED_INVALID,
    example: "550 5.7.1 <jane.doe@example.com>: Recipient address rejected: User email address is marked as invalid.",
  },

  // ---- Authentication ---------------------------------------------------------------------------------------
  {
    id: "proofpoint.dmarc-reject",
    provider: "proofpoint",
    // PPS prefixes its policy rejections with "Local Policy Violation"; the DMARC module adds "DMARC Reject".
    match: { text: [["local policy violation", "dmarc"]] },
    reason: "authfailure",
    meaning:
      "The recipient's Proofpoint gateway evaluated DMARC for the From domain, the message failed it, and the domain's policy (or the customer's rule) says to reject such mail.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the domain in the From header.",
      "A third-party platform sends with your From domain but signs with its own DKIM domain or uses its own bounce domain.",
      "A forwarder or mailing list altered the message and broke the DKIM signature.",
    ],
    actions: [
      "Read the DMARC record of the From domain and the Authentication-Results of a test message.",
      "Sign with DKIM using the From domain (or a subdomain of it) and make the SPF-checked envelope domain align.",
      "Authorise every service that sends as your domain, then resend.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: POSTMASTER,
    example: "550 5.7.0 Local Policy Violation - DMARC Reject",
  },

  // ---- Reputation and blocklists ----------------------------------------------------------------------------
  {
    id: "proofpoint.pdr-blocked",
    provider: "proofpoint",
    // "Blocked - see https://ipcheck.proofpoint.com/?ip=..." (formerly support.proofpoint.com/dnsbl-lookup.cgi).
    // Also served as the connection banner ("554 <host> ESMTP Blocked - see ...") and used by Apple's MX hosts.
    match: { text: ["ipcheck.proofpoint.com", "dnsbl-lookup.cgi", "refused by proofpoint reputation"] },
    reason: "blocked",
    meaning:
      "The sending IP address is on Proofpoint Dynamic Reputation (PDR), Proofpoint's own IP blocklist shared by all its customers (and by Apple's iCloud MX). PDR blocks or delays an IP when it sees mail scored as spam or virus coming from it.",
    causes: [
      "Spam or malware was sent from the IP (a compromised account, an open form, a bad list), including by another tenant of a shared IP.",
      "Mail from the IP hit Proofpoint spam traps or was reported as spam by recipients.",
      "The IP sits in a range that looks like a consumer or bulk network rather than a mail server (no proper reverse DNS).",
      "A sudden jump in volume from a new or dedicated IP that has no history.",
    ],
    actions: [
      "Look the IP up at https://ipcheck.proofpoint.com/ to see whether it is blocked or only delayed (delays clear by themselves within minutes).",
      "Find and stop the source of unwanted mail from that IP; check reverse DNS, SPF, DKIM and list hygiene.",
      "Submit the removal request from the ipcheck page with the recipient, mail type and what you fixed; if you relay through an ESP, ask the ESP to do it.",
      "Resume sending gradually once the lookup shows the IP as not blocked.",
    ],
    checks: ["blocklist", "ptr", "volume", "spf", "dkim"],
    source: PDR_FAQ,
    example: "554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1",
  },
  {
    id: "proofpoint.pdr-rbl-lookup",
    provider: "proofpoint",
    // The same PDR list queried as a DNSBL ("blocked using prs.proofpoint.com").
    match: { text: ["prs.proofpoint.com", "proofpoint dynamic reputation", "proofpoint reputation service"] },
    reason: "blocked",
    meaning:
      "The receiving server looked the sending IP up in Proofpoint's reputation list (PDR, queried as prs.proofpoint.com) and refused the connection because the IP is listed.",
    causes: [
      "Proofpoint has recently received spam or virus-scored mail from the IP.",
      "The IP is shared with other senders whose traffic damaged its reputation.",
      "The IP lacks the signs of a legitimate mail server (reverse DNS, consistent HELO, authentication).",
    ],
    actions: [
      "Check the IP at https://ipcheck.proofpoint.com/ and request removal there once the cause is fixed.",
      "Stop the traffic that caused the listing (compromised accounts, purchased lists, unprotected forms).",
      "Send through a different, clean IP only if you control it and the problem is fixed; otherwise wait for delisting.",
    ],
    checks: ["blocklist", "ptr", "volume"],
    source: PDR_ESSENTIALS,
    example: "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using prs.proofpoint.com",
  },
  {
    id: "proofpoint.cloudmark-csi",
    provider: "proofpoint",
    // Cloudmark Sender Intelligence (CSI) belongs to Proofpoint since 2017; Proofpoint hosts can query it.
    match: { text: ["cloudmark sender intelligence", "csi.cloudmark.com"] },
    reason: "blocked",
    meaning:
      "The sending IP is listed by Cloudmark Sender Intelligence (CSI), the IP reputation list Proofpoint acquired with Cloudmark, and the receiving server refuses connections from listed IPs.",
    causes: [
      "Cloudmark's network saw spam, complaints or trap hits from the IP.",
      "The IP is new, dynamic or shared and has a poor or unknown reputation.",
    ],
    actions: [
      "Check the IP and request a reset at https://csi.cloudmark.com/en/reset/ after fixing the cause.",
      "Review what the IP sent recently: complaint rates, bounce rates, compromised accounts.",
      "Resume gradually once the listing is gone.",
    ],
    checks: ["blocklist", "volume"],
    source: "https://csi.cloudmark.com/en/reset/",
    example:
      "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Cloudmark Sender Intelligence (Visit http://csi.cloudmark.com/reset-request/ if you feel this is in error)",
  },
  {
    id: "proofpoint.essentials-sender-rejected",
    provider: "proofpoint",
    // Essentials' rejection of the sending host at MAIL FROM; resellers of Essentials describe it as an IP
    // blocklist or SPF hard-fail rejection (e.g. spambrella.com "Common Email Delivery Error Codes").
    match: { providerOnly: true, text: [["5.1.0", "sender rejected"]] },
    reason: "blocked",
    meaning:
      "Proofpoint Essentials refused the sender at the start of the transaction. Essentials gives this answer when the connecting IP is on a blocklist it uses or when the sender fails a hard SPF check.",
    causes: [
      "The sending IP is listed on Proofpoint Dynamic Reputation or another blocklist Essentials consults.",
      "The envelope sender domain publishes SPF with -all and the sending IP is not authorised.",
    ],
    actions: [
      "Look the IP up at https://ipcheck.proofpoint.com/ and on the major public blocklists.",
      "Check that the SPF record of the envelope domain lists this server.",
      "Request delisting or fix SPF, then resend.",
    ],
    checks: ["blocklist", "spf"],
    source: COMMON_ERRORS,
    example:
      "host mx1-us1.ppe-hosted.com[198.51.100.7] said: 550 5.1.0 sender rejected (in reply to MAIL FROM command)",
  },

  // ---- Local policy -----------------------------------------------------------------------------------------
  {
    id: "proofpoint.local-policy-violation",
    provider: "proofpoint",
    match: { providerOnly: true, text: ["local policy violation"] },
    reason: "policyviolation",
    meaning:
      "A rule of the recipient organisation's Proofpoint gateway rejected the message. Proofpoint uses this one text for several rule types; customers commonly return it to senders whose IP is on a blocklist, but it also covers content and attachment rules.",
    causes: [
      "The sending IP is on a reputation list the customer blocks at connection time.",
      "The message matched a content, attachment or sender rule set by the recipient organisation.",
    ],
    actions: [
      "Check the sending IP on ipcheck.proofpoint.com and public blocklists first.",
      "If the IP is clean, ask the recipient's mail administrator which Proofpoint rule matched (they see it in their logs).",
      "Change the message or get the sender allowed by the recipient, then resend.",
    ],
    checks: ["blocklist", "content"],
    source: POSTMASTER,
    example:
      "host mx0a-00123456.pphosted.com[192.0.2.10] said: 550 5.7.0 Local Policy Violation (in reply to end of DATA command)",
  },

  // ---- Relaying -------------------------------------------------------------------------------------------
  {
    id: "proofpoint.relay-denied",
    provider: "proofpoint",
    // Essentials is a closed relay; PPS uses the sendmail wording "Relaying denied".
    match: { providerOnly: true, text: ["relay access denied", "relaying denied"] },
    reason: "norelaying",
    meaning:
      "Proofpoint refused to relay the message: the recipient domain is not one its customer handles through Proofpoint, or the sender is not a user it may send for. Proofpoint Essentials is a closed relay: every address sending through it must exist there as a user, alias or functional account.",
    causes: [
      "Inbound: the recipient domain's MX points to Proofpoint but the domain is not (or no longer) set up in the customer's account.",
      "Outbound: the sending address is not a user, alias or functional account in Essentials, or outbound relay is not enabled for the domain or sending IP.",
      "Auto-forwarding to external addresses through Essentials (not supported).",
      "Changes made in the last hour have not propagated yet.",
    ],
    actions: [
      "Inbound: confirm the recipient domain and its MX records; tell the recipient their Proofpoint domain setup is incomplete.",
      "Outbound: add the sender as a user, alias or functional account and make sure outbound relay (sending IPs or SMTP AUTH) is enabled for the domain.",
      "Wait 30 to 60 minutes after a change before testing again.",
    ],
    checks: ["mx", "address", "credentials"],
    source: RELAY_DENIED,
    example:
      "host mx1-us1.ppe-hosted.com[203.0.113.5] said: 554 5.7.1 <user@example.com>: Relay access denied (in reply to RCPT TO command)",
  },

  // ---- Recipient addresses ----------------------------------------------------------------------------------
  {
    id: "proofpoint.user-unknown",
    provider: "proofpoint",
    // PPS validates recipients (LDAP/SMTP probe) and, in many deployments, answers at DATA for all recipients.
    match: { providerOnly: true, text: ["5.1.1 user unknown"] },
    reason: "userunknown",
    meaning:
      "The recipient's Proofpoint gateway checked the address against the organisation's directory and found no such mailbox. Proofpoint often gives this answer after DATA rather than after RCPT TO, so it can apply to the message as a whole.",
    causes: [
      "The address is misspelt or was never valid.",
      "The person left the organisation and the mailbox was removed.",
      "The mailbox exists but has not yet synchronised into Proofpoint's directory (rare, short-lived).",
    ],
    actions: [
      "Check the address for typos and correct it if you can.",
      "Otherwise suppress the address; do not retry.",
    ],
    checks: ["address"],
    source: COMMON_ERRORS,
    example: "host mx0b-00123456.pphosted.com[192.0.2.20] said: 550 5.1.1 User Unknown (in reply to DATA command)",
  },
  {
    id: "proofpoint.not-a-valid-address",
    provider: "proofpoint",
    match: { text: ["this is not a valid email address"] },
    reason: "userunknown",
    meaning: "Proofpoint rejected the recipient because the address is not valid at the receiving organisation.",
    causes: ["The address is misspelt, was never issued, or belonged to someone who has left."],
    actions: [
      "Check the address with the recipient through another channel.",
      "Suppress it if it cannot be corrected.",
    ],
    checks: ["address"],
    source: COMMON_ERRORS,
    example:
      "550 5.1.1 - This is not a valid email address. Please verify that you have the correct email address for your recipient.",
  },
]);
