// Turns PATH arguments into DMARC documents: aggregate XML, SMTP TLS JSON and ARF failure mails, found in plain
// files, gzip, zip, mails, mboxes and Maildir trees, however deep (up to a limit). Formats are told by content, not
// by name. Everything streams with bounded memory; archives and mails are attacker-controlled, so every size, ratio,
// entry count and nesting level is capped, and anything odd is a problem event, never a throw.

import { Buffer } from "node:buffer";
import { createReadStream, statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { pipeline, Readable } from "node:stream";
import { TextDecoder } from "node:util";
import * as zlib from "node:zlib";
import PostalMime from "postal-mime";
import { looksLikeAggregateXml } from "../core/dmarc/aggregate-xml.js";
import { looksLikeTlsReport } from "../core/dmarc/tls-report.js";
import { looksLikeMbox, MAX_MESSAGE_BYTES, MboxSplitter } from "./mbox.js";
import { readFileItems, walk } from "./sources.js";

export type DmarcDocKind = "aggregate" | "tls" | "failure";

export interface DmarcDocument {
  /** "reports/a.zip > google.com!example.com!1700000000!1700086400.xml" style path for messages and problems. */
  readonly name: string;
  readonly kind: DmarcDocKind;
  /**
   * The decompressed text in pieces (UTF-8 decoded with a streaming TextDecoder; a BOM removed), for "aggregate" and
   * "tls". Consumers read it once, before asking for the next event: once the next event is asked for, the rest is
   * skipped and the file closed. When the text was cut (a limit, a damaged archive), the pieces simply end and a
   * problem event for the same name follows the document. (Damage met within the first 4 KiB, where the format is
   * told, gives the problem alone.)
   */
  readonly chunks?: AsyncIterable<string>;
  /** The raw mail for "failure" documents. */
  readonly mail?: Uint8Array;
}

export interface DmarcInputLimits {
  /** Most bytes one document (or one nested archive layer) may decompress to; default 1 GiB. */
  maxDocumentBytes?: number;
  /** Most decompressed/compressed ratio once past 16 MiB decompressed; default 1000. */
  maxRatio?: number;
  /** Most entries in one zip; default 10,000. */
  maxEntries?: number;
  /** Most containers (zip, gzip, mail) around a document under the path given ("zip in mail in zip"); default 3. */
  maxNesting?: number;
}

export type DmarcInputEvent =
  | { readonly document: DmarcDocument }
  | { readonly problem: { readonly file: string; readonly code: string; readonly message: string } };

/** Every problem code readDmarcInputs gives. */
export const DMARC_INPUT_PROBLEM_CODES = [
  "unreadable",
  "unknown-format",
  "named-gz-not-gzip",
  "corrupt-gzip",
  "corrupt-zip",
  "zip-encrypted",
  "zip-unsupported-method",
  "zip-too-many-entries",
  "empty-archive",
  "too-deep",
  "too-big",
  "compression-bomb",
  "mail-unreadable",
  "no-report-in-mail",
  "not-auth-failure",
] as const;
export type DmarcInputProblemCode = (typeof DMARC_INPUT_PROBLEM_CODES)[number];

const MIB = 1024 * 1024;
export const DEFAULT_DMARC_INPUT_LIMITS: Readonly<Required<DmarcInputLimits>> = {
  maxDocumentBytes: 1024 * MIB,
  maxRatio: 1000,
  maxEntries: 10_000,
  maxNesting: 3,
};
/** The ratio test starts past this many decompressed bytes: small files legitimately compress very well. */
const RATIO_FLOOR = 16 * MIB;
/** Bytes looked at to tell a format. */
const HEAD_BYTES = 4096;
const READ_CHUNK = 64 * 1024;
/** A zip that is not a file of its own (in a mail, a zip or a gzip) is read into memory up to this size. */
const MAX_NESTED_ARCHIVE_BYTES = 64 * MIB;
/** A zip's central directory larger than this is not read (10,000 entries take about 1 MiB). */
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * MIB;
const MAX_NAME_CHARS = 255;

type Limits = Required<DmarcInputLimits>;
type ProblemCode = DmarcInputProblemCode;

/** Stops a byte stream; becomes a problem event where the stream is read. */
class InputStop extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
  }
}

