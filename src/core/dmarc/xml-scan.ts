// A lean, resumable XML tokenizer for DMARC aggregate reports: text, start and end tags, CDATA, comments, processing
// instructions and DOCTYPE, read in place from the pieces of text as they come. It never expands entities (a DOCTYPE
// is one opaque token; decodeXmlText() knows only the five predefined entities and character references), every
// search goes forward once (an incomplete token resumes where the last search stopped; only a DOCTYPE is rescanned,
// within the reader's caps), and an incomplete token waits for more text.
// fast-xml-parser costs ~50 µs per record; this costs a few (issue 6 wants 1M records in under 20 s).

export const TOKEN_TEXT = 1;
export const TOKEN_OPEN = 2;
export const TOKEN_CLOSE = 3;
export const TOKEN_CDATA = 4;
export const TOKEN_COMMENT = 5;
export const TOKEN_PI = 6;
export const TOKEN_DOCTYPE = 7;
/** The token at `pos` is not complete yet: push more text (or call with `final`). */
export const TOKEN_MORE = 8;
/** Not well-formed markup at `pos`; `error` says what. */
export const TOKEN_ERROR = 9;
/** Everything in the buffer was read. */
export const TOKEN_END = 10;

/** A character that may start an XML name: letters, "_", ":" and anything non-ASCII (XML 1.0 section 2.3, loosely). */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 128;
}

/** A character that may continue an XML name: the above plus digits, "-" and ".". */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/**
 * The tokenizer. `append()` text, then call `next()` until it returns TOKEN_MORE or TOKEN_END; the fields describe the
 * token just read (offsets into `buf`). `compact()` drops what was read; `base` is the absolute offset of `buf[0]`.
 */
export class XmlScanner {
  buf = "";
  pos = 0;
  /** Absolute offset (characters since the first append) of buf[0]. */
  base = 0;
  /** The whole token: [start, end). */
  start = 0;
  end = 0;
  /** Text, CDATA content, comment/PI/DOCTYPE body: [valueStart, valueEnd). */
  valueStart = 0;
  valueEnd = 0;
  /** Tags: the qualified name [nameStart, nameEnd), its local part from localStart; attributes [attrStart, attrEnd). */
  nameStart = 0;
  nameEnd = 0;
  localStart = 0;
  attrStart = 0;
  attrEnd = 0;
  selfClosing = false;
  error = "";
  /** When set, white space followed by markup is skipped instead of returned (the reader sets it between elements). */
  skipSpace = false;
  /** Where to resume the search for the end of the incomplete token at hintPos (no quadratic rescans). */
  private hintPos = -1;
  private hint = 0;
  /** While stitching: the piece whose first `tailUsed` characters end `buf`. */
  private tail: string | null = null;
  private tailUsed = 0;

  /**
   * Adds text. The pending (incomplete) token is not glued to the whole new piece: a concatenated string is a V8
   * cons string, several times slower to read by charCodeAt. Only a growing prefix of the piece is joined to it
   * ("stitching"), and once the tokenizer has read past the pending part it continues in the piece itself.
   */
  append(text: string): void {
    this.materialize();
    this.compact();
    if (this.buf.length === 0) {
      this.buf = text;
      return;
    }
    this.tail = text;
    this.tailUsed = 0;
    this.extend();
  }

  /** Everything appended, as one string (gives up stitching; for rare paths such as resynchronisation). */
  materialize(): void {
    if (this.tail === null) return;
    this.buf = [this.buf, this.tail.slice(this.tailUsed)].join("");
    this.tail = null;
  }

  /** Absolute offset just past the last character appended. */
  bufferedEnd(): number {
    return this.base + this.buf.length + (this.tail === null ? 0 : this.tail.length - this.tailUsed);
  }

  /** Joins more of the tail to the buffer, doubling what was joined (linear overall). */
  private extend(): void {
    const tail = this.tail as string;
    const upTo = Math.min(tail.length, this.tailUsed + Math.max(this.tailUsed, 512));
    // Array join gives a flat string, unlike "+".
    this.buf = [this.buf, tail.slice(this.tailUsed, upTo)].join("");
    this.tailUsed = upTo;
    if (upTo === tail.length) this.tail = null;
  }

