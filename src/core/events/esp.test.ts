// The ESP readers against fixtures modelled on each ESP's documented payloads (test/fixtures/esp/), the mapping
// table read back row by row, and arbitrary input that must never make a reader throw.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ESP_CLASSES } from "../../knowledge/esp-classes.js";
import { REASONS } from "../../knowledge/index.js";
import { espClassOf, espTimeOf, isEspRecord, readEspRecord } from "./esp.js";
import { EVENT_OUTCOMES, type RawEvent } from "./types.js";

const FIXTURES = new URL("../../../test/fixtures/esp/", import.meta.url);

function fixture(name: string): unknown[] {
  const text = readFileSync(new URL(name, FIXTURES), "utf8");
  if (name.endsWith(".ndjson")) {
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as unknown);
  }
  return JSON.parse(text) as unknown[];
}

function eventsOf(record: unknown): readonly RawEvent[] {
  const r = readEspRecord(record, 0);
  expect(r.problem).toBeNull();
  return r.events;
}

function only(record: unknown): RawEvent {
  const events = eventsOf(record);
  expect(events).toHaveLength(1);
  return events[0] as RawEvent;
}

function at(records: readonly unknown[], i: number): unknown {
  return records[i];
}

const ALL_FIXTURES = ["ses.json", "sendgrid.json", "mailgun.ndjson", "postmark.ndjson", "sparkpost.json"];

describe("Amazon SES", () => {
  const records = fixture("ses.json");

  it("unwraps an SNS bounce and gives one event per bounced recipient", () => {
    const [ann, bob] = eventsOf(at(records, 0));
    expect(ann).toMatchObject({
      format: "ses",
      outcome: "bounced",
      recipient: "ann@example.com",
      sender: "news@example.org",
      messageId: "spring-2024.42@example.org",
      queueId: "0100018e0a1b2a00-11223344-5566-4778-899a-abbccddeeff0-000000",
      sendingIp: "192.0.2.45",
      remoteHost: "mx1.example.com",
      remoteIp: "198.51.100.25",
      status: "5.1.1",
      text: "smtp; 550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
      subject: "Spring offers",
      time: Date.UTC(2024, 2, 4, 9, 15, 4, 512),
      esp: { type: "Permanent", subtype: "General", reason: null, decides: false, rule: "ses.Permanent/General" },
    });
    expect(bob).toMatchObject({ recipient: "bob@example.com", status: "5.2.2", outcome: "bounced" });
    expect(ann?.identity).toBe("ses|0100018e0a1b2c3d-4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8-000000|ann@example.com");
    expect(bob?.identity).not.toBe(ann?.identity);
  });

  it("identifies an event the same whether it came wrapped in SNS or bare", () => {
    const envelope = at(records, 0) as { Message: string };
    const bare = eventsOf(JSON.parse(envelope.Message)).map((e) => e.identity);
    expect(bare).toEqual(eventsOf(envelope).map((e) => e.identity));
  });

  it("reads a complaint with its feedback type", () => {
    expect(only(at(records, 1))).toMatchObject({
      outcome: "complained",
      recipient: "carol@example.net",
      feedbackType: "abuse",
      time: Date.UTC(2024, 2, 4, 11, 2, 13, 421),
      esp: { type: "Complaint", subtype: null, reason: "feedback", decides: true, rule: "ses.Complaint" },
    });
  });

  it("reads a delivery with the receiver's reply", () => {
    expect(only(at(records, 2))).toMatchObject({
      outcome: "delivered",
      recipient: "dave@example.com",
      remoteIp: "198.51.100.26",
      remoteHost: null,
      text: "250 2.0.0 OK 1709553601 x12si345678qkb.101 - gsmtp",
      subject: "Your invoice",
      time: Date.UTC(2024, 2, 4, 12, 0, 1, 184),
      esp: { rule: "ses.Delivery" },
    });
  });

  it("reads a DeliveryDelay event as a deferral with its delay type", () => {
    expect(only(at(records, 3))).toMatchObject({
      outcome: "deferred",
      recipient: "erin@example.com",
      status: "4.4.1",
      text: "smtp; 421 4.4.1 Unable to connect to remote host",
      esp: { type: "DeliveryDelay", subtype: "TransientCommunicationFailure", reason: "networkerror", decides: false },
    });
  });

  it("skips Send events", () => {
    expect(readEspRecord(at(records, 4), 4)).toEqual({ events: [], skipped: true, problem: null });
  });

  it("turns a suppression-list bounce into a drop", () => {
    const record = {
      notificationType: "Bounce",
      mail: { messageId: "0100018e-aaaa", source: "news@example.org", timestamp: "2024-03-04T09:15:02.000Z" },
      bounce: {
        bounceType: "Permanent",
        bounceSubType: "OnAccountSuppressionList",
        feedbackId: "0100018e-bbbb",
        bouncedRecipients: [{ emailAddress: "ann@example.com" }],
      },
    };
    expect(only(record)).toMatchObject({
      outcome: "dropped",
      time: Date.UTC(2024, 2, 4, 9, 15, 2),
      esp: { reason: "suppressed", decides: true },
    });
  });

  it("reads Lambda SNS batches and EventBridge events", () => {
    const envelope = at(records, 1) as Record<string, unknown>;
    const lambda = { Records: [{ EventSource: "aws:sns", Sns: envelope }] };
    expect(only(lambda).recipient).toBe("carol@example.net");
    const bare = JSON.parse(envelope.Message as string) as unknown;
    const bridge = { "detail-type": "Email Complaint Received", source: "aws.ses", detail: bare };
    expect(only(bridge).identity).toBe(only(lambda).identity);
  });
});

