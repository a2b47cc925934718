// The report as one self-contained HTML file: inline CSS and SVG charts, no script and no fetch of any kind, so it
// opens offline and can be mailed around. Readable on a phone (fluid layout, tables scroll sideways).

import type { BreakdownRow, Finding, Report } from "../core/analysis/report.js";

const OUTCOME_COLORS = {
  delivered: "#2e7d32",
  deferred: "#b26a00",
  bounced: "#c62828",
  complained: "#6a1b9a",
} as const;
type Charted = keyof typeof OUTCOME_COLORS;
const CHARTED: readonly Charted[] = ["delivered", "deferred", "bounced", "complained"];

const PRIORITY_COLORS: Readonly<Record<string, string>> = {
  critical: "#b71c1c",
  "fix-soon": "#e65100",
  monitor: "#1565c0",
  info: "#455a64",
};

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function iso(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z");
}

/** 400018 -> "400,018". */
function num(n: number): string {
  return n.toLocaleString("en-US");
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

/** Stacked columns over time, one colour per outcome. */
function timelineSvg(rows: readonly BreakdownRow[], bucketMs: number): string {
  if (rows.length === 0) return "<p>No dated events.</p>";
  const w = 720;
  const h = 220;
  const pad = 28;
  const max = Math.max(...rows.map((r) => r.delivered + r.deferred + r.bounced + r.complained), 1);
  // Columns stand at their time: a bucket without events leaves a gap rather than closing up.
  const first = Number(rows[0]?.key);
  const slots = Math.max(1, Math.round((Number(rows.at(-1)?.key) - first) / bucketMs) + 1);
  const colW = (w - pad * 2) / slots;
  const bars: string[] = [];
  rows.forEach((r) => {
    const i = Math.round((Number(r.key) - first) / bucketMs);
    let y = h - pad;
    for (const o of CHARTED) {
      const v = r[o];
      if (v === 0) continue;
      const bh = ((h - pad * 2) * v) / max;
      y -= bh;
      bars.push(
        `<rect x="${(pad + i * colW).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(colW - 1, 0.5).toFixed(1)}" height="${bh.toFixed(1)}" fill="${OUTCOME_COLORS[o]}"><title>${escapeHtml(iso(Number(r.key)))} ${o}: ${v}</title></rect>`,
      );
    }
  });
  const firstLabel = iso(first);
  const lastLabel = iso(Number(rows.at(-1)?.key));
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Events over time, ${bucketMs === 3_600_000 ? "hourly" : "daily"}, by outcome">
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#888"/>
${bars.join("\n")}
<text x="${pad}" y="${h - 8}" font-size="11">${escapeHtml(firstLabel)}</text>
<text x="${w - pad}" y="${h - 8}" font-size="11" text-anchor="end">${escapeHtml(lastLabel)}</text>
<text x="${pad}" y="16" font-size="11">max ${num(max)} per ${bucketMs === 3_600_000 ? "hour" : "day"}</text>
</svg>`;
}

/** Horizontal stacked bars for the top rows of a breakdown. */
function barsSvg(rows: readonly BreakdownRow[], label: string, limit = 10): string {
  const top = rows.slice(0, limit);
  if (top.length === 0) return "<p>None.</p>";
  const w = 720;
  const rowH = 22;
  const labelW = 200;
  const h = top.length * rowH + 8;
  const max = Math.max(...top.map((r) => r.total), 1);
  const parts: string[] = [];
  top.forEach((r, i) => {
    const y = 4 + i * rowH;
    parts.push(
      `<text x="${labelW - 6}" y="${y + 15}" font-size="12" text-anchor="end">${escapeHtml(r.key ?? "(unknown)")}</text>`,
    );
    let x = labelW;
    for (const o of CHARTED) {
      const v = r[o];
      if (v === 0) continue;
      const bw = ((w - labelW - 60) * v) / max;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${bw.toFixed(1)}" height="${rowH - 6}" fill="${OUTCOME_COLORS[o]}"><title>${escapeHtml(r.key ?? "(unknown)")} ${o}: ${v}</title></rect>`,
      );
      x += bw;
    }
    parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 15}" font-size="12">${r.total}</text>`);
  });
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(label)}">${parts.join("")}</svg>`;
}

