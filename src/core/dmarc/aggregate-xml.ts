// Streaming reader of DMARC aggregate reports: RFC 7489 appendix C and DMARCbis (RFC 9990, namespace
// urn:ietf:params:xml:ns:dmarc-2.0). Text goes in piece by piece, complete <record>s come out as they close, and what is
// held is one pending token plus one record under construction, so a 600 MB report streams in bounded memory. Vendor
// quirks become ReportProblems; a fatal one only for XML that is not well-formed, no <feedback> root, or no metadata.

import { isIpAddress } from "../auth/ip.js";
import type {
  AggregateRecord,
  AggregateReport,
  Disposition,
  DkimAuth,
  DmarcResult,
  PolicyOverride,
  PolicyPublished,
  ReportMetadata,
  ReportProblem,
  SpfAuth,
} from "./types.js";
import {
  type DecodeIssues,
  decodeXmlText,
  isXmlSpace,
  TOKEN_CDATA,
  TOKEN_CLOSE,
  TOKEN_COMMENT,
  TOKEN_DOCTYPE,
  TOKEN_END,
  TOKEN_ERROR,
  TOKEN_MORE,
  TOKEN_OPEN,
  TOKEN_PI,
  TOKEN_TEXT,
  XmlScanner,
} from "./xml-scan.js";

export interface AggregateHead {
  format: "rfc7489" | "dmarcbis";
  version?: string;
  metadata: ReportMetadata;
  policy: PolicyPublished;
}

export interface AggregateReaderOptions {
  /** Largest <record> element, in characters (default 1 MiB); a larger one is skipped with a problem. */
  maxRecordChars?: number;
  /** Largest head (version, report_metadata, policy_published, extension), in characters (default 1 MiB). */
  maxHeadChars?: number;
  /** Records read at most (default unlimited); the rest of the report is ignored with a problem. */
  maxRecords?: number;
  /** Problems kept per code (default 100); the others are counted in one "problems-truncated" problem at the end. */
  maxProblemsPerCode?: number;
}

/** The DMARCbis namespace (RFC 9990); RFC 7489 reports carry none or http://dmarc.org/dmarc-xml/0.1. */
export const DMARCBIS_NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";
const RFC7489_NAMESPACE = "http://dmarc.org/dmarc-xml/0.1";
const MIB = 1024 * 1024;
/** RFC 7489 section 7.2.1.2 / RFC 9990: reports cover a day or less. */
const DAY_SECONDS = 86_400;

// ---------------------------------------------------------------------------------------------------------------------
// Where an element sits: containers below 50, subtrees skipped at 50/51, leaves (text fields) from 100.

const C_OUT = 0;
const C_ROOT = 1;
const C_META = 2;
const C_DATE = 3;
const C_POLICY = 4;
const C_RECORD = 5;
const C_ROW = 6;
const C_PE = 7;
const C_REASON = 8;
const C_IDS = 9;
const C_AUTH = 10;
const C_ADKIM = 11;
const C_ASPF = 12;
/** An unknown element's subtree (reported once, at its top). */
const C_SKIP = 50;
/** An extension's subtree (DMARCbis <extension>, or a namespaced element at record level): skipped silently. */
const C_EXT = 51;
const C_LEAF = 100;
const L_VERSION = 100;
const L_ORG = 101;
const L_EMAIL = 102;
const L_EXTRA = 103;
const L_REPORT_ID = 104;
const L_ERROR = 105;
const L_GENERATOR = 106;
const L_BEGIN = 107;
const L_END = 108;
const L_DOMAIN = 110;
const L_ADKIM = 111;
const L_ASPF = 112;
const L_P = 113;
const L_SP = 114;
const L_NP = 115;
const L_PCT = 116;
const L_FO = 117;
const L_TESTING = 118;
const L_DISCOVERY = 119;
const L_VERSION_PUBLISHED = 120;
const L_IP = 130;
const L_COUNT = 131;
const L_DISPOSITION = 132;
const L_PE_DKIM = 133;
const L_PE_SPF = 134;
const L_REASON_TYPE = 135;
const L_REASON_COMMENT = 136;
const L_HEADER_FROM = 137;
const L_ENVELOPE_FROM = 138;
const L_ENVELOPE_TO = 139;
const L_DKIM_DOMAIN = 140;
const L_DKIM_SELECTOR = 141;
const L_DKIM_RESULT = 142;
const L_DKIM_HUMAN = 143;
const L_SPF_DOMAIN = 144;
const L_SPF_SCOPE = 145;
const L_SPF_RESULT = 146;
const L_SPF_HUMAN = 147;
const UNKNOWN = -1;

// Element names by number, so that the hot path compares characters in place instead of slicing every tag name.
const ELEMENT_NAMES = [
  "record",
  "report_metadata",
  "policy_published",
  "version",
  "extension",
  "row",
  "identifiers",
  "auth_results",
  "source_ip",
  "count",
  "policy_evaluated",
  "disposition",
  "dkim",
  "spf",
  "reason",
  "header_from",
  "envelope_from",
  "envelope_to",
  "domain",
  "selector",
  "result",
  "human_result",
  "scope",
  "org_name",
  "email",
  "extra_contact_info",
  "report_id",
  "date_range",
  "error",
  "generator",
  "adkim",
  "aspf",
  "p",
  "sp",
  "np",
  "pct",
  "fo",
  "testing",
  "discovery_method",
  "version_published",
  "type",
  "comment",
  "begin",
  "end",
  "feedback",
  "schema",
] as const;
const N_RECORD = 0;
const N_REPORT_METADATA = 1;
const N_POLICY_PUBLISHED = 2;
const N_VERSION = 3;
const N_EXTENSION = 4;
const N_ROW = 5;
const N_IDENTIFIERS = 6;
const N_AUTH_RESULTS = 7;
const N_SOURCE_IP = 8;
const N_COUNT = 9;
const N_POLICY_EVALUATED = 10;
const N_DISPOSITION = 11;
const N_DKIM = 12;
const N_SPF = 13;
const N_REASON = 14;
const N_HEADER_FROM = 15;
const N_ENVELOPE_FROM = 16;
const N_ENVELOPE_TO = 17;
const N_DOMAIN = 18;
const N_SELECTOR = 19;
const N_RESULT = 20;
const N_HUMAN_RESULT = 21;
const N_SCOPE = 22;
const N_ORG_NAME = 23;
const N_EMAIL = 24;
const N_EXTRA_CONTACT_INFO = 25;
const N_REPORT_ID = 26;
const N_DATE_RANGE = 27;
const N_ERROR = 28;
const N_GENERATOR = 29;
const N_ADKIM = 30;
const N_ASPF = 31;
const N_P = 32;
const N_SP = 33;
const N_NP = 34;
const N_PCT = 35;
const N_FO = 36;
const N_TESTING = 37;
const N_DISCOVERY_METHOD = 38;
const N_VERSION_PUBLISHED = 39;
const N_TYPE = 40;
const N_COMMENT = 41;
const N_BEGIN = 42;
const N_END = 43;
const N_FEEDBACK = 44;
const N_SCHEMA = 45;
/** Names by length, for nameIdAt(). */
const NAMES_BY_LENGTH: number[][] = [];
for (let id = 0; id < ELEMENT_NAMES.length; id++) {
  const n = (ELEMENT_NAMES[id] as string).length;
  while (NAMES_BY_LENGTH.length <= n) NAMES_BY_LENGTH.push([]);
  (NAMES_BY_LENGTH[n] as number[]).push(id);
}

