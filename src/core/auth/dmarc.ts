// The DMARC part of `bouncewise check DOMAIN` (issue 5): parse a DMARC record (RFC 7489 section 6.3, RFC 9989
// 'General Record Format'), find the organisational domain by the public suffix list (RFC 7489 section 3.2) or the
// DNS tree walk (RFC 9989 section 4.10), and check the record that applies to a domain. Pure: DNS only through the
// injected DnsClient; texts come from the data in src/knowledge/check-findings/dmarc.ts.

import { getDomain } from "tldts";
import { DMARC_FINDINGS, type DmarcFindingId } from "../../knowledge/check-findings/dmarc.js";
import type { DnsAnswer, DnsClient } from "../dns/types.js";
import { DnsLookupError } from "../dns/types.js";
import type { CheckFinding, FindingRule, Severity } from "./types.js";
import { findingOf } from "./types.js";

export type DmarcPolicy = "none" | "quarantine" | "reject";
export type OrgMethod = "psl" | "tree-walk";

/** One problem found while parsing; `id` names its FindingRule, `values` fill its placeholders. */
export interface DmarcIssue {
  readonly id: DmarcFindingId;
  readonly severity: Severity;
  readonly message: string;
  readonly values: Readonly<Record<string, string | number>>;
  readonly tag?: string;
  /** 0-based offset in the record of the part concerned. */
  readonly position?: number;
}

/** A report address of rua or ruf. */
export interface DmarcUri {
  readonly uri: string;
  readonly valid: boolean;
  /** The mailbox (mailto: only), lowercased domain. */
  readonly address: string | null;
  /** The destination host: the domain of the address. */
  readonly host: string | null;
  /** The size limit after "!", e.g. "10m". */
  readonly maxSize: string | null;
}

export interface DmarcParse {
  /** The record begins with v=DMARC1 (exactly): receivers consider it at all. */
  readonly isDmarc: boolean;
  /** Tags as written (names lowercased, first occurrence of a repeated tag). */
  readonly tags: Readonly<Record<string, string>>;
  /** Valid p, or null when missing or invalid. */
  readonly policy: DmarcPolicy | null;
  readonly subdomainPolicy: DmarcPolicy | null;
  readonly nonExistentPolicy: DmarcPolicy | null;
  /** A p, sp or np tag is present with an unreadable value (RFC 7489 6.6.3: the record then counts as p=none or nothing). */
  readonly hasInvalidPolicy: boolean;
  readonly adkim: "r" | "s";
  readonly aspf: "r" | "s";
  /** RFC 7489 only (DMARCbis removed it); 100 when absent or invalid. */
  readonly pct: number;
  readonly rua: readonly DmarcUri[];
  readonly ruf: readonly DmarcUri[];
  readonly fo: readonly string[];
  readonly rf: readonly string[];
  readonly ri: number;
  /** t=y: DMARCbis test mode. */
  readonly testing: boolean;
  readonly psd: "y" | "n" | "u";
  readonly unknownTags: readonly string[];
  readonly issues: readonly DmarcIssue[];
}

export interface DmarcReport {
  readonly domain: string;
  readonly record: string | null;
  /** Where the record that applies was found (the domain, its organisational domain, or a public suffix domain). */
  readonly recordDomain: string | null;
  readonly orgDomain: string;
  readonly orgMethod: OrgMethod;
  /** The policy that applies to this domain: p, or sp / np of an inherited record. */
  readonly policy: DmarcPolicy | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly findings: readonly CheckFinding[];
  /** A corrected record (for recordDomain), or a starting record when there is none; null when nothing to change. */
  readonly suggestedRecord: string | null;
}

export interface OrgDomainResult {
  readonly method: OrgMethod;
  readonly orgDomain: string;
  /** Tree walk only: the public suffix domain that published a psd=y record, if one was met. */
  readonly psdDomain: string | null;
  /** Tree walk only: the _dmarc names queried, in order. */
  readonly queried: readonly string[];
}

