// Reads DMARC aggregate, failure and TLS reports from paths (readDmarcInputs: files, archives, mails), parses each
// as it streams, stores it (idempotent by kind + org + report id) and feeds the aggregate records to the analysis.
// Memory stays bounded: an aggregate report's records go to the store and the aggregator in batches, never all at
// once. Used by `bouncewise dmarc` and the HTTP API.

import { createHash } from "node:crypto";
import { AggregateXmlReader } from "../core/dmarc/aggregate-xml.js";
import type { DmarcAggregator } from "../core/dmarc/analyze.js";
import { parseFailureReport } from "../core/dmarc/failure-report.js";
import { parseTlsReport } from "../core/dmarc/tls-report.js";
import type { AggregateRecord, FailureReport, ReportProblem, TlsReport } from "../core/dmarc/types.js";
import type { ReportStore } from "../store/types.js";
import { type DmarcDocument, type DmarcInputLimits, readDmarcInputs } from "./dmarc-inputs.js";

/** Records handed to the store and the aggregator at once. */
const BATCH = 5000;
/** Records held while waiting for a report head that comes after them (not schema-conforming, but seen). */
const MAX_EARLY_RECORDS = 100_000;
/** Problems the input layer gives right after a document whose stream it had to cut short. */
const CUT: ReadonlySet<string> = new Set(["too-big", "compression-bomb", "corrupt-gzip", "corrupt-zip", "unreadable"]);
/**
 * Input problems where report data was lost (the file or part of it could not be read): marked fatal, so the CLI
 * exits 1. Files that are simply not reports (unknown-format, no-report-in-mail, not-auth-failure) are not.
 */
const LOST: ReadonlySet<string> = new Set([
  ...CUT,
  "zip-encrypted",
  "zip-unsupported-method",
  "zip-too-many-entries",
  "too-deep",
  "mail-unreadable",
]);
/** A TLS report is JSON read whole; real ones are kilobytes. */
const MAX_TLS_CHARS = 64 * 1024 * 1024;

export interface DmarcIngestResult {
  /** Aggregate reports read (including ones already stored). */
  readonly reports: number;
  /** Of those, already in the store: their records were not added again. */
  readonly duplicates: number;
  readonly records: number;
  readonly tlsReports: readonly TlsReport[];
  readonly failureReports: readonly FailureReport[];
  readonly problems: readonly ReportProblem[];
}

export interface DmarcIngestOptions {
  readonly store?: ReportStore;
  readonly aggregator?: DmarcAggregator;
  readonly limits?: DmarcInputLimits;
  /** Called after each document, for progress. */
  readonly onDocument?: (name: string) => void;
}

