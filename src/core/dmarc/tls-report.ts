// SMTP TLS reports (RFC 8460 section 4): the JSON a sender mails to the address of a domain's _smtp._tls TXT record,
// counting the sessions it could and could not secure towards that domain's MX hosts. Pure: the caller decompresses
// (.json.gz, application/tlsrpt+gzip) and decodes the text. Reports come from many implementations, so the known
// quirks are read as meant (mx-host as one string, counts as strings, no failure-details, extra fields); anything
// else odd is a ReportProblem, never a throw.

import { TLS_RPT_RESULTS, TLS_RPT_UNKNOWN_RESULT, type TlsRptResultInfo } from "../../knowledge/tls-rpt-results.js";
import { isIpAddress } from "../auth/ip.js";
import type { ReportProblem, TlsPolicySummary, TlsReport } from "./types.js";

/** Policies read per report; the rest is skipped with a problem (a real report has a handful). */
export const MAX_TLS_POLICIES = 10_000;
/** Failure details read per report, over all its policies; the rest is skipped with a problem. */
export const MAX_TLS_FAILURE_DETAILS = 100_000;
/** A report text longer than this (in UTF-16 units) is refused: real ones are kilobytes, rarely megabytes. */
export const MAX_TLS_REPORT_CHARS = 64 * 1024 * 1024;
/** Strings (names, policy lines, reason codes) are cut to this length. */
export const MAX_TLS_STRING = 4096;
/** Entries kept per policy-string or mx-host list. */
export const MAX_TLS_LIST = 1000;

/** A failure detail as read; `receivingMxHelo` is not in the shared TlsPolicySummary type, so it is added here. */
export type TlsFailureDetail = TlsPolicySummary["failures"][number] & { readonly receivingMxHelo?: string };

const POLICY_TYPES: ReadonlySet<string> = new Set(["sts", "tlsa", "no-policy-found"]);
const RESULTS: ReadonlyMap<string, TlsRptResultInfo> = new Map(TLS_RPT_RESULTS.map((r) => [r.resultType, r]));

/** Top-level members of RFC 8460 section 4.4; a JSON object with none of them is some other document. */
const REPORT_KEYS = ["organization-name", "date-range", "contact-info", "report-id", "policies"] as const;

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A member of a parsed JSON object, own properties only (a "__proto__" or "toString" key is just a key). */
function member(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

interface Context {
  readonly problems: ReportProblem[];
  details: number;
  detailsSkipped: number;
  cut: boolean;
}

function note(ctx: Context, code: string, message: string, record?: number): void {
  ctx.problems.push(record === undefined ? { code, message } : { code, message, record });
}

function clip(ctx: Context, s: string): string {
  const t = s.trim();
  if (t.length <= MAX_TLS_STRING) return t;
  ctx.cut = true;
  return t.slice(0, MAX_TLS_STRING);
}

/** A string member; a number is taken as its decimal text (report-id 12345); other types are a problem. */
function stringOf(ctx: Context, o: JsonObject, key: string, record?: number): string | undefined {
  const v = member(o, key);
  if (typeof v === "string") return clip(ctx, v);
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (v !== undefined && v !== null) note(ctx, "bad-field-type", `"${key}" is not a string`, record);
  return undefined;
}

/** A list of strings; one string alone is read as a list of one (mx-host written as a string). */
function stringsOf(ctx: Context, o: JsonObject, key: string, record: number): string[] {
  const v = member(o, key);
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [clip(ctx, v)];
  if (!Array.isArray(v)) {
    note(ctx, "bad-field-type", `"${key}" is neither a list nor a string`, record);
    return [];
  }
  const out: string[] = [];
  let bad = 0;
  const n = Math.min(v.length, MAX_TLS_LIST);
  for (let i = 0; i < n; i++) {
    const item = v[i];
    if (typeof item === "string") out.push(clip(ctx, item));
    else bad++;
  }
  if (bad > 0) note(ctx, "bad-field-type", `${bad} entries of "${key}" are not strings and were skipped`, record);
  if (v.length > MAX_TLS_LIST) {
    note(ctx, "too-many-values", `"${key}" has ${v.length} entries; only the first ${MAX_TLS_LIST} were read`, record);
  }
  return out;
}

const DIGITS = /^\d{1,16}$/;

/**
 * A session count: a non-negative integer, also when written as a string ("5326"). Missing: undefined. Anything
 * else: a problem and 0.
 */
function countOf(ctx: Context, o: JsonObject, key: string, record: number): number | undefined {
  const v = member(o, key);
  if (v === undefined || v === null) return undefined;
  let n = Number.NaN;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && DIGITS.test(v.trim())) n = Number(v.trim());
  if (!Number.isInteger(n) || n < 0) {
    const shown = typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeof v === "number" ? String(v) : typeof v;
    note(ctx, "bad-count", `"${key}" is not a session count (${shown})`, record);
    return 0;
  }
  if (n > Number.MAX_SAFE_INTEGER) {
    note(ctx, "bad-count", `"${key}" is implausibly large`, record);
    return Number.MAX_SAFE_INTEGER;
  }
  return n;
}

