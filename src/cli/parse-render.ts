// Rendering of `bouncewise parse` output for one mail: NDJSON records (bouncewise or Sisimai field names) or table
// rows. A pure function of serialisable options, so worker threads render their own mails and the main thread
// only writes text in order.
import pc from "picocolors";
import { domainOf } from "../core/bounce/address.js";
import type { BounceResult, ParsedBounce } from "../core/bounce/types.js";

export interface RenderOptions {
  readonly json: boolean;
  readonly format: "bouncewise" | "sisimai";
  /** Also a line for a mail that gave no result (its kind). */
  readonly all: boolean;
  readonly color: boolean;
}

export interface MailMeta {
  readonly file: string;
  readonly message: number;
  readonly inMbox: boolean;
}

export interface Rendered {
  readonly text: string;
  readonly kind: ParsedBounce["kind"];
  readonly reasons: readonly string[];
  /** Results whose address should be suppressed (hard bounces). */
  readonly hard: number;
  /** For `parse --check`: the bounced message's From and the checks each result's diagnosis lists. */
  readonly checkRequests: readonly { readonly from: string | null; readonly checks: readonly string[] }[];
}

export const TABLE_WIDTHS: readonly number[] = [28, 36, 14, 8, 12];

/** The NDJSON record of one result (field order is part of the output contract: the issue's fields first). */
export function toRecord(file: string, message: number, r: BounceResult): Record<string, unknown> {
  return {
    file,
    message,
    recipient: r.recipient,
    reason: r.reason,
    reasonRule: r.reasonRule,
    status: r.status,
    statusSource: r.statusSource,
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

/** Sisimai's placeholder for a report that names no recipient. */
const SISIMAI_NO_RECIPIENT = "undisclosed-recipient-in-headers@libsisimai.org.invalid";

/** Sisimai's field names (Sisimai 5 `dump` JSON), for users migrating from it. */
export function toSisimaiRecord(file: string, r: BounceResult): Record<string, unknown> {
  const addresser = r.original.from;
  const addr = addresser === null ? "" : (/[^\s<>"]{1,256}@[^\s<>"]{1,256}/.exec(addresser)?.[0] ?? "");
  return {
    recipient: r.recipient === "" ? SISIMAI_NO_RECIPIENT : r.recipient,
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
    destination: r.recipient === "" ? "" : domainOf(r.recipient),
    senderdomain: addr === "" ? "" : domainOf(addr),
    token: r.key,
  };
}

/**
 * One table row. The first column (the file) keeps its end when too long ("…/bsd/x.eml"): the file name matters
 * more than the folders above it, and the columns stay aligned.
 */
export function tableRow(cells: readonly string[], widths: readonly number[] = TABLE_WIDTHS): string {
  return cells
    .map((c, i) => {
      if (i === cells.length - 1) return c;
      const w = widths[i] ?? 0;
      const fitted = i === 0 && c.length > w ? `…${c.slice(c.length - w + 1)}` : c;
      return fitted.padEnd(w);
    })
    .join("  ");
}

/** The output lines of one parsed mail. */
export function renderMail(meta: MailMeta, parsed: ParsedBounce, opts: RenderOptions): Rendered {
  const paint = pc.createColors(opts.color);
  const label = meta.inMbox ? `${meta.file}#${meta.message}` : meta.file;
  let text = "";
  if (parsed.results.length === 0 && opts.all) {
    text += opts.json
      ? `${JSON.stringify({ file: meta.file, message: meta.message, kind: parsed.kind })}\n`
      : `${paint.dim(tableRow([label, `(${parsed.kind})`]))}\n`;
  }
  for (const r of parsed.results) {
    if (opts.json) {
      const rec = opts.format === "sisimai" ? toSisimaiRecord(meta.file, r) : toRecord(meta.file, meta.message, r);
      text += `${JSON.stringify(rec)}\n`;
    } else {
      const color = r.diagnosis.outcome === "permanent" ? paint.red : paint.yellow;
      const widths = TABLE_WIDTHS.map((w, i) => (i === 2 ? w + color("").length : w));
      text += `${tableRow([label, r.recipient, color(r.reason), r.status ?? "-", r.decoder], widths)}\n`;
    }
  }
  return {
    text,
    kind: parsed.kind,
    reasons: parsed.results.map((r) => r.reason),
    hard: parsed.results.filter((r) => r.hardBounce).length,
    checkRequests: parsed.results.map((r) => ({ from: r.original.from, checks: r.diagnosis.checks })),
  };
}
