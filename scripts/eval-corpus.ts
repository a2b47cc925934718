// Scores parseBounce on the shared Sisimai corpus: recipients found, reason / status / reply-code / hardBounce
// agreement with Sisimai's answers, overall and per decoder, files only one side calls a bounce, and crashes.
// A measurement, not a test. Usage: npm run eval:corpus [-- CORPUS_DIR] [--show N] [--file SUBSTRING] [--json]
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseBounce } from "../src/core/bounce/parse-bounce.js";
import type { BounceResult } from "../src/core/bounce/types.js";
import { readMailItems } from "../src/input/sources.js";
import { SISIMAI_RENAMED } from "./sisimai-names.js";

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const show = Number(opt("--show") ?? 0);
const only = opt("--file");
const positional = args.filter((a, i) => !a.startsWith("--") && !["--show", "--file"].includes(args[i - 1] ?? ""));
const corpus = resolve(positional[0] ?? "../shared/corpus");
const expectedFile = join(corpus, "sisimai-expected.jsonl");
if (!existsSync(expectedFile)) {
  console.log(`eval:corpus: SKIPPED, no corpus at ${expectedFile} (pass the corpus folder as an argument)`);
  process.exit(0);
}

const RENAMED = SISIMAI_RENAMED;

const SISIMAI_NO_RECIPIENT = "undisclosed-recipient-in-headers@libsisimai.org.invalid";

interface Expected {
  file: string;
  recipient?: string;
  reason?: string;
  deliverystatus?: string;
  replycode?: string | number;
  hardbounce?: boolean;
  smtpagent?: string;
  category?: string;
  result?: null;
  expected_by_tests?: { match?: boolean };
}

const expected = new Map<string, Expected[]>();
for (const line of readFileSync(expectedFile, "utf8").split("\n")) {
  if (line.trim() === "") continue;
  const e = JSON.parse(line) as Expected;
  if (only !== undefined && !e.file.includes(only)) continue;
  const list = expected.get(e.file) ?? [];
  list.push(e);
  expected.set(e.file, list);
}

// Our results per corpus file (an mbox's messages in order).
const ours = new Map<string, BounceResult[]>();
const crashes: string[] = [];
const root = join(corpus, "set-of-emails");
for await (const item of readMailItems([root])) {
  const file = relative(root, item.file);
  if (!expected.has(file)) continue;
  const list = ours.get(file) ?? [];
  ours.set(file, list);
  if (item.data === undefined) {
    crashes.push(`${file}: ${item.error?.message}`);
    continue;
  }
  try {
    list.push(...parseBounce(item.data).results);
  } catch (e) {
    crashes.push(`${file}#${item.message}: ${(e as Error).stack}`);
  }
}

function statusAgrees(exp: string, got: string | null): boolean {
  if (exp === "") return got === null || got === "";
  if (/^\d\.0\.9\d\d$/.test(exp)) return got !== null && got[0] === exp[0];
  return exp === got;
}

interface Tally {
  expected: number;
  found: number;
  reason: number;
  strict: number;
  strictOk: number;
  status: number;
  reply: number;
  hard: number;
}
const newTally = (): Tally => ({
  expected: 0,
  found: 0,
  reason: 0,
  strict: 0,
  strictOk: 0,
  status: 0,
  reply: 0,
  hard: 0,
});
const overall = newTally();
const byAgent = new Map<string, Tally>();
const confusion = new Map<string, number>();
const misses: string[] = [];
const extraBounce: string[] = [];
const missingBounce: string[] = [];
let extraRecipients = 0;

