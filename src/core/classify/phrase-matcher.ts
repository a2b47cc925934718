// A multi-phrase matcher over case-folded, whitespace-folded text: one pass finds every knowledge phrase at once,
// so classification costs O(input length + candidates) whatever the number of rules, and no regular expression
// ever runs a knowledge pattern on the attacker-controlled text.
//
// How: each phrase is indexed by one 4-character window of it (its "anchor", the rarest such window among all
// phrases). The scan slides a 4-character window over the folded text and looks it up in a small open-addressing
// hash table (tens of kilobytes, so it stays in cache); only on an anchor hit is the whole phrase compared at
// that place. A dense Aho-Corasick automaton did the same job but its 35,000-state table (megabytes) made every
// character a cache miss; npm run bench shows the difference. A three-character phrase ("spf", "rbl") is filed
// under every window that ends with it (256 keys, one per possible preceding byte), so the same lookup finds it;
// shorter phrases are found with indexOf. The work per character is bounded, and candidates per window are
// bounded by the phrase set.

const Q = 4;
const EMPTY = -1;

/** Whitespace to fold: runs of two or more, and any single whitespace other than a space. */
const FOLD = /[ \t\n\r\f\v\u00a0]{2,}|[\t\n\r\f\v\u00a0]/g;

export interface PhraseMatcher {
  /** Number of phrases compiled. */
  readonly size: number;
  /**
   * Appends to `hits` every occurrence of every phrase in `text` (case- and whitespace-folded): the phrase id and
   * the index of the occurrence's last character in the folded text, which is `text` itself when `text` is
   * already whitespace-folded (as parseReply's `full` is). `hits` is not cleared first.
   */
  scan(text: string, hits: HitBuffer): void;
  /** `scan` for a text already lowercased and whitespace-folded (`foldText`), which saves folding it again. */
  scanFolded(folded: string, hits: HitBuffer): void;
}

/** Where scan writes its hits: parallel arrays of phrase ids and end indexes, grown on demand. */
export class HitBuffer {
  ids: Int32Array = new Int32Array(64);
  ends: Int32Array = new Int32Array(64);
  count = 0;
  push(id: number, end: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.count * 2);
      ids.set(this.ids);
      this.ids = ids;
      const ends = new Int32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ids[this.count] = id;
    this.ends[this.count] = end;
    this.count++;
  }
}

/** Lowercases and folds whitespace the same way for phrases and texts. */
export function foldText(s: string): string {
  return s.replace(FOLD, " ").toLowerCase();
}

/**
 * Key of a window of 4 code units: their low bytes packed in 32 bits (exact for ASCII; other characters may share
 * a key, which only costs a comparison that fails). The scan rolls it with one shift per character.
 */
function windowHash(a: number, b: number, c: number, d: number): number {
  return ((a & 0xff) << 24) | ((b & 0xff) << 16) | ((c & 0xff) << 8) | (d & 0xff);
}

const HASH_MUL = 0x9e3779b1 | 0;
const FILTER_LOG = 16;

/** Table index of a key: multiplicative hashing into the top bits (the filter uses the top 16 of the same hash). */
function indexOf(key: number, shift: number): number {
  return Math.imul(key, HASH_MUL) >>> shift;
}

/**
 * Builds the matcher; phrase ids are the indexes in `phrases`. Phrases are lowercased and whitespace-folded here.
 * `sample` (typical texts to be scanned) steers each phrase's anchor towards windows that are rare in real text,
 * so the scan verifies fewer candidates; results are the same with or without it.
 */