describe("SendGrid", () => {
  const records = fixture("sendgrid.json");

  it("reads each delivery event and skips processed and open", () => {
    const results = records.map((r, i) => readEspRecord(r, i));
    expect(results.map((r) => (r.skipped ? "skip" : r.events[0]?.outcome))).toEqual([
      "skip",
      "deferred",
      "delivered",
      "bounced",
      "bounced",
      "dropped",
      "complained",
      "skip",
    ]);
  });

  it("keeps a bounce's type and classification", () => {
    expect(only(at(records, 3))).toMatchObject({
      recipient: "carol@example.com",
      messageId: "14c5d75ce93.dfd.64b469@ismtpd-555",
      queueId: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
      sendingIp: "192.0.2.60",
      status: "5.1.1",
      time: 1709544180000,
      identity: "sendgrid|6g4ZI7SA-xmRDv57GoPIPw|carol@example.com",
      esp: {
        type: "bounce",
        subtype: "Invalid Address",
        reason: "userunknown",
        rule: "sendgrid.bounce_classification/Invalid Address",
      },
    });
    expect(only(at(records, 4)).esp).toMatchObject({ type: "blocked", subtype: "Reputation", reason: "badreputation" });
  });

  it("takes the reply of a deferral and the reason of a drop", () => {
    expect(only(at(records, 1)).text).toContain("451 4.7.650");
    expect(only(at(records, 5))).toMatchObject({
      text: "Bounced Address",
      esp: { rule: "sendgrid.dropped/Bounced Address", reason: "suppressed", decides: true },
    });
  });

  it("reads a whole webhook batch at once", () => {
    const r = readEspRecord(records, 0);
    expect(r.problem).toBeNull();
    expect(r.skipped).toBe(false);
    expect(r.events).toHaveLength(6);
  });
});

