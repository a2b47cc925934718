// DNS blocklist lookups against a real DNS server on loopback that serves local copies of the list zones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../../test/support/dns-server.js";
import { createNodeDnsClient } from "../../dns/node-resolver.js";
import { DNSBL_LISTS, type DnsblList } from "../../knowledge/dnsbl-lists.js";
import { checkBlocklists, decodeDnsblAnswer, dnsblQueryName } from "./blocklists.js";

let server: TestDnsServer;
const dns = () => createNodeDnsClient({ server: server.address, timeoutMs: 500, tries: 1 });
const list = (id: string): DnsblList => {
  const l = DNSBL_LISTS.find((x) => x.id === id);
  if (l === undefined) throw new Error(id);
  return l;
};
const SILENT: DnsblList = {
  id: "silent",
  name: "Silent list",
  zone: "silent.bl.example",
  kind: "ip",
  ipv6: false,
  answers: [],
  errors: [],
  delist: "https://bl.example/delist",
  why: "a test list that never answers",
  source: "test",
};

beforeAll(async () => {
  server = await startDnsServer({
    "2.2.0.192.zen.spamhaus.org": { A: ["127.0.0.2"] },
    "4.2.0.192.zen.spamhaus.org": { A: ["127.255.255.254"] },
    "5.2.0.192.zen.spamhaus.org": { A: ["127.0.0.10"] },
    "6.2.0.192.zen.spamhaus.org": { A: ["192.0.2.200"] }, // a resolver that rewrites NXDOMAIN
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org": { A: ["127.0.0.3"] },
    "2.2.0.192.bl.mailspike.net": { A: ["127.0.0.13"] },
    "2.2.0.192.silent.bl.example": { silent: true },
    "3.2.0.192.silent.bl.example": { silent: true },
    "bad.example.dbl.spamhaus.org": { A: ["127.0.1.2"] },
    "bad.example.multi.uribl.com": { A: ["127.0.0.6"] },
    "refused.example.multi.uribl.com": { A: ["127.0.0.1"] },
    "bad.example.multi.surbl.org": { A: ["127.0.0.80"] },
  });
});
afterAll(() => server.close());

