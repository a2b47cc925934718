// A lean MIME reader made for bounces: header fields, the multipart tree, and decoded text of the parts a
// bounce needs (human text, delivery-status, feedback report, the returned message). It works on a "byte
// string" (one char per byte, what Buffer#toString("latin1") gives) and never throws; every loop is linear.
// RFC 2045 (transfer encodings), RFC 2046 (multipart), RFC 2047 (encoded words), RFC 6532 (UTF-8 headers).

import { decodeBytes } from "./charset.js";

/** Multipart nesting deeper than this is read as opaque text (a 1,000-level bomb costs nothing). */
export const MAX_NESTING_DEPTH = 24;
/** Leaf parts kept per message; a bounce has a handful, the rest is attachments. */
export const MAX_PARTS = 200;
/** Header fields kept per entity; beyond this they are skipped (and noted). */
export const MAX_HEADERS = 1000;
/** A header field value longer than this is cut (a 10 MB "Subject" helps nobody). */
export const MAX_HEADER_VALUE = 64 * 1024;

export interface HeaderField {
  /** Lowercase field name. */
  readonly name: string;
  /** Unfolded value, outer whitespace trimmed; still raw (no encoded-word decoding). */
  readonly value: string;
}

export interface MimePart {
  /** Lowercase media type, "text/plain" when absent (RFC 2045 section 5.2). */
  readonly type: string;
  readonly headers: readonly HeaderField[];
  /** Transfer-decoded and charset-decoded content. For message/* parts, the enclosed message as text. */
  readonly text: string;
  /** Nesting depth (0 = the message body itself). */
  readonly depth: number;
  /** The Content-Disposition filename or Content-Type name, when given. */
  readonly filename: string | null;
}

export interface MimeMail {
  readonly headers: readonly HeaderField[];
  /** Leaf parts in document order (message/rfc822 and text/rfc822-headers are leaves: bounces return them). */
  readonly parts: readonly MimePart[];
  /** Problems met while reading; the mail was still read as far as possible. */
  readonly issues: readonly string[];
}

const ENCODER = new TextEncoder();

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Turns any input into a byte string with LF line ends: CRLF and CR-only (old Mac) files read the same.
 * Bytes are taken as they are; a string is text as a person sees it, so non-ASCII text is taken as its UTF-8 bytes.
 */
export function normalizeInput(input: string | Uint8Array): string {
  const s =
    typeof input !== "string" ? bytesToBinary(input) : isAscii(input) ? input : bytesToBinary(ENCODER.encode(input));
  return s.indexOf("\r") === -1 ? s : s.replace(/\r\n?/g, "\n");
}

