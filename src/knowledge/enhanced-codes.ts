// The IANA "Simple Mail Transfer Protocol (SMTP) Enhanced Status Codes" registry (RFC 5248): class sub-codes,
// subject sub-codes and every enumerated X.S.D code, each with a default reason for the classifier.
// Source: https://www.iana.org/assignments/smtp-enhanced-status-codes/ (titles and references are the registry's;
// meanings are ours). Default reasons follow Sisimai's status-code table (go-sisimai smtp/status/lib.go, Name())
// unless a comment says why we differ.
//
// `classes`: the registry has no class column. We derive it from what each record states: the classes of its
// "associated basic status codes" (2yz -> 2, 4yz -> 4, 5yz -> 5) plus the classes its description names ("only
// useful for permanent failures" -> 5, "persistent transient" -> 4, "positive delivery"/"warning" -> 2). When a
// record states neither, we list 4 and 5. Real servers step outside these lists (2.1.0 "sender ok", 4.1.2 for a
// temporary DNS failure, 5.4.6 for a forwarding loop, 4.7.26 from Gmail), so `classes` documents the registry; it
// is not a validity check.
//
// The registry lists no class-specific entries: RFC 4954's "235 2.7.0", "454 4.7.0" and "530 5.7.0" are uses of
// X.7.0 (whose associated codes include 235, 454 and 530), and "2.6.4" is X.6.4 used as a success warning.

import type { EnhancedCodeInfo, Outcome, Reason } from "./types.js";

/** One "Class Sub-Codes" record of the registry (the first digit). */
export interface EnhancedClassInfo {
  readonly class: 2 | 4 | 5;
  /** As the registry writes it, e.g. "4.XXX.YYY". */
  readonly code: string;
  readonly title: string;
  readonly meaning: string;
  /** What the class alone says about the message. */
  readonly outcome: Outcome;
  readonly reference: string;
}

/** One "Subject Sub-Codes" record of the registry (the middle number). */
export interface EnhancedSubjectInfo {
  readonly subject: number;
  /** As the registry writes it, e.g. "X.1.XXX". */
  readonly code: string;
  readonly title: string;
  readonly meaning: string;
  readonly reference: string;
  /**
   * Reason for a code of this subject whose detail is not in the registry (e.g. Microsoft's 5.7.606 or 5.1.351).
   * Same as the subject's "other or undefined" X.S.0 code, except where a comment says otherwise.
   */
  readonly reason: Reason;
}

export const ENHANCED_CLASSES = [
  {
    class: 2,
    code: "2.XXX.YYY",
    title: "Success",
    meaning:
      "The action succeeded; a detail code may add a note, such as a conversion that was needed to deliver the message.",
    outcome: "success",
    reference: "RFC 3463",
  },
  {
    class: 4,
    code: "4.XXX.YYY",
    title: "Persistent Transient Failure",
    meaning:
      "The message itself is acceptable, but a condition that should clear up has stopped or delayed it; sending again later may work.",
    outcome: "temporary",
    reference: "RFC 3463",
  },
  {
    class: 5,
    code: "5.XXX.YYY",
    title: "Permanent Failure",
    meaning:
      "The failure will not go away by itself: sending the same message again unchanged will fail again until someone fixes the cause.",
    outcome: "permanent",
    reference: "RFC 3463",
  },
] as const satisfies readonly EnhancedClassInfo[];