export interface DmarcCheckOptions {
  /** Deadline for the whole check, in ms (default 10,000). */
  readonly deadlineMs?: number;
  /** How the organisational domain is found (default "tree-walk", RFC 9989). */
  readonly orgMethod?: OrgMethod;
}

const RULES: ReadonlyMap<string, FindingRule> = new Map(DMARC_FINDINGS.map((r) => [r.id, r]));

function ruleOf(id: DmarcFindingId): FindingRule {
  const rule = RULES.get(id);
  if (rule === undefined) throw new Error(`unknown DMARC finding ${id}`);
  return rule;
}

function finding(id: DmarcFindingId, values: Readonly<Record<string, string | number>> = {}): CheckFinding {
  return findingOf(ruleOf(id), values);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

const POLICIES: readonly string[] = ["none", "quarantine", "reject"];
const KNOWN_TAGS: ReadonlySet<string> = new Set([
  "v",
  "p",
  "sp",
  "np",
  "adkim",
  "aspf",
  "pct",
  "rua",
  "ruf",
  "fo",
  "rf",
  "ri",
  "t",
  "psd",
]);
/** Tag order for suggested records. */
const TAG_ORDER: readonly string[] = [
  "v",
  "p",
  "sp",
  "np",
  "psd",
  "t",
  "adkim",
  "aspf",
  "pct",
  "rua",
  "ruf",
  "fo",
  "rf",
  "ri",
];
const TAG_NAME = /^[a-z][a-z0-9_]*$/;
const DIGITS = /^[0-9]+$/;
const SIZE = /^[0-9]+[kmgt]?$/;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function asPolicy(v: string | undefined): DmarcPolicy | null {
  if (v === undefined) return null;
  const l = v.toLowerCase();
  return POLICIES.includes(l) ? (l as DmarcPolicy) : null;
}

/** Lowercased, without a trailing dot; null when not a plausible DNS name. */
export function normaliseDomain(input: string): string | null {
  const d = input.trim().toLowerCase().replace(/\.$/, "");
  if (d.length === 0 || d.length > 253) return null;
  for (const label of d.split(".")) {
    if (label.length === 0 || label.length > 63 || !LABEL.test(label)) return null;
  }
  return d;
}

function parseUri(raw: string): DmarcUri {
  const uri = raw.trim();
  const bad = (): DmarcUri => ({ uri, valid: false, address: null, host: null, maxSize: null });
  if (uri.length === 0) return bad();
  const colon = uri.indexOf(":");
  if (colon <= 0 || uri.slice(0, colon).toLowerCase() !== "mailto") return bad();
  let rest = uri.slice(colon + 1);
  let maxSize: string | null = null;
  const bang = rest.indexOf("!");
  if (bang >= 0) {
    maxSize = rest.slice(bang + 1);
    rest = rest.slice(0, bang);
    if (!SIZE.test(maxSize.toLowerCase())) return { ...bad(), maxSize };
  }
  const q = rest.indexOf("?");
  const mailbox = q >= 0 ? rest.slice(0, q) : rest;
  const at = mailbox.lastIndexOf("@");
  if (at <= 0 || mailbox.includes(" ")) return { ...bad(), maxSize };
  const host = normaliseDomain(mailbox.slice(at + 1));
  if (host === null || !host.includes(".")) return { ...bad(), maxSize };
  return { uri, valid: true, address: `${mailbox.slice(0, at)}@${host}`, host, maxSize };
}

function uriProblem(u: DmarcUri): string {
  if (u.uri.length === 0) return "empty entry in the list";
  const colon = u.uri.indexOf(":");
  if (colon <= 0) return "no mailto: scheme";
  if (u.uri.slice(0, colon).toLowerCase() !== "mailto") return "only mailto: addresses are used by receivers";
  if (u.maxSize !== null && !SIZE.test(u.maxSize.toLowerCase()))
    return `size limit "!${u.maxSize}" is not a number with k, m, g or t`;
  return "not a valid mail address";
}

/**
 * Parses a DMARC record. Never throws; every problem is an issue. Tags per RFC 7489 section 6.3 and RFC 9989
 * 'General Record Format': unknown tags are kept (and flagged), a repeated tag keeps its first value.
 */
export function parseDmarc(record: string): DmarcParse {
  const issues: DmarcIssue[] = [];
  const tags = new Map<string, string>();
  const positions = new Map<string, number>();
  const unknownTags: string[] = [];
  const issue = (
    id: DmarcFindingId,
    values: Readonly<Record<string, string | number>>,
    extra: { tag?: string; position?: number } = {},
  ): void => {
    const f = finding(id, values);
    issues.push({ id, severity: f.severity, message: f.message, values, ...extra });
  };

  // Split on ";" keeping offsets; empty parts (";;", a trailing ";") are allowed and skipped.
  let first = true;
  let isDmarc = false;
  let start = 0;
  while (start <= record.length) {
    let end = record.indexOf(";", start);
    if (end < 0) end = record.length;
    const raw = record.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const part = raw.trim();
    const position = start + lead;
    start = end + 1;
    if (part.length === 0) {
      // A leading ";" means the record does not begin with v=DMARC1; later empty parts (";;", a final ";") are fine.
      if (first) issue("dmarc.not-dmarc", { start: clip(record.trim(), 20) });
      first = false;
      continue;
    }
    const eq = part.indexOf("=");
    if (eq < 0) {
      issue("dmarc.syntax", { position, part: clip(part), detail: 'no "=" between tag and value' }, { position });
      if (first) {
        issue("dmarc.not-dmarc", { start: clip(part, 20) });
        first = false;
      }
      continue;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (first) {
      first = false;
      if (name === "v" && value === "DMARC1") isDmarc = true;
      else issue("dmarc.not-dmarc", { start: clip(part, 20) });
    } else if (name === "v") {
      issue("dmarc.syntax", { position, part: clip(part), detail: "v must be the first tag" }, { tag: "v", position });
      continue;
    }
    if (!TAG_NAME.test(name)) {
      issue("dmarc.syntax", { position, part: clip(part), detail: "a tag name is letters only" }, { position });
      continue;
    }
    if (tags.has(name)) {
      issue("dmarc.duplicate-tag", { tag: name, value: clip(tags.get(name) ?? "") }, { tag: name, position });
      continue;
    }
    tags.set(name, value);
    positions.set(name, position);
    if (!KNOWN_TAGS.has(name)) {
      unknownTags.push(name);
      issue("dmarc.unknown-tag", { tag: name }, { tag: name, position });
    }
  }

  const at = (tag: string): { tag: string; position?: number } => {
    const position = positions.get(tag);
    return position === undefined ? { tag } : { tag, position };
  };
  const invalid = (tag: string, expected: string, def: string): void => {
    issue("dmarc.invalid-value", { tag, value: clip(tags.get(tag) ?? ""), expected, default: def }, at(tag));
  };

  // p, sp, np
  let hasInvalidPolicy = false;
  const policyOf = (tag: string): DmarcPolicy | null => {
    const v = tags.get(tag);
    if (v === undefined) return null;
    const p = asPolicy(v);
    if (p === null) hasInvalidPolicy = true;
    return p;
  };
  const policy = policyOf("p");
  const subdomainPolicy = policyOf("sp");
  const nonExistentPolicy = policyOf("np");

  // rua, ruf
  const uris = (tag: string): DmarcUri[] => {
    const v = tags.get(tag);
    if (v === undefined) return [];
    const list = v.split(",").map(parseUri);
    for (const u of list) {
      if (!u.valid) issue("dmarc.invalid-uri", { tag, uri: clip(u.uri), detail: uriProblem(u) }, at(tag));
    }
    return list;
  };
  const rua = uris("rua");
  const ruf = uris("ruf");
  const hasValidRua = rua.some((u) => u.valid);

  for (const tag of ["p", "sp", "np"]) {
    const v = tags.get(tag);
    if (v === undefined || asPolicy(v) !== null) continue;
    const effect = hasValidRua
      ? "receivers treat the whole record as p=none."
      : "receivers ignore the whole record (it names no valid rua address).";
    issue("dmarc.invalid-policy", { tag, value: clip(v), effect }, at(tag));
  }
  if (isDmarc && !tags.has("p")) issue("dmarc.missing-policy", {}, { tag: "p" });

  const rors = (tag: string): "r" | "s" => {
    const v = tags.get(tag);
    if (v === undefined) return "r";
    const l = v.toLowerCase();
    if (l === "r" || l === "s") return l;
    invalid(tag, "r or s", "r (relaxed)");
    return "r";
  };
  const adkim = rors("adkim");
  const aspf = rors("aspf");

  let pct = 100;
  const pctRaw = tags.get("pct");
  if (pctRaw !== undefined) {
    if (DIGITS.test(pctRaw) && pctRaw.length <= 3 && Number(pctRaw) <= 100) pct = Number(pctRaw);
    else invalid("pct", "a whole number from 0 to 100", "100");
  }

  let fo: string[] = ["0"];
  const foRaw = tags.get("fo");
  if (foRaw !== undefined) {
    const opts = foRaw.split(":").map((s) => s.trim().toLowerCase());
    if (opts.every((o) => o === "0" || o === "1" || o === "d" || o === "s")) fo = opts;
    else invalid("fo", "0, 1, d or s, several joined by colons", "0");
  }

  let rf: string[] = ["afrf"];
  const rfRaw = tags.get("rf");
  if (rfRaw !== undefined) {
    const fmts = rfRaw.split(":").map((s) => s.trim().toLowerCase());
    if (fmts.every((f) => f === "afrf")) rf = fmts;
    else invalid("rf", "afrf", "afrf");
  }

  let ri = 86400;
  const riRaw = tags.get("ri");
  if (riRaw !== undefined) {
    if (DIGITS.test(riRaw) && riRaw.length <= 10 && Number(riRaw) <= 4294967295) ri = Number(riRaw);
    else invalid("ri", "a number of seconds", "86400");
  }

  let testing = false;
  const tRaw = tags.get("t");
  if (tRaw !== undefined) {
    const l = tRaw.toLowerCase();
    if (l === "y" || l === "n") testing = l === "y";
    else invalid("t", "y or n", "n");
  }

  let psd: "y" | "n" | "u" = "u";
  const psdRaw = tags.get("psd");
  if (psdRaw !== undefined) {
    const l = psdRaw.toLowerCase();
    if (l === "y" || l === "n" || l === "u") psd = l;
    else invalid("psd", "y, n or u", "u");
  }

  return {
    isDmarc,
    tags: Object.fromEntries(tags),
    policy,
    subdomainPolicy,
    nonExistentPolicy,
    hasInvalidPolicy,
    adkim,
    aspf,
    pct,
    rua,
    ruf,
    fo,
    rf,
    ri,
    testing,
    psd,
    unknownTags,
    issues,
  };
}

/** The record begins with the tag v=DMARC1 (RFC 7489 section 6.6.3 step 2; RFC 9989 'DNS Tree Walk' step 2). */
export function isDmarcRecord(record: string): boolean {
  const semi = record.indexOf(";");
  const head = (semi < 0 ? record : record.slice(0, semi)).trim();
  const eq = head.indexOf("=");
  return eq > 0 && head.slice(0, eq).trim().toLowerCase() === "v" && head.slice(eq + 1).trim() === "DMARC1";
}

// ---------------------------------------------------------------------------------------------------------------
// Organisational domain

/** RFC 7489 section 3.2: the public suffix (ICANN and private sections of the list) plus one label. */
export function orgDomainByPsl(domain: string): string {
  const org = getDomain(domain, { allowPrivateDomains: true, extractHostname: false });
  return org ?? domain;
}

/** The DMARC records found at one name: exactly one valid record, or none usable. */
interface WalkStep {
  readonly domain: string;
  readonly records: readonly string[];
  readonly record: DmarcParse | null;
}

type TxtLookup = (name: string) => Promise<DnsAnswer<string>>;

/** RFC 9989 section 4.10: at most 8 queries; a name of 8 or more labels jumps to its last 7 labels after the first. */
const WALK_MAX_LABELS = 8;

async function treeWalk(domain: string, txt: TxtLookup): Promise<{ steps: WalkStep[]; queried: string[] }> {
  const steps: WalkStep[] = [];
  const queried: string[] = [];
  let labels = domain.split(".");
  let firstStep = true;
  while (labels.length > 0) {
    const target = labels.join(".");
    const name = `_dmarc.${target}`;
    queried.push(name);
    const answer = await txt(name);
    const records = answer.records.filter(isDmarcRecord);
    const record = records.length === 1 && records[0] !== undefined ? parseDmarc(records[0]) : null;
    steps.push({ domain: target, records, record });
    if (record !== null && (record.psd === "n" || (!firstStep && record.psd === "y"))) break;
    firstStep = false;
    labels = labels.length >= WALK_MAX_LABELS ? labels.slice(labels.length - (WALK_MAX_LABELS - 1)) : labels.slice(1);
  }
  return { steps, queried };
}

/** RFC 9989 'Organizational Domain Discovery' applied to the steps of one tree walk. */
function orgFromWalk(domain: string, steps: readonly WalkStep[]): { orgDomain: string; psdDomain: string | null } {
  const found = steps.filter((s) => s.record !== null);
  for (const s of found) {
    if (s.record?.psd === "n") return { orgDomain: s.domain, psdDomain: null };
    if (s.record?.psd === "y" && s.domain !== domain) {
      const n = s.domain.split(".").length + 1;
      return { orgDomain: domain.split(".").slice(-n).join("."), psdDomain: s.domain };
    }
  }
  const last = found[found.length - 1];
  return { orgDomain: last?.domain ?? domain, psdDomain: null };
}

/**
 * The organisational domain of `domain`: "psl" (RFC 7489 section 3.2, no DNS) or "tree-walk" (RFC 9989 section
 * 4.10, up to 8 TXT queries). Rejects with DnsLookupError when a query of the walk fails.
 */
export async function orgDomainOf(domain: string, dns: DnsClient, method: OrgMethod): Promise<OrgDomainResult> {
  const d = normaliseDomain(domain);
  if (d === null) return { method, orgDomain: domain.trim().toLowerCase(), psdDomain: null, queried: [] };
  if (method === "psl") return { method, orgDomain: orgDomainByPsl(d), psdDomain: null, queried: [] };
  const { steps, queried } = await treeWalk(d, (name) => dns.txt(name));
  return { method, ...orgFromWalk(d, steps), queried };
}

// ---------------------------------------------------------------------------------------------------------------
// The check

const STRENGTH: Readonly<Record<DmarcPolicy, number>> = { none: 0, quarantine: 1, reject: 2 };

function withDeadline<T>(work: Promise<T>, deadline: number, query: string): Promise<T> {
  const left = deadline - Date.now();
  if (left <= 0) {
    work.catch(() => undefined);
    return Promise.reject(new DnsLookupError("TIMEOUT", query, `${query}: the check's deadline passed`));
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DnsLookupError("TIMEOUT", query, `${query}: no answer within the check's deadline`)),
      left,
    );
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof DnsLookupError ? e : new DnsLookupError("ERROR", query, `${query}: ${String(e)}`));
      },
    );
  });
}

