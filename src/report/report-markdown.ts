// The report as Markdown: what the terminal prints and what `report --markdown` writes (tickets, wikis).

import type { BreakdownRow, Finding, Report } from "../core/analysis/report.js";
import type { Suppression } from "../core/analysis/types.js";

function iso(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z");
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

/** Escapes a table cell: pipes and line breaks would break the row. */
function cell(s: string | number | null): string {
  return String(s ?? "-")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ");
}

function table(head: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  if (rows.length === 0) return "_none_\n";
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
  return `${lines.join("\n")}\n`;
}

function breakdownTable(title: string, rows: readonly BreakdownRow[], limit = 15): string {
  return `### ${title}\n\n${table(
    ["", "events", "delivered", "deferred", "bounced", "complained", "failure rate"],
    rows
      .slice(0, limit)
      .map((r) => [
        r.key ?? "(unknown)",
        r.total,
        r.delivered,
        r.deferred,
        r.bounced,
        r.complained,
        pct(r.failureRate),
      ]),
  )}`;
}

function findingText(f: Finding): string {
  const lines = [
    `### ${f.id}: ${f.priority.toUpperCase()}, scope ${f.scope}`,
    "",
    `${f.count} event${f.count === 1 ? "" : "s"}, ${f.recipients} address${f.recipients === 1 ? "" : "es"}, ${f.domainCount} domain${f.domainCount === 1 ? "" : "s"}; ${f.why}.`,
    `Seen ${iso(f.firstSeen)} to ${iso(f.lastSeen)}. Providers: ${f.providers.map((p) => `${p.name} (${p.count})`).join(", ")}.`,
    "",
    f.meaning,
    "",
    ...(f.providerMeaning === null ? [] : [`The provider says: ${f.providerMeaning}`, ""]),
  ];
  if (f.examples.length > 0) {
    lines.push("Examples:", "");
    for (const e of f.examples)
      lines.push(`- \`${(e.text ?? e.status ?? "-").slice(0, 300).replace(/`/g, "'")}\` (rule ${e.rule ?? "-"})`);
    lines.push("");
  }
  if (f.causes.length > 0) lines.push("Likely causes:", "", ...f.causes.map((c) => `- ${c}`), "");
  if (f.actions.length > 0) lines.push("What to do:", "", ...f.actions.map((a, i) => `${i + 1}. ${a}`), "");
  if (f.checks.length > 0) lines.push(`Verify: ${f.checks.join(", ")}.`, "");
  if (f.recipientSamples.length > 0) {
    lines.push(`Addresses (first ${f.recipientSamples.length}): ${f.recipientSamples.join(", ")}`, "");
  }
  return lines.join("\n");
}

export function renderReportMarkdown(r: Report): string {
  const t = r.totals;
  const out: string[] = [
    "# bouncewise report",
    "",
    `Events ${iso(r.firstSeen)} to ${iso(r.lastSeen)}.`,
    "",
    table(
      ["events", "delivered", "deferred", "bounced", "complained", "dropped", "bounce rate", "complaint rate"],
      [[t.total, t.delivered, t.deferred, t.bounced, t.complained, t.dropped, pct(t.bounceRate), pct(t.complaintRate)]],
    ),
    "## Action plan",
    "",
  ];
  if (r.actionPlan.length === 0) out.push("Nothing to fix.", "");
  for (const s of r.actionPlan) {
    out.push(`${s.step}. **${s.priority}** (${s.scope}) \`${s.finding}\`: ${s.fix}`, `   Then: ${s.retest}.`);
  }
  out.push("", "## Findings", "");
  for (const f of r.findings) out.push(findingText(f));
  if (r.fixes.length > 0) {
    out.push("## Fixes applied", "");
    for (const fx of r.fixes) {
      out.push(
        `### ${iso(fx.fix.at)}: ${fx.fix.text}${fx.fix.finding === null ? "" : ` (finding ${fx.fix.finding})`}`,
        "",
      );
      out.push(
        table(
          ["provider", "failures before", "rate before", "failures after", "rate after"],
          fx.byProvider.map((p) => [
            p.provider ?? "other",
            p.before.failures,
            p.before.rate === null ? "-" : pct(p.before.rate),
            p.after.failures,
            p.after.rate === null ? "-" : pct(p.after.rate),
          ]),
        ),
      );
    }
  }
  if (r.verification !== undefined) {
    out.push("## Sender checks", "");
    if (r.verification.length === 0) out.push("No sending domain to check, or no finding that asks for a check.", "");
    for (const v of r.verification) {
      const problems = v.findings.filter((f) => f.severity !== "info");
      out.push(`### ${v.domain}${v.ips.length > 0 ? ` (${v.ips.join(", ")})` : ""}`, "");
      if (problems.length === 0) out.push("No problem found.", "");
      for (const f of problems) out.push(`- **${f.severity}** ${f.message}${f.fix === null ? "" : ` Fix: ${f.fix}`}`);
      out.push("");
    }
  }
  out.push("## Breakdown", "");
  out.push(breakdownTable("By mailbox provider", r.byProvider));
  out.push(breakdownTable(`By recipient domain (${r.domainCount} domains)`, r.byDomain));
  out.push(breakdownTable("By reason", r.byReason));
  out.push(breakdownTable("By category", r.byCategory));
  out.push(breakdownTable("By priority", r.byPriority));
  out.push(breakdownTable("By reply family", r.byFamily));
  out.push(breakdownTable("By sending domain", r.bySenderDomain));
  out.push(breakdownTable("By sending IP", r.bySendingIp));
  out.push(
    `### Over time (${r.timeline.bucketMs === 3_600_000 ? "hourly" : "daily"})\n\n${table(
      ["from", "delivered", "deferred", "bounced", "complained"],
      r.timeline.rows.map((row) => [iso(Number(row.key)), row.delivered, row.deferred, row.bounced, row.complained]),
    )}`,
  );
  return out.join("\n");
}

/** RFC 4180 CSV of the suppression list. */
export function renderSuppressionsCsv(list: readonly Suppression[]): string {
  const q = (s: string | number | null) => {
    const v = String(s ?? "");
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const rows = ["address,cause,reason,count,last_seen"];
  for (const s of list) rows.push([s.recipient, s.cause, s.reason, s.count, iso(s.lastSeen)].map(q).join(","));
  return `${rows.join("\r\n")}\r\n`;
}