describe("checkBlocklists", () => {
  it("listed, not listed, an error answer (unknown, not listed) and a silent list (unknown, in time)", async () => {
    const t0 = Date.now();
    const r = await checkBlocklists({ ips: ["192.0.2.2", "192.0.2.3", "192.0.2.4"] }, dns(), {
      lists: [list("spamhaus-zen"), SILENT],
    });
    expect(Date.now() - t0).toBeLessThan(3000);
    const at = (l: string, ip: string) => r.results.find((x) => x.list === l && x.target === ip);
    expect(at("spamhaus-zen", "192.0.2.2")).toMatchObject({
      query: "2.2.0.192.zen.spamhaus.org",
      listed: true,
      answer: "127.0.0.2",
      level: "listed",
    });
    expect(at("spamhaus-zen", "192.0.2.2")?.meaning).toContain("SBL");
    expect(at("spamhaus-zen", "192.0.2.3")).toMatchObject({ listed: false, answer: null, meaning: null });
    expect(at("spamhaus-zen", "192.0.2.4")).toMatchObject({ listed: null, answer: "127.255.255.254" });
    expect(at("spamhaus-zen", "192.0.2.4")?.meaning).toContain("public or open resolver");
    expect(at("silent", "192.0.2.2")).toMatchObject({ listed: null, answer: null });
    expect(at("silent", "192.0.2.2")?.meaning).toContain("TIMEOUT");
    expect(at("silent", "192.0.2.3")?.listed).toBeNull();
    const f = r.findings.map((x) => `${x.id} ${x.severity}`);
    expect(f.filter((x) => x === "blocklist.listed critical")).toHaveLength(1);
    expect(f.filter((x) => x === "blocklist.unknown info")).toHaveLength(3); // the error answer and two silent names
    const listed = r.findings.find((x) => x.id === "blocklist.listed");
    expect(listed?.message).toContain("192.0.2.2 is listed on Spamhaus ZEN (127.0.0.2");
    expect(listed?.why).toContain("Spamhaus ZEN");
    expect(listed?.fix).toContain("https://check.spamhaus.org/");
  });

  it("PBL is a minor listing; an answer outside 127/8 is unknown; IPv6 uses nibbles where the list serves it", async () => {
    const r = await checkBlocklists({ ips: ["192.0.2.5", "192.0.2.6", "2001:db8::1"] }, dns(), {
      lists: [list("spamhaus-zen"), list("spamcop")],
    });
    const at = (l: string, ip: string) => r.results.find((x) => x.list === l && x.target === ip);
    expect(at("spamhaus-zen", "192.0.2.5")).toMatchObject({ listed: true, level: "minor" });
    expect(at("spamhaus-zen", "192.0.2.6")).toMatchObject({ listed: null, answer: "192.0.2.200" });
    expect(at("spamhaus-zen", "2001:db8::1")).toMatchObject({ listed: true, answer: "127.0.0.3" });
    expect(at("spamcop", "2001:db8::1")).toBeUndefined(); // SpamCop serves IPv4 only
    expect(r.findings.map((x) => x.id).sort()).toEqual([
      "blocklist.listed",
      "blocklist.listed-minor",
      "blocklist.unknown",
    ]);
  });

  it("domain lists: DBL codes, URIBL and SURBL bitmasks, URIBL's refused answer", async () => {
    const bad = await checkBlocklists({ domain: "Bad.Example." }, dns());
    const at = (l: string) => bad.results.find((x) => x.list === l);
    expect(at("spamhaus-dbl")).toMatchObject({ listed: true, answer: "127.0.1.2", target: "bad.example" });
    expect(at("uribl")).toMatchObject({ listed: true, level: "listed" });
    expect(at("uribl")?.meaning).toMatch(/black.*grey/);
    expect(at("surbl")?.meaning).toMatch(/MW.*ABUSE/);
    expect(bad.results.filter((x) => x.listed === true)).toHaveLength(3);
    expect(bad.results.every((x) => list(x.list).kind === "domain")).toBe(true);
    const refused = await checkBlocklists({ domain: "refused.example" }, dns(), { lists: [list("uribl")] });
    expect(refused.results[0]).toMatchObject({ listed: null, answer: "127.0.0.1" });
    expect(refused.findings.map((x) => x.id)).toEqual(["blocklist.unknown"]);
  });

  it("Mailspike reputation answers are information, not listings; every default list is queried", async () => {
    const r = await checkBlocklists({ ips: ["192.0.2.2"], domain: "clean.example" }, dns());
    const ms = r.results.find((x) => x.list === "mailspike");
    expect(ms).toMatchObject({ listed: false, answer: "127.0.0.13", level: "reputation" });
    expect(r.findings.find((x) => x.id === "blocklist.reputation")?.message).toContain("L2");
    expect(r.results.map((x) => x.list).sort()).toEqual(DNSBL_LISTS.map((l) => l.id).sort());
    expect(server.queries).toContain("A 2.2.0.192.b.barracudacentral.org");
    expect(server.queries).toContain("A clean.example.multi.surbl.org");
  });
});

describe("DNSBL data and decoding", () => {
  it("query names: reversed IPv4 octets, IPv6 nibbles only where served, invalid IPs skipped", () => {
    expect(dnsblQueryName("198.51.100.7", list("spamcop"))).toBe("7.100.51.198.bl.spamcop.net");
    expect(dnsblQueryName("2001:db8::1", list("spamcop"))).toBeNull();
    expect(dnsblQueryName("not-an-ip", list("spamhaus-zen"))).toBeNull();
  });

  it("error codes of every list decode as errors, never as listings", () => {
    for (const l of DNSBL_LISTS) {
      for (const e of l.errors) expect(decodeDnsblAnswer(e.code, l).kind).toBe("error");
      for (const a of l.answers) expect(decodeDnsblAnswer(a.code, l).level).toBe(a.level);
      expect(l.source.startsWith("https://")).toBe(true);
      expect(l.delist.startsWith("https://")).toBe(true);
    }
    expect(decodeDnsblAnswer("127.0.0.99", list("spamcop"))).toMatchObject({ kind: "level", level: "listed" });
  });
});