function msOf(seconds: number): number | null {
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

async function readAggregate(
  doc: DmarcDocument,
  options: DmarcIngestOptions,
  problems: ReportProblem[],
): Promise<{ duplicate: boolean; records: number; toClose: number | null } | null> {
  const reader = new AggregateXmlReader();
  const store = options.store;
  let reportId: number | null = null;
  let duplicate = false;
  let opened = false;
  let early: AggregateRecord[] = [];
  let pending: AggregateRecord[] = [];
  let records = 0;

  const open = async (): Promise<void> => {
    const head = reader.head();
    if (head === undefined || opened) return;
    opened = true;
    options.aggregator?.addReport(head);
    if (store !== undefined) {
      const r = await store.openReport({
        kind: "aggregate",
        org: head.metadata.orgName,
        reportId: head.metadata.reportId,
        begin: msOf(head.metadata.begin),
        end: msOf(head.metadata.end),
        domain: head.policy.domain.toLowerCase() || null,
        file: doc.name,
        data: head,
      });
      reportId = r.id;
      duplicate = r.duplicate;
    }
  };
  const flush = async (): Promise<void> => {
    const head = reader.head();
    if (head === undefined || pending.length === 0) return;
    options.aggregator?.addRecords(head, pending);
    if (store !== undefined && reportId !== null && !duplicate) await store.addRecords(reportId, pending);
    pending = [];
  };
  const take = async (batch: AggregateRecord[]): Promise<void> => {
    if (batch.length === 0) return;
    records += batch.length;
    if (!opened) await open();
    if (!opened) {
      // Records before the head: held (bounded) until the head shows up.
      early.push(...batch);
      if (early.length > MAX_EARLY_RECORDS) {
        throw new Error(`more than ${MAX_EARLY_RECORDS} records came before the report's metadata`);
      }
      return;
    }
    if (early.length > 0) {
      pending.push(...early);
      early = [];
    }
    pending.push(...batch);
    if (pending.length >= BATCH) await flush();
  };

  try {
    for await (const chunk of doc.chunks ?? []) await take(reader.push(chunk));
    const end = reader.end();
    const fatal = end.problems.some((p) => p.fatal === true);
    await take(end.records);
    // A report read from its head to its end is counted even with no records; one that broke before any record
    // is not a report.
    if (!opened && !(fatal && records === 0)) await open();
    if (early.length > 0) {
      pending.push(...early);
      early = [];
    }
    await flush();
    for (const p of end.problems) problems.push({ ...p, file: doc.name });
    // A report that could not be read at all is not kept: reading the fixed file later stores it. One that was
    // read is closed by the caller unless the input layer says right after it that its stream was cut.
    const toClose = store !== undefined && reportId !== null && !duplicate && (!fatal || records > 0) ? reportId : null;
    return fatal && records === 0 ? null : { duplicate, records, toClose };
  } catch (e) {
    for (const p of reader.problems()) problems.push({ ...p, file: doc.name });
    problems.push({ code: "read-failed", message: (e as Error).message, file: doc.name, fatal: true });
    return null;
  }
}

async function textOf(doc: DmarcDocument, max: number): Promise<string> {
  let text = "";
  for await (const chunk of doc.chunks ?? []) {
    text += chunk;
    if (text.length > max) throw new Error(`larger than ${max} characters`);
  }
  return text;
}

/** Reads, stores and aggregates every report under `paths`; problems are collected, never thrown. */
export async function ingestDmarcPaths(
  paths: readonly string[],
  options: DmarcIngestOptions = {},
): Promise<DmarcIngestResult> {
  const problems: ReportProblem[] = [];
  const tlsReports: TlsReport[] = [];
  const failureReports: FailureReport[] = [];
  let reports = 0;
  let duplicates = 0;
  let records = 0;
  // The aggregate report just read, closed (made visible) once the next event shows its stream was not cut.
  let unclosed: { id: number; name: string } | null = null;
  for await (const event of readDmarcInputs(paths, options.limits)) {
    if (unclosed !== null) {
      const cut = "problem" in event && event.problem.file === unclosed.name && CUT.has(event.problem.code);
      // A cut report stays open, so it is hidden from `dmarc report` and replaced whole when read again.
      if (!cut) await options.store?.closeReport(unclosed.id);
      unclosed = null;
    }
    if ("problem" in event) {
      const lost = LOST.has(event.problem.code);
      problems.push({
        code: event.problem.code,
        message: event.problem.message,
        file: event.problem.file,
        ...(lost ? { fatal: true } : {}),
      });
      continue;
    }
    const doc = event.document;
    if (doc.kind === "aggregate") {
      const r = await readAggregate(doc, options, problems);
      if (r !== null) {
        if (r.toClose !== null) unclosed = { id: r.toClose, name: doc.name };
        reports++;
        records += r.records;
        if (r.duplicate) duplicates++;
      }
    } else if (doc.kind === "tls") {
      try {
        const report = parseTlsReport(await textOf(doc, MAX_TLS_CHARS));
        for (const p of report.problems) problems.push({ ...p, file: doc.name });
        if (report.problems.some((p) => p.fatal === true)) continue;
        tlsReports.push(report);
        if (options.store !== undefined) {
          const begin = Date.parse(report.start);
          const end = Date.parse(report.end);
          const r = await options.store.openReport({
            kind: "tls",
            org: report.organizationName,
            reportId: report.reportId,
            begin: Number.isNaN(begin) ? null : begin,
            end: Number.isNaN(end) ? null : end,
            domain: report.policies[0]?.policyDomain.toLowerCase() ?? null,
            file: doc.name,
            data: report,
          });
          if (!r.duplicate) await options.store.closeReport(r.id);
        }
      } catch (e) {
        problems.push({ code: "read-failed", message: (e as Error).message, file: doc.name, fatal: true });
      }
    } else if (doc.mail !== undefined) {
      const report = parseFailureReport(doc.mail);
      if (report === undefined) {
        problems.push({ code: "not-a-failure-report", message: "not an ARF auth-failure report", file: doc.name });
        continue;
      }
      for (const p of report.problems) problems.push({ ...p, file: doc.name });
      failureReports.push(report);
      if (options.store !== undefined) {
        const arrival = report.arrivalDate === undefined ? Number.NaN : Date.parse(report.arrivalDate);
        const r = await options.store.openReport({
          kind: "failure",
          org: report.reportingMta ?? "-",
          reportId: createHash("sha256").update(doc.mail).digest("hex").slice(0, 32),
          begin: Number.isNaN(arrival) ? null : arrival,
          end: Number.isNaN(arrival) ? null : arrival,
          domain: report.reportedDomain?.toLowerCase() ?? null,
          file: doc.name,
          data: report,
        });
        if (!r.duplicate) await options.store.closeReport(r.id);
      }
    }
    options.onDocument?.(doc.name);
  }
  if (unclosed !== null) await options.store?.closeReport(unclosed.id);
  return { reports, duplicates, records, tlsReports, failureReports, problems };
}
