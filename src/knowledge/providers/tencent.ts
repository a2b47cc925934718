// Tencent: QQ Mail (qq.com, vip.qq.com, foxmail.com), Tencent Exmail (exmail.qq.com) and WeCom mail; MX hosts
// mx1.qq.com, mx2.qq.com, mx3.qq.com, mxbiz1.qq.com, mxbiz2.qq.com. Replies are short English phrases, often followed by
// a bracketed session token with the client IP and a link to QQ Mail's help: "550 Ip frequency limited [... IP:
// 192.0.2.1]. https://service.mail.qq.com/detail/122/172". Older replies link to service.mail.qq.com/cgi-bin/help.
// Source: QQ Mail's help centre, one page per reply (service.mail.qq.com/detail/122/NN, "发信方错误码"), which gives the
// cause and the advice for each; the reading below is ours. Generic wordings ("mailbox not found", "message too
// large") are read this way only when a Tencent host or link is in the text.

import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const HELP = "https://service.mail.qq.com/detail/122";
const help = (n: number): string => `${HELP}/${n}`;

export const TENCENT: ProviderInfo = {
  id: "tencent",
  name: "Tencent QQ Mail / Exmail",
  markers: ["qq.com", "mx1.qq.com", "exmail.qq.com", "service.mail.qq.com", "foxmail.com", "weixin.qq.com"],
  reference: HELP,
};

