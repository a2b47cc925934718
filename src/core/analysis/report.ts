// buildReport: an EventSummary (from any store) -> totals, findings with their scope, the action plan and the fix
// journal's before/after rates. Pure. Scope and priority rules are data (src/knowledge/report-rules.ts).

import { REASONS } from "../../knowledge/index.js";
import {
  ADDRESS_LEVEL_REASONS,
  DEFERRAL_PRIORITY,
  DOMAIN_LEVEL_REASONS,
  PERSISTENT_DEFERRAL_PRIORITY,
  REPORT_RULES,
  SENDER_SIDE_CATEGORIES,
} from "../../knowledge/report-rules.js";
import type { Category, Check, Priority, ProviderId, Reason, ReasonInfo, Retry } from "../../knowledge/types.js";
import type { DomainCheckReport } from "../auth/check-domain.js";
import { providerInfoOf } from "../classify/classify.js";
import { explain } from "../diagnose.js";
import type { EventOutcome } from "../events/types.js";
import type { CountRow, EventFilter, EventSummary, ExampleRow, FailureGroup, FixRecord } from "./types.js";

const REASON_INFO: ReadonlyMap<Reason, ReasonInfo> = new Map(
  (REASONS as readonly ReasonInfo[]).map((r) => [r.reason, r]),
);

export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { info: 0, monitor: 1, "fix-soon": 2, critical: 3 };

export type Scope = "recipient" | "domain" | "provider" | "multi-provider";
const SCOPE_RANK: Readonly<Record<Scope, number>> = { recipient: 0, domain: 1, provider: 2, "multi-provider": 3 };

/** Permanent (bounced), temporary (deferred), complaint, or dropped by the sender's own platform. */
export type FindingKind = "permanent" | "temporary" | "complaint" | "dropped";

export interface OutcomeCounts {
  total: number;
  delivered: number;
  deferred: number;
  bounced: number;
  complained: number;
  dropped: number;
}

export interface BreakdownRow extends OutcomeCounts {
  readonly key: string | null;
  /** (bounced + complained) / total. */
  readonly failureRate: number;
}

export interface Finding {
  /** Stable across runs: "<reason>-<kind>", e.g. "authfailure-permanent". */
  readonly id: string;
  readonly reason: Reason;
  readonly kind: FindingKind;
  readonly category: Category;
  readonly priority: Priority;
  readonly scope: Scope;
  /** Why this scope and priority, in a sentence. */
  readonly why: string;
  readonly count: number;
  /** Distinct addresses. */
  readonly recipients: number;
  readonly recipientSamples: readonly string[];
  readonly domainCount: number;
  readonly domains: readonly { readonly domain: string | null; readonly count: number }[];
  readonly providers: readonly {
    readonly provider: ProviderId | null;
    readonly name: string;
    readonly count: number;
  }[];
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  /** For temporary findings: recipients still deferred, and those deferred past the persistence thresholds. */
  readonly stillDeferred: number;
  readonly persistentlyDeferred: number;
  readonly examples: readonly {
    readonly text: string | null;
    readonly status: string | null;
    readonly rule: string | null;
    readonly provider: ProviderId | null;
  }[];
  readonly meaning: string;
  /** What the provider itself says the reply means, when a provider's rule read the most common example. */
  readonly providerMeaning: string | null;
  readonly causes: readonly string[];
  readonly actions: readonly string[];
  readonly checks: readonly Check[];
  readonly retry: Retry;
}

export interface PlanStep {
  readonly step: number;
  readonly finding: string;
  readonly priority: Priority;
  readonly scope: Scope;
  /** The single next fix to apply. */
  readonly fix: string;
  /** What to verify or re-test after it. */
  readonly retest: string;
}

export interface FixEffect {
  readonly fix: FixRecord;
  /** Failure rate of the fix's finding (or of all failures), per provider, in the window before and after. */
  readonly byProvider: readonly {
    readonly provider: string | null;
    readonly before: { readonly events: number; readonly failures: number; readonly rate: number | null };
    readonly after: { readonly events: number; readonly failures: number; readonly rate: number | null };
  }[];
}

export interface Report {
  readonly filter: EventFilter;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  readonly totals: OutcomeCounts & { readonly bounceRate: number; readonly complaintRate: number };
  readonly byOutcome: readonly { readonly outcome: EventOutcome; readonly count: number }[];
  readonly byFamily: readonly BreakdownRow[];
  readonly byCategory: readonly BreakdownRow[];
  readonly byReason: readonly BreakdownRow[];
  readonly byPriority: readonly BreakdownRow[];
  readonly byProvider: readonly BreakdownRow[];
  readonly byDomain: readonly BreakdownRow[];
  /** Distinct recipient domains (byDomain lists the top ones). */
  readonly domainCount: number;
  readonly bySenderDomain: readonly BreakdownRow[];
  readonly bySendingIp: readonly BreakdownRow[];
  readonly timeline: { readonly bucketMs: number; readonly rows: readonly BreakdownRow[] };
  readonly findings: readonly Finding[];
  readonly actionPlan: readonly PlanStep[];
  readonly fixes: readonly FixEffect[];
  /** With `report --check`: the sender-side checks of the busiest sending domains and IPs. */
  readonly verification?: readonly DomainCheckReport[];
}

