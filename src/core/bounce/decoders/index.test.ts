import { describe, expect, it } from "vitest";
import { DECODERS } from "./index.js";

describe("the decoder list", () => {
  it("has one entry per id, generic formats last", () => {
    const ids = DECODERS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-3)).toEqual(["arf", "rfc3464", "rfc3834"]);
    expect(ids.length).toBeGreaterThanOrEqual(40);
  });
});