/** result-type as RFC 8460 spells it: lowercase, hyphens ("Certificate_Expired" -> "certificate-expired"). */
function normalizeResultType(s: string): string {
  return s.toLowerCase().replaceAll("_", "-");
}

/** Whether a date-time string is one Date can read (RFC 3339 in a well-formed report). */
function isDateTime(s: string): boolean {
  return s.length <= 64 && !Number.isNaN(Date.parse(s));
}

function fatal(code: string, message: string): TlsReport {
  return {
    organizationName: "",
    reportId: "",
    start: "",
    end: "",
    policies: [],
    problems: [{ code, message, fatal: true }],
  };
}

/**
 * Reads one SMTP TLS report (RFC 8460 section 4.4) from its JSON text. Never throws: a text that is not JSON, or JSON
 * that is not a TLS report, gives an empty report with one fatal problem; anything odd inside is a problem beside
 * what could be read. Problems about one policy carry its index as `record`.
 *
 * @example
 * const report = parseTlsReport(text);
 * const failed = report.policies.filter((p) => p.failed > 0).map((p) => p.policyDomain);
 */
export function parseTlsReport(json: string): TlsReport {
  if (typeof json !== "string") return fatal("not-tls-report", "the input is not text");
  if (json.length > MAX_TLS_REPORT_CHARS) {
    return fatal("report-too-large", `the report is larger than ${MAX_TLS_REPORT_CHARS} characters and was not read`);
  }
  const text = json.charCodeAt(0) === 0xfeff ? json.slice(1) : json;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 160) : "syntax error";
    return fatal("json-malformed", `not valid JSON: ${why}`);
  }
  if (!isObject(data)) return fatal("not-tls-report", "the JSON is not an object, so not an SMTP TLS report");
  const present = REPORT_KEYS.filter((k) => member(data, k) !== undefined).length;
  if (member(data, "policies") === undefined && present < 2) {
    return fatal("not-tls-report", "the JSON has none of the members of an SMTP TLS report (RFC 8460 section 4.4)");
  }

  const ctx: Context = { problems: [], details: 0, detailsSkipped: 0, cut: false };
  const organizationName = stringOf(ctx, data, "organization-name");
  if (organizationName === undefined || organizationName === "") {
    note(ctx, "missing-organization-name", 'no "organization-name": the reporting organisation is unknown');
  }
  const reportId = stringOf(ctx, data, "report-id");
  if (reportId === undefined || reportId === "") note(ctx, "missing-report-id", 'no "report-id"');
  const contactInfo = stringOf(ctx, data, "contact-info");

  let start = "";
  let end = "";
  const range = member(data, "date-range");
  if (isObject(range)) {
    start = stringOf(ctx, range, "start-datetime") ?? "";
    end = stringOf(ctx, range, "end-datetime") ?? "";
    if (start === "" || end === "") {
      note(ctx, "missing-date-range", '"date-range" lacks "start-datetime" or "end-datetime"');
    }
    for (const [name, v] of [
      ["start-datetime", start],
      ["end-datetime", end],
    ] as const) {
      if (v !== "" && !isDateTime(v)) note(ctx, "bad-datetime", `"${name}" is not a date-time: ${v.slice(0, 64)}`);
    }
    if (isDateTime(start) && isDateTime(end) && Date.parse(end) < Date.parse(start)) {
      note(ctx, "date-range-reversed", '"end-datetime" is before "start-datetime"');
    }
  } else {
    note(ctx, "missing-date-range", 'no "date-range": the period the report covers is unknown');
  }

  const policies: TlsPolicySummary[] = [];
  const raw = member(data, "policies");
  if (Array.isArray(raw)) {
    const n = Math.min(raw.length, MAX_TLS_POLICIES);
    for (let i = 0; i < n; i++) {
      const p = readPolicy(ctx, raw[i], i);
      if (p !== undefined) policies.push(p);
    }
    if (raw.length > MAX_TLS_POLICIES) {
      note(
        ctx,
        "too-many-policies",
        `the report lists ${raw.length} policies; only the first ${MAX_TLS_POLICIES} were read`,
      );
    }
  } else if (raw === undefined || raw === null) {
    note(ctx, "missing-policies", 'no "policies": the report counts no sessions');
  } else {
    note(ctx, "bad-field-type", '"policies" is not a list');
  }
  if (ctx.detailsSkipped > 0) {
    note(
      ctx,
      "too-many-failure-details",
      `${ctx.detailsSkipped} failure details beyond ${MAX_TLS_FAILURE_DETAILS} per report were skipped`,
    );
  }
  if (ctx.cut) note(ctx, "value-too-long", `values longer than ${MAX_TLS_STRING} characters were cut`);

  return {
    organizationName: organizationName ?? "",
    reportId: reportId ?? "",
    ...(contactInfo !== undefined && contactInfo !== "" ? { contactInfo } : {}),
    start,
    end,
    policies,
    problems: ctx.problems,
  };
}