/** Uint8Array -> byte string, in chunks (String.fromCharCode has an argument limit). */
export function bytesToBinary(bytes: Uint8Array): string {
  // A Node Buffer does this natively, several times faster; found by duck typing so the core imports nothing.
  const native = (bytes as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
  if (typeof native === "function") return native.call(bytes, 0, bytes.length);
  let out = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

/** Reads header fields from `from` up to the first empty line. Returns the fields and where the body starts. */
export function readHeaders(
  s: string,
  from: number,
  to: number,
  issues?: string[],
  /** Delivery-status mode: a line that is not "Name: value" continues the field before it (unindented folding). */
  loose = false,
): { headers: HeaderField[]; bodyStart: number } {
  const headers: HeaderField[] = [];
  let pos = from;
  let name: string | null = null;
  let value = "";
  let skipped = 0;
  const flush = () => {
    if (name === null) return;
    if (headers.length < MAX_HEADERS) headers.push({ name, value: value.trim() });
    else skipped++;
    name = null;
  };
  while (pos < to) {
    let eol = s.indexOf("\n", pos);
    if (eol === -1 || eol > to) eol = to;
    if (eol === pos) {
      // The empty line ends the header section.
      flush();
      if (skipped > 0) issues?.push(`${skipped} header fields beyond ${MAX_HEADERS} were ignored`);
      return { headers, bodyStart: Math.min(eol + 1, to) };
    }
    const c = s.charCodeAt(pos);
    if (c === 0x20 || c === 0x09) {
      // Folded continuation of the previous field (RFC 5322 section 2.2.3).
      if (name !== null && value.length < MAX_HEADER_VALUE) value += ` ${s.slice(pos, eol).trim()}`;
    } else {
      const colon = s.indexOf(":", pos);
      if (colon !== -1 && colon < eol && colon > pos && (!loose || isFieldName(s, pos, colon))) {
        flush();
        name = s.slice(pos, colon).trim().toLowerCase();
        value = s.slice(colon + 1, Math.min(eol, colon + 1 + MAX_HEADER_VALUE));
      } else if (headers.length === 0 && name === null && pos === from && s.startsWith("From ", pos)) {
        // An mbox "From " separator line before the headers.
      } else if (name !== null && (loose || value.trimEnd().endsWith(";")) && value.length < MAX_HEADER_VALUE) {
        // A parameter list continued on an unindented line ("Content-Type: multipart/mixed;\nboundary=x"): broken
        // folding, but common enough in bounces to read as the continuation it obviously is.
        value += ` ${s.slice(pos, eol).trim()}`;
      } else {
        // Not a header line: the header section ended without the empty line (broken mail).
        flush();
        return { headers, bodyStart: pos };
      }
    }
    pos = eol + 1;
  }
  flush();
  if (skipped > 0) issues?.push(`${skipped} header fields beyond ${MAX_HEADERS} were ignored`);
  return { headers, bodyStart: to };
}

/** A field name: letters, digits and "-" only (the names DSN fields use; RFC 3464 section 2.1.1). */
function isFieldName(s: string, from: number, to: number): boolean {
  // Blanks before the colon ("Diagnostic-Code : smtp; ...", Mimecast) are tolerated.
  while (to > from && (s.charCodeAt(to - 1) === 0x20 || s.charCodeAt(to - 1) === 0x09)) to--;
  if (to === from || to - from > 64) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
    if (!ok) return false;
  }
  return true;
}

/** The first value of a header field, or undefined. */
export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  for (const h of headers) if (h.name === name) return h.value;
  return undefined;
}

interface ContentType {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Parses `type/subtype; a=b; c="d"` (RFC 2045 section 5.1), tolerant of junk; RFC 2231 continuations joined. */
export function parseContentType(value: string | undefined): ContentType {
  if (value === undefined || value === "") return { type: "text/plain", params: new Map() };
  const semi = value.indexOf(";");
  // The type ends at ";" or, in broken mail ("text/plain charset=x" with the ";" missing), at whitespace.
  const head = (semi === -1 ? value : value.slice(0, semi)).trim();
  const space = head.search(/\s/);
  const type = (space === -1 ? head : head.slice(0, space)).toLowerCase();
  const missingSemicolon = semi === -1 && space !== -1;
  const params = new Map<string, string>();
  let pos = missingSemicolon ? value.indexOf(head) + space : semi === -1 ? value.length : semi + 1;
  while (pos < value.length) {
    const eq = value.indexOf("=", pos);
    if (eq === -1) break;
    const key = value.slice(pos, eq).trim().toLowerCase();
    let v: string;
    let p = eq + 1;
    while (p < value.length && (value[p] === " " || value[p] === "\t")) p++;
    if (value[p] === '"') {
      let end = p + 1;
      let out = "";
      while (end < value.length && value[end] !== '"') {
        if (value[end] === "\\" && end + 1 < value.length) end++;
        out += value[end];
        end++;
      }
      v = out;
      const next = value.indexOf(";", end);
      pos = next === -1 ? value.length : next + 1;
    } else {
      const next = value.indexOf(";", p);
      v = value.slice(p, next === -1 ? value.length : next).trim();
      pos = next === -1 ? value.length : next + 1;
    }
    // RFC 2231: name*0="...", name*1="..." continue one value; name*="charset''%xx" is encoded.
    const star = key.indexOf("*");
    if (star !== -1) {
      const base = key.slice(0, star);
      const decoded = key.endsWith("*") ? decodeRfc2231(v) : v;
      params.set(base, (params.get(base) ?? "") + decoded);
    } else if (!params.has(key)) params.set(key, v);
  }
  return { type: type.includes("/") ? type : "text/plain", params };
}

function decodeRfc2231(v: string): string {
  const q1 = v.indexOf("'");
  const q2 = q1 === -1 ? -1 : v.indexOf("'", q1 + 1);
  const charset = q2 === -1 ? "" : v.slice(0, q1);
  const body = q2 === -1 ? v : v.slice(q2 + 1);
  let bytes = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "%" && i + 2 < body.length + 0) {
      const n = Number.parseInt(body.slice(i + 1, i + 3), 16);
      if (!Number.isNaN(n)) {
        bytes += String.fromCharCode(n);
        i += 2;
        continue;
      }
    }
    bytes += body[i];
  }
  return decodeBytes(bytes, charset || "utf-8");
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  B64["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
}

