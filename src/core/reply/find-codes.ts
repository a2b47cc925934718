// Finds the basic reply code (RFC 5321 section 4.2) and the enhanced status code (RFC 3463 section 2) in a
// whitespace-folded string with one hand-written left-to-right scan: linear whatever the input.

export interface FoundCodes {
  readonly replyCode: number | null;
  /** Index of the reply code in the string, -1 when absent. */
  readonly replyAt: number;
  readonly enhancedCode: string | null;
  readonly enhancedAt: number;
  /** True when the enhanced code directly follows the reply code ("550 5.1.1", "550-5.1.1"). */
  readonly enhancedAdjacent: boolean;
  /** Where the reply's own text starts (after the code or code pair). */
  readonly textAt: number;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Units after a number that show it is a quantity, not a reply code ("552 bytes", "500 messages"). */
const QUANTITY_WORDS: readonly string[] = [
  "bytes",
  "byte",
  "kb",
  "mb",
  "seconds",
  "secs",
  "minutes",
  "hours",
  "days",
  "messages",
  "recipients",
  "emails",
  "mails",
  "times",
  "connections",
  "%",
];

/** An enhanced code "C.SSS.DDD" at `i`: class 2/4/5, subject 0-7 (RFC 3463 registry), detail 1-3 digits. */
function enhancedAt(s: string, i: number): { code: string; end: number } | null {
  const c = s.charCodeAt(i);
  if (c !== 50 && c !== 52 && c !== 53) return null;
  if (s.charCodeAt(i + 1) !== 46) return null;
  let j = i + 2;
  const subjStart = j;
  while (j < s.length && j - subjStart < 4 && isDigit(s.charCodeAt(j))) j++;
  const subjLen = j - subjStart;
  if (subjLen < 1 || subjLen > 3 || s.charCodeAt(j) !== 46) return null;
  const subject = Number(s.slice(subjStart, j));
  if (subject > 7) return null;
  j++;
  const detStart = j;
  while (j < s.length && j - detStart < 4 && isDigit(s.charCodeAt(j))) j++;
  const detLen = j - detStart;
  if (detLen < 1 || detLen > 3) return null;
  // Not part of a longer dotted number (an IP address or a version "4.16.55.1").
  const next = s.charCodeAt(j);
  if (next === 46 && isDigit(s.charCodeAt(j + 1))) return null;
  if (isAlpha(next) || next === 95) return null;
  return { code: `${s[i]}.${Number(s.slice(subjStart, detStart - 1))}.${Number(s.slice(detStart, j))}`, end: j };
}

/**
 * Positive replies that exist (RFC 5321 section 4.2.3, RFC 4954, RFC 1985): other 2xx/3xx numbers in a text are
 * counts or ids ("delivery 245: failure"), not replies. Every 4xx and 5xx with second digit 0-5 is accepted:
 * servers use many undocumented ones (540, 541, 554 ...).
 */
const POSITIVE_CODES: ReadonlySet<number> = new Set([200, 211, 214, 220, 221, 235, 250, 251, 252, 253, 334, 354]);

/** A reply code at `i`: three digits standing alone, 4xx/5xx with second digit 0-5, or a known positive code. */
function replyAt(s: string, i: number): number | null {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  if (a < 50 || a > 53 || b < 48 || b > 53 || !isDigit(c)) return null;
  const next = s.charCodeAt(i + 3);
  if (isDigit(next) || isAlpha(next) || next === 95) return null;
  if (next === 46 && isDigit(s.charCodeAt(i + 4))) return null; // 192.0.2.1, 554.30
  const code = (a - 48) * 100 + (b - 48) * 10 + (c - 48);
  if (code < 400 && !POSITIVE_CODES.has(code)) return null;
  return code;
}

function isQuantity(s: string, end: number): boolean {
  if (s.charCodeAt(end) !== 32) return false;
  const lower = s.slice(end + 1, end + 13).toLowerCase();
  return QUANTITY_WORDS.some((w) => lower.startsWith(w) && !isAlpha(lower.charCodeAt(w.length)));
}

/** Scans once; prefers a reply code followed by an enhanced code, then the first of each. */
export function findCodes(s: string): FoundCodes {
  let firstReply: { code: number; at: number } | null = null;
  let firstFailure: { code: number; at: number } | null = null;
  let firstEnhanced: { code: string; at: number; end: number } | null = null;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 50 || c > 53) continue;
    const prev = i > 0 ? s.charCodeAt(i - 1) : 32;
    if (isDigit(prev) || isAlpha(prev) || prev === 46 || prev === 95) continue;
    // Inside an IPv6 address ("2001:db8::240", "2004:240"): a colon preceded by a colon or a hex digit.
    if (prev === 58 && i > 1) {
      const pp = s.charCodeAt(i - 2);
      if (pp === 58 || isDigit(pp) || (pp >= 97 && pp <= 102) || (pp >= 65 && pp <= 70)) continue;
    }
    const enh = enhancedAt(s, i);
    if (enh !== null) {
      if (firstEnhanced === null) firstEnhanced = { code: enh.code, at: i, end: enh.end };
      i = enh.end - 1;
      continue;
    }
    const code = replyAt(s, i);
    if (code === null) continue;
    if (isQuantity(s, i + 3)) {
      i += 2;
      continue;
    }
    const sep = s.charCodeAt(i + 3);
    if (sep === 32 || sep === 45) {
      const hash = s.charCodeAt(i + 4) === 35 ? 1 : 0; // "550 #5.1.0" (Cisco, qmail)
      const pair = enhancedAt(s, i + 4 + hash);
      if (pair !== null) {
        return {
          replyCode: code,
          replyAt: i,
          enhancedCode: pair.code,
          enhancedAt: i + 4 + hash,
          enhancedAdjacent: true,
          textAt: pair.end,
        };
      }
    }
    if (firstReply === null) firstReply = { code, at: i };
    if (firstFailure === null && code >= 400) firstFailure = { code, at: i };
    i += 2;
  }
  // An error report that quotes what was expected ("Expected response code 250 but got code 550") names the
  // success code first: the failure code is the reply.
  if (firstReply !== null && firstReply.code < 400 && firstFailure !== null) firstReply = firstFailure;
  if (firstReply !== null) {
    return {
      replyCode: firstReply.code,
      replyAt: firstReply.at,
      enhancedCode: firstEnhanced?.code ?? null,
      enhancedAt: firstEnhanced?.at ?? -1,
      enhancedAdjacent: false,
      textAt: firstReply.at + 3,
    };
  }
  return {
    replyCode: null,
    replyAt: -1,
    enhancedCode: firstEnhanced?.code ?? null,
    enhancedAt: firstEnhanced?.at ?? -1,
    enhancedAdjacent: false,
    textAt: 0,
  };
}