function readPolicy(ctx: Context, entry: unknown, index: number): TlsPolicySummary | undefined {
  if (!isObject(entry)) {
    note(ctx, "bad-policy", "a policy entry is not an object and was skipped", index);
    return undefined;
  }
  // RFC 8460 nests the policy and its counts; a flat entry (the members directly in the list item) is read too.
  let policy = member(entry, "policy");
  if (!isObject(policy)) {
    if (member(entry, "policy-type") !== undefined) policy = entry;
    else {
      note(ctx, "missing-policy", 'a policy entry has no "policy" object', index);
      policy = {};
    }
  }
  const p = policy as JsonObject;
  const rawType = stringOf(ctx, p, "policy-type", index);
  const policyType = rawType === undefined ? "" : rawType.toLowerCase();
  if (policyType === "") note(ctx, "missing-policy-type", 'a policy has no "policy-type"', index);
  else if (!POLICY_TYPES.has(policyType)) {
    note(
      ctx,
      "unknown-policy-type",
      `policy-type "${policyType.slice(0, 64)}" is not sts, tlsa or no-policy-found`,
      index,
    );
  }
  const policyDomain = (stringOf(ctx, p, "policy-domain", index) ?? "").toLowerCase();
  if (policyDomain === "") note(ctx, "missing-policy-domain", 'a policy has no "policy-domain"', index);
  const policyStrings = stringsOf(ctx, p, "policy-string", index);
  const mxHosts = stringsOf(ctx, p, "mx-host", index);

  let summary = member(entry, "summary");
  if (!isObject(summary) && member(entry, "total-successful-session-count") !== undefined) summary = entry;
  let successful: number | undefined;
  let failed: number | undefined;
  if (isObject(summary)) {
    successful = countOf(ctx, summary, "total-successful-session-count", index);
    failed = countOf(ctx, summary, "total-failure-session-count", index);
    if (successful === undefined || failed === undefined) {
      note(ctx, "missing-count", "a policy summary lacks a session count; it is taken as 0", index);
    }
  } else {
    note(ctx, "missing-summary", 'a policy has no "summary": its session counts are taken as 0', index);
  }

  const failures: TlsFailureDetail[] = [];
  const details = member(entry, "failure-details");
  if (Array.isArray(details)) {
    for (let i = 0; i < details.length; i++) {
      if (ctx.details >= MAX_TLS_FAILURE_DETAILS) {
        ctx.detailsSkipped += details.length - i;
        break;
      }
      ctx.details++;
      const d = readFailure(ctx, details[i], index);
      if (d !== undefined) failures.push(d);
    }
  } else if (details !== undefined && details !== null) {
    note(ctx, "bad-field-type", '"failure-details" is not a list', index);
  }
  const failedCount = failed ?? 0;
  let detailed = 0;
  for (const f of failures) detailed += f.count;
  if (detailed > failedCount) {
    note(
      ctx,
      "failure-details-exceed-total",
      `the failure details count ${detailed} failed sessions, more than the policy's total of ${failedCount}`,
      index,
    );
  }

  return {
    policyType,
    policyDomain,
    policyStrings,
    mxHosts,
    successful: successful ?? 0,
    failed: failedCount,
    failures,
  };
}

