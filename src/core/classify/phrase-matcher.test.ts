import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPhraseMatcher, HitBuffer } from "./phrase-matcher.js";

/** The obvious reference: fold the text, then indexOf every phrase. */
function naive(phrases: readonly string[], text: string): Set<number> {
  const folded = text.toLowerCase().replace(/[\s\u00a0]+/g, " ");
  const out = new Set<number>();
  phrases.forEach((p, id) => {
    const q = p.toLowerCase().replace(/\s+/g, " ").trim();
    if (q !== "" && folded.includes(q)) out.add(id);
  });
  return out;
}

function fast(phrases: readonly string[], text: string): Set<number> {
  const hits = new HitBuffer();
  createPhraseMatcher(phrases).scan(text, hits);
  return new Set(hits.ids.subarray(0, hits.count));
}

describe("createPhraseMatcher", () => {
  it("finds overlapping and nested phrases, case- and whitespace-folded", () => {
    const phrases = ["user unknown", "unknown", "known user", "no such user", "Mailbox FULL", "boîte pleine"];
    const text = "550 5.1.1 User\r\n   Unknown; no such  user; mailbox full; BOÎTE pleine";
    expect([...fast(phrases, text)].sort()).toEqual([...naive(phrases, text)].sort());
    expect(fast(phrases, text)).toEqual(new Set([0, 1, 3, 4, 5]));
  });
  it("agrees with indexOf on random phrase sets and texts (property)", () => {
    const alphabet = fc.constantFrom("a", "b", "c", " ", "A", "\n", "é", "É", ".", "-");
    const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.string({ unit: alphabet, maxLength: 80 }),
        (phrases, text) => {
          const clean = phrases.map((p) => p.trim()).filter((p) => p !== "");
          expect(fast(clean, text)).toEqual(naive(clean, text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
