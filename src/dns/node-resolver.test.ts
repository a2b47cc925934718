// The Node DnsClient against real DNS servers on loopback: the shared test server (test/support/dns-server.ts), and
// scripted dns2 servers in this file for what it does not send (SOA in negative answers, CNAME chains, truncation,
// FORMERR to EDNS, forged and malformed replies). The cache's clock is the `now` option: no test sleeps.
import { createSocket, type Socket } from "node:dgram";
import { getServers } from "node:dns";
import dns2 from "dns2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../test/support/dns-server.js";
import { DnsLookupError } from "../core/dns/types.js";
import { createNodeDnsClient, type NodeDnsOptions, serverList } from "./node-resolver.js";
import { encodeMessage, RR_TYPE } from "./wire.js";
import { parseServerAddress } from "./wire-transport.js";

const { Packet } = dns2;
type Answer = dns2.Packet.Resource;
const rr = (o: object): Answer => o as Answer;

let server: TestDnsServer;
beforeAll(async () => {
  const records = { TXT: ["v=spf1 -all"], MX: [{ exchange: "MX.Example.org", priority: 5 }], A: ["192.0.2.20"] };
  server = await startDnsServer({
    "example.org": {
      TXT: ["v=spf1 -all", ["v=DKIM1; p=", "MIIBIjAN"], "x".repeat(600)],
      MX: [{ exchange: "mx.example.org", priority: 10 }],
      A: ["192.0.2.10"],
    },
    "mx.example.org": { A: ["192.0.2.25"], ttl: 1 },
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.org"] },
    "broken.example.org": { servfail: true },
    "slow.example.org": { silent: true },
    "loop1.example.org": { cname: "loop2.example.org" },
    "loop2.example.org": { cname: "loop1.example.org" },
    "short.example.org": { ...records, AAAA: ["2001:0db8:0:0:0:0:0:1"], ttl: 1 },
    "long.example.org": { ...records, AAAA: ["2001:db8:0:0:1:0:0:1"], ttl: 300 },
    "zero.example.org": { ...records, ttl: 0 },
    "21.2.0.192.in-addr.arpa": { PTR: ["Short.example.org"], ttl: 1 },
    "22.2.0.192.in-addr.arpa": { PTR: ["long.example.org"], ttl: 300 },
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": { PTR: ["v6.example.org"] },
    "alias.example.org": { cname: "example.org" },
    "c1.example.org": { TXT: ["1"] },
    "c2.example.org": { TXT: ["2"] },
    "c3.example.org": { TXT: ["3"] },
  });
});
afterAll(() => server.close());

/** How many times the shared server was asked "TYPE name". */
const asked = (q: string) => server.queries.filter((x) => x === q).length;

