// The DMARC result as one self-contained HTML page: documents built by the real pipeline from records written here;
// sections in order, the record in a code block, the readiness gauge, caps, the empty document, no script and no
// resource loads, and every hostile string (org names, PTR names, domains, comments, problems) escaped, including a
// property test over arbitrary strings put in every string field of a document.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AggregateHeadInfo, analyzeDmarc, DmarcAggregator, type PtrInfo } from "../core/dmarc/analyze.js";
import { type DmarcDocument, summarizeFailureReports } from "../core/dmarc/output.js";
import { aligned, rec } from "../core/dmarc/records.test-support.js";
import { parseTlsReport, summarizeTlsReports } from "../core/dmarc/tls-report.js";
import type { AggregateRecord, FailureReport, ReportProblem } from "../core/dmarc/types.js";
import { HTML_PROBLEMS, HTML_SOURCES_PER_CLASS, renderDmarcHtml } from "./dmarc-html.js";

const DAY = 86_400;
const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z

function head(day: number, org = "google.com"): AggregateHeadInfo {
  const begin = T0 + day * DAY;
  return {
    metadata: { orgName: org, reportId: `r-${day}`, begin, end: begin + DAY - 1, errors: [] },
    policy: { domain: "example.com", p: "none" },
  };
}

const RECORDS: readonly AggregateRecord[] = [
  aligned("198.51.100.20", 5000),
  rec("192.0.2.10", {
    count: 2400,
    dkimAuth: [{ domain: "amazonses.com", selector: "224i4yxa5dv7c2xz3womw6peuasteono", result: "pass" }],
    spfAuth: [{ domain: "amazonses.com", scope: "mfrom", result: "pass" }],
  }),
  rec("203.0.113.41", { count: 6, reasons: [{ type: "forwarded", comment: "seen via a list" }] }),
  rec("203.0.113.9", { count: 700, spfAuth: [{ domain: "example.com", scope: "mfrom", result: "fail" }] }),
];

const PTRS: ReadonlyMap<string, PtrInfo> = new Map([
  ["198.51.100.20", { names: ["smtp1.example.com"] }],
  ["192.0.2.10", { names: ["a8-49.smtp-out.amazonses.com"] }],
  ["203.0.113.41", { names: ["relay.example.net"] }],
]);

function tlsJson(org = "Example Mail Inc.", policyDomain = "example.com"): string {
  return JSON.stringify({
    "organization-name": org,
    "date-range": { "start-datetime": "2025-01-01T00:00:00Z", "end-datetime": "2025-01-01T23:59:59Z" },
    "contact-info": "tlsrpt@example.net",
    "report-id": "tls-1",
    policies: [
      {
        policy: { "policy-type": "sts", "policy-domain": policyDomain, "mx-host": ["mx1.example.com"] },
        summary: { "total-successful-session-count": 900, "total-failure-session-count": 100 },
        "failure-details": [{ "result-type": "certificate-expired", "failed-session-count": 100 }],
      },
    ],
  });
}

const FAILURE: FailureReport = {
  feedbackType: "auth-failure",
  authFailure: "dmarc",
  reportedDomain: "example.com",
  sourceIp: "203.0.113.9",
  arrivalDate: "Thu, 02 Jan 2025 10:14:51 +0000",
  deliveryResult: "reject",
  original: { from: "billing@example.com", subject: "Your invoice is overdue" },
  problems: [],
};

interface Build {
  readonly records?: readonly AggregateRecord[];
  readonly ptr?: ReadonlyMap<string, PtrInfo>;
  readonly org?: string;
  readonly tls?: string | null;
  readonly failures?: readonly FailureReport[];
  readonly problems?: readonly ReportProblem[];
}

