// The commands over the event store: ingest, report, suppressions, fix add / fix list.

import { existsSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { type Command, Option } from "commander";
import { buildReport, type Report } from "../core/analysis/report.js";
import type { EventFilter } from "../core/analysis/types.js";
import { checkDomain, type DomainCheckReport, senderChecksOf } from "../core/auth/check-domain.js";
import { normalizeDomain } from "../core/auth/names.js";
import { createNodeDnsClient } from "../dns/node-resolver.js";
import { INGEST_FORMATS, type IngestFormat, ingestPaths, sizeOf } from "../input/ingest.js";
import { renderReportHtml } from "../report/report-html.js";
import { renderReportMarkdown, renderSuppressionsCsv } from "../report/report-markdown.js";
import { fixWindowsOf } from "../store/fix-windows.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { validResolver } from "./check-command.js";
import { isoOf, parseTimeArgument, parseUtcOffset } from "./times.js";

export interface StoreCommandIo {
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly write: (s: string) => void;
  readonly setExitCode: (code: number) => void;
  readonly usage: (message: string) => Error;
}

/**
 * Where the store lives unless --db says otherwise: $BOUNCEWISE_DB, else $XDG_DATA_HOME/bouncewise/bouncewise.db,
 * else ~/.local/share/bouncewise/bouncewise.db.
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BOUNCEWISE_DB !== undefined && env.BOUNCEWISE_DB !== "") return env.BOUNCEWISE_DB;
  const data =
    env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== ""
      ? env.XDG_DATA_HOME
      : join(homedir(), ".local", "share");
  return join(data, "bouncewise", "bouncewise.db");
}

export const DB_OPTION = () =>
  new Option("--db <file>", "the SQLite store (default: $BOUNCEWISE_DB or ~/.local/share/bouncewise/bouncewise.db)");

export function openStore(path: string | undefined, mustExist: boolean, io: StoreCommandIo): SqliteStore {
  const file = path ?? defaultDbPath();
  if (mustExist && !existsSync(file))
    throw io.usage(`no store at ${file}: run "bouncewise ingest" first, or give --db`);
  return new SqliteStore(file);
}

function filterOf(opts: { since?: string; until?: string }, io: StoreCommandIo): EventFilter {
  try {
    return {
      ...(opts.since === undefined ? {} : { since: parseTimeArgument(opts.since) }),
      ...(opts.until === undefined ? {} : { until: parseTimeArgument(opts.until) }),
    };
  } catch (e) {
    throw io.usage((e as Error).message);
  }
}

function positiveInt(value: string, name: string, io: StoreCommandIo): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw io.usage(`${name} must be a whole number of at least 1, not "${value}"`);
  return n;
}

/** Sending domains and IPs checked by `report --check`: the busiest few of each. */
const CHECKED_SENDERS = 5;

/**
 * `report --check`: the sender-side checks the findings ask for, on the busiest sending domains with the busiest
 * sending IPs. One DNS client for all of them, so shared lookups (an ESP's SPF include) are asked once.
 */
async function verifySenders(report: Report, resolver: string | undefined): Promise<DomainCheckReport[]> {
  const only = senderChecksOf(report.findings.flatMap((f) => f.checks));
  if (only.length === 0) return [];
  const domains = report.bySenderDomain.flatMap((r) => (r.key === null ? [] : [r.key])).slice(0, CHECKED_SENDERS);
  const ips = report.bySendingIp.flatMap((r) => (r.key === null ? [] : [r.key])).slice(0, CHECKED_SENDERS);
  const dns = createNodeDnsClient({ ...(resolver === undefined ? {} : { server: resolver }), timeoutMs: 3000 });
  try {
    const out: DomainCheckReport[] = [];
    for (const domain of domains) {
      const normalized = normalizeDomain(domain);
      if (normalized !== null) out.push(await checkDomain(normalized, dns, { ips, only, deadlineMs: 20_000 }));
    }
    return out;
  } finally {
    dns.close();
  }
}

export function registerStoreCommands(program: Command, io: StoreCommandIo): void {
  program
    .command("ingest")
    .description(
      "read Postfix maillogs, Exim mainlogs, ESP event exports (SES, SendGrid, Mailgun, Postmark, SparkPost) and bounce emails into the store",
    )
    .argument("<paths...>", "files or directories")
    .addOption(DB_OPTION())
    .addOption(
      new Option("--format <format>", "read every file as this format instead of detecting it").choices([
        ...INGEST_FORMATS,
      ]),
    )
    .option("--year <year>", "year of syslog lines that carry none (default: from each file's modification time)")
    .option("--utc-offset <offset>", "the log's local time zone as an offset from UTC (+01:00); default UTC")
    .option("--batch-size <n>", "events per transaction", "5000")
    .option("--json", "print the ingest report as JSON")
    .option("--no-progress", "no progress bar")
    .action(
      async (
        paths: string[],
        opts: {
          db?: string;
          format?: IngestFormat;
          year?: string;
          utcOffset?: string;
          batchSize: string;
          json?: boolean;
          progress?: boolean;
        },
      ) => {
        const batchSize = positiveInt(opts.batchSize, "--batch-size", io);
        let referenceTime: number | undefined;
        if (opts.year !== undefined) {
          const y = Number(opts.year);
          if (!Number.isInteger(y) || y < 1970 || y > 9999)
            throw io.usage(`--year must be a year like 2026, not "${opts.year}"`);
          referenceTime = Date.UTC(y, 11, 31, 23, 59, 59);
        }
        let utcOffsetMinutes: number | undefined;
        if (opts.utcOffset !== undefined) {
          try {
            utcOffsetMinutes = parseUtcOffset(opts.utcOffset);
          } catch (e) {
            throw io.usage((e as Error).message);
          }
        }
        const store = openStore(opts.db, false, io);
        let bar: SingleBar | null = null;
        if (opts.progress !== false && io.stderr.isTTY === true) {
          const total = sizeOf(paths);
          if (total > 8 * 1024 * 1024) {
            bar = new SingleBar(
              {
                stream: io.stderr,
                format: "ingest [{bar}] {percentage}% | {value}/{total} MB | eta {eta}s",
                hideCursor: true,
              },
              Presets.shades_classic,
            );
            bar.start(Math.ceil(total / 1e6), 0);
          }
        }
        try {
          const report = await ingestPaths(paths, store, {
            ...(opts.format === undefined ? {} : { format: opts.format }),
            ...(referenceTime === undefined ? {} : { referenceTime }),
            ...(utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes }),
            batchSize,
            onBytes: (n) => bar?.update(Math.floor(n / 1e6)),
          });
          bar?.stop();
          if (opts.json === true) io.write(`${JSON.stringify({ db: store.path, ...report }, null, 2)}\n`);
          else {
            for (const f of report.files) {
              if (f.error !== null) {
                io.stderr.write(`${f.file}: ${f.error.code}: ${f.error.message}\n`);
                continue;
              }
              io.write(
                `${f.file}: ${f.format}, ${f.records} read, ${f.events} events, ${f.inserted} new, ${f.duplicates} already stored${f.problems > 0 ? `, ${f.problems} unreadable` : ""}\n`,
              );
              for (const p of f.problemSamples) {
                const at = p.line !== null ? `:${p.line}` : p.message !== null ? `#${p.message}` : "";
                io.stderr.write(`${p.file}${at}: ${p.problem}\n`);
              }
              if (f.problems > f.problemSamples.length) {
                io.stderr.write(
                  `${f.file}: ${f.problems - f.problemSamples.length} more unreadable lines or records\n`,
                );
              }
            }
            io.write(
              `${report.inserted} new events stored in ${store.path} (${report.duplicates} already there)${report.failedFiles > 0 ? `; ${report.failedFiles} file${report.failedFiles === 1 ? "" : "s"} failed` : ""}\n`,
            );
          }
          if (report.failedFiles > 0) io.setExitCode(1);
        } finally {
          bar?.stop();
          await store.close();
        }
      },
    );

  program
    .command("report")
    .description("what is wrong, how wide (recipient, domain, provider, several providers) and what to fix first")
    .addOption(DB_OPTION())
    .option("--since <time>", "from this time (ISO date or time, or a span back like 7d)")
    .option("--until <time>", "up to this time (exclusive)")
    .option("--json", "print the report as JSON")
    .option("--markdown", "print the report as Markdown (the default for people)")
    .option("--html <file>", "write a self-contained HTML report to this file")
    .option("--check", "also check the busiest sending domains and IPs (the checks the findings ask for)")
    .option("--resolver <host[:port]>", "DNS server for --check")
    .action(
      async (opts: {
        db?: string;
        since?: string;
        until?: string;
        json?: boolean;
        markdown?: boolean;
        html?: string;
        check?: boolean;
        resolver?: string;
      }) => {
        const filter = filterOf(opts, io);
        if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
          throw io.usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
        }
        const store = openStore(opts.db, true, io);
        try {
          const built = buildReport(await store.summarize(filter), filter, await fixWindowsOf(store));
          const report =
            opts.check === true ? { ...built, verification: await verifySenders(built, opts.resolver) } : built;
          if (opts.html !== undefined) {
            writeFileSync(opts.html, renderReportHtml(report));
            if (opts.json !== true) io.stderr.write(`report written to ${opts.html}\n`);
          }
          if (opts.json === true) io.write(`${JSON.stringify(report, null, 2)}\n`);
          else if (opts.html === undefined || opts.markdown === true) io.write(renderReportMarkdown(report));
        } finally {
          await store.close();
        }
      },
    );

  program
    .command("suppressions")
    .description("the addresses to stop sending to: hard bounces, complaints, repeated soft bounces")
    .addOption(DB_OPTION())
    .option("--csv", "print CSV (the default)")
    .option("--json", "print JSON")
    .option("--soft-count <n>", "soft bounces that suppress an address", "5")
    .option("--soft-days <n>", "over this many days", "7")
    .option("--since <time>", "only events from this time")
    .option("--until <time>", "only events before this time")
    .action(
      async (opts: {
        db?: string;
        json?: boolean;
        csv?: boolean;
        softCount: string;
        softDays: string;
        since?: string;
        until?: string;
      }) => {
        const filter = filterOf(opts, io);
        const softCount = positiveInt(opts.softCount, "--soft-count", io);
        const softDays = positiveInt(opts.softDays, "--soft-days", io);
        const store = openStore(opts.db, true, io);
        try {
          const list = await store.suppressions(filter, { softCount, softDays });
          io.write(opts.json === true ? `${JSON.stringify(list, null, 2)}\n` : renderSuppressionsCsv(list));
        } finally {
          await store.close();
        }
      },
    );

  const fix = program
    .command("fix")
    .description("the remediation journal: record a fix, then see in the report whether it worked");
  fix
    .command("add")
    .description("record a fix you applied")
    .argument("<text>", 'what you did, e.g. "published DKIM key for selector s1"')
    .addOption(DB_OPTION())
    .option("--finding <id>", "the finding it addresses (ids are in the report, e.g. authfailure-permanent)")
    .option("--at <time>", "when it was applied (default now)")
    .action(async (text: string, opts: { db?: string; finding?: string; at?: string }) => {
      let at: number;
      try {
        at = opts.at === undefined ? Date.now() : parseTimeArgument(opts.at);
      } catch (e) {
        throw io.usage((e as Error).message);
      }
      if (text.trim() === "") throw io.usage("say what the fix was");
      const store = openStore(opts.db, false, io);
      try {
        const rec = await store.addFix({ at, text: text.trim(), finding: opts.finding ?? null });
        io.write(`fix ${rec.id} recorded at ${isoOf(rec.at)}${rec.finding === null ? "" : ` for ${rec.finding}`}\n`);
      } finally {
        await store.close();
      }
    });
  fix
    .command("list")
    .description("the fixes recorded")
    .addOption(DB_OPTION())
    .option("--json", "print JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      const store = openStore(opts.db, true, io);
      try {
        const fixes = await store.listFixes();
        if (opts.json === true) io.write(`${JSON.stringify(fixes, null, 2)}\n`);
        else if (fixes.length === 0) io.write("no fixes recorded\n");
        else for (const f of fixes) io.write(`${f.id}  ${isoOf(f.at)}  ${f.finding ?? "-"}  ${f.text}\n`);
      } finally {
        await store.close();
      }
    });
}
