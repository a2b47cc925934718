// Ingest: PATH arguments -> format detection per file -> readers (Postfix, Exim, ESP JSON, bounce emails) ->
// diagnosed events -> the store, in batches (one transaction each). Streams every input: memory stays flat
// whatever the size of a log. A file that cannot be read is reported with its name and the rest goes on; a line
// or record that cannot be read is counted and reported with its place.

import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { parseBounce } from "../core/bounce/parse-bounce.js";
import { DiagnosisCache, diagnoseEvent, eventsOfBounce } from "../core/events/diagnose-event.js";
import { readEspRecord } from "../core/events/esp.js";
import { createEximLogReader, looksLikeEximLine } from "../core/events/exim-log.js";
import { type JsonRecordProblem, JsonRecordSplitter, type JsonRecordText } from "../core/events/json-records.js";
import type { LineReader } from "../core/events/line-reader.js";
import { createPostfixLogReader, looksLikePostfixLine } from "../core/events/postfix-log.js";
import type { DeliveryEvent, RawEvent, ReadProblem } from "../core/events/types.js";
import type { EventStore } from "../store/types.js";
import { looksLikeMbox, MAX_MESSAGE_BYTES, MboxSplitter } from "./mbox.js";
import { readFileItems, walk } from "./sources.js";

export type IngestFormat = "postfix" | "exim" | "json" | "mail";
export const INGEST_FORMATS: readonly IngestFormat[] = ["postfix", "exim", "json", "mail"];

/** Lines longer than this are reported and skipped (a log line is a few hundred bytes). */
export const MAX_LINE_BYTES = 1 << 20;
const HEAD_BYTES = 64 * 1024;
/** A gzip file (rotated logs: mail.log.2.gz) may decompress to at most this many times its size, or 1 GiB. */
const MAX_GZIP_RATIO = 200;

/** How many problems per file are kept with their place; all are counted. */
const PROBLEM_SAMPLES = 20;

export interface IngestOptions {
  /** Force one format for every file instead of detecting it. */
  readonly format?: IngestFormat;
  /** Year reference for syslog timestamps without a year (default: each file's modification time). */
  readonly referenceTime?: number;
  readonly utcOffsetMinutes?: number;
  /** Events per transaction (default 5,000). */
  readonly batchSize?: number;
  /** Called with the bytes read so far, for a progress bar. */
  readonly onBytes?: (bytes: number) => void;
  /** Called after each file. */
  readonly onFile?: (report: FileReport) => void;
  /** Most bytes a gzip file may decompress to (default: 200 times its size, at least 1 GiB). */
  readonly maxGzipBytes?: number;
}