for (const [file, exps] of expected) {
  const got = ours.get(file) ?? [];
  const recipientLines = exps.filter((e) => e.result !== null);
  if (recipientLines.length === 0 && got.length > 0)
    extraBounce.push(`${file} (${got[0]?.decoder}: ${got[0]?.reason})`);
  if (recipientLines.length > 0 && got.length === 0) missingBounce.push(file);
  const used = new Set<number>();
  for (const e of recipientLines) {
    const agent = e.smtpagent ?? "?";
    const t = byAgent.get(agent) ?? newTally();
    byAgent.set(agent, t);
    const strict = e.expected_by_tests?.match === true;
    for (const x of [t, overall]) {
      x.expected++;
      if (strict) x.strict++;
    }
    // Sisimai names a report without any recipient with a placeholder address; we leave the recipient empty.
    const want = e.recipient === SISIMAI_NO_RECIPIENT ? "" : (e.recipient ?? "").toLowerCase();
    const i = got.findIndex((g, k) => !used.has(k) && g.recipient.toLowerCase() === want);
    if (i === -1) {
      if (misses.length < 2000)
        misses.push(
          `${file}: recipient ${e.recipient} not found (we: ${got.map((g) => g.recipient).join(", ") || "nothing"})`,
        );
      continue;
    }
    used.add(i);
    const g = got[i] as BounceResult;
    const expReason = RENAMED[e.reason ?? ""] ?? e.reason ?? "";
    const reasonOk = g.reason === expReason;
    const statusOk = statusAgrees(e.deliverystatus ?? "", g.status);
    const replyOk = String(e.replycode ?? "") === (g.replyCode === null ? "" : String(g.replyCode));
    const hardOk = Boolean(e.hardbounce) === g.hardBounce;
    for (const x of [t, overall]) {
      x.found++;
      if (reasonOk) x.reason++;
      if (reasonOk && strict) x.strictOk++;
      if (statusOk) x.status++;
      if (replyOk) x.reply++;
      if (hardOk) x.hard++;
    }
    if (!reasonOk) {
      const k = `${expReason} -> ${g.reason}`;
      confusion.set(k, (confusion.get(k) ?? 0) + 1);
      misses.push(
        `${file}: ${e.recipient} want ${expReason} got ${g.reason} [${g.decoder} ${g.diagnosis.evidence.rule}] ${(g.diagnosticCode ?? "").slice(0, 160)}`,
      );
    }
  }
  extraRecipients += got.length - used.size;
}

const pct = (a: number, b: number): string => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
function line(name: string, t: Tally): string {
  return [
    name.padEnd(18),
    `${t.found}/${t.expected}`.padStart(9),
    pct(t.found, t.expected).padStart(7),
    `reason ${pct(t.reason, t.expected)}`.padStart(13),
    `strict ${pct(t.strictOk, t.strict)}`.padStart(13),
    `status ${pct(t.status, t.found)}`.padStart(13),
    `reply ${pct(t.reply, t.found)}`.padStart(12),
    `hard ${pct(t.hard, t.found)}`.padStart(11),
  ].join(" ");
}

console.log(`eval:corpus on ${corpus} (${expected.size} files)`);
console.log(line("overall", overall));
console.log(
  `reason agreement: ${overall.reason}/${overall.expected} all lines, ${overall.strictOk}/${overall.strict} lines confirmed by Sisimai's tests`,
);
console.log(`recipients we report that Sisimai does not: ${extraRecipients}`);
console.log(`crashes: ${crashes.length}`);
for (const c of crashes.slice(0, 10)) console.log(`  ${c}`);
console.log(`files with a bounce only we found: ${extraBounce.length}`);
for (const f of extraBounce) console.log(`  ${f}`);
console.log(`files with a bounce only Sisimai found: ${missingBounce.length}`);
console.log("\nper Sisimai decoder:");
for (const [agent, t] of [...byAgent].sort((a, b) => b[1].expected - a[1].expected)) console.log(line(agent, t));
console.log("\nreason confusions (Sisimai -> bouncewise):");
for (const [k, n] of [...confusion].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${String(n).padStart(4)}  ${k}`);
if (show > 0) {
  console.log("\nfirst misses:");
  for (const m of misses.slice(0, show)) console.log(`  ${m}`);
}
