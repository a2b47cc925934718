import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateAggregateXml } from "../../../bench/gen-dmarc-aggregate.js";
import {
  type AggregateHead,
  AggregateXmlReader,
  looksLikeAggregateXml,
  ownCopy,
  parseAggregateXml,
  StringPool,
} from "./aggregate-xml.js";
import type { AggregateRecord, ReportProblem } from "./types.js";

const RFC7489 = `<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>receiver.example.org</org_name>
    <email>noreply-dmarc@receiver.example.org</email>
    <extra_contact_info>https://receiver.example.org/dmarc</extra_contact_info>
    <report_id>17325498123456</report_id>
    <date_range>
      <begin>1732492800</begin>
      <end>1732579199</end>
    </date_range>
    <error>sp tag has an invalid value</error>
  </report_metadata>
  <policy_published>
    <domain>example.com</domain>
    <adkim>r</adkim>
    <aspf>s</aspf>
    <p>quarantine</p>
    <sp>none</sp>
    <pct>50</pct>
    <fo>1</fo>
  </policy_published>
  <record>
    <row>
      <source_ip>192.0.2.10</source_ip>
      <count>12</count>
      <policy_evaluated>
        <disposition>none</disposition>
        <dkim>pass</dkim>
        <spf>fail</spf>
        <reason>
          <type>forwarded</type>
          <comment>looks forwarded</comment>
        </reason>
        <reason>
          <type>sampled_out</type>
        </reason>
      </policy_evaluated>
    </row>
    <identifiers>
      <envelope_to>example.net</envelope_to>
      <envelope_from>lists.example.org</envelope_from>
      <header_from>example.com</header_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>example.com</domain>
        <selector>s2024</selector>
        <result>pass</result>
        <human_result>good signature</human_result>
      </dkim>
      <dkim>
        <domain>lists.example.org</domain>
        <result>fail</result>
      </dkim>
      <spf>
        <domain>lists.example.org</domain>
        <scope>mfrom</scope>
        <result>softfail</result>
      </spf>
    </auth_results>
  </record>
  <record>
    <row>
      <source_ip>2001:db8::25</source_ip>
      <count>3</count>
      <policy_evaluated>
        <disposition>quarantine</disposition>
        <dkim>fail</dkim>
        <spf>fail</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>example.com</header_from>
    </identifiers>
    <auth_results>
      <spf>
        <domain>example.net</domain>
        <result>fail</result>
      </spf>
    </auth_results>
  </record>
</feedback>
`;

const RFC7489_HEAD: AggregateHead = {
  format: "rfc7489",
  version: "1.0",
  metadata: {
    orgName: "receiver.example.org",
    email: "noreply-dmarc@receiver.example.org",
    extraContactInfo: "https://receiver.example.org/dmarc",
    reportId: "17325498123456",
    begin: 1732492800,
    end: 1732579199,
    errors: ["sp tag has an invalid value"],
  },
  policy: { domain: "example.com", adkim: "r", aspf: "s", p: "quarantine", sp: "none", pct: 50, fo: "1" },
};

const RFC7489_RECORDS: AggregateRecord[] = [
  {
    sourceIp: "192.0.2.10",
    count: 12,
    disposition: "none",
    dkim: "pass",
    spf: "fail",
    reasons: [{ type: "forwarded", comment: "looks forwarded" }, { type: "sampled_out" }],
    headerFrom: "example.com",
    envelopeFrom: "lists.example.org",
    envelopeTo: "example.net",
    dkimAuth: [
      { domain: "example.com", selector: "s2024", result: "pass", humanResult: "good signature" },
      { domain: "lists.example.org", result: "fail" },
    ],
    spfAuth: [{ domain: "lists.example.org", scope: "mfrom", result: "softfail" }],
  },
  {
    sourceIp: "2001:db8::25",
    count: 3,
    disposition: "quarantine",
    dkim: "fail",
    spf: "fail",
    reasons: [],
    headerFrom: "example.com",
    dkimAuth: [],
    spfAuth: [{ domain: "example.net", result: "fail" }],
  },
];

