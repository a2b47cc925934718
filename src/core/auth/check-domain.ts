// checkDomain: the whole domain check of `bouncewise check DOMAIN` (issue 5), pure over an injected DnsClient.
// Runs SPF, DMARC, DKIM, MX, PTR and HELO (for the given IPs and name), MTA-STS, TLS-RPT, BIMI and the blocklists
// side by side, each under the overall deadline: a check that does not finish in time becomes a finding, never a
// hang. The JSON shape is the one the issue names (domain, spf, dmarc, dkim, mx, ptr, blocklists, findings ...).

import { CHECK_FINDINGS_GENERAL } from "../../knowledge/check-findings/general.js";
import type { DnsClient } from "../dns/types.js";
import { type BlocklistResult, checkBlocklists } from "./blocklists.js";
import { checkDkim, type DkimKey } from "./dkim-keys.js";
import { checkDmarc, type DmarcPolicy } from "./dmarc.js";
import {
  type BimiResult,
  checkBimi,
  checkHelo,
  checkMtaSts,
  checkMx,
  checkPtr,
  checkTlsRpt,
  type HeloResult,
  type MtaStsResult,
  type MxResult,
  type PtrResult,
  type TlsRptResult,
} from "./dns-checks.js";
import { checkSpf, type SpfEvaluation, type SpfTreeNode } from "./spf.js";
import { type CheckFinding, type CheckId, type FindingRule, findingOf, type Severity } from "./types.js";

export interface CheckDomainOptions {
  readonly ips?: readonly string[];
  readonly helo?: string;
  readonly selectors?: readonly string[];
  /** The whole check's deadline in ms (default 30,000). */
  readonly deadlineMs?: number;
  /** Skip the blocklists (they query third-party zones; default: query them). */
  readonly blocklists?: boolean;
  /** Run only these checks (default: all). */
  readonly only?: readonly CheckId[];
}

/**
 * The sender-side checks a diagnosis asks for (Diagnosis.checks), as domain-check ids. Recipient-side checks
 * (the recipient's MX or mailbox) and content are not about the sending domain and give none.
 */
export function senderChecksOf(checks: readonly string[]): CheckId[] {
  const out = new Set<CheckId>();
  for (const c of checks) {
    if (c === "spf" || c === "dkim" || c === "dmarc" || c === "ptr" || c === "helo" || c === "blocklist") out.add(c);
    else if (c === "alignment") for (const x of ["spf", "dkim", "dmarc"] as const) out.add(x);
  }
  return [...out];
}

