// Yahoo Mail and AOL Mail (one inbound platform since 2018: AOL MX hosts are *.yahoodns.net).
// Sources: Yahoo Sender Hub "SMTP Error Codes" (https://senders.yahooinc.com/smtp-error-codes/, the page that
// postmaster.yahooinc.com/error-codes points to), the older help.yahoo.com postmaster articles (SLN3434, SLN3436,
// SLN3437, SLN5066, SLN7253) and the archived AOL postmaster error list (postmaster.info.aol.com/errors/).
// Yahoo documents its replies by family (TS* deferrals, PH* content blocks, authentication, RFC compliance ...)
// rather than tag by tag; where a tag's exact scope is not published the meaning below says so.
// Order matters: first match wins, so tag rules come before the general wording they share.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const SENDER_HUB = "https://senders.yahooinc.com/smtp-error-codes/";
const AOL_ERRORS = "http://postmaster.info.aol.com/errors/";

export const YAHOO: ProviderInfo = {
  id: "yahoo",
  name: "Yahoo and AOL",
  markers: [
    "yahoodns.net",
    "yahoo.com",
    "yahooinc.com",
    "postmaster.yahooinc.com",
    "senders.yahooinc.com",
    "postmaster.verizonmedia.com",
    "aol.com",
    "mx.aol.com",
    "postmaster.info.aol.com",
  ],
  reference: SENDER_HUB,
};