const DMARCBIS = `<?xml version="1.0" encoding="UTF-8"?>
<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0" xmlns:arc="https://example.org/arc-extension">
  <version>1.0</version>
  <report_metadata>
    <org_name>Receiver Example</org_name>
    <email>reports@receiver.example.net</email>
    <report_id>bis-0001@receiver.example.net</report_id>
    <date_range><begin>1767225600</begin><end>1767311999</end></date_range>
    <generator>Example Reporter 2.1</generator>
  </report_metadata>
  <policy_published>
    <domain>example.com</domain>
    <discovery_method>treewalk</discovery_method>
    <p>reject</p>
    <sp>quarantine</sp>
    <np>reject</np>
    <fo>0</fo>
    <adkim>s</adkim>
    <aspf>r</aspf>
    <testing>y</testing>
  </policy_published>
  <extension>
    <arc:override>never</arc:override>
  </extension>
  <record>
    <row>
      <source_ip>198.51.100.7</source_ip>
      <count>40</count>
      <policy_evaluated>
        <disposition>pass</disposition>
        <dkim>pass</dkim>
        <spf>pass</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>example.com</header_from>
      <envelope_from>example.com</envelope_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>example.com</domain>
        <selector>k1</selector>
        <result>pass</result>
      </dkim>
      <spf>
        <domain>example.com</domain>
        <scope>mfrom</scope>
        <result>pass</result>
        <human_result>sender authorised</human_result>
      </spf>
    </auth_results>
    <arc:results><arc:chain>pass</arc:chain></arc:results>
  </record>
  <record>
    <row>
      <source_ip>203.0.113.9</source_ip>
      <count>2</count>
      <policy_evaluated>
        <disposition>none</disposition>
        <dkim>fail</dkim>
        <spf>fail</spf>
        <reason><type>policy_test_mode</type></reason>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>example.com</header_from>
      <envelope_from></envelope_from>
    </identifiers>
    <auth_results>
      <spf><domain>mail.example.org</domain><scope>mfrom</scope><result>none</result></spf>
    </auth_results>
  </record>
</feedback>
`;

function codes(problems: readonly ReportProblem[]): string[] {
  return problems.map((p) => p.code);
}

/** The report read by pushing the pieces one by one. */
function readPieces(pieces: readonly string[], options = {}) {
  const reader = new AggregateXmlReader(options);
  const records: AggregateRecord[] = [];
  for (const p of pieces) records.push(...reader.push(p));
  const end = reader.end();
  records.push(...end.records);
  return { records, head: end.head, problems: end.problems };
}

/** A minimal valid report around the given record elements. */
function wrap(records: string, head = ""): string {
  return (
    "<feedback><report_metadata><org_name>r.example.org</org_name><email>a@r.example.org</email>" +
    "<report_id>id-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range>" +
    `</report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>${head}` +
    `${records}</feedback>`
  );
}

function rec(ip: string, count = "1", extra = ""): string {
  return (
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
    `<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>` +
    `</identifiers><auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results>${extra}</record>`
  );
}

describe("parseAggregateXml: RFC 7489", () => {
  it("reads every field of the head and the records", () => {
    const report = parseAggregateXml(RFC7489);
    expect(report).toEqual({ ...RFC7489_HEAD, records: RFC7489_RECORDS, problems: [] });
  });

  it("reads the RFC 7489 namespace and prefixed element names the same way", () => {
    const prefixed = RFC7489.replace(/<(\/?)(?!\?)([a-z_]+)/g, "<$1dmarc:$2").replace(
      "<dmarc:feedback>",
      '<dmarc:feedback xmlns:dmarc="http://dmarc.org/dmarc-xml/0.1">',
    );
    expect(prefixed).toContain("<dmarc:record>");
    expect(parseAggregateXml(prefixed)).toEqual({ ...RFC7489_HEAD, records: RFC7489_RECORDS, problems: [] });
    const defaultNs = RFC7489.replace("<feedback>", '<feedback xmlns="http://dmarc.org/dmarc-xml/0.1">');
    expect(parseAggregateXml(defaultNs).format).toBe("rfc7489");
  });
});

