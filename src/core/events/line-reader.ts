// The shape shared by the MTA log readers (Postfix maillog, Exim mainlog): fed one line at a time, pure, with
// bounded state for joining lines of one message (queue id -> sender, message-id).

import type { EventFormat, RawEvent } from "./types.js";

export interface LineReaderOptions {
  /**
   * Reference time (ms since the epoch) for timestamps without a year (classic syslog "Nov 28 10:00:01"): the year
   * is the reference's, or the year before when that would put the line more than a day after the reference.
   */
  readonly referenceTime?: number;
  /** Offset of the log's local time from UTC in minutes, for timestamps without a zone (default 0: UTC). */
  readonly utcOffsetMinutes?: number;
  /** How many open messages (queue ids) to remember for joins; the oldest is forgotten first (default 100,000). */
  readonly maxOpenMessages?: number;
}

export interface LineReader {
  readonly format: EventFormat;
  /**
   * Reads one line (without its line end). Appends the events the line completes to `out`. Returns null when the
   * line was read or is of no interest (a connect line, another daemon), or a short description of what is wrong
   * when the line looks like one of this format's delivery lines but cannot be read.
   */
  line(text: string, lineNo: number, out: RawEvent[]): string | null;
  /** Appends any events still held back at the end of the input. */
  end(out: RawEvent[]): void;
}
