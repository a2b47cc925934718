// RawEvent -> DeliveryEvent: the event's text read by `explain`, the ESP's own label where it decides, and the
// recipient's mailbox provider from its domain or the receiving host. Pure.
// A bounce email's results are already diagnosed by parseBounce; eventsOfBounce only reshapes them.

import { REASONS } from "../../knowledge/index.js";
import { MAILBOX_DOMAINS, providerOfDomainOrHost } from "../../knowledge/mailbox-domains.js";
import type { Family, ProviderId, Reason, ReasonInfo } from "../../knowledge/types.js";
import { cleanAddress, domainOfAddress as domainOf } from "../bounce/address.js";
import type { BounceResult, ParsedBounce } from "../bounce/types.js";
import { explain } from "../diagnose.js";
import type { Diagnosis } from "../types.js";
import type { DeliveryEvent, EventOutcome, EventSource, RawEvent } from "./types.js";

const REASON_INFO: ReadonlyMap<Reason, ReasonInfo> = new Map(
  (REASONS as readonly ReasonInfo[]).map((r) => [r.reason, r]),
);

/** Providers that host mailboxes or receive mail for domains (src/knowledge/mailbox-domains.ts): the report's
 * provider dimension. MTA software named by a reply (Postfix, Exim ...) is not a mailbox provider. */
const MAILBOX_PROVIDERS: ReadonlySet<ProviderId> = new Set(MAILBOX_DOMAINS.map((r) => r.provider));

function mailboxProvider(id: ProviderId | null): ProviderId | null {
  return id !== null && MAILBOX_PROVIDERS.has(id) ? id : null;
}

function familyOfStatus(status: string | null): Family | null {
  const c = status?.charCodeAt(0);
  return c === 50 ? "2xx" : c === 52 ? "4xx" : c === 53 ? "5xx" : null;
}

/** Bounded cache of diagnoses by text: MTA logs repeat the same replies many times. */
export class DiagnosisCache {
  private readonly map = new Map<string, Diagnosis>();
  constructor(private readonly max = 20_000) {}
  get(text: string, provider: ProviderId | null): Diagnosis {
    const key = provider === null ? text : `${provider}\u0000${text}`;
    let d = this.map.get(key);
    if (d === undefined) {
      d = explain(text, provider === null ? {} : { provider });
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(key, d);
    }
    return d;
  }
}

const DEFAULT_CACHE = new DiagnosisCache();

/** The text explain reads: the event's text, with its status in front when the text does not carry it. */
function replyText(raw: RawEvent): string | null {
  const text = raw.text;
  if (raw.status === null) return text;
  if (text === null) return raw.status;
  return text.includes(raw.status) ? text : `${raw.status} ${text}`;
}

/** The diagnosis part of a DeliveryEvent. */
interface Verdict {
  reason: Reason | null;
  category: DeliveryEvent["category"];
  priority: DeliveryEvent["priority"];
  family: Family | null;
  replyCode: number | null;
  status: string | null;
  hardBounce: boolean;
  rule: string | null;
  provider: ProviderId | null;
}

/** One object literal with every field in one order: one shape for every event (fast property access, less GC). */
function eventOf(raw: RawEvent, source: EventSource, recipientDomain: string | null, v: Verdict): DeliveryEvent {
  return {
    format: raw.format,
    identity: raw.identity,
    time: raw.time,
    outcome: raw.outcome,
    recipient: raw.recipient,
    sender: raw.sender,
    messageId: raw.messageId,
    queueId: raw.queueId,
    sendingIp: raw.sendingIp,
    remoteHost: raw.remoteHost,
    remoteIp: raw.remoteIp,
    status: v.status,
    text: raw.text,
    esp: raw.esp,
    feedbackType: raw.feedbackType,
    subject: raw.subject,
    gaveUp: raw.gaveUp === true,
    source,
    recipientDomain,
    senderDomain: domainOf(raw.sender),
    reason: v.reason,
    category: v.category,
    priority: v.priority,
    family: v.family,
    replyCode: v.replyCode,
    hardBounce: v.hardBounce,
    rule: v.rule,
    provider: v.provider,
  };
}

function byReason(
  raw: RawEvent,
  provider: ProviderId | null,
  reason: Reason,
  rule: string,
  family: Family | null,
): Verdict {
  const info = REASON_INFO.get(reason);
  return {
    reason,
    category: info?.category ?? null,
    priority: info?.priority ?? null,
    family,
    replyCode: null,
    status: raw.status,
    hardBounce: raw.outcome === "bounced" && (info?.hardBounce ?? false),
    rule,
    provider,
  };
}

