// Splits a Unix mbox byte stream into messages in constant memory. A message starts at a "From " line that opens
// the file or follows an empty line (mboxo/mboxrd/mboxcl as written by MTAs and mail clients); a message longer
// than the limit keeps its first bytes only and is flagged, so one huge message cannot make memory grow.

import { Buffer } from "node:buffer";

/** The default cap on one message's kept bytes (the parser reads no more than this either). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface MboxMessage {
  /** 0-based position in the mbox. */
  readonly index: number;
  readonly data: Buffer;
  /** True when the message was longer than the cap and was cut. */
  readonly truncated: boolean;
}

const SEPARATOR = Buffer.from("\nFrom ");

/** Push chunks in order, collect finished messages; `end()` flushes the last one. */
export class MboxSplitter {
  private parts: Buffer[] = [];
  private kept = 0;
  private truncated = false;
  private index = 0;
  /** Bytes not yet known to be inside the current message (a separator may straddle chunks). */
  private tail: Buffer = Buffer.alloc(0);
  private started = false;

  constructor(private readonly maxBytes: number = MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): MboxMessage[] {
    const out: MboxMessage[] = [];
    let buf = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
    if (!this.started) {
      if (buf.length < 5) {
        this.tail = buf;
        return out;
      }
      this.started = true;
    }
    let from = 0;
    for (;;) {
      const at = buf.indexOf(SEPARATOR, from);
      if (at === -1) break;
      // "From " after an empty line (LF or CRLF before the separator's own LF).
      const prev = at > 0 ? buf[at - 1] : -1;
      const blankBefore = prev === 0x0a || (prev === 0x0d && at > 1 && buf[at - 2] === 0x0a);
      if (!blankBefore) {
        from = at + 1;
        continue;
      }
      this.append(buf.subarray(0, at + 1));
      const m = this.finish();
      if (m !== null) out.push(m);
      buf = buf.subarray(at + 1);
      from = 0;
    }
    // Keep the last few bytes back: a separator may start in them.
    const keep = Math.min(buf.length, SEPARATOR.length + 1);
    this.append(buf.subarray(0, buf.length - keep));
    this.tail = Buffer.from(buf.subarray(buf.length - keep));
    return out;
  }

  end(): MboxMessage[] {
    this.append(this.tail);
    this.tail = Buffer.alloc(0);
    const m = this.finish();
    return m === null ? [] : [m];
  }

  private append(b: Buffer): void {
    if (b.length === 0) return;
    const room = this.maxBytes - this.kept;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const piece = b.length > room ? b.subarray(0, room) : b;
    if (b.length > room) this.truncated = true;
    // Copy: the chunk's memory belongs to the stream.
    this.parts.push(Buffer.from(piece));
    this.kept += piece.length;
  }

  private finish(): MboxMessage | null {
    const data = Buffer.concat(this.parts, this.kept);
    const truncated = this.truncated;
    this.parts = [];
    this.kept = 0;
    this.truncated = false;
    if (data.length === 0 || isBlank(data)) return null;
    return { index: this.index++, data, truncated };
  }
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) return false;
  return true;
}

/** True when the first bytes look like an mbox: a "From " separator line rather than a header field. */
export function looksLikeMbox(head: Buffer): boolean {
  if (head.length < 6 || head.toString("latin1", 0, 5) !== "From ") return false;
  const eol = head.indexOf(0x0a);
  const line = head.toString("latin1", 0, eol === -1 ? Math.min(head.length, 200) : eol);
  // "From sender date": at least two words after "From", and not a header ("From: ...").
  return line.trim().split(/\s+/).length >= 3;
}