function tableHtml(caption: string, rows: readonly BreakdownRow[], limit = 25): string {
  const body = rows
    .slice(0, limit)
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.key ?? "(unknown)")}</th><td>${num(r.total)}</td><td>${num(r.delivered)}</td><td>${num(r.deferred)}</td><td>${num(r.bounced)}</td><td>${num(r.complained)}</td><td>${pct(r.failureRate)}</td></tr>`,
    )
    .join("\n");
  return `<div class="scroll"><table><caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col"></th><th scope="col">events</th><th scope="col">delivered</th><th scope="col">deferred</th><th scope="col">bounced</th><th scope="col">complained</th><th scope="col">failure rate</th></tr></thead>
<tbody>${body}</tbody></table></div>`;
}

function findingHtml(f: Finding): string {
  const color = PRIORITY_COLORS[f.priority] ?? "#455a64";
  const list = (items: readonly string[], ordered = false) =>
    items.length === 0
      ? ""
      : `<${ordered ? "ol" : "ul"}>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</${ordered ? "ol" : "ul"}>`;
  return `<article class="finding" id="${escapeHtml(f.id)}">
<h3><span class="badge" style="background:${color}">${escapeHtml(f.priority)}</span> ${escapeHtml(f.id)} <small>scope: ${escapeHtml(f.scope)}</small></h3>
<p>${num(f.count)} events, ${num(f.recipients)} addresses, ${num(f.domainCount)} domains: ${escapeHtml(f.why)}. Seen ${escapeHtml(iso(f.firstSeen))} to ${escapeHtml(iso(f.lastSeen))}.</p>
<p>Providers: ${escapeHtml(f.providers.map((p) => `${p.name} (${p.count})`).join(", "))}</p>
<p>${escapeHtml(f.meaning)}</p>
${f.providerMeaning === null ? "" : `<p><strong>The provider says:</strong> ${escapeHtml(f.providerMeaning)}</p>`}
${f.examples.length === 0 ? "" : `<p>Examples:</p><ul>${f.examples.map((e) => `<li><code>${escapeHtml((e.text ?? e.status ?? "-").slice(0, 300))}</code> <small>rule ${escapeHtml(e.rule ?? "-")}</small></li>`).join("")}</ul>`}
${f.causes.length === 0 ? "" : `<p>Likely causes:</p>${list(f.causes)}`}
${f.actions.length === 0 ? "" : `<p>What to do:</p>${list(f.actions, true)}`}
${f.checks.length === 0 ? "" : `<p>Verify: ${escapeHtml(f.checks.join(", "))}</p>`}
${f.recipientSamples.length === 0 ? "" : `<details><summary>Addresses (first ${f.recipientSamples.length})</summary><p>${escapeHtml(f.recipientSamples.join(", "))}</p></details>`}
</article>`;
}

function verificationHtml(r: Report): string {
  if (r.verification === undefined) return "";
  const parts = r.verification.map((v) => {
    const problems = v.findings.filter((f) => f.severity !== "info");
    const items =
      problems.length === 0
        ? "<p>No problem found.</p>"
        : `<ul>${problems
            .map(
              (f) =>
                `<li><span class="badge" style="background:${PRIORITY_COLORS[f.severity === "critical" ? "critical" : "fix-soon"]}">${escapeHtml(f.severity)}</span> ${escapeHtml(f.message)}${f.fix === null ? "" : `<br><small>Fix: ${escapeHtml(f.fix)}</small>`}</li>`,
            )
            .join("")}</ul>`;
    return `<h3>${escapeHtml(v.domain)}${v.ips.length > 0 ? ` (${escapeHtml(v.ips.join(", "))})` : ""}</h3>${items}`;
  });
  return `<h2>Sender checks</h2>${parts.length === 0 ? "<p>No sending domain to check.</p>" : parts.join("\n")}`;
}

export function renderReportHtml(r: Report): string {
  const t = r.totals;
  const legend = CHARTED.map((o) => `<span><i style="background:${OUTCOME_COLORS[o]}"></i>${o}</span>`).join(" ");
  const plan =
    r.actionPlan.length === 0
      ? "<p>Nothing to fix.</p>"
      : `<ol class="plan">${r.actionPlan
          .map(
            (s) =>
              `<li><span class="badge" style="background:${PRIORITY_COLORS[s.priority] ?? "#455a64"}">${escapeHtml(s.priority)}</span> <a href="#${escapeHtml(s.finding)}">${escapeHtml(s.finding)}</a> (${escapeHtml(s.scope)}): ${escapeHtml(s.fix)}<br><small>Then: ${escapeHtml(s.retest)}.</small></li>`,
          )
          .join("\n")}</ol>`;
  const fixes =
    r.fixes.length === 0
      ? ""
      : `<h2>Fixes applied</h2>${r.fixes
          .map(
            (fx) =>
              `<h3>${escapeHtml(iso(fx.fix.at))}: ${escapeHtml(fx.fix.text)}</h3><div class="scroll"><table><thead><tr><th scope="col">provider</th><th scope="col">failures before</th><th scope="col">rate before</th><th scope="col">failures after</th><th scope="col">rate after</th></tr></thead><tbody>${fx.byProvider
                .map(
                  (p) =>
                    `<tr><th scope="row">${escapeHtml(p.provider ?? "other")}</th><td>${p.before.failures}</td><td>${p.before.rate === null ? "-" : pct(p.before.rate)}</td><td>${p.after.failures}</td><td>${p.after.rate === null ? "-" : pct(p.after.rate)}</td></tr>`,
                )
                .join("")}</tbody></table></div>`,
          )
          .join("\n")}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>bouncewise report</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1000px;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
