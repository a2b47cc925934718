// NetEase Mail: 163.com, 126.com, yeah.net, vip.163.com, 188.com and NetEase Qiye (enterprise) mail, MX hosts
// 163mx0N.mxmail.netease.com, 126mx0N..., qiye163mx0N.mxmail.netease.com; submission via smtp.163.com / smtp.126.com.
// NetEase runs Coremail, whose filters answer with a short tag, then the product, the host id and a session id, and
// often a link to the help page: "550 MI:SPF 163 mx49,<session> <time> http://mail.163.com/help/help_spam_16.htm?ip=...".
// Source: NetEase's help-centre page on enterprise bounce codes ("企业退信的常见问题" / "退信代码说明", FAQ below), which
// lists every tag with a one-line description; the help_spam_16 page that replies link to leads there. The prefixes
// group the checks, as the descriptions show: HL (the connecting IP), MI (the sender and session), RP (recipients),
// DT (the content), WM (NetEase's allow lists). The reading of each tag below is ours, from NetEase's description.
// Other Coremail servers (enterprise installations, other Chinese providers) reuse these tags with the same meaning.
// Order: tags first (they are distinctive), then the plain-text replies, the generic ones only when NetEase is named.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const FAQ =
  "https://help.mail.163.com/faqDetail.do?code=d7a5dc8471cd0c0e8b4b8f4f8e49998b374173cfe9171305fa1ce630d7f67ac230c558100287331e";

export const NETEASE: ProviderInfo = {
  id: "netease",
  name: "NetEase Mail (163.com, 126.com, yeah.net)",
  markers: [
    "mxmail.netease.com",
    "netease",
    "163.com",
    "126.com",
    "yeah.net",
    "188.com",
    "mail.163.com/help",
    "qiye.163.com",
  ],
  reference: FAQ,
};