export function createPhraseMatcher(phrases: readonly string[], sample: readonly string[] = []): PhraseMatcher {
  const norm = phrases.map((p) => foldText(p).trim());
  const textCount = new Map<number, number>();
  for (const raw of sample) {
    const t = foldText(raw);
    for (let i = Q - 1; i < t.length; i++) {
      const h = windowHash(t.charCodeAt(i - 3), t.charCodeAt(i - 2), t.charCodeAt(i - 1), t.charCodeAt(i));
      textCount.set(h, (textCount.get(h) ?? 0) + 1);
    }
  }

  // 1. How common is each window across all phrases: anchor each phrase on its rarest window.
  const windowCount = new Map<number, number>();
  const windowsOf = (p: string): number[] => {
    const out: number[] = [];
    for (let i = Q - 1; i < p.length; i++) {
      out.push(windowHash(p.charCodeAt(i - 3), p.charCodeAt(i - 2), p.charCodeAt(i - 1), p.charCodeAt(i)));
    }
    return out;
  };
  const allWindows = norm.map((p) => (p.length >= Q ? windowsOf(p) : []));
  for (const ws of allWindows) for (const h of new Set(ws)) windowCount.set(h, (windowCount.get(h) ?? 0) + 1);

  // 2. Anchor table: hash -> list of (phrase id, offset of the anchor's last char in the phrase).
  const anchors = new Map<number, number[]>();
  const shortIds: number[] = [];
  norm.forEach((p, id) => {
    if (p === "") return;
    const ws = allWindows[id] as number[];
    if (p.length === 3) {
      // Keys hold low bytes only, so 256 keys cover any character before the phrase. At the very start of the
      // text the key's top byte is 0, which is one of them. (Six indexOf passes per text cost more than this.)
      for (let before = 0; before < 256; before++) {
        const h = windowHash(before, p.charCodeAt(0), p.charCodeAt(1), p.charCodeAt(2));
        const list = anchors.get(h) ?? [];
        list.push(id, 2);
        anchors.set(h, list);
      }
      return;
    }
    if (ws.length === 0) {
      shortIds.push(id);
      return;
    }
    // Cost of a window: how often it occurs in the sample texts, plus how many phrases share it.
    const cost = (h: number): number => (textCount.get(h) ?? 0) + (windowCount.get(h) as number);
    let best = 0;
    for (let k = 1; k < ws.length; k++) {
      if (cost(ws[k] as number) < cost(ws[best] as number)) best = k;
    }
    const h = ws[best] as number;
    const list = anchors.get(h) ?? [];
    list.push(id, best + Q - 1);
    anchors.set(h, list);
  });

  // 3. Open addressing: keys and the start of each key's candidate list in one flat array.
  let bits = 4;
  while (1 << bits < anchors.size * 4) bits++;
  // The filter's bits must include the table's (both are top bits of one hash): grow it for huge phrase sets.
  const filterLog = Math.max(FILTER_LOG, bits);
  const size = 1 << bits;
  const shift = 32 - bits;
  const keys = new Int32Array(size);
  const slot = new Int32Array(size).fill(EMPTY);
  const candStart: number[] = [];
  const cand: number[] = [];
  for (const [h, list] of anchors) {
    let j = indexOf(h, shift);
    while ((slot[j] as number) !== EMPTY) j = (j + 1) & (size - 1);
    keys[j] = h;
    slot[j] = candStart.length;
    candStart.push(cand.length);
    cand.push(...list);
  }
  candStart.push(cand.length);
  // A filter of at least 65,536 bits (8 KB, stays in the L1 cache) answers "no anchor here" for almost every window before the
  // table is touched. Bits come from the top of the same multiplicative hash as the table index.
  const filter = new Int32Array((1 << filterLog) / 32);
  for (const h of anchors.keys()) {
    const b = Math.imul(h, HASH_MUL) >>> (32 - filterLog);
    filter[b >>> 5] = (filter[b >>> 5] as number) | (1 << (b & 31));
  }

  return new QGramMatcher(
    filter,
    32 - filterLog,
    phrases.length,
    norm,
    keys,
    slot,
    shift,
    Int32Array.from(candStart),
    Int32Array.from(cand),
    Int32Array.from(shortIds),
  );
}

// One class for every matcher, so the scan loop stays monomorphic whichever phrase set it runs.
class QGramMatcher implements PhraseMatcher {
  private readonly mask: number;
  private readonly codes: Uint16Array;
  private readonly offsets: Int32Array;

  constructor(
    private readonly filter: Int32Array,
    private readonly filterShift: number,
    readonly size: number,
    private readonly phrases: readonly string[],
    private readonly keys: Int32Array,
    private readonly slot: Int32Array,
    private readonly shift: number,
    private readonly candStart: Int32Array,
    private readonly cand: Int32Array,
    private readonly shortIds: Int32Array,
  ) {
    this.mask = keys.length - 1;
    // Phrases as one flat array of code units: the verification loop reads typed memory, not strings.
    let total = 0;
    for (const p of phrases) total += p.length;
    this.codes = new Uint16Array(total);
    this.offsets = new Int32Array(phrases.length + 1);
    let o = 0;
    phrases.forEach((p, id) => {
      this.offsets[id] = o;
      for (let q = 0; q < p.length; q++) this.codes[o + q] = p.charCodeAt(q);
      o += p.length;
    });
    this.offsets[phrases.length] = o;
  }

  scan(text: string, hits: HitBuffer): void {
    this.scanFolded(foldText(text), hits);
  }

  scanFolded(t: string, hits: HitBuffer): void {
    const n = t.length;
    const keys = this.keys;
    const slot = this.slot;
    const mask = this.mask;
    const shift = this.shift;
    const filter = this.filter;
    const filterShift = this.filterShift;
    const candStart = this.candStart;
    const cand = this.cand;
    const codes = this.codes;
    const offsets = this.offsets;
    let key = 0;
    for (let i = 0; i < n; i++) {
      key = (key << 8) | (t.charCodeAt(i) & 0xff);
      // From the third character on: a three-character phrase can end there (see createPhraseMatcher).
      if (i < 2) continue;
      const hv = Math.imul(key, HASH_MUL);
      const b = hv >>> filterShift;
      if (((filter[b >>> 5] as number) & (1 << (b & 31))) === 0) continue;
      let j = hv >>> shift;
      for (;;) {
        const s = slot[j] as number;
        if (s === EMPTY) break;
        if (keys[j] === key) {
          // Verify each phrase anchored here, in place (a call per anchor cost more than the comparison).
          const to = candStart[s + 1] as number;
          for (let k = candStart[s] as number; k < to; k += 2) {
            const id = cand[k] as number;
            const o = offsets[id] as number;
            const len = (offsets[id + 1] as number) - o;
            const start = i - (cand[k + 1] as number);
            if (start < 0 || start + len > n) continue;
            let q = len - 1;
            while (q >= 0 && t.charCodeAt(start + q) === codes[o + q]) q--;
            if (q < 0) hits.push(id, start + len - 1);
          }
          break;
        }
        j = (j + 1) & mask;
      }
    }
    for (let k = 0; k < this.shortIds.length; k++) {
      const id = this.shortIds[k] as number;
      const p = this.phrases[id] as string;
      for (let at = t.indexOf(p); at !== -1; at = t.indexOf(p, at + 1)) hits.push(id, at + p.length - 1);
    }
  }
}
