// `bouncewise parse PATH...`: bounce emails, mboxes, Maildirs and directory trees -> one result per recipient.
// A table for people, NDJSON with --json (or Sisimai's field names with --format sisimai). A file that cannot be
// read is one error line and the run goes on; the exit code says whether any file failed.

import type { Buffer } from "node:buffer";
import { readdir, stat } from "node:fs/promises";
import { Presets, SingleBar } from "cli-progress";
import pc from "picocolors";
import { senderChecksOf } from "../core/auth/check-domain.js";
import { normalizeDomain } from "../core/auth/names.js";
import { cleanAddress, domainOfAddress } from "../core/bounce/address.js";
import { parseBounce } from "../core/bounce/parse-bounce.js";
import { type MailItem, readMailItems } from "../input/sources.js";
import { renderVerification, verifyDiagnoses } from "./check-command.js";
import { paintOf } from "./paint.js";
import { ParsePool } from "./parse-pool.js";
import { type MailMeta, type Rendered, type RenderOptions, renderMail, tableRow } from "./parse-render.js";

export interface ParseCommandOptions {
  readonly json: boolean;
  readonly format: "bouncewise" | "sisimai";
  readonly extraHeaders: readonly string[];
  readonly color: boolean;
  readonly progress: boolean;
  /** Worker threads to parse with; 0 parses in this thread. */
  readonly jobs: number;
  /** Also print a line for each mail that gave no result (its kind: not-bounce, challenge-response). */
  readonly all: boolean;
  /** `--check`: run the sender-side checks the diagnoses list on the bounced messages' From domains. */
  readonly check?: { readonly ip?: string[]; readonly resolver?: string; readonly timeout?: string };
}

/** Sending domains checked by `parse --check` at most (the most frequent first). */
const MAX_CHECKED_DOMAINS = 10;

/** What became of one mail: its parse, or an error (`counted: false` when it was not even read). */
interface Outcome {
  readonly rendered?: Rendered;
  readonly error?: { readonly code: string; readonly message: string };
  readonly counted?: boolean;
}

export interface ParseIo {
  readonly stdin: AsyncIterable<Buffer>;
  readonly stderr: NodeJS.WritableStream;
  write(s: string): Promise<void>;
}

/** Counts the files under the paths, for the progress bar's total (directories only; cheap next to parsing). */
async function countFiles(paths: readonly string[]): Promise<number> {
  let n = 0;
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (!s.isDirectory()) n++;
      else {
        const entries = await readdir(p, { recursive: true, withFileTypes: true });
        n += entries.filter((e) => e.isFile()).length;
      }
    } catch {
      n++;
    }
  }
  return n;
}