// Annotated rather than `as const` so that `reason` stays the full Reason union for callers that compare it.
export const ENHANCED_SUBJECTS: readonly EnhancedSubjectInfo[] = [
  {
    subject: 0,
    code: "X.0.XXX",
    title: "Other or Undefined Status",
    meaning: "No subject was given: only the class (success, temporary, permanent) is known.",
    reference: "RFC 3463",
    reason: "undefined",
  },
  {
    subject: 1,
    code: "X.1.XXX",
    title: "Addressing Status",
    meaning:
      "Something about the sender or recipient address: its syntax, whether it exists, or whether its domain takes mail.",
    reference: "RFC 3463",
    reason: "userunknown",
  },
  {
    subject: 2,
    code: "X.2.XXX",
    title: "Mailbox Status",
    meaning:
      "The address exists but its mailbox is the problem (full, disabled, size limit); usually in the recipient's hands.",
    reference: "RFC 3463",
    reason: "filtered",
  },
  {
    subject: 3,
    code: "X.3.XXX",
    title: "Mail System Status",
    meaning:
      "The receiving system as a whole is the problem (storage, size limit, configuration); in its administrator's hands.",
    reference: "RFC 3463",
    reason: "systemerror",
  },
  {
    subject: 4,
    code: "X.4.XXX",
    title: "Network and Routing Status",
    meaning:
      "Connecting or routing failed: DNS, unreachable hosts, timeouts, congestion or loops between the two ends.",
    reference: "RFC 3463",
    reason: "networkerror",
  },
  {
    subject: 5,
    code: "X.5.XXX",
    title: "Mail Delivery Protocol Status",
    meaning: "The SMTP exchange itself went wrong: unknown or out-of-order commands, bad arguments, protocol limits.",
    reference: "RFC 3463",
    // An unregistered X.5.N detail still speaks of the protocol; X.5.0 itself is left to the reply code (see below).
    reason: "syntaxerror",
  },
  {
    subject: 6,
    code: "X.6.XXX",
    title: "Message Content or Media Status",
    meaning: "The content or its encoding could not be carried or converted for the next hop.",
    reference: "RFC 3463",
    reason: "contenterror",
  },
  {
    subject: 7,
    code: "X.7.XXX",
    title: "Security or Policy Status",
    meaning:
      "A security or policy rule stopped the message: authentication, encryption, per-host or per-recipient filtering.",
    reference: "RFC 3463",
    // Sisimai falls back to securityerror for any unknown 4.7/5.7 detail (go-sisimai reason/find.go, anotherone()).
    reason: "securityerror",
  },
];

