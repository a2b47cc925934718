// The Node edge of DnsClient: node:dns's Resolver (the system's servers, or --resolver HOST[:PORT]) with a deadline
// per lookup, retries, a cache that honours TTLs where Node reports them (A, AAAA) and keeps other answers for a
// bounded time, and a limit on lookups in flight.

import { Resolver } from "node:dns/promises";
import type { DnsAnswer, DnsClient, MxRecord } from "../core/dns/types.js";
import { DnsLookupError } from "../core/dns/types.js";

export interface NodeDnsOptions {
  /** "HOST" or "HOST:PORT" or "[v6]:PORT"; the system's resolvers when absent. */
  readonly server?: string;
  /** Per try, in ms (default 2,000). */
  readonly timeoutMs?: number;
  /** Tries per lookup (default 2). */
  readonly tries?: number;
  /** Lookups in flight at most (default 16). */
  readonly concurrency?: number;
  /** How long answers without a TTL from Node (TXT, MX, PTR, failures) stay cached, in seconds (default 60). */
  readonly defaultTtlSeconds?: number;
  /** Entries kept in the cache at most (default 10,000). */
  readonly cacheSize?: number;
}

const FAILURES: Readonly<Record<string, "NXDOMAIN" | "NODATA" | "SERVFAIL" | "TIMEOUT" | "REFUSED">> = {
  ENOTFOUND: "NXDOMAIN",
  ENODATA: "NODATA",
  ESERVFAIL: "SERVFAIL",
  ETIMEOUT: "TIMEOUT",
  ECONNREFUSED: "REFUSED",
  EREFUSED: "REFUSED",
};

/** "1.2.3.4:5353" -> ["1.2.3.4:5353"]; "::1" stays as it is; "[::1]:5353" is what Node expects for v6 with a port. */
export function serverList(server: string): string[] {
  return [server];
}

/** A DnsClient that can be closed: lookups in flight are cancelled and later ones fail at once. */
export interface NodeDnsClient extends DnsClient {
  close(): void;
}

export function createNodeDnsClient(options: NodeDnsOptions = {}): NodeDnsClient {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
  if (options.server !== undefined) resolver.setServers(serverList(options.server));
  const limit = options.concurrency ?? 16;
  const defaultTtl = (options.defaultTtlSeconds ?? 60) * 1000;
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = new Map<string, { until: number; value: Promise<DnsAnswer<unknown>> }>();
  let active = 0;
  let closed = false;
  const waiting: (() => void)[] = [];

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    if (closed) throw new DnsLookupError("ERROR", "lookup", "the DNS client was closed");
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  }

  function cached<T>(key: string, run: () => Promise<{ answer: DnsAnswer<T>; ttlMs: number }>): Promise<DnsAnswer<T>> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit !== undefined && hit.until > now) return hit.value as Promise<DnsAnswer<T>>;
    const value = slot(run).then(
      ({ answer, ttlMs }) => {
        const entry = cache.get(key);
        if (entry !== undefined) entry.until = Date.now() + ttlMs;
        return answer;
      },
      (e) => {
        cache.delete(key); // failures are not kept: the next check asks again
        throw e;
      },
    );
    if (cache.size >= cacheSize) cache.clear();
    cache.set(key, { until: now + defaultTtl, value });
    return value;
  }

  async function ask<T>(query: string, run: () => Promise<T[]>): Promise<{ answer: DnsAnswer<T>; ttlMs: number }> {
    try {
      const records = await run();
      return { answer: { status: records.length === 0 ? "NODATA" : "ok", records }, ttlMs: defaultTtl };
    } catch (e) {
      const code = FAILURES[(e as NodeJS.ErrnoException).code ?? ""];
      if (code === "NXDOMAIN" || code === "NODATA") return { answer: { status: code, records: [] }, ttlMs: defaultTtl };
      throw new DnsLookupError(code ?? "ERROR", query, `${query}: ${(e as Error).message}`);
    }
  }

  async function withTtl(
    query: string,
    family: 4 | 6,
    name: string,
  ): Promise<{ answer: DnsAnswer<string>; ttlMs: number }> {
    const r = await ask(query, () =>
      family === 4 ? resolver.resolve4(name, { ttl: true }) : resolver.resolve6(name, { ttl: true }),
    );
    const ttl = r.answer.records.length === 0 ? defaultTtl : Math.min(...r.answer.records.map((x) => x.ttl)) * 1000;
    return { answer: { status: r.answer.status, records: r.answer.records.map((x) => x.address) }, ttlMs: ttl };
  }

  return {
    txt: (name) =>
      cached(`TXT ${name}`, () =>
        ask(`TXT ${name}`, async () => (await resolver.resolveTxt(name)).map((parts) => parts.join(""))),
      ),
    mx: (name) =>
      cached<MxRecord>(`MX ${name}`, () =>
        ask(`MX ${name}`, async () =>
          (await resolver.resolveMx(name)).map((m) => ({ exchange: m.exchange, priority: m.priority })),
        ),
      ),
    a: (name) => cached(`A ${name}`, () => withTtl(`A ${name}`, 4, name)),
    aaaa: (name) => cached(`AAAA ${name}`, () => withTtl(`AAAA ${name}`, 6, name)),
    ptr: (ip) => cached(`PTR ${ip}`, () => ask(`PTR ${ip}`, () => resolver.reverse(ip))),
    close: () => {
      closed = true;
      resolver.cancel();
      // Queued lookups wake up and fail at once.
      for (const wake of waiting.splice(0)) wake();
    },
  };
}
