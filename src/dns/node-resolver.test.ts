// The Node DnsClient against a real DNS server on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../test/support/dns-server.js";
import { DnsLookupError } from "../core/dns/types.js";
import { createNodeDnsClient } from "./node-resolver.js";

let server: TestDnsServer;
beforeAll(async () => {
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
  });
});
afterAll(() => server.close());

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
});
