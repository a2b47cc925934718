import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { AggregateXmlReader, emptyRawRecord, finishRecord, type RawAuth, type RawRecord } from "./aggregate-xml.js";
import type { AggregateRecord } from "./types.js";
import {
  type DecodeIssues,
  decodeXmlText,
  TOKEN_CDATA,
  TOKEN_CLOSE,
  TOKEN_COMMENT,
  TOKEN_DOCTYPE,
  TOKEN_END,
  TOKEN_ERROR,
  TOKEN_MORE,
  TOKEN_OPEN,
  TOKEN_PI,
  TOKEN_TEXT,
  XmlScanner,
} from "./xml-scan.js";

const NAMES: Record<number, string> = {
  [TOKEN_TEXT]: "text",
  [TOKEN_OPEN]: "open",
  [TOKEN_CLOSE]: "close",
  [TOKEN_CDATA]: "cdata",
  [TOKEN_COMMENT]: "comment",
  [TOKEN_PI]: "pi",
  [TOKEN_DOCTYPE]: "doctype",
  [TOKEN_ERROR]: "error",
};

/** Every token of `pieces` appended one by one, as "kind:detail" strings. */
function tokens(pieces: readonly string[]): string[] {
  const sc = new XmlScanner();
  const out: string[] = [];
  const drain = (final: boolean) => {
    for (;;) {
      const t = sc.next(final);
      if (t === TOKEN_MORE || t === TOKEN_END) return;
      const name = NAMES[t] ?? "?";
      if (t === TOKEN_OPEN) {
        const attrs = sc.slice(sc.attrStart, sc.attrEnd).trim();
        out.push(
          `open:${sc.qualifiedName()}/${sc.localName()}${attrs ? ` ${attrs}` : ""}${sc.selfClosing ? " /" : ""}`,
        );
      } else if (t === TOKEN_CLOSE) out.push(`close:${sc.qualifiedName()}`);
      else if (t === TOKEN_ERROR) {
        out.push(`error:${sc.error}`);
        return;
      } else out.push(`${name}:${sc.slice(sc.valueStart, sc.valueEnd)}`);
    }
  };
  for (const p of pieces) {
    sc.append(p);
    drain(false);
    sc.compact();
  }
  drain(true);
  return out;
}

describe("XmlScanner", () => {
  it("reads every kind of token", () => {
    const doc =
      '<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY x "a>b"> <!-- ] > -->]><d:feedback xmlns:d="urn:x" a=\'1>2\'>' +
      "t&amp;<![CDATA[<raw>]]><!-- c --><e/><f >x</f ></d:feedback>";
    expect(tokens([doc])).toEqual([
      'pi:xml version="1.0"',
      'doctype: feedback [<!ENTITY x "a>b"> <!-- ] > -->]',
      "open:d:feedback/feedback xmlns:d=\"urn:x\" a='1>2'",
      "text:t&amp;",
      "cdata:<raw>",
      "comment: c ",
      "open:e/e /",
      "open:f/f",
      "text:x",
      "close:f",
      "close:d:feedback",
    ]);
  });

  it("gives the same tokens whatever the split points", () => {
    const doc =
      '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x "y">]>\n<r a="1>2" b=\'"\'><a>x&lt;y</a><!-- c -- c --><![CDATA[]]]]><b/>tail</r>';
    const whole = tokens([doc]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: doc.length - 1 }), { maxLength: 12 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const pieces: string[] = [];
        let last = 0;
        for (const c of sorted) {
          pieces.push(doc.slice(last, c));
          last = c;
        }
        pieces.push(doc.slice(last));
        // Text tokens may come in more pieces at the end only; everything here ends in markup.
        expect(tokens(pieces)).toEqual(whole);
      }),
    );
  });

  it("reports markup that is not well-formed", () => {
    expect(tokens(["<a>< b</a>"]).at(-1)).toMatch(/^error:'<' is not followed by an element name/);
    expect(tokens(["<a></a b>"]).at(-1)).toMatch(/^error:an end tag with something after its name/);
    expect(tokens(["<a><!foo></a>"]).at(-1)).toMatch(/^error:'<!' that starts no comment/);
    expect(tokens(['<a b="<">']).at(-1)).toBe('open:a/a b="<"');
    expect(tokens(["<a b<c>"]).at(-1)).toMatch(/^error:'<' inside a start tag/);
    expect(tokens(["<a", "b"]).at(-1)).toMatch(/^error:the document ends inside a start tag/);
    expect(tokens(["<!-- never closed"]).at(-1)).toMatch(/^error:the document ends inside a comment/);
    expect(tokens(['<a x="1']).at(-1)).toMatch(/^error:the document ends inside a start tag/);
  });

  it("returns trailing text only at the end", () => {
    expect(tokens(["<a/>  tail", " more"])).toEqual(["open:a/a /", "text:  tail more"]);
  });
});