describe("parseAggregateXml: DMARCbis (RFC 9990)", () => {
  it("reads the namespace, generator, np, testing, discovery_method and human_result; skips extensions", () => {
    const report = parseAggregateXml(DMARCBIS);
    expect(report.problems).toEqual([]);
    expect(report.format).toBe("dmarcbis");
    expect(report.version).toBe("1.0");
    expect(report.metadata).toEqual({
      orgName: "Receiver Example",
      email: "reports@receiver.example.net",
      reportId: "bis-0001@receiver.example.net",
      begin: 1767225600,
      end: 1767311999,
      errors: [],
      generator: "Example Reporter 2.1",
    });
    expect(report.policy).toEqual({
      domain: "example.com",
      discoveryMethod: "treewalk",
      p: "reject",
      sp: "quarantine",
      np: "reject",
      fo: "0",
      adkim: "s",
      aspf: "r",
      testing: "y",
    });
    expect(report.records).toEqual([
      {
        sourceIp: "198.51.100.7",
        count: 40,
        // RFC 9990 ActionDispositionType "pass": no action was taken.
        disposition: "none",
        dkim: "pass",
        spf: "pass",
        reasons: [],
        headerFrom: "example.com",
        envelopeFrom: "example.com",
        dkimAuth: [{ domain: "example.com", selector: "k1", result: "pass" }],
        spfAuth: [{ domain: "example.com", scope: "mfrom", result: "pass", humanResult: "sender authorised" }],
      },
      {
        sourceIp: "203.0.113.9",
        count: 2,
        disposition: "none",
        dkim: "fail",
        spf: "fail",
        reasons: [{ type: "policy_test_mode" }],
        headerFrom: "example.com",
        // A null reverse-path: present and empty.
        envelopeFrom: "",
        dkimAuth: [],
        spfAuth: [{ domain: "mail.example.org", scope: "mfrom", result: "none" }],
      },
    ]);
  });

  it("recognises a prefixed DMARCbis root and <version>2.0", () => {
    const prefixed = DMARCBIS.replace(/<(\/?)(?!\?)(?!arc:)([a-z_]+)/g, "<$1d:$2").replace(
      '<d:feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"',
      '<d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0"',
    );
    const report = parseAggregateXml(prefixed);
    expect(report.problems).toEqual([]);
    expect(report.format).toBe("dmarcbis");
    expect(report.records).toEqual(parseAggregateXml(DMARCBIS).records);
    const v2 = parseAggregateXml(wrap(rec("192.0.2.1")).replace("<feedback>", "<feedback><version>2.0</version>"));
    expect(v2.format).toBe("dmarcbis");
    expect(parseAggregateXml(wrap(rec("192.0.2.1"))).format).toBe("rfc7489");
  });
});

