// POST /api/dmarc and GET /api/dmarc/report against the real server on a loopback port, a real SQLite file, and a
// real DNS server on loopback for the reverse DNS of the sources.
import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmarcPlugin } from "../../src/server/dmarc-routes.js";
import { startDnsServer, type TestDnsServer } from "../support/dns-server.js";
import { startTestServer, type TestServer } from "./support.js";

/** The parts of the dmarc document these tests read. */
interface Doc {
  reports: number;
  messages: number;
  alignedShare: number;
  duplicates: number;
  sources: { ip: string; ptr: string | null; classification: string }[];
  recommendation: { record: string };
  problems: { file?: string; fatal?: boolean; code: string }[];
}
const doc = async (r: Response) => (await r.json()) as Doc;

let dns: TestDnsServer;
let t: TestServer;

beforeAll(async () => {
  dns = await startDnsServer({
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.com"] },
    "mail.example.com": { A: ["192.0.2.10"] },
    "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:agg@example.com"] },
  });
  t = await startTestServer({ plugins: [dmarcPlugin], resolver: dns.address, limits: { uploadLimit: 200_000 } });
});
afterAll(async () => {
  await t.close();
  await dns.close();
});

const T0 = Date.UTC(2026, 9, 1) / 1000;

function report(id: string, day: number, ip: string, count: number, pass: boolean): string {
  const r = pass ? "pass" : "fail";
  return `<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>receiver.example.net</org_name><email>d@receiver.example.net</email>
    <report_id>${id}</report_id><date_range><begin>${T0 + day * 86400}</begin><end>${T0 + (day + 1) * 86400 - 1}</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record>
    <row><source_ip>${ip}</source_ip><count>${count}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${r}</dkim><spf>${r}</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><result>${r}</result></dkim><spf><domain>example.com</domain><result>${r}</result></spf></auth_results>
  </record>
</feedback>`;
}

describe("POST /api/dmarc", () => {
  it("reads a raw .xml.gz upload, stores it, and answers the dmarc document with reverse DNS", async () => {
    const res = await fetch(`${t.base}/api/dmarc?name=r1.xml.gz`, {
      method: "POST",
      headers: { "content-type": "application/gzip" },
      body: gzipSync(report("r-1", 0, "192.0.2.10", 50, true)),
    });
    expect(res.status).toBe(200);
    const j = await doc(res);
    expect(j).toMatchObject({ reports: 1, messages: 50, alignedShare: 1, duplicates: 0 });
    expect(j.sources[0]).toMatchObject({ ip: "192.0.2.10", ptr: "mail.example.com", classification: "own" });
    expect(j.recommendation.record).toContain("rua=mailto:agg@example.com");
  });

  it("reads several files as multipart, names broken ones as uploaded, and adds no duplicate", async () => {
    const form = new FormData();
    form.append("file", new Blob([report("r-1", 0, "192.0.2.10", 50, true)]), "again.xml");
    form.append(
      "file",
      new Blob([zipSync({ "inner.xml": new TextEncoder().encode(report("r-2", 1, "203.0.113.9", 7, false)) })]),
      "two.zip",
    );
    form.append("file", new Blob(["<feedback><report_metadata>"]), "broken.xml");
    const res = await fetch(`${t.base}/api/dmarc?dns=false`, { method: "POST", body: form });
    expect(res.status).toBe(200);
    const j = await doc(res);
    expect(j).toMatchObject({ reports: 2, messages: 57, duplicates: 1 });
    expect(j.sources.map((s) => s.ip).sort()).toEqual(["192.0.2.10", "203.0.113.9"]);
    const broken = j.problems.filter((p) => p.file === "broken.xml");
    expect(broken.some((p) => p.fatal === true)).toBe(true);
    expect(JSON.stringify(j.problems)).not.toContain("bouncewise-dmarc-");
  });

  it("answers 413 as JSON for an upload over the limit, and 400 for an empty one", async () => {
    const big = await fetch(`${t.base}/api/dmarc?name=big.xml`, { method: "POST", body: "x".repeat(300_000) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("too_large");
    const empty = await fetch(`${t.base}/api/dmarc`, { method: "POST", body: "" });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe("empty_body");
  });
});

describe("GET /api/dmarc/report", () => {
  it("analyses the stored reports by period", async () => {
    const all = await doc(await fetch(`${t.base}/api/dmarc/report?dns=false`));
    expect(all).toMatchObject({ reports: 2, messages: 57 });
    const later = await doc(await fetch(`${t.base}/api/dmarc/report?dns=false&since=2026-10-02`));
    expect(later).toMatchObject({ reports: 1, messages: 7 });
    const bad = await fetch(`${t.base}/api/dmarc/report?since=yesterday-ish`);
    expect(bad.status).toBe(400);
  });

  it("is listed in the OpenAPI document", async () => {
    const api = (await (await fetch(`${t.base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(api.paths)).toEqual(expect.arrayContaining(["/api/dmarc", "/api/dmarc/report"]));
  });
});
