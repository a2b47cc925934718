// The DNS wire format: queries byte for byte, decoding with compression, the limits of RFC 1035 section 2.3.4, the
// reading of answers (CNAME chains, TTLs, RFC 2308 negative TTLs), and properties: decoding any octets ends, and in
// nothing but a DnsWireError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLASS_IN,
  canonicalName,
  type DnsMessage,
  type DnsRecord,
  DnsWireError,
  decodeMessage,
  encodeMessage,
  encodeQuery,
  formatIPv6,
  MAX_CNAME_LINKS,
  nameLabels,
  RCODE,
  RR_TYPE,
  readAnswer,
  txtText,
} from "./wire.js";

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Octets from numbers, strings (as length-prefixed labels when `label` is used) and arrays. */
function octets(...parts: (number | readonly number[] | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else out.push(...p);
  }
  return Uint8Array.from(out);
}
const label = (s: string) => [s.length, ...ascii(s)];
const u16 = (v: number) => [v >> 8, v & 0xff];
const u32 = (v: number) => [...u16(Math.floor(v / 0x10000)), ...u16(v & 0xffff)];

function decodeError(buf: Uint8Array): string {
  try {
    decodeMessage(buf);
  } catch (e) {
    expect(e).toBeInstanceOf(DnsWireError);
    return (e as Error).message;
  }
  throw new Error("decoded without an error");
}

const rec = (name: string, type: number, ttl: number, data: DnsRecord["data"]): DnsRecord => ({
  name,
  type,
  class: CLASS_IN,
  ttl,
  data,
});

const response = (over: Partial<DnsMessage>): DnsMessage => ({
  id: 1,
  qr: true,
  opcode: 0,
  aa: false,
  tc: false,
  rd: true,
  ra: true,
  rcode: 0,
  questions: [],
  answers: [],
  authorities: [],
  additionals: [],
  edns: null,
  ...over,
});

describe("encodeQuery", () => {
  it("writes a recursive query with one question and an EDNS0 OPT record of 1232 octets", () => {
    const q = encodeQuery({ id: 0x1234, name: "Example.org.", type: RR_TYPE.TXT });
    expect(hex(q)).toBe(
      [
        "1234 0100 0001 0000 0000 0001", // id, RD, one question, one additional (OPT)
        "07 4578616d706c65 03 6f7267 00 0010 0001", // Example.org TXT IN
        "00 0029 04d0 00000000 0000", // OPT: root, type 41, UDP size 1232, ext-rcode/version/flags 0, no options
      ]
        .join("")
        .replaceAll(" ", ""),
    );
    const back = decodeMessage(q);
    expect(back).toMatchObject({ id: 0x1234, qr: false, rd: true, rcode: 0, edns: { udpSize: 1232, version: 0 } });
    expect(back.questions).toEqual([{ name: "Example.org", type: RR_TYPE.TXT, class: CLASS_IN }]);
  });

  it("leaves the OPT record out when asked (a server that answers FORMERR to EDNS)", () => {
    const q = encodeQuery({ id: 7, name: "example.org", type: RR_TYPE.A, edns: false });
    expect(q.length).toBe(12 + 13 + 4);
    expect(decodeMessage(q).edns).toBeNull();
  });
});

describe("names", () => {
  it.each([
    { name: "example.org", labels: ["example", "org"] },
    { name: "example.org.", labels: ["example", "org"] },
    { name: "", labels: [] },
    { name: ".", labels: [] },
    { name: "a\\.b.example", labels: ["a.b", "example"] },
    { name: "a\\\\b.example", labels: ["a\\b", "example"] },
    { name: "a\\032b.example", labels: ["a b", "example"] },
  ])("reads $name", ({ name, labels }) => {
    expect(nameLabels(name).map((l) => Buffer.from(l).toString("latin1"))).toEqual(labels);
  });

  it.each([
    { name: "a..example", why: /empty label/ },
    { name: ".example", why: /empty label/ },
    { name: `${"a".repeat(64)}.example`, why: /label over 63/ },
    { name: Array.from({ length: 64 }, () => "abc").join("."), why: /name over 255/ },
    { name: "a\\25x.example", why: /three digits/ },
    { name: "a\\256.example", why: /over 255/ },
    { name: "example\\", why: /lone backslash/ },
  ])("refuses $name", ({ name, why }) => {
    expect(() => nameLabels(name)).toThrow(DnsWireError);
    expect(() => nameLabels(name)).toThrow(why);
  });

  it("takes a name of 253 characters (255 octets on the wire) and no more", () => {
    const longest = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    expect(longest.length).toBe(253);
    expect(nameLabels(longest)).toHaveLength(4);
    expect(() => nameLabels(`${longest}e`)).toThrow(/name over 255/);
  });

  it("gives odd octets escaped, so text and wire agree both ways", () => {
    const text = canonicalName("a\\.b.\\000\\255x.example");
    expect(text).toBe("a\\.b.\\000\\255x.example");
    expect(canonicalName(text)).toBe(text);
    expect(canonicalName("exämple.org")).toBe("ex\\195\\164mple.org"); // UTF-8 octets, as c-ares sends them
  });
});