describe("decodeXmlText", () => {
  const decode = (s: string) => {
    const issues: DecodeIssues = { unknownEntities: 0, badReferences: 0 };
    return { text: decodeXmlText(s, issues), ...issues };
  };
  it("decodes the predefined entities and character references", () => {
    expect(decode("a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42;&#x1F600;")).toEqual({
      text: "a & b <c> \"' AB😀",
      unknownEntities: 0,
      badReferences: 0,
    });
  });
  it("keeps other references as written and counts them", () => {
    expect(decode("&lol9; &nbsp;")).toEqual({ text: "&lol9; &nbsp;", unknownEntities: 2, badReferences: 0 });
    expect(decode("a & b &#0; &#xD800; &#xZZ; &")).toEqual({
      text: "a & b &#0; &#xD800; &#xZZ; &",
      unknownEntities: 0,
      badReferences: 5,
    });
    expect(decode("&amp;&bogus;&lt;")).toEqual({ text: "&&bogus;<", unknownEntities: 1, badReferences: 0 });
  });
  it("leaves text without '&' untouched", () => {
    expect(decode("plain text")).toEqual({ text: "plain text", unknownEntities: 0, badReferences: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Differential: random valid records, read by the lean scanner and by fast-xml-parser, must give the same record.

/** A value made of odd characters: the XML writer below must escape them. */
const valueArb = fc.oneof(
  fc.constantFrom(
    "192.0.2.1",
    "2001:DB8::1",
    "example.com",
    "Example.NET",
    "pass",
    "FAIL",
    "none",
    "mfrom",
    "7",
    " 12 ",
  ),
  fc
    .array(fc.constantFrom(..."abcXYZ019 .-_:&<>\"';#é€😀]\t\n".split(/(?:)/u)), { maxLength: 24 })
    .map((cs) => cs.join("")),
);

/** How the text of one leaf is written: escapes, character references, CDATA sections and comments, chosen at random. */
const writerArb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 40 });

function writeText(value: string, choices: readonly number[]): string {
  const chars = Array.from(value);
  let out = "";
  let k = 0;
  const pick = () => choices[k++ % choices.length] ?? 0;
  let i = 0;
  while (i < chars.length) {
    const how = pick();
    if (how === 0 && !value.includes("]]>")) {
      // A CDATA section with the next few characters.
      const n = 1 + (pick() % 4);
      let run = chars.slice(i, i + n).join("");
      if (run.endsWith("]")) run = chars.slice(i, i + 1).join("");
      if (!run.includes("]")) {
        out += `<![CDATA[${run}]]>`;
        i += Array.from(run).length;
        continue;
      }
    }
    if (how === 1) out += "<!-- note -->";
    const c = chars[i] ?? "";
    i++;
    const cp = c.codePointAt(0) ?? 32;
    if (c === "&") out += how % 2 === 0 ? "&amp;" : "&#38;";
    else if (c === "<") out += how % 2 === 0 ? "&lt;" : "&#x3C;";
    else if (how === 2) out += `&#${cp};`;
    else if (how === 3) out += `&#x${cp.toString(16)};`;
    else if (c === ">" && how === 4) out += "&gt;";
    else if (c === '"' && how === 5) out += "&quot;";
    else if (c === "'" && how === 5) out += "&apos;";
    else out += c;
  }
  return out;
}

interface Leaf {
  value: string;
  choices: number[];
}
const leafArb = fc.option(fc.record({ value: valueArb, choices: writerArb }), { nil: undefined });
const authArb = fc.record({
  domain: leafArb,
  selector: leafArb,
  scope: leafArb,
  result: leafArb,
  humanResult: leafArb,
});
const recordArb = fc.record({
  sourceIp: leafArb,
  count: leafArb,
  disposition: leafArb,
  dkim: leafArb,
  spf: leafArb,
  reasons: fc.array(fc.record({ type: leafArb, comment: leafArb }), { maxLength: 3 }),
  headerFrom: leafArb,
  envelopeFrom: leafArb,
  envelopeTo: leafArb,
  dkimAuth: fc.array(authArb, { maxLength: 3 }),
  spfAuth: fc.array(authArb, { maxLength: 2 }),
  /** Layout: white space and comments between elements, prefixes, empty-element forms. */
  layout: fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 30 }),
});
type GenRecord = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function writeRecord(r: GenRecord): string {
  let k = 0;
  const pick = () => r.layout[k++ % r.layout.length] ?? 0;
  const gap = () => ["", " ", "\n    ", "\t\r\n", "<!-- gap -->", "\n<?pi data?>\n"][pick() % 6] ?? "";
  const prefix = () => (pick() % 3 === 0 ? "dmarc:" : "");
  const el = (name: string, inner: string) => {
    const p = prefix();
    return `${gap()}<${p}${name}>${inner}${gap()}</${p}${name}>`;
  };
  const leaf = (name: string, l: Leaf | undefined) => {
    if (l === undefined) return "";
    const p = prefix();
    const text = writeText(l.value, l.choices);
    if (text === "" && pick() % 2 === 0) return `${gap()}<${p}${name}/>`;
    return `${gap()}<${p}${name}>${text}</${p}${name}>`;
  };
  const auth = (a: GenRecord["dkimAuth"][number], withSelector: boolean) =>
    leaf("domain", a.domain) +
    (withSelector ? leaf("selector", a.selector) : leaf("scope", a.scope)) +
    leaf("result", a.result) +
    leaf("human_result", a.humanResult);
  return el(
    "record",
    el(
      "row",
      leaf("source_ip", r.sourceIp) +
        leaf("count", r.count) +
        el(
          "policy_evaluated",
          leaf("disposition", r.disposition) +
            leaf("dkim", r.dkim) +
            leaf("spf", r.spf) +
            r.reasons.map((x) => el("reason", leaf("type", x.type) + leaf("comment", x.comment))).join(""),
        ),
    ) +
      el(
        "identifiers",
        leaf("envelope_to", r.envelopeTo) + leaf("envelope_from", r.envelopeFrom) + leaf("header_from", r.headerFrom),
      ) +
      el(
        "auth_results",
        r.dkimAuth.map((a) => el("dkim", auth(a, true))).join("") +
          r.spfAuth.map((a) => el("spf", auth(a, false))).join(""),
      ),
  );
}

const fxp = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  // The oracle decodes the five entities and character references (htmlEntities); generated records declare none.
  processEntities: true,
  htmlEntities: true,
  isArray: (_name: string, jPath: unknown) =>
    /(auth_results\.(dkim|spf)|policy_evaluated\.reason)$/.test(String(jPath)),
});

