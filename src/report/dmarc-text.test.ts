// The DMARC result as terminal text: documents built by the real pipeline (aggregator, analysis, TLS and failure
// summaries) from records written here; the order of the sections, the verdict and record, columns, caps, the empty
// document, no escape codes without paint, and hostile strings (ANSI escapes, bidi overrides) kept off the terminal.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AggregateHeadInfo, analyzeDmarc, DmarcAggregator, type PtrInfo } from "../core/dmarc/analyze.js";
import { parseFailureReport } from "../core/dmarc/failure-report.js";
import { type DmarcDocument, summarizeFailureReports } from "../core/dmarc/output.js";
import { aligned, rec } from "../core/dmarc/records.test-support.js";
import { parseTlsReport, summarizeTlsReports } from "../core/dmarc/tls-report.js";
import type { AggregateRecord, Disposition, FailureReport, ReportProblem } from "../core/dmarc/types.js";
import {
  cleanText,
  formatShare,
  renderDmarcText,
  TEXT_PROBLEMS,
  TEXT_SOURCES_PER_CLASS,
  wrapText,
} from "./dmarc-text.js";
import { NO_PAINT, type Paint } from "./text-card.js";

const DAY = 86_400;
const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z

function head(day: number, o: { org?: string; domain?: string; p?: Disposition } = {}): AggregateHeadInfo {
  const begin = T0 + day * DAY;
  return {
    metadata: { orgName: o.org ?? "google.com", reportId: `r-${day}`, begin, end: begin + DAY - 1, errors: [] },
    policy: { domain: o.domain ?? "example.com", p: o.p ?? "none", adkim: "r", aspf: "r" },
  };
}

/** One source of each classification, with the PTR names a resolver would give. */
const RECORDS: readonly AggregateRecord[] = [
  aligned("198.51.100.20", 5000),
  rec("192.0.2.10", {
    count: 2400,
    dkimAuth: [{ domain: "amazonses.com", selector: "224i4yxa5dv7c2xz3womw6peuasteono", result: "pass" }],
    spfAuth: [{ domain: "amazonses.com", scope: "mfrom", result: "pass" }],
  }),
  rec("203.0.113.40", {
    count: 14,
    dkim: "pass",
    dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass" }],
    spfAuth: [{ domain: "example.com", scope: "mfrom", result: "softfail" }],
  }),
  rec("203.0.113.41", { count: 6, reasons: [{ type: "forwarded", comment: "looks forwarded" }] }),
  rec("203.0.113.9", { count: 700, spfAuth: [{ domain: "example.com", scope: "mfrom", result: "fail" }] }),
  rec("2001:db8::25", {
    count: 55,
    dkimAuth: [{ domain: "example.net", selector: "k1", result: "pass" }],
    spfAuth: [{ domain: "bounce.example.net", scope: "mfrom", result: "pass" }],
  }),
];

const PTRS: ReadonlyMap<string, PtrInfo> = new Map([
  ["198.51.100.20", { names: ["smtp1.example.com"] }],
  ["192.0.2.10", { names: ["a8-49.smtp-out.amazonses.com"] }],
  ["203.0.113.40", { names: ["mx1.example.net"] }],
  ["203.0.113.41", { names: ["relay.example.net"] }],
  ["203.0.113.9", { names: [], error: "NXDOMAIN" }],
]);

const TLS_JSON = JSON.stringify({
  "organization-name": "Example Mail Inc.",
  "date-range": { "start-datetime": "2025-01-01T00:00:00Z", "end-datetime": "2025-01-01T23:59:59Z" },
  "contact-info": "tlsrpt@example.net",
  "report-id": "2025-01-01T00:00:00Z_example.com",
  policies: [
    {
      policy: { "policy-type": "sts", "policy-domain": "example.com", "mx-host": ["mx1.example.com"] },
      summary: { "total-successful-session-count": 5326, "total-failure-session-count": 303 },
      "failure-details": [
        {
          "result-type": "certificate-expired",
          "receiving-mx-hostname": "mx1.example.com",
          "failed-session-count": 300,
        },
        { "result-type": "starttls-not-supported", "failed-session-count": 3 },
      ],
    },
  ],
});