describe("decodeMessage", () => {
  // example.org MX with compression: the owner points at the question, the exchange ends in a pointer too.
  const mxAnswer = octets(
    u16(0xbeef),
    u16(0x8180),
    u16(1),
    u16(2),
    u16(0),
    u16(0),
    label("example"), // offset 12
    label("org"),
    0,
    u16(RR_TYPE.MX),
    u16(1),
    0xc0,
    12, // owner: example.org
    u16(RR_TYPE.MX),
    u16(1),
    u32(300),
    u16(2 + 5 + 2),
    u16(10),
    label("mail"), // offset 43
    0xc0,
    12,
    0xc0,
    43, // owner: mail.example.org
    u16(RR_TYPE.A),
    u16(1),
    u32(0x80000000), // top bit set: read as 0 (RFC 2181 section 8)
    u16(4),
    192,
    0,
    2,
    25,
  );

  it("follows compression pointers and reads MX and A data", () => {
    const m = decodeMessage(mxAnswer);
    expect(m).toMatchObject({ id: 0xbeef, qr: true, rd: true, ra: true, rcode: 0 });
    expect(m.answers).toEqual([
      rec("example.org", RR_TYPE.MX, 300, { kind: "mx", priority: 10, exchange: "mail.example.org" }),
      rec("mail.example.org", RR_TYPE.A, 0, { kind: "a", address: "192.0.2.25" }),
    ]);
  });

  it("reads only the question of a truncated reply when asked, whatever follows", () => {
    const cut = mxAnswer.slice(0, 40);
    expect(decodeError(cut)).toMatch(/past the end|too early|counts/);
    expect(decodeMessage(cut, { questionsOnly: true }).questions).toEqual([
      { name: "example.org", type: RR_TYPE.MX, class: 1 },
    ]);
  });

  const header = (qd: number, an = 0) => [...u16(1), ...u16(0x8180), ...u16(qd), ...u16(an), ...u16(0), ...u16(0)];

  it.each([
    { what: "a pointer to itself", body: [0xc0, 12, 0, 1, 0, 1], why: /backwards/ },
    { what: "a pointer forwards", body: [0xc0, 14, 0, 0, 1, 0, 1], why: /backwards/ },
    { what: "a pointer into the header", body: [0xc0, 2, 0, 1, 0, 1], why: /backwards/ },
    // "a" then a pointer back to "a": a loop if pointers could point at their own name.
    { what: "a pointer loop through a label", body: [1, 97, 0xc0, 12, 0, 1, 0, 1], why: /backwards/ },
    { what: "a reserved label type", body: [0x40, 0, 0, 1, 0, 1], why: /unknown type/ },
    { what: "a label past the end", body: [9, 97, 98], why: /past the end|counts/ },
    { what: "a pointer cut in half", body: [1, 97, 1, 98, 0xc0], why: /past the end/ },
  ])("refuses $what", ({ body, why }) => {
    expect(decodeError(octets(header(1), body))).toMatch(why);
  });

  it("refuses counts the message cannot hold, before reading them", () => {
    expect(decodeError(octets(header(1, 0xffff), label("a"), 0, u16(1), u16(1)))).toMatch(/counts/);
    expect(decodeError(octets(u16(1), u16(0x8180), u16(0xffff), u16(0), u16(0), u16(0)))).toMatch(/counts/);
  });

  it("refuses messages shorter than a header or longer than 65,535 octets, and names over 255 octets", () => {
    expect(decodeError(new Uint8Array(11))).toMatch(/header/);
    expect(decodeError(new Uint8Array(65_536))).toMatch(/65,535/);
    const long: number[] = [];
    for (let i = 0; i < 5; i++) long.push(...label("x".repeat(60)));
    expect(decodeError(octets(header(1), long, 0, u16(1), u16(1)))).toMatch(/name over 255/);
  });

  it("caps the jumps of a long chain of backward pointers", () => {
    // A record of an unknown type whose data holds a root octet (offset 23) and 200 pointers, each to the one before;
    // the next record's owner points at the last of them: 201 jumps to read one name.
    const chain: number[] = [0];
    for (let k = 0; k < 200; k++) chain.push(...u16(0xc000 | (k === 0 ? 23 : 24 + 2 * (k - 1))));
    const last = 24 + 2 * 199;
    const buf = octets(header(0, 2), 0, u16(99), u16(1), u32(60), u16(chain.length), chain);
    expect(buf.length).toBe(23 + chain.length);
    const withOwner = octets(buf, u16(0xc000 | last), u16(RR_TYPE.A), u16(1), u32(60), u16(4), [192, 0, 2, 1]);
    expect(decodeError(withOwner)).toMatch(/too many compression pointers/);
    // The same chain, 100 pointers long, reads as the root.
    const short = octets(buf, u16(0xc000 | (24 + 2 * 99)), u16(RR_TYPE.A), u16(1), u32(60), u16(4), [192, 0, 2, 1]);
    expect(decodeMessage(short).answers[1]).toMatchObject({ name: "", data: { address: "192.0.2.1" } });
  });

  it("refuses record data of the wrong length and names that run past their record", () => {
    const base = (type: number, rdata: number[]) =>
      octets(header(0, 1), label("a"), 0, u16(type), u16(1), u32(60), u16(rdata.length), rdata);
    expect(decodeError(base(RR_TYPE.A, [192, 0, 2]))).toMatch(/wrong length/);
    expect(decodeError(base(RR_TYPE.AAAA, new Array(15).fill(0)))).toMatch(/wrong length/);
    expect(decodeError(base(RR_TYPE.CNAME, [...label("b"), 0, 0]))).toMatch(/wrong length/);
    expect(decodeError(base(RR_TYPE.TXT, [5, 97]))).toMatch(/runs past/);
    expect(decodeError(base(RR_TYPE.MX, [0]))).toMatch(/too short/);
    // A name in the data that ends only after the data: its root octet belongs to the next field.
    const cut = octets(header(0, 1), label("a"), 0, u16(RR_TYPE.PTR), u16(1), u32(60), u16(2), label("b"), 0);
    expect(decodeError(cut)).toMatch(/past its record/);
  });

  it("reads an OPT record: the UDP size, and the upper bits of the RCODE (RFC 6891 section 6.1.3)", () => {
    const m = decodeMessage(
      octets(u16(1), u16(0x8000), u16(0), u16(0), u16(0), u16(1), 0, u16(41), u16(4096), u32(0x01008000), u16(0)),
    );
    expect(m.edns).toEqual({ udpSize: 4096, version: 0, dnssecOk: true });
    expect(m.rcode).toBe(16); // BADVERS
    expect(m.additionals).toEqual([]);
    const two = octets(
      u16(1),
      u16(0x8000),
      u16(0),
      u16(0),
      u16(0),
      u16(2),
      [0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 0],
    );
    expect(decodeError(two)).toMatch(/OPT/);
  });

  it("round-trips every kind of data through encodeMessage", () => {
    const records: DnsRecord[] = [
      rec("example.org", RR_TYPE.A, 1, { kind: "a", address: "192.0.2.1" }),
      rec("example.org", RR_TYPE.AAAA, 2, { kind: "aaaa", address: "2001:db8::1" }),
      rec("www.example.org", RR_TYPE.CNAME, 3, { kind: "name", target: "example.org" }),
      rec("1.2.0.192.in-addr.arpa", RR_TYPE.PTR, 4, { kind: "name", target: "mail.example.org" }),
      rec("example.org", RR_TYPE.MX, 5, { kind: "mx", priority: 0, exchange: "" }),
      rec("example.org", RR_TYPE.TXT, 6, { kind: "txt", strings: [ascii("v=spf1 "), ascii("-all")] }),
      rec("example.org", 99, 7, { kind: "raw", bytes: octets(1, 2, 3) }),
    ];
    const soa = rec("example.org", RR_TYPE.SOA, 3600, {
      kind: "soa",
      mname: "ns.example.org",
      rname: "hostmaster.example.org",
      serial: 2024010101,
      refresh: 7200,
      retry: 900,
      expire: 1209600,
      minimum: 300,
    });
    const buf = encodeMessage({
      id: 9,
      qr: true,
      rcode: 3,
      answers: records,
      authorities: [soa],
      edns: { udpSize: 1232 },
    });
    const m = decodeMessage(buf);
    expect(m.answers).toEqual(records);
    expect(m.authorities).toEqual([soa]);
    expect(m.rcode).toBe(RCODE.NXDOMAIN);
  });
});

