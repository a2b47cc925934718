// The embedded store: one SQLite file (better-sqlite3), WAL, schema versioned with PRAGMA user_version and migrated
// on open. Events are deduplicated by a 128-bit hash of their identity (UNIQUE key), so re-reading an input adds
// nothing, and each insert() is one transaction, so a killed ingest leaves whole batches only.
// The SQL of summarize()/suppressions() computes exactly what src/core/analysis/summarize.ts computes in memory.

import { hash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { DAY_MS, defaultBucket, HOUR_MS } from "../core/analysis/summarize.js";
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
  type FixRecord,
  type SummaryOptions,
  type Suppression,
  type SuppressionOptions,
} from "../core/analysis/types.js";
import type { DeliveryEvent, EventOutcome } from "../core/events/types.js";
import type { Reason } from "../knowledge/types.js";
import { REPORTS_MIGRATION, SqliteReportStore } from "./sqlite-reports.js";
import type { EventStore, InsertResult, ReportStore } from "./types.js";

/**
 * Schema migrations, in order; user_version is the number applied. Never edit a released step: add one.
 * Events are kept slim for fast inserts: the dimensions the report groups by (outcome, reason, provider, domain ...)
 * are interned in `dims`, one row per distinct combination; the rest of an event sits in `detail` (JSON).
 * The view `events_full` joins them back for people who query the file with sqlite3.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE dims (
     id INTEGER PRIMARY KEY,
     sig TEXT NOT NULL UNIQUE,
     outcome TEXT NOT NULL,
     format TEXT NOT NULL,
     reason TEXT,
     category TEXT,
     priority TEXT,
     family TEXT,
     hard_bounce INTEGER NOT NULL,
     rule TEXT,
     provider TEXT,
     recipient_domain TEXT,
     sender_domain TEXT,
     sending_ip TEXT
   );
   CREATE TABLE sources (id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE);
   CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     key BLOB NOT NULL UNIQUE,
     time INTEGER,
     recipient TEXT,
     dim INTEGER NOT NULL REFERENCES dims (id),
     failed INTEGER NOT NULL,
     source INTEGER NOT NULL REFERENCES sources (id),
     text TEXT,
     detail TEXT NOT NULL
   );
   -- Both indexes lead with the time, so a log's inserts append at their end; both cover the report's scans.
   CREATE INDEX events_time ON events (time, dim, recipient);
   CREATE INDEX events_failed ON events (time, dim, recipient) WHERE failed = 1;
   -- Events per hour and dimension combination, added to as events are inserted: the report's counts read this
   -- instead of every event. bucket is floor(time / 1 h) * 1 h, or -1 for events without a time.
   CREATE TABLE hourly (
     bucket INTEGER NOT NULL,
     dim INTEGER NOT NULL,
     n INTEGER NOT NULL,
     first INTEGER,
     last INTEGER,
     PRIMARY KEY (bucket, dim)
   ) WITHOUT ROWID;
   CREATE VIEW events_full AS
     SELECT e.id, e.time, e.recipient, e.text, d.outcome, d.format, d.reason, d.category, d.priority, d.family,
       d.hard_bounce, d.rule, d.provider, d.recipient_domain, d.sender_domain, d.sending_ip, s.file AS source_file,
       e.detail
     FROM events e JOIN dims d ON d.id = e.dim JOIN sources s ON s.id = e.source;
   CREATE TABLE fixes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, text TEXT NOT NULL, finding TEXT);`,
  REPORTS_MIGRATION,
];

/**
 * The other fields of an event, as JSON with the empty ones left out (smaller rows insert faster): sender,
 * messageId, queueId, remoteHost, remoteIp, status, replyCode, esp, feedbackType, subject, gaveUp, line, message.
 */
function detailOf(e: DeliveryEvent): string {
  const d: Record<string, unknown> = {};
  if (e.sender !== null) d.sender = e.sender;
  if (e.messageId !== null) d.messageId = e.messageId;
  if (e.queueId !== null) d.queueId = e.queueId;
  if (e.remoteHost !== null) d.remoteHost = e.remoteHost;
  if (e.remoteIp !== null) d.remoteIp = e.remoteIp;
  if (e.status !== null) d.status = e.status;
  if (e.replyCode !== null) d.replyCode = e.replyCode;
  if (e.esp !== null) d.esp = e.esp;
  if (e.feedbackType !== null) d.feedbackType = e.feedbackType;
  if (e.subject !== null) d.subject = e.subject;
  if (e.gaveUp === true) d.gaveUp = true;
  if (e.source.line !== null) d.line = e.source.line;
  if (e.source.message !== null) d.message = e.source.message;
  return JSON.stringify(d);
}