export interface FileReport {
  readonly file: string;
  readonly format: IngestFormat | null;
  /** Lines (logs), records (JSON) or messages (mail) read. */
  readonly records: number;
  readonly events: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly problems: number;
  readonly problemSamples: readonly ReadProblem[];
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface IngestReport {
  readonly files: readonly FileReport[];
  readonly events: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly problems: number;
  readonly failedFiles: number;
}

/** Decides a file's format from its first bytes; null when none fits. */
export function detectFormat(head: Buffer): IngestFormat | null {
  const text = head.toString("utf8");
  let i = 0;
  while (
    i < text.length &&
    (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t" || text[i] === "\ufeff")
  )
    i++;
  const first = text[i];
  if (first === "[" || first === "{") return "json";
  if (looksLikeMbox(head)) return "mail";
  // Drop a last line that the head may have cut.
  const lines = text.slice(i).split("\n", 200);
  if (lines.length > 1) lines.pop();
  for (const line of lines) {
    if (looksLikePostfixLine(line)) return "postfix";
    if (looksLikeEximLine(line)) return "exim";
  }
  // An email: a first line that is a header field ("Name: value").
  const colon = text.indexOf(":", i);
  const eol = text.indexOf("\n", i);
  if (colon > i && (eol < 0 || colon < eol)) {
    const name = text.slice(i, colon);
    let ok = name.length > 0 && name.length < 80;
    for (let k = 0; ok && k < name.length; k++) {
      const c = name.charCodeAt(k);
      ok = c > 32 && c < 127;
    }
    if (ok) return "mail";
  }
  return null;
}

class Batcher {
  private batch: DeliveryEvent[] = [];
  inserted = 0;
  duplicates = 0;
  events = 0;
  constructor(
    private readonly store: EventStore,
    private readonly size: number,
  ) {}
  async add(e: DeliveryEvent): Promise<void> {
    this.batch.push(e);
    this.events++;
    if (this.batch.length >= this.size) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const r = await this.store.insert(this.batch);
    this.batch = [];
    this.inserted += r.inserted;
    this.duplicates += r.duplicates;
  }
}

class FileState {
  records = 0;
  problems = 0;
  readonly samples: ReadProblem[] = [];
  constructor(readonly file: string) {}
  problem(line: number | null, message: number | null, problem: string): void {
    this.problems++;
    if (this.samples.length < PROBLEM_SAMPLES) this.samples.push({ file: this.file, line, message, problem });
  }
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The bytes of a file, decompressed when it is gzip. `onBytes` counts the file's own bytes (for a progress bar over
 * file sizes). A gzip stream that grows past MAX_GZIP_RATIO times the file (or 1 GiB) stops with an error: a
 * compression bomb is not a log.
 */
async function* openInput(
  file: string,
  gzip: boolean,
  onBytes: (n: number) => void,
  maxGzipBytes?: number,
): AsyncGenerator<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        onBytes(chunk.length);
        yield chunk;
      }
    } finally {
      raw.destroy();
    }
  }
  if (!gzip) {
    yield* counted();
    return;
  }
  yield* gunzipOf(counted(), maxGzipBytes ?? Math.max(1 << 30, statSync(file).size * MAX_GZIP_RATIO));
}

/**
 * Calls `onLine` for every line of a file, with bounded memory: an over-long line is reported, not kept. Each line
 * is decoded on its own from the bytes (a newline byte never occurs inside a UTF-8 sequence), so a string kept
 * from a line (a cache key, a joined sender) holds that line only, not the megabyte chunk it came in.
 */
async function forEachLine(
  input: AsyncIterable<Buffer>,
  onLine: (line: string, lineNo: number) => Promise<void> | void,
  onTooLong: (lineNo: number) => void,
): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let lineNo = 0;
  const emit = async (buf: Buffer, start: number, end: number) => {
    let line: string;
    if (pendingBytes > 0) {
      pending.push(buf.subarray(start, end));
      line = Buffer.concat(pending, pendingBytes + end - start).toString("utf8");
      pending = [];
      pendingBytes = 0;
    } else line = buf.toString("utf8", start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    const r = onLine(line, lineNo);
    if (r !== undefined) await r;
  };
  for await (const chunk of input) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) break;
      lineNo++;
      if (skipping) skipping = false;
      else if (pendingBytes + nl - from > MAX_LINE_BYTES) {
        onTooLong(lineNo);
        pending = [];
        pendingBytes = 0;
      } else await emit(chunk, from, nl);
      from = nl + 1;
    }
    if (!skipping && from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
      if (pendingBytes > MAX_LINE_BYTES) {
        onTooLong(lineNo + 1);
        pending = [];
        pendingBytes = 0;
        skipping = true;
      }
    }
  }
  if (!skipping && pendingBytes > 0) {
    lineNo++;
    await emit(Buffer.alloc(0), 0, 0);
  }
}

