// The Node edge of DnsClient: our own DNS client (wire.ts for the packets, wire-transport.ts for UDP and TCP) asking
// the system's servers (node:dns getServers(), from /etc/resolv.conf) or --resolver HOST[:PORT], with a deadline per
// try, retries over the servers, a cache that keeps every answer for its own TTL (negative answers for the SOA's
// negative TTL, RFC 2308 section 5), shared lookups in flight and a limit on lookups in flight.

import { randomInt } from "node:crypto";
import { getServers } from "node:dns";
import { setMaxListeners } from "node:events";
import { parseIPv4, parseIPv6 } from "../core/auth/ip.js";
import type { DnsAnswer, DnsClient, MxRecord } from "../core/dns/types.js";
import { DnsLookupError } from "../core/dns/types.js";
import {
  canonicalName,
  type DnsRecord,
  DnsWireError,
  encodeQuery,
  nameKey,
  RCODE,
  type ReadAnswer,
  RR_TYPE,
  readAnswer,
  txtText,
} from "./wire.js";
import {
  type DnsServerAddress,
  DnsTransportError,
  exchange,
  formatServerAddress,
  parseServerAddress,
} from "./wire-transport.js";

export interface NodeDnsOptions {
  /** "HOST" or "HOST:PORT" or "[v6]:PORT" (an IP address); the system's resolvers when absent. */
  readonly server?: string;
  /** Several servers, tried in this order on a timeout or a failure; takes the place of `server`. */
  readonly servers?: readonly string[];
  /** Per try, in ms (default 2,000); a truncated UDP reply and its TCP retry share one try's time. */
  readonly timeoutMs?: number;
  /** Rounds over the servers per lookup (default 2). */
  readonly tries?: number;
  /** Lookups in flight at most (default 16). */
  readonly concurrency?: number;
  /** How long NXDOMAIN and NODATA answers without an SOA stay cached, in seconds (default 60). */
  readonly defaultTtlSeconds?: number;
  /** The longest any answer stays cached, in seconds (default 86,400). */
  readonly maxTtlSeconds?: number;
  /** The longest a negative answer stays cached, in seconds (default 10,800: RFC 2308 section 5's three hours). */
  readonly maxNegativeTtlSeconds?: number;
  /** Entries kept in the cache at most (default 10,000); the oldest goes first. */
  readonly cacheSize?: number;
  /** The clock of the cache, in ms (default Date.now); the deadlines of tries always use real time. */
  readonly now?: () => number;
}

/**
 * The servers to ask, in order: the one given ("HOST", "HOST:PORT", "[v6]:PORT"), else the system's, as node:dns
 * reads them from /etc/resolv.conf (127.0.0.1 when there are none, as c-ares does).
 */
export function serverList(server?: string): string[] {
  if (server !== undefined) return [server];
  const system = getServers();
  return system.length > 0 ? system : ["127.0.0.1"];
}

/** A DnsClient that can be closed: lookups in flight are cancelled and later ones fail at once. */
export interface NodeDnsClient extends DnsClient {
  cname(name: string): Promise<DnsAnswer<string>>;
  close(): void;
}

/** "192.0.2.1" -> "1.2.0.192.in-addr.arpa"; IPv6 -> its 32 nibbles under ip6.arpa (RFC 3596 section 2.5). */
function reverseName(ip: string): string | null {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return `${v4[3]}.${v4[2]}.${v4[1]}.${v4[0]}.in-addr.arpa`;
  const v6 = parseIPv6(ip);
  if (v6 === null) return null;
  const hex = v6.map((g) => g.toString(16).padStart(4, "0")).join("");
  return `${[...hex].reverse().join(".")}.ip6.arpa`;
}

const RCODE_FAILURES: Readonly<Record<number, "SERVFAIL" | "REFUSED">> = {
  [RCODE.SERVFAIL]: "SERVFAIL",
  [RCODE.REFUSED]: "REFUSED",
};

interface CacheEntry {
  readonly expires: number;
  readonly answer: DnsAnswer<unknown>;
}

