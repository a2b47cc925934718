// What a store gives the report: counts grouped the ways the report needs them, small whatever the number of
// events. `summarizeEvents` (summarize.ts) computes it in memory and is the reference every store must agree with
// (src/store/conformance.ts); the SQLite store computes the same with SQL.

import type { Category, Family, Priority, ProviderId, Reason } from "../../knowledge/types.js";
import type { DeliveryEvent, EventOutcome } from "../events/types.js";

/** Which events: times are ms since the epoch, `since` inclusive, `until` exclusive. */
export interface EventFilter {
  readonly since?: number;
  readonly until?: number;
}

/** A count of events with one value of a dimension and one outcome. `key` null: the dimension is unknown. */
export interface CountRow {
  readonly key: string | null;
  readonly outcome: EventOutcome;
  readonly count: number;
}

/** Failures (deferred, bounced, complained, dropped) with one cause at one receiving domain. */
export interface FailureGroup {
  readonly reason: Reason;
  readonly outcome: EventOutcome;
  readonly provider: ProviderId | null;
  readonly recipientDomain: string | null;
  readonly count: number;
  /** Distinct recipients. */
  readonly recipients: number;
  readonly hardBounces: number;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
}

/** One stored event standing for its (reason, family, provider): the earliest one. */
export interface ExampleRow {
  readonly reason: Reason;
  readonly family: Family | null;
  readonly provider: ProviderId | null;
  readonly text: string | null;
  readonly status: string | null;
  readonly rule: string | null;
  readonly category: Category | null;
  readonly priority: Priority | null;
  readonly recipient: string | null;
}

/** Deferrals of one (reason, provider): recipients deferred again and again, with no later delivery or bounce. */
export interface DeferralRow {
  readonly reason: Reason;
  readonly provider: ProviderId | null;
  /** Recipients still deferred: their last event is a deferral. */
  readonly open: number;
  /** Of those, the ones deferred at least `persistentAttempts` times or over at least `persistentHours`. */
  readonly persistent: number;
}

export interface SummaryOptions {
  /** Timeline bucket in ms (default: an hour when the events span at most 3 days, else a day). */
  readonly bucketMs?: number;
  readonly persistentAttempts?: number;
  readonly persistentHours?: number;
  /** At most this many recipient addresses per (reason, family) in `recipientSamples` (default 20). */
  readonly samplesPerGroup?: number;
}

export const DEFAULT_PERSISTENT_ATTEMPTS = 5;
export const DEFAULT_PERSISTENT_HOURS = 24;
export const DEFAULT_SAMPLES_PER_GROUP = 20;

export interface EventSummary {
  readonly total: number;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  readonly byOutcome: readonly CountRow[];
  readonly byFamily: readonly CountRow[];
  readonly byCategory: readonly CountRow[];
  readonly byReason: readonly CountRow[];
  readonly byPriority: readonly CountRow[];
  readonly byDomain: readonly CountRow[];
  readonly byProvider: readonly CountRow[];
  readonly bySenderDomain: readonly CountRow[];
  readonly bySendingIp: readonly CountRow[];
  /** `key` is the bucket start in ms, as a decimal string. */
  readonly timeline: readonly CountRow[];
  readonly bucketMs: number;
  readonly failures: readonly FailureGroup[];
  readonly examples: readonly ExampleRow[];
  readonly deferrals: readonly DeferralRow[];
  /** Up to `samplesPerGroup` recipients per (reason, family), smallest addresses first. */
  readonly recipientSamples: readonly { reason: Reason; family: Family | null; recipient: string }[];
}

/** Options of the suppression list. */
export interface SuppressionOptions {
  /** Soft bounces (deferred or non-hard bounced) to an address within `softDays` that suppress it (default 5). */
  readonly softCount?: number;
  readonly softDays?: number;
  /** The time "now" for `softDays` (default: the last event's time). */
  readonly now?: number;
}

export const DEFAULT_SOFT_COUNT = 5;
export const DEFAULT_SOFT_DAYS = 7;

export interface Suppression {
  readonly recipient: string;
  /** Why: hard-bounce, complaint or repeated-soft-bounces. */
  readonly cause: "hard-bounce" | "complaint" | "repeated-soft-bounces";
  /** The reason of the last failure that counts. */
  readonly reason: Reason | null;
  readonly lastSeen: number | null;
  readonly count: number;
}

/** A fix the user applied, in the remediation journal. */
export interface FixRecord {
  readonly id: number;
  readonly at: number;
  readonly text: string;
  readonly finding: string | null;
}

export type { DeliveryEvent };
