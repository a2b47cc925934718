// A multi-phrase matcher (Aho-Corasick compiled to a dense automaton) over case-folded, whitespace-folded text.
// One pass over the input finds every knowledge phrase at once, so classification costs O(input length + hits)
// whatever the number of rules, and no regular expression ever sees the attacker-controlled text.

const OTHER = 0;
const WS_FOLD = -1;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 160;
}

export interface PhraseMatcher {
  /** Number of distinct phrases compiled. */
  readonly size: number;
  /** Automaton size: states times classes cells of 4 bytes. */
  readonly states: number;
  readonly classes: number;
  /** Calls `onHit(phraseId)` for every occurrence of every phrase in `text` (case- and whitespace-folded). */
  scan(text: string, onHit: (phraseId: number) => void): void;
}

/** Renumbers trie states in breadth-first order (root stays 0), in place. */
function renumberBreadthFirst(children: Map<number, number>[], own: number[][]): void {
  const order: number[] = [0];
  for (let head = 0; head < order.length; head++) {
    const node = children[order[head] as number] as Map<number, number>;
    for (const k of [...node.keys()].sort((a, b) => a - b)) order.push(node.get(k) as number);
  }
  const newId = new Int32Array(order.length);
  order.forEach((old, id) => {
    newId[old] = id;
  });
  const oldChildren = children.slice();
  const oldOwn = own.slice();
  order.forEach((old, id) => {
    const m = new Map<number, number>();
    for (const [k, t] of oldChildren[old] as Map<number, number>) m.set(k, newId[t] as number);
    children[id] = m;
    own[id] = oldOwn[old] as number[];
  });
}

/** Builds the matcher; phrase ids are the indexes in `phrases`. Phrases are lowercased and whitespace-folded here. */
export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher {
  // 1. Alphabet: one class per distinct code unit used by the phrases; everything else is OTHER.
  const asciiClass = new Int32Array(128);
  const wideClass = new Map<number, number>();
  let classes = 1;
  const norm = phrases.map((p) => p.toLowerCase().replace(/\s+/g, " ").trim());
  const classOf = (c: number): number => {
    if (c < 128) {
      if (asciiClass[c] === 0) asciiClass[c] = classes++;
      return asciiClass[c] as number;
    }
    let k = wideClass.get(c);
    if (k === undefined) {
      k = classes++;
      wideClass.set(c, k);
    }
    return k;
  };
  for (const p of norm) for (let i = 0; i < p.length; i++) classOf(p.charCodeAt(i));
  const spaceClass = asciiClass[32] ?? OTHER;
  // Upper-case ASCII reads as lower case.
  for (let c = 65; c <= 90; c++) asciiClass[c] = asciiClass[c + 32] as number;
  const K = classes;

  // 2. Trie.
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  norm.forEach((p, id) => {
    if (p === "") return;
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const k = classOf(p.charCodeAt(i));
      const node = children[s] as Map<number, number>;
      let t = node.get(k);
      if (t === undefined) {
        t = children.length;
        children.push(new Map());
        own.push([]);
        node.set(k, t);
      }
      s = t;
    }
    (own[s] as number[]).push(id);
  });
  const states = children.length;
  renumberBreadthFirst(children, own);

  // 3. Failure links by breadth-first search, completed into a dense transition table.
  // Breadth-first numbering keeps the shallow states, where a scan spends nearly all its time, in the first rows;
  // 16-bit cells halve the table when the automaton is small enough (both measured by npm run bench).
  const delta: Uint16Array | Int32Array = states < 0xffff ? new Uint16Array(states * K) : new Int32Array(states * K);
  const fail = new Int32Array(states);
  const outLink = new Int32Array(states).fill(-1);
  const queue: number[] = [];
  for (const [k, t] of children[0] as Map<number, number>) {
    delta[k] = t;
    queue.push(t);
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] as number;
    const f = fail[s] as number;
    outLink[s] = (own[f] as number[]).length > 0 ? f : (outLink[f] as number);
    const node = children[s] as Map<number, number>;
    const base = s * K;
    const fbase = f * K;
    for (let k = 0; k < K; k++) {
      const t = node.get(k);
      if (t === undefined) {
        delta[base + k] = delta[fbase + k] as number;
      } else {
        delta[base + k] = t;
        fail[t] = delta[fbase + k] as number;
        queue.push(t);
      }
    }
  }
  const hasOut = new Uint8Array(states);
  const ownFlat: number[][] = own;
  for (let s = 0; s < states; s++) {
    if ((own[s] as number[]).length > 0 || (outLink[s] as number) !== -1) hasOut[s] = 1;
  }

  // ASCII class table with whitespace marked for folding.
  const asciiTable = new Int32Array(128);
  for (let c = 0; c < 128; c++) asciiTable[c] = isSpace(c) ? WS_FOLD : (asciiClass[c] as number);
  const wideLookup = (c: number): number => {
    const k = wideClass.get(c);
    if (k !== undefined) return k;
    const lower = String.fromCharCode(c).toLowerCase().charCodeAt(0);
    return wideClass.get(lower) ?? OTHER;
  };

  return {
    size: phrases.length,
    states,
    classes: K,
    scan(text: string, onHit: (phraseId: number) => void): void {
      // Locals for the hot loop; whitespace runs fold to one space class (WS_FOLD marks them in the table).
      const d = delta;
      const cls = asciiTable;
      const out = hasOut;
      const k0 = K;
      let s = 0;
      let prevSpace = true;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        let k: number;
        if (c < 128) {
          k = cls[c] as number;
          if (k === WS_FOLD) {
            if (prevSpace) continue;
            prevSpace = true;
            k = spaceClass;
          } else prevSpace = false;
        } else if (c === 160) {
          if (prevSpace) continue;
          prevSpace = true;
          k = spaceClass;
        } else {
          prevSpace = false;
          k = wideLookup(c);
        }
        s = d[s * k0 + k] as number;
        if (out[s] === 1) {
          for (let o = s; o !== -1; o = outLink[o] as number) {
            for (const id of ownFlat[o] as number[]) onHit(id);
          }
        }
      }
    },
  };
}