function verdictOf(raw: RawEvent, provider: ProviderId | null, cache: DiagnosisCache): Verdict {
  const family = familyOfStatus(raw.status);
  if (raw.outcome === "delivered") {
    return {
      reason: null,
      category: "success",
      priority: "info",
      family: family ?? "2xx",
      replyCode: null,
      status: raw.status,
      hardBounce: false,
      rule: "event.delivered",
      provider,
    };
  }
  const esp = raw.esp;
  if (raw.outcome === "complained") return byReason(raw, provider, "feedback", esp?.rule ?? "event.complaint", family);
  if (esp?.decides === true && esp.reason !== null)
    return byReason(raw, provider, esp.reason, esp.rule ?? "esp", family);
  if (raw.gaveUp === true) return byReason(raw, provider, "expired", "event.gave-up", family ?? "5xx");
  const text = replyText(raw);
  if (text === null) {
    if (esp?.reason != null) return byReason(raw, provider, esp.reason, esp.rule ?? "esp", family);
    return byReason(raw, provider, raw.outcome === "dropped" ? "suppressed" : "undefined", "event.no-text", family);
  }
  const d = cache.get(text, provider);
  if ((d.reason === "undefined" || d.reason === "onhold") && esp?.reason != null) {
    return byReason(raw, provider, esp.reason, esp.rule ?? "esp", family);
  }
  return {
    reason: d.reason,
    category: d.category,
    priority: d.priority,
    family: d.family ?? family,
    replyCode: d.replyCode,
    status: raw.status ?? d.enhancedCode,
    // A log's outcome is the MTA's final word: a deferred attempt is never a hard bounce.
    hardBounce: raw.outcome === "bounced" && d.hardBounce,
    rule: d.evidence.rule,
    provider: provider ?? mailboxProvider(d.provider),
  };
}

/** Diagnoses one event read from a log or an ESP record. */
export function diagnoseEvent(
  raw: RawEvent,
  source: EventSource,
  cache: DiagnosisCache = DEFAULT_CACHE,
): DeliveryEvent {
  const recipientDomain = domainOf(raw.recipient);
  const provider = providerOfDomainOrHost(recipientDomain) ?? providerOfDomainOrHost(raw.remoteHost);
  return eventOf(raw, source, recipientDomain, verdictOf(raw, provider, cache));
}

function outcomeOfBounce(kind: ParsedBounce["kind"], r: BounceResult): EventOutcome | null {
  if (kind === "feedback") return "complained";
  if (kind === "auto-reply" || kind === "challenge-response" || kind === "not-bounce") return null;
  const action = r.action?.toLowerCase() ?? "";
  if (kind === "delivered" || action === "delivered" || action === "relayed" || action === "expanded")
    return "delivered";
  if (kind === "delayed" || action === "delayed") return "deferred";
  return "bounced";
}

/** The events of one parsed bounce email (auto-replies and challenge-response mails give none). */
export function eventsOfBounce(parsed: ParsedBounce, source: EventSource): DeliveryEvent[] {
  const events: DeliveryEvent[] = [];
  for (const r of parsed.results) {
    const outcome = outcomeOfBounce(parsed.kind, r);
    if (outcome === null) continue;
    const recipientDomain = domainOf(r.recipient);
    const d = r.diagnosis;
    const remoteHost = r.remoteMta ?? d.remoteHost;
    // The From header ("Newsletter <news@example.org>") reduced to its address.
    const sender = cleanAddress(r.original.from);
    events.push({
      format: "bounce",
      identity: `bounce|${r.key}`,
      time: r.timestamp === null ? null : r.timestamp * 1000,
      outcome,
      recipient: r.recipient,
      sender,
      messageId: r.original.messageId,
      queueId: null,
      sendingIp: null,
      remoteHost,
      remoteIp: d.remoteIp,
      status: r.status,
      text: r.diagnosticCode,
      esp: null,
      feedbackType: r.feedbackType,
      subject: r.original.subject,
      source,
      recipientDomain,
      senderDomain: domainOf(sender),
      reason: outcome === "delivered" ? null : r.reason,
      category: outcome === "delivered" ? "success" : (REASON_INFO.get(r.reason)?.category ?? d.category),
      priority: outcome === "delivered" ? "info" : (REASON_INFO.get(r.reason)?.priority ?? d.priority),
      family: d.family ?? familyOfStatus(r.status),
      replyCode: r.replyCode,
      hardBounce: outcome === "bounced" && r.hardBounce,
      rule: r.reasonRule === "diagnosis" ? d.evidence.rule : r.reasonRule,
      provider:
        providerOfDomainOrHost(recipientDomain) ?? providerOfDomainOrHost(remoteHost) ?? mailboxProvider(d.provider),
    });
  }
  return events;
}