type Node = string | { [k: string]: unknown };

function textOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null) {
    const t = (v as Record<string, unknown>)["#text"];
    return typeof t === "string" ? t : "";
  }
  return String(v);
}

function childOf(v: unknown, key: string): unknown {
  return typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
}

function listOf(v: unknown): Node[] {
  return Array.isArray(v) ? (v as Node[]) : [];
}

/** The same raw fields, read from fast-xml-parser's object. */
function rawFromFxp(xml: string): RawRecord {
  const rec = childOf(fxp.parse(xml), "record");
  const row = childOf(rec, "row");
  const pe = childOf(row, "policy_evaluated");
  const ids = childOf(rec, "identifiers");
  const auth = childOf(rec, "auth_results");
  const raw = emptyRawRecord();
  const set = <K extends keyof RawRecord>(k: K, v: string | undefined) => {
    if (v !== undefined) (raw as unknown as Record<string, unknown>)[k] = v;
  };
  set("sourceIp", textOf(childOf(row, "source_ip")));
  set("count", textOf(childOf(row, "count")));
  set("disposition", textOf(childOf(pe, "disposition")));
  set("dkim", textOf(childOf(pe, "dkim")));
  set("spf", textOf(childOf(pe, "spf")));
  for (const r of listOf(childOf(pe, "reason"))) {
    const x: { type?: string; comment?: string } = {};
    const type = textOf(childOf(r, "type"));
    const comment = textOf(childOf(r, "comment"));
    if (type !== undefined) x.type = type;
    if (comment !== undefined) x.comment = comment;
    raw.reasons.push(x);
  }
  set("headerFrom", textOf(childOf(ids, "header_from")));
  set("envelopeFrom", textOf(childOf(ids, "envelope_from")));
  set("envelopeTo", textOf(childOf(ids, "envelope_to")));
  const authOf = (a: Node): RawAuth => {
    const out: RawAuth = {};
    for (const [k, el] of [
      ["domain", "domain"],
      ["selector", "selector"],
      ["scope", "scope"],
      ["result", "result"],
      ["humanResult", "human_result"],
    ] as const) {
      const v = textOf(childOf(a, el));
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  for (const a of listOf(childOf(auth, "dkim"))) raw.dkimAuth.push(authOf(a));
  for (const a of listOf(childOf(auth, "spf"))) raw.spfAuth.push(authOf(a));
  return raw;
}

function viaFxp(xml: string): { record: AggregateRecord; codes: string[] } {
  const codes: string[] = [];
  const record = finishRecord(rawFromFxp(xml), (code) => {
    codes.push(code);
  });
  return { record, codes };
}

function viaScanner(xml: string): { record: AggregateRecord | undefined; codes: string[] } {
  const reader = new AggregateXmlReader();
  const records = reader.push(`<feedback xmlns:dmarc="${"urn:ietf:params:xml:ns:dmarc-2.0"}">${xml}</feedback>`);
  const end = reader.end();
  records.push(...end.records);
  const codes = end.problems.filter((p) => p.record === 0).map((p) => p.code);
  return { record: records[0], codes };
}

describe("the lean scanner against fast-xml-parser", () => {
  it("reads random valid records the same way", () => {
    fc.assert(
      fc.property(recordArb, (r) => {
        const xml = writeRecord(r);
        const lean = viaScanner(xml);
        const oracle = viaFxp(xml);
        expect(lean.record, xml).toEqual(oracle.record);
        expect(lean.codes, xml).toEqual(oracle.codes);
      }),
      { numRuns: 400 },
    );
  });

  it("agrees on a hand-written record with every odd form", () => {
    const xml =
      "<dmarc:record>\n <dmarc:row><source_ip> 192.0.2.&#55; </source_ip><count>4<!-- c -->2</count>" +
      "<policy_evaluated><disposition><![CDATA[Reject]]></disposition><dkim>Pass</dkim><spf>fail</spf>" +
      "<reason><type>local_policy</type><comment>a &amp; b &lt;c&gt;</comment></reason></policy_evaluated></dmarc:row>" +
      "<identifiers><header_from>Example.COM</header_from><envelope_from/></identifiers>" +
      "<auth_results><dkim><domain>example.com</domain><selector>s&#x31;</selector><result>PASS</result>" +
      "<human_result>ok 😀</human_result></dkim><spf><domain>example.com</domain><result>softfail</result></spf>" +
      "</auth_results></dmarc:record>";
    const lean = viaScanner(xml);
    expect(lean.record).toEqual(viaFxp(xml).record);
    expect(lean.record).toEqual({
      sourceIp: "192.0.2.7",
      count: 42,
      disposition: "reject",
      dkim: "pass",
      spf: "fail",
      reasons: [{ type: "local_policy", comment: "a & b <c>" }],
      headerFrom: "example.com",
      envelopeFrom: "",
      dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass", humanResult: "ok 😀" }],
      spfAuth: [{ domain: "example.com", result: "softfail" }],
    });
  });
});

describe("linear on hostile text", () => {
  it("decodes a long run of bare '&' and unclosed references", () => {
    const issues: DecodeIssues = { unknownEntities: 0, badReferences: 0 };
    const text = `${"&".repeat(200_000)}${"&#x41".repeat(50_000)}`;
    expect(decodeXmlText(text, issues)).toBe(text);
    expect(issues.badReferences).toBe(250_000);
  });
});
