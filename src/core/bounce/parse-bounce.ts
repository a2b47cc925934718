// parseBounce: one mail (bytes or string) -> one diagnosed result per recipient. Pure: no I/O, runs in a browser.
// Pipeline: normalise line ends -> readMime -> BounceMail -> the first decoder that finds recipients ->
// each recipient's diagnostic text through `explain`, with the DSN's status, command and provider as context.

import { findBounceVerdict } from "../../knowledge/bounce-verdicts.js";
import { CHALLENGE_MARKERS, type ChallengeMarkers } from "../../knowledge/challenge-response.js";
import { PROVIDERS, REASONS } from "../../knowledge/index.js";
import { providerOfDomainOrHost } from "../../knowledge/mailbox-domains.js";
import type { ProviderId, Reason } from "../../knowledge/types.js";
import { explain } from "../diagnose.js";
import { findCodes } from "../reply/find-codes.js";
import type { Diagnosis } from "../types.js";
import { domainOf } from "./address.js";
import { DECODERS } from "./decoders/index.js";
import { createBounceMail } from "./mail.js";
import { decodeHeaderValue, normalizeInput, readHeaders, readMime } from "./mime.js";
import type {
  BounceDecoder,
  BounceMail,
  BounceResult,
  DecodedMail,
  DecodedRecipient,
  OriginalMessage,
  ParseBounceOptions,
  ParsedBounce,
} from "./types.js";

/** A challenge-response request (CHALLENGE_MARKERS): not a bounce, the message waits for the sender to confirm. */
function isChallenge(mail: BounceMail): boolean {
  const m: ChallengeMarkers = CHALLENGE_MARKERS;
  for (const h of m.headers) if (mail.headers.some((f) => f.name === h)) return true;
  const subject = mail.subject.toLowerCase();
  if (m.subjects.some((p) => subject.includes(p))) return true;
  const body = mail.text.slice(0, 20_000).toLowerCase();
  return m.bodies.some((p) => body.includes(p));
}

/** Options the recursion into a forwarded bounce adds (not public). */
interface Internal extends ParseBounceOptions {
  readonly forwardDepth?: number;
}

/** Inputs larger than this are read only up to it (a bounce's own parts come first; the rest is the original). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

function decodeWith(
  mail: BounceMail,
  own: readonly BounceDecoder[],
): { decoder: BounceDecoder; decoded: DecodedMail } | null {
  const tried = new Set<BounceDecoder>();
  const list = own.length === 0 ? DECODERS : [...own, ...DECODERS];
  for (const pass of [true, false]) {
    for (const d of list) {
      if (tried.has(d)) continue;
      if (pass && !d.likely(mail)) continue;
      tried.add(d);
      const decoded = d.decode(mail);
      if (decoded !== null && decoded.recipients.length > 0) return { decoder: d, decoded };
    }
  }
  return null;
}

function readOriginal(text: string | null, extra: readonly string[]): OriginalMessage {
  // Skip blank lines before the returned headers (some MTAs put one after the part's own header).
  let start = 0;
  if (text !== null) while (start < text.length && (text[start] === "\n" || text[start] === " ")) start++;
  const fields = text === null ? [] : readHeaders(text, start, Math.min(text.length, 256 * 1024)).headers;
  const get = (name: string): string | null => {
    for (const f of fields) if (f.name === name) return decodeHeaderValue(f.value);
    return null;
  };
  const extraOut: Record<string, string> = {};
  for (const name of extra) {
    const v = get(name.toLowerCase());
    if (v !== null) extraOut[name.toLowerCase()] = v;
  }
  return {
    messageId: get("message-id"),
    from: get("from"),
    to: get("to"),
    subject: get("subject"),
    date: get("date"),
    listId: get("list-id"),
    extra: extraOut,
  };
}

/** The text explain reads: the diagnostic text, with the DSN's status added when the text states none. */
function textForExplain(r: DecodedRecipient): string {
  const diag = r.diagnosticCode ?? "";
  if (r.status === null) return diag;
  if (diag === "") return r.status;
  // The code scanner alone (no phrase scan): all this needs is whether, and where, the text has codes.
  const codes = findCodes(diag);
  if (codes.enhancedCode !== null) return diag;
  if (codes.replyCode !== null && codes.replyAt >= 0) {
    const at = codes.replyAt + 3;
    return `${diag.slice(0, at)} ${r.status}${diag.slice(at)}`;
  }
  return `${r.status} ${diag}`;
}

