// Bounded readers for standard input: a reply larger than MAX_REPLY_BYTES, or a line longer than MAX_LINE_BYTES,
// is reported, never buffered without limit (input is attacker-controlled and may be a file of any size).

/** One SMTP reply, even a long multi-line one, is a few kilobytes; 1 MiB leaves room for pasted bounces. */
export const MAX_REPLY_BYTES = 1 << 20;
export const MAX_LINE_BYTES = 1 << 20;

export class InputTooLargeError extends Error {
  readonly code = "INPUT_TOO_LARGE";
}

/** Reads the whole stream as UTF-8, failing once it passes `limit` bytes. */
export async function readBounded(stream: AsyncIterable<unknown>, limit = MAX_REPLY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) {
      throw new InputTooLargeError(
        `standard input is larger than ${limit} bytes: that is not one reply (use --lines for one reply per line)`,
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export type LineEvent =
  | { readonly line: string; readonly number: number }
  | { readonly tooLong: number; readonly number: number };

/**
 * Splits a stream into lines (LF, CRLF or CR), in order. A line longer than `limit` bytes is not buffered: it is
 * reported as `{ tooLong, number }` and skipped to its end, and reading goes on.
 */
export async function* readLines(stream: AsyncIterable<unknown>, limit = MAX_LINE_BYTES): AsyncGenerator<LineEvent> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let pending = false;
  let number = 0;
  let prevCr = false;
  const add = (piece: Buffer): void => {
    pending = true;
    size += piece.length;
    if (size > limit) {
      tooLong = true;
      parts = [];
    } else if (!tooLong && piece.length > 0) parts.push(piece);
  };
  const take = (): LineEvent => {
    number++;
    const event: LineEvent = tooLong
      ? { tooLong: size, number }
      : { line: Buffer.concat(parts).toString("utf8"), number };
    parts = [];
    size = 0;
    tooLong = false;
    pending = false;
    return event;
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (c === 10 && prevCr) {
        // The LF of a CRLF: the CR already ended the line.
        prevCr = false;
        start = i + 1;
        continue;
      }
      prevCr = false;
      if (c === 10 || c === 13) {
        add(buf.subarray(start, i));
        yield take();
        prevCr = c === 13;
        start = i + 1;
      }
    }
    if (start < buf.length) add(buf.subarray(start));
  }
  if (pending) yield take();
}