export const TENCENT_RULES = defineProviderRules([
  // ---- Reputation and blocks (before the plain "suspected spam") -----------------------------------------------
  {
    id: "tencent.suspected-spam-ip",
    provider: "tencent",
    match: { text: ["suspected spam ip"] },
    reason: "blocked",
    meaning: "QQ Mail treats the sending IP as a source of spam and refuses mail from it.",
    causes: [
      "Spam complaints from QQ users or spam-trap hits traced to the IP.",
      "A shared IP used by other senders with poor practices.",
    ],
    actions: [
      "Check the IP's reputation and block-list status.",
      "Stop unwanted or unsolicited sending from the IP, then retry later or move to a clean IP.",
    ],
    checks: ["blocklist", "volume"],
    source: help(66),
    example:
      "550 Suspected spam ip [MEwgNYCUUqQdt1qml2CjHV6aouwXiNz1KplnTFuwgwGN67bolrd0KDmJ07BuZ3e8jQ== IP: 192.0.2.66]. https://service.mail.qq.com/detail/122/66",
  },
  {
    id: "tencent.suspected-bounce-attacks",
    provider: "tencent",
    match: { text: ["suspected bounce attack"] },
    reason: "blocked",
    meaning:
      "QQ Mail refused the mail as suspected backscatter: the IP sends many bounces or auto-replies to QQ users who never wrote to it.",
    causes: [
      "The server accepts spam with forged QQ senders and then bounces it back to them.",
      "Auto-replies or delivery reports sent to forged return addresses.",
    ],
    actions: [
      "Reject unwanted mail during the SMTP session instead of accepting it and bouncing later.",
      "Do not send auto-replies to mail judged as spam; then retry.",
    ],
    checks: ["volume", "blocklist"],
    source: help(57),
    example:
      "550 Suspected bounce attacks [MJdnJ7wPeXH4mzE0lg3rMeKqYzB0T+PhJzKz6E5Yj1v8b6w6eYtC IP: 192.0.2.57]. https://service.mail.qq.com/detail/122/57",
  },

  // ---- Content ----------------------------------------------------------------------------------------------------
  {
    id: "tencent.spam-embedded",
    provider: "tencent",
    match: { text: ["spam is embedded in the email"] },
    reason: "spamdetected",
    meaning: "QQ Mail found spam content embedded in the message (in the body, links or attachments).",
    causes: ["Links or text known from spam runs.", "Content copied from or pointing to listed domains."],
    actions: ["Remove the flagged links and content, then send a clean test message."],
    checks: ["content"],
    source: help(59),
    example:
      "550 Spam is embedded in the email [MIm8tHbe5IAWpVl5N0fAlI6AvQ4cU2M0eXQ= IP: 192.0.2.59]. https://service.mail.qq.com/detail/122/59",
  },
  {
    id: "tencent.mail-content-denied",
    provider: "tencent",
    match: { text: ["mail content denied"] },
    reason: "spamdetected",
    meaning:
      "QQ Mail refuses this content: it looks like mass mail that many QQ users reported as spam, so similar messages are blocked.",
    causes: [
      "Bulk advertising or promotional mail that drew many complaints.",
      "The same content sent to many recipients who did not ask for it.",
    ],
    actions: [
      "Stop sending this content to QQ users; send only to recipients who opted in.",
      "Revise the content and give an easy way to unsubscribe before sending again.",
    ],
    checks: ["content", "volume"],
    source: help(171),
    example:
      "550 Mail content denied. https://service.mail.qq.com/detail/122/171 [MGsVJ6t3R3J8dF1d1vDkYg8KTcO6AG0qWGl0d+4Q IP: 192.0.2.71]",
  },
  {
    id: "tencent.content-rejected",
    provider: "tencent",
    match: { text: ["error: content rejected"], providerOnly: true },
    reason: "spamdetected",
    meaning: "QQ Mail's filter rejected the message for its content.",
    causes: ["Spam-like content, links or attachments."],
    actions: ["Revise the content and links, then resend."],
    checks: ["content"],
    source: HELP,
    example: "host mx3.qq.com[203.0.113.3] said: 550 Error: content rejected (in reply to end of DATA command)",
  },
  {
    id: "tencent.suspected-spam",
    provider: "tencent",
    match: { text: ["suspected spam"], providerOnly: true },
    reason: "spamdetected",
    meaning: "QQ Mail's filter judged the message to be spam and refused it.",
    causes: [
      "Spam-like content or links, or a sender with little history at QQ Mail.",
      "Missing or failing authentication that makes the message look forged.",
    ],
    actions: [
      "Check SPF, DKIM and DMARC for the sending domain.",
      "Review the content and links, then resend to recipients who expect the mail.",
    ],
    checks: ["content", "spf", "dkim"],
    source: help(71),
    example:
      "550 Suspected spam [MAn5Ta6sx9eJ8QlNlsR+4hFq1c2yP0jVf7qg IP: 192.0.2.72]. https://service.mail.qq.com/detail/122/71",
  },
  {
    id: "tencent.rejected-by-recipients",
    provider: "tencent",
    match: { text: ["mail is rejected by recipients"] },
    reason: "filtered",
    meaning:
      "The recipient refused the mail: their own settings (block list, rules or anti-spam level) at QQ Mail or WeCom reject this sender.",
    causes: [
      "The recipient blocked the sender address or domain.",
      "The recipient's filtering rules or strict anti-spam setting.",
    ],
    actions: [
      "Do not retry; ask the recipient through another channel to allow the sender if the mail is wanted.",
      "If many recipients do this, review consent and content.",
    ],
    checks: ["address"],
    source: help(92),
    example:
      "550 Mail is rejected by recipients [MKxW0N9Qm8k3cq1JtH1t4I8f9s2eNq3yb8w= IP: 192.0.2.92]. https://service.mail.qq.com/detail/0/92",
  },

  // ---- Authentication and format ------------------------------------------------------------------------------------
  {
    id: "tencent.spf-dmarc-check-failed",
    provider: "tencent",
    match: { text: ["spf check failed", "dmarc check failed"], providerOnly: true },
    reason: "authfailure",
    meaning: "The message failed QQ Mail's SPF or DMARC check for the sender's domain, so it was refused.",
    causes: [
      "The SPF record of the sender domain does not list the sending server.",
      "No aligned DKIM signature while the From domain publishes a DMARC reject policy.",
    ],
    actions: [
      "Add the sending servers to the domain's SPF record and sign with DKIM on the From domain.",
      "Check the DMARC record, then resend.",
    ],
    checks: ["spf", "dmarc", "dkim", "alignment"],
    source: help(72),
    example:
      "550 SPF check failed [MLXkY4w1aA2Jt6m8eRk2Vq0sI2zE IP: 192.0.2.73]. https://service.mail.qq.com/detail/122/72",
  },
  {
    id: "tencent.from-header-invalid",
    provider: "tencent",
    match: { text: ['"from" header is missing or invalid'] },
    reason: "notcompliantrfc",
    meaning:
      "QQ Mail refused the message because its From header is missing or malformed, against RFC 5322 (and RFC 2047 for encoded names).",
    causes: [
      "No From header, or one with several addresses or bad syntax.",
      "A non-ASCII display name that is not MIME-encoded.",
    ],
    actions: [
      "Send exactly one valid From address; encode display names as RFC 2047 requires.",
      "Build messages with a mail library rather than by hand, then resend.",
    ],
    checks: ["content", "address"],
    source: "https://service.mail.qq.com/detail/124/995",
    example:
      'the mta server of qq.com -- mx3.qq.com(203.0.113.4) reply:550 The "From" header is missing or invalid. Please follow RFC5322, RFC2047, RFC822 standard protocol. [MEwgNYCUUqQdt1qml2CjHV6aouwXiNz1 IP: 192.0.2.95]. https://service.mail.qq.com/detail/124/995.',
  },

  // ---- Rate limits -------------------------------------------------------------------------------------------------
  {
    id: "tencent.ip-frequency-limited",
    provider: "tencent",
    match: { text: ["ip frequency limited"] },
    reason: "ratelimited",
    meaning:
      "The sending IP exceeded QQ Mail's per-IP sending rate; it is barred for minutes, hours or the rest of the day depending on which limit (per minute, hour or day) it crossed.",
    causes: ["Bulk sending to QQ addresses from one IP.", "A burst of queued mail released at once."],
    actions: [
      "Pause sending from this IP to QQ Mail, then resume at a lower rate.",
      "Spread volume over time; QQ Mail does not publish its limits.",
    ],
    checks: ["volume"],
    source: help(172),
    example:
      "550 Ip frequency limited [MSasc89YXQNeMRrckgRVoZZLLdRlxGMr225Uyud+GaUu71uvUhT562A= IP: 192.0.2.172]. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725",
  },
  {
    id: "tencent.sender-frequency-limited",
    provider: "tencent",
    match: { text: ["domain frequency limited", "sender frequency limited"] },
    reason: "ratelimited",
    meaning:
      "The sender domain or sender address exceeded QQ Mail's sending rate for one sender; mail from it is barred for a period (minutes to the rest of the day).",
    causes: ["Bulk sending with one sender address or domain, even from several IPs."],
    actions: ["Pause and resume at a lower rate from this sender or domain.", "Spread large sends over time."],
    checks: ["volume"],
    source: help(173),
    example:
      "550 Domain frequency limited [MHgYRy2pE6XQvS9t2J4b8B3kAqz6 IP: 192.0.2.173]. https://service.mail.qq.com/detail/122/173",
  },
  {
    id: "tencent.connection-frequency-limited",
    provider: "tencent",
    match: { text: ["connection frequency limited"] },
    reason: "ratelimited",
    meaning:
      "The IP opened connections to QQ Mail faster than QQ Mail allows; further connections are refused for a while.",
    causes: ["Many short connections or too many parallel sessions to QQ's MX hosts."],
    actions: ["Reuse connections and lower concurrency toward QQ Mail.", "Let the MTA retry later."],
    checks: ["volume"],
    source: help(175),
    example:
      "550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726 [IP: 192.0.2.175]",
  },
  {
    id: "tencent.connection-denied",
    provider: "tencent",
    match: { text: ["connection denied"], providerOnly: true },
    reason: "ratelimited",
    meaning:
      "The IP's sending rate went far beyond QQ Mail's limits, so QQ Mail refuses its connections for minutes, hours or the rest of the day.",
    causes: ["A large burst or sustained high volume to QQ users from one IP."],
    actions: [
      "Stop sending from this IP to QQ Mail for now; resume later at a much lower rate.",
      "If you are not the administrator of the IP, report the problem to your email provider.",
    ],
    checks: ["volume"],
    source: help(170),
    example:
      "550 Connection denied [MNtA5vSx0k3B3YgQ4rKfh6c2 IP: 192.0.2.170]. https://service.mail.qq.com/detail/122/170",
  },
  {
    id: "tencent.recipient-receiving-limited",
    provider: "tencent",
    match: {
      text: ["mailbox unavailable or access denied", "frequency of receiving messages is limited"],
      providerOnly: true,
    },
    reason: "ratelimited",
    meaning:
      "The recipient has received a large amount of mail in a short time; to protect the mailbox QQ Mail temporarily refuses more mail to it.",
    causes: [
      "Many messages to one QQ address in a short time (alerts, loops, repeated sends).",
      "The recipient is being flooded by other senders.",
    ],
    actions: [
      "Pause mail to this recipient and try again later.",
      "Deduplicate alerts and notifications aimed at the same address.",
    ],
    checks: ["volume"],
    source: help(166),
    example:
      "550 Mailbox unavailable or access denied [MJ3f9wZ0a1Qv6bT0xg1wQn4yXc= IP: 192.0.2.166]. http://service.mail.qq.com/detail/122/166",
  },
  {
    id: "tencent.too-much-recipient",
    provider: "tencent",
    match: { text: ["too much recipient"], providerOnly: true },
    reason: "ratelimited",
    meaning: "The message or session has more recipients than Tencent accepts at once.",
    causes: ["Too many recipients in one message or one session."],
    actions: ["Send to fewer recipients per message and per session.", "Retry the remaining recipients later."],
    checks: ["volume"],
    source: HELP,
    example:
      "host smtp.exmail.qq.com[203.0.113.5] said: 550 Requested mail action not taken: too much recipient (in reply to RCPT TO command)",
  },

  // ---- Sender authentication ---------------------------------------------------------------------------------------
  {
    id: "tencent.too-much-fail-authentication",
    provider: "tencent",
    match: { text: ["too much fail authentication"], providerOnly: true },
    reason: "securityerror",
    meaning: "Tencent temporarily blocks SMTP logins after too many failed authentication attempts.",
    causes: [
      "A wrong password, or the account password used where QQ Mail requires an authorisation code.",
      "Several clients retrying with old credentials.",
    ],
    actions: [
      "Update the credentials in every client; use the authorisation code generated in QQ Mail's settings.",
      "Wait for the block to lapse before retrying.",
    ],
    checks: ["credentials"],
    source: HELP,
    example:
      "host smtp.qq.com[203.0.113.6] said: 451 Requested mail action not taken: too much fail authentication (in reply to AUTH command)",
  },

  // ---- Recipient ---------------------------------------------------------------------------------------------------
  {
    id: "tencent.deactivated-mailbox",
    provider: "tencent",
    match: { text: ["is a deactivated mailbox"] },
    reason: "suspend",
    meaning: "The QQ mailbox exists but has been deactivated, so it takes no mail.",
    causes: ["The owner stopped using the QQ Mail service or the account was frozen."],
    actions: ["Stop mailing the address; ask the person for a current one."],
    checks: ["mailbox"],
    source: "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742",
    example:
      "550 user@qq.com is a deactivated mailbox. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742",
  },
  {
    id: "tencent.mailbox-not-found",
    provider: "tencent",
    match: { text: ["mailbox not found"], providerOnly: true },
    reason: "userunknown",
    meaning: "There is no QQ Mail (or Exmail) mailbox with this address.",
    causes: ["A typo in the address, or an account that does not exist or was removed."],
    actions: ["Suppress the address; do not retry.", "Confirm the correct address with the recipient."],
    checks: ["address"],
    source: help(169),
    example:
      "550 Mailbox not found. http://service.mail.qq.com/detail/122/169 [MAW77ic63OtZB8WdcrvY/gIHPvUvsXupE8bE5roaPk+ab2Lvf59Ok0394SdGexrgVA== IP: 198.51.100.1]",
  },
  {
    id: "tencent.bad-address-syntax",
    provider: "tencent",
    match: { text: ["bad address syntax"], providerOnly: true },
    reason: "syntaxerror",
    meaning: "QQ Mail refused the recipient address because it is not syntactically valid.",
    causes: [
      "Stray characters (/ , * ? ;), spaces or a malformed domain in the address.",
      "Look-alike characters typed by mistake (O for 0, l for 1).",
    ],
    actions: ["Correct the address (check with the recipient if unsure); do not retry it as is."],
    checks: ["address"],
    source: help(167),
    example: "501 Bad address syntax. http://service.mail.qq.com/detail/122/167",
  },
  {
    id: "tencent.message-too-large",
    provider: "tencent",
    match: { text: ["message too large", "exceeded mailsize limit"], providerOnly: true },
    reason: "emailtoolarge",
    meaning: "The message is larger than QQ Mail accepts.",
    causes: ["Large attachments or images."],
    actions: ["Reduce the message size or share large files by link, then resend."],
    checks: ["content"],
    source: help(168),
    example: "552 Message too large. http://service.mail.qq.com/detail/122/168",
  },
]);