describe("vendor quirks become problems, not failures", () => {
  const cases: {
    name: string;
    xml: string;
    code: string;
    record?: number;
    check?: (r: ReturnType<typeof parseAggregateXml>) => void;
  }[] = [
    {
      name: "stray <xs:schema> tags around the report",
      xml: `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${wrap(rec("192.0.2.1"))}</xs:schema>`,
      code: "stray-schema-tag",
    },
    {
      name: "an unbalanced </xs:schema>",
      xml: `${wrap(rec("192.0.2.1"))}</xs:schema>`,
      code: "stray-schema-tag",
    },
    {
      name: "an unknown element in the head",
      xml: wrap(rec("192.0.2.1"), "<extensions><x>1</x></extensions>"),
      code: "unknown-element",
    },
    {
      name: "an unknown element in a record",
      xml: wrap(rec("192.0.2.1") + rec("192.0.2.2", "1", "<vendor_note>hi</vendor_note>")),
      code: "unknown-element",
      record: 1,
    },
    {
      name: "a date range over 24 hours",
      xml: wrap(rec("192.0.2.1")).replace("<end>1700086399</end>", "<end>1700172799</end>"),
      code: "span-over-24h",
      check: (r) => expect(r.metadata.end).toBe(1700172799),
    },
    {
      name: "begin after end",
      xml: wrap(rec("192.0.2.1")).replace("<begin>1700000000</begin>", "<begin>1800000000</begin>"),
      code: "begin-after-end",
    },
    {
      name: "a date that is not an integer",
      xml: wrap(rec("192.0.2.1")).replace("<begin>1700000000</begin>", "<begin>2023-11-14T22:13:20Z</begin>"),
      code: "date-not-integer",
      check: (r) => expect(r.metadata.begin).toBe(1700000000),
    },
    {
      name: "a count that is not an integer",
      xml: wrap(rec("192.0.2.1", "12.0")),
      code: "count-not-integer",
      record: 0,
      check: (r) => expect(r.records[0]?.count).toBe(12),
    },
    {
      name: "a count that is not a number",
      xml: wrap(rec("192.0.2.1", "many")),
      code: "count-not-integer",
      record: 0,
      check: (r) => expect(r.records[0]?.count).toBe(0),
    },
    {
      name: "a source_ip that is not an IP",
      xml: wrap(rec("mail.example.org")),
      code: "bad-source-ip",
      record: 0,
      check: (r) => expect(r.records[0]?.sourceIp).toBe("mail.example.org"),
    },
    {
      name: "a missing report_id",
      xml: wrap(rec("192.0.2.1")).replace("<report_id>id-1</report_id>", ""),
      code: "missing-report-id",
      check: (r) => expect(r.metadata.reportId).toBe("missing-id:r.example.org:example.com:1700000000-1700086399"),
    },
    {
      name: "a missing org_name",
      xml: wrap(rec("192.0.2.1")).replace("<org_name>r.example.org</org_name>", ""),
      code: "missing-org-name",
      check: (r) => expect(r.metadata.orgName).toBe("r.example.org"),
    },
    {
      name: "an unknown disposition",
      xml: wrap(rec("192.0.2.1").replace("<disposition>none</disposition>", "<disposition>discard</disposition>")),
      code: "unknown-disposition",
      record: 0,
      check: (r) => expect(r.records[0]?.disposition).toBe("none"),
    },
    {
      name: "a DMARC result that is neither pass nor fail",
      xml: wrap(rec("192.0.2.1").replace("<dkim>pass</dkim>", "<dkim>softfail</dkim>")),
      code: "unknown-dmarc-result",
      record: 0,
      check: (r) => expect(r.records[0]?.dkim).toBe("fail"),
    },
    {
      name: "a DOCTYPE without entities",
      xml: `<!DOCTYPE feedback SYSTEM "feedback.dtd">${wrap(rec("192.0.2.1"))}`,
      code: "xml-doctype",
    },
    {
      name: "a missing <policy_evaluated><spf>",
      xml: wrap(rec("192.0.2.1").replace("<spf>pass</spf></policy_evaluated>", "</policy_evaluated>")),
      code: "missing-field",
      record: 0,
      check: (r) => expect(r.records[0]?.spf).toBe("fail"),
    },
    {
      name: "a record with its element twice",
      xml: wrap(rec("192.0.2.1").replace("<count>1</count>", "<count>1</count><count>2</count>")),
      code: "duplicate-element",
      record: 0,
      check: (r) => expect(r.records[0]?.count).toBe(2),
    },
    {
      name: "text directly inside a container",
      xml: wrap(rec("192.0.2.1").replace("<row>", "<row>stray words")),
      code: "stray-text",
      record: 0,
    },
    {
      name: "an invalid policy value",
      xml: wrap(rec("192.0.2.1")).replace("<p>none</p>", "<p>none</p><adkim>x</adkim><pct>150</pct>"),
      code: "unknown-policy-value",
    },
    {
      name: "report_metadata after the records",
      xml:
        "<feedback><policy_published><domain>example.com</domain><p>none</p></policy_published>" +
        `${rec("192.0.2.1")}<report_metadata><org_name>late.example.org</org_name><report_id>x</report_id>` +
        "<date_range><begin>1</begin><end>2</end></date_range></report_metadata></feedback>",
      code: "head-after-records",
      check: (r) => expect(r.metadata.orgName).toBe("late.example.org"),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const report = parseAggregateXml(c.xml);
      const found = report.problems.find((p) => p.code === c.code);
      expect(found, JSON.stringify(report.problems)).toBeDefined();
      expect(found?.record).toBe(c.record);
      expect(report.problems.some((p) => p.fatal)).toBe(false);
      expect(report.records.length).toBeGreaterThan(0);
      c.check?.(report);
    });
  }

  it("reads upper-case enumerations, padded values, CDATA, comments, PIs, entities and a BOM", () => {
    const xml =
      "\uFEFF<?xml version='1.0'?>\r\n<!-- generated -->\n<feedback>\n<?vendor x?>" +
      wrap(
        "<record><row><source_ip>\n  192.0.2.1\t</source_ip><count> 7 </count><policy_evaluated>" +
          "<disposition> Quarantine </disposition><dkim>PASS</dkim><spf>Fail</spf><reason><type>Local_Policy</type>" +
          "<comment>a &amp; b &lt;c&gt; &#8364;&#x20AC;</comment></reason></policy_evaluated></row><identifiers>" +
          "<header_from><![CDATA[Example.COM]]></header_from><envelope_from>ex<!-- split -->ample.org</envelope_from>" +
          "</identifiers><auth_results><dkim><domain>example.com</domain><result>Pass</result></dkim>" +
          "<spf><domain>example.org</domain><scope>MFROM</scope><result>SoftFail</result></spf></auth_results></record>",
      ).slice("<feedback>".length);
    const report = parseAggregateXml(xml);
    expect(report.problems).toEqual([]);
    expect(report.records).toEqual([
      {
        sourceIp: "192.0.2.1",
        count: 7,
        disposition: "quarantine",
        dkim: "pass",
        spf: "fail",
        reasons: [{ type: "local_policy", comment: "a & b <c> €€" }],
        headerFrom: "example.com",
        envelopeFrom: "example.org",
        dkimAuth: [{ domain: "example.com", result: "pass" }],
        spfAuth: [{ domain: "example.org", scope: "mfrom", result: "softfail" }],
      },
    ]);
  });

  it("takes missing optional fields quietly", () => {
    const report = parseAggregateXml(
      "<feedback><report_metadata><org_name>r.example.org</org_name><report_id>1</report_id>" +
        "<date_range><begin>1700000000</begin><end>1700003600</end></date_range></report_metadata>" +
        `<policy_published><domain>example.com</domain><p>none</p></policy_published>${rec("192.0.2.1")}</feedback>`,
    );
    expect(report.problems).toEqual([]);
    expect(report.metadata).toEqual({
      orgName: "r.example.org",
      reportId: "1",
      begin: 1700000000,
      end: 1700003600,
      errors: [],
    });
    expect(report.policy).toEqual({ domain: "example.com", p: "none" });
    expect(report.version).toBeUndefined();
  });

  it("reads a report with no records", () => {
    const report = parseAggregateXml(wrap(""));
    expect(report.records).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.metadata.reportId).toBe("id-1");
  });

  it("keeps records after problems, each problem with its record index", () => {
    const report = parseAggregateXml(wrap(rec("192.0.2.1") + rec("bogus") + rec("192.0.2.3", "x")));
    expect(report.records.map((r) => r.sourceIp)).toEqual(["192.0.2.1", "bogus", "192.0.2.3"]);
    expect(report.problems.map((p) => [p.code, p.record])).toEqual([
      ["bad-source-ip", 1],
      ["count-not-integer", 2],
    ]);
  });

  it("lists at most maxProblemsPerCode problems of a code, then counts the rest", () => {
    const reader = new AggregateXmlReader({ maxProblemsPerCode: 3 });
    reader.push(wrap(Array.from({ length: 10 }, () => rec("bogus")).join("")));
    const end = reader.end();
    expect(codes(end.problems)).toEqual(["bad-source-ip", "bad-source-ip", "bad-source-ip", "problems-truncated"]);
    expect(end.problems[3]?.message).toContain('7 more "bad-source-ip"');
  });
});