/** FNV-1a over a string, two 32-bit lanes: a short stable key, not a security hash. */
function stableKey(parts: readonly (string | null)[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const s = parts.map((p) => p ?? "").join("\u0000");
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

function toTimestamp(date: string | null): number | null {
  if (date === null) return null;
  // Drop a trailing comment such as "(CET)" without a regex: the header is attacker-controlled, and a pattern that
  // starts with \s* is quadratic on a long run of spaces.
  let d = date.length > 200 ? date.slice(0, 200) : date;
  d = d.trimEnd();
  if (d.endsWith(")")) {
    const open = d.lastIndexOf("(");
    if (open > 0) d = d.slice(0, open).trimEnd();
  }
  const t = Date.parse(d);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

/**
 * The reason the bounce as a whole states, over the reason the diagnostic text alone gives, and what decided it:
 * the decoder (a format's own verdict), the DSN Action, a bounce-verdict rule, or the diagnosis.
 */
function finalReason(r: DecodedRecipient, d: Diagnosis): { reason: Reason; rule: string } {
  if (r.reason !== null) return { reason: r.reason, rule: "decoder" };
  if (r.action === "delivered" || r.action === "relayed" || r.action === "expanded") {
    return { reason: "delivered", rule: `action.${r.action}` };
  }
  if (r.status?.startsWith("2.") && d.family !== "4xx" && d.family !== "5xx")
    return { reason: "delivered", rule: "status.2xx" };
  const verdict = findBounceVerdict({
    action: r.action,
    stage: r.command ?? d.stage,
    status: r.status ?? d.enhancedCode,
    textReason: d.reason,
    remoteReply: d.replyCode !== null,
    providerRuleDecided: d.evidence.table === "provider-rule" && d.provider !== null && RECEIVERS.has(d.provider),
    textDecided: d.evidence.table === "provider-rule" || d.evidence.table === "text-pattern",
  });
  if (verdict !== null) return { reason: verdict.reason, rule: verdict.id };
  return { reason: d.reason, rule: "diagnosis" };
}

/** Mailbox providers and gateways (recognised from the text), as opposed to MTA families' stock texts. */
const RECEIVERS = new Set<string>(PROVIDERS.filter((p) => p.detect).map((p) => p.info.id));

const REASON_IS_HARD = new Map(REASONS.map((r) => [r.reason, r.hardBounce]));

/**
 * Whether to suppress the address: the reason must be one that condemns the address (reasons.ts), and the failure
 * permanent: by the DSN status class when there is one (the MTA's final word), else by the diagnosis.
 */
function isHardBounce(reason: Reason, status: string | null, d: Diagnosis): boolean {
  if (reason === d.reason && d.hardBounce) return true;
  if (REASON_IS_HARD.get(reason) !== true) return false;
  return status !== null ? status.startsWith("5.") : d.outcome === "permanent";
}

/**
 * The enhanced status code: the DSN's, else the text's, else derived as class.0.0 (RFC 3463 section 3.1: "other
 * or undefined status") from the reply code's class, the DSN Action or the outcome, so every failed result carries
 * a class.
 */
function statusOf(
  r: DecodedRecipient,
  d: Diagnosis,
  reason: Reason,
): { status: string | null; statusSource: BounceResult["statusSource"] } {
  if (r.status !== null) return { status: r.status, statusSource: "dsn" };
  if (d.enhancedCode !== null) return { status: d.enhancedCode, statusSource: "text" };
  if (reason === "feedback" || reason === "vacation") return { status: null, statusSource: null };
  if (reason === "delivered") return { status: "2.0.0", statusSource: "derived" };
  // The reply code's class; without one, the MTA's own verdict (Action failed: it gave up; delayed: still trying),
  // then the text's outcome.
  const byAction = r.action === "failed" ? 5 : r.action === "delayed" ? 4 : 0;
  const byOutcome = d.outcome === "temporary" ? 4 : d.outcome === "permanent" ? 5 : 0;
  const cls = d.replyCode !== null ? Math.floor(d.replyCode / 100) : byAction || byOutcome;
  if (cls === 2 || cls === 4 || cls === 5) return { status: `${cls}.0.0`, statusSource: "derived" };
  return { status: null, statusSource: null };
}

function buildResult(
  r: DecodedRecipient,
  decoder: string,
  original: OriginalMessage,
  mail: BounceMail,
  cache: Map<string, Diagnosis>,
): BounceResult {
  const remoteHost = r.remoteMta;
  const provider: ProviderId | null =
    providerOfDomainOrHost(remoteHost) ?? providerOfDomainOrHost(domainOf(r.recipient));
  const text = textForExplain(r);
  // Many recipients of one bounce often share one text: explain it once per mail.
  const cacheKey = `${provider ?? ""}|${r.command ?? ""}|${text}`;
  let diagnosis = cache.get(cacheKey);
  if (diagnosis === undefined) {
    diagnosis = explain(text, {
      ...(provider === null ? {} : { provider }),
      ...(r.command === null ? {} : { stage: r.command }),
    });
    cache.set(cacheKey, diagnosis);
  }
  const { reason, rule: reasonRule } = finalReason(r, diagnosis);
  const { status, statusSource } = statusOf(r, diagnosis, reason);
  const date = r.date ?? (mail.header("date") || null);
  const hardBounce = isHardBounce(reason, status, diagnosis);
  const messageId = mail.header("message-id") || null;
  return {
    recipient: r.recipient,
    alias: r.alias,
    action: r.action,
    reason,
    reasonRule,
    status,
    statusSource,
    replyCode: diagnosis.replyCode,
    hardBounce,
    diagnosticCode: r.diagnosticCode,
    diagnosticType: r.diagnosticType,
    feedbackType: r.feedbackType,
    command: r.command ?? diagnosis.stage,
    remoteMta: r.remoteMta ?? diagnosis.remoteHost,
    reportingMta: r.reportingMta,
    provider: diagnosis.provider ?? provider,
    date,
    timestamp: toTimestamp(date),
    decoder,
    original,
    fields: r.fields,
    key: stableKey([
      r.recipient.toLowerCase(),
      messageId,
      original.messageId,
      status,
      r.action,
      r.diagnosticCode,
      date,
    ]),
    diagnosis,
  };
}

function kindOf(results: readonly BounceResult[]): ParsedBounce["kind"] {
  if (results.length === 0) return "not-bounce";
  if (results.every((r) => r.reason === "feedback")) return "feedback";
  if (results.every((r) => r.reason === "vacation")) return "auto-reply";
  if (results.every((r) => r.reason === "delivered")) return "delivered";
  if (results.every((r) => r.action === "delayed")) return "delayed";
  return "bounce";
}

/**
 * Reads one mail and returns one result per recipient the bounce names, each with its `explain` diagnosis.
 * Never throws: broken input gives fewer results and `issues` saying why.
 * @example parseBounce(readFileSync("bounce.eml")).results[0]?.reason // "userunknown"
 */
export function parseBounce(input: string | Uint8Array, options: ParseBounceOptions = {}): ParsedBounce {
  const issues: string[] = [];
  let data = input;
  if (data.length > MAX_INPUT_BYTES) {
    issues.push(`input larger than ${MAX_INPUT_BYTES} bytes: only the first ${MAX_INPUT_BYTES} were read`);
    data = typeof data === "string" ? data.slice(0, MAX_INPUT_BYTES) : data.subarray(0, MAX_INPUT_BYTES);
  }
  const mime = readMime(normalizeInput(data));
  issues.push(...mime.issues);
  const mail = createBounceMail(mime);
  const found = decodeWith(mail, options.decoders ?? []);
  if (found === null) {
    // A bounce forwarded as an attachment (a user sends the NDR on to support): read the attached message once.
    const attached = mail.returned;
    if (attached !== null && attached.type === "message/rfc822" && (options as Internal).forwardDepth === undefined) {
      const inner = parseBounce(attached.text, { ...options, forwardDepth: 1 } as ParseBounceOptions);
      if (inner.results.length > 0) {
        return {
          results: inner.results,
          kind: inner.kind,
          issues: [...issues, "read the bounce attached to a forwarded mail", ...inner.issues],
        };
      }
    }
    return { results: [], kind: isChallenge(mail) ? "challenge-response" : "not-bounce", issues };
  }
  const original = readOriginal(found.decoded.original, options.extraHeaders ?? []);
  const seen = new Set<string>();
  const cache = new Map<string, Diagnosis>();
  const results: BounceResult[] = [];
  for (const r of found.decoded.recipients) {
    const result = buildResult(r, found.decoder.id, original, mail, cache);
    if (seen.has(result.key)) continue; // the same recipient stated twice the same way
    seen.add(result.key);
    results.push(result);
  }
  return { results, kind: kindOf(results), issues };
}

export { looksLikeMail } from "./looks-like-mail.js";
