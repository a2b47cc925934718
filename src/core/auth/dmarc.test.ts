// The DMARC check against a real DNS server on loopback (test/support/dns-server.ts).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../../test/support/dns-server.js";
import { createNodeDnsClient } from "../../dns/node-resolver.js";
import { DMARC_FINDINGS } from "../../knowledge/check-findings/dmarc.js";
import { checkDmarc, type DmarcReport, orgDomainOf, parseDmarc } from "./dmarc.js";

const BIG = `v=DMARC1; p=reject; rua=mailto:d@big.example; x=${"a".repeat(10_000)}`;

let server: TestDnsServer;
beforeAll(async () => {
  server = await startDnsServer({
    // A good record.
    "example.com": { A: ["192.0.2.1"] },
    "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@example.com"] },
    // No record anywhere.
    "missing.example": { A: ["192.0.2.2"] },
    // p=none without rua; pct=50; two records; lowercase version.
    "_dmarc.monitor.example": { TXT: ["v=DMARC1; p=none", "google-site-verification=abc"] },
    "_dmarc.partial.example": { TXT: ["v=DMARC1; p=quarantine; pct=50; rua=mailto:d@partial.example"] },
    "_dmarc.twice.example": { TXT: ["v=DMARC1; p=reject", "v=DMARC1; p=none"] },
    "_dmarc.lower.example": { TXT: ["v=dmarc1; p=reject"] },
    // Invalid tags and values.
    "_dmarc.broken-tags.example": {
      TXT: [
        "v=DMARC1; p=block; adkim=x; pct=150; fo=2; rua=https://example.com/r, mailto:bad; foo=bar; p=none; ruf=mailto:f@broken-tags.example!10q",
      ],
    },
    // Weaker sp, strict alignment, test mode.
    "_dmarc.strict.example": {
      TXT: ["v=DMARC1; p=reject; sp=none; adkim=s; aspf=s; t=y; rua=mailto:d@strict.example"],
    },
    // Reports to other organisations: one authorised, one not.
    "_dmarc.ext.example": {
      TXT: ["v=DMARC1; p=reject; rua=mailto:agg@reports.example.org,mailto:x@collector.example.com!10m"],
    },
    "ext.example._report._dmarc.reports.example.org": { TXT: ["v=DMARC1;"] },
    // Subdomains falling back to the organisational record: sp for a name that exists, np for one that does not.
    "example.org": { A: ["192.0.2.3"] },
    "shop.example.org": { A: ["192.0.2.4"] },
    "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject; sp=quarantine; np=none; rua=mailto:d@example.org"] },
    // A private suffix that says so with psd=y: the tree walk and the public suffix list disagree.
    "_dmarc.example.net": { TXT: ["v=DMARC1; p=reject; psd=y"] },
    "customer.example.net": { A: ["192.0.2.5"] },
    "shop.customer.example.net": { A: ["192.0.2.6"] },
    "_dmarc.customer.example.net": { TXT: ["v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@customer.example.net"] },
    "lone.example.net": { A: ["192.0.2.7"] },
    // A multi-label public suffix.
    "www.example.co.uk": { A: ["192.0.2.8"] },
    "_dmarc.example.co.uk": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:d@example.co.uk"] },
    // Failures and size.
    "_dmarc.servfail.example": { servfail: true },
    "_dmarc.silent.example": { silent: true },
    "_dmarc.big.example": { TXT: [BIG] },
    // The tree walk fails above a domain that has its own record.
    "_dmarc.sub.walkfail.example": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@walkfail.example"] },
    "_dmarc.walkfail.example": { servfail: true },
  });
});
afterAll(() => server.close());

const client = (timeoutMs = 500) => createNodeDnsClient({ server: server.address, timeoutMs, tries: 1 });
const ids = (r: DmarcReport) => r.findings.map((f) => f.id);
const byId = (r: DmarcReport, id: string) => r.findings.find((f) => f.id === id);

