// `bouncewise dmarc PATH...`: read DMARC aggregate, failure and TLS reports (files, archives, mails), store them,
// and say who sends as the domain and what to fix before enforcing. `bouncewise dmarc report`: the same analysis
// over what the store holds, for a period.

import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { DmarcAggregator } from "../core/dmarc/analyze.js";
import type { DmarcDocument } from "../core/dmarc/output.js";
import { aggregateStored, buildDmarcDocument, DEFAULT_PTR_LIMIT, type DmarcExtras } from "../input/dmarc-document.js";
import { ingestDmarcPaths } from "../input/dmarc-ingest.js";
import type { Paint } from "../report/text-card.js";
import type { ReportFilter } from "../store/types.js";
import { validResolver } from "./check-command.js";
import { DB_OPTION, openStore, type StoreCommandIo } from "./store-commands.js";
import { parseTimeArgument } from "./times.js";

export interface DmarcCommandIo extends StoreCommandIo {
  readonly paint: (color: boolean | undefined) => Paint;
}

interface OutputOptions {
  json?: boolean;
  html?: string;
  color?: boolean;
  dns?: boolean;
  resolver?: string;
  domain?: string;
  ptrLimit: string;
}

function documentOf(
  aggregate: Parameters<typeof buildDmarcDocument>[0],
  extra: DmarcExtras,
  opts: OutputOptions,
  io: DmarcCommandIo,
): Promise<DmarcDocument> {
  const ptrLimit = Number(opts.ptrLimit);
  if (!Number.isInteger(ptrLimit) || ptrLimit < 0)
    throw io.usage(`--ptr-limit must be a whole number, not "${opts.ptrLimit}"`);
  return buildDmarcDocument(aggregate, extra, {
    ptrLimit,
    ...(opts.dns === false ? { dns: false } : {}),
    ...(opts.resolver === undefined ? {} : { resolver: opts.resolver }),
    ...(opts.domain === undefined ? {} : { domain: opts.domain }),
  });
}

async function output(doc: DmarcDocument, opts: OutputOptions, io: DmarcCommandIo): Promise<void> {
  // The renderers are loaded when needed: --json never pays for them.
  if (opts.html !== undefined) {
    const { renderDmarcHtml } = await import("../report/dmarc-html.js");
    writeFileSync(opts.html, renderDmarcHtml(doc));
    if (opts.json !== true) io.stderr.write(`DMARC report written to ${opts.html}\n`);
  }
  if (opts.json === true) io.write(`${JSON.stringify(doc, null, 2)}\n`);
  else if (opts.html === undefined) {
    const { renderDmarcText } = await import("../report/dmarc-text.js");
    io.write(renderDmarcText(doc, io.paint(opts.color)));
  }
}

function addOutputOptions(c: Command): Command {
  return c
    .option("--json", "print one JSON object (reports, messages, alignedShare, sources, recommendation, problems)")
    .option("--html <file>", "write a self-contained HTML page to this file")
    .option("--domain <domain>", "the policy domain to recommend for (default: the one with most mail)")
    .option("--resolver <host[:port]>", "DNS server for reverse DNS and the published record")
    .option("--no-dns", "no DNS lookups (no reverse DNS, no published record)")
    .option("--ptr-limit <n>", "look up the reverse DNS of this many of the busiest sources", String(DEFAULT_PTR_LIMIT))
    .option("--color", "force colours")
    .option("--no-color", "no colours");
}

function checkResolver(opts: OutputOptions, io: DmarcCommandIo): void {
  if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
    throw io.usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
  }
}

export function registerDmarcCommand(program: Command, io: DmarcCommandIo): void {
  const dmarc = addOutputOptions(
    program
      .command("dmarc")
      .description(
        "read DMARC aggregate reports (XML, .gz, .zip, emails, mbox, Maildir), failure reports and SMTP TLS reports: who sends as your domain and what to fix before enforcing",
      )
      .argument("[paths...]", "files or directories")
      .addOption(DB_OPTION())
      .option("--no-store", "analyse only; do not keep the reports in the store")
      .option("--max-size <MB>", "largest size of one report once decompressed, in MB", "1024")
      .enablePositionalOptions(),
  ).action(async (paths: string[], opts: OutputOptions & { db?: string; store?: boolean; maxSize: string }) => {
    if (paths.length === 0) throw io.usage('give files or directories of reports, or use "bouncewise dmarc report"');
    checkResolver(opts, io);
    const maxMb = Number(opts.maxSize);
    if (!Number.isFinite(maxMb) || maxMb <= 0)
      throw io.usage(`--max-size must be a number of MB, not "${opts.maxSize}"`);
    const store = opts.store === false ? null : openStore(opts.db, false, io);
    try {
      const aggregator = new DmarcAggregator();
      const read = await ingestDmarcPaths(paths, {
        aggregator,
        limits: { maxDocumentBytes: Math.round(maxMb * 1024 * 1024) },
        ...(store === null ? {} : { store: store.reports }),
      });
      const doc = await documentOf(
        aggregator.snapshot(),
        { duplicates: read.duplicates, tls: read.tlsReports, failures: read.failureReports, problems: read.problems },
        opts,
        io,
      );
      await output(doc, opts, io);
      if (opts.json !== true && store !== null) {
        io.stderr.write(
          `${read.reports - read.duplicates} new aggregate reports stored in ${store.path} (${read.duplicates} already there)\n`,
        );
      }
      if (read.problems.some((p) => p.fatal === true)) io.setExitCode(1);
    } finally {
      await store?.close();
    }
  });

  addOutputOptions(
    dmarc
      .command("report")
      .description("the DMARC analysis over the reports in the store")
      .addOption(DB_OPTION())
      .option("--since <time>", "reports whose period ends at or after this time (ISO date or time, or 30d)")
      .option("--until <time>", "reports whose period begins before this time")
      .addOption(new Option("--policy-domain <domain>", "only reports for this policy domain")),
  ).action(
    async (
      opts: OutputOptions & { db?: string; since?: string; until?: string; policyDomain?: string },
    ): Promise<void> => {
      checkResolver(opts, io);
      let filter: ReportFilter;
      try {
        filter = {
          ...(opts.since === undefined ? {} : { since: parseTimeArgument(opts.since) }),
          ...(opts.until === undefined ? {} : { until: parseTimeArgument(opts.until) }),
          ...(opts.policyDomain === undefined ? {} : { domain: opts.policyDomain }),
        };
      } catch (e) {
        throw io.usage((e as Error).message);
      }
      const store = openStore(opts.db, true, io);
      try {
        const stored = await aggregateStored(store.reports, filter);
        const doc = await documentOf(
          stored.aggregate,
          { duplicates: 0, tls: stored.tls, failures: stored.failures, problems: [] },
          opts,
          io,
        );
        await output(doc, opts, io);
      } finally {
        await store.close();
      }
    },
  );
}
