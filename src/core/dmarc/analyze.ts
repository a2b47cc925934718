// Who sends as your domain, from DMARC aggregate reports (issue 6): DmarcAggregator folds records in, however many
// and in whatever order, into bounded per-source totals (a source is one IP sending with one header_from domain);
// resolveSourcePtrs names the IPs through the injected DnsClient; analyzeDmarc classifies each source by the ordered
// rules of knowledge/dmarc-advice.ts (own sender, service, forwarder, unknown), says what to fix, and how ready the
// domain is for p=quarantine and p=reject, with the record to publish. Pure: no I/O besides the injected DNS.

import { getDomain } from "tldts";
import {
  CLASSIFICATION_RULES,
  type ClassificationRule,
  type ClassificationRuleId,
  FORWARDING_OVERRIDES,
  PCT_DROPPED_NOTE,
  PLACEHOLDER_RUA_NOTE,
  READINESS,
  READINESS_RULES,
  type ReadinessRuleId,
  RUA_ADDED_NOTE,
  type ServiceMatch,
  type SourceClassification,
  type SourceConditions,
  TESTING_STEP_NOTE,
} from "../../knowledge/dmarc-advice.js";
import {
  type DmarcSenderService,
  type SenderKind,
  serviceOfDkimDomain,
  serviceOfPtr,
  serviceOfReturnPath,
} from "../../knowledge/dmarc-senders.js";
import { isDmarcRecord, orgDomainByPsl, parseDmarc } from "../auth/dmarc.js";
import { isIpAddress, parseIPv4, parseIPv6 } from "../auth/ip.js";
import type { DnsClient } from "../dns/types.js";
import { DnsLookupError } from "../dns/types.js";
import type { AggregateRecord, Disposition, PolicyPublished, ReportMetadata, ReportProblem } from "./types.js";

// ---------------------------------------------------------------------------------------------------------------
// Limits. Reports are attacker-controlled (anyone can mail one to your rua address): every table is capped.

/** Distinct sources kept by default; past it a deterministic sample is kept and the rest counted as omitted. */
export const DEFAULT_MAX_SOURCES = 100_000;
/** Distinct (domain, selector/scope, result) entries kept per source for DKIM and for SPF. */
const MAX_AUTH_ENTRIES = 16;
const MAX_OVERRIDE_TYPES = 8;
const MAX_COMMENTS = 4;
const MAX_ORGS = 10_000;
const MAX_POLICIES = 1_000;
/** Distinct UTC days kept (the most recent): ten years. */
const MAX_DAYS = 3_660;
/** Days one report may add: a report claiming a longer span adds its last 60 days. */
const MAX_DAYS_PER_REPORT = 60;
/** Auth entries and reasons read per record. */
const MAX_ENTRIES_PER_RECORD = 16;
const MAX_COUNT = 1e12;
const DAY = 86_400;

// ---------------------------------------------------------------------------------------------------------------
// Inputs and the aggregate

export interface AggregateHeadInfo {
  readonly metadata: ReportMetadata;
  readonly policy: PolicyPublished;
}

export interface AuthCount {
  readonly domain: string;
  /** DKIM selector. */
  readonly selector?: string;
  /** SPF scope ("mfrom", "helo"). */
  readonly scope?: string;
  readonly result: string;
  /** Messages whose record carried this result. */
  readonly count: number;
}

export interface DispositionCounts {
  readonly none: number;
  readonly quarantine: number;
  readonly reject: number;
}

export interface SourceAggregate {
  /** The IP in canonical text (IPv6 in RFC 5952 form), or the reported text when it is not an address. */
  readonly ip: string;
  readonly headerFrom: string;
  /** The policy domain of the reports (the first in name order when several). */
  readonly policyDomain: string;
  readonly records: number;
  readonly count: number;
  /** policy_evaluated: DMARC pass (dkim or spf pass), DKIM pass, SPF pass, and both. */
  readonly dmarcPass: number;
  readonly dkimPass: number;
  readonly spfPass: number;
  readonly bothPass: number;
  /** Messages with any DKIM / SPF auth result "pass", aligned or not. */
  readonly authDkimPass: number;
  readonly authSpfPass: number;
  readonly dispositions: DispositionCounts;
  readonly overrides: readonly { readonly type: string; readonly count: number }[];
  readonly comments: readonly string[];
  /** Messages with an override comment reporting an ARC result other than fail/none. */
  readonly arc: number;
  readonly dkimAuth: readonly AuthCount[];
  readonly spfAuth: readonly AuthCount[];
  /** Messages-weighted auth entries beyond the per-source cap. */
  readonly authOther: number;
  /** Epoch seconds: the earliest report begin and latest report end that carried the source. */
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
}

export interface PolicySeen {
  readonly domain: string;
  readonly p: string | null;
  readonly sp: string | null;
  readonly np: string | null;
  readonly adkim: string | null;
  readonly aspf: string | null;
  readonly pct: number | null;
  readonly testing: string | null;
  readonly reports: number;
  /** UTC day numbers (epoch seconds / 86400) covered by reports that carried this policy, ascending. */
  readonly days: readonly number[];
  readonly lastEnd: number | null;
}

