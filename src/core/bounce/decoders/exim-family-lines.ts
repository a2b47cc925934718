// Line and header helpers of the Exim-family decoders (Exim, Mail.ru, GMX/1&1, Mail2000, Yahoo legacy, X3, X6):
// SMTP command words to stages, host names, line indentation and DSN merging. Linear scans only.

import type { BounceMail, DecodedRecipient } from "../types.js";
import { findStatus } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

/** Number of leading spaces (a tab counts as 8) of a line. */
export function indentOf(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) n++;
    else if (c === 0x09) n += 8;
    else break;
  }
  return n;
}

/** A host name or IP literal made of hostname characters only; null for anything else. */
export function cleanHost(s: string): string | null {
  const v = s.trim().replace(/^\[|\]$/g, "");
  if (v === "" || v.length > 255) return null;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2e ||
      c === 0x2d ||
      c === 0x5f ||
      c === 0x3a;
    if (!ok) return null;
  }
  return v.includes(".") || v.includes(":") ? v : null;
}

/** The 3-digit SMTP reply code a text starts with ("550 ...", "550-..."), or null. */
export function leadingReplyCode(s: string): string | null {
  const t = s.trimStart();
  if (t.length < 3) return null;
  const a = t.charCodeAt(0);
  if (a < 0x32 || a > 0x35) return null;
  for (let i = 1; i < 3; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  const next = t.charCodeAt(3);
  if (t.length > 3 && next !== 0x20 && next !== 0x2d && next !== 0x09) return null;
  return t.slice(0, 3);
}

/**
 * The status a recipient gets: the enhanced code the text states, else the DSN's, else the class the
 * reply code gives ("550 ..." -> "5.0.0"), else the class the format's own verdict gives.
 */
export function chooseStatus(
  diag: string | null,
  dsnStatus: string | null,
  fallbackClass: "4" | "5" | null,
): string | null {
  const fromText = diag === null ? null : findStatus(diag);
  if (fromText !== null) return fromText;
  if (dsnStatus !== null) return dsnStatus;
  const code = diag === null ? null : leadingReplyCode(diag);
  if (code !== null && (code[0] === "4" || code[0] === "5")) return `${code[0]}.0.0`;
  return fallbackClass === null ? null : `${fallbackClass}.0.0`;
}

/** The recipients of the mail's delivery-status part, when it has one. */
export function dsnRecipientsOf(mail: BounceMail): DecodedRecipient[] {
  const ds = mail.deliveryStatus;
  if (ds === null) return [];
  return readDsnRecipients(ds.text);
}

/** The DSN entry for a recipient: same address (case-insensitive), else the one at the same position. */
export function dsnEntryFor(
  dsn: readonly DecodedRecipient[],
  address: string,
  index: number,
  count: number,
): DecodedRecipient | null {
  const lower = address.toLowerCase();
  for (const d of dsn) if (d.recipient.toLowerCase() === lower) return d;
  if (dsn.length === count) return dsn[index] ?? null;
  return null;
}

/** The address-looking list items of a header such as X-Failed-Recipients ("a@b, c@d"). */
export function addressList(value: string, max = 200): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    if (out.length >= max) break;
    const v = part.trim().replace(/^<|>$/g, "");
    if (v.indexOf("@") > 0 && !v.includes(" ")) out.push(v);
  }
  return out;
}

/** The returned message: the attached part, else the text after the marker line at `cut` (inline copies). */
export function returnedOrInline(mail: BounceMail, text: string, cut: number): string | null {
  const attached = mail.returned?.text ?? null;
  if (attached !== null || cut === -1) return attached;
  const eol = text.indexOf("\n", cut);
  const rest = eol === -1 ? "" : text.slice(eol + 1).replace(/^\s*\n/, "");
  return rest.trim() === "" ? null : rest;
}
