// Benchmarks the HTTP API (issue 7), loopback only, bounded in time and size:
//   1. POST /api/explain: sustained requests per second and p50/p99 latency, with a SECOND PROCESS as the client
//      (this file forked with "client explain"), C keep-alive connections for S seconds after a 1 s warm-up;
//   2. POST /api/ingest of a generated Postfix log (bench/gen-postfix-log.ts) streamed by the client process
//      (chunked, never on disk), while the server samples its own RSS: before, peak during, after; a quarter-size
//      upload first, so that flat memory shows as two close peaks.
// Run: tsc -p tsconfig.bench.json && node .bench-build/bench/serve.bench.js
//   BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 16), BENCH_UPLOAD_MB (default 100).
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PROVIDERS } from "../src/knowledge/index.js";
import { SEED_ROWS } from "../src/knowledge/seed-table.js";
import { startServer } from "../src/server/listen.js";
import { SqliteStore } from "../src/store/sqlite-store.js";
import { postfixLog } from "./gen-postfix-log.js";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const MAX_SECONDS = 120;
const MAX_UPLOAD_MB = 2000;

interface ExplainResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

interface UploadResult {
  readonly bytes: number;
  readonly seconds: number;
  readonly status: number;
  readonly body: string;
}

// ---------------------------------------------------------------------------------------------------------------------
// The client process
// ---------------------------------------------------------------------------------------------------------------------

function replies(): string[] {
  const out: string[] = [];
  for (const p of PROVIDERS) for (const r of p.rules) out.push(r.example);
  for (const s of SEED_ROWS) out.push(s.example);
  return out.map((t, i) => (i % 3 === 0 ? `host mx${i}.example.com[192.0.2.${i % 250}] said: ${t}` : t));
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function explainLoad(base: string, seconds: number, concurrency: number): Promise<ExplainResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL("/api/explain", base);
  const bodies = replies().map((text) => JSON.stringify({ text }));
  const cap = Math.min(5_000_000, seconds * 200_000);
  const latencies = new Float64Array(cap);
  let n = 0;
  let errors = 0;
  const run = async (until: number, record: boolean, worker: number) => {
    let i = worker;
    while (performance.now() < until && n < cap) {
      const body = bodies[i++ % bodies.length] as string;
      const t0 = performance.now();
      const status = await post(agent, url, body).catch(() => 0);
      if (!record) continue;
      if (status !== 200) errors++;
      latencies[n++] = performance.now() - t0;
    }
  };
  const warm = performance.now() + 1000;
  await Promise.all(Array.from({ length: concurrency }, (_, w) => run(warm, false, w)));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => run(t0 + seconds * 1000, true, w)));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = latencies.subarray(0, n).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  return { requests: n, errors, seconds: elapsed, p50: at(0.5), p99: at(0.99), max: sorted[n - 1] ?? 0 };
}

async function upload(base: string, megabytes: number): Promise<UploadResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL("/api/ingest?name=bench.log&year=2026", base),
      { method: "POST", headers: { "content-type": "text/plain" } }, // no length: sent chunked, as it is made
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () =>
          resolve({ bytes: sent, seconds: (performance.now() - t0) / 1000, status: res.statusCode ?? 0, body }),
        );
      },
    );
    req.on("error", reject);
    let sent = 0;
    const target = megabytes * 1e6;
    const write = async () => {
      let seed = 1;
      while (sent < target) {
        for (const chunk of postfixLog(100_000, seed, 2_000, Date.UTC(2026, 0, 1) + seed * 86_400_000, 0.9)) {
          const b = Buffer.from(chunk);
          sent += b.length;
          if (!req.write(b)) await new Promise<void>((r) => req.once("drain", () => r()));
          if (sent >= target) break;
        }
        seed++;
      }
      req.end();
    };
    write().catch(reject);
  });
}

async function client(args: readonly string[]): Promise<void> {
  const [what, base, a, b] = args;
  const result =
    what === "explain"
      ? await explainLoad(base as string, Number(a), Number(b))
      : await upload(base as string, Number(a));
  process.send?.(result);
  process.disconnect?.();
}

// ---------------------------------------------------------------------------------------------------------------------
// The server process (this one)
// ---------------------------------------------------------------------------------------------------------------------

function runClient<T>(args: readonly string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["client", ...args], { stdio: "inherit" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the client did not finish in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once("message", (m) => {
      clearTimeout(timer);
      resolve(m as T);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`the client exited with ${code}`));
    });
  });
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Uploads `megabytes` through a client process while sampling this process's RSS every 50 ms. */
async function measuredUpload(base: string, megabytes: number) {
  const rss = () => process.memoryUsage.rss();
  await new Promise((r) => setTimeout(r, 500));
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss());
  }, 50);
  try {
    const r = await runClient<UploadResult>(["upload", base, String(megabytes)], 600_000);
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${r.body.slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 1000));
    const after = rss();
    const report = JSON.parse(r.body) as { inserted: number; files: { records: number }[] };
    return { ...r, before, peak, after, inserted: report.inserted, lines: report.files[0]?.records ?? 0 };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const seconds = Math.min(MAX_SECONDS, Number(process.env.BENCH_SECONDS ?? 10));
  const concurrency = Math.min(256, Number(process.env.BENCH_CONCURRENCY ?? 16));
  const uploadMb = Math.min(MAX_UPLOAD_MB, Number(process.env.BENCH_UPLOAD_MB ?? 100));
  const dir = mkdtempSync(join(tmpdir(), "bw-bench-serve-"));
  const store = new SqliteStore(join(dir, "serve.db"));
  const server = await startServer({ store, host: "127.0.0.1", port: 0 });
  try {
    const e = await runClient<ExplainResult>(
      ["explain", server.url, String(seconds), String(concurrency)],
      (seconds + 30) * 1000,
    );
    console.log(
      `POST /api/explain: ${fmt(e.requests / e.seconds)} requests/s over ${e.seconds.toFixed(1)} s (${fmt(e.requests)} requests, ${e.errors} errors), ${concurrency} keep-alive connections from a second process; latency p50 ${e.p50.toFixed(2)} ms, p99 ${e.p99.toFixed(2)} ms, max ${e.max.toFixed(1)} ms`,
    );
    for (const size of [uploadMb / 4, uploadMb]) {
      const u = await measuredUpload(server.url, size);
      console.log(
        `POST /api/ingest of a ${fmt(u.bytes / 1e6)} MB Postfix log (chunked, from a second process): ${fmt(u.lines)} lines, ${fmt(u.inserted)} events in ${u.seconds.toFixed(1)} s (${(u.bytes / 1e6 / u.seconds).toFixed(1)} MB/s); server RSS before ${mb(u.before).toFixed(0)} MB, peak during ${mb(u.peak).toFixed(0)} MB, after ${mb(u.after).toFixed(0)} MB`,
      );
    }
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "client") await client(process.argv.slice(3));
else await main();