describe("entities are never expanded", () => {
  const laughs =
    '<?xml version="1.0"?>\n<!DOCTYPE feedback [\n <!ENTITY lol "lol">\n' +
    Array.from({ length: 9 }, (_, i) => {
      const prev = i === 0 ? "lol" : `lol${i}`;
      return ` <!ENTITY lol${i + 1} "${`&${prev};`.repeat(10)}">\n`;
    }).join("") +
    "]>\n";

  it("ignores a billion-laughs DOCTYPE and keeps references as written", () => {
    const xml =
      laughs + wrap(rec("192.0.2.1")).replace("<org_name>r.example.org</org_name>", "<org_name>&lol9;</org_name>");
    const report = parseAggregateXml(xml);
    expect(codes(report.problems)).toEqual(["xml-entity-declaration", "xml-unknown-entity"]);
    expect(report.metadata.orgName).toBe("&lol9;");
    expect(report.records).toHaveLength(1);
  });

  it("a DOCTYPE inside the document is malformed", () => {
    const report = parseAggregateXml(wrap(`<!DOCTYPE x>${rec("192.0.2.1")}`));
    expect(report.problems.at(-1)).toMatchObject({ code: "xml-malformed", fatal: true });
  });
});

describe("malformed input: one fatal problem and whatever records were complete", () => {
  const full = wrap(rec("192.0.2.1") + rec("192.0.2.2") + rec("192.0.2.3"));
  it("a truncated report", () => {
    const cut = full.slice(0, full.indexOf("192.0.2.3") + 4);
    const report = parseAggregateXml(cut);
    expect(report.records.map((r) => r.sourceIp)).toEqual(["192.0.2.1", "192.0.2.2"]);
    const fatal = report.problems.filter((p) => p.fatal);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.code).toBe("xml-malformed");
    expect(fatal[0]?.message).toContain("ends inside");
  });
  it("a report cut after a complete record", () => {
    const cut = full.slice(0, full.lastIndexOf("</record>") + "</record>".length);
    const report = parseAggregateXml(cut);
    expect(report.records).toHaveLength(3);
    expect(report.problems).toMatchObject([{ code: "xml-malformed", fatal: true }]);
    expect(report.problems[0]?.message).toContain("<feedback>");
  });
  it("mismatched tags", () => {
    const report = parseAggregateXml(wrap(rec("192.0.2.1") + rec("192.0.2.2").replace("</row>", "</rows>")));
    expect(report.records).toHaveLength(1);
    expect(report.problems).toMatchObject([{ code: "xml-malformed", fatal: true }]);
    expect(report.problems[0]?.message).toContain("</rows>");
    expect(report.problems[0]?.message).toContain("record 1");
  });
  it("garbage after the report", () => {
    const report = parseAggregateXml(`${full}\ntrailing garbage`);
    expect(report.records).toHaveLength(3);
    expect(report.problems).toMatchObject([{ code: "xml-malformed", fatal: true }]);
  });
  it("a second report glued after the first", () => {
    const report = parseAggregateXml(full + full);
    expect(report.records).toHaveLength(3);
    expect(report.problems).toMatchObject([{ code: "xml-malformed", fatal: true }]);
  });
  const notReports: [string, string][] = [
    ["empty input", ""],
    ["white space only", "  \n "],
    ["plain text", "this is not xml at all"],
    ["binary", "\u001f\u008b\b\u0000\u0000\u0000\u0000\u0000\u0000\u0003<\u00ff\u00fe"],
    ["another XML document", '<?xml version="1.0"?><html><body>hi</body></html>'],
    ["JSON", '{"organization-name":"x"}'],
    ["markup that is not XML", "<<<>>>"],
  ];
  for (const [name, text] of notReports) {
    it(`not a report: ${name}`, () => {
      const report = parseAggregateXml(text);
      expect(report.records).toEqual([]);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject({ code: "not-a-report", fatal: true });
      expect(report.metadata.orgName).toBe("unknown");
    });
  }
  it("a <feedback> without report_metadata: placeholder head, fatal problem, records still read", () => {
    const report = parseAggregateXml(`<feedback>${rec("192.0.2.1")}</feedback>`);
    expect(report.records).toHaveLength(1);
    expect(report.metadata).toEqual({ orgName: "unknown", reportId: "unknown", begin: 0, end: 0, errors: [] });
    expect(report.problems).toMatchObject([{ code: "missing-report-metadata", fatal: true }]);
  });
});