describe("parseDmarc", () => {
  it("reads every tag of RFC 7489 and RFC 9989", () => {
    const p = parseDmarc(
      "v=DMARC1; p=Reject; sp=quarantine; np=reject; adkim=s; aspf=r; pct=100; rua=mailto:a@example.com!10m, mailto:b@example.org; ruf=mailto:f@example.com; fo=d:s; rf=afrf; ri=3600; t=n; psd=n;",
    );
    expect(p.isDmarc).toBe(true);
    expect(p.policy).toBe("reject");
    expect(p.subdomainPolicy).toBe("quarantine");
    expect(p.nonExistentPolicy).toBe("reject");
    expect(p.adkim).toBe("s");
    expect(p.rua.map((u) => [u.address, u.host, u.maxSize])).toEqual([
      ["a@example.com", "example.com", "10m"],
      ["b@example.org", "example.org", null],
    ]);
    expect(p.fo).toEqual(["d", "s"]);
    expect(p.ri).toBe(3600);
    expect(p.psd).toBe("n");
    expect(p.issues).toEqual([]);
  });

  it("flags syntax with positions, a v that is not first, duplicates and unknown tags", () => {
    const p = parseDmarc("v=DMARC1; p=none; junk; v=DMARC1; p=reject; zz=1");
    expect(p.issues.map((i) => [i.id, i.position])).toEqual([
      ["dmarc.syntax", 18],
      ["dmarc.syntax", 24],
      ["dmarc.duplicate-tag", 34],
      ["dmarc.unknown-tag", 44],
    ]);
    expect(p.tags).toEqual({ v: "DMARC1", p: "none", zz: "1" });
    expect(p.unknownTags).toEqual(["zz"]);
    expect(p.issues[0]?.message).toContain('"junk"');
  });

  it("does not take a record that does not begin with v=DMARC1 exactly", () => {
    expect(parseDmarc("p=reject; v=DMARC1").isDmarc).toBe(false);
    expect(parseDmarc("v=DMARC2; p=reject").issues[0]?.id).toBe("dmarc.not-dmarc");
    expect(parseDmarc("v = DMARC1 ; p = reject").policy).toBe("reject");
    expect(parseDmarc("; v=DMARC1; p=reject").isDmarc).toBe(false);
    expect(parseDmarc("v=DMARC1;; p=reject;").issues).toEqual([]);
  });

  it("validates values: t, psd, ri, rf and the URIs", () => {
    const p = parseDmarc("v=DMARC1; p=none; t=maybe; psd=x; ri=soon; rf=iodef; rua=mailto:a@b!big,,ftp://x");
    expect(p.issues.map((i) => `${i.id}:${i.tag}`)).toEqual([
      "dmarc.invalid-uri:rua",
      "dmarc.invalid-uri:rua",
      "dmarc.invalid-uri:rua",
      "dmarc.invalid-value:rf",
      "dmarc.invalid-value:ri",
      "dmarc.invalid-value:t",
      "dmarc.invalid-value:psd",
    ]);
    expect(p.testing).toBe(false);
    expect(p.psd).toBe("u");
  });

  it("never throws, whatever the input (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        parseDmarc(s);
      }),
      { numRuns: 2000 },
    );
    const part = fc.oneof(
      fc.constantFrom("v=DMARC1", "p=reject", "sp=", "rua=mailto:", "!", ",", "=", " ", "@", "fo=1:", "psd=y", "\t"),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 20 }), (parts) => {
        const p = parseDmarc(parts.join(";"));
        expect(Array.isArray(p.issues)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("orgDomainOf", () => {
  it("gives the same answer both ways for an ordinary name and a multi-label public suffix", async () => {
    const dns = client();
    expect((await orgDomainOf("www.example.co.uk", dns, "psl")).orgDomain).toBe("example.co.uk");
    expect((await orgDomainOf("www.example.co.uk", dns, "tree-walk")).orgDomain).toBe("example.co.uk");
    expect((await orgDomainOf("mail.example.com", dns, "tree-walk")).orgDomain).toBe("example.com");
    expect((await orgDomainOf("not a domain", dns, "tree-walk")).queried).toEqual([]);
  });

  it("differs when a private suffix publishes psd=y", async () => {
    const dns = client();
    const psl = await orgDomainOf("shop.customer.example.net", dns, "psl");
    const walk = await orgDomainOf("shop.customer.example.net", dns, "tree-walk");
    expect(psl).toMatchObject({ method: "psl", orgDomain: "example.net" });
    expect(walk).toMatchObject({ method: "tree-walk", orgDomain: "customer.example.net", psdDomain: "example.net" });
    // The walk stops at the psd=y record and does not ask _dmarc.net.
    expect(walk.queried).toEqual([
      "_dmarc.shop.customer.example.net",
      "_dmarc.customer.example.net",
      "_dmarc.example.net",
    ]);
    const lone = await orgDomainOf("lone.example.net", dns, "tree-walk");
    expect(lone.orgDomain).toBe("lone.example.net");
  });

  it("asks at most 8 names, skipping the middle labels of a long name", async () => {
    const walk = await orgDomainOf("a.b.c.d.e.f.g.h.i.example.com", client(), "tree-walk");
    expect(walk.queried).toEqual([
      "_dmarc.a.b.c.d.e.f.g.h.i.example.com",
      "_dmarc.e.f.g.h.i.example.com",
      "_dmarc.f.g.h.i.example.com",
      "_dmarc.g.h.i.example.com",
      "_dmarc.h.i.example.com",
      "_dmarc.i.example.com",
      "_dmarc.example.com",
      "_dmarc.com",
    ]);
    expect(walk.orgDomain).toBe("example.com");
  });
});

describe("checkDmarc on a loopback DNS server", () => {
  it("passes a good record with nothing to fix", async () => {
    const r = await checkDmarc("Example.COM.", client());
    expect(r).toMatchObject({
      domain: "example.com",
      record: "v=DMARC1; p=reject; rua=mailto:dmarc@example.com",
      recordDomain: "example.com",
      orgDomain: "example.com",
      orgMethod: "tree-walk",
      policy: "reject",
      tags: { v: "DMARC1", p: "reject", rua: "mailto:dmarc@example.com" },
      suggestedRecord: null,
    });
    expect(r.findings).toEqual([]);
  });

  it("reports a missing record as critical, with a starting record", async () => {
    const r = await checkDmarc("missing.example", client());
    expect(r.record).toBeNull();
    expect(r.policy).toBeNull();
    expect(ids(r)).toEqual(["dmarc.missing"]);
    expect(byId(r, "dmarc.missing")?.severity).toBe("critical");
    expect(byId(r, "dmarc.missing")?.why).toContain("Gmail");
    expect(byId(r, "dmarc.missing")?.message).toBe(
      "No DMARC record applies to missing.example (looked up _dmarc.missing.example).",
    );
    expect(r.suggestedRecord).toBe("v=DMARC1; p=none; rua=mailto:dmarc-reports@missing.example");
  });

  it("warns about p=none and a missing rua, and suggests adding rua", async () => {
    const r = await checkDmarc("monitor.example", client());
    expect(r.policy).toBe("none");
    expect(ids(r)).toEqual(["dmarc.policy-none", "dmarc.no-rua"]);
    expect(byId(r, "dmarc.policy-none")?.message).toContain(
      "monitoring only; move to quarantine/reject once aggregate reports show your sources aligned",
    );
    expect(r.suggestedRecord).toBe("v=DMARC1; p=none; rua=mailto:dmarc-reports@monitor.example");
  });

  it("warns about pct below 100", async () => {
    const r = await checkDmarc("partial.example", client());
    expect(r.policy).toBe("quarantine");
    expect(byId(r, "dmarc.pct-partial")?.message).toBe(
      "pct=50: the quarantine policy is requested for only 50% of failing mail.",
    );
  });

  it("treats two records as none", async () => {
    const r = await checkDmarc("twice.example", client());
    expect(r.record).toBeNull();
    expect(r.policy).toBeNull();
    expect(ids(r)).toEqual(["dmarc.multiple-records"]);
    expect(byId(r, "dmarc.multiple-records")?.severity).toBe("critical");
  });

  it("ignores a record whose version is not exactly DMARC1", async () => {
    const r = await checkDmarc("lower.example", client());
    expect(r.record).toBeNull();
    expect(ids(r)).toEqual(["dmarc.not-dmarc"]);
  });

  it("reports invalid tags and values, and suggests a corrected record", async () => {
    const r = await checkDmarc("broken-tags.example", client());
    expect(r.policy).toBeNull(); // invalid p and no valid rua: receivers skip the record
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        "dmarc.invalid-policy",
        "dmarc.invalid-value",
        "dmarc.invalid-uri",
        "dmarc.unknown-tag",
        "dmarc.duplicate-tag",
        "dmarc.fo-without-ruf",
      ]),
    );
    expect(byId(r, "dmarc.invalid-policy")?.severity).toBe("critical");
    const values = r.findings.filter((f) => f.id === "dmarc.invalid-value").map((f) => f.message);
    expect(values).toEqual([
      'adkim="x" is not valid (r or s); receivers use the default, r (relaxed).',
      'pct="150" is not valid (a whole number from 0 to 100); receivers use the default, 100.',
      'fo="2" is not valid (0, 1, d or s, several joined by colons); receivers use the default, 0.',
    ]);
    expect(r.findings.filter((f) => f.id === "dmarc.invalid-uri")).toHaveLength(3);
    expect(r.suggestedRecord).toBe("v=DMARC1; p=none; rua=mailto:dmarc-reports@broken-tags.example");
  });

  it("notes a weaker sp, strict alignment and test mode", async () => {
    const r = await checkDmarc("strict.example", client());
    expect(ids(r)).toEqual(["dmarc.subdomain-weaker", "dmarc.strict-alignment", "dmarc.testing"]);
    expect(r.findings.every((f) => f.severity === "info")).toBe(true);
  });

  it("checks that an external report destination has authorised the reports", async () => {
    const r = await checkDmarc("ext.example", client());
    const dropped = r.findings.filter((f) => f.id === "dmarc.external-unauthorised");
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.message).toContain("Reports to x@collector.example.com will be dropped");
    expect(dropped[0]?.message).toContain("ext.example._report._dmarc.collector.example.com");
    expect(server.queries).toContain("TXT ext.example._report._dmarc.reports.example.org");
  });

  it("falls back to the organisational record: sp for an existing subdomain, np for a missing one", async () => {
    const shop = await checkDmarc("shop.example.org", client());
    expect(shop).toMatchObject({ recordDomain: "example.org", orgDomain: "example.org", policy: "quarantine" });
    expect(byId(shop, "dmarc.inherited")?.message).toContain("its sp gives quarantine");
    const ghost = await checkDmarc("ghost.example.org", client());
    expect(ghost).toMatchObject({ recordDomain: "example.org", policy: "none" });
    expect(byId(ghost, "dmarc.inherited")?.message).toContain("its np gives none");
    const own = await checkDmarc("example.org", client());
    expect(own.policy).toBe("reject");
    expect(ids(own)).toContain("dmarc.np-weaker");
  });

  it("uses the tree walk's organisational domain, and the psl's when asked", async () => {
    const walk = await checkDmarc("shop.customer.example.net", client());
    expect(walk).toMatchObject({
      orgDomain: "customer.example.net",
      recordDomain: "customer.example.net",
      policy: "reject",
    });
    expect(byId(walk, "dmarc.org-method-differs")?.message).toContain(
      "customer.example.net by the DMARCbis DNS tree walk but example.net by the public suffix list",
    );
    const psl = await checkDmarc("shop.customer.example.net", client(), { orgMethod: "psl" });
    expect(psl).toMatchObject({
      orgMethod: "psl",
      orgDomain: "example.net",
      recordDomain: "example.net",
      policy: "reject",
    });
    // No record of its own and no organisational record: the public suffix domain's psd=y record applies.
    const lone = await checkDmarc("lone.example.net", client());
    expect(lone).toMatchObject({ orgDomain: "lone.example.net", recordDomain: "example.net", policy: "reject" });
  });

  it("handles a multi-label public suffix", async () => {
    const r = await checkDmarc("www.example.co.uk", client());
    expect(r).toMatchObject({ orgDomain: "example.co.uk", recordDomain: "example.co.uk", policy: "quarantine" });
    expect(ids(r)).not.toContain("dmarc.org-method-differs");
  });

  it("reports a SERVFAIL as a failed lookup", async () => {
    const r = await checkDmarc("servfail.example", client());
    expect(r.record).toBeNull();
    expect(ids(r)).toEqual(["dmarc.lookup-failed"]);
    expect(byId(r, "dmarc.lookup-failed")?.message).toContain("SERVFAIL");
  });

  it("reports a tree walk that fails part-way once, and falls back to the public suffix list", async () => {
    const r = await checkDmarc("sub.walkfail.example", client());
    expect(r).toMatchObject({ orgMethod: "psl", orgDomain: "walkfail.example", recordDomain: "sub.walkfail.example" });
    expect(r.policy).toBe("reject");
    expect(ids(r)).toEqual(["dmarc.lookup-failed"]);
    expect(byId(r, "dmarc.lookup-failed")?.message).toContain("_dmarc.walkfail.example failed (SERVFAIL)");
  });

  it("does not hang on a silent server: the client's timeout, or the check's deadline", async () => {
    let t0 = Date.now();
    const r = await checkDmarc("silent.example", client(500));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(byId(r, "dmarc.lookup-failed")?.message).toContain("TIMEOUT");
    t0 = Date.now();
    const d = await checkDmarc("silent.example", client(10_000), { deadlineMs: 300 });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(byId(d, "dmarc.lookup-failed")?.message).toContain("TIMEOUT");
  });

  it("reads a 10 KB record (over TCP) and flags its size", async () => {
    const r = await checkDmarc("big.example", client());
    expect(r.record).toBe(BIG);
    expect(r.policy).toBe("reject");
    expect(ids(r)).toEqual(["dmarc.unknown-tag", "dmarc.large-record"]);
  });
});

describe("DMARC_FINDINGS data", () => {
  it("has unique ids, all for the dmarc check, each with a source", () => {
    const all = DMARC_FINDINGS.map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    for (const r of DMARC_FINDINGS) {
      expect(r.check).toBe("dmarc");
      expect(r.id.startsWith("dmarc.")).toBe(true);
      expect(r.source.length).toBeGreaterThan(0);
    }
  });
});
