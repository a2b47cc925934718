// Benchmarks explain: replies per second on a mixed set of real replies (single process, one core), and the
// time of 1 MB adversarial strings against smaller ones to show linear growth. Run: npm run bench
import { performance } from "node:perf_hooks";
import { explain } from "../src/core/diagnose.js";
import { PROVIDERS, SEED_ROWS, TEXT_PATTERNS } from "../src/knowledge/index.js";
import { REPLY_TABLE } from "../test/fixtures/real-replies.js";

function mixedReplies(): string[] {
  const set: string[] = [];
  for (const p of PROVIDERS) for (const r of p.rules) set.push(r.example);
  for (const t of TEXT_PATTERNS) set.push(t.example);
  for (const s of SEED_ROWS) set.push(s.example);
  for (const r of REPLY_TABLE) set.push(r.text);
  // Wrapped forms as they arrive from MTAs and ESP exports.
  const wrapped = set
    .slice(0, 200)
    .flatMap((t, i) => [
      `host mx${i}.example.com[192.0.2.${i % 250}] said: ${t} (in reply to RCPT TO command)`,
      `smtp; ${t}`,
      JSON.stringify(t),
    ]);
  return [...set, ...wrapped];
}

function throughput(replies: readonly string[], seconds: number): { perSecond: number; total: number } {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  let sink = 0;
  while (performance.now() < end) {
    for (const r of replies) sink += explain(r).priority.length;
    n += replies.length;
  }
  if (sink < 0) console.log(sink);
  return { perSecond: n / seconds, total: n };
}

function timeOnce(s: string): number {
  const t0 = performance.now();
  explain(s);
  return performance.now() - t0;
}

const replies = mixedReplies();
const avgLen = replies.reduce((a, r) => a + r.length, 0) / replies.length;
explain("warm up"); // compiles the knowledge base
throughput(replies, 1); // JIT warm-up
const { perSecond, total } = throughput(replies, 5);
console.log(
  `explain: ${replies.length} distinct real replies (mean ${avgLen.toFixed(0)} chars), ${total} calls in 5 s`,
);
console.log(`explain: ${Math.round(perSecond).toLocaleString("en-US")} replies/second (single process)`);

const MB = 1 << 20;
const adversarial: [string, (n: number) => string][] = [
  ["digits", (n) => "5".repeat(n)],
  ["reply prefixes", (n) => "550-".repeat(n / 4)],
  ["dotted numbers", (n) => "5.5.5.".repeat(n / 6)],
  ["at signs", (n) => "a@".repeat(n / 2)],
  ["host words", (n) => "host ".repeat(n / 5)],
  ["brackets", (n) => "[S1".repeat(n / 3)],
  ["colons", (n) => "a1:".repeat(n / 3)],
  ["lines", (n) => "550-5.7.1 x\r\n".repeat(n / 13)],
  ["phrase prefixes", (n) => "user unknow".repeat(n / 11)],
  ["whitespace", (n) => " \t\n".repeat(n / 3)],
  ["json", (n) => `"${"\\u0035".repeat(n / 6)}"`],
];
console.log("adversarial input (ms for 256 KB / 1 MB; a linear scan gives a ratio near 4):");
for (const [name, make] of adversarial) {
  const small = make(MB / 4);
  const big = make(MB);
  timeOnce(small);
  const a = Math.min(timeOnce(small), timeOnce(small));
  const b = Math.min(timeOnce(big), timeOnce(big));
  console.log(
    `  ${name.padEnd(16)} ${a.toFixed(1).padStart(7)} / ${b.toFixed(1).padStart(7)}  ratio ${(b / Math.max(a, 0.01)).toFixed(1)}`,
  );
}