describe("formatIPv6, as Node's resolve6() spells addresses", () => {
  const bytes = (groups: number[]) => octets(groups.flatMap(u16));
  it.each([
    { groups: [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], text: "2001:db8::1" },
    { groups: [0, 0, 0, 0, 0, 0, 0, 0], text: "::" },
    { groups: [0, 0, 0, 0, 0, 0, 0, 1], text: "::1" },
    { groups: [1, 0, 0, 0, 0, 0, 0, 0], text: "1::" },
    { groups: [0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], text: "2001:db8:0:1::1" },
    { groups: [1, 0, 0, 1, 0, 0, 0, 1], text: "1:0:0:1::1" },
    { groups: [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], text: "2001:db8::1:0:0:1" },
    { groups: [0x2001, 0, 1, 2, 3, 4, 5, 6], text: "2001:0:1:2:3:4:5:6" },
    { groups: [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201], text: "::ffff:192.0.2.1" },
    { groups: [0, 0, 0, 0, 0, 0, 0xc000, 0x0201], text: "::192.0.2.1" },
    { groups: [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201], text: "64:ff9b::c000:201" },
  ])("$text", ({ groups, text }) => {
    expect(formatIPv6(bytes(groups))).toBe(text);
  });
});

describe("txtText", () => {
  it("joins a record's strings, reads UTF-8, and keeps other octets as Latin-1", () => {
    expect(txtText([ascii("v=DKIM1; p="), ascii("MIIB")])).toBe("v=DKIM1; p=MIIB");
    expect(txtText([])).toBe("");
    // A two-octet UTF-8 character cut across two character-strings is still one character.
    const e = ascii("é");
    expect(txtText([octets(0x61, e[0] as number), octets(e[1] as number)])).toBe("aé");
    expect(txtText([octets(0x61, 0xe9, 0xff)])).toBe("a\u00e9\u00ff");
  });
});

