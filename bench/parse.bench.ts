// Benchmarks parseBounce on the shared Sisimai corpus: the whole corpus read ten times over in one process, as
// emails per second and MB per second, with peak memory; then the same through the file-reading edge, with
// worker threads over both cores, and as two processes side by side. Skips when the corpus is absent.
// Run: npm run bench:parse
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { parseBounce } from "../src/core/bounce/parse-bounce.js";
import { readMailItems } from "../src/input/sources.js";

const corpus = resolve(process.argv[2] ?? "../shared/corpus");
const root = join(corpus, "set-of-emails");

async function loadMails(): Promise<Buffer[]> {
  const mails: Buffer[] = [];
  for await (const item of readMailItems([root])) if (item.data !== undefined) mails.push(item.data);
  return mails;
}

let peakRss = 0;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function parseAll(mails: readonly Buffer[], rounds: number): number {
  let results = 0;
  for (let r = 0; r < rounds; r++) {
    for (const m of mails) results += parseBounce(m).results.length;
    sample();
  }
  return results;
}

if (process.env.BENCH_PARSE_CHILD !== undefined) {
  // Child process: parse every mail `rounds` times after a warm-up, print the rate (the 2-process figure).
  const mails = await loadMails();
  parseAll(mails, 2);
  const rounds = 10;
  const t0 = performance.now();
  parseAll(mails, rounds);
  process.stdout.write(String((mails.length * rounds) / ((performance.now() - t0) / 1000)));
  process.exit(0);
}

if (!isMainThread) {
  // Worker: load its share of the mails, warm up, say ready, then parse them `rounds` times when told to go.
  const { files, rounds } = workerData as { files: string[]; rounds: number };
  const mails = files.map((f) => readFileSync(f));
  parseAll(mails, 2);
  parentPort?.postMessage("ready");
  parentPort?.once("message", () => {
    const results = parseAll(mails, rounds);
    parentPort?.postMessage(results);
  });
} else {
  try {
    statSync(root);
  } catch {
    console.log(`bench:parse: SKIPPED, no corpus at ${root} (pass the corpus folder as an argument)`);
    process.exit(0);
  }
  const mails = await loadMails();
  const bytes = mails.reduce((a, m) => a + m.length, 0);
  parseAll(mails, 2); // warm-up
  const rounds = 10;
  const t0 = performance.now();
  const results = parseAll(mails, rounds);
  const s = (performance.now() - t0) / 1000;
  const n = mails.length * rounds;
  console.log(`parse: ${mails.length} mails (${(bytes / 1e6).toFixed(2)} MB) x ${rounds} rounds, ${results} results`);
  console.log(
    `parse, in memory, one core: ${Math.round(n / s).toLocaleString("en-US")} emails/s, ${((bytes * rounds) / 1e6 / s).toFixed(1)} MB/s`,
  );

  // Adversarial mails: each shape at 256 KB and 1 MB; linear work gives a ratio near 4.
  const shapes: Record<string, (n: number) => string> = {
    "blank Date header": (n) => `Date: ${" ".repeat(n)}x\nFrom: a@example.org\n\nbody\n`,
    "folded Subject": (n) => `Subject: a${"\n b".repeat(n / 3)}\n\nbody\n`,
    "boundary lines": (n) =>
      `Content-Type: multipart/report; boundary=b\n\n${"--b\nContent-Type: text/plain\n\nx\n".repeat(n / 34)}`,
    "DSN fields": (n) =>
      `Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n${"Final-Recipient: rfc822; a@example.net\n".repeat(n / 40)}`,
    "qp soft breaks": (n) => `Content-Transfer-Encoding: quoted-printable\n\n${"=\n".repeat(n / 2)}`,
    "at signs": (n) => `From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\n${"@".repeat(n)}\n`,
  };
  console.log("adversarial mails (ms for 256 KB / 1 MB; a linear parse gives a ratio near 4):");
  for (const [name, make] of Object.entries(shapes)) {
    const small = make(256 * 1024);
    const large = make(1024 * 1024);
    const best = (mail: string): number => {
      let ms = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        parseBounce(mail);
        ms = Math.min(ms, performance.now() - t);
      }
      return ms;
    };
    const a = best(small);
    const b = best(large);
    console.log(
      `  ${name.padEnd(18)} ${a.toFixed(1).padStart(7)} / ${b.toFixed(1).padStart(7)}  ratio ${(b / a).toFixed(1)}`,
    );
  }

  // End to end: walking the tree, reading each file, splitting the mboxes, parsing.
  const t1 = performance.now();
  let e2e = 0;
  for (let r = 0; r < rounds; r++) {
    for await (const item of readMailItems([root])) {
      if (item.data !== undefined) {
        parseBounce(item.data);
        e2e++;
      }
    }
    sample();
  }
  const s1 = (performance.now() - t1) / 1000;
  console.log(`parse, files read from disk, one core: ${Math.round(e2e / s1).toLocaleString("en-US")} emails/s`);
  console.log(`peak RSS (main thread runs): ${(peakRss / 1048576).toFixed(0)} MB`);

  // Worker threads: the corpus files split between workers.
  const files: string[] = [];
  for await (const item of readMailItems([root]))
    if (item.data !== undefined && item.message === 0) files.push(item.file);
  const threads = Math.min(2, availableParallelism());
  const workerRounds = 20;
  const shares = Array.from({ length: threads }, (_, k) => files.filter((_, i) => i % threads === k));
  const workers = shares.map(
    (share) => new Worker(new URL(import.meta.url), { workerData: { files: share, rounds: workerRounds } }),
  );
  // Start the clock when every worker has loaded and warmed up: steady-state throughput, as in a long batch.
  await Promise.all(workers.map((w) => new Promise((ready) => w.once("message", ready))));
  const t2 = performance.now();
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((done, fail) => {
          w.once("message", done);
          w.once("error", fail);
          w.postMessage("go");
        }),
    ),
  );
  const s2 = (performance.now() - t2) / 1000;
  for (const w of workers) await w.terminate();
  console.log(
    `parse, ${threads} worker threads (after warm-up): ${Math.round((files.length * workerRounds) / s2).toLocaleString("en-US")} emails/s`,
  );

  // Two whole processes side by side, each parsing the corpus: what two cores give without sharing a process.
  const runChild = (): Promise<number> =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), corpus], {
        env: { ...process.env, BENCH_PARSE_CHILD: "1" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
      });
      child.once("error", fail);
      child.once("close", () => done(Number(out)));
    });
  const rates = await Promise.all([runChild(), runChild()]);
  console.log(
    `parse, 2 processes side by side: ${rates.map((r) => Math.round(r).toLocaleString("en-US")).join(" + ")} = ${Math.round(rates[0] + rates[1]).toLocaleString("en-US")} emails/s`,
  );
}