/** A chain of byte layers (file, inflate, limit ...). close() releases every layer, started or not. */
interface ByteStream {
  readonly chunks: AsyncGenerator<Uint8Array, void, undefined>;
  close(): Promise<void>;
}

/** Compressed (raw) bytes read for the current document, for the ratio test. */
interface RawCounter {
  bytes: number;
}

/** A stream whose first bytes were read to tell its format; `stream` still yields them. */
interface Peeked {
  readonly head: Uint8Array;
  readonly stream: ByteStream;
  readonly raw: RawCounter;
}

function problem(file: string, code: ProblemCode, message: string): DmarcInputEvent {
  return { problem: { file, code, message } };
}

function problemOf(file: string, e: unknown): DmarcInputEvent {
  if (e instanceof InputStop) return problem(file, e.code, e.message);
  const err = e as NodeJS.ErrnoException | undefined;
  const message = typeof err?.message === "string" ? err.message : String(e);
  return problem(file, "unreadable", message);
}

function isFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && code.startsWith("E");
}

function formatBytes(n: number): string {
  if (n >= MIB) return `${Math.round((n / MIB) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

/** Attacker-chosen names end up in terminals and HTML: control characters become "?", the length is capped. */
function cleanName(s: string): string {
  let out = "";
  let n = 0;
  for (const ch of s) {
    if (++n > MAX_NAME_CHARS) return `${out}...`;
    const c = ch.codePointAt(0) ?? 0;
    out += c < 0x20 || (c >= 0x7f && c < 0xa0) ? "?" : ch;
  }
  return out;
}

function chained(chunks: AsyncGenerator<Uint8Array, void, undefined>, upstream?: ByteStream): ByteStream {
  return {
    chunks,
    async close() {
      await chunks.return(undefined);
      await upstream?.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Byte layers

function fileStream(path: string, raw: RawCounter): ByteStream {
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    // Opened on the first read, so an open error (ENOENT, EACCES) surfaces where the stream is read.
    const rs = createReadStream(path, { highWaterMark: READ_CHUNK });
    try {
      for await (const chunk of rs as AsyncIterable<Buffer>) {
        raw.bytes += chunk.length;
        yield chunk;
      }
    } finally {
      rs.destroy();
    }
  }
  return chained(run());
}

function memoryStream(data: Uint8Array, raw: RawCounter): ByteStream {
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    for (let at = 0; at < data.length; at += READ_CHUNK) {
      const piece = data.subarray(at, Math.min(data.length, at + READ_CHUNK));
      raw.bytes += piece.length;
      yield piece;
    }
  }
  return chained(run());
}

/**
 * Decompresses through a Node zlib stream with backpressure (its output comes in 64 KiB pieces however well the
 * input compresses). zlib's own errors (bad header, bad CRC, truncated input) become `code`; errors from upstream
 * (a limit, a read error) pass as they are.
 */
function zlibLayer(
  upstream: ByteStream,
  create: () => zlib.Gunzip | zlib.InflateRaw,
  code: ProblemCode,
  what: string,
): ByteStream {
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    const z = create();
    const input = Readable.from(upstream.chunks, { objectMode: false });
    pipeline(input, z, () => {
      // errors surface through the iteration below
    });
    try {
      for await (const chunk of z as AsyncIterable<Buffer>) yield chunk;
    } catch (e) {
      if (e instanceof InputStop || isFsError(e)) throw e;
      throw new InputStop(code, `${what}: ${(e as Error).message}`);
    } finally {
      z.destroy();
      input.destroy();
    }
  }
  return chained(run(), upstream);
}

function gunzipLayer(upstream: ByteStream): ByteStream {
  return zlibLayer(upstream, () => zlib.createGunzip({ chunkSize: READ_CHUNK }), "corrupt-gzip", "damaged gzip data");
}

/** Counts decompressed bytes as they pass and stops at the size or ratio limit. */
function limitLayer(upstream: ByteStream, raw: RawCounter, limits: Limits): ByteStream {
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    let out = 0;
    for await (const chunk of upstream.chunks) {
      out += chunk.length;
      if (out > limits.maxDocumentBytes) {
        throw new InputStop(
          "too-big",
          `larger than ${formatBytes(limits.maxDocumentBytes)} once decompressed (the maxDocumentBytes limit): not read further`,
        );
      }
      if (out > RATIO_FLOOR && out > raw.bytes * limits.maxRatio) {
        throw new InputStop(
          "compression-bomb",
          `${formatBytes(raw.bytes)} expand to more than ${formatBytes(out)}, over ${limits.maxRatio} times: a compression bomb, not read further`,
        );
      }
      yield chunk;
    }
  }
  return chained(run(), upstream);
}

// CRC-32 (ISO-HDLC) of zip entries: zlib.crc32 where Node has it (20.15+), a table otherwise.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
let crcTable: Uint32Array | undefined;
function crc32(data: Uint8Array, value: number): number {
  if (nativeCrc32 !== undefined) return nativeCrc32(data, value);
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~value >>> 0;
  for (let i = 0; i < data.length; i++) c = (crcTable[(c ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

function crcLayer(upstream: ByteStream, expected: number): ByteStream {
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    let crc = 0;
    for await (const chunk of upstream.chunks) {
      crc = crc32(chunk, crc);
      yield chunk;
    }
    if (crc >>> 0 !== expected >>> 0) {
      throw new InputStop("corrupt-zip", "the entry's CRC-32 does not match its content: the archive is damaged");
    }
  }
  return chained(run(), upstream);
}

/** Reads the first `n` bytes (or all, when fewer) and gives them with a stream that yields everything again. */
async function peek(upstream: ByteStream, n: number, raw: RawCounter): Promise<Peeked> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let done = false;
  try {
    while (size < n) {
      const r = await upstream.chunks.next();
      if (r.done === true) {
        done = true;
        break;
      }
      parts.push(r.value);
      size += r.value.length;
    }
  } catch (e) {
    await upstream.close();
    throw e;
  }
  const first = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, size);
  async function* replay(): AsyncGenerator<Uint8Array, void, undefined> {
    if (first.length > 0) yield first;
    if (done) return;
    for (;;) {
      const r = await upstream.chunks.next();
      if (r.done === true) return;
      yield r.value;
    }
  }
  return { head: first.subarray(0, n), stream: chained(replay(), upstream), raw };
}

/** All bytes of a stream up to `cap`; `over` when there were more (the rest is not read). Closes the stream. */
async function collect(s: ByteStream, cap: number): Promise<{ data: Buffer; over: boolean }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of s.chunks) {
      if (size + chunk.length > cap) return { data: Buffer.concat(parts, size), over: true };
      parts.push(chunk);
      size += chunk.length;
    }
  } finally {
    await s.close();
  }
  return { data: Buffer.concat(parts, size), over: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Telling formats by content

type Sniffed = "gzip" | "zip" | "aggregate" | "tls" | "json" | "xml" | "mail" | "empty" | "unknown";

function bomEncoding(head: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return undefined;
}

function headText(head: Uint8Array): string {
  return new TextDecoder(bomEncoding(head) ?? "utf-8").decode(head.subarray(0, HEAD_BYTES));
}

function skipSpace(s: string): string {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0xfeff && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return s.slice(i);
}

const HEADER_FIELD = /^[!-9;-~]{1,76}:/;

/** Header fields from the first line on, at least two of them before the blank line (or the end of the head). */
function looksLikeMailHead(text: string): boolean {
  const lines = text.split("\n", 60);
  // The last line may be cut by the head's end.
  if (lines.length > 1) lines.pop();
  let fields = 0;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") break;
    if (line[0] === " " || line[0] === "\t") {
      if (fields === 0) return false;
    } else if (HEADER_FIELD.test(line)) fields++;
    else return false;
  }
  return fields >= 2;
}

function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return "empty";
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  // PK\3\4 opens an entry; PK\5\6 is the end record of an archive with no entries.
  if (head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6)))
    return "zip";
  const text = skipSpace(headText(head));
  if (looksLikeAggregateXml(text)) return "aggregate";
  if (looksLikeTlsReport(text)) return "tls";
  if (text.startsWith("{") || text.startsWith("[")) return "json";
  if (text.startsWith("<")) return "xml";
  if (looksLikeMbox(Buffer.from(head.buffer, head.byteOffset, head.length)) || looksLikeMailHead(text)) return "mail";
  return "unknown";
}

const XML_ENCODING = /^<\?xml[^>]{0,200}encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/;

/**
 * The decoder of a document: UTF-16 by its byte-order mark, a single-byte charset named by the XML declaration
 * (ISO-8859-1, windows-1252), UTF-8 otherwise. The BOM is removed in every case.
 */
function decoderFor(head: Uint8Array): TextDecoder {
  const bom = bomEncoding(head);
  if (bom !== undefined) return new TextDecoder(bom);
  const m = XML_ENCODING.exec(skipSpace(Buffer.from(head.subarray(0, 400)).toString("latin1")));
  const label = m?.[1]?.toLowerCase();
  if (label !== undefined && !label.startsWith("utf")) {
    try {
      return new TextDecoder(label);
    } catch {
      // an unknown label: read as UTF-8
    }
  }
  return new TextDecoder("utf-8");
}

// ---------------------------------------------------------------------------------------------------------------
// Zip: read by its central directory (random access on a file or a buffer), entries streamed one at a time

interface RandomAccess {
  readonly size: number;
  read(position: number, length: number): Promise<Uint8Array>;
  stream(start: number, end: number, raw: RawCounter): ByteStream;
  close(): Promise<void>;
}

async function openFileAccess(path: string): Promise<RandomAccess> {
  const fh: FileHandle = await open(path, "r");
  let size: number;
  try {
    size = (await fh.stat()).size;
  } catch (e) {
    await fh.close();
    throw e;
  }
  const read = async (position: number, length: number): Promise<Uint8Array> => {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  };
  return {
    size,
    read,
    stream(start, end, raw) {
      async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
        let pos = start;
        while (pos < end) {
          const chunk = await read(pos, Math.min(READ_CHUNK, end - pos));
          if (chunk.length === 0) throw new InputStop("corrupt-zip", "the file ends inside an entry");
          pos += chunk.length;
          raw.bytes += chunk.length;
          yield chunk;
        }
      }
      return chained(run());
    },
    close: () => fh.close(),
  };
}

function memoryAccess(data: Uint8Array): RandomAccess {
  return {
    size: data.length,
    read: async (position, length) => data.subarray(position, Math.min(data.length, position + length)),
    stream: (start, end, raw) => memoryStream(data.subarray(start, Math.min(end, data.length)), raw),
    close: async () => {},
  };
}

interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x100000000;

const ZIP_METHODS: Record<number, string> = {
  1: "shrink",
  6: "implode",
  9: "deflate64",
  12: "bzip2",
  14: "LZMA",
  93: "Zstandard",
  95: "XZ",
  98: "PPMd",
  99: "AES encryption",
};

const utf8Strict = new TextDecoder("utf-8", { fatal: true });
function zipName(bytes: Uint8Array, flags: number): string {
  if ((flags & 0x800) !== 0) return new TextDecoder().decode(bytes);
  try {
    return utf8Strict.decode(bytes);
  } catch {
    // The old default is CP437; Latin-1 is close enough for the names of report files.
    return Buffer.from(bytes).toString("latin1");
  }
}

/** The entries of a zip, from its end record and central directory (APPNOTE.TXT 4.3.12-4.3.16, zip64 4.3.14). */
async function readCentralDirectory(ra: RandomAccess, maxEntries: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(ra.size, 22 + 0xffff);
  const tail = await ra.read(ra.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new InputStop("corrupt-zip", "no end of central directory record: the zip is truncated or damaged");
  let total = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: a locator just before the end record points at the zip64 end record.
    const at = eocd - 20;
    if (at >= 0 && u32(tail, at) === 0x07064b50) {
      const rec = await ra.read(u64(tail, at + 8), 56);
      if (rec.length === 56 && u32(rec, 0) === 0x06064b50) {
        total = u64(rec, 32);
        cdSize = u64(rec, 40);
        cdOffset = u64(rec, 48);
      }
    }
  }
  if (total > maxEntries) {
    throw new InputStop(
      "zip-too-many-entries",
      `${total} entries, more than the limit of ${maxEntries} (maxEntries): the archive is not read`,
    );
  }
  if (cdOffset + cdSize > ra.size) throw new InputStop("corrupt-zip", "the central directory lies outside the file");
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) throw new InputStop("corrupt-zip", "the central directory is too large");
  const cd = await ra.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < total; k++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) {
      throw new InputStop("corrupt-zip", `central directory entry ${k + 1} is damaged`);
    }
    const flags = u16(cd, p + 8);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    let size = u32(cd, p + 24);
    let compressedSize = u32(cd, p + 20);
    let localOffset = u32(cd, p + 42);
    const name = zipName(cd.subarray(p + 46, p + 46 + nameLength), flags);
    // zip64 extended information (header 0x0001): only the fields that are 0xFFFFFFFF above, in this order.
    let x = p + 46 + nameLength;
    const extraEnd = Math.min(cd.length, x + extraLength);
    while (x + 4 <= extraEnd) {
      const id = u16(cd, x);
      const len = u16(cd, x + 2);
      if (id === 1) {
        let f = x + 4;
        const end = x + 4 + len;
        if (size === 0xffffffff && f + 8 <= end) {
          size = u64(cd, f);
          f += 8;
        }
        if (compressedSize === 0xffffffff && f + 8 <= end) {
          compressedSize = u64(cd, f);
          f += 8;
        }
        if (localOffset === 0xffffffff && f + 8 <= end) localOffset = u64(cd, f);
      }
      x += 4 + len;
    }
    entries.push({
      name,
      flags,
      method: u16(cd, p + 10),
      crc: u32(cd, p + 16),
      compressedSize,
      size,
      localOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts: after its local header, whose name and extra field lengths may differ. */
async function dataStartOf(ra: RandomAccess, entry: ZipEntry): Promise<number> {
  const h = await ra.read(entry.localOffset, 30);
  if (h.length < 30 || u32(h, 0) !== 0x04034b50)
    throw new InputStop("corrupt-zip", "the entry's local header is missing");
  const start = entry.localOffset + 30 + u16(h, 26) + u16(h, 28);
  if (start + entry.compressedSize > ra.size)
    throw new InputStop("corrupt-zip", "the entry runs past the end of the file");
  return start;
}

async function* readZip(ctx: Context, name: string, ra: RandomAccess, depth: number): AsyncGenerator<DmarcInputEvent> {
  let entries: ZipEntry[];
  try {
    entries = await readCentralDirectory(ra, ctx.limits.maxEntries);
  } catch (e) {
    yield problemOf(name, e);
    return;
  }
  const files = entries.filter((e) => !e.name.endsWith("/"));
  if (files.length === 0) {
    yield problem(name, "empty-archive", "a zip with no files in it");
    return;
  }
  for (const entry of files) {
    const entryName = `${name} > ${cleanName(entry.name)}`;
    if ((entry.flags & 1) !== 0) {
      yield problem(entryName, "zip-encrypted", "the entry is encrypted (password-protected): it cannot be read");
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8) {
      const method = ZIP_METHODS[entry.method] ?? `method ${entry.method}`;
      yield problem(
        entryName,
        "zip-unsupported-method",
        `the entry is compressed with ${method}; only stored and deflate entries are read`,
      );
      continue;
    }
    let src: Peeked;
    try {
      const start = await dataStartOf(ra, entry);
      const raw: RawCounter = { bytes: 0 };
      let s = ra.stream(start, start + entry.compressedSize, raw);
      if (entry.method === 8) {
        s = zlibLayer(
          s,
          () => zlib.createInflateRaw({ chunkSize: READ_CHUNK }),
          "corrupt-zip",
          "damaged deflate data in the entry",
        );
        s = limitLayer(s, raw, ctx.limits);
      }
      src = await peek(crcLayer(s, entry.crc), HEAD_BYTES, raw);
    } catch (e) {
      yield problemOf(entryName, e);
      continue;
    }
    yield* readSource(ctx, entryName, src, depth, {});
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mails

const FEEDBACK_REPORT = /report-type\s*=\s*"?feedback-report/i;
const FEEDBACK_TYPE = /^feedback-type:[ \t]*([A-Za-z-]{1,40})/im;
/** A name or type that says "a report is here", so content that fits no format is worth a problem. */
const REPORT_NAME = /\.(?:xml|gz|gzip|zip|json)$/i;
const REPORT_TYPE = /xml|zip|gzip|json|tlsrpt/i;

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === "string") return Buffer.from(content, "utf8");
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/**
 * One mail: an ARF auth-failure report is a "failure" document as it is; any other mail gives the reports in its
 * attachments (any encoding postal-mime decodes, any content type: the content decides), each read like a file.
 */
async function* readMail(
  ctx: Context,
  name: string,
  data: Uint8Array,
  depth: number,
  truncated: boolean,
): AsyncGenerator<DmarcInputEvent> {
  if (truncated) {
    yield problem(name, "too-big", `a mail larger than ${formatBytes(MAX_MESSAGE_BYTES)}: not read`);
    return;
  }
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(data, { attachmentEncoding: "arraybuffer", forceRfc822Attachments: true });
  } catch (e) {
    yield problem(name, "mail-unreadable", `the mail cannot be parsed: ${(e as Error).message}`);
    return;
  }
  const contentType = email.headers.find((h) => h.key === "content-type")?.value ?? "";
  const feedbackPart = email.attachments.find((a) => a.mimeType === "message/feedback-report");
  if (FEEDBACK_REPORT.test(contentType) || feedbackPart !== undefined) {
    const fields = feedbackPart === undefined ? "" : new TextDecoder().decode(bytesOf(feedbackPart.content));
    const type = FEEDBACK_TYPE.exec(fields)?.[1]?.toLowerCase();
    if (type === undefined || type === "auth-failure") yield { document: { name, kind: "failure", mail: data } };
    else yield problem(name, "not-auth-failure", `a feedback report of type "${type}", not an authentication failure`);
    return;
  }
  let found = 0;
  for (let i = 0; i < email.attachments.length; i++) {
    const a = email.attachments[i];
    if (a === undefined) continue;
    const bytes = bytesOf(a.content);
    const kind = sniff(bytes.subarray(0, HEAD_BYTES));
    const suggestive = REPORT_NAME.test(a.filename ?? "") || REPORT_TYPE.test(a.mimeType);
    // A logo, a signature, a PDF: not a report, and not worth a word.
    if ((kind === "unknown" || kind === "empty" || kind === "json" || kind === "xml") && !suggestive) continue;
    found++;
    const attachmentName = `${name} > ${cleanName(a.filename ?? `attachment ${i + 1}`)}`;
    if (depth + 1 > ctx.limits.maxNesting) {
      yield tooDeep(attachmentName, ctx);
      continue;
    }
    const raw: RawCounter = { bytes: 0 };
    yield* readSource(ctx, attachmentName, await peek(memoryStream(bytes, raw), HEAD_BYTES, raw), depth + 1, {});
  }
  if (found > 0) return;
  // A report pasted into the body instead of attached.
  const body = skipSpace(email.text ?? "");
  if (looksLikeAggregateXml(body) || looksLikeTlsReport(body)) {
    const raw: RawCounter = { bytes: 0 };
    const bytes = Buffer.from(body, "utf8");
    yield* readSource(ctx, `${name} > (body)`, await peek(memoryStream(bytes, raw), HEAD_BYTES, raw), depth, {});
    return;
  }
  yield problem(name, "no-report-in-mail", "the mail carries no DMARC or TLS report (no attachment of that kind)");
}

function mailName(file: string, index: number, inMbox: boolean): string {
  return inMbox ? `${file}#${index}` : file;
}