function build(o: Build = {}): DmarcDocument {
  const agg = new DmarcAggregator();
  for (let d = 0; d < 20; d++) agg.addReport(head(d, o.org));
  agg.addRecords(head(0, o.org), o.records ?? RECORDS);
  const tls = o.tls === undefined ? tlsJson() : o.tls;
  return {
    ...analyzeDmarc(agg.snapshot(), { ptr: o.ptr ?? PTRS }),
    problems: o.problems ?? [{ code: "span-over-24h", message: "the report covers 3 days", file: "a.xml" }],
    duplicates: 0,
    tls: tls === null ? null : summarizeTlsReports([parseTlsReport(tls)]),
    failures: summarizeFailureReports(o.failures ?? [FAILURE]),
  };
}

const ALLOWED_TAGS = new Set(
  (
    "html head meta title style body header main section h1 h2 h3 p article span strong small pre code ol ul li br " +
    "div b i svg rect line text table caption thead tbody tr th td details summary a"
  ).split(" "),
);
const ALLOWED_ATTRIBUTES = new Set(
  (
    "lang charset name content http-equiv aria-labelledby id class style viewbox role aria-label x y width height " +
    "fill x1 y1 x2 y2 stroke stroke-width stroke-dasharray font-size text-anchor scope colspan href rel data-label"
  ).split(" "),
);

