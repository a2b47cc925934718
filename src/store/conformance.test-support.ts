// The store conformance suite: every EventStore must pass it. It checks idempotent inserts, all-or-nothing
// batches, the fix journal, and that summarize()/suppressions() agree with the in-memory reference
// (src/core/analysis/summarize.ts) on random event sets. Use: runStoreConformance("sqlite", () => new SqliteStore(...)).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeEvents, suppressionsOf } from "../core/analysis/summarize.js";
import type { CountRow, EventFilter, EventSummary } from "../core/analysis/types.js";
import type { DeliveryEvent, EventOutcome } from "../core/events/types.js";
import type { Family, ProviderId, Reason } from "../knowledge/types.js";
import type { EventStore } from "./types.js";

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

export function makeEvent(over: Partial<DeliveryEvent> & { identity: string }): DeliveryEvent {
  return {
    format: "postfix",
    time: T0,
    outcome: "bounced",
    recipient: "user@example.com",
    sender: "news@example.org",
    messageId: null,
    queueId: null,
    sendingIp: null,
    remoteHost: null,
    remoteIp: null,
    status: "5.1.1",
    text: "550 5.1.1 user unknown",
    esp: null,
    feedbackType: null,
    subject: null,
    source: { file: "test.log", line: 1, message: null },
    recipientDomain: "example.com",
    senderDomain: "example.org",
    reason: "userunknown",
    category: "recipient",
    priority: "fix-soon",
    family: "5xx",
    replyCode: 550,
    hardBounce: true,
    rule: "test.rule",
    provider: null,
    ...over,
  };
}

const OUTCOMES: EventOutcome[] = ["delivered", "deferred", "bounced", "complained", "dropped"];
const REASONS: Reason[] = ["userunknown", "mailboxfull", "blocked", "authfailure", "ratelimited"];
const PROVIDERS: (ProviderId | null)[] = ["google", "microsoft", "yahoo", null];
const FAMILIES: (Family | null)[] = ["4xx", "5xx", null];

const eventArb = fc.record({
  outcome: fc.constantFrom(...OUTCOMES),
  reason: fc.constantFrom(...REASONS),
  provider: fc.constantFrom(...PROVIDERS),
  family: fc.constantFrom(...FAMILIES),
  user: fc.integer({ min: 0, max: 6 }),
  domain: fc.constantFrom("example.com", "example.net", "example.org", null),
  minutes: fc.option(fc.integer({ min: 0, max: 72 * 60 }), { freq: 8 }),
  hard: fc.boolean(),
  ip: fc.constantFrom("192.0.2.1", "192.0.2.2", null),
  text: fc.constantFrom("550 a", "421 b", null),
});

type EventRecord = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(records: readonly EventRecord[]): DeliveryEvent[] {
  return records.map((r, i) => {
    const domain = r.domain;
    const recipient = domain === null ? (r.user === 0 ? null : `u${r.user}`) : `u${r.user}@${domain}`;
    const delivered = r.outcome === "delivered";
    return makeEvent({
      identity: `event-${i}`,
      outcome: r.outcome,
      reason: delivered ? null : r.reason,
      category: delivered ? "success" : "recipient",
      provider: r.provider,
      family: r.family,
      recipient,
      recipientDomain: domain,
      time: r.minutes === null ? null : T0 + r.minutes * 60_000,
      hardBounce: r.outcome === "bounced" && r.hard,
      sendingIp: r.ip,
      text: r.text,
    });
  });
}

const byKey = (a: CountRow, b: CountRow) =>
  String(a.key).localeCompare(String(b.key)) || a.outcome.localeCompare(b.outcome);

/** Order-free form of a summary, for comparison. */
export function canonical(s: EventSummary): unknown {
  const sortJson = <T>(rows: readonly T[]) =>
    [...rows].map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
  return {
    ...s,
    byOutcome: [...s.byOutcome].sort(byKey),
    byFamily: [...s.byFamily].sort(byKey),
    byCategory: [...s.byCategory].sort(byKey),
    byReason: [...s.byReason].sort(byKey),
    byPriority: [...s.byPriority].sort(byKey),
    byDomain: [...s.byDomain].sort(byKey),
    byProvider: [...s.byProvider].sort(byKey),
    bySenderDomain: [...s.bySenderDomain].sort(byKey),
    bySendingIp: [...s.bySendingIp].sort(byKey),
    timeline: [...s.timeline].sort(byKey),
    failures: sortJson(s.failures),
    examples: sortJson(s.examples),
    deferrals: sortJson(s.deferrals),
    recipientSamples: sortJson(s.recipientSamples),
  };
}