/** The id of the element name buf[from, to), or -1 when it is none of ELEMENT_NAMES. */
function nameIdAt(buf: string, from: number, to: number): number {
  const ids = NAMES_BY_LENGTH[to - from];
  if (ids === undefined) return -1;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    if (sameName(buf, from, to, ELEMENT_NAMES[id] as string)) return id;
  }
  return -1;
}

/** The context of the element with name id `name` inside `parent`, or UNKNOWN. Element names as in RFC 7489 appendix C / RFC 9990. */
function childContext(parent: number, name: number): number {
  switch (parent) {
    case C_ROOT:
      switch (name) {
        case N_RECORD:
          return C_RECORD;
        case N_REPORT_METADATA:
          return C_META;
        case N_POLICY_PUBLISHED:
          return C_POLICY;
        case N_VERSION:
          return L_VERSION;
        case N_EXTENSION:
          return C_EXT;
      }
      return UNKNOWN;
    case C_RECORD:
      switch (name) {
        case N_ROW:
          return C_ROW;
        case N_IDENTIFIERS:
          return C_IDS;
        case N_AUTH_RESULTS:
          return C_AUTH;
      }
      return UNKNOWN;
    case C_ROW:
      switch (name) {
        case N_SOURCE_IP:
          return L_IP;
        case N_COUNT:
          return L_COUNT;
        case N_POLICY_EVALUATED:
          return C_PE;
      }
      return UNKNOWN;
    case C_PE:
      switch (name) {
        case N_DISPOSITION:
          return L_DISPOSITION;
        case N_DKIM:
          return L_PE_DKIM;
        case N_SPF:
          return L_PE_SPF;
        case N_REASON:
          return C_REASON;
      }
      return UNKNOWN;
    case C_REASON:
      return name === N_TYPE ? L_REASON_TYPE : name === N_COMMENT ? L_REASON_COMMENT : UNKNOWN;
    case C_IDS:
      switch (name) {
        case N_HEADER_FROM:
          return L_HEADER_FROM;
        case N_ENVELOPE_FROM:
          return L_ENVELOPE_FROM;
        case N_ENVELOPE_TO:
          return L_ENVELOPE_TO;
      }
      return UNKNOWN;
    case C_AUTH:
      return name === N_DKIM ? C_ADKIM : name === N_SPF ? C_ASPF : UNKNOWN;
    case C_ADKIM:
      switch (name) {
        case N_DOMAIN:
          return L_DKIM_DOMAIN;
        case N_SELECTOR:
          return L_DKIM_SELECTOR;
        case N_RESULT:
          return L_DKIM_RESULT;
        case N_HUMAN_RESULT:
          return L_DKIM_HUMAN;
      }
      return UNKNOWN;
    case C_ASPF:
      switch (name) {
        case N_DOMAIN:
          return L_SPF_DOMAIN;
        case N_SCOPE:
          return L_SPF_SCOPE;
        case N_RESULT:
          return L_SPF_RESULT;
        case N_HUMAN_RESULT:
          return L_SPF_HUMAN;
      }
      return UNKNOWN;
    case C_META:
      switch (name) {
        case N_ORG_NAME:
          return L_ORG;
        case N_EMAIL:
          return L_EMAIL;
        case N_EXTRA_CONTACT_INFO:
          return L_EXTRA;
        case N_REPORT_ID:
          return L_REPORT_ID;
        case N_DATE_RANGE:
          return C_DATE;
        case N_ERROR:
          return L_ERROR;
        case N_GENERATOR:
          return L_GENERATOR;
      }
      return UNKNOWN;
    case C_DATE:
      return name === N_BEGIN ? L_BEGIN : name === N_END ? L_END : UNKNOWN;
    case C_POLICY:
      switch (name) {
        case N_DOMAIN:
          return L_DOMAIN;
        case N_ADKIM:
          return L_ADKIM;
        case N_ASPF:
          return L_ASPF;
        case N_P:
          return L_P;
        case N_SP:
          return L_SP;
        case N_NP:
          return L_NP;
        case N_PCT:
          return L_PCT;
        case N_FO:
          return L_FO;
        case N_TESTING:
          return L_TESTING;
        case N_DISCOVERY_METHOD:
          return L_DISCOVERY;
        case N_VERSION_PUBLISHED:
          return L_VERSION_PUBLISHED;
      }
      return UNKNOWN;
  }
  return UNKNOWN;
}

// ---------------------------------------------------------------------------------------------------------------------
// Raw fields, as the XML gives them (untrimmed text; undefined when the element is absent), and their normalisation.

/** A <dkim> or <spf> of <auth_results>, as written. */
export interface RawAuth {
  domain?: string;
  selector?: string;
  scope?: string;
  result?: string;
  humanResult?: string;
}

/** One <record>'s text fields, as written (entities decoded, not trimmed). */
export interface RawRecord {
  sourceIp?: string;
  count?: string;
  disposition?: string;
  dkim?: string;
  spf?: string;
  reasons: { type?: string; comment?: string }[];
  headerFrom?: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  dkimAuth: RawAuth[];
  spfAuth: RawAuth[];
}

export function emptyRawRecord(): RawRecord {
  return { reasons: [], dkimAuth: [], spfAuth: [] };
}

type ProblemSink = (code: string, message: string) => void;

/** V8 keeps a substring of 13 characters or more as a view into its parent; shorter ones are copies. */
const SLICE_MIN = 13;

