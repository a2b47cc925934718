// DNS messages on the wire (RFC 1035 section 4, EDNS0 of RFC 6891): a message encoder (queries, and answers for
// tests), a bounds-checked decoder, and the reading of an answer (the CNAME chain, the TTL, RFC 2308's negative TTL).
// Pure (Uint8Array, DataView, TextEncoder/TextDecoder), no node: imports. Decoding faces attackers: every read is
// bounds-checked, compression pointers may only point backwards, every loop is bounded by the packet's length, and
// anything malformed ends in a DnsWireError, never another exception.

import { parseIPv4, parseIPv6 } from "../core/auth/ip.js";

/** A message or a name that cannot be encoded or decoded. The only error this module throws. */
export class DnsWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DnsWireError";
  }
}

/** The record types this client reads (RFC 1035 section 3.2.2, RFC 3596, RFC 6891). */
export const RR_TYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
} as const;

/** Response codes (RFC 1035 section 4.1.1). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export const CLASS_IN = 1;
/** The UDP payload size we advertise: DNS flag day 2020's figure, which avoids IP fragmentation (RFC 6891 6.2.5). */
export const EDNS_UDP_SIZE = 1232;
/** The largest DNS message (TCP's two-byte length prefix, RFC 1035 section 4.2.2). */
export const MAX_MESSAGE_OCTETS = 65_535;
/** RFC 1035 section 2.3.4. */
export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 255;
/** Compression pointers followed in one name at most; a 255-octet name has at most 127 labels. */
export const MAX_POINTER_JUMPS = 128;

const HEADER_OCTETS = 12;
/** A question is at least a root name (1) + type + class; a record at least a root name + 10 fixed octets. */
const MIN_QUESTION_OCTETS = 5;
const MIN_RECORD_OCTETS = 11;

