// The domain check as a checklist for people: one line per check with its state, then each finding with why it
// matters and the fix, critical first.

import type { DomainCheckReport } from "../core/auth/check-domain.js";
import type { CheckFinding, CheckId, Severity } from "../core/auth/types.js";
import type { Paint } from "./text-card.js";

const MARK: Readonly<Record<Severity | "ok", string>> = { critical: "FAIL", warning: "WARN", info: "note", ok: " ok " };
const ORDER: readonly CheckId[] = [
  "spf",
  "dkim",
  "dmarc",
  "mx",
  "ptr",
  "helo",
  "blocklist",
  "mta-sts",
  "tls-rpt",
  "bimi",
];
const RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

function summaryOf(r: DomainCheckReport, check: CheckId): string {
  switch (check) {
    case "spf":
      return r.spf === null
        ? "not checked"
        : r.spf.record === null
          ? "no SPF record"
          : `${r.spf.record} (${r.spf.lookups} DNS lookups of 10, ${r.spf.voidLookups} void of 2)${r.spf.result === null ? "" : `; ${r.spf.result.ip}: ${r.spf.result.result}${r.spf.result.decidedBy === null ? "" : ` by ${r.spf.result.decidedBy}`}`}`;
    case "dmarc":
      return r.dmarc === null
        ? "not checked"
        : r.dmarc.record === null
          ? "no DMARC record"
          : `p=${r.dmarc.policy ?? "?"} at ${r.dmarc.recordDomain ?? "?"} (organisational domain ${r.dmarc.orgDomain})`;
    case "dkim":
      return r.dkim === null
        ? "not checked"
        : r.dkim.length === 0
          ? "no key found"
          : r.dkim
              .map(
                (k) =>
                  `${k.selector}: ${k.keyType ?? "?"} ${k.keyBits ?? "?"} bits${k.testing ? " (testing)" : ""}${k.revoked ? " (revoked)" : ""}`,
              )
              .join("; ");
    case "mx":
      return r.mx === null
        ? "not checked"
        : r.mx.length === 0
          ? `no MX (${r.mxDetail?.status ?? "?"})`
          : r.mx.join(", ");
    case "ptr":
      return r.ptr === null
        ? "no --ip given"
        : r.ptr
            .map((p) => `${p.ip} -> ${p.names.join(", ") || "no PTR"}${p.forwardConfirmed ? " (confirmed)" : ""}`)
            .join("; ");
    case "helo":
      return r.helo === null ? "no --helo given" : `${r.helo.helo}${r.helo.resolves === true ? " resolves" : ""}`;
    case "blocklist": {
      if (r.blocklists === null) return "not checked";
      const listed = r.blocklists.filter((b) => b.listed === true);
      const unknown = r.blocklists.filter((b) => b.listed === null).length;
      return `${listed.length} listing${listed.length === 1 ? "" : "s"} of ${r.blocklists.length} lookups${unknown > 0 ? `, ${unknown} unknown` : ""}${listed.length > 0 ? `: ${listed.map((b) => `${b.target} on ${b.name}`).join(", ")}` : ""}`;
    }
    case "mta-sts":
      return r.mtaSts?.record ?? "no record";
    case "tls-rpt":
      return r.tlsRpt?.record ?? "no record";
    case "bimi":
      return r.bimi?.record ?? "no record";
  }
}

function findingText(f: CheckFinding, paint: Paint): string {
  const lines = [
    `  ${f.severity === "critical" ? paint.red(MARK.critical) : f.severity === "warning" ? paint.yellow(MARK.warning) : paint.dim(MARK.info)} ${f.message}`,
  ];
  lines.push(`       why: ${f.why}`);
  if (f.fix !== null) lines.push(`       fix: ${f.fix}`);
  return lines.join("\n");
}

export function renderCheck(r: DomainCheckReport, paint: Paint): string {
  const out = [paint.bold(`Domain check: ${r.domain}${r.ips.length > 0 ? ` (IPs ${r.ips.join(", ")})` : ""}`), ""];
  for (const check of ORDER) {
    const own = r.findings.filter((f) => f.check === check);
    const worst = own.reduce<Severity | null>(
      (w, f) => (w === null || RANK[f.severity] < RANK[w] ? f.severity : w),
      null,
    );
    const mark =
      worst === null || worst === "info"
        ? paint.green(MARK.ok)
        : worst === "critical"
          ? paint.red(MARK.critical)
          : paint.yellow(MARK.warning);
    out.push(`[${mark}] ${check.padEnd(9)} ${summaryOf(r, check)}`);
  }
  const problems = r.findings.filter((f) => f.severity !== "info");
  const notes = r.findings.filter((f) => f.severity === "info");
  if (problems.length > 0)
    out.push("", paint.bold("To fix, most important first:"), ...problems.map((f) => findingText(f, paint)));
  if (notes.length > 0) out.push("", paint.bold("Notes:"), ...notes.map((f) => findingText(f, paint)));
  if (r.findings.length === 0) out.push("", "Nothing to fix.");
  return `${out.join("\n")}\n`;
}