const FAILURE_MAIL = `From: DMARC Reporter <dmarc-noreply@example.net>
To: ruf@example.com
Subject: Report domain: example.com
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b1"

--b1
Content-Type: text/plain

An authentication failure report.

--b1
Content-Type: message/feedback-report

Feedback-Type: auth-failure
Version: 1
Source-IP: 203.0.113.9
Reported-Domain: example.com
Arrival-Date: Thu, 02 Jan 2025 10:14:51 +0000
Auth-Failure: dmarc
Delivery-Result: reject

--b1
Content-Type: text/rfc822-headers

From: "Example Billing" <billing@example.com>
Subject: Your invoice is overdue
Message-ID: <spoof-1@example.org>

--b1--
`;

interface Build {
  readonly records?: readonly AggregateRecord[];
  readonly ptr?: ReadonlyMap<string, PtrInfo>;
  readonly days?: number;
  readonly orgs?: readonly string[];
  readonly domain?: string;
  readonly tls?: boolean;
  readonly failures?: readonly FailureReport[];
  readonly problems?: readonly ReportProblem[];
  readonly duplicates?: number;
}

function build(o: Build = {}): DmarcDocument {
  const agg = new DmarcAggregator();
  const days = o.days ?? 20;
  const orgs = o.orgs ?? ["google.com", "Microsoft Corporation"];
  for (let d = 0; d < days; d++) agg.addReport(head(d, { org: orgs[d % orgs.length] ?? "", domain: o.domain }));
  if (days > 0) agg.addRecords(head(0, { domain: o.domain }), o.records ?? RECORDS);
  const analysis = analyzeDmarc(agg.snapshot(), { ptr: o.ptr ?? PTRS });
  return {
    ...analysis,
    problems: o.problems ?? [],
    duplicates: o.duplicates ?? 0,
    tls: o.tls === false ? null : summarizeTlsReports([parseTlsReport(TLS_JSON)]),
    failures: summarizeFailureReports(o.failures ?? []),
  };
}

const failure = (): FailureReport => {
  const r = parseFailureReport(FAILURE_MAIL);
  if (r === undefined) throw new Error("fixture is not a failure report");
  return r;
};