describe("streaming", () => {
  it("returns records as their pieces arrive, and the head before the first record", () => {
    const reader = new AggregateXmlReader();
    const i = RFC7489.indexOf("<record>");
    expect(reader.push(RFC7489.slice(0, i))).toEqual([]);
    expect(reader.head()).toBeUndefined();
    const second = RFC7489.indexOf("<record>", i + 1);
    expect(reader.push(RFC7489.slice(i, second + 3))).toEqual([RFC7489_RECORDS[0]]);
    expect(reader.head()).toEqual(RFC7489_HEAD);
    expect(reader.push(RFC7489.slice(second + 3))).toEqual([RFC7489_RECORDS[1]]);
    expect(reader.end()).toEqual({ records: [], head: RFC7489_HEAD, problems: [] });
    expect(reader.push("<more/>")).toEqual([]);
  });

  it("gives the same result whatever the split points", () => {
    const quirky =
      "\uFEFF<?xml version='1.0'?><!DOCTYPE feedback [<!ENTITY e \"x>y\">]>\n" +
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0">' +
      DMARCBIS.slice(DMARCBIS.indexOf("<version>"), DMARCBIS.indexOf("</feedback>"))
        .replace("<org_name>Receiver Example</org_name>", "<org_name>Receiver &amp; <![CDATA[Co]]> &e;</org_name>")
        .replace("<count>40</count>", "<count><!-- c -->40</count>") +
      `${rec("bogus")}</d:feedback></xs:schema>`;
    const whole = readPieces([quirky]);
    expect(whole.records).toHaveLength(3);
    expect(whole.head.metadata.orgName).toBe("Receiver & Co &e;");
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: quirky.length - 1 }), { maxLength: 40 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const pieces: string[] = [];
        let last = 0;
        for (const c of sorted) {
          pieces.push(quirky.slice(last, c));
          last = c;
        }
        pieces.push(quirky.slice(last));
        expect(readPieces(pieces)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it("splits of a generated report, in both formats, give the same records", () => {
    for (const dmarcbis of [false, true]) {
      const xml = [...generateAggregateXml(40, { seed: 11, dmarcbis })].join("");
      const whole = readPieces([xml]);
      expect(whole.records).toHaveLength(40);
      expect(whole.problems).toEqual([]);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 50 }), (sizes) => {
          const pieces: string[] = [];
          let at = 0;
          for (let k = 0; at < xml.length; k++) {
            const n = sizes[k % sizes.length] ?? 1;
            pieces.push(xml.slice(at, at + n));
            at += n;
          }
          expect(readPieces(pieces)).toEqual(whole);
        }),
        { numRuns: 30 },
      );
    }
  });

  it("stops after maxRecords with a problem", () => {
    const r = readPieces([wrap(rec("192.0.2.1") + rec("192.0.2.2") + rec("192.0.2.3"))], { maxRecords: 2 });
    expect(r.records).toHaveLength(2);
    expect(r.problems).toMatchObject([{ code: "too-many-records", record: 2 }]);
    expect(r.problems[0]?.fatal).toBeUndefined();
  });
});

