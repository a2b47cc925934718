// SMTP TLS reports: the RFC 8460 example structure, the quirks of real reporters, problems, caps, the sniff, the
// summary, and the knowledge table behind it. Fixtures are written here (documentation names and addresses).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TLS_RPT_RESULTS } from "../../knowledge/tls-rpt-results.js";
import {
  looksLikeTlsReport,
  MAX_TLS_FAILURE_DETAILS,
  MAX_TLS_POLICIES,
  parseTlsReport,
  summarizeTlsReports,
} from "./tls-report.js";
import type { TlsReport } from "./types.js";

/** The shape of RFC 8460 appendix B, with documentation names. */
const RFC_EXAMPLE = {
  "organization-name": "Company-X",
  "date-range": { "start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z" },
  "contact-info": "sts-reporting@example.net",
  "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
  policies: [
    {
      policy: {
        "policy-type": "sts",
        "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.example.com", "max_age: 86400"],
        "policy-domain": "example.com",
        "mx-host": ["*.mail.example.com"],
      },
      summary: { "total-successful-session-count": 5326, "total-failure-session-count": 303 },
      "failure-details": [
        {
          "result-type": "certificate-expired",
          "sending-mta-ip": "2001:db8:abcd:0012::1",
          "receiving-mx-hostname": "mx1.mail.example.com",
          "failed-session-count": 100,
        },
        {
          "result-type": "starttls-not-supported",
          "sending-mta-ip": "2001:db8:abcd:0013::1",
          "receiving-mx-hostname": "mx2.mail.example.com",
          "receiving-ip": "203.0.113.56",
          "failed-session-count": 200,
          "additional-information": "https://reports.example.net/report_info?id=5065427c-23d3#StarttlsNotSupported",
        },
        {
          "result-type": "validation-failure",
          "sending-mta-ip": "198.51.100.62",
          "receiving-ip": "203.0.113.58",
          "receiving-mx-hostname": "mx-backup.mail.example.com",
          "receiving-mx-helo": "backup.example.com",
          "failed-session-count": 3,
          "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED",
        },
      ],
    },
  ],
};

const codes = (r: TlsReport) => r.problems.map((p) => p.code);

function reportWith(policies: unknown[]): string {
  return JSON.stringify({ ...RFC_EXAMPLE, policies });
}

