import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputTooLargeError, type LineEvent, readBounded, readLines } from "./read-input.js";

async function* chunks(parts: readonly string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function lines(parts: readonly string[], limit?: number): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  for await (const e of readLines(chunks(parts), limit)) out.push(e);
  return out;
}

describe("readLines", () => {
  it("splits LF, CRLF and CR, also across chunk boundaries", async () => {
    const got = await lines(["a\r", "\nb\rc\n", "d\r\n\r\ne"]);
    expect(got.map((e) => ("line" in e ? e.line : null))).toEqual(["a", "b", "c", "d", "", "e"]);
  });
  it("agrees with a plain split on any text cut into any chunks (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom("a", "b", "\r", "\n", "é"), maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        async (text, cuts) => {
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          const parts: string[] = [];
          let prev = 0;
          for (const c of at) {
            parts.push(text.slice(prev, c));
            prev = c;
          }
          parts.push(text.slice(prev));
          const expected = text.split(/\r\n|\r|\n/);
          if (expected[expected.length - 1] === "") expected.pop();
          const got = (await lines(parts)).map((e) => ("line" in e ? e.line : "<too long>"));
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
  it("reports a line over the limit by number, without keeping it, and goes on", async () => {
    const got = await lines(["short\n", "x".repeat(50), "y".repeat(60), "\nafter\n"], 100);
    expect(got).toEqual([
      { line: "short", number: 1 },
      { tooLong: 110, number: 2 },
      { line: "after", number: 3 },
    ]);
  });
});

describe("readBounded", () => {
  it("reads input up to the limit", async () => {
    expect(await readBounded(chunks(["550 ", "5.1.1"]), 100)).toBe("550 5.1.1");
  });
  it("fails clearly past the limit", async () => {
    await expect(readBounded(chunks(["x".repeat(80), "x".repeat(80)]), 100)).rejects.toBeInstanceOf(InputTooLargeError);
  });
});
