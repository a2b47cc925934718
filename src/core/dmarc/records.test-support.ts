// Aggregate records for tests: one record with the given fields over a failing default, and an aligned one.
import type { AggregateRecord } from "./types.js";

/** A record from `sourceIp` for example.com that fails DMARC, with `r` laid over it. */
export function rec(sourceIp: string, r: Partial<AggregateRecord> & Pick<AggregateRecord, "count">): AggregateRecord {
  return {
    sourceIp,
    disposition: "none",
    dkim: "fail",
    spf: "fail",
    reasons: [],
    headerFrom: "example.com",
    dkimAuth: [],
    spfAuth: [],
    ...r,
  };
}

/** A record that passes DKIM and SPF aligned with its From domain. */
export const aligned = (ip: string, count: number, headerFrom = "example.com"): AggregateRecord =>
  rec(ip, {
    count,
    headerFrom,
    dkim: "pass",
    spf: "pass",
    dkimAuth: [{ domain: headerFrom, selector: "s1", result: "pass" }],
    spfAuth: [{ domain: headerFrom, scope: "mfrom", result: "pass" }],
  });
