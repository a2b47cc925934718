// DMARC aggregate analysis: every classification rule decides its own example, realistic sources of each kind,
// readiness thresholds at their edges, the record to publish, the aggregator's order-independence and bounds,
// and reverse DNS against a real DNS server on loopback.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../../test/support/dns-server.js";
import { createNodeDnsClient } from "../../dns/node-resolver.js";
import { CLASSIFICATION_RULES, READINESS, TESTING_STEP_NOTE } from "../../knowledge/dmarc-advice.js";
import {
  type AggregateHeadInfo,
  analyzeDmarc,
  canonicalIpText,
  type DmarcAggregate,
  DmarcAggregator,
  type PtrInfo,
  resolveSourcePtrs,
} from "./analyze.js";
import { aligned, rec } from "./records.test-support.js";
import type { AggregateRecord, Disposition } from "./types.js";

const DAY = 86_400;
const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z

interface HeadOptions {
  readonly org?: string;
  readonly id?: string;
  readonly day?: number;
  readonly domain?: string;
  readonly p?: Disposition;
  readonly testing?: "y" | "n";
  readonly pct?: number;
}

function head(o: HeadOptions = {}): AggregateHeadInfo {
  const begin = T0 + (o.day ?? 0) * DAY;
  return {
    metadata: {
      orgName: o.org ?? "google.com",
      reportId: o.id ?? `r-${o.day ?? 0}`,
      begin,
      end: begin + DAY - 1,
      errors: [],
    },
    policy: {
      domain: o.domain ?? "example.com",
      p: o.p ?? "none",
      ...(o.testing === undefined ? {} : { testing: o.testing }),
      ...(o.pct === undefined ? {} : { pct: o.pct }),
    },
  };
}

const unaligned = (ip: string, count: number): AggregateRecord =>
  rec(ip, { count, spfAuth: [{ domain: "example.com", scope: "mfrom", result: "fail" }] });

/** Reports on `days` consecutive days; the records all come with the first report. */
function aggregateOf(records: readonly AggregateRecord[], o: HeadOptions & { days?: number } = {}): DmarcAggregate {
  const agg = new DmarcAggregator();
  const days = o.days ?? 20;
  for (let d = 0; d < days; d++) agg.addReport(head({ ...o, day: d, id: `r-${d}` }));
  agg.addRecords(head({ ...o, day: 0 }), records);
  return agg.snapshot();
}

function ptrMap(entries: Record<string, string>): Map<string, PtrInfo> {
  return new Map(Object.entries(entries).map(([ip, name]) => [ip, { names: [name] }]));
}

// ---------------------------------------------------------------------------------------------------------------

describe("classification rules", () => {
  for (const rule of CLASSIFICATION_RULES) {
    it(`${rule.id}: decides its own example`, () => {
      const ip = "192.0.2.1";
      const records = rule.example.records.map((r) => rec(ip, { ...r, headerFrom: rule.example.headerFrom }));
      const ptr = "ptr" in rule.example ? ptrMap({ [ip]: rule.example.ptr }) : undefined;
      const analysis = analyzeDmarc(aggregateOf(records), ptr === undefined ? {} : { ptr });
      expect(analysis.sources).toHaveLength(1);
      const source = analysis.sources[0];
      expect(source?.rule).toBe(rule.id);
      expect(source?.classification).toBe(rule.classification);
      expect(source?.legitimate).toBe(rule.legitimate);
      expect(source?.fix).not.toMatch(/\{[a-zA-Z]+\}/); // every placeholder filled
    });
  }

  it("ids are unique and the last rule has no condition (something always decides)", () => {
    expect(new Set(CLASSIFICATION_RULES.map((r) => r.id)).size).toBe(CLASSIFICATION_RULES.length);
    expect(CLASSIFICATION_RULES.at(-1)?.when).toEqual({});
  });
});