export function runStoreConformance(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore conformance: ${name}`, () => {
    it("stores each identity once, however often it is inserted", async () => {
      const store = await open();
      try {
        const a = makeEvent({ identity: "line a" });
        const b = makeEvent({ identity: "line b", recipient: "other@example.com" });
        expect(await store.insert([a, b])).toEqual({ inserted: 2, duplicates: 0 });
        expect(await store.insert([a, b, a])).toEqual({ inserted: 0, duplicates: 3 });
        expect(await store.count()).toBe(2);
      } finally {
        await store.close();
      }
    });

    it("adds a batch whole or not at all", async () => {
      const store = await open();
      try {
        const good = makeEvent({ identity: "good" });
        // An event the store cannot write (no source) fails the whole batch, including the good event before it.
        const broken = { ...makeEvent({ identity: "broken" }), source: null } as unknown as DeliveryEvent;
        await expect(store.insert([good, broken])).rejects.toThrow();
        expect(await store.count()).toBe(0);
      } finally {
        await store.close();
      }
    });

    it("filters by time: since inclusive, until exclusive, undated events only without bounds", async () => {
      const store = await open();
      try {
        await store.insert([
          makeEvent({ identity: "1", time: T0 }),
          makeEvent({ identity: "2", time: T0 + HOUR }),
          makeEvent({ identity: "3", time: null }),
        ]);
        expect(await store.count()).toBe(3);
        expect(await store.count({ since: T0 })).toBe(2);
        expect(await store.count({ since: T0, until: T0 + HOUR })).toBe(1);
      } finally {
        await store.close();
      }
    });

    it("keeps the fix journal in time order", async () => {
      const store = await open();
      try {
        await store.addFix({ at: T0 + HOUR, text: "published DKIM key", finding: "F1" });
        await store.addFix({ at: T0, text: "fixed SPF", finding: null });
        const fixes = await store.listFixes();
        expect(fixes.map((f) => f.text)).toEqual(["fixed SPF", "published DKIM key"]);
        expect(fixes[1]?.finding).toBe("F1");
      } finally {
        await store.close();
      }
    });

    it("removes the events of one source file and nothing else; the file can be read in again", async () => {
      const store = await open();
      try {
        const demo = { file: "demo:test", line: null, message: null };
        await store.insert([
          makeEvent({ identity: "mine 1" }),
          makeEvent({ identity: "demo 1", source: demo }),
          makeEvent({ identity: "demo 2", source: demo, time: null }),
        ]);
        expect(await store.deleteSource("demo:test")).toBe(2);
        expect(await store.count()).toBe(1);
        expect(await store.deleteSource("demo:test")).toBe(0);
        expect(await store.deleteSource("never-read.log")).toBe(0);
        expect(await store.insert([makeEvent({ identity: "demo 1", source: demo })])).toEqual({
          inserted: 1,
          duplicates: 0,
        });
        expect(await store.deleteSource("demo:test")).toBe(1);
        expect(await store.count()).toBe(1);
      } finally {
        await store.close();
      }
    });

    it("summarizes exactly as the in-memory reference after a source file is removed", async () => {
      const FILES = ["a.log", "b.log", "demo:c"];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: FILES.length - 1 })), { maxLength: 80, size: "max" }),
          fc.integer({ min: 0, max: FILES.length - 1 }),
          fc.constantFrom<EventFilter>(
            {},
            { since: T0 + 90 * 60_000 + 1234, until: T0 + 50 * HOUR + 47 * 60_000 },
            { since: T0 + 5 * HOUR + 10 * 60_000, until: T0 + 5 * HOUR + 50 * 60_000 },
          ),
          async (pairs, removed, filter) => {
            // Events of several files interleaved in the same hours, so that removing one file leaves rollup
            // rows that other files still count in.
            const events = eventsOf(pairs.map(([r]) => r)).map((e, i) => ({
              ...e,
              source: { file: FILES[(pairs[i] as [EventRecord, number])[1]] as string, line: i + 1, message: null },
            }));
            const store = await open();
            try {
              await store.insert(events);
              const gone = events.filter((e) => e.source.file === FILES[removed]);
              expect(await store.deleteSource(FILES[removed] as string)).toBe(gone.length);
              const kept = events.filter((e) => e.source.file !== FILES[removed]);
              const options = { persistentAttempts: 3, persistentHours: 12, samplesPerGroup: 2 };
              expect(canonical(await store.summarize(filter, options))).toEqual(
                canonical(summarizeEvents(kept, filter, options)),
              );
              const sOptions = { softCount: 2, softDays: 3 };
              expect(await store.suppressions(filter, sOptions)).toEqual(suppressionsOf(kept, filter, sOptions));
              expect(await store.count()).toBe(kept.length);
              // Read in again, the removed file counts as before (its events now stored after the others: ties in
              // time are ordered by storage order).
              await store.insert(gone);
              expect(canonical(await store.summarize(filter, options))).toEqual(
                canonical(summarizeEvents([...kept, ...gone], filter, options)),
              );
            } finally {
              await store.close();
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    it("summarizes and lists suppressions exactly as the in-memory reference does", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(eventArb, { minLength: 0, maxLength: 80, size: "max" }),
          fc.constantFrom<EventFilter>(
            {},
            { since: T0 + 24 * HOUR },
            { since: T0, until: T0 + 48 * HOUR },
            // Not on hour boundaries: stores that keep hourly rollups must count the edge hours exactly.
            { since: T0 + 90 * 60_000 + 1234, until: T0 + 50 * HOUR + 47 * 60_000 },
            { until: T0 + 7 * HOUR + 40 * 60_000 },
            { since: T0 + 5 * HOUR + 10 * 60_000, until: T0 + 5 * HOUR + 50 * 60_000 },
          ),
          async (records, filter) => {
            const events = eventsOf(records);
            const store = await open();
            try {
              // In two batches that overlap: what a store adds up at insert time must not count a duplicate twice.
              await store.insert(events.slice(0, Math.ceil(events.length / 2)));
              await store.insert(events);
              const options = { persistentAttempts: 3, persistentHours: 12, samplesPerGroup: 2 };
              expect(canonical(await store.summarize(filter, options))).toEqual(
                canonical(summarizeEvents(events, filter, options)),
              );
              const sOptions = { softCount: 2, softDays: 3 };
              expect(await store.suppressions(filter, sOptions)).toEqual(suppressionsOf(events, filter, sOptions));
            } finally {
              await store.close();
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  });
}
