import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnoseEvent } from "./diagnose-event.js";
import { createPostfixLogReader, looksLikePostfixLine } from "./postfix-log.js";
import type { RawEvent } from "./types.js";

const REF = Date.UTC(2026, 10, 29, 12);

function readAll(lines: readonly string[], options = {}): { events: RawEvent[]; problems: string[] } {
  const reader = createPostfixLogReader({ referenceTime: REF, ...options });
  const events: RawEvent[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    const p = reader.line(line, i + 1, events);
    if (p !== null) problems.push(p);
  });
  reader.end(events);
  return { events, problems };
}

describe("Postfix maillog reader on a log written by a real Postfix 3.7 (test/fixtures/real-postfix)", () => {
  const lines = readFileSync("test/fixtures/real-postfix/maillog", "utf8").split("\n");
  const { events, problems } = readAll(lines);

  it("reads every delivery of the sender's own mail, and none of the MTA's own notifications", () => {
    expect(problems).toEqual([]);
    const summary = events.map((e) => `${e.outcome} ${e.recipient} ${e.status}${e.gaveUp ? " gave-up" : ""}`);
    expect(summary).toContain("bounced ghost@example.net 5.4.6");
    expect(summary).toContain("bounced nosuchuser@example.org 5.1.1");
    expect(summary).toContain("bounced ghost@example.net 5.1.1");
    expect(summary).toContain("bounced someone@example.com 5.0.0");
    // Deliveries of bounce notifications to bw@example.org come from the null sender: not counted.
    expect(events.some((e) => e.outcome === "delivered")).toBe(false);
    // The fourth message was deferred (connection refused) until qmgr logged status=expired.
    const deferred = events.filter((e) => e.outcome === "deferred");
    expect(deferred.length).toBeGreaterThan(0);
    expect(deferred.every((e) => e.recipient === "someone@example.com" && e.status?.startsWith("4."))).toBe(true);
    expect(summary.at(-1)).toMatch(/^bounced someone@example\.com 4\.4\.1 gave-up$/);
  });

  it("joins the sender and Message-ID of the same queue id", () => {
    const rcpt = events.find((e) => e.recipient === "nosuchuser@example.org");
    expect(rcpt?.sender).toBe("bw@example.org");
    expect(rcpt?.messageId).toBe("real-2@example.org");
    expect(rcpt?.queueId).toBe("84821164161");
    expect(rcpt?.text).toBe('unknown user: "nosuchuser"');
  });

  it("keeps the remote reply, relay host and IP, and dates the line in the reference year", () => {
    const e = events.find((x) => x.recipient === "ghost@example.net" && x.status === "5.1.1");
    expect(e?.remoteHost).toBe("127.0.0.2");
    expect(e?.remoteIp).toBe("127.0.0.2");
    expect(e?.text).toContain("said: 550 5.1.1 <ghost@example.net>: Recipient address rejected");
    expect(e?.text?.endsWith("(in reply to RCPT TO command)")).toBe(true);
    expect(e?.time).toBe(Date.UTC(2026, 10, 29, 0, 39, 20));
  });

  it("diagnoses the events: unknown users are hard bounces, an expired deferral is expired", () => {
    const source = { file: "maillog", line: null, message: null };
    const unknown = diagnoseEvent(events.find((e) => e.status === "5.1.1") as RawEvent, source);
    expect(unknown.reason).toBe("userunknown");
    expect(unknown.hardBounce).toBe(true);
    const expired = diagnoseEvent(events.at(-1) as RawEvent, source);
    expect(expired.reason).toBe("expired");
    expect(expired.rule).toBe("event.gave-up");
  });
});