/** A paint that marks every colour, to see what is coloured and check that marks never shift the columns. */
const MARK: Paint = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  red: (s) => `\u001b[31m${s}\u001b[39m`,
  yellow: (s) => `\u001b[33m${s}\u001b[39m`,
  green: (s) => `\u001b[32m${s}\u001b[39m`,
  cyan: (s) => `\u001b[36m${s}\u001b[39m`,
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for escape codes
const ANSI = /\u001b\[[0-9;]*m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The index of each needle in the text, in the order given; fails on a missing one. */
function positions(text: string, needles: readonly string[]): number[] {
  return needles.map((n) => {
    const i = text.indexOf(n);
    expect(i, `missing: ${n}`).toBeGreaterThanOrEqual(0);
    return i;
  });
}

function expectInOrder(text: string, needles: readonly string[]): void {
  const at = positions(text, needles);
  expect(at).toEqual([...at].sort((a, b) => a - b));
}

describe("renderDmarcText: a realistic document", () => {
  const doc = build({
    failures: [failure()],
    problems: [
      { code: "span-over-24h", message: "the report covers 3 days", file: "reports/google.xml.gz" },
      { code: "xml-malformed", message: "unclosed <record>", file: "reports/bad.xml", fatal: true },
    ],
    duplicates: 2,
  });
  const text = renderDmarcText(doc, NO_PAINT);

  it("puts the verdict first, then totals, sources by class, TLS, failure reports and problems", () => {
    expect(text.startsWith("DMARC verdict for example.com: keep p=none")).toBe(true);
    expectInOrder(text, [
      "DMARC verdict for example.com",
      "Why:",
      "The TXT record at _dmarc.example.com should read:",
      "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
      "Fix these first:",
      "Check these are not yours before enforcing:",
      "Totals",
      "Sources by classification",
      "Your own senders",
      "Sending services",
      "Forwarders and mailing lists",
      "Unknown senders",
      "SMTP TLS reports",
      "Failure reports",
      "Problems",
    ]);
  });

  it("names the blocker with its share of legitimate mail and its fix", () => {
    expect(doc.recommendation.rule).toBe("readiness.fix-first");
    const block = text.slice(text.indexOf("Fix these first:"), text.indexOf("Check these are not yours"));
    expect(block).toContain("1. Amazon SES at 192.0.2.10 (a8-49.smtp-out.amazonses.com)");
    expect(block).toContain("2,400 of 2,400 messages unaligned");
    expect(block).toContain(`${formatShare(2400 / (5000 + 2400 + 14))} of legitimate mail`);
    expect(block).toMatch(/fix: Amazon SES sends as example\.com without alignment/);
    expect(block).toContain("service.known");
  });

  it("gives the totals: reports, messages, period, orgs, aligned shares", () => {
    const totals = text.slice(text.indexOf("Totals"), text.indexOf("Sources by classification"));
    expect(totals).toMatch(/Reports\s+20 from 2 organisations; 2 read again, not counted twice/);
    expect(totals).toMatch(/Messages\s+8,175 in 6 records/);
    expect(totals).toMatch(/Period\s+2025-01-01 00:00 UTC to 2025-01-20 23:59 UTC \(20 days covered\)/);
    expect(totals).toMatch(/Reporting orgs\s+Microsoft Corporation 10, google\.com 10/);
    expect(totals).toContain(`${formatShare(doc.alignedShare)} of all mail`);
    expect(totals).toContain(`${formatShare(doc.legitimateAlignedShare ?? 0)} of legitimate mail (7,414 messages)`);
    expect(totals).toMatch(/p=quarantine needs 98% over 14 days/);
    expect(totals).toMatch(/Policies seen\s+example\.com p=none adkim=r aspf=r \(20 reports, 20 days\)/);
  });

  it("lays out each source in aligned columns, its fix below, the rule id last", () => {
    const lines = text.split("\n");
    const header = lines.find((l) => l.startsWith("  IP") && l.includes("PTR / base domain")) ?? "";
    expect(header).toMatch(/^ {2}IP\s+PTR \/ base domain\s+Service\s+Messages\s+DMARC\s+SPF\/DKIM$/);
    const row = lines.find((l) => l.startsWith("  198.51.100.20")) ?? "";
    expect(row).toMatch(/^ {2}198\.51\.100\.20\s+smtp1\.example\.com\s+-\s+5,000\s+100%\s+100%\/100%$/);
    // Columns line up: the messages column ends where its header ends.
    expect(row.length).toBe(header.length);
    const fix = lines[lines.indexOf(row) + 1] ?? "";
    expect(fix).toMatch(/^ {6}fix: Nothing to fix: 198\.51\.100\.20 \(smtp1\.example\.com\) is a server of yours/);
    expect(text).toMatch(/own\.own-host-aligned\n/);
    expect(text).toContain("2001:db8::25");
    expect(text).toContain("(no PTR: nxdomain)");
    expect(text).toContain("unknown.unauthenticated");
  });

  it("summarises TLS reports by policy and by result, with what each means and its fix", () => {
    const tls = text.slice(text.indexOf("SMTP TLS reports"), text.indexOf("Failure reports"));
    expect(tls).toContain("1 report, 5,629 sessions, 303 failed (5.3%)");
    expect(tls).toMatch(/sts\s+example\.com\s+5,326\s+303/);
    expectInOrder(tls, ["certificate-expired 300", "means:", "fix:", "starttls-not-supported 3"]);
  });

  it("summarises failure reports and lists the problems as file: code: message", () => {
    const fr = text.slice(text.indexOf("Failure reports"), text.indexOf("Problems"));
    expect(fr).toMatch(/What failed: dmarc 1/);
    expect(fr).toMatch(/Source IPs:\s+203\.0\.113\.9 1/);
    expect(fr).toContain('Subject "Your invoice is overdue"');
    const problems = text.slice(text.indexOf("Problems"));
    expect(problems).toContain("reports/google.xml.gz: span-over-24h: the report covers 3 days");
    expect(problems).toContain("reports/bad.xml: xml-malformed: unclosed <record> (nothing could be read)");
  });

  it("has no escape code with NO_PAINT, and the same text once colours are stripped", () => {
    expect(text).not.toMatch(CONTROL);
    const painted = renderDmarcText(doc, MARK);
    expect(painted).toMatch(ANSI);
    expect(painted.replace(ANSI, "")).toBe(text);
  });

  it("keeps lines within the width asked, wrapping long fixes", () => {
    for (const width of [80, 100, 140]) {
      const lines = renderDmarcText(doc, NO_PAINT, { width }).split("\n");
      // Record lines are shown whole (they must be copied as they are); everything else fits.
      const over = lines.filter((l) => l.length > width && !l.includes("v=DMARC1"));
      expect(over, `width ${width}`).toEqual([]);
    }
  });
});

describe("renderDmarcText: other documents", () => {
  it("renders an empty document (no report read) sensibly", () => {
    const agg = new DmarcAggregator();
    const doc: DmarcDocument = { ...analyzeDmarc(agg.snapshot()), duplicates: 0, tls: null, failures: null };
    const text = renderDmarcText(doc, NO_PAINT);
    expect(text.startsWith("DMARC: no aggregate report was read")).toBe(true);
    expect(text).toMatch(/Reports\s+0 from 0 organisations/);
    expect(text).toMatch(/Aligned\s+no messages yet/);
    expect(text).toContain("No sending source in the reports.");
    expect(text).not.toContain("v=DMARC1");
    expect(text).not.toContain("NaN");
    expect(text).not.toContain("SMTP TLS reports");
    expect(text).not.toContain("Problems");
  });

  it("shows a ready domain's next record and no blockers", () => {
    const doc = build({ records: [aligned("198.51.100.20", 9000)], tls: false });
    const text = renderDmarcText(doc, NO_PAINT);
    expect(text.startsWith("DMARC verdict for example.com: publish p=quarantine")).toBe(true);
    expect(text).toContain("v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com");
    expect(text).not.toContain("Fix these first");
    expect(text).toContain("Notes:");
    expect(text).not.toContain("SMTP TLS reports");
  });

  it("caps each class at 25 sources and the problems at 20, counting the rest", () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(`198.51.100.${i + 1}`, { count: 100 - i }));
    const problems = Array.from({ length: 27 }, (_, i) => ({
      code: "odd",
      message: `problem ${i}`,
      file: `f${i}.xml`,
    }));
    const text = renderDmarcText(build({ records, problems, ptr: new Map(), tls: false }), NO_PAINT);
    const rows = text.split("\n").filter((l) => /^ {2}198\.51\.100\.\d+ /.test(l));
    expect(rows).toHaveLength(TEXT_SOURCES_PER_CLASS);
    expect(text).toContain(`${40 - TEXT_SOURCES_PER_CLASS} more sources, see --json`);
    expect(text).toContain(`f${TEXT_PROBLEMS - 1}.xml: odd: problem ${TEXT_PROBLEMS - 1}`);
    expect(text).not.toContain(`f${TEXT_PROBLEMS}.xml`);
    expect(text).toContain(`${27 - TEXT_PROBLEMS} more problems, see --json`);
  });

  it("adds a From column and a per-domain breakdown when mail comes from several domains", () => {
    const agg = new DmarcAggregator();
    for (let d = 0; d < 20; d++) {
      agg.addReport(head(d));
      agg.addReport(head(d, { domain: "example.org" }));
    }
    agg.addRecords(head(0), [aligned("198.51.100.20", 900), rec("203.0.113.9", { count: 50 })]);
    agg.addRecords(head(0, { domain: "example.org" }), [aligned("198.51.100.21", 300, "example.org")]);
    const doc: DmarcDocument = { ...analyzeDmarc(agg.snapshot()), duplicates: 0, tls: null, failures: null };
    const text = renderDmarcText(doc, NO_PAINT);
    expectInOrder(text, ["Sources by classification", "By From domain", "Other policy domains"]);
    expect(text).toMatch(/IP\s+From\s+PTR \/ base domain/);
    expect(text).toMatch(/example\.com\s+950\s+94\.7%\s+2\s+900\s+0\s+0\s+50/);
    expect(text).toMatch(/example\.org: publish p=quarantine; 300 messages, 100% aligned/);
  });

  it("keeps long PTR names' ends (the base domain) and clips them to the column", () => {
    const long = `${"a".repeat(60)}.mail.example.net`;
    const doc = build({
      records: [rec("192.0.2.77", { count: 5 })],
      ptr: new Map([["192.0.2.77", { names: [long] }]]),
    });
    const row = renderDmarcText(doc, NO_PAINT)
      .split("\n")
      .find((l) => l.startsWith("  192.0.2.77"));
    expect(row).toMatch(/\.\.\.a+\.mail\.example\.net\s/);
  });
});

