// summarizeEvents: the EventSummary and suppression list of events held in memory. Pure; the reference that the
// stores' SQL must agree with (src/store/conformance.ts). Events are in insertion order: ties in time are broken
// by it, as a store breaks them by its row id.

import type { Family, Reason } from "../../knowledge/types.js";
import type { DeliveryEvent, EventOutcome } from "../events/types.js";
import {
  type CountRow,
  DEFAULT_PERSISTENT_ATTEMPTS,
  DEFAULT_PERSISTENT_HOURS,
  DEFAULT_SAMPLES_PER_GROUP,
  DEFAULT_SOFT_COUNT,
  DEFAULT_SOFT_DAYS,
  type DeferralRow,
  type EventFilter,
  type EventSummary,
  type ExampleRow,
  type FailureGroup,
  type SummaryOptions,
  type Suppression,
  type SuppressionOptions,
} from "./types.js";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** An hour when the events span at most three days, else a day. */
export function defaultBucket(first: number | null, last: number | null): number {
  return first !== null && last !== null && last - first <= 3 * DAY_MS ? HOUR_MS : DAY_MS;
}

export function inFilter(time: number | null, filter: EventFilter): boolean {
  if (filter.since === undefined && filter.until === undefined) return true;
  if (time === null) return false;
  return (filter.since === undefined || time >= filter.since) && (filter.until === undefined || time < filter.until);
}

function countBy(events: readonly DeliveryEvent[], keyOf: (e: DeliveryEvent) => string | null): CountRow[] {
  const map = new Map<string, { key: string | null; outcome: EventOutcome; count: number }>();
  for (const e of events) {
    const key = keyOf(e);
    const id = `${key ?? "\u0000"}\u0001${e.outcome}`;
    const row = map.get(id);
    if (row === undefined) map.set(id, { key, outcome: e.outcome, count: 1 });
    else row.count++;
  }
  return [...map.values()];
}

/** (time, insertion index) order, null times first: the order a store gets from ORDER BY time, id. */
function before(a: DeliveryEvent, ai: number, b: DeliveryEvent, bi: number): boolean {
  const at = a.time ?? Number.NEGATIVE_INFINITY;
  const bt = b.time ?? Number.NEGATIVE_INFINITY;
  return at < bt || (at === bt && ai < bi);
}

