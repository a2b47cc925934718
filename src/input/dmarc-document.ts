// The DMARC document (src/core/dmarc/output.ts) from an aggregate: reverse DNS of the busiest sources and the
// domain's published record through one DNS client, then the analysis; and the aggregate of what the store holds
// for a period. Shared by `bouncewise dmarc` and the HTTP API.

import type { AggregateHead } from "../core/dmarc/aggregate-xml.js";
import {
  analyzeDmarc,
  type DmarcAggregate,
  DmarcAggregator,
  type PtrInfo,
  resolveSourcePtrs,
} from "../core/dmarc/analyze.js";
import { type DmarcDocument, summarizeFailureReports } from "../core/dmarc/output.js";
import { summarizeTlsReports } from "../core/dmarc/tls-report.js";
import type { FailureReport, ReportProblem, TlsReport } from "../core/dmarc/types.js";
import type { DnsClient } from "../core/dns/types.js";
import { createNodeDnsClient } from "../dns/node-resolver.js";
import type { ReportFilter, ReportStore } from "../store/types.js";

export interface DmarcDocumentOptions {
  /** No DNS at all: no reverse DNS, no published record. */
  readonly dns?: boolean;
  /** DNS server ("192.0.2.53:5353"); the system's by default. */
  readonly resolver?: string;
  /** The policy domain to recommend for (default: the one with most mail). */
  readonly domain?: string;
  /** Reverse DNS of this many of the busiest source IPs (default 500). */
  readonly ptrLimit?: number;
}

export interface DmarcExtras {
  readonly duplicates: number;
  readonly tls: readonly TlsReport[];
  readonly failures: readonly FailureReport[];
  readonly problems: readonly ReportProblem[];
}

/** Source IPs whose reverse DNS is looked up, busiest first, unless ptrLimit says otherwise. */
export const DEFAULT_PTR_LIMIT = 500;

function busiestIps(aggregate: DmarcAggregate, limit: number): string[] {
  const byIp = new Map<string, number>();
  for (const s of aggregate.sources) byIp.set(s.ip, (byIp.get(s.ip) ?? 0) + s.count);
  return [...byIp]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([ip]) => ip);
}

/** The domain's DMARC record as published now, when it can be looked up (RFC 7489 section 6.1). */
async function currentRecordOf(domain: string, dns: DnsClient): Promise<string | undefined> {
  try {
    const answer = await dns.txt(`_dmarc.${domain}`);
    return answer.records.find((r) => /^v=DMARC1\s*(;|$)/i.test(r.trim()));
  } catch {
    return undefined;
  }
}

/** The analysis, with reverse DNS of the busiest sources and the published record when DNS is allowed. */
export async function buildDmarcDocument(
  aggregate: DmarcAggregate,
  extra: DmarcExtras,
  options: DmarcDocumentOptions = {},
): Promise<DmarcDocument> {
  const domain = options.domain === undefined ? {} : { domain: options.domain.toLowerCase() };
  let ptr: Map<string, PtrInfo> | undefined;
  let currentRecord: string | undefined;
  if (options.dns !== false && aggregate.sources.length > 0) {
    const dns = createNodeDnsClient({
      ...(options.resolver === undefined ? {} : { server: options.resolver }),
      timeoutMs: 2000,
    });
    try {
      ptr = await resolveSourcePtrs(busiestIps(aggregate, options.ptrLimit ?? DEFAULT_PTR_LIMIT), dns, {
        concurrency: 16,
        deadlineMs: 30_000,
      });
      const first = analyzeDmarc(aggregate, { ptr, ...domain });
      currentRecord = await currentRecordOf(first.recommendation.domain, dns);
    } finally {
      dns.close();
    }
  }
  const analysis = analyzeDmarc(aggregate, {
    ...(ptr === undefined ? {} : { ptr }),
    ...(currentRecord === undefined ? {} : { currentRecord }),
    ...domain,
  });
  return {
    ...analysis,
    problems: extra.problems,
    duplicates: extra.duplicates,
    tls: extra.tls.length === 0 ? null : summarizeTlsReports(extra.tls),
    failures: summarizeFailureReports(extra.failures),
  };
}

/** The aggregate of what the store holds for a period, read back report by report in batches. */
export async function aggregateStored(
  store: ReportStore,
  filter: ReportFilter,
): Promise<{ aggregate: DmarcAggregate; tls: TlsReport[]; failures: FailureReport[] }> {
  const aggregator = new DmarcAggregator();
  for (const r of await store.reports({ ...filter, kind: "aggregate" })) {
    const head = r.data as AggregateHead;
    aggregator.addReport(head);
    for await (const batch of store.records(r.id)) aggregator.addRecords(head, batch);
  }
  const tls = (await store.reports({ ...filter, kind: "tls" })).map((r) => r.data as TlsReport);
  const failures = (await store.reports({ ...filter, kind: "failure" })).map((r) => r.data as FailureReport);
  return { aggregate: aggregator.snapshot(), tls, failures };
}
