// Delivery events: one attempt's outcome for one recipient, read from an MTA log line, an ESP event or a bounce
// email, then diagnosed. Plain serialisable data; the readers that produce RawEvent are pure (src/core/events/),
// the store (src/store/) keeps DeliveryEvent.

import type { Category, Family, Priority, ProviderId, Reason } from "../../knowledge/types.js";

/** What happened to one message for one recipient. `dropped`: the sender's own platform did not send it. */
export type EventOutcome = "delivered" | "deferred" | "bounced" | "complained" | "dropped";

export const EVENT_OUTCOMES: readonly EventOutcome[] = ["delivered", "deferred", "bounced", "complained", "dropped"];

/** Where an event came from. */
export type EventFormat = "bounce" | "postfix" | "exim" | "ses" | "sendgrid" | "mailgun" | "postmark" | "sparkpost";

export const EVENT_FORMATS: readonly EventFormat[] = [
  "bounce",
  "postfix",
  "exim",
  "ses",
  "sendgrid",
  "mailgun",
  "postmark",
  "sparkpost",
];

/** The ESP's own classification of an event, kept as the ESP wrote it. */
export interface EspClassification {
  /** The ESP's event or bounce type, e.g. SES "Permanent", SendGrid "bounce", Postmark "HardBounce". */
  readonly type: string;
  /** A finer label when the ESP has one: SES bounceSubType, Postmark TypeCode, SparkPost bounce_class. */
  readonly subtype: string | null;
  /** Our reason for that classification (src/knowledge/esp-classes.ts), null when it says nothing. */
  readonly reason: Reason | null;
  /** True when the ESP's label decides the reason over the diagnostic text (e.g. a suppression-list drop). */
  readonly decides: boolean;
  /** Id of the mapping row that gave `reason`, e.g. "ses.Permanent/NoEmail". */
  readonly rule: string | null;
  /** True when the label marks no delivery failure (an auto-reply, a (un)subscribe notice): the record gives no event. */
  readonly notAFailure?: boolean;
}

/** What an input record states, before diagnosis. Unknown fields are null. */
export interface RawEvent {
  readonly format: EventFormat;
  /**
   * The record's own identity, stable across re-reads and file moves: the log line itself, the ESP's event id
   * with the recipient, a bounce result's key. Two records with the same identity are one event.
   */
  readonly identity: string;
  /** Milliseconds since the epoch (UTC), null when the record has no usable time. */
  readonly time: number | null;
  readonly outcome: EventOutcome;
  readonly recipient: string | null;
  readonly sender: string | null;
  readonly messageId: string | null;
  /** MTA queue id (Postfix, Exim message id) or ESP message id. */
  readonly queueId: string | null;
  /** The IP the message left from, when the record says. */
  readonly sendingIp: string | null;
  /** The receiving host (relay, MX) and its IP, when the record says. */
  readonly remoteHost: string | null;
  readonly remoteIp: string | null;
  /** Enhanced status code as the record gives it (Postfix `dsn=`, SES `status`), null when absent. */
  readonly status: string | null;
  /** The receiver's reply or the MTA's explanation, as written. */
  readonly text: string | null;
  readonly esp: EspClassification | null;
  /** ARF feedback type for complaints (abuse, fraud, ...). */
  readonly feedbackType: string | null;
  readonly subject: string | null;
  /** True when the MTA stopped retrying because the queue lifetime ran out (Postfix `status=expired`). */
  readonly gaveUp?: boolean;
}

/** Where a stored event was read: `line` is 1-based in a log or NDJSON file; `message` is 0-based in an mbox or JSON array. */
export interface EventSource {
  readonly file: string;
  readonly line: number | null;
  readonly message: number | null;
}

/** A diagnosed event, as stored and reported. */
export interface DeliveryEvent extends RawEvent {
  readonly source: EventSource;
  readonly recipientDomain: string | null;
  readonly senderDomain: string | null;
  /** Null for delivered mail. */
  readonly reason: Reason | null;
  readonly category: Category | null;
  readonly priority: Priority | null;
  readonly family: Family | null;
  readonly replyCode: number | null;
  readonly hardBounce: boolean;
  /** The rule that decided the reason: a knowledge rule id, an ESP mapping row, or an outcome rule. */
  readonly rule: string | null;
  /** The mailbox provider of the recipient (by domain, then by receiving host). */
  readonly provider: ProviderId | null;
}

/** A line or record that could not be read, reported with its place and never fatal. */
export interface ReadProblem {
  readonly file: string;
  readonly line: number | null;
  readonly message: number | null;
  readonly problem: string;
}