/** Plain, serialisable totals: the same for any order or split of the same reports and records. */
export interface DmarcAggregate {
  readonly version: 1;
  readonly reports: number;
  readonly records: number;
  readonly messages: number;
  readonly reportingOrgs: readonly { readonly name: string; readonly reports: number }[];
  /** Reports of reporting organisations beyond the cap. */
  readonly reportingOrgsOmitted: number;
  readonly period: { readonly begin: number | null; readonly end: number | null; readonly days: readonly number[] };
  readonly policies: readonly PolicySeen[];
  readonly sources: readonly SourceAggregate[];
  /** Records of sources beyond maxSources (a deterministic sample of sources is kept). */
  readonly omitted: { readonly records: number; readonly messages: number; readonly dmarcPass: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Normalising

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

function normName(s: unknown): string {
  if (typeof s !== "string") return "";
  let d = clip(s, 300).trim().toLowerCase();
  if (d.endsWith(".")) d = d.slice(0, -1);
  return clip(d, 253);
}

function normWord(s: unknown, max = 32): string {
  return typeof s === "string" ? clip(s.trim().toLowerCase(), max) : "";
}

function countOf(n: unknown): number {
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return 0;
  return Math.min(Math.floor(n), MAX_COUNT);
}

function epoch(n: unknown): number | null {
  return typeof n === "number" && Number.isFinite(n) && n >= 0 && n < 1e11 ? Math.floor(n) : null;
}

/** RFC 5952 text of eight IPv6 groups: lowercase, no leading zeros, the longest run of 2+ zero groups as "::". */
function ipv6Text(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number, b: number): string =>
    groups
      .slice(a, b)
      .map((g) => g.toString(16))
      .join(":");
  if (bestLen < 2) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** Canonical text of an IP, or the reported text (trimmed, lowercased, clipped) when it is not one. */
export function canonicalIpText(raw: string): string {
  const s = clip(typeof raw === "string" ? raw : "", 64)
    .trim()
    .toLowerCase();
  const v4 = parseIPv4(s);
  if (v4 !== null) return v4.join(".");
  const v6 = parseIPv6(s);
  return v6 === null ? s : ipv6Text(v6);
}

/** A comment that reports an ARC result (RFC 8617) other than fail or none. Linear scan; input clipped. */
function arcSignal(comment: string): boolean {
  const s = clip(comment, 1024).toLowerCase();
  const word = (c: string | undefined): boolean => c !== undefined && /[a-z0-9_.-]/.test(c);
  let i = s.indexOf("arc");
  while (i >= 0) {
    if (!word(s[i - 1]) && !word(s[i + 3])) {
      let j = i + 3;
      while (s[j] === " ") j++;
      if (s[j] !== "=" && s[j] !== ":") return true;
      j++;
      while (s[j] === " ") j++;
      let k = j;
      while (k < s.length && k - j < 16 && /[a-z]/.test(s[k] ?? "")) k++;
      const value = s.slice(j, k);
      if (value !== "fail" && value !== "none") return true;
    }
    i = s.indexOf("arc", i + 3);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Bounded tables that give the same content whatever the order of insertion.
//
// A table keeps the `cap` keys of lowest rank among all keys ever offered (rank: a number, then the key itself, so
// no two keys tie). It grows to twice its cap, then drops down to the cap; from then on a key ranked above the last
// kept one is refused at once. A key of the final lowest `cap` is never refused nor dropped (the threshold only
// falls as keys arrive), so the kept keys and their counts depend only on the set of offers, not their order; what
// is dropped or refused goes to the caller's overflow, whose sums are order-free too.

type Rank = (key: string) => number;

const flat: Rank = () => 0;

/** FNV-1a (32 bits), so that the sources kept past the cap are a spread sample, not the lowest addresses. */
const fnv1a: Rank = (k) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < k.length; i++) {
    h ^= k.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class BoundedTable<V> {
  readonly map = new Map<string, V>();
  private thresholdRank = 0;
  private thresholdKey: string | undefined;

  constructor(
    private readonly cap: number,
    private readonly rank: Rank,
    private readonly onDrop: (value: V) => void,
  ) {}

  private refused(key: string): boolean {
    if (this.thresholdKey === undefined) return false;
    const r = this.rank(key);
    return r > this.thresholdRank || (r === this.thresholdRank && key > this.thresholdKey);
  }

  /** The entry for `key`, created with `make` when admitted; undefined when the key is refused. */
  entry(key: string, make: () => V): V | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    // Compact before adding, so that an entry handed out is never dropped before the caller fills it.
    if (this.map.size >= this.cap * 2) this.compact();
    if (this.refused(key)) return undefined;
    const v = make();
    this.map.set(key, v);
    return v;
  }

  compact(): void {
    if (this.map.size <= this.cap) return;
    const ranked = [...this.map.keys()].map((k) => ({ r: this.rank(k), k })).sort((a, b) => a.r - b.r || cmp(a.k, b.k));
    for (let i = this.cap; i < ranked.length; i++) {
      const k = (ranked[i] as { k: string }).k;
      const v = this.map.get(k);
      this.map.delete(k);
      if (v !== undefined) this.onDrop(v);
    }
    const last = ranked[this.cap - 1];
    if (last !== undefined) {
      this.thresholdRank = last.r;
      this.thresholdKey = last.k;
    }
  }
}

/**
 * Counts by key, keeping the `cap` lowest keys (same rule as BoundedTable, by key order). Most sources carry one
 * distinct entry, so the first is held in two fields and a map is made only for a second key.
 */
class BoundedCounts {
  other = 0;
  private firstKey: string | undefined;
  private firstCount = 0;
  private map: Map<string, number> | undefined;
  private threshold: string | undefined;

  constructor(private readonly cap: number) {}

  add(key: string, n: number): void {
    if (this.map === undefined) {
      if (this.firstKey === undefined || this.firstKey === key) {
        this.firstKey = key;
        this.firstCount += n;
        return;
      }
      this.map = new Map([[this.firstKey, this.firstCount]]);
    }
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.set(key, hit + n);
      return;
    }
    if (this.map.size >= this.cap * 2) this.compact();
    if (this.threshold !== undefined && key > this.threshold) this.other += n;
    else this.map.set(key, n);
  }

  private compact(): void {
    if (this.map === undefined || this.map.size <= this.cap) return;
    const keys = [...this.map.keys()].sort(cmp);
    for (let i = this.cap; i < keys.length; i++) {
      const k = keys[i] as string;
      this.other += this.map.get(k) ?? 0;
      this.map.delete(k);
    }
    this.threshold = keys[this.cap - 1];
  }

  /** Kept entries after the final compaction, in key order. */
  entries(): [string, number][] {
    if (this.map === undefined) return this.firstKey === undefined ? [] : [[this.firstKey, this.firstCount]];
    this.compact();
    return [...this.map.entries()].sort((a, b) => cmp(a[0], b[0]));
  }
}

const EMPTY_COUNTS = new BoundedCounts(0);

const SEP = "\u0000";

class SourceAcc {
  records = 0;
  count = 0;
  dmarcPass = 0;
  dkimPass = 0;
  spfPass = 0;
  bothPass = 0;
  authDkimPass = 0;
  authSpfPass = 0;
  none = 0;
  quarantine = 0;
  reject = 0;
  arc = 0;
  policyDomain: string | undefined;
  firstSeen: number | null = null;
  lastSeen: number | null = null;
  /** Made on first use: most sources never carry an override reason. */
  overrides: BoundedCounts | undefined;
  comments: BoundedCounts | undefined;
  readonly dkim = new BoundedCounts(MAX_AUTH_ENTRIES);
  readonly spf = new BoundedCounts(MAX_AUTH_ENTRIES);

  constructor(
    readonly ip: string,
    readonly headerFrom: string,
  ) {}
}

interface PolicyAcc {
  readonly seen: Omit<PolicySeen, "reports" | "days" | "lastEnd">;
  reports: number;
  lastEnd: number | null;
  readonly days: DaySet;
}

/** The most recent `cap` distinct days: keeping the largest values of a set is order-free. */
class DaySet {
  readonly set = new Set<number>();
  constructor(private readonly cap: number) {}
  add(day: number): void {
    this.set.add(day);
    if (this.set.size > this.cap * 2) this.trim();
  }
  trim(): void {
    if (this.set.size <= this.cap) return;
    const sorted = [...this.set].sort((a, b) => b - a);
    for (let i = this.cap; i < sorted.length; i++) this.set.delete(sorted[i] as number);
  }
  sorted(): number[] {
    this.trim();
    return [...this.set].sort((a, b) => a - b);
  }
}

/**
 * The UTC days a report period counts for: those it covers at least half of, so that a daily report running
 * 06:10 to 06:10 counts one day, not two; a period shorter than that counts the day of its middle.
 */
function daysOf(begin: number | null, end: number | null): number[] {
  if (begin === null || end === null || end < begin) return [];
  const last = Math.floor(Math.max(begin, end - 1) / DAY);
  const first = Math.max(Math.floor(begin / DAY), last - MAX_DAYS_PER_REPORT + 1);
  const out: number[] = [];
  for (let d = first; d <= last; d++) {
    const covered = Math.min(end, (d + 1) * DAY) - Math.max(begin, d * DAY);
    if (covered >= DAY / 2) out.push(d);
  }
  if (out.length === 0) out.push(Math.floor((begin + end) / 2 / DAY));
  return out;
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

export interface DmarcAggregatorOptions {
  /** Distinct sources kept (default 100,000); beyond it a deterministic sample is kept, the rest counted as omitted. */
  readonly maxSources?: number;
}

/**
 * Folds DMARC aggregate reports into per-source totals. Incremental and bounded: memory grows with distinct sources
 * (IP x header_from domain), not with records; any order or split of the same reports and records gives the same
 * snapshot. Call addReport once per report (it counts reports, reporting organisations, the period and the policies
 * seen), and addRecords with that report's head for its records, in one call or several.
 */
export class DmarcAggregator {
  private reports = 0;
  private records = 0;
  private messages = 0;
  private begin: number | null = null;
  private end: number | null = null;
  private readonly days = new DaySet(MAX_DAYS);
  private readonly orgs: BoundedCounts;
  private readonly policies: BoundedTable<PolicyAcc>;
  private readonly sources: BoundedTable<SourceAcc>;
  private readonly omitted = { records: 0, messages: 0, dmarcPass: 0 };

  constructor(options: DmarcAggregatorOptions = {}) {
    const maxSources = Math.max(1, Math.floor(options.maxSources ?? DEFAULT_MAX_SOURCES));
    this.orgs = new BoundedCounts(MAX_ORGS);
    this.policies = new BoundedTable<PolicyAcc>(MAX_POLICIES, flat, () => undefined);
    this.sources = new BoundedTable<SourceAcc>(maxSources, fnv1a, (s) => {
      this.omitted.records += s.records;
      this.omitted.messages += s.count;
      this.omitted.dmarcPass += s.dmarcPass;
    });
  }

  /** Distinct sources held now (at most twice maxSources between compactions). */
  get sourceCount(): number {
    return this.sources.map.size;
  }

  addReport(head: AggregateHeadInfo): void {
    this.reports++;
    const m = head.metadata;
    this.orgs.add(clip(typeof m?.orgName === "string" ? m.orgName.trim() : "", 200), 1);
    const begin = epoch(m?.begin);
    const end = epoch(m?.end);
    this.begin = minOf(this.begin, begin);
    this.end = maxOf(this.end, end);
    const days = daysOf(begin, end);
    for (const d of days) this.days.add(d);

    const p = head.policy;
    const seen = {
      domain: normName(p?.domain),
      p: p?.p === undefined ? null : normWord(p.p),
      sp: p?.sp === undefined ? null : normWord(p.sp),
      np: p?.np === undefined ? null : normWord(p.np),
      adkim: p?.adkim === undefined ? null : normWord(p.adkim),
      aspf: p?.aspf === undefined ? null : normWord(p.aspf),
      pct: typeof p?.pct === "number" && Number.isFinite(p.pct) ? p.pct : null,
      testing: p?.testing === undefined ? null : normWord(p.testing),
    };
    const key = [seen.domain, seen.p, seen.sp, seen.np, seen.adkim, seen.aspf, seen.pct, seen.testing].join(SEP);
    const acc = this.policies.entry(key, () => ({ seen, reports: 0, lastEnd: null, days: new DaySet(MAX_DAYS) }));
    if (acc === undefined) return;
    acc.reports++;
    acc.lastEnd = maxOf(acc.lastEnd, end);
    for (const d of days) acc.days.add(d);
  }

  addRecords(head: AggregateHeadInfo, records: readonly AggregateRecord[]): void {
    const policyDomain = normName(head.policy?.domain);
    const begin = epoch(head.metadata?.begin);
    const end = epoch(head.metadata?.end);
    if (!Array.isArray(records)) return;
    for (const r of records) if (typeof r === "object" && r !== null) this.addRecord(r, policyDomain, begin, end);
  }

  private addRecord(r: AggregateRecord, policyDomain: string, begin: number | null, end: number | null): void {
    const n = countOf(r.count);
    const dkimPass = r.dkim === "pass";
    const spfPass = r.spf === "pass";
    const pass = dkimPass || spfPass;
    this.records++;
    this.messages += n;
    const ip = canonicalIpText(typeof r.sourceIp === "string" ? r.sourceIp : "");
    const headerFrom = normName(r.headerFrom);
    const s = this.sources.entry(`${ip}${SEP}${headerFrom}`, () => new SourceAcc(ip, headerFrom));
    if (s === undefined) {
      this.omitted.records++;
      this.omitted.messages += n;
      if (pass) this.omitted.dmarcPass += n;
      return;
    }
    s.records++;
    s.count += n;
    if (pass) s.dmarcPass += n;
    if (dkimPass) s.dkimPass += n;
    if (spfPass) s.spfPass += n;
    if (dkimPass && spfPass) s.bothPass += n;
    if (r.disposition === "none") s.none += n;
    else if (r.disposition === "quarantine") s.quarantine += n;
    else if (r.disposition === "reject") s.reject += n;
    if (s.policyDomain === undefined || policyDomain < s.policyDomain) s.policyDomain = policyDomain;
    s.firstSeen = minOf(s.firstSeen, begin);
    s.lastSeen = maxOf(s.lastSeen, end);

    let anyDkim = false;
    const dkimAuth = Array.isArray(r.dkimAuth) ? r.dkimAuth : [];
    for (let i = 0; i < dkimAuth.length && i < MAX_ENTRIES_PER_RECORD; i++) {
      const a = dkimAuth[i];
      if (typeof a !== "object" || a === null) continue;
      const result = normWord(a.result);
      if (result === "pass") anyDkim = true;
      s.dkim.add([normName(a.domain), normWord(a.selector, 64), result].join(SEP), n);
    }
    let anySpf = false;
    const spfAuth = Array.isArray(r.spfAuth) ? r.spfAuth : [];
    for (let i = 0; i < spfAuth.length && i < MAX_ENTRIES_PER_RECORD; i++) {
      const a = spfAuth[i];
      if (typeof a !== "object" || a === null) continue;
      const result = normWord(a.result);
      if (result === "pass") anySpf = true;
      s.spf.add([normName(a.domain), normWord(a.scope, 16), result].join(SEP), n);
    }
    if (anyDkim) s.authDkimPass += n;
    if (anySpf) s.authSpfPass += n;

    let arc = false;
    const reasons = Array.isArray(r.reasons) ? r.reasons : [];
    for (let i = 0; i < reasons.length && i < MAX_ENTRIES_PER_RECORD; i++) {
      const reason = reasons[i];
      if (typeof reason !== "object" || reason === null) continue;
      s.overrides ??= new BoundedCounts(MAX_OVERRIDE_TYPES);
      s.overrides.add(normWord(reason.type), n);
      if (typeof reason.comment === "string" && reason.comment.trim() !== "") {
        const c = clip(reason.comment.trim(), 256);
        s.comments ??= new BoundedCounts(MAX_COMMENTS);
        s.comments.add(c, 1);
        if (!arc && arcSignal(c)) arc = true;
      }
    }
    if (arc) s.arc += n;
  }

  /** The totals as plain data (compacts the bounded tables first; adding more afterwards is fine). */
  snapshot(): DmarcAggregate {
    this.sources.compact();
    this.policies.compact();
    const sources = [...this.sources.map.values()].map(sourceSnapshot).sort(bySourceOrder);
    const orgs = this.orgs.entries().map(([name, reports]) => ({ name, reports }));
    const policies = [...this.policies.map.values()]
      .map((p) => ({ ...p.seen, reports: p.reports, days: p.days.sorted(), lastEnd: p.lastEnd }))
      .sort((a, b) => cmp(policyKey(a), policyKey(b)));
    return {
      version: 1,
      reports: this.reports,
      records: this.records,
      messages: this.messages,
      reportingOrgs: orgs,
      reportingOrgsOmitted: this.orgs.other,
      period: { begin: this.begin, end: this.end, days: this.days.sorted() },
      policies,
      sources,
      omitted: { ...this.omitted },
    };
  }
}

function policyKey(p: PolicySeen): string {
  return [p.domain, p.p, p.sp, p.np, p.adkim, p.aspf, p.pct, p.testing].join(SEP);
}

function bySourceOrder(a: SourceAggregate, b: SourceAggregate): number {
  return b.count - a.count || cmp(a.ip, b.ip) || cmp(a.headerFrom, b.headerFrom);
}

function authList(counts: BoundedCounts, second: "selector" | "scope"): AuthCount[] {
  return counts
    .entries()
    .map(([key, count]) => {
      const [domain = "", extra = "", result = ""] = key.split(SEP);
      return extra === "" ? { domain, result, count } : { domain, [second]: extra, result, count };
    })
    .sort((a, b) => b.count - a.count || cmp(a.domain, b.domain) || cmp(a.result, b.result));
}

function sourceSnapshot(s: SourceAcc): SourceAggregate {
  const dkimAuth = authList(s.dkim, "selector");
  const spfAuth = authList(s.spf, "scope");
  return {
    ip: s.ip,
    headerFrom: s.headerFrom,
    policyDomain: s.policyDomain ?? "",
    records: s.records,
    count: s.count,
    dmarcPass: s.dmarcPass,
    dkimPass: s.dkimPass,
    spfPass: s.spfPass,
    bothPass: s.bothPass,
    authDkimPass: s.authDkimPass,
    authSpfPass: s.authSpfPass,
    dispositions: { none: s.none, quarantine: s.quarantine, reject: s.reject },
    overrides: (s.overrides ?? EMPTY_COUNTS)
      .entries()
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || cmp(a.type, b.type)),
    comments: (s.comments ?? EMPTY_COUNTS).entries().map(([c]) => c),
    arc: s.arc,
    dkimAuth,
    spfAuth,
    authOther: s.dkim.other + s.spf.other,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reverse DNS

export interface PtrInfo {
  /** PTR names whose own A/AAAA records lead back to the IP (forward-confirmed): only these name a service. */
  readonly names: readonly string[];
  /** PTR names that do not lead back to the IP: anyone controlling the IP's reverse zone can write them. */
  readonly unconfirmed?: readonly string[];
  readonly error?: string;
}

export interface ResolvePtrOptions {
  /** Lookups in flight at most (default 8). */
  readonly concurrency?: number;
  /** Overall deadline in ms (default 15,000); IPs not answered by then get error "TIMEOUT". */
  readonly deadlineMs?: number;
  /** Distinct IPs looked up at most (default 10,000); the rest get error "NOT-LOOKED-UP". */
  readonly maxLookups?: number;
}

const MAX_PTR_NAMES = 8;

/** PTR names checked forward (A or AAAA of the name) per IP; more are kept as unconfirmed without a lookup. */
const MAX_CONFIRMED_NAMES = 3;

/** Whether `name`'s addresses of the IP's family include the IP (forward-confirmed reverse DNS). */
async function leadsBack(name: string, ip: string, dns: DnsClient): Promise<boolean> {
  try {
    const v6 = ip.includes(":");
    const answer = v6 ? await dns.aaaa(name) : await dns.a(name);
    const want = canonicalIpText(ip);
    return answer.records.some((a) => canonicalIpText(a) === want);
  } catch {
    return false;
  }
}

async function lookupPtr(ip: string, dns: DnsClient): Promise<PtrInfo> {
  let names: string[];
  try {
    const answer = await dns.ptr(ip);
    if (answer.status !== "ok") return { names: [], error: answer.status };
    names = [];
    for (const raw of answer.records) {
      const name = normName(raw);
      if (name !== "" && !names.includes(name)) names.push(name);
      if (names.length >= MAX_PTR_NAMES) break;
    }
    if (names.length === 0) return { names, error: "NODATA" };
  } catch (e) {
    return { names: [], error: e instanceof DnsLookupError ? e.code : "ERROR" };
  }
  const checked = await Promise.all(names.slice(0, MAX_CONFIRMED_NAMES).map((n) => leadsBack(n, ip, dns)));
  const confirmed = names.filter((_, i) => checked[i] === true);
  const unconfirmed = names.filter((_, i) => checked[i] !== true);
  if (confirmed.length === 0) return { names: [], unconfirmed, error: "NOT-CONFIRMED" };
  return unconfirmed.length === 0 ? { names: confirmed } : { names: confirmed, unconfirmed };
}

/**
 * Reverse DNS for each source IP through the injected DnsClient, with a concurrency limit and an overall deadline.
 * Each PTR name is confirmed forward (its A/AAAA must include the IP), since a reverse zone's owner can write any
 * name there: unconfirmed names are kept apart and never name a service. Failures give { names: [], error }
 * (NXDOMAIN, NODATA, SERVFAIL, TIMEOUT, REFUSED, ERROR, NOT-AN-IP, NOT-LOOKED-UP, NOT-CONFIRMED).
 * Never rejects. The map is keyed by the IPs as given.
 */
export async function resolveSourcePtrs(
  ips: readonly string[],
  dns: DnsClient,
  options: ResolvePtrOptions = {},
): Promise<Map<string, PtrInfo>> {
  const concurrency = Math.min(64, Math.max(1, Math.floor(options.concurrency ?? 8)));
  const deadlineMs = Math.max(0, options.deadlineMs ?? 15_000);
  const maxLookups = Math.max(0, Math.floor(options.maxLookups ?? 10_000));
  const out = new Map<string, PtrInfo>();
  const queue: string[] = [];
  const queued = new Set<string>();
  for (const ip of ips) {
    if (out.has(ip) || queued.has(ip)) continue;
    if (typeof ip !== "string" || !isIpAddress(ip.trim())) out.set(ip, { names: [], error: "NOT-AN-IP" });
    else if (queue.length >= maxLookups) out.set(ip, { names: [], error: "NOT-LOOKED-UP" });
    else {
      queue.push(ip);
      queued.add(ip);
    }
  }
  const deadline = Date.now() + deadlineMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), deadlineMs);
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && Date.now() < deadline) {
      const ip = queue[next++] as string;
      const info = await Promise.race([lookupPtr(ip.trim(), dns), expired]);
      if (info === "deadline") return;
      out.set(ip, info);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
  for (const ip of queue) if (!out.has(ip)) out.set(ip, { names: [], error: "TIMEOUT" });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis: types

export type ServiceMatchedBy = "dkim" | "return-path" | "ptr";

export interface SourceAnalysis {
  readonly ip: string;
  readonly headerFrom: string;
  readonly policyDomain: string;
  /** The first PTR name, or null (not looked up, or none). */
  readonly ptr: string | null;
  readonly ptrNames: readonly string[];
  /** PTR names that do not lead back to the IP (not used to recognise a service). */
  readonly ptrUnconfirmed?: readonly string[];
  readonly ptrError?: string;
  /** Registrable domain of the PTR name (tldts getDomain). */
  readonly baseDomain: string | null;
  readonly count: number;
  readonly dmarcPass: number;
  /** Share of its messages that passed DMARC. */
  readonly alignedShare: number;
  /** DMARC passed for all its messages. */
  readonly aligned: boolean;
  /** pass: share with policy_evaluated pass (aligned); authPass: share with any auth pass; results: what was seen. */
  readonly spf: { readonly pass: number; readonly authPass: number; readonly results: readonly AuthCount[] };
  readonly dkim: { readonly pass: number; readonly authPass: number; readonly results: readonly AuthCount[] };
  readonly dispositions: DispositionCounts;
  readonly overrides: readonly { readonly type: string; readonly count: number }[];
  readonly comments: readonly string[];
  readonly classification: SourceClassification;
  /** The service's name when recognised. */
  readonly service?: string;
  readonly serviceId?: string;
  readonly serviceKind?: SenderKind;
  readonly serviceMatchedBy?: ServiceMatchedBy;
  /** Counted as legitimate mail in the readiness figures. */
  readonly legitimate: boolean;
  /** The classification rule that decided (knowledge/dmarc-advice.ts). */
  readonly rule: ClassificationRuleId;
  readonly fix: string;
  readonly docs?: string;
  /** ISO 8601. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
}

export interface SourceRef {
  readonly ip: string;
  readonly headerFrom: string;
  readonly ptr: string | null;
  readonly classification: SourceClassification;
  readonly service?: string;
  readonly rule: ClassificationRuleId;
  readonly count: number;
  /** Messages that failed DMARC. */
  readonly unaligned: number;
  /** unaligned / legitimate messages of the domain (for blockers), or / all messages (for sources to verify). */
  readonly share: number;
  readonly fix: string;
}

export interface Recommendation {
  /** The policy domain the recommendation is for (where the record lives, at _dmarc.<domain>). */
  readonly domain: string;
  /** The policy to publish next. */
  readonly policy: Disposition;
  /** t=y in the record to publish (only when the current record has it and should keep it). */
  readonly testing: boolean;
  readonly current: Disposition | null;
  readonly currentTesting: boolean;
  /** Where `current` was read: the record given by the caller, the reports' policy_published, or nowhere. */
  readonly currentFrom: "record" | "reports" | null;
  /** The TXT record to publish at _dmarc.<domain>. */
  readonly record: string;
  /** "current-record": the caller's record with p= changed; "unchanged": publish nothing new; "built": a new one. */
  readonly recordFrom: "current-record" | "unchanged" | "built";
  /** The readiness rule that decided (knowledge/dmarc-advice.ts READINESS_RULES). */
  readonly rule: ReadinessRuleId;
  readonly reason: string;
  readonly notes: readonly string[];
  /** Aligned share of legitimate mail (null when there is none). */
  readonly legitimateAlignedShare: number | null;
  readonly legitimateMessages: number;
  readonly days: number;
  readonly daysAtQuarantine: number;
  /** The sources to fix before the next step. */
  readonly blockers: readonly SourceRef[];
  /** Other legitimate sources with failures, worth fixing too. */
  readonly alsoFix: readonly SourceRef[];
  /** Unrecognised (or webmail) senders with the most failing mail: check they are not yours before enforcing. */
  readonly verify: readonly SourceRef[];
}

export interface ClassTotals {
  readonly sources: number;
  readonly messages: number;
  readonly dmarcPass: number;
}

export interface DomainBreakdown {
  /** header_from domain. */
  readonly domain: string;
  readonly messages: number;
  readonly dmarcPass: number;
  readonly alignedShare: number;
  readonly sources: number;
  readonly byClassification: Readonly<Record<SourceClassification, ClassTotals>>;
  readonly dispositions: DispositionCounts;
}

/** A published policy as the reports saw it: PolicySeen with its days counted and its last report end in ISO 8601. */
export interface PolicySummary extends Omit<PolicySeen, "days" | "lastEnd"> {
  readonly days: number;
  readonly lastEnd: string | null;
}

export interface PolicyDomainAnalysis {
  readonly domain: string;
  readonly messages: number;
  readonly alignedShare: number;
  readonly legitimateAlignedShare: number | null;
  /** The policy the reports saw last for this domain. */
  readonly published: PolicySummary | null;
  readonly recommendation: Recommendation;
}

export interface DmarcAnalysis {
  readonly reports: number;
  readonly records: number;
  readonly messages: number;
  /** Share of messages that passed DMARC (policy_evaluated dkim or spf pass), 0..1. */
  readonly alignedShare: number;
  readonly legitimateAlignedShare: number | null;
  readonly period: { readonly begin: string | null; readonly end: string | null; readonly days: number };
  readonly reportingOrgs: readonly { readonly name: string; readonly reports: number }[];
  readonly policies: readonly PolicySummary[];
  readonly dispositions: DispositionCounts;
  readonly overrides: readonly { readonly type: string; readonly count: number }[];
  readonly byClassification: Readonly<Record<SourceClassification, ClassTotals>>;
  readonly domains: readonly DomainBreakdown[];
  readonly policyDomains: readonly PolicyDomainAnalysis[];
  /** Sorted by message count, largest first. */
  readonly sources: readonly SourceAnalysis[];
  /** Records of sources beyond the aggregator's cap, not analysed one by one. */
  readonly omitted: DmarcAggregate["omitted"];
  /** The recommendation for the busiest policy domain (or options.domain). */
  readonly recommendation: Recommendation;
  /** Files or records that were odd: filled by the caller (the parsers' problems). */
  readonly problems: readonly ReportProblem[];
}

export interface AnalyzeOptions {
  /** Reverse DNS of source IPs (from resolveSourcePtrs), keyed by IP as in the aggregate or as given. */
  readonly ptr?: ReadonlyMap<string, PtrInfo>;
  /** The domain's DMARC TXT record, if the caller looked it up (for options.domain or the busiest policy domain). */
  readonly currentRecord?: string;
  /** The policy domain the top-level recommendation (and currentRecord) is for. */
  readonly domain?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis: facts and rules

interface ServiceHit {
  readonly service: DmarcSenderService;
  readonly tenant: boolean;
  readonly by: ServiceMatchedBy;
}

interface SourceFacts {
  readonly allPass: boolean;
  readonly somePass: boolean;
  readonly dkimOnly: boolean;
  readonly ptrInOwnDomain: boolean;
  readonly service: ServiceHit | undefined;
  readonly forwardingOverride: boolean;
  readonly arc: boolean;
  readonly ownSignatureBroken: boolean;
  readonly thirdParty: readonly string[];
  readonly ownSelectors: readonly string[];
}

const orgCache = new Map<string, string>();

function orgOf(domain: string): string {
  let org = orgCache.get(domain);
  if (org === undefined) {
    org = domain === "" ? "" : orgDomainByPsl(domain);
    if (orgCache.size >= 10_000) orgCache.clear();
    orgCache.set(domain, org);
  }
  return org;
}

/** Relaxed alignment (RFC 7489 section 3.1): same organisational domain. */
function alignedWith(domain: string, headerFrom: string): boolean {
  return domain !== "" && headerFrom !== "" && orgOf(domain) === orgOf(headerFrom);
}

const BROKEN_DKIM: ReadonlySet<string> = new Set(["fail", "neutral", "permerror", "policy"]);

function recognise(s: SourceAggregate, ptrNames: readonly string[]): ServiceHit | undefined {
  for (const a of s.dkimAuth) {
    if (a.result !== "pass" || alignedWith(a.domain, s.headerFrom)) continue;
    const hit = serviceOfDkimDomain(a.domain);
    if (hit !== undefined) return { ...hit, by: "dkim" };
  }
  for (const a of s.spfAuth) {
    if (a.result !== "pass" || alignedWith(a.domain, s.headerFrom)) continue;
    const service = serviceOfReturnPath(a.domain);
    if (service !== undefined) return { service, tenant: false, by: "return-path" };
  }
  for (const name of ptrNames) {
    const service = serviceOfPtr(name);
    if (service !== undefined) return { service, tenant: false, by: "ptr" };
  }
  return undefined;
}

function factsOf(s: SourceAggregate, ptrNames: readonly string[]): SourceFacts {
  const failing = s.count - s.dmarcPass;
  const overrideCount = s.overrides
    .filter((o) => FORWARDING_OVERRIDES.includes(o.type))
    .reduce((sum, o) => sum + o.count, 0);
  let broken = 0;
  const thirdParty: string[] = [];
  const ownSelectors: string[] = [];
  for (const a of s.dkimAuth) {
    if (alignedWith(a.domain, s.headerFrom)) {
      if (BROKEN_DKIM.has(a.result)) broken += a.count;
      if (a.selector !== undefined && !ownSelectors.includes(a.selector)) ownSelectors.push(a.selector);
    } else if (a.result === "pass" && a.domain !== "" && !thirdParty.includes(a.domain)) {
      thirdParty.push(a.domain);
    }
  }
  for (const a of s.spfAuth) {
    if (
      a.result === "pass" &&
      a.domain !== "" &&
      !alignedWith(a.domain, s.headerFrom) &&
      !thirdParty.includes(a.domain)
    )
      thirdParty.push(a.domain);
  }
  const own = s.headerFrom === "" ? "" : orgOf(s.headerFrom);
  return {
    allPass: s.count > 0 && s.dmarcPass >= s.count,
    somePass: s.dmarcPass > 0,
    dkimOnly: s.dkimPass > 0 && s.spfPass === 0,
    ptrInOwnDomain: own !== "" && ptrNames.some((n) => orgOf(n) === own),
    service: recognise(s, ptrNames),
    forwardingOverride: failing > 0 && overrideCount * 2 >= failing,
    arc: failing > 0 && s.arc * 2 >= failing,
    ownSignatureBroken: failing > 0 && broken * 2 >= failing,
    thirdParty,
    ownSelectors,
  };
}

function holds(when: SourceConditions, f: SourceFacts): boolean {
  if (when.dmarc === "all-pass" && !f.allPass) return false;
  if (when.dmarc === "not-all-pass" && f.allPass) return false;
  if (when.passBy === "dkim-only" && !f.dkimOnly) return false;
  if (when.ptrInOwnDomain !== undefined && when.ptrInOwnDomain !== f.ptrInOwnDomain) return false;
  if (when.service !== undefined) {
    const kind: ServiceMatch = f.service === undefined ? "none" : f.service.service.kind;
    if (!when.service.includes(kind)) return false;
  }
  if (when.tenant !== undefined && when.tenant !== (f.service?.tenant ?? false)) return false;
  if (when.forwardingOverride !== undefined && when.forwardingOverride !== f.forwardingOverride) return false;
  if (when.arc !== undefined && when.arc !== f.arc) return false;
  if (when.ownSignatureBroken !== undefined && when.ownSignatureBroken !== f.ownSignatureBroken) return false;
  if (when.somePass !== undefined && when.somePass !== f.somePass) return false;
  if (when.thirdPartyAuth !== undefined && when.thirdPartyAuth !== f.thirdParty.length > 0) return false;
  return true;
}

const RULES: readonly ClassificationRule[] = CLASSIFICATION_RULES;

/** The first rule whose conditions hold; the last rule has none, so there always is one. */
function ruleFor(f: SourceFacts): ClassificationRule {
  for (const rule of RULES) if (holds(rule.when, f)) return rule;
  return RULES[RULES.length - 1] as ClassificationRule;
}

/** A share as a percentage with one decimal, rounded down so that 97.99% never reads as the 98% it misses. */
function percent(share: number): string {
  const p = share * 100;
  if (p > 0 && p < 0.1) return "<0.1%";
  if (p > 99.9 && p < 100) return ">99.9%";
  return `${Math.floor(p * 10 + 1e-9) / 10}%`;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function iso(sec: number | null): string | null {
  return sec === null ? null : new Date(sec * 1000).toISOString();
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function analyzeSource(s: SourceAggregate, ptr: PtrInfo | undefined): SourceAnalysis {
  const ptrNames = ptr?.names ?? [];
  const first = ptrNames[0] ?? null;
  const f = factsOf(s, ptrNames);
  const rule = ruleFor(f);
  const service = f.service?.service;
  const selectors = f.ownSelectors.slice(0, 3);
  const fix = fill(rule.fix, {
    headerFrom: s.headerFrom || "your domain",
    ip: s.ip,
    ptr: first ?? "no PTR name",
    ptrNote: first === null ? "" : ` (${first})`,
    service: service?.name ?? "this service",
    serviceFix: service?.fix ?? "",
    serviceNote: service === undefined ? "" : ` (through ${service.name})`,
    docs: service?.docs ?? "the service's documentation",
    thirdParty: f.thirdParty.slice(0, 3).join(", ") || "another domain",
    selectorNote: selectors.length === 0 ? "" : ` (selector ${selectors.join(", ")})`,
    selectorList: selectors.length === 0 ? " the selector it signs with" : ` selector ${selectors.join(", ")}`,
    passShare: percent(share(s.dmarcPass, s.count)),
    failShare: percent(share(s.count - s.dmarcPass, s.count)),
  }).trim();
  const base = first === null ? null : getDomain(first);
  return {
    ip: s.ip,
    headerFrom: s.headerFrom,
    policyDomain: s.policyDomain,
    ptr: first,
    ptrNames,
    ...(ptr?.unconfirmed === undefined ? {} : { ptrUnconfirmed: ptr.unconfirmed }),
    ...(ptr?.error === undefined ? {} : { ptrError: ptr.error }),
    baseDomain: base,
    count: s.count,
    dmarcPass: s.dmarcPass,
    alignedShare: share(s.dmarcPass, s.count),
    aligned: f.allPass,
    spf: { pass: share(s.spfPass, s.count), authPass: share(s.authSpfPass, s.count), results: s.spfAuth },
    dkim: { pass: share(s.dkimPass, s.count), authPass: share(s.authDkimPass, s.count), results: s.dkimAuth },
    dispositions: s.dispositions,
    overrides: s.overrides,
    comments: s.comments,
    classification: rule.classification,
    ...(service === undefined
      ? {}
      : {
          service: service.name,
          serviceId: service.id,
          serviceKind: service.kind,
          serviceMatchedBy: (f.service as ServiceHit).by,
          docs: service.docs,
        }),
    legitimate: rule.legitimate,
    rule: rule.id as ClassificationRuleId,
    fix,
    firstSeen: iso(s.firstSeen),
    lastSeen: iso(s.lastSeen),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis: readiness and the record

const LEVEL: Readonly<Record<Disposition, number>> = { none: 0, quarantine: 1, reject: 2 };
const LEVELS: readonly Disposition[] = ["none", "quarantine", "reject"];

function asDisposition(p: string | null | undefined): Disposition | null {
  return p === "none" || p === "quarantine" || p === "reject" ? p : null;
}

function refOf(s: SourceAnalysis, whole: number): SourceRef {
  const unaligned = s.count - s.dmarcPass;
  return {
    ip: s.ip,
    headerFrom: s.headerFrom,
    ptr: s.ptr,
    classification: s.classification,
    ...(s.service === undefined ? {} : { service: s.service }),
    rule: s.rule,
    count: s.count,
    unaligned,
    share: share(unaligned, whole),
    fix: s.fix,
  };
}

function nameOf(r: SourceRef): string {
  const who = r.service ?? r.ptr ?? r.ip;
  const where = who === r.ip ? "" : ` at ${r.ip}`;
  return `${who}${where} (${r.unaligned.toLocaleString("en-US")} unaligned message${r.unaligned === 1 ? "" : "s"})`;
}

function listNames(refs: readonly SourceRef[]): string {
  const shown = refs.slice(0, 3).map(nameOf);
  const more = refs.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ") || "the failing senders";
}

interface RecordChange {
  readonly record: string;
  readonly from: Recommendation["recordFrom"];
  readonly notes: string[];
}

const MAX_RECORD_PARTS = 64;

/** The record to publish: the current one with p (and t, pct) changed, or a new one with a placeholder rua. */
function recordFor(domain: string, policy: Disposition, testing: boolean, current: string | undefined): RecordChange {
  const rua = `mailto:dmarc-reports@${domain || "example.com"}`;
  const notes: string[] = [];
  if (current === undefined || !isDmarcRecord(current)) {
    notes.push(fill(PLACEHOLDER_RUA_NOTE, { domain: domain || "example.com" }));
    const t = testing ? "; t=y" : "";
    return { record: `v=DMARC1; p=${policy}${t}; rua=${rua}`, from: "built", notes };
  }
  const parts = clip(current, 4096)
    .split(";")
    .slice(0, MAX_RECORD_PARTS)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const nameOfPart = (p: string): string => {
    const eq = p.indexOf("=");
    return eq < 0 ? "" : p.slice(0, eq).trim().toLowerCase();
  };
  const out: string[] = [];
  let hasRua = false;
  for (const p of parts) {
    const name = nameOfPart(p);
    if (name === "pct") {
      notes.push(PCT_DROPPED_NOTE);
      continue;
    }
    if (name === "t") continue;
    if (name === "rua") hasRua = true;
    if (name === "p") {
      out.push(`p=${policy}`);
      if (testing) out.push("t=y");
      continue;
    }
    out.push(p);
  }
  if (!parts.some((p) => nameOfPart(p) === "p"))
    out.splice(1, 0, ...(testing ? [`p=${policy}`, "t=y"] : [`p=${policy}`]));
  if (!hasRua) {
    out.push(`rua=${rua}`);
    notes.push(fill(RUA_ADDED_NOTE, { domain: domain || "example.com" }));
  }
  return { record: out.join("; "), from: "current-record", notes };
}

interface DomainInput {
  readonly domain: string;
  readonly sources: readonly SourceAnalysis[];
  readonly published: PolicySeen | null;
  readonly daysAtQuarantine: number;
  readonly days: number;
  readonly currentRecord: string | undefined;
}

const READINESS_TEXT: ReadonlyMap<ReadinessRuleId, string> = new Map(READINESS_RULES.map((r) => [r.id, r.reason]));

function recommend(input: DomainInput): Recommendation {
  const { domain, sources, published, days, daysAtQuarantine } = input;
  // The current policy: the caller's record first, else what the reports saw last.
  let current: Disposition | null = null;
  let currentTesting = false;
  let currentFrom: Recommendation["currentFrom"] = null;
  const parsed = input.currentRecord === undefined ? null : parseDmarc(input.currentRecord);
  if (parsed?.isDmarc === true) {
    current = parsed.policy ?? "none";
    currentTesting = parsed.testing;
    currentFrom = "record";
  } else if (published !== null) {
    current = asDisposition(published.p);
    currentTesting = published.testing === "y";
    currentFrom = current === null ? null : "reports";
  }

  const messages = sources.reduce((n, s) => n + s.count, 0);
  const legit = sources.filter((s) => s.legitimate);
  const legitMessages = legit.reduce((n, s) => n + s.count, 0);
  const legitPass = legit.reduce((n, s) => n + s.dmarcPass, 0);
  const legitShare = legitMessages > 0 ? legitPass / legitMessages : null;
  const failingLegit = legit
    .filter((s) => s.count > s.dmarcPass)
    .map((s) => refOf(s, legitMessages))
    .sort((a, b) => b.unaligned - a.unaligned || cmp(a.ip, b.ip) || cmp(a.headerFrom, b.headerFrom));
  const hardBlockers = failingLegit.filter((r) => r.share >= READINESS.blockerMinShare);
  const verify = sources
    .filter(
      (s) =>
        !s.legitimate && s.count > s.dmarcPass && (s.classification === "unknown" || s.classification === "service"),
    )
    .map((s) => refOf(s, messages))
    .sort((a, b) => b.unaligned - a.unaligned || cmp(a.ip, b.ip) || cmp(a.headerFrom, b.headerFrom))
    .slice(0, 10);

  /** The legitimate sources to fix so that the share reaches `threshold`: the hard blockers, else the largest. */
  const blockersFor = (threshold: number): SourceRef[] => {
    if (hardBlockers.length > 0) return hardBlockers;
    const out: SourceRef[] = [];
    let pass = legitPass;
    for (const r of failingLegit) {
      if (legitMessages === 0 || pass / legitMessages >= threshold) break;
      out.push(r);
      pass += r.unaligned;
    }
    return out.length > 0 ? out : failingLegit.slice(0, 1);
  };
  const meets = (threshold: number): boolean =>
    (legitShare === null || legitShare >= threshold) && hardBlockers.length === 0;

  const cur = current ?? "none";
  let policy: Disposition = cur;
  let testing = currentTesting;
  let rule: ReadinessRuleId;
  let blockers: SourceRef[] = [];
  const notes: string[] = [];

  if (messages === 0) {
    rule = "readiness.no-data";
  } else if (days < READINESS.minDays && cur === "none") {
    rule = "readiness.too-few-days";
  } else if (
    LEVEL[cur] > 0 &&
    !currentTesting &&
    legitShare !== null &&
    legitShare < READINESS.quarantineMinAlignedShare
  ) {
    rule = "readiness.step-back";
    policy = LEVELS[LEVEL[cur] - 1] as Disposition;
    testing = false;
    blockers = blockersFor(READINESS.quarantineMinAlignedShare);
  } else if (cur === "none") {
    if (meets(READINESS.quarantineMinAlignedShare)) {
      rule = "readiness.quarantine-ready";
      policy = "quarantine";
      testing = false;
      notes.push(TESTING_STEP_NOTE);
    } else {
      rule = "readiness.fix-first";
      blockers = blockersFor(READINESS.quarantineMinAlignedShare);
    }
  } else if (currentTesting) {
    if (days >= READINESS.minDays && meets(READINESS.quarantineMinAlignedShare)) {
      rule = "readiness.testing-done";
      testing = false;
    } else if (days < READINESS.minDays) {
      rule = "readiness.too-few-days";
    } else {
      rule = "readiness.testing-wait";
      blockers = blockersFor(READINESS.quarantineMinAlignedShare);
    }
  } else if (cur === "quarantine") {
    if (daysAtQuarantine < READINESS.rejectMinDaysAtQuarantine) {
      rule = "readiness.quarantine-wait";
    } else if (!meets(READINESS.rejectMinAlignedShare)) {
      rule = "readiness.quarantine-fix";
      blockers = blockersFor(READINESS.rejectMinAlignedShare);
    } else {
      rule = "readiness.reject-ready";
      policy = "reject";
    }
  } else {
    rule = "readiness.at-reject";
  }

  const blockerKeys = new Set(blockers.map((b) => `${b.ip}${SEP}${b.headerFrom}`));
  const alsoFix = failingLegit.filter((r) => !blockerKeys.has(`${r.ip}${SEP}${r.headerFrom}`)).slice(0, 20);
  const reason = fill(READINESS_TEXT.get(rule) ?? "", {
    domain: domain || "your domain",
    current: cur,
    policy,
    days: String(days),
    minDays: String(READINESS.minDays),
    share: legitShare === null ? "all (there is none failing)" : percent(legitShare),
    threshold: percent(READINESS.quarantineMinAlignedShare),
    rejectThreshold: percent(READINESS.rejectMinAlignedShare),
    blockerShare: percent(READINESS.blockerMinShare),
    blockers: listNames(blockers),
    daysAtQuarantine: String(daysAtQuarantine),
    rejectDays: String(READINESS.rejectMinDaysAtQuarantine),
  });

  const changed = policy !== cur || testing !== currentTesting || current === null;
  let record: RecordChange;
  if (!changed && input.currentRecord !== undefined && parsed?.isDmarc === true) {
    record = { record: input.currentRecord.trim(), from: "unchanged", notes: [] };
  } else {
    record = recordFor(domain, policy, testing, parsed?.isDmarc === true ? input.currentRecord : undefined);
  }
  return {
    domain,
    policy,
    testing,
    current,
    currentTesting,
    currentFrom,
    record: record.record,
    recordFrom: record.from,
    rule,
    reason,
    notes: [...notes, ...record.notes],
    legitimateAlignedShare: legitShare,
    legitimateMessages: legitMessages,
    days,
    daysAtQuarantine,
    blockers: blockers.slice(0, 20),
    alsoFix,
    verify,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis: the whole

const CLASSES: readonly SourceClassification[] = ["own", "service", "forwarder", "unknown"];

function classTotals(sources: readonly SourceAnalysis[]): Record<SourceClassification, ClassTotals> {
  const out = {} as Record<SourceClassification, ClassTotals>;
  for (const c of CLASSES) {
    const of = sources.filter((s) => s.classification === c);
    out[c] = {
      sources: of.length,
      messages: of.reduce((n, s) => n + s.count, 0),
      dmarcPass: of.reduce((n, s) => n + s.dmarcPass, 0),
    };
  }
  return out;
}

function sumDispositions(sources: readonly { dispositions: DispositionCounts }[]): DispositionCounts {
  let none = 0;
  let quarantine = 0;
  let reject = 0;
  for (const s of sources) {
    none += s.dispositions.none;
    quarantine += s.dispositions.quarantine;
    reject += s.dispositions.reject;
  }
  return { none, quarantine, reject };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

function summaryOf(p: PolicySeen): PolicySummary {
  return { ...p, days: p.days.length, lastEnd: iso(p.lastEnd) };
}

/** The policy the reports saw last for a domain (latest report end; ties by name order of the policy). */
function latestPolicy(policies: readonly PolicySeen[], domain: string): PolicySeen | null {
  let best: PolicySeen | null = null;
  for (const p of policies) {
    if (p.domain !== domain) continue;
    if (
      best === null ||
      (p.lastEnd ?? -1) > (best.lastEnd ?? -1) ||
      ((p.lastEnd ?? -1) === (best.lastEnd ?? -1) && cmp(policyKey(p), policyKey(best)) < 0)
    )
      best = p;
  }
  return best;
}

/** Distinct days covered by reports for a domain (any policy), and those at p=quarantine without t=y. */
function daysFor(policies: readonly PolicySeen[], domain: string): { days: number; atQuarantine: number } {
  const all = new Set<number>();
  const quarantine = new Set<number>();
  for (const p of policies) {
    if (p.domain !== domain) continue;
    for (const d of p.days) {
      all.add(d);
      if (p.p === "quarantine" && p.testing !== "y") quarantine.add(d);
    }
  }
  return { days: all.size, atQuarantine: quarantine.size };
}

/**
 * Classifies each source of an aggregate (rules of knowledge/dmarc-advice.ts), says what to fix, and recommends
 * the policy to publish next, per policy domain and for the busiest one (or options.domain).
 */
export function analyzeDmarc(aggregate: DmarcAggregate, options: AnalyzeOptions = {}): DmarcAnalysis {
  // PTR answers keyed by the IP in any spelling: the aggregate's IPs are canonical.
  const ptrs = new Map<string, PtrInfo>();
  for (const [ip, info] of options.ptr ?? []) ptrs.set(canonicalIpText(ip), info);
  const ptrOf = (ip: string): PtrInfo | undefined => ptrs.get(ip);
  const sources = aggregate.sources.map((s) => analyzeSource(s, ptrOf(s.ip)));
  const messages = aggregate.messages;
  const dmarcPass = sources.reduce((n, s) => n + s.dmarcPass, 0) + aggregate.omitted.dmarcPass;
  const legit = sources.filter((s) => s.legitimate);
  const legitMessages = legit.reduce((n, s) => n + s.count, 0);

  const overrideMap = new Map<string, number>();
  for (const s of sources)
    for (const o of s.overrides) overrideMap.set(o.type, (overrideMap.get(o.type) ?? 0) + o.count);
  const overrides = [...overrideMap.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || cmp(a.type, b.type));

  const domains: DomainBreakdown[] = [...groupBy(sources, (s) => s.headerFrom).entries()]
    .map(([domain, list]) => {
      const m = list.reduce((n, s) => n + s.count, 0);
      const pass = list.reduce((n, s) => n + s.dmarcPass, 0);
      return {
        domain,
        messages: m,
        dmarcPass: pass,
        alignedShare: share(pass, m),
        sources: list.length,
        byClassification: classTotals(list),
        dispositions: sumDispositions(list),
      };
    })
    .sort((a, b) => b.messages - a.messages || cmp(a.domain, b.domain));

  // Policy domains: those of the sources, and those of reports without records.
  const byPolicyDomain = groupBy(sources, (s) => s.policyDomain);
  for (const p of aggregate.policies) if (!byPolicyDomain.has(p.domain)) byPolicyDomain.set(p.domain, []);
  const ranked = [...byPolicyDomain.entries()]
    .map(([domain, list]) => ({ domain, list, messages: list.reduce((n, s) => n + s.count, 0) }))
    .sort((a, b) => b.messages - a.messages || cmp(a.domain, b.domain));
  const wanted = options.domain === undefined ? undefined : normName(options.domain);
  const primary = wanted ?? ranked[0]?.domain ?? "";
  const policyDomains: PolicyDomainAnalysis[] = ranked.map(({ domain, list, messages: m }) => {
    const d = daysFor(aggregate.policies, domain);
    const published = latestPolicy(aggregate.policies, domain);
    const lm = list.filter((s) => s.legitimate);
    const lmCount = lm.reduce((n, s) => n + s.count, 0);
    return {
      domain,
      messages: m,
      alignedShare: share(
        list.reduce((n, s) => n + s.dmarcPass, 0),
        m,
      ),
      legitimateAlignedShare: lmCount > 0 ? lm.reduce((n, s) => n + s.dmarcPass, 0) / lmCount : null,
      published: published === null ? null : summaryOf(published),
      recommendation: recommend({
        domain,
        sources: list,
        published,
        days: d.days,
        daysAtQuarantine: d.atQuarantine,
        currentRecord: domain === primary ? options.currentRecord : undefined,
      }),
    };
  });
  const top =
    policyDomains.find((p) => p.domain === primary)?.recommendation ??
    recommend({
      domain: primary,
      sources: [],
      published: null,
      days: aggregate.period.days.length,
      daysAtQuarantine: 0,
      currentRecord: options.currentRecord,
    });

  return {
    reports: aggregate.reports,
    records: aggregate.records,
    messages,
    alignedShare: share(dmarcPass, messages),
    legitimateAlignedShare: legitMessages > 0 ? legit.reduce((n, s) => n + s.dmarcPass, 0) / legitMessages : null,
    period: {
      begin: iso(aggregate.period.begin),
      end: iso(aggregate.period.end),
      days: aggregate.period.days.length,
    },
    reportingOrgs: [...aggregate.reportingOrgs].sort((a, b) => b.reports - a.reports || cmp(a.name, b.name)),
    policies: aggregate.policies.map(summaryOf),
    dispositions: sumDispositions(sources),
    overrides,
    byClassification: classTotals(sources),
    domains,
    policyDomains,
    sources,
    omitted: aggregate.omitted,
    recommendation: top,
    problems: [],
  };
}