export const NETEASE_RULES = defineProviderRules([
  // ---- DT: content -------------------------------------------------------------------------------------------
  {
    id: "netease.dt-spm-spam-content",
    provider: "netease",
    match: { text: ["dt:spm"] },
    reason: "spamdetected",
    meaning:
      "NetEase's content filter judged the message to be spam, or found the way it was sent too irregular to trust. With 451 the refusal is temporary (NetEase asks to keep the message queued and retry after a couple of minutes); with 550 or 554 it is final for this message.",
    causes: [
      "Content, links or attachments with spam traits (promotional wording, shortened or listed URLs).",
      "A sending setup that looks irregular: no authentication, missing Date or Message-ID headers, scripts that send raw SMTP.",
      "Many near-identical messages sent to NetEase users in a short time.",
    ],
    actions: [
      "Review the content and links; send a plain test message to see whether the content is the trigger.",
      "Make sure SPF, DKIM and DMARC pass and the message carries complete, standard headers.",
      "For 451, let the MTA retry; for 550/554, change the message before sending again.",
    ],
    checks: ["content", "spf", "dkim"],
    source: FAQ,
    example:
      "554 DT:SPM 163 smtp10,DsCowAD3N6Nq8Vhb1fN3Gg--.40869S2 1532555627,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.10&hostid=smtp10&time=1532555627",
  },
  {
    id: "netease.dt-rbl-ip-listed",
    provider: "netease",
    match: { text: ["dt:rbl"] },
    reason: "blocked",
    meaning:
      "NetEase refused the mail because the sending IP is listed on one or more public real-time block lists (RBLs).",
    causes: [
      "The IP sent spam or hit spam traps and was listed by Spamhaus or another RBL.",
      "A shared or newly assigned IP inherited a listing from a previous user.",
    ],
    actions: [
      "Look the sending IP up on the major block lists.",
      "Fix the cause of the listing, request removal, then retry.",
      "Until delisted, send through a clean IP.",
    ],
    checks: ["blocklist"],
    source: FAQ,
    example:
      "450 DT:RBL 163 mx14,QMCowECJaEvbh5dfhkqBBQ--.8513S2 1574471644 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.14&hostid=mx14&time=1574471644",
  },
  {
    id: "netease.dt-sum-sender-mismatch",
    provider: "netease",
    match: { text: ["dt:sum"] },
    reason: "policyviolation",
    meaning:
      "NetEase refused the message because the envelope sender (MAIL FROM) and the From header name different senders, which its policy treats as a sign of forgery.",
    causes: [
      "An application submits with one account but writes another address in the From header.",
      "A relay or mailing tool rewrites the envelope sender without aligning the header From.",
    ],
    actions: [
      "Send with the same address in MAIL FROM and in the From header (or at least the same, authenticated domain).",
      "When submitting through a NetEase account, use that account as the From address.",
    ],
    checks: ["alignment", "address"],
    source: FAQ,
    example:
      "554 DT:SUM 163 smtp3,G9xpCgDXz7d0D0lfm1kTAQ--.2107S2 1598673781,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.3&hostid=smtp3&time=1598673781",
  },

  // ---- HL: the connecting IP -------------------------------------------------------------------------------------
  {
    id: "netease.hl-rep-invalid-recipients",
    provider: "netease",
    match: { text: ["hl:rep"] },
    reason: "badreputation",
    meaning:
      "NetEase temporarily refuses connections from the IP because of how it has been sending, chiefly a large share of mail to NetEase addresses that do not exist.",
    causes: [
      "An old or bought list with many invalid NetEase addresses.",
      "Dictionary or guessed-address sending from the IP (possibly a compromised account or script).",
    ],
    actions: [
      "Remove addresses that bounced as unknown and validate the list before sending.",
      "Check the server for compromised accounts or scripts sending unwanted mail.",
      "Slow down and let the block expire; retry later.",
    ],
    checks: ["address", "volume"],
    source: FAQ,
    example:
      "421 HL:REP 163 mx10,O8CowEDpRk3nl29fWLxTBw--.14402S2 1601279975 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.20&hostid=mx10&time=1601279975",
  },
  {
    id: "netease.hl-mep-forged-domains",
    provider: "netease",
    match: { text: ["hl:mep"] },
    reason: "badreputation",
    meaning:
      "NetEase temporarily refuses connections from the IP because it has been sending with many forged or unrelated sender domains.",
    causes: [
      "The IP sends on behalf of many domains that do not authorise it (no SPF, failing DKIM).",
      "Spoofed senders from a compromised account, open relay or web script.",
    ],
    actions: [
      "Send only with sender domains that publish SPF for the IP and sign with DKIM.",
      "Look for forged mail leaving the server (open relay, compromised scripts) and stop it.",
      "Retry once the behaviour has been fixed and the temporary block has lapsed.",
    ],
    checks: ["spf", "dkim", "alignment"],
    source: FAQ,
    example:
      "451 HL:MEP 163 mx21,EcCowAAHT0kNQXRfEhJGCA--.47025S2 1601454349 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.21&hostid=mx21&time=1601454349",
  },
  {
    id: "netease.hl-icc-concurrent-connections",
    provider: "netease",
    match: { text: ["hl:icc"] },
    reason: "ratelimited",
    meaning:
      "The IP has more simultaneous SMTP connections open to NetEase than NetEase allows, so new ones are refused for a while.",
    causes: [
      "The MTA opens many parallel connections to NetEase MX hosts.",
      "A burst of queued mail (or a spam run) from the same IP.",
    ],
    actions: [
      "Lower the number of concurrent connections to NetEase's MX hosts.",
      "Let the MTA retry later; spread large sends over time.",
    ],
    checks: ["volume"],
    source: FAQ,
    example:
      "421 4.4.5 HL:ICC 163 mx24,GdxpCgDnEfkUKHhfBnNwBQ--.32883S2 1601706004 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.24&hostid=mx24&time=1601706004",
  },
  {
    id: "netease.hl-ifc-ip-frequency",
    provider: "netease",
    match: { text: ["hl:ifc", "hl:ifq"] },
    reason: "ratelimited",
    meaning:
      "The IP sent more messages (or opened more connections) to NetEase in a short period than NetEase allows; connections are refused for a while.",
    causes: ["A large campaign sent in one burst.", "Spam or a mail loop from a user or script on the server."],
    actions: [
      "Slow the sending rate to NetEase and spread campaigns over hours.",
      "Check that no account or script is sending unwanted mail.",
      "Let the MTA retry later.",
    ],
    checks: ["volume"],
    source: FAQ,
    example:
      "421 4.5.0 HL:IFC 126 mx12,E8CowADnKvFMknpf1m5rAQ--.62170S2 1601868366 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.12&hostid=mx12&time=1601868366",
  },
  {
    id: "netease.hl-itc-ip-daily-volume",
    provider: "netease",
    match: { text: ["hl:itc"] },
    reason: "ratelimited",
    meaning:
      "The IP has sent more mail to NetEase than NetEase accepts from it in a day; further mail is refused until the period ends.",
    causes: ["High daily volume from a single IP, typical of campaigns or a new IP without history."],
    actions: [
      "Stop sending to NetEase from this IP for the rest of the day and resume at a lower rate.",
      "Spread volume over more days or more IPs with good reputation; warm new IPs gradually.",
    ],
    checks: ["volume"],
    source: FAQ,
    example:
      "554 5.7.3 HL:ITC 163 mx1,CMCowAC3sXcA7X1fP5pHBQ--.12007S2 1602088192 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.1&hostid=mx1&time=1602088192",
  },
  {
    id: "netease.hl-ihu-ip-suspended",
    provider: "netease",
    match: { text: ["hl:ihu"] },
    reason: "blocked",
    meaning:
      "NetEase has suspended the sending IP for a time because it sent spam or showed abnormal connection behaviour (or otherwise broke NetEase's terms).",
    causes: [
      "Spam complaints or spam-trap hits from the IP.",
      "Unusual connection patterns: many short sessions, aborted transactions, scanning.",
    ],
    actions: [
      "Review recent traffic from the IP to NetEase for spam, compromised accounts or broken sending software.",
      "Fix the cause, then retry later; contact NetEase through its feedback form if the block persists.",
    ],
    checks: ["blocklist", "volume", "content"],
    source: FAQ,
    example:
      "554 HL:IHU 163 mx3,EMCowABXvv7RVoJfX2K7BQ--.60513S2 1602377426 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.33&hostid=mx3&time=1602377426",
  },
  {
    id: "netease.ip-not-allowed",
    provider: "netease",
    match: { text: ["hl:ipb", "wm:bli"] },
    reason: "blocked",
    meaning:
      "The sending IP is not on the list of addresses NetEase accepts mail from; in practice NetEase has blocked this IP.",
    causes: [
      "The IP was put on NetEase's own block list after spam or abuse.",
      "A dynamic or residential IP, or one with a long history of bad traffic.",
    ],
    actions: [
      "Send through another, reputable IP or a smarthost.",
      "Clean up the traffic from this IP and ask NetEase (feedback form) to lift the block.",
    ],
    checks: ["blocklist", "ptr"],
    source: FAQ,
    example:
      "554 HL:IPB 163 mx22,FMCowADnl0s1p4Vf0dIPBQ--.52317S2 1602594613 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.22&hostid=mx22&time=1602594613",
  },

  // ---- MI: the sender and the session ----------------------------------------------------------------------------
  {
    id: "netease.sender-not-allowed",
    provider: "netease",
    match: { text: ["mi:spb", "wm:blu"] },
    reason: "rejected",
    meaning:
      "The sender address is not on the list of senders NetEase accepts, i.e. NetEase has blocked this sender (address or account).",
    causes: [
      "The sender address or domain was blocked after spam, phishing or complaints.",
      "A NetEase account sending through smtp.163.com was restricted for abuse.",
    ],
    actions: [
      "Stop sending from this address; find out why it was blocked (complaints, compromised account).",
      "Ask NetEase through its feedback form to review the block once the cause is fixed.",
    ],
    checks: ["address", "blocklist"],
    source: FAQ,
    example:
      "554 MI:SPB 163 mx5,I8CowADHztVtmIZfJIaGBw--.39516S2 1602656366 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.5&hostid=mx5&time=1602656366",
  },
  {
    id: "netease.mi-spf-failed",
    provider: "netease",
    match: { text: ["mi:spf"] },
    reason: "authfailure",
    meaning:
      "The sending IP is not permitted by the SPF record of the envelope sender's domain, and NetEase rejects mail that fails SPF.",
    causes: [
      "The SPF record does not include this server or sending service.",
      "Mail forwarded from another server keeps the original envelope sender.",
      "A syntax error or too many DNS lookups in the SPF record.",
    ],
    actions: [
      "Add the sending IPs or the provider's include to the envelope domain's SPF record.",
      "Check the record with an SPF validator, then resend.",
      "For forwarding, rewrite the envelope sender (SRS).",
    ],
    checks: ["spf"],
    source: FAQ,
    example:
      "550 MI:SPF 163 mx49,Y8CowABHDZS0MLtb+QOjRQ--.39199S3 1538994358 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.49&hostid=mx49&time=1538994358",
  },
  {
    id: "netease.mi-dma-dmarc-failed",
    provider: "netease",
    match: { text: ["mi:dma"] },
    reason: "authfailure",
    meaning:
      "The message failed DMARC for its From domain and that domain's policy asks receivers to reject it, so NetEase did.",
    causes: [
      "Neither SPF nor DKIM passed in alignment with the From domain.",
      "A third-party service sends with your From domain without aligned DKIM.",
    ],
    actions: [
      "Sign with DKIM on the From domain (or an aligned subdomain) on every sending service.",
      "Check the DMARC record and the authentication results of a test message, then resend.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: FAQ,
    example:
      "550 MI:DMA 126 mx30,QMCowABnpgbUgYdfh7t8Bg--.1290S2 1602716117 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.30&hostid=mx30&time=1602716117",
  },
  {
    id: "netease.mi-imf-bad-sender-format",
    provider: "netease",
    match: { text: ["mi:imf"] },
    reason: "notcompliantrfc",
    meaning:
      "The sender's address does not follow the Internet Message Format rules (RFC 5322), usually a missing, empty or malformed From header.",
    causes: [
      "No From header, or a From with several addresses, bad quoting or an unencoded non-ASCII display name.",
      "A script building headers by hand.",
    ],
    actions: [
      "Send a message with exactly one valid From address and a properly encoded display name (RFC 2047).",
      "Use a mail library rather than hand-written headers, then resend.",
    ],
    checks: ["content", "address"],
    source: FAQ,
    example:
      "550 MI:IMF 163 mx7,D8CowADHJ4K7nIhfmCWUBw--.30714S2 1602788499 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.7&hostid=mx7&time=1602788499",
  },
  {
    id: "netease.mi-nhd-empty-helo",
    provider: "netease",
    match: { text: ["mi:nhd"] },
    reason: "syntaxerror",
    meaning: "The client sent an empty HELO/EHLO greeting, which NetEase does not accept.",
    causes: ["The sending software or script sends HELO with no host name."],
    actions: ["Configure the client to greet with its fully qualified host name, then retry."],
    checks: ["helo"],
    source: FAQ,
    example:
      "550 MI:NHD 163 mx16,EMCowAAHlO2gxIlfXYBsBg--.38177S2 1602864288 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.16&hostid=mx16&time=1602864288",
  },
  {
    id: "netease.bad-commands",
    provider: "netease",
    match: { text: ["mi:cel", "rp:cel"] },
    reason: "syntaxerror",
    meaning:
      "The client sent too many erroneous SMTP commands in the session, so NetEase stopped accepting mail from it for a while.",
    causes: [
      "Broken or non-standard SMTP client software.",
      "Scripts that retry invalid commands or addresses repeatedly.",
    ],
    actions: [
      "Check the SMTP conversation of the sending program for rejected commands.",
      "Fix the client, then let the MTA retry.",
    ],
    source: FAQ,
    example:
      "451 MI:CEL 163 mx8,EMCowAC3Je8XzYpfmlFcBg--.14085S2 1602932023 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.8&hostid=mx8&time=1602932023",
  },
  {
    id: "netease.too-many-commands",
    provider: "netease",
    match: { text: ["mi:ccl", "rp:ccl"] },
    reason: "ratelimited",
    meaning: "The client issued more SMTP commands in one session than NetEase allows.",
    causes: [
      "Long sessions that reuse one connection for very many transactions.",
      "Clients looping on RSET, NOOP or RCPT.",
    ],
    actions: ["Limit the number of transactions per connection and close idle sessions.", "Let the MTA retry."],
    checks: ["volume"],
    source: FAQ,
    example:
      "450 MI:CCL 163 mx11,EMCowADnVzbzz4tfD1V9Bg--.48390S2 1603000306 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.11&hostid=mx11&time=1603000306",
  },
  {
    id: "netease.mi-dmc-messages-per-connection",
    provider: "netease",
    match: { text: ["mi:dmc"] },
    reason: "ratelimited",
    meaning: "The client delivered more messages over one connection than NetEase allows per connection.",
    causes: ["The MTA pushes a whole queue to NetEase through one long session."],
    actions: ["Reduce the number of messages sent per connection to NetEase.", "Let the MTA retry the rest later."],
    checks: ["volume"],
    source: FAQ,
    example:
      "451 MI:DMC 163 mx13,EcCowADHKa1n0oxf3ceCBg--.1551S2 1603066472 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.13&hostid=mx13&time=1603066472",
  },
  {
    id: "netease.rp-drc-recipients-per-connection",
    provider: "netease",
    match: { text: ["rp:drc"] },
    reason: "ratelimited",
    meaning: "The client gave more recipients over one connection than NetEase allows per connection.",
    causes: ["Many recipients batched into one session or one transaction."],
    actions: ["Send fewer recipients per connection to NetEase.", "Let the MTA retry the remaining recipients later."],
    checks: ["volume"],
    source: FAQ,
    example:
      "450 4.5.3 RP:DRC 163 mx17,EcCowACnJV2L1Y1fY2aUBg--.58015S2 1603130763 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.17&hostid=mx17&time=1603130763",
  },
  {
    id: "netease.mi-sfq-sender-frequency",
    provider: "netease",
    match: { text: ["mi:sfq"] },
    reason: "ratelimited",
    meaning:
      "The sender has sent more messages within 15 minutes than NetEase allows for one sender; further mail is refused until the rate drops.",
    causes: [
      "An application sending notifications in bursts through one NetEase account (smtp.163.com).",
      "A campaign from a single sender address.",
    ],
    actions: [
      "Throttle sending from this sender address.",
      "For application mail, use a dedicated sending service rather than a personal NetEase account.",
    ],
    checks: ["volume"],
    source: FAQ,
    example:
      "451 MI:SFQ 163 smtp7,C8CowAAnpFyamC9fa52cAg--.56912S2 1596954778,201,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.7&hostid=smtp7&time=1596954778",
  },
  {
    id: "netease.rp-qrc-sender-recipients-short-term",
    provider: "netease",
    match: { text: ["rp:qrc"] },
    reason: "ratelimited",
    meaning:
      "The sender has addressed more recipients in a short period than NetEase allows and is temporarily barred from sending.",
    causes: ["Bulk sending through one account or sender address."],
    actions: ["Lower the sending rate of this sender and spread recipients over time.", "Retry later."],
    checks: ["volume"],
    source: FAQ,
    example:
      "451 RP:QRC 163 smtp14,GdxpCgCnhaAk2Y5fJmxhAw--.5412S2 1603197220,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.41&hostid=smtp14&time=1603197220",
  },
  {
    id: "netease.mi-stc-sender-daily-limit",
    provider: "netease",
    match: { text: ["mi:stc"] },
    reason: "ratelimited",
    meaning:
      "The sender has reached NetEase's daily limit (connections or messages for the day); NetEase takes no more mail from it until the next day.",
    causes: ["High daily volume from one sender address or account."],
    actions: [
      "Stop sending from this sender today and resume tomorrow at a lower rate.",
      "Spread large sends over several days.",
    ],
    checks: ["volume"],
    source: FAQ,
    example:
      "554 5.5.0 MI:STC 163 smtp2,DcGowAD3xfmW3o9fCS5xAw--.21140S2 1603264150,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.2&hostid=smtp2&time=1603264150",
  },
  {
    id: "netease.rp-trc-sender-daily-recipients",
    provider: "netease",
    match: { text: ["rp:trc"] },
    reason: "ratelimited",
    meaning:
      "The sender has addressed more recipients today than NetEase allows; NetEase takes no more mail from it for the rest of the day.",
    causes: ["Bulk or list mail sent through one NetEase account or sender address."],
    actions: ["Pause this sender until the next day.", "Use a proper bulk-sending service for list mail."],
    checks: ["volume"],
    source: FAQ,
    example:
      "550 RP:TRC 163 smtp9,D8CowAD3lTAd45BfVMiUBw--.6731S2 1603330845,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.9&hostid=smtp9&time=1603330845",
  },
  {
    id: "netease.rp-rcl-too-many-recipients",
    provider: "netease",
    match: { text: ["rp:rcl"] },
    reason: "ratelimited",
    meaning: "The message has more recipients than NetEase accepts for a single message.",
    causes: ["A mass mailing with everyone in To/Cc/Bcc of one message."],
    actions: [
      "Split the mailing into messages with fewer recipients each.",
      "Use a mailing list or bulk-sending service for large audiences.",
    ],
    checks: ["volume"],
    source: FAQ,
    example:
      "550 RP:RCL 163 smtp5,EMCowAAnNk2Y6JFfM1V2Aw--.30718S2 1603397785,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.50&hostid=smtp5&time=1603397785",
  },
  {
    id: "netease.rp-frl-no-relay",
    provider: "netease",
    match: { text: ["rp:frl"] },
    reason: "norelaying",
    meaning:
      "NetEase does not relay: the server refused mail for a recipient outside NetEase because the client is not authenticated (no open relay).",
    causes: [
      "A client sends through smtp.163.com (or a NetEase MX) to external addresses without logging in.",
      "The MX host was used as an outbound relay.",
    ],
    actions: [
      "Authenticate (SMTP AUTH) with the NetEase account before sending to outside addresses.",
      "Deliver mail for other domains through your own outbound server.",
    ],
    checks: ["credentials", "mx"],
    source: FAQ,
    example:
      "550 RP:FRL 163 mx6,FcCowAD3M6V27ZJfWGObBw--.7351S2 1603464566 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.6&hostid=mx6&time=1603464566",
  },

  // ---- Plain-text replies ----------------------------------------------------------------------------------------
  {
    id: "netease.too-much-recipient",
    provider: "netease",
    match: { text: ["too much recipient"] },
    reason: "ratelimited",
    meaning: "The message or sending burst has more recipients than NetEase accepts at once.",
    causes: ["Too many recipients in one message or one session."],
    actions: ["Send to fewer recipients per message and per session.", "Retry the remaining recipients later."],
    checks: ["volume"],
    source: FAQ,
    example:
      "host 163mx01.mxmail.netease.com[198.51.100.20] said: 550 Requested mail action not taken: too much recipient (in reply to RCPT TO command)",
  },
  {
    id: "netease.too-many-auth-failures",
    provider: "netease",
    match: { text: ["too much fail authentication", "smtp auth error limit exceed"] },
    reason: "securityerror",
    meaning:
      "NetEase temporarily blocks logins (SMTP AUTH) from the account or IP after too many failed authentication attempts.",
    causes: [
      "A wrong or outdated password, or the account password used where NetEase requires an authorisation code.",
      "Several clients or devices retrying with old credentials.",
      "Password guessing against the account from the IP.",
    ],
    actions: [
      "Update the credentials in every client; use the client authorisation code NetEase issues for SMTP.",
      "Wait for the block to expire before retrying.",
      "If the attempts are not yours, secure the account.",
    ],
    checks: ["credentials"],
    source: FAQ,
    example:
      "host smtp.163.com[198.51.100.11] said: 451 Requested mail action not taken: too much fail authentication (in reply to AUTH command)",
  },
  {
    id: "netease.exceeded-mailsize-limit",
    provider: "netease",
    match: { text: ["exceeded mailsize limit"] },
    reason: "emailtoolarge",
    meaning: "The message is larger than the maximum size NetEase accepts.",
    causes: ["Large attachments or embedded images.", "Base64 encoding inflating attachments by about a third."],
    actions: ["Reduce the message size or share large files by link, then resend."],
    checks: ["content"],
    source: FAQ,
    example:
      "host 163mx03.mxmail.netease.com[198.51.100.15] said: 552 Requested mail action aborted: exceeded mailsize limit (in reply to end of DATA command)",
  },
  {
    id: "netease.illegal-attachment",
    provider: "netease",
    match: { text: ["illegal attachment"] },
    reason: "policyviolation",
    meaning:
      "NetEase does not accept the type of file attached: executable and script types (.exe-like names such as .pif, .scr, .bat, .cmd, .com, .vbs, .vbe, .js, .wsh, .uu, .mim, .hqx, .bhx) are refused.",
    causes: ["An attachment with a forbidden extension, even inside a harmless message."],
    actions: ["Remove the attachment or send it in a password-protected archive or by link, then resend."],
    checks: ["content"],
    source: FAQ,
    example:
      "host 126mx02.mxmail.netease.com[198.51.100.18] said: 552 Illegal Attachment (in reply to end of DATA command)",
  },
  {
    id: "netease.null-sender-not-allowed",
    provider: "netease",
    match: { text: ["null sender is not allowed"], providerOnly: true },
    reason: "rejected",
    meaning: "NetEase refused an empty envelope sender (MAIL FROM:<>) on this server.",
    causes: [
      "A bounce or auto-reply sent to NetEase's submission server with a null sender.",
      "An application that leaves the envelope sender empty.",
    ],
    actions: [
      "Send with a real envelope sender address.",
      "Send bounces and auto-replies to NetEase's MX hosts, not to its submission server.",
    ],
    checks: ["address"],
    source: FAQ,
    example:
      "host smtp.163.com[198.51.100.4] said: 553 Requested action not taken: NULL sender is not allowed (in reply to MAIL FROM command)",
  },
  {
    id: "netease.local-user-only",
    provider: "netease",
    match: { text: ["local user only"] },
    reason: "rejected",
    meaning:
      "NetEase's submission server only accepts senders that are NetEase accounts: the MAIL FROM address is not the logged-in NetEase user.",
    causes: ["A client logged in with a NetEase account but sends as another domain's address."],
    actions: [
      "Send as the NetEase account you authenticate with, or submit mail for other domains through their own servers.",
    ],
    checks: ["address", "credentials"],
    source: FAQ,
    example:
      "host smtp.163.com[198.51.100.8] said: 553 Requested action not taken: Local user only,163 smtp8,DMCowAC3n0BDQplfT8eAAw--.30412S2 1603879491 (in reply to MAIL FROM command)",
  },
  {
    id: "netease.no-smtp-mx-only",
    provider: "netease",
    match: { text: ["no smtp mx only"] },
    reason: "rejected",
    meaning:
      "NetEase's inbound (MX) servers refuse mail that claims a NetEase sender address: NetEase users must send through the authenticated submission server.",
    causes: [
      "A third-party service or script sends with a 163.com/126.com From address straight to NetEase's MX.",
      "Spoofed NetEase senders.",
    ],
    actions: [
      "Send NetEase-addressed mail through smtp.163.com (or smtp.126.com) with authentication.",
      "For third-party services, use a sender address on a domain you control.",
    ],
    checks: ["address", "credentials"],
    source: FAQ,
    example:
      "host 163mx00.mxmail.netease.com[198.51.100.28] said: 553 Requested action not taken: no smtp MX only,163 mx28,FsCowADnp0Tx6ppfDWeMBw--.2705S2 1603946225 (in reply to MAIL FROM command)",
  },
  {
    id: "netease.ip-in-blacklist",
    provider: "netease",
    match: { text: ["ip in blacklist"], providerOnly: true },
    reason: "blocked",
    meaning: "NetEase has the sending IP on its block list and refuses its mail.",
    causes: ["Spam, complaints or abusive traffic from the IP (or its previous users)."],
    actions: [
      "Send through another reputable IP.",
      "Fix the cause and ask NetEase through its feedback form to review the block.",
    ],
    checks: ["blocklist"],
    source: FAQ,
    example: "host 163mx02.mxmail.netease.com[198.51.100.27] said: 554 IP in blacklist (in reply to MAIL FROM command)",
  },
  {
    id: "netease.user-in-blacklist",
    provider: "netease",
    match: { text: ["user in blacklist"], providerOnly: true },
    reason: "rejected",
    meaning: "The sender address is on a block list at NetEase and may not send to NetEase users.",
    causes: [
      "NetEase blocked the sender after spam or complaints.",
      "The recipient or their organisation blocked this sender.",
    ],
    actions: [
      "Stop sending from this address to NetEase; reach the recipient by another channel if the mail is wanted.",
      "Ask NetEase to review the block once the cause is fixed.",
    ],
    checks: ["address"],
    source: FAQ,
    example:
      "host 163mx01.mxmail.netease.com[198.51.100.29] said: 550 User in blacklist (in reply to MAIL FROM command)",
  },
  {
    id: "netease.user-unknown",
    provider: "netease",
    match: { text: ["invalid user", "user not found"], providerOnly: true },
    reason: "userunknown",
    meaning: "There is no NetEase mailbox with this address.",
    causes: ["A typo in the address, or an account that never existed or was deleted."],
    actions: ["Suppress the address; do not retry.", "Ask the person for a valid address."],
    checks: ["address"],
    source: FAQ,
    example:
      "host 163mx02.mxmail.netease.com[198.51.100.25] said: 550 User not found: user@163.com (in reply to RCPT TO command)",
  },
  {
    id: "netease.user-suspended",
    provider: "netease",
    match: { text: ["user suspend"], providerOnly: true },
    reason: "suspend",
    meaning: "The NetEase mailbox exists but is disabled or frozen, so it takes no mail.",
    causes: ["The account was frozen for inactivity, abuse or at the owner's request."],
    actions: [
      "Stop mailing the address; it may be restored, so keep it out of active sending rather than retrying.",
      "Ask the person for a current address.",
    ],
    checks: ["mailbox"],
    source: FAQ,
    example:
      "host 126mx01.mxmail.netease.com[198.51.100.26] said: 550 User suspended: user@126.com (in reply to RCPT TO command)",
  },
]);