describe("createNodeDnsClient on a loopback DNS server", () => {
  const client = () => createNodeDnsClient({ server: server.address, timeoutMs: 300, tries: 1 });

  it("answers TXT (strings of one record joined, long records over TCP), MX, A and PTR", async () => {
    const c = client();
    const txt = await c.txt("example.org");
    expect(txt.status).toBe("ok");
    expect(txt.records).toEqual(["v=spf1 -all", "v=DKIM1; p=MIIBIjAN", "x".repeat(600)]);
    expect((await c.mx("example.org")).records).toEqual([{ exchange: "mx.example.org", priority: 10 }]);
    expect((await c.a("mx.example.org")).records).toEqual(["192.0.2.25"]);
    expect((await c.ptr("192.0.2.10")).records).toEqual(["mail.example.org"]);
  });

  it("tells a missing name from a missing type, and fails a SERVFAIL or a silent server with a code, in time", async () => {
    const c = client();
    expect(await c.txt("nope.example.org")).toEqual({ status: "NXDOMAIN", records: [] });
    expect(await c.aaaa("example.org")).toEqual({ status: "NODATA", records: [] });
    await expect(c.txt("broken.example.org")).rejects.toMatchObject({ code: "SERVFAIL" });
    const t0 = Date.now();
    const err = await c.txt("slow.example.org").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsLookupError);
    expect((err as DnsLookupError).code).toBe("TIMEOUT");
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("ends on a CNAME loop with an empty answer, not a hang", async () => {
    const answer = await client().txt("loop1.example.org");
    expect(answer.records).toEqual([]);
  });

  it("caches answers: a second lookup does not reach the server", async () => {
    const c = client();
    const before = server.queries.filter((q) => q === "MX example.org").length;
    await c.mx("example.org");
    await c.mx("example.org");
    expect(server.queries.filter((q) => q === "MX example.org").length).toBe(before + 1);
  });

  it("keeps every type of answer for its own TTL: 1 s is asked again after 2 s, 300 s is not", async () => {
    let t = 1_000_000;
    const c = createNodeDnsClient({ server: server.address, timeoutMs: 500, tries: 1, now: () => t });
    const lookups = [
      ["TXT", (n: string) => c.txt(n)],
      ["MX", (n: string) => c.mx(n)],
      ["A", (n: string) => c.a(n)],
      ["AAAA", (n: string) => c.aaaa(n)],
    ] as const;
    const all = async () => {
      for (const [, ask] of lookups) for (const n of ["short.example.org", "long.example.org"]) await ask(n);
      await c.ptr("192.0.2.21");
      await c.ptr("192.0.2.22");
    };
    const counts = () => ({
      short: lookups.map(([type]) => asked(`${type} short.example.org`)),
      long: lookups.map(([type]) => asked(`${type} long.example.org`)),
      ptrShort: asked("PTR 21.2.0.192.in-addr.arpa"),
      ptrLong: asked("PTR 22.2.0.192.in-addr.arpa"),
    });
    await all();
    expect(counts()).toEqual({ short: [1, 1, 1, 1], long: [1, 1, 1, 1], ptrShort: 1, ptrLong: 1 });
    t += 500;
    await all();
    expect(counts()).toEqual({ short: [1, 1, 1, 1], long: [1, 1, 1, 1], ptrShort: 1, ptrLong: 1 });
    t += 1500;
    await all();
    expect(counts()).toEqual({ short: [2, 2, 2, 2], long: [1, 1, 1, 1], ptrShort: 2, ptrLong: 1 });
    t += 299_000;
    await all();
    expect(counts()).toEqual({ short: [3, 3, 3, 3], long: [2, 2, 2, 2], ptrShort: 3, ptrLong: 2 });
    c.close();
  });

  it("does not keep an answer with TTL 0, and shares one lookup in flight between callers", async () => {
    const c = client();
    await c.txt("zero.example.org");
    await c.txt("zero.example.org");
    expect(asked("TXT zero.example.org")).toBe(2);
    const together = await Promise.all([c.mx("zero.example.org"), c.mx("ZERO.example.org."), c.mx("zero.example.org")]);
    expect(together.map((a) => a.records)).toEqual([
      [{ exchange: "mx.example.org", priority: 5 }],
      [{ exchange: "mx.example.org", priority: 5 }],
      [{ exchange: "mx.example.org", priority: 5 }],
    ]);
    expect(asked("MX zero.example.org")).toBe(1);
  });

  it("evicts the oldest entry when the cache is full, and keeps the others", async () => {
    const c = createNodeDnsClient({ server: server.address, timeoutMs: 500, tries: 1, cacheSize: 2 });
    for (const n of ["c1", "c2", "c3"]) await c.txt(`${n}.example.org`);
    await c.txt("c3.example.org");
    await c.txt("c2.example.org");
    expect([1, 2, 3].map((i) => asked(`TXT c${i}.example.org`))).toEqual([1, 1, 1]);
    await c.txt("c1.example.org"); // evicted: asked again, and c2 (now the oldest) goes
    expect(asked("TXT c1.example.org")).toBe(2);
    await c.txt("c3.example.org");
    expect(asked("TXT c3.example.org")).toBe(1);
    c.close();
  });

  it("gives IPv6 as node:dns spells it, MX hosts in lowercase, IPv6 PTR, and CNAME targets", async () => {
    const c = client();
    expect((await c.aaaa("short.example.org")).records).toEqual(["2001:db8::1"]);
    expect((await c.aaaa("long.example.org")).records).toEqual(["2001:db8::1:0:0:1"]);
    expect((await c.mx("long.example.org")).records).toEqual([{ exchange: "mx.example.org", priority: 5 }]);
    expect((await c.ptr("2001:db8::1")).records).toEqual(["v6.example.org"]);
    expect(await c.cname("alias.example.org")).toEqual({ status: "ok", records: ["example.org"] });
    expect(await c.cname("example.org")).toEqual({ status: "NODATA", records: [] });
    expect(await c.cname("nope.example.org")).toEqual({ status: "NXDOMAIN", records: [] });
  });

  it("fails a name that cannot be asked, and an address that is not one, with ERROR and no query", async () => {
    const c = client();
    const before = server.queries.length;
    await expect(c.txt("a..example.org")).rejects.toMatchObject({ code: "ERROR" });
    await expect(c.txt(`${"a".repeat(64)}.example.org`)).rejects.toMatchObject({ code: "ERROR" });
    await expect(c.ptr("192.0.2.300")).rejects.toMatchObject({ code: "ERROR", query: "PTR 192.0.2.300" });
    expect(server.queries.length).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Scripted servers

interface Question {
  readonly name: string;
  readonly type: number;
  readonly edns: boolean;
  readonly via: "udp" | "tcp";
}

type Script = (q: Question, response: dns2.Packet, send: (r: dns2.Packet | Buffer) => void) => void;

interface Scripted {
  readonly address: string;
  readonly log: string[];
  close(): Promise<void>;
}

/** A dns2 server on UDP and TCP on one port; the script fills the response and sends it (or not, or several). */
async function startScripted(script: Script): Promise<Scripted> {
  const log: string[] = [];
  const handler =
    (via: "udp" | "tcp"): dns2.DnsHandler =>
    (request, send) => {
      const q = request.questions[0];
      if (q === undefined) return;
      const edns = request.additionals.some((r) => r.type === Packet.TYPE.EDNS);
      const question = { name: q.name.toLowerCase(), type: q.type, edns, via };
      log.push(`${via} ${q.type} ${question.name}${edns ? " +edns" : ""}`);
      script(question, Packet.createResponseFromRequest(request), (r) => void send(r));
    };
  const udp = dns2.createUDPServer(handler("udp"));
  const tcp = dns2.createTCPServer(handler("tcp"));
  await udp.listen(0, "127.0.0.1");
  const port = udp.address().port;
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    address: `127.0.0.1:${port}`,
    log,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

/** A UDP socket that reads queries and never answers. */
async function startSilent(): Promise<{ address: string; received: () => number; socket: Socket }> {
  let n = 0;
  const socket = createSocket("udp4");
  socket.on("message", () => {
    n++;
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  return { address: `127.0.0.1:${socket.address().port}`, received: () => n, socket };
}

/** Character-strings of 255 octets at most (RFC 1035 section 3.3). */
const chunks = (text: string) =>
  Array.from({ length: Math.ceil(text.length / 255) }, (_, i) => text.slice(i * 255, i * 255 + 255));
const base = (name: string, type: number, ttl: number) => ({ name, type, class: Packet.CLASS.IN, ttl });
const soa = (zone: string, ttl: number, minimum: number) =>
  rr({
    ...base(zone, Packet.TYPE.SOA, ttl),
    primary: `ns.${zone}`,
    admin: `hostmaster.${zone}`,
    serial: 2024010101,
    refresh: 7200,
    retry: 900,
    expiration: 1209600,
    minimum,
  });

describe("createNodeDnsClient on scripted servers", () => {
  let s: Scripted;
  let silent: Awaited<ReturnType<typeof startSilent>>;
  const big = "v=spf1 ".concat("include:a-rather-long-name.example.net ".repeat(80), "-all");
  beforeAll(async () => {
    silent = await startSilent();
    s = await startScripted((q, res, send) => {
      const n = q.name;
      if (n === "silent.example.net") return;
      if (n === "nx.example.net") {
        res.header.rcode = 3;
        res.authorities.push(soa("example.net", 3600, 30));
      } else if (n === "nodata.example.net") {
        res.authorities.push(soa("example.net", 10, 300));
      } else if (n === "nx-nosoa.example.net") {
        res.header.rcode = 3;
      } else if (n === "www.example.net") {
        // A recursive resolver's answer: the chain, then the records, and one record about another name.
        res.answers.push(rr({ ...base(n, Packet.TYPE.CNAME, 600), domain: "Edge.example.com" }));
        res.answers.push(rr({ ...base("attacker.example.org", Packet.TYPE.A, 86_400), address: "203.0.113.66" }));
        res.answers.push(rr({ ...base("edge.example.com", Packet.TYPE.CNAME, 20), domain: "host.example.com" }));
        res.answers.push(rr({ ...base("host.example.com", Packet.TYPE.A, 300), address: "192.0.2.80" }));
      } else if (n === "big.example.net") {
        if (q.via === "udp") res.header.tc = 1;
        else
          for (let i = 0; i < 3; i++)
            res.answers.push(rr({ ...base(n, Packet.TYPE.TXT, 300), data: [...chunks(big), `${i}`] }));
      } else if (n === "old.example.net") {
        if (q.edns)
          res.header.rcode = 1; // FORMERR: a server that does not know EDNS
        else res.answers.push(rr({ ...base(n, Packet.TYPE.A, 300), address: "192.0.2.44" }));
      } else if (n === "refused.example.net") {
        res.header.rcode = 5;
      } else if (n === "servfail.example.net") {
        res.header.rcode = 2;
      } else if (n === "forged.example.net") {
        // Two forgeries first (another id; another name), then the answer.
        const right = { id: res.header.id, qr: true, rd: true, ra: true };
        const question = [{ name: n, type: RR_TYPE.A, class: 1 }];
        const answer = (name: string, address: string) => [
          { name, type: RR_TYPE.A, class: 1, ttl: 60, data: { kind: "a" as const, address } },
        ];
        send(
          Buffer.from(
            encodeMessage({
              ...right,
              id: (res.header.id + 1) & 0xffff,
              questions: question,
              answers: answer(n, "203.0.113.1"),
            }),
          ),
        );
        const other = [{ name: "other.example.net", type: RR_TYPE.A, class: 1 }];
        send(
          Buffer.from(
            encodeMessage({ ...right, questions: other, answers: answer("other.example.net", "203.0.113.2") }),
          ),
        );
        send(Buffer.from(encodeMessage({ ...right, questions: question, answers: answer(n, "192.0.2.55") })));
        return;
      } else if (n === "garbled.example.net" || n === "looped.example.net") {
        const head = [res.header.id >> 8, res.header.id & 0xff, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        const qname = n.split(".").flatMap((l) => [l.length, ...Buffer.from(l)]);
        const question = [...qname, 0, 0, 16, 0, 1];
        // garbled: a record cut short; looped: an owner name that is a pointer to itself.
        const rest = n.startsWith("garbled")
          ? [0xc0, 12, 0, 16, 0, 1, 0, 0]
          : [0xc0, 12 + question.length, 0, 16, 0, 1, 0, 0, 0, 60, 0, 0];
        send(Buffer.from([...head, ...question, ...rest]));
        return;
      } else if (n === "a.example.net") {
        res.answers.push(rr({ ...base(n, Packet.TYPE.A, 300), address: "192.0.2.1" }));
      }
      send(res);
    });
  });
  afterAll(async () => {
    await s.close();
    silent.socket.close();
  });

  const make = (over: Partial<NodeDnsOptions> = {}) =>
    createNodeDnsClient({ server: s.address, timeoutMs: 500, tries: 1, ...over });
  const count = (line: string) => s.log.filter((l) => l === line).length;

  it("keeps NXDOMAIN and NODATA for the SOA's negative TTL, min(TTL, MINIMUM); 60 s (the default) without one", async () => {
    let t = 0;
    const c = make({ now: () => t, defaultTtlSeconds: 60 });
    expect(await c.txt("nx.example.net")).toEqual({ status: "NXDOMAIN", records: [] });
    expect(await c.txt("nodata.example.net")).toEqual({ status: "NODATA", records: [] });
    expect(await c.txt("nx-nosoa.example.net")).toEqual({ status: "NXDOMAIN", records: [] });
    t += 9_000;
    for (const n of ["nx", "nodata", "nx-nosoa"]) await c.txt(`${n}.example.net`);
    expect([count("udp 16 nx.example.net +edns"), count("udp 16 nodata.example.net +edns")]).toEqual([1, 1]);
    t += 2_000; // 11 s: NODATA's SOA TTL (10) has run out, NXDOMAIN's MINIMUM (30) has not
    for (const n of ["nx", "nodata", "nx-nosoa"]) await c.txt(`${n}.example.net`);
    expect([count("udp 16 nx.example.net +edns"), count("udp 16 nodata.example.net +edns")]).toEqual([1, 2]);
    t += 20_000; // 31 s
    for (const n of ["nx", "nx-nosoa"]) await c.txt(`${n}.example.net`);
    expect([count("udp 16 nx.example.net +edns"), count("udp 16 nx-nosoa.example.net +edns")]).toEqual([2, 1]);
    t += 30_000; // 61 s
    await c.txt("nx-nosoa.example.net");
    expect(count("udp 16 nx-nosoa.example.net +edns")).toBe(2);
    c.close();
  });

  it("follows a CNAME chain in the answer, ignores other names, and keeps it for the least TTL of the chain", async () => {
    let t = 0;
    const c = make({ now: () => t });
    expect(await c.a("www.example.net")).toEqual({ status: "ok", records: ["192.0.2.80"] });
    // The record about another name in that answer was not taken: the name is asked, and has nothing.
    expect(await c.a("attacker.example.org")).toEqual({ status: "NODATA", records: [] });
    expect(count("udp 1 attacker.example.org +edns")).toBe(1);
    t += 19_000;
    await c.a("www.example.net");
    expect(count("udp 1 www.example.net +edns")).toBe(1);
    t += 2_000; // past the middle link's 20 s
    await c.a("www.example.net");
    expect(count("udp 1 www.example.net +edns")).toBe(2);
    c.close();
  });

  it("asks again over TCP when the UDP reply is truncated", async () => {
    const c = make();
    const txt = await c.txt("big.example.net");
    expect(txt.records).toEqual([`${big}0`, `${big}1`, `${big}2`]);
    expect(txt.records.join("").length).toBeGreaterThan(3 * 3000);
    expect(s.log.filter((l) => l.includes("big.example.net"))).toEqual([
      "udp 16 big.example.net +edns",
      "tcp 16 big.example.net +edns",
    ]);
    c.close();
  });

  it("asks without EDNS a server that answers FORMERR to it, and remembers", async () => {
    const c = make();
    expect((await c.a("old.example.net")).records).toEqual(["192.0.2.44"]);
    expect(await c.txt("old.example.net")).toEqual({ status: "NODATA", records: [] });
    expect(s.log.filter((l) => l.includes("old.example.net"))).toEqual([
      "udp 1 old.example.net +edns",
      "udp 1 old.example.net",
      "udp 16 old.example.net",
    ]);
    c.close();
  });

  it("takes the reply with the query's id and question, not forgeries before it", async () => {
    const c = make();
    expect((await c.a("forged.example.net")).records).toEqual(["192.0.2.55"]);
    c.close();
  });

  it("fails a malformed reply with ERROR, REFUSED with REFUSED, SERVFAIL with SERVFAIL", async () => {
    const c = make();
    await expect(c.txt("garbled.example.net")).rejects.toMatchObject({
      code: "ERROR",
      message: expect.stringMatching(/malformed/),
    });
    await expect(c.txt("looped.example.net")).rejects.toMatchObject({
      code: "ERROR",
      message: expect.stringMatching(/backwards/),
    });
    await expect(c.txt("refused.example.net")).rejects.toMatchObject({ code: "REFUSED" });
    await expect(c.txt("servfail.example.net")).rejects.toMatchObject({ code: "SERVFAIL" });
    c.close();
  });

  it("asks the next server when the first is silent or fails, in order, and each round again", async () => {
    const before = silent.received();
    const c = createNodeDnsClient({ servers: [silent.address, s.address], timeoutMs: 200, tries: 1 });
    expect((await c.a("a.example.net")).records).toEqual(["192.0.2.1"]);
    expect(silent.received()).toBe(before + 1);
    c.close();
    const d = createNodeDnsClient({ servers: [s.address, silent.address], timeoutMs: 200, tries: 2 });
    const err = await d.txt("servfail.example.net").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsLookupError);
    expect((err as DnsLookupError).code).toBe("TIMEOUT"); // the last failure: the silent server, round 2
    expect(count("udp 16 servfail.example.net +edns")).toBe(1 + 2);
    expect(silent.received()).toBe(before + 3);
    d.close();
  });

  it("times out a silent name with TIMEOUT", async () => {
    const c = make({ timeoutMs: 200 });
    await expect(c.txt("silent.example.net")).rejects.toMatchObject({ code: "TIMEOUT" });
    c.close();
  });

  it("close() cancels lookups in flight and queued, and fails later ones at once", { timeout: 5_000 }, async () => {
    const c = make({ timeoutMs: 60_000, concurrency: 1 });
    const inFlight = c.txt("silent.example.net").catch((e: unknown) => e);
    const queued = c.mx("silent.example.net").catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    c.close();
    for (const e of [await inFlight, await queued]) {
      expect(e).toBeInstanceOf(DnsLookupError);
      expect((e as DnsLookupError).code).toBe("ERROR");
      expect((e as Error).message).toMatch(/closed/);
    }
    await expect(c.a("a.example.net")).rejects.toMatchObject({ code: "ERROR" });
  });
});

describe("servers", () => {
  it.each([
    { text: "192.0.2.53", want: { host: "192.0.2.53", port: 53, family: 4 } },
    { text: "192.0.2.53:5353", want: { host: "192.0.2.53", port: 5353, family: 4 } },
    { text: "2001:db8::53", want: { host: "2001:db8::53", port: 53, family: 6 } },
    { text: "[2001:db8::53]:5353", want: { host: "2001:db8::53", port: 5353, family: 6 } },
    { text: "[::1]", want: { host: "::1", port: 53, family: 6 } },
    { text: "dns.example.net", want: null },
    { text: "192.0.2.53:0", want: null },
    { text: "192.0.2.53:65536", want: null },
    { text: "[2001:db8::53]x", want: null },
    { text: "192.0.2.53:", want: null },
  ])("$text", ({ text, want }) => {
    expect(parseServerAddress(text)).toEqual(want);
  });

  it("are the one given, else the system's (node:dns getServers(), from /etc/resolv.conf)", () => {
    expect(serverList("192.0.2.53:5353")).toEqual(["192.0.2.53:5353"]);
    const system = getServers();
    expect(serverList()).toEqual(system.length > 0 ? system : ["127.0.0.1"]);
    expect(() => createNodeDnsClient({ server: "dns.example.net" })).toThrow(/not a DNS server address/);
  });
});
