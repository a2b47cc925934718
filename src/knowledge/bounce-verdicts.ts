// Bounce-level verdicts: where the context a bounce gives (the DSN Action, the SMTP command the reply answered)
// changes what the reply text alone would mean. Applied after the text is classified; each rule is data with an
// example that a test reads back to it, and a result names the rule that decided (`reasonRule`).

import type { Reason, SmtpStage } from "./types.js";

export interface BounceVerdictRule {
  readonly id: string;
  readonly when: {
    /** DSN Action values (RFC 3464 section 2.3.3), lowercase. */
    readonly actions?: readonly string[];
    /** SMTP commands the failing reply answered. */
    readonly stages?: readonly SmtpStage[];
    /** Applies unless the reply is known to answer one of these commands. */
    readonly exceptStages?: readonly SmtpStage[];
    /** Only when the status code's subject (the middle digit: 2 = mailbox, 7 = policy) is one of these. */
    readonly statusSubjects?: readonly number[];
    /** Only when no text decided the reason: it came from the code tables alone, or nothing decided it. */
    readonly textNamesNoCause?: boolean;
    /** Applies unless the status code's subject (the middle digit: 1 = addressing) is one of these. */
    readonly exceptStatusSubjects?: readonly number[];
    /** Only when the text is a remote server's SMTP reply (it has a reply code), not the MTA's own statement. */
    readonly remoteReplyOnly?: boolean;
    /**
     * Only when a generic reading decided (text pattern, code table, an MTA's stock text): a mailbox provider's
     * or gateway's own documented rule states what the reply means and stands.
     */
    readonly genericReadingOnly?: boolean;
    /** The reason the text alone gave. */
    readonly textReasons?: readonly Reason[];
    /** The text reasons this rule leaves alone (they already say more than the rule would). */
    readonly exceptTextReasons?: readonly Reason[];
  };
  readonly reason: Reason;
  /** Why the context decides, for a postmaster reviewing the rule. */
  readonly why: string;
  readonly source: string;
  /** A context and reply that this rule must decide (checked by a test). */
  readonly example: {
    readonly action: string | null;
    readonly stage: SmtpStage | null;
    readonly status: string | null;
    readonly text: string;
  };
}

export const BOUNCE_VERDICTS = [
  {
    id: "verdict.userunknown-after-data",
    when: {
      stages: ["data", "end-of-data"],
      textReasons: ["userunknown"],
      exceptStatusSubjects: [1],
      genericReadingOnly: true,
    },
    reason: "filtered",
    why: "The server accepted the recipient at RCPT TO and refused only after seeing the message. A mailbox that does not exist is normally refused at RCPT TO; a refusal after DATA worded as an unknown user, without an addressing status (X.1.x) to back it, is the recipient's filter (Japanese carriers' domain filters answer exactly this way). Suppressing the address would be wrong; the content or the sender was refused.",
    source: "https://www.rfc-editor.org/rfc/rfc5321#section-3.3",
    example: {
      action: "failed",
      stage: "end-of-data",
      status: null,
      text: "550 Unknown user user@example.net",
    },
  },
  {
    id: "verdict.userunknown-unconfirmed",
    when: {
      textReasons: ["userunknown"],
      exceptStages: ["rcpt"],
      exceptStatusSubjects: [1],
      remoteReplyOnly: true,
      genericReadingOnly: true,
    },
    reason: "filtered",
    why: "A remote server's unknown-user reply is taken at its word only with evidence that the address itself was refused: the reply answered RCPT TO, or the status is an addressing one (X.1.x). (A reporting MTA's own directory lookup, a text without an SMTP reply code, is its own first-hand verdict and stands.) Without either (no command stated, a generic X.0.0 or a policy X.2.x/X.7.x status), the same words are what recipient-side filters send (Japanese carriers answer 550 Unknown user to filtered mail), and suppressing a working address on such weak evidence costs more than one more failed attempt. Sisimai draws the same line.",
    source: "https://www.rfc-editor.org/rfc/rfc3463#section-3.2",
    example: {
      action: "failed",
      stage: null,
      status: "5.2.0",
      text: "550 : User unknown",
    },
  },
  {
    id: "verdict.unknown-at-mail-from",
    when: { stages: ["mail"], textReasons: ["userunknown", "hostunknown"] },
    reason: "rejected",
    why: "A reply to MAIL FROM can only be about the sender: an address or domain said not to exist at that stage is the envelope sender's (RFC 5321 section 3.3), so the sender was rejected; the recipient is not at fault.",
    source: "https://www.rfc-editor.org/rfc/rfc5321#section-3.3",
    example: {
      action: "failed",
      stage: "mail",
      status: "5.1.0",
      text: "553 5.1.0 sender.example.org does not exist",
    },
  },
  {
    id: "verdict.delayed-still-queued",
    when: { actions: ["delayed"], textNamesNoCause: true },
    reason: "expired",
    why: "A delay notice (Action: delayed) is sent because delivery has not succeeded within the warning time: the message is still queued and the sending MTA keeps retrying until its queue lifetime runs out. When the notice's text names no cause of its own (empty, a bare code, words no rule knows), that delay is the whole verdict (Sisimai says expired too); when a text does name one (no reverse DNS, a rate limit, a full mailbox), the cause stands.",
    source: "https://www.rfc-editor.org/rfc/rfc3464#section-2.3.3",
    example: {
      action: "delayed",
      stage: null,
      status: "4.0.0",
      text: "The message has not yet been delivered to this recipient.",
    },
  },
] as const satisfies readonly BounceVerdictRule[];

/** The first verdict rule that applies to a result, or null when the text's own reason stands. */
export function findBounceVerdict(context: {
  readonly action: string | null;
  readonly stage: SmtpStage | null;
  /** The result's enhanced status code (the DSN's, else the text's). */
  readonly status: string | null;
  readonly textReason: Reason;
  /** Whether the text carries an SMTP reply code (a remote server's reply). */
  readonly remoteReply: boolean;
  /** Whether a mailbox provider's or gateway's own rule decided the text's reason. */
  readonly providerRuleDecided: boolean;
  /** Whether a text (a provider rule or a text pattern) decided the reason, rather than a code table. */
  readonly textDecided: boolean;
}): BounceVerdictRule | null {
  const subject = context.status === null ? null : Number(context.status.split(".")[1]);
  for (const rule of BOUNCE_VERDICTS as readonly BounceVerdictRule[]) {
    const w = rule.when;
    if (w.actions !== undefined && (context.action === null || !w.actions.includes(context.action))) continue;
    if (w.stages !== undefined && (context.stage === null || !w.stages.includes(context.stage))) continue;
    if (w.textReasons !== undefined && !w.textReasons.includes(context.textReason)) continue;
    if (w.remoteReplyOnly === true && !context.remoteReply) continue;
    if (w.genericReadingOnly === true && context.providerRuleDecided) continue;
    if (w.textNamesNoCause === true && context.textDecided) continue;
    if (w.statusSubjects !== undefined && (subject === null || !w.statusSubjects.includes(subject))) continue;
    if (w.exceptStages !== undefined && context.stage !== null && w.exceptStages.includes(context.stage)) continue;
    if (w.exceptStatusSubjects !== undefined && subject !== null && w.exceptStatusSubjects.includes(subject)) continue;
    if (w.exceptTextReasons?.includes(context.textReason) === true) continue;
    return rule;
  }
  return null;
}
