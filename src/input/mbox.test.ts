import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { looksLikeMbox, MboxSplitter } from "./mbox.js";

const MBOX = [
  "From MAILER-DAEMON Tue Mar  3 10:15:02 2026",
  "Subject: one",
  "",
  "body one",
  "From here on this line is body text, not a separator",
  "",
  "From MAILER-DAEMON Tue Mar  3 10:16:02 2026",
  "Subject: two",
  "",
  "body two",
  "",
  "From MAILER-DAEMON Tue Mar  3 10:17:02 2026",
  "Subject: three",
  "",
  "body three",
  "",
].join("\n");

function split(chunks: readonly Buffer[], max?: number): string[] {
  const s = new MboxSplitter(max);
  const out = chunks.flatMap((c) => s.push(c));
  out.push(...s.end());
  return out.map((m) => m.data.toString("latin1"));
}

describe("MboxSplitter", () => {
  it("splits at From lines that follow an empty line only", () => {
    const msgs = split([Buffer.from(MBOX)]);
    expect(msgs).toHaveLength(3);
    expect(msgs[0]).toContain("From here on this line is body text");
    expect(msgs.map((m) => /Subject: (\w+)/.exec(m)?.[1])).toEqual(["one", "two", "three"]);
  });

  it("gives the same messages however the stream is chunked", () => {
    const whole = split([Buffer.from(MBOX)]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: MBOX.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(Buffer.from(MBOX.slice(last, p)));
          last = p;
        }
        chunks.push(Buffer.from(MBOX.slice(last)));
        expect(split(chunks)).toEqual(whole);
      }),
    );
  });

  it("reads CRLF mboxes too", () => {
    expect(split([Buffer.from(MBOX.replace(/\n/g, "\r\n"))])).toHaveLength(3);
  });

  it("keeps only the first bytes of an oversized message, flags it, and goes on", () => {
    const big = `From a Tue Mar  3 10:15:02 2026\nSubject: big\n\n${"x".repeat(100_000)}\n\nFrom b Tue Mar  3 10:15:02 2026\nSubject: small\n\nok\n`;
    const s = new MboxSplitter(1000);
    const out = [...s.push(Buffer.from(big)), ...s.end()];
    expect(out.map((m) => [m.index, m.data.length <= 1000, m.truncated])).toEqual([
      [0, true, true],
      [1, true, false],
    ]);
  });

  it("tells an mbox from a mail that starts with a From: header", () => {
    expect(looksLikeMbox(Buffer.from("From MAILER-DAEMON Tue Mar  3 10:15:02 2026\n"))).toBe(true);
    expect(looksLikeMbox(Buffer.from("From: someone@example.com\n"))).toBe(false);
  });
});
