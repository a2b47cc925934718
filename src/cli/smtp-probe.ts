// `bouncewise probe HOST[:PORT]`: a real SMTP client (node:net and node:tls, no SMTP library) that runs one
// transaction against a server and diagnoses every reply that fails: greeting, EHLO (HELO fallback), STARTTLS
// (opportunistic, required with --starttls, never with --no-starttls) or implicit TLS (--tls), AUTH PLAIN/LOGIN,
// MAIL FROM, RCPT TO, DATA (only with --data FILE), QUIT.
//
// The peer is untrusted: a reply line over 4 KB or a reply of over 100 lines ends the probe, every step has a
// deadline (--timeout, default 30 s: shorter than RFC 5321 section 4.5.3.2's minimums, which are for MTAs that
// queue, not for a person waiting) and the whole probe has one too, and the server's text is shown with control
// characters escaped. The password (BOUNCEWISE_SMTP_PASSWORD or a prompt that does not echo) is never written out:
// the transcript shows `AUTH PLAIN ****`.

import { readFile, stat } from "node:fs/promises";
import { isIP, type Socket, connect as tcpConnect } from "node:net";
import { hostname as osHostname } from "node:os";
import { checkServerIdentity, type PeerCertificate, type TLSSocket, connect as tlsConnect } from "node:tls";
import type { Command } from "commander";
import { explain } from "../core/diagnose.js";
import type { DnsClient } from "../core/dns/types.js";
import type { Diagnosis } from "../core/types.js";
import { createNodeDnsClient } from "../dns/node-resolver.js";
import type { SmtpStage } from "../knowledge/types.js";
import { type Paint, renderCard } from "../report/text-card.js";
import { validResolver } from "./check-command.js";

/** A reply line longer than this (bytes, without CRLF) is an error; RFC 5321 4.5.3.1.5 allows 512 with CRLF. */
export const MAX_REPLY_LINE = 4096;
/** A reply of more lines than this is an error. */
export const MAX_REPLY_LINES = 100;
/** --data files larger than this are refused. */
const MAX_DATA_BYTES = 50 * 1024 * 1024;

export interface ProbeReply {
  readonly code: number;
  /** The enhanced status code (RFC 3463) that opens the first line, when there is one. */
  readonly enhanced: string | null;
  readonly lines: readonly string[];
}

export interface ProbeStep {
  readonly step: SmtpStage;
  /** What the client sent (null for the greeting); the password is masked. */
  readonly command: string | null;
  readonly reply: ProbeReply;
  readonly ok: boolean;
  readonly ms: number;
  /** For every reply that is not 2xx or 3xx. */
  readonly diagnosis?: Diagnosis;
}

export interface ProbeTls {
  readonly mode: "starttls" | "implicit";
  readonly protocol: string | null;
  readonly cipher: string | null;
  /** Whether the chain verifies against the system's CAs and the certificate names the host. */
  readonly verified: boolean;
  readonly verifyError: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly altNames: readonly string[];
  readonly fingerprint256: string | null;
}

export interface ProbeMx {
  readonly domain: string;
  /** MX hosts, lowest preference first; the domain itself with preference 0 when it has no MX (A fallback). */
  readonly hosts: readonly { readonly exchange: string; readonly priority: number }[];
  readonly chosen: string;
  readonly implicit: boolean;
}

export interface ProbeResult {
  readonly host: string;
  readonly port: number;
  /** The address connected to, when it differs from host (an MX resolved to an IP). */
  readonly address?: string;
  readonly mx?: ProbeMx;
  readonly steps: ProbeStep[];
  tls?: ProbeTls;
  error?: { readonly step: SmtpStage; readonly message: string; readonly command?: string };
  readonly ms: number;
}

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  /** IP to connect to instead of resolving host (MX already resolved); host is still used for SNI and verification. */
  readonly address?: string;
  /** undefined: STARTTLS when offered; "starttls": required; "none": never; "tls": implicit TLS. */
  readonly security?: "starttls" | "none" | "tls";
  readonly helo: string;
  readonly auth?: { readonly user: string; readonly password: string };
  /** Send the password even without TLS to a host that is not loopback (RFC 4954 section 4 warns against it). */
  readonly allowPlainAuth?: boolean;
  /** Reverse path without brackets; "" is the null sender. */
  readonly from: string;
  readonly to: readonly string[];
  /** The message; sent only when given. */
  readonly data?: Buffer;
  readonly stepTimeoutMs: number;
  readonly overallTimeoutMs?: number;
  /** Extra TLS options (tests: a CA); verification never stops the probe. */
  readonly ca?: string | Buffer;
}

/**
 * Whether the password may be sent: over TLS, to a loopback address, or when the user allowed clear text
 * (RFC 4954 section 4: PLAIN and LOGIN expose the password to anyone on the path without TLS).
 */