export function createNodeDnsClient(options: NodeDnsOptions = {}): NodeDnsClient {
  const servers: DnsServerAddress[] = (options.servers ?? serverList(options.server)).map((s) => {
    const parsed = parseServerAddress(s);
    if (parsed === null) throw new TypeError(`not a DNS server address (IP, IP:PORT or [IPv6]:PORT): "${s}"`);
    return parsed;
  });
  if (servers.length === 0) throw new TypeError("no DNS server to ask");
  const timeoutMs = options.timeoutMs ?? 2000;
  const tries = Math.max(1, options.tries ?? 2);
  const limit = Math.max(1, options.concurrency ?? 16);
  const defaultNegativeTtl = options.defaultTtlSeconds ?? 60;
  const maxTtl = options.maxTtlSeconds ?? 86_400;
  const maxNegativeTtl = options.maxNegativeTtlSeconds ?? 10_800;
  const cacheSize = options.cacheSize ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const pending = new Map<string, Promise<DnsAnswer<unknown>>>();
  /** Servers that answered FORMERR to EDNS: asked without it from then on (RFC 6891 section 7). */
  const noEdns = new Set<string>();
  const cancel = new AbortController();
  setMaxListeners(0, cancel.signal); // one listener per exchange in flight
  let active = 0;
  let closed = false;
  const waiting: (() => void)[] = [];

  const closedError = (query: string) => new DnsLookupError("ERROR", query, `${query}: the DNS client was closed`);

  async function slot<T>(query: string, work: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    if (closed) throw closedError(query);
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  }

  /** One server, one try (and one more without EDNS after a FORMERR): an answer, or the failure to remember. */
  async function askServer(
    query: string,
    server: DnsServerAddress,
    qname: string,
    type: number,
  ): Promise<ReadAnswer | DnsLookupError> {
    const where = formatServerAddress(server);
    // Twice at most: a FORMERR to EDNS turns EDNS off for this server, and the second pass asks without it.
    for (;;) {
      const edns = !noEdns.has(where);
      const id = randomInt(0x10000);
      let reply: Awaited<ReturnType<typeof exchange>>;
      try {
        const bytes = encodeQuery({ id, name: qname, type, edns });
        reply = await exchange({ server, query: bytes, id, name: qname, type, timeoutMs, signal: cancel.signal });
      } catch (e) {
        if (e instanceof DnsTransportError) {
          if (e.code === "CLOSED") throw closedError(query);
          return new DnsLookupError(e.code, query, `${query}: ${where}: ${e.message}`);
        }
        return new DnsLookupError("ERROR", query, `${query}: ${where}: ${(e as Error).message}`);
      }
      const m = reply.message;
      if (m.rcode === RCODE.FORMERR && edns) {
        noEdns.add(where);
        continue;
      }
      if (m.rcode === RCODE.NOERROR || m.rcode === RCODE.NXDOMAIN) {
        try {
          return readAnswer(m, qname, type);
        } catch (e) {
          return new DnsLookupError("ERROR", query, `${query}: ${where}: ${(e as Error).message}`);
        }
      }
      const code = RCODE_FAILURES[m.rcode] ?? "ERROR";
      return new DnsLookupError(code, query, `${query}: ${where} answered RCODE ${m.rcode}`);
    }
  }

  /** Rounds over the servers in order; a timeout or a failed answer moves on; the last failure is the lookup's. */
  async function resolve(query: string, qname: string, type: number): Promise<ReadAnswer> {
    let last: DnsLookupError | null = null;
    for (let round = 0; round < tries; round++) {
      for (const server of servers) {
        if (closed) throw closedError(query);
        const r = await askServer(query, server, qname, type);
        if (!(r instanceof DnsLookupError)) return r;
        last = r;
      }
    }
    throw last ?? new DnsLookupError("ERROR", query);
  }

  function remember(key: string, answer: DnsAnswer<unknown>, ttl: number | null): void {
    const seconds =
      answer.status === "ok" ? Math.min(ttl ?? 0, maxTtl) : Math.min(ttl ?? defaultNegativeTtl, maxNegativeTtl);
    if (!(seconds > 0) || cacheSize <= 0) return;
    cache.delete(key);
    // The oldest entries go first (a Map keeps insertion order); the rest of the cache stays.
    for (const oldest of cache.keys()) {
      if (cache.size < cacheSize) break;
      cache.delete(oldest);
    }
    cache.set(key, { expires: now() + seconds * 1000, answer });
  }

  function lookup<T>(
    label: string,
    type: number,
    name: string,
    query: string,
    recordValue: (r: DnsRecord) => T | null,
  ): Promise<DnsAnswer<T>> {
    if (closed) return Promise.reject(closedError(query));
    let qname: string;
    try {
      qname = canonicalName(name);
    } catch (e) {
      const why = e instanceof DnsWireError ? e.message : String(e);
      return Promise.reject(new DnsLookupError("ERROR", query, `${query}: ${why}`));
    }
    const key = `${label} ${nameKey(qname)}`;
    const hit = cache.get(key);
    if (hit !== undefined) {
      if (hit.expires > now()) return Promise.resolve(hit.answer as DnsAnswer<T>);
      cache.delete(key);
    }
    const shared = pending.get(key);
    if (shared !== undefined) return shared as Promise<DnsAnswer<T>>;
    const run = slot(query, () => resolve(query, qname, type)).then((read) => {
      const records: T[] = [];
      for (const r of read.records) {
        const v = recordValue(r);
        if (v !== null) records.push(v);
      }
      const status = read.status === "ok" && records.length === 0 ? "NODATA" : read.status;
      const answer: DnsAnswer<T> = { status, records };
      if (!closed) remember(key, answer, status === read.status ? read.ttl : null);
      return answer;
    });
    pending.set(key, run);
    const clear = () => {
      if (pending.get(key) === run) pending.delete(key);
    };
    run.then(clear, clear);
    return run;
  }

  const text = (r: DnsRecord) => (r.data.kind === "txt" ? txtText(r.data.strings) : null);
  const address = (r: DnsRecord) => (r.data.kind === "a" || r.data.kind === "aaaa" ? r.data.address : null);
  const target = (r: DnsRecord) => (r.data.kind === "name" ? r.data.target : null);
  const mx = (r: DnsRecord): MxRecord | null =>
    r.data.kind === "mx" ? { exchange: r.data.exchange.toLowerCase(), priority: r.data.priority } : null;

  return {
    txt: (name) => lookup("TXT", RR_TYPE.TXT, name, `TXT ${name}`, text),
    mx: (name) => lookup("MX", RR_TYPE.MX, name, `MX ${name}`, mx),
    a: (name) => lookup("A", RR_TYPE.A, name, `A ${name}`, address),
    aaaa: (name) => lookup("AAAA", RR_TYPE.AAAA, name, `AAAA ${name}`, address),
    cname: (name) => lookup("CNAME", RR_TYPE.CNAME, name, `CNAME ${name}`, target),
    ptr: (ip) => {
      const reverse = reverseName(ip);
      if (reverse === null)
        return Promise.reject(new DnsLookupError("ERROR", `PTR ${ip}`, `PTR ${ip}: not an IP address`));
      return lookup("PTR", RR_TYPE.PTR, reverse, `PTR ${ip}`, target);
    },
    close: () => {
      closed = true;
      cancel.abort();
      cache.clear();
      // Queued lookups wake up and fail at once.
      for (const wake of waiting.splice(0)) wake();
    },
  };
}