describe("size caps: skip and resynchronise at the next <record>", () => {
  const cap = { maxRecordChars: 4096 };
  const big = rec("192.0.2.66", "1", `<x:pad xmlns:x="https://example.org/x">${"p".repeat(20_000)}</x:pad>`);

  it("a complete oversized record between good ones", () => {
    const r = readPieces([wrap(rec("192.0.2.1") + big + rec("192.0.2.2"))], cap);
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(r.problems).toMatchObject([{ code: "record-too-large", record: 1 }]);
  });

  it("an oversized record arriving in pieces (never held whole)", () => {
    const xml = wrap(rec("192.0.2.1") + big + rec("192.0.2.2"));
    const pieces: string[] = [];
    for (let i = 0; i < xml.length; i += 1000) pieces.push(xml.slice(i, i + 1000));
    const r = readPieces(pieces, cap);
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(r.problems).toMatchObject([{ code: "record-too-large", record: 1 }]);
  });

  it("an oversized record made of many small elements, then a prefixed record", () => {
    const many = rec("192.0.2.66").replace(
      "</auth_results>",
      `${"<dkim><domain>example.com</domain><result>pass</result></dkim>".repeat(200)}</auth_results>`,
    );
    const prefixed = rec("192.0.2.2").replace("<record>", "<d:record>").replace("</record>", "</d:record>");
    const xml = wrap(many + prefixed).replace("<feedback>", '<feedback xmlns:d="http://dmarc.org/dmarc-xml/0.1">');
    const pieces: string[] = [];
    for (let i = 0; i < xml.length; i += 700) pieces.push(xml.slice(i, i + 700));
    const r = readPieces(pieces, cap);
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.2"]);
    expect(codes(r.problems)).toEqual(["record-too-large"]);
  });

  it("an unterminated text of a record, larger than the cap", () => {
    const xml = wrap(`<record><row><source_ip>${"1".repeat(50_000)}</source_ip></row></record>${rec("192.0.2.2")}`);
    const pieces: string[] = [];
    for (let i = 0; i < xml.length; i += 2048) pieces.push(xml.slice(i, i + 2048));
    const r = readPieces(pieces, cap);
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.2"]);
    expect(r.problems).toMatchObject([{ code: "record-too-large", record: 0 }]);
  });

  it("an oversized head", () => {
    const xml = wrap(rec("192.0.2.1"), `<extension>${"<e>x</e>".repeat(2000)}</extension>`);
    const r = readPieces([xml], { maxHeadChars: 4096 });
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.1"]);
    expect(codes(r.problems)).toEqual(["head-too-large"]);
    expect(r.head.metadata.reportId).toBe("id-1");
  });

  it("a huge head field in one piece", () => {
    const xml = wrap(rec("192.0.2.1")).replace(
      "<org_name>r.example.org</org_name>",
      `<org_name>${"o".repeat(20_000)}</org_name>`,
    );
    const r = readPieces([xml], { maxHeadChars: 4096 });
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.1"]);
    expect(codes(r.problems)).toContain("head-too-large");
    expect(r.head.metadata.orgName.length).toBeLessThan(100);
  });

  it("a huge field of a record in one piece", () => {
    const xml = wrap(rec(`192.0.2.1${" ".repeat(20_000)}`) + rec("192.0.2.2"));
    const r = readPieces([xml], cap);
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.2"]);
    expect(r.problems).toMatchObject([{ code: "record-too-large", record: 0 }]);
  });

  it("a huge comment between records", () => {
    const xml = wrap(`${rec("192.0.2.1")}<!--${"c".repeat(30_000)}-->${rec("192.0.2.2")}`);
    const pieces: string[] = [];
    for (let i = 0; i < xml.length; i += 1500) pieces.push(xml.slice(i, i + 1500));
    const r = readPieces(pieces, { maxRecordChars: 4096, maxHeadChars: 4096 });
    expect(r.records.map((x) => x.sourceIp)).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(codes(r.problems)).toEqual(["item-too-large"]);
  });
});

