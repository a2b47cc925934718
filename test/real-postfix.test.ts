// Bounces written by a real Postfix 3.7 on loopback (test/fixtures/real-postfix, made by
// scripts/make-postfix-fixtures.sh): the mbox as local(8) wrote it, read through the same input edge as the CLI.
import { describe, expect, it } from "vitest";
import { parseBounce } from "../src/core/bounce/parse-bounce.js";
import type { BounceResult } from "../src/core/bounce/types.js";
import { readMailItems } from "../src/input/sources.js";

async function results(): Promise<{ message: number; r: BounceResult; kind: string }[]> {
  const out: { message: number; r: BounceResult; kind: string }[] = [];
  for await (const item of readMailItems(["test/fixtures/real-postfix/bounces.mbox"])) {
    expect(item.error).toBeUndefined();
    const parsed = parseBounce(item.data as Buffer, { extraHeaders: ["X-Campaign-Id"] });
    for (const r of parsed.results) out.push({ message: item.message, r, kind: parsed.kind });
  }
  return out;
}

describe("real Postfix bounces", () => {
  it("reads every bounce of the mbox with the fields Postfix wrote", async () => {
    const all = await results();
    expect(
      all.map(({ message, r, kind }) => [
        message,
        kind,
        r.recipient,
        r.action,
        r.status,
        r.reason,
        r.command,
        r.decoder,
      ]),
    ).toEqual([
      [0, "bounce", "ghost@example.net", "failed", "5.4.6", "systemerror", null, "postfix"],
      [1, "bounce", "nosuchuser@example.org", "failed", "5.1.1", "userunknown", null, "postfix"],
      [2, "bounce", "someone@example.com", "failed", "5.0.0", "undefined", null, "postfix"],
      [3, "bounce", "ghost@example.net", "failed", "5.1.1", "userunknown", "rcpt", "postfix"],
      [4, "delayed", "someone@example.com", "delayed", "4.4.1", "networkerror", "connect", "postfix"],
      [5, "bounce", "someone@example.com", "failed", "4.4.1", "expired", "connect", "postfix"],
    ]);
  });

  it("gives the remote reply, the reporting MTA and the returned message's fields", async () => {
    const all = await results();
    const remote = all[3]?.r as BounceResult;
    expect(remote.replyCode).toBe(550);
    expect(remote.hardBounce).toBe(true);
    expect(remote.diagnosticCode).toContain("550 5.1.1 <ghost@example.net>: Recipient address rejected");
    expect(remote.reportingMta).toBe("mail.example.org");
    expect(remote.original).toMatchObject({
      messageId: "<real-1@example.org>",
      subject: "March offers",
      listId: "<offers.example.org>",
      extra: { "x-campaign-id": "real-postfix-1" },
    });
    // The delay warning and the final bounce of one message share nothing but the message: two keys.
    expect(all[4]?.r.key).not.toBe(all[5]?.r.key);
    expect(all[4]?.r.diagnosis.outcome).toBe("temporary");
  });
});