async function ingestLog(
  file: string,
  input: AsyncIterable<Buffer>,
  reader: LineReader,
  state: FileState,
  batcher: Batcher,
  cache: DiagnosisCache,
): Promise<void> {
  const raw: RawEvent[] = [];
  const take = async (lineNo: number | null) => {
    for (const e of raw) await batcher.add(diagnoseEvent(e, { file, line: lineNo, message: null }, cache));
    raw.length = 0;
  };
  await forEachLine(
    input,
    async (line, lineNo) => {
      state.records++;
      const problem = reader.line(line, lineNo, raw);
      if (problem !== null) state.problem(lineNo, null, problem);
      if (raw.length > 0) await take(lineNo);
    },
    (lineNo) => state.problem(lineNo, null, `a line over ${MAX_LINE_BYTES} bytes, skipped`),
  );
  reader.end(raw);
  await take(null);
}

async function ingestJson(
  file: string,
  input: AsyncIterable<Buffer>,
  state: FileState,
  batcher: Batcher,
  cache: DiagnosisCache,
): Promise<void> {
  const splitter = new JsonRecordSplitter();
  const out: (JsonRecordText | JsonRecordProblem)[] = [];
  const decoder = new StringDecoder("utf8");
  const drain = async () => {
    for (const r of out) {
      state.records++;
      if ("problem" in r) {
        state.problem(r.line, r.index, r.problem);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(r.text);
      } catch (e) {
        state.problem(r.line, r.index, `not valid JSON: ${(e as Error).message}`);
        continue;
      }
      const result = readEspRecord(value, r.index);
      if (result.problem !== null) state.problem(r.line, r.index, result.problem);
      for (const e of result.events)
        await batcher.add(diagnoseEvent(e, { file, line: r.line, message: r.index }, cache));
    }
    out.length = 0;
  };
  for await (const chunk of input) {
    splitter.push(decoder.write(chunk), out);
    await drain();
  }
  splitter.push(decoder.end(), out);
  splitter.end(out);
  await drain();
}

async function ingestMail(
  file: string,
  state: FileState,
  batcher: Batcher,
  onBytes: (n: number) => void,
): Promise<void> {
  for await (const item of readFileItems(file)) {
    if (item.error !== undefined) throw Object.assign(new Error(item.error.message), { code: item.error.code });
    state.records++;
    const data = item.data;
    if (data === undefined) continue;
    onBytes(data.length);
    const message = item.inMbox === true ? item.message : null;
    try {
      const parsed = parseBounce(data);
      if (item.truncated === true) state.problem(null, message, "message cut at the size limit");
      for (const e of eventsOfBounce(parsed, { file, line: null, message })) await batcher.add(e);
    } catch (e) {
      state.problem(null, message, `could not be parsed: ${(e as Error).message}`);
    }
  }
}

function fileList(paths: readonly string[]): { file: string; error?: string; code?: string }[] {
  const out: { file: string; error?: string; code?: string }[] = [];
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) out.push(...walk(p));
      else out.push({ file: p });
    } catch (e) {
      out.push({ file: p, error: (e as Error).message, code: (e as NodeJS.ErrnoException).code ?? "EREAD" });
    }
  }
  return out;
}

/** Total size of the files under the paths, for a progress bar. */
export function sizeOf(paths: readonly string[]): number {
  let total = 0;
  for (const f of fileList(paths)) {
    try {
      if (f.error === undefined) total += statSync(f.file).size;
    } catch {
      // counted as it fails later
    }
  }
  return total;
}

/** The first bytes of a file (decompressed, for gzip), and whether it is gzip. */
async function readHeadOf(file: string): Promise<{ head: Buffer; gzip: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: HEAD_BYTES - 1 }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
  }
  const raw = Buffer.concat(chunks, size);
  if (!isGzip(raw)) return { head: raw, gzip: false };
  chunks.length = 0;
  size = 0;
  try {
    for await (const chunk of openInput(file, true, () => undefined)) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= HEAD_BYTES) break;
    }
  } catch {
    // a damaged gzip file: detection sees what could be read
  }
  return { head: Buffer.concat(chunks, size).subarray(0, HEAD_BYTES), gzip: true };
}