export interface FixWindow {
  readonly fix: FixRecord;
  readonly before: EventSummary;
  readonly after: EventSummary;
}

export interface ReportOptions {
  /** Rows kept in byDomain, bySenderDomain and bySendingIp (default 50). */
  readonly top?: number;
}

function emptyCounts(): OutcomeCounts {
  return { total: 0, delivered: 0, deferred: 0, bounced: 0, complained: 0, dropped: 0 };
}

function breakdown(rows: readonly CountRow[]): BreakdownRow[] {
  const map = new Map<string | null, OutcomeCounts>();
  for (const r of rows) {
    let c = map.get(r.key);
    if (c === undefined) {
      c = emptyCounts();
      map.set(r.key, c);
    }
    c.total += r.count;
    c[r.outcome] += r.count;
  }
  return [...map.entries()]
    .map(([key, c]) => ({ key, ...c, failureRate: c.total === 0 ? 0 : (c.bounced + c.complained) / c.total }))
    .sort((a, b) => b.total - a.total || String(a.key).localeCompare(String(b.key)));
}

function kindOf(outcome: EventOutcome): FindingKind | null {
  if (outcome === "bounced") return "permanent";
  if (outcome === "deferred") return "temporary";
  if (outcome === "complained") return "complaint";
  if (outcome === "dropped") return "dropped";
  return null;
}

function providerName(id: ProviderId | null): string {
  if (id === null) return "other";
  return providerInfoOf(id)?.name ?? id;
}

function maxPriority(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}

interface Scoped {
  scope: Scope;
  why: string;
}

function scopeOf(reason: Reason, recipients: number, domains: number, providers: number): Scoped {
  if (ADDRESS_LEVEL_REASONS.includes(reason)) {
    return { scope: "recipient", why: "each address fails on its own account; nothing on the sender's side to fix" };
  }
  if (DOMAIN_LEVEL_REASONS.includes(reason)) {
    return { scope: "domain", why: `the receiving domain${domains === 1 ? "" : "s"} cannot take mail` };
  }
  if (recipients <= REPORT_RULES.fewRecipients && domains <= 1) {
    return { scope: "recipient", why: `only ${recipients} address${recipients === 1 ? "" : "es"} affected` };
  }
  if (domains <= 1) return { scope: "domain", why: "one receiving domain refuses; others accept" };
  if (providers <= 1) return { scope: "provider", why: "several domains, all at one mailbox provider" };
  return {
    scope: "multi-provider",
    why: `${providers} providers refuse alike: the cause is most likely on the sending side`,
  };
}

function retestOf(f: Pick<Finding, "reason" | "kind" | "scope" | "checks" | "providers" | "domains">): string {
  if (f.kind === "complaint")
    return "watch the complaint rate in the next sends and in the providers' postmaster tools (keep it under 0.1%)";
  if (f.scope === "recipient" && ADDRESS_LEVEL_REASONS.includes(f.reason)) {
    return "export the suppression list (bouncewise suppressions) and confirm these addresses are no longer sent to";
  }
  const checks = f.checks.length > 0 ? `re-check ${f.checks.join(", ")} (bouncewise check YOUR-DOMAIN), then ` : "";
  const top = f.providers[0];
  const at = top !== undefined && top.provider !== null ? top.name : (f.domains[0]?.domain ?? "the affected domain");
  return `${checks}send a small test to an address at ${at} and confirm this reply no longer comes back`;
}

