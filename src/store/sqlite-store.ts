// The embedded store: one SQLite file (better-sqlite3), WAL, schema versioned with PRAGMA user_version and migrated
// on open. Events are deduplicated by a 128-bit hash of their identity (UNIQUE key), so re-reading an input adds
// nothing, and each insert() is one transaction, so a killed ingest leaves whole batches only.
// The SQL of summarize()/suppressions() computes exactly what src/core/analysis/summarize.ts computes in memory.

import { createHash } from "node:crypto";
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
import type { DeliveryEvent } from "../core/events/types.js";
import type { EventStore, InsertResult } from "./types.js";

/** Schema migrations, in order; user_version is the number applied. Never edit a shipped step: add one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     key BLOB NOT NULL UNIQUE,
     time INTEGER,
     outcome TEXT NOT NULL,
     format TEXT NOT NULL,
     recipient TEXT,
     recipient_domain TEXT,
     sender TEXT,
     sender_domain TEXT,
     message_id TEXT,
     queue_id TEXT,
     sending_ip TEXT,
     remote_host TEXT,
     remote_ip TEXT,
     status TEXT,
     reply_code INTEGER,
     family TEXT,
     text TEXT,
     reason TEXT,
     category TEXT,
     priority TEXT,
     hard_bounce INTEGER NOT NULL,
     rule TEXT,
     provider TEXT,
     esp_type TEXT,
     esp_subtype TEXT,
     esp_reason TEXT,
     esp_rule TEXT,
     feedback_type TEXT,
     subject TEXT,
     gave_up INTEGER NOT NULL,
     source_file TEXT NOT NULL,
     source_line INTEGER,
     source_message INTEGER
   );
   CREATE INDEX events_time ON events (time);
   CREATE INDEX events_recipient ON events (recipient, time);
   CREATE TABLE fixes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, text TEXT NOT NULL, finding TEXT);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The 16-byte dedup key of an event identity. */
export function keyOf(identity: string): Buffer {
  return createHash("sha1").update(identity).digest().subarray(0, 16);
}