/** A mail found inside something else (an archive, a gzip, a forwarded mail): an mbox is split as it streams. */
async function* readNestedMails(
  ctx: Context,
  name: string,
  src: Peeked,
  depth: number,
): AsyncGenerator<DmarcInputEvent> {
  try {
    if (looksLikeMbox(Buffer.from(src.head.buffer, src.head.byteOffset, src.head.length))) {
      const splitter = new MboxSplitter(MAX_MESSAGE_BYTES);
      for await (const chunk of src.stream.chunks) {
        for (const m of splitter.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))) {
          yield* readMail(ctx, mailName(name, m.index, true), m.data, depth, m.truncated);
        }
      }
      for (const m of splitter.end()) yield* readMail(ctx, mailName(name, m.index, true), m.data, depth, m.truncated);
    } else {
      const { data, over } = await collect(src.stream, MAX_MESSAGE_BYTES);
      yield* readMail(ctx, name, data, depth, over);
    }
  } catch (e) {
    yield problemOf(name, e);
  } finally {
    await src.stream.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch

interface Context {
  readonly limits: Limits;
}

function tooDeep(name: string, ctx: Context): DmarcInputEvent {
  return problem(
    name,
    "too-deep",
    `nested more than ${ctx.limits.maxNesting} containers deep (zip, gzip, mail; the maxNesting limit): not read`,
  );
}

/**
 * A document: its chunks decode the bytes as the consumer pulls them. When the consumer asks for the next event,
 * whatever it left unread is dropped and every layer down to the file is closed; a limit or damage met while it
 * read becomes a problem event right after.
 */
async function* emitDocument(
  ctx: Context,
  name: string,
  kind: "aggregate" | "tls",
  src: Peeked,
): AsyncGenerator<DmarcInputEvent> {
  const bytes = limitLayer(src.stream, src.raw, ctx.limits);
  const decoder = decoderFor(src.head);
  const state: { stop?: DmarcInputEvent; started: boolean; closed: boolean } = { started: false, closed: false };
  async function* decode(): AsyncGenerator<string, void, undefined> {
    if (state.started || state.closed) return;
    state.started = true;
    try {
      for await (const chunk of bytes.chunks) {
        const text = decoder.decode(chunk, { stream: true });
        if (text.length > 0) yield text;
      }
      const rest = decoder.decode();
      if (rest.length > 0) yield rest;
    } catch (e) {
      state.stop = problemOf(name, e);
    }
  }
  try {
    yield { document: { name, kind, chunks: { [Symbol.asyncIterator]: decode } } };
  } finally {
    state.closed = true;
    await bytes.close();
  }
  if (state.stop !== undefined) yield state.stop;
}

async function* readSource(
  ctx: Context,
  name: string,
  src: Peeked,
  depth: number,
  options: { readonly file?: string; readonly gunzipped?: boolean },
): AsyncGenerator<DmarcInputEvent> {
  try {
    const kind = sniff(src.head);
    if (kind !== "gzip" && options.gunzipped !== true && /\.gz(?:ip)?$/i.test(name)) {
      // Some reporters name plain XML ".xml.gz": read it as it is, and say so.
      yield problem(name, "named-gz-not-gzip", "named .gz but not gzip: read as it is");
    }
    switch (kind) {
      case "gzip": {
        if (depth + 1 > ctx.limits.maxNesting) {
          yield tooDeep(name, ctx);
          return;
        }
        let inner: Peeked;
        try {
          inner = await peek(limitLayer(gunzipLayer(src.stream), src.raw, ctx.limits), HEAD_BYTES, src.raw);
        } catch (e) {
          yield problemOf(name, e);
          return;
        }
        yield* readSource(ctx, name, inner, depth + 1, { gunzipped: true });
        return;
      }
      case "zip": {
        if (depth + 1 > ctx.limits.maxNesting) {
          yield tooDeep(name, ctx);
          return;
        }
        let ra: RandomAccess;
        try {
          if (options.file !== undefined && options.gunzipped !== true) {
            await src.stream.close();
            ra = await openFileAccess(options.file);
          } else {
            const cap = Math.min(MAX_NESTED_ARCHIVE_BYTES, ctx.limits.maxDocumentBytes);
            const { data, over } = await collect(src.stream, cap);
            if (over) {
              yield problem(name, "too-big", `an archive inside another one larger than ${formatBytes(cap)}: not read`);
              return;
            }
            ra = memoryAccess(data);
          }
        } catch (e) {
          yield problemOf(name, e);
          return;
        }
        try {
          yield* readZip(ctx, name, ra, depth + 1);
        } finally {
          await ra.close();
        }
        return;
      }
      case "mail":
        if (options.file !== undefined && options.gunzipped !== true) {
          await src.stream.close();
          for await (const item of readFileItems(options.file)) {
            if (item.error !== undefined) yield problem(name, "unreadable", item.error.message);
            else if (item.data !== undefined) {
              const mailFile = mailName(name, item.message, item.inMbox === true);
              yield* readMail(ctx, mailFile, item.data, depth, item.truncated === true);
            }
          }
        } else yield* readNestedMails(ctx, name, src, depth);
        return;
      case "aggregate":
      case "tls":
        yield* emitDocument(ctx, name, kind, src);
        return;
      case "json":
        yield problem(name, "unknown-format", "JSON that is not an SMTP TLS report (RFC 8460)");
        return;
      case "xml":
        yield problem(name, "unknown-format", "XML that is not a DMARC aggregate report (no <feedback> report in it)");
        return;
      case "empty":
        yield problem(name, "unknown-format", "empty: no report in it");
        return;
      case "unknown":
        yield problem(name, "unknown-format", "not a DMARC or TLS report, a gzip or zip archive, or a mail");
        return;
    }
  } finally {
    await src.stream.close();
  }
}

async function* readPath(ctx: Context, path: string): AsyncGenerator<DmarcInputEvent> {
  let regular: boolean;
  try {
    regular = statSync(path).isFile();
  } catch (e) {
    yield problemOf(path, e);
    return;
  }
  const raw: RawCounter = { bytes: 0 };
  let src: Peeked;
  try {
    src = await peek(fileStream(path, raw), HEAD_BYTES, raw);
  } catch (e) {
    yield problemOf(path, e);
    return;
  }
  try {
    yield* readSource(ctx, path, src, 0, regular ? { file: path } : {});
  } catch (e) {
    // Not expected (every layer reports its own trouble), but one bad file must not end the run.
    yield problemOf(path, e);
  }
}

function checkLimits(limits: DmarcInputLimits): Limits {
  const out = { ...DEFAULT_DMARC_INPUT_LIMITS };
  for (const key of Object.keys(out) as (keyof Limits)[]) {
    const v = limits[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || Number.isNaN(v) || v < (key === "maxNesting" ? 0 : 1)) {
      throw new RangeError(`readDmarcInputs: ${key} must be a positive number, got ${String(v)}`);
    }
    out[key] = v;
  }
  return out;
}

/**
 * Every DMARC aggregate report, TLS report and failure report under the given paths (files or directories, walked
 * in name order, hidden files skipped), in order, with a problem event for anything that could not be read. Never
 * throws once started; invalid limits throw a RangeError at the call.
 *
 * @example
 * for await (const event of readDmarcInputs(["reports/"])) {
 *   if ("problem" in event) console.warn(event.problem.file, event.problem.message);
 *   else if (event.document.chunks) for await (const text of event.document.chunks) parser.push(text);
 * }
 */
export function readDmarcInputs(
  paths: readonly string[],
  limits: DmarcInputLimits = {},
): AsyncGenerator<DmarcInputEvent> {
  const ctx: Context = { limits: checkLimits(limits) };
  return (async function* run(): AsyncGenerator<DmarcInputEvent> {
    for (const path of paths) {
      let directory: boolean;
      try {
        directory = statSync(path).isDirectory();
      } catch (e) {
        yield problemOf(path, e);
        continue;
      }
      if (!directory) {
        yield* readPath(ctx, path);
        continue;
      }
      for (const entry of walk(path)) {
        if (entry.error !== undefined) yield problem(entry.file, "unreadable", entry.error);
        else yield* readPath(ctx, entry.file);
      }
    }
  })();
}
