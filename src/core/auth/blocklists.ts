// DNS blocklist lookups (RFC 5782) for the sending IPs and the domain of `bouncewise check DOMAIN` (issue 5).
// IPv4: reversed octets under the zone (192.0.2.10 -> 10.2.0.192.zen.spamhaus.org); IPv6: reversed nibbles, only on
// lists that serve IPv6; domains: the name itself under the zone. An A answer is decoded with the list's data
// (src/knowledge/dnsbl-lists.ts). NXDOMAIN (or an empty answer) = not listed; an error answer, an answer outside
// 127.0.0.0/8, or a failed lookup = unknown (null), never "listed". Pure: DNS only through the injected DnsClient.

import { DNSBL_LISTS, type DnsblLevel, type DnsblList } from "../../knowledge/dnsbl-lists.js";
import type { DnsClient } from "../dns/types.js";
import { attempt, dnsFinding, parseIPv4, parseIPv6 } from "./dns-checks.js";
import type { CheckFinding } from "./types.js";

export interface BlocklistResult {
  /** The list's id (DNSBL_LISTS). */
  readonly list: string;
  readonly name: string;
  /** The IP or domain looked up. */
  readonly target: string;
  /** The DNS name queried. */
  readonly query: string;
  /** true: listed; false: not listed; null: unknown (error answer, refused or failed lookup). */
  readonly listed: boolean | null;
  /** The A records returned, comma-separated; null when none. */
  readonly answer: string | null;
  /** What the answer means (or why the result is unknown); null when not listed. */
  readonly meaning: string | null;
  /** The most serious level among the answers, when there are answers. */
  readonly level: DnsblLevel | null;
}

export interface BlocklistOptions {
  /** The lists to query (default: all of DNSBL_LISTS). */
  readonly lists?: readonly DnsblList[];
}

/** The name to query for an IP under a zone, or null when the IP is invalid or the list does not serve its family. */
export function dnsblQueryName(ip: string, list: DnsblList): string | null {
  const v4 = parseIPv4(ip.trim());
  if (v4 !== null) return `${[...v4].reverse().join(".")}.${list.zone}`;
  const v6 = parseIPv6(ip.trim());
  if (v6 === null || !list.ipv6) return null;
  const nibbles = v6.map((g) => g.toString(16).padStart(4, "0")).join("");
  return `${[...nibbles].reverse().join(".")}.${list.zone}`;
}

const LEVEL_RANK: Readonly<Record<DnsblLevel, number>> = { listed: 3, minor: 2, reputation: 1 };

interface Decoded {
  readonly kind: "level" | "error";
  readonly level: DnsblLevel | null;
  readonly meaning: string;
}

/** The meaning of one A answer under a list. */
export function decodeDnsblAnswer(answer: string, list: DnsblList): Decoded {
  const known = list.errors.find((e) => e.code === answer);
  if (known !== undefined) return { kind: "error", level: null, meaning: known.meaning };
  const octets = parseIPv4(answer);
  if (octets === null || octets[0] !== 127) {
    return {
      kind: "error",
      level: null,
      meaning: `the answer ${answer} is outside 127.0.0.0/8: the resolver rewrites missing names or the zone is gone`,
    };
  }
  const exact = list.answers.find((a) => a.code === answer);
  if (exact !== undefined) return { kind: "level", level: exact.level, meaning: exact.meaning };
  if (list.bitmask !== undefined) {
    const last = octets[3];
    const bits = list.bitmask.filter((b) => (last & b.bit) !== 0);
    if (bits.length > 0) {
      const level = bits.reduce<DnsblLevel>(
        (m, b) => (LEVEL_RANK[b.level] > LEVEL_RANK[m] ? b.level : m),
        "reputation",
      );
      return { kind: "level", level, meaning: bits.map((b) => b.meaning).join("; ") };
    }
  }
  return {
    kind: "level",
    level: "listed",
    meaning: `listed with a return code (${answer}) the list does not document`,
  };
}

async function lookUp(target: string, query: string, list: DnsblList, dns: DnsClient): Promise<BlocklistResult> {
  const base = { list: list.id, name: list.name, target, query };
  const r = await attempt(() => dns.a(query));
  if (r.answer === null) {
    return { ...base, listed: null, answer: null, meaning: `the lookup failed (${r.error})`, level: null };
  }
  const records = r.answer.records;
  if (records.length === 0) return { ...base, listed: false, answer: null, meaning: null, level: null };
  const decoded = records.map((a) => decodeDnsblAnswer(a, list));
  const answer = records.join(", ");
  const levels = decoded.filter((x) => x.kind === "level" && x.level !== null);
  const top = levels.reduce<Decoded | null>(
    (m, x) => (m === null || LEVEL_RANK[x.level ?? "reputation"] > LEVEL_RANK[m.level ?? "reputation"] ? x : m),
    null,
  );
  const meaning = (xs: readonly Decoded[]) => xs.map((x) => x.meaning).join("; ");
  if (top !== null && top.level !== "reputation") {
    return { ...base, listed: true, answer, meaning: meaning(levels), level: top.level };
  }
  const errors = decoded.filter((x) => x.kind === "error");
  if (errors.length > 0) return { ...base, listed: null, answer, meaning: meaning(errors), level: null };
  return { ...base, listed: false, answer, meaning: meaning(levels), level: top?.level ?? null };
}

function findingOfResult(r: BlocklistResult, list: DnsblList): CheckFinding | null {
  const values = {
    target: r.target,
    list: r.name,
    answer: r.answer ?? "no answer",
    meaning: r.meaning ?? "",
    why: list.why,
    delist: list.delist,
  };
  if (r.listed === null) return dnsFinding("blocklist.unknown", values);
  if (r.listed === true) return dnsFinding(r.level === "minor" ? "blocklist.listed-minor" : "blocklist.listed", values);
  if (r.level === "reputation") return dnsFinding("blocklist.reputation", values);
  return null;
}

/**
 * Looks the sending IPs up in the IP lists and the domain in the domain lists. Lists that cannot take a target
 * (an IPv6 address on an IPv4-only list, an invalid IP) are skipped.
 */
export async function checkBlocklists(
  targets: { readonly ips?: readonly string[]; readonly domain?: string | null },
  dns: DnsClient,
  options: BlocklistOptions = {},
): Promise<{ results: readonly BlocklistResult[]; findings: readonly CheckFinding[] }> {
  const lists = options.lists ?? DNSBL_LISTS;
  const jobs: { list: DnsblList; target: string; query: string }[] = [];
  for (const list of lists) {
    if (list.kind === "ip") {
      for (const ip of targets.ips ?? []) {
        const query = dnsblQueryName(ip, list);
        if (query !== null) jobs.push({ list, target: ip.trim(), query });
      }
    } else if (targets.domain !== undefined && targets.domain !== null) {
      let d = targets.domain.trim().toLowerCase();
      if (d.endsWith(".")) d = d.slice(0, -1);
      if (d !== "") jobs.push({ list, target: d, query: `${d}.${list.zone}` });
    }
  }
  const results = await Promise.all(jobs.map((j) => lookUp(j.target, j.query, j.list, dns)));
  const findings: CheckFinding[] = [];
  for (const [i, r] of results.entries()) {
    const job = jobs[i];
    if (job === undefined) continue;
    const f = findingOfResult(r, job.list);
    if (f !== null) findings.push(f);
  }
  return { results, findings };
}
