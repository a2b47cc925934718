// DMARC aggregate, failure and TLS reports in the same SQLite file as the events (schema step 2 in
// sqlite-store.ts). A report row per document, unique by kind + org + report id; an aggregate report's records in
// their own table, the fields the analysis groups by as columns and the rest as JSON.

import type Database from "better-sqlite3";
import type { AggregateRecord, Disposition, DmarcResult } from "../core/dmarc/types.js";
import type { ReportFilter, ReportStore, StoredReport, StoredReportKind } from "./types.js";

/** Schema step for reports; appended to the migrations of sqlite-store.ts. */
export const REPORTS_MIGRATION = `
  CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    org TEXT NOT NULL,
    report_id TEXT NOT NULL,
    begin INTEGER,
    end INTEGER,
    domain TEXT,
    file TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    complete INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    UNIQUE (kind, org, report_id)
  );
  CREATE INDEX reports_end ON reports (end);
  CREATE TABLE report_records (
    report INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    source_ip TEXT NOT NULL,
    count INTEGER NOT NULL,
    disposition TEXT NOT NULL,
    dkim TEXT NOT NULL,
    spf TEXT NOT NULL,
    header_from TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (report, seq)
  ) WITHOUT ROWID;`;

interface ReportRow {
  id: number;
  kind: StoredReportKind;
  org: string;
  report_id: string;
  begin: number | null;
  end: number | null;
  domain: string | null;
  file: string;
  records: number;
  complete: number;
  data: string;
}

interface RecordRow {
  seq: number;
  source_ip: string;
  count: number;
  disposition: string;
  dkim: string;
  spf: string;
  header_from: string;
  detail: string;
}

/** The record fields not kept as columns, with empty ones left out. */
function detailOf(r: AggregateRecord): string {
  const d: Record<string, unknown> = {};
  if (r.reasons.length > 0) d.reasons = r.reasons;
  if (r.envelopeFrom !== undefined) d.envelopeFrom = r.envelopeFrom;
  if (r.envelopeTo !== undefined) d.envelopeTo = r.envelopeTo;
  if (r.dkimAuth.length > 0) d.dkimAuth = r.dkimAuth;
  if (r.spfAuth.length > 0) d.spfAuth = r.spfAuth;
  return JSON.stringify(d);
}

function recordOf(row: RecordRow): AggregateRecord {
  const d = JSON.parse(row.detail) as Partial<AggregateRecord>;
  return {
    sourceIp: row.source_ip,
    count: row.count,
    disposition: row.disposition as Disposition,
    dkim: row.dkim as DmarcResult,
    spf: row.spf as DmarcResult,
    reasons: d.reasons ?? [],
    headerFrom: row.header_from,
    ...(d.envelopeFrom !== undefined ? { envelopeFrom: d.envelopeFrom } : {}),
    ...(d.envelopeTo !== undefined ? { envelopeTo: d.envelopeTo } : {}),
    dkimAuth: d.dkimAuth ?? [],
    spfAuth: d.spfAuth ?? [],
  };
}

function reportOf(row: ReportRow): StoredReport {
  return {
    id: row.id,
    kind: row.kind,
    org: row.org,
    reportId: row.report_id,
    begin: row.begin,
    end: row.end,
    domain: row.domain,
    file: row.file,
    records: row.records,
    data: JSON.parse(row.data) as unknown,
  };
}

export class SqliteReportStore implements ReportStore {
  constructor(private readonly db: Database.Database) {}

  async openReport(report: Omit<StoredReport, "id" | "records">): Promise<{ id: number; duplicate: boolean }> {
    const db = this.db;
    return db.transaction(() => {
      const old = db
        .prepare("SELECT id, complete FROM reports WHERE kind = ? AND org = ? AND report_id = ?")
        .get(report.kind, report.org, report.reportId) as { id: number; complete: number } | undefined;
      if (old !== undefined && old.complete === 1) return { id: old.id, duplicate: true };
      // A report left open by a run that was killed: its records are dropped and it is read again whole.
      if (old !== undefined) {
        db.prepare("DELETE FROM report_records WHERE report = ?").run(old.id);
        db.prepare("DELETE FROM reports WHERE id = ?").run(old.id);
      }
      const r = db
        .prepare(
          `INSERT INTO reports (kind, org, report_id, begin, end, domain, file, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          report.kind,
          report.org,
          report.reportId,
          report.begin,
          report.end,
          report.domain,
          report.file,
          JSON.stringify(report.data ?? null),
        );
      return { id: Number(r.lastInsertRowid), duplicate: false };
    })();
  }

  async addRecords(id: number, records: readonly AggregateRecord[]): Promise<void> {
    const db = this.db;
    db.transaction(() => {
      const head = db.prepare("SELECT records, complete FROM reports WHERE id = ?").get(id) as
        | { records: number; complete: number }
        | undefined;
      if (head === undefined) throw new Error(`report ${id} is not open`);
      if (head.complete === 1) throw new Error(`report ${id} is already closed`);
      const insert = db.prepare(
        `INSERT INTO report_records (report, seq, source_ip, count, disposition, dkim, spf, header_from, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let seq = head.records;
      for (const r of records) {
        insert.run(id, seq++, r.sourceIp, r.count, r.disposition, r.dkim, r.spf, r.headerFrom, detailOf(r));
      }
      db.prepare("UPDATE reports SET records = ? WHERE id = ?").run(seq, id);
    })();
  }

  async closeReport(id: number): Promise<void> {
    this.db.prepare("UPDATE reports SET complete = 1 WHERE id = ?").run(id);
  }

  async reports(filter: ReportFilter = {}): Promise<StoredReport[]> {
    const where = ["complete = 1"];
    const params: (string | number)[] = [];
    if (filter.kind !== undefined) {
      where.push("kind = ?");
      params.push(filter.kind);
    }
    if (filter.since !== undefined) {
      where.push("(end IS NULL OR end >= ?)");
      params.push(filter.since);
    }
    if (filter.until !== undefined) {
      where.push("(begin IS NULL OR begin < ?)");
      params.push(filter.until);
    }
    if (filter.domain !== undefined) {
      where.push("domain = ?");
      params.push(filter.domain.toLowerCase());
    }
    const rows = this.db
      .prepare(`SELECT * FROM reports WHERE ${where.join(" AND ")} ORDER BY begin, id`)
      .all(...params) as ReportRow[];
    return rows.map(reportOf);
  }

  async *records(id: number, batchSize = 5000): AsyncIterable<AggregateRecord[]> {
    const page = this.db.prepare("SELECT * FROM report_records WHERE report = ? AND seq >= ? ORDER BY seq LIMIT ?");
    let from = 0;
    for (;;) {
      const rows = page.all(id, from, batchSize) as RecordRow[];
      if (rows.length === 0) return;
      yield rows.map(recordOf);
      from = (rows[rows.length - 1] as RecordRow).seq + 1;
    }
  }
}
