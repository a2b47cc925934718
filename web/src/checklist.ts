// The domain check (GET /api/check/:domain) as a checklist: one entry per check, marked OK / warning / critical,
// with what was found (the record, the keys, the PTR names, the listings) and each finding's exact fix.

import { getJson } from "./api.js";
import { type Child, h } from "./dom.js";
import { CHECK_LABEL, CHECK_ORDER, SEVERITY_TEXT } from "./format.js";
import type { CheckFinding, CheckId, DomainCheckReport, Severity } from "./types.js";

export interface CheckRequest {
  readonly domain: string;
  readonly ips: readonly string[];
  readonly selectors?: readonly string[];
  /** Query the DNS blocklists (slower; default true). */
  readonly blocklists?: boolean;
}

export function checkUrl(r: CheckRequest): string {
  const q = new URLSearchParams();
  for (const ip of r.ips) q.append("ip", ip);
  for (const sel of r.selectors ?? []) q.append("selector", sel);
  if (r.blocklists === false) q.set("blocklists", "false");
  const qs = q.toString();
  return `/api/check/${encodeURIComponent(r.domain)}${qs === "" ? "" : `?${qs}`}`;
}

export function runCheck(r: CheckRequest): Promise<DomainCheckReport> {
  return getJson<DomainCheckReport>(checkUrl(r));
}

const RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

function worstOf(findings: readonly CheckFinding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || RANK[f.severity] < RANK[worst]) worst = f.severity;
  return worst;
}

/** What the check found, in a line or two; null when it did not run. */
function foundOf(report: DomainCheckReport, check: CheckId): Child | null {
  switch (check) {
    case "spf":
      if (report.spf === null) return null;
      return [
        report.spf.record === null
          ? h("p", null, "No SPF record.")
          : h("p", null, "Record: ", h("code", null, report.spf.record)),
        report.spf.result === null
          ? null
          : h(
              "p",
              null,
              `For ${report.spf.result.ip}: `,
              h("strong", null, report.spf.result.result),
              report.spf.result.decidedBy === null ? "" : ` (decided by ${report.spf.result.decidedBy})`,
            ),
        report.spf.record !== null
          ? h("p", { class: "why" }, `${report.spf.lookups} DNS lookups of the 10 allowed.`)
          : null,
      ];
    case "dmarc":
      if (report.dmarc === null) return null;
      return report.dmarc.record === null
        ? h("p", null, `No DMARC record at _dmarc.${report.domain}.`)
        : h(
            "p",
            null,
            `Record at _dmarc.${report.dmarc.recordDomain ?? report.domain}: `,
            h("code", null, report.dmarc.record),
          );
    case "dkim":
      if (report.dkim === null) return null;
      return report.dkim.length === 0
        ? h("p", null, "No DKIM key found at the selectors tried.")
        : h(
            "ul",
            null,
            report.dkim.map((k) =>
              h(
                "li",
                null,
                `Selector `,
                h("code", null, k.selector),
                `: ${k.revoked ? "revoked" : `${k.keyType ?? "?"} ${k.keyBits ?? "?"} bits`}${k.testing ? ", testing" : ""}`,
              ),
            ),
          );
    case "mx":
      if (report.mx === null) return null;
      return h("p", null, report.mx.length === 0 ? "No MX hosts." : `MX: ${report.mx.join(", ")}`);
    case "ptr":
      if (report.ptr === null || report.ptr.length === 0) return null;
      return h(
        "ul",
        null,
        report.ptr.map((p) =>
          h(
            "li",
            null,
            `${p.ip}: ${p.names.length === 0 ? "no PTR name" : p.names.join(", ")}${p.names.length > 0 ? (p.forwardConfirmed ? " (forward-confirmed)" : " (not forward-confirmed)") : ""}`,
          ),
        ),
      );
    case "helo":
      if (report.helo === null) return null;
      return h(
        "p",
        null,
        `HELO ${report.helo.helo}: ${report.helo.resolves === true ? "resolves" : "does not resolve"}`,
      );
    case "blocklist": {
      if (report.blocklists === null || report.blocklists.length === 0) return null;
      const listed = report.blocklists.filter((b) => b.listed === true);
      const unknown = report.blocklists.filter((b) => b.listed === null).length;
      return h(
        "p",
        null,
        listed.length === 0
          ? `Not listed on the ${report.blocklists.length - unknown} lists that answered${unknown > 0 ? ` (${unknown} gave no answer)` : ""}.`
          : `Listed on ${listed.map((b) => `${b.name} (${b.target})`).join(", ")}.`,
      );
    }
    case "mta-sts":
      return report.mtaSts === null ? null : h("p", null, `MTA-STS: ${report.mtaSts.record ?? "no record"}`);
    case "tls-rpt":
      return report.tlsRpt === null ? null : h("p", null, `TLS-RPT: ${report.tlsRpt.record ?? "no record"}`);
    case "bimi":
      return report.bimi === null ? null : h("p", null, `BIMI: ${report.bimi.record ?? "no record"}`);
  }
}