export const YAHOO_RULES = defineProviderRules([
  // ---- Authentication -------------------------------------------------------------------------------------
  {
    id: "yahoo.unauthenticated-sender",
    provider: "yahoo",
    match: {
      text: ["requires all senders to authenticate with either spf or dkim", "the sender is unauthenticated"],
    },
    reason: "authfailure",
    meaning:
      "Yahoo refused the message because it carried no passing authentication at all: neither SPF nor DKIM verified for the sending domain. Since 2024 every sender to Yahoo must pass at least one of them.",
    causes: [
      "The sending IP is not listed in the SPF record of the envelope (MAIL FROM) domain.",
      "The message was not DKIM-signed, or the signature failed (wrong selector, key not published, body altered).",
      "Mail is relayed or forwarded through a server that breaks SPF and does not sign.",
    ],
    actions: [
      "Publish or fix the SPF record of the envelope domain so that it includes every server that sends for it.",
      "Sign outgoing mail with DKIM using your own domain and publish the public key.",
      "Send a test to a Yahoo mailbox and confirm spf=pass or dkim=pass in the Authentication-Results header.",
      "Resend only once authentication passes.",
    ],
    checks: ["spf", "dkim", "alignment"],
    source: SENDER_HUB,
    example:
      "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.",
  },
  {
    id: "yahoo.dmarc-policy-reject",
    provider: "yahoo",
    // postmaster-28 is Yahoo's former page for authentication (DMARC/DKIM policy) rejections, now SLN7253.
    match: { text: ["postmaster-28", ["not accepted for policy reasons", "dmarc"]] },
    reason: "authfailure",
    meaning:
      "Yahoo could not verify that the message really came from the domain in the From header, and that domain's published policy (DMARC, or a signing policy for DKIM) asks receivers to reject such mail.",
    causes: [
      "The From domain publishes DMARC p=reject (or p=quarantine) and neither SPF nor DKIM passed in alignment with it.",
      "A third-party service sends with your From domain but signs DKIM with its own domain.",
      "A mailing list or forwarder changed the message and broke the DKIM signature.",
      "Someone sends with a From address at a domain they do not control (for example a freemail domain through an ESP).",
    ],
    actions: [
      "Check the DMARC record of the From domain and the Authentication-Results of a test message.",
      "Make the DKIM signing domain (d=) or the SPF domain align with the From domain.",
      "For mailing lists, rewrite the From to the list address and put the author in Reply-To; for forwarding, add ARC.",
      "Do not send with a From address at a domain you cannot authenticate (e.g. yahoo.com or aol.com through an ESP).",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: "https://help.yahoo.com/kb/SLN7253.html",
    example:
      "554 5.7.9 Message not accepted for policy reasons.  See http://postmaster.yahoo.com/errors/postmaster-28.html",
  },

  // ---- Block lists (BL* tags and the same wording with other tags) -----------------------------------------
  {
    id: "yahoo.bl21-spamhaus",
    provider: "yahoo",
    match: { text: ["[bl21]"] },
    reason: "blocked",
    meaning:
      "The connecting IP address is on a Spamhaus block list, and Yahoo refuses connections from listed addresses outright.",
    causes: [
      "The IP is in Spamhaus PBL (an end-user or dynamic range that should not send mail directly).",
      "The IP is in Spamhaus SBL or CSS because of spam seen from it or its neighbourhood.",
      "A shared or newly assigned IP inherited a listing from a previous user.",
    ],
    actions: [
      "Look the IP up at https://check.spamhaus.org/ and read the listing reason.",
      "Fix the cause (compromised account, open relay, bad list), then request delisting from Spamhaus.",
      "For a PBL listing on a server IP, send through a proper mail server or ask the IP owner to update the PBL.",
      "Retry once the listing is gone; Yahoo does not delist separately.",
    ],
    hardBounce: false,
    checks: ["blocklist", "ptr"],
    source: SENDER_HUB,
    example:
      "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.bl22-spamhaus",
    provider: "yahoo",
    // BL22 is reported in bounce-rule sets as the Spamhaus SBL variant; Yahoo's page only says "listed by Spamhaus".
    match: { text: ["[bl22]"] },
    reason: "blocked",
    meaning:
      "Yahoo refused the connection because the sending IP is listed by Spamhaus (reported to be the SBL, the list of known spam sources).",
    causes: [
      "Spamhaus has listed the IP or its range as a source of spam.",
      "The range belongs to a hosting provider with a listed (spam-supporting) customer.",
    ],
    actions: [
      "Look the IP up at https://check.spamhaus.org/ and follow the removal steps given there.",
      "Stop the traffic that caused the listing before asking for removal.",
      "Move sending to a clean IP only if the listing is about the provider's range and cannot be resolved.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: SENDER_HUB,
    example:
      "553 5.7.1 [BL22] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.bl23-spamhaus-xbl",
    provider: "yahoo",
    match: { text: ["[bl23]", "not accepted from ip addresses on spamhaus xbl"] },
    reason: "blocked",
    meaning:
      "The sending IP is in Spamhaus XBL, the list of hosts showing signs of infection or exploitation (bots, open proxies), so Yahoo does not accept connections from it.",
    causes: [
      "A machine behind the sending IP (or NAT) is infected and sends spam or probes.",
      "The server runs an open proxy or a compromised web application.",
    ],
    actions: [
      "Check the IP at https://check.spamhaus.org/ to see the detection details.",
      "Find and clean the infected host or close the proxy; rotate any leaked credentials.",
      "Request removal from the XBL once the source is fixed, then retry.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: SENDER_HUB,
    example:
      "553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see http://postmaster.yahoo.com/errors/550-bl23.html [550]",
  },
  {
    id: "yahoo.spamhaus-listed",
    provider: "yahoo",
    // Same wording is also seen with other tags, e.g. [TSS07].
    match: { text: ["because the ip is in spamhaus's list", "because the ip is in spamhaus list"] },
    reason: "blocked",
    meaning:
      "Yahoo will not take mail from the connecting IP because Spamhaus lists it; Yahoo names Spamhaus listings as one cause of permanent refusals.",
    causes: [
      "The sending IP is on a Spamhaus list (SBL, XBL, PBL or CSS).",
      "A shared IP was listed because of another customer's traffic.",
    ],
    actions: [
      "Look the IP up at https://check.spamhaus.org/.",
      "Fix the cause and request delisting, or ask your provider to move you to a clean IP.",
      "Retry after the listing has been removed.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: SENDER_HUB,
    example:
      "553 5.7.1 [TSS07] Connections will not be accepted from 203.0.113.5, because the ip is in Spamhaus's list; see https://postmaster.verizonmedia.com/error-codes",
  },

  // ---- Permanent deferrals (TSS09, TSS11, TS03) -------------------------------------------------------------
  {
    id: "yahoo.tss09-permanent-deferral",
    provider: "yahoo",
    match: { text: ["[tss09]"] },
    reason: "blocked",
    meaning:
      "Yahoo has stopped accepting any mail from this IP address for now and says retrying will not help: a block on the sender's IP, not a problem with the recipient.",
    causes: [
      "Sustained complaints or spam-trap hits from the IP.",
      "A sudden volume increase from an IP without sending history.",
      "Mail from the IP failing Yahoo's sender requirements (authentication, unsubscribe, complaint rate).",
    ],
    actions: [
      "Stop sending to Yahoo and AOL from this IP; do not keep retrying.",
      "Review what the IP sent recently: compromised accounts, purchased or stale lists, forwarding of spam.",
      "Check authentication, complaint rate (Yahoo feedback loop) and list hygiene against the Sender Requirements.",
      "After fixing the cause, open a Sender Support request at senders.yahooinc.com and resume slowly.",
    ],
    hardBounce: false,
    retry: "fix-first",
    checks: ["blocklist", "volume", "spf", "dkim", "dmarc"],
    source: SENDER_HUB,
    example:
      "553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.tss11-permanent-deferral",
    provider: "yahoo",
    match: { text: ["[tss11]"] },
    reason: "blocked",
    meaning:
      "Another form of Yahoo's IP-wide permanent deferral: nothing from this IP will be accepted until its behaviour changes. Yahoo does not publish what separates TSS11 from TSS09.",
    causes: [
      "Poor reputation of the sending IP (complaints, unknown recipients, spam-like content).",
      "High volume of unauthenticated or badly authenticated mail from the IP.",
    ],
    actions: [
      "Stop retrying from this IP.",
      "Make sure every message passes SPF and DKIM with a DMARC record in place, and that lists are opt-in and clean.",
      "Find any unexpected traffic (compromised accounts, scripts) and stop it.",
      "Contact Yahoo Sender Support once fixed and ramp volume back up gradually.",
    ],
    hardBounce: false,
    retry: "fix-first",
    checks: ["spf", "dkim", "dmarc", "volume", "blocklist"],
    source: SENDER_HUB,
    example:
      "553 5.7.2 [TSS11] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.ts03-permanent-deferral",
    provider: "yahoo",
    match: { text: ["[ts03]"] },
    reason: "blocked",
    meaning:
      "Older form of Yahoo's IP block: although sent with a 4xx code, Yahoo states that every message from this IP will be refused and that retrying will not succeed.",
    causes: [
      "Unusual traffic or heavy complaints from the IP.",
      "Content that Yahoo judged objectionable or spam-like.",
    ],
    actions: [
      "Treat it as a block, not a delay: stop retrying from this IP.",
      "Audit outgoing traffic for spam, compromised accounts or forwarding of junk.",
      "After fixing, request a review through Yahoo Sender Support.",
    ],
    outcome: "permanent",
    hardBounce: false,
    retry: "fix-first",
    checks: ["blocklist", "volume", "content"],
    source: "https://help.yahoo.com/kb/postmaster/SLN3436.html",
    example:
      "421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://help.yahoo.com/kb/postmaster/SLN3436.html",
  },
  {
    id: "yahoo.permanently-deferred",
    provider: "yahoo",
    match: { text: ["retrying will not succeed", ["messages from", "permanently deferred"]] },
    reason: "blocked",
    meaning:
      "Yahoo has put a lasting block on mail from the sending IP; further attempts will meet the same answer until the sender's behaviour or reputation changes.",
    causes: [
      "Unusual traffic patterns, complaints or spam-like content from the IP.",
      "The IP or its subnet has a poor reputation at Yahoo.",
    ],
    actions: [
      "Stop retrying from this IP.",
      "Review recent traffic, authentication and list practices against Yahoo's Sender Requirements.",
      "After fixing the cause, contact Yahoo Sender Support and resume slowly.",
    ],
    outcome: "permanent",
    hardBounce: false,
    retry: "fix-first",
    checks: ["blocklist", "volume", "content"],
    source: SENDER_HUB,
    example: "421 4.7.1 Messages from 192.0.2.1 permanently deferred; Retrying will NOT succeed.",
  },

  // ---- Temporary deferrals (TS*, TSS04/05, IPTS04, GL01, 4.16.5x) -------------------------------------------
  {
    id: "yahoo.tss04-volume-or-complaints",
    provider: "yahoo",
    match: { text: ["[tss04]"] },
    reason: "badreputation",
    meaning:
      "Yahoo is slowing down mail from this IP because of an unexpected jump in volume or because Yahoo users complain about it. The delay is temporary, but it persists while the signals stay bad.",
    causes: [
      "Volume from the IP rose faster than its history supports (new IP, campaign burst).",
      "Recipients mark the mail as spam, or it resembles spam.",
      "Poor reputation of the IP or its subnet, or another sender on a shared IP.",
      "Missing or failing authentication, which Yahoo also reports with this wording.",
    ],
    actions: [
      "Let the MTA retry with backoff; lower the sending rate and concurrency to Yahoo.",
      "Check complaint rates through the Yahoo feedback loop and remove complainers and inactive addresses.",
      "Verify SPF, DKIM and DMARC pass for the mail being deferred.",
      "If it lasts more than 48 hours, review content and list sources and open a Sender Support request.",
    ],
    checks: ["volume", "spf", "dkim", "dmarc", "blocklist"],
    source: SENDER_HUB,
    example:
      "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.tss05-volume-or-complaints",
    provider: "yahoo",
    match: { text: ["[tss05]"] },
    reason: "badreputation",
    meaning:
      "Same deferral wording as TSS04: Yahoo is holding back mail from the IP because of its volume or the complaints it causes. Senders report it after bursts from one IP.",
    causes: [
      "A burst of messages from one IP beyond what Yahoo accepts from it.",
      "User complaints or spam-like characteristics of the mail.",
    ],
    actions: [
      "Let the MTA retry later and spread sending over more time and fewer connections.",
      "Warm up new IPs gradually and keep volume steady.",
      "Remove complainers and unengaged recipients; verify authentication.",
    ],
    checks: ["volume", "spf", "dkim"],
    source: SENDER_HUB,
    example:
      "421 4.7.0 [TSS05] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.ts01-ts02-user-complaints",
    provider: "yahoo",
    match: { text: ["[ts01]", "[ts02]"] },
    reason: "badreputation",
    meaning:
      "Older Yahoo deferral: unusual traffic from the IP or complaints from Yahoo users led Yahoo to defer mail from it for a while.",
    causes: [
      "Recipients reporting the mail as spam.",
      "Unusual traffic patterns from the IP (volume spikes, many unknown recipients).",
    ],
    actions: [
      "Let the MTA retry; Yahoo suggests waiting about four hours.",
      "If the deferral lasts beyond 48 hours, review content and mailing practices.",
      "Join the Yahoo complaint feedback loop and remove complainers.",
    ],
    checks: ["volume", "content"],
    source: "https://help.yahoo.com/kb/postmaster/SLN3434.html",
    example:
      "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html",
  },
  {
    id: "yahoo.ipts04-deferral",
    provider: "yahoo",
    // Seen on Yahoo/AOL (ex-Verizon) inbound; not described separately by Yahoo. Treated like TSS04.
    match: { text: ["[ipts04]"] },
    reason: "badreputation",
    meaning:
      "An IP-reputation deferral used on the Yahoo/AOL platform: mail from this IP is delayed because of its reputation, volume or complaints.",
    causes: [
      "The sending IP has a poor reputation or appears on a block list Yahoo uses.",
      "Complaints or a volume spike from the IP.",
    ],
    actions: [
      "Let the MTA retry with backoff and reduce the rate to Yahoo and AOL.",
      "Check the IP against public block lists and fix any listing.",
      "Review complaints and list hygiene; contact Yahoo Sender Support if it persists.",
    ],
    checks: ["blocklist", "volume"],
    source: SENDER_HUB,
    example:
      "421 4.7.0 [IPTS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.gl01-deferral",
    provider: "yahoo",
    match: { text: ["[gl01]"] },
    reason: "badreputation",
    meaning:
      "Yahoo deferred the message (diagnostic 4.16.50): mail from this IP has drawn complaints, looks like spam, or the IP or its subnet has a poor reputation.",
    causes: [
      "Complaints from Yahoo users about mail from the IP.",
      "Messages with characteristics of spam.",
      "Poor reputation or low history of the IP or its /24.",
    ],
    actions: [
      "Let the MTA retry later at a lower rate.",
      "Review recent campaigns and the sources of the addresses mailed.",
      "Check block lists and complaint data; open a Sender Support request if it continues for days.",
    ],
    checks: ["volume", "blocklist", "content"],
    source: "https://help.yahoo.com/kb/postmaster/SLN3437.html",
    example:
      "421 4.7.0 [GL01] Message from (192.0.2.1) temporarily deferred - 4.16.50. Please refer to http://postmaster.yahoo.com/errors/postmaster-21.html",
  },
  {
    id: "yahoo.deferred-volume-or-complaints",
    provider: "yahoo",
    match: {
      text: [
        "due to unexpected volume or user complaints",
        "deferred due to user complaints",
        "deferred due to excessive user complaints",
      ],
    },
    reason: "badreputation",
    meaning:
      "Yahoo is temporarily deferring mail from this IP because of complaints from its users or an unexpected amount of traffic.",
    causes: [
      "Spam complaints from recipients.",
      "A jump in volume from the IP, or a new IP without history.",
      "Poor reputation of the IP or of others sharing it.",
    ],
    actions: [
      "Let the MTA retry with backoff; reduce rate and connections to Yahoo.",
      "Remove complainers and inactive addresses; verify authentication.",
      "Open a Sender Support request if it lasts more than 48 hours.",
    ],
    checks: ["volume", "spf", "dkim"],
    source: SENDER_HUB,
    example:
      "421 4.7.0 Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.deferred-diagnostic-4-16-5x",
    provider: "yahoo",
    match: { text: [["temporarily deferred", "4.16.5"]] },
    reason: "badreputation",
    meaning:
      "Yahoo's older numeric deferral (4.16.50 to 4.16.5x): the message looked like spam, mail from the network drew complaints, or the IP's reputation is poor.",
    causes: [
      "Spam-like characteristics in the message.",
      "Complaints from Yahoo users about mail from the network.",
      "Poor reputation of the IP or its subnet.",
    ],
    actions: [
      "Let the MTA retry later.",
      "Check the outbound queue for spam or abuse of the server.",
      "Contact Yahoo with the diagnostic code if it persists.",
    ],
    checks: ["volume", "content", "blocklist"],
    source: "https://help.yahoo.com/kb/postmaster/SLN3437.html",
    example:
      "421 Message from (192.0.2.1) temporarily deferred - 4.16.50. Please refer to https://help.yahoo.com/kb/postmaster/SLN3437.html",
  },
  {
    id: "yahoo.excessive-unknown-recipients",
    provider: "yahoo",
    match: { text: ["excessive unknown recipients"] },
    reason: "badreputation",
    meaning:
      "Yahoo is deferring the sender because it tries many addresses that do not exist, which Yahoo reads as an open relay, open proxy or a badly kept list.",
    causes: [
      "Old or purchased lists with many invalid Yahoo addresses.",
      "Bounces not being processed, so dead addresses keep being mailed.",
      "The server is an open relay or proxy used by spammers (dictionary attacks).",
    ],
    actions: [
      "Stop mailing addresses that bounced as unknown and process bounces automatically.",
      "Make sure the server is not an open relay or proxy; check the outbound queue.",
      "Let queued mail retry after the list is cleaned.",
    ],
    checks: ["mailbox", "volume"],
    source: SENDER_HUB,
    example:
      "451 VS1-IP Excessive unknown recipients - possible Open Relay (#4.1.8) http://help.yahoo.com/help/us/mail/spam/spam-18.html",
  },

  // ---- Sender domain, RFC compliance, content and policy ---------------------------------------------------
  {
    id: "yahoo.unresolvable-from-domain",
    provider: "yahoo",
    match: { text: ["unresolvable rfc.5321", "unresolvable rfc.5322", "unresolvable from domain"] },
    reason: "rejected",
    meaning:
      "The domain of the envelope sender (MAIL FROM) or of the From header does not resolve: Yahoo checks it with an SOA query and found no valid domain (temporary on timeout or SERVFAIL, permanent otherwise).",
    causes: [
      "The sender domain or subdomain has no SOA record (subdomains with only A or MX records fail the check).",
      "A typo or a non-existent domain in the envelope sender or From header.",
      "The domain's DNS servers time out or return SERVFAIL.",
    ],
    actions: [
      "Query the domain's SOA, A and MX records from outside your network.",
      "Make sure every subdomain used in MAIL FROM or From resolves, including an SOA answer.",
      "Fix DNS server errors or lame delegation, then resend.",
    ],
    checks: ["dns", "mx"],
    source: SENDER_HUB,
    example:
      "451 Message temporarily deferred due to unresolvable RFC.5321 from domain. See https://senders.yahooinc.com/error-codes#unresolvable-from-domain",
  },
  {
    id: "yahoo.not-rfc-compliant",
    provider: "yahoo",
    match: { text: ["headers are not rfc compliant", "failed rfc compliance"] },
    reason: "notcompliantrfc",
    meaning:
      "Yahoo refused the message because it breaks the Internet message format rules (RFC 5322 and MIME): for example duplicate or malformed headers.",
    causes: [
      "Headers that may appear once (From, Date, Subject, Message-ID, Reply-To) appear twice.",
      "Malformed headers: bad folding, bare LF line endings, lines over 998 characters, unencoded 8-bit characters.",
      "Missing Date or From header, or an invalid MIME type or structure.",
    ],
    actions: [
      "Inspect the raw message as sent and validate its headers against RFC 5322.",
      "Fix the application or MTA that adds duplicate or malformed headers.",
      "Encode non-ASCII header text (RFC 2047) and wrap long lines, then resend.",
    ],
    checks: ["content"],
    source: SENDER_HUB,
    example: "554 Message not allowed - Headers are not RFC compliant",
  },
  {
    id: "yahoo.ph-content-block",
    provider: "yahoo",
    // Tags listed one by one: a bare "[ph0" also matches Exchange Online host names ("[PH0PR12MB...]").
    match: { text: ["[ph01]", "[ph02]", "[ph03]", "[ph04]", "[ph05]", "[ph06]", "[ph07]", "[ph08]", "[ph09]"] },
    reason: "policyviolation",
    meaning:
      "A content-based block (Yahoo's PH* family): something in the message, typically a link or attachment, is judged malicious, phishing or otherwise unacceptable.",
    causes: [
      "A link to a domain or URL known for phishing, malware or spam (also through shorteners).",
      "An attachment carrying malware or ransomware.",
      "A compromised account or form on the sending side injecting harmful content.",
    ],
    actions: [
      "Check every URL and domain in the message against reputation and block lists.",
      "Remove or replace the offending links or attachments.",
      "Look at the outbound queue for abuse of the server before resending.",
    ],
    category: "content",
    checks: ["content", "blocklist"],
    source: SENDER_HUB,
    example:
      "554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes",
  },
  {
    id: "yahoo.message-not-allowed",
    provider: "yahoo",
    match: { text: ["message not allowed - ["] },
    reason: "policyviolation",
    meaning:
      "Yahoo refused this particular message after reading it (an older numeric code in brackets): its content or characteristics are not accepted for policy reasons.",
    causes: ["Content or links resembling spam or known abuse.", "Headers that look forged or inconsistent."],
    actions: ["Review the message content, links and headers.", "Test variations to isolate the trigger, then resend."],
    category: "content",
    checks: ["content"],
    source: SENDER_HUB,
    example: "554 Message not allowed - [320]",
  },
  {
    id: "yahoo.not-accepted-for-policy-reasons",
    provider: "yahoo",
    match: { text: ["not accepted for policy reasons"] },
    reason: "policyviolation",
    meaning:
      "Yahoo permanently refused the message for policy reasons. Yahoo uses this reply (5.7.9) mainly for messages failing the sending domain's DMARC or DKIM policy, and also for content or senders it will not accept.",
    causes: [
      "DMARC or DKIM failure against the From domain's published policy.",
      "Bulk mail missing requirements such as one-click unsubscribe.",
      "Content or sender characteristics Yahoo rejects.",
    ],
    actions: [
      "Check SPF, DKIM and DMARC alignment for the From domain in a test message to Yahoo.",
      "For bulk mail, add List-Unsubscribe and List-Unsubscribe-Post headers.",
      "Review content and links, then resend once the cause is fixed.",
    ],
    checks: ["dmarc", "dkim", "spf", "alignment", "content"],
    source: SENDER_HUB,
    example: "554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes",
  },

  // ---- Recipient ------------------------------------------------------------------------------------------
  {
    id: "yahoo.user-unknown",
    provider: "yahoo",
    match: { text: ["dd this user doesn't have a", "dd this user does not have a"] },
    reason: "userunknown",
    meaning: "There is no Yahoo (or AOL) account with this address; delivery will never succeed.",
    causes: ["A typo in the address.", "The account was closed or never existed."],
    actions: [
      "Suppress the address; do not retry.",
      "If it came from a form, confirm the correct address with the person.",
    ],
    checks: ["address"],
    source: SENDER_HUB,
    example:
      "554 delivery error: dd This user doesn't have a yahoo.com account (user@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com",
  },
  {
    id: "yahoo.mailbox-disabled",
    provider: "yahoo",
    match: { text: ["this mailbox is disabled", "(554.30)", ["delivery error: dd", "is no longer valid"]] },
    reason: "suspend",
    meaning: "The Yahoo or AOL account exists but is disabled or deactivated, so it accepts no mail.",
    causes: ["The account was deactivated for inactivity.", "The owner closed it or Yahoo suspended it."],
    actions: [
      "Suppress the address or move it to a long-term inactive segment.",
      "Ask the person for a current address through another channel.",
    ],
    checks: ["mailbox"],
    source: SENDER_HUB,
    example:
      "554 delivery error: dd Sorry your message to user@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta1234.mail.bf1.yahoo.com",
  },
  {
    id: "yahoo.mailbox-over-quota",
    provider: "yahoo",
    match: { text: [["delivery error: dd", "over quota"], "this account is over quota"] },
    reason: "mailboxfull",
    meaning: "The recipient's Yahoo mailbox has no room left for new mail.",
    causes: ["The mailbox reached its storage quota.", "An abandoned account keeps filling up."],
    actions: [
      "Do not resend at once; retry this address later, a few times over days or weeks.",
      "Suppress it if it stays full, as a full mailbox often means an abandoned account.",
    ],
    checks: ["mailbox"],
    source: "http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html",
    example:
      "554 delivery error: dd Sorry, your message to user@yahoo.com cannot be delivered. This account is over quota. - mta1234.mail.bf1.yahoo.com",
  },
  {
    id: "yahoo.mailbox-not-found",
    provider: "yahoo",
    match: { text: ["requested mail action aborted, mailbox not found"] },
    reason: "userunknown",
    meaning: "Yahoo found no mailbox for this recipient (reported with a nonstandard 552 code at the end of the data).",
    causes: ["The address does not exist or was deleted.", "A typo in the address."],
    actions: ["Suppress the address; do not retry.", "Confirm the address with the recipient if it matters."],
    checks: ["address"],
    source: SENDER_HUB,
    example: "552 1 Requested mail action aborted, mailbox not found",
  },
  {
    id: "yahoo.mailbox-name-not-allowed",
    provider: "yahoo",
    match: { text: ["mailbox name not allowed"], replyCodes: [553], stages: ["rcpt"], providerOnly: true },
    reason: "userunknown",
    meaning:
      "Yahoo refused the recipient address itself as not allowed, for example because it contains characters Yahoo forbids.",
    causes: [
      "The address contains forbidden or exotic characters (commas, $, %, braces, angle brackets).",
      "A malformed address captured by a form.",
    ],
    actions: ["Correct the address at its source or suppress it.", "Validate address syntax when it is collected."],
    checks: ["address"],
    source: SENDER_HUB,
    example:
      "host mta6.am0.yahoodns.net[67.195.204.72] said: 553 Mailbox name not allowed (in reply to RCPT TO command)",
  },

  // ---- Rate and server state ------------------------------------------------------------------------------
  {
    id: "yahoo.recipient-receiving-too-fast",
    provider: "yahoo",
    match: { text: ["user is receiving mail too quickly"] },
    reason: "ratelimited",
    meaning: "This one recipient is receiving mail faster than Yahoo allows; delivery is held back for a while.",
    causes: ["Many messages to the same address in a short time (alerts, loops, seed or test accounts)."],
    actions: [
      "Let the MTA retry later.",
      "Batch or throttle notifications to the same recipient and look for mail loops.",
    ],
    checks: ["volume"],
    source: SENDER_HUB,
    example:
      "host mta6.am0.yahoodns.net[192.0.2.44] said: 450 User is receiving mail too quickly (in reply to RCPT TO command)",
  },
  {
    id: "yahoo.max-messages-per-connection",
    provider: "yahoo",
    match: { text: ["max message per connection", "max messages per connection"] },
    reason: "ratelimited",
    meaning:
      "The sender used up the number of messages Yahoo accepts in one SMTP connection; Yahoo closes it, and the rest must go in a new connection.",
    causes: ["The MTA sends more messages per connection than Yahoo's limit."],
    actions: [
      "Let the MTA reconnect and continue; nothing is wrong with the messages.",
      "Lower the messages-per-connection setting for Yahoo and AOL domains.",
    ],
    checks: ["volume"],
    source: SENDER_HUB,
    example: "421 Max message per connection reached, closing transmission channel",
  },
  {
    id: "yahoo.resources-temporarily-unavailable",
    provider: "yahoo",
    match: { text: ["resources temporarily unavailable", "resources temporarily not available"] },
    reason: "systemerror",
    meaning:
      "Yahoo's mail servers were busy and could not handle the transaction at that moment; normally short-lived.",
    causes: ["Load on Yahoo's inbound servers.", "Dynamic deprioritisation of the sending server during busy periods."],
    actions: [
      "Let the MTA retry after a few minutes.",
      "If it persists for hours only from your IPs, review reputation and volume.",
    ],
    outcome: "temporary",
    retry: "auto-retry",
    checks: ["volume"],
    source: SENDER_HUB,
    example: "451 Resources temporarily unavailable. Please try again later [#4.16.1].",
  },
  {
    id: "yahoo.relaying-denied",
    provider: "yahoo",
    match: { text: ["relaying denied for"] },
    reason: "norelaying",
    meaning: "The Yahoo server does not handle mail for the recipient's domain and refuses to relay it elsewhere.",
    causes: [
      "The recipient domain's MX points to Yahoo but the domain is not (or no longer) hosted there.",
      "Mail sent to the wrong server (stale MX cache, hard-coded relay).",
    ],
    actions: [
      "Check the recipient domain's current MX records.",
      "Ask the recipient's administrator whether the domain still uses Yahoo or AOL mail.",
    ],
    checks: ["mx", "dns"],
    source: SENDER_HUB,
    example: "550 relaying denied for <user@example.com>",
  },
  {
    id: "yahoo.message-too-large",
    provider: "yahoo",
    match: { text: ["message size exceeds fixed maximum message size"], providerOnly: true },
    reason: "emailtoolarge",
    meaning: "The message is bigger than the size Yahoo accepts.",
    causes: ["Large attachments or inline images.", "Base64 encoding adding about a third to the size."],
    actions: [
      "Reduce the message size: compress or remove attachments, or link to files instead.",
      "Resend the smaller message.",
    ],
    checks: ["content"],
    source: SENDER_HUB,
    example:
      "host mta7.am0.yahoodns.net[98.136.96.75] said: 552 Message size exceeds fixed maximum message size (in reply to end of DATA command)",
  },
  {
    id: "yahoo.open-relay-or-proxy",
    provider: "yahoo",
    match: { text: [["mail from", "not allowed"]], replyCodes: [553], providerOnly: true },
    reason: "blocked",
    meaning:
      "Yahoo refuses connections from the sending IP because it tested it as an open relay or open proxy; such blocks last at least 60 days.",
    causes: ["The mail server relays for anyone (open relay).", "An open proxy on the IP lets others send through it."],
    actions: [
      "Close the relay or proxy: allow relaying only for authenticated users and local networks.",
      "Check the server for abuse and clean the queue.",
      "Ask Yahoo for a review once the server is secured.",
    ],
    hardBounce: false,
    checks: ["blocklist"],
    source: "https://help.yahoo.com/kb/SLN5066.html",
    example:
      "host mta5.am0.yahoodns.net[67.195.228.94] said: 553 Mail from 192.0.2.1 not allowed (in reply to MAIL FROM command)",
  },

  // ---- Legacy AOL inbound codes (before AOL moved to Yahoo's platform) ---------------------------------------
  {
    id: "yahoo.aol-con-b1",
    provider: "yahoo",
    match: { text: ["con:b1"] },
    reason: "badreputation",
    meaning:
      "AOL blocked the sending IP for a while because its recent mail statistics (complaints, unknown users, spam) crossed AOL's thresholds.",
    causes: ["A spike in complaints or invalid recipients from the IP.", "Spam sent through the server."],
    actions: [
      "Back off sending to AOL from this IP.",
      "Check complaint feedback and bounce handling; fix the traffic that caused the spike.",
      "Check the IP's reputation and open an AOL/Yahoo postmaster request if the block remains.",
    ],
    hardBounce: false,
    retry: "fix-first",
    checks: ["volume", "blocklist"],
    source: AOL_ERRORS,
    example: "521 5.2.1 : (CON:B1) http://postmaster.info.aol.com/errors/554conb1.html",
  },
  {
    id: "yahoo.aol-dyn-t1",
    provider: "yahoo",
    match: { text: ["dyn:t1"] },
    reason: "ratelimited",
    meaning:
      "AOL is throttling connections or messages from the sending IP; mail will be accepted later at a slower pace.",
    causes: [
      "Too many connections or messages from the IP in a short time.",
      "Some complaints lowering the allowed rate.",
    ],
    actions: ["Let the MTA retry later.", "Lower concurrency and rate to AOL."],
    checks: ["volume"],
    source: AOL_ERRORS,
    example: "421 4.7.1 : (DYN:T1) http://postmaster.info.aol.com/errors/421dynt1.html",
  },
  {
    id: "yahoo.aol-reverse-dns",
    provider: "yahoo",
    match: { text: ["dns:nr", "dns:b1", "dns:b2", "rtr:rd"] },
    reason: "requireptr",
    meaning:
      "AOL refused the connection because of the sending IP's reverse DNS: it has no PTR record, or the PTR looks like a dynamic or residential address.",
    causes: [
      "No PTR record for the sending IP.",
      "A generic PTR (containing the IP, 'dyn', 'pool', 'dhcp') that AOL treats as end-user space.",
      "A PTR that is not a fully qualified domain name.",
    ],
    actions: [
      "Ask the IP owner to set a PTR record with a proper host name (e.g. mail.example.com).",
      "Make the name resolve back to the same IP (forward-confirmed reverse DNS).",
      "Retry once the PTR is published.",
    ],
    hardBounce: false,
    checks: ["ptr", "helo"],
    source: AOL_ERRORS,
    example: "421 4.7.1 : (DNS:NR) http://postmaster.info.aol.com/errors/421dnsnr.html",
  },
  {
    id: "yahoo.aol-rtr-dynamic-space",
    provider: "yahoo",
    match: { text: ["rtr:du", "rtr:bb"] },
    reason: "blocked",
    meaning:
      "AOL does not accept mail directly from IP addresses listed as dynamic or residential (AOL uses Spamhaus and ISP lists for this).",
    causes: [
      "Mail sent straight from a home or dynamic connection.",
      "A server IP inside a range its owner lists as end-user space (Spamhaus PBL).",
    ],
    actions: [
      "Send through your provider's or organisation's mail server instead of directly.",
      "If this is a real server, give it a static IP with a proper PTR and ask the owner to remove it from the PBL.",
    ],
    hardBounce: false,
    checks: ["blocklist", "ptr"],
    source: AOL_ERRORS,
    example: "554 5.7.1 : (RTR:DU) http://postmaster.info.aol.com/errors/554rtrdu.html",
  },
  {
    id: "yahoo.aol-rly-b1-complaints",
    provider: "yahoo",
    match: { text: ["rly:b1"] },
    reason: "badreputation",
    meaning:
      "AOL placed an automatic, temporary block on the IP because member complaints went over its threshold; it lifts within about a day once complaints drop.",
    causes: ["Complaints from AOL members about mail from the IP.", "A compromised account sending spam."],
    actions: [
      "Pause sending to AOL and check the server for compromise.",
      "Process complaint feedback and remove complainers.",
      "Resume when the block lifts, at a lower rate.",
    ],
    hardBounce: false,
    checks: ["volume", "content"],
    source: "http://postmaster.info.aol.com/errors/554rlyb1.html",
    example: "421 4.7.1 : (RLY:B1) http://postmaster.info.aol.com/errors/421rlyb1.html",
  },
  {
    id: "yahoo.aol-rly-sn-sender",
    provider: "yahoo",
    match: { text: ["rly:sn"] },
    reason: "rejected",
    meaning:
      "AOL refused the message because the From or Reply-To uses an AOL address (or an AOL affiliate address) from a server not allowed to send for it, a pattern used for phishing.",
    causes: [
      "Sending with an @aol.com From address through an ESP or another server.",
      "A reserved or disallowed AOL screen name in From or Reply-To.",
    ],
    actions: [
      "Use a From address at a domain you control and authenticate it.",
      "Keep AOL addresses for mail sent through AOL's own servers.",
    ],
    hardBounce: false,
    checks: ["dmarc", "alignment"],
    source: AOL_ERRORS,
    example: "554 5.7.1 : (RLY:SN) http://postmaster.info.aol.com/errors/554rlysn.html",
  },
  {
    id: "yahoo.aol-hvu-url-block",
    provider: "yahoo",
    match: { text: ["hvu:b", "(hvu:"] },
    reason: "spamdetected",
    meaning:
      "AOL blocked the message because it contains a domain or URL that draws many complaints or is tied to spam or phishing; the block is on content, not on the IP.",
    causes: [
      "A link or domain in the body (HTML or text) is on AOL's blocked list.",
      "A shared link shortener or tracking domain abused by others.",
    ],
    actions: [
      "Find the blocked domain by testing messages with one link each.",
      "Remove or replace it; if you own it, ask AOL/Yahoo to review it.",
      "Do not unsubscribe recipients over this; resend after the content is fixed.",
    ],
    hardBounce: false,
    category: "content",
    checks: ["content", "blocklist"],
    source: "http://postmaster.info.aol.com/errors/554hvub1.html",
    example: "554 5.7.1 : (HVU:B1) http://postmaster.info.aol.com/errors/554hvub1.html",
  },
  {
    id: "yahoo.aol-rtr-block",
    provider: "yahoo",
    match: { text: ["(rtr:", "rtr:"] },
    reason: "blocked",
    meaning:
      "AOL blocked the sending IP (RTR family): poor reputation, signs of a compromised network, or an address range not properly allocated.",
    causes: [
      "Long-term poor reputation of the IP.",
      "Compromised machines on the network sending spam.",
      "An IP not yet delegated or allocated.",
    ],
    actions: [
      "Stop sending to AOL from this IP and investigate its traffic.",
      "Secure the network and set up complaint feedback.",
      "Request a review from the AOL/Yahoo postmaster once fixed.",
    ],
    hardBounce: false,
    retry: "fix-first",
    checks: ["blocklist", "ptr"],
    source: AOL_ERRORS,
    example: "554 5.7.1 : (RTR:BL) http://postmaster.info.aol.com/errors/554rtrbl.html",
  },
  {
    id: "yahoo.aol-rly-block",
    provider: "yahoo",
    match: { text: ["(rly:", "rly:"] },
    reason: "blocked",
    meaning: "AOL blocked the sending IP (RLY family) because of its reputation or the traffic seen from it.",
    causes: ["Poor reputation or spam from the IP.", "Forwarding of spam to AOL members.", "Many invalid recipients."],
    actions: [
      "Pause sending to AOL from this IP.",
      "Find and stop the traffic that caused it; clean lists.",
      "Request a review from the AOL/Yahoo postmaster.",
    ],
    hardBounce: false,
    retry: "fix-first",
    checks: ["blocklist", "volume"],
    source: AOL_ERRORS,
    example: "554 5.7.1 : (RLY:BL) http://postmaster.info.aol.com/errors/554rlybl.html",
  },
  {
    id: "yahoo.aol-will-not-accept",
    provider: "yahoo",
    match: { text: ["aol will not accept delivery of this message"] },
    reason: "blocked",
    meaning:
      "AOL refused the message outright, usually because the sending server or content is identified as a source of spam.",
    causes: [
      "The sending server was identified as abusive or sends spam.",
      "Links in the content that AOL treats as bad.",
    ],
    actions: [
      "Check the reputation and block list status of the sending IP.",
      "Review links and domains in the message; test with different content.",
      "Open a postmaster request with AOL/Yahoo if it persists.",
    ],
    hardBounce: false,
    checks: ["blocklist", "content"],
    source: AOL_ERRORS,
    example: "521 5.2.1 : AOL will not accept delivery of this message.",
  },
]);