function readFailure(ctx: Context, entry: unknown, index: number): TlsFailureDetail | undefined {
  if (!isObject(entry)) {
    note(ctx, "bad-failure-detail", "a failure detail is not an object and was skipped", index);
    return undefined;
  }
  const rawType = stringOf(ctx, entry, "result-type", index);
  const resultType = rawType === undefined ? "" : normalizeResultType(rawType);
  if (resultType === "") note(ctx, "missing-result-type", 'a failure detail has no "result-type"', index);
  else if (!RESULTS.has(resultType)) {
    note(ctx, "unknown-result-type", `result-type "${resultType.slice(0, 64)}" is not one of RFC 8460`, index);
  }
  let count = countOf(ctx, entry, "failed-session-count", index);
  if (count === undefined) {
    note(ctx, "missing-count", 'a failure detail has no "failed-session-count"; it is taken as 0', index);
    count = 0;
  }
  const sendingMtaIp = stringOf(ctx, entry, "sending-mta-ip", index);
  const receivingIp = stringOf(ctx, entry, "receiving-ip", index);
  for (const ip of [sendingMtaIp, receivingIp]) {
    if (ip !== undefined && ip !== "" && !isIpAddress(ip)) {
      note(ctx, "bad-ip", `"${ip.slice(0, 64)}" is not an IP address`, index);
    }
  }
  const receivingMxHostname = stringOf(ctx, entry, "receiving-mx-hostname", index);
  const receivingMxHelo = stringOf(ctx, entry, "receiving-mx-helo", index);
  const additionalInformation = stringOf(ctx, entry, "additional-information", index);
  const failureReasonCode = stringOf(ctx, entry, "failure-reason-code", index);
  const out: { -readonly [K in keyof TlsFailureDetail]: TlsFailureDetail[K] } = { resultType, count };
  if (sendingMtaIp) out.sendingMtaIp = sendingMtaIp;
  if (receivingMxHostname) out.receivingMxHostname = receivingMxHostname;
  if (receivingMxHelo) out.receivingMxHelo = receivingMxHelo;
  if (receivingIp) out.receivingIp = receivingIp;
  if (additionalInformation) out.additionalInformation = additionalInformation;
  if (failureReasonCode) out.failureReasonCode = failureReasonCode;
  return out;
}

/**
 * A cheap sniff of the first kilobyte: a JSON object naming at least two members of an SMTP TLS report. For
 * choosing the reader of an attachment or file; parseTlsReport decides for real.
 */
export function looksLikeTlsReport(head: string): boolean {
  if (typeof head !== "string") return false;
  const s = head.slice(0, 1024);
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0xfeff && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  if (s.charCodeAt(i) !== 0x7b) return false; // "{"
  let hits = 0;
  for (const key of SNIFF_KEYS) if (s.includes(key)) hits++;
  return hits >= 2;
}

const SNIFF_KEYS = [
  '"organization-name"',
  '"date-range"',
  '"start-datetime"',
  '"contact-info"',
  '"report-id"',
  '"policies"',
  '"policy-type"',
  '"policy-domain"',
] as const;

export interface TlsReportSummary {
  /** Reports summarised (as given; the caller removes duplicates). */
  readonly reports: number;
  readonly sessions: { readonly successful: number; readonly failed: number };
  /** Sessions per policy (type and domain), most failures first. */
  readonly byPolicy: readonly {
    readonly policyType: string;
    readonly policyDomain: string;
    readonly successful: number;
    readonly failed: number;
  }[];
  /** Failed sessions per result-type, most first, with what it means and how to fix it. */
  readonly byFailure: readonly {
    readonly resultType: string;
    readonly count: number;
    readonly explanation: string;
    readonly fix: string;
  }[];
}

/**
 * Sums TLS reports: sessions in all, per policy, and failed sessions per result-type explained from
 * knowledge/tls-rpt-results.ts. Orders are deterministic (count descending, then name).
 */
export function summarizeTlsReports(reports: readonly TlsReport[]): TlsReportSummary {
  let successful = 0;
  let failed = 0;
  const policies = new Map<string, { policyType: string; policyDomain: string; successful: number; failed: number }>();
  const failures = new Map<string, number>();
  for (const report of reports) {
    for (const p of report.policies) {
      successful += p.successful;
      failed += p.failed;
      const key = `${p.policyType}\u0000${p.policyDomain}`;
      let row = policies.get(key);
      if (row === undefined) {
        row = { policyType: p.policyType, policyDomain: p.policyDomain, successful: 0, failed: 0 };
        policies.set(key, row);
      }
      row.successful += p.successful;
      row.failed += p.failed;
      for (const f of p.failures) failures.set(f.resultType, (failures.get(f.resultType) ?? 0) + f.count);
    }
  }
  const byPolicy = [...policies.values()].sort(
    (a, b) =>
      b.failed - a.failed ||
      b.successful - a.successful ||
      compare(a.policyDomain, b.policyDomain) ||
      compare(a.policyType, b.policyType),
  );
  const byFailure = [...failures.entries()]
    .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
    .map(([resultType, count]) => {
      const info = RESULTS.get(resultType) ?? TLS_RPT_UNKNOWN_RESULT;
      return { resultType, count, explanation: info.explanation, fix: info.fix };
    });
  return { reports: reports.length, sessions: { successful, failed }, byPolicy, byFailure };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
