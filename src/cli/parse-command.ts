// `bouncewise parse PATH...`: bounce emails, mboxes, Maildirs and directory trees -> one result per recipient.
// A table for people, NDJSON with --json (or Sisimai's field names with --format sisimai). A file that cannot be
// read is one error line and the run goes on; the exit code says whether any file failed.

import type { Buffer } from "node:buffer";
import { stat } from "node:fs/promises";
import { Presets, SingleBar } from "cli-progress";
import { domainOf } from "../core/bounce/address.js";
import { parseBounce } from "../core/bounce/parse-bounce.js";
import type { BounceResult } from "../core/bounce/types.js";
import { type MailItem, readMailItems } from "../input/sources.js";
import type { Paint } from "../report/text-card.js";

export interface ParseCommandOptions {
  readonly json: boolean;
  readonly format: "bouncewise" | "sisimai";
  readonly extraHeaders: readonly string[];
  readonly paint: Paint;
  readonly progress: boolean;
  /** Also print a line for each mail that gave no result (its kind: not-bounce, challenge-response). */
  readonly all: boolean;
}

export interface ParseIo {
  readonly stdin: AsyncIterable<Buffer>;
  readonly stderr: NodeJS.WritableStream;
  write(s: string): Promise<void>;
}

/** The NDJSON record of one result (field order is part of the output contract: the issue's fields first). */
export function toRecord(file: string, message: number, r: BounceResult): Record<string, unknown> {
  return {
    file,
    message,
    recipient: r.recipient,
    reason: r.reason,
    status: r.status,
    replyCode: r.replyCode,
    action: r.action,
    hardBounce: r.hardBounce,
    diagnosticCode: r.diagnosticCode,
    diagnosticType: r.diagnosticType,
    feedbackType: r.feedbackType,
    decoder: r.decoder,
    command: r.command,
    alias: r.alias,
    provider: r.provider,
    remoteMta: r.remoteMta,
    reportingMta: r.reportingMta,
    date: r.date,
    timestamp: r.timestamp,
    original: r.original,
    fields: r.fields,
    key: r.key,
    diagnosis: r.diagnosis,
  };
}

const SISIMAI_COMMANDS: Record<string, string> = {
  connect: "CONN",
  ehlo: "EHLO",
  starttls: "STARTTLS",
  auth: "AUTH",
  mail: "MAIL",
  rcpt: "RCPT",
  data: "DATA",
  "end-of-data": "DATA",
  quit: "QUIT",
};

/** Sisimai's field names (Sisimai 5 `dump` JSON), for users migrating from it. */
export function toSisimaiRecord(file: string, r: BounceResult): Record<string, unknown> {
  const addresser = r.original.from;
  const addr = addresser === null ? "" : (/[^\s<>"]+@[^\s<>"]+/.exec(addresser)?.[0] ?? "");
  return {
    // Sisimai's placeholder for a report that names no recipient.
    recipient: r.recipient === "" ? "undisclosed-recipient-in-headers@libsisimai.org.invalid" : r.recipient,
    addresser: addr,
    alias: r.alias ?? "",
    action: r.action ?? "",
    reason: r.reason,
    deliverystatus: r.status ?? "",
    replycode: r.replyCode === null ? "" : String(r.replyCode),
    hardbounce: r.hardBounce,
    rhost: r.remoteMta ?? "",
    lhost: r.reportingMta ?? "",
    decodedby: r.decoder,
    command: r.command === null ? "" : (SISIMAI_COMMANDS[r.command] ?? ""),
    diagnosticcode: r.diagnosticCode ?? "",
    diagnostictype: r.diagnosticType ?? "",
    feedbacktype: r.feedbackType ?? "",
    timestamp: r.timestamp ?? 0,
    origin: file,
    listid: r.original.listId ?? "",
    messageid: (r.original.messageId ?? "").replace(/^<|>$/g, ""),
    subject: r.original.subject ?? "",
    destination: domainOf(r.recipient),
    senderdomain: addr === "" ? "" : domainOf(addr),
    token: r.key,
  };
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
}