export function summarizeEvents(
  all: readonly DeliveryEvent[],
  filter: EventFilter = {},
  options: SummaryOptions = {},
): EventSummary {
  const events = all.filter((e) => inFilter(e.time, filter));
  let firstSeen: number | null = null;
  let lastSeen: number | null = null;
  for (const e of events) {
    if (e.time === null) continue;
    if (firstSeen === null || e.time < firstSeen) firstSeen = e.time;
    if (lastSeen === null || e.time > lastSeen) lastSeen = e.time;
  }
  const bucketMs = options.bucketMs ?? defaultBucket(firstSeen, lastSeen);
  const failuresOnly = events.filter((e) => e.outcome !== "delivered");

  type MutableGroup = { -readonly [K in keyof FailureGroup]: FailureGroup[K] } & { seen: Set<string> };
  const groups = new Map<string, MutableGroup>();
  for (const e of failuresOnly) {
    const reason: Reason = e.reason ?? "undefined";
    const id = [reason, e.outcome, e.provider, e.recipientDomain].join("\u0001");
    let g = groups.get(id);
    if (g === undefined) {
      g = {
        reason,
        outcome: e.outcome,
        provider: e.provider,
        recipientDomain: e.recipientDomain,
        count: 0,
        recipients: 0,
        hardBounces: 0,
        firstSeen: null,
        lastSeen: null,
        seen: new Set(),
      };
      groups.set(id, g);
    }
    g.count++;
    if (e.recipient !== null && !g.seen.has(e.recipient)) {
      g.seen.add(e.recipient);
      g.recipients++;
    }
    if (e.hardBounce) g.hardBounces++;
    if (e.time !== null) {
      if (g.firstSeen === null || e.time < g.firstSeen) g.firstSeen = e.time;
      if (g.lastSeen === null || e.time > g.lastSeen) g.lastSeen = e.time;
    }
  }
  const failures: FailureGroup[] = [...groups.values()].map(({ seen: _seen, ...g }) => g);

  const exampleAt = new Map<string, number>();
  failuresOnly.forEach((e, i) => {
    const id = `${e.reason ?? "undefined"}\u0001${e.family}\u0001${e.provider}`;
    const j = exampleAt.get(id);
    if (j === undefined || before(e, i, failuresOnly[j] as DeliveryEvent, j)) exampleAt.set(id, i);
  });
  const examples: ExampleRow[] = [...exampleAt.values()].map((i) => {
    const e = failuresOnly[i] as DeliveryEvent;
    return {
      reason: e.reason ?? "undefined",
      family: e.family,
      provider: e.provider,
      text: e.text,
      status: e.status,
      rule: e.rule,
      category: e.category,
      priority: e.priority,
      recipient: e.recipient,
    };
  });

  return {
    total: events.length,
    firstSeen,
    lastSeen,
    byOutcome: countBy(events, () => null),
    byFamily: countBy(events, (e) => e.family),
    byCategory: countBy(events, (e) => e.category),
    byReason: countBy(events, (e) => e.reason),
    byPriority: countBy(events, (e) => e.priority),
    byDomain: countBy(events, (e) => e.recipientDomain),
    byProvider: countBy(events, (e) => e.provider),
    bySenderDomain: countBy(events, (e) => e.senderDomain),
    bySendingIp: countBy(events, (e) => e.sendingIp),
    timeline: countBy(
      events.filter((e) => e.time !== null),
      (e) => String(Math.floor((e.time as number) / bucketMs) * bucketMs),
    ),
    bucketMs,
    failures,
    examples,
    deferrals: deferralsOf(events, options),
    recipientSamples: samplesOf(failuresOnly, options.samplesPerGroup ?? DEFAULT_SAMPLES_PER_GROUP),
  };
}

function deferralsOf(events: readonly DeliveryEvent[], options: SummaryOptions): DeferralRow[] {
  const attempts = options.persistentAttempts ?? DEFAULT_PERSISTENT_ATTEMPTS;
  const hours = options.persistentHours ?? DEFAULT_PERSISTENT_HOURS;
  const last = new Map<string, number>();
  const deferred = new Map<string, { count: number; first: number | null; last: number | null }>();
  events.forEach((e, i) => {
    if (e.recipient === null) return;
    const j = last.get(e.recipient);
    if (j === undefined || before(events[j] as DeliveryEvent, j, e, i)) last.set(e.recipient, i);
    if (e.outcome !== "deferred") return;
    const d = deferred.get(e.recipient) ?? { count: 0, first: null, last: null };
    d.count++;
    if (e.time !== null) {
      if (d.first === null || e.time < d.first) d.first = e.time;
      if (d.last === null || e.time > d.last) d.last = e.time;
    }
    deferred.set(e.recipient, d);
  });
  const rows = new Map<
    string,
    { reason: Reason; provider: DeliveryEvent["provider"]; open: number; persistent: number }
  >();
  for (const [recipient, i] of last) {
    const e = events[i] as DeliveryEvent;
    if (e.outcome !== "deferred") continue;
    const d = deferred.get(recipient);
    const reason = e.reason ?? "undefined";
    const id = `${reason}\u0001${e.provider}`;
    const row = rows.get(id) ?? { reason, provider: e.provider, open: 0, persistent: 0 };
    row.open++;
    const span = d?.first != null && d.last != null ? d.last - d.first : 0;
    if (d !== undefined && (d.count >= attempts || span >= hours * HOUR_MS)) row.persistent++;
    rows.set(id, row);
  }
  return [...rows.values()];
}