export async function ingestPaths(
  paths: readonly string[],
  store: EventStore,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const files: FileReport[] = [];
  const cache = new DiagnosisCache();
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
    options.onBytes?.(bytes);
  };
  for (const entry of fileList(paths)) {
    const state = new FileState(entry.file);
    const batcher = new Batcher(store, options.batchSize ?? 5000);
    let format: IngestFormat | null = options.format ?? null;
    let error: FileReport["error"] = null;
    try {
      if (entry.error !== undefined) throw Object.assign(new Error(entry.error), { code: entry.code ?? "EREAD" });
      const { head, gzip } = await readHeadOf(entry.file);
      if (format === null) format = detectFormat(head);
      if (format === "mail" && gzip) {
        error = { code: "EFORMAT", message: "compressed mail is not read: decompress it first (gunzip)" };
      } else if (format === null) {
        error = { code: "EFORMAT", message: "not a maillog, Exim log, ESP JSON export or email that bouncewise knows" };
      } else {
        const mtime = statSync(entry.file).mtimeMs;
        const readerOptions = {
          referenceTime: options.referenceTime ?? mtime,
          ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
        };
        const input = () => openInput(entry.file, gzip, onBytes, options.maxGzipBytes);
        if (format === "postfix") {
          await ingestLog(entry.file, input(), createPostfixLogReader(readerOptions), state, batcher, cache);
        } else if (format === "exim") {
          await ingestLog(entry.file, input(), createEximLogReader(readerOptions), state, batcher, cache);
        } else if (format === "json") await ingestJson(entry.file, input(), state, batcher, cache);
        else await ingestMail(entry.file, state, batcher, onBytes);
      }
      await batcher.flush();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      error = { code: err.code ?? "EREAD", message: err.message ?? String(e) };
      // What was read before the failure is kept: every event is whole and re-reading adds nothing twice.
      await batcher.flush().catch(() => undefined);
    }
    const report: FileReport = {
      file: entry.file,
      format,
      records: state.records,
      events: batcher.events,
      inserted: batcher.inserted,
      duplicates: batcher.duplicates,
      problems: state.problems,
      problemSamples: state.samples,
      error,
    };
    files.push(report);
    options.onFile?.(report);
  }
  return ingestReportOf(files);
}

