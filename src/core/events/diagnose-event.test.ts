import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBounce } from "../bounce/parse-bounce.js";
import { eventsOfBounce } from "./diagnose-event.js";

describe("eventsOfBounce", () => {
  it("keeps the bounced message's sender as a bare address, with its domain", () => {
    const parsed = parseBounce(readFileSync("test/fixtures/bounces/dsn-postfix-userunknown.eml"));
    const [e] = eventsOfBounce(parsed, { file: "x.eml", line: null, message: null });
    expect(parsed.results[0]?.original.from).toMatch(/<.+@.+>/); // "Name <address>" in the header
    expect(e?.sender).not.toMatch(/[<> ]/);
    expect(e?.senderDomain).toBe(e?.sender?.split("@")[1]?.toLowerCase());
    expect(e?.outcome).toBe("bounced");
  });
});
