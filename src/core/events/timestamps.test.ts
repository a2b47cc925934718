import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoTimestamp, readFraction, readZone } from "./timestamps.js";

describe("timestamps", () => {
  it("reads RFC 3339 stamps with a fraction and a zone, or a zone after a space", () => {
    expect(parseIsoTimestamp("2024-03-04T09:28:10.2735393-05:00")).toBe(Date.UTC(2024, 2, 4, 14, 28, 10, 273));
    expect(parseIsoTimestamp("2024-03-04 09:28:10,5Z")).toBe(Date.UTC(2024, 2, 4, 9, 28, 10, 500));
    expect(parseIsoTimestamp("2024-03-04 09:28:10 +0100")).toBe(Date.UTC(2024, 2, 4, 8, 28, 10));
    expect(parseIsoTimestamp("2024-03-04T09:28:10")).toBe(Date.UTC(2024, 2, 4, 9, 28, 10));
  });

  it("refuses what is not one", () => {
    for (const bad of [
      "2024-03-04T25:00:00Z",
      "2024-13-04T09:28:10Z",
      "2024-03-04T09:28:10 nonsense",
      "04/03/2024",
      "",
    ]) {
      expect(parseIsoTimestamp(bad), bad).toBeNull();
    }
    expect(readZone("+25:00", 0)).toBeNull();
    expect(readFraction("x", 0)).toEqual({ ms: 0, end: 0 });
  });

  it("never throws (property)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => void parseIsoTimestamp(s)));
  });
});