  /** Forgets everything read so far (keeps the incomplete token). */
  compact(): void {
    if (this.pos === 0) return;
    this.materialize();
    this.buf = this.buf.slice(this.pos);
    this.base += this.pos;
    if (this.hintPos >= 0) {
      this.hintPos -= this.pos;
      this.hint -= this.pos;
    }
    this.pos = 0;
  }

  /** Drops everything (after a fatal error). */
  clear(): void {
    this.base = this.bufferedEnd();
    this.buf = "";
    this.pos = 0;
    this.tail = null;
    this.hintPos = -1;
  }

  /** Skips to `pos` (resynchronisation): what lies before is dropped unread. */
  skipTo(pos: number): void {
    this.pos = pos;
    this.hintPos = -1;
  }

  /** Text of [from, to) of the buffer. */
  slice(from: number, to: number): string {
    return this.buf.slice(from, to);
  }

  /** The local name (prefix removed) of the last tag. */
  localName(): string {
    return this.buf.slice(this.localStart, this.nameEnd);
  }

  /** The qualified name of the last tag. */
  qualifiedName(): string {
    return this.buf.slice(this.nameStart, this.nameEnd);
  }

  /** The prefix of the last tag's name ("" when none). */
  prefix(): string {
    return this.localStart === this.nameStart ? "" : this.buf.slice(this.nameStart, this.localStart - 1);
  }

  private fail(message: string): number {
    this.error = message;
    this.start = this.pos;
    return TOKEN_ERROR;
  }

  private more(final: boolean, what: string, resumeAt: number): number {
    if (final) return this.fail(`the document ends inside ${what}`);
    this.hintPos = this.pos;
    this.hint = resumeAt;
    return TOKEN_MORE;
  }

  private from(start: number): number {
    return this.hintPos === this.pos && this.hint > start ? this.hint : start;
  }

  /** Reads the next token. With `final`, an incomplete token is an error and trailing text is a text token. */
  next(final: boolean): number {
    for (;;) {
      if (this.tail !== null && this.pos >= this.buf.length - this.tailUsed) {
        // The pending part is read: carry on in the new piece itself.
        const boundary = this.buf.length - this.tailUsed;
        this.base += boundary;
        this.pos -= boundary;
        this.buf = this.tail;
        this.tail = null;
        this.hintPos = -1;
      }
      const t = this.scan(final && this.tail === null);
      if (t !== TOKEN_MORE || this.tail === null) return t;
      this.extend();
    }
  }

  private scan(final: boolean): number {
    const buf = this.buf;
    const pos = this.pos;
    const len = buf.length;
    if (pos >= len) return TOKEN_END;
    this.start = pos;
    if (buf.charCodeAt(pos) !== 60) {
      if (this.skipSpace) {
        // Indentation between elements: skipped here rather than returned as a token (the common case by far).
        let i = pos;
        let c = buf.charCodeAt(i);
        while (c === 32 || c === 10 || c === 13 || c === 9) c = buf.charCodeAt(++i);
        if (c === 60) {
          this.pos = i;
          return this.scan(final);
        }
      }
      let lt = buf.indexOf("<", this.from(pos));
      if (lt < 0) {
        if (!final) return this.more(false, "text", len);
        lt = len;
      }
      this.valueStart = pos;
      this.valueEnd = lt;
      this.end = lt;
      this.pos = lt;
      return TOKEN_TEXT;
    }
    if (pos + 1 >= len) return this.more(final, "markup", pos);
    const c1 = buf.charCodeAt(pos + 1);
    if (c1 === 47) return this.endTag(final);
    if (c1 === 33) return this.bang(final);
    if (c1 === 63) {
      const q = buf.indexOf("?>", this.from(pos + 2));
      if (q < 0) return this.more(final, "a processing instruction", len - 1);
      return this.token(TOKEN_PI, pos + 2, q, q + 2);
    }
    if (!isNameStart(c1)) return this.fail("'<' is not followed by an element name");
    return this.startTag(final);
  }

