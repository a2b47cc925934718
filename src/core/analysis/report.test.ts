import { describe, expect, it } from "vitest";
import type { ProviderId, Reason } from "../../knowledge/types.js";
import { diagnoseEvent } from "../events/diagnose-event.js";
import type { DeliveryEvent, EventOutcome, RawEvent } from "../events/types.js";
import { buildReport } from "./report.js";
import { summarizeEvents, suppressionsOf } from "./summarize.js";

const T0 = Date.UTC(2026, 10, 20, 8);
const HOUR = 3_600_000;
let n = 0;

/** An event as a log would give it, diagnosed by the real pipeline. */
function ev(
  recipient: string,
  outcome: EventOutcome,
  text: string | null,
  hoursAfter = 0,
  status: string | null = null,
  remoteHost: string | null = null,
): DeliveryEvent {
  const raw: RawEvent = {
    format: "postfix",
    identity: `line ${n++}`,
    time: T0 + hoursAfter * HOUR,
    outcome,
    recipient,
    sender: "news@example.org",
    messageId: null,
    queueId: null,
    sendingIp: "192.0.2.7",
    remoteHost,
    remoteIp: null,
    status,
    text,
    esp: null,
    feedbackType: null,
    subject: null,
  };
  return diagnoseEvent(raw, { file: "t.log", line: n, message: null });
}

const finding = (events: DeliveryEvent[], id: string) =>
  buildReport(summarizeEvents(events)).findings.find((f) => f.id === id);

describe("findings: scope", () => {
  it("unknown users at many providers stay recipient-scoped: each address is its own problem", () => {
    const events = ["a@gmail.com", "b@outlook.com", "c@yahoo.com", "d@example.net"].map((r) =>
      ev(r, "bounced", "550 5.1.1 The email account that you tried to reach does not exist"),
    );
    const f = finding(events, "userunknown-permanent");
    expect(f?.scope).toBe("recipient");
    expect(f?.recipients).toBe(4);
    expect(f?.priority).toBe("fix-soon");
    expect(f?.retry).toBe("suppress");
  });

  it("one domain refusing many addresses is domain-scoped; several domains of one provider is provider-scoped", () => {
    const text = "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org";
    const oneDomain = ["a", "b", "c", "d", "e"].map((u) => ev(`${u}@example.net`, "bounced", text));
    expect(finding(oneDomain, "blocked-permanent")?.scope).toBe("domain");
    const microsoft = ["a@example.net", "b@example.com", "c@example.edu", "d@example.info"].map((r) =>
      ev(r, "bounced", text, 0, null, "example-net.mail.protection.outlook.com"),
    );
    const f = finding(microsoft, "blocked-permanent");
    expect(f?.scope).toBe("provider");
    expect(f?.providers.map((p) => p.provider)).toEqual(["microsoft"]);
  });

  it("5.7.x authentication failures from Gmail, Microsoft and Yahoo are a multi-provider, critical, sender-side finding", () => {
    const events: DeliveryEvent[] = [];
    for (let i = 0; i < 3; i++) {
      events.push(
        ev(
          `g${i}@gmail.com`,
          "bounced",
          "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.",
        ),
        ev(
          `m${i}@outlook.com`,
          "bounced",
          "550 5.7.515 Access denied, sending domain example.org doesn't meet the required authentication level.",
        ),
        ev(
          `y${i}@yahoo.com`,
          "bounced",
          "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.",
        ),
      );
    }
    const report = buildReport(summarizeEvents(events));
    const f = report.findings.find((x) => x.id === "authfailure-permanent");
    expect(f?.scope).toBe("multi-provider");
    expect(f?.priority).toBe("critical");
    expect(f?.checks).toEqual(expect.arrayContaining(["spf", "dkim"]));
    // Gmail's own reading of its 5.7.26 reply, from the Google rule that decided the most common example.
    expect(f?.providerMeaning).toEqual(expect.any(String));
    expect(f?.providers[0]?.provider).toBe("google");
    expect(report.actionPlan[0]?.finding).toBe("authfailure-permanent");
    expect(report.actionPlan[0]?.retest).toMatch(/re-check .*spf/);
  });
});