/** A copy of `s` that does not keep a larger string alive (a field sliced from a 1 MB input piece would). */
export function ownCopy(s: string): string {
  // Flattening the concatenation copies the characters; the slice then views that small copy only.
  return s.length < SLICE_MIN ? s : `${s} `.slice(0, -1);
}

/**
 * Shared copies of the values that repeat from record to record (IPs, domains, selectors, results): one string per
 * distinct value, never a view into the input. Bounded: cleared when full.
 */
export class StringPool {
  private readonly map = new Map<string, string>();
  constructor(private readonly max = 4096) {}

  intern(s: string): string {
    if (s.length < SLICE_MIN) return s;
    let v = this.map.get(s);
    if (v === undefined) {
      if (this.map.size >= this.max) this.map.clear();
      v = ownCopy(s);
      this.map.set(v, v);
    }
    return v;
  }
}

function optionalText(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

function optionalOwn(v: string | undefined): string | undefined {
  const t = optionalText(v);
  return t === undefined ? undefined : ownCopy(t);
}

/** A non-negative integer written in decimal digits (at most 15, so exact), or -1. */
function digitsValue(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function dispositionOf(raw: string | undefined, what: string, problem: ProblemSink): Disposition {
  if (raw === undefined) {
    problem("missing-field", `no <${what}>; read as "none"`);
    return "none";
  }
  const v = raw.trim().toLowerCase();
  if (v === "none" || v === "quarantine" || v === "reject") return v;
  // RFC 9990 ActionDispositionType adds "pass": no action taken, the message passed DMARC.
  if (v === "pass") return "none";
  problem("unknown-disposition", `<${what}> "${clip(v)}" is not none, quarantine or reject; read as "none"`);
  return "none";
}

function dmarcResultOf(raw: string | undefined, what: string, problem: ProblemSink): DmarcResult {
  if (raw === undefined) {
    problem("missing-field", `no <${what}> in <policy_evaluated>; read as "fail"`);
    return "fail";
  }
  const v = raw.trim().toLowerCase();
  if (v === "pass" || v === "fail") return v;
  problem("unknown-dmarc-result", `<${what}> "${clip(v)}" in <policy_evaluated> is not pass or fail; read as "fail"`);
  return "fail";
}

/** At most 80 characters of a value, for messages. */
function clip(v: string): string {
  return v.length > 80 ? `${v.slice(0, 77)}...` : v;
}

/**
 * One record from its raw fields: trimmed, enumerations and domains lowercased, count as a number, absent required
 * fields filled with a neutral value and reported. Shared by the streaming reader and any other path to the fields.
 */
export function finishRecord(
  raw: RawRecord,
  problem: ProblemSink,
  pool: StringPool = new StringPool(),
): AggregateRecord {
  let sourceIp = "";
  if (raw.sourceIp === undefined) problem("missing-field", "no <source_ip>");
  else {
    sourceIp = pool.intern(raw.sourceIp.trim().toLowerCase());
    if (!isIpAddress(sourceIp)) problem("bad-source-ip", `<source_ip> "${clip(sourceIp)}" is not an IP address`);
  }
  let count = 0;
  if (raw.count === undefined) problem("missing-field", "no <count>; read as 0");
  else {
    const t = raw.count.trim();
    count = digitsValue(t);
    if (count < 0) {
      const n = Number(t);
      count = t !== "" && Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.round(n) : 0;
      problem("count-not-integer", `<count> "${clip(t)}" is not a whole number; read as ${count}`);
    }
  }
  const disposition = dispositionOf(raw.disposition, "disposition", problem);
  const dkim = dmarcResultOf(raw.dkim, "dkim", problem);
  const spf = dmarcResultOf(raw.spf, "spf", problem);
  const reasons: PolicyOverride[] = [];
  for (const r of raw.reasons) {
    let type = optionalText(r.type)?.toLowerCase();
    if (type === undefined) {
      problem("missing-field", 'a <reason> without <type>; read as "other"');
      type = "other";
    } else type = pool.intern(type);
    const comment = optionalOwn(r.comment);
    reasons.push(comment === undefined ? { type } : { type, comment });
  }
  let headerFrom = "";
  if (raw.headerFrom === undefined) problem("missing-field", "no <header_from>");
  else headerFrom = pool.intern(raw.headerFrom.trim().toLowerCase());
  const dkimAuth: DkimAuth[] = [];
  for (const a of raw.dkimAuth) {
    const out: { domain: string; selector?: string; result: string; humanResult?: string } = {
      domain: pool.intern(authDomain(a, "dkim", problem)),
      result: pool.intern(authResult(a, "dkim", problem)),
    };
    const selector = optionalText(a.selector);
    if (selector !== undefined) out.selector = pool.intern(selector);
    const human = optionalOwn(a.humanResult);
    if (human !== undefined) out.humanResult = human;
    dkimAuth.push(out);
  }
  const spfAuth: SpfAuth[] = [];
  for (const a of raw.spfAuth) {
    const out: { domain: string; scope?: string; result: string; humanResult?: string } = {
      domain: pool.intern(authDomain(a, "spf", problem)),
      result: pool.intern(authResult(a, "spf", problem)),
    };
    const scope = optionalText(a.scope)?.toLowerCase();
    if (scope !== undefined) out.scope = pool.intern(scope);
    const human = optionalOwn(a.humanResult);
    if (human !== undefined) out.humanResult = human;
    spfAuth.push(out);
  }
  const record: {
    -readonly [K in keyof AggregateRecord]: AggregateRecord[K];
  } = { sourceIp, count, disposition, dkim, spf, reasons, headerFrom, dkimAuth, spfAuth };
  // envelope_from may be present and empty (a null reverse-path, RFC 9990 section 3.1.1.10): kept as "".
  if (raw.envelopeFrom !== undefined) record.envelopeFrom = pool.intern(raw.envelopeFrom.trim().toLowerCase());
  const envelopeTo = optionalText(raw.envelopeTo);
  if (envelopeTo !== undefined) record.envelopeTo = pool.intern(envelopeTo.toLowerCase());
  return record;
}

function authDomain(a: RawAuth, what: string, problem: ProblemSink): string {
  const d = optionalText(a.domain);
  if (d === undefined) {
    problem("missing-field", `an <auth_results><${what}> without <domain>`);
    return "";
  }
  return d.toLowerCase();
}

function authResult(a: RawAuth, what: string, problem: ProblemSink): string {
  const r = optionalText(a.result);
  if (r === undefined) {
    problem("missing-field", `an <auth_results><${what}> without <result>; read as "none"`);
    return "none";
  }
  return r.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------------
// The head.

interface RawHead {
  version?: string;
  orgName?: string;
  email?: string;
  extraContactInfo?: string;
  reportId?: string;
  errors: string[];
  generator?: string;
  begin?: string;
  end?: string;
  domain?: string;
  adkim?: string;
  aspf?: string;
  p?: string;
  sp?: string;
  np?: string;
  pct?: string;
  fo?: string;
  testing?: string;
  discoveryMethod?: string;
  sawMetadata: boolean;
  sawPolicy: boolean;
}

/** Seconds since the epoch from a <begin>/<end>; ISO dates and decimals are read too, with a problem. */
function epochOf(raw: string | undefined, what: string, problem: ProblemSink): number | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim();
  const v = digitsValue(t);
  if (v >= 0) return v;
  let n = Number(t);
  if (!(t !== "" && Number.isFinite(n) && n >= 0)) {
    const ms = t.length <= 64 ? Date.parse(t) : Number.NaN;
    n = Number.isFinite(ms) ? ms / 1000 : 0;
  }
  const out = Math.floor(n);
  problem("date-not-integer", `<${what}> "${clip(t)}" is not seconds since the epoch; read as ${out}`);
  return out;
}

function policyWord<T extends string>(
  raw: string | undefined,
  what: string,
  allowed: readonly T[],
  problem: ProblemSink,
): T | undefined {
  const v = optionalText(raw)?.toLowerCase();
  if (v === undefined) return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  problem("unknown-policy-value", `<${what}> "${clip(v)}" is not one of ${allowed.join(", ")}; ignored`);
  return undefined;
}

const DISPOSITIONS = ["none", "quarantine", "reject"] as const;

function finishHead(raw: RawHead, format: "rfc7489" | "dmarcbis", problem: ProblemSink): AggregateHead {
  const begin = epochOf(raw.begin, "begin", problem);
  const end = epochOf(raw.end, "end", problem);
  if (raw.sawMetadata && (begin === undefined || end === undefined)) {
    problem("missing-date-range", "no complete <date_range> (<begin> and <end>) in <report_metadata>");
  }
  if (begin !== undefined && end !== undefined) {
    if (begin > end) problem("begin-after-end", `<date_range> begins (${begin}) after it ends (${end})`);
    else if (end - begin > DAY_SECONDS) {
      const hours = Math.round((end - begin) / 360) / 10;
      problem("span-over-24h", `<date_range> spans ${hours} hours; reports should cover at most 24 hours`);
    }
  }
  const domain = optionalText(raw.domain)?.toLowerCase() ?? "";
  if (raw.sawPolicy && domain === "") problem("missing-field", "no <domain> in <policy_published>");
  if (!raw.sawPolicy && raw.sawMetadata) problem("missing-policy-published", "no <policy_published>");
  const email = optionalText(raw.email);
  let orgName = optionalText(raw.orgName);
  if (orgName === undefined && raw.sawMetadata) {
    const at = email?.lastIndexOf("@") ?? -1;
    orgName = email !== undefined && at >= 0 && at < email.length - 1 ? email.slice(at + 1) : "unknown";
    problem("missing-org-name", `no <org_name>; the reporter is named "${orgName}"`);
  }
  let reportId = optionalText(raw.reportId);
  if (reportId === undefined && raw.sawMetadata) {
    // Derived from what the report does say, so that reading the same file twice gives the same key.
    reportId = `missing-id:${orgName ?? "unknown"}:${domain}:${begin ?? 0}-${end ?? 0}`;
    problem("missing-report-id", `no <report_id>; using "${reportId}"`);
  }
  const metadata: { -readonly [K in keyof ReportMetadata]: ReportMetadata[K] } = {
    orgName: orgName ?? "unknown",
    reportId: reportId ?? "unknown",
    begin: begin ?? 0,
    end: end ?? 0,
    errors: raw.errors.map((e) => e.trim()).filter((e) => e !== ""),
  };
  if (email !== undefined) metadata.email = email;
  const extra = optionalText(raw.extraContactInfo);
  if (extra !== undefined) metadata.extraContactInfo = extra;
  const generator = optionalText(raw.generator);
  if (generator !== undefined) metadata.generator = generator;

  const policy: { -readonly [K in keyof PolicyPublished]: PolicyPublished[K] } = { domain };
  const adkim = policyWord(raw.adkim, "adkim", ["r", "s"], problem);
  if (adkim !== undefined) policy.adkim = adkim;
  const aspf = policyWord(raw.aspf, "aspf", ["r", "s"], problem);
  if (aspf !== undefined) policy.aspf = aspf;
  const p = policyWord(raw.p, "p", DISPOSITIONS, problem);
  if (p !== undefined) policy.p = p;
  else if (raw.sawPolicy) problem("missing-field", "no valid <p> in <policy_published>");
  const sp = policyWord(raw.sp, "sp", DISPOSITIONS, problem);
  if (sp !== undefined) policy.sp = sp;
  const np = policyWord(raw.np, "np", DISPOSITIONS, problem);
  if (np !== undefined) policy.np = np;
  const pctText = optionalText(raw.pct);
  if (pctText !== undefined) {
    const pct = digitsValue(pctText);
    if (pct >= 0 && pct <= 100) policy.pct = pct;
    else problem("unknown-policy-value", `<pct> "${clip(pctText)}" is not a whole number from 0 to 100; ignored`);
  }
  const fo = optionalText(raw.fo);
  if (fo !== undefined) policy.fo = fo;
  const testing = policyWord(raw.testing, "testing", ["y", "n"], problem);
  if (testing !== undefined) policy.testing = testing;
  const discovery = optionalText(raw.discoveryMethod)?.toLowerCase();
  if (discovery !== undefined) {
    policy.discoveryMethod = discovery;
    if (discovery !== "psl" && discovery !== "treewalk") {
      problem("unknown-policy-value", `<discovery_method> "${clip(discovery)}" is not psl or treewalk`);
    }
  }
  const head: AggregateHead = { format, metadata, policy };
  const version = optionalText(raw.version);
  if (version !== undefined) head.version = version;
  return head;
}

function placeholderHead(): AggregateHead {
  return {
    format: "rfc7489",
    metadata: { orgName: "unknown", reportId: "unknown", begin: 0, end: 0, errors: [] },
    policy: { domain: "" },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The reader.

/** Prefixes of element names that are leftovers of an XML schema (parsedmarc strips <xs:schema> too). */
function isSchemaPrefix(prefix: string): boolean {
  return prefix === "xs" || prefix === "xsd";
}

/**
 * Reads one aggregate report from text pushed in pieces. Never throws on any input; what was odd is in problems().
 * Record indexes in problems count every <record> of the document, read or skipped, from 0.
 */
export class AggregateXmlReader {
  private readonly maxRecordChars: number;
  private readonly maxHeadChars: number;
  private readonly maxRecords: number;
  private readonly maxProblemsPerCode: number;

  private readonly sc = new XmlScanner();
  /** Qualified names and contexts of the open elements; depth = names.length. */
  private names: string[] = [];
  private contexts: number[] = [];
  private ctx = C_OUT;
  /** 0 reading, 1 stopped (fatal problem or record limit), 2 ended. */
  private state = 0;
  private started = false;
  private rootSeen = false;
  private rootClosed = false;
  private resyncing = false;
  private namespaceBis = false;
  /** Prefixes bound to a DMARC namespace on the root element: elements in them are never extensions. */
  private dmarcPrefixes: string[] = [];

  private text = "";
  private readonly issues: DecodeIssues = { unknownEntities: 0, badReferences: 0 };

  private rec: RawRecord = emptyRawRecord();
  private recordIndex = -1;
  private inRecord = false;
  private recordStart = 0;
  private recordsRead = 0;

  private readonly rawHead: RawHead = { errors: [], sawMetadata: false, sawPolicy: false };
  private headOut: AggregateHead | undefined;
  private headDirty = false;
  private headProblems: ReportProblem[] = [];
  private inHeadElement = false;
  private headElementStart = 0;
  private headChars = 0;

  private readonly problemList: ReportProblem[] = [];
  private readonly perCode = new Map<string, number>();
  private out: AggregateRecord[] = [];
  private readonly pool = new StringPool();
  private readonly recordProblem: ProblemSink = (code, message) => this.problem(code, message, this.recordIndex, false);

  constructor(options: AggregateReaderOptions = {}) {
    this.maxRecordChars = Math.max(1024, options.maxRecordChars ?? MIB);
    this.maxHeadChars = Math.max(1024, options.maxHeadChars ?? MIB);
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    this.maxProblemsPerCode = Math.max(1, options.maxProblemsPerCode ?? 100);
  }

  push(text: string): AggregateRecord[] {
    if (this.state !== 0 || text.length === 0) return [];
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.sc.append(text);
    this.run(false);
    const out = this.out;
    this.out = [];
    return out;
  }

  head(): AggregateHead | undefined {
    if (this.headDirty) this.finalizeHead();
    return this.headOut;
  }

  problems(): readonly ReportProblem[] {
    return this.headProblems.length === 0 ? this.problemList : [...this.headProblems, ...this.problemList];
  }

  end(): { records: AggregateRecord[]; head: AggregateHead; problems: ReportProblem[] } {
    if (this.state === 2) return { records: [], head: this.headOut ?? placeholderHead(), problems: this.allProblems() };
    if (this.state === 0) {
      this.run(true);
      if (this.state === 0) this.atEnd();
    }
    this.state = 2;
    if (this.headOut === undefined || this.headDirty) this.finalizeHead();
    for (const [code, n] of this.perCode) {
      if (n > this.maxProblemsPerCode) {
        this.problemList.push({
          code: "problems-truncated",
          message: `${n - this.maxProblemsPerCode} more "${code}" problems not listed`,
        });
      }
    }
    this.sc.clear();
    const records = this.out;
    this.out = [];
    return { records, head: this.headOut ?? placeholderHead(), problems: this.allProblems() };
  }

  private allProblems(): ReportProblem[] {
    return [...this.headProblems, ...this.problemList];
  }

  private problem(code: string, message: string, record: number, fatal: boolean): void {
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n > this.maxProblemsPerCode && !fatal) return;
    // A flat copy: a message built from slices of the input would keep a whole input piece alive.
    const p: { code: string; message: string; record?: number; fatal?: boolean } = { code, message: ownCopy(message) };
    if (record >= 0) p.record = record;
    if (fatal) p.fatal = true;
    this.problemList.push(p);
  }

  private fatal(code: string, message: string): void {
    this.problem(code, message, -1, true);
    this.state = 1;
    this.inRecord = false;
    this.sc.clear();
  }

  /** A problem about the current record when inside one, else about the report. */
  private here(code: string, message: string): void {
    this.problem(code, message, this.inRecord ? this.recordIndex : -1, false);
  }

  private atEnd(): void {
    if (this.resyncing) return;
    if (!this.rootSeen) {
      this.fatal("not-a-report", "no <feedback> element: this is not a DMARC aggregate report");
    } else if (!this.rootClosed) {
      const open = this.names.map((n) => `<${n}>`).join(" > ");
      this.fatal("xml-malformed", `the report ends inside ${open} (truncated?)`);
    }
  }

  private run(final: boolean): void {
    const sc = this.sc;
    for (;;) {
      if (this.state !== 0) return;
      if (this.resyncing && !this.resync(final)) break;
      sc.skipSpace = this.ctx < C_LEAF;
      const t = sc.next(final);
      if (t === TOKEN_MORE || t === TOKEN_END) {
        // An oversized pending token starts a resynchronisation, which drops it right away.
        if (this.overCap(sc.bufferedEnd())) continue;
        break;
      }
      switch (t) {
        case TOKEN_TEXT:
          this.onText(false);
          break;
        case TOKEN_OPEN:
          this.onOpen();
          break;
        case TOKEN_CLOSE:
          this.onClose();
          break;
        case TOKEN_CDATA:
          this.onText(true);
          break;
        case TOKEN_COMMENT:
        case TOKEN_PI:
          break;
        case TOKEN_DOCTYPE:
          this.onDoctype();
          break;
        case TOKEN_ERROR:
          this.onError();
          return;
      }
    }
    if (this.state !== 0) return;
    sc.compact();
  }

  private onError(): void {
    const sc = this.sc;
    const where = sc.base + sc.start;
    const what = this.inRecord ? ` in record ${this.recordIndex}` : "";
    if (!this.rootSeen) {
      this.fatal("not-a-report", `not an XML document: ${this.sc.error} at character ${where}`);
    } else {
      this.fatal("xml-malformed", `not well-formed XML${what}: ${this.sc.error} at character ${where}`);
    }
  }

  /**
   * Whether what is read or buffered up to absolute offset `upTo` breaks a cap: the current record's, the head's, or
   * (between elements) one piece of markup or text. If so, the item is skipped: a problem, and a resynchronisation at
   * the next <record>.
   */
  private overCap(upTo: number): boolean {
    if (this.resyncing) return false;
    if (this.inRecord) {
      if (upTo - this.recordStart <= this.maxRecordChars) return false;
      this.recordTooLarge(upTo - this.recordStart);
    } else if (this.inHeadElement) {
      if (this.headChars + upTo - this.headElementStart <= this.maxHeadChars) return false;
      this.headTooLarge();
    } else {
      const sc = this.sc;
      if (upTo - (sc.base + sc.pos) <= Math.max(this.maxRecordChars, this.maxHeadChars)) return false;
      this.here("item-too-large", `a piece of markup or text over ${this.maxRecordChars} characters was skipped`);
      this.startResync();
    }
    return true;
  }

  private recordTooLarge(size: number): void {
    this.problem(
      "record-too-large",
      `a <record> of more than ${this.maxRecordChars} characters (${size} read) was skipped`,
      this.recordIndex,
      false,
    );
    this.inRecord = false;
    this.startResync();
  }

  private headTooLarge(): void {
    this.here(
      "head-too-large",
      `the report's head is over ${this.maxHeadChars} characters; the rest of it was skipped`,
    );
    this.inHeadElement = false;
    this.startResync();
  }

  private startResync(): void {
    this.resyncing = true;
    this.rec = emptyRawRecord();
    this.text = "";
  }

  /**
   * Resynchronisation after an oversized item: find the next start tag named "record" (any prefix) by plain search and
   * carry on from there as a child of the root. Keeps only a short tail of the text while searching.
   */
  private resync(final: boolean): boolean {
    const sc = this.sc;
    sc.materialize();
    const buf = sc.buf;
    const len = buf.length;
    let from = sc.pos;
    for (;;) {
      const i = buf.indexOf("record", from);
      if (i < 0 || i + 6 >= len) {
        if (!final) sc.skipTo(Math.max(sc.pos, (i < 0 ? len : i) - 72));
        else sc.skipTo(len);
        sc.compact();
        return false;
      }
      from = i + 6;
      const after = buf.charCodeAt(i + 6);
      if (!(after === 62 || after === 47 || after === 32 || after === 10 || after === 13 || after === 9)) continue;
      let j = i - 1;
      if (buf.charCodeAt(j) === 58) {
        const stop = Math.max(sc.pos, i - 65);
        j--;
        while (j > stop && buf.charCodeAt(j) !== 60 && buf.charCodeAt(j) > 32 && buf.charCodeAt(j) !== 47) j--;
      }
      if (j >= sc.pos && buf.charCodeAt(j) === 60) {
        sc.skipTo(j);
        this.resyncing = false;
        this.inHeadElement = false;
        this.inRecord = false;
        this.rootSeen = true;
        const root = this.names[0] ?? "feedback";
        this.names = [root];
        this.contexts = [C_OUT];
        this.ctx = C_ROOT;
        return true;
      }
    }
  }

  private onDoctype(): void {
    const sc = this.sc;
    if (this.rootSeen) {
      this.fatal("xml-malformed", "a DOCTYPE declaration inside the document");
      return;
    }
    const body = sc.slice(sc.valueStart, sc.valueEnd);
    if (body.includes("<!ENTITY")) {
      this.problem(
        "xml-entity-declaration",
        "the DOCTYPE declares entities; they are ignored and never expanded (an entity bomb costs nothing)",
        -1,
        false,
      );
    } else {
      this.problem("xml-doctype", "a DOCTYPE declaration, ignored", -1, false);
    }
  }

  private onText(cdata: boolean): void {
    const sc = this.sc;
    const ctx = this.ctx;
    if (ctx >= C_LEAF) {
      let piece = sc.slice(sc.valueStart, sc.valueEnd);
      if (!cdata && piece.indexOf("&") >= 0) piece = this.decode(piece);
      this.text = this.text === "" ? piece : this.text + piece;
      return;
    }
    if (ctx === C_SKIP || ctx === C_EXT) return;
    if (isXmlSpace(sc.buf, sc.valueStart, sc.valueEnd)) return;
    if (ctx === C_OUT) {
      const peek = clip(sc.slice(sc.valueStart, Math.min(sc.valueEnd, sc.valueStart + 40)));
      if (!this.rootSeen) this.fatal("not-a-report", `text before any XML element: "${peek}"`);
      else this.fatal("xml-malformed", `text after the end of the report: "${peek}"`);
      return;
    }
    this.here("stray-text", `text directly inside <${this.names[this.names.length - 1]}>, ignored`);
  }

  private decode(raw: string): string {
    const issues = this.issues;
    const unknown = issues.unknownEntities;
    const bad = issues.badReferences;
    const out = decodeXmlText(raw, issues);
    if (issues.unknownEntities !== unknown) {
      this.here(
        "xml-unknown-entity",
        "a reference to an undeclared entity, kept as written (entities are never expanded)",
      );
    }
    if (issues.badReferences !== bad) {
      this.here("xml-bad-reference", "a '&' that is no valid character or entity reference, kept as written");
    }
    return out;
  }

  private onOpen(): void {
    const sc = this.sc;
    const parent = this.ctx;
    const prefix = sc.localStart === sc.nameStart ? "" : sc.prefix();
    const id = nameIdAt(sc.buf, sc.localStart, sc.nameEnd);
    if (id === N_SCHEMA && isSchemaPrefix(prefix)) {
      this.here("stray-schema-tag", `a stray <${sc.qualifiedName()}> tag, ignored`);
      return;
    }
    if (parent === C_OUT) {
      this.openRoot(prefix, id);
      return;
    }
    // A known name without prefix is kept as the constant string: no slice per tag.
    const qname = prefix === "" && id >= 0 ? (ELEMENT_NAMES[id] as string) : sc.qualifiedName();
    let ctx: number;
    if (parent === C_SKIP || parent === C_EXT) ctx = parent;
    else if (parent >= C_LEAF) {
      this.here("unknown-element", `<${sc.qualifiedName()}> inside the text field <${this.topName()}>, ignored`);
      ctx = C_SKIP;
    } else {
      ctx = id < 0 ? UNKNOWN : childContext(parent, id);
      if (ctx === UNKNOWN) ctx = this.unknown(parent, prefix);
      else if (parent === C_ROOT) {
        if (ctx === C_RECORD) {
          if (!this.openRecord()) return;
        } else this.openHeadElement(ctx);
      } else if (ctx === C_ADKIM) this.rec.dkimAuth.push({});
      else if (ctx === C_ASPF) this.rec.spfAuth.push({});
      else if (ctx === C_REASON) this.rec.reasons.push({});
    }
    if ((this.inRecord || this.inHeadElement) && this.overCap(sc.base + sc.end)) return;
    if (sc.selfClosing) {
      if (ctx >= C_LEAF) {
        this.text = "";
        this.assign(ctx);
      }
      if (ctx === C_RECORD) this.closeRecord();
      else if (parent === C_ROOT) this.closeHeadElement();
      return;
    }
    this.names.push(qname);
    this.contexts.push(parent);
    this.ctx = ctx;
    if (ctx >= C_LEAF) this.text = "";
  }

  private topName(): string {
    return this.names[this.names.length - 1] ?? "";
  }

  private unknown(parent: number, prefix: string): number {
    const sc = this.sc;
    // Namespaced elements are extensions where RFC 9990 allows them (after <auth_results>) and are skipped quietly
    // when their prefix is not one of DMARC's own; anything else is reported once.
    if (parent === C_RECORD && prefix !== "" && !isSchemaPrefix(prefix) && !this.dmarcPrefixes.includes(prefix)) {
      return C_EXT;
    }
    const where = parent === C_ROOT ? "the report" : `<${this.topName()}>`;
    const code = isSchemaPrefix(prefix) ? "stray-schema-tag" : "unknown-element";
    this.here(code, `an unknown element <${sc.qualifiedName()}> in ${where}, ignored`);
    if (parent === C_ROOT) this.openHeadElement(C_SKIP);
    return C_SKIP;
  }

  private openRoot(prefix: string, id: number): void {
    const sc = this.sc;
    if (this.rootClosed) {
      this.fatal("xml-malformed", `a second top-level element <${sc.qualifiedName()}> after the end of the report`);
      return;
    }
    if (id !== N_FEEDBACK) {
      this.fatal("not-a-report", `the document's root element is <${sc.qualifiedName()}>, not <feedback>`);
      return;
    }
    this.rootSeen = true;
    const attrs = sc.slice(sc.attrStart, Math.min(sc.attrEnd, sc.attrStart + 65_536));
    this.readNamespaces(attrs);
    if (prefix !== "" && !this.dmarcPrefixes.includes(prefix)) this.dmarcPrefixes.push(prefix);
    if (sc.selfClosing) {
      this.rootClosed = true;
      return;
    }
    this.names.push(ownCopy(sc.qualifiedName()));
    this.contexts.push(C_OUT);
    this.ctx = C_ROOT;
  }

  /** xmlns and xmlns:p declarations of the root: the DMARCbis namespace, and which prefixes are DMARC's. */
  private readNamespaces(attrs: string): void {
    // Linear: one pass of a regex without nested quantifiers; at most 64 attributes looked at.
    const re = /xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let m: RegExpExecArray | null = re.exec(attrs);
    for (let n = 0; m !== null && n < 64; n++) {
      const uri = (m[2] ?? m[3] ?? "").trim();
      const isBis = uri === DMARCBIS_NAMESPACE;
      if (isBis) this.namespaceBis = true;
      if ((isBis || uri === RFC7489_NAMESPACE) && m[1] !== undefined) this.dmarcPrefixes.push(m[1]);
      m = re.exec(attrs);
    }
  }

  private openRecord(): boolean {
    const sc = this.sc;
    this.recordIndex++;
    if (this.headOut === undefined) this.finalizeHead();
    if (this.recordsRead >= this.maxRecords) {
      this.problem(
        "too-many-records",
        `the report has more than ${this.maxRecords} records; the rest was not read`,
        this.recordIndex,
        false,
      );
      this.state = 1;
      this.sc.clear();
      return false;
    }
    this.inRecord = true;
    this.recordStart = sc.base + sc.start;
    this.rec = emptyRawRecord();
    return true;
  }

  /** A complete record (its size was checked at its end tag). */
  private closeRecord(): void {
    this.inRecord = false;
    this.recordsRead++;
    this.out.push(finishRecord(this.rec, this.recordProblem, this.pool));
  }

  private openHeadElement(ctx: number): void {
    if (ctx === C_META) this.rawHead.sawMetadata = true;
    else if (ctx === C_POLICY) this.rawHead.sawPolicy = true;
    if (this.headOut !== undefined && (ctx === C_META || ctx === C_POLICY || ctx === L_VERSION)) {
      this.here("head-after-records", `<${this.sc.qualifiedName()}> comes after the first <record>`);
      this.headDirty = true;
    }
    this.inHeadElement = true;
    this.headElementStart = this.sc.base + this.sc.start;
  }

  private closeHeadElement(): void {
    const sc = this.sc;
    this.inHeadElement = false;
    this.headChars += sc.base + sc.end - this.headElementStart;
  }

  private onClose(): void {
    const sc = this.sc;
    const depth = this.names.length;
    const name = this.names[depth - 1];
    if (name === undefined) {
      const prefix = sc.prefix();
      if (isSchemaPrefix(prefix) && sc.localName() === "schema") {
        this.here("stray-schema-tag", `a stray </${sc.qualifiedName()}> tag, ignored`);
        return;
      }
      this.fatal("xml-malformed", `an end tag </${sc.qualifiedName()}> that closes nothing`);
      return;
    }
    if (!sameName(sc.buf, sc.nameStart, sc.nameEnd, name)) {
      const prefix = sc.prefix();
      if (isSchemaPrefix(prefix) && sc.localName() === "schema") {
        this.here("stray-schema-tag", `a stray </${sc.qualifiedName()}> tag, ignored`);
        return;
      }
      const what = this.inRecord ? ` in record ${this.recordIndex}` : "";
      this.fatal(
        "xml-malformed",
        `the end tag </${sc.qualifiedName()}> does not match <${name}>${what} (at character ${sc.base + sc.start})`,
      );
      return;
    }
    if ((this.inRecord || this.inHeadElement) && this.overCap(sc.base + sc.end)) return;
    const ctx = this.ctx;
    const parent = this.contexts[depth - 1] ?? C_OUT;
    this.names.pop();
    this.contexts.pop();
    this.ctx = parent;
    if (ctx >= C_LEAF) this.assign(ctx);
    else if (ctx === C_RECORD) this.closeRecord();
    else if (parent === C_OUT) this.closeRoot();
    if (parent === C_ROOT && ctx !== C_RECORD && !this.resyncing) this.closeHeadElement();
  }

  private closeRoot(): void {
    this.rootClosed = true;
    if (this.headOut === undefined || this.headDirty) this.finalizeHead();
  }

  /** A leaf's text into its field. */
  private assign(ctx: number): void {
    const v = this.text;
    this.text = "";
    if (ctx >= L_IP) {
      const r = this.rec;
      switch (ctx) {
        case L_IP:
          if (r.sourceIp !== undefined) this.duplicate("source_ip");
          r.sourceIp = v;
          return;
        case L_COUNT:
          if (r.count !== undefined) this.duplicate("count");
          r.count = v;
          return;
        case L_DISPOSITION:
          if (r.disposition !== undefined) this.duplicate("disposition");
          r.disposition = v;
          return;
        case L_PE_DKIM:
          if (r.dkim !== undefined) this.duplicate("dkim");
          r.dkim = v;
          return;
        case L_PE_SPF:
          if (r.spf !== undefined) this.duplicate("spf");
          r.spf = v;
          return;
        case L_REASON_TYPE:
          lastOf(r.reasons).type = v;
          return;
        case L_REASON_COMMENT:
          lastOf(r.reasons).comment = v;
          return;
        case L_HEADER_FROM:
          if (r.headerFrom !== undefined) this.duplicate("header_from");
          r.headerFrom = v;
          return;
        case L_ENVELOPE_FROM:
          r.envelopeFrom = v;
          return;
        case L_ENVELOPE_TO:
          r.envelopeTo = v;
          return;
        case L_DKIM_DOMAIN:
          lastOf(r.dkimAuth).domain = v;
          return;
        case L_DKIM_SELECTOR:
          lastOf(r.dkimAuth).selector = v;
          return;
        case L_DKIM_RESULT:
          lastOf(r.dkimAuth).result = v;
          return;
        case L_DKIM_HUMAN:
          lastOf(r.dkimAuth).humanResult = v;
          return;
        case L_SPF_DOMAIN:
          lastOf(r.spfAuth).domain = v;
          return;
        case L_SPF_SCOPE:
          lastOf(r.spfAuth).scope = v;
          return;
        case L_SPF_RESULT:
          lastOf(r.spfAuth).result = v;
          return;
        case L_SPF_HUMAN:
          lastOf(r.spfAuth).humanResult = v;
          return;
      }
      return;
    }
    // The head is read once: plain copies, so that it keeps no input piece alive.
    const h = this.rawHead;
    const o = ownCopy(v);
    switch (ctx) {
      case L_VERSION:
        h.version = o;
        break;
      case L_ORG:
        h.orgName = o;
        break;
      case L_EMAIL:
        h.email = o;
        break;
      case L_EXTRA:
        h.extraContactInfo = o;
        break;
      case L_REPORT_ID:
        h.reportId = o;
        break;
      case L_ERROR:
        if (h.errors.length < 100) h.errors.push(o);
        break;
      case L_GENERATOR:
        h.generator = o;
        break;
      case L_BEGIN:
        h.begin = o;
        break;
      case L_END:
        h.end = o;
        break;
      case L_DOMAIN:
        h.domain = o;
        break;
      case L_ADKIM:
        h.adkim = o;
        break;
      case L_ASPF:
        h.aspf = o;
        break;
      case L_P:
        h.p = o;
        break;
      case L_SP:
        h.sp = o;
        break;
      case L_NP:
        h.np = o;
        break;
      case L_PCT:
        h.pct = o;
        break;
      case L_FO:
        h.fo = o;
        break;
      case L_TESTING:
        h.testing = o;
        break;
      case L_DISCOVERY:
        h.discoveryMethod = o;
        break;
    }
  }

  private duplicate(what: string): void {
    this.here("duplicate-element", `<${what}> appears twice in one record; the last one counts`);
  }

  private finalizeHead(): void {
    const problems: ReportProblem[] = [];
    const sink: ProblemSink = (code, message) => {
      problems.push({ code, message: ownCopy(message) });
    };
    const raw = this.rawHead;
    const version = optionalText(raw.version);
    const format = this.namespaceBis || version === "2.0" ? "dmarcbis" : "rfc7489";
    this.headOut = finishHead(raw, format, sink);
    if (this.rootSeen && !raw.sawMetadata) {
      problems.push({
        code: "missing-report-metadata",
        message: "no <report_metadata>: the reporter, report id and period are unknown",
        fatal: true,
      });
    }
    this.headProblems = problems;
    this.headDirty = false;
  }
}

/** True when buf[from, to) is `name` (a character loop: cheaper than startsWith for short names). */
function sameName(buf: string, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; from + i < to; i++) if (buf.charCodeAt(from + i) !== name.charCodeAt(i)) return false;
  return true;
}

function lastOf<T>(xs: T[]): T {
  return xs[xs.length - 1] as T;
}

/** A whole report from one string. */
export function parseAggregateXml(xml: string): AggregateReport {
  const reader = new AggregateXmlReader();
  const records = reader.push(xml);
  const end = reader.end();
  for (const r of end.records) records.push(r);
  const report: { -readonly [K in keyof AggregateReport]: AggregateReport[K] } = {
    format: end.head.format,
    metadata: end.head.metadata,
    policy: end.head.policy,
    records,
    problems: end.problems,
  };
  if (end.head.version !== undefined) report.version = end.head.version;
  return report;
}

/**
 * A cheap sniff of the first kilobytes: markup first, a <feedback> element (any prefix) and a word only DMARC
 * aggregate reports use. Linear regexes on at most 4 KB.
 */
export function looksLikeAggregateXml(head: string): boolean {
  const s = head.slice(0, 4096);
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < s.length && s.charCodeAt(i) <= 32) i++;
  if (s.charCodeAt(i) !== 60) return false;
  if (!/<(?:[A-Za-z_][\w.-]{0,40}:)?feedback[\s>/]/.test(s)) return false;
  return (
    s.includes("report_metadata") ||
    s.includes("policy_published") ||
    s.includes(DMARCBIS_NAMESPACE) ||
    s.includes(RFC7489_NAMESPACE)
  );
}
