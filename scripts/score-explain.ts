// Scores `explain` on the diagnostic texts of the shared Sisimai corpus: the reason and outcome bouncewise gives
// to each Diagnostic-Code, compared with Sisimai's answer for the same recipient. A measurement, not a test:
// Sisimai also uses the bounce's other parts, so some disagreements are expected (see docs/sisimai-differences.md).
// Usage: npm run score:explain [-- CORPUS_DIR] [--show N]
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { explain } from "../src/core/diagnose.js";
import type { SmtpStage } from "../src/knowledge/types.js";
import { SISIMAI_RENAMED } from "./sisimai-names.js";

const args = process.argv.slice(2);
const showAt = args.indexOf("--show");
const show = showAt === -1 ? 0 : Number(args[showAt + 1] ?? 20);
const corpus = resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--show") ?? "../shared/corpus");
const file = join(corpus, "sisimai-expected.jsonl");
if (!existsSync(file)) {
  console.log(`score-explain: SKIPPED, no corpus at ${file} (pass the corpus folder as an argument)`);
  process.exit(0);
}

const RENAMED = SISIMAI_RENAMED;
const STAGES: Record<string, SmtpStage> = {
  CONN: "connect",
  EHLO: "ehlo",
  HELO: "ehlo",
  STARTTLS: "starttls",
  AUTH: "auth",
  MAIL: "mail",
  RCPT: "rcpt",
  DATA: "data",
};
// Reasons that come from the message's structure, not from a reply text.
const NOT_FROM_TEXT = new Set(["feedback", "vacation", "delivered"]);

interface Row {
  file: string;
  reason?: string;
  deliverystatus?: string;
  diagnosticcode?: string;
  smtpcommand?: string;
  result?: null;
  expected_by_tests?: { match?: boolean };
}

let total = 0;
let reasonOk = 0;
let outcomeTotal = 0;
let outcomeOk = 0;
let strictTotal = 0;
let strictOk = 0;
const confusion = new Map<string, number>();
const misses: string[] = [];
for (const line of readFileSync(file, "utf8").split("\n")) {
  if (line.trim() === "") continue;
  const r = JSON.parse(line) as Row;
  if (r.result === null || !r.diagnosticcode || !r.reason || NOT_FROM_TEXT.has(r.reason)) continue;
  const expected = RENAMED[r.reason] ?? r.reason;
  const stage = r.smtpcommand ? STAGES[r.smtpcommand] : undefined;
  const d = explain(r.diagnosticcode, stage ? { stage } : {});
  total++;
  const ok = d.reason === expected;
  if (ok) reasonOk++;
  else {
    const key = `${expected} -> ${d.reason}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    if (misses.length < show) misses.push(`${key}\t${r.file}\t${r.diagnosticcode.slice(0, 160)}\t[${d.evidence.rule}]`);
  }
  if (r.expected_by_tests?.match === true) {
    strictTotal++;
    if (ok) strictOk++;
  }
  const cls = r.deliverystatus?.[0];
  if (cls === "4" || cls === "5") {
    outcomeTotal++;
    if ((cls === "4" && d.outcome === "temporary") || (cls === "5" && d.outcome === "permanent")) outcomeOk++;
  }
}
const pct = (a: number, b: number): string => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`);
console.log(`explain on corpus diagnostic texts: ${total} recipients`);
console.log(`  reason agrees with Sisimai:      ${reasonOk}/${total} = ${pct(reasonOk, total)}`);
console.log(`  ... on lines Sisimai's own tests confirm: ${strictOk}/${strictTotal} = ${pct(strictOk, strictTotal)}`);
console.log(`  outcome agrees with status class: ${outcomeOk}/${outcomeTotal} = ${pct(outcomeOk, outcomeTotal)}`);
console.log("  most frequent disagreements (sisimai -> bouncewise):");
for (const [k, v] of [...confusion].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${v}\t${k}`);
for (const m of misses) console.log(m);
