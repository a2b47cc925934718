// The DNS-side checks of `bouncewise check DOMAIN` (issue 5) other than SPF, DMARC, DKIM and blocklists: MX,
// reverse DNS of the sending IPs, the HELO name, and the MTA-STS, TLS-RPT and BIMI records. Pure: DNS only
// through the injected DnsClient. Each check returns what it found and CheckFindings built from the data in
// src/knowledge/check-findings/dns.ts.

import { DNS_FINDINGS, type DnsFindingId } from "../../knowledge/check-findings/dns.js";
import { providerOfDomainOrHost } from "../../knowledge/mailbox-domains.js";
import type { ProviderId } from "../../knowledge/types.js";
import type { DnsAnswer, DnsClient, MxRecord } from "../dns/types.js";
import { DnsLookupError } from "../dns/types.js";
import { canonicalIp, parseIPv4 } from "./ip.js";
import type { CheckFinding } from "./types.js";
import { findingOf } from "./types.js";

// ---------------------------------------------------------------- shared helpers

const RULES: ReadonlyMap<string, (typeof DNS_FINDINGS)[number]> = new Map(DNS_FINDINGS.map((r) => [r.id, r]));

/** The finding of a data rule, placeholders filled. */
export function dnsFinding(id: DnsFindingId, values: Readonly<Record<string, string | number>> = {}): CheckFinding {
  const rule = RULES.get(id);
  if (rule === undefined) throw new Error(`unknown finding ${id}`);
  return findingOf(rule, values);
}

/** The code of a failed lookup, for messages; rethrows anything that is not a DnsLookupError (a bug). */
export function lookupErrorCode(e: unknown): string {
  if (e instanceof DnsLookupError) return e.code;
  throw e;
}

/** A lookup that turns a DnsLookupError into `{ error }`. */
export async function attempt<T>(
  run: () => Promise<DnsAnswer<T>>,
): Promise<{ answer: DnsAnswer<T>; error: null } | { answer: null; error: string }> {
  try {
    return { answer: await run(), error: null };
  } catch (e) {
    return { answer: null, error: lookupErrorCode(e) };
  }
}

export { canonicalIp, parseIPv4, parseIPv6 } from "./ip.js";

function stripDot(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith(".") ? n.slice(0, -1) : n;
}

/** The A and AAAA addresses of a name; `error` when either lookup failed and nothing was found. */
async function addressesOf(name: string, dns: DnsClient): Promise<{ addresses: string[]; error: string | null }> {
  const [a, aaaa] = await Promise.all([attempt(() => dns.a(name)), attempt(() => dns.aaaa(name))]);
  const addresses = [...(a.answer?.records ?? []), ...(aaaa.answer?.records ?? [])];
  const error = addresses.length === 0 ? (a.error ?? aaaa.error) : null;
  return { addresses, error };
}

/** Splits a TXT record's tag list ("v=X; a=b; ...") into tags; null when a tag is malformed or repeated. */
export function parseTagList(record: string): { tags: Map<string, string>; problem: string | null } {
  const tags = new Map<string, string>();
  for (const raw of record.split(";")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return { tags, problem: `"${part}" is not a tag=value pair` };
    const name = part.slice(0, eq).trim().toLowerCase();
    if (tags.has(name)) return { tags, problem: `the tag ${name}= appears twice` };
    tags.set(name, part.slice(eq + 1).trim());
  }
  return { tags, problem: null };
}

/** The first tag's name, to check that v= comes first. */
function firstTagName(record: string): string {
  const first = record.split(";")[0] ?? "";
  const eq = first.indexOf("=");
  return eq < 0 ? "" : first.slice(0, eq).trim().toLowerCase();
}

// ---------------------------------------------------------------- MX

export interface MxHost {
  readonly exchange: string;
  readonly priority: number;
  readonly addresses: readonly string[];
  /** true: has A/AAAA; false: has none; null: the lookup failed. */
  readonly resolves: boolean | null;
  readonly isIpAddress: boolean;
}

