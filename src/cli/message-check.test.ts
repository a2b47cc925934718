// check-message against a real DNS server on loopback, with messages signed here by mailauth's dkimSign.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { dkimSign } from "mailauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../test/support/dns-server.js";
import { createNodeDnsClient, type NodeDnsClient } from "../dns/node-resolver.js";
import { NO_PAINT } from "../report/text-card.js";
import { checkMessage, ipOfPtrName, mailauthResolver, registerCheckMessageCommand } from "./message-check.js";

function keyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

const brandKey = keyPair();
const espKey = keyPair();

let server: TestDnsServer;
let dns: NodeDnsClient;
let dir: string;

beforeAll(async () => {
  server = await startDnsServer({
    "brand.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"], MX: [{ exchange: "mx.brand.example", priority: 10 }] },
    "_dmarc.brand.example": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@brand.example"] },
    "s1._domainkey.brand.example": { TXT: [`v=DKIM1; k=rsa; p=${brandKey.publicKey}`] },
    "esp.example": { TXT: ["v=spf1 ip4:203.0.113.0/24 -all"] },
    "bounces.esp.example": { TXT: ["v=spf1 ip4:203.0.113.0/24 -all"] },
    "k1._domainkey.esp.example": { TXT: [`v=DKIM1; k=rsa; p=${espKey.publicKey}`] },
    "10.2.0.192.in-addr.arpa": { PTR: ["mail.brand.example"] },
  });
  dns = createNodeDnsClient({ server: server.address, timeoutMs: 2000 });
  dir = mkdtempSync(join(tmpdir(), "bw-message-"));
});
afterAll(async () => {
  dns.close();
  await server.close();
});

function message(opts: { from: string; returnPath?: string; received?: string; extra?: string; body?: string }) {
  return [
    ...(opts.returnPath === undefined ? [] : [`Return-Path: <${opts.returnPath}>`]),
    ...(opts.received === undefined ? [] : [`Received: ${opts.received}`]),
    ...(opts.extra === undefined ? [] : [opts.extra]),
    `From: Brand <${opts.from}>`,
    "To: reader@example.org",
    "Subject: June news",
    "Date: Mon, 03 Jun 2024 14:12:44 +0000",
    "Message-ID: <n1@brand.example>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.body ?? "Hello,\r\nthe June news.\r\n",
  ].join("\r\n");
}

async function sign(raw: string, domain: string, selector: string, privateKey: string): Promise<string> {
  // mailauth reads the keys from signatureData (its index.d.ts shows them at the top level, which signs nothing).
  const r = await dkimSign(raw, {
    signingDomain: domain,
    selector,
    privateKey,
    canonicalization: "relaxed/relaxed",
    signatureData: [{ signingDomain: domain, selector, privateKey }],
  });
  expect(r.errors).toEqual([]);
  expect(r.signatures).toContain("DKIM-Signature:");
  return r.signatures + raw;
}

const RECEIVED_BRAND =
  "from mail.brand.example (mail.brand.example [192.0.2.10]) by mx.example.org (Postfix) with ESMTPS id 4Vt; Mon, 03 Jun 2024 14:12:45 +0000";