function samplesOf(failures: readonly DeliveryEvent[], perGroup: number) {
  const byGroup = new Map<string, { reason: Reason; family: Family | null; recipients: Set<string> }>();
  for (const e of failures) {
    if (e.recipient === null) continue;
    const reason = e.reason ?? "undefined";
    const id = `${reason}\u0001${e.family}`;
    let g = byGroup.get(id);
    if (g === undefined) {
      g = { reason, family: e.family, recipients: new Set() };
      byGroup.set(id, g);
    }
    g.recipients.add(e.recipient);
  }
  const out: { reason: Reason; family: Family | null; recipient: string }[] = [];
  for (const g of byGroup.values()) {
    const sorted = [...g.recipients].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, perGroup);
    for (const recipient of sorted) out.push({ reason: g.reason, family: g.family, recipient });
  }
  return out;
}

/**
 * Addresses to stop sending to. A complaint always counts; a hard bounce counts when no delivery to the address
 * came after it; soft bounces (deferrals and non-hard bounces) count when at least `softCount` of them fell in the
 * last `softDays` before `now` and after the last delivery.
 */
export function suppressionsOf(
  all: readonly DeliveryEvent[],
  filter: EventFilter = {},
  options: SuppressionOptions = {},
): Suppression[] {
  const events = all.filter((e) => inFilter(e.time, filter) && e.recipient !== null);
  const softCount = options.softCount ?? DEFAULT_SOFT_COUNT;
  let now = options.now;
  if (now === undefined) {
    now = 0;
    for (const e of events) if (e.time !== null && e.time > now) now = e.time;
  }
  const softSince = now - (options.softDays ?? DEFAULT_SOFT_DAYS) * DAY_MS;
  const lastDelivered = new Map<string, number>();
  for (const e of events) {
    if (e.outcome !== "delivered") continue;
    const t = e.time ?? 0;
    const r = e.recipient as string;
    if ((lastDelivered.get(r) ?? Number.NEGATIVE_INFINITY) < t) lastDelivered.set(r, t);
  }
  type Acc = { count: number; last: DeliveryEvent; lastIndex: number };
  const complaints = new Map<string, Acc>();
  const hard = new Map<string, Acc>();
  const soft = new Map<string, Acc>();
  const add = (map: Map<string, Acc>, e: DeliveryEvent, i: number) => {
    const r = e.recipient as string;
    const acc = map.get(r);
    if (acc === undefined) map.set(r, { count: 1, last: e, lastIndex: i });
    else {
      acc.count++;
      if (before(acc.last, acc.lastIndex, e, i)) {
        acc.last = e;
        acc.lastIndex = i;
      }
    }
  };
  events.forEach((e, i) => {
    const r = e.recipient as string;
    const t = e.time ?? 0;
    const afterDelivery = t > (lastDelivered.get(r) ?? Number.NEGATIVE_INFINITY);
    if (e.outcome === "complained") add(complaints, e, i);
    else if (e.outcome === "bounced" && e.hardBounce) {
      if (afterDelivery) add(hard, e, i);
    } else if ((e.outcome === "deferred" || e.outcome === "bounced") && afterDelivery && t >= softSince)
      add(soft, e, i);
  });
  const out: Suppression[] = [];
  const seen = new Set<string>();
  const emit = (map: Map<string, Acc>, cause: Suppression["cause"], min: number) => {
    for (const [recipient, acc] of map) {
      if (seen.has(recipient) || acc.count < min) continue;
      seen.add(recipient);
      out.push({ recipient, cause, reason: acc.last.reason, lastSeen: acc.last.time, count: acc.count });
    }
  };
  emit(complaints, "complaint", 1);
  emit(hard, "hard-bounce", 1);
  emit(soft, "repeated-soft-bounces", softCount);
  return out.sort((a, b) => (a.recipient < b.recipient ? -1 : a.recipient > b.recipient ? 1 : 0));
}