  private token(kind: number, valueStart: number, valueEnd: number, end: number): number {
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.end = end;
    this.pos = end;
    return kind;
  }

  private endTag(final: boolean): number {
    const buf = this.buf;
    const pos = this.pos;
    // Fast path: a name directly followed by '>'.
    let k = pos + 2;
    let colonAt = -1;
    if (isNameStart(buf.charCodeAt(k))) {
      for (k++; k < buf.length; k++) {
        const c = buf.charCodeAt(k);
        if (c === 58) colonAt = k;
        else if (!isNameChar(c)) break;
      }
      if (buf.charCodeAt(k) === 62) {
        this.nameStart = pos + 2;
        this.nameEnd = k;
        this.localStart = colonAt < 0 ? pos + 2 : colonAt + 1;
        this.end = k + 1;
        this.pos = k + 1;
        return TOKEN_CLOSE;
      }
    }
    const gt = buf.indexOf(">", this.from(pos + 2));
    if (gt < 0) return this.more(final, "an end tag", buf.length);
    let i = pos + 2;
    let colon = -1;
    if (i >= gt || !isNameStart(buf.charCodeAt(i))) return this.fail("an end tag without a valid name");
    for (; i < gt; i++) {
      const c = buf.charCodeAt(i);
      if (c === 58) colon = i;
      else if (!isNameChar(c)) break;
    }
    this.nameStart = pos + 2;
    this.nameEnd = i;
    this.localStart = colon < 0 ? pos + 2 : colon + 1;
    for (; i < gt; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return this.fail("an end tag with something after its name");
    }
    this.end = gt + 1;
    this.pos = gt + 1;
    return TOKEN_CLOSE;
  }

  private bang(final: boolean): number {
    const buf = this.buf;
    const pos = this.pos;
    const len = buf.length;
    if (buf.startsWith("<!--", pos)) {
      const e = buf.indexOf("-->", this.from(pos + 4));
      if (e < 0) return this.more(final, "a comment", len - 2);
      return this.token(TOKEN_COMMENT, pos + 4, e, e + 3);
    }
    if (buf.startsWith("<![CDATA[", pos)) {
      const e = buf.indexOf("]]>", this.from(pos + 9));
      if (e < 0) return this.more(final, "a CDATA section", len - 2);
      return this.token(TOKEN_CDATA, pos + 9, e, e + 3);
    }
    if (buf.startsWith("<!DOCTYPE", pos)) return this.doctype(final);
    // A prefix of one of the three that is cut by the end of the buffer.
    if (len - pos < 9 && !final) {
      const seen = buf.slice(pos);
      if ("<!--".startsWith(seen) || "<![CDATA[".startsWith(seen) || "<!DOCTYPE".startsWith(seen)) {
        return this.more(false, "markup", pos);
      }
    }
    return this.fail("'<!' that starts no comment, CDATA section or DOCTYPE");
  }