function whereOf(filter: EventFilter, extra?: string): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (filter.since !== undefined) {
    parts.push("time >= ?");
    params.push(filter.since);
  }
  if (filter.until !== undefined) {
    parts.push("time < ?");
    params.push(filter.until);
  }
  if (extra !== undefined) parts.push(extra);
  return { sql: parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`, params };
}

export interface SqliteStoreOptions {
  readonly readonly?: boolean;
}

export class SqliteStore implements EventStore {
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement;
  private readonly insertMany: (events: readonly DeliveryEvent[]) => number;

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    if (path !== ":memory:" && options.readonly !== true) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
    if (options.readonly !== true) {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.migrate();
    }
    this.db.pragma("busy_timeout = 5000");
    this.insertStmt = this.db.prepare(
      `INSERT OR IGNORE INTO events (key, time, outcome, format, recipient, recipient_domain, sender, sender_domain,
         message_id, queue_id, sending_ip, remote_host, remote_ip, status, reply_code, family, text, reason, category,
         priority, hard_bounce, rule, provider, esp_type, esp_subtype, esp_reason, esp_rule, feedback_type, subject,
         gave_up, source_file, source_line, source_message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMany = this.db.transaction((events: readonly DeliveryEvent[]) => {
      let inserted = 0;
      for (const e of events) {
        const r = this.insertStmt.run(
          keyOf(e.identity),
          e.time,
          e.outcome,
          e.format,
          e.recipient,
          e.recipientDomain,
          e.sender,
          e.senderDomain,
          e.messageId,
          e.queueId,
          e.sendingIp,
          e.remoteHost,
          e.remoteIp,
          e.status,
          e.replyCode,
          e.family,
          e.text,
          e.reason,
          e.category,
          e.priority,
          e.hardBounce ? 1 : 0,
          e.rule,
          e.provider,
          e.esp?.type ?? null,
          e.esp?.subtype ?? null,
          e.esp?.reason ?? null,
          e.esp?.rule ?? null,
          e.feedbackType,
          e.subject,
          e.gaveUp === true ? 1 : 0,
          e.source.file,
          e.source.line,
          e.source.message,
        );
        inserted += r.changes;
      }
      return inserted;
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

  async count(filter: EventFilter = {}): Promise<number> {
    const w = whereOf(filter);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM events ${w.sql}`).get(...w.params) as { n: number }).n;
  }

  private countBy(column: string, filter: EventFilter): CountRow[] {
    const w = whereOf(filter);
    return this.db
      .prepare(`SELECT ${column} AS key, outcome, COUNT(*) AS count FROM events ${w.sql} GROUP BY ${column}, outcome`)
      .all(...w.params) as CountRow[];
  }

  async summarize(filter: EventFilter = {}, options: SummaryOptions = {}): Promise<EventSummary> {
    const db = this.db;
    const all = whereOf(filter);
    const failed = whereOf(filter, "outcome != 'delivered'");
    const range = db
      .prepare(`SELECT COUNT(*) AS total, MIN(time) AS first, MAX(time) AS last FROM events ${all.sql}`)
      .get(...all.params) as { total: number; first: number | null; last: number | null };
    const bucketMs = options.bucketMs ?? defaultBucket(range.first, range.last);
    const timelineWhere = whereOf(filter, "time IS NOT NULL");
    // Inlined as an integer literal so that SQLite divides integers (a bound JS number may arrive as REAL).
    const b = Math.max(1, Math.trunc(bucketMs));
    const timeline = db
      .prepare(
        `SELECT CAST((time / ${b}) * ${b} AS TEXT) AS key, outcome, COUNT(*) AS count FROM events ${timelineWhere.sql}
         GROUP BY 1, outcome`,
      )
      .all(...timelineWhere.params) as CountRow[];
    const failures = (
      db
        .prepare(
          `SELECT COALESCE(reason, 'undefined') AS reason, outcome, provider, recipient_domain AS recipientDomain,
             COUNT(*) AS count, COUNT(DISTINCT recipient) AS recipients, SUM(hard_bounce) AS hardBounces,
             MIN(time) AS firstSeen, MAX(time) AS lastSeen
           FROM events ${failed.sql} GROUP BY 1, outcome, provider, recipient_domain`,
        )
        .all(...failed.params) as FailureGroup[]
    ).map((g) => ({ ...g }));
    const examples = db
      .prepare(
        `SELECT reason, family, provider, text, status, rule, category, priority, recipient FROM (
           SELECT COALESCE(reason, 'undefined') AS reason, family, provider, text, status, rule, category, priority,
             recipient, ROW_NUMBER() OVER (PARTITION BY COALESCE(reason, 'undefined'), family, provider
             ORDER BY time, id) AS rn
           FROM events ${failed.sql}) WHERE rn = 1`,
      )
      .all(...failed.params) as ExampleRow[];
    const samplesPerGroup = options.samplesPerGroup ?? DEFAULT_SAMPLES_PER_GROUP;
    const sampleWhere = whereOf(filter, "outcome != 'delivered' AND recipient IS NOT NULL");
    const recipientSamples = db
      .prepare(
        `SELECT reason, family, recipient FROM (
           SELECT reason, family, recipient, ROW_NUMBER() OVER (PARTITION BY reason, family ORDER BY recipient) AS rn
           FROM (SELECT DISTINCT COALESCE(reason, 'undefined') AS reason, family, recipient FROM events ${sampleWhere.sql}))
         WHERE rn <= ?`,
      )
      .all(...sampleWhere.params, samplesPerGroup) as EventSummary["recipientSamples"];
    return {
      total: range.total,
      firstSeen: range.first,
      lastSeen: range.last,
      byOutcome: this.countBy("NULL", filter),
      byFamily: this.countBy("family", filter),
      byCategory: this.countBy("category", filter),
      byReason: this.countBy("reason", filter),
      byPriority: this.countBy("priority", filter),
      byDomain: this.countBy("recipient_domain", filter),
      byProvider: this.countBy("provider", filter),
      bySenderDomain: this.countBy("sender_domain", filter),
      bySendingIp: this.countBy("sending_ip", filter),
      timeline,
      bucketMs,
      failures,
      examples,
      deferrals: this.deferrals(filter, options),
      recipientSamples,
    };
  }

  private deferrals(filter: EventFilter, options: SummaryOptions): DeferralRow[] {
    const w = whereOf(filter, "recipient IS NOT NULL");
    const attempts = options.persistentAttempts ?? DEFAULT_PERSISTENT_ATTEMPTS;
    const spanMs = (options.persistentHours ?? DEFAULT_PERSISTENT_HOURS) * HOUR_MS;
    // Only recipients with a deferral can end on one: the window runs over their events alone.
    const rows = this.db
      .prepare(
        `WITH f AS (SELECT id, time, outcome, reason, provider, recipient FROM events ${w.sql}
                    AND recipient IN (SELECT recipient FROM events ${w.sql} AND outcome = 'deferred')),
         last AS (SELECT recipient, reason, provider FROM (
                    SELECT recipient, outcome, reason, provider,
                      ROW_NUMBER() OVER (PARTITION BY recipient ORDER BY time DESC, id DESC) AS rn FROM f)
                  WHERE rn = 1 AND outcome = 'deferred'),
         d AS (SELECT recipient, COUNT(*) AS c, COALESCE(MAX(time) - MIN(time), 0) AS span FROM f
               WHERE outcome = 'deferred' GROUP BY recipient)
         SELECT COALESCE(last.reason, 'undefined') AS reason, last.provider AS provider, COUNT(*) AS open,
           SUM(CASE WHEN d.c >= ? OR d.span >= ? THEN 1 ELSE 0 END) AS persistent
         FROM last JOIN d ON d.recipient = last.recipient GROUP BY 1, 2`,
      )
      .all(...w.params, ...w.params, attempts, spanMs) as DeferralRow[];
    return rows;
  }

  async suppressions(filter: EventFilter = {}, options: SuppressionOptions = {}): Promise<Suppression[]> {
    const w = whereOf(filter, "recipient IS NOT NULL");
    let now = options.now;
    if (now === undefined) {
      const row = this.db.prepare(`SELECT MAX(time) AS t FROM events ${w.sql}`).get(...w.params) as {
        t: number | null;
      };
      now = row.t ?? 0;
    }
    const softSince = now - (options.softDays ?? DEFAULT_SOFT_DAYS) * DAY_MS;
    const softCount = options.softCount ?? DEFAULT_SOFT_COUNT;
    // cls 1 complaint, 2 hard bounce after the last delivery, 3 soft failure after it within the window.
    const rows = this.db
      .prepare(
        `WITH f AS (SELECT id, recipient, time, COALESCE(time, 0) AS t, outcome, hard_bounce, reason FROM events ${w.sql}
                    AND outcome != 'dropped'),
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