function copyButton(text: string, what: string): HTMLButtonElement {
  const b = h("button", { type: "button", class: "copy" }, `Copy ${what}`);
  b.addEventListener("click", () => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        b.textContent = "Copied";
        setTimeout(() => {
          b.textContent = `Copy ${what}`;
        }, 1500);
      },
      () => undefined,
    );
  });
  return b;
}

function findingItem(f: CheckFinding): HTMLElement {
  return h(
    "li",
    { class: "finding", "data-finding": f.id },
    h(
      "p",
      null,
      h("span", { class: `badge ${f.severity}` }, SEVERITY_TEXT[f.severity]),
      " ",
      h("strong", null, f.message),
    ),
    h("p", { class: "why" }, f.why),
    f.fix === null ? null : [h("p", null, "Fix:"), h("pre", null, f.fix), copyButton(f.fix, "fix")],
  );
}

/**
 * The checklist of a domain check. `only`: the checks to show (default all that ran or found something).
 * `level`: the heading level of each check (3 on the domain page, 4 inside a card).
 */
export function checklist(report: DomainCheckReport, only?: readonly CheckId[], level: 3 | 4 = 3): HTMLElement {
  const checks = only ?? CHECK_ORDER;
  const list = h("ul", { class: "checklist" });
  for (const check of CHECK_ORDER) {
    if (!checks.includes(check)) continue;
    const findings = report.findings.filter((f) => f.check === check);
    const found = foundOf(report, check);
    if (found === null && findings.length === 0) {
      if (only === undefined) continue;
      list.append(
        h(
          "li",
          { "data-check": check },
          h(
            level === 3 ? "h3" : "h4",
            null,
            h("span", { class: "mark info", "aria-hidden": "true" }, "–"),
            `${CHECK_LABEL[check]}: not checked`,
          ),
          h(
            "p",
            { class: "why" },
            check === "ptr" || check === "blocklist"
              ? "Give the sending IP address to run this check."
              : "This check did not run.",
          ),
        ),
      );
      continue;
    }
    const worst = worstOf(findings);
    const state = worst === "critical" ? "critical" : worst === "warning" ? "warning" : "ok";
    const mark = state === "ok" ? "✓" : state === "warning" ? "!" : "✗";
    const word = state === "ok" ? "OK" : state === "warning" ? "warning" : "problem";
    const problems = findings.filter((f) => f.severity !== "info");
    const notes = findings.filter((f) => f.severity === "info");
    list.append(
      h(
        "li",
        { "data-check": check, "data-state": state },
        h(
          level === 3 ? "h3" : "h4",
          null,
          h("span", { class: `mark ${state}`, "aria-hidden": "true" }, mark),
          `${CHECK_LABEL[check]}: ${word}`,
        ),
        found,
        problems.length === 0 ? null : h("ul", { class: "findings-list" }, problems.map(findingItem)),
        notes.length === 0
          ? null
          : h(
              "details",
              null,
              h("summary", null, `${notes.length} note${notes.length === 1 ? "" : "s"}`),
              h("ul", { class: "findings-list" }, notes.map(findingItem)),
            ),
      ),
    );
  }
  if (list.childElementCount === 0) list.append(h("li", null, "Nothing was checked."));
  return list;
}
