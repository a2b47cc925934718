// The domain check's findings (issue 5): every problem found by the SPF, DMARC, DKIM, MX, PTR, HELO, blocklist,
// MTA-STS, TLS-RPT and BIMI checks is a CheckFinding built from a data entry (src/knowledge/check-findings/*.ts):
// what is wrong, why it matters for delivery, and the fix, with {placeholders} filled from what was found.

export type CheckId = "spf" | "dkim" | "dmarc" | "mx" | "ptr" | "helo" | "blocklist" | "mta-sts" | "tls-rpt" | "bimi";
export type Severity = "critical" | "warning" | "info";

/** A data entry: one kind of finding. Texts may hold {name} placeholders, filled by `findingOf`. */
export interface FindingRule {
  /** Stable id, `check.short-name`, e.g. "spf.too-many-lookups". */
  readonly id: string;
  readonly check: CheckId;
  readonly severity: Severity;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** Why it matters for delivery: which receivers enforce it (Google/Yahoo/Microsoft bulk-sender rules ...). */
  readonly why: string;
  /** The exact fix, e.g. the corrected record; null when there is nothing to do (info). */
  readonly fix: string | null;
  /** Source: RFC section or provider doc URL. */
  readonly source: string;
}

export interface CheckFinding {
  readonly id: string;
  readonly check: CheckId;
  readonly severity: Severity;
  readonly message: string;
  readonly why: string;
  readonly fix: string | null;
}

export function defineFindingRules<const T extends readonly FindingRule[]>(rules: T): T {
  return rules;
}

/** Fills {name} placeholders; a missing value leaves the placeholder visible rather than inventing text. */
export function fillTemplate(text: string, values: Readonly<Record<string, string | number>>): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0) break;
    const close = text.indexOf("}", open + 1);
    if (close < 0) break;
    const key = text.slice(open + 1, close);
    const v = values[key];
    out += text.slice(i, open) + (v === undefined ? text.slice(open, close + 1) : String(v));
    i = close + 1;
  }
  return out + text.slice(i);
}

export function findingOf(rule: FindingRule, values: Readonly<Record<string, string | number>> = {}): CheckFinding {
  return {
    id: rule.id,
    check: rule.check,
    severity: rule.severity,
    message: fillTemplate(rule.message, values),
    why: fillTemplate(rule.why, values),
    fix: rule.fix === null ? null : fillTemplate(rule.fix, values),
  };
}