/** The report of several files: theirs, and the totals. */
export function ingestReportOf(files: readonly FileReport[]): IngestReport {
  return {
    files,
    events: files.reduce((n, f) => n + f.events, 0),
    inserted: files.reduce((n, f) => n + f.inserted, 0),
    duplicates: files.reduce((n, f) => n + f.duplicates, 0),
    problems: files.reduce((n, f) => n + f.problems, 0),
    failedFiles: files.filter((f) => f.error !== null).length,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// One stream (an HTTP upload, a webhook body, a pipe) instead of files
// ---------------------------------------------------------------------------------------------------------------------

/** The first `n` bytes of a stream (or all of it, when shorter), and the whole stream again from its start. */
async function peekHead(
  input: AsyncIterable<Buffer>,
  n: number,
): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const r = await it.next();
    if (r.done === true) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(chunks, size);
  async function* all(): AsyncGenerator<Buffer> {
    try {
      if (size > 0) yield head;
      while (!ended) {
        const r = await it.next();
        if (r.done === true) ended = true;
        else yield r.value;
      }
    } finally {
      // A reader that stops early closes the source.
      if (!ended) await it.return?.();
    }
  }
  return { head, all: all() };
}

/** A gzip stream decompressed, stopped with ETOOBIG past `limit` bytes (a compression bomb is not a log). */
async function* gunzipOf(input: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  const source = Readable.from(input, { objectMode: false });
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  source.on("error", (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  let out = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > limit) {
        throw Object.assign(new Error(`decompresses to more than ${limit} bytes: not read further`), {
          code: "ETOOBIG",
        });
      }
      yield chunk;
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** Mails from a stream: an mbox split while it arrives, anything else one mail cut at MAX_MESSAGE_BYTES. */
async function ingestMailStream(
  file: string,
  head: Buffer,
  input: AsyncIterable<Buffer>,
  state: FileState,
  batcher: Batcher,
): Promise<void> {
  const take = async (data: Buffer, message: number | null, truncated: boolean) => {
    state.records++;
    try {
      const parsed = parseBounce(data);
      if (truncated) state.problem(null, message, "message cut at the size limit");
      for (const e of eventsOfBounce(parsed, { file, line: null, message })) await batcher.add(e);
    } catch (e) {
      state.problem(null, message, `could not be parsed: ${(e as Error).message}`);
    }
  };
  if (looksLikeMbox(head.subarray(0, 512))) {
    const splitter = new MboxSplitter(MAX_MESSAGE_BYTES);
    for await (const chunk of input) for (const m of splitter.push(chunk)) await take(m.data, m.index, m.truncated);
    for (const m of splitter.end()) await take(m.data, m.index, m.truncated);
    return;
  }
  const kept: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of input) {
    const room = MAX_MESSAGE_BYTES - size;
    if (chunk.length > room) truncated = true;
    if (room <= 0) continue; // read to the end, keep nothing more
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    kept.push(Buffer.from(piece));
    size += piece.length;
  }
  if (size > 0) await take(Buffer.concat(kept, size), null, truncated);
}

/**
 * Ingests one stream (an HTTP upload, a webhook body) as `ingestPaths` ingests one file: the format detected from
 * its first 64 KB unless `options.format` says it, gzip decompressed (up to `options.maxGzipBytes`, default 1 GiB),
 * read while it arrives with the same readers. `name` stands for the file in the report and the events' source.
 * Syslog times without a year are read against `options.referenceTime`, default now. Never throws for bad input:
 * a failure is the report's `error`, and what was read before it is kept. When it returns early (a format not
 * recognised), the rest of `input` is left unread: the caller drains or closes its source.
 */
export async function ingestStream(
  name: string,
  input: AsyncIterable<Buffer | Uint8Array>,
  store: EventStore,
  options: IngestOptions = {},
): Promise<FileReport> {
  const state = new FileState(name);
  const batcher = new Batcher(store, options.batchSize ?? 5000);
  const cache = new DiagnosisCache();
  let format: IngestFormat | null = options.format ?? null;
  let error: FileReport["error"] = null;
  let bytes = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      bytes += b.length;
      options.onBytes?.(bytes);
      yield b;
    }
  }
  try {
    let { head, all } = await peekHead(counted(), HEAD_BYTES);
    const gzip = isGzip(head);
    if (gzip) ({ head, all } = await peekHead(gunzipOf(all, options.maxGzipBytes ?? 1 << 30), HEAD_BYTES));
    if (format === null) format = detectFormat(head.subarray(0, HEAD_BYTES));
    if (head.length === 0) {
      error = { code: "EEMPTY", message: "the input is empty" };
    } else if (format === "mail" && gzip) {
      error = { code: "EFORMAT", message: "compressed mail is not read: decompress it first (gunzip)" };
    } else if (format === null) {
      error = { code: "EFORMAT", message: "not a maillog, Exim log, ESP JSON export or email that bouncewise knows" };
    } else {
      const readerOptions = {
        referenceTime: options.referenceTime ?? Date.now(),
        ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
      };
      if (format === "postfix") {
        await ingestLog(name, all, createPostfixLogReader(readerOptions), state, batcher, cache);
      } else if (format === "exim") {
        await ingestLog(name, all, createEximLogReader(readerOptions), state, batcher, cache);
      } else if (format === "json") await ingestJson(name, all, state, batcher, cache);
      else await ingestMailStream(name, head, all, state, batcher);
    }
    await batcher.flush();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    error = { code: err.code ?? "EREAD", message: err.message ?? String(e) };
    await batcher.flush().catch(() => undefined);
  }
  const report: FileReport = {
    file: name,
    format,
    records: state.records,
    events: batcher.events,
    inserted: batcher.inserted,
    duplicates: batcher.duplicates,
    problems: state.problems,
    problemSamples: state.samples,
    error,
  };
  options.onFile?.(report);
  return report;
}
