// Turns PATH arguments into a stream of mails: a file (.eml), an mbox (split while streaming), a Maildir or any
// directory tree (walked in name order), or standard input ("-"). Read errors become items, never throws.

import { Buffer } from "node:buffer";
import { createReadStream, type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { looksLikeMbox, MAX_MESSAGE_BYTES, MboxSplitter } from "./mbox.js";

/** Files up to this size are read whole in one call. */
const SMALL_FILE = 1 << 20;

export interface MailItem {
  /** The path as reached from the argument given ("maildir/bsd/x.eml"), or "-" for standard input. */
  readonly file: string;
  /** 0-based message index inside an mbox; 0 for single-message files. */
  readonly message: number;
  /** True when the mail came out of an mbox (so `message` numbers it). */
  readonly inMbox?: boolean;
  readonly data?: Buffer;
  readonly truncated?: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * Every file under a directory, in name order. Synchronous calls on purpose: for many small files they are several
 * times faster than the promise API, and the walk is the only work in flight while it runs.
 */
export function* walk(path: string): Generator<{ file: string; error?: string }> {
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (e) {
    yield { file: path, error: (e as Error).message };
    return;
  }
  // In a Maildir, tmp/ holds deliveries still being written: skip it when cur/ or new/ sit beside it.
  const isMaildir = entries.some((e) => e.isDirectory() && (e.name === "cur" || e.name === "new"));
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith(".")) continue;
    if (isMaildir && name === "tmp") continue;
    const p = join(path, name);
    if (entry.isDirectory()) yield* walk(p);
    else if (entry.isFile()) yield { file: p };
    else if (entry.isSymbolicLink()) {
      try {
        const s = statSync(p);
        if (s.isFile()) yield { file: p };
        // Linked directories are not followed: a link loop must not make the walk endless.
      } catch (e) {
        yield { file: p, error: (e as Error).message };
      }
    }
  }
}

async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function* splitStream(file: string, stream: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<MailItem> {
  const splitter = new MboxSplitter(maxBytes);
  for await (const chunk of stream) {
    for (const m of splitter.push(chunk))
      yield { file, message: m.index, inMbox: true, data: m.data, truncated: m.truncated };
  }
  for (const m of splitter.end()) yield { file, message: m.index, inMbox: true, data: m.data, truncated: m.truncated };
}

function errorItem(file: string, e: unknown): MailItem {
  const err = e as NodeJS.ErrnoException;
  return { file, message: 0, error: { code: err.code ?? "EREAD", message: err.message ?? String(e) } };
}

/**
 * Reads one file: an mbox is split (while streaming when large); any other file is one mail, cut at maxBytes.
 * Small files are read in one call: most bounces are a few kilobytes, and opening a file twice costs more than
 * parsing it.
 */
export async function* readFileItems(file: string, maxBytes: number = MAX_MESSAGE_BYTES): AsyncGenerator<MailItem> {
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      // A device or a pipe (/dev/zero, a FIFO) may never end: read it as a stream and stop at maxBytes.
      yield* readStream(file, createReadStream(file, { highWaterMark: 1 << 16 }), maxBytes, true);
      return;
    }
    const size = st.size;
    if (size <= SMALL_FILE) {
      const data = readFileSync(file);
      if (looksLikeMbox(data.subarray(0, 512))) {
        const splitter = new MboxSplitter(maxBytes);
        for (const m of [...splitter.push(data), ...splitter.end()]) {
          yield { file, message: m.index, inMbox: true, data: m.data, truncated: m.truncated };
        }
      } else yield { file, message: 0, data };
      return;
    }
    const head = await readHead(file, 512);
    if (looksLikeMbox(head)) {
      yield* splitStream(file, createReadStream(file, { highWaterMark: 1 << 20 }), maxBytes);
    } else if (size <= maxBytes) {
      yield { file, message: 0, data: await readFile(file) };
    } else {
      yield { file, message: 0, data: await readHead(file, maxBytes), truncated: true };
    }
  } catch (e) {
    yield errorItem(file, e);
  }
}

/** Standard input: an mbox is split while streaming; anything else is one mail, kept up to maxBytes. */
function readStdin(stdin: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<MailItem> {
  return readStream("-", stdin, maxBytes, true);
}

/**
 * A stream of unknown length: an mbox is split while streaming; anything else is one mail kept up to maxBytes.
 * With `stopAtLimit` the rest is not read at all (an endless device or pipe: `cat /dev/zero | bouncewise parse`
 * must end); without it, it is drained.
 */
async function* readStream(
  file: string,
  stdin: AsyncIterable<Buffer>,
  maxBytes: number,
  stopAtLimit: boolean,
): AsyncGenerator<MailItem> {
  const iterator = stdin[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < 512 && !done) {
    const next = await iterator.next();
    if (next.done === true) done = true;
    else {
      head.push(next.value);
      headBytes += next.value.length;
    }
  }
  const first = Buffer.concat(head);
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield first;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      // Closes the file or device when the reader stops early.
      if (!done) await iterator.return?.();
    }
  }
  if (looksLikeMbox(first)) {
    yield* splitStream(file, rest(), maxBytes);
    return;
  }
  const kept: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of rest()) {
    if (size >= maxBytes) {
      truncated = true;
      if (stopAtLimit) break;
      continue; // drain, keep nothing more
    }
    const piece = chunk.length > maxBytes - size ? chunk.subarray(0, maxBytes - size) : chunk;
    if (piece.length < chunk.length) truncated = true;
    kept.push(piece);
    size += piece.length;
  }
  yield { file, message: 0, data: Buffer.concat(kept, size), truncated };
}

/** Every mail under the given paths, in argument order then name order. */
export async function* readMailItems(
  paths: readonly string[],
  options: { stdin?: AsyncIterable<Buffer>; maxBytes?: number } = {},
): AsyncGenerator<MailItem> {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  for (const path of paths) {
    if (path === "-") {
      if (options.stdin !== undefined) yield* readStdin(options.stdin, maxBytes);
      continue;
    }
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(path);
    } catch (e) {
      yield errorItem(path, e);
      continue;
    }
    if (s.isDirectory()) {
      for (const entry of walk(path)) {
        if (entry.error !== undefined) {
          yield { file: entry.file, message: 0, error: { code: "EREAD", message: entry.error } };
        } else yield* readFileItems(entry.file, maxBytes);
      }
    } else yield* readFileItems(path, maxBytes);
  }
}