/** The record a suggestion starts from: known tags with valid values, in a standard order, plus p and rua. */
function suggest(parse: DmarcParse | null, recordDomain: string): string {
  const rua = `mailto:dmarc-reports@${recordDomain}`;
  if (parse === null) return `v=DMARC1; p=none; rua=${rua}`;
  const t = parse.tags;
  const out = new Map<string, string>([["v", "DMARC1"]]);
  out.set("p", parse.policy ?? "none");
  if (parse.subdomainPolicy !== null) out.set("sp", parse.subdomainPolicy);
  if (parse.nonExistentPolicy !== null) out.set("np", parse.nonExistentPolicy);
  if (parse.psd !== "u") out.set("psd", parse.psd);
  if (parse.testing) out.set("t", "y");
  const rors = (v: string | undefined): boolean =>
    v !== undefined && (v.toLowerCase() === "r" || v.toLowerCase() === "s");
  if (rors(t.adkim)) out.set("adkim", parse.adkim);
  if (rors(t.aspf)) out.set("aspf", parse.aspf);
  if (parse.pct < 100) out.set("pct", String(parse.pct));
  const goodRua = parse.rua.filter((u) => u.valid).map((u) => u.uri);
  out.set("rua", goodRua.length > 0 ? goodRua.join(",") : rua);
  const goodRuf = parse.ruf.filter((u) => u.valid).map((u) => u.uri);
  if (goodRuf.length > 0) {
    out.set("ruf", goodRuf.join(","));
    if (t.fo !== undefined) out.set("fo", parse.fo.join(":"));
  }
  return TAG_ORDER.filter((k) => out.has(k))
    .map((k) => `${k}=${out.get(k)}`)
    .join("; ");
}

