// Cisco Secure Email (formerly IronPort; Email Security Appliance "ESA" on AsyncOS, and the hosted Cisco Secure
// Email Cloud Gateway whose MX hosts are *.iphmx.com). AsyncOS writes enhanced codes with a leading "#"
// ("550 #5.1.0 Address rejected."), which makes its stock texts recognisable.
// Sources:
// - Cisco tech note 200436 "Identify and allow poor SenderBase Reputation Score (SBRS) mail servers" (the 554 poor
//   reputation banner of the HAT BLOCKED policy).
// - Cisco ESA Q&A 117980 "What SMTP response codes does the ESA support?" and the listener responses listed with it
//   (#4.4.5 connection limits, #4.3.1 resource limits, #5.3.4 size limits, STARTTLS requirements ...).
// - AsyncOS for Email User Guide: Email Authentication chapter (SPF/SIDF reject "#5.7.1 SPF unauthorized mail is
//   prohibited.", defer "#4.4.3 Temporary error occurred during SPF verification."; DMARC verification profile
//   defaults "#5.7.1 DMARC unauthenticated mail is prohibited." and "#4.7.1 Unable to perform DMARC
//   verification."), Host Access Table chapter (rate limit per hour, envelope sender DNS verification), LDAP chapter
//   (LDAP accept query, "#5.1.0 Address rejected").
// - Cisco tech note 118556 "envelope sender domain does not exist" (sender DNS verification, "#5.1.8 Domain of
//   sender address <...> does not exist").
// All these texts are defaults that each customer may rewrite; the rules match the defaults.
// Order matters: first match wins.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const POOR_SBRS =
  "https://www.cisco.com/c/en/us/support/docs/security/email-security-appliance/200436-Identify-and-allow-poor-SenderBase-Reput.html";
const RESPONSE_CODES =
  "https://www.cisco.com/c/en/us/support/docs/security/email-security-appliance/117980-qanda-esa-00.html";
const USER_GUIDES =
  "https://www.cisco.com/c/en/us/support/security/email-security-appliance/products-user-guide-list.html";
const LDAP_CHAPTER =
  "https://www.cisco.com/c/en/us/td/docs/security/esa/esa11-0/user_guide/b_ESA_Admin_Guide/b_ESA_Admin_Guide_chapter_011010.html";
const SENDER_DNS =
  "https://www.cisco.com/c/en/us/support/docs/security/email-security-appliance/118556-technote-esa-00.html";
const TALOS = "https://talosintelligence.com/reputation_center";

export const CISCO: ProviderInfo = {
  id: "cisco",
  name: "Cisco Secure Email (IronPort)",
  markers: ["iphmx.com", "ironport", "cisco.com", "senderbase", "talosintelligence"],
  reference: TALOS,
};

