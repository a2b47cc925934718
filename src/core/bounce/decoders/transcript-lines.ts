// Line helpers of the transcript-style decoders (qmail, Sendmail, dma, OpenSMTPD, Courier, fml, James):
// marker search by line, inline copies of the returned message, SMTP command words. All scans are linear.

import type { BounceMail } from "../types.js";

/** Index of the first line that contains one of the needles (case-sensitive), or -1. */
export function findLineContaining(lines: readonly string[], needles: readonly string[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i] ?? "";
    for (const n of needles) if (l.includes(n)) return i;
  }
  return -1;
}

/** The lines after `index` as text, blank lines at the start dropped; null when nothing is left. */
export function textAfter(lines: readonly string[], index: number): string | null {
  let i = index + 1;
  while (i < lines.length && (lines[i] ?? "").trim() === "") i++;
  if (i >= lines.length) return null;
  return lines.slice(i).join("\n");
}

/** The returned message: the attached part when there is one, else the inline copy after a marker line. */
export function originalOf(mail: BounceMail, lines: readonly string[], markerIndex: number): string | null {
  if (mail.returned !== null) return mail.returned.text;
  return markerIndex === -1 ? null : textAfter(lines, markerIndex);
}

/** Whether a line starts with an SMTP reply code ("550 ", "550-", "550" alone). */
export function startsWithReplyCode(line: string): boolean {
  if (line.length < 3) return false;
  for (let i = 0; i < 3; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  const c0 = line.charCodeAt(0);
  if (c0 < 0x32 || c0 > 0x35) return false;
  return line.length === 3 || line[3] === " " || line[3] === "-";
}

/** The addresses of a header field's value (To: of the returned message ...), in order. */
export function addressesIn(value: string, max = 20): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < max) {
    const at = value.indexOf("@", i);
    if (at === -1) break;
    let a = at;
    while (a > 0 && isLocalChar(value.charCodeAt(a - 1))) a--;
    let b = at + 1;
    while (b < value.length && isDomainChar(value.charCodeAt(b))) b++;
    let addr = value.slice(a, b);
    while (addr.endsWith(".")) addr = addr.slice(0, -1);
    if (a < at && b > at + 1 && addr.includes(".")) out.push(addr);
    i = b > at ? b : at + 1;
  }
  return out;
}

function isLocalChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2e ||
    c === 0x2d ||
    c === 0x5f ||
    c === 0x2b ||
    c === 0x3d ||
    c === 0x25
  );
}
function isDomainChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

/** The value of a header field in a raw header block (the first occurrence, unfolded); null when absent. */
export function rawHeader(block: string, name: string): string | null {
  const lower = name.toLowerCase();
  const lines = block.split("\n", 400);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? "";
    if (l === "") break;
    const colon = l.indexOf(":");
    if (colon <= 0 || l.slice(0, colon).trim().toLowerCase() !== lower) continue;
    let v = l.slice(colon + 1);
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? "";
      if (next.startsWith(" ") || next.startsWith("\t")) v += ` ${next.trim()}`;
      else break;
    }
    return v.trim();
  }
  return null;
}
