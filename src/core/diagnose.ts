// explain: any SMTP reply or error text -> a full Diagnosis. Pure and synchronous, no I/O: runs in a browser.
// Reads the reply (readReply, parseReply's body), decides the reason (classifyScanned), then fills outcome, priority, retry advice,
// causes, actions and checks from the knowledge entry that decided, falling back to the reason's defaults.

import { REASONS } from "../knowledge/index.js";
import { OUTCOME_MARKERS, OUTCOME_WITHOUT_CODE } from "../knowledge/reason-outcomes.js";
import type { Outcome, Priority, Reason, ReasonInfo, Retry } from "../knowledge/types.js";
import {
  type Classification,
  classifyScanned,
  enhancedInfoOf,
  providerInfoOf,
  replyInfoOf,
} from "./classify/classify.js";
import { lastScan, readReply } from "./reply/parse-reply.js";
import type { Diagnosis, ExplainOptions, SmtpReply } from "./types.js";

const REASON_BY_NAME: ReadonlyMap<Reason, ReasonInfo> = new Map(
  (REASONS as readonly ReasonInfo[]).map((r) => [r.reason, r]),
);

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { info: 0, monitor: 1, "fix-soon": 2, critical: 3 };

// Derived texts of knowledge entries, computed once per entry (explain runs hundreds of thousands of times a second).
const RFC_URL = new Map<string, string | null>();
function rfcUrl(reference: string): string | null {
  let url = RFC_URL.get(reference);
  if (url === undefined) {
    const m = /RFC ?(\d{3,5})/i.exec(reference);
    url = m?.[1] !== undefined ? `https://www.rfc-editor.org/rfc/rfc${m[1]}` : null;
    RFC_URL.set(reference, url);
  }
  return url;
}
const CODE_MEANING = new WeakMap<object, string>();
function codeMeaning(info: {
  readonly code: string | number;
  readonly title: string;
  readonly meaning: string;
}): string {
  let text = CODE_MEANING.get(info);
  if (text === undefined) {
    text = `${info.code} ${info.title}: ${info.meaning}`;
    CODE_MEANING.set(info, text);
  }
  return text;
}

function outcomeOfFamily(family: SmtpReply["family"]): Outcome | null {
  switch (family) {
    case "2xx":
    case "3xx":
      return "success";
    case "4xx":
      return "temporary";
    case "5xx":
      return "permanent";
    default:
      return null;
  }
}

function outcomeOf(reply: SmtpReply, cls: Classification): Outcome {
  // A basic reply code decides: it is what the sending MTA acted on.
  if (reply.replyCode !== null) return outcomeOfFamily(reply.family) ?? "unknown";
  // No reply code: what the deciding rule documents ("4.4.7 Queue expired" is final whatever its class), then
  // the enhanced code's class, then what a log line states, then what the reason usually means.
  const forced = cls.providerRule?.outcome ?? cls.textPattern?.outcome ?? cls.seedRow?.outcome;
  if (forced !== undefined) return forced;
  const fromEnhanced = outcomeOfFamily(reply.family);
  if (fromEnhanced !== null) return fromEnhanced;
  const lower = reply.full.toLowerCase();
  const marker = OUTCOME_MARKERS.find(([word]) => lower.includes(word));
  return marker !== undefined ? marker[1] : OUTCOME_WITHOUT_CODE[cls.reason];
}

/** Adds a web address to `references` once; sources that are not URLs (an RFC section, an MTA file) are left out. */
function addReference(references: string[], url: string | null | undefined): void {
  if (url && (url.startsWith("https://") || url.startsWith("http://")) && !references.includes(url))
    references.push(url);
}

/**
 * Explains one SMTP reply or error text.
 * @example explain("550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table")
 *   // => { replyCode: 550, enhancedCode: "5.1.1", outcome: "permanent", reason: "userunknown", hardBounce: true, ... }
 */