function findingsOf(summary: EventSummary): Finding[] {
  const byId = new Map<string, { reason: Reason; kind: FindingKind; groups: FailureGroup[] }>();
  for (const g of summary.failures) {
    const kind = kindOf(g.outcome);
    if (kind === null) continue;
    const reason = kind === "complaint" ? "feedback" : g.reason;
    const id = `${reason}-${kind}`;
    let f = byId.get(id);
    if (f === undefined) {
      f = { reason, kind, groups: [] };
      byId.set(id, f);
    }
    f.groups.push(g);
  }
  const delivered = summary.byOutcome.filter((r) => r.outcome === "delivered").reduce((n, r) => n + r.count, 0);
  const out: Finding[] = [];
  for (const [id, f] of byId) {
    const info = REASON_INFO.get(f.reason) ?? (REASON_INFO.get("undefined") as ReasonInfo);
    let count = 0;
    let recipients = 0;
    let firstSeen: number | null = null;
    let lastSeen: number | null = null;
    const domains = new Map<string | null, number>();
    const providers = new Map<ProviderId | null, number>();
    const nullProviderDomains = new Set<string | null>();
    for (const g of f.groups) {
      count += g.count;
      recipients += g.recipients;
      domains.set(g.recipientDomain, (domains.get(g.recipientDomain) ?? 0) + g.count);
      providers.set(g.provider, (providers.get(g.provider) ?? 0) + g.count);
      if (g.provider === null) nullProviderDomains.add(g.recipientDomain);
      if (g.firstSeen !== null && (firstSeen === null || g.firstSeen < firstSeen)) firstSeen = g.firstSeen;
      if (g.lastSeen !== null && (lastSeen === null || g.lastSeen > lastSeen)) lastSeen = g.lastSeen;
    }
    // Domains without a known provider each count as their own provider.
    const providerCount = [...providers.keys()].filter((p) => p !== null).length + nullProviderDomains.size;
    const scoped = scopeOf(f.reason, recipients, domains.size, providerCount);
    const examples = summary.examples
      .filter((e) => e.reason === f.reason && (f.kind !== "temporary" || e.family !== "5xx"))
      .sort((a, b) => (providers.get(b.provider) ?? 0) - (providers.get(a.provider) ?? 0));
    const lead: ExampleRow | undefined = examples[0];
    // The most common provider's example, read again, gives the provider's own actions when a rule of it decided.
    const d = lead?.text != null ? explain(lead.text, lead.provider === null ? {} : { provider: lead.provider }) : null;
    const sameReason = d !== null && d.reason === f.reason;
    let priority: Priority = lead?.priority ?? info.priority;
    const deferral = summary.deferrals.filter((r) => r.reason === f.reason);
    const stillDeferred = f.kind === "temporary" ? deferral.reduce((n, r) => n + r.open, 0) : 0;
    const persistentlyDeferred = f.kind === "temporary" ? deferral.reduce((n, r) => n + r.persistent, 0) : 0;
    let why = scoped.why;
    if (f.kind === "temporary") {
      priority = persistentlyDeferred > 0 ? PERSISTENT_DEFERRAL_PRIORITY : DEFERRAL_PRIORITY;
      why +=
        persistentlyDeferred > 0
          ? `; ${persistentlyDeferred} address${persistentlyDeferred === 1 ? " has" : "es have"} stayed deferred past ${REPORT_RULES.persistentAttempts} attempts or ${REPORT_RULES.persistentHours} hours`
          : "; temporary: the MTA's retries usually clear it, monitor";
    } else if (f.kind === "complaint") {
      const rate = delivered === 0 ? 1 : count / delivered;
      priority =
        rate >= REPORT_RULES.complaintRateCritical
          ? "critical"
          : rate >= REPORT_RULES.complaintRateWarn
            ? "fix-soon"
            : "monitor";
      why = `complaint rate ${(rate * 100).toFixed(2)}% of delivered mail (providers expect under 0.1%, never 0.3%)`;
    } else if (f.kind === "dropped") {
      priority = "info";
      why = "your sending platform did not send these (suppressed or invalid addresses)";
    } else if (
      scoped.scope === "multi-provider" &&
      (SENDER_SIDE_CATEGORIES as readonly string[]).includes(info.category)
    ) {
      priority = "critical";
    } else if (scoped.scope === "multi-provider" && examples.some((e) => e.status?.slice(1, 4) === ".7.")) {
      priority = "critical";
      why += "; 5.7.x (security or policy) from several providers";
    }
    if (f.kind === "permanent" && ADDRESS_LEVEL_REASONS.includes(f.reason))
      priority = maxPriority(priority, "fix-soon");
    const samples = summary.recipientSamples.filter((s) => s.reason === f.reason).map((s) => s.recipient);
    const actions = sameReason && d !== null && d.actions.length > 0 ? d.actions : info.actions;
    const causes = sameReason && d !== null && d.causes.length > 0 ? d.causes : info.causes;
    const checks = sameReason && d !== null ? d.checks : info.checks;
    const retry: Retry =
      f.kind === "temporary" ? info.retryWhenTemporary : f.kind === "complaint" ? "suppress" : info.retryWhenPermanent;
    out.push({
      id,
      reason: f.reason,
      kind: f.kind,
      category: info.category,
      priority,
      scope: scoped.scope,
      why,
      count,
      recipients,
      recipientSamples: [...new Set(samples)].sort().slice(0, 20),
      domainCount: domains.size,
      domains: [...domains.entries()]
        .map(([domain, n]) => ({ domain, count: n }))
        .sort((a, b) => b.count - a.count || String(a.domain).localeCompare(String(b.domain)))
        .slice(0, 20),
      providers: [...providers.entries()]
        .map(([provider, n]) => ({ provider, name: providerName(provider), count: n }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      firstSeen,
      lastSeen,
      stillDeferred,
      persistentlyDeferred,
      examples: examples
        .slice(0, 3)
        .map((e) => ({ text: e.text, status: e.status, rule: e.rule, provider: e.provider })),
      meaning: sameReason && d !== null ? d.meaning : info.meaning,
      providerMeaning: sameReason && d !== null ? d.providerMeaning : null,
      causes,
      actions,
      checks,
      retry,
    });
  }
  return out.sort(
    (a, b) =>
      PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
      SCOPE_RANK[b.scope] - SCOPE_RANK[a.scope] ||
      b.count - a.count ||
      a.id.localeCompare(b.id),
  );
}

function planOf(findings: readonly Finding[]): PlanStep[] {
  return findings
    .filter((f) => f.priority !== "info")
    .map((f, i) => ({
      step: i + 1,
      finding: f.id,
      priority: f.priority,
      scope: f.scope,
      fix: f.actions[0] ?? "Read the example replies and contact the receiving postmaster",
      retest: retestOf(f),
    }));
}

function effectOf(w: FixWindow): FixEffect {
  const finding = w.fix.finding;
  const rates = (s: EventSummary) => {
    const map = new Map<string | null, { events: number; failures: number }>();
    for (const r of s.byProvider) {
      const m = map.get(r.key) ?? { events: 0, failures: 0 };
      m.events += r.count;
      if (finding === null && r.outcome !== "delivered") m.failures += r.count;
      map.set(r.key, m);
    }
    if (finding !== null) {
      for (const g of s.failures) {
        const kind = kindOf(g.outcome);
        if (kind === null || `${kind === "complaint" ? "feedback" : g.reason}-${kind}` !== finding) continue;
        const m = map.get(g.provider) ?? { events: 0, failures: 0 };
        m.failures += g.count;
        map.set(g.provider, m);
      }
    }
    return map;
  };
  const before = rates(w.before);
  const after = rates(w.after);
  const keys = new Set([...before.keys(), ...after.keys()]);
  const rateOf = (m: { events: number; failures: number } | undefined) => ({
    events: m?.events ?? 0,
    failures: m?.failures ?? 0,
    rate: m === undefined || m.events === 0 ? null : m.failures / m.events,
  });
  return {
    fix: w.fix,
    byProvider: [...keys]
      .map((k) => ({ provider: k, before: rateOf(before.get(k)), after: rateOf(after.get(k)) }))
      .filter((r) => r.before.failures + r.after.failures > 0)
      .sort((a, b) => b.before.failures + b.after.failures - (a.before.failures + a.after.failures)),
  };
}

export function buildReport(
  summary: EventSummary,
  filter: EventFilter = {},
  fixWindows: readonly FixWindow[] = [],
  options: ReportOptions = {},
): Report {
  const top = options.top ?? 50;
  const totals = emptyCounts();
  for (const r of summary.byOutcome) {
    totals.total += r.count;
    totals[r.outcome] += r.count;
  }
  const sent = totals.delivered + totals.bounced + totals.deferred;
  const findings = findingsOf(summary);
  const byDomain = breakdown(summary.byDomain);
  return {
    filter,
    firstSeen: summary.firstSeen,
    lastSeen: summary.lastSeen,
    totals: {
      ...totals,
      bounceRate: sent === 0 ? 0 : totals.bounced / sent,
      complaintRate: totals.delivered === 0 ? 0 : totals.complained / totals.delivered,
    },
    byOutcome: (["delivered", "deferred", "bounced", "complained", "dropped"] as const).map((outcome) => ({
      outcome,
      count: totals[outcome],
    })),
    byFamily: breakdown(summary.byFamily),
    byCategory: breakdown(summary.byCategory),
    byReason: breakdown(summary.byReason),
    byPriority: breakdown(summary.byPriority),
    byProvider: breakdown(summary.byProvider),
    byDomain: byDomain.slice(0, top),
    domainCount: byDomain.filter((r) => r.key !== null).length,
    bySenderDomain: breakdown(summary.bySenderDomain).slice(0, top),
    bySendingIp: breakdown(summary.bySendingIp).slice(0, top),
    timeline: {
      bucketMs: summary.bucketMs,
      rows: breakdown(summary.timeline).sort((a, b) => Number(a.key) - Number(b.key)),
    },
    findings,
    actionPlan: planOf(findings),
    fixes: fixWindows.map(effectOf),
  };
}