describe("readAnswer", () => {
  const a = (name: string, ttl: number, address: string) => rec(name, RR_TYPE.A, ttl, { kind: "a", address });
  const cname = (name: string, ttl: number, target: string) => rec(name, RR_TYPE.CNAME, ttl, { kind: "name", target });
  const soa = (name: string, ttl: number, minimum: number) =>
    rec(name, RR_TYPE.SOA, ttl, {
      kind: "soa",
      mname: `ns.${name}`,
      rname: `hostmaster.${name}`,
      serial: 1,
      refresh: 1,
      retry: 1,
      expire: 1,
      minimum,
    });

  it("follows the CNAME chain, ignores records about other names, and keeps the least TTL", () => {
    const m = response({
      answers: [
        cname("www.example.org", 600, "Edge.Example.net"),
        a("attacker.example", 86_400, "203.0.113.66"),
        cname("edge.example.net", 120, "host.example.net"),
        a("host.example.net", 300, "192.0.2.7"),
        a("host.example.net", 30, "192.0.2.8"),
      ],
    });
    const r = readAnswer(m, "WWW.example.org", RR_TYPE.A);
    expect(r.status).toBe("ok");
    expect(r.records.map((x) => x.data)).toEqual([
      { kind: "a", address: "192.0.2.7" },
      { kind: "a", address: "192.0.2.8" },
    ]);
    expect(r.chain).toEqual(["WWW.example.org", "Edge.Example.net", "host.example.net"]);
    expect(r.ttl).toBe(30);
  });

  it("stops at a loop and after eight links", () => {
    const loop = response({ answers: [cname("a.example", 60, "b.example"), cname("b.example", 60, "a.example")] });
    expect(readAnswer(loop, "a.example", RR_TYPE.A)).toMatchObject({ status: "NODATA", records: [] });
    const answers: DnsRecord[] = [];
    for (let i = 0; i < 12; i++) answers.push(cname(`n${i}.example`, 60, `n${i + 1}.example`));
    answers.push(a("n12.example", 60, "192.0.2.1"));
    const long = readAnswer(response({ answers }), "n0.example", RR_TYPE.A);
    expect(long.records).toEqual([]);
    expect(long.chain).toHaveLength(MAX_CNAME_LINKS + 1);
  });

  it("gives the CNAME itself when CNAME is asked", () => {
    const m = response({ answers: [cname("www.example.org", 60, "example.net"), a("example.net", 60, "192.0.2.1")] });
    expect(readAnswer(m, "www.example.org", RR_TYPE.CNAME).records.map((r) => r.data)).toEqual([
      { kind: "name", target: "example.net" },
    ]);
  });

  it("takes the negative TTL from the SOA: the lesser of its TTL and MINIMUM (RFC 2308 section 5)", () => {
    const nx = response({ rcode: RCODE.NXDOMAIN, authorities: [soa("example.org", 3600, 900)] });
    expect(readAnswer(nx, "nope.example.org", RR_TYPE.TXT)).toMatchObject({ status: "NXDOMAIN", ttl: 900 });
    const nodata = response({ authorities: [soa("example.org", 120, 900)] });
    expect(readAnswer(nodata, "example.org", RR_TYPE.AAAA)).toMatchObject({ status: "NODATA", ttl: 120 });
    // An SOA of a zone the name is not in says nothing about it; no SOA at all: no TTL (the client's default).
    const elsewhere = response({ rcode: RCODE.NXDOMAIN, authorities: [soa("example.net", 3600, 3600)] });
    expect(readAnswer(elsewhere, "nope.example.org", RR_TYPE.TXT).ttl).toBeNull();
    // Through a CNAME to a missing name: the chain's TTL bounds it too, and the SOA is the target's zone's.
    const viaCname = response({
      rcode: RCODE.NXDOMAIN,
      answers: [cname("www.example.org", 45, "gone.example.net")],
      authorities: [soa("example.net", 3600, 600)],
    });
    expect(readAnswer(viaCname, "www.example.org", RR_TYPE.A)).toMatchObject({ status: "NXDOMAIN", ttl: 45 });
  });
});