describe("parseTlsReport", () => {
  it("reads the RFC 8460 example structure", () => {
    const r = parseTlsReport(JSON.stringify(RFC_EXAMPLE, null, 2));
    expect(r).toEqual({
      organizationName: "Company-X",
      reportId: "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
      contactInfo: "sts-reporting@example.net",
      start: "2016-04-01T00:00:00Z",
      end: "2016-04-01T23:59:59Z",
      policies: [
        {
          policyType: "sts",
          policyDomain: "example.com",
          policyStrings: ["version: STSv1", "mode: testing", "mx: *.mail.example.com", "max_age: 86400"],
          mxHosts: ["*.mail.example.com"],
          successful: 5326,
          failed: 303,
          failures: [
            {
              resultType: "certificate-expired",
              count: 100,
              sendingMtaIp: "2001:db8:abcd:0012::1",
              receivingMxHostname: "mx1.mail.example.com",
            },
            {
              resultType: "starttls-not-supported",
              count: 200,
              sendingMtaIp: "2001:db8:abcd:0013::1",
              receivingMxHostname: "mx2.mail.example.com",
              receivingIp: "203.0.113.56",
              additionalInformation: "https://reports.example.net/report_info?id=5065427c-23d3#StarttlsNotSupported",
            },
            {
              resultType: "validation-failure",
              count: 3,
              sendingMtaIp: "198.51.100.62",
              receivingMxHostname: "mx-backup.mail.example.com",
              receivingMxHelo: "backup.example.com",
              receivingIp: "203.0.113.58",
              failureReasonCode: "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED",
            },
          ],
        },
      ],
      problems: [],
    });
  });

  it("reads a minified report with a byte-order mark and a no-policy-found policy without failures", () => {
    const text = `\ufeff${JSON.stringify({
      "organization-name": "Mail Provider Inc.",
      "date-range": { "start-datetime": "2024-05-01T00:00:00Z", "end-datetime": "2024-05-01T23:59:59Z" },
      "contact-info": "smtp-tls-reporting@example.net",
      "report-id": "2024-05-01T00:00:00Z_example.org",
      policies: [
        {
          policy: { "policy-type": "no-policy-found", "policy-domain": "example.org" },
          summary: { "total-successful-session-count": 12, "total-failure-session-count": 0 },
        },
      ],
    })}`;
    const r = parseTlsReport(text);
    expect(r.problems).toEqual([]);
    expect(r.policies).toEqual([
      {
        policyType: "no-policy-found",
        policyDomain: "example.org",
        policyStrings: [],
        mxHosts: [],
        successful: 12,
        failed: 0,
        failures: [],
      },
    ]);
  });

  it("tolerates the known quirks without a problem: mx-host as a string, counts as strings, extra fields", () => {
    const r = parseTlsReport(
      JSON.stringify({
        "organization-name": "Example Mail",
        "date-range": { "start-datetime": "2024-05-01T00:00:00Z", "end-datetime": "2024-05-02T00:00:00Z" },
        "contact-info": "tlsrpt@example.net",
        "report-id": 133_577_000,
        "x-generator": "some-reporter/1.0",
        policies: [
          {
            policy: {
              "policy-type": "STS",
              "policy-string": "version: STSv1",
              "policy-domain": "Example.COM",
              "mx-host": "mx1.example.com",
              "policy-extra": true,
            },
            summary: { "total-successful-session-count": "41", "total-failure-session-count": " 2 " },
            "failure-details": [
              {
                "result-type": "Certificate_Host_Mismatch",
                "sending-mta-ip": "192.0.2.10",
                "receiving-ip": "203.0.113.5",
                "receiving-mx-hostname": "mx1.example.com",
                "failed-session-count": "2",
                "vendor-note": { anything: [1, 2, 3] },
              },
            ],
          },
        ],
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.reportId).toBe("133577000");
    const [p] = r.policies;
    expect(p).toMatchObject({
      policyType: "sts",
      policyDomain: "example.com",
      policyStrings: ["version: STSv1"],
      mxHosts: ["mx1.example.com"],
      successful: 41,
      failed: 2,
      failures: [{ resultType: "certificate-host-mismatch", count: 2, receivingIp: "203.0.113.5" }],
    });
  });

  it("reads a flat policy entry (members not nested in policy/summary)", () => {
    const r = parseTlsReport(
      reportWith([
        {
          "policy-type": "tlsa",
          "policy-domain": "example.com",
          "policy-string": ["3 1 1 0123456789abcdef"],
          "total-successful-session-count": 9,
          "total-failure-session-count": 1,
          "failure-details": [{ "result-type": "tlsa-invalid", "failed-session-count": 1 }],
        },
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.policies[0]).toMatchObject({ policyType: "tlsa", successful: 9, failed: 1 });
  });

  it("reports what is odd, with the policy index as record, and keeps what it could read", () => {
    const r = parseTlsReport(
      JSON.stringify({
        "organization-name": "Odd Reporter",
        "date-range": { "start-datetime": "2024-05-02T00:00:00Z", "end-datetime": "2024-05-01T00:00:00Z" },
        policies: [
          {
            policy: { "policy-type": "sts", "policy-domain": "example.com" },
            summary: { "total-successful-session-count": 10, "total-failure-session-count": 1 },
            "failure-details": [
              { "result-type": "certificate-expired", "failed-session-count": 5, "sending-mta-ip": "192.0.2.300" },
              { "result-type": "quantum-failure", "failed-session-count": -1 },
              "not an object",
            ],
          },
          { policy: { "policy-type": "smoke-signal" }, summary: { "total-successful-session-count": 1.5 } },
          42,
        ],
      }),
    );
    expect(r.organizationName).toBe("Odd Reporter");
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { code: "missing-report-id", message: expect.any(String) },
        { code: "date-range-reversed", message: expect.any(String) },
        { code: "bad-ip", message: expect.stringContaining("192.0.2.300"), record: 0 },
        { code: "unknown-result-type", message: expect.stringContaining("quantum-failure"), record: 0 },
        { code: "bad-count", message: expect.any(String), record: 0 },
        { code: "bad-failure-detail", message: expect.any(String), record: 0 },
        { code: "failure-details-exceed-total", message: expect.any(String), record: 0 },
        { code: "unknown-policy-type", message: expect.stringContaining("smoke-signal"), record: 1 },
        { code: "missing-policy-domain", message: expect.any(String), record: 1 },
        { code: "missing-count", message: expect.any(String), record: 1 },
        { code: "bad-policy", message: expect.any(String), record: 2 },
      ]),
    );
    expect(r.problems.some((p) => p.fatal)).toBe(false);
    expect(r.policies).toHaveLength(2);
    expect(r.policies[0]?.failures.map((f) => [f.resultType, f.count])).toEqual([
      ["certificate-expired", 5],
      ["quantum-failure", 0],
    ]);
    expect(r.policies[1]).toMatchObject({ policyType: "smoke-signal", successful: 0, failed: 0 });
  });

  it("reports a missing date range, missing policies and a bad date-time", () => {
    expect(codes(parseTlsReport('{"organization-name":"A","report-id":"1"}'))).toEqual([
      "missing-date-range",
      "missing-policies",
    ]);
    const r = parseTlsReport(
      JSON.stringify({ ...RFC_EXAMPLE, "date-range": { "start-datetime": "yesterday", "end-datetime": "" } }),
    );
    expect(codes(r)).toEqual(["missing-date-range", "bad-datetime"]);
  });

  it("gives one fatal problem for text that is not JSON or JSON that is not a TLS report", () => {
    for (const [text, code] of [
      ["", "json-malformed"],
      ["<?xml version='1.0'?><feedback/>", "json-malformed"],
      ['{"organization-name": "cut', "json-malformed"],
      ["[1,2,3]", "not-tls-report"],
      ["null", "not-tls-report"],
      ['"a string"', "not-tls-report"],
      ['{"event":"bounce","email":"user@example.com"}', "not-tls-report"],
    ] as const) {
      const r = parseTlsReport(text);
      expect(r.problems, text).toEqual([{ code, message: expect.any(String), fatal: true }]);
      expect(r.policies).toEqual([]);
    }
  });

  it("treats __proto__ and other inherited names as plain keys", () => {
    const r = parseTlsReport(
      '{"__proto__":{"policies":[1]},"organization-name":"A","report-id":"r","constructor":1,"policies":[]}',
    );
    expect(r.policies).toEqual([]);
    expect(codes(r)).toEqual(["missing-date-range"]);
    expect(({} as Record<string, unknown>).policies).toBeUndefined();
  });

  it(`reads at most ${MAX_TLS_POLICIES} policies and says how many there were`, () => {
    const one = {
      policy: { "policy-type": "sts", "policy-domain": "example.com" },
      summary: { "total-successful-session-count": 1, "total-failure-session-count": 0 },
    };
    const r = parseTlsReport(reportWith(new Array(MAX_TLS_POLICIES + 1).fill(one)));
    expect(r.policies).toHaveLength(MAX_TLS_POLICIES);
    expect(r.problems).toEqual([
      { code: "too-many-policies", message: expect.stringContaining(String(MAX_TLS_POLICIES + 1)) },
    ]);
  });

  it(`reads at most ${MAX_TLS_FAILURE_DETAILS} failure details per report, over all its policies`, () => {
    const detail = { "result-type": "certificate-expired", "failed-session-count": 1 };
    const half = MAX_TLS_FAILURE_DETAILS / 2;
    const policy = (n: number) => ({
      policy: { "policy-type": "sts", "policy-domain": "example.com" },
      summary: { "total-successful-session-count": 0, "total-failure-session-count": n },
      "failure-details": new Array(n).fill(detail),
    });
    const r = parseTlsReport(reportWith([policy(half), policy(half + 3)]));
    expect(r.policies.map((p) => p.failures.length)).toEqual([half, half]);
    expect(r.problems).toEqual([
      { code: "too-many-failure-details", message: expect.stringMatching(/^3 failure details beyond/) },
    ]);
  });

  it("cuts over-long strings and says so once", () => {
    const r = parseTlsReport(JSON.stringify({ ...RFC_EXAMPLE, "organization-name": "x".repeat(100_000) }));
    expect(r.organizationName).toHaveLength(4096);
    expect(codes(r)).toEqual(["value-too-long"]);
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        const r = parseTlsReport(s);
        expect(Array.isArray(r.problems)).toBe(true);
        expect(typeof looksLikeTlsReport(s)).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("never throws when any member of a real report is replaced by arbitrary JSON", () => {
    const paths: (string | number)[][] = [
      [],
      ["organization-name"],
      ["date-range"],
      ["date-range", "start-datetime"],
      ["report-id"],
      ["policies"],
      ["policies", 0],
      ["policies", 0, "policy"],
      ["policies", 0, "policy", "mx-host"],
      ["policies", 0, "policy", "policy-string"],
      ["policies", 0, "summary"],
      ["policies", 0, "summary", "total-failure-session-count"],
      ["policies", 0, "failure-details"],
      ["policies", 0, "failure-details", 0],
      ["policies", 0, "failure-details", 0, "failed-session-count"],
      ["policies", 0, "failure-details", 1, "result-type"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 4 }), (path, value) => {
        const doc: unknown = structuredClone(RFC_EXAMPLE);
        let text: string;
        if (path.length === 0) text = JSON.stringify(value) ?? "null";
        else {
          let node = doc as Record<string | number, unknown>;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
          node[path[path.length - 1] as string | number] = value;
          text = JSON.stringify(doc);
        }
        const r = parseTlsReport(text);
        const counts = r.policies.flatMap((p) => [p.successful, p.failed, ...p.failures.map((f) => f.count)]);
        for (const n of counts) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
        for (const p of r.problems) expect(p.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
        const s = summarizeTlsReports([r]);
        expect(s.sessions.failed).toBe(r.policies.reduce((sum, p) => sum + p.failed, 0));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("looksLikeTlsReport", () => {
  it("recognises TLS reports by their members in the first kilobyte", () => {
    expect(looksLikeTlsReport(JSON.stringify(RFC_EXAMPLE))).toBe(true);
    expect(looksLikeTlsReport(`\ufeff\r\n  ${JSON.stringify(RFC_EXAMPLE, null, 2)}`)).toBe(true);
    expect(looksLikeTlsReport(JSON.stringify(RFC_EXAMPLE).slice(0, 120))).toBe(true);
  });

  it("refuses other documents", () => {
    for (const head of [
      "",
      '<?xml version="1.0"?><feedback><report_metadata><org_name>x</org_name>',
      '[{"organization-name":"A","report-id":"1"}]',
      '{"eventType":"Bounce","bounce":{"bounceType":"Permanent"}}',
      '{"policies": []}',
      `{"note":"${"x".repeat(1100)}","organization-name":"A","report-id":"1"}`,
    ]) {
      expect(looksLikeTlsReport(head), head.slice(0, 40)).toBe(false);
    }
  });
});

describe("summarizeTlsReports", () => {
  it("sums sessions per policy and failures per result type, explained, most first", () => {
    const a = parseTlsReport(JSON.stringify(RFC_EXAMPLE));
    const b = parseTlsReport(
      reportWith([
        {
          policy: { "policy-type": "sts", "policy-domain": "example.com" },
          summary: { "total-successful-session-count": 100, "total-failure-session-count": 7 },
          "failure-details": [
            { "result-type": "certificate-expired", "failed-session-count": 5 },
            { "result-type": "vendor-specific-thing", "failed-session-count": 2 },
          ],
        },
        {
          policy: { "policy-type": "no-policy-found", "policy-domain": "example.org" },
          summary: { "total-successful-session-count": 50, "total-failure-session-count": 0 },
        },
      ]),
    );
    const s = summarizeTlsReports([a, b]);
    expect(s.reports).toBe(2);
    expect(s.sessions).toEqual({ successful: 5476, failed: 310 });
    expect(s.byPolicy).toEqual([
      { policyType: "sts", policyDomain: "example.com", successful: 5426, failed: 310 },
      { policyType: "no-policy-found", policyDomain: "example.org", successful: 50, failed: 0 },
    ]);
    expect(s.byFailure.map((f) => [f.resultType, f.count])).toEqual([
      ["starttls-not-supported", 200],
      ["certificate-expired", 105],
      ["validation-failure", 3],
      ["vendor-specific-thing", 2],
    ]);
    const expired = TLS_RPT_RESULTS.find((r) => r.resultType === "certificate-expired");
    expect(s.byFailure[1]).toMatchObject({ explanation: expired?.explanation, fix: expired?.fix });
    expect(s.byFailure[3]?.explanation).toMatch(/does not define/);
  });

  it("summarises nothing as zeros", () => {
    expect(summarizeTlsReports([])).toEqual({
      reports: 0,
      sessions: { successful: 0, failed: 0 },
      byPolicy: [],
      byFailure: [],
    });
  });
});

describe("knowledge/tls-rpt-results", () => {
  // RFC 8460 section 4.3 (and the IANA STARTTLS Validation Result Types registry it created).
  const RFC_8460_RESULT_TYPES = [
    "starttls-not-supported",
    "certificate-host-mismatch",
    "certificate-expired",
    "certificate-not-trusted",
    "validation-failure",
    "tlsa-invalid",
    "dnssec-invalid",
    "dane-required",
    "sts-policy-fetch-error",
    "sts-policy-invalid",
    "sts-webpki-invalid",
  ];

  it("has one row for every result type of RFC 8460, and no other", () => {
    expect(TLS_RPT_RESULTS.map((r) => r.resultType).sort()).toEqual([...RFC_8460_RESULT_TYPES].sort());
  });

  it("cites an RFC 8460 section and explains each row in full sentences", () => {
    for (const row of TLS_RPT_RESULTS) {
      expect(row.source, row.resultType).toMatch(/^RFC 8460 sections? 4\.3/);
      expect(row.explanation.length, row.resultType).toBeGreaterThan(40);
      expect(row.fix.length, row.resultType).toBeGreaterThan(40);
      expect(row.title.length, row.resultType).toBeGreaterThan(5);
    }
  });

  it("explains each RFC result type in a summary through its own row", () => {
    for (const row of TLS_RPT_RESULTS) {
      const report = parseTlsReport(
        reportWith([
          {
            policy: { "policy-type": "sts", "policy-domain": "example.com" },
            summary: { "total-successful-session-count": 0, "total-failure-session-count": 1 },
            "failure-details": [{ "result-type": row.resultType, "failed-session-count": 1 }],
          },
        ]),
      );
      expect(report.problems).toEqual([]);
      expect(summarizeTlsReports([report]).byFailure).toEqual([
        { resultType: row.resultType, count: 1, explanation: row.explanation, fix: row.fix },
      ]);
    }
  });
});