export interface DomainCheckReport {
  readonly domain: string;
  readonly ips: readonly string[];
  readonly spf: {
    readonly record: string | null;
    readonly lookups: number;
    readonly voidLookups: number;
    readonly result: SpfEvaluation | null;
    readonly tree: SpfTreeNode | null;
    readonly suggestedRecord: string | null;
  } | null;
  readonly dmarc: {
    readonly record: string | null;
    readonly recordDomain: string | null;
    readonly policy: DmarcPolicy | null;
    readonly orgDomain: string;
    readonly orgMethod: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly suggestedRecord: string | null;
  } | null;
  readonly dkim: readonly DkimKey[] | null;
  readonly mx: readonly string[] | null;
  readonly mxDetail: MxResult | null;
  readonly ptr: readonly (PtrResult & { readonly forwardConfirmed: boolean })[] | null;
  readonly helo: HeloResult | null;
  readonly mtaSts: MtaStsResult | null;
  readonly tlsRpt: TlsRptResult | null;
  readonly bimi: BimiResult | null;
  readonly blocklists: readonly BlocklistResult[] | null;
  /** Every finding, critical first. */
  readonly findings: readonly CheckFinding[];
  /** The worst severity found; null when there is no finding. */
  readonly worst: Severity | null;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

const TIMED_OUT = Symbol("timed out");

/** The value of `work`, or TIMED_OUT when it is not done by `deadline` (ms since the epoch). */
async function within<T>(work: Promise<T>, deadline: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

const GENERAL: ReadonlyMap<string, FindingRule> = new Map(CHECK_FINDINGS_GENERAL.map((r) => [r.id, r as FindingRule]));

/** A finding about a check itself, filed under that check. */
function general(
  id: "check.timed-out" | "check.failed",
  check: CheckId,
  values: Readonly<Record<string, string | number>>,
): CheckFinding {
  const rule = GENERAL.get(id) as FindingRule;
  return { ...findingOf(rule, { check, ...values }), check };
}

export async function checkDomain(
  domain: string,
  dns: DnsClient,
  options: CheckDomainOptions = {},
): Promise<DomainCheckReport> {
  const deadlineMs = options.deadlineMs ?? 30_000;
  const deadline = Date.now() + deadlineMs;
  const ips = options.ips ?? [];
  const findings: CheckFinding[] = [];
  // Each check gets the overall deadline; one that overruns is reported and the others still count.
  const run = async <T extends { readonly findings: readonly CheckFinding[] }>(
    check: CheckId,
    work: () => Promise<T>,
  ): Promise<T | null> => {
    try {
      const r = await within(work(), deadline);
      if (r === TIMED_OUT) {
        findings.push(general("check.timed-out", check, { seconds: Math.round(deadlineMs / 1000) }));
        return null;
      }
      findings.push(...r.findings);
      return r;
    } catch (e) {
      findings.push(general("check.failed", check, { error: (e as Error).message }));
      return null;
    }
  };
  const wanted = (check: CheckId) => options.only === undefined || options.only.includes(check);
  const maybe = <T extends { readonly findings: readonly CheckFinding[] }>(check: CheckId, work: () => Promise<T>) =>
    wanted(check) ? run(check, work) : Promise.resolve(null);
  const [spf, dmarc, dkim, mx, ptr, helo, mtaSts, tlsRpt, bimi, blocklists] = await Promise.all([
    maybe("spf", () => checkSpf(domain, dns, { ...(ips[0] === undefined ? {} : { ip: ips[0] }), deadlineMs })),
    maybe("dmarc", () => checkDmarc(domain, dns, { deadlineMs })),
    maybe("dkim", () =>
      checkDkim(domain, dns, options.selectors === undefined ? {} : { selectors: options.selectors }),
    ),
    maybe("mx", () => checkMx(domain, dns)),
    ips.length === 0 ? Promise.resolve(null) : maybe("ptr", () => checkPtr(ips, dns)),
    options.helo === undefined
      ? Promise.resolve(null)
      : maybe("helo", () => checkHelo(options.helo as string, ips, dns)),
    maybe("mta-sts", () => checkMtaSts(domain, dns)),
    maybe("tls-rpt", () => checkTlsRpt(domain, dns)),
    maybe("bimi", () => checkBimi(domain, dns)),
    options.blocklists === false
      ? Promise.resolve(null)
      : maybe("blocklist", () => checkBlocklists({ ips, domain }, dns)),
  ]);
  // With more than one IP, SPF is evaluated for each of the others too.
  const spfResults: SpfEvaluation[] = spf?.result === null || spf === null ? [] : [spf.result];
  for (const ip of wanted("spf") ? ips.slice(1) : []) {
    const r = await run("spf", async () => {
      const more = await checkSpf(domain, dns, { ip, deadlineMs: Math.max(1, deadline - Date.now()) });
      return { ...more, findings: more.findings.filter((f) => f.id.startsWith("spf.result")) };
    });
    if (r?.result != null) spfResults.push(r.result);
  }
  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const unique = findings.filter((f, i) => findings.findIndex((g) => g.id === f.id && g.message === f.message) === i);
  return {
    domain,
    ips,
    spf:
      spf === null
        ? null
        : {
            record: spf.record,
            lookups: spf.lookups,
            voidLookups: spf.voidLookups,
            result: spf.result,
            tree: spf.tree,
            suggestedRecord: spf.suggestedRecord,
          },
    dmarc:
      dmarc === null
        ? null
        : {
            record: dmarc.record,
            recordDomain: dmarc.recordDomain,
            policy: dmarc.policy,
            orgDomain: dmarc.orgDomain,
            orgMethod: dmarc.orgMethod,
            tags: dmarc.tags,
            suggestedRecord: dmarc.suggestedRecord,
          },
    dkim: dkim?.keys ?? null,
    mx: mx === null ? null : mx.hosts.map((h) => h.exchange),
    mxDetail: mx,
    ptr: ptr === null ? null : ptr.results.map((r) => ({ ...r, forwardConfirmed: r.confirmed.length > 0 })),
    helo,
    mtaSts,
    tlsRpt,
    bimi,
    blocklists: blocklists?.results ?? null,
    findings: unique,
    worst: unique[0]?.severity ?? null,
  };
}