/** Whether a record needs the suggestion: anything the suggestion drops or adds beyond order and spacing. */
function needsChange(parse: DmarcParse, suggestion: string): boolean {
  if (parse.issues.some((i) => i.severity !== "info" || i.id === "dmarc.unknown-tag")) return true;
  if (!parse.rua.some((u) => u.valid)) return true;
  const norm = (s: string): string =>
    s
      .split(";")
      .map((p) => p.replaceAll(" ", "").toLowerCase())
      .filter((p) => p.length > 0)
      .sort()
      .join(";");
  return (
    norm(
      TAG_ORDER.filter((k) => parse.tags[k] !== undefined)
        .map((k) => `${k}=${parse.tags[k]}`)
        .join(";"),
    ) !== norm(suggestion)
  );
}

/**
 * Checks the DMARC record that applies to `domain`: the one at _dmarc.<domain>, else the organisational domain's
 * (sp, or np for a name that does not exist), else (tree walk) a public suffix domain's psd=y record.
 */
export async function checkDmarc(
  domain: string,
  dns: DnsClient,
  options: DmarcCheckOptions = {},
): Promise<DmarcReport> {
  const deadline = Date.now() + (options.deadlineMs ?? 10_000);
  const method: OrgMethod = options.orgMethod ?? "tree-walk";
  const findings: CheckFinding[] = [];
  const d = normaliseDomain(domain);
  if (d === null) {
    const shown = clip(domain.trim());
    return {
      domain: shown,
      record: null,
      recordDomain: null,
      orgDomain: shown,
      orgMethod: method,
      policy: null,
      tags: {},
      findings: [finding("dmarc.invalid-domain", { domain: shown, detail: "labels of letters, digits and hyphens" })],
      suggestedRecord: null,
    };
  }

  // One lookup per name for the whole check, within the deadline.
  const memo = new Map<string, Promise<DnsAnswer<string>>>();
  const txt: TxtLookup = (name) => {
    let p = memo.get(name);
    if (p === undefined) {
      p = withDeadline(dns.txt(name), deadline, `TXT ${name}`);
      memo.set(name, p);
    }
    return p;
  };
  const failedNames = new Set<string>();
  const failed = (e: unknown, name: string): void => {
    if (failedNames.has(name)) return;
    failedNames.add(name);
    const code = e instanceof DnsLookupError ? e.code : "ERROR";
    findings.push(finding("dmarc.lookup-failed", { name, code }));
  };

  const psl = orgDomainByPsl(d);
  let orgMethod: OrgMethod = method;
  let orgDomain = psl;
  let psdDomain: string | null = null;
  let steps: WalkStep[] = [];
  const ownName = `_dmarc.${d}`;

  // The domain's own record.
  let own: DnsAnswer<string>;
  try {
    own = await txt(ownName);
  } catch (e) {
    failed(e, ownName);
    return {
      domain: d,
      record: null,
      recordDomain: null,
      orgDomain: psl,
      orgMethod: "psl",
      policy: null,
      tags: {},
      findings,
      suggestedRecord: null,
    };
  }

  if (method === "tree-walk") {
    try {
      const walk = await treeWalk(d, txt);
      steps = walk.steps;
      ({ orgDomain, psdDomain } = orgFromWalk(d, steps));
      if (orgDomain !== psl)
        findings.push(finding("dmarc.org-method-differs", { domain: d, treeWalk: orgDomain, psl }));
    } catch (e) {
      // The walk failed part-way: say so, and fall back to the public suffix list.
      failed(e, e instanceof DnsLookupError ? e.query.replace(/^TXT /, "") : "_dmarc");
      orgMethod = "psl";
    }
  }

  // Pick the record that applies.
  const candidates: string[] = [d];
  if (orgDomain !== d) candidates.push(orgDomain);
  if (psdDomain !== null && !candidates.includes(psdDomain)) candidates.push(psdDomain);
  let record: string | null = null;
  let recordDomain: string | null = null;
  let reportedMissing = false;
  for (const target of candidates) {
    const name = `_dmarc.${target}`;
    let answer: DnsAnswer<string>;
    try {
      answer = target === d ? own : await txt(name);
    } catch (e) {
      failed(e, name);
      reportedMissing = true;
      break;
    }
    const dmarc = answer.records.filter(isDmarcRecord);
    if (dmarc.length > 1) {
      findings.push(finding("dmarc.multiple-records", { recordDomain: target, count: dmarc.length }));
      reportedMissing = true;
      continue;
    }
    if (dmarc.length === 1 && dmarc[0] !== undefined) {
      record = dmarc[0];
      recordDomain = target;
      break;
    }
    // A TXT record meant as DMARC but not starting with v=DMARC1 (e.g. "v=dmarc1", or tags before v).
    const attempt = answer.records.find((r) => r.toLowerCase().includes("dmarc") || r.toLowerCase().includes("p="));
    if (attempt !== undefined) {
      findings.push(
        finding("dmarc.not-dmarc", {
          recordDomain: target,
          start: clip(attempt.trim(), 20),
          suggested: suggest(null, target),
        }),
      );
      reportedMissing = true;
    }
  }

  if (record === null || recordDomain === null) {
    const suggested = suggest(null, d);
    const looked = candidates.map((c) => `_dmarc.${c}`).join(", ");
    if (!reportedMissing) findings.push(finding("dmarc.missing", { domain: d, looked, suggested }));
    return {
      domain: d,
      record: null,
      recordDomain: null,
      orgDomain,
      orgMethod,
      policy: null,
      tags: {},
      findings,
      suggestedRecord: suggested,
    };
  }

  const parse = parseDmarc(record);
  const suggestion = suggest(parse, recordDomain);
  const fill = { recordDomain, suggested: suggestion, domain: d };
  for (const i of parse.issues) findings.push(findingOf(ruleOf(i.id), { ...i.values, ...fill }));

  // The policy that applies to this domain.
  const p = parse.policy;
  const validRua = parse.rua.some((u) => u.valid);
  // RFC 9989 'DMARC Policy Discovery': an unreadable p, sp or np makes the record p=none when it names a valid rua,
  // and no policy at all otherwise; a missing p reads as p=none ('General Record Format', p).
  const base: DmarcPolicy | null = parse.hasInvalidPolicy ? (validRua ? "none" : null) : (p ?? "none");
  let policy = base;
  if (recordDomain !== d) {
    let exists = true;
    try {
      exists = (await withDeadline(dns.a(d), deadline, `A ${d}`)).status !== "NXDOMAIN";
    } catch {
      exists = true; // unknown: take the commoner case
    }
    let policyTag = "p";
    if (base !== null && !parse.hasInvalidPolicy) {
      if (!exists && parse.nonExistentPolicy !== null) {
        policy = parse.nonExistentPolicy;
        policyTag = "np";
      } else if (parse.subdomainPolicy !== null) {
        policy = parse.subdomainPolicy;
        policyTag = "sp";
      }
    }
    findings.push(finding("dmarc.inherited", { domain: d, recordDomain, policyTag, policy: policy ?? "no policy" }));
  }

  if (record.length > 512) findings.push(finding("dmarc.large-record", { length: record.length }));
  if (p === "none") findings.push(finding("dmarc.policy-none", fill));
  if (!parse.rua.some((u) => u.valid) && parse.tags.rua === undefined) findings.push(finding("dmarc.no-rua", fill));
  if (parse.tags.pct !== undefined) {
    if (parse.pct < 100) findings.push(finding("dmarc.pct-partial", { pct: parse.pct, policy: p ?? "none" }));
    else findings.push(finding("dmarc.obsolete-tag", { tag: "pct" }));
  }
  for (const tag of ["rf", "ri"])
    if (parse.tags[tag] !== undefined) findings.push(finding("dmarc.obsolete-tag", { tag }));
  if (p !== null && parse.subdomainPolicy !== null && STRENGTH[parse.subdomainPolicy] < STRENGTH[p]) {
    findings.push(finding("dmarc.subdomain-weaker", { sp: parse.subdomainPolicy, p, recordDomain }));
  }
  if (p !== null && parse.nonExistentPolicy !== null && STRENGTH[parse.nonExistentPolicy] < STRENGTH[p]) {
    findings.push(finding("dmarc.np-weaker", { np: parse.nonExistentPolicy, p, recordDomain }));
  }
  const strict = [parse.adkim === "s" ? "adkim=s" : "", parse.aspf === "s" ? "aspf=s" : ""].filter((s) => s !== "");
  if (strict.length > 0) findings.push(finding("dmarc.strict-alignment", { tags: strict.join(", "), recordDomain }));
  if (parse.testing) findings.push(finding("dmarc.testing"));
  if (parse.tags.fo !== undefined && !parse.ruf.some((u) => u.valid)) {
    findings.push(finding("dmarc.fo-without-ruf", { fo: parse.tags.fo }));
  }

  // External report destinations (RFC 7489 section 7.1): another organisation must publish
  // <recordDomain>._report._dmarc.<host> TXT "v=DMARC1".
  const ownOrg = orgDomainByPsl(recordDomain);
  const checked = new Set<string>();
  for (const u of [...parse.rua, ...parse.ruf]) {
    if (!u.valid || u.host === null || u.address === null || checked.has(u.host)) continue;
    checked.add(u.host);
    if (orgDomainByPsl(u.host) === ownOrg) continue;
    const authName = `${recordDomain}._report._dmarc.${u.host}`;
    const values = { address: u.address, host: u.host, recordDomain, authName };
    try {
      const answer = await txt(authName);
      if (!answer.records.some(isDmarcRecord)) findings.push(finding("dmarc.external-unauthorised", values));
    } catch (e) {
      const code = e instanceof DnsLookupError ? e.code : "ERROR";
      findings.push(finding("dmarc.external-unverified", { ...values, code }));
    }
  }

  return {
    domain: d,
    record,
    recordDomain,
    orgDomain,
    orgMethod,
    policy,
    tags: parse.tags,
    findings,
    suggestedRecord: needsChange(parse, suggestion) ? suggestion : null,
  };
}
