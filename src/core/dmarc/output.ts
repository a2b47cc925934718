// The one document `bouncewise dmarc` prints with --json (and the HTTP API answers): the aggregate analysis, the
// summary of SMTP TLS reports and of failure reports read alongside, and the problems met on the way.

import type { DmarcAnalysis } from "./analyze.js";
import type { TlsReportSummary } from "./tls-report.js";
import type { FailureReport } from "./types.js";

/** Failure reports (RFC 6591 auth-failure) counted by what failed, by source IP and by reported domain. */
export interface FailureSummary {
  readonly reports: number;
  readonly byAuthFailure: readonly { readonly key: string; readonly count: number }[];
  readonly bySourceIp: readonly { readonly key: string; readonly count: number }[];
  readonly byDomain: readonly { readonly key: string; readonly count: number }[];
  /** The first reports, as parsed (at most 20). */
  readonly samples: readonly FailureReport[];
}

export interface DmarcDocument extends DmarcAnalysis {
  /** Reports already in the store when read again (their records were not stored twice). */
  readonly duplicates: number;
  readonly tls: TlsReportSummary | null;
  readonly failures: FailureSummary | null;
}

const SAMPLES = 20;
const TOP = 50;

function top(values: readonly (string | undefined)[]): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const v of values) {
    const k = v === undefined || v === "" ? "(none)" : v.toLowerCase();
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
    .slice(0, TOP);
}

export function summarizeFailureReports(reports: readonly FailureReport[]): FailureSummary | null {
  if (reports.length === 0) return null;
  return {
    reports: reports.length,
    byAuthFailure: top(reports.map((r) => r.authFailure)),
    bySourceIp: top(reports.map((r) => r.sourceIp)),
    byDomain: top(reports.map((r) => r.reportedDomain)),
    samples: reports.slice(0, SAMPLES),
  };
}
