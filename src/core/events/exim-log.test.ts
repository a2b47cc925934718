import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEximLogReader, enhancedAfterReply, looksLikeEximLine } from "./exim-log.js";
import type { LineReaderOptions } from "./line-reader.js";
import type { RawEvent } from "./types.js";

const MAINLOG = readFileSync(new URL("../../../test/fixtures/exim/mainlog", import.meta.url), "utf8");

function readAll(text: string, options?: LineReaderOptions): { events: RawEvent[]; problems: string[] } {
  const reader = createEximLogReader(options);
  const events: RawEvent[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((l, i) => {
    const p = reader.line(l, i + 1, events);
    if (p !== null) problems.push(p);
  });
  reader.end(events);
  return { events, problems };
}

function one(line: string, options?: LineReaderOptions): RawEvent {
  const { events, problems } = readAll(line, options);
  expect(problems).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0] as RawEvent;
}

describe("Exim mainlog fixture", () => {
  const { events, problems } = readAll(MAINLOG);

  it("reads every delivery line and reports no problems", () => {
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.outcome, e.recipient])).toEqual([
      ["delivered", "alice@example.net"],
      ["delivered", "carol@example.net"],
      ["bounced", "bob@example.org"],
      ["deferred", "dave@example.com"],
      ["delivered", "newsletter@example.com"],
      ["deferred", "dave@example.com"],
      ["delivered", "dave@example.com"],
      ["bounced", "erin@example.com"],
    ]);
    expect(new Set(events.map((e) => e.identity)).size).toBe(events.length);
  });

  it("joins the arrival line: sender, Message-ID, subject", () => {
    const alice = events[0] as RawEvent;
    expect(alice).toMatchObject({
      format: "exim",
      queueId: "1riTq8-0000Qe-2M",
      sender: "newsletter@example.com",
      messageId: "20240304091510.4F2A1@app1.example.com",
      subject: "March product update",
      remoteHost: "mx1.example.net",
      remoteIp: "198.51.100.3",
      sendingIp: "192.0.2.5",
      status: "2.0.0",
      text: "250 2.0.0 Ok: queued as 4TpQ2x1Zk9z9vBb",
      time: Date.UTC(2024, 2, 4, 9, 15, 11),
      esp: null,
      feedbackType: null,
    });
    expect(alice.identity.startsWith("2024-03-04 09:15:11 1riTq8-0000Qe-2M => alice@example.net")).toBe(true);
  });

  it("reads a failure with the whole SMTP error text", () => {
    expect(events[2]).toMatchObject({
      outcome: "bounced",
      recipient: "bob@example.org",
      sender: "newsletter@example.com",
      remoteHost: "mx.example.org",
      remoteIp: "203.0.113.25",
      sendingIp: "192.0.2.5",
      status: "5.1.1",
      text: "SMTP error from remote mail server after RCPT TO:<bob@example.org>: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
    });
  });

  it("reads deferrals with and without a host", () => {
    expect(events[3]).toMatchObject({
      outcome: "deferred",
      remoteHost: "mx2.example.com",
      remoteIp: "198.51.100.40",
      status: "4.7.1",
      text: "SMTP error from remote mail server after RCPT TO:<dave@example.com>: 451 4.7.1 Greylisting in action, please come back later",
    });
    expect(events[5]).toMatchObject({
      outcome: "deferred",
      remoteHost: null,
      remoteIp: null,
      status: null,
      text: "retry time not reached for any host for 'example.com'",
      sender: "newsletter@example.com",
    });
  });

  it("gives a bounce message the null sender", () => {
    expect(events[4]).toMatchObject({ sender: "", subject: "Mail delivery failed: returning message to sender" });
  });

  it("reads a 4.97 long id with fraction, zone and pid", () => {
    expect(events[7]).toMatchObject({
      queueId: "1rhXa1-00000005Kz2-3vQm",
      recipient: "erin@example.com",
      sender: "billing@example.org",
      messageId: "a1b2c3.1709643753@app.example.org",
      subject: 'Your invoice "2024-03" is ready',
      remoteHost: "mx.example.com",
      remoteIp: "192.0.2.1",
      sendingIp: "192.0.2.7",
      status: "5.7.1",
      text: "SMTP error from remote mail server after end of data: 550 5.7.1 Message rejected due to local policy",
      time: Date.UTC(2024, 2, 5, 13, 2, 34, 2),
    });
  });
});

