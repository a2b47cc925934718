// Attacker-controlled mail: whatever arrives, parseBounce returns a result (maybe empty, with issues), never throws,
// and stays bounded. Huge inputs are generated here, never committed.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corrupted } from "../../../test/support/corrupted.js";
import { MAX_INPUT_BYTES, parseBounce } from "./parse-bounce.js";

const FIXTURES = new URL("../../../test/fixtures/bounces/", import.meta.url);
const SAMPLES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".eml"))
  .map((f) => readFileSync(new URL(f, FIXTURES), "latin1"));

describe("parseBounce on hostile input", () => {
  it("never throws on arbitrary strings and bytes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 })), (input) => {
        const r = parseBounce(input);
        expect(Array.isArray(r.results)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on real bounces cut, spliced and corrupted at random places", () => {
    fc.assert(
      fc.property(corrupted(SAMPLES), (variants) => {
        for (const s of variants) expect(() => parseBounce(s)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("reads only the first MAX_INPUT_BYTES of a 50 MB message and says so", () => {
    const head = SAMPLES.find((s) => s.includes("Diagnostic-Code")) as string;
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    big.write(head, 0, "latin1");
    const r = parseBounce(big);
    expect(r.issues.some((i) => i.includes(String(MAX_INPUT_BYTES)))).toBe(true);
    expect(r.results.length).toBeGreaterThan(0);
  });

  it("handles malformed encodings: broken base64, bad quoted-printable, unknown charsets", () => {
    const mail = [
      "From: MAILER-DAEMON@example.org",
      "Subject: =?x-unknown?B?!!!?= =?utf-8?Q?=ZZ?=",
      "Content-Type: multipart/report; report-type=delivery-status; boundary=z",
      "",
      "--z",
      "Content-Type: text/plain; charset=x-no-such-charset",
      "Content-Transfer-Encoding: base64",
      "",
      "@@@@ not base64 ====",
      "--z",
      "Content-Type: message/delivery-status",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Final-Recipient: rfc822; a@example.net=",
      "",
      "Action: failed",
      "Status: 5.1.1=4",
      "--z--",
    ].join("\n");
    const r = parseBounce(mail);
    expect(r.results[0]).toMatchObject({ recipient: "a@example.net", status: "5.1.1" });
  });
});
