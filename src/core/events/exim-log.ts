// Exim mainlog reader (issue 4): turns `=>`/`->`/`>>` (delivered), `==` (deferred) and `**` (failed) lines into
// RawEvents, joined with the `<=` arrival line of the same Exim message id (sender, Message-ID, subject).
//
// Line layout (Exim specification, chapter "Log files": "Format of log lines", "Logging message reception",
// "Logging deliveries", "Reference manual: log_selector"):
//   2024-03-01 10:00:01[.123] [+0100] [[pid]] <message id> <flag> <address> [(parent)] [<original>] fields[: text]
// The message id is 16 characters (`xxxxxx-xxxxxx-xx`) before Exim 4.97 and 23 (`xxxxxx-xxxxxxxxxxx-xxxx`) since.
// Everything is scanned by hand, left to right, so any line is read in linear time and nothing throws.

import type { LineReader, LineReaderOptions } from "./line-reader.js";
import type { EventOutcome, RawEvent } from "./types.js";

/** A reader that also tells how many messages it currently remembers for joins (for tests and diagnostics). */
export interface EximLogReader extends LineReader {
  readonly openMessages: number;
}

type Flag = "<=" | "=>" | "->" | ">>" | "*>" | "**" | "==" | "Completed";

interface Prefix {
  /** Ms since the epoch (UTC), null when the date or time is out of range. */
  readonly time: number | null;
  readonly id: string;
  readonly flag: Flag;
  /** Index just after the flag. */
  readonly rest: number;
}

interface Arrival {
  readonly sender: string | null;
  readonly messageId: string | null;
  readonly subject: string | null;
}

const DEFAULT_MAX_OPEN = 100_000;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || c === 9;