describe("renderDmarcText: hostile strings", () => {
  const EVIL = "evil\u001b[2J\u001b]0;pwned\u0007\u202etxt.exe\r\nfake: line";

  it("never lets control characters, escapes or bidi overrides through", () => {
    const doc = build({
      records: [rec("203.0.113.5", { count: 10, headerFrom: EVIL, reasons: [{ type: "other", comment: EVIL }] })],
      ptr: new Map([["203.0.113.5", { names: [EVIL] }]]),
      orgs: [EVIL],
      failures: [{ ...failure(), sourceIp: EVIL, original: { subject: EVIL } }],
      problems: [{ code: "odd", message: EVIL, file: EVIL }],
    });
    const text = renderDmarcText(doc, NO_PAINT);
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain("evil?[2J?]0;pwned??txt.exe fake: line");
    expect(text).not.toContain("\u001b");
  });

  it("property: whatever the strings, no control character reaches the output and rendering never throws", () => {
    const hostile = fc.string({ unit: "binary", maxLength: 80 });
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (from, ptr, org, message) => {
        const doc = build({
          records: [rec("192.0.2.1", { count: 3, headerFrom: from, reasons: [{ type: org, comment: message }] })],
          ptr: new Map([["192.0.2.1", { names: [ptr] }]]),
          orgs: [org],
          tls: false,
          problems: [{ code: message, message, file: ptr }],
        });
        const text = renderDmarcText(doc, NO_PAINT);
        expect(text).not.toMatch(CONTROL);
        expect(renderDmarcText(doc, MARK).replace(ANSI, "")).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});

/** Every string value of a document replaced by `f(old)`: all fields hostile at once, the shape kept. */
function replaceStrings(v: unknown, f: (s: string) => string, depth = 0): unknown {
  if (typeof v === "string") return f(v);
  if (typeof v !== "object" || v === null || depth > 12) return v;
  if (Array.isArray(v)) return v.map((x) => replaceStrings(x, f, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceStrings(x, f, depth + 1)]));
}

describe("renderDmarcText: any string in any field", () => {
  it("property: no control character reaches the output, whatever string every field holds", () => {
    const base = build({ failures: [failure()], problems: [{ code: "odd", message: "m", file: "f.xml" }] });
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.boolean(), (evil, append) => {
        const doc = replaceStrings(base, (s) => (append ? `${s}${evil}` : evil)) as DmarcDocument;
        const text = renderDmarcText(doc, NO_PAINT);
        expect(text).not.toMatch(CONTROL);
        expect(text).not.toContain("NaN");
      }),
      {
        numRuns: 150,
        // Names that an object lookup would find on Object.prototype.
        examples: [
          ["toString", false],
          ["__proto__", false],
          ["constructor", false],
        ],
      },
    );
  });
});

describe("helpers", () => {
  it("wrapText fills lines up to the width and cuts words longer than a line", () => {
    expect(wrapText("aa bb cc dd", 8)).toEqual(["aa bb cc", "dd"]);
    expect(wrapText(`${"x".repeat(20)} y`, 8)).toEqual(["xxxxxxxx", "xxxxxxxx", "xxxx y"]);
    expect(wrapText("   ", 10)).toEqual([]);
  });

  it("formatShare rounds down, so a share just under a threshold never reads as it", () => {
    expect(formatShare(0.9799)).toBe("97.9%");
    expect(formatShare(0.98)).toBe("98%");
    expect(formatShare(0.9999)).toBe(">99.9%");
    expect(formatShare(0.0001)).toBe("<0.1%");
    expect(formatShare(1)).toBe("100%");
  });

  it("cleanText turns whitespace controls into spaces and other unsafe characters into ?", () => {
    expect(cleanText("a\tb\nc\u001bd\u202ee\u200bf")).toBe("a b c?d?e?f");
  });
});
