// Benchmarks the DMARC aggregate path of issue 6 on generated reports (bench/gen-dmarc-aggregate.ts), one process:
//   1. a report of 1,000,000 records (BENCH_DMARC_RECORDS) read from a file, parsed and aggregated: seconds,
//      records/s, and the peak RSS in a child process against the same for a report a quarter that size
//      (bounded memory means the two peaks are close);
//   2. the same through `bouncewise dmarc --no-dns` end to end (inputs, parse, store in SQLite, analysis), as .xml.gz.
// Run: npm run bench:dmarc
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { AggregateXmlReader } from "../src/core/dmarc/aggregate-xml.js";
import { analyzeDmarc, DmarcAggregator } from "../src/core/dmarc/analyze.js";
import { generateAggregateXml } from "./gen-dmarc-aggregate.js";

const RECORDS = Number(process.env.BENCH_DMARC_RECORDS ?? 1_000_000);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function write(file: string, records: number, gzip: boolean): Promise<number> {
  const source = Readable.from(generateAggregateXml(records, { seed: 42 }));
  if (gzip) await pipeline(source, createGzip({ level: 6 }), createWriteStream(file));
  else await pipeline(source, createWriteStream(file));
  return statSync(file).size;
}

/** Parses and aggregates one report file; the measured part of the child process. */
async function parseAndAggregate(file: string): Promise<{ seconds: number; records: number; messages: number }> {
  const t0 = performance.now();
  const reader = new AggregateXmlReader();
  const aggregator = new DmarcAggregator();
  let head = reader.head();
  let records = 0;
  const take = (batch: ReturnType<AggregateXmlReader["push"]>) => {
    if (batch.length === 0) return;
    head ??= reader.head();
    if (head === undefined) throw new Error("records before the head");
    if (records === 0) aggregator.addReport(head);
    records += batch.length;
    aggregator.addRecords(head, batch);
  };
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    take(reader.push(chunk as string));
  }
  take(reader.end().records);
  const analysis = analyzeDmarc(aggregator.snapshot());
  return { seconds: (performance.now() - t0) / 1000, records, messages: analysis.messages };
}

function child(args: string[]): { maxRssMb: number; out: string } {
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status ?? r.error?.message}): ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  return { maxRssMb: Number(lines[lines.length - 1]) / 1024, out: r.stdout };
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const r = await parseAndAggregate(process.argv[3] as string);
    process.stdout.write(JSON.stringify(r));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "bw-bench-dmarc-"));
  try {
    const self = fileURLToPath(import.meta.url);
    const quarter = Math.round(RECORDS / 4);
    const big = join(dir, "big.xml");
    const small = join(dir, "small.xml");
    const t0 = performance.now();
    const bigBytes = await write(big, RECORDS, false);
    await write(small, quarter, false);
    console.log(
      `generated ${fmt(RECORDS)} records (${fmt(bigBytes / 1e6)} MB) and ${fmt(quarter)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const b = child([self, "--child", big]);
    const s = child([self, "--child", small]);
    const br = JSON.parse(b.out) as { seconds: number; records: number; messages: number };
    const sr = JSON.parse(s.out) as { seconds: number; records: number };
    console.log(
      `parse + aggregate + analyse, ${fmt(br.records)} records: ${br.seconds.toFixed(2)} s (${fmt(br.records / br.seconds)} records/s), peak RSS ${fmt(b.maxRssMb)} MB`,
    );
    console.log(
      `parse + aggregate + analyse, ${fmt(sr.records)} records: ${sr.seconds.toFixed(2)} s, peak RSS ${fmt(s.maxRssMb)} MB (ratio of peaks ${(b.maxRssMb / s.maxRssMb).toFixed(2)} for 4x the records)`,
    );
    const gz = join(dir, "big.xml.gz");
    const gzBytes = await write(gz, RECORDS, true);
    const cli = fileURLToPath(new URL("../src/cli/run.js", import.meta.url));
    const t1 = performance.now();
    const e = child([cli, "dmarc", gz, "--no-dns", "--json", "--db", join(dir, "bench.db")]);
    const seconds = (performance.now() - t1) / 1000;
    const doc = JSON.parse(e.out) as { reports: number; messages: number };
    console.log(
      `bouncewise dmarc --no-dns on ${fmt(gzBytes / 1e6)} MB .xml.gz (${fmt(RECORDS)} records, stored in SQLite): ${seconds.toFixed(1)} s, peak RSS ${fmt(e.maxRssMb)} MB, ${fmt(doc.messages)} messages`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