describe("Mailgun", () => {
  const records = fixture("mailgun.ndjson");

  it("reads a permanent failure from the webhook shape", () => {
    expect(only(at(records, 0))).toMatchObject({
      outcome: "bounced",
      recipient: "ann@example.com",
      sender: "bounce+1a2b3c@mg.example.org",
      messageId: "20240304091500.1.4F2A6C@mg.example.org",
      sendingIp: "192.0.2.70",
      remoteHost: "gmail-smtp-in.l.google.com",
      status: "5.1.1",
      subject: "Spring offers",
      time: 1709544000254,
      identity: "mailgun|CPgfbmQMTCKtHW6uIWtuVe|ann@example.com",
      esp: { type: "permanent", subtype: "bounce", reason: null, rule: "mailgun.reason/bounce" },
    });
    expect(only(at(records, 0)).text).toMatch(/^550 5\.1\.1 The email account/);
  });

  it("reads temporary failures as deferrals, and delivered and complained events", () => {
    expect(only(at(records, 1))).toMatchObject({ outcome: "deferred", esp: { rule: "mailgun.reason/generic" } });
    expect(only(at(records, 2))).toMatchObject({ outcome: "delivered", text: "250 OK", status: "2.0.0" });
    expect(only(at(records, 3))).toMatchObject({ outcome: "complained", esp: { rule: "mailgun.complained" } });
    expect(readEspRecord(at(records, 4), 4).skipped).toBe(true);
  });

  it("reads an Events API item: a suppressed address is a drop", () => {
    expect(only(at(records, 5))).toMatchObject({
      outcome: "dropped",
      text: "Not delivering to previously bounced address",
      esp: { type: "permanent", subtype: "suppress-bounce", reason: "suppressed", decides: true },
    });
  });

  it("reads an Events API page", () => {
    const events = eventsOf(at(records, 6));
    expect(events.map((e) => [e.recipient, e.outcome])).toEqual([
      ["frank@example.com", "delivered"],
      ["gina@example.org", "deferred"],
    ]);
    expect(events[1]?.text).toBe("498 No MX for [example.org]");
  });
});

describe("Postmark", () => {
  const records = fixture("postmark.ndjson");

  it("reads a hard bounce with Postmark's type and code", () => {
    expect(only(at(records, 0))).toMatchObject({
      outcome: "bounced",
      recipient: "ann@example.com",
      sender: "billing@example.org",
      queueId: "883953f4-6105-42a2-a16a-000101b16c04",
      subject: "Your March invoice",
      text: "smtp;550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
      time: Date.UTC(2024, 2, 4, 14, 28, 10, 273),
      identity: "postmark|4323372036|ann@example.com",
      esp: { type: "HardBounce", subtype: "1", reason: null, decides: false, rule: "postmark.HardBounce/1" },
    });
  });

  it("reads soft bounces, spam complaints and deliveries, and skips opens", () => {
    expect(only(at(records, 1))).toMatchObject({ outcome: "bounced", esp: { rule: "postmark.SoftBounce/4096" } });
    expect(only(at(records, 2))).toMatchObject({
      outcome: "complained",
      time: Date.UTC(2024, 2, 4, 9, 0, 0, 500),
      esp: { rule: "postmark.SpamComplaint/100001", reason: "feedback" },
    });
    expect(only(at(records, 3))).toMatchObject({
      outcome: "delivered",
      recipient: "dave@example.com",
      time: Date.UTC(2024, 2, 4, 9, 16, 54, 907),
      esp: { rule: "postmark.Delivery" },
    });
    expect(readEspRecord(at(records, 4), 4).skipped).toBe(true);
  });
});

describe("SparkPost", () => {
  const records = fixture("sparkpost.json");

  it("reads a bounce with its bounce class and raw reason", () => {
    expect(only(at(records, 0))).toMatchObject({
      outcome: "bounced",
      recipient: "ann@example.com",
      sender: "bounces@mail.example.org",
      queueId: "000443ee14578172be22",
      sendingIp: "192.0.2.50",
      time: 1709544000000,
      identity: "sparkpost|92356927693813856|ann@example.com",
      esp: { type: "bounce", subtype: "10", reason: "userunknown", decides: true, rule: "sparkpost.bounce_class/10" },
    });
    expect(only(at(records, 0)).text).toContain("[ann@example.com]");
  });

  it("reads delays, deliveries, complaints and policy rejections; an out-of-band auto-reply is no failure", () => {
    expect(only(at(records, 1))).toMatchObject({ outcome: "deferred", esp: { reason: "mailboxfull" } });
    expect(only(at(records, 2))).toMatchObject({
      outcome: "delivered",
      remoteIp: "198.51.100.7",
      time: Date.UTC(2024, 2, 4, 9, 22),
    });
    expect(only(at(records, 3))).toMatchObject({ outcome: "complained", feedbackType: "abuse" });
    // An auto-reply (bounce_class 60) came back after delivery: like parseBounce's auto-replies, it gives no event.
    expect(readEspRecord(at(records, 4), 4)).toEqual({ events: [], skipped: true, problem: null });
    expect(only(at(records, 5))).toMatchObject({ outcome: "dropped", esp: { rule: "sparkpost.bounce_class/25" } });
    expect(only(at(records, 6))).toMatchObject({ outcome: "dropped", esp: { rule: "sparkpost.generation_failure" } });
  });

  it("skips engagement events and the webhook test ping", () => {
    expect(readEspRecord(at(records, 7), 7).skipped).toBe(true);
    expect(readEspRecord(at(records, 8), 8).skipped).toBe(true);
    const batch = readEspRecord(records, 0);
    expect(batch.problem).toBeNull();
    expect(batch.events).toHaveLength(6); // records 0-6 but the auto-reply (4)
  });
});