describe("Exim delivery lines", () => {
  it("reads an unrouteable address", () => {
    const e = one("2024-03-04 11:00:00 1riTq8-0000Qe-2M ** bad@nodomain.example: Unrouteable address");
    expect(e).toMatchObject({ outcome: "bounced", recipient: "bad@nodomain.example", text: "Unrouteable address" });
    expect(e.status).toBeNull();
    expect(e.sender).toBeNull();
  });

  it("reads a deferral with an errno and no host", () => {
    const e = one(
      "2024-03-04 11:00:00 1riTq8-0000Qe-2M == x@example.org R=dnslookup T=remote_smtp defer (110): Connection timed out",
    );
    expect(e).toMatchObject({ outcome: "deferred", recipient: "x@example.org", text: "Connection timed out" });
  });

  it("reads a retry timeout and a ' : ' separator", () => {
    expect(one("2024-03-04 11:00:00 1riTq8-0000Qe-2M ** x@example.com: retry timeout exceeded").text).toBe(
      "retry timeout exceeded",
    );
    const e = one(
      "2024-03-04 11:00:00 1riTq8-0000Qe-2M ** x@example.com <x@example.com> R=dnslookup T=remote_smtp : all hosts for 'example.com' have been failing for a long time (and retry time not reached)",
    );
    expect(e).toMatchObject({
      recipient: "x@example.com",
      text: "all hosts for 'example.com' have been failing for a long time (and retry time not reached)",
    });
  });

  it("reads H=[ip]:port and I=[ipv6]:port", () => {
    const e = one(
      "2024-03-04 11:00:00 1riTq8-0000Qe-2M ** x@example.net R=manual T=remote_smtp H=[198.51.100.7]:2525 I=[2001:db8::5]:40000: SMTP error from remote mail server after MAIL FROM:<a@example.com> SIZE=1234: 550-5.7.1 Sender rejected\\n550 5.7.1 see https://example.net/help",
    );
    expect(e).toMatchObject({ remoteHost: null, remoteIp: "198.51.100.7", sendingIp: "2001:db8::5", status: "5.7.1" });
  });

  it("reads the host from the text of older Exim versions", () => {
    const e = one(
      "2012-06-01 08:00:00 1SaBcD-0001Xy-Ab ** user@example.com R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<user@example.com>: host mx.example.com [192.0.2.1]: 550 5.1.1 No such user",
    );
    expect(e).toMatchObject({ remoteHost: "mx.example.com", remoteIp: "192.0.2.1", status: "5.1.1" });
  });

  it("prefers an address over a local part, file or pipe", () => {
    expect(
      one("2024-03-04 11:00:00 1riTq8-0000Qe-2M => jane <jane@example.com> R=localuser T=local_delivery").recipient,
    ).toBe("jane@example.com");
    expect(
      one(
        "2024-03-04 11:00:00 1riTq8-0000Qe-2M => |/usr/bin/procmail -d jane (jane@example.org) <info@example.org> R=userforward T=address_pipe",
      ).recipient,
    ).toBe("jane@example.org");
    expect(
      one(
        "2024-03-04 11:00:00 1riTq8-0000Qe-2M => real@example.net (alias@example.com) <list@example.com> R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.3]",
      ).recipient,
    ).toBe("real@example.net");
  });

  it("takes the sender from F= on the delivery line", () => {
    expect(
      one("2024-03-04 11:00:00 1riTq8-0000Qe-2M ** x@example.com F=<bounces@example.org> R=r T=t: 550 5.1.1 unknown")
        .sender,
    ).toBe("bounces@example.org");
  });

  it("applies utcOffsetMinutes when the line has no zone, and an explicit zone over it", () => {
    const line = "2024-03-04 11:00:00 1riTq8-0000Qe-2M => x@example.com R=r T=t";
    expect(one(line, { utcOffsetMinutes: 120 }).time).toBe(Date.UTC(2024, 2, 4, 9, 0, 0));
    const zoned = "2024-03-04 11:00:00 -0500 1riTq8-0000Qe-2M => x@example.com R=r T=t";
    expect(one(zoned, { utcOffsetMinutes: 120 }).time).toBe(Date.UTC(2024, 2, 4, 16, 0, 0));
  });

  it("reports a delivery line without a recipient", () => {
    const { events, problems } = readAll("2024-03-04 11:00:00 1riTq8-0000Qe-2M ** ");
    expect(events).toEqual([]);
    expect(problems).toHaveLength(1);
  });

  it("ignores arrivals, Completed, *> and non-message lines", () => {
    const { events, problems } = readAll(
      [
        "2024-03-04 11:00:00 1riTq8-0000Qe-2M <= a@example.com H=h.example.com [192.0.2.3] P=esmtp S=100",
        "2024-03-04 11:00:00 1riTq8-0000Qe-2M *> b@example.com R=r T=t",
        "2024-03-04 11:00:00 1riTq8-0000Qe-2M Completed",
        "2024-03-04 11:00:00 Start queue run: pid=4242",
        "2024-03-04 11:00:00 H=[203.0.113.9] F=<x@example.org> rejected RCPT <y@example.com>: relay not permitted",
        "Mar  4 11:00:00 mail postfix/smtp[1]: 4ABC: to=<a@example.com>, status=sent",
        "",
      ].join("\n"),
    );
    expect(events).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe("looksLikeEximLine", () => {
  it("accepts both id styles, with and without fraction, zone and pid", () => {
    expect(looksLikeEximLine("2024-03-04 09:15:10 1riTq8-0000Qe-2M <= a@example.com")).toBe(true);
    expect(looksLikeEximLine("2024-03-04 09:15:10.123456 +0000 [42] 1rhXa1-00000005Kz2-3vQm ** a@example.com")).toBe(
      true,
    );
    expect(looksLikeEximLine("2024-03-04 09:15:10 1riTq8-0000Qe-2M Completed")).toBe(true);
  });
  it("rejects other lines", () => {
    expect(looksLikeEximLine("2024-03-04 09:15:10 exim 4.96 daemon started")).toBe(false);
    expect(looksLikeEximLine("2024-03-04 09:15:10 1riTq8-0000Qe-2M Message is frozen")).toBe(false);
    expect(looksLikeEximLine("Mar  4 09:15:10 mail postfix/qmgr[9]: 4ABC: removed")).toBe(false);
    expect(looksLikeEximLine("2024-03-04 09:15:10 1riTq8-0000Qe-2MX => a@example.com")).toBe(false);
  });
});

describe("enhancedAfterReply", () => {
  it("finds the code after a reply code only", () => {
    expect(enhancedAfterReply("after RCPT TO:<a@example.com>: 550-5.7.26 blocked")).toBe("5.7.26");
    expect(enhancedAfterReply("host 192.0.2.1 said 5.1.1 unknown")).toBeNull();
    expect(enhancedAfterReply("Connection timed out")).toBeNull();
  });
});

describe("bounded memory", () => {
  const arrive = (id: string, n: number): string =>
    `2024-03-04 09:00:00 ${id} <= sender${n}@example.com H=h.example.com [192.0.2.3] P=esmtp S=100`;
  const deliver = (id: string): string => `2024-03-04 09:01:00 ${id} => rcpt@example.net R=r T=t`;

  it("forgets the oldest message first and never holds more than maxOpenMessages", () => {
    const reader = createEximLogReader({ maxOpenMessages: 3 });
    const ids = ["1riTq1-0000Qe-2M", "1riTq2-0000Qe-2M", "1riTq3-0000Qe-2M", "1riTq4-0000Qe-2M", "1riTq5-0000Qe-2M"];
    const out: RawEvent[] = [];
    ids.forEach((id, n) => {
      reader.line(arrive(id, n), n + 1, out);
      expect(reader.openMessages).toBeLessThanOrEqual(3);
    });
    for (const id of ids) reader.line(deliver(id), 99, out);
    expect(out.map((e) => e.sender)).toEqual([
      null,
      null,
      "sender2@example.com",
      "sender3@example.com",
      "sender4@example.com",
    ]);
    expect(reader.openMessages).toBe(3);
  });

  it("forgets a message on Completed", () => {
    const reader = createEximLogReader();
    const out: RawEvent[] = [];
    reader.line(arrive("1riTq1-0000Qe-2M", 0), 1, out);
    expect(reader.openMessages).toBe(1);
    reader.line("2024-03-04 09:02:00 1riTq1-0000Qe-2M Completed", 2, out);
    expect(reader.openMessages).toBe(0);
    reader.line(deliver("1riTq1-0000Qe-2M"), 3, out);
    expect(out[0]?.sender).toBeNull();
  });
});

describe("robustness", () => {
  it("never throws on arbitrary strings", () => {
    const reader = createEximLogReader({ maxOpenMessages: 10 });
    const prefix = fc.constantFrom(
      "",
      "2024-03-04 09:15:10 1riTq8-0000Qe-2M ",
      "2024-03-04 09:15:10.5 +0100 [1] 1rhXa1-00000005Kz2-3vQm ",
    );
    const flag = fc.constantFrom("", "** ", "== ", "=> ", "-> ", "<= ", "Completed");
    const body = fc.oneof(
      fc.string(),
      fc
        .array(fc.constantFrom("H=", "I=", "C=", "T=", "[", "]", "(", ")", "<", ">", '"', "\\", ":", " ", "a@b", "x"), {
          maxLength: 40,
        })
        .map((a) => a.join("")),
    );
    fc.assert(
      fc.property(prefix, flag, body, (p, f, b) => {
        const out: RawEvent[] = [];
        const r = reader.line(p + f + b, 1, out);
        expect(r === null || typeof r === "string").toBe(true);
        looksLikeEximLine(p + f + b);
      }),
      { numRuns: 2000 },
    );
  });

  it("completes on 1 MB adversarial lines", () => {
    const head = "2024-03-04 09:15:10 1riTq8-0000Qe-2M ** x@example.com ";
    const n = 1 << 20;
    const lines = [
      head + "H=a [".repeat(n / 5),
      head + "(".repeat(n),
      head + "<(".repeat(n / 2),
      `${head}C="${"\\".repeat(n)}`,
      head + "A=".repeat(n / 2),
      `${head}R=r: ${"550 5.".repeat(n / 6)}`,
      `${head}: ${"host ".repeat(n / 5)}`,
      `2024-03-04 09:15:10 1riTq8-0000Qe-2M <= a@example.com ${'T="x\\" '.repeat(n / 7)}`,
    ];
    const reader = createEximLogReader();
    const out: RawEvent[] = [];
    for (const l of lines) {
      reader.line(l, 1, out);
      looksLikeEximLine(l);
    }
    expect(out.length).toBeGreaterThan(0);
  });
});
