// `bouncewise check` through the real CLI against a real DNS server on loopback, serving zones written here.
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "./support/dns-server.js";

function rsaKey(bits: number): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer({
    // A domain set up well.
    "good.example": {
      TXT: ["v=spf1 ip4:192.0.2.0/24 include:_spf.good.example -all"],
      MX: [{ exchange: "mx1.good.example", priority: 10 }],
    },
    "_spf.good.example": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
    "_dmarc.good.example": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@good.example"] },
    "s1._domainkey.good.example": { TXT: [`v=DKIM1; k=rsa; p=${rsaKey(2048)}`] },
    "mx1.good.example": { A: ["192.0.2.25"] },
    "mail.good.example": { A: ["192.0.2.10"] },
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.good.example"] },
    "7.100.51.198.in-addr.arpa": { PTR: ["mail2.good.example"] },
    "mail2.good.example": { A: ["198.51.100.7"] },
    // A domain set up badly: SPF +all, no DMARC, a 1024-bit key, an IP on a (local) Spamhaus ZEN zone.
    "bad.example": {
      TXT: ["v=spf1 a mx +all"],
      MX: [{ exchange: "mx.bad.example", priority: 10 }],
      A: ["203.0.113.5"],
    },
    "mx.bad.example": { A: ["203.0.113.6"] },
    "s1._domainkey.bad.example": { TXT: [`v=DKIM1; k=rsa; p=${rsaKey(1024)}`] },
    "9.113.0.203.in-addr.arpa": { PTR: ["203-0-113-9.dynamic.isp.example"] },
    "9.113.0.203.zen.spamhaus.org": { A: ["127.0.0.2"] },
    // A hostile domain: a 10 KB SPF record, a CNAME loop where DMARC should be, an MX host that loops too.
    "hostile.example": {
      TXT: [`v=spf1 ${Array.from({ length: 700 }, (_, i) => `ip4:198.51.100.${i % 250}`).join(" ")} -all`],
      MX: [{ exchange: "mx.hostile.example", priority: 10 }],
    },
    "_dmarc.hostile.example": { cname: "loop._dmarc.hostile.example" },
    "loop._dmarc.hostile.example": { cname: "_dmarc.hostile.example" },
    "mx.hostile.example": { cname: "mx2.hostile.example" },
    "mx2.hostile.example": { cname: "mx.hostile.example" },
  });
});
afterAll(() => dns.close());

function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous on purpose: the DNS server answers from this very process.
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), join(import.meta.dirname, "..", "src", "cli", "run.ts"), ...args],
      { env: { ...process.env, NO_COLOR: "1" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin.end(stdin);
  });
}

