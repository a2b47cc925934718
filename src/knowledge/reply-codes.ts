// Basic SMTP reply codes: RFC 5321 section 4.2.2 plus the extension codes of RFC 3207 (STARTTLS), RFC 4954 (AUTH),
// RFC 5248 (codes named only in the enhanced status code registry) and RFC 7504 (521, 556), each with the reason
// to use when a reply carries only this code (no text rule and no enhanced code decided).
// Titles are the RFCs' reply texts; meanings are ours.
//
// Defaults follow Sisimai where it assigns one (go-sisimai smtp/reply/lib.go "associated" table: 451 systemerror,
// 452 systemfull, 500-504 syntaxerror, 521 notaccept, 534/535/538 securityerror, 552 mailboxfull, 556 notaccept)
// and its fallback that a refusal at EHLO/HELO is a block (reason/find.go, anotherone()). Where Sisimai gives none,
// the comment beside the entry says why we chose what we did. `onhold` is used only where the code alone says
// nothing about the cause.

import type { ReplyCodeInfo } from "./types.js";

export const REPLY_CODES = [
  // 2yz: positive completion ----------------------------------------------------------------------------------
  {
    code: 211,
    title: "System status, or system help reply",
    meaning: "An informational answer about the server's status; not about a message.",
    reference: "RFC 5321 section 4.2.2",
    reason: "delivered",
  },
  {
    code: 214,
    title:
      "Help message (Information on how to use the receiver or the meaning of a particular non-standard command; this reply is useful only to the human user)",
    meaning: "Help text for a person, in answer to HELP; not about a message.",
    reference: "RFC 5321 section 4.2.2",
    reason: "delivered",
  },
  {
    code: 220,
    title: "<domain> Service ready",
    meaning:
      'The server greets the client and is ready for a session. After STARTTLS it means the TLS handshake may begin (RFC 3207: "Ready to start TLS").',
    reference: "RFC 5321 section 4.2.2; RFC 3207 section 4",
    reason: "delivered",
  },
  {
    code: 221,
    title: "<domain> Service closing transmission channel",
    meaning: "The server closes the session normally, usually after QUIT.",
    reference: "RFC 5321 section 4.2.2",
    reason: "delivered",
  },
  {
    code: 235,
    title: "Authentication Succeeded",
    meaning: "SMTP AUTH succeeded; the client is now logged in (sent with 2.7.0).",
    reference: "RFC 4954 section 6",
    reason: "delivered",
  },
  {
    code: 250,
    title: "Requested mail action okay, completed",
    meaning:
      "The command succeeded; after the end of data it means the server took responsibility for the message (often with a queue id).",
    reference: "RFC 5321 section 4.2.2",
    reason: "delivered",
  },
  {
    code: 251,
    title: "User not local; will forward to <forward-path>",
    meaning: "The recipient is accepted and the server will forward the message to another address itself.",
    reference: "RFC 5321 section 4.2.2",
    reason: "delivered",
  },
  {
    code: 252,
    title: "Cannot VRFY user, but will accept message and attempt delivery",
    meaning: "The server will not confirm whether the address exists, but will take mail for it and try.",
    reference: "RFC 5321 section 4.2.2",
    reason: "delivered",
  },

  // 3yz: positive intermediate ---------------------------------------------------------------------------------
  // Not results: the exchange continues. A report that ends on one of them means the session was cut off before
  // any verdict, so the code alone cannot tell why.
  {
    code: 334,
    title: "AUTH server challenge (text is the base64-encoded SASL challenge)",
    meaning: "During AUTH, the server sends a challenge and waits for the client's next response.",
    reference: "RFC 4954 section 4",
    reason: "onhold",
  },
  {
    code: 354,
    title: "Start mail input; end with <CRLF>.<CRLF>",
    meaning: "The server accepted DATA and waits for the message, ended by a line holding a single dot.",
    reference: "RFC 5321 section 4.2.2",
    reason: "onhold",
  },

  // 4yz: transient negative completion -------------------------------------------------------------------------
  {
    code: 421,
    title:
      "<domain> Service not available, closing transmission channel (This may be a reply to any command if the service knows it must shut down)",
    meaning:
      "The server is not available now and closes the connection; it can come at any point of the session. Providers also use it to throttle or defer senders, which their text tells.",
    reference: "RFC 5321 section 4.2.2",
    // Sisimai gives none. The RFC meaning is an unavailable server; throttling and reputation deferrals carry
    // wording (rate, too many, deferred, reputation) that text patterns and provider rules decide first.
    reason: "systemerror",
  },
  {
    code: 432,
    title: "A password transition is needed",
    meaning:
      "The user must authenticate once with PLAIN so the server can enable the requested AUTH mechanism (sent with 4.7.12).",
    reference: "RFC 4954 section 6",
    reason: "securityerror",
  },
  {
    code: 450,
    title:
      "Requested mail action not taken: mailbox unavailable (e.g., mailbox busy or temporarily blocked for policy reasons)",
    meaning:
      "The mailbox cannot be used right now: busy, locked, or temporarily refused by policy (greylisting is the common case).",
    reference: "RFC 5321 section 4.2.2",
    // Sisimai gives none. Servers use 450 for greylisting, unverified recipients, missing reverse DNS and full
    // mailboxes alike (Postfix's *_defer_code/*_reject_code defaults), so the code alone cannot tell.
    reason: "onhold",
  },
  {
    code: 451,
    title: "Requested action aborted: local error in processing",
    meaning: "The server hit an error of its own (filter, DNS lookup, storage) and asks the client to try again later.",
    reference: "RFC 5321 section 4.2.2",
    reason: "systemerror",
  },
  {
    code: 452,
    title: "Requested action not taken: insufficient system storage",
    meaning:
      "The server is short of storage for now. At RCPT it is also the RFC's reply when the per-message recipient limit is reached (RFC 5321 section 4.5.3.1.10); the text tells which.",
    reference: "RFC 5321 section 4.2.2",
    reason: "systemfull",
  },
  {
    code: 454,
    title: "Temporary authentication failure",
    meaning:
      'AUTH could not be completed because of a temporary server problem (sent with 4.7.0). In answer to STARTTLS, RFC 3207 uses it for "TLS not available due to temporary reason".',
    reference: "RFC 4954 section 6; RFC 3207 section 4",
    reason: "securityerror",
    reasonByStage: { starttls: "failedstarttls" },
  },
  {
    code: 455,
    title: "Server unable to accommodate parameters",
    meaning: "The server understood the MAIL or RCPT parameters but cannot honour them at the moment.",
    reference: "RFC 5321 section 4.2.2",
    // Unlike 555, the parameters are well formed; the limitation is on the server's side for now.
    reason: "systemerror",
  },

  // 5yz: permanent negative completion -------------------------------------------------------------------------
  {
    code: 500,
    title: "Syntax error, command unrecognized (This may include errors such as command line too long)",
    meaning:
      "The server did not understand the command, or the line was too long. During AUTH it may mean the exchange line was too long (5.5.6).",
    reference: "RFC 5321 section 4.2.2; RFC 4954 section 6",
    reason: "syntaxerror",
    // A server that does not know STARTTLS answers this way: the TLS upgrade failed.
    reasonByStage: { starttls: "failedstarttls" },
  },
  {
    code: 501,
    title: "Syntax error in parameters or arguments",
    meaning:
      "The command was known but its arguments were wrong, e.g. a malformed address, a bad EHLO name, or (RFC 3207) parameters after STARTTLS.",
    reference: "RFC 5321 section 4.2.2; RFC 3207 section 4; RFC 4954 section 6",
    reason: "syntaxerror",
    reasonByStage: {
      // A refused EHLO/HELO argument (invalid host name) is treated as a block, as Sisimai does.
      ehlo: "blocked",
      // A malformed or unacceptable MAIL FROM address: the sender was rejected (1.7/1.8 subjects).
      mail: "rejected",
      // A malformed recipient address cannot be delivered (Sisimai maps 5.1.3 to userunknown).
      rcpt: "userunknown",
    },
  },
  {
    code: 502,
    title: "Command not implemented",
    meaning: "The server does not implement this command.",
    reference: "RFC 5321 section 4.2.2",
    reason: "syntaxerror",
    reasonByStage: { starttls: "failedstarttls" },
  },
  {
    code: 503,
    title: "Bad sequence of commands",
    meaning: "The command came out of order, e.g. RCPT before MAIL, or DATA with no accepted recipient.",
    reference: "RFC 5321 section 4.2.2",
    reason: "syntaxerror",
  },
  {
    code: 504,
    title: "Command parameter not implemented",
    meaning:
      'The command is known but a parameter it was given is not supported. In answer to AUTH it means the mechanism is unknown ("Unrecognized authentication type", 5.5.4).',
    reference: "RFC 5321 section 4.2.2; RFC 4954 section 6",
    reason: "syntaxerror",
    // At AUTH the client's authentication setup is wrong, not its SMTP syntax.
    reasonByStage: { auth: "securityerror" },
  },
  {
    code: 521,
    title: "Server does not accept mail",
    meaning: "The host does not take mail at all; sent in place of the greeting. Retrying will not help.",
    reference: "RFC 7504",
    reason: "notaccept",
  },
  {
    code: 523,
    title: "Encryption Needed",
    meaning:
      "The AUTH mechanism requires an encrypted connection first. The code appears only as the registry's associated code of X.7.10.",
    reference: "RFC 5248",
    reason: "securityerror",
  },
  {
    code: 524,
    title: "Encryption required for requested authentication mechanism",
    meaning:
      "The AUTH mechanism may only be used over an encrypted connection. The code appears only as an associated code of X.7.11 (538 is RFC 4954's).",
    reference: "RFC 5248",
    reason: "securityerror",
  },
  {
    code: 525,
    title: "User Account Disabled",
    meaning:
      "The account has been disabled by its administrator (sent with 5.7.13). Receivers also use it at RCPT for a disabled recipient.",
    reference: "RFC 5248",
    // Sisimai's reply table says securityerror, but its status table (5.7.13) and its test corpus say suspend.
    reason: "suspend",
  },
  {
    code: 530,
    title: "Authentication required",
    meaning:
      'The server requires SMTP AUTH before this command (sent with 5.7.0). RFC 3207 also uses 530 for "Must issue a STARTTLS command first".',
    reference: "RFC 4954 section 6; RFC 3207 section 4",
    reason: "securityerror",
  },
  {
    code: 534,
    title: "Authentication mechanism is too weak",
    meaning: "The AUTH mechanism chosen is weaker than the server allows for this user (sent with 5.7.9).",
    reference: "RFC 4954 section 6",
    reason: "securityerror",
  },
  {
    code: 535,
    title: "Authentication credentials invalid",
    meaning: "SMTP AUTH failed: wrong user name, password or token (sent with 5.7.8).",
    reference: "RFC 4954 section 6",
    reason: "securityerror",
  },
  {
    code: 538,
    title: "Encryption required for requested authentication mechanism",
    meaning: "The AUTH mechanism chosen may only be used over an encrypted connection (sent with 5.7.11).",
    reference: "RFC 4954 section 6",
    reason: "securityerror",
  },
  {
    code: 550,
    title:
      "Requested action not taken: mailbox unavailable (e.g., mailbox not found, no access, or command rejected for policy reasons)",
    meaning:
      "The most general permanent refusal: an unknown mailbox, no access, or any policy rejection. The enhanced code and the text tell which.",
    reference: "RFC 5321 section 4.2.2",
    // With no stage, a bare 550 cannot tell a missing mailbox from a policy block, and guessing userunknown would
    // suppress good addresses: onhold. The stage narrows it.
    reason: "onhold",
    reasonByStage: {
      // Refused before any address was given: the client host itself was refused.
      connect: "blocked",
      ehlo: "blocked",
      // In answer to MAIL FROM the refused mailbox is the sender's.
      mail: "rejected",
      // In answer to RCPT TO the RFC's first example applies: the recipient mailbox does not exist.
      rcpt: "userunknown",
      // After the content was sent: the content or the message as a whole broke a local policy.
      data: "policyviolation",
      "end-of-data": "policyviolation",
    },
  },
  {
    code: 551,
    title: "User not local; please try <forward-path>",
    meaning: "The recipient is not served here; the server names another address to try and will not forward itself.",
    reference: "RFC 5321 section 4.2.2",
    reason: "hasmoved",
  },
  {
    code: 552,
    title: "Requested mail action aborted: exceeded storage allocation",
    meaning:
      "A storage limit was exceeded: the recipient's quota at RCPT, or the message size (SIZE at MAIL, the data after DATA).",
    reference: "RFC 5321 section 4.2.2",
    reason: "mailboxfull",
    reasonByStage: {
      // SIZE= declared in MAIL FROM above the server's limit (RFC 1870).
      mail: "emailtoolarge",
      data: "emailtoolarge",
      "end-of-data": "emailtoolarge",
    },
  },
  {
    code: 553,
    title: "Requested action not taken: mailbox name not allowed (e.g., mailbox syntax incorrect)",
    meaning: "The address given is not acceptable here: bad syntax, or a name the server does not allow.",
    reference: "RFC 5321 section 4.2.2",
    // Sisimai gives none; in its corpus 553 is mostly an unusable recipient, and a sender refusal at MAIL.
    reason: "userunknown",
    reasonByStage: { mail: "rejected" },
  },
  {
    code: 554,
    title: 'Transaction failed (Or, in the case of a connection-opening response, "No SMTP service here")',
    meaning:
      "The transaction was refused without a more precise code; as the greeting it means this host will not talk SMTP to this client. Blocklist and policy refusals commonly use it.",
    reference: "RFC 5321 section 4.2.2",
    // Sisimai gives none. Servers send 554 mostly for refusals of the client (blocklists, Postfix's default
    // reject_code) and for content refused after DATA; blocked is the default, the stage refines it.
    reason: "blocked",
    reasonByStage: {
      connect: "blocked",
      ehlo: "blocked",
      data: "policyviolation",
      "end-of-data": "policyviolation",
    },
  },
  {
    code: 555,
    title: "MAIL FROM/RCPT TO parameters not recognized or not implemented",
    meaning: "The server does not know an ESMTP parameter given with MAIL FROM or RCPT TO.",
    reference: "RFC 5321 section 4.2.2",
    reason: "syntaxerror",
  },
  {
    code: 556,
    title: "Domain does not accept mail",
    meaning:
      "The recipient's domain takes no mail at all, typically because it publishes a null MX (RFC 7505); reported by a relay that found this.",
    reference: "RFC 7504",
    reason: "notaccept",
  },
] as const satisfies readonly ReplyCodeInfo[];