describe("never throws", () => {
  const fragments = [
    "<feedback>",
    "</feedback>",
    "<record>",
    "</record>",
    "<row>",
    "<source_ip>",
    "192.0.2.1",
    "</source_ip>",
    "<count>5</count>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&lol;",
    "&#",
    "<!DOCTYPE x [",
    "]>",
    "<?pi",
    "?>",
    "<",
    ">",
    "/>",
    '"',
    "<xs:schema>",
    "<d:record>",
    "\uFEFF",
    "\u0000",
  ];
  it("on random text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (s, step) => {
        const pieces: string[] = [];
        for (let i = 0; i < s.length; i += step) pieces.push(s.slice(i, i + step));
        const r = readPieces(pieces);
        expect(Array.isArray(r.problems)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it("on random XML-ish fragments", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 5 })), { maxLength: 80 }),
        (parts) => {
          const r = readPieces(parts, { maxRecordChars: 1024, maxHeadChars: 1024 });
          expect(r.head.metadata).toBeDefined();
          for (const p of r.problems) expect(typeof p.code).toBe("string");
        },
      ),
      { numRuns: 500 },
    );
  });
  it("on random bytes read as Latin-1", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = parseAggregateXml(String.fromCharCode(...bytes));
        expect(r.records.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("looksLikeAggregateXml", () => {
  it("recognises both formats, prefixed or not", () => {
    expect(looksLikeAggregateXml(RFC7489)).toBe(true);
    expect(looksLikeAggregateXml(DMARCBIS)).toBe(true);
    expect(looksLikeAggregateXml(`\uFEFF  ${wrap("")}`)).toBe(true);
    expect(looksLikeAggregateXml('<d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0"><d:version>')).toBe(true);
  });
  it("refuses what is not one", () => {
    expect(looksLikeAggregateXml('{"organization-name":"example.org","report-id":"x"}')).toBe(false);
    expect(looksLikeAggregateXml("<html><body>feedback report_metadata</body></html>")).toBe(false);
    expect(looksLikeAggregateXml("Feedback-Type: auth-failure\n<feedback>report_metadata")).toBe(false);
    expect(looksLikeAggregateXml("<feedback-report><report_metadata>")).toBe(false);
    expect(looksLikeAggregateXml("")).toBe(false);
  });
});

describe("strings", () => {
  it("ownCopy and StringPool give equal strings, one per distinct value", () => {
    const big = `${"x".repeat(100)}example.net.example.org${"y".repeat(100)}`;
    const s = big.slice(100, 123);
    expect(ownCopy(s)).toBe("example.net.example.org");
    const pool = new StringPool(2);
    expect(pool.intern(s)).toBe(s);
    expect(pool.intern("a.example.com.example")).toBe("a.example.com.example");
    expect(pool.intern("b.example.com.example")).toBe("b.example.com.example");
    expect(pool.intern("short")).toBe("short");
  });
});

describe("the benchmark generator", () => {
  it("is deterministic for a seed and gives clean reports in both formats", () => {
    const a = [...generateAggregateXml(200, { seed: 5, sources: 50 })].join("");
    expect([...generateAggregateXml(200, { seed: 5, sources: 50, recordsPerChunk: 7 })].join("")).toBe(a);
    expect([...generateAggregateXml(200, { seed: 6, sources: 50 })].join("")).not.toBe(a);
    const report = parseAggregateXml(a);
    expect(report.problems).toEqual([]);
    expect(report.records).toHaveLength(200);
    expect(new Set(report.records.map((r) => r.sourceIp)).size).toBeGreaterThan(30);
    expect(report.records.some((r) => r.dkim === "pass" && r.spf === "fail")).toBe(true);
    expect(report.records.some((r) => r.dkim === "fail" && r.spf === "fail")).toBe(true);
    expect(report.records.some((r) => r.reasons.length > 0)).toBe(true);
    expect(report.records.some((r) => r.dkimAuth.length > 1)).toBe(true);
    const bis = parseAggregateXml([...generateAggregateXml(50, { seed: 5, dmarcbis: true })].join(""));
    expect(bis.format).toBe("dmarcbis");
    expect(bis.problems).toEqual([]);
    expect(bis.policy.np).toBe("reject");
  });
});