describe("bouncewise check", () => {
  it("passes a well set-up domain (exit 0) and evaluates SPF for its IP through the include", async () => {
    const r = await cli([
      "check",
      "good.example",
      "--resolver",
      dns.address,
      "--ip",
      "198.51.100.7",
      "--selector",
      "s1",
      "--json",
      "--timeout",
      "10",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.domain).toBe("good.example");
    expect(j.spf).toMatchObject({
      record: "v=spf1 ip4:192.0.2.0/24 include:_spf.good.example -all",
      lookups: 1,
      voidLookups: 0,
    });
    expect(j.spf.result).toMatchObject({ result: "pass", ip: "198.51.100.7" });
    expect(j.dmarc).toMatchObject({ policy: "reject", orgDomain: "good.example" });
    expect(j.dkim).toEqual([expect.objectContaining({ selector: "s1", keyType: "rsa", keyBits: 2048 })]);
    expect(j.mx).toEqual(["mx1.good.example"]);
    expect(j.findings.filter((f: { severity: string }) => f.severity === "critical")).toEqual([]);
    expect(j.ptr[0]).toMatchObject({ ip: "198.51.100.7", names: ["mail2.good.example"], forwardConfirmed: true });
  }, 30_000);

  it("fails a badly set-up domain (exit 1) with findings that say what to fix", async () => {
    const r = await cli([
      "check",
      "bad.example",
      "--resolver",
      dns.address,
      "--ip",
      "203.0.113.9",
      "--selector",
      "s1",
      "--json",
      "--timeout",
      "10",
    ]);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    const ids: string[] = j.findings.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["spf.plus-all", "dmarc.missing"]));
    expect(j.dmarc.record).toBeNull();
    expect(j.dkim[0]).toMatchObject({ selector: "s1", keyBits: 1024 });
    expect(j.ptr[0]).toMatchObject({ ip: "203.0.113.9", forwardConfirmed: false });
    const zen = j.blocklists.find(
      (b: { list: string; target: string }) => b.target === "203.0.113.9" && b.list.includes("zen"),
    );
    expect(zen).toMatchObject({ listed: true, answer: "127.0.0.2" });
    for (const f of j.findings) {
      expect(["spf", "dkim", "dmarc", "mx", "ptr", "helo", "blocklist", "mta-sts", "tls-rpt", "bimi"]).toContain(
        f.check,
      );
      expect(["critical", "warning", "info"]).toContain(f.severity);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.message).not.toMatch(/\{[a-z]+\}/); // every placeholder filled
    }
    const human = await cli([
      "check",
      "bad.example",
      "--resolver",
      dns.address,
      "--ip",
      "203.0.113.9",
      "--timeout",
      "10",
    ]);
    expect(human.stdout).toMatch(/\[FAIL\] spf/);
    expect(human.stdout).toMatch(/fix: /);
  }, 30_000);

  it("refuses bad input with exit 2 and a clear message", async () => {
    for (const args of [
      ["check", "not a domain"],
      ["check", "good.example", "--ip", "999.1.1.1"],
      ["check", "good.example", "--resolver", "dns.google"],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/bouncewise: /);
    }
  }, 30_000);

  it("reads a 10 KB SPF record and CNAME loops as findings, not a crash or a hang", async () => {
    const r = await cli(["check", "hostile.example", "--json", "--resolver", dns.address, "--no-blocklists"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.spf.record.length).toBeGreaterThan(10_000);
    const ids = j.findings.map((f: { id: string }) => f.id);
    // Too long for one DNS string set well: the record is flagged; DMARC behind a loop is missing; the MX host has no address.
    expect(ids.some((id: string) => id.startsWith("spf."))).toBe(true);
    expect(ids).toContain("dmarc.missing");
    expect(
      ids.some((id: string) => id.startsWith("mx.host-unresolvable") || id.startsWith("mx.all-unresolvable")),
    ).toBe(true);
  }, 30_000);

  it("ends within its deadline when the DNS server never answers", async () => {
    // A UDP socket that reads every query and answers none.
    const silent = createSocket("udp4");
    silent.on("message", () => undefined);
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", () => resolve()));
    try {
      const t0 = Date.now();
      const r = await cli([
        "check",
        "good.example",
        "--resolver",
        `127.0.0.1:${silent.address().port}`,
        "--json",
        "--timeout",
        "3",
      ]);
      const elapsed = Date.now() - t0;
      expect(elapsed).toBeLessThan(12_000); // 3 s of checks plus the CLI's own start-up
      const j = JSON.parse(r.stdout);
      expect(
        j.findings.some(
          (f: { id: string }) => f.id === "check.timed-out" || f.id.includes("lookup") || f.id.includes("error"),
        ),
      ).toBe(true);
    } finally {
      silent.close();
    }
  }, 30_000);
});

const GMAIL_DMARC =
  "550-5.7.26 Unauthenticated email from bad.example is not accepted due to domain's DMARC policy. Please contact the administrator of bad.example domain if this was a legitimate mail.";

const DMARC_BOUNCE = [
  "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
  "To: news@bad.example",
  "Subject: Undelivered Mail Returned to Sender",
  "MIME-Version: 1.0",
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/plain",
  "",
  "Your message could not be delivered.",
  "--b1",
  "Content-Type: message/delivery-status",
  "",
  "Reporting-MTA: dns; mx.example.net",
  "",
  "Final-Recipient: rfc822; someone@gmail.com",
  "Action: failed",
  "Status: 5.7.26",
  `Diagnostic-Code: smtp; ${GMAIL_DMARC}`,
  "",
  "--b1",
  "Content-Type: text/rfc822-headers",
  "",
  "From: Newsletter <news@bad.example>",
  "To: someone@gmail.com",
  "Subject: Offers",
  "Message-ID: <m1@bad.example>",
  "",
  "--b1--",
  "",
].join("\n");

