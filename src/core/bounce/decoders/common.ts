// Small helpers shared by the decoders.

import type { BounceMail, DecodedRecipient } from "../types.js";

export function newRecipient(recipient: string): DecodedRecipient {
  return {
    recipient,
    alias: null,
    action: null,
    status: null,
    diagnosticCode: null,
    diagnosticType: null,
    remoteMta: null,
    reportingMta: null,
    command: null,
    date: null,
    reason: null,
    feedbackType: null,
    fields: {},
  };
}

/** The first enhanced status code (class.subject.detail, RFC 3463) in a string, or null. Linear scan. */
export function findStatus(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c === 0x32 || c === 0x34 || c === 0x35) && s.charCodeAt(i + 1) === 0x2e) {
      if (i > 0 && isDigitOrDot(s.charCodeAt(i - 1))) continue;
      let j = i + 2;
      const s1 = j;
      while (j < s.length && j - s1 < 3 && isDigit(s.charCodeAt(j))) j++;
      if (j === s1 || s.charCodeAt(j) !== 0x2e) continue;
      j++;
      const d1 = j;
      while (j < s.length && j - d1 < 3 && isDigit(s.charCodeAt(j))) j++;
      if (j === d1 || (j < s.length && isDigitOrDot(s.charCodeAt(j)) && s.charCodeAt(j + 1) !== 0x20)) continue;
      return s.slice(i, j);
    }
  }
  return null;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isDigitOrDot(c: number): boolean {
  return isDigit(c) || c === 0x2e;
}

/** Folds runs of whitespace (including line breaks) to single spaces and trims. */
export function foldSpace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The lines of a text, without trailing spaces. */
export function linesOf(s: string): string[] {
  return s.split("\n");
}

/** Case-insensitive "does the string contain any of these lowercase needles". */
export function containsAny(haystackLower: string, needles: readonly string[]): boolean {
  for (const n of needles) if (haystackLower.includes(n)) return true;
  return false;
}

/** Index of the first line (from `from`) that starts, after leading blanks, with one of the prefixes; -1 if none. */
export function findLine(lines: readonly string[], prefixes: readonly string[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    const t = (lines[i] ?? "").trimStart();
    for (const p of prefixes) if (p !== "" && t.startsWith(p)) return i;
  }
  return -1;
}

/** True when the header field is present, even with an empty value (X-MS-Exchange-Message-Is-Ndr:). */
export function hasHeader(mail: BounceMail, name: string): boolean {
  for (const h of mail.headers) if (h.name === name) return true;
  return false;
}

/** Every value of a header field (Received appears many times), raw, in order. */
export function headerValues(mail: BounceMail, name: string): string[] {
  const out: string[] = [];
  for (const h of mail.headers) if (h.name === name) out.push(h.value);
  return out;
}
