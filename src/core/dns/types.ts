// The DNS the checks need, as an injected interface: the core's checks (SPF, DMARC, DKIM, MX, PTR, blocklists) are
// pure and ask through it; the Node edge (src/dns/node-resolver.ts) answers with timeouts, retries, a TTL cache and
// a concurrency limit, and tests point it at a real DNS server on loopback.

/** How a lookup ended when it did not give records. NXDOMAIN: the name does not exist; NODATA: no record of the type. */
export type DnsFailure = "NXDOMAIN" | "NODATA" | "SERVFAIL" | "TIMEOUT" | "REFUSED" | "ERROR";

/** A lookup that could not be answered (a server failure, a timeout): SPF's temperror, a check's "unknown". */
export class DnsLookupError extends Error {
  constructor(
    readonly code: Exclude<DnsFailure, "NXDOMAIN" | "NODATA">,
    readonly query: string,
    message?: string,
  ) {
    super(message ?? `${query}: ${code}`);
    this.name = "DnsLookupError";
  }
}

/** Records of one type at one name; `status` tells an empty answer from a missing name. */
export interface DnsAnswer<T> {
  readonly status: "ok" | "NXDOMAIN" | "NODATA";
  readonly records: readonly T[];
}

export interface MxRecord {
  readonly exchange: string;
  readonly priority: number;
}

/**
 * Resolves one type at one name. Resolves with an answer (maybe empty: NXDOMAIN, NODATA); rejects with
 * DnsLookupError when no answer could be had. TXT records come as their strings joined (RFC 7208 section 3.3).
 */
export interface DnsClient {
  txt(name: string): Promise<DnsAnswer<string>>;
  mx(name: string): Promise<DnsAnswer<MxRecord>>;
  a(name: string): Promise<DnsAnswer<string>>;
  aaaa(name: string): Promise<DnsAnswer<string>>;
  /** Reverse lookup of an IPv4 or IPv6 address (in-addr.arpa / ip6.arpa). */
  ptr(ip: string): Promise<DnsAnswer<string>>;
  /**
   * The CNAME target(s) at a name, not followed (an MX target must not be an alias: RFC 2181 section 10.3).
   * Optional: a client without it cannot tell.
   */
  cname?(name: string): Promise<DnsAnswer<string>>;
}