export function explain(text: string, options: ExplainOptions = {}): Diagnosis {
  const reply = readReply(text, false);
  const withStage: SmtpReply =
    reply.stage === null && options.stage !== undefined ? { ...reply, stage: options.stage } : reply;
  // parseReply already scanned `full` for every phrase: classify from those hits, no second pass.
  const cls = classifyScanned(withStage, lastScan(), options.provider);
  return buildDiagnosis(withStage, cls);
}

export function buildDiagnosis(reply: SmtpReply, cls: Classification): Diagnosis {
  const info = REASON_BY_NAME.get(cls.reason) ?? (REASON_BY_NAME.get("undefined") as ReasonInfo);
  const rule = cls.providerRule ?? cls.textPattern ?? cls.seedRow;
  const outcome = outcomeOf(reply, cls);
  const success = outcome === "success";

  let priority: Priority = success ? "info" : (rule?.priority ?? cls.seedRow?.priority ?? info.priority);
  if (outcome === "temporary" && rule?.priority === undefined && PRIORITY_RANK[priority] > PRIORITY_RANK["fix-soon"]) {
    priority = "fix-soon"; // a temporary failure is not yet critical: the MTA is still retrying
  }

  const hardBounce = outcome === "permanent" && (rule?.hardBounce ?? info.hardBounce);
  let retry: Retry;
  if (success) retry = "none";
  else if (rule?.retry !== undefined) retry = rule.retry;
  else if (hardBounce) retry = "suppress";
  else if (outcome === "permanent") retry = info.retryWhenPermanent;
  else if (outcome === "temporary") {
    retry = reply.conflicts.some((c) => c.kind === "text-says-permanent") ? "fix-first" : info.retryWhenTemporary;
  } else retry = info.retryWhenTemporary;

  const providerId = cls.detected[0] ?? cls.providerRule?.provider ?? null;
  const provider = providerInfoOf(providerId);
  const replyInfo = cls.replyInfo ?? replyInfoOf(reply.replyCode);
  const enhancedInfo = cls.enhancedInfo ?? enhancedInfoOf(reply.enhancedCode);

  const references: string[] = [];
  addReference(references, cls.providerRule?.source);
  addReference(references, cls.textPattern?.source);
  addReference(references, provider?.reference);
  if (enhancedInfo !== null) addReference(references, rfcUrl(enhancedInfo.reference));
  if (replyInfo !== null) addReference(references, rfcUrl(replyInfo.reference));

  const causes = cls.providerRule?.causes ?? cls.seedRow?.causes ?? info.causes;
  const actions = cls.providerRule?.actions ?? cls.seedRow?.actions ?? info.actions;

  return {
    replyCode: reply.replyCode,
    enhancedCode: reply.enhancedCode,
    family: reply.family,
    outcome,
    reason: cls.reason,
    category: success ? "success" : (rule?.category ?? info.category),
    priority,
    hardBounce,
    retry,
    provider: providerId,
    providerName: provider?.name ?? null,
    meaning: cls.providerRule?.meaning ?? cls.seedRow?.meaning ?? info.meaning,
    providerMeaning: cls.providerRule?.meaning ?? null,
    causes: success ? [] : causes,
    actions: success ? (cls.seedRow?.actions ?? []) : actions,
    checks: success ? [] : (rule?.checks ?? info.checks),
    references,
    evidence: { rule: cls.ruleId, table: cls.table, matched: cls.matched },
    codeMeanings: {
      replyCode: replyInfo !== null ? codeMeaning(replyInfo) : null,
      enhancedCode: enhancedInfo !== null ? codeMeaning(enhancedInfo) : null,
    },
    stage: reply.stage,
    remoteHost: reply.remoteHost,
    remoteIp: reply.remoteIp,
    addresses: reply.addresses,
    tags: reply.tags,
    text: reply.text,
    conflicts: reply.conflicts,
  };
}
