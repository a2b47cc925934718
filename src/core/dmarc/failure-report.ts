// DMARC failure reports: ARF messages (RFC 5965) with Feedback-Type: auth-failure (RFC 6591), as DMARC receivers
// send them to a domain's ruf= address (RFC 7489 section 7.3, DMARCbis failure reporting RFC 9991). Pure: the mail is
// read with the lean MIME reader of the bounce parser; the machine-readable part's fields and the headers of the
// returned message come out as a FailureReport, and whatever is missing or malformed is a ReportProblem.

import { isIpAddress } from "../auth/ip.js";
import {
  decodeHeaderValue,
  type HeaderField,
  type MimeMail,
  type MimePart,
  normalizeInput,
  readHeaders,
  readMime,
} from "../bounce/mime.js";
import type { FailureReport, ReportProblem } from "./types.js";

/** Input beyond this many bytes is not read (the input layer caps mails at 16 MiB too). */
export const MAX_FAILURE_REPORT_BYTES = 16 * 1024 * 1024;
/** A field value kept in the report is cut to this length. */
const MAX_VALUE = 2048;
/** Feedback-Type lines looked at in one text/plain part before giving up. */
const MAX_TEXT_CANDIDATES = 50;

/** Auth-Failure values: RFC 6591 section 3.1 (adsp, bodyhash, revoked, signature, spf) and RFC 7489 (dmarc). */
const AUTH_FAILURES: ReadonlySet<string> = new Set(["adsp", "bodyhash", "revoked", "signature", "spf", "dmarc"]);
/** Not registered, but written by some reporters for any DKIM failure: accepted without a problem. */
const AUTH_FAILURE_ALIASES: ReadonlySet<string> = new Set(["dkim"]);
/** The Auth-Failure values that concern a DKIM signature, whose report names the signature (RFC 6591 section 3). */
const DKIM_FAILURES: ReadonlySet<string> = new Set(["bodyhash", "revoked", "signature", "dkim"]);
/** Delivery-Result values (RFC 6591 section 3.2). */
const DELIVERY_RESULTS: ReadonlySet<string> = new Set(["delivered", "spam", "policy", "reject", "other"]);
/** Parts that carry the returned message or its header section (RFC 5965 section 2, RFC 6533 for the global ones). */
const ORIGINAL_TYPES = ["message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers"];

interface FeedbackFields {
  readonly fields: readonly HeaderField[];
  /** What the field reader had to skip (fields beyond its cap). */
  readonly issues: readonly string[];
  /** True when the fields were found in a text/plain part instead of message/feedback-report. */
  readonly fromText: boolean;
}

/**
 * Reads a DMARC failure report (an ARF auth-failure report) from a whole mail. Returns undefined when the mail is not
 * one: no message/feedback-report part, or one of another Feedback-Type (abuse, fraud ...). A text/plain part that
 * plainly holds "Feedback-Type: auth-failure" and its fields is read too (some reporters label the part wrongly).
 * Field names are case-insensitive and may be folded; of a field given twice the first counts. Never throws.
 *
 * @example
 * const report = parseFailureReport(readFileSync("ruf.eml"));
 * const failedCheck = report?.authFailure; // "dmarc", "spf", "signature" ...
 */
export function parseFailureReport(raw: string | Uint8Array): FailureReport | undefined {
  const problems: ReportProblem[] = [];
  let input = raw;
  if (typeof input === "string") {
    if (input.length > MAX_FAILURE_REPORT_BYTES) {
      input = input.slice(0, MAX_FAILURE_REPORT_BYTES);
      problems.push(truncated());
    }
  } else if (input instanceof Uint8Array) {
    if (input.length > MAX_FAILURE_REPORT_BYTES) {
      input = input.subarray(0, MAX_FAILURE_REPORT_BYTES);
      problems.push(truncated());
    }
  } else return undefined;

  const mail = readMime(normalizeInput(input));
  const found = findFeedbackFields(mail);
  if (found === undefined) return undefined;
  return buildReport(mail, found, problems);
}

function truncated(): ReportProblem {
  return {
    code: "input-truncated",
    message: `the mail is larger than ${MAX_FAILURE_REPORT_BYTES} bytes; only the start was read`,
  };
}

/** The value of a field, by lowercase name: the first occurrence. */
function field(fields: readonly HeaderField[], name: string): string | undefined {
  for (const f of fields) if (f.name === name) return f.value;
  return undefined;
}

function isAuthFailureReport(fields: readonly HeaderField[]): boolean {
  const type = field(fields, "feedback-type");
  if (type !== undefined) return type.trim().toLowerCase() === "auth-failure";
  // No Feedback-Type at all, but the one field only an auth-failure report has.
  return field(fields, "auth-failure") !== undefined;
}