describe("checkMessage", () => {
  it("passes an aligned message: DKIM d=brand.example, SPF for the Received IP", async () => {
    const raw = await sign(
      message({ from: "news@brand.example", returnPath: "bounce@brand.example", received: RECEIVED_BRAND }),
      "brand.example",
      "s1",
      brandKey.privateKey,
    );
    const r = await checkMessage(Buffer.from(raw), dns);
    expect(r.fromDomain).toBe("brand.example");
    expect(r.ip).toBe("192.0.2.10");
    expect(r.verified.spf).toMatchObject({ result: "pass", domain: "brand.example", aligned: true });
    expect(r.verified.dkim).toEqual([
      expect.objectContaining({ domain: "brand.example", selector: "s1", result: "pass", aligned: true }),
    ]);
    expect(r.verified.dmarc).toMatchObject({ result: "pass", policy: "reject" });
    expect(r.dmarcPass).toBe(true);
    expect(r.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("explains DKIM by the ESP's domain and SPF for its bounce domain: neither aligned, DMARC fails", async () => {
    const raw = await sign(
      message({ from: "news@brand.example", returnPath: "bounce-42@bounces.esp.example" }),
      "esp.example",
      "k1",
      espKey.privateKey,
    );
    const r = await checkMessage(Buffer.from(raw), dns, { ip: "203.0.113.7" });
    expect(r.verified.dkim[0]).toMatchObject({ domain: "esp.example", result: "pass", aligned: false });
    expect(r.verified.spf).toMatchObject({ result: "pass", domain: "bounces.esp.example", aligned: false });
    expect(r.verified.dmarc.result).toBe("fail");
    const ids = r.findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(["message.dmarc-fail", "message.dkim-not-aligned", "message.spf-not-aligned"]),
    );
    const dkim = r.findings.find((f) => f.id === "message.dkim-not-aligned");
    expect(dkim?.message).toContain("DKIM signs with esp.example, not with your From domain brand.example");
    expect(dkim?.fix).toContain("custom DKIM domain");
    expect(r.findings.find((f) => f.id === "message.spf-not-aligned")?.message).toContain("bounces.esp.example");
    expect(r.dmarcPass).toBe(false);
  });

  it("explains a body changed after signing", async () => {
    const signed = await sign(
      message({ from: "news@brand.example", returnPath: "bounce@brand.example" }),
      "brand.example",
      "s1",
      brandKey.privateKey,
    );
    const tampered = `${signed}--\r\nSent through the list lists.example.net\r\n`;
    const r = await checkMessage(Buffer.from(tampered), dns, { ip: "198.51.100.99" });
    expect(r.verified.dkim[0]).toMatchObject({ result: "fail", comment: "body hash did not verify", aligned: false });
    const f = r.findings.find((x) => x.id === "message.dkim-body-changed");
    expect(f?.message).toContain("body was changed after signing");
    expect(f?.why).toContain("footer");
    expect(r.verified.spf.result).toBe("fail");
    expect(r.findings.map((x) => x.id)).toContain("message.spf-fail");
    expect(r.verified.dmarc.result).toBe("fail");
  });

  it("evaluates SPF for the --ip given: pass and fail", async () => {
    const raw = message({ from: "news@brand.example", returnPath: "bounce@brand.example" });
    const pass = await checkMessage(Buffer.from(raw), dns, { ip: "192.0.2.55", helo: "mail.brand.example" });
    expect(pass.verified.spf).toMatchObject({ result: "pass", ip: "192.0.2.55", aligned: true });
    expect(pass.verified.dkim).toEqual([]);
    expect(pass.findings.map((f) => f.id)).toContain("message.dkim-missing");
    expect(pass.dmarcPass).toBe(true); // SPF aligned alone is enough
    const fail = await checkMessage(Buffer.from(raw), dns, { ip: "198.51.100.1" });
    expect(fail.verified.spf.result).toBe("fail");
    expect(fail.findings.find((f) => f.id === "message.spf-fail")?.message).toContain("198.51.100.1");
    expect(fail.dmarcPass).toBe(false);
    const none = await checkMessage(Buffer.from(raw), dns);
    expect(none.verified.spf).toMatchObject({ evaluated: false, result: "none" });
    expect(none.findings.map((f) => f.id)).toContain("message.spf-no-ip");
  });

  it("reads what a receiver recorded (Authentication-Results, ARC, Received-SPF)", async () => {
    const extra = [
      "Authentication-Results: mx.google.com;",
      "       dkim=fail header.i=@brand.example header.s=s1 header.b=AbC;",
      "       spf=softfail (google.com: domain of transitioning bounce@brand.example does not designate 198.51.100.1 as permitted sender) smtp.mailfrom=bounce@brand.example;",
      "       dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=brand.example",
      "Received-SPF: softfail (google.com: domain of transitioning bounce@brand.example does not designate 198.51.100.1 as permitted sender) client-ip=198.51.100.1;",
    ].join("\r\n");
    const raw = message({ from: "news@brand.example", returnPath: "bounce@brand.example", extra });
    const r = await checkMessage(Buffer.from(raw), dns, { ip: "198.51.100.1" });
    expect(r.receivers[0]).toMatchObject({ authservId: "mx.google.com" });
    expect(r.receivers[0]?.results.map((x) => `${x.method}=${x.result}`)).toEqual([
      "dkim=fail",
      "spf=softfail",
      "dmarc=fail",
    ]);
    expect(r.receivedSpf[0]?.params["client-ip"]).toBe("198.51.100.1");
    const recorded = r.findings.filter((f) => f.id === "message.receiver-failed").map((f) => f.message);
    expect(recorded).toContain(
      "mx.google.com recorded dmarc=fail for this message for brand.example (p=REJECT sp=REJECT dis=REJECT).",
    );
  });

  it("adapts the DnsClient to mailauth's resolver", async () => {
    const resolve = mailauthResolver(dns);
    expect(await resolve("brand.example", "TXT")).toEqual([["v=spf1 ip4:192.0.2.0/24 -all"]]);
    expect(await resolve("brand.example", "MX")).toEqual([{ exchange: "mx.brand.example", priority: 10 }]);
    expect(await resolve("10.2.0.192.in-addr.arpa", "PTR")).toEqual(["mail.brand.example"]);
    await expect(resolve("missing.example", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolve("esp.example", "MX")).rejects.toMatchObject({ code: "ENODATA" });
    expect(ipOfPtrName("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")).toBe(
      "2001:0db8:0000:0000:0000:0000:0000:0001",
    );
  });
});

describe("bouncewise check-message", () => {
  async function run(args: string[]): Promise<{ code: number; out: string; error?: string }> {
    let out = "";
    let code = 0;
    const program = new Command().exitOverride();
    registerCheckMessageCommand(program, {
      write: (s) => {
        out += s;
      },
      setExitCode: (c) => {
        code = c;
      },
      usage: (m) => Object.assign(new Error(m), { usage: true }),
      paint: () => NO_PAINT,
    });
    try {
      await program.parseAsync(["check-message", ...args], { from: "user" });
    } catch (e) {
      return { code: (e as { usage?: boolean }).usage === true ? 2 : 99, out, error: (e as Error).message };
    }
    return { code, out };
  }

  it("prints JSON and exits 0 when DMARC passes, a table and 1 when it fails", async () => {
    const good = join(dir, "good.eml");
    writeFileSync(
      good,
      await sign(
        message({ from: "news@brand.example", returnPath: "bounce@brand.example", received: RECEIVED_BRAND }),
        "brand.example",
        "s1",
        brandKey.privateKey,
      ),
    );
    const j = await run([good, "--resolver", server.address, "--json"]);
    expect(j.code, j.error).toBe(0);
    const parsed = JSON.parse(j.out);
    expect(parsed).toMatchObject({
      fromDomain: "brand.example",
      ip: "192.0.2.10",
      verified: { dmarc: { result: "pass" } },
    });
    expect(Object.keys(parsed)).toEqual(
      expect.arrayContaining(["from", "returnPath", "receivers", "verified", "findings"]),
    );

    const esp = join(dir, "esp.eml");
    writeFileSync(
      esp,
      await sign(
        message({ from: "news@brand.example", returnPath: "b@bounces.esp.example" }),
        "esp.example",
        "k1",
        espKey.privateKey,
      ),
    );
    const t = await run([esp, "--resolver", server.address, "--ip", "203.0.113.9"]);
    expect(t.code, t.error).toBe(1);
    expect(t.out).toContain("DKIM   pass");
    expect(t.out).toContain("d=esp.example s=k1  not aligned");
    expect(t.out).toContain("DMARC  fail");
    expect(t.out).toContain("fix: Set up a custom DKIM domain");
  });

  it("refuses garbage, a missing file, a bad --ip and an oversized file with usage errors", async () => {
    const junk = join(dir, "junk.bin");
    writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 10, 10, 65, 66]));
    expect(await run([junk, "--resolver", server.address])).toMatchObject({
      code: 2,
      error: expect.stringContaining("not an email"),
    });
    const text = join(dir, "notes.txt");
    writeFileSync(text, "just some notes\nnothing more\n");
    expect((await run([text])).code).toBe(2);
    expect(await run([join(dir, "nope.eml")])).toMatchObject({ code: 2, error: expect.stringContaining("ENOENT") });
    expect((await run([join(dir, "good.eml"), "--ip", "300.1.1.1"])).code).toBe(2);
    const big = join(dir, "big.eml");
    writeFileSync(big, Buffer.alloc(16 * 1024 * 1024 + 1, 0x61));
    expect(await run([big])).toMatchObject({ code: 2, error: expect.stringContaining("16 MiB") });
  });
});
