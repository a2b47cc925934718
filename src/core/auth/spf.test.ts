// SPF against a real DNS server on loopback: parsing, the lookup tree, and check_host() for a client IP.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../../test/support/dns-server.js";
import { createNodeDnsClient } from "../../dns/node-resolver.js";
import { checkSpf, parseSpf, type SpfReport, type SpfTreeNode } from "./spf.js";

const BIG = `v=spf1 ${Array.from({ length: 560 }, (_, i) => `ip4:198.51.100.${i % 256}`).join(" ")} ${Array.from(
  { length: 20 },
  (_, i) => `a:h${i}.big.example.org`,
).join(" ")} -all`;

let srv: TestDnsServer;
beforeAll(async () => {
  srv = await startDnsServer({
    // A good record: ip4, ip6, a, mx and an include.
    "example.com": {
      TXT: [
        "google-site-verification=abc123",
        "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx include:_spf.example.net -all",
      ],
      A: ["198.51.100.7"],
      MX: [{ exchange: "mx1.example.com", priority: 10 }],
    },
    "mx1.example.com": { A: ["203.0.113.25"], AAAA: ["2001:db8:1::25"] },
    "_spf.example.net": { TXT: ["v=spf1 ip4:198.51.100.128/25 ~all"] },
    "softfail.example.com": { TXT: ["v=spf1 ip4:192.0.2.1 ~all"] },
    "neutral.example.com": { TXT: ["v=spf1 ip4:192.0.2.1 ?all"] },
    "nospf.example.com": { TXT: ["google-site-verification=abc"] },
    "plusall.example.org": { TXT: ["v=spf1 mx +all"] },
    "ptr.example.org": { TXT: ["v=spf1 ptr -all"] },
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.ptr.example.org"] },
    "mail.ptr.example.org": { A: ["192.0.2.10"] },
    // 11 lookups across nested includes: root 3, i1 3 (+ i3 3), i2 2.
    "many.example.com": {
      TXT: ["v=spf1 include:i1.example.net include:i2.example.net a -all"],
      A: ["192.0.2.200"],
    },
    "i1.example.net": { TXT: ["v=spf1 a:h1.example.net a:h2.example.net include:i3.example.net ~all"] },
    "i3.example.net": { TXT: ["v=spf1 a:h3.example.net exists:h4.example.net mx:h1.example.net ~all"] },
    "i2.example.net": { TXT: ["v=spf1 a:h5.example.net mx:h5.example.net ~all"] },
    "h1.example.net": { A: ["198.51.100.1"], MX: [{ exchange: "h2.example.net", priority: 5 }] },
    "h2.example.net": { A: ["198.51.100.2"] },
    "h3.example.net": { A: ["198.51.100.3"] },
    "h4.example.net": { TXT: ["not an address"] }, // exists: on a name without A records never matches (a void lookup)
    "h5.example.net": { A: ["198.51.100.5"], MX: [{ exchange: "h5.example.net", priority: 5 }] },
    "loop.example.com": { TXT: ["v=spf1 include:loop2.example.com -all"] },
    "loop2.example.com": { TXT: ["v=spf1 include:loop.example.com ~all"] },
    "dup.example.com": { TXT: ["v=spf1 ip4:192.0.2.1 -all", "v=spf1 include:_spf.example.net -all"] },
    "void.example.org": {
      TXT: ["v=spf1 a:gone1.example.org a:gone2.example.org mx:gone3.example.org ip4:192.0.2.1 -all"],
    },
    "missing.example.org": { TXT: ["v=spf1 include:nospf.example.com -all"] },
    "syntax.example.com": { TXT: ["v=spf1 mx ip4:192.0.2.300 -all"] },
    "macro.example.com": { TXT: ["v=spf1 exists:%{ir}._spf.%{d} exists:%{l1r-}.lp.%{o} -all"] },
    "55.2.0.192._spf.macro.example.com": { A: ["127.0.0.2"] },
    "strong.lp.email.example.com": { A: ["127.0.0.2"] },
    "big.example.org": { TXT: [BIG] },
    "sf.example.com": { TXT: ["v=spf1 include:broken.example.net -all"] },
    "broken.example.net": { servfail: true },
    "slow.example.com": { TXT: ["v=spf1 include:silent.example.net -all"] },
    "silent.example.net": { silent: true },
    "v6.example.org": { TXT: ["v=spf1 a/24//64 -all"], A: ["192.0.2.1"], AAAA: ["2001:db8:aa::1"] },
    "redir.example.org": { TXT: ["v=spf1 redirect=_spf.example.net"] },
  });
});
afterAll(() => srv.close());