/** Runs the parse command; resolves to the exit code (0 all read, 1 some file failed). */
export async function runParse(paths: readonly string[], opts: ParseCommandOptions, io: ParseIo): Promise<number> {
  let failed = 0;
  let mails = 0;
  let results = 0;
  let hard = 0;
  const byReason = new Map<string, number>();
  const byKind = new Map<string, number>();
  const render: RenderOptions = { json: opts.json, format: opts.format, all: opts.all, color: opts.color };
  const paint = pc.createColors(opts.color);
  let bar: SingleBar | null = null;
  if (opts.progress) {
    bar = new SingleBar(
      {
        stream: io.stderr,
        format: "{bar} {value}/{total} files | {mails} mails, {results} results",
        hideCursor: false,
      },
      Presets.legacy,
    );
    bar.start(await countFiles(paths), 0, { mails: 0, results: 0 });
  }
  if (!opts.json) await io.write(`${paint.bold(tableRow(["file", "recipient", "reason", "status", "decoder"]))}\n`);
  const pool = opts.jobs > 0 ? new ParsePool(opts.jobs) : null;

  // Step 1, in reading order: check the input is a mail, then parse and render it here or in a worker thread.
  const start = (item: MailItem): Promise<Outcome> | Outcome => {
    if (item.error !== undefined || item.data === undefined) {
      return { error: item.error ?? { code: "EREAD", message: "cannot read" }, counted: false };
    }
    if (item.data.length === 0 || !/^[\x21-\x39\x3b-\x7e]{1,100}:/m.test(item.data.toString("latin1", 0, 4096))) {
      return { error: { code: "NOT_MAIL", message: "not an email: no header fields found" }, counted: true };
    }
    const meta: MailMeta = { file: item.file, message: item.message, inMbox: item.inMbox === true };
    if (pool !== null) return pool.parse(item.data, meta, opts.extraHeaders, render);
    try {
      return { rendered: renderMail(meta, parseBounce(item.data, { extraHeaders: opts.extraHeaders }), render) };
    } catch (e) {
      // parseBounce does not throw by design; a failure here is a bug, reported for this mail only.
      return { error: { code: "EPARSE", message: (e as Error).message } };
    }
  };

  // Step 2, in the same order: write, count, advance the progress bar.
  let lastFile = "";
  const emit = async (item: MailItem, outcome: Outcome): Promise<void> => {
    if (item.file !== lastFile) {
      if (lastFile !== "") bar?.increment(1, { mails, results });
      lastFile = item.file;
    }
    if (outcome.counted !== false) mails++;
    if (outcome.error !== undefined || outcome.rendered === undefined) {
      failed++;
      const error = outcome.error ?? { code: "EPARSE", message: "no result" };
      const label = item.inMbox === true ? `${item.file}#${item.message}` : item.file;
      if (opts.json) await io.write(`${JSON.stringify({ file: item.file, message: item.message, error })}\n`);
      else await io.write(`${paint.red(tableRow([label, `error ${error.code}: ${error.message}`]))}\n`);
      return;
    }
    const r = outcome.rendered;
    byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    results += r.reasons.length;
    hard += r.hard;
    for (const reason of r.reasons) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    if (r.text !== "") await io.write(r.text);
    if (opts.check !== undefined) {
      for (const req of r.checkRequests) {
        const domain = domainOfFrom(req.from);
        if (domain === null || senderChecksOf(req.checks).length === 0) continue;
        const entry = checkWanted.get(domain) ?? { count: 0, checks: new Set<string>() };
        entry.count++;
        for (const c of req.checks) entry.checks.add(c);
        if (checkWanted.has(domain) || checkWanted.size < 1000) checkWanted.set(domain, entry);
      }
    }
  };

  const checkWanted = new Map<string, { count: number; checks: Set<string> }>();
  // Mails in flight at most: enough to keep every worker busy, few enough to bound memory.
  const maxInFlight = pool === null ? 1 : opts.jobs * 16;
  const inFlight: { item: MailItem; outcome: Promise<Outcome> | Outcome }[] = [];
  try {
    for await (const item of readMailItems(paths, { stdin: io.stdin })) {
      inFlight.push({ item, outcome: start(item) });
      while (inFlight.length >= maxInFlight) {
        const head = inFlight.shift() as (typeof inFlight)[number];
        await emit(head.item, await head.outcome);
      }
    }
    for (const head of inFlight) await emit(head.item, await head.outcome);
  } finally {
    await pool?.close();
  }
  if (lastFile !== "") bar?.increment(1, { mails, results });
  bar?.stop();
  if (opts.check !== undefined) await runChecks(checkWanted, opts, io);
  if (!opts.json) {
    const summary = [...byReason].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
    const kinds = [...byKind].filter(([k]) => k !== "bounce").map(([k, v]) => `${v} ${k}`);
    if (kinds.length > 0) await io.write(`\nmails that are not failures: ${kinds.join(", ")}\n`);
    await io.write(
      `\n${mails} mails, ${results} results${failed > 0 ? `, ${failed} failed` : ""}${summary.length > 0 ? ` (${summary.join(", ")})` : ""}\n`,
    );
    if (hard > 0) {
      const what = hard === 1 ? "1 hard bounce: an address" : `${hard} hard bounces: addresses`;
      await io.write(`${what} to suppress (hardBounce in --json)\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

/** The domain of a From header value ("Name <a@b.example>" or "a@b.example"), normalised; null without one. */
function domainOfFrom(from: string | null): string | null {
  const domain = domainOfAddress(cleanAddress(from));
  return domain === null ? null : normalizeDomain(domain);
}

/** `parse --check`: the checks the diagnoses asked for, once per sending domain, after the results. */
async function runChecks(
  wanted: ReadonlyMap<string, { count: number; checks: Set<string> }>,
  opts: ParseCommandOptions,
  io: ParseIo,
): Promise<void> {
  const check = opts.check ?? {};
  const domains = [...wanted].sort((a, b) => b[1].count - a[1].count).slice(0, MAX_CHECKED_DOMAINS);
  const paint = paintOf(opts.color);
  if (domains.length === 0) {
    if (!opts.json) await io.write("\nNo result asks for a check of its sending domain.\n");
    return;
  }
  for (const [domain, entry] of domains) {
    const report = await verifyDiagnoses([...entry.checks], null, { ...check, domain }, (m) => new Error(m));
    if (report === null) continue;
    if (opts.json) await io.write(`${JSON.stringify({ verification: report })}\n`);
    else await io.write(`\n${renderVerification(report, paint)}\n`);
  }
}