export const CISCO_RULES = defineProviderRules([
  // ---- Reputation (Host Access Table) -------------------------------------------------------------------------
  {
    id: "cisco.poor-reputation",
    provider: "cisco",
    match: { text: ["sending mta's poor reputation", "sending mta’s poor reputation"] },
    reason: "badreputation",
    meaning:
      "The gateway looked up the sending IP's SenderBase/Talos reputation score, the score fell in the range the recipient organisation blocks, and the connection was refused before any message was sent.",
    causes: [
      "Spam, malware or a burst of unwanted mail was recently seen from the IP (compromised account, form abuse, bad list).",
      "The IP is shared (hosting, ESP pool) and other senders damaged its reputation.",
      "The IP is new or was recently reassigned and has little or bad history; missing reverse DNS makes it worse.",
    ],
    actions: [
      "Check the IP's email reputation at https://talosintelligence.com/reputation_center.",
      "Find and stop the source of unwanted mail; make sure the IP has a proper reverse DNS name and the mail is authenticated.",
      "Open a reputation ticket with Talos once fixed, or send through another, clean IP you control.",
      "Ask the recipient to add your IP to an allowed sender group if the mail is urgent.",
    ],
    checks: ["blocklist", "ptr", "volume", "spf", "dkim"],
    source: POOR_SBRS,
    example:
      "554-esa3.hc1234-56.iphmx.com 554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.",
  },

  // ---- Authentication ---------------------------------------------------------------------------------------
  {
    id: "cisco.spf-reject",
    provider: "cisco",
    match: { text: ["spf unauthorized mail is prohibited"] },
    reason: "authfailure",
    meaning:
      "AsyncOS SPF verification failed for the sender (HELO or MAIL FROM identity) and the recipient's listener is set to reject such mail.",
    causes: [
      "The sending IP is not listed in the SPF record of the envelope domain (or of the HELO name).",
      "The SPF record is broken (syntax error, more than 10 DNS lookups), which the listener may also reject.",
      "Forwarding: the message arrives from a server that your SPF record cannot know.",
    ],
    actions: [
      "Check the SPF record of the envelope (Return-Path) domain and of the HELO host name for this sending IP.",
      "Add the missing server or include, keep the record within 10 lookups, then resend.",
    ],
    checks: ["spf", "helo"],
    source: USER_GUIDES,
    example: "550 #5.7.1 SPF unauthorized mail is prohibited.",
  },
  {
    id: "cisco.spf-temporary-error",
    provider: "cisco",
    match: { text: ["temporary error occurred during spf verification"] },
    reason: "authfailure",
    meaning:
      "The gateway could not complete the SPF check because a DNS lookup failed temporarily, so it deferred the message.",
    causes: ["The DNS servers of the sender's domain timed out or returned a temporary error for the SPF query."],
    actions: [
      "Let the MTA retry.",
      "If it persists, check that the domain's name servers answer TXT queries quickly and that the SPF record resolves.",
    ],
    checks: ["spf", "dns"],
    source: USER_GUIDES,
    example: "451 #4.4.3 Temporary error occurred during SPF verification.",
  },
  {
    id: "cisco.dmarc-reject",
    provider: "cisco",
    match: { text: ["dmarc unauthenticated mail is prohibited"] },
    reason: "authfailure",
    meaning:
      "The message failed DMARC for its From domain and the domain's policy is p=reject, which the recipient's gateway enforces.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the From domain.",
      "A third-party sender uses your From domain without signing with it.",
      "A forwarder or list altered the message and broke DKIM.",
    ],
    actions: [
      "Check the DMARC record and the Authentication-Results of a test message.",
      "Sign with DKIM for the From domain and align the envelope domain; authorise every service that sends as you.",
      "Resend once DMARC passes.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: USER_GUIDES,
    example: "550 #5.7.1 DMARC unauthenticated mail is prohibited.",
  },
  {
    id: "cisco.dmarc-verification-error",
    provider: "cisco",
    match: { text: ["unable to perform dmarc verification", "#5.7.1 dmarc verification failed"] },
    reason: "authfailure",
    meaning:
      "The gateway could not evaluate DMARC for the From domain (temporary DNS failure, or a permanent error such as a malformed record) and the recipient's profile rejects or defers in that case.",
    causes: [
      "DNS lookups for the _dmarc record, SPF or DKIM keys timed out (temporary).",
      "The DMARC record is syntactically invalid or the domain's DNS is broken (permanent).",
    ],
    actions: [
      "On a 4xx, let the MTA retry.",
      "Validate the _dmarc TXT record and the DKIM key records of the From domain; fix DNS errors, then resend.",
    ],
    checks: ["dmarc", "dns"],
    source: USER_GUIDES,
    example: "451 #4.7.1 Unable to perform DMARC verification.",
  },
  {
    id: "cisco.sender-domain-missing",
    provider: "cisco",
    match: { text: ["#5.1.8 domain of sender address"] },
    reason: "rejected",
    meaning:
      "Envelope sender DNS verification failed: the domain of the MAIL FROM address does not exist in DNS (NXDOMAIN), so the gateway refuses the sender.",
    causes: [
      "The envelope sender uses a domain that was never registered, has expired, or is an internal name (for example root@host.local).",
      "A typo in the configured sender address of an application or device.",
    ],
    actions: [
      "Send with an envelope sender whose domain exists in public DNS and has MX or A records.",
      "Fix the sender address in the application or the sending server's masquerading, then resend.",
    ],
    checks: ["dns", "mx", "address"],
    source: SENDER_DNS,
    example: "553 #5.1.8 Domain of sender address <alerts@nonexistent.example.com> does not exist",
  },

  // ---- Recipient addresses ----------------------------------------------------------------------------------
  {
    id: "cisco.address-rejected",
    provider: "cisco",
    // Default answer of an LDAP acceptance query (or recipient validation) for an unknown recipient.
    match: { text: ["#5.1.0 address rejected"] },
    reason: "userunknown",
    meaning:
      "The gateway checked the recipient against the organisation's directory (LDAP acceptance query or recipient validation) and found no such address.",
    causes: ["The address is misspelt or was never valid.", "The person left and the directory entry was removed."],
    actions: ["Check the address for typos.", "Suppress it if it cannot be corrected; do not retry."],
    checks: ["address"],
    source: LDAP_CHAPTER,
    example: "550 #5.1.0 Address rejected.",
  },

  // ---- Rate limits and connection limits ------------------------------------------------------------------
  {
    id: "cisco.recipients-per-hour",
    provider: "cisco",
    // Host Access Table "Max. Recipients per Hour" (e.g. the THROTTLED policy for suspect senders).
    match: { text: ["too many recipients received this hour"] },
    reason: "ratelimited",
    meaning:
      "The sending IP has reached the number of recipients per hour that the recipient's mail flow policy allows it; further recipients are deferred until the hour rolls over. Low-reputation senders are often placed in a throttled policy with a very small hourly limit.",
    causes: [
      "A burst of mail to one organisation from a single IP.",
      "The IP's reputation placed it in a throttled sender group with a strict hourly cap.",
    ],
    actions: [
      "Let the MTA retry; spread sending to this domain over a longer period.",
      "Improve the IP's reputation so that it leaves the throttled group.",
    ],
    checks: ["volume", "blocklist"],
    source: USER_GUIDES,
    example: "452 Too many recipients received this hour",
  },
  {
    id: "cisco.too-many-recipients",
    provider: "cisco",
    match: { text: ["#4.5.3 too many recipients"] },
    reason: "ratelimited",
    meaning:
      "The message has more recipients than the mail flow policy accepts in one transaction; the extra ones are deferred so the sender delivers them in another transaction.",
    causes: ["Too many RCPT TO commands in one transaction for the policy that applies to the sending IP."],
    actions: [
      "Nothing to do if the MTA retries the deferred recipients (standard behaviour).",
      "Otherwise split large recipient lists into smaller batches.",
    ],
    checks: ["volume"],
    retry: "auto-retry",
    source: RESPONSE_CODES,
    example: "452 #4.5.3 Too many recipients",
  },
  {
    id: "cisco.too-many-connections",
    provider: "cisco",
    match: {
      text: ["#4.4.5 too many connections", "#4.4.5 too many tls sessions", "too many messages for this session"],
    },
    reason: "ratelimited",
    meaning:
      "The sending host exceeded the concurrent connections (or messages per session) allowed by the recipient's mail flow policy, so the gateway closed this connection.",
    causes: [
      "The sending MTA opens many parallel connections to the same gateway.",
      "Many messages sent over one session beyond the policy limit.",
      "A throttled sender group with low limits because of the IP's reputation.",
    ],
    actions: [
      "Let the MTA retry; reduce concurrency and messages per connection for this destination.",
      "If limits stay tight, work on the IP's reputation.",
    ],
    checks: ["volume"],
    source: RESPONSE_CODES,
    example: "421 #4.4.5 Too many connections from your host.",
  },

  // ---- Protocol and session problems --------------------------------------------------------------------------
  {
    id: "cisco.starttls-required",
    provider: "cisco",
    match: {
      text: ["#5.7.0 must issue a starttls command first", "#5.7.0 this sender must issue a starttls"],
    },
    reason: "securityerror",
    meaning:
      "The recipient's mail flow policy requires TLS for this sender, and the sending server tried to continue without starting TLS.",
    causes: [
      "STARTTLS is disabled on the sending server, or it fell back to plain text after a failed handshake.",
      "A firewall or proxy removes STARTTLS from the session.",
    ],
    actions: [
      "Enable opportunistic or mandatory TLS (TLS 1.2 or later) on the sending server and test the handshake with this host.",
      "Check for SMTP inspection on firewalls between the servers, then resend.",
    ],
    checks: ["tls"],
    source: RESPONSE_CODES,
    example: "530 #5.7.0 Must issue a STARTTLS command first",
  },
  {
    id: "cisco.encryption-required",
    provider: "cisco",
    // 538 is the code RFC 4954 gives to "encryption required for requested authentication mechanism".
    match: { text: ["#5.7.11 encryption required"] },
    reason: "failedstarttls",
    meaning:
      "The gateway refused to go on over an unencrypted session: the sending client tried to authenticate or send before TLS was in place, and the listener requires encryption.",
    causes: [
      "The client authenticates (SMTP AUTH) without first starting TLS.",
      "TLS negotiation failed and the client continued in plain text.",
    ],
    actions: [
      "Issue STARTTLS (TLS 1.2 or later) before AUTH and before sending, and check that the handshake succeeds.",
      "Check for firewalls that strip STARTTLS, then resend.",
    ],
    checks: ["tls", "credentials"],
    source: RESPONSE_CODES,
    example: "538 #5.7.11 Encryption required",
  },
  {
    id: "cisco.connection-time-exceeded",
    provider: "cisco",
    match: { text: ["exceeded allowable connection time"] },
    reason: "networkerror",
    meaning:
      "The SMTP session lasted longer than the listener allows, so the gateway closed it. This usually points to a slow or stalled transfer.",
    causes: ["A very slow link or a stalled sender.", "A very large message over a slow connection."],
    actions: ["Let the MTA retry.", "If it repeats, look for network problems or throttling on the sending side."],
    source: RESPONSE_CODES,
    example: "421 Exceeded allowable connection time",
  },
  {
    id: "cisco.bad-command-limit",
    provider: "cisco",
    match: { text: ["exceeded bad smtp command limit"] },
    reason: "syntaxerror",
    meaning: "The sending client issued too many invalid SMTP commands in one session, so the gateway disconnected it.",
    causes: ["A misbehaving SMTP client or script, or a firewall that mangles commands."],
    actions: ["Capture the SMTP dialogue and fix the client's commands.", "Check SMTP inspection on firewalls."],
    source: RESPONSE_CODES,
    example: "421 Exceeded bad SMTP command limit, disconnecting",
  },
  {
    id: "cisco.syntax-error",
    provider: "cisco",
    match: {
      text: [
        "#5.5.1 command not recognized",
        "#5.5.2 syntax error",
        "#5.5.1 mail first",
        "#5.5.1 rcpt first",
        "#5.0.0 ehlo requires domain address",
        "#5.5.4 invalid arguments",
      ],
    },
    reason: "syntaxerror",
    meaning:
      "The gateway did not accept an SMTP command from the sending client: unknown command, wrong order or bad arguments.",
    causes: ["A non-standard or buggy SMTP client.", "A firewall or proxy that alters the SMTP dialogue."],
    actions: ["Capture the SMTP session and correct the command the client sends.", "Check SMTP inspection devices."],
    checks: ["helo"],
    source: RESPONSE_CODES,
    example: "500 #5.5.1 command not recognized",
  },
  {
    id: "cisco.bare-crlf",
    provider: "cisco",
    match: { text: ["illegal bare cr/lf"] },
    reason: "notcompliantrfc",
    meaning:
      "The message body contains a carriage return or line feed that is not part of a CRLF pair, which SMTP forbids, so the gateway refused it.",
    causes: [
      "The sending application writes lone LF (Unix line endings) or lone CR into the message without converting them.",
    ],
    actions: ["Make the sending application or library emit CRLF line endings, then resend."],
    checks: ["content"],
    source: RESPONSE_CODES,
    example: "554 message body contains illegal bare CR/LF characters.",
  },
  {
    id: "cisco.too-many-hops",
    provider: "cisco",
    match: { providerOnly: true, text: ["too many hops"] },
    reason: "networkerror",
    meaning: "The message carries too many Received headers, a sign that it is looping between mail systems.",
    causes: ["Forwarding rules or routes that send the message back and forth between servers."],
    actions: ["Find the repeating hosts in the Received headers and break the loop, then resend."],
    checks: ["mx"],
    source: RESPONSE_CODES,
    example: "host mx1.hc1234-56.iphmx.com[192.0.2.30] said: 554 Too many hops (in reply to end of DATA command)",
  },

  // ---- Size -------------------------------------------------------------------------------------------------
  {
    id: "cisco.message-too-large",
    provider: "cisco",
    match: { text: ["#5.3.4 message size exceeds limit", "#5.3.4 message header size exceeds limit"] },
    reason: "emailtoolarge",
    meaning:
      "The message (or its header section) is larger than the maximum size the recipient's mail flow policy accepts.",
    causes: [
      "Large attachments.",
      "A low size limit applied to your sender group (throttled policies often allow only 1 MB).",
    ],
    actions: ["Send large files as links instead of attachments, or compress them.", "Resend the smaller message."],
    checks: ["content"],
    source: RESPONSE_CODES,
    example: "552 #5.3.4 message size exceeds limit",
  },

  // ---- Recipient gateway state ------------------------------------------------------------------------------
  {
    id: "cisco.resources-low",
    provider: "cisco",
    match: { text: ["#4.3.1 queue full", "#4.3.1 server resources low", "#4.3.1 temporary system error"] },
    reason: "systemfull",
    meaning:
      "The recipient's gateway is short of queue space or system resources and defers new mail until it recovers.",
    causes: [
      "The recipient's queue is backed up (often because its own next hop is down) or the appliance is overloaded.",
    ],
    actions: ["Let the MTA retry; the condition is on the recipient side."],
    source: RESPONSE_CODES,
    example: "452 #4.3.1 server resources low - try again later",
  },
  {
    id: "cisco.server-error",
    provider: "cisco",
    match: { text: ["#4.3.0 server error", "#5.3.0 server error"] },
    reason: "systemerror",
    meaning: "The recipient's gateway hit an internal error while handling the message.",
    causes: ["A fault on the recipient's appliance or cloud gateway."],
    actions: ["Let the MTA retry a 4xx; for a 5xx, resend later and contact the recipient if it persists."],
    source: RESPONSE_CODES,
    example: "451 #4.3.0 Server Error",
  },
  {
    id: "cisco.evaluation-license-expired",
    provider: "cisco",
    match: { text: ["the evaluation license has expired"] },
    reason: "systemerror",
    meaning: "The recipient's gateway runs on an expired evaluation licence and no longer accepts mail.",
    causes: ["The recipient has not licensed its Cisco appliance (an administrative problem on their side)."],
    actions: ["Let the MTA retry for the usual period.", "Tell the recipient through another channel if it lasts."],
    source: RESPONSE_CODES,
    example: "421 The evaluation license has expired",
  },
]);
