// Splits a stream of JSON text into records without holding the whole input: NDJSON (one value per line), one
// top-level array (each element is a record), or values simply concatenated. Scans characters once, tracking
// strings and nesting, so it is linear in the input and a record is never larger than `maxRecordChars`.

export interface JsonRecordText {
  readonly text: string;
  /** 0-based index of the record in the input. */
  readonly index: number;
  /** 1-based line where the record starts. */
  readonly line: number;
}

export interface JsonRecordProblem {
  readonly index: number;
  readonly line: number;
  readonly problem: string;
}

export class JsonRecordSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which records sit: 1 inside a top-level array, else 0. */
  private recordDepth = 0;
  private started = false;
  private parts: string[] = [];
  private partChars = 0;
  private tooLong = false;
  private index = 0;
  private line = 1;
  private recordLine = 1;
  private inRecord = false;

  constructor(private readonly maxRecordChars = 16 * 1024 * 1024) {}

  /** Feeds text; returns the records (and problems) completed in it. */
  push(chunk: string, out: (JsonRecordText | JsonRecordProblem)[]): void {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
        if (this.inRecord && this.depth === this.recordDepth) {
          // A scalar record (number, true ...) ends at whitespace.
          this.keep(chunk, from, i);
          from = i;
          this.finish(out);
        }
        continue;
      }
      if (!this.started) {
        this.started = true;
        if (c === 91) {
          // A top-level array: its elements are the records.
          this.recordDepth = 1;
          this.depth = 1;
          from = i + 1;
          continue;
        }
      }
      if (!this.inRecord) {
        if (this.depth === this.recordDepth && (c === 44 || c === 93)) {
          if (c === 93) this.depth = 0;
          from = i + 1;
          continue;
        }
        this.inRecord = true;
        this.recordLine = this.line;
        from = i;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if ((c === 125 || c === 93) && this.depth === this.recordDepth) {
        if (i > from || this.partChars > 0) {
          // A scalar record ends where its enclosing array closes ("[1,2]"); the close is read again as such.
          this.keep(chunk, from, i);
          from = i;
          this.finish(out);
          i--;
          continue;
        }
        // A stray closing bracket: a record of its own, which will not parse.
        this.keep(chunk, from, i + 1);
        from = i + 1;
        this.finish(out);
      } else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === this.recordDepth) {
          this.keep(chunk, from, i + 1);
          from = i + 1;
          this.finish(out);
        } else if (this.depth < this.recordDepth) {
          this.depth = this.recordDepth;
        }
      } else if (this.depth === this.recordDepth && c === 44) {
        // A scalar record inside an array ends at the comma.
        this.keep(chunk, from, i);
        from = i + 1;
        this.finish(out);
      }
    }
    if (this.inRecord) this.keep(chunk, from, chunk.length);
  }

  /** Ends the input: an unfinished record is a problem. */
  end(out: (JsonRecordText | JsonRecordProblem)[]): void {
    if (this.inRecord) {
      if (this.depth > this.recordDepth || this.inString) {
        out.push({ index: this.index++, line: this.recordLine, problem: "the input ends inside a JSON record" });
        this.reset();
      } else this.finish(out);
    }
  }

  private keep(chunk: string, from: number, to: number): void {
    if (this.tooLong || to <= from) return;
    this.partChars += to - from;
    if (this.partChars > this.maxRecordChars) {
      this.tooLong = true;
      this.parts = [];
      return;
    }
    this.parts.push(chunk.slice(from, to));
  }

  private finish(out: (JsonRecordText | JsonRecordProblem)[]): void {
    if (this.tooLong)
      out.push({
        index: this.index,
        line: this.recordLine,
        problem: `a JSON record over ${this.maxRecordChars} characters`,
      });
    else out.push({ text: this.parts.join(""), index: this.index, line: this.recordLine });
    this.index++;
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.partChars = 0;
    this.tooLong = false;
    this.inRecord = false;
    this.inString = false;
    this.escaped = false;
    this.depth = this.recordDepth;
  }
}