svg{width:100%;height:auto;display:block}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:right}th[scope=row],caption{text-align:left}
caption{font-weight:600;padding:.5rem 0}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem}
.totals div{border:1px solid #ccc;border-radius:6px;padding:.5rem}.totals b{display:block;font-size:1.4rem}
.badge{color:#fff;border-radius:4px;padding:0 .4rem;font-size:.85rem}
.finding{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.legend span{margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
code{white-space:pre-wrap;word-break:break-word;background:#f3f3f3;padding:0 .2rem}
a{color:#0b57d0}
</style>
</head>
<body>
<h1>bouncewise report</h1>
<p>Events from ${escapeHtml(iso(r.firstSeen))} to ${escapeHtml(iso(r.lastSeen))}.</p>
<section class="totals" aria-label="Totals">
<div><b>${num(t.total)}</b>events</div><div><b>${num(t.delivered)}</b>delivered</div><div><b>${num(t.deferred)}</b>deferred</div>
<div><b>${num(t.bounced)}</b>bounced</div><div><b>${num(t.complained)}</b>complained</div>
<div><b>${pct(t.bounceRate)}</b>bounce rate</div><div><b>${pct(t.complaintRate)}</b>complaint rate</div>
</section>
<h2>Action plan</h2>
${plan}
<h2>Over time</h2>
<p class="legend">${legend}</p>
${timelineSvg(r.timeline.rows, r.timeline.bucketMs)}
<h2>By mailbox provider</h2>
${barsSvg(r.byProvider, "Events by mailbox provider")}
<h2>By reason</h2>
${barsSvg(
  r.byReason.filter((x) => x.key !== null),
  "Failures by reason",
)}
<h2>Findings</h2>
${r.findings.map(findingHtml).join("\n")}
${fixes}
${verificationHtml(r)}
<h2>Tables</h2>
${tableHtml("By mailbox provider", r.byProvider)}
${tableHtml(`By recipient domain (${r.domainCount} domains)`, r.byDomain)}
${tableHtml("By reason", r.byReason)}
${tableHtml("By category", r.byCategory)}
${tableHtml("By priority", r.byPriority)}
${tableHtml("By reply family", r.byFamily)}
${tableHtml("By sending domain", r.bySenderDomain)}
${tableHtml("By sending IP", r.bySendingIp)}
</body>
</html>
`;
}