/** Base64 -> byte string, skipping anything outside the alphabet (line breaks, junk). */
export function decodeBase64(s: string): string {
  const out: string[] = [];
  let chunk = "";
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d) break; // "=" padding ends the data
    const v = c < 128 ? (B64[c] as number) : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      chunk += String.fromCharCode((acc >> bits) & 0xff);
      if (chunk.length >= 4096) {
        out.push(chunk);
        chunk = "";
      }
    }
  }
  out.push(chunk);
  return out.join("");
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Quoted-printable -> byte string (RFC 2045 section 6.7); `underscores` for RFC 2047 "Q" words. */
export function decodeQuotedPrintable(s: string, underscores = false): string {
  if (s.indexOf("=") === -1 && !(underscores && s.indexOf("_") !== -1)) return s;
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (underscores && c === 0x5f) {
      out.push(s.slice(start, i), " ");
      start = i + 1;
    } else if (c === 0x3d) {
      out.push(s.slice(start, i));
      if (s.charCodeAt(i + 1) === 0x0a) {
        i += 1; // soft line break
      } else {
        // Soft break with trailing blanks before the line end: "=  \n".
        let j = i + 1;
        while (j < s.length && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09)) j++;
        if (j > i + 1 && s.charCodeAt(j) === 0x0a) i = j;
        else {
          const h = hexValue(s.charCodeAt(i + 1));
          const l = hexValue(s.charCodeAt(i + 2));
          if (h >= 0 && l >= 0) {
            out.push(String.fromCharCode(h * 16 + l));
            i += 2;
          } else out.push("=");
        }
      }
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.join("");
}

/** Decodes RFC 2047 encoded words (=?charset?B|Q?text?=) in a header value; plain 8-bit values read as UTF-8. */
export function decodeHeaderValue(value: string): string {
  let pos = value.indexOf("=?");
  if (pos === -1) return decodeBytes(value, "");
  let out = "";
  let last = 0;
  let lastWasWord = false;
  while (pos !== -1) {
    const q1 = value.indexOf("?", pos + 2);
    const q2 = q1 === -1 ? -1 : value.indexOf("?", q1 + 1);
    const end = q2 === -1 ? -1 : value.indexOf("?=", q2 + 1);
    if (end === -1 || q2 !== q1 + 2) break;
    const between = value.slice(last, pos);
    // Whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2).
    if (!(lastWasWord && between.trim() === "")) out += decodeBytes(between, "");
    const charset = value.slice(pos + 2, q1).split("*")[0] ?? "";
    const enc = value.charCodeAt(q1 + 1) | 0x20;
    const text = value.slice(q2 + 1, end);
    const bytes = enc === 0x62 ? decodeBase64(text) : decodeQuotedPrintable(text, true);
    out += decodeBytes(bytes, charset);
    last = end + 2;
    lastWasWord = true;
    pos = value.indexOf("=?", last);
  }
  return out + decodeBytes(value.slice(last), "");
}

