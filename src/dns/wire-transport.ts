// One DNS exchange with one server: the query over UDP from a fresh socket (a random source port, RFC 5452 section
// 9.2), and over TCP with a two-byte length prefix (RFC 1035 section 4.2.2, RFC 7766) when the UDP reply is truncated,
// both within one deadline. Only a reply from the server's address with the query's id, name and type is taken.
// The packet format is wire.ts; this file owns the sockets.

import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { canonicalIp, parseIPv4, parseIPv6 } from "../core/auth/ip.js";
import { CLASS_IN, type DnsMessage, decodeMessage, MAX_MESSAGE_OCTETS, nameKey, RCODE } from "./wire.js";

export interface DnsServerAddress {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
}

/** "192.0.2.53", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::53]:5353" (node:dns getServers() spells them so). */
export function parseServerAddress(text: string): DnsServerAddress | null {
  const s = text.trim();
  let host = s;
  let portText: string | null = null;
  if (s.startsWith("[")) {
    const close = s.indexOf("]");
    if (close < 0) return null;
    host = s.slice(1, close);
    const rest = s.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) return null;
      portText = rest.slice(1);
    }
  } else if (s.indexOf(":") === s.lastIndexOf(":") && s.includes(":")) {
    // One colon: IPv4 with a port. Two or more: a bare IPv6 address.
    host = s.slice(0, s.indexOf(":"));
    portText = s.slice(s.indexOf(":") + 1);
  }
  let port = 53;
  if (portText !== null) {
    if (!/^[0-9]{1,5}$/.test(portText)) return null;
    port = Number(portText);
    if (port < 1 || port > 65_535) return null;
  }
  if (parseIPv4(host) !== null) return { host, port, family: 4 };
  if (parseIPv6(host) !== null) return { host, port, family: 6 };
  return null;
}

export function formatServerAddress(s: DnsServerAddress): string {
  return s.family === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

/** Why an exchange gave no reply. CLOSED: cancelled through the signal. */
export type DnsTransportFailure = "TIMEOUT" | "REFUSED" | "ERROR" | "CLOSED";

export class DnsTransportError extends Error {
  constructor(
    readonly code: DnsTransportFailure,
    message: string,
  ) {
    super(message);
    this.name = "DnsTransportError";
  }
}

export interface DnsExchange {
  readonly server: DnsServerAddress;
  /** The encoded query (wire.ts encodeQuery). */
  readonly query: Uint8Array;
  readonly id: number;
  /** The name asked, in wire.ts's text form, and the type: a reply must repeat them. */
  readonly name: string;
  readonly type: number;
  /** For UDP and, when the reply is truncated, TCP together. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface DnsReply {
  readonly message: DnsMessage;
  readonly via: "udp" | "tcp";
}

/** Whether a decoded reply answers the exchange: QR, the id, and the one question (a FORMERR may omit it). */
function answers(m: DnsMessage, x: DnsExchange): boolean {
  if (!m.qr || m.id !== x.id || m.opcode !== 0) return false;
  if (m.questions.length === 0) return m.rcode === RCODE.FORMERR;
  const q = m.questions[0];
  return (
    m.questions.length === 1 &&
    q !== undefined &&
    q.type === x.type &&
    q.class === CLASS_IN &&
    nameKey(q.name) === nameKey(x.name)
  );
}

function failureOf(e: unknown): DnsTransportError {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return new DnsTransportError(code === "ECONNREFUSED" ? "REFUSED" : "ERROR", message);
}

/**
 * Runs `start` until it settles `done` or `fail`, the deadline passes (TIMEOUT) or the signal aborts (CLOSED);
 * `cleanup` runs once in every case.
 */
function bounded<T>(
  x: DnsExchange,
  deadline: number,
  start: (done: (v: T) => void, fail: (e: DnsTransportError) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let cleanup: () => void = () => undefined;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      x.signal?.removeEventListener("abort", onAbort);
      try {
        cleanup();
      } catch {
        // a socket already closed
      }
      f();
    };
    const onAbort = () => finish(() => reject(new DnsTransportError("CLOSED", "cancelled")));
    const timer = setTimeout(
      () => finish(() => reject(new DnsTransportError("TIMEOUT", `no reply within ${x.timeoutMs} ms`))),
      Math.max(0, deadline - Date.now()),
    );
    if (x.signal?.aborted === true) {
      onAbort();
      return;
    }
    x.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      cleanup = start(
        (v) => finish(() => resolve(v)),
        (e) => finish(() => reject(e)),
      );
    } catch (e) {
      finish(() => reject(failureOf(e)));
    }
    if (settled) {
      try {
        cleanup();
      } catch {
        // a socket already closed
      }
    }
  });
}

