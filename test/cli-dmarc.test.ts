// `bouncewise dmarc` through the real CLI: report files in every form (XML, .gz, .zip, an email carrying a report,
// a TLS report, a failure report), a real SQLite file, and reverse DNS and the published record from a real DNS
// server on loopback serving zones written here.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip, gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "./support/dns-server.js";

let dns: TestDnsServer;
const dir = mkdtempSync(join(tmpdir(), "bw-dmarc-cli-"));

beforeAll(async () => {
  dns = await startDnsServer({
    "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:agg@example.com; fo=1"] },
    // Our own server, an ESP sending as us without alignment, a spoofer without reverse DNS.
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.com"] },
    "mail.example.com": { A: ["192.0.2.10"] },
    "20.100.51.198.in-addr.arpa": { PTR: ["o1.ptr1234.sendgrid.net"] },
    "o1.ptr1234.sendgrid.net": { A: ["198.51.100.20"] },
  });
});
afterAll(async () => {
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), join(import.meta.dirname, "..", "src", "cli", "run.ts"), ...args],
      { env: { ...process.env, NO_COLOR: "1" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const DAY = 86_400;
const T0 = Date.UTC(2026, 9, 1) / 1000;

interface Rec {
  ip: string;
  count: number;
  dkim: "pass" | "fail";
  spf: "pass" | "fail";
  auth: string;
}

function report(org: string, id: string, day: number, records: readonly Rec[]): string {
  const rows = records
    .map(
      (r) => `
  <record>
    <row><source_ip>${r.ip}</source_ip><count>${r.count}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated>
    </row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results>${r.auth}</auth_results>
  </record>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata>
    <org_name>${org}</org_name><email>dmarc@${org}</email><report_id>${id}</report_id>
    <date_range><begin>${T0 + day * DAY}</begin><end>${T0 + (day + 1) * DAY - 1}</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>${rows}
</feedback>
`;
}

const OWN: Rec = {
  ip: "192.0.2.10",
  count: 900,
  dkim: "pass",
  spf: "pass",
  auth: "<dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><result>pass</result></spf>",
};
const ESP: Rec = {
  ip: "198.51.100.20",
  count: 80,
  dkim: "fail",
  spf: "fail",
  auth: "<dkim><domain>sendgrid.net</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>em123.sendgrid.net</domain><result>pass</result></spf>",
};
const SPOOF: Rec = {
  ip: "203.0.113.66",
  count: 20,
  dkim: "fail",
  spf: "fail",
  auth: "<spf><domain>spoof.example.net</domain><result>fail</result></spf>",
};

function mailWith(attachment: Buffer, name: string, type: string): string {
  const b64 = attachment.toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    "From: noreply-dmarc-support@receiver.example.net",
    "To: agg@example.com",
    "Subject: Report domain: example.com Submitter: receiver.example.net Report-ID: m-1",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain",
    "",
    "This is an aggregate report.",
    "--b1",
    `Content-Type: ${type}; name="${name}"`,
    "Content-Transfer-Encoding: base64",
    `Content-Disposition: attachment; filename="${name}"`,
    "",
    b64,
    "--b1--",
    "",
  ].join("\r\n");
}

const TLS = JSON.stringify({
  "organization-name": "receiver.example.net",
  "date-range": { "start-datetime": "2026-10-01T00:00:00Z", "end-datetime": "2026-10-01T23:59:59Z" },
  "contact-info": "tls@receiver.example.net",
  "report-id": "tls-1",
  policies: [
    {
      policy: {
        "policy-type": "sts",
        "policy-string": ["version: STSv1", "mode: enforce"],
        "policy-domain": "example.com",
      },
      summary: { "total-successful-session-count": 95, "total-failure-session-count": 5 },
      "failure-details": [{ "result-type": "certificate-expired", "failed-session-count": 5 }],
    },
  ],
});

describe("bouncewise dmarc", () => {
  const inputs = join(dir, "inputs");
  const db = join(dir, "dmarc.db");

  beforeAll(() => {
    mkdirSync(inputs);
    writeFileSync(join(inputs, "a.xml"), report("receiver.example.net", "r-1", 0, [OWN, ESP, SPOOF]));
    writeFileSync(join(inputs, "b.xml.gz"), gzipSync(report("receiver.example.net", "r-2", 1, [OWN, ESP])));
    writeFileSync(
      join(inputs, "c.zip"),
      Buffer.from(
        zipSync({ "other.example!example.com!1!2.xml": Buffer.from(report("other.example", "o-1", 2, [OWN])) }),
      ),
    );
    const inMail = gzipSync(report("mail.example.org", "m-1", 3, [OWN, SPOOF]));
    writeFileSync(
      join(inputs, "d.eml"),
      mailWith(inMail, "mail.example.org!example.com!1!2.xml.gz", "application/gzip"),
    );
    writeFileSync(join(inputs, "e.json"), TLS);
    writeFileSync(join(inputs, "f.xml"), "<feedback><report_metadata><org_name>broken");
  });

  it("reads every form, stores the reports, classifies the sources and recommends the next step", async () => {
    const r = await cli(["dmarc", inputs, "--db", db, "--json", "--resolver", dns.address]);
    const j = JSON.parse(r.stdout);
    // The broken file is a problem with its name; everything else is read and the exit code says something failed.
    expect(r.code).toBe(1);
    expect(j.problems.some((p: { file: string; fatal?: boolean }) => p.file.endsWith("f.xml") && p.fatal)).toBe(true);
    expect(j.reports).toBe(4);
    expect(j.messages).toBe(1000 + 980 + 900 + 920);
    const byIp = Object.fromEntries(
      j.sources.map((s: { ip: string; classification: string; ptr: string | null; baseDomain: string | null }) => [
        s.ip,
        s,
      ]),
    );
    expect(byIp["192.0.2.10"]).toMatchObject({ classification: "own", aligned: true, ptr: "mail.example.com" });
    expect(byIp["198.51.100.20"]).toMatchObject({
      classification: "service",
      aligned: false,
      baseDomain: "sendgrid.net",
    });
    expect(byIp["198.51.100.20"].fix).toMatch(/SendGrid/);
    expect(byIp["203.0.113.66"]).toMatchObject({ classification: "unknown", aligned: false, ptr: null });
    // The published record was looked up and is rewritten, keeping its rua.
    expect(j.recommendation.recordFrom === "current-record" || j.recommendation.recordFrom === "unchanged").toBe(true);
    expect(j.recommendation.record).toContain("rua=mailto:agg@example.com");
    // Four days of reports are too few to move past p=none; the ESP is still named as the source to fix, and the
    // spoofer as one to verify.
    expect(j.recommendation).toMatchObject({ policy: "none", rule: "readiness.too-few-days", days: 4 });
    const toFix = [...j.recommendation.blockers, ...j.recommendation.alsoFix].map((b: { ip: string }) => b.ip);
    expect(toFix).toEqual(["198.51.100.20"]);
    expect(j.recommendation.verify.map((b: { ip: string }) => b.ip)).toEqual(["203.0.113.66"]);
    expect(j.tls.sessions).toEqual({ successful: 95, failed: 5 });
    expect(j.tls.byFailure[0].resultType).toBe("certificate-expired");
    const store = new Database(db, { readonly: true });
    expect(store.prepare("SELECT kind, COUNT(*) AS n FROM reports GROUP BY kind ORDER BY kind").all()).toEqual([
      { kind: "aggregate", n: 4 },
      { kind: "tls", n: 1 },
    ]);
    store.close();
  }, 60_000);

  it("adds nothing when the same reports are read again, and `dmarc report` analyses the store by period", async () => {
    const again = await cli(["dmarc", inputs, "--db", db, "--json", "--no-dns"]);
    expect(JSON.parse(again.stdout).duplicates).toBe(4);
    const store = new Database(db, { readonly: true });
    expect(store.prepare("SELECT COUNT(*) FROM report_records").pluck().get()).toBe(3 + 2 + 1 + 2);
    store.close();
    const all = await cli(["dmarc", "report", "--db", db, "--json", "--no-dns"]);
    expect(all.code, all.stderr).toBe(0);
    const j = JSON.parse(all.stdout);
    expect(j.reports).toBe(4);
    expect(j.tls.reports).toBe(1);
    const since = await cli(["dmarc", "report", "--db", db, "--json", "--no-dns", "--since", "2026-10-03"]);
    const s = JSON.parse(since.stdout);
    // Only the reports of Oct 3 (c.zip) and Oct 4 (d.eml) end at or after Oct 3 00:00.
    expect(s.reports).toBe(2);
    expect(s.messages).toBe(900 + 920);
  }, 60_000);

  it("prints a readable summary for people, and a usage error without paths", async () => {
    const text = await cli(["dmarc", join(inputs, "a.xml"), "--no-store", "--no-dns"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/p=none/);
    expect(text.stdout).toMatch(/198\.51\.100\.20/);
    const none = await cli(["dmarc"]);
    expect(none.code).toBe(2);
  }, 60_000);
});

describe("bouncewise dmarc on oversized reports", () => {
  it("stops a 1 GB report compressed to about 1 MB as a compression bomb, with its name, and goes on", async () => {
    const bomb = join(dir, "bomb.xml.gz");
    const head = Buffer.from(report("receiver.example.net", "bomb-1", 0, []).replace("</feedback>", "<record>"));
    const spaces = Buffer.alloc(1 << 20, 0x20);
    await pipeline(
      (function* () {
        yield head;
        for (let i = 0; i < 1024; i++) yield spaces;
      })(),
      createGzip({ level: 9 }),
      createWriteStream(bomb),
    );
    expect(statSync(bomb).size).toBeLessThan(2 << 20);
    const good = join(dir, "good-after-bomb.xml");
    writeFileSync(good, report("receiver.example.net", "after-bomb", 0, [OWN]));
    const r = await cli(["dmarc", bomb, good, "--no-store", "--no-dns", "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: bomb, code: "compression-bomb" })]),
    );
    expect(j.messages).toBe(900);
  }, 120_000);

  it("stops a plain report over --max-size with a clear problem", async () => {
    const big = join(dir, "big.xml");
    const records = Array.from({ length: 3000 }, () => OWN);
    writeFileSync(big, report("receiver.example.net", "big-1", 0, records));
    expect(statSync(big).size).toBeGreaterThan(1 << 20);
    const r = await cli(["dmarc", big, "--no-store", "--no-dns", "--json", "--max-size", "1"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: big, code: "too-big" })]));
    const bad = await cli(["dmarc", big, "--max-size", "lots"]);
    expect(bad.code).toBe(2);
  }, 60_000);
});