describe("sources of each kind", () => {
  it("own: a server of yours, aligned through SPF and DKIM", () => {
    const a = analyzeDmarc(aggregateOf([aligned("198.51.100.20", 5000)]), {
      ptr: ptrMap({ "198.51.100.20": "smtp1.example.com" }),
    });
    expect(a.sources[0]).toMatchObject({
      ip: "198.51.100.20",
      ptr: "smtp1.example.com",
      baseDomain: "example.com",
      count: 5000,
      aligned: true,
      alignedShare: 1,
      classification: "own",
      rule: "own.own-host-aligned",
      spf: { pass: 1, authPass: 1, results: [{ domain: "example.com", scope: "mfrom", result: "pass", count: 5000 }] },
      dkim: { pass: 1, authPass: 1, results: [{ domain: "example.com", selector: "s1", result: "pass", count: 5000 }] },
    });
  });

  it("service: SendGrid without domain authentication, known by its DKIM domain even without a PTR name", () => {
    const r = rec("203.0.113.40", {
      count: 1200,
      dkimAuth: [{ domain: "sendgrid.net", selector: "smtpapi", result: "pass" }],
      spfAuth: [{ domain: "sendgrid.net", scope: "mfrom", result: "pass" }],
    });
    const a = analyzeDmarc(aggregateOf([aligned("198.51.100.20", 8800), r]));
    const s = a.sources.find((x) => x.ip === "203.0.113.40");
    expect(s).toMatchObject({
      classification: "service",
      service: "Twilio SendGrid",
      serviceId: "sendgrid",
      serviceKind: "esp",
      serviceMatchedBy: "dkim",
      rule: "service.known",
      aligned: false,
      legitimate: true,
      docs: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication",
    });
    expect(s?.fix).toContain("Twilio SendGrid sends as example.com without alignment");
    expect(s?.fix).toContain("Domain Authentication");
    expect(s?.dkim).toMatchObject({ pass: 0, authPass: 1 });
    // 12% of legitimate mail fails: stay at none, fix SendGrid first.
    expect(a.recommendation).toMatchObject({ policy: "none", rule: "readiness.fix-first" });
    expect(a.recommendation.blockers.map((b) => b.ip)).toEqual(["203.0.113.40"]);
    expect(a.recommendation.reason).toContain("Twilio SendGrid at 203.0.113.40 (1,200 unaligned messages)");
  });

  it("service: an ESP known only by its PTR name", () => {
    const a = analyzeDmarc(aggregateOf([unaligned("192.0.2.77", 30)]), {
      ptr: ptrMap({ "192.0.2.77": "o42.p25.mailjet.com" }),
    });
    expect(a.sources[0]).toMatchObject({
      service: "Mailjet",
      serviceMatchedBy: "ptr",
      baseDomain: "mailjet.com",
      rule: "service.known",
    });
  });

  it("forwarder: DKIM survives, SPF fails, from an unknown host; nothing to fix", () => {
    const r = rec("198.51.100.99", {
      count: 17,
      dkim: "pass",
      spf: "fail",
      dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass" }],
      spfAuth: [{ domain: "example.com", scope: "mfrom", result: "softfail" }],
    });
    const a = analyzeDmarc(aggregateOf([r]), { ptr: ptrMap({ "198.51.100.99": "mx.example.org" }) });
    expect(a.sources[0]).toMatchObject({ classification: "forwarder", rule: "forwarder.dkim-survived", aligned: true });
    expect(a.sources[0]?.fix).toMatch(/^Nothing to fix at your side/);
  });

  it("forwarder: a mailing list that broke the signature, told by the override reason", () => {
    const r = rec("198.51.100.98", {
      count: 5,
      reasons: [{ type: "mailing_list", comment: "list-id detected" }],
      dkimAuth: [{ domain: "example.com", selector: "s1", result: "fail" }],
    });
    const a = analyzeDmarc(aggregateOf([r]));
    expect(a.sources[0]).toMatchObject({ classification: "forwarder", rule: "forwarder.override", legitimate: false });
    expect(a.overrides).toEqual([{ type: "mailing_list", count: 5 }]);
  });

  it("forwarder by ARC only when the comment reports an ARC result that is not a failure", () => {
    const make = (comment: string) =>
      analyzeDmarc(aggregateOf([rec("198.51.100.97", { count: 3, reasons: [{ type: "local_policy", comment }] })]))
        .sources[0]?.rule;
    expect(make("arc=pass as.1.example.net=pass")).toBe("forwarder.arc");
    expect(make("ARC chain validated")).toBe("forwarder.arc");
    expect(make("arc=fail")).toBe("unknown.unauthenticated");
    expect(make("search engine")).toBe("unknown.unauthenticated");
  });

  it("unknown: fails both, not recognised: likely spoofing, to verify", () => {
    const a = analyzeDmarc(aggregateOf([aligned("198.51.100.20", 1000), unaligned("203.0.113.66", 250)]));
    const s = a.sources.find((x) => x.ip === "203.0.113.66");
    expect(s).toMatchObject({ classification: "unknown", rule: "unknown.unauthenticated", legitimate: false });
    expect(s?.fix).toContain("enforcement");
    expect(a.recommendation.verify.map((v) => v.ip)).toEqual(["203.0.113.66"]);
    // Spoofing does not hold enforcement back.
    expect(a.recommendation).toMatchObject({ policy: "quarantine", rule: "readiness.quarantine-ready" });
  });

  it("serialises to the fields the issue asks for", () => {
    const a = analyzeDmarc(aggregateOf([aligned("198.51.100.20", 90), unaligned("203.0.113.66", 10)]));
    const json = JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
    expect(json).toMatchObject({ reports: 20, messages: 100, alignedShare: 0.9, problems: [] });
    const source = (json.sources as Record<string, unknown>[])[0];
    for (const key of ["ip", "ptr", "baseDomain", "count", "spf", "dkim", "aligned", "classification", "fix", "rule"]) {
      expect(source).toHaveProperty(key);
    }
    expect(json.recommendation).toMatchObject({ policy: "quarantine" });
    expect((json.recommendation as { record: string }).record).toMatch(/^v=DMARC1; p=quarantine; rua=mailto:/);
    expect(json.period).toEqual({ begin: "2025-01-01T00:00:00.000Z", end: "2025-01-20T23:59:59.000Z", days: 20 });
    expect(json.reportingOrgs).toEqual([{ name: "google.com", reports: 20 }]);
    expect(json.domains).toMatchObject([{ domain: "example.com", messages: 100, dmarcPass: 90 }]);
    expect(json.dispositions).toEqual({ none: 100, quarantine: 0, reject: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Legitimate sources: `pass` aligned messages and `fail` unaligned ones each (own.partly-aligned). */
function partly(ip: string, pass: number, fail: number): AggregateRecord[] {
  return fail === 0 ? [aligned(ip, pass)] : [aligned(ip, pass), unaligned(ip, fail)];
}

const sesUnaligned = (ip: string, count: number): AggregateRecord =>
  rec(ip, { count, dkimAuth: [{ domain: "amazonses.com", selector: "x", result: "pass" }] });

describe("readiness", () => {
  it("waits for the minimum days of reports", () => {
    const below = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 100)], { days: READINESS.minDays - 1 }));
    expect(below.recommendation).toMatchObject({ policy: "none", rule: "readiness.too-few-days", days: 13 });
    const at = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 100)], { days: READINESS.minDays }));
    expect(at.recommendation).toMatchObject({ policy: "quarantine", rule: "readiness.quarantine-ready", days: 14 });
    expect(at.recommendation.notes).toContain(TESTING_STEP_NOTE);
  });

  it("p=quarantine at exactly 98% aligned legitimate mail, not below", () => {
    // Five senders of yours, each failing on 0.4% of the volume (under the per-source blocker share).
    const at = Array.from({ length: 5 }, (_, i) => partly(`192.0.2.${i + 1}`, 1960, 40)).flat();
    const ready = analyzeDmarc(aggregateOf(at));
    expect(ready.recommendation.legitimateAlignedShare).toBe(0.98);
    expect(ready.recommendation).toMatchObject({ policy: "quarantine", rule: "readiness.quarantine-ready" });
    expect(ready.recommendation.blockers).toEqual([]);
    expect(ready.recommendation.alsoFix).toHaveLength(5);

    const below = analyzeDmarc(aggregateOf([...at, unaligned("192.0.2.1", 1)]));
    expect(below.recommendation.legitimateAlignedShare).toBeLessThan(0.98);
    expect(below.recommendation).toMatchObject({ policy: "none", rule: "readiness.fix-first" });
    // The fewest senders whose fixing reaches the threshold.
    expect(below.recommendation.blockers.map((b) => b.ip)).toEqual(["192.0.2.1"]);
    expect(below.recommendation.reason).toContain("97.9%");
  });

  it("one sender failing on 0.5% of the volume blocks, just under does not", () => {
    const blocked = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 9950), sesUnaligned("192.0.2.9", 50)]));
    expect(blocked.recommendation.legitimateAlignedShare).toBe(0.995);
    expect(blocked.recommendation).toMatchObject({ policy: "none", rule: "readiness.fix-first" });
    expect(blocked.recommendation.blockers).toMatchObject([{ ip: "192.0.2.9", service: "Amazon SES", share: 0.005 }]);

    const ready = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 9951), sesUnaligned("192.0.2.9", 49)]));
    expect(ready.recommendation).toMatchObject({ policy: "quarantine", rule: "readiness.quarantine-ready" });
    expect(ready.recommendation.alsoFix).toMatchObject([{ ip: "192.0.2.9", unaligned: 49 }]);
  });

  const quarantineRecord = "v=DMARC1; p=quarantine; pct=50; rua=mailto:agg@example.com; ruf=mailto:f@example.com; fo=1";
  const atQuarantine = (days: number, failA: number, failB: number) =>
    analyzeDmarc(
      aggregateOf([...partly("192.0.2.1", 5000 - failA, failA), ...partly("192.0.2.2", 5000 - failB, failB)], {
        days,
        p: "quarantine",
      }),
      { currentRecord: quarantineRecord },
    );

  it("p=reject after 30 days at quarantine with 99.5% aligned, keeping the other tags and dropping pct", () => {
    const ready = atQuarantine(READINESS.rejectMinDaysAtQuarantine, 25, 25);
    expect(ready.recommendation).toMatchObject({
      current: "quarantine",
      currentFrom: "record",
      policy: "reject",
      rule: "readiness.reject-ready",
      daysAtQuarantine: 30,
      legitimateAlignedShare: 0.995,
      record: "v=DMARC1; p=reject; rua=mailto:agg@example.com; ruf=mailto:f@example.com; fo=1",
      recordFrom: "current-record",
    });
    expect(ready.recommendation.notes.join(" ")).toContain("pct");
  });

  it("stays at quarantine before 30 days, or below 99.5%", () => {
    const early = atQuarantine(READINESS.rejectMinDaysAtQuarantine - 1, 0, 0);
    expect(early.recommendation).toMatchObject({
      policy: "quarantine",
      rule: "readiness.quarantine-wait",
      daysAtQuarantine: 29,
      record: quarantineRecord,
      recordFrom: "unchanged",
    });
    const failing = atQuarantine(READINESS.rejectMinDaysAtQuarantine, 26, 25);
    expect(failing.recommendation).toMatchObject({ policy: "quarantine", rule: "readiness.quarantine-fix" });
    expect(failing.recommendation.blockers.length).toBeGreaterThan(0);
  });

  it("days at quarantine count only reports that published p=quarantine without t=y", () => {
    const agg = new DmarcAggregator();
    for (let d = 0; d < 40; d++) {
      agg.addReport(head({ day: d, p: d < 20 ? "none" : "quarantine", testing: d < 25 ? "y" : "n" }));
    }
    agg.addRecords(head({ day: 0 }), [aligned("192.0.2.1", 100)]);
    const a = analyzeDmarc(agg.snapshot());
    expect(a.recommendation).toMatchObject({ current: "quarantine", currentFrom: "reports", daysAtQuarantine: 15 });
    expect(a.policyDomains[0]?.published).toMatchObject({ p: "quarantine", testing: "n", reports: 15 });
  });

  it("steps back one level when enforcement hits a broken sender of yours", () => {
    const a = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 900), sesUnaligned("192.0.2.9", 100)], { p: "reject" }));
    expect(a.recommendation).toMatchObject({
      current: "reject",
      currentFrom: "reports",
      policy: "quarantine",
      rule: "readiness.step-back",
      record: "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com",
      recordFrom: "built",
    });
    expect(a.recommendation.notes.join(" ")).toContain("placeholder");
    expect(a.recommendation.blockers.map((b) => b.service)).toEqual(["Amazon SES"]);
  });

  it("keeps p=reject when legitimate mail aligns", () => {
    const a = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 900), unaligned("203.0.113.5", 100)], { p: "reject" }), {
      currentRecord: "v=DMARC1; p=reject; rua=mailto:agg@example.com",
    });
    expect(a.recommendation).toMatchObject({
      policy: "reject",
      rule: "readiness.at-reject",
      record: "v=DMARC1; p=reject; rua=mailto:agg@example.com",
      recordFrom: "unchanged",
    });
  });

  it("t=y: drops it when ready, keeps the record while senders fail", () => {
    const current = "v=DMARC1; p=quarantine; t=y; rua=mailto:agg@example.com";
    const ready = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 500)], { p: "quarantine", testing: "y" }), {
      currentRecord: current,
    });
    expect(ready.recommendation).toMatchObject({
      currentTesting: true,
      policy: "quarantine",
      testing: false,
      rule: "readiness.testing-done",
      record: "v=DMARC1; p=quarantine; rua=mailto:agg@example.com",
    });
    const waiting = analyzeDmarc(
      aggregateOf([aligned("192.0.2.1", 500), sesUnaligned("192.0.2.9", 100)], { p: "quarantine", testing: "y" }),
      { currentRecord: current },
    );
    expect(waiting.recommendation).toMatchObject({
      policy: "quarantine",
      testing: true,
      rule: "readiness.testing-wait",
      record: current,
      recordFrom: "unchanged",
    });
  });

  it("adds a placeholder rua to a current record without one, and p when it is missing", () => {
    const a = analyzeDmarc(aggregateOf([aligned("192.0.2.1", 100)]), { currentRecord: "v=DMARC1; adkim=s" });
    expect(a.recommendation.record).toBe("v=DMARC1; p=quarantine; adkim=s; rua=mailto:dmarc-reports@example.com");
    expect(a.recommendation.notes.join(" ")).toContain("no rua tag");
  });

  it("no messages: no change, and says so", () => {
    const agg = new DmarcAggregator();
    agg.addReport(head());
    const a = analyzeDmarc(agg.snapshot());
    expect(a).toMatchObject({ reports: 1, messages: 0, alignedShare: 0, sources: [] });
    expect(a.recommendation).toMatchObject({ domain: "example.com", policy: "none", rule: "readiness.no-data" });
  });

  it("per policy domain, with the busiest one on top unless a domain is named", () => {
    const agg = new DmarcAggregator();
    for (let d = 0; d < 14; d++) {
      agg.addReport(head({ day: d, domain: "example.com" }));
      agg.addReport(head({ day: d, domain: "example.org", org: "Yahoo" }));
    }
    agg.addRecords(head({ domain: "example.com" }), [aligned("192.0.2.1", 50)]);
    agg.addRecords(
      head({ domain: "example.org" }),
      [sesUnaligned("192.0.2.9", 300)].map((r) => ({ ...r, headerFrom: "example.org" })),
    );
    const a = analyzeDmarc(agg.snapshot());
    expect(a.policyDomains.map((p) => p.domain)).toEqual(["example.org", "example.com"]);
    expect(a.recommendation.domain).toBe("example.org");
    expect(analyzeDmarc(agg.snapshot(), { domain: "Example.COM" }).recommendation).toMatchObject({
      domain: "example.com",
      policy: "quarantine",
    });
    expect(a.domains.map((d) => [d.domain, d.byClassification.service.messages])).toEqual([
      ["example.org", 300],
      ["example.com", 0],
    ]);
    expect(a.reportingOrgs).toEqual([
      { name: "Yahoo", reports: 14 },
      { name: "google.com", reports: 14 },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("DmarcAggregator", () => {
  it("writes IPs in one canonical form and folds header_from case", () => {
    expect(canonicalIpText("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(canonicalIpText("2001:db8:0:1:0:0:0:1")).toBe("2001:db8:0:1::1");
    expect(canonicalIpText(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(canonicalIpText("not an ip")).toBe("not an ip");
    const agg = new DmarcAggregator();
    agg.addRecords(head(), [aligned("2001:DB8::1", 2, "Example.COM."), aligned("2001:db8:0::1", 3, "example.com")]);
    expect(agg.snapshot().sources).toMatchObject([{ ip: "2001:db8::1", headerFrom: "example.com", count: 5 }]);
    // PTR answers may be keyed by any spelling of the address.
    const ptr = new Map([["2001:DB8:0::1", { names: ["mail.example.com"] }]]);
    expect(analyzeDmarc(agg.snapshot(), { ptr }).sources[0]).toMatchObject({ ptr: "mail.example.com" });
  });

  it("never throws on odd records and counts what it can", () => {
    const agg = new DmarcAggregator();
    const odd = [
      { count: -5, sourceIp: 42, dkim: "pass" },
      null,
      { count: Number.NaN, sourceIp: "192.0.2.1", headerFrom: null, reasons: "x", dkimAuth: [null], spfAuth: {} },
      { count: 1e30, sourceIp: "192.0.2.1", headerFrom: "example.com" },
    ] as unknown as AggregateRecord[];
    agg.addReport({ metadata: {}, policy: {} } as unknown as AggregateHeadInfo);
    agg.addRecords({ metadata: {}, policy: {} } as unknown as AggregateHeadInfo, odd);
    const snap = agg.snapshot();
    expect(snap).toMatchObject({ reports: 1, records: 3, messages: 1e12 });
    expect(() => analyzeDmarc(snap)).not.toThrow();
  });

  // Any permutation and split of the same reports and records gives the same snapshot, also when the bounded
  // tables overflow (maxSources 3, more DKIM domains than a source keeps) and when snapshots are taken midway.
  it("is order-independent (property)", () => {
    const ips = ["192.0.2.1", "192.0.2.2", "198.51.100.7", "203.0.113.9", "2001:db8::1", "2001:DB8:0::1"];
    const froms = ["example.com", "EXAMPLE.com", "news.example.com", "example.org"];
    const dkimDomains = Array.from({ length: 40 }, (_, i) => `d${i}.example.net`);
    const arbRecord = fc.record({
      ip: fc.constantFrom(...ips),
      headerFrom: fc.constantFrom(...froms),
      count: fc.integer({ min: 0, max: 1000 }),
      dkim: fc.constantFrom("pass" as const, "fail" as const),
      spf: fc.constantFrom("pass" as const, "fail" as const),
      disposition: fc.constantFrom("none" as const, "quarantine" as const, "reject" as const),
      dkimAuth: fc.array(
        fc.record({ domain: fc.constantFrom(...dkimDomains), result: fc.constantFrom("pass", "fail", "none") }),
        { maxLength: 3 },
      ),
      reasons: fc.array(
        fc.record({
          type: fc.constantFrom("forwarded", "local_policy"),
          comment: fc.constantFrom("arc=pass", "x", "y"),
        }),
        { maxLength: 2 },
      ),
    });
    const arbReport = fc.record({
      org: fc.constantFrom("google.com", "Yahoo", "Microsoft"),
      day: fc.integer({ min: 0, max: 40 }),
      p: fc.constantFrom("none" as const, "quarantine" as const),
      domain: fc.constantFrom("example.com", "example.org"),
      records: fc.array(arbRecord, { maxLength: 12 }),
    });
    type Generated = typeof arbRecord extends fc.Arbitrary<infer T> ? T : never;
    const toRecord = (r: Generated): AggregateRecord =>
      rec(r.ip, { ...r, spfAuth: [{ domain: r.headerFrom, result: r.spf }] });

    fc.assert(
      fc.property(
        fc.array(arbReport, { maxLength: 8 }),
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        (reports, seed, maxSplit) => {
          const heads = reports.map((r, i) => head({ org: r.org, day: r.day, p: r.p, domain: r.domain, id: `r${i}` }));
          const straight = new DmarcAggregator({ maxSources: 3 });
          reports.forEach((r, i) => {
            const h = heads[i] as AggregateHeadInfo;
            straight.addReport(h);
            straight.addRecords(h, r.records.map(toRecord));
          });

          // The same work, shuffled and split, with snapshots taken in between.
          let state = seed | 0;
          const random = (n: number): number => {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            return (state >>> 8) % n;
          };
          type Step =
            | { kind: "report"; h: AggregateHeadInfo }
            | { kind: "records"; h: AggregateHeadInfo; rs: AggregateRecord[] };
          const steps: Step[] = [];
          reports.forEach((r, i) => {
            const h = heads[i] as AggregateHeadInfo;
            steps.push({ kind: "report", h });
            let rest = r.records.map(toRecord);
            while (rest.length > 0) {
              const take = 1 + random(Math.max(1, Math.ceil(rest.length / maxSplit)));
              steps.push({ kind: "records", h, rs: rest.slice(0, take) });
              rest = rest.slice(take);
            }
          });
          for (let i = steps.length - 1; i > 0; i--) {
            const j = random(i + 1);
            [steps[i], steps[j]] = [steps[j] as Step, steps[i] as Step];
          }
          const shuffled = new DmarcAggregator({ maxSources: 3 });
          for (const step of steps) {
            if (step.kind === "report") shuffled.addReport(step.h);
            else shuffled.addRecords(step.h, step.rs);
            if (random(4) === 0) shuffled.snapshot();
          }
          expect(shuffled.snapshot()).toEqual(straight.snapshot());
        },
      ),
      { numRuns: 300 },
    );
  });

  it("holds memory by distinct sources, not by records", () => {
    const agg = new DmarcAggregator();
    const batch: AggregateRecord[] = [];
    for (let i = 0; i < 1000; i++) batch.push(aligned(`192.0.2.${i % 50}`, 1));
    for (let round = 0; round < 200; round++) {
      agg.addRecords(head(), batch);
      expect(agg.sourceCount).toBe(50);
    }
    const snap = agg.snapshot();
    expect(snap).toMatchObject({ records: 200_000, messages: 200_000 });
    expect(snap.sources).toHaveLength(50);
    expect(snap.sources[0]?.dkimAuth).toHaveLength(1);
  });

  it("keeps a bounded number of auth entries per source and counts the rest", () => {
    const agg = new DmarcAggregator();
    const records = Array.from({ length: 5000 }, (_, i) =>
      rec("192.0.2.1", { count: 2, dkimAuth: [{ domain: `k${i}.example.net`, result: "pass" }] }),
    );
    agg.addRecords(head(), records);
    const s = agg.snapshot().sources[0];
    expect(s?.dkimAuth.length).toBe(16);
    expect((s?.dkimAuth ?? []).reduce((n, a) => n + a.count, 0) + (s?.authOther ?? 0)).toBe(10_000);
  });

  it("keeps at most maxSources sources and counts the others as omitted", () => {
    const agg = new DmarcAggregator({ maxSources: 100 });
    let peak = 0;
    for (let i = 0; i < 5000; i++) {
      agg.addRecords(head(), [aligned(`10.${(i >> 8) & 255}.${i & 255}.1`, 3)]);
      peak = Math.max(peak, agg.sourceCount);
    }
    expect(peak).toBeLessThanOrEqual(200);
    const snap = agg.snapshot();
    expect(snap.sources).toHaveLength(100);
    expect(snap.sources.reduce((n, s) => n + s.count, 0) + snap.omitted.messages).toBe(15_000);
    expect(snap.omitted.dmarcPass).toBe(snap.omitted.messages);
    const a = analyzeDmarc(snap);
    expect(a.messages).toBe(15_000);
    expect(a.alignedShare).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** The ip6.arpa name of an IPv6 address given in full (RFC 3596 section 2.5). */
function ip6arpa(full: string): string {
  return `${full.replaceAll(":", "").split("").reverse().join(".")}.ip6.arpa`;
}

describe("resolveSourcePtrs on a loopback DNS server", () => {
  let server: TestDnsServer;
  beforeAll(async () => {
    server = await startDnsServer({
      "10.2.0.192.in-addr.arpa": { PTR: ["a8-49.smtp-out.amazonses.com."] },
      "11.2.0.192.in-addr.arpa": { PTR: ["Mail.Example.COM."] },
      "12.2.0.192.in-addr.arpa": { silent: true },
      "13.2.0.192.in-addr.arpa": { servfail: true },
      "15.2.0.192.in-addr.arpa": { A: ["192.0.2.15"] },
      [ip6arpa("20010db8000000000000000000000025")]: { PTR: ["mail-db8eur05on2110.outbound.protection.outlook.com"] },
      // The forward records that confirm those names.
      "a8-49.smtp-out.amazonses.com": { A: ["192.0.2.10"] },
      "mail.example.com": { A: ["192.0.2.11"] },
      "mail-db8eur05on2110.outbound.protection.outlook.com": { AAAA: ["2001:db8::25"] },
      // A reverse zone claiming a service's name that does not lead back: a spoofer dressing up.
      "16.2.0.192.in-addr.arpa": { PTR: ["o1.ptr1234.sendgrid.net", "mail.example.com"] },
      "o1.ptr1234.sendgrid.net": { A: ["198.51.100.20"] },
      // Two names, one of them confirmed.
      "17.2.0.192.in-addr.arpa": { PTR: ["fake.example.net", "out17.example.org"] },
      "out17.example.org": { A: ["192.0.2.17"] },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("names each IP once, and tells every failure apart", async () => {
    const dns = createNodeDnsClient({ server: server.address, timeoutMs: 300, tries: 1 });
    try {
      const ips = [
        "192.0.2.10",
        "192.0.2.11",
        "192.0.2.10",
        "2001:db8::25",
        "192.0.2.12",
        "192.0.2.13",
        "192.0.2.14",
        "192.0.2.15",
        "not-an-ip",
      ];
      const out = await resolveSourcePtrs(ips, dns, { concurrency: 2, deadlineMs: 5000 });
      expect(Object.fromEntries(out)).toEqual({
        "192.0.2.10": { names: ["a8-49.smtp-out.amazonses.com"] },
        "192.0.2.11": { names: ["mail.example.com"] },
        "2001:db8::25": { names: ["mail-db8eur05on2110.outbound.protection.outlook.com"] },
        "192.0.2.12": { names: [], error: "TIMEOUT" },
        "192.0.2.13": { names: [], error: "SERVFAIL" },
        "192.0.2.14": { names: [], error: "NXDOMAIN" },
        "192.0.2.15": { names: [], error: "NODATA" },
        "not-an-ip": { names: [], error: "NOT-AN-IP" },
      });
      const ptrQueries = server.queries.filter((q) => q.startsWith("PTR ") && q.includes("10.2.0.192"));
      expect(ptrQueries).toHaveLength(1);
    } finally {
      dns.close();
    }
  });

  it("keeps only names that lead back to the IP; the others are unconfirmed and never name a service", async () => {
    const dns = createNodeDnsClient({ server: server.address, timeoutMs: 300, tries: 1 });
    try {
      const out = await resolveSourcePtrs(["192.0.2.16", "192.0.2.17"], dns);
      expect(out.get("192.0.2.16")).toEqual({
        names: [],
        unconfirmed: ["o1.ptr1234.sendgrid.net", "mail.example.com"],
        error: "NOT-CONFIRMED",
      });
      expect(out.get("192.0.2.17")).toEqual({ names: ["out17.example.org"], unconfirmed: ["fake.example.net"] });
      const agg = new DmarcAggregator();
      agg.addReport(head());
      agg.addRecords(head(), [unaligned("192.0.2.16", 30)]);
      const [spoofer] = analyzeDmarc(agg.snapshot(), { ptr: out }).sources;
      expect(spoofer).toMatchObject({
        ip: "192.0.2.16",
        ptr: null,
        classification: "unknown",
        ptrError: "NOT-CONFIRMED",
      });
      expect(spoofer?.ptrUnconfirmed).toEqual(["o1.ptr1234.sendgrid.net", "mail.example.com"]);
    } finally {
      dns.close();
    }
  });

  it("gives up on what the deadline leaves unanswered, with the answers it has", async () => {
    const dns = createNodeDnsClient({ server: server.address, timeoutMs: 5000, tries: 1 });
    try {
      const out = await resolveSourcePtrs(["192.0.2.12", "192.0.2.11"], dns, { concurrency: 2, deadlineMs: 400 });
      expect(out.get("192.0.2.12")).toEqual({ names: [], error: "TIMEOUT" });
      expect(out.get("192.0.2.11")).toEqual({ names: ["mail.example.com"] });
      const none = await resolveSourcePtrs(["192.0.2.11"], dns, { maxLookups: 0 });
      expect(none.get("192.0.2.11")).toEqual({ names: [], error: "NOT-LOOKED-UP" });
    } finally {
      dns.close();
    }
  });

  it("feeds the analysis: base domain, service by PTR, own host", async () => {
    const dns = createNodeDnsClient({ server: server.address, timeoutMs: 300, tries: 1 });
    try {
      const agg = new DmarcAggregator();
      for (let d = 0; d < 14; d++) agg.addReport(head({ day: d }));
      agg.addRecords(head(), [unaligned("192.0.2.10", 40), aligned("192.0.2.11", 960), unaligned("2001:DB8::25", 2)]);
      const snap = agg.snapshot();
      const ptr = await resolveSourcePtrs(
        snap.sources.map((s) => s.ip),
        dns,
      );
      const a = analyzeDmarc(snap, { ptr });
      expect(a.sources.map((s) => [s.ip, s.baseDomain, s.classification, s.service ?? null, s.rule])).toEqual([
        ["192.0.2.11", "example.com", "own", null, "own.own-host-aligned"],
        ["192.0.2.10", "amazonses.com", "service", "Amazon SES", "service.known"],
        ["2001:db8::25", "outlook.com", "service", "Microsoft 365 / Outlook.com", "service.mailbox"],
      ]);
      expect(a.sources[1]?.serviceMatchedBy).toBe("ptr");
      // SES carries 4% of legitimate mail unaligned: fix it first.
      expect(a.recommendation).toMatchObject({ policy: "none", rule: "readiness.fix-first" });
      expect(a.recommendation.verify.map((v) => v.ip)).toEqual(["2001:db8::25"]);
    } finally {
      dns.close();
    }
  });
});

describe("days of reports", () => {
  /** The days counted for reports of these [begin, end] periods (seconds after T0). */
  function daysFor(periods: readonly (readonly [number, number])[]): number {
    const agg = new DmarcAggregator();
    periods.forEach(([b, e], i) => {
      const h = head({ id: `p-${i}` });
      agg.addReport({ ...h, metadata: { ...h.metadata, begin: T0 + b, end: T0 + e } });
    });
    return agg.snapshot().period.days.length;
  }
  const H = 3600;

  it("counts a daily report not aligned to midnight once, not twice", () => {
    expect(daysFor([[6 * H, 30 * H]])).toBe(1);
    expect(daysFor(Array.from({ length: 7 }, (_, d) => [d * DAY + 6 * H, (d + 1) * DAY + 6 * H - 1] as const))).toBe(7);
    expect(daysFor([[0, DAY - 1]])).toBe(1);
  });

  it("counts every day a long report covers, and the middle day of a short one", () => {
    expect(daysFor([[0, 3 * DAY - 1]])).toBe(3);
    expect(daysFor([[23 * H, 25 * H]])).toBe(1);
    expect(daysFor([[12 * H, 36 * H - 1]])).toBe(1);
  });
});
