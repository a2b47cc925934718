// Benchmarks the ingest path of issue 4, on synthetic Postfix logs (bench/gen-postfix-log.ts), one process, one core:
//   1. Postfix log lines parsed and classified per second (reader + diagnosis);
//   2. events inserted into a fresh SQLite file per second, with dedup (then the same events again: all duplicates);
//   3. the report (summarize + buildReport) over 1,000,000 stored events;
//   4. peak memory of `bouncewise ingest` in a child process on a large log (BENCH_INGEST_MB, default 512 MB),
//      against the same on a log a quarter that size: flat memory means the two peaks are close.
// Run: npm run bench:ingest
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { buildReport } from "../src/core/analysis/report.js";
import { DiagnosisCache, diagnoseEvent } from "../src/core/events/diagnose-event.js";
import { createPostfixLogReader } from "../src/core/events/postfix-log.js";
import type { DeliveryEvent, RawEvent } from "../src/core/events/types.js";
import { SqliteStore } from "../src/store/sqlite-store.js";
import { postfixLog } from "./gen-postfix-log.js";

const dir = mkdtempSync(join(tmpdir(), "bw-bench-ingest-"));
const REFERENCE = Date.UTC(2026, 11, 31);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function linesOf(messages: number, seed: number, delivered: number | null): string[] {
  const lines: string[] = [];
  for (const chunk of postfixLog(messages, seed, 10_000, Date.UTC(2026, 10, 1), delivered)) {
    const part = chunk.split("\n");
    part.pop();
    for (const l of part) lines.push(l);
  }
  return lines;
}

/** Reads and diagnoses every line; returns the events and the seconds it took. */
function readAndDiagnose(lines: readonly string[]): { events: DeliveryEvent[]; seconds: number } {
  const t0 = performance.now();
  const reader = createPostfixLogReader({ referenceTime: REFERENCE });
  const cache = new DiagnosisCache();
  const raw: RawEvent[] = [];
  const events: DeliveryEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    reader.line(lines[i] as string, i + 1, raw);
    if (raw.length > 0) {
      for (const e of raw) events.push(diagnoseEvent(e, { file: "bench.log", line: i + 1, message: null }, cache));
      raw.length = 0;
    }
  }
  return { events, seconds: (performance.now() - t0) / 1000 };
}

async function insertAll(store: SqliteStore, events: readonly DeliveryEvent[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 5000) await store.insert(events.slice(i, i + 5000));
  return (performance.now() - t0) / 1000;
}

async function peakRssOfIngest(file: string): Promise<{ seconds: number; maxRssMb: number; events: number }> {
  const cli = fileURLToPath(new URL("../src/cli/run.js", import.meta.url));
  const db = join(dir, `rss-${statSync(file).size}.db`);
  const t0 = performance.now();
  const probe = fileURLToPath(new URL("../../bench/rss-probe.cjs", import.meta.url));
  const r = spawnSync(process.execPath, ["-r", probe, cli, "ingest", "--json", "--db", db, file], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  // The child's own peak RSS, printed by bench/rss-probe.cjs as it exits (kernel ru_maxrss, KB).
  const kb = Number(/bench-maxrss-kb=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const events = (JSON.parse(r.stdout) as { inserted: number }).inserted;
  return { seconds, maxRssMb: kb / 1024, events };
}

async function writeLog(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  let seed = 11;
  while (written < bytes) {
    for (const chunk of postfixLog(100_000, seed++, 10_000, Date.UTC(2026, 10, 1) + seed * 86_400_000, 0.9)) {
      written += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
}

try {
  // 1. Parse + classify: 200,000 messages = 1,000,000 log lines, every reply kind equally likely.
  const lines = linesOf(200_000, 3, null);
  readAndDiagnose(lines.slice(0, 100_000)); // warm-up
  const runs = [readAndDiagnose(lines), readAndDiagnose(lines), readAndDiagnose(lines)];
  const best = Math.min(...runs.map((r) => r.seconds));
  const events = runs[0]?.events ?? [];
  console.log(
    `postfix lines parsed and classified: ${fmt(lines.length / best)} lines/s (${fmt(events.length / best)} delivery events/s; best of 3 over ${fmt(lines.length)} lines; runs ${runs.map((r) => r.seconds.toFixed(2)).join(", ")} s)`,
  );

  // 2. Insert with dedup into a fresh file: the failure-heavy events above (70% failures: every failure is also
  // written to the failure index), then a healthy sender's mix (90% delivered).
  const healthy = readAndDiagnose(linesOf(200_000, 5, 0.9)).events;
  for (const [label, list] of [
    ["70% failures", events],
    ["10% failures", healthy],
  ] as const) {
    const fresh: number[] = [];
    const again: number[] = [];
    for (let run = 0; run < 3; run++) {
      const store = new SqliteStore(join(dir, `insert-${label.slice(0, 2)}-${run}.db`));
      fresh.push(list.length / (await insertAll(store, list)));
      again.push(list.length / (await insertAll(store, list)));
      await store.close();
    }
    console.log(
      `sqlite insert with dedup (${label}): ${fmt(Math.max(...fresh))} events/s new (runs ${fresh.map(fmt).join(", ")}), ${fmt(Math.max(...again))} events/s already stored (${fmt(list.length)} events, batches of 5,000, a fresh file per run)`,
    );
  }

  // 3. Report over 1,000,000 stored events (90% delivered, as a healthy sender's log).
  const big = new SqliteStore(join(dir, "report.db"));
  let stored = 0;
  for (let part = 0; part < 5; part++) {
    const { events: ev } = readAndDiagnose(linesOf(200_000, 100 + part, 0.9));
    await insertAll(big, ev);
    stored += ev.length;
  }
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const report = buildReport(await big.summarize());
    times.push((performance.now() - t0) / 1000);
    findings = report.findings.length;
  }
  const week = Date.UTC(2026, 10, 1, 7, 30);
  const t1 = performance.now();
  buildReport(await big.summarize({ since: week, until: week + 2 * 86_400_000 }));
  const filtered = (performance.now() - t1) / 1000;
  console.log(
    `report over ${fmt(await big.count())} stored events: ${times.map((t) => t.toFixed(2)).join(", ")} s (${findings} findings); with --since/--until off the hour: ${filtered.toFixed(2)} s`,
  );
  void stored;
  await big.close();

  // 4. Memory while ingesting a large log, in a child process (the CLI as users run it).
  const mb = Number(process.env.BENCH_INGEST_MB ?? 512);
  const small = join(dir, "quarter.log");
  const large = join(dir, "large.log");
  await writeLog(small, (mb / 4) * 1e6);
  const a = await peakRssOfIngest(small);
  rmSync(small);
  await writeLog(large, mb * 1e6);
  const b = await peakRssOfIngest(large);
  console.log(
    `ingest of a ${fmt(statSync(large).size / 1e6)} MB log: ${fmt(b.events)} events in ${b.seconds.toFixed(1)} s (${fmt(b.events / b.seconds)} events/s end to end), peak RSS ${b.maxRssMb.toFixed(0)} MB; a quarter of it: peak ${a.maxRssMb.toFixed(0)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