export interface DnsQuestion {
  /** As text, without a trailing dot ("" is the root); odd octets escaped as in zone files (\. \\ \DDD). */
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export interface SoaData {
  readonly kind: "soa";
  readonly mname: string;
  readonly rname: string;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

/** Record data, by kind. Types this client does not read stay raw. */
export type DnsRData =
  | { readonly kind: "a"; readonly address: string }
  | { readonly kind: "aaaa"; readonly address: string }
  /** CNAME, PTR, NS. */
  | { readonly kind: "name"; readonly target: string }
  | { readonly kind: "mx"; readonly priority: number; readonly exchange: string }
  /** The character-strings of one TXT record (RFC 1035 section 3.3.14), as octets. */
  | { readonly kind: "txt"; readonly strings: readonly Uint8Array[] }
  | SoaData
  | { readonly kind: "raw"; readonly bytes: Uint8Array };

export interface DnsRecord {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  /** Seconds; a TTL with the top bit set reads as 0 (RFC 2181 section 8). */
  readonly ttl: number;
  readonly data: DnsRData;
}

export interface DnsEdns {
  readonly udpSize: number;
  readonly version: number;
  readonly dnssecOk: boolean;
}

export interface DnsMessage {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  /** With the OPT record's upper eight bits when there is one (RFC 6891 section 6.1.3). */
  readonly rcode: number;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  /** Without the OPT record, which is `edns`. */
  readonly additionals: readonly DnsRecord[];
  readonly edns: DnsEdns | null;
}

/** What encodeMessage takes: a DnsMessage with defaults. */
export interface DnsMessageInput {
  readonly id: number;
  readonly qr?: boolean;
  readonly opcode?: number;
  readonly aa?: boolean;
  readonly tc?: boolean;
  readonly rd?: boolean;
  readonly ra?: boolean;
  readonly rcode?: number;
  readonly questions?: readonly DnsQuestion[];
  readonly answers?: readonly DnsRecord[];
  readonly authorities?: readonly DnsRecord[];
  readonly additionals?: readonly DnsRecord[];
  /** An OPT record is added when given (RFC 6891 section 6.1.2). */
  readonly edns?: { readonly udpSize: number } | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Names

const utf8 = new TextEncoder();

function isDigit(b: number | undefined): b is number {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/**
 * The labels of a name given as text, as octets. A trailing dot is optional; "" and "." are the root. Zone-file
 * escapes are read (\. for a dot inside a label, \\ , \DDD for any octet: RFC 1035 section 5.1); other characters
 * are taken as UTF-8. Throws DnsWireError for an empty label or a label or name over the limits (section 2.3.4).
 */
export function nameLabels(name: string): Uint8Array[] {
  if (name === "" || name === ".") return [];
  const bytes = utf8.encode(name);
  const labels: Uint8Array[] = [];
  let label: number[] = [];
  let total = 1; // the root's zero octet
  const endLabel = () => {
    if (label.length === 0) throw new DnsWireError(`empty label in "${name}"`);
    if (label.length > MAX_LABEL_OCTETS) throw new DnsWireError(`a label over ${MAX_LABEL_OCTETS} octets in a name`);
    total += 1 + label.length;
    if (total > MAX_NAME_OCTETS) throw new DnsWireError(`a name over ${MAX_NAME_OCTETS} octets`);
    labels.push(Uint8Array.from(label));
    label = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x2e) {
      endLabel();
      continue;
    }
    if (b === 0x5c) {
      const d1 = bytes[i + 1];
      if (isDigit(d1)) {
        const d2 = bytes[i + 2];
        const d3 = bytes[i + 3];
        if (!isDigit(d2) || !isDigit(d3)) throw new DnsWireError("a \\DDD escape needs three digits");
        const v = (d1 - 0x30) * 100 + (d2 - 0x30) * 10 + (d3 - 0x30);
        if (v > 255) throw new DnsWireError("a \\DDD escape over 255");
        label.push(v);
        i += 3;
      } else {
        if (d1 === undefined) throw new DnsWireError("a name ends in a lone backslash");
        label.push(d1);
        i += 1;
      }
    } else {
      label.push(b);
    }
    if (label.length > MAX_LABEL_OCTETS) throw new DnsWireError(`a label over ${MAX_LABEL_OCTETS} octets in a name`);
  }
  // A trailing dot ends the name; otherwise the last label is still open.
  if (label.length > 0 || bytes[bytes.length - 1] !== 0x2e) endLabel();
  return labels;
}

/** One label as text: printable ASCII as is, "." and "\" escaped, other octets as \DDD (as dig and zone files do). */
function labelText(buf: Uint8Array, start: number, length: number): string {
  let s = "";
  for (let i = start; i < start + length; i++) {
    const b = buf[i] as number;
    if (b === 0x2e || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b < 0x21 || b > 0x7e) s += `\\${String(b).padStart(3, "0")}`;
    else s += String.fromCharCode(b);
  }
  return s;
}

function labelsText(labels: readonly Uint8Array[]): string {
  return labels.map((l) => labelText(l, 0, l.length)).join(".");
}

/** The text form this module gives names (escapes, no trailing dot), for a name given by a caller. Throws DnsWireError. */
export function canonicalName(name: string): string {
  return labelsText(nameLabels(name));
}

/** A name's key for comparisons: DNS names compare ASCII case-insensitively (RFC 4343); the text form is ASCII. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Whether `name` is `ancestor` or below it (both in the text form of this module). */
function isAtOrBelow(name: string, ancestor: string): boolean {
  const n = nameKey(name);
  const a = nameKey(ancestor);
  return a === "" || n === a || n.endsWith(`.${a}`);
}

/**
 * Reads a name at `start`: labels, then the root or a compression pointer (RFC 1035 section 4.1.4). A pointer must
 * point before the start of the labels it ends (so targets strictly decrease and loops are impossible) and past the
 * header; jumps are capped, and so is the name's length as if uncompressed.
 */
function readName(buf: Uint8Array, start: number): { name: string; end: number } {
  let pos = start;
  let segmentStart = start;
  let end = -1;
  let octets = 1;
  let jumps = 0;
  const parts: string[] = [];
  for (;;) {
    const len = buf[pos];
    if (len === undefined) throw new DnsWireError("a name runs past the end of the message");
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      const low = buf[pos + 1];
      if (low === undefined) throw new DnsWireError("a compression pointer runs past the end of the message");
      const target = ((len & 0x3f) << 8) | low;
      if (end < 0) end = pos + 2;
      if (target >= segmentStart || target < HEADER_OCTETS) {
        throw new DnsWireError("a compression pointer that does not point backwards");
      }
      jumps++;
      if (jumps > MAX_POINTER_JUMPS) throw new DnsWireError("too many compression pointers in a name");
      pos = target;
      segmentStart = target;
      continue;
    }
    if (kind !== 0) throw new DnsWireError("a label of an unknown type");
    if (len === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    octets += 1 + len;
    if (octets > MAX_NAME_OCTETS) throw new DnsWireError(`a name over ${MAX_NAME_OCTETS} octets`);
    if (pos + 1 + len > buf.length) throw new DnsWireError("a label runs past the end of the message");
    parts.push(labelText(buf, pos + 1, len));
    pos += 1 + len;
  }
  return { name: parts.join("."), end };
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

function formatIPv4(buf: Uint8Array, at: number): string {
  return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
}

/**
 * IPv6 text as Node's resolve6() gives it (libuv's inet_ntop, after BIND's): lowercase hex without leading zeros,
 * the first longest run of two or more zero groups as "::", and the IPv4-mapped and IPv4-compatible forms with a
 * dotted quad (::ffff:192.0.2.1, ::192.0.2.1).
 */
export function formatIPv6(buf: Uint8Array, at = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((buf[at + 2 * i] as number) << 8) | (buf[at + 2 * i + 1] as number));
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (bestBase < 0 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (bestBase >= 0 && bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += formatIPv4(buf, at + 12);
      return out;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ":";
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

class Writer {
  private bytes: number[] = [];
  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number): void {
    this.bytes.push((v >>> 8) & 0xff, v & 0xff);
  }
  u32(v: number): void {
    this.u16(Math.floor(v / 0x10000) & 0xffff);
    this.u16(v & 0xffff);
  }
  raw(b: Uint8Array): void {
    for (const x of b) this.bytes.push(x);
  }
  name(text: string): void {
    for (const l of nameLabels(text)) {
      this.u8(l.length);
      this.raw(l);
    }
    this.u8(0);
  }
  get length(): number {
    return this.bytes.length;
  }
  patch16(at: number, v: number): void {
    this.bytes[at] = (v >>> 8) & 0xff;
    this.bytes[at + 1] = v & 0xff;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function writeRData(w: Writer, data: DnsRData): void {
  switch (data.kind) {
    case "a": {
      const v4 = parseIPv4(data.address);
      if (v4 === null) throw new DnsWireError(`not an IPv4 address: ${data.address}`);
      for (const b of v4) w.u8(b);
      return;
    }
    case "aaaa": {
      const v6 = parseIPv6(data.address);
      if (v6 === null) throw new DnsWireError(`not an IPv6 address: ${data.address}`);
      for (const g of v6) w.u16(g);
      return;
    }
    case "name":
      w.name(data.target);
      return;
    case "mx":
      w.u16(data.priority);
      w.name(data.exchange);
      return;
    case "txt":
      for (const s of data.strings) {
        if (s.length > 255) throw new DnsWireError("a TXT character-string over 255 octets");
        w.u8(s.length);
        w.raw(s);
      }
      return;
    case "soa":
      w.name(data.mname);
      w.name(data.rname);
      w.u32(data.serial);
      w.u32(data.refresh);
      w.u32(data.retry);
      w.u32(data.expire);
      w.u32(data.minimum);
      return;
    case "raw":
      w.raw(data.bytes);
      return;
  }
}

function writeRecord(w: Writer, r: DnsRecord): void {
  w.name(r.name);
  w.u16(r.type);
  w.u16(r.class);
  w.u32(r.ttl);
  const at = w.length;
  w.u16(0);
  writeRData(w, r.data);
  const len = w.length - at - 2;
  if (len > 0xffff) throw new DnsWireError("record data over 65,535 octets");
  w.patch16(at, len);
}

/** A message on the wire, without compression. Throws DnsWireError for names or data that cannot be encoded. */
export function encodeMessage(m: DnsMessageInput): Uint8Array {
  const w = new Writer();
  const questions = m.questions ?? [];
  const answers = m.answers ?? [];
  const authorities = m.authorities ?? [];
  const additionals = m.additionals ?? [];
  const edns = m.edns ?? null;
  const rcode = m.rcode ?? 0;
  w.u16(m.id);
  w.u16(
    (m.qr === true ? 0x8000 : 0) |
      (((m.opcode ?? 0) & 0xf) << 11) |
      (m.aa === true ? 0x0400 : 0) |
      (m.tc === true ? 0x0200 : 0) |
      (m.rd === true ? 0x0100 : 0) |
      (m.ra === true ? 0x0080 : 0) |
      (rcode & 0xf),
  );
  w.u16(questions.length);
  w.u16(answers.length);
  w.u16(authorities.length);
  w.u16(additionals.length + (edns === null ? 0 : 1));
  for (const q of questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const r of [...answers, ...authorities, ...additionals]) writeRecord(w, r);
  if (edns !== null) {
    w.u8(0); // the root
    w.u16(RR_TYPE.OPT);
    w.u16(edns.udpSize);
    w.u32(((rcode >>> 4) & 0xff) * 0x1000000); // extended RCODE, version 0, no DO bit
    w.u16(0);
  }
  if (w.length > MAX_MESSAGE_OCTETS) throw new DnsWireError("a message over 65,535 octets");
  return w.done();
}

/** A recursive query (RD) for one question, with an EDNS0 OPT record unless `edns` is false. */
export function encodeQuery(q: { id: number; name: string; type: number; edns?: boolean }): Uint8Array {
  return encodeMessage({
    id: q.id,
    rd: true,
    questions: [{ name: q.name, type: q.type, class: CLASS_IN }],
    edns: q.edns === false ? null : { udpSize: EDNS_UDP_SIZE },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

function u16(buf: Uint8Array, at: number): number {
  if (at + 2 > buf.length) throw new DnsWireError("the message ends too early");
  return ((buf[at] as number) << 8) | (buf[at + 1] as number);
}

function u32(buf: Uint8Array, at: number): number {
  if (at + 4 > buf.length) throw new DnsWireError("the message ends too early");
  return (u16(buf, at) * 0x10000 + u16(buf, at + 2)) >>> 0;
}

function readRData(buf: Uint8Array, type: number, cls: number, start: number, end: number): DnsRData {
  const nameIn = (at: number): { name: string; end: number } => {
    const n = readName(buf, at);
    if (n.end > end) throw new DnsWireError("a name runs past its record's data");
    return n;
  };
  const exact = (at: number) => {
    if (at !== end) throw new DnsWireError(`record data of type ${type} with a wrong length`);
  };
  if (cls !== CLASS_IN) return { kind: "raw", bytes: buf.subarray(start, end) };
  switch (type) {
    case RR_TYPE.A:
      exact(start + 4);
      return { kind: "a", address: formatIPv4(buf, start) };
    case RR_TYPE.AAAA:
      exact(start + 16);
      return { kind: "aaaa", address: formatIPv6(buf, start) };
    case RR_TYPE.CNAME:
    case RR_TYPE.PTR:
    case RR_TYPE.NS: {
      const n = nameIn(start);
      exact(n.end);
      return { kind: "name", target: n.name };
    }
    case RR_TYPE.MX: {
      if (start + 2 > end) throw new DnsWireError("MX data too short");
      const priority = u16(buf, start);
      const n = nameIn(start + 2);
      exact(n.end);
      return { kind: "mx", priority, exchange: n.name };
    }
    case RR_TYPE.TXT: {
      const strings: Uint8Array[] = [];
      let at = start;
      while (at < end) {
        const len = buf[at] as number;
        if (at + 1 + len > end) throw new DnsWireError("a TXT character-string runs past its record's data");
        strings.push(buf.subarray(at + 1, at + 1 + len));
        at += 1 + len;
      }
      return { kind: "txt", strings };
    }
    case RR_TYPE.SOA: {
      const m = nameIn(start);
      const r = nameIn(m.end);
      if (r.end + 20 > end) throw new DnsWireError("SOA data too short");
      exact(r.end + 20);
      return {
        kind: "soa",
        mname: m.name,
        rname: r.name,
        serial: u32(buf, r.end),
        refresh: u32(buf, r.end + 4),
        retry: u32(buf, r.end + 8),
        expire: u32(buf, r.end + 12),
        minimum: u32(buf, r.end + 16),
      };
    }
    default:
      return { kind: "raw", bytes: buf.subarray(start, end) };
  }
}

interface RawRecord {
  readonly record: DnsRecord;
  readonly rawTtl: number;
  readonly end: number;
}

function readRecord(buf: Uint8Array, at: number): RawRecord {
  const n = readName(buf, at);
  const p = n.end;
  if (p + 10 > buf.length) throw new DnsWireError("a record runs past the end of the message");
  const type = u16(buf, p);
  const cls = u16(buf, p + 2);
  const rawTtl = u32(buf, p + 4);
  const rdLength = u16(buf, p + 8);
  const start = p + 10;
  const end = start + rdLength;
  if (end > buf.length) throw new DnsWireError("record data runs past the end of the message");
  const data = type === RR_TYPE.OPT ? { kind: "raw" as const, bytes: buf.subarray(start, end) } : null;
  const record: DnsRecord = {
    name: n.name,
    type,
    class: cls,
    ttl: rawTtl > 0x7fffffff ? 0 : rawTtl,
    data: data ?? readRData(buf, type, cls, start, end),
  };
  return { record, rawTtl, end };
}

/**
 * Decodes a message. With `questionsOnly`, the sections after the question are not read (a truncated answer, TC,
 * may be cut anywhere after it). Throws DnsWireError, and nothing else, for anything malformed: a message over
 * 65,535 octets, counts the message cannot hold, names or data running past their bounds, bad compression, more
 * than one OPT record. Octets after the last record are ignored.
 */
export function decodeMessage(buf: Uint8Array, options: { questionsOnly?: boolean } = {}): DnsMessage {
  if (buf.length > MAX_MESSAGE_OCTETS) throw new DnsWireError("a message over 65,535 octets");
  if (buf.length < HEADER_OCTETS) throw new DnsWireError("a message shorter than its header");
  const id = u16(buf, 0);
  const flags = u16(buf, 2);
  const qd = u16(buf, 4);
  const an = u16(buf, 6);
  const ns = u16(buf, 8);
  const ar = u16(buf, 10);
  const questionsOnly = options.questionsOnly === true;
  const room = buf.length - HEADER_OCTETS;
  if (qd * MIN_QUESTION_OCTETS + (questionsOnly ? 0 : (an + ns + ar) * MIN_RECORD_OCTETS) > room) {
    throw new DnsWireError("section counts larger than the message can hold");
  }
  let at = HEADER_OCTETS;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < qd; i++) {
    const n = readName(buf, at);
    if (n.end + 4 > buf.length) throw new DnsWireError("a question runs past the end of the message");
    questions.push({ name: n.name, type: u16(buf, n.end), class: u16(buf, n.end + 2) });
    at = n.end + 4;
  }
  const answers: DnsRecord[] = [];
  const authorities: DnsRecord[] = [];
  const additionals: DnsRecord[] = [];
  let edns: DnsEdns | null = null;
  let rcode = flags & 0xf;
  if (!questionsOnly) {
    const sections: [DnsRecord[], number][] = [
      [answers, an],
      [authorities, ns],
      [additionals, ar],
    ];
    for (const [section, count] of sections) {
      for (let i = 0; i < count; i++) {
        const r = readRecord(buf, at);
        at = r.end;
        if (r.record.type === RR_TYPE.OPT) {
          if (section !== additionals || edns !== null) throw new DnsWireError("an OPT record out of place");
          edns = {
            udpSize: r.record.class,
            version: (r.rawTtl >>> 16) & 0xff,
            dnssecOk: (r.rawTtl & 0x8000) !== 0,
          };
          rcode |= (r.rawTtl >>> 24) << 4;
          continue;
        }
        section.push(r.record);
      }
    }
  }
  return {
    id,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >>> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode,
    questions,
    answers,
    authorities,
    additionals,
    edns,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading an answer

/** The CNAME links followed in an answer section at most. */
export const MAX_CNAME_LINKS = 8;

export interface ReadAnswer {
  readonly status: "ok" | "NXDOMAIN" | "NODATA";
  /** The records of the asked type at the end of the CNAME chain (class IN). */
  readonly records: readonly DnsRecord[];
  /** The names followed: the name asked, then each CNAME target. */
  readonly chain: readonly string[];
  /**
   * Seconds the answer may be kept: for records, the least TTL over the chain and the records; for NXDOMAIN and
   * NODATA, min(SOA TTL, SOA MINIMUM) of the SOA in the authority section (RFC 2308 section 5) and the chain's
   * TTLs; null for a negative answer without an SOA.
   */
  readonly ttl: number | null;
}

/**
 * The answer to `name`/`type` in a NOERROR or NXDOMAIN response: follows the CNAME chain inside the answer section
 * (only records owned by the name asked or by a target in the chain, up to MAX_CNAME_LINKS links, loops stopped) and
 * takes the records of the asked type at its end. Records about other names are ignored.
 */
export function readAnswer(m: DnsMessage, name: string, type: number): ReadAnswer {
  let current = nameKey(name);
  const chain = [name];
  const seen = new Set([current]);
  let chainTtl = Number.POSITIVE_INFINITY;
  let records: DnsRecord[] = [];
  for (let links = 0; ; links++) {
    const at = m.answers.filter((r) => r.class === CLASS_IN && nameKey(r.name) === current);
    records = at.filter((r) => r.type === type);
    if (records.length > 0 || links >= MAX_CNAME_LINKS) break;
    const cname = at.find((r) => r.type === RR_TYPE.CNAME);
    if (cname === undefined || cname.data.kind !== "name") break;
    const next = nameKey(cname.data.target);
    chainTtl = Math.min(chainTtl, cname.ttl);
    if (seen.has(next)) break;
    seen.add(next);
    chain.push(cname.data.target);
    current = next;
  }
  if (m.rcode === RCODE.NOERROR && records.length > 0) {
    const ttl = Math.min(chainTtl, ...records.map((r) => r.ttl));
    return { status: "ok", records, chain, ttl };
  }
  const last = chain[chain.length - 1] as string;
  const soa = m.authorities.find((r) => r.type === RR_TYPE.SOA && r.data.kind === "soa" && isAtOrBelow(last, r.name));
  const soaTtl = soa !== undefined && soa.data.kind === "soa" ? Math.min(soa.ttl, soa.data.minimum) : null;
  const ttl = soaTtl === null ? (chainTtl === Number.POSITIVE_INFINITY ? null : chainTtl) : Math.min(soaTtl, chainTtl);
  return { status: m.rcode === RCODE.NXDOMAIN ? "NXDOMAIN" : "NODATA", records: [], chain, ttl };
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of one TXT record: its character-strings joined (RFC 7208 section 3.3), read as UTF-8 when they are
 * valid UTF-8 (RFC 6376 and RFC 7489 records are ASCII, which is UTF-8), else octet by octet as Latin-1, so that
 * no octet is lost or replaced.
 */
export function txtText(strings: readonly Uint8Array[]): string {
  let total = 0;
  for (const s of strings) total += s.length;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const s of strings) {
    joined.set(s, at);
    at += s.length;
  }
  let ascii = true;
  for (const b of joined) if (b > 0x7f) ascii = false;
  if (!ascii) {
    try {
      return utf8Strict.decode(joined);
    } catch {
      // not UTF-8: Latin-1 below
    }
  }
  let s = "";
  for (const b of joined) s += String.fromCharCode(b);
  return s;
}
