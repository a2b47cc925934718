import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeDomain } from "./names.js";

describe("normalizeDomain", () => {
  it("lowercases, drops the final dot and converts IDN to punycode", () => {
    expect(normalizeDomain("Example.COM.")).toBe("example.com");
    expect(normalizeDomain("bücher.example")).toBe("xn--bcher-kva.example");
    expect(normalizeDomain("mail-1.example.co.uk")).toBe("mail-1.example.co.uk");
  });

  it("refuses what is not a host name", () => {
    for (const bad of [
      "",
      "example",
      "exa mple.com",
      "-a.example.com",
      "a..b.com",
      "192.0.2.1",
      "user@example.com",
      "http://example.com",
      "a_b.example.com",
      `${"a".repeat(64)}.com`,
      `${"a.".repeat(130)}com`,
    ]) {
      expect(normalizeDomain(bad), bad).toBeNull();
    }
  });

  it("never throws (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const d = normalizeDomain(s);
        if (d !== null) expect(normalizeDomain(d)).toBe(d);
      }),
    );
  });
});