function overUdp(x: DnsExchange, deadline: number): Promise<DnsMessage> {
  const serverIp = canonicalIp(x.server.host);
  return bounded<DnsMessage>(x, deadline, (done, fail) => {
    const socket = createSocket(x.server.family === 6 ? "udp6" : "udp4");
    socket.on("error", (e) => fail(failureOf(e)));
    socket.on("message", (buf, rinfo) => {
      // A connected socket only gets datagrams from the server; checked again all the same.
      if (rinfo.port !== x.server.port || canonicalIp(rinfo.address) !== serverIp) return;
      let head: DnsMessage;
      try {
        head = decodeMessage(buf, { questionsOnly: true });
      } catch (e) {
        // Garbage with our id is the server's broken reply; other garbage may be anyone's, and is dropped.
        if (buf.length >= 2 && buf.readUInt16BE(0) === x.id) fail(new DnsTransportError("ERROR", (e as Error).message));
        return;
      }
      if (!answers(head, x)) return;
      if (head.tc) {
        done(head);
        return;
      }
      try {
        done(decodeMessage(buf));
      } catch (e) {
        fail(new DnsTransportError("ERROR", `a malformed reply: ${(e as Error).message}`));
      }
    });
    socket.connect(x.server.port, x.server.host, () => {
      socket.send(x.query, (e) => {
        if (e) fail(failureOf(e));
      });
    });
    return () => socket.close();
  });
}

function overTcp(x: DnsExchange, deadline: number): Promise<DnsMessage> {
  return bounded<DnsMessage>(x, deadline, (done, fail) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let need = -1;
    const socket = connect({ host: x.server.host, port: x.server.port });
    socket.setNoDelay(true);
    socket.on("error", (e) => fail(failureOf(e)));
    socket.on("connect", () => {
      const frame = Buffer.alloc(2 + x.query.length);
      frame.writeUInt16BE(x.query.length, 0);
      frame.set(x.query, 2);
      socket.write(frame);
    });
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (need < 0 && total >= 2) {
        const head = Buffer.concat(chunks);
        chunks.length = 0;
        chunks.push(head);
        need = head.readUInt16BE(0);
      }
      if (need < 0 || total < 2 + need) return;
      // The length prefix caps a reply at 65,535 octets; anything after the first reply is ignored.
      const buf = Buffer.concat(chunks).subarray(2, 2 + need);
      let m: DnsMessage;
      try {
        m = decodeMessage(buf);
      } catch (e) {
        fail(new DnsTransportError("ERROR", `a malformed reply over TCP: ${(e as Error).message}`));
        return;
      }
      if (!answers(m, x)) fail(new DnsTransportError("ERROR", "a reply over TCP that does not match the query"));
      else done(m);
    });
    socket.on("close", () => fail(new DnsTransportError("ERROR", "the TCP connection closed before a reply")));
    return () => socket.destroy();
  });
}

/**
 * Asks one server: UDP, then TCP when the reply is truncated, all within `timeoutMs`. Resolves with the decoded reply
 * whatever its RCODE; rejects only with DnsTransportError.
 */
export async function exchange(x: DnsExchange): Promise<DnsReply> {
  if (x.query.length > MAX_MESSAGE_OCTETS) throw new DnsTransportError("ERROR", "a query over 65,535 octets");
  const deadline = Date.now() + x.timeoutMs;
  const udp = await overUdp(x, deadline);
  if (!udp.tc) return { message: udp, via: "udp" };
  return { message: await overTcp(x, deadline), via: "tcp" };
}