/** Counts the files under the paths, for the progress bar's total (directories only; cheap next to parsing). */
async function countFiles(paths: readonly string[]): Promise<number> {
  let n = 0;
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (!s.isDirectory()) n++;
      else {
        const { readdir } = await import("node:fs/promises");
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
  const byReason = new Map<string, number>();
  const byKind = new Map<string, number>();
  const widths = [28, 36, 14, 8, 12];
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
  if (!opts.json) {
    await io.write(`${opts.paint.bold(row(["file", "recipient", "reason", "status", "decoder"], widths))}\n`);
  }
  let lastFile = "";
  const emit = async (item: MailItem): Promise<void> => {
    if (item.file !== lastFile) {
      if (lastFile !== "") bar?.increment(1, { mails, results });
      lastFile = item.file;
    }
    const label = item.inMbox === true ? `${item.file}#${item.message}` : item.file;
    if (item.error !== undefined || item.data === undefined) {
      failed++;
      const error = item.error ?? { code: "EREAD", message: "cannot read" };
      if (opts.json) await io.write(`${JSON.stringify({ file: item.file, message: item.message, error })}\n`);
      else await io.write(`${opts.paint.red(row([label, `error ${error.code}: ${error.message}`], widths))}\n`);
      return;
    }
    mails++;
    let parsed: ReturnType<typeof parseBounce>;
    try {
      if (item.data.length === 0 || !/^[\x21-\x39\x3b-\x7e]{1,100}:/m.test(item.data.toString("latin1", 0, 4096))) {
        throw Object.assign(new Error("not an email: no header fields found"), { code: "NOT_MAIL" });
      }
      parsed = parseBounce(item.data, { extraHeaders: opts.extraHeaders });
    } catch (e) {
      failed++;
      const error = { code: (e as { code?: string }).code ?? "EPARSE", message: (e as Error).message };
      if (opts.json) await io.write(`${JSON.stringify({ file: item.file, message: item.message, error })}\n`);
      else await io.write(`${opts.paint.red(row([label, `error ${error.code}: ${error.message}`], widths))}\n`);
      return;
    }
    byKind.set(parsed.kind, (byKind.get(parsed.kind) ?? 0) + 1);
    if (parsed.results.length === 0 && opts.all) {
      if (opts.json)
        await io.write(`${JSON.stringify({ file: item.file, message: item.message, kind: parsed.kind })}\n`);
      else await io.write(`${opts.paint.dim(row([label, `(${parsed.kind})`], widths))}\n`);
    }
    for (const r of parsed.results) {
      results++;
      byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
      if (opts.json) {
        const rec = opts.format === "sisimai" ? toSisimaiRecord(item.file, r) : toRecord(item.file, item.message, r);
        await io.write(`${JSON.stringify(rec)}\n`);
      } else {
        const paintReason = r.diagnosis.outcome === "permanent" ? opts.paint.red : opts.paint.yellow;
        await io.write(
          `${row(
            [label, r.recipient, paintReason(r.reason), r.status ?? "-", r.decoder],
            widths.map((w, i) => (i === 2 ? w + paintReason("").length : w)),
          )}\n`,
        );
      }
    }
  };
  for await (const item of readMailItems(paths, { stdin: io.stdin })) await emit(item);
  if (lastFile !== "") bar?.increment(1, { mails, results });
  bar?.stop();
  if (!opts.json) {
    const summary = [...byReason].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
    const kinds = [...byKind].filter(([k]) => k !== "bounce").map(([k, v]) => `${v} ${k}`);
    if (kinds.length > 0) await io.write(`\nmails that are not failures: ${kinds.join(", ")}\n`);
    await io.write(
      `\n${mails} mails, ${results} results${failed > 0 ? `, ${failed} failed` : ""}${summary.length > 0 ? ` (${summary.join(", ")})` : ""}\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}
