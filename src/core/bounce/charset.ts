// Charset decoding for MIME text (RFC 2045 section 4 / RFC 2046 section 4.1.2): byte strings -> Unicode, with the
// WHATWG TextDecoder that Node and browsers both have (ISO-2022-JP, Shift_JIS, EUC-JP, ISO-8859-x, windows-125x,
// GB18030, Big5, KOI8 ...). Never throws: an unknown label or broken bytes fall back to a best effort.

type Decoder = InstanceType<typeof TextDecoder>;
const DECODERS = new Map<string, Decoder | null>();

function decoderFor(label: string): Decoder | null {
  let d = DECODERS.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label);
    } catch {
      d = null; // unknown label
    }
    if (DECODERS.size < 64) DECODERS.set(label, d);
  }
  return d;
}

// WHATWG reads all of these as windows-1252. Node 20's TextDecoder takes a Latin-1 shortcut for them that leaves
// 0x80-0x9F unmapped (nodejs/node#56542), so the 32 differing bytes are mapped here.
const WINDOWS_1252_LABELS = new Set([
  "windows-1252",
  "cp1252",
  "x-cp1252",
  "iso-8859-1",
  "iso8859-1",
  "latin1",
  "l1",
  "us-ascii",
  "ascii",
  "cp819",
  "ibm819",
  "iso-ir-100",
]);
// biome-ignore format: one row per 8 code points of 0x80-0x9F
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: string): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c >= 0x80 && c <= 0x9f) {
      out += bytes.slice(start, i) + String.fromCharCode(CP1252_HIGH[c - 0x80] as number);
      start = i + 1;
    }
  }
  return start === 0 ? bytes : out + bytes.slice(start);
}

/** Kana and CJK ideographs in a string: how Japanese a decoding reads. */
function japaneseChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff9f)) n++;
  }
  return n;
}

const STRICT = new Map<string, Decoder | null>();

function strictDecoderFor(label: string): Decoder | null {
  let d = STRICT.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label, { fatal: true });
    } catch {
      d = null;
    }
    STRICT.set(label, d);
  }
  return d;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

function toBytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

const PLAIN_ASCII = { kind: 0, hasJisEscape: false } as const;

/** What kind of characters a string holds: 0 ASCII only, 1 has 8-bit bytes, 2 already Unicode (chars > 0xFF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the class names every ASCII byte except ESC on purpose
const NON_ASCII_OR_ESC = /[^\x00-\x1a\x1c-\x7f]/;

function scanKind(s: string): { kind: 0 | 1 | 2; hasJisEscape: boolean } {
  // Most text is plain ASCII: one native scan answers that (a single character class, linear).
  if (!NON_ASCII_OR_ESC.test(s)) return PLAIN_ASCII;
  let kind: 0 | 1 | 2 = 0;
  let hasJisEscape = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return { kind: 2, hasJisEscape };
    if (c >= 0x80) kind = 1;
    else if (c === 0x1b && s.charCodeAt(i + 1) === 0x24) hasJisEscape = true; // ESC $: an ISO-2022-JP shift
  }
  return { kind, hasJisEscape };
}

/**
 * Decodes a byte string in the given charset. An empty charset means "not declared": 8-bit text is read as UTF-8
 * when it is valid UTF-8, else as Latin-1; ISO-2022-JP escapes are recognised without a label (Japanese carriers
 * often omit it).
 */
export function decodeBytes(bytes: string, charset: string): string {
  const { kind, hasJisEscape } = scanKind(bytes);
  if (kind === 2) return bytes;
  let label = charset.trim().toLowerCase();
  if (hasJisEscape && (label === "" || label === "us-ascii" || label === "iso-2022-jp" || label === "utf-8")) {
    label = "iso-2022-jp";
  } else if (kind === 0) return bytes;
  if (label === "" || label === "us-ascii" || label === "ascii" || label === "utf-8" || label === "utf8") {
    try {
      return STRICT_UTF8.decode(toBytes(bytes));
    } catch {
      return label === "" || label.includes("ascii")
        ? decodeWindows1252(bytes)
        : (decoderFor("utf-8")?.decode(toBytes(bytes)) ?? bytes);
    }
  }
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  if (!hasJisEscape && label === "iso-2022-jp") {
    // 8-bit bytes cannot be ISO-2022-JP (a 7-bit encoding): Japanese MTAs often label EUC-JP or Shift_JIS text so.
    // Of the strict decodings that accept the bytes, the one that reads as the most Japanese text wins.
    let best: string | null = null;
    let bestScore = -1;
    for (const guess of ["utf-8", "euc-jp", "shift_jis"]) {
      const strict = strictDecoderFor(guess);
      if (strict === null) continue;
      try {
        const text = strict.decode(toBytes(bytes));
        const score = japaneseChars(text);
        if (score > bestScore) {
          best = text;
          bestScore = score;
        }
      } catch {
        // not this one
      }
    }
    if (best !== null) return best;
  }
  const d = decoderFor(label);
  if (d === null) return bytes;
  try {
    return d.decode(toBytes(bytes));
  } catch {
    return bytes;
  }
}
