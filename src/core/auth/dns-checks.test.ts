// MX, PTR, HELO, MTA-STS, TLS-RPT and BIMI checks against a real DNS server on loopback.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../../test/support/dns-server.js";
import { createNodeDnsClient } from "../../dns/node-resolver.js";
import {
  canonicalIp,
  checkBimi,
  checkHelo,
  checkMtaSts,
  checkMx,
  checkPtr,
  checkTlsRpt,
  looksGeneric,
  parseIPv6,
} from "./dns-checks.js";

let server: TestDnsServer;
const dns = () => createNodeDnsClient({ server: server.address, timeoutMs: 500, tries: 1 });
const ids = (fs: readonly { id: string; severity: string }[]) => fs.map((f) => `${f.id} ${f.severity}`);

beforeAll(async () => {
  server = await startDnsServer({
    // MX
    "example.org": {
      MX: [
        { exchange: "mx1.example.org", priority: 10 },
        { exchange: "mx2.example.org", priority: 20 },
      ],
      A: ["192.0.2.80"],
    },
    "mx1.example.org": { A: ["192.0.2.25"] },
    "mx2.example.org": { AAAA: ["2001:db8::25"] },
    "workspace.example.org": { MX: [{ exchange: "aspmx.l.google.com", priority: 1 }] },
    "aspmx.l.google.com": { A: ["192.0.2.30"] },
    "nullmx.example.org": { MX: [{ exchange: "", priority: 0 }] },
    "mixed.example.org": {
      MX: [
        { exchange: "", priority: 0 },
        { exchange: "mx1.example.org", priority: 10 },
      ],
    },
    "halfbroken.example.org": {
      MX: [
        { exchange: "mx1.example.org", priority: 10 },
        { exchange: "gone.example.org", priority: 20 },
      ],
    },
    "deadmx.example.org": { MX: [{ exchange: "gone.example.org", priority: 10 }] },
    "ipmx.example.org": { MX: [{ exchange: "192.0.2.7", priority: 10 }] },
    "aliasmx.example.org": { MX: [{ exchange: "mx.alias.example.org", priority: 10 }] },
    "mx.alias.example.org": { cname: "mx1.example.org" },
    "webonly.example.org": { A: ["192.0.2.81"] },
    "empty.example.org": { TXT: ["v=spf1 -all"] },
    "slowmx.example.org": { silent: true },
    // PTR: match, mismatch, generic, missing
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.org"] },
    "mail.example.org": { A: ["192.0.2.10"] },
    "alias.example.org": { A: ["192.0.2.10"] },
    "11.2.0.192.in-addr.arpa": { PTR: ["other.example.org"] },
    "other.example.org": { A: ["192.0.2.99"] },
    "12.2.0.192.in-addr.arpa": { PTR: ["192-0-2-12.dynamic.example.net"] },
    "192-0-2-12.dynamic.example.net": { A: ["192.0.2.12"] },
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": { PTR: ["v6.example.org"] },
    "v6.example.org": { AAAA: ["2001:0db8:0000::0001"] },
    // MTA-STS, TLS-RPT, BIMI
    "_mta-sts.example.org": { TXT: ["v=STSv1; id=20240101T000000;", "unrelated text"] },
    "_mta-sts.bad.example.org": { TXT: ["v=STSv1; id=not-valid!"] },
    "_mta-sts.twice.example.org": { TXT: ["v=STSv1; id=a1", "v=STSv1; id=b2"] },
    "_smtp._tls.example.org": { TXT: ["v=TLSRPTv1; rua=mailto:tls@example.org,https://r.example.org/tls"] },
    "_smtp._tls.bad.example.org": { TXT: ["v=TLSRPTv1; rua=ftp://example.org/x"] },
    "default._bimi.example.org": {
      TXT: ["v=BIMI1; l=https://example.org/logo.svg; a=https://example.org/vmc.pem"],
    },
    "default._bimi.bad.example.org": { TXT: ["v=BIMI1; l=http://example.org/logo.svg"] },
    "default._bimi.twice.example.org": { TXT: ["v=BIMI1; l=", "v=BIMI1; l=https://example.org/l.svg"] },
    "default._bimi.none.example.org": { TXT: ["v=BIMI1; l=; a=;"] },
  });
});
afterAll(() => server.close());

