// Small helpers of the Japanese-carrier and security-gateway decoders: header lists, SMTP
// command names in transcripts, and merging the fields of an attached delivery-status part.

import type { SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceMail, DecodedRecipient } from "../types.js";
import { foldSpace } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

/**
 * The SMTP command a transcript line or a reply text names ("RCPT TO:<a@b>", ">>> DATA", "in reply to end of
 * DATA command", "after MAIL FROM"). Null when none is named.
 */
export function commandIn(text: string): SmtpStage | null {
  const u = text.toUpperCase();
  if (u.includes("END OF DATA")) return "data";
  if (u.includes("RCPT TO")) return "rcpt";
  if (u.includes("MAIL FROM")) return "mail";
  // Bare verbs only as written in transcripts (upper case), so that "message data" is not read as DATA.
  if (/(?:^|[\s>:(])DATA\b/.test(text)) return "data";
  if (/(?:^|[\s>:(])(?:EHLO|HELO)\b/.test(text)) return "ehlo";
  if (text.includes("STARTTLS")) return "starttls";
  if (/(?:^|[\s>:(])AUTH\b/.test(text)) return "auth";
  return null;
}

/** The address inside the first "<...>" of a line, or null. */
export function bracketAddress(line: string): string | null {
  const lt = line.indexOf("<");
  if (lt === -1) return null;
  const gt = line.indexOf(">", lt + 1);
  if (gt === -1 || gt - lt > 320) return null;
  const inner = line.slice(lt + 1, gt);
  return inner.includes("@") ? cleanAddress(inner) : null;
}

/** The text before the first line that starts with one of the markers (for inline copies of the original). */
export function splitAtLine(text: string, isMarker: (line: string) => boolean): { head: string; rest: string | null } {
  let pos = 0;
  while (pos < text.length) {
    const eol = text.indexOf("\n", pos);
    const end = eol === -1 ? text.length : eol;
    if (isMarker(text.slice(pos, end))) return { head: text.slice(0, pos), rest: text.slice(end + 1) };
    if (eol === -1) break;
    pos = eol + 1;
  }
  return { head: text, rest: null };
}

/**
 * Fills the fields a text-format decoder could not read (status, remote/reporting MTA, date, action) from the
 * mail's delivery-status part, matching recipients by address. The text's own values win.
 */
export function mergeDeliveryStatus(mail: BounceMail, recipients: DecodedRecipient[]): DecodedRecipient[] {
  const dsText = mail.deliveryStatus?.text;
  if (dsText === undefined || dsText === "") return recipients;
  const ds = readDsnRecipients(dsText);
  // Some gateways (Mimecast) write one group only, per-message fields mixed in: Reporting-MTA is then not read.
  const reporting = /^reporting-mta[ \t]*:[ \t]*(?:dns[ \t]*;[ \t]*)?([^\s;]{1,253})/im.exec(dsText)?.[1] ?? null;
  const byAddress = new Map<string, DecodedRecipient>();
  for (const d of ds) byAddress.set(d.recipient.toLowerCase(), d);
  for (const r of recipients) {
    const d =
      byAddress.get(r.recipient.toLowerCase()) ?? (ds.length === 1 && recipients.length === 1 ? ds[0] : undefined);
    if (d === undefined) continue;
    r.alias ??= d.alias;
    r.action ??= d.action;
    r.status ??= d.status;
    r.diagnosticCode ??= d.diagnosticCode;
    r.diagnosticType ??= d.diagnosticType;
    r.remoteMta ??= d.remoteMta;
    r.reportingMta ??= d.reportingMta ?? reporting;
    r.date ??= d.date;
    for (const [k, v] of Object.entries(d.fields)) if (r.fields[k] === undefined) r.fields[k] = v;
  }
  return recipients;
}

/** A generic DSN status ("5.0.0", "4.0.0") says less than a specific one found in the reply text. */
export function betterStatus(dsnStatus: string | null, fromText: string | null): string | null {
  if (fromText === null) return dsnStatus;
  if (dsnStatus === null || dsnStatus.endsWith(".0.0")) return fromText;
  return dsnStatus;
}

/**
 * Longest diagnostic text kept when one text is given to many recipients: a notice's reply is a few lines; a
 * longer one is junk or hostile, and explain would read it once per recipient.
 */
export const MAX_SHARED_DIAGNOSTIC = 1500;

/** Folds whitespace and caps a diagnostic text shared by several recipients. Empty gives null. */
export function sharedDiagnostic(lines: readonly string[]): string | null {
  let out = "";
  for (const l of lines) {
    out += ` ${l}`;
    if (out.length > MAX_SHARED_DIAGNOSTIC * 2) break;
  }
  const folded = foldSpace(out).slice(0, MAX_SHARED_DIAGNOSTIC);
  return folded === "" ? null : folded;
}