/** Reads the fields of a machine-readable part: blank-line-separated groups are read as one list. */
function readFields(text: string, from: number, issues: string[]): HeaderField[] {
  const out: HeaderField[] = [];
  let pos = from;
  for (let group = 0; group < 8 && pos < text.length; group++) {
    while (pos < text.length && text.charCodeAt(pos) === 0x0a) pos++; // blank lines before a group
    if (pos >= text.length) break;
    const { headers, bodyStart } = readHeaders(text, pos, text.length, issues, true);
    if (headers.length === 0 || bodyStart <= pos) break;
    for (const h of headers) out.push(h);
    pos = bodyStart;
  }
  return out;
}

function findFeedbackFields(mail: MimeMail): FeedbackFields | undefined {
  let feedbackParts = 0;
  for (const part of mail.parts) {
    if (part.type !== "message/feedback-report") continue;
    feedbackParts++;
    const issues: string[] = [];
    const fields = readFields(part.text, 0, issues);
    if (isAuthFailureReport(fields)) return { fields, issues, fromText: false };
  }
  // A proper feedback part of another type (abuse, fraud, opt-out ...): not a failure report, whatever the text says.
  if (feedbackParts > 0) return undefined;
  for (const part of mail.parts) {
    if (part.type !== "text/plain") continue;
    const issues: string[] = [];
    const fields = fieldsInText(part, issues);
    if (fields !== undefined) return { fields, issues, fromText: true };
  }
  return undefined;
}

/** "Feedback-Type: auth-failure" alone on a line (linear: no nested or ambiguous quantifiers). */
const AUTH_FAILURE_LINE = /^feedback-type:[ \t]*auth-failure[ \t]*$/gim;

/** A "Feedback-Type: auth-failure" line in a text part, and the block of fields around it. */
function fieldsInText(part: MimePart, issues: string[]): HeaderField[] | undefined {
  const text = part.text;
  AUTH_FAILURE_LINE.lastIndex = 0;
  for (let n = 0; n < MAX_TEXT_CANDIDATES; n++) {
    const m = AUTH_FAILURE_LINE.exec(text);
    if (m === null) return undefined;
    // The field block may start a few lines above the Feedback-Type line (Version, User-Agent first).
    const fields = readHeaders(text, blockStart(text, m.index), text.length, issues).headers;
    if (isAuthFailureReport(fields)) return fields;
  }
  return undefined;
}

/** The start of the run of "Name: value" lines that contains position `at` (looking back at most 40 lines). */
function blockStart(text: string, at: number): number {
  let start = at;
  for (let n = 0; n < 40 && start > 0; n++) {
    const prevEnd = start - 1; // the "\n" before the current line
    const prevStart = text.lastIndexOf("\n", prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd);
    if (!/^[A-Za-z][A-Za-z0-9-]{0,63}:/.test(line)) break;
    start = prevStart;
  }
  return start;
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = decodeHeaderValue(value).trim();
  if (v === "") return undefined;
  return v.length > MAX_VALUE ? v.slice(0, MAX_VALUE) : v;
}

/** An address as ARF writes it, without the angle brackets: "<a@example.com>" -> "a@example.com". */
function address(value: string | undefined): string | undefined {
  const v = clean(value);
  if (v === undefined) return undefined;
  return v.startsWith("<") && v.endsWith(">") ? v.slice(1, -1).trim() || undefined : v;
}

/** Source-IP as written, without brackets or an "IPv6:" tag; undefined when empty. */
function ipText(value: string | undefined): string | undefined {
  let v = clean(value);
  if (v === undefined) return undefined;
  if (v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1).trim();
  if (v.slice(0, 5).toLowerCase() === "ipv6:") v = v.slice(5);
  return v === "" ? undefined : v;
}