/** Every tag of a page with its attributes; escaped text holds no "<", so each match is real markup. */
function tags(page: string): { name: string; attributes: Map<string, string> }[] {
  // "<!doctype html>" is the one declaration.
  const body = page.replace(/^<!doctype html>/, "");
  return [...body.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => {
    const attributes = new Map<string, string>();
    for (const a of (m[2] ?? "").matchAll(/\s([a-zA-Z:-]+)(?:="([^"]*)")?/g))
      attributes.set((a[1] ?? "").toLowerCase(), a[2] ?? "");
    return { name: (m[1] ?? "").toLowerCase(), attributes };
  });
}

/** What a page must never hold, whatever the document. */
function expectSafePage(page: string): void {
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/<(?:img|iframe|object|embed|link|image|use|foreignobject|base|form|input)\b/i);
  expect(page).not.toMatch(/url\(|@import/i);
  // A "<" is markup or escaped: no stray "<" that is not a tag.
  expect(page.replace(/<\/?[a-zA-Z][^>]*>|<!doctype html>/g, "")).not.toContain("<");
  const bad: string[] = [];
  for (const t of tags(page)) {
    if (!ALLOWED_TAGS.has(t.name)) bad.push(`tag ${t.name}`);
    for (const [name, value] of t.attributes) {
      if (!ALLOWED_ATTRIBUTES.has(name)) bad.push(`attribute ${name} of ${t.name}`);
      if (name === "href" && (t.name !== "a" || !value.startsWith("https://"))) bad.push(`href ${value}`);
      if (name === "style" && !/^(?:background|border-left-color):#[0-9a-f]{6}$/.test(value))
        bad.push(`style ${value}`);
    }
  }
  expect(bad).toEqual([]);
}

function expectInOrder(text: string, needles: readonly string[]): void {
  const at = needles.map((n) => {
    const i = text.indexOf(n);
    expect(i, `missing: ${n}`).toBeGreaterThanOrEqual(0);
    return i;
  });
  expect(at).toEqual([...at].sort((a, b) => a - b));
}

describe("renderDmarcHtml: a realistic document", () => {
  const doc = build();
  const page = renderDmarcHtml(doc);

  it("is one page with lang, a CSP that forbids scripts and loads, and the sections in order", () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expectInOrder(page, [
      "<title>DMARC report for example.com</title>",
      '<h2 id="rec">Recommendation</h2>',
      "example.com: keep p=none",
      "<pre><code>v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com</code></pre>",
      "<h3>Fix these first</h3>",
      "Amazon SES at 192.0.2.10 (a8-49.smtp-out.amazonses.com)",
      '<h2 id="totals">Totals</h2>',
      '<h2 id="ready">Readiness</h2>',
      '<h2 id="volume">Volume by classification</h2>',
      '<h2 id="sources">Sources</h2>',
      "Your own senders: 1 source, 5,000 messages, 100% aligned",
      "Sending services: 1 source",
      "Forwarders and mailing lists: 1 source",
      "Unknown senders (spoofing, or a sender you forgot): 1 source",
      '<h2 id="domains">Domains</h2>',
      '<h2 id="dispositions">Dispositions and overrides</h2>',
      '<h2 id="tls">SMTP TLS reports</h2>',
      '<h2 id="failures">Failure reports</h2>',
      '<h2 id="problems">Problems</h2>',
      "a.xml: span-over-24h: the report covers 3 days",
    ]);
    expectSafePage(page);
  });

  it("gives every table a caption and scoped headers", () => {
    const tables = page.split(/<table(?: class="sources")?>/).length - 1;
    expect(tables).toBeGreaterThan(5);
    expect(page.split(/<table(?: class="sources")?><caption>/).length - 1).toBe(tables);
    expect(page).not.toMatch(/<th>/);
  });

  it("draws the volume by classification and the readiness gauge with both thresholds", () => {
    expect(page).toMatch(
      /aria-label="Messages by classification: own 61\.6%, service 29\.6%, forwarder &lt;0\.1%, unknown 8\.6%"/,
    );
    expect(page).toContain("<title>Sending services: 2,400 messages (29.6%)</title>");
    expect(page).toContain(">p=quarantine 98%</text>");
    expect(page).toContain(">p=reject 99.5%</text>");
    expect(page).toContain(">0%</text>"); // 67.5% aligned: the whole scale
  });

  it("zooms the gauge on 90-100% when the share is there", () => {
    const ready = renderDmarcHtml(
      build({ records: [aligned("198.51.100.20", 990), rec("198.51.100.20", { count: 5 })] }),
    );
    expect(ready).toContain(">90%</text>");
    expect(ready).toContain('aria-label="99.4% of legitimate mail aligned; p=quarantine needs 98%, p=reject 99.5%"');
  });

  it("links a service's documentation and shows the rule and details of each source", () => {
    expect(page).toContain(
      '<a href="https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html" rel="noreferrer">provider docs</a>',
    );
    expect(page).toContain('<small class="rule">service.known</small>');
    expect(page).toContain("<p>Comments: seen via a list</p>");
    expect(page).toContain("<p>Overrides: forwarded 6</p>");
  });

  it("summarises TLS and failure reports", () => {
    expect(page).toContain("1 report: 1,000 sessions, 100 failed (10%).");
    expect(page).toMatch(/<th scope="row">certificate-expired<\/th><td>100<\/td><td class="l">The certificate/);
    expect(page).toContain('<td class="l">Your invoice is overdue</td>');
  });

  it("never links anything but https documentation", () => {
    const hostile: DmarcDocument = {
      ...doc,
      sources: doc.sources.map((s) => ({ ...s, docs: 'javascript:alert(1)" onclick="x' })),
    };
    const out = renderDmarcHtml(hostile);
    expect(out).not.toContain("javascript:");
    expect(out).not.toContain("<a ");
    expectSafePage(out);
  });
});

describe("renderDmarcHtml: other documents", () => {
  it("renders an empty document (no report read) sensibly", () => {
    const doc: DmarcDocument = {
      ...analyzeDmarc(new DmarcAggregator().snapshot()),
      duplicates: 0,
      tls: null,
      failures: null,
    };
    const page = renderDmarcHtml(doc);
    expect(page).toContain("<title>DMARC report</title>");
    expect(page).toContain("No aggregate report was read.");
    expect(page).toContain("No legitimate mail in the reports yet.");
    expect(page).toContain("<p>No messages.</p>");
    expect(page).toContain("No sending source in the reports.");
    expect(page).not.toContain("v=DMARC1");
    expect(page).not.toContain("NaN");
    expect(page).not.toContain('<h2 id="tls">');
    expect(page).not.toContain('<h2 id="problems">');
    expectSafePage(page);
  });

  it("caps sources per class and problems, counting the rest", () => {
    const records = Array.from({ length: HTML_SOURCES_PER_CLASS + 30 }, (_, i) =>
      rec(`2001:db8::${(i + 1).toString(16)}`, { count: 1000 - i }),
    );
    const problems = Array.from({ length: HTML_PROBLEMS + 7 }, (_, i) => ({
      code: "odd",
      message: `p${i}.`,
      file: "f",
    }));
    const page = renderDmarcHtml(build({ records, problems, ptr: new Map(), tls: null, failures: [] }));
    expect(page.split('<tr class="src">').length - 1).toBe(HTML_SOURCES_PER_CLASS);
    expect(page).toContain("30 more sources, see --json.");
    expect(page).toContain(`(first ${HTML_SOURCES_PER_CLASS} shown)`);
    expect(page).toContain(`f: odd: p${HTML_PROBLEMS - 1}.</li>`);
    expect(page).not.toContain(`p${HTML_PROBLEMS}.`);
    expect(page).toContain("7 more problems, see --json.");
  });
});

describe("renderDmarcHtml: hostile strings", () => {
  const EVIL = `<script>alert("x")</script>'"><img src=x onerror=alert(1)>&amp;\u202e`;

  it("escapes org names, PTR names, domains, comments, TLS and failure fields, problems", () => {
    const page = renderDmarcHtml(
      build({
        org: EVIL,
        records: [
          rec("203.0.113.5", {
            count: 10,
            headerFrom: EVIL,
            reasons: [{ type: EVIL, comment: EVIL }],
            dkimAuth: [{ domain: EVIL, selector: EVIL, result: "pass" }],
          }),
        ],
        ptr: new Map([["203.0.113.5", { names: [EVIL] }]]),
        tls: tlsJson(EVIL, EVIL),
        failures: [{ ...FAILURE, sourceIp: EVIL, reportedDomain: EVIL, original: { from: EVIL, subject: EVIL } }],
        problems: [{ code: EVIL, message: EVIL, file: EVIL }],
      }),
    );
    expectSafePage(page);
    expect(page).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;",
    );
    expect(page).not.toContain("\u202e");
    // The org name, the PTR name and the comment each made it to the page, escaped.
    expect(page).toMatch(/<th scope="row">&lt;script&gt;alert\(&quot;x&quot;\)/);
    expect(page).toContain('<td class="l">&lt;script&gt;');
    expect(page).toContain("<p>Comments: &lt;script&gt;");
  });

  /** Every string value of a document replaced by `f(old)`: all fields hostile at once, the shape kept. */
  function replaceStrings(v: unknown, f: (s: string) => string, depth = 0): unknown {
    if (typeof v === "string") return f(v);
    if (typeof v !== "object" || v === null || depth > 12) return v;
    if (Array.isArray(v)) return v.map((x) => replaceStrings(x, f, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceStrings(x, f, depth + 1)]));
  }

  const hostileText = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(
        "<",
        ">",
        '"',
        "'",
        "&",
        "/",
        "=",
        " ",
        "s",
        "c",
        "r",
        "i",
        "p",
        "t",
        "\u0000",
        "\u202e",
        "-",
        "!",
        "`",
      ),
      maxLength: 40,
    }),
  );

  it("property: strings put in through the pipeline never break out of escaping", () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, hostileText, (org, ptr, from, message) => {
        const page = renderDmarcHtml(
          build({
            org,
            records: [rec("192.0.2.1", { count: 3, headerFrom: from, reasons: [{ type: message, comment: message }] })],
            ptr: new Map([["192.0.2.1", { names: [ptr] }]]),
            tls: tlsJson(org, from),
            failures: [{ ...FAILURE, sourceIp: ptr, original: { subject: message } }],
            problems: [{ code: message, message, file: ptr }],
          }),
        );
        expectSafePage(page);
      }),
      { numRuns: 100 },
    );
  });

  it("property: any string in every string field of a document never breaks out of escaping", () => {
    const base = build();
    fc.assert(
      fc.property(hostileText, fc.boolean(), (evil, append) => {
        const doc = replaceStrings(base, (s) => (append ? `${s}${evil}` : evil)) as DmarcDocument;
        expectSafePage(renderDmarcHtml(doc));
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
