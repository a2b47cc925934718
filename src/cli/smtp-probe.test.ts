// `bouncewise probe` against real SMTP servers on loopback (smtp-server, one per behaviour) and raw TCP servers
// that misbehave (silent, endless line, too many lines, closing mid-way).
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { startDnsServer } from "../../test/support/dns-server.js";
import { createNodeDnsClient } from "../dns/node-resolver.js";
import { NO_PAINT } from "../report/text-card.js";
import {
  dotStuff,
  mayAuthenticate,
  type ProbeResult,
  parseTarget,
  printable,
  registerProbeCommand,
  resolveMxTarget,
  runProbe,
} from "./smtp-probe.js";

class UsageErr extends Error {}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function smtpError(code: number, message: string): Error {
  const e = new Error(message) as Error & { responseCode: number };
  e.responseCode = code;
  return e;
}

async function smtp(options: SMTPServerOptions): Promise<number> {
  const server = new SMTPServer({
    logger: false,
    hideENHANCEDSTATUSCODES: true,
    authOptional: true,
    banner: "mx.example.com ESMTP test",
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.server.address() as { port: number }).port;
}

/** A raw TCP server whose behaviour the test writes; connections are destroyed on close. */
async function raw(onConnection: (s: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; json: ProbeResult | null }> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  let out = "";
  let code = -1;
  registerProbeCommand(program, {
    write: (s) => {
      out += s;
    },
    setExitCode: (c) => {
      code = c;
    },
    usage: (m) => new UsageErr(m),
    paint: () => NO_PAINT,
    env,
    stdin: { isTTY: false } as NodeJS.ReadStream,
  });
  try {
    await program.parseAsync(["probe", "--helo", "client.example.org", ...args], { from: "user" });
  } catch (e) {
    if (e instanceof UsageErr) return { code: 2, out: e.message, json: null };
    if (e instanceof CommanderError) return { code: 2, out: e.message, json: null };
    throw e;
  }
  return { code, out, json: args.includes("--json") ? (JSON.parse(out) as ProbeResult) : null };
}

const codes = (r: ProbeResult): string[] => r.steps.map((s) => `${s.step} ${s.reply.code}`);

describe("probe: happy path", () => {
  it("delivers a message with DATA, dot-stuffed and in CRLF", async () => {
    let received = "";
    const port = await smtp({
      hideSTARTTLS: true,
      onData(stream, _session, callback) {
        stream.on("data", (c: Buffer) => {
          received += c.toString("utf8");
        });
        stream.on("end", () => callback(null, "2.0.0 Ok: queued as ABC123" as never));
      },
    });
    const dir = mkdtempSync(join(tmpdir(), "probe-"));
    const file = join(dir, "msg.eml");
    writeFileSync(file, "Subject: hi\n\n.leading dot\nbody\n");
    const r = await cli([
      `127.0.0.1:${port}`,
      "--from",
      "sender@example.org",
      "--to",
      "a@example.com",
      "--to",
      "<b@example.com>",
      "--data",
      file,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = r.json as ProbeResult;
    expect(codes(j)).toEqual([
      "connect 220",
      "ehlo 250",
      "mail 250",
      "rcpt 250",
      "rcpt 250",
      "data 354",
      "end-of-data 250",
      "quit 221",
    ]);
    expect(j.steps.every((s) => s.ok && s.diagnosis === undefined)).toBe(true);
    expect(j.steps[2]?.command).toBe("MAIL FROM:<sender@example.org>");
    expect(j.error).toBeUndefined();
    expect(received).toBe("Subject: hi\r\n\r\n.leading dot\r\nbody\r\n");

    const human = await cli([`127.0.0.1:${port}`, "--to", "a@example.com"]);
    expect(human.code).toBe(0);
    expect(human.out).toContain("C: MAIL FROM:<>");
    expect(human.out).toMatch(/^S: 220 .*mx\.example\.com ESMTP test {2}\(\d+ ms\)$/m);
    expect(human.out).toContain("Every step succeeded");
  });
});

describe("probe: refusals are diagnosed", () => {
  it("unknown user: 550 5.1.1 at RCPT", async () => {
    const port = await smtp({
      hideSTARTTLS: true,
      onRcptTo(address, _s, cb) {
        cb(
          smtpError(
            550,
            `5.1.1 <${address.address}>: Recipient address rejected: User unknown in local recipient table`,
          ),
        );
      },
    });
    const r = await cli([`127.0.0.1:${port}`, "--to", "nobody@example.com", "--json"]);
    expect(r.code).toBe(1);
    const j = r.json as ProbeResult;
    const rcpt = j.steps.find((s) => s.step === "rcpt");
    expect(rcpt?.reply).toMatchObject({ code: 550, enhanced: "5.1.1" });
    expect(rcpt?.ok).toBe(false);
    expect(rcpt?.diagnosis?.reason).toBe("userunknown");
    expect(rcpt?.diagnosis?.stage).toBe("rcpt");
    expect(j.steps.at(-1)?.step).toBe("quit");
    const human = await cli([`127.0.0.1:${port}`, "--to", "nobody@example.com"]);
    expect(human.out).toContain("Refused at rcpt: 550 5.1.1");
    expect(human.out).toContain("== rcpt: RCPT TO:<nobody@example.com>");
    expect(human.out).toContain("userunknown");
  });

  it("relay denied: 554 5.7.1 at RCPT", async () => {
    const port = await smtp({
      hideSTARTTLS: true,
      onRcptTo(address, _s, cb) {
        cb(smtpError(554, `5.7.1 <${address.address}>: Relay access denied`));
      },
    });
    const j = (await cli([`127.0.0.1:${port}`, "--to", "x@example.net", "--json"])).json as ProbeResult;
    const rcpt = j.steps.find((s) => s.step === "rcpt");
    expect(rcpt?.reply.code).toBe(554);
    expect(rcpt?.diagnosis?.reason).toBe("norelaying");
  });

  it("greylisting: 450 4.2.0 at RCPT is temporary", async () => {
    const port = await smtp({
      hideSTARTTLS: true,
      onRcptTo(address, _s, cb) {
        cb(
          smtpError(
            450,
            `4.2.0 <${address.address}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html`,
          ),
        );
      },
    });
    const r = await cli([`127.0.0.1:${port}`, "--to", "a@example.com", "--json"]);
    expect(r.code).toBe(1);
    const rcpt = (r.json as ProbeResult).steps.find((s) => s.step === "rcpt");
    expect(rcpt?.reply).toMatchObject({ code: 450, enhanced: "4.2.0" });
    expect(rcpt?.diagnosis?.outcome).toBe("temporary");
  });

  it("a rejected EHLO falls back to HELO", async () => {
    const port = await raw((s) => {
      s.write("220 old.example.com SMTP\r\n");
      s.on("data", (b: Buffer) => {
        const cmd = b.toString().trim().toUpperCase();
        if (cmd.startsWith("EHLO")) s.write("502 5.5.1 Command not implemented\r\n");
        else if (cmd.startsWith("QUIT")) s.end("221 Bye\r\n");
        else s.write("250 Ok\r\n");
      });
    });
    const r = await cli([`127.0.0.1:${port}`, "--json"]);
    expect(codes(r.json as ProbeResult)).toEqual(["connect 220", "ehlo 502", "ehlo 250", "mail 250", "quit 221"]);
    expect(r.code).toBe(0);
  });
});

describe("probe: TLS", () => {
  const requireTls: SMTPServerOptions = {
    onMailFrom(_a, session, cb) {
      if (session.secure) cb();
      else cb(smtpError(530, "5.7.0 Must issue a STARTTLS command first"));
    },
  };

  it("STARTTLS required: 530 5.7.0 before MAIL when the client will not use it", async () => {
    const port = await smtp(requireTls);
    const r = await cli([`127.0.0.1:${port}`, "--no-starttls", "--to", "a@example.com", "--json"]);
    expect(r.code).toBe(1);
    const j = r.json as ProbeResult;
    const mail = j.steps.find((s) => s.step === "mail");
    expect(mail?.reply).toMatchObject({ code: 530, enhanced: "5.7.0" });
    expect(mail?.diagnosis).toBeDefined();
    expect(j.steps.some((s) => s.step === "rcpt")).toBe(false);
    expect(j.tls).toBeUndefined();
  });

  it("STARTTLS with a self-signed certificate: details recorded, not verified, the probe goes on", async () => {
    const port = await smtp(requireTls); // no key: smtp-server's built-in test certificate
    const r = await cli([`127.0.0.1:${port}`, "--starttls", "--to", "a@example.com", "--json"]);
    expect(r.code).toBe(0);
    const j = r.json as ProbeResult;
    expect(codes(j)).toEqual([
      "connect 220",
      "ehlo 250",
      "starttls 220",
      "ehlo 250",
      "mail 250",
      "rcpt 250",
      "quit 221",
    ]);
    expect(j.tls?.mode).toBe("starttls");
    expect(j.tls?.verified).toBe(false);
    expect(j.tls?.verifyError).toBeTruthy();
    expect(j.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(j.tls?.cipher).toBeTruthy();
    expect(j.tls?.subject).toBeTruthy();
    expect(j.tls?.validTo).toMatch(/^\d{4}-/);
    const human = await cli([`127.0.0.1:${port}`, "--to", "a@example.com"]);
    expect(human.out).toContain("certificate NOT verified");
  });

  it("--starttls fails clearly when the server does not offer it", async () => {
    const port = await smtp({ hideSTARTTLS: true });
    const j = (await cli([`127.0.0.1:${port}`, "--starttls", "--json"])).json as ProbeResult;
    expect(j.error?.step).toBe("starttls");
    expect(j.error?.message).toContain("does not offer STARTTLS");
  });

  it("implicit TLS with --tls", async () => {
    const port = await smtp({ secure: true });
    const r = await cli([`127.0.0.1:${port}`, "--tls", "--to", "a@example.com", "--json"]);
    expect(r.code).toBe(0);
    expect((r.json as ProbeResult).tls?.mode).toBe("implicit");
  });
});

describe("probe: AUTH", () => {
  const password = "s3cret-Pa55";
  const secrets = [
    password,
    Buffer.from(`\0alice\0${password}`).toString("base64"),
    Buffer.from(password).toString("base64"),
  ];

  it("auth failure: 535 5.7.8, the password never shown", async () => {
    const port = await smtp({
      hideSTARTTLS: true,
      allowInsecureAuth: true,
      authOptional: false,
      onAuth(_auth, _session, cb) {
        cb(smtpError(535, "5.7.8 Error: authentication failed: authentication failure"));
      },
    });
    const env = { BOUNCEWISE_SMTP_PASSWORD: password };
    const r = await cli([`127.0.0.1:${port}`, "--auth", "alice", "--to", "a@example.com", "--json"], env);
    expect(r.code).toBe(1);
    const j = r.json as ProbeResult;
    const auth = j.steps.find((s) => s.step === "auth");
    expect(auth?.command).toBe("AUTH PLAIN ****");
    expect(auth?.reply).toMatchObject({ code: 535, enhanced: "5.7.8" });
    expect(auth?.diagnosis?.reason).toBe("securityerror");
    expect(j.steps.some((s) => s.step === "mail")).toBe(false);
    const human = await cli([`127.0.0.1:${port}`, "--auth", "alice"], env);
    expect(human.out).toContain("C: AUTH PLAIN ****");
    for (const s of secrets) {
      expect(r.out).not.toContain(s);
      expect(human.out).not.toContain(s);
    }
  });

  it("AUTH LOGIN succeeds and masks the password", async () => {
    const port = await smtp({
      hideSTARTTLS: true,
      allowInsecureAuth: true,
      authOptional: false,
      authMethods: ["LOGIN"],
      onAuth(auth, _session, cb) {
        if (auth.username === "alice" && auth.password === password) cb(null, { user: "alice" });
        else cb(smtpError(535, "5.7.8 bad"));
      },
    });
    const r = await cli([`127.0.0.1:${port}`, "--auth", "alice", "--to", "a@example.com", "--json"], {
      BOUNCEWISE_SMTP_PASSWORD: password,
    });
    expect(r.code).toBe(0);
    const auth = (r.json as ProbeResult).steps.filter((s) => s.step === "auth");
    expect(auth.map((s) => `${s.command} ${s.reply.code}`)).toEqual(["AUTH LOGIN 334", "YWxpY2U= 334", "**** 235"]);
    for (const s of secrets) expect(r.out).not.toContain(s);
  });

  it("--auth without a password and no terminal is a usage error", async () => {
    const r = await cli(["127.0.0.1:2525", "--auth", "alice"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("BOUNCEWISE_SMTP_PASSWORD");
  });
});

describe("probe: misbehaving servers end the probe, never hang", () => {
  it("a server that never answers: step timeout", async () => {
    const port = await raw(() => {});
    const t0 = Date.now();
    const r = await cli([`127.0.0.1:${port}`, "--timeout", "1", "--json"]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(1);
    const j = r.json as ProbeResult;
    expect(j.error?.step).toBe("connect");
    expect(j.error?.message).toMatch(/no reply .*within 1 s/);
    expect(j.steps).toEqual([]);
  });

  it("a server that stops answering after EHLO: timeout at mail, the command shown", async () => {
    const port = await raw((s) => {
      s.write("220 mx.example.com\r\n");
      s.once("data", () => s.write("250 mx.example.com\r\n"));
    });
    const r = await cli([`127.0.0.1:${port}`, "--timeout", "0.5"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("C: MAIL FROM:<>");
    expect(r.out).toContain("The probe stopped at mail: no reply to MAIL within 0.5 s");
  });

  it("a server that closes mid-way", async () => {
    const port = await raw((s) => {
      s.write("220 mx.example.com\r\n");
      s.once("data", () => s.destroy());
    });
    const j = (await cli([`127.0.0.1:${port}`, "--json"])).json as ProbeResult;
    expect(j.error?.step).toBe("ehlo");
    expect(j.error?.message).toMatch(/closed|reset/);
  });

  it("an endless reply line is a bounded error", async () => {
    const port = await raw((s) => {
      s.write("220 ");
      const chunk = "a".repeat(1024);
      const timer = setInterval(() => {
        if (s.destroyed) clearInterval(timer);
        else s.write(chunk);
      }, 1);
      s.on("close", () => clearInterval(timer));
    });
    const j = (await cli([`127.0.0.1:${port}`, "--timeout", "5", "--json"])).json as ProbeResult;
    expect(j.error?.step).toBe("connect");
    expect(j.error?.message).toContain("longer than 4096 bytes");
  });

  it("a reply of too many lines is a bounded error", async () => {
    const port = await raw((s) => {
      s.write("220-hello\r\n".repeat(500));
    });
    const j = (await cli([`127.0.0.1:${port}`, "--timeout", "5", "--json"])).json as ProbeResult;
    expect(j.error?.message).toContain("more than 100 lines");
  });

  it("nothing listening: a connect error", async () => {
    const port = await raw(() => {});
    await closers.pop()?.();
    await new Promise((r) => setTimeout(r, 20));
    const j = (await cli([`127.0.0.1:${port}`, "--json"])).json as ProbeResult;
    expect(j.error?.step).toBe("connect");
    expect(j.error?.message).toContain("refused");
  });

  it("escapes control characters in the server's text", async () => {
    const port = await raw((s) => {
      s.write("554 5.7.1 \u001b[31mgo away\r\n");
      s.on("data", () => s.end("221 bye\r\n"));
    });
    const r = await cli([`127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain("\u001b");
    expect(r.out).toContain("\\x1b[31mgo away");
  });
});

describe("probe: --mx", () => {
  it("resolves the MX lowest preference first and probes its address", async () => {
    const dns = await startDnsServer({
      "example.com": {
        MX: [
          { exchange: "mx2.example.com", priority: 20 },
          { exchange: "mx1.example.com", priority: 10 },
        ],
      },
      "mx1.example.com": { A: ["127.0.0.1"] },
      "mx2.example.com": { A: ["127.0.0.2"] },
      "nomx.example.com": { A: ["127.0.0.1"] },
      "null.example.com": { MX: [{ exchange: "", priority: 0 }] },
    });
    closers.push(() => dns.close());
    const client = createNodeDnsClient({ server: dns.address });
    try {
      const t = await resolveMxTarget("example.com", client);
      expect(t).toEqual({
        mx: {
          domain: "example.com",
          hosts: [
            { exchange: "mx1.example.com", priority: 10 },
            { exchange: "mx2.example.com", priority: 20 },
          ],
          chosen: "mx1.example.com",
          implicit: false,
        },
        address: "127.0.0.1",
      });
      const implicit = await resolveMxTarget("nomx.example.com", client);
      expect(implicit).toMatchObject({ mx: { chosen: "nomx.example.com", implicit: true }, address: "127.0.0.1" });
      expect(await resolveMxTarget("missing.example.com", client)).toMatchObject({
        error: expect.stringContaining("NXDOMAIN"),
      });
      const port = await smtp({ hideSTARTTLS: true });
      if ("error" in t) throw new Error(t.error);
      const r = await runProbe({
        host: t.mx.chosen,
        address: t.address,
        port,
        helo: "client.example.org",
        from: "",
        to: ["a@example.com"],
        stepTimeoutMs: 5000,
      });
      expect(r.host).toBe("mx1.example.com");
      expect(r.address).toBe("127.0.0.1");
      expect(r.error).toBeUndefined();
    } finally {
      client.close();
    }
  });
});

describe("probe: usage and helpers", () => {
  it("rejects bad arguments with exit 2", async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(["mx.example.com", "--mx", "example.com"])).code).toBe(2);
    expect((await cli(["mx.example.com:99999"])).code).toBe(2);
    expect((await cli(["mx.example.com", "--timeout", "0"])).code).toBe(2);
    expect((await cli(["mx.example.com", "--data", "/nonexistent"])).code).toBe(2);
    expect((await cli(["mx.example.com", "--to", "a b@example.com"])).code).toBe(2);
    expect((await cli(["mx.example.com", "--tls", "--starttls"])).code).toBe(2);
  });

  it("parses targets", () => {
    expect(parseTarget("mx.example.com")).toEqual({ host: "mx.example.com", port: null });
    expect(parseTarget("192.0.2.1:587")).toEqual({ host: "192.0.2.1", port: 587 });
    expect(parseTarget("[2001:db8::1]:25")).toEqual({ host: "2001:db8::1", port: 25 });
    expect(parseTarget("2001:db8::1")).toEqual({ host: "2001:db8::1", port: null });
    expect(parseTarget("bad host")).toBeNull();
  });

  it("dot-stuffs and ends the data", () => {
    expect(dotStuff(Buffer.from("a\n.b\r\n..c")).toString()).toBe("a\r\n..b\r\n...c\r\n.\r\n");
    expect(dotStuff(Buffer.from("")).toString()).toBe(".\r\n");
    expect(printable("ok\u0007\u009b")).toBe("ok\\x07\\x9b");
  });
});

describe("the password and TLS", () => {
  it("is sent only over TLS, to loopback, or when clear text is allowed", () => {
    expect(mayAuthenticate("smtp.example.net", false, false)).toBe(false);
    expect(mayAuthenticate("192.0.2.25", false, false)).toBe(false);
    expect(mayAuthenticate("smtp.example.net", true, false)).toBe(true);
    expect(mayAuthenticate("smtp.example.net", false, true)).toBe(true);
    expect(mayAuthenticate("127.0.0.1", false, false)).toBe(true);
    expect(mayAuthenticate("::1", false, false)).toBe(true);
  });
});