describe("checkMx", () => {
  it("flags an MX host that is an alias (CNAME) and names the target to point at", async () => {
    const r = await checkMx("aliasmx.example.org", dns());
    expect(r.hosts.map((h) => [h.exchange, h.resolves])).toEqual([["mx.alias.example.org", true]]);
    expect(ids(r.findings)).toEqual(["mx.host-cname warning"]);
    expect(r.findings[0]?.fix).toContain("mx1.example.org");
    // A plain MX host is not an alias.
    expect(ids((await checkMx("example.org", dns())).findings)).not.toContain("mx.host-cname warning");
  });

  it("lists resolvable hosts in preference order and recognises the provider", async () => {
    const r = await checkMx("example.org", dns());
    expect(r.status).toBe("ok");
    expect(r.hosts.map((h) => [h.exchange, h.priority, h.resolves, h.addresses])).toEqual([
      ["mx1.example.org", 10, true, ["192.0.2.25"]],
      ["mx2.example.org", 20, true, ["2001:db8::25"]],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.provider).toBeNull();
    expect((await checkMx("workspace.example.org", dns())).provider).toBe("google");
  });

  it("a null MX (RFC 7505) is a warning for a sender domain; mixed with other MX it is critical", async () => {
    const n = await checkMx("nullmx.example.org", dns());
    expect(n.status).toBe("null");
    expect(ids(n.findings)).toEqual(["mx.null warning"]);
    expect(ids((await checkMx("mixed.example.org", dns())).findings)).toEqual(["mx.null-mixed critical"]);
  });

  it("an unresolvable host: a warning next to a working one, critical when it is the only one", async () => {
    const half = await checkMx("halfbroken.example.org", dns());
    expect(ids(half.findings)).toEqual(["mx.host-unresolvable warning"]);
    expect(half.findings[0]?.message).toContain("gone.example.org");
    const dead = await checkMx("deadmx.example.org", dns());
    expect(ids(dead.findings)).toEqual(["mx.all-unresolvable critical"]);
    expect(dead.hosts[0]?.resolves).toBe(false);
  });

  it("an IP address as MX target, no MX, no domain, and a silent server", async () => {
    expect(ids((await checkMx("ipmx.example.org", dns())).findings)).toContain("mx.host-ip critical");
    const web = await checkMx("webonly.example.org", dns());
    expect([web.status, ...ids(web.findings)]).toEqual(["implicit", "mx.none-implicit warning"]);
    const none = await checkMx("empty.example.org", dns());
    expect([none.status, ...ids(none.findings)]).toEqual(["none", "mx.none critical"]);
    const nx = await checkMx("nxdomain.example.org", dns());
    expect([nx.status, ...ids(nx.findings)]).toEqual(["nxdomain", "mx.domain-missing critical"]);
    const slow = await checkMx("slowmx.example.org", dns());
    expect([slow.status, ...ids(slow.findings)]).toEqual(["unknown", "mx.lookup-failed warning"]);
  });
});

describe("checkPtr", () => {
  it("forward-confirmed reverse DNS passes; a mismatch, a generic name and a missing PTR are flagged", async () => {
    const r = await checkPtr(["192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "2001:db8::1", "nope"], dns());
    const by = (ip: string) => r.results.find((x) => x.ip === ip);
    expect(by("192.0.2.10")).toMatchObject({ names: ["mail.example.org"], confirmed: ["mail.example.org"] });
    expect(by("192.0.2.11")).toMatchObject({ names: ["other.example.org"], confirmed: [] });
    expect(by("192.0.2.12")).toMatchObject({ generic: true, confirmed: ["192-0-2-12.dynamic.example.net"] });
    expect(by("192.0.2.13")).toMatchObject({ names: [], checked: true });
    expect(by("2001:db8::1")).toMatchObject({ confirmed: ["v6.example.org"] });
    expect(ids(r.findings).sort()).toEqual([
      "ptr.generic warning",
      "ptr.invalid-ip warning",
      "ptr.missing critical",
      "ptr.not-confirmed critical",
    ]);
    expect(r.findings.find((f) => f.id === "ptr.not-confirmed")?.message).toContain("other.example.org");
  });

  it("generic names: the IP's digits or a dynamic-pool word, not ordinary names", () => {
    expect(looksGeneric("c-203-0-113-5.hsd1.ca.comcast.example", "203.0.113.5")).toBe(true);
    expect(looksGeneric("5.113.0.203.static.example.net", "203.0.113.5")).toBe(true);
    expect(looksGeneric("host203000113005.example.net", "203.0.113.5")).toBe(true);
    expect(looksGeneric("cb007105.example.net", "203.0.113.5")).toBe(true);
    expect(looksGeneric("adsl-pool7.example.net", "198.51.100.9")).toBe(true);
    expect(looksGeneric("mail.liverpool.example", "198.51.100.9")).toBe(false);
    expect(looksGeneric("smtp1.example.com", "198.51.100.9")).toBe(false);
  });
});

describe("checkHelo", () => {
  it("accepts a HELO name that is the PTR name and resolves to the IP", async () => {
    const r = await checkHelo("mail.example.org", ["192.0.2.10"], dns());
    expect(r).toMatchObject({ resolves: true, matchesIps: ["192.0.2.10"], matchesPtr: ["192.0.2.10"] });
    expect(r.findings).toEqual([]);
  });

  it("flags bare IPs, localhost, short names, unresolvable names and mismatches", async () => {
    const c = dns();
    expect(ids((await checkHelo("192.0.2.10", ["192.0.2.10"], c)).findings)).toEqual(["helo.bare-ip critical"]);
    expect(ids((await checkHelo("[192.0.2.10]", ["192.0.2.10"], c)).findings)).toEqual([
      "helo.address-literal warning",
    ]);
    expect(ids((await checkHelo("localhost", [], c)).findings)).toEqual(["helo.localhost critical"]);
    expect(ids((await checkHelo("localhost.localdomain", [], c)).findings)).toEqual(["helo.localhost critical"]);
    expect(ids((await checkHelo("mailserver", [], c)).findings)).toEqual(["helo.not-fqdn critical"]);
    expect(ids((await checkHelo("nohost.example.org", ["192.0.2.10"], c)).findings)).toEqual([
      "helo.unresolvable warning",
    ]);
    const wrong = await checkHelo("other.example.org", ["192.0.2.10"], c);
    expect(ids(wrong.findings)).toEqual(["helo.ip-mismatch warning"]);
    expect(wrong.findings[0]?.message).toContain("192.0.2.99");
    // Resolves to the IP but is not its PTR name: only info.
    const alias = await checkHelo("alias.example.org", ["192.0.2.10"], c);
    expect(ids(alias.findings)).toEqual(["helo.ptr-mismatch info"]);
    expect(alias.findings[0]?.message).toContain("mail.example.org");
    const v6 = await checkHelo("v6.example.org", ["2001:db8::1"], c);
    expect(v6.findings).toEqual([]);
  });
});

describe("MTA-STS, TLS-RPT and BIMI records", () => {
  it("MTA-STS: found (policy not fetched), invalid id, two records, missing", async () => {
    const ok = await checkMtaSts("example.org", dns());
    expect(ok).toMatchObject({ valid: true, id: "20240101T000000" });
    expect(ids(ok.findings)).toEqual(["mta-sts.found info"]);
    expect(ok.findings[0]?.why).toContain("https://mta-sts.example.org/.well-known/mta-sts.txt");
    expect(ids((await checkMtaSts("bad.example.org", dns())).findings)).toEqual(["mta-sts.syntax warning"]);
    expect(ids((await checkMtaSts("twice.example.org", dns())).findings)).toEqual(["mta-sts.multiple warning"]);
    expect(ids((await checkMtaSts("none.example.org", dns())).findings)).toEqual(["mta-sts.missing info"]);
  });

  it("TLS-RPT: valid with two addresses, a bad scheme, missing", async () => {
    const ok = await checkTlsRpt("example.org", dns());
    expect(ok).toMatchObject({ valid: true, rua: ["mailto:tls@example.org", "https://r.example.org/tls"] });
    expect(ok.findings).toEqual([]);
    expect(ids((await checkTlsRpt("bad.example.org", dns())).findings)).toEqual(["tls-rpt.syntax warning"]);
    expect(ids((await checkTlsRpt("none.example.org", dns())).findings)).toEqual(["tls-rpt.missing info"]);
  });

  it("BIMI: with a certificate, over http without one, declined, two records, missing", async () => {
    const ok = await checkBimi("example.org", dns());
    expect(ok).toMatchObject({ valid: true, logo: "https://example.org/logo.svg" });
    expect(ok.findings).toEqual([]);
    expect(ids((await checkBimi("bad.example.org", dns())).findings)).toEqual([
      "bimi.not-https warning",
      "bimi.no-certificate info",
    ]);
    expect(ids((await checkBimi("none.example.org", dns())).findings)).toEqual(["bimi.declined info"]);
    expect(ids((await checkBimi("twice.example.org", dns())).findings)).toEqual(["bimi.multiple warning"]);
    expect(ids((await checkBimi("nothing.example.org", dns())).findings)).toEqual(["bimi.missing info"]);
  });
});

describe("IP parsing", () => {
  it("canonical forms compare IPv6 spellings; garbage is not an IP and never throws", () => {
    expect(canonicalIp("2001:db8::1")).toBe(canonicalIp("2001:0DB8:0:0:0:0:0:1"));
    expect(canonicalIp("::ffff:192.0.2.1")).toBe("0000:0000:0000:0000:0000:ffff:c000:0201");
    expect(canonicalIp("192.0.2.256")).toBeNull();
    expect(parseIPv6("1::2::3")).toBeNull();
    expect(parseIPv6("1:2:3:4:5:6:7:8:9")).toBeNull();
    fc.assert(fc.property(fc.string(), (s) => canonicalIp(s) === null || typeof canonicalIp(s) === "string"));
  });
});