export function mayAuthenticate(target: string, tls: boolean, allowPlain: boolean): boolean {
  const loopback = target === "localhost" || target === "::1" || target.startsWith("127.");
  return tls || allowPlain || loopback;
}

class StepError extends Error {
  constructor(
    readonly step: SmtpStage,
    message: string,
  ) {
    super(message);
  }
}

/** Reads SMTP replies from a socket with bounds on line length, line count and time. */
class ReplyReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private lines: string[] = [];
  private waiter: { resolve: (r: ProbeReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private socket: Socket;
  private readonly onData = (b: Buffer): void => this.push(b);
  private readonly onEnd = (): void => this.fail(new Error("the server closed the connection"));
  private readonly onError = (e: Error): void => this.fail(new Error(socketMessage(e)));

  constructor(socket: Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  private attach(s: Socket): void {
    s.on("data", this.onData);
    s.on("end", this.onEnd);
    s.on("close", this.onEnd);
    s.on("error", this.onError);
  }

  /** Moves to a new socket (after a TLS handshake); whatever the old one sent and was not read is dropped. */
  swap(s: Socket): void {
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("close", this.onEnd);
    this.socket.off("error", this.onError);
    this.socket.on("error", () => {});
    this.chunks = [];
    this.size = 0;
    this.lines = [];
    this.socket = s;
    this.attach(s);
  }

  /** Drops what has been read but not asked for (e.g. plaintext sent after the 220 to STARTTLS). */
  discard(): void {
    this.chunks = [];
    this.size = 0;
    this.lines = [];
  }

  private fail(e: Error): void {
    if (this.failure === null) this.failure = e;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(this.failure);
  }

  private push(b: Buffer): void {
    if (this.failure !== null) return;
    let start = 0;
    for (;;) {
      const nl = b.indexOf(0x0a, start);
      if (nl < 0) break;
      const piece = b.subarray(start, nl);
      const line = this.size === 0 ? piece : Buffer.concat([...this.chunks, piece]);
      this.chunks = [];
      this.size = 0;
      start = nl + 1;
      const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
      if (end > MAX_REPLY_LINE) {
        this.fail(new Error(`a reply line longer than ${MAX_REPLY_LINE} bytes`));
        this.socket.destroy();
        return;
      }
      this.lines.push(line.subarray(0, end).toString("utf8"));
      if (this.lines.length > MAX_REPLY_LINES) {
        this.fail(new Error(`a reply of more than ${MAX_REPLY_LINES} lines`));
        this.socket.destroy();
        return;
      }
    }
    if (start < b.length) {
      const rest = b.subarray(start);
      this.chunks.push(rest);
      this.size += rest.length;
      if (this.size > MAX_REPLY_LINE + 1) {
        this.fail(new Error(`a reply line longer than ${MAX_REPLY_LINE} bytes`));
        this.socket.destroy();
        return;
      }
    }
    this.deliver();
  }

  private deliver(): void {
    if (this.waiter === null) return;
    let reply: ProbeReply | null;
    try {
      reply = this.take();
    } catch (e) {
      this.fail(e as Error);
      this.socket.destroy();
      return;
    }
    if (reply === null) return;
    const w = this.waiter;
    this.waiter = null;
    w.resolve(reply);
  }

  /** One complete reply from the lines read, or null while the last line is a continuation. */
  private take(): ProbeReply | null {
    let code: number | null = null;
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i] as string;
      const m = /^([2-5][0-9][0-9])(?:([ -])(.*))?$/s.exec(line);
      if (m === null) throw new Error(`a malformed reply line: "${printable(line.slice(0, 80))}"`);
      const c = Number(m[1]);
      if (code !== null && c !== code) throw new Error(`a multi-line reply whose lines have different codes`);
      code = c;
      if (m[2] !== "-") {
        const lines = this.lines.splice(0, i + 1);
        const first = /^[245]\d\d[ -]([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/.exec(lines[0] as string);
        const enhanced = first !== null && first[1] === String(c)[0] ? `${first[1]}.${first[2]}.${first[3]}` : null;
        return { code: c, enhanced, lines };
      }
    }
    return null;
  }

  read(ms: number, what: string): Promise<ProbeReply> {
    return new Promise<ProbeReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no reply ${what} within ${seconds(ms)}`));
      }, ms);
      this.waiter = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      if (this.failure !== null) {
        this.fail(this.failure);
        return;
      }
      this.deliver();
    });
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function socketMessage(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (nothing listens on that port)";
    case "ECONNRESET":
      return "the server reset the connection";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `no route to the host (${code})`;
    case "ENOTFOUND":
      return "the host name does not resolve";
    default:
      return e.message;
  }
}

const isControl = (c: number): boolean => c < 0x20 || (c >= 0x7f && c <= 0x9f);

/** Server text made safe for a terminal: control characters (ESC, C1) shown as \xNN, tabs kept. */
export function printable(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += isControl(c) && ch !== "\t" ? `\\x${c.toString(16).padStart(2, "0")}` : ch;
  }
  return out;
}

const hasControl = (s: string): boolean => [...s].some((ch) => isControl(ch.charCodeAt(0)));
const nonAscii = (s: string): boolean => [...s].some((ch) => ch.charCodeAt(0) > 0x7f);

/** CRLF line endings, dot-stuffing (RFC 5321 4.5.2) and the end-of-data line. */
export function dotStuff(data: Buffer): Buffer {
  const text = data.toString("latin1").replace(/\r\n|\r|\n/g, "\r\n");
  const body = text.replace(/^\./gm, "..");
  return Buffer.from(`${body}${body.endsWith("\r\n") || body === "" ? "" : "\r\n"}.\r\n`, "latin1");
}

function formatName(n: unknown): string | null {
  if (n === null || typeof n !== "object") return null;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
    for (const x of Array.isArray(v) ? v : [v]) parts.push(`${k}=${String(x)}`);
  }
  return parts.length > 0 ? parts.join(", ") : null;
}

function isoDate(s: string | undefined): string | null {
  if (s === undefined || s === "") return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

function tlsDetails(s: TLSSocket, mode: ProbeTls["mode"]): ProbeTls {
  const cert: PeerCertificate | Record<string, never> = s.getPeerCertificate();
  const has = cert !== null && Object.keys(cert).length > 0;
  const c = cert as Partial<PeerCertificate>;
  return {
    mode,
    protocol: s.getProtocol() ?? null,
    cipher: s.getCipher()?.name ?? null,
    verified: s.authorized,
    verifyError: s.authorized ? null : String(s.authorizationError ?? "not verified"),
    subject: has ? formatName(c.subject) : null,
    issuer: has ? formatName(c.issuer) : null,
    validFrom: has ? isoDate(c.valid_from) : null,
    validTo: has ? isoDate(c.valid_to) : null,
    altNames: has && typeof c.subjectaltname === "string" ? c.subjectaltname.split(/,\s*/).filter((x) => x !== "") : [],
    fingerprint256: has ? (c.fingerprint256 ?? null) : null,
  };
}

/** The EHLO keywords (upper case) with their parameters. */
function extensions(reply: ProbeReply): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of reply.lines.slice(1)) {
    const text = line.slice(4).trim();
    const [kw, ...rest] = text.split(/\s+/);
    if (kw !== undefined && kw !== "") out.set(kw.toUpperCase(), rest.join(" ").toUpperCase());
  }
  return out;
}

function expectedOk(step: SmtpStage, code: number, more: boolean): boolean {
  const cls = Math.floor(code / 100);
  if (step === "data") return code === 354;
  if (step === "auth") return more ? code === 334 : code === 235;
  if (step === "connect" || step === "starttls") return code === 220;
  if (step === "quit") return code === 221;
  return cls === 2;
}

/** Runs one SMTP transaction. Never throws for what the server does: failures end up in `error` and `steps`. */
export async function runProbe(o: ProbeOptions): Promise<ProbeResult> {
  const began = Date.now();
  const overall = o.overallTimeoutMs ?? o.stepTimeoutMs * (10 + o.to.length);
  const deadline = began + overall;
  const steps: ProbeStep[] = [];
  const result: ProbeResult = {
    host: o.host,
    port: o.port,
    ...(o.address !== undefined && o.address !== o.host ? { address: o.address } : {}),
    steps,
    ms: 0,
  };
  const target = o.address ?? o.host;
  const servername = isIP(o.host) === 0 ? o.host.replace(/\.$/, "") : undefined;
  let socket: Socket | null = null;
  let reader: ReplyReader | null = null;
  let pending: { step: SmtpStage; command: string } | null = null;

  const budget = (): number => {
    const left = deadline - Date.now();
    return Math.max(1, Math.min(o.stepTimeoutMs, left));
  };
  const reasonForTimeout = (ms: number): string =>
    ms < o.stepTimeoutMs ? "(the probe's overall deadline)" : "(--timeout per step)";

  async function exchange(step: SmtpStage, wire: string | Buffer | null, shown: string | null, more = false) {
    if (socket === null || reader === null) throw new StepError(step, "not connected");
    const t0 = Date.now();
    pending = shown === null ? null : { step, command: shown };
    if (wire !== null) socket.write(wire);
    const ms = budget();
    let reply: ProbeReply;
    try {
      reply = await reader.read(ms, shown === null ? "(greeting)" : `to ${shown.split(" ")[0]}`);
    } catch (e) {
      const msg = (e as Error).message;
      throw new StepError(step, msg.startsWith("no reply") ? `${msg} ${reasonForTimeout(ms)}` : msg);
    }
    pending = null;
    const ok = expectedOk(step, reply.code, more);
    const s: ProbeStep = {
      step,
      command: shown,
      reply,
      ok,
      ms: Date.now() - t0,
      ...(reply.code >= 400 ? { diagnosis: explain(reply.lines.join("\n"), { stage: step }) } : {}),
    };
    steps.push(s);
    return s;
  }

  async function open(): Promise<void> {
    const ms = budget();
    const s = await new Promise<Socket>((resolve, reject) => {
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new StepError("connect", `no connection within ${seconds(ms)} ${reasonForTimeout(ms)}`));
      }, ms);
      const done = (e: Error | null) => {
        clearTimeout(timer);
        if (e !== null) reject(new StepError("connect", socketMessage(e)));
        else resolve(sock);
      };
      const sock: Socket =
        o.security === "tls"
          ? tlsConnect({
              host: target,
              port: o.port,
              ...(servername !== undefined ? { servername } : {}),
              rejectUnauthorized: false,
              ...(o.ca !== undefined ? { ca: o.ca } : {}),
              checkServerIdentity: identityOf(o.host),
            })
          : tcpConnect({ host: target, port: o.port });
      sock.once(o.security === "tls" ? "secureConnect" : "connect", () => done(null));
      sock.once("error", (e) => done(e));
    });
    socket = s;
    reader = new ReplyReader(s);
    if (o.security === "tls") result.tls = tlsDetails(s as TLSSocket, "implicit");
  }

  async function upgrade(): Promise<void> {
    const plain = socket as Socket;
    const ms = budget();
    (reader as ReplyReader).discard();
    const s = await new Promise<TLSSocket>((resolve, reject) => {
      const timer = setTimeout(() => {
        sec.destroy();
        reject(new StepError("starttls", `no TLS handshake within ${seconds(ms)} ${reasonForTimeout(ms)}`));
      }, ms);
      const sec = tlsConnect({
        socket: plain,
        ...(servername !== undefined ? { servername } : {}),
        rejectUnauthorized: false,
        ...(o.ca !== undefined ? { ca: o.ca } : {}),
        checkServerIdentity: identityOf(o.host),
      });
      sec.once("secureConnect", () => {
        clearTimeout(timer);
        resolve(sec);
      });
      sec.once("error", (e) => {
        clearTimeout(timer);
        reject(new StepError("starttls", `TLS handshake failed: ${socketMessage(e)}`));
      });
    });
    (reader as ReplyReader).swap(s);
    socket = s;
    result.tls = tlsDetails(s, "starttls");
  }

  async function hello(): Promise<Map<string, string> | null> {
    const e = await exchange("ehlo", `EHLO ${o.helo}\r\n`, `EHLO ${o.helo}`);
    if (e.ok) return extensions(e.reply);
    if (e.reply.code === 421) return null;
    const h = await exchange("ehlo", `HELO ${o.helo}\r\n`, `HELO ${o.helo}`);
    return h.ok ? new Map() : null;
  }

  let quitting = true;
  try {
    await open();
    const greeting = await exchange("connect", null, null);
    if (!greeting.ok) {
      quitting = greeting.reply.code !== 421;
      throw new Halt();
    }
    let ext = await hello();
    if (ext === null) throw new Halt();
    if (o.security !== "tls" && o.security !== "none") {
      if (ext.has("STARTTLS")) {
        const st = await exchange("starttls", "STARTTLS\r\n", "STARTTLS");
        if (!st.ok) {
          if (o.security === "starttls") throw new Halt();
        } else {
          await upgrade();
          ext = await hello();
          if (ext === null) throw new Halt();
        }
      } else if (o.security === "starttls") {
        throw new StepError("starttls", "the server does not offer STARTTLS (not in its EHLO reply)");
      }
    }
    if (o.auth !== undefined) {
      if (!mayAuthenticate(o.address ?? o.host, result.tls !== undefined, o.allowPlainAuth === true)) {
        throw new StepError(
          "auth",
          "refusing to send the password over an unencrypted connection (no TLS was set up): use --tls, or --allow-plain-auth to send it anyway",
        );
      }
      const mechs = (ext.get("AUTH") ?? "").split(/\s+/);
      const { user, password } = o.auth;
      if (mechs.includes("PLAIN")) {
        const token = Buffer.from(`\0${user}\0${password}`, "utf8").toString("base64");
        const a = await exchange("auth", `AUTH PLAIN ${token}\r\n`, "AUTH PLAIN ****", false);
        if (!a.ok) throw new Halt();
      } else if (mechs.includes("LOGIN")) {
        const a = await exchange("auth", "AUTH LOGIN\r\n", "AUTH LOGIN", true);
        if (!a.ok) throw new Halt();
        const u = Buffer.from(user, "utf8").toString("base64");
        const b = await exchange("auth", `${u}\r\n`, u, true);
        if (!b.ok) throw new Halt();
        const p = Buffer.from(password, "utf8").toString("base64");
        const c = await exchange("auth", `${p}\r\n`, "****", false);
        if (!c.ok) throw new Halt();
      } else {
        throw new StepError(
          "auth",
          ext.has("AUTH")
            ? `the server offers AUTH ${ext.get("AUTH")}, not PLAIN or LOGIN`
            : result.tls === undefined && ext.size > 0
              ? "the server offers no AUTH (many offer it only after STARTTLS)"
              : "the server offers no AUTH",
        );
      }
    }
    const body = o.data !== undefined && ext.has("8BITMIME") && o.data.some((b) => b > 0x7f) ? " BODY=8BITMIME" : "";
    const utf8 = ext.has("SMTPUTF8") && [o.from, ...o.to].some(nonAscii) ? " SMTPUTF8" : "";
    const mail = await exchange(
      "mail",
      `MAIL FROM:<${o.from}>${body}${utf8}\r\n`,
      `MAIL FROM:<${o.from}>${body}${utf8}`,
    );
    if (!mail.ok) {
      quitting = mail.reply.code !== 421;
      throw new Halt();
    }
    let accepted = 0;
    for (const rcpt of o.to) {
      const r = await exchange("rcpt", `RCPT TO:<${rcpt}>\r\n`, `RCPT TO:<${rcpt}>`);
      if (r.reply.code === 421) {
        quitting = false;
        throw new Halt();
      }
      if (r.ok) accepted++;
    }
    if (o.data !== undefined && accepted > 0) {
      const d = await exchange("data", "DATA\r\n", "DATA");
      if (d.ok) {
        const wire = dotStuff(o.data);
        await exchange("end-of-data", wire, `(message, ${o.data.length} bytes)\r\n.`);
      } else if (d.reply.code === 421) {
        quitting = false;
      }
    }
  } catch (e) {
    if (e instanceof StepError) {
      const p = pending as { step: SmtpStage; command: string } | null;
      result.error = {
        step: e.step,
        message: e.message,
        ...(p !== null && p.step === e.step ? { command: p.command } : {}),
      };
      quitting = false;
    } else if (!(e instanceof Halt)) {
      result.error = { step: "other", message: (e as Error).message };
      quitting = false;
    }
  }
  if (quitting && socket !== null) {
    try {
      await exchange("quit", "QUIT\r\n", "QUIT");
    } catch {
      // A server that closes on QUIT without a reply is common enough not to count against it.
    }
  }
  (socket as Socket | null)?.destroy();
  (result as { ms: number }).ms = Date.now() - began;
  return result;
}

/** Ends the transaction after a refusal already recorded as a step. */
class Halt extends Error {}

/** Node's host name check, against the name probed (not the IP connected to for an MX). */
function identityOf(host: string): (servername: string, cert: PeerCertificate) => Error | undefined {
  return (_servername, cert) => checkServerIdentity(host.replace(/\.$/, ""), cert);
}

/**
 * The host to probe for a domain: its MX hosts lowest preference first (RFC 5321 section 5.1), the domain itself
 * when it has no MX (the implicit MX), an error for a null MX (RFC 7505) or a domain that does not exist.
 * The chosen host's address is resolved through the same client (A, then AAAA).
 */
export async function resolveMxTarget(
  domain: string,
  dns: DnsClient,
): Promise<{ mx: ProbeMx; address: string } | { error: string }> {
  const name = domain.replace(/\.$/, "").toLowerCase();
  let hosts: { exchange: string; priority: number }[];
  let implicit = false;
  try {
    const ans = await dns.mx(name);
    if (ans.status === "NXDOMAIN") return { error: `${name} does not exist (NXDOMAIN)` };
    hosts = [...ans.records]
      .map((r) => ({ exchange: r.exchange.replace(/\.$/, "").toLowerCase(), priority: r.priority }))
      .sort((a, b) => a.priority - b.priority);
    if (hosts.length === 1 && hosts[0]?.exchange === "") {
      return { error: `${name} publishes a null MX (RFC 7505): it accepts no mail` };
    }
    hosts = hosts.filter((h) => h.exchange !== "");
    if (hosts.length === 0) {
      implicit = true;
      hosts = [{ exchange: name, priority: 0 }];
    }
  } catch (e) {
    return { error: `MX lookup for ${name} failed: ${(e as Error).message}` };
  }
  const chosen = (hosts[0] as { exchange: string }).exchange;
  try {
    let addrs = await dns.a(chosen);
    if (addrs.records.length === 0) addrs = await dns.aaaa(chosen);
    const address = addrs.records[0];
    if (address === undefined) {
      return {
        error: implicit
          ? `${name} has no MX and no address record: it cannot receive mail`
          : `the MX host ${chosen} has no address record (${addrs.status})`,
      };
    }
    return { mx: { domain: name, hosts, chosen, implicit }, address };
  } catch (e) {
    return { error: `address lookup for ${chosen} failed: ${(e as Error).message}` };
  }
}

/** Reads a line from a terminal without echoing it. */
export function promptHidden(
  prompt: string,
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WritableStream,
): Promise<string | null> {
  return new Promise((resolve) => {
    stderr.write(prompt);
    const wasRaw = stdin.isRaw === true;
    stdin.setRawMode?.(true);
    stdin.resume();
    let value = "";
    const finish = (v: string | null) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      stderr.write("\n");
      resolve(v);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish(value);
        if (ch === "\u0003") return finish(null);
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

function codeText(r: ProbeReply): string {
  return `${r.code}${r.enhanced !== null ? ` ${r.enhanced}` : ""}`;
}

/** The transcript (C:/S: lines), the TLS details, the outcome and a diagnosis card for each failed step. */
export function renderProbe(r: ProbeResult, paint: Paint): string {
  const out: string[] = [];
  const where = `${r.host.includes(":") ? `[${r.host}]` : r.host}:${r.port}`;
  out.push(paint.bold(`SMTP probe of ${where}${r.address !== undefined ? ` (${r.address})` : ""}`));
  if (r.mx !== undefined) {
    out.push(
      r.mx.implicit
        ? `  ${r.mx.domain} has no MX: its own address is used (implicit MX)`
        : `  MX of ${r.mx.domain}: ${r.mx.hosts.map((h) => `${h.exchange} (${h.priority})`).join(", ")}; probing the first`,
    );
  }
  out.push("");
  for (const s of r.steps) {
    if (s.command !== null) out.push(`${paint.cyan("C:")} ${printable(s.command)}`);
    const colour = s.ok ? (x: string) => x : s.reply.code >= 500 ? paint.red : paint.yellow;
    s.reply.lines.forEach((l, i) => {
      const tail = i === s.reply.lines.length - 1 ? paint.dim(`  (${s.ms} ms)`) : "";
      out.push(`${paint.dim("S:")} ${colour(printable(l))}${tail}`);
    });
    if (
      r.tls !== undefined &&
      ((s.step === "starttls" && s.ok) || (s.step === "connect" && r.tls.mode === "implicit"))
    ) {
      out.push(...renderTls(r.tls, paint));
    }
  }
  if (r.tls !== undefined && r.tls.mode === "starttls" && !r.steps.some((s) => s.step === "starttls" && s.ok)) {
    out.push(...renderTls(r.tls, paint));
  }
  if (r.error !== undefined) {
    if (r.error.command !== undefined) out.push(`${paint.cyan("C:")} ${printable(r.error.command)}`);
    out.push(paint.red(`!! ${r.error.step}: ${printable(r.error.message)}`));
  }
  out.push("");
  const failed = r.steps.filter((s) => !s.ok);
  if (probeSucceeded(r)) {
    out.push(paint.green(`Every step succeeded (${r.steps.length} replies, ${r.ms} ms).`));
  } else if (r.error !== undefined) {
    out.push(paint.red(`The probe stopped at ${r.error.step}: ${printable(r.error.message)}`));
  } else {
    const f = failed[0] as ProbeStep;
    out.push(
      paint.red(
        `Refused at ${f.step}: ${printable(codeText(f.reply))}${failed.length > 1 ? ` (${failed.length} failed replies)` : ""}`,
      ),
    );
  }
  for (const s of failed) {
    if (s.diagnosis === undefined) continue;
    // The card quotes the server's text: escaped like the transcript.
    const d = s.diagnosis;
    const safe: Diagnosis = {
      ...d,
      text: printable(d.text),
      addresses: d.addresses.map(printable),
      remoteHost: d.remoteHost === null ? null : printable(d.remoteHost),
    };
    out.push("", paint.bold(`== ${s.step}: ${printable(s.command ?? "(greeting)")}`), renderCard(safe, paint));
  }
  return `${out.join("\n")}\n`;
}

function renderTls(t: ProbeTls, paint: Paint): string[] {
  const lines = [
    paint.dim(`   TLS ${t.protocol ?? "?"} ${t.cipher ?? ""} (${t.mode === "implicit" ? "implicit TLS" : "STARTTLS"})`),
    paint.dim(`   certificate: ${t.subject ?? "(none)"}; issuer: ${t.issuer ?? "?"}`),
    paint.dim(
      `   valid ${t.validFrom ?? "?"} to ${t.validTo ?? "?"}${t.altNames.length > 0 ? `; names: ${t.altNames.join(", ")}` : ""}`,
    ),
  ];
  lines.push(
    t.verified
      ? paint.green("   certificate verified")
      : paint.yellow(`   certificate NOT verified (${t.verifyError ?? "unknown"}); the probe continued anyway`),
  );
  return lines.map(printable);
}

/** Exit 0 material: no error and every reply as expected (a refused EHLO that HELO made up for does not count). */
export function probeSucceeded(r: ProbeResult): boolean {
  if (r.error !== undefined) return false;
  return r.steps.every((s, i) => {
    if (s.ok) return true;
    const next = r.steps[i + 1];
    return s.step === "ehlo" && s.command?.startsWith("EHLO ") === true && next?.step === "ehlo" && next.ok;
  });
}

export interface ProbeCommandIo {
  readonly write: (s: string) => void;
  readonly setExitCode: (code: number) => void;
  readonly usage: (message: string) => Error;
  readonly paint: (color: boolean | undefined) => Paint;
  /** For --auth: the environment (BOUNCEWISE_SMTP_PASSWORD) and the terminal to prompt on; process's by default. */
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: NodeJS.ReadStream;
  readonly stderr?: NodeJS.WritableStream;
}

/** "host", "host:port", "[v6]:port", a bare IPv6 address; null when malformed. */
export function parseTarget(value: string): { host: string; port: number | null } | null {
  const portOf = (p: string): number | null => {
    const n = Number(p);
    return /^\d{1,5}$/.test(p) && n > 0 && n < 65536 ? n : null;
  };
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(value);
  if (v6 !== null) {
    if (isIP(v6[1] as string) !== 6) return null;
    if (v6[2] === undefined) return { host: v6[1] as string, port: null };
    const port = portOf(v6[2]);
    return port === null ? null : { host: v6[1] as string, port };
  }
  if (isIP(value) === 6) return { host: value, port: null };
  const m = /^([A-Za-z0-9_.-]{1,253})(?::(\d+))?$/.exec(value);
  if (m === null) return null;
  const host = m[1] as string;
  if (isIP(host) === 0 && !/^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/.test(host))
    return null;
  if (m[2] === undefined) return { host, port: null };
  const port = portOf(m[2]);
  return port === null ? null : { host, port };
}

/** An address for MAIL FROM / RCPT TO, brackets optional; null when it cannot go on the wire as is. */
function pathOf(value: string): string | null {
  const v = value.startsWith("<") && value.endsWith(">") ? value.slice(1, -1) : value;
  if (v.length > 320 || /[\s<>]/.test(v) || hasControl(v)) return null;
  return v;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerProbeCommand(program: Command, io: ProbeCommandIo): void {
  program
    .command("probe")
    .description(
      "run one SMTP transaction against a server (greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, QUIT) and diagnose each refusal",
    )
    .argument("[host]", "HOST[:PORT] of the SMTP server (port 25, or 465 with --tls); omit with --mx")
    .option("--starttls", "require STARTTLS (by default it is used when the server offers it)")
    .option("--no-starttls", "never use STARTTLS")
    .option("--tls", "implicit TLS from the start (port 465)")
    .option("--auth <user>", "authenticate (AUTH PLAIN or LOGIN); password from BOUNCEWISE_SMTP_PASSWORD or a prompt")
    .option(
      "--allow-plain-auth",
      "send the password even when no TLS was set up (refused by default, except on loopback)",
    )
    .option("--from <addr>", "the MAIL FROM address (default: the null sender <>)", "")
    .option("--to <addr>", "a RCPT TO address (repeatable)", collect)
    .option("--data <file>", "send this file as the message (DATA); without it no message is sent")
    .option("--helo <name>", "the name to give in EHLO/HELO (default: this machine's host name)")
    .option("--mx <domain>", "probe the first MX host of this domain on port 25")
    .option("--timeout <seconds>", "deadline for each step", "30")
    .option("--resolver <host[:port]>", "DNS server for --mx (an IP, with an optional port)")
    .option("--json", "print the result as JSON")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .action(
      async (
        hostArg: string | undefined,
        opts: {
          starttls?: boolean;
          tls?: boolean;
          auth?: string;
          allowPlainAuth?: boolean;
          from: string;
          to?: string[];
          data?: string;
          helo?: string;
          mx?: string;
          timeout: string;
          resolver?: string;
          json?: boolean;
          color?: boolean;
        },
      ) => {
        if ((hostArg === undefined) === (opts.mx === undefined))
          throw io.usage("give either HOST[:PORT] or --mx DOMAIN (one of them)");
        if (opts.tls === true && opts.starttls !== undefined)
          throw io.usage("--tls (implicit TLS) and --starttls/--no-starttls do not go together");
        if (opts.tls === true && opts.mx !== undefined)
          throw io.usage("MX hosts take STARTTLS on port 25, not implicit TLS: drop --tls");
        const seconds = Number(opts.timeout);
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
          throw io.usage(`--timeout must be a number of seconds between 0 and 600, not "${opts.timeout}"`);
        if (opts.resolver !== undefined && !validResolver(opts.resolver))
          throw io.usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
        const from = pathOf(opts.from);
        if (from === null) throw io.usage(`--from "${opts.from}" is not an address that can go in MAIL FROM`);
        const to: string[] = [];
        for (const t of opts.to ?? []) {
          const p = pathOf(t);
          if (p === null || p === "") throw io.usage(`--to "${t}" is not an address that can go in RCPT TO`);
          to.push(p);
        }
        if (opts.data !== undefined && to.length === 0) throw io.usage("--data needs at least one --to");
        const helo = opts.helo ?? defaultHelo();
        if (
          !/^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})$|^\[[0-9A-Fa-f:.]{2,45}\]$|^\[IPv6:[0-9A-Fa-f:.]{2,45}\]$/.test(helo)
        )
          throw io.usage(`--helo "${helo}" is not a host name or an address literal like [192.0.2.1]`);
        let data: Buffer | undefined;
        if (opts.data !== undefined) {
          try {
            const st = await stat(opts.data);
            if (st.size > MAX_DATA_BYTES) throw new Error(`larger than ${MAX_DATA_BYTES / 1024 / 1024} MB`);
            data = await readFile(opts.data);
          } catch (e) {
            throw io.usage(`cannot read --data ${opts.data}: ${(e as Error).message}`);
          }
        }
        let password: string | undefined;
        if (opts.auth !== undefined) {
          if (hasControl(opts.auth) || opts.auth === "") throw io.usage("--auth needs a user name");
          const env = io.env ?? process.env;
          const stdin = io.stdin ?? process.stdin;
          password = env.BOUNCEWISE_SMTP_PASSWORD;
          if (password === undefined) {
            if (stdin.isTTY !== true)
              throw io.usage("--auth: set BOUNCEWISE_SMTP_PASSWORD (standard input is not a terminal to ask on)");
            const typed = await promptHidden(`Password for ${opts.auth}: `, stdin, io.stderr ?? process.stderr);
            if (typed === null) throw io.usage("no password given");
            password = typed;
          }
        }

        const security: ProbeOptions["security"] =
          opts.tls === true
            ? "tls"
            : opts.starttls === true
              ? "starttls"
              : opts.starttls === false
                ? "none"
                : undefined;
        const common = {
          ...(security !== undefined ? { security } : {}),
          helo,
          ...(opts.auth !== undefined && password !== undefined ? { auth: { user: opts.auth, password } } : {}),
          ...(opts.allowPlainAuth === true ? { allowPlainAuth: true } : {}),
          from,
          to,
          ...(data !== undefined ? { data } : {}),
          stepTimeoutMs: seconds * 1000,
        };
        let result: ProbeResult;
        if (opts.mx !== undefined) {
          const dns = createNodeDnsClient({
            ...(opts.resolver === undefined ? {} : { server: opts.resolver }),
            timeoutMs: Math.min(3000, seconds * 1000),
          });
          let target: Awaited<ReturnType<typeof resolveMxTarget>>;
          try {
            target = await resolveMxTarget(opts.mx, dns);
          } finally {
            dns.close();
          }
          if ("error" in target) {
            result = { host: opts.mx, port: 25, steps: [], error: { step: "connect", message: target.error }, ms: 0 };
          } else {
            result = await runProbe({
              ...common,
              host: target.mx.chosen,
              port: 25,
              address: target.address,
            });
            result = { ...result, mx: target.mx };
          }
        } else {
          const t = parseTarget(hostArg as string);
          if (t === null) throw io.usage(`"${hostArg}" is not HOST[:PORT]`);
          result = await runProbe({ ...common, host: t.host, port: t.port ?? (security === "tls" ? 465 : 25) });
        }
        io.write(
          opts.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderProbe(result, io.paint(opts.color)),
        );
        io.setExitCode(probeSucceeded(result) ? 0 : 1);
      },
    );
}

function defaultHelo(): string {
  const h = osHostname();
  return /^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})$/.test(h) ? h : "localhost";
}