function digitsAt(s: string, at: number, n: number): boolean {
  if (at + n > s.length) return false;
  for (let i = at; i < at + n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function alnumAt(s: string, at: number, n: number): boolean {
  if (at + n > s.length) return false;
  for (let i = at; i < at + n; i++) if (!isAlnum(s.charCodeAt(i))) return false;
  return true;
}

const num = (s: string, at: number, n: number): number => Number(s.slice(at, at + n));

/** Exim message id at `at`, old (16) or 4.97+ (23) style, followed by a space; its length or 0. */
function messageIdLength(s: string, at: number): number {
  if (!alnumAt(s, at, 6) || s.charCodeAt(at + 6) !== 45) return 0;
  if (alnumAt(s, at + 7, 11) && s.charCodeAt(at + 18) === 45 && alnumAt(s, at + 19, 4) && s.charCodeAt(at + 23) === 32)
    return 23;
  if (alnumAt(s, at + 7, 6) && s.charCodeAt(at + 13) === 45 && alnumAt(s, at + 14, 2) && s.charCodeAt(at + 16) === 32)
    return 16;
  return 0;
}

const TWO_CHAR_FLAGS: readonly Flag[] = ["<=", "=>", "->", ">>", "*>", "**", "=="];

/** Reads the timestamp, zone, pid, message id and flag; null when the line is not an Exim message line. */
function readPrefix(s: string, utcOffsetMinutes: number): Prefix | null {
  // YYYY-MM-DD HH:MM:SS
  if (
    s.length < 19 ||
    !digitsAt(s, 0, 4) ||
    s[4] !== "-" ||
    !digitsAt(s, 5, 2) ||
    s[7] !== "-" ||
    !digitsAt(s, 8, 2) ||
    s[10] !== " " ||
    !digitsAt(s, 11, 2) ||
    s[13] !== ":" ||
    !digitsAt(s, 14, 2) ||
    s[16] !== ":" ||
    !digitsAt(s, 17, 2)
  )
    return null;
  let p = 19;
  let ms = 0;
  if (s[p] === ".") {
    const start = p + 1;
    let q = start;
    while (q < s.length && q - start < 9 && isDigit(s.charCodeAt(q))) q++;
    if (q === start) return null;
    ms = Number(s.slice(start, Math.min(q, start + 3)).padEnd(3, "0"));
    p = q;
  }
  if (s[p] !== " ") return null;
  p++;
  let offset = utcOffsetMinutes;
  const sign = s[p];
  if ((sign === "+" || sign === "-") && digitsAt(s, p + 1, 4) && s[p + 5] === " ") {
    const minutes = num(s, p + 1, 2) * 60 + num(s, p + 3, 2);
    offset = sign === "-" ? -minutes : minutes;
    p += 6;
  }
  if (s[p] === "[") {
    let q = p + 1;
    while (q < s.length && q - p <= 12 && isDigit(s.charCodeAt(q))) q++;
    if (q === p + 1 || s[q] !== "]" || s[q + 1] !== " ") return null;
    p = q + 2;
  }
  const idLen = messageIdLength(s, p);
  if (idLen === 0) return null;
  const id = s.slice(p, p + idLen);
  p += idLen + 1;
  let flag: Flag | null = null;
  const two = s.slice(p, p + 2);
  for (const f of TWO_CHAR_FLAGS) if (two === f) flag = f;
  if (flag !== null) {
    if (p + 2 < s.length && s[p + 2] !== " ") return null;
    p += 2;
  } else if (s.startsWith("Completed", p) && (p + 9 === s.length || s[p + 9] === " ")) {
    flag = "Completed";
    p += 9;
  } else return null;
  return { time: toTime(s, ms, offset), id, flag, rest: p };
}

function toTime(s: string, ms: number, offsetMinutes: number): number | null {
  const y = num(s, 0, 4);
  const mo = num(s, 5, 2);
  const d = num(s, 8, 2);
  const h = num(s, 11, 2);
  const mi = num(s, 14, 2);
  const sec = num(s, 17, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000;
  return Number.isFinite(t) ? t : null;
}

/**
 * True when the line looks like an Exim mainlog message line: timestamp, optional fraction, zone and [pid], a
 * message id of either style and one of the flags <= => -> >> *> ** == or Completed. Cheap: reads only the prefix.
 */
export function looksLikeEximLine(line: string): boolean {
  try {
    return readPrefix(line.length > 200 ? line.slice(0, 200) : line, 0) !== null;
  } catch {
    return false;
  }
}

// ---- field scanning --------------------------------------------------------------------------------------------

/** A cursor over one line. All scans only move forward. */
class Scanner {
  /** Index of the last ')' / '>' in the line: a search for one beyond it fails without scanning. */
  private readonly lastParen: number;
  private readonly lastAngle: number;
  pos: number;

  constructor(
    readonly s: string,
    start: number,
  ) {
    this.pos = start;
    this.lastParen = s.lastIndexOf(")");
    this.lastAngle = s.lastIndexOf(">");
  }

  skipSpaces(): void {
    while (this.pos < this.s.length && isSpace(this.s.charCodeAt(this.pos))) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  /** Reads up to the next space. */
  word(): string {
    const start = this.pos;
    while (this.pos < this.s.length && !isSpace(this.s.charCodeAt(this.pos))) this.pos++;
    return this.s.slice(start, this.pos);
  }

  /** At an opening `(` or `<`: reads to the matching close (which may be after spaces), or to the next space. */
  enclosed(close: ")" | ">"): string {
    const start = this.pos;
    const last = close === ")" ? this.lastParen : this.lastAngle;
    const end = last > start ? this.s.indexOf(close, start + 1) : -1;
    if (end < 0) return this.word();
    this.pos = end + 1;
    return this.s.slice(start + 1, end);
  }

  /** At a `"`: reads a quoted value (backslash escapes), to the end of the line when unterminated. */
  quoted(): string {
    let out = "";
    let chunk = this.pos + 1;
    let i = chunk;
    const s = this.s;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 92 && i + 1 < s.length) {
        out += s.slice(chunk, i);
        chunk = i + 1;
        i += 2;
      } else if (c === 34) {
        out += s.slice(chunk, i);
        this.pos = i + 1;
        return out;
      } else i++;
    }
    this.pos = s.length;
    return out + s.slice(chunk);
  }

  /** True (and moves past it) when the cursor is at a `:` that ends the fields: followed by a space or the end. */
  colonBoundary(): boolean {
    if (this.s[this.pos] !== ":") return false;
    const next = this.pos + 1;
    if (next < this.s.length && !isSpace(this.s.charCodeAt(next))) return false;
    this.pos = next;
    return true;
  }

  /** A field key (`R`, `T`, `H`, `id`, `DKIM` ...) followed by `=` at the cursor; moves past the `=` when found. */
  key(): string | null {
    const s = this.s;
    let i = this.pos;
    while (i < s.length && i - this.pos < 16 && isAlnum(s.charCodeAt(i))) i++;
    if (i === this.pos || s[i] !== "=") return null;
    const k = s.slice(this.pos, i);
    this.pos = i + 1;
    return k;
  }

  rest(): string {
    return this.s.slice(this.pos);
  }
}

/** Strips one trailing ':' from a word; reports whether it was there (the fields end there). */
function splitColon(w: string): [string, boolean] {
  return w.endsWith(":") ? [w.slice(0, -1), true] : [w, false];
}

/** The text inside the first `[...]` of a word (an IP with optional `:port` after it), or null. */
function bracketed(w: string): string | null {
  const open = w.indexOf("[");
  if (open < 0) return null;
  const close = w.indexOf("]", open + 1);
  if (close < 0) return null;
  const ip = w.slice(open + 1, close);
  return ip.length > 0 ? ip : null;
}

interface HostField {
  readonly host: string | null;
  readonly ip: string | null;
  /** True when a `:` ending the fields followed the host. */
  readonly colon: boolean;
}

/** `H=host [ip]`, `H=host [ip]:port`, `H=[ip]`, `H=host (helo) [ip]:port` (arrivals), `H=(helo) [ip]`. */
function readHost(sc: Scanner): HostField {
  let host: string | null = null;
  let ip: string | null = null;
  let colon: boolean;
  if (sc.s[sc.pos] === "(") {
    // H=(helo) [ip]: the client gave only a HELO name.
    sc.enclosed(")");
    if (sc.colonBoundary()) return { host, ip, colon: true };
  } else {
    let first = sc.word();
    [first, colon] = splitColon(first);
    if (first.startsWith("[")) ip = bracketed(first);
    else host = first.length > 0 ? first : null;
    if (colon || ip !== null) return { host, ip, colon };
  }
  for (let parts = 0; parts < 2 && ip === null; parts++) {
    const save = sc.pos;
    sc.skipSpaces();
    const c = sc.s[sc.pos];
    if (c === "(") {
      sc.enclosed(")");
      if (sc.colonBoundary()) return { host, ip, colon: true };
    } else if (c === "[") {
      let w = sc.word();
      [w, colon] = splitColon(w);
      ip = bracketed(w);
      return { host, ip, colon };
    } else {
      sc.pos = save;
      break;
    }
  }
  return { host, ip, colon: false };
}

const orNull = (s: string): string | null => (s.length > 0 ? s : null);

/** `<addr>` -> addr, `<>` -> "" (the null reverse-path). */
function unangle(s: string): string {
  return s.startsWith("<") && s.endsWith(">") ? s.slice(1, -1) : s;
}

// ---- arrival lines -----------------------------------------------------------------------------------------------

function readArrival(s: string, start: number): Arrival {
  const sc = new Scanner(s, start);
  sc.skipSpaces();
  const first = sc.word();
  const sender = first.length > 0 ? unangle(first) : null;
  let messageId: string | null = null;
  let subject: string | null = null;
  while (!sc.atEnd()) {
    sc.skipSpaces();
    if (sc.atEnd()) break;
    const k = sc.key();
    if (k === null) {
      if (sc.s[sc.pos] === "(") sc.enclosed(")");
      else sc.word();
      continue;
    }
    if (sc.s[sc.pos] === '"') {
      const v = sc.quoted();
      if (k === "T") subject = v;
      continue;
    }
    if (k === "H") {
      readHost(sc);
      continue;
    }
    const v = sc.word();
    if (k === "id") messageId = orNull(unangle(v));
  }
  return { sender, messageId, subject };
}

// ---- delivery lines ----------------------------------------------------------------------------------------------

interface Delivery {
  readonly recipient: string | null;
  readonly sender: string | null | undefined;
  readonly remoteHost: string | null;
  readonly remoteIp: string | null;
  readonly sendingIp: string | null;
  readonly confirmation: string | null;
  readonly text: string | null;
}

function readDelivery(s: string, start: number): Delivery | null {
  const sc = new Scanner(s, start);
  sc.skipSpaces();
  if (sc.atEnd()) return null;
  let first: string;
  let boundary = false;
  if (s[sc.pos] === '"') {
    // Quoted local part: "john smith"@example.com
    const begin = sc.pos;
    sc.quoted();
    sc.word();
    first = s.slice(begin, sc.pos);
  } else first = sc.word();
  [first, boundary] = splitColon(first);
  first = unangle(first);
  if (first.length === 0) return null;
  const isPipe = first.startsWith("|");

  let parent: string | null = null;
  let original: string | null = null;
  let sender: string | null | undefined;
  let remoteHost: string | null = null;
  let remoteIp: string | null = null;
  let sendingIp: string | null = null;
  let confirmation: string | null = null;
  let addressPart = true;

  while (!boundary && !sc.atEnd()) {
    sc.skipSpaces();
    if (sc.atEnd()) break;
    const c = s[sc.pos];
    if (addressPart && (c === "(" || c === "<")) {
      const v = sc.enclosed(c === "(" ? ")" : ">");
      if (c === "(") parent ??= v;
      else original ??= v;
      boundary = sc.colonBoundary();
      continue;
    }
    if (c === ":" && sc.colonBoundary()) {
      boundary = true;
      break;
    }
    const k = sc.key();
    if (k === null) {
      // A plain word: pipe arguments, "defer", "(110):", "routing", "DS" ...
      if (!(isPipe && parent === null && original === null)) addressPart = false;
      [, boundary] = splitColon(sc.word());
      continue;
    }
    addressPart = false;
    if (k === "H") {
      const h = readHost(sc);
      remoteHost = h.host;
      remoteIp = h.ip;
      boundary = h.colon;
      continue;
    }
    if (s[sc.pos] === '"') {
      const v = sc.quoted();
      if (k === "C") confirmation = v;
      boundary = sc.colonBoundary();
      continue;
    }
    let v: string;
    [v, boundary] = splitColon(sc.word());
    if (k === "I") sendingIp = bracketed(v);
    else if (k === "F" || (k === "P" && v.startsWith("<"))) sender = unangle(v);
  }

  const candidates = [first, parent, original];
  let recipient: string | null = null;
  for (const a of candidates) if (recipient === null && a !== null && a.includes("@")) recipient = a;
  recipient ??= original ?? parent ?? first;

  let text: string | null = null;
  if (boundary) {
    text = orNull(sc.rest().trim());
    if (text !== null && remoteIp === null) {
      const h = hostInText(text);
      if (h !== null) {
        remoteHost ??= h.host;
        remoteIp = h.ip;
      }
    }
  }
  return { recipient: orNull(recipient), sender, remoteHost, remoteIp, sendingIp, confirmation, text };
}

/** Older Exim (before H= on failure lines) puts `host mx.example.com [192.0.2.1]: ...` in the text. First hit only. */
function hostInText(text: string): { host: string; ip: string } | null {
  const at = text.indexOf("host ");
  if (at < 0 || (at > 0 && text[at - 1] !== " ")) return null;
  const nameEnd = text.indexOf(" ", at + 5);
  if (nameEnd < 0 || nameEnd - at > 260 || text[nameEnd + 1] !== "[") return null;
  const close = text.indexOf("]", nameEnd + 2);
  if (close < 0 || close - nameEnd > 50) return null;
  const host = text.slice(at + 5, nameEnd);
  const ip = text.slice(nameEnd + 2, close);
  return host.length > 0 && ip.length > 0 ? { host, ip } : null;
}

/** The enhanced status code (RFC 3463) that follows a reply code in the text: "550 5.1.1", "451-4.7.1". */
export function enhancedAfterReply(text: string): string | null {
  const n = text.length;
  for (let i = 0; i + 8 <= n; i++) {
    const c = text.charCodeAt(i);
    if (c < 50 || c > 53) continue; // reply code starts with 2..5
    if (i > 0) {
      const b = text.charCodeAt(i - 1);
      if (isAlnum(b) || b === 46 || b === 45) continue;
    }
    if (!isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) continue;
    const sep = text.charCodeAt(i + 3);
    if (sep !== 32 && sep !== 45) continue;
    const e = i + 4;
    const cls = text.charCodeAt(e);
    if ((cls !== 50 && cls !== 52 && cls !== 53) || text.charCodeAt(e + 1) !== 46) continue;
    let j = e + 2;
    const subj = j;
    while (j < n && j - subj < 3 && isDigit(text.charCodeAt(j))) j++;
    if (j === subj || text.charCodeAt(j) !== 46) continue;
    j++;
    const det = j;
    while (j < n && j - det < 3 && isDigit(text.charCodeAt(j))) j++;
    if (j === det) continue;
    if (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) continue;
    return text.slice(e, j);
  }
  return null;
}

const OUTCOMES: Partial<Record<Flag, EventOutcome>> = {
  "=>": "delivered",
  "->": "delivered",
  ">>": "delivered", // cutthrough delivery
  "==": "deferred",
  "**": "bounced",
};

// ---- the reader --------------------------------------------------------------------------------------------------

/** Creates an Exim mainlog reader. Pure: no I/O; memory bounded by options.maxOpenMessages. */
export function createEximLogReader(options: LineReaderOptions = {}): EximLogReader {
  const o = options.utcOffsetMinutes;
  const utcOffset = o !== undefined && Number.isFinite(o) ? o : 0;
  const rawMax = options.maxOpenMessages;
  const maxOpen = rawMax !== undefined && Number.isFinite(rawMax) ? Math.max(0, Math.floor(rawMax)) : DEFAULT_MAX_OPEN;
  const open = new Map<string, Arrival>();

  function remember(id: string, a: Arrival): void {
    open.delete(id);
    if (maxOpen === 0) return;
    while (open.size >= maxOpen) {
      const oldest = open.keys().next();
      if (oldest.done === true) break;
      open.delete(oldest.value);
    }
    open.set(id, a);
  }

  function line(input: string, _lineNo: number, out: RawEvent[]): string | null {
    try {
      const s = input.trim();
      const prefix = readPrefix(s, utcOffset);
      if (prefix === null) return null;
      const { flag, id } = prefix;
      if (flag === "<=") {
        remember(id, readArrival(s, prefix.rest));
        return null;
      }
      if (flag === "Completed") {
        open.delete(id);
        return null;
      }
      const outcome = OUTCOMES[flag];
      if (outcome === undefined) return null;
      const d = readDelivery(s, prefix.rest);
      if (d === null || d.recipient === null) return `exim ${flag} line without a recipient`;
      const arrival = open.get(id);
      const text = outcome === "delivered" ? (d.confirmation ?? d.text) : (d.text ?? d.confirmation);
      out.push({
        format: "exim",
        identity: s,
        time: prefix.time,
        outcome,
        recipient: d.recipient,
        sender: d.sender !== undefined ? d.sender : (arrival?.sender ?? null),
        messageId: arrival?.messageId ?? null,
        queueId: id,
        sendingIp: d.sendingIp,
        remoteHost: d.remoteHost,
        remoteIp: d.remoteIp,
        status: text === null ? null : enhancedAfterReply(text),
        text,
        esp: null,
        feedbackType: null,
        subject: arrival?.subject ?? null,
      });
      return null;
    } catch {
      return "exim line could not be read";
    }
  }

  return {
    format: "exim",
    line,
    end(_out: RawEvent[]): void {
      // Every event is emitted on its own line; nothing is held back.
    },
    get openMessages(): number {
      return open.size;
    },
  };
}