describe("decoding arbitrary octets", () => {
  const decodesOrRefuses = (buf: Uint8Array) => {
    let m: DnsMessage;
    try {
      m = decodeMessage(buf);
    } catch (e) {
      if (!(e instanceof DnsWireError)) throw e;
      return;
    }
    const q = m.questions[0];
    // What decodes can be read as an answer, and its TXT as text, without an exception.
    for (const type of [RR_TYPE.A, RR_TYPE.TXT, RR_TYPE.MX, RR_TYPE.CNAME]) readAnswer(m, q?.name ?? "", type);
    for (const r of m.answers) if (r.data.kind === "txt") txtText(r.data.strings);
  };

  it("ends, in a message or a DnsWireError, for random octets", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), decodesOrRefuses), { numRuns: 3000 });
  });

  it("ends for headers with plausible counts followed by labels and pointers anywhere", () => {
    const piece = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 0x3fff })).map(([t]) => [0xc0 | (t >> 8), t & 0xff]),
      fc.string({ maxLength: 8 }).map((s) => label(s.slice(0, 63))),
      fc.constant([0]),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }),
    );
    const packet = fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        fc.array(piece, { maxLength: 40 }),
      )
      .map(([counts, pieces]) => octets(u16(1), u16(0x8180), counts.flatMap(u16), pieces.flat()));
    fc.assert(fc.property(packet, decodesOrRefuses), { numRuns: 3000 });
  });

  it("ends for valid replies with octets changed", () => {
    const valid = encodeMessage({
      id: 5,
      qr: true,
      questions: [{ name: "example.org", type: RR_TYPE.TXT, class: 1 }],
      answers: [
        rec("example.org", RR_TYPE.CNAME, 60, { kind: "name", target: "txt.example.org" }),
        rec("txt.example.org", RR_TYPE.TXT, 60, { kind: "txt", strings: [ascii("v=spf1 -all")] }),
        rec("example.org", RR_TYPE.MX, 60, { kind: "mx", priority: 1, exchange: "mx.example.org" }),
      ],
      authorities: [
        rec("example.org", RR_TYPE.SOA, 60, {
          kind: "soa",
          mname: "ns.example.org",
          rname: "h.example.org",
          serial: 1,
          refresh: 2,
          retry: 3,
          expire: 4,
          minimum: 5,
        }),
      ],
      edns: { udpSize: 1232 },
    });
    const mutated = fc
      .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
      .map((changes) => {
        const b = valid.slice();
        for (const [at, v] of changes) b[at] = v;
        return b;
      });
    fc.assert(fc.property(mutated, decodesOrRefuses), { numRuns: 3000 });
  });
});