describe("identity", () => {
  it("is unique across every fixture event and stable across reads", () => {
    const read = () => ALL_FIXTURES.flatMap((f) => fixture(f).flatMap((r, i) => readEspRecord(r, i).events));
    const identities = read().map((e) => e.identity);
    expect(identities.length).toBeGreaterThan(25);
    expect(new Set(identities).size).toBe(identities.length);
    expect(read().map((e) => e.identity)).toEqual(identities);
  });

  it("falls back to a digest of the record that ignores key order", () => {
    const a = { event: "bounce", email: "ann@example.com", timestamp: 1709544000, reason: "550 5.1.1 unknown" };
    const b = { reason: "550 5.1.1 unknown", timestamp: 1709544000, email: "ann@example.com", event: "bounce" };
    const c = { ...a, timestamp: 1709544001 };
    expect(only(a).identity).toMatch(/^sendgrid\|#[0-9a-f]{16}\|ann@example\.com$/);
    expect(only(b).identity).toBe(only(a).identity);
    expect(only(c).identity).not.toBe(only(a).identity);
  });

  it("does not depend on the record's place in its file", () => {
    const record = at(fixture("postmark.ndjson"), 0);
    expect(readEspRecord(record, 0)).toEqual(readEspRecord(record, 99));
  });
});

describe("isEspRecord", () => {
  it("recognises every fixture record and batch", () => {
    for (const name of ALL_FIXTURES) {
      const records = fixture(name);
      for (const r of records) expect(isEspRecord(r)).toBe(true);
      expect(isEspRecord(records)).toBe(true);
    }
  });

  it("rejects other JSON", () => {
    for (const v of [null, 1, "x", [], {}, { foo: 1 }, { event: "click" }, { Type: "Notification" }, [{ a: 1 }]]) {
      expect(isEspRecord(v)).toBe(false);
    }
  });
});

describe("malformed records", () => {
  const cases: ReadonlyArray<[string, unknown]> = [
    ["null", null],
    ["a number", 42],
    ["a string", "Mar  4 09:15:02 mx postfix/smtp[1]: status=sent"],
    ["an empty object", {}],
    ["a nested array", [[{ event: "bounce" }]]],
    ["SNS with a broken message", { Type: "Notification", Message: "{not json" }],
    ["SNS with a foreign message", { Type: "Notification", Message: '{"foo":1}' }],
    ["an SES bounce without its bounce object", { notificationType: "Bounce", mail: {} }],
    ["an SES bounce without recipients", { notificationType: "Bounce", mail: {}, bounce: { bouncedRecipients: [] } }],
    ["an unknown SES event", { eventType: "Bogus", mail: {} }],
    ["an SES event named after Object.prototype", { eventType: "constructor", mail: {} }],
    ["a SendGrid bounce without email", { event: "bounce", sg_event_id: "x" }],
    ["an unknown SendGrid event", { event: "toString", sg_event_id: "x", email: "a@example.com" }],
    ["a Postmark bounce without Email", { RecordType: "Bounce", Type: "HardBounce", TypeCode: 1 }],
    ["an unknown Postmark record", { RecordType: "Mystery" }],
    ["a SparkPost bounce without rcpt_to", { msys: { message_event: { type: "bounce", bounce_class: "10" } } }],
    ["an unknown SparkPost wrapper", { msys: { weird_event: {} } }],
    ["a Mailgun webhook without recipient", { signature: {}, "event-data": { event: "failed" } }],
    ["a Mailgun page with a bad item", { items: [1], paging: {} }],
  ];
  for (const [what, record] of cases) {
    it(`gives a problem for ${what}`, () => {
      const r = readEspRecord(record, 0);
      expect(r.events).toHaveLength(0);
      expect(r.skipped).toBe(false);
      expect(typeof r.problem).toBe("string");
      expect(r.problem?.length).toBeGreaterThan(5);
    });
  }

  it("keeps the good records of a batch and reports the bad ones", () => {
    const good = at(fixture("sendgrid.json"), 2);
    const r = readEspRecord([good, { event: "bounce", sg_event_id: "x" }], 0);
    expect(r.events).toHaveLength(1);
    expect(r.problem).toMatch(/^1 of 2 records unreadable/);
  });
});

/** ESP field names, so that arbitrary records reach deep into the readers. */
const KEYS = [
  "Type",
  "Message",
  "Records",
  "Sns",
  "notificationType",
  "eventType",
  "mail",
  "bounce",
  "bounceType",
  "bounceSubType",
  "bouncedRecipients",
  "complaint",
  "complainedRecipients",
  "delivery",
  "deliveryDelay",
  "delayedRecipients",
  "recipients",
  "emailAddress",
  "destination",
  "timestamp",
  "event",
  "email",
  "sg_event_id",
  "type",
  "reason",
  "event-data",
  "recipient",
  "delivery-status",
  "severity",
  "items",
  "paging",
  "RecordType",
  "TypeCode",
  "Email",
  "Recipient",
  "msys",
  "message_event",
  "rcpt_to",
  "bounce_class",
  "event_id",
  "__proto__",
  "constructor",
];

const VALUES = [
  "Notification",
  "Bounce",
  "Complaint",
  "Delivery",
  "DeliveryDelay",
  "Reject",
  "Rendering Failure",
  "failed",
  "bounce",
  "dropped",
  "delivery",
  "Permanent",
  "temporary",
  "SpamComplaint",
  "a@example.com",
  "2024-03-04T09:15:04.512Z",
  "1709544000",
];

const espish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(...VALUES),
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie("value"), { maxLength: 3 }),
    tie("record"),
  ),
  record: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 6 }),
})).value;