/** The dimension columns of an event, in table order. */
function dimsOf(e: DeliveryEvent): (string | number | null)[] {
  return [
    e.outcome,
    e.format,
    e.reason,
    e.category,
    e.priority,
    e.family,
    e.hardBounce ? 1 : 0,
    e.rule,
    e.provider,
    e.recipientDomain,
    e.senderDomain,
    e.sendingIp,
  ];
}

/** Distinct dimension combinations remembered in memory; past this the cache starts over (memory stays flat). */
const DIM_CACHE_MAX = 100_000;

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The 16-byte dedup key of an event: its time (ms, 6 bytes big-endian after two zero bytes; 0 when unknown), then
 * 8 bytes of the SHA-256 of its identity. Leading with the time makes a log's keys arrive almost in order, so the
 * unique index grows at its end instead of at random pages (about 2.5x faster inserts at a million events).
 * The same identity always has the same time, so equal events still get equal keys.
 */
export function keyOf(identity: string, time: number | null): Buffer {
  const key = Buffer.allocUnsafe(16);
  key.writeUInt16BE(0, 0);
  key.writeUIntBE(time === null || time < 0 || time > 0xffffffffffff ? 0 : Math.trunc(time), 2, 6);
  hash("sha256", identity, "buffer").copy(key, 8, 0, 8);
  return key;
}