describe("Postfix maillog reader: line forms", () => {
  const smtp =
    "postfix/smtp[4242]: 4ZK2fD0n7Kz9rxN: to=<a@example.com>, orig_to=<alias@example.org>, relay=mx.example.com[192.0.2.10]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.1, status=bounced (host mx.example.com[192.0.2.10] said: 550 5.7.1 Message rejected (policy) (in reply to end of DATA command))";

  it("reads classic, high-precision and RFC 5424 heads alike", () => {
    const classic = readAll([`Nov  3 07:05:09 mx1 ${smtp}`]).events[0];
    const iso = readAll([`2026-11-03T08:05:09.250+01:00 mx1 ${smtp}`]).events[0];
    const rfc5424 = readAll([`<22>1 2026-11-03T07:05:09.250Z mx1 postfix/smtp 4242 - - ${smtp.slice(20)}`]).events[0];
    expect(classic?.time).toBe(Date.UTC(2026, 10, 3, 7, 5, 9));
    expect(iso?.time).toBe(Date.UTC(2026, 10, 3, 7, 5, 9, 250));
    expect(rfc5424?.time).toBe(Date.UTC(2026, 10, 3, 7, 5, 9, 250));
    for (const e of [classic, iso, rfc5424]) {
      expect(e?.recipient).toBe("a@example.com");
      expect(e?.queueId).toBe("4ZK2fD0n7Kz9rxN");
      expect(e?.remoteHost).toBe("mx.example.com");
      expect(e?.remoteIp).toBe("192.0.2.10");
      expect(e?.text).toBe(
        "host mx.example.com[192.0.2.10] said: 550 5.7.1 Message rejected (policy) (in reply to end of DATA command)",
      );
    }
  });

  it("puts a December line read in January in the year before, and applies a local offset", () => {
    const jan = Date.UTC(2027, 0, 2);
    const e = readAll([`Dec 31 23:59:59 mx1 ${smtp}`], { referenceTime: jan, utcOffsetMinutes: 60 }).events[0];
    expect(e?.time).toBe(Date.UTC(2026, 11, 31, 22, 59, 59));
  });

  it("reports a delivery line it cannot read, and passes over lines of no interest", () => {
    const { events, problems } = readAll([
      "Nov  3 07:05:09 mx1 postfix/smtp[1]: ABC123: to=<a@example.com>, relay=none, dsn=4.4.1, status=weird (x)",
      "Nov  3 07:05:09 mx1 postfix/smtpd[1]: connect from unknown[192.0.2.1]",
      "Nov  3 07:05:09 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 Relay access denied",
      "Nov  3 07:05:09 mx1 sshd[1]: Accepted publickey for root",
      "not a syslog line at all",
      "",
    ]);
    expect(events).toEqual([]);
    expect(problems).toEqual(["unknown status=weird"]);
  });

  it("forgets the oldest open message when more are open than allowed", () => {
    const lines: string[] = [];
    for (let i = 0; i < 5; i++) {
      lines.push(
        `Nov  3 07:05:09 mx1 postfix/qmgr[1]: Q${i}: from=<s${i}@example.org>, size=1, nrcpt=1 (queue active)`,
      );
    }
    for (let i = 0; i < 5; i++) {
      lines.push(
        `Nov  3 07:05:10 mx1 postfix/smtp[1]: Q${i}: to=<r@example.com>, relay=none, dsn=2.0.0, status=sent (ok)`,
      );
    }
    const { events } = readAll(lines, { maxOpenMessages: 3 });
    expect(events.map((e) => e.sender)).toEqual([null, null, "s2@example.org", "s3@example.org", "s4@example.org"]);
  });

  it("recognises Postfix lines for format detection", () => {
    expect(looksLikePostfixLine(`Nov  3 07:05:09 mx1 ${smtp}`)).toBe(true);
    expect(looksLikePostfixLine("Nov  3 07:05:09 mx1 sshd[1]: hello")).toBe(false);
    expect(looksLikePostfixLine("2026-11-03 07:05:09 1vAbCd-000123-4x => a@example.com")).toBe(false);
  });

  it("never throws on arbitrary lines and reads long adversarial lines", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        readAll([
          s,
          `Nov  3 07:05:09 mx1 postfix/smtp[1]: ${s}`,
          `Nov  3 07:05:09 mx1 postfix/smtp[1]: Q: to=${s}, status=${s}`,
        ]);
      }),
    );
    const big = "to=".repeat(300_000);
    const { problems } = readAll([
      `Nov  3 07:05:09 mx1 postfix/smtp[1]: Q1: ${big}, status=bounced (${"(".repeat(100_000)}`,
    ]);
    expect(problems.length).toBeLessThanOrEqual(1);
  });
});