function checkInvariants(record: unknown): void {
  const r = readEspRecord(record, 0);
  expect(r.problem === null || typeof r.problem === "string").toBe(true);
  if (r.skipped) expect(r.events).toHaveLength(0);
  for (const e of r.events) {
    expect(EVENT_OUTCOMES).toContain(e.outcome);
    expect(e.identity.length).toBeGreaterThan(0);
    expect(typeof e.recipient).toBe("string");
    expect(e.time === null || Number.isFinite(e.time)).toBe(true);
  }
  isEspRecord(record);
}

describe("arbitrary input", () => {
  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), checkInvariants), { numRuns: 500 });
  });

  it("never throws on records built from ESP field names", () => {
    fc.assert(fc.property(espish, checkInvariants), { numRuns: 1000 });
  });

  it("never throws on SNS envelopes carrying any JSON text", () => {
    fc.assert(
      fc.property(fc.json(), (message) => checkInvariants({ Type: "Notification", Message: message })),
      { numRuns: 300 },
    );
  });
});

describe("espTimeOf", () => {
  it("reads epoch seconds and milliseconds, and ISO 8601 with any fraction and zone", () => {
    expect(espTimeOf(1709544000)).toBe(1709544000000);
    expect(espTimeOf(1709544000.254)).toBe(1709544000254);
    expect(espTimeOf(1709544000254)).toBe(1709544000254);
    expect(espTimeOf("1709544000")).toBe(1709544000000);
    expect(espTimeOf("2024-03-04T09:15:04.512Z")).toBe(Date.UTC(2024, 2, 4, 9, 15, 4, 512));
    expect(espTimeOf("2014-08-01T13:28:10.2735393-04:00")).toBe(Date.UTC(2014, 7, 1, 17, 28, 10, 273));
    expect(espTimeOf("2018-10-08T14:05:45 +0000")).toBe(Date.UTC(2018, 9, 8, 14, 5, 45));
    expect(espTimeOf("2024-03-04T09:15:04+0530")).toBe(Date.UTC(2024, 2, 4, 3, 45, 4));
  });

  it("gives null for anything else", () => {
    for (const v of [
      null,
      undefined,
      "",
      "soon",
      -5,
      0,
      Number.NaN,
      "2024-13-04T09:15:04Z",
      "2024-03-04T09:15:04Q",
      {},
    ]) {
      expect(espTimeOf(v)).toBeNull();
    }
  });
});