/** WHERE clause over events aliased `e` (the dims table is `d` where joined). */
function whereOf(filter: EventFilter, extra?: string): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (filter.since !== undefined) {
    parts.push("e.time >= ?");
    params.push(filter.since);
  }
  if (filter.until !== undefined) {
    parts.push("e.time < ?");
    params.push(filter.until);
  }
  if (extra !== undefined) parts.push(extra);
  return { sql: parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`, params };
}

interface DimRow {
  id: number;
  outcome: EventOutcome;
  format: string;
  reason: Reason | null;
  category: string | null;
  priority: string | null;
  family: string | null;
  hard_bounce: number;
  rule: string | null;
  provider: string | null;
  recipient_domain: string | null;
  sender_domain: string | null;
  sending_ip: string | null;
}

/** Adds `n` to the count row of (key, outcome). */
function addCount(
  map: Map<string, CountRow & { count: number }>,
  key: string | null,
  outcome: EventOutcome,
  n: number,
) {
  const id = `${key ?? "\u0000"}\u0001${outcome}`;
  const row = map.get(id);
  if (row === undefined) map.set(id, { key, outcome, count: n });
  else row.count += n;
}

/**
 * Splits a time filter into whole hours (read from the hourly rollup: a WHERE over its `bucket`) and the partial
 * hours at its edges (read from the events: [from, to) ranges). Without bounds, everything is whole, including
 * the events without a time (bucket -1).
 */
export function splitHours(filter: EventFilter): {
  whole: { sql: string; params: number[] } | null;
  edges: [number, number][];
} {
  const { since, until } = filter;
  if (since === undefined && until === undefined) return { whole: { sql: "1 = 1", params: [] }, edges: [] };
  const lo = since === undefined ? null : Math.ceil(since / HOUR_MS) * HOUR_MS;
  const hi = until === undefined ? null : Math.floor(until / HOUR_MS) * HOUR_MS;
  if (lo !== null && hi !== null && lo >= hi) {
    // Within one hour, or across one boundary only: read the events.
    return { whole: null, edges: (since as number) < (until as number) ? [[since as number, until as number]] : [] };
  }
  const parts = ["bucket >= 0"];
  const params: number[] = [];
  const edges: [number, number][] = [];
  if (lo !== null) {
    parts.push("bucket >= ?");
    params.push(lo);
    if ((since as number) < lo) edges.push([since as number, lo]);
  }
  if (hi !== null) {
    parts.push("bucket < ?");
    params.push(hi);
    if (hi < (until as number)) edges.push([hi, until as number]);
  }
  return { whole: { sql: parts.join(" AND "), params }, edges };
}

export interface SqliteStoreOptions {
  readonly readonly?: boolean;
}

export class SqliteStore implements EventStore {
  private readonly db: Database.Database;
  private readonly insertMany: (events: readonly DeliveryEvent[]) => number;
  private readonly deleteFile: (file: string) => number;
  /** DMARC aggregate, failure and TLS reports, in the same file. */
  readonly reports: ReportStore;

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    if (path !== ":memory:" && options.readonly !== true) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
    if (options.readonly !== true) {
      // 16 KiB pages (set before anything is written; ignored for an existing file): fewer page splits as the
      // indexes grow, about 10% faster inserts than the 4 KiB default.
      this.db.pragma("page_size = 16384");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      // 64 MiB of page cache: the dedup key index takes random inserts, which thrash SQLite's 2 MiB default.
      this.db.pragma("cache_size = -65536");
      // Checkpoint the WAL every ~40 MB (2,500 pages of 16 KiB) instead of every 4 MB: fewer fsyncs during large ingests. Each transaction
      // stays atomic; a kill -9 loses at most the batch in flight.
      this.db.pragma("wal_autocheckpoint = 2500");
      this.migrate();
    }
    this.db.pragma("busy_timeout = 5000");
    this.reports = new SqliteReportStore(this.db);
    const insertDim = this.db.prepare(
      `INSERT OR IGNORE INTO dims (sig, outcome, format, reason, category, priority, family, hard_bounce, rule, provider,
         recipient_domain, sender_domain, sending_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const dimBySig = this.db.prepare("SELECT id FROM dims WHERE sig = ?").pluck();
    const insertEvent = this.db.prepare(
      "INSERT OR IGNORE INTO events (key, time, recipient, dim, failed, source, text, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const dimCache = new Map<string, number>();
    const dimId = (e: DeliveryEvent): number => {
      // U+0001 separates and U+0002 stands for null: neither occurs in these values (enum words, domains, IPs, ids).
      const n = (v: string | null) => (v === null ? "\u0002" : v);
      const sig = `${e.outcome}\u0001${e.format}\u0001${n(e.reason)}\u0001${n(e.category)}\u0001${n(e.priority)}\u0001${n(e.family)}\u0001${e.hardBounce}\u0001${n(e.rule)}\u0001${n(e.provider)}\u0001${n(e.recipientDomain)}\u0001${n(e.senderDomain)}\u0001${n(e.sendingIp)}`;
      let id = dimCache.get(sig);
      if (id === undefined) {
        insertDim.run(sig, ...dimsOf(e));
        id = dimBySig.get(sig) as number;
        if (dimCache.size >= DIM_CACHE_MAX) dimCache.clear();
        dimCache.set(sig, id);
      }
      return id;
    };
    const insertSource = this.db.prepare("INSERT OR IGNORE INTO sources (file) VALUES (?)");
    const sourceByFile = this.db.prepare("SELECT id FROM sources WHERE file = ?").pluck();
    let lastFile: string | null = null;
    let lastSource = 0;
    const sourceId = (file: string): number => {
      if (file !== lastFile) {
        insertSource.run(file);
        lastSource = sourceByFile.get(file) as number;
        lastFile = file;
      }
      return lastSource;
    };
    const addHourly = this.db.prepare(
      `INSERT INTO hourly (bucket, dim, n, first, last) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (bucket, dim) DO UPDATE SET n = n + excluded.n, first = MIN(first, excluded.first),
         last = MAX(last, excluded.last)`,
    );
    this.insertMany = this.db.transaction((events: readonly DeliveryEvent[]) => {
      let inserted = 0;
      // Rollup of this batch's new events, written once at its end (in the same transaction).
      const batch = new Map<
        string,
        { bucket: number; dim: number; n: number; first: number | null; last: number | null }
      >();
      try {
        for (const e of events) {
          const dim = dimId(e);
          const r = insertEvent.run(
            keyOf(e.identity, e.time),
            e.time,
            e.recipient,
            dim,
            e.outcome === "delivered" ? 0 : 1,
            sourceId(e.source.file),
            e.text,
            detailOf(e),
          );
          if (r.changes === 0) continue;
          inserted++;
          const bucket = e.time === null ? -1 : Math.floor(e.time / HOUR_MS) * HOUR_MS;
          const id = `${bucket}:${dim}`;
          const h = batch.get(id);
          if (h === undefined) batch.set(id, { bucket, dim, n: 1, first: e.time, last: e.time });
          else {
            h.n++;
            if (e.time !== null) {
              if (h.first === null || e.time < h.first) h.first = e.time;
              if (h.last === null || e.time > h.last) h.last = e.time;
            }
          }
        }
        for (const h of batch.values()) addHourly.run(h.bucket, h.dim, h.n, h.first, h.last);
      } catch (err) {
        // The transaction rolls back: ids cached during it may not exist any more.
        dimCache.clear();
        lastFile = null;
        throw err;
      }
      return inserted;
    });

    const timesOfSource = this.db.prepare("SELECT time, dim FROM events WHERE source = ?").raw();
    const deleteEvents = this.db.prepare("DELETE FROM events WHERE source = ?");
    const recountHour = this.db.prepare(
      "SELECT COUNT(*) AS n, MIN(time) AS first, MAX(time) AS last FROM events WHERE time >= ? AND time < ? AND dim = ?",
    );
    const recountUndated = this.db.prepare(
      "SELECT COUNT(*) AS n, NULL AS first, NULL AS last FROM events WHERE time IS NULL AND dim = ?",
    );
    const setHourly = this.db.prepare("UPDATE hourly SET n = ?, first = ?, last = ? WHERE bucket = ? AND dim = ?");
    const dropHourly = this.db.prepare("DELETE FROM hourly WHERE bucket = ? AND dim = ?");
    const deleteSourceRow = this.db.prepare("DELETE FROM sources WHERE id = ?");
    this.deleteFile = this.db.transaction((file: string): number => {
      const id = sourceByFile.get(file) as number | undefined;
      if (id === undefined) return 0;
      // The rollup rows the removed events counted in, bucketed exactly as insertMany buckets them.
      const touched = new Map<string, { bucket: number; dim: number }>();
      for (const row of timesOfSource.iterate(id) as Iterable<[number | null, number]>) {
        const [time, dim] = row;
        const bucket = time === null ? -1 : Math.floor(time / HOUR_MS) * HOUR_MS;
        touched.set(`${bucket}:${dim}`, { bucket, dim });
      }
      const removed = deleteEvents.run(id).changes;
      // Each touched row is counted again from the events that remain (the other sources' events in that hour).
      for (const { bucket, dim } of touched.values()) {
        const c = (bucket < 0 ? recountUndated.get(dim) : recountHour.get(bucket, bucket + HOUR_MS, dim)) as {
          n: number;
          first: number | null;
          last: number | null;
        };
        if (c.n === 0) dropHourly.run(bucket, dim);
        else setHourly.run(c.n, c.first, c.last, bucket, dim);
      }
      deleteSourceRow.run(id);
      // insertMany remembers the last file's id: that id is gone now.
      lastFile = null;
      return removed;
    });
  }

  private migrate(): void {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `${this.path}: database schema version ${version} is newer than this bouncewise understands (${MIGRATIONS.length})`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  async insert(events: readonly DeliveryEvent[]): Promise<InsertResult> {
    const inserted = this.insertMany(events);
    return { inserted, duplicates: events.length - inserted };
  }

  async deleteSource(file: string): Promise<number> {
    return this.deleteFile(file);
  }

  async count(filter: EventFilter = {}): Promise<number> {
    const w = whereOf(filter);
    return this.db
      .prepare(`SELECT COUNT(*) FROM events e ${w.sql}`)
      .pluck()
      .get(...w.params) as number;
  }

  async summarize(filter: EventFilter = {}, options: SummaryOptions = {}): Promise<EventSummary> {
    const db = this.db;
    const failed = whereOf(filter, "e.failed = 1");
    const dims = new Map<number, DimRow>();
    for (const d of db.prepare("SELECT * FROM dims").all() as DimRow[]) dims.set(d.id, d);
    const perDim = this.perDim(filter);
    let total = 0;
    let firstSeen: number | null = null;
    let lastSeen: number | null = null;
    const maps = {
      byOutcome: new Map(),
      byFamily: new Map(),
      byCategory: new Map(),
      byReason: new Map(),
      byPriority: new Map(),
      byDomain: new Map(),
      byProvider: new Map(),
      bySenderDomain: new Map(),
      bySendingIp: new Map(),
    } satisfies Record<string, Map<string, CountRow & { count: number }>>;
    for (const c of perDim) {
      const r = dims.get(c.dim);
      if (r === undefined) continue;
      total += c.n;
      if (c.first !== null && (firstSeen === null || c.first < firstSeen)) firstSeen = c.first;
      if (c.last !== null && (lastSeen === null || c.last > lastSeen)) lastSeen = c.last;
      addCount(maps.byOutcome, null, r.outcome, c.n);
      addCount(maps.byFamily, r.family, r.outcome, c.n);
      addCount(maps.byCategory, r.category, r.outcome, c.n);
      addCount(maps.byReason, r.reason, r.outcome, c.n);
      addCount(maps.byPriority, r.priority, r.outcome, c.n);
      addCount(maps.byDomain, r.recipient_domain, r.outcome, c.n);
      addCount(maps.byProvider, r.provider, r.outcome, c.n);
      addCount(maps.bySenderDomain, r.sender_domain, r.outcome, c.n);
      addCount(maps.bySendingIp, r.sending_ip, r.outcome, c.n);
    }
    const bucketMs = options.bucketMs ?? defaultBucket(firstSeen, lastSeen);
    const timelineMap = new Map<string, CountRow & { count: number }>();
    for (const c of this.perBucket(filter, bucketMs)) {
      const r = dims.get(c.dim);
      if (r !== undefined) addCount(timelineMap, String(c.bucket), r.outcome, c.n);
    }
    const timeline = [...timelineMap.values()];
    const failures = db
      .prepare(
        `SELECT COALESCE(d.reason, 'undefined') AS reason, d.outcome AS outcome, d.provider AS provider,
           d.recipient_domain AS recipientDomain, COUNT(*) AS count, COUNT(DISTINCT e.recipient) AS recipients,
           SUM(d.hard_bounce) AS hardBounces, MIN(e.time) AS firstSeen, MAX(e.time) AS lastSeen
         FROM events e JOIN dims d ON d.id = e.dim ${failed.sql} GROUP BY 1, 2, 3, 4`,
      )
      .all(...failed.params) as FailureGroup[];
    // The earliest failure of each (reason, family, provider): found on the failure index alone, then read whole.
    const exampleIds = db
      .prepare(
        `SELECT id FROM (
           SELECT e.id AS id, ROW_NUMBER() OVER (PARTITION BY COALESCE(d.reason, 'undefined'), d.family, d.provider
             ORDER BY e.time, e.id) AS rn
           FROM events e JOIN dims d ON d.id = e.dim ${failed.sql}) WHERE rn = 1`,
      )
      .pluck()
      .all(...failed.params) as number[];
    const examples = db
      .prepare(
        `SELECT COALESCE(d.reason, 'undefined') AS reason, d.family AS family, d.provider AS provider, e.text AS text,
           json_extract(e.detail, '$.status') AS status, d.rule AS rule, d.category AS category, d.priority AS priority,
           e.recipient AS recipient
         FROM events e JOIN dims d ON d.id = e.dim WHERE e.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(exampleIds)) as ExampleRow[];
    const samplesPerGroup = options.samplesPerGroup ?? DEFAULT_SAMPLES_PER_GROUP;
    const sampleWhere = whereOf(filter, "e.failed = 1 AND e.recipient IS NOT NULL");
    const recipientSamples = db
      .prepare(
        `SELECT reason, family, recipient FROM (
           SELECT reason, family, recipient, ROW_NUMBER() OVER (PARTITION BY reason, family ORDER BY recipient) AS rn
           FROM (SELECT DISTINCT COALESCE(d.reason, 'undefined') AS reason, d.family AS family, e.recipient AS recipient
                 FROM events e JOIN dims d ON d.id = e.dim ${sampleWhere.sql}))
         WHERE rn <= ?`,
      )
      .all(...sampleWhere.params, samplesPerGroup) as EventSummary["recipientSamples"];
    const rows = (m: Map<string, CountRow>) => [...m.values()];
    return {
      total,
      firstSeen,
      lastSeen,
      byOutcome: rows(maps.byOutcome),
      byFamily: rows(maps.byFamily),
      byCategory: rows(maps.byCategory),
      byReason: rows(maps.byReason),
      byPriority: rows(maps.byPriority),
      byDomain: rows(maps.byDomain),
      byProvider: rows(maps.byProvider),
      bySenderDomain: rows(maps.bySenderDomain),
      bySendingIp: rows(maps.bySendingIp),
      timeline,
      bucketMs,
      failures,
      examples,
      deferrals: this.deferrals(filter, options),
      recipientSamples,
    };
  }

  /**
   * Events per dimension combination within the filter: whole hours from the hourly rollup, the partial hours at
   * the filter's edges from the events themselves (exact at any boundary).
   */
  private perDim(filter: EventFilter): { dim: number; n: number; first: number | null; last: number | null }[] {
    type Row = { dim: number; n: number; first: number | null; last: number | null };
    const { whole, edges } = splitHours(filter);
    const out = new Map<number, Row>();
    const add = (r: Row) => {
      const o = out.get(r.dim);
      if (o === undefined) out.set(r.dim, { ...r });
      else {
        o.n += r.n;
        if (r.first !== null && (o.first === null || r.first < o.first)) o.first = r.first;
        if (r.last !== null && (o.last === null || r.last > o.last)) o.last = r.last;
      }
    };
    if (whole !== null) {
      const rows = this.db
        .prepare(
          `SELECT dim, SUM(n) AS n, MIN(first) AS first, MAX(last) AS last FROM hourly
           WHERE ${whole.sql} GROUP BY dim`,
        )
        .all(...whole.params) as Row[];
      for (const r of rows) add(r);
    }
    for (const [lo, hi] of edges) {
      const rows = this.db
        .prepare(
          `SELECT dim, COUNT(*) AS n, MIN(time) AS first, MAX(time) AS last FROM events
           WHERE time >= ? AND time < ? GROUP BY dim`,
        )
        .all(lo, hi) as Row[];
      for (const r of rows) add(r);
    }
    return [...out.values()];
  }

  /** Events per (time bucket, dimension combination) within the filter; dated events only. */
  private perBucket(filter: EventFilter, bucketMs: number): { bucket: number; dim: number; n: number }[] {
    // Inlined as integer literals so that SQLite divides integers (a bound JS number may arrive as REAL).
    const b = Math.max(1, Math.trunc(bucketMs));
    if (b % HOUR_MS !== 0) {
      const w = whereOf(filter, "e.time IS NOT NULL");
      return this.db
        .prepare(
          `SELECT (e.time / ${b}) * ${b} AS bucket, e.dim AS dim, COUNT(*) AS n FROM events e ${w.sql} GROUP BY 1, 2`,
        )
        .all(...w.params) as { bucket: number; dim: number; n: number }[];
    }
    const { whole, edges } = splitHours(filter);
    const out: { bucket: number; dim: number; n: number }[] = [];
    if (whole !== null) {
      out.push(
        ...(this.db
          .prepare(
            `SELECT (bucket / ${b}) * ${b} AS bucket, dim, SUM(n) AS n FROM hourly WHERE ${whole.sql} AND bucket >= 0
             GROUP BY 1, 2`,
          )
          .all(...whole.params) as { bucket: number; dim: number; n: number }[]),
      );
    }
    for (const [lo, hi] of edges) {
      out.push(
        ...(this.db
          .prepare(
            `SELECT (time / ${b}) * ${b} AS bucket, dim, COUNT(*) AS n FROM events WHERE time >= ? AND time < ?
             GROUP BY 1, 2`,
          )
          .all(lo, hi) as { bucket: number; dim: number; n: number }[]),
      );
    }
    return out;
  }

  private deferrals(filter: EventFilter, options: SummaryOptions): DeferralRow[] {
    const w = whereOf(filter, "e.recipient IS NOT NULL");
    const attempts = options.persistentAttempts ?? DEFAULT_PERSISTENT_ATTEMPTS;
    const spanMs = (options.persistentHours ?? DEFAULT_PERSISTENT_HOURS) * HOUR_MS;
    // Only recipients with a deferral can end on one: the window runs over their events alone.
    // Recipients with a deferral come from the failure index; only their events are read (materialized once).
    return this.db
      .prepare(
        `WITH dr AS MATERIALIZED (SELECT DISTINCT e.recipient AS recipient FROM events e JOIN dims d ON d.id = e.dim
                                  ${w.sql} AND e.failed = 1 AND d.outcome = 'deferred'),
         f AS MATERIALIZED (SELECT e.id AS id, e.time AS time, e.dim AS dim, e.recipient AS recipient FROM events e
                            ${w.sql} AND e.recipient IN (SELECT recipient FROM dr)),
         last AS (SELECT recipient, dim FROM (
                    SELECT recipient, dim, ROW_NUMBER() OVER (PARTITION BY recipient ORDER BY time DESC, id DESC) AS rn
                    FROM f) WHERE rn = 1),
         dd AS (SELECT f.recipient AS recipient, COUNT(*) AS c, COALESCE(MAX(f.time) - MIN(f.time), 0) AS span
                FROM f JOIN dims d ON d.id = f.dim WHERE d.outcome = 'deferred' GROUP BY f.recipient)
         SELECT COALESCE(d.reason, 'undefined') AS reason, d.provider AS provider, COUNT(*) AS open,
           SUM(CASE WHEN dd.c >= ? OR dd.span >= ? THEN 1 ELSE 0 END) AS persistent
         FROM last JOIN dims d ON d.id = last.dim JOIN dd ON dd.recipient = last.recipient
         WHERE d.outcome = 'deferred' GROUP BY 1, 2`,
      )
      .all(...w.params, ...w.params, attempts, spanMs) as DeferralRow[];
  }

  async suppressions(filter: EventFilter = {}, options: SuppressionOptions = {}): Promise<Suppression[]> {
    const w = whereOf(filter, "e.recipient IS NOT NULL");
    let now = options.now;
    if (now === undefined) {
      now =
        (this.db
          .prepare(`SELECT MAX(e.time) FROM events e ${w.sql}`)
          .pluck()
          .get(...w.params) as number | null) ?? 0;
    }
    const softSince = now - (options.softDays ?? DEFAULT_SOFT_DAYS) * DAY_MS;
    const softCount = options.softCount ?? DEFAULT_SOFT_COUNT;
    // cls 1 complaint, 2 hard bounce after the last delivery, 3 soft failure after it within the window.
    const rows = this.db
      .prepare(
        `WITH f AS (SELECT e.id AS id, e.recipient AS recipient, e.time AS time, COALESCE(e.time, 0) AS t,
                      d.outcome AS outcome, d.hard_bounce AS hard_bounce, d.reason AS reason
                    FROM events e JOIN dims d ON d.id = e.dim ${w.sql} AND d.outcome != 'dropped'),
         ld AS (SELECT recipient, MAX(t) AS t FROM f WHERE outcome = 'delivered' GROUP BY recipient),
         c AS (SELECT f.*, CASE
                 WHEN f.outcome = 'complained' THEN 1
                 WHEN f.outcome = 'bounced' AND f.hard_bounce = 1 THEN
                   CASE WHEN ld.t IS NULL OR f.t > ld.t THEN 2 ELSE 0 END
                 WHEN f.outcome IN ('deferred', 'bounced') AND (ld.t IS NULL OR f.t > ld.t) AND f.t >= ? THEN 3
                 ELSE 0 END AS cls
               FROM f LEFT JOIN ld ON ld.recipient = f.recipient),
         r AS (SELECT recipient, cls, time, reason, COUNT(*) OVER (PARTITION BY recipient, cls) AS n,
                 ROW_NUMBER() OVER (PARTITION BY recipient, cls ORDER BY time DESC, id DESC) AS rn
               FROM c WHERE cls > 0)
         SELECT recipient, cls, time, reason, n FROM r WHERE rn = 1 ORDER BY recipient, cls`,
      )
      .all(...w.params, softSince) as {
      recipient: string;
      cls: number;
      time: number | null;
      reason: string | null;
      n: number;
    }[];
    const out: Suppression[] = [];
    let done: string | null = null;
    for (const row of rows) {
      if (row.recipient === done) continue;
      const min = row.cls === 3 ? softCount : 1;
      if (row.n < min) continue;
      done = row.recipient;
      out.push({
        recipient: row.recipient,
        cause: row.cls === 1 ? "complaint" : row.cls === 2 ? "hard-bounce" : "repeated-soft-bounces",
        reason: row.reason as Suppression["reason"],
        lastSeen: row.time,
        count: row.n,
      });
    }
    return out;
  }

  async addFix(fix: { at: number; text: string; finding: string | null }): Promise<FixRecord> {
    const r = this.db
      .prepare("INSERT INTO fixes (at, text, finding) VALUES (?, ?, ?)")
      .run(fix.at, fix.text, fix.finding);
    return { id: Number(r.lastInsertRowid), ...fix };
  }

  async listFixes(): Promise<FixRecord[]> {
    return this.db.prepare("SELECT id, at, text, finding FROM fixes ORDER BY at, id").all() as FixRecord[];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