/** Transfer-decodes a part body (RFC 2045 section 6); 7bit/8bit/binary and unknown values pass through. */
function decodeTransfer(body: string, encoding: string | undefined): string {
  if (encoding === undefined) return body;
  const e = encoding.trim().toLowerCase();
  if (e === "base64") return decodeBase64(body);
  if (e === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

function isTextual(type: string): boolean {
  return (
    type.startsWith("text/") ||
    type.startsWith("message/") ||
    type === "application/json" ||
    type === "application/octet-stream"
  );
}

/** Finds the delimiter lines of one multipart body (RFC 2046 section 5.1.1): "--boundary" at a line start. */
function splitMultipart(s: string, from: number, to: number, boundary: string): [number, number][] {
  const delimiter = `--${boundary}`;
  const ranges: [number, number][] = [];
  let partStart = -1;
  let pos = from;
  while (pos < to) {
    const at = s.indexOf(delimiter, pos);
    if (at === -1 || at >= to) break;
    const atLineStart = at === from || s.charCodeAt(at - 1) === 0x0a;
    let eol = s.indexOf("\n", at);
    if (eol === -1 || eol > to) eol = to;
    if (atLineStart) {
      const closing = s.startsWith("--", at + delimiter.length);
      if (partStart !== -1) ranges.push([partStart, at > partStart ? at - 1 : at]);
      if (closing) return ranges;
      partStart = Math.min(eol + 1, to);
      if (ranges.length >= MAX_PARTS) return ranges;
    }
    pos = eol + 1;
  }
  // No closing delimiter (truncated mail): the last part runs to the end.
  if (partStart !== -1 && partStart < to) ranges.push([partStart, to]);
  return ranges;
}

/** Reads a whole mail (already normalised by normalizeInput) into its header fields and leaf parts. */
export function readMime(s: string): MimeMail {
  const issues: string[] = [];
  const { headers, bodyStart } = readHeaders(s, 0, s.length, issues);
  const parts: MimePart[] = [];
  walkEntity(s, headers, bodyStart, s.length, 0, parts, issues);
  return { headers, parts, issues };
}

function walkEntity(
  s: string,
  headers: readonly HeaderField[],
  from: number,
  to: number,
  depth: number,
  parts: MimePart[],
  issues: string[],
): void {
  if (parts.length >= MAX_PARTS) return;
  const ct = parseContentType(headerValue(headers, "content-type"));
  const boundary = ct.params.get("boundary");
  if (ct.type.startsWith("multipart/") && boundary !== undefined && boundary !== "") {
    if (depth >= MAX_NESTING_DEPTH) {
      issues.push(`MIME nesting deeper than ${MAX_NESTING_DEPTH} levels was not read`);
      return;
    }
    const ranges = splitMultipart(s, from, to, boundary);
    if (ranges.length === 0) {
      // Declared multipart without any delimiter found: read the body as text.
      pushLeaf(s, headers, "text/plain", ct, from, to, depth, parts);
      return;
    }
    for (const [a, b] of ranges) {
      const inner = readHeaders(s, a, b, issues);
      // A part with no header fields at all is text/plain (RFC 2046 section 5.1.1), unless the parent is
      // multipart/digest (RFC 2046 section 5.1.5), whose default is message/rfc822.
      const innerHeaders =
        inner.headers.length === 0 && ct.type === "multipart/digest"
          ? [{ name: "content-type", value: "message/rfc822" }]
          : inner.headers;
      walkEntity(s, innerHeaders, inner.bodyStart, b, depth + 1, parts, issues);
      if (parts.length >= MAX_PARTS) {
        issues.push(`more than ${MAX_PARTS} MIME parts; the rest was not read`);
        return;
      }
    }
    return;
  }
  pushLeaf(s, headers, ct.type, ct, from, to, depth, parts);
}

function pushLeaf(
  s: string,
  headers: readonly HeaderField[],
  type: string,
  ct: ContentType,
  from: number,
  to: number,
  depth: number,
  parts: MimePart[],
): void {
  const disposition = headerValue(headers, "content-disposition");
  const filename =
    (disposition === undefined ? undefined : parseContentType(disposition).params.get("filename")) ??
    ct.params.get("name") ??
    null;
  let text = "";
  if (isTextual(type) || type.startsWith("multipart/")) {
    const raw = decodeTransfer(s.slice(from, to), headerValue(headers, "content-transfer-encoding"));
    // message/* parts keep their bytes: their own headers say how to decode them. The global variants
    // (RFC 6532/6533) are UTF-8.
    const charset = type.startsWith("message/")
      ? type.includes("global")
        ? "utf-8"
        : null
      : (ct.params.get("charset") ?? "");
    text = charset === null ? raw : decodeBytes(raw, charset);
    if (text.indexOf("\r") !== -1) text = text.replace(/\r\n?/g, "\n");
  }
  parts.push({ type, headers, text, depth, filename });
}