describe("findings: deferrals and complaints", () => {
  const greylist =
    "450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/";

  it("a spike of 4xx is to monitor; the same address deferred past the thresholds escalates", () => {
    const spike = [ev("a@example.net", "deferred", greylist, 0), ev("b@example.net", "deferred", greylist, 0)];
    const f1 = finding(spike, `${spike[0]?.reason}-temporary`);
    expect(f1?.priority).toBe("monitor");
    expect(f1?.stillDeferred).toBe(2);
    const persistent = [0, 2, 4, 8, 16, 30].map((h) => ev("a@example.net", "deferred", greylist, h));
    const f2 = finding(persistent, `${persistent[0]?.reason}-temporary`);
    expect(f2?.persistentlyDeferred).toBe(1);
    expect(f2?.priority).toBe("fix-soon");
  });

  it("a deferral followed by a delivery is no longer open", () => {
    const events = [ev("a@example.net", "deferred", greylist, 0), ev("a@example.net", "delivered", "250 2.0.0 Ok", 1)];
    expect(finding(events, `${events[0]?.reason}-temporary`)?.stillDeferred).toBe(0);
  });

  it("complaints above 0.3% of delivered mail are critical", () => {
    const events: DeliveryEvent[] = [];
    for (let i = 0; i < 200; i++) events.push(ev(`u${i}@example.com`, "delivered", "250 ok"));
    events.push(ev("u1@example.com", "complained", null));
    const f = finding(events, "feedback-complaint");
    expect(f?.priority).toBe("critical");
    expect(f?.why).toMatch(/0\.50%/);
    const report = buildReport(summarizeEvents(events));
    expect(report.totals.complaintRate).toBeCloseTo(1 / 200);
  });
});

describe("totals and suppressions", () => {
  it("counts outcomes, rates and providers", () => {
    const events = [
      ev("a@gmail.com", "delivered", "250 2.0.0 OK"),
      ev("b@gmail.com", "bounced", "550 5.1.1 user unknown"),
      ev("c@example.net", "deferred", "421 4.7.0 try again later"),
    ];
    const r = buildReport(summarizeEvents(events));
    expect(r.totals).toMatchObject({ total: 3, delivered: 1, bounced: 1, deferred: 1, bounceRate: 1 / 3 });
    expect(r.byProvider.find((p) => p.key === "google")).toMatchObject({ total: 2, delivered: 1, bounced: 1 });
    expect(r.byDomain.map((d) => d.key)).toEqual(["gmail.com", "example.net"]);
  });

  it("suppresses hard bounces and complaints, and soft bounces only when repeated without a delivery after them", () => {
    const events = [
      ev("gone@example.com", "bounced", "550 5.1.1 user unknown", 0),
      ev("angry@example.com", "complained", null, 0),
      ev("busy@example.com", "deferred", "452 4.2.2 mailbox full", 0),
      ev("busy@example.com", "deferred", "452 4.2.2 mailbox full", 1),
      ev("back@example.com", "bounced", "550 5.1.1 user unknown", 0),
      ev("back@example.com", "delivered", "250 ok", 5),
    ];
    const list = suppressionsOf(events, {}, { softCount: 2 });
    expect(list.map((s) => [s.recipient, s.cause])).toEqual([
      ["angry@example.com", "complaint"],
      ["busy@example.com", "repeated-soft-bounces"],
      ["gone@example.com", "hard-bounce"],
    ]);
    expect(suppressionsOf(events, {}, { softCount: 3 }).some((s) => s.recipient === "busy@example.com")).toBe(false);
  });
});

describe("fix journal", () => {
  it("compares the finding's failure rate per provider before and after the fix", () => {
    const text = "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy.";
    const before = [0, 1, 2].map((h) => ev(`x${h}@gmail.com`, "bounced", text, h));
    const after = [30, 31, 32].map((h) => ev(`y${h}@gmail.com`, "delivered", "250 2.0.0 OK", h));
    const all = [...before, ...after];
    const reason = before[0]?.reason as Reason;
    const fix = { id: 1, at: T0 + 24 * HOUR, text: "published DMARC-aligned DKIM", finding: `${reason}-permanent` };
    const r = buildReport(summarizeEvents(all), {}, [
      { fix, before: summarizeEvents(all, { until: fix.at }), after: summarizeEvents(all, { since: fix.at }) },
    ]);
    const google = r.fixes[0]?.byProvider.find((p) => p.provider === ("google" satisfies ProviderId));
    expect(google?.before).toEqual({ events: 3, failures: 3, rate: 1 });
    expect(google?.after).toEqual({ events: 3, failures: 0, rate: 0 });
  });
});