describe("explain --check: the diagnosis joined to the checks it asks for", () => {
  it("runs the sender-side checks on --domain and says what is wrong there", async () => {
    const r = await cli([
      "explain",
      "--json",
      "--check",
      "--domain",
      "bad.example",
      "--resolver",
      dns.address,
      GMAIL_DMARC,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.reason).toBe("authfailure");
    expect(j.verification.domain).toBe("bad.example");
    const ids: string[] = j.verification.findings.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["dmarc.missing", "spf.plus-all"]));
    // Only what the diagnosis asks for: no MX or BIMI check here.
    expect(j.verification.findings.every((f: { check: string }) => ["spf", "dkim", "dmarc"].includes(f.check))).toBe(
      true,
    );
    const human = await cli(["explain", "--check", "--domain", "bad.example", "--resolver", dns.address, GMAIL_DMARC]);
    expect(human.stdout).toMatch(/Checked for bad\.example/);
    expect(human.stdout).toMatch(/FAIL .*DMARC/i);
  }, 30_000);

  it("takes the sending domain from the bounced message's From in a whole bounce email", async () => {
    const bounce = DMARC_BOUNCE;
    const r = await cli(["explain", "--json", "--check", "--resolver", dns.address], bounce);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j[0].recipient).toBe("someone@gmail.com");
    expect(j[0].verification.domain).toBe("bad.example");
  }, 30_000);

  it("asks for --domain when a reply alone needs a check, and says when nothing is to check", async () => {
    const r = await cli(["explain", "--check", GMAIL_DMARC]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--domain/);
    const none = await cli([
      "explain",
      "--check",
      "--domain",
      "good.example",
      "--resolver",
      dns.address,
      "552 5.2.2 Mailbox full",
    ]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/asks for no check of the sending domain/);
  }, 30_000);
});

describe("report --check: the findings joined to the sender's checks", () => {
  it("checks the sending domain of the stored events and lists what to fix there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bw-report-check-"));
    try {
      const log = join(dir, "maillog");
      writeFileSync(
        log,
        [
          "Nov 20 10:00:00 mx postfix/qmgr[1]: ABC1: from=<news@bad.example>, size=900, nrcpt=1 (queue active)",
          `Nov 20 10:00:01 mx postfix/smtp[2]: ABC1: to=<someone@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.99]:25, delay=1, delays=0/0/0/1, dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.99] said: ${GMAIL_DMARC} (in reply to end of DATA command))`,
          "",
        ].join("\n"),
      );
      const db = join(dir, "events.db");
      expect((await cli(["ingest", "--db", db, "--year", "2026", log])).code).toBe(0);
      const r = await cli(["report", "--db", db, "--json", "--check", "--resolver", dns.address]);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.findings[0].id).toBe("authfailure-permanent");
      expect(j.verification).toHaveLength(1);
      expect(j.verification[0].domain).toBe("bad.example");
      expect(j.verification[0].findings.map((f: { id: string }) => f.id)).toContain("dmarc.missing");
      const md = await cli(["report", "--db", db, "--check", "--resolver", dns.address]);
      expect(md.stdout).toMatch(/## Sender checks/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe("parse --check", () => {
  it("checks the From domains of the bounced messages once each, after the results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bw-parse-check-"));
    try {
      const file = join(dir, "bounce.eml");
      writeFileSync(file, DMARC_BOUNCE);
      const r = await cli(["parse", "--json", "--check", "--resolver", dns.address, file]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines[0].recipient).toBe("someone@gmail.com");
      const v = lines.find((l) => l.verification !== undefined)?.verification;
      expect(v.domain).toBe("bad.example");
      expect(v.findings.map((f: { id: string }) => f.id)).toContain("dmarc.missing");
      const table = await cli(["parse", "--check", "--resolver", dns.address, file]);
      expect(table.stdout).toMatch(/Checked for bad\.example/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
