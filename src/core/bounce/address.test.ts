import { describe, expect, it } from "vitest";
import { cleanAddress, domainOf } from "./address.js";

describe("cleanAddress", () => {
  it.each([
    ["rfc822; <User@Example.com>", "User@Example.com"],
    ['"Ann Example" <ann@example.com>', "ann@example.com"],
    ["rfc822;bob@example.net.", "bob@example.net"],
    ["<o'brien@example.org>", "o'brien@example.org"],
    ['rfc822; "a..b"@example.org', '"a..b"@example.org'],
    ['<"john doe"@example.org>', '"john doe"@example.org'],
    ["no address here", null],
    ["@example.com", null],
    ["user@", null],
  ])("%j -> %j", (input, want) => {
    expect(cleanAddress(input)).toBe(want);
  });

  it("gives the lowercase domain", () => {
    expect(domainOf("A@Example.NET")).toBe("example.net");
  });
});