  /**
   * DOCTYPE with an optional internal subset: one pass that skips quoted literals and comments and stops at the first
   * '>' outside the subset. Nothing inside is interpreted: entity declarations are never expanded.
   */
  private doctype(final: boolean): number {
    const buf = this.buf;
    const pos = this.pos;
    const len = buf.length;
    let quote = 0;
    let subset = false;
    for (let i = pos + 9; i < len; i++) {
      const c = buf.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 91) subset = true;
      else if (c === 93) subset = false;
      else if (c === 62 && !subset) return this.token(TOKEN_DOCTYPE, pos + 9, i, i + 1);
      else if (c === 60 && subset && buf.startsWith("<!--", i)) {
        const e = buf.indexOf("-->", i + 4);
        if (e < 0) break;
        i = e + 2;
      }
    }
    return this.more(final, "a DOCTYPE declaration", pos);
  }

  private startTag(final: boolean): number {
    const buf = this.buf;
    const pos = this.pos;
    const len = buf.length;
    let i = pos + 1;
    let colon = -1;
    let c = 0;
    for (; i < len; i++) {
      c = buf.charCodeAt(i);
      if (c === 58) colon = i;
      else if (!isNameChar(c)) break;
    }
    if (i >= len) return this.more(final, "a start tag", pos);
    this.nameStart = pos + 1;
    this.nameEnd = i;
    this.localStart = colon < 0 ? pos + 1 : colon + 1;
    this.attrStart = i;
    if (c === 62) {
      this.attrEnd = i;
      this.selfClosing = false;
      this.end = i + 1;
      this.pos = i + 1;
      return TOKEN_OPEN;
    }
    if (c !== 47 && c !== 32 && c !== 10 && c !== 9 && c !== 13) {
      return this.fail(`a start tag with '${String.fromCharCode(c)}' after its name`);
    }
    // Attributes: up to the first '>' outside quotes.
    let quote = 0;
    i = this.from(i);
    for (; i < len; i++) {
      c = buf.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 62) break;
      else if (c === 34 || c === 39) quote = c;
      else if (c === 60) return this.fail("'<' inside a start tag");
    }
    // Resuming inside quotes would lose the quote state: resume from the tag's start then.
    if (i >= len) return this.more(final, "a start tag", quote === 0 ? len : pos);
    this.selfClosing = buf.charCodeAt(i - 1) === 47;
    this.attrEnd = this.selfClosing ? i - 1 : i;
    this.end = i + 1;
    this.pos = i + 1;
    return TOKEN_OPEN;
  }
}

/** What decodeXmlText() found odd; counters are only ever increased. */
export interface DecodeIssues {
  /** Named references other than the five predefined ones (left as written: a DOCTYPE's entities are never expanded). */
  unknownEntities: number;
  /** Character references to no allowed character, or a '&' that starts no reference (left as written). */
  badReferences: number;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** An XML Char (XML 1.0 section 2.2). */
function isXmlChar(cp: number): boolean {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The longest reference read ("&#x10FFFF;" is 10; entity names are kept short by real reports). */
const MAX_REFERENCE = 40;

/**
 * Character data with the predefined entities and character references decoded (XML 1.0 sections 4.1, 4.6). Anything
 * else that starts with '&' stays as written and is counted in `issues`. One pass; no recursion, no expansion.
 */
export function decodeXmlText(raw: string, issues: DecodeIssues): string {
  let amp = raw.indexOf("&");
  if (amp < 0) return raw;
  let out = "";
  let last = 0;
  while (amp >= 0) {
    // The ';' is looked for within MAX_REFERENCE characters only: "&&&&..." must stay linear.
    let semi = -1;
    const limit = Math.min(raw.length, amp + MAX_REFERENCE + 1);
    for (let j = amp + 1; j < limit; j++) {
      const c = raw.charCodeAt(j);
      if (c === 59) {
        semi = j;
        break;
      }
      if (c === 38) break;
    }
    if (semi < 0) {
      issues.badReferences++;
      amp = raw.indexOf("&", amp + 1);
      continue;
    }
    const ref = raw.slice(amp + 1, semi);
    let value: string | undefined;
    if (ref.charCodeAt(0) === 35) {
      const hex = ref.charCodeAt(1) === 120;
      const digits = ref.slice(hex ? 2 : 1);
      const ok = digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits));
      const cp = ok ? Number.parseInt(digits, hex ? 16 : 10) : -1;
      if (ok && isXmlChar(cp)) value = String.fromCodePoint(cp);
      else issues.badReferences++;
    } else {
      value = PREDEFINED[ref];
      if (value === undefined) {
        if (/^[A-Za-z_:][A-Za-z0-9_:.-]*$/.test(ref)) issues.unknownEntities++;
        else issues.badReferences++;
      }
    }
    if (value !== undefined) {
      out += raw.slice(last, amp) + value;
      last = semi + 1;
    }
    amp = raw.indexOf("&", value === undefined ? amp + 1 : semi + 1);
  }
  return last === 0 ? raw : out + raw.slice(last);
}

/** True when [from, to) of `s` holds only XML white space (space, tab, CR, LF). */
export function isXmlSpace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}