export interface MxResult {
  readonly domain: string;
  /** ok: MX hosts; null: RFC 7505 null MX; implicit: no MX, an A/AAAA fallback; none: no MX and no address;
   * nxdomain: the domain does not exist; unknown: the lookup failed. */
  readonly status: "ok" | "null" | "implicit" | "none" | "nxdomain" | "unknown";
  readonly hosts: readonly MxHost[];
  /** The mailbox provider recognised from the MX host names, in preference order. */
  readonly provider: ProviderId | null;
  readonly findings: readonly CheckFinding[];
}

/** MX of a domain: existence, null MX (RFC 7505), every host resolvable, no IP literals; provider recognised. */
export async function checkMx(domain: string, dns: DnsClient): Promise<MxResult> {
  const d = stripDot(domain);
  const findings: CheckFinding[] = [];
  const base = { domain: d, hosts: [] as MxHost[], provider: null };
  const mx = await attempt(() => dns.mx(d));
  if (mx.answer === null) {
    findings.push(dnsFinding("mx.lookup-failed", { domain: d, error: mx.error }));
    return { ...base, status: "unknown", findings };
  }
  if (mx.answer.status === "NXDOMAIN") {
    findings.push(dnsFinding("mx.domain-missing", { domain: d }));
    return { ...base, status: "nxdomain", findings };
  }
  if (mx.answer.records.length === 0) {
    const fallback = await addressesOf(d, dns);
    if (fallback.addresses.length > 0) {
      findings.push(dnsFinding("mx.none-implicit", { domain: d, addresses: fallback.addresses.join(", ") }));
      return { ...base, status: "implicit", findings };
    }
    if (fallback.error !== null) {
      findings.push(dnsFinding("mx.lookup-failed", { domain: d, error: fallback.error }));
      return { ...base, status: "unknown", findings };
    }
    findings.push(dnsFinding("mx.none", { domain: d }));
    return { ...base, status: "none", findings };
  }
  const records = [...mx.answer.records].sort((x, y) => x.priority - y.priority);
  const isNull = (m: MxRecord) => stripDot(m.exchange) === "";
  if (records.some(isNull)) {
    const others = records.filter((m) => !isNull(m));
    if (others.length === 0) {
      findings.push(dnsFinding("mx.null", { domain: d }));
      return { ...base, status: "null", findings };
    }
    findings.push(
      dnsFinding("mx.null-mixed", { domain: d, hosts: others.map((m) => stripDot(m.exchange)).join(", ") }),
    );
  }
  const hostErrors = new Map<string, string>();
  const hosts = await Promise.all(
    records
      .filter((m) => !isNull(m))
      .map(async (m): Promise<MxHost> => {
        const exchange = stripDot(m.exchange);
        const isIpAddress = canonicalIp(exchange) !== null;
        if (isIpAddress) return { exchange, priority: m.priority, addresses: [], resolves: false, isIpAddress };
        const r = await addressesOf(exchange, dns);
        if (r.error !== null) hostErrors.set(exchange, r.error);
        const resolves = r.addresses.length > 0 ? true : r.error !== null ? null : false;
        return { exchange, priority: m.priority, addresses: r.addresses, resolves, isIpAddress };
      }),
  );
  for (const h of hosts) {
    if (h.isIpAddress) findings.push(dnsFinding("mx.host-ip", { domain: d, host: h.exchange }));
  }
  // An MX target that is an alias (RFC 2181 section 10.3): asked only of clients that can see CNAMEs.
  if (dns.cname !== undefined) {
    const cname = dns.cname.bind(dns);
    const aliases = await Promise.all(
      hosts
        .filter((h) => !h.isIpAddress && h.resolves === true)
        .map(async (h) => {
          const r = await attempt(() => cname(h.exchange));
          const target = r.answer?.records[0];
          return target === undefined ? null : { host: h.exchange, target: stripDot(target) };
        }),
    );
    for (const a of aliases) if (a !== null) findings.push(dnsFinding("mx.host-cname", { domain: d, ...a }));
  }
  const named = hosts.filter((h) => !h.isIpAddress);
  if (hosts.length > 0 && !hosts.some((h) => h.resolves === true) && !hosts.some((h) => h.resolves === null)) {
    findings.push(dnsFinding("mx.all-unresolvable", { domain: d, hosts: hosts.map((h) => h.exchange).join(", ") }));
  } else {
    for (const h of named) {
      if (h.resolves === false) findings.push(dnsFinding("mx.host-unresolvable", { domain: d, host: h.exchange }));
      if (h.resolves === null) {
        const error = `address of ${h.exchange}: ${hostErrors.get(h.exchange) ?? "ERROR"}`;
        findings.push(dnsFinding("mx.lookup-failed", { domain: d, error }));
      }
    }
  }
  let provider: ProviderId | null = null;
  for (const h of named) {
    provider = providerOfDomainOrHost(h.exchange);
    if (provider !== null) break;
  }
  return { domain: d, status: "ok", hosts, provider, findings };
}

