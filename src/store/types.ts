// The store of delivery events: one interface, with SQLite as the embedded implementation (sqlite-store.ts) and
// one conformance suite (conformance.ts) that any other implementation (PostgreSQL, ...) must pass.
// Async so that a networked store fits behind it; SQLite answers synchronously underneath.

import type {
  EventFilter,
  EventSummary,
  FixRecord,
  SummaryOptions,
  Suppression,
  SuppressionOptions,
} from "../core/analysis/types.js";
import type { AggregateRecord } from "../core/dmarc/types.js";
import type { DeliveryEvent } from "../core/events/types.js";

export interface InsertResult {
  /** Events new to the store. */
  readonly inserted: number;
  /** Events already stored (same identity): nothing was added for them. */
  readonly duplicates: number;
}

export interface EventStore {
  /** Adds events in one transaction: all or none. Events whose identity is already stored are skipped. */
  insert(events: readonly DeliveryEvent[]): Promise<InsertResult>;
  count(filter?: EventFilter): Promise<number>;
  summarize(filter?: EventFilter, options?: SummaryOptions): Promise<EventSummary>;
  suppressions(filter?: EventFilter, options?: SuppressionOptions): Promise<Suppression[]>;
  /**
   * Removes every event read from `file` (EventSource.file, e.g. "demo:bouncewise") in one transaction, keeping any
   * rollup the store maintains exact. Answers the number of events removed (0 when none came from it).
   */
  deleteSource(file: string): Promise<number>;
  addFix(fix: { at: number; text: string; finding: string | null }): Promise<FixRecord>;
  listFixes(): Promise<FixRecord[]>;
  close(): Promise<void>;
}

/** What kind of report a stored document is. */
export type StoredReportKind = "aggregate" | "tls" | "failure";

/** A report as the store keeps it: its identity, period and domain, and its head (metadata, policy, problems) as data. */
export interface StoredReport {
  readonly id: number;
  readonly kind: StoredReportKind;
  /** Reporting organisation (aggregate: org_name; TLS: organization-name; failure: the reporting MTA or "-"). */
  readonly org: string;
  /** The report's own id (aggregate: report_id; TLS: report-id; failure: a hash of the mail). */
  readonly reportId: string;
  /** Period, ms since the epoch, when known. */
  readonly begin: number | null;
  readonly end: number | null;
  /** The policy domain (aggregate, TLS) or the reported domain (failure). */
  readonly domain: string | null;
  /** Where it was read from. */
  readonly file: string;
  /** Aggregate: records stored. */
  readonly records: number;
  /** The rest: AggregateHead + problems, TlsReport, or FailureReport, as the parser gave it. */
  readonly data: unknown;
}

export interface ReportFilter {
  readonly kind?: StoredReportKind;
  /** Reports whose period ends at or after this time (ms). */
  readonly since?: number;
  /** Reports whose period begins before this time (ms). */
  readonly until?: number;
  readonly domain?: string;
}

/**
 * DMARC aggregate, failure and TLS reports. A report is identified by kind + org + report id: storing it again adds
 * nothing. An aggregate report's records arrive in batches between openReport and closeReport (millions fit in
 * bounded memory); a report opened but never closed (a killed run) is replaced when it is read again.
 */
export interface ReportStore {
  openReport(report: Omit<StoredReport, "id" | "records">): Promise<{ id: number; duplicate: boolean }>;
  addRecords(id: number, records: readonly AggregateRecord[]): Promise<void>;
  closeReport(id: number): Promise<void>;
  reports(filter?: ReportFilter): Promise<StoredReport[]>;
  /** The records of one stored aggregate report, in batches, in the order they were added. */
  records(id: number, batchSize?: number): AsyncIterable<AggregateRecord[]>;
}