function buildReport(mail: MimeMail, found: FeedbackFields, problems: ReportProblem[]): FailureReport {
  const f = found.fields;
  const add = (code: string, message: string) => problems.push({ code, message });
  if (found.fromText) {
    add("feedback-part-as-text", "the feedback fields came in a text/plain part, not message/feedback-report");
  }

  const feedbackType = clean(field(f, "feedback-type"))?.toLowerCase();
  if (feedbackType === undefined) add("missing-feedback-type", "no Feedback-Type field; read as auth-failure");
  if (clean(field(f, "user-agent")) === undefined)
    add("missing-user-agent", "no User-Agent field (RFC 5965 section 3.1)");
  const version = clean(field(f, "version"));
  if (version === undefined) add("missing-version", "no Version field (RFC 5965 section 3.1)");
  else if (version !== "1") add("unexpected-version", `Version is "${version.slice(0, 20)}", not 1`);

  const authFailure = clean(field(f, "auth-failure"))?.toLowerCase();
  if (authFailure === undefined) {
    add(
      "missing-auth-failure",
      "no Auth-Failure field: the report does not say which check failed (RFC 6591 section 3.1)",
    );
  } else if (!AUTH_FAILURES.has(authFailure) && !AUTH_FAILURE_ALIASES.has(authFailure)) {
    add("unknown-auth-failure", `Auth-Failure "${authFailure.slice(0, 40)}" is not a registered value`);
  }

  const reportedDomain = clean(field(f, "reported-domain"))?.toLowerCase();
  if (reportedDomain === undefined) {
    add("missing-reported-domain", "no Reported-Domain field: the domain the report is about is not named");
  }
  const rawIp = ipText(field(f, "source-ip"));
  if (rawIp === undefined) add("missing-source-ip", "no Source-IP field: the sending server is not named");
  else if (!isIpAddress(rawIp)) add("bad-source-ip", `Source-IP "${rawIp.slice(0, 64)}" is not an IP address`);

  const arrivalDate = clean(field(f, "arrival-date") ?? field(f, "received-date"));
  if (arrivalDate !== undefined && (arrivalDate.length > 128 || Number.isNaN(Date.parse(arrivalDate)))) {
    add("bad-arrival-date", `Arrival-Date "${arrivalDate.slice(0, 64)}" is not a date`);
  }

  const dkimDomain = clean(field(f, "dkim-domain"))?.toLowerCase();
  const dkimIdentity = clean(field(f, "dkim-identity"));
  const dkimSelector = clean(field(f, "dkim-selector"));
  if (authFailure !== undefined && DKIM_FAILURES.has(authFailure)) {
    const missing = [
      dkimDomain === undefined ? "DKIM-Domain" : "",
      dkimIdentity === undefined ? "DKIM-Identity" : "",
      dkimSelector === undefined ? "DKIM-Selector" : "",
    ].filter((x) => x !== "");
    if (missing.length > 0) {
      add("missing-dkim-fields", `a DKIM failure report without ${missing.join(", ")} (RFC 6591 section 3)`);
    }
  }
  const spfDns = clean(field(f, "spf-dns"));
  if (authFailure === "spf" && spfDns === undefined) {
    add("missing-spf-dns", "an SPF failure report without SPF-DNS (RFC 6591 section 3)");
  }
  const deliveryResult = clean(field(f, "delivery-result"))?.toLowerCase();
  if (deliveryResult !== undefined && !DELIVERY_RESULTS.has(deliveryResult)) {
    add("unknown-delivery-result", `Delivery-Result "${deliveryResult.slice(0, 40)}" is not a registered value`);
  }

  const original = readOriginal(mail);
  for (const issue of found.issues.slice(0, 10)) add("too-many-fields", `feedback fields: ${issue}`);
  for (const issue of mail.issues.slice(0, 10)) add("mime", issue);

  const report: { -readonly [K in keyof FailureReport]: FailureReport[K] } = {
    feedbackType: feedbackType ?? "auth-failure",
    problems,
  };
  const set = <K extends keyof FailureReport>(key: K, value: FailureReport[K] | undefined) => {
    if (value !== undefined) report[key] = value;
  };
  set("authFailure", authFailure);
  set("reportedDomain", reportedDomain);
  set("sourceIp", rawIp);
  set("originalMailFrom", address(field(f, "original-mail-from")));
  set("originalRcptTo", address(field(f, "original-rcpt-to")));
  set("arrivalDate", arrivalDate);
  set("reportingMta", clean(field(f, "reporting-mta")));
  set("userAgent", clean(field(f, "user-agent")));
  set("dkimDomain", dkimDomain);
  set("dkimSelector", dkimSelector);
  set("dkimIdentity", dkimIdentity);
  set("spfDns", spfDns);
  set("deliveryResult", deliveryResult);
  set("identityAlignment", clean(field(f, "identity-alignment"))?.toLowerCase());
  set("original", original);
  return report;
}

/** From, Subject and Message-ID of the returned message (or of its header section), decoded (RFC 2047). */
function readOriginal(mail: MimeMail): FailureReport["original"] {
  for (const type of ORIGINAL_TYPES) {
    const part = mail.parts.find((p) => p.type === type);
    if (part === undefined) continue;
    let from = 0;
    while (from < part.text.length && part.text.charCodeAt(from) === 0x0a) from++;
    const { headers } = readHeaders(part.text, from, part.text.length);
    const out: { from?: string; subject?: string; messageId?: string } = {};
    const fromValue = clean(field(headers, "from"));
    const subject = clean(field(headers, "subject"));
    const messageId = clean(field(headers, "message-id"));
    if (fromValue !== undefined) out.from = fromValue;
    if (subject !== undefined) out.subject = subject;
    if (messageId !== undefined) out.messageId = messageId;
    if (Object.keys(out).length > 0) return out;
  }
  return undefined;
}