// ---------------------------------------------------------------- PTR

/** Words of reverse-DNS names that ISPs give to end-user and dynamic addresses (whole letter runs of a label). */
const GENERIC_PTR_WORDS: ReadonlySet<string> = new Set([
  "dynamic",
  "dyn",
  "dhcp",
  "pool",
  "dsl",
  "adsl",
  "vdsl",
  "xdsl",
  "cable",
  "dial",
  "dialup",
  "dialin",
  "ppp",
  "pppoe",
  "broadband",
  "cpe",
  "residential",
  "unassigned",
  "unknown",
]);

function letterRuns(name: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of name) {
    if (ch >= "a" && ch <= "z") cur += ch;
    else {
      if (cur !== "") out.push(cur);
      cur = "";
    }
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** Whether a PTR name looks generic: it embeds the IP's digits or has a dynamic/ISP-pool word in it. */
export function looksGeneric(name: string, ip: string): boolean {
  const n = stripDot(name);
  if (letterRuns(n).some((w) => GENERIC_PTR_WORDS.has(w))) return true;
  const v4 = parseIPv4(ip);
  if (v4 === null) return false;
  const rev = [...v4].reverse();
  const forms = [
    v4.join("-"),
    v4.join("."),
    v4.join("_"),
    rev.join("-"),
    rev.join("."),
    rev.join("_"),
    v4.map((o) => String(o).padStart(3, "0")).join(""),
    v4.map((o) => o.toString(16).padStart(2, "0")).join(""),
  ];
  return forms.some((f) => n.includes(f));
}

export interface PtrResult {
  readonly ip: string;
  readonly names: readonly string[];
  /** The PTR names whose A/AAAA records include the IP (forward-confirmed reverse DNS). */
  readonly confirmed: readonly string[];
  readonly generic: boolean;
  /** false when the IP is invalid or a lookup failed. */
  readonly checked: boolean;
}

/** Reverse DNS of each sending IP: PTR names, forward confirmation, generic-looking names. */
export async function checkPtr(
  ips: readonly string[],
  dns: DnsClient,
): Promise<{ results: readonly PtrResult[]; findings: readonly CheckFinding[] }> {
  const findings: CheckFinding[] = [];
  const results = await Promise.all(
    ips.map(async (ip): Promise<PtrResult> => {
      const canon = canonicalIp(ip.trim());
      const empty = { ip, names: [], confirmed: [], generic: false, checked: false };
      if (canon === null) {
        findings.push(dnsFinding("ptr.invalid-ip", { ip }));
        return empty;
      }
      const ptr = await attempt(() => dns.ptr(ip.trim()));
      if (ptr.answer === null) {
        findings.push(dnsFinding("ptr.lookup-failed", { ip, error: ptr.error }));
        return empty;
      }
      const names = [...new Set(ptr.answer.records.map(stripDot))].filter((n) => n !== "");
      if (names.length === 0) {
        findings.push(dnsFinding("ptr.missing", { ip }));
        return { ...empty, checked: true };
      }
      if (names.length > 1)
        findings.push(dnsFinding("ptr.multiple", { ip, count: names.length, names: names.join(", ") }));
      const forward = await Promise.all(names.map((n) => addressesOf(n, dns)));
      const confirmed = names.filter((_, i) => (forward[i]?.addresses ?? []).some((a) => canonicalIp(a) === canon));
      const failed = forward.find((f) => f.error !== null);
      if (confirmed.length === 0) {
        if (failed !== undefined && failed.error !== null) {
          findings.push(dnsFinding("ptr.lookup-failed", { ip, error: failed.error }));
          return { ip, names, confirmed, generic: false, checked: false };
        }
        findings.push(dnsFinding("ptr.not-confirmed", { ip, names: names.join(", "), name: names[0] ?? "" }));
      }
      const genericName = (confirmed.length > 0 ? confirmed : names).find((n) => looksGeneric(n, ip));
      if (genericName !== undefined) findings.push(dnsFinding("ptr.generic", { ip, name: genericName }));
      return { ip, names, confirmed, generic: genericName !== undefined, checked: true };
    }),
  );
  return { results, findings };
}

// ---------------------------------------------------------------- HELO

export interface HeloResult {
  readonly helo: string;
  /** The HELO name's A/AAAA addresses (empty for an IP or address literal). */
  readonly addresses: readonly string[];
  /** true/false: resolves or not; null: not a name, or the lookup failed. */
  readonly resolves: boolean | null;
  /** The sending IPs the HELO name resolves to. */
  readonly matchesIps: readonly string[];
  /** The sending IPs whose PTR names include the HELO name. */
  readonly matchesPtr: readonly string[];
  readonly findings: readonly CheckFinding[];
}

/** The HELO/EHLO name: a resolvable FQDN, not localhost or an IP, consistent with the IPs and their PTR names. */
export async function checkHelo(helo: string, ips: readonly string[], dns: DnsClient): Promise<HeloResult> {
  const h = stripDot(helo);
  const findings: CheckFinding[] = [];
  const none = { helo: h, addresses: [], resolves: null, matchesIps: [], matchesPtr: [] };
  if (h.startsWith("[") && h.endsWith("]")) {
    findings.push(dnsFinding("helo.address-literal", { helo: h }));
    return { ...none, findings };
  }
  if (canonicalIp(h) !== null) {
    findings.push(dnsFinding("helo.bare-ip", { helo: h }));
    return { ...none, findings };
  }
  if (h === "localhost" || h.startsWith("localhost.") || h.endsWith(".localdomain")) {
    findings.push(dnsFinding("helo.localhost", { helo: h }));
    return { ...none, findings };
  }
  if (!h.includes(".")) {
    findings.push(dnsFinding("helo.not-fqdn", { helo: h === "" ? "(empty)" : h }));
    return { ...none, findings };
  }
  const fwd = await addressesOf(h, dns);
  if (fwd.addresses.length === 0) {
    if (fwd.error !== null) findings.push(dnsFinding("helo.lookup-failed", { helo: h, error: fwd.error }));
    else findings.push(dnsFinding("helo.unresolvable", { helo: h }));
    return { ...none, resolves: fwd.error !== null ? null : false, findings };
  }
  const have = new Set(fwd.addresses.map((a) => canonicalIp(a)));
  const valid = ips.filter((ip) => canonicalIp(ip.trim()) !== null);
  const matchesIps = valid.filter((ip) => have.has(canonicalIp(ip.trim())));
  const ptrs = await Promise.all(valid.map((ip) => attempt(() => dns.ptr(ip.trim()))));
  const matchesPtr = valid.filter((_, i) => (ptrs[i]?.answer?.records ?? []).some((n) => stripDot(n) === h));
  for (const [i, ip] of valid.entries()) {
    const ptrNames = (ptrs[i]?.answer?.records ?? []).map(stripDot);
    if (!matchesIps.includes(ip) && !matchesPtr.includes(ip)) {
      findings.push(dnsFinding("helo.ip-mismatch", { helo: h, ip, addresses: fwd.addresses.join(", ") }));
    } else if (!matchesPtr.includes(ip) && ptrNames.length > 0) {
      findings.push(dnsFinding("helo.ptr-mismatch", { helo: h, ip, names: ptrNames.join(", ") }));
    }
  }
  return { helo: h, addresses: fwd.addresses, resolves: true, matchesIps, matchesPtr, findings };
}

// ---------------------------------------------------------------- MTA-STS, TLS-RPT, BIMI

/** The TXT records at a name that start with the version tag (`v=STSv1`...), compared case-sensitively as the
 * RFCs require; `null` when the lookup failed. */
async function versionedRecords(
  name: string,
  prefix: string,
  dns: DnsClient,
): Promise<{ records: string[]; error: null } | { records: null; error: string }> {
  const r = await attempt(() => dns.txt(name));
  if (r.answer === null) return { records: null, error: r.error };
  const records = r.answer.records.filter((t) => {
    const { tags } = parseTagList(t);
    return firstTagName(t) === "v" && tags.get("v") === prefix;
  });
  return { records, error: null };
}

function isAlnum(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) {
    if (!((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9"))) return false;
  }
  return true;
}

export interface MtaStsResult {
  readonly domain: string;
  readonly record: string | null;
  readonly id: string | null;
  readonly valid: boolean;
  readonly findings: readonly CheckFinding[];
}

/** The _mta-sts TXT record (RFC 8461 section 3.1): found and well-formed. The HTTPS policy is not fetched. */
export async function checkMtaSts(domain: string, dns: DnsClient): Promise<MtaStsResult> {
  const d = stripDot(domain);
  const findings: CheckFinding[] = [];
  const r = await versionedRecords(`_mta-sts.${d}`, "STSv1", dns);
  const none = { domain: d, record: null, id: null, valid: false };
  if (r.records === null) {
    findings.push(dnsFinding("mta-sts.lookup-failed", { domain: d, error: r.error }));
    return { ...none, findings };
  }
  if (r.records.length === 0) {
    findings.push(dnsFinding("mta-sts.missing", { domain: d }));
    return { ...none, findings };
  }
  if (r.records.length > 1) {
    findings.push(dnsFinding("mta-sts.multiple", { domain: d, count: r.records.length }));
    return { ...none, record: r.records[0] ?? null, findings };
  }
  const record = r.records[0] ?? "";
  const { tags, problem } = parseTagList(record);
  const id = tags.get("id") ?? null;
  let bad = problem;
  if (bad === null && id === null) bad = "the id= tag is missing";
  else if (bad === null && id !== null && (id.length > 32 || !isAlnum(id)))
    bad = `id=${id} must be 1 to 32 letters or digits`;
  if (bad !== null) {
    findings.push(dnsFinding("mta-sts.syntax", { domain: d, problem: bad }));
    return { domain: d, record, id, valid: false, findings };
  }
  findings.push(dnsFinding("mta-sts.found", { domain: d, id: id ?? "" }));
  return { domain: d, record, id, valid: true, findings };
}

export interface TlsRptResult {
  readonly domain: string;
  readonly record: string | null;
  readonly rua: readonly string[];
  readonly valid: boolean;
  readonly findings: readonly CheckFinding[];
}

/** The _smtp._tls TXT record (RFC 8460 section 3): v=TLSRPTv1 and rua= with mailto: or https: addresses. */
export async function checkTlsRpt(domain: string, dns: DnsClient): Promise<TlsRptResult> {
  const d = stripDot(domain);
  const findings: CheckFinding[] = [];
  const r = await versionedRecords(`_smtp._tls.${d}`, "TLSRPTv1", dns);
  const none = { domain: d, record: null, rua: [], valid: false };
  if (r.records === null) {
    findings.push(dnsFinding("tls-rpt.lookup-failed", { domain: d, error: r.error }));
    return { ...none, findings };
  }
  if (r.records.length === 0) {
    findings.push(dnsFinding("tls-rpt.missing", { domain: d }));
    return { ...none, findings };
  }
  if (r.records.length > 1) {
    findings.push(dnsFinding("tls-rpt.multiple", { domain: d, count: r.records.length }));
    return { ...none, record: r.records[0] ?? null, findings };
  }
  const record = r.records[0] ?? "";
  const { tags, problem } = parseTagList(record);
  const rua = (tags.get("rua") ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
  let bad = problem;
  if (bad === null && rua.length === 0) bad = "the rua= tag with a report address is missing";
  const wrong = rua.find((u) => {
    const l = u.toLowerCase();
    return !(l.startsWith("mailto:") || l.startsWith("https://"));
  });
  if (bad === null && wrong !== undefined) bad = `rua address ${wrong} is neither mailto: nor https:`;
  if (bad !== null) {
    findings.push(dnsFinding("tls-rpt.syntax", { domain: d, problem: bad }));
    return { domain: d, record, rua, valid: false, findings };
  }
  return { domain: d, record, rua, valid: true, findings };
}

export interface BimiResult {
  readonly domain: string;
  readonly record: string | null;
  /** The logo URL (l=); "" when the record declines a logo. */
  readonly logo: string | null;
  /** The certificate URL (a=), VMC or CMC. */
  readonly certificate: string | null;
  readonly valid: boolean;
  readonly findings: readonly CheckFinding[];
}

/** The default._bimi TXT record: v=BIMI1 first, l= logo and a= certificate as HTTPS URLs. Files not fetched. */
export async function checkBimi(domain: string, dns: DnsClient): Promise<BimiResult> {
  const d = stripDot(domain);
  const findings: CheckFinding[] = [];
  const r = await versionedRecords(`default._bimi.${d}`, "BIMI1", dns);
  const none = { domain: d, record: null, logo: null, certificate: null, valid: false };
  if (r.records === null) {
    findings.push(dnsFinding("bimi.lookup-failed", { domain: d, error: r.error }));
    return { ...none, findings };
  }
  if (r.records.length === 0) {
    findings.push(dnsFinding("bimi.missing", { domain: d }));
    return { ...none, findings };
  }
  if (r.records.length > 1) {
    findings.push(dnsFinding("bimi.multiple", { domain: d, count: r.records.length }));
    return { ...none, record: r.records[0] ?? null, findings };
  }
  const record = r.records[0] ?? "";
  const { tags, problem } = parseTagList(record);
  const logo = tags.get("l") ?? null;
  const certificate = tags.get("a") ?? null;
  if (problem !== null || logo === null) {
    findings.push(dnsFinding("bimi.syntax", { domain: d, problem: problem ?? "the l= tag is missing" }));
    return { domain: d, record, logo, certificate, valid: false, findings };
  }
  if (logo === "" && (certificate === null || certificate === "")) {
    findings.push(dnsFinding("bimi.declined", { domain: d }));
    return { domain: d, record, logo, certificate, valid: true, findings };
  }
  let valid = true;
  for (const [tag, value] of [
    ["l", logo],
    ["a", certificate],
  ] as const) {
    if (value !== null && value !== "" && !value.toLowerCase().startsWith("https://")) {
      findings.push(dnsFinding("bimi.not-https", { domain: d, tag, value }));
      valid = false;
    }
  }
  if (certificate === null || certificate === "") findings.push(dnsFinding("bimi.no-certificate", { domain: d }));
  return { domain: d, record, logo, certificate, valid, findings };
}