const client = () => createNodeDnsClient({ server: srv.address, timeoutMs: 500, tries: 1 });
const ids = (r: SpfReport): string[] => r.findings.map((f) => f.id);
const child = (n: SpfTreeNode | null | undefined, domain: string): SpfTreeNode | undefined =>
  n?.children.find((c) => c.domain === domain);

describe("parseSpf", () => {
  it("gives every term with its position, qualifier, domain-spec and CIDR lengths", () => {
    const p = parseSpf(
      "v=spf1 ip4:192.0.2.0/24 -ip6:2001:db8::/32 ~a:mail.example.com/28//64 ?mx//48 include:_spf.example.net exists:%{i}.x.example.org redirect=example.net exp=exp.example.com foo=bar",
    );
    expect(p.version).toBe(true);
    expect(p.errors).toEqual([]);
    const [ip4, ip6, a, mx] = p.terms;
    expect(ip4).toMatchObject({ name: "ip4", position: 7, qualifier: "+", address: "192.0.2.0", cidr4: 24 });
    expect(ip6).toMatchObject({ name: "ip6", position: 24, qualifier: "-", address: "2001:db8::", cidr6: 32 });
    expect(a).toMatchObject({ name: "a", qualifier: "~", domainSpec: "mail.example.com", cidr4: 28, cidr6: 64 });
    expect(mx).toMatchObject({ name: "mx", qualifier: "?", domainSpec: null, cidr4: null, cidr6: 48 });
    expect(p.terms.find((t) => t.text.startsWith("exists"))).toMatchObject({ macro: true });
    expect(p.redirect?.value).toBe("example.net");
    expect(p.exp?.value).toBe("exp.example.com");
    expect(p.terms.at(-1)).toMatchObject({ type: "modifier", name: "foo", known: false });
    expect(p.notes.map((n) => n.kind)).toContain("macro");
  });

  it("reports syntax errors with their position and a plain message", () => {
    const cases: [string, number, string][] = [
      ["v=spf1 mx ip4:192.0.2.300 -all", 14, "not a valid IPv4"],
      ["v=spf1 ip4:192.0.2.0/33", 20, "prefix length"],
      ["v=spf1 ip6:2001:db8::/129", 21, "prefix length"],
      ["v=spf1 a/33", 8, "IPv4 prefix"],
      ["v=spf1 mx//200", 9, "IPv6 prefix"],
      ["v=spf1 include", 14, "needs"],
      ["v=spf1 include:localhost", 15, "fully qualified"],
      ["v=spf1 all:x", 10, "no argument"],
      ["v=spf1 exists:%{x}.example.com", 14, "macro"],
      ["v=spf1 exists:%{d0}.example.com", 14, "1 or more"],
      ["v=spf1 exists:%{c}.example.com", 14, "explanation"],
      ["v=spf1 a:%zz.example.com", 9, "%"],
      ["v=spf1 redirect=a.example.com redirect=b.example.com", 30, "more than once"],
      ["spf1 -all", 0, "v=spf1"],
    ];
    for (const [rec, pos, msg] of cases) {
      const e = parseSpf(rec).errors[0];
      expect(e, rec).toBeDefined();
      expect(e?.position, rec).toBe(pos);
      expect(e?.message, rec).toContain(msg);
    }
    expect(parseSpf("v=spf1 ipv4:192.0.2.1 -all").errors[0]).toMatchObject({ kind: "unknown-mechanism", position: 7 });
    expect(parseSpf("V=SPF1 MX -ALL").errors).toEqual([]);
  });

  it("notes ptr, terms after all, a modifier that looks like a mechanism, and long records", () => {
    const p = parseSpf("v=spf1 ptr:example.com -all include=_spf.example.net mx");
    expect(p.notes.map((n) => n.kind)).toEqual(["ptr", "modifier-like-mechanism"]);
    expect(p.afterAll.map((t) => t.text)).toEqual(["mx"]);
    expect(parseSpf(BIG).tooLong).toBe(true);
    expect(parseSpf("v=spf1 -all").tooLong).toBe(false);
  });

  it("never throws on arbitrary strings", () => {
    const token = fc.constantFrom(
      "v=spf1",
      " ",
      "ip4:",
      "ip6:",
      ":",
      "/",
      "//",
      "%{",
      "}",
      "%",
      "a",
      "mx",
      "=",
      ".",
      "1",
      "-",
      "all",
      "include:",
      "ïñ",
      "\u0000",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(token, { maxLength: 60 }).map((a) => a.join("")),
        ),
        (s) => {
          const p = parseSpf(s);
          expect(p.record).toBe(s);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("runs in linear time on 100 KB adversarial strings", () => {
    const n = 100_000;
    const inputs = [
      `v=spf1 ${"%{".repeat(n / 2)}`,
      `v=spf1 exists:${"%{d}".repeat(n / 4)}`,
      `v=spf1 a:${"a.".repeat(n / 2)}`,
      `v=spf1 ip6:${"1:".repeat(n / 2)}`,
      `v=spf1 ${"a ".repeat(n / 2)}`,
      `v=spf1 ${"x=".repeat(n / 2)}`,
      `v=spf1 mx${"/".repeat(n)}`,
      `v=spf1 exists:${"%{i9999999999".repeat(n / 13)}`,
    ];
    for (const s of inputs) {
      const t0 = performance.now();
      parseSpf(s);
      expect(performance.now() - t0, s.slice(0, 20)).toBeLessThan(500);
    }
  });
});

describe("checkSpf on a loopback DNS server", () => {
  it("finds the one SPF record among TXT records and walks its tree", async () => {
    const r = await checkSpf("example.com", client());
    expect(r.record).toBe("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx include:_spf.example.net -all");
    expect(r.records).toHaveLength(1);
    expect(r.terms).toHaveLength(6);
    expect(r.lookups).toBe(3);
    expect(r.voidLookups).toBe(0);
    expect(child(r.tree, "_spf.example.net")).toMatchObject({ status: "ok", lookups: 0 });
    expect(r.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(r.suggestedRecord).toBeNull();
    expect(r.result).toBeNull();
  });

  it("evaluates check_host() for pass (ip4 CIDR, a, mx, include, IPv6, IPv4-mapped) and fail", async () => {
    const dns = client();
    const cases: [string, string, string | null][] = [
      ["192.0.2.55", "pass", "ip4:192.0.2.0/24"],
      ["::ffff:192.0.2.55", "pass", "ip4:192.0.2.0/24"],
      ["198.51.100.7", "pass", "a"],
      ["203.0.113.25", "pass", "mx"],
      ["198.51.100.200", "pass", "include:_spf.example.net"],
      ["2001:db8:ffff::1", "pass", "ip6:2001:db8::/32"],
      ["203.0.113.99", "fail", "-all"],
      ["2a00:1450::1", "fail", "-all"],
    ];
    for (const [ip, result, by] of cases) {
      const r = await checkSpf("example.com", dns, { ip });
      expect(r.result, ip).toMatchObject({ result, decidedBy: by, domain: "example.com" });
    }
    const fail = await checkSpf("example.com", dns, { ip: "203.0.113.99" });
    expect(ids(fail)).toContain("spf.ip-fail");
  });

  it("gives softfail, neutral and none", async () => {
    const dns = client();
    expect((await checkSpf("softfail.example.com", dns, { ip: "203.0.113.5" })).result).toMatchObject({
      result: "softfail",
      decidedBy: "~all",
    });
    const neutral = await checkSpf("neutral.example.com", dns, { ip: "203.0.113.5" });
    expect(neutral.result?.result).toBe("neutral");
    expect(ids(neutral)).toContain("spf.neutral-all");
    expect(neutral.suggestedRecord).toBe("v=spf1 ip4:192.0.2.1 ~all");
    const none = await checkSpf("nospf.example.com", dns, { ip: "203.0.113.5" });
    expect(none.record).toBeNull();
    expect(none.result?.result).toBe("none");
    expect(ids(none)).toContain("spf.no-record");
  });

  it("follows a redirect", async () => {
    const r = await checkSpf("redir.example.org", client(), { ip: "198.51.100.130" });
    expect(r.result).toMatchObject({ result: "pass", decidedBy: "ip4:198.51.100.128/25", domain: "_spf.example.net" });
    expect(r.lookups).toBe(1);
    expect(ids(r)).not.toContain("spf.no-all");
  });

  it("counts 11 lookups over nested includes, per include, and stops evaluation at the limit", async () => {
    const r = await checkSpf("many.example.com", client(), { ip: "203.0.113.1" });
    expect(r.lookups).toBe(11);
    expect(r.tree).toMatchObject({ lookups: 3, totalLookups: 11 });
    expect(r.voidLookups).toBe(1);
    expect(child(r.tree, "i1.example.net")).toMatchObject({ lookups: 3, totalLookups: 6 });
    expect(child(child(r.tree, "i1.example.net"), "i3.example.net")).toMatchObject({ lookups: 3, totalLookups: 3 });
    expect(child(r.tree, "i2.example.net")).toMatchObject({ lookups: 2, totalLookups: 2 });
    expect(ids(r)).toContain("spf.too-many-lookups");
    expect(r.findings.find((f) => f.id === "spf.too-many-lookups")?.message).toContain("include:i1.example.net: 6");
    expect(r.result).toMatchObject({ result: "permerror", decidedBy: "a", domain: "many.example.com" });
    // An IP matched before the limit is reached still passes, as receivers evaluate lazily.
    expect((await checkSpf("many.example.com", client(), { ip: "198.51.100.1" })).result?.result).toBe("pass");
  });

  it("finds an include loop", async () => {
    const r = await checkSpf("loop.example.com", client(), { ip: "203.0.113.1" });
    expect(ids(r)).toContain("spf.include-loop");
    expect(r.findings.find((f) => f.id === "spf.include-loop")?.message).toContain(
      "loop.example.com -> loop2.example.com -> loop.example.com",
    );
    expect(r.result?.result).toBe("permerror");
  });

  it("reports two SPF records as permerror and merges them", async () => {
    const r = await checkSpf("dup.example.com", client(), { ip: "192.0.2.1" });
    expect(r.records).toHaveLength(2);
    expect(r.record).toBeNull();
    expect(ids(r)).toContain("spf.multiple-records");
    expect(r.result?.result).toBe("permerror");
    expect(r.suggestedRecord).toBe("v=spf1 ip4:192.0.2.1 include:_spf.example.net -all");
  });

  it("counts void lookups and gives permerror after the second", async () => {
    const r = await checkSpf("void.example.org", client(), { ip: "203.0.113.1" });
    expect(r.voidLookups).toBe(3);
    expect(ids(r)).toContain("spf.too-many-void-lookups");
    expect(r.result).toMatchObject({ result: "permerror", decidedBy: "mx:gone3.example.org" });
  });

  it("reports an include without a record", async () => {
    const r = await checkSpf("missing.example.org", client(), { ip: "203.0.113.1" });
    expect(ids(r)).toContain("spf.include-missing");
    expect(child(r.tree, "nospf.example.com")?.status).toBe("none");
    expect(r.result).toMatchObject({ result: "permerror", decidedBy: "include:nospf.example.com" });
  });

  it("flags +all, ptr and a syntax error, with corrected records", async () => {
    const dns = client();
    const plus = await checkSpf("plusall.example.org", dns);
    expect(plus.findings.find((f) => f.id === "spf.plus-all")?.severity).toBe("critical");
    expect(plus.suggestedRecord).toBe("v=spf1 mx ~all");
    expect(plus.findings.find((f) => f.id === "spf.plus-all")?.fix).toContain("v=spf1 mx ~all");
    const ptr = await checkSpf("ptr.example.org", dns, { ip: "192.0.2.10" });
    expect(ids(ptr)).toContain("spf.ptr-used");
    expect(ptr.suggestedRecord).toBe("v=spf1 -all");
    expect(ptr.result).toMatchObject({ result: "pass", decidedBy: "ptr" });
    expect((await checkSpf("ptr.example.org", dns, { ip: "192.0.2.11" })).result?.result).toBe("fail");
    const syn = await checkSpf("syntax.example.com", dns, { ip: "192.0.2.1" });
    const f = syn.findings.find((x) => x.id === "spf.syntax-error");
    expect(f?.message).toContain("character 14");
    expect(syn.result?.result).toBe("permerror");
    expect(syn.suggestedRecord).toBeNull();
  });

  it("expands macros in exists", async () => {
    const dns = client();
    const r = await checkSpf("macro.example.com", dns, { ip: "192.0.2.55" });
    expect(ids(r)).toContain("spf.macro-used");
    expect(r.result).toMatchObject({ result: "pass", decidedBy: "exists:%{ir}._spf.%{d}" });
    const bySender = await checkSpf("macro.example.com", dns, {
      ip: "203.0.113.9",
      sender: "strong-bad@email.example.com",
    });
    expect(bySender.result).toMatchObject({ result: "pass", decidedBy: "exists:%{l1r-}.lp.%{o}" });
    expect((await checkSpf("macro.example.com", dns, { ip: "203.0.113.9" })).result?.result).toBe("fail");
    expect(srv.queries).toContain("A 55.2.0.192._spf.macro.example.com");
  });

  it("handles a 10 KB record with a finding, promptly", async () => {
    const t0 = Date.now();
    const r = await checkSpf("big.example.org", client(), { ip: "198.51.100.3" });
    expect(r.record).toBe(BIG);
    expect(ids(r)).toEqual(expect.arrayContaining(["spf.record-too-long", "spf.too-many-lookups"]));
    expect(r.lookups).toBe(20);
    expect(r.result?.result).toBe("pass");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("gives temperror for a SERVFAIL include", async () => {
    const r = await checkSpf("sf.example.com", client(), { ip: "192.0.2.1" });
    expect(ids(r)).toContain("spf.include-dns-error");
    expect(r.result).toMatchObject({ result: "temperror", decidedBy: "include:broken.example.net" });
  });

  it("gives temperror for a silent include, within the deadline", async () => {
    const t0 = Date.now();
    const r = await checkSpf("slow.example.com", client(), { ip: "192.0.2.1", deadlineMs: 800 });
    expect(r.result?.result).toBe("temperror");
    expect(Date.now() - t0).toBeLessThan(1500);
    const t1 = Date.now();
    const short = await checkSpf("slow.example.com", client(), { ip: "192.0.2.1", deadlineMs: 200 });
    expect(short.result?.result).toBe("temperror");
    expect(ids(short)).toContain("spf.deadline");
    expect(Date.now() - t1).toBeLessThan(700);
  });

  it("matches IPv6 and IPv4 with dual CIDR on a", async () => {
    const dns = client();
    expect((await checkSpf("v6.example.org", dns, { ip: "2001:db8:aa::ffff" })).result?.result).toBe("pass");
    expect((await checkSpf("v6.example.org", dns, { ip: "2001:db8:ab::1" })).result?.result).toBe("fail");
    expect((await checkSpf("v6.example.org", dns, { ip: "192.0.2.254" })).result?.result).toBe("pass");
    expect((await checkSpf("v6.example.org", dns, { ip: "192.0.3.1" })).result?.result).toBe("fail");
    expect(ids(await checkSpf("v6.example.org", dns, { ip: "not-an-ip" }))).toContain("spf.invalid-ip");
  });
});