describe("espClassOf", () => {
  it("keeps an unknown label as written, with no rule", () => {
    expect(espClassOf("ses", "Permanent", "SomethingNew")).toEqual({
      type: "Permanent",
      subtype: "SomethingNew",
      reason: null,
      decides: false,
      rule: null,
    });
  });

  it("finds labels that apply to any event type, case-insensitively", () => {
    expect(espClassOf("sparkpost", "out_of_band", "54").rule).toBe("sparkpost.bounce_class/54");
    expect(espClassOf("mailgun", "temporary", "ESPBlock").rule).toBe("mailgun.reason/espblock");
    expect(espClassOf("ses", "transient", "mailboxfull").rule).toBe("ses.Transient/MailboxFull");
  });

  it("falls back to the type alone, and to the only row of a type", () => {
    expect(espClassOf("sendgrid", "dropped", "Some new reason").rule).toBe("sendgrid.dropped");
    expect(espClassOf("postmark", "DMARCPolicy", null).rule).toBe("postmark.DMARCPolicy/100009");
  });
});

describe("ESP_CLASSES", () => {
  const reasons = new Set(REASONS.map((r) => r.reason));

  it("has unique, well-formed rows", () => {
    expect(new Set(ESP_CLASSES.map((r) => r.id)).size).toBe(ESP_CLASSES.length);
    for (const row of ESP_CLASSES) {
      expect(row.id.startsWith(`${row.esp}.`), row.id).toBe(true);
      expect(row.source, row.id).toMatch(/^https:\/\//);
      expect(row.meaning.length, row.id).toBeGreaterThan(20);
      if (row.reason !== null) expect(reasons.has(row.reason), row.id).toBe(true);
      if (row.decides) expect(row.reason, row.id).not.toBeNull();
      expect(row.type !== null || row.subtype !== null, row.id).toBe(true);
    }
  });

  it("covers the documented labels", () => {
    const ids = new Set(ESP_CLASSES.map((r) => r.id));
    const sesBounces = ["Permanent/General", "Permanent/NoEmail", "Permanent/Suppressed", "Transient/MailboxFull"];
    for (const id of sesBounces) expect(ids.has(`ses.${id}`)).toBe(true);
    const sparkPost = [1, 10, 20, 21, 22, 23, 24, 25, 26, 30, 40, 50, 51, 52, 53, 54, 60, 70, 80, 90, 100];
    for (const c of sparkPost) expect(ids.has(`sparkpost.bounce_class/${c}`)).toBe(true);
    expect(ESP_CLASSES.filter((r) => r.esp === "postmark" && r.subtype !== null)).toHaveLength(22);
  });

  it("classifies every row's example back to that row", () => {
    for (const row of ESP_CLASSES) {
      const r = readEspRecord(row.example, 0);
      expect(r.problem, row.id).toBeNull();
      if (row.notAFailure === true) {
        // Auto-replies and (un)subscribe notices filed as bounces are not delivery failures: skipped, no event.
        expect(r, row.id).toEqual({ events: [], skipped: true, problem: null });
        continue;
      }
      expect(r.events.length, row.id).toBeGreaterThan(0);
      for (const e of r.events) {
        expect(e.esp?.rule, row.id).toBe(row.id);
        expect(e.esp?.reason, row.id).toBe(row.reason);
        expect(e.esp?.decides, row.id).toBe(row.decides);
      }
    }
  });
});
