// explain never throws, whatever the string, and always gives a complete diagnosis (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain } from "../src/core/diagnose.js";
import { PROVIDERS } from "../src/knowledge/index.js";

const OUTCOMES = ["success", "temporary", "permanent", "unknown"];
const PRIORITIES = ["info", "monitor", "fix-soon", "critical"];

function wellFormed(text: string): void {
  const d = explain(text);
  expect(OUTCOMES).toContain(d.outcome);
  expect(PRIORITIES).toContain(d.priority);
  expect(typeof d.reason).toBe("string");
  expect(d.evidence.rule.length).toBeGreaterThan(0);
  expect(() => JSON.stringify(d)).not.toThrow();
  if (d.hardBounce) expect(d.outcome).toBe("permanent");
  if (d.outcome === "success") expect(d.retry).toBe("none");
}

describe("explain on any input", () => {
  it("never throws on arbitrary strings, including lone surrogates and control characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 3000 }), (s) => wellFormed(s)),
      { numRuns: 3000 },
    );
  });
  it("never throws on mutations of real replies", () => {
    const examples = PROVIDERS.flatMap((p) => p.rules.map((r) => r.example));
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.nat(),
        fc.nat(),
        fc.string({ unit: "binary", maxLength: 40 }),
        (base, a, b, insert) => {
          const i = a % (base.length + 1);
          const j = Math.min(base.length, i + (b % 20));
          wellFormed(base.slice(0, i) + insert + base.slice(j));
        },
      ),
      { numRuns: 3000 },
    );
  });
  it("reads the same reply the same way however it is wrapped", () => {
    const examples = PROVIDERS.flatMap((p) => p.rules.map((r) => r.example)).filter((e) => !e.includes(" said: "));
    fc.assert(
      fc.property(fc.constantFrom(...examples), (text) => {
        const bare = explain(text);
        for (const wrapped of [`smtp; ${text}`, JSON.stringify(text), `Diagnostic-Code: smtp; ${text}`]) {
          const d = explain(wrapped);
          expect(d.reason, wrapped).toBe(bare.reason);
          expect(d.outcome, wrapped).toBe(bare.outcome);
        }
      }),
      { numRuns: 500 },
    );
  });
});