// Trailing comments give the registry's "associated basic status code" column ("-" where it says "Not given").
export const ENHANCED_CODES = [
  // X.0: Other or Undefined Status ----------------------------------------------------------------------------
  {
    code: "X.0.0",
    title: "Other undefined Status",
    meaning: "The only code without a subject: the server tells the class of the result and nothing more.",
    reference: "RFC 3463",
    classes: [2, 4, 5],
    reason: "undefined",
  }, // Any

  // X.1: Addressing Status ------------------------------------------------------------------------------------
  {
    code: "X.1.0",
    title: "Other address status",
    meaning: "Something about an address in the transaction caused this report, without saying what.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "userunknown", // Sisimai maps 5.1.0 to userunknown
  }, // -
  {
    code: "X.1.1",
    title: "Bad destination mailbox address",
    meaning: "The recipient mailbox does not exist: the part before the @ is not known at the destination.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "userunknown",
  }, // 451, 550
  {
    code: "X.1.2",
    title: "Bad destination system address",
    meaning:
      "The recipient's domain (the part after the @) does not exist or cannot receive mail, e.g. no MX and no address record.",
    reference: "RFC 3463",
    classes: [5],
    reason: "hostunknown",
  }, // -
  {
    code: "X.1.3",
    title: "Bad destination mailbox address syntax",
    meaning: "The recipient address is malformed and could not be parsed as an address.",
    reference: "RFC 3463",
    classes: [5],
    reason: "userunknown", // Sisimai: an unparsable recipient is as undeliverable as an unknown one
  }, // 501
  {
    code: "X.1.4",
    title: "Destination mailbox address ambiguous",
    meaning: "The recipient address matches more than one mailbox at the destination, so it cannot pick one.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "filtered", // Sisimai
  }, // -
  {
    code: "X.1.5",
    title: "Destination address valid",
    meaning: "The recipient address was accepted; used in success replies and positive delivery reports.",
    reference: "RFC 3463",
    classes: [2],
    reason: "delivered",
  }, // 250
  {
    code: "X.1.6",
    title: "Destination mailbox has moved, No forwarding address",
    meaning: "The address used to be valid but no longer takes mail, and no new address was given.",
    reference: "RFC 3463",
    classes: [5],
    reason: "hasmoved",
  }, // -
  {
    code: "X.1.7",
    title: "Bad sender's mailbox address syntax",
    meaning: "The sender (envelope MAIL FROM) address is malformed.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "rejected",
  }, // -
  {
    code: "X.1.8",
    title: "Bad sender's system address",
    meaning:
      "The sender's domain does not exist or cannot receive replies, so the receiver refuses mail from it (no bounce could be returned).",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "rejected",
  }, // 451, 501
  {
    code: "X.1.9",
    title: "Message relayed to non-compliant mailer",
    meaning:
      "The address was valid but the message went on to a system that does not support this reporting, so no further status will come.",
    reference: "RFC 3886",
    classes: [4, 5],
    reason: "systemerror", // Sisimai
  }, // -
  {
    code: "X.1.10",
    title: "Recipient address has null MX",
    meaning: "The recipient's domain publishes a null MX (RFC 7505): it declares that it accepts no mail at all.",
    reference: "RFC 7505, RFC 7504",
    classes: [5],
    // Note: Microsoft 365 also sends "550 5.1.10 RESOLVER.ADR.RecipientNotFound" for an unknown recipient; that
    // wording must be caught by a text rule before this default applies.
    reason: "notaccept",
  }, // 556

  // X.2: Mailbox Status ---------------------------------------------------------------------------------------
  {
    code: "X.2.0",
    title: "Other or undefined mailbox status",
    meaning: "The mailbox exists, but something about it caused this report, without saying what.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "filtered", // Sisimai
  }, // -
  {
    code: "X.2.1",
    title: "Mailbox disabled, not accepting messages",
    meaning:
      "The mailbox exists but has been switched off; permanent if it will never be re-enabled, temporary if only suspended for now.",
    reference: "RFC 3463",
    classes: [4, 5],
    // Sisimai says filtered; the title is exactly our `suspend` (account disabled or inactive).
    reason: "suspend",
    // 4.2.1 is the "slow down" form: Gmail's "receiving mail too quickly", "mailbox busy, try again later".
    reasonWhenTemporary: "ratelimited",
  }, // -
  {
    code: "X.2.2",
    title: "Mailbox full",
    meaning: "The recipient is over their mailbox quota; the recipient can free space, so it is meant as temporary.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "mailboxfull",
  }, // 552
  {
    code: "X.2.3",
    title: "Message length exceeds administrative limit",
    meaning: "The message is larger than this mailbox's own size limit (lower than the system-wide limit).",
    reference: "RFC 3463",
    classes: [5],
    reason: "emailtoolarge",
  }, // 552
  {
    code: "X.2.4",
    title: "Mailing list expansion problem",
    meaning: "The recipient is a mailing list whose member list could not be expanded.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "filtered", // Sisimai
  }, // 450, 452

  // X.3: Mail System Status -----------------------------------------------------------------------------------
  {
    code: "X.3.0",
    title: "Other or undefined mail system status",
    meaning: "The destination system normally takes mail, but something about it caused this report.",
    reference: "RFC 3463",
    classes: [2, 4, 5],
    reason: "systemerror",
  }, // 221, 250, 421, 451, 550, 554
  {
    code: "X.3.1",
    title: "Mail system full",
    meaning: "The receiving system has run out of storage; unlike a full mailbox, the recipient cannot fix it.",
    reference: "RFC 3463",
    classes: [4],
    reason: "systemfull",
  }, // 452
  {
    code: "X.3.2",
    title: "System not accepting network messages",
    meaning: "The host is not taking mail right now (shutdown, overload, maintenance) or, with 521, not at all.",
    reference: "RFC 3463, RFC 7504",
    classes: [4, 5],
    // Sisimai says notaccept. Most real uses are temporary ("421 4.3.2 Service not available", "452 4.3.2
    // Connection rate limit exceeded"), where notaccept (domain takes no mail) would mislead; the 521 case is
    // recognised by the reply code and text.
    reason: "systemerror",
  }, // 453, 521
  {
    code: "X.3.3",
    title: "System not capable of selected features",
    meaning: "The message asks for a feature the destination (often a gateway) cannot provide.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "systemerror",
  }, // -
  {
    code: "X.3.4",
    title: "Message too big for system",
    meaning: "The message is larger than the system's per-message size limit.",
    reference: "RFC 3463",
    classes: [5],
    reason: "emailtoolarge",
  }, // 552, 554
  {
    code: "X.3.5",
    title: "System incorrectly configured",
    meaning: "The receiving system's configuration does not allow it to accept this message.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "systemerror",
  }, // -
  {
    code: "X.3.6",
    title: "Requested priority was changed",
    meaning:
      "Accepted, but not at the priority asked for (SMTP PRIORITY extension); the new priority follows the code in the text.",
    reference: "RFC 6710",
    classes: [2],
    reason: "delivered",
  }, // 250 or 251

  // X.4: Network and Routing Status ---------------------------------------------------------------------------
  {
    code: "X.4.0",
    title: "Other or undefined network or routing status",
    meaning: "A network or routing problem that none of the other detail codes describes.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "networkerror",
  }, // -
  {
    code: "X.4.1",
    title: "No answer from host",
    meaning: "The connection attempt to the next host was not answered (host busy, down or unreachable).",
    reference: "RFC 3463",
    classes: [4],
    // Sisimai: by the time a report carries 4.4.1 the sender has usually given up retrying.
    reason: "networkerror", // no answer: a connection failure; "expired" is for a queue that gave up (X.4.7)
  }, // 451
  {
    code: "X.4.2",
    title: "Bad connection",
    meaning: "The connection was made but broke or timed out before the transaction finished.",
    reference: "RFC 3463",
    classes: [4],
    reason: "networkerror",
  }, // 421
  {
    code: "X.4.3",
    title: "Directory server failure",
    meaning:
      "A directory service needed for routing, typically DNS, could not be reached, so the message could not be forwarded.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "systemerror", // Sisimai
  }, // 451, 550
  {
    code: "X.4.4",
    title: "Unable to route",
    meaning:
      "No next hop could be found for the destination, e.g. DNS answers with no MX or address record for the domain.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "hostunknown", // Sisimai (5.4.4)
  }, // -
  {
    code: "X.4.5",
    title: "Mail system congestion",
    meaning: "The mail system is congested and could not take or pass on the message for now.",
    reference: "RFC 3463",
    classes: [4],
    reason: "systemfull", // Sisimai (go-sisimai 4.4.5)
  }, // 451
  {
    code: "X.4.6",
    title: "Routing loop detected",
    meaning:
      "The message was forwarded too many times, through wrong routing or a user forwarding loop (too many Received headers).",
    reference: "RFC 3463",
    classes: [4],
    reason: "networkerror",
  }, // -
  {
    code: "X.4.7",
    title: "Delivery time expired",
    meaning:
      "The message grew too old: it stayed queued too long or outlived the lifetime the sender set, and retries stopped.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "expired",
  }, // -

  // X.5: Mail Delivery Protocol Status ------------------------------------------------------------------------
  {
    code: "X.5.0",
    title: "Other or undefined protocol status",
    meaning: "Something in the SMTP exchange went wrong that none of the other detail codes describes.",
    reference: "RFC 3463",
    classes: [2, 4, 5],
    // Many servers put X.5.0 on unrelated replies ("550 5.5.0 mailbox unavailable", "554 5.5.0 no recipients"),
    // and Sisimai gives it no reason: let the reply code and stage decide.
    reason: "undefined",
  }, // 220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554
  {
    code: "X.5.1",
    title: "Invalid command",
    meaning: "A command was sent that the server does not support or that came out of order.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "syntaxerror",
  }, // 430, 500, 501, 503, 530, 550, 554, 555
  {
    code: "X.5.2",
    title: "Syntax error",
    meaning: "A command could not be understood: bad syntax or an unknown command.",
    reference: "RFC 3463",
    classes: [5],
    reason: "syntaxerror",
  }, // 500, 501, 502, 550, 555
  {
    code: "X.5.3",
    title: "Too many recipients",
    meaning: "The message has more recipients than the server takes in one transaction; the sender should split it.",
    reference: "RFC 3463",
    classes: [4],
    reason: "ratelimited", // Sisimai: toomanyconn, now ratelimited
  }, // 451
  {
    code: "X.5.4",
    title: "Invalid command arguments",
    meaning: "A valid command carried arguments that are out of range or name features the server does not know.",
    reference: "RFC 3463",
    classes: [4, 5],
    // Sisimai says systemerror; the cause is the client's command, which is what our syntaxerror covers.
    reason: "syntaxerror",
  }, // 451, 501, 502, 503, 504, 550, 555
  {
    code: "X.5.5",
    title: "Wrong protocol version",
    meaning: "Client and server could not agree on a protocol version.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "systemerror", // Sisimai
  }, // -
  {
    code: "X.5.6",
    title: "Authentication Exchange line is too long",
    meaning: "During AUTH the client sent a base64 response longer than the server can buffer for that mechanism.",
    reference: "RFC 4954",
    classes: [4, 5],
    reason: "syntaxerror", // go-sisimai
  }, // 500

  // X.6: Message Content or Media Status ----------------------------------------------------------------------
  {
    code: "X.6.0",
    title: "Other or undefined media error",
    meaning: "Something in the content made the message undeliverable, without a more precise code.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "contenterror",
  }, // -
  {
    code: "X.6.1",
    title: "Media not supported",
    meaning: "The message's media type is not supported by the delivery protocol or the next system.",
    reference: "RFC 3463",
    classes: [5],
    reason: "contenterror",
  }, // -
  {
    code: "X.6.2",
    title: "Conversion required and prohibited",
    meaning: "The content would have to be converted to be delivered, but the sender or a policy forbids conversion.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "contenterror",
  }, // -
  {
    code: "X.6.3",
    title: "Conversion required but not supported",
    meaning:
      "The content would have to be converted (e.g. 8-bit down to 7-bit for the next hop) and no host on the path can do it.",
    reference: "RFC 3463",
    classes: [5],
    reason: "contenterror",
  }, // 554
  {
    code: "X.6.4",
    title: "Conversion with loss performed",
    meaning: "Delivered, but a conversion lost some data; a failure instead when the sender forbade lossy conversion.",
    reference: "RFC 3463",
    classes: [2, 5],
    reason: "contenterror",
  }, // 250
  {
    code: "X.6.5",
    title: "Conversion Failed",
    meaning: "A needed conversion of the content was attempted and failed.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "contenterror",
  }, // -
  {
    code: "X.6.6",
    title: "Message content not available",
    meaning: "The content to send by reference (BURL) could not be fetched from the remote system.",
    reference: "RFC 4468",
    classes: [4, 5],
    reason: "contenterror",
  }, // 554
  {
    code: "X.6.7",
    title: "Non-ASCII addresses not permitted for that sender/recipient",
    meaning: "An internationalised (non-ASCII) address was given in MAIL or RCPT where such addresses are not allowed.",
    reference: "RFC 6531",
    classes: [5],
    reason: "contenterror", // Sisimai
  }, // 553, 550
  {
    code: "X.6.8",
    title: "UTF-8 string reply is required, but not permitted by the SMTP client",
    meaning:
      "The server would need UTF-8 in its reply to name the mailbox, but the client did not announce SMTPUTF8 support.",
    reference: "RFC 6531",
    classes: [2, 5],
    reason: "contenterror",
  }, // 252, 553, 550
  {
    code: "X.6.9",
    title: "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected",
    meaning:
      "The message has UTF-8 header fields and a next hop without SMTPUTF8 cannot take it; seen after the DATA dot.",
    reference: "RFC 6531",
    classes: [5],
    reason: "contenterror",
  }, // 550
  {
    // The registry's title column is empty for this record; this title is ours.
    code: "X.6.10",
    title: "(deprecated duplicate of X.6.8)",
    meaning: "Registered by mistake as a copy of X.6.8 and deprecated; read it as X.6.8.",
    reference: "RFC 6531",
    classes: [2, 5],
    reason: "contenterror",
  }, // -

  // X.7: Security or Policy Status ----------------------------------------------------------------------------
  {
    code: "X.7.0",
    title: "Other or undefined security status",
    meaning:
      "A security or policy matter stopped the message without a more precise code, or policy forbids saying more. RFC 4954 uses it for 235 (auth succeeded), 454 (temporary auth failure) and 530 (auth required).",
    reference: "RFC 3463",
    classes: [2, 4, 5],
    reason: "securityerror",
  }, // 220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550
  {
    code: "X.7.1",
    title: "Delivery not authorized, message refused",
    meaning:
      "The sender is not allowed to send to this destination, by per-host or per-recipient filtering; the most common policy refusal.",
    reference: "RFC 3463",
    classes: [4, 5],
    // Ruby Sisimai says blocked, go-sisimai securityerror. Without more text, a 5.7.1 is most often the receiver
    // refusing the sending host or IP, which is our blocked.
    reason: "blocked",
  }, // 451, 454, 502, 503, 533, 550, 551
  {
    code: "X.7.2",
    title: "Mailing list expansion prohibited",
    meaning: "The sender is not allowed to post to the mailing list it addressed.",
    reference: "RFC 3463",
    classes: [5],
    // Sisimai says blocked/securityerror; this is the recipient side's posting rule, which is our filtered.
    reason: "filtered",
  }, // 550
  {
    code: "X.7.3",
    title: "Security conversion required but not possible",
    meaning: "The message would have to be converted from one secure messaging protocol to another, and that failed.",
    reference: "RFC 3463",
    classes: [5],
    reason: "securityerror",
  }, // -
  {
    code: "X.7.4",
    title: "Security features not supported",
    meaning: "The message uses security features (such as secure authentication) the delivery protocol cannot carry.",
    reference: "RFC 3463",
    classes: [5],
    reason: "securityerror",
  }, // 504
  {
    code: "X.7.5",
    title: "Cryptographic failure",
    meaning: "A system entitled to verify or decrypt the message could not, because a key was missing or invalid.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "securityerror",
  }, // -
  {
    code: "X.7.6",
    title: "Cryptographic algorithm not supported",
    meaning: "A system entitled to verify or decrypt the message does not support the algorithm used.",
    reference: "RFC 3463",
    classes: [4, 5],
    reason: "securityerror",
  }, // -
  {
    code: "X.7.7",
    title: "Message integrity failure",
    meaning: "Verification found the message corrupted or altered in transit.",
    reference: "RFC 3463",
    classes: [2, 4, 5],
    reason: "securityerror",
  }, // -
  {
    code: "X.7.8",
    title: "Authentication credentials invalid",
    meaning: "SMTP AUTH failed: wrong or insufficient credentials (user name, password, token).",
    reference: "RFC 4954",
    classes: [5],
    reason: "securityerror",
  }, // 535, 554
  {
    code: "X.7.9",
    title: "Authentication mechanism is too weak",
    meaning: "The AUTH mechanism chosen is weaker than the server allows for this user; a stronger one is needed.",
    reference: "RFC 4954",
    classes: [5],
    // Yahoo/AOL also send "554 5.7.9 Message not accepted for policy reasons" at end of data (a policy refusal);
    // that wording needs a provider rule.
    reason: "securityerror",
  }, // 534
  {
    code: "X.7.10",
    title: "Encryption Needed",
    meaning: "The AUTH mechanism needs an encrypted channel first (e.g. STARTTLS before a plain-text password).",
    reference: "RFC 5248",
    classes: [5],
    reason: "securityerror",
  }, // 523
  {
    code: "X.7.11",
    title: "Encryption required for requested authentication mechanism",
    meaning: "The AUTH mechanism chosen may only be used on an encrypted connection (kept for historical replies).",
    reference: "RFC 4954",
    classes: [5],
    reason: "securityerror",
  }, // 524, 538
  {
    code: "X.7.12",
    title: "A password transition is needed",
    meaning:
      "The user must log in once with PLAIN so the server can set up the chosen AUTH mechanism for later sessions.",
    reference: "RFC 4954",
    classes: [4],
    reason: "securityerror",
  }, // 422, 432
  {
    code: "X.7.13",
    title: "User Account Disabled",
    meaning:
      "The account exists and authenticated, but an administrator disabled it (non-payment, abuse, break-in); only they can re-enable it. Receivers also use it for a disabled recipient.",
    reference: "RFC 5248",
    classes: [5],
    reason: "suspend", // Sisimai
  }, // 525
  {
    code: "X.7.14",
    title: "Trust relationship required",
    meaning:
      "The submission server needs a configured trust relationship with a third-party server to fetch the content (replaces the old use of X.7.8 for BURL).",
    reference: "RFC 5248",
    classes: [5],
    reason: "securityerror",
  }, // 535, 554
  {
    code: "X.7.15",
    title: "Priority Level is too low",
    meaning:
      "The message's priority (SMTP PRIORITY extension) is below what the server currently accepts; may be temporary.",
    reference: "RFC 6710",
    classes: [4, 5],
    reason: "securityerror", // Sisimai
  }, // 450, 550 (other 4XX or 5XX codes are allowed)
  {
    code: "X.7.16",
    title: "Message is too big for the specified priority",
    meaning: "At the priority requested, the server takes only smaller messages; may be temporary.",
    reference: "RFC 6710",
    classes: [4, 5],
    reason: "emailtoolarge",
  }, // 552 (other 4XX or 5XX codes are allowed)
  {
    code: "X.7.17",
    title: "Mailbox owner has changed",
    meaning:
      "The message asked (RRVS) that the mailbox have had the same owner since a given time, and it has not: it now belongs to someone else.",
    reference: "RFC 7293",
    classes: [5],
    reason: "hasmoved", // Sisimai
  }, // 5XX
  {
    code: "X.7.18",
    title: "Domain owner has changed",
    meaning: "The message asked (RRVS) for continuous ownership and the recipient's domain changed hands since then.",
    reference: "RFC 7293",
    classes: [5],
    reason: "hasmoved", // Sisimai
  }, // 5XX
  {
    code: "X.7.19",
    title: "RRVS test cannot be completed",
    meaning:
      "The ownership check requested (RRVS) cannot be done because the needed timestamp was not kept; the sender decides whether to resend without it.",
    reference: "RFC 7293",
    classes: [5],
    reason: "securityerror", // Sisimai
  }, // 5XX
  {
    code: "X.7.20",
    title: "No passing DKIM signature found",
    meaning: "The receiver requires a valid DKIM signature and the message had none that verified.",
    reference: "RFC 7372, RFC 6376",
    classes: [5],
    reason: "authfailure",
  }, // 550
  {
    code: "X.7.21",
    title: "No acceptable DKIM signature found",
    meaning: "DKIM signatures verified, but none met the receiver's requirements (signing domain, algorithm ...).",
    reference: "RFC 7372, RFC 6376",
    classes: [5],
    reason: "authfailure",
  }, // 550
  {
    code: "X.7.22",
    title: "No valid author-matched DKIM signature found",
    meaning: "DKIM signatures verified, but none was made by the domain of the From header address (no alignment).",
    reference: "RFC 7372, RFC 6376",
    classes: [5],
    reason: "authfailure",
  }, // 550
  {
    code: "X.7.23",
    title: "SPF validation failed",
    meaning: "The SPF check returned fail: the sending IP is not authorised by the envelope sender's domain.",
    reference: "RFC 7372, RFC 7208",
    classes: [5],
    reason: "authfailure",
  }, // 550
  {
    code: "X.7.24",
    title: "SPF validation error",
    meaning: "The SPF check could not complete (temporary DNS error, or a broken SPF record giving permerror).",
    reference: "RFC 7372, RFC 7208",
    classes: [4, 5],
    reason: "authfailure",
  }, // 451, 550
  {
    code: "X.7.25",
    title: "Reverse DNS validation failed",
    meaning:
      "The sending IP failed the receiver's reverse DNS check: no PTR record, or a PTR name that does not resolve back to the IP.",
    reference: "RFC 7372, RFC 7601",
    classes: [5],
    reason: "requireptr",
  }, // 550
  {
    code: "X.7.26",
    title: "Multiple authentication checks failed",
    meaning:
      "More than one authentication check (SPF, DKIM, DMARC ...) failed against the receiver's policy; which ones is not said. Gmail also sends 4.7.26 as a temporary deferral.",
    reference: "RFC 7372",
    classes: [5],
    reason: "authfailure",
  }, // 550
  {
    code: "X.7.27",
    title: "Sender address has null MX",
    meaning:
      "The sender's domain publishes a null MX, so no bounce could ever reach it, and the receiver refuses mail from it.",
    reference: "RFC 7505",
    classes: [5],
    // go-sisimai says notaccept. Here the SENDER's domain is refused, which is our rejected; notaccept would also
    // make the recipient look undeliverable and get it suppressed by mistake.
    reason: "rejected",
  }, // 550
  {
    code: "X.7.28",
    title: "Mail flood detected",
    meaning: "The message looks like part of a flood of similar abusive messages (mail bombing).",
    reference: "draft-levine-mailbomb-header",
    // The registry record is malformed (its description sits in the basic-code column); we assume 4 and 5.
    classes: [4, 5],
    reason: "spamdetected", // Sisimai
  }, // (not given)
  {
    code: "X.7.29",
    title: "ARC validation failure",
    meaning: "The message's Authenticated Received Chain (ARC) did not validate.",
    reference: "RFC 8617",
    classes: [5],
    reason: "authfailure",
  }, // 550
  {
    code: "X.7.30",
    title: "REQUIRETLS support required",
    meaning:
      "The message was sent with REQUIRETLS and the next hop does not offer it, so the message cannot be passed on securely.",
    reference: "RFC 8689",
    classes: [5],
    reason: "failedstarttls", // Sisimai
  }, // 550
] as const satisfies readonly EnhancedCodeInfo[];
