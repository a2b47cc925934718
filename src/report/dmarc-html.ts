// The result of `bouncewise dmarc` as one self-contained HTML file, in the manner of report-html.ts: inline CSS and
// SVG, no script and no fetch of any kind (a CSP that forbids them too), readable on a phone. Every string of the
// document may come from a stranger, so the markup is built with a tagged template that escapes every value it is
// given unless that value is markup built the same way: escaping cannot be forgotten at one spot.

import type { ClassTotals, Recommendation, SourceAnalysis, SourceRef } from "../core/dmarc/analyze.js";
import type { DmarcDocument } from "../core/dmarc/output.js";
import { READINESS, type SourceClassification } from "../knowledge/dmarc-advice.js";
import {
  CLASS_ORDER,
  CLASS_TITLES,
  cleanDocument,
  currentOf,
  formatCount,
  formatShare,
  formatTime,
  plural,
  problemText,
  recordIntro,
  refName,
  sourcesOf,
  toneOf,
  type VerdictTone,
  verdictOf,
} from "./dmarc-text.js";
import { escapeHtml } from "./report-html.js";

// ---------------------------------------------------------------------------------------------------------------
// Markup that escapes by construction

/** Markup built by `html`; any other value put into `html` is escaped. */
class Markup {
  constructor(readonly text: string) {}
}

function part(v: unknown): string {
  if (v instanceof Markup) return v.text;
  if (Array.isArray(v)) return v.map(part).join("");
  if (v === null || v === undefined || v === false) return "";
  return escapeHtml(String(v));
}

function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += part(values[i]) + (strings[i + 1] ?? "");
  return new Markup(out);
}

/** A number formatted for an SVG attribute (computed here, never from the document). */
function n1(x: number): Markup {
  return new Markup(Number.isFinite(x) ? x.toFixed(1) : "0");
}

/** Only plain https links to documentation become links; anything else is shown as text. Linear. */
const DOC_URL = /^https:\/\/[A-Za-z0-9.-]{1,253}(?:\/[^\s"'<>`\\]*)?$/;

function docLink(url: string | undefined): Markup {
  if (url === undefined || url === "") return html``;
  const first = url.split(";")[0]?.trim() ?? "";
  return DOC_URL.test(first) ? html` <a href="${first}" rel="noreferrer">provider docs</a>` : html``;
}

// ---------------------------------------------------------------------------------------------------------------
// Caps and colours

/** Sources shown per classification in the HTML; the rest are counted. */
export const HTML_SOURCES_PER_CLASS = 100;
/** Problems listed in the HTML; the rest are counted. */
export const HTML_PROBLEMS = 200;
const HTML_ROWS = 50;
const HTML_REFS = 20;

/** Dark enough for white text on them (contrast 4.5:1 or more) and for their text on white. */
const CLASS_COLORS: Readonly<Record<SourceClassification, string>> = {
  own: "#2e7d32",
  service: "#1565c0",
  forwarder: "#6a1b9a",
  unknown: "#c62828",
};
const TONE_COLORS: Readonly<Record<VerdictTone, string>> = { good: "#2e7d32", wait: "#8a5300", bad: "#b71c1c" };
const TONE_LABELS: Readonly<Record<VerdictTone, string>> = { good: "on track", wait: "not yet", bad: "act now" };

function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** "3 more sources, see --json." when a list was cut. */
function more(total: number, shown: number, what: string, many = `${what}s`): Markup {
  const n = total - shown;
  return n > 0 ? html`<p class="more">${formatCount(n)} more ${n === 1 ? what : many}, see --json.</p>` : html``;
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

function refItems(refs: readonly SourceRef[], whole: string, multiDomain: boolean): Markup {
  return html`${refs
    .slice(0, HTML_REFS)
    .map(
      (r) =>
        html`<li><strong>${refName(r, multiDomain)}</strong>: ${formatCount(r.unaligned)} of ${plural(r.count, "message")} unaligned (${formatShare(r.share)} of ${whole})<br>Fix: ${r.fix} <small class="rule">${r.rule}</small></li>`,
    )}`;
}

function recommendationSection(doc: DmarcDocument): Markup {
  const r: Recommendation = doc.recommendation;
  if (doc.reports === 0 && r.domain === "") {
    return html`<section aria-labelledby="rec"><h2 id="rec">Recommendation</h2>
<article class="card"><p>No aggregate report was read. Point <code>bouncewise dmarc</code> at the reports (XML, .xml.gz, .zip, or the mails that carry them) to see who sends as your domain and when it is safe to enforce.</p></article></section>`;
  }
  const tone = toneOf(r.rule);
  const multi = doc.domains.length > 1;
  const list = (title: string, refs: readonly SourceRef[], whole: string, ordered: boolean, total: number) =>
    refs.length === 0
      ? html``
      : ordered
        ? html`<h3>${title}</h3><ol>${refItems(refs, whole, multi)}</ol>${more(total, Math.min(total, HTML_REFS), "source")}`
        : html`<h3>${title}</h3><ul>${refItems(refs, whole, multi)}</ul>${more(total, Math.min(total, HTML_REFS), "source")}`;
  return html`<section aria-labelledby="rec"><h2 id="rec">Recommendation</h2>
<article class="card" style="border-left-color:${TONE_COLORS[tone]}">
<p class="verdict"><span class="badge" style="background:${TONE_COLORS[tone]}">${TONE_LABELS[tone]}</span> <strong>${r.domain || "your domain"}: ${verdictOf(r)}</strong></p>
<p><strong>Now:</strong> ${currentOf(r)}</p>
<p><strong>Why:</strong> ${r.reason} <small class="rule">${r.rule}</small></p>
${r.domain === "" ? html`` : html`<p>${recordIntro(r)}</p><pre><code>${r.record}</code></pre>`}
${list("Fix these first", r.blockers, "legitimate mail", true, r.blockers.length)}
${list("Also worth fixing", r.alsoFix, "legitimate mail", false, r.alsoFix.length)}
${list("Check these are not yours before enforcing", r.verify, "all mail", false, r.verify.length)}
${r.notes.length === 0 ? html`` : html`<h3>Notes</h3><ul>${r.notes.map((x) => html`<li>${x}</li>`)}</ul>`}
</article></section>`;
}

function totalsSection(doc: DmarcDocument): Markup {
  const cell = (value: string, label: string) => html`<div><b>${value}</b>${label}</div>`;
  return html`<section aria-labelledby="totals"><h2 id="totals">Totals</h2>
<div class="totals">
${cell(formatCount(doc.reports), "reports")}
${cell(formatCount(doc.reportingOrgs.length), "reporting organisations")}
${cell(formatCount(doc.messages), "messages")}
${cell(formatCount(CLASS_ORDER.reduce((n, c) => n + sourcesOf(doc, c).total, 0)), "sources")}
${cell(doc.messages === 0 ? "-" : formatShare(doc.alignedShare), "aligned, all mail")}
${cell(doc.legitimateAlignedShare === null ? "-" : formatShare(doc.legitimateAlignedShare), "aligned, legitimate mail")}
${cell(formatCount(doc.period.days), "days covered")}
</div>
<p>Period: ${formatTime(doc.period.begin)} to ${formatTime(doc.period.end)}. ${plural(doc.records, "record")}.${doc.duplicates > 0 ? ` ${plural(doc.duplicates, "report")} read again, not counted twice.` : ""}</p>
</section>`;
}

/** The aligned share of legitimate mail on a gauge with the quarantine and reject thresholds marked. */
function readinessSection(doc: DmarcDocument): Markup {
  const r = doc.recommendation;
  const share = doc.legitimateAlignedShare;
  const q = READINESS.quarantineMinAlignedShare;
  const rj = READINESS.rejectMinAlignedShare;
  const facts = html`<p>${share === null ? "No legitimate mail in the reports yet." : `${formatShare(share)} of legitimate mail (${plural(r.legitimateMessages, "message")}) aligned.`}
p=quarantine needs ${formatShare(q)} over ${READINESS.minDays} days of reports (these cover ${plural(r.days, "day")}); p=reject needs ${formatShare(rj)} after ${READINESS.rejectMinDaysAtQuarantine} days at p=quarantine (these show ${plural(r.daysAtQuarantine, "day")}). No single sender of yours may fail on more than ${formatShare(READINESS.blockerMinShare)} of the volume.</p>`;
  if (share === null) return html`<section aria-labelledby="ready"><h2 id="ready">Readiness</h2>${facts}</section>`;
  // Zoom on 90-100% when the share is there: the thresholds are 1.5 points apart.
  const lo = share >= 0.9 ? 0.9 : 0;
  const w = 720;
  const pad = 20;
  const x = (v: number) => pad + ((w - pad * 2) * (Math.min(1, Math.max(lo, v)) - lo)) / (1 - lo);
  const color = share >= rj ? "#2e7d32" : share >= q ? "#1565c0" : "#c62828";
  const label = `${formatShare(share)} of legitimate mail aligned; p=quarantine needs ${formatShare(q)}, p=reject ${formatShare(rj)}`;
  return html`<section aria-labelledby="ready"><h2 id="ready">Readiness</h2>
<svg viewBox="0 0 ${w} 96" role="img" aria-label="${label}">
<rect x="${pad}" y="34" width="${w - pad * 2}" height="22" fill="#e0e0e0"/>
<rect x="${pad}" y="34" width="${n1(x(share) - pad)}" height="22" fill="${color}"><title>${label}</title></rect>
<line x1="${n1(x(q))}" y1="26" x2="${n1(x(q))}" y2="64" stroke="#1a1a1a" stroke-width="2"/>
<text x="${n1(x(q) - 4)}" y="22" font-size="12" text-anchor="end">p=quarantine ${formatShare(q)}</text>
<line x1="${n1(x(rj))}" y1="26" x2="${n1(x(rj))}" y2="64" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="4 2"/>
<text x="${n1(x(rj) - 4)}" y="78" font-size="12" text-anchor="end">p=reject ${formatShare(rj)}</text>
<text x="${pad}" y="92" font-size="11">${formatShare(lo)}</text>
<text x="${w - pad}" y="92" font-size="11" text-anchor="end">100%</text>
</svg>
${facts}</section>`;
}

function classRow(c: SourceClassification, t: ClassTotals, messages: number): Markup {
  return html`<tr><th scope="row"><i class="swatch" style="background:${CLASS_COLORS[c]}"></i>${CLASS_TITLES[c]}</th><td>${formatCount(t.sources)}</td><td>${formatCount(t.messages)}</td><td>${formatShare(shareOf(t.messages, messages))}</td><td>${t.messages === 0 ? "-" : formatShare(shareOf(t.dmarcPass, t.messages))}</td></tr>`;
}

function volumeSection(doc: DmarcDocument): Markup {
  const total = CLASS_ORDER.reduce((n, c) => n + doc.byClassification[c].messages, 0);
  const w = 720;
  const bars: Markup[] = [];
  let x = 0;
  for (const c of CLASS_ORDER) {
    const m = doc.byClassification[c].messages;
    if (m === 0 || total === 0) continue;
    const bw = (w * m) / total;
    bars.push(
      html`<rect x="${n1(x)}" y="0" width="${n1(Math.max(bw, 0.5))}" height="32" fill="${CLASS_COLORS[c]}"><title>${CLASS_TITLES[c]}: ${formatCount(m)} messages (${formatShare(m / total)})</title></rect>`,
    );
    x += bw;
  }
  const summary = CLASS_ORDER.map((c) => `${c} ${formatShare(shareOf(doc.byClassification[c].messages, total))}`).join(
    ", ",
  );
  const chart =
    total === 0
      ? html`<p>No messages.</p>`
      : html`<svg viewBox="0 0 ${w} 32" role="img" aria-label="Messages by classification: ${summary}">${bars}</svg>`;
  return html`<section aria-labelledby="volume"><h2 id="volume">Volume by classification</h2>
${chart}
<div class="scroll"><table><caption>Sources and messages by classification</caption>
<thead><tr><th scope="col">classification</th><th scope="col">sources</th><th scope="col">messages</th><th scope="col">share of volume</th><th scope="col">DMARC pass</th></tr></thead>
<tbody>${CLASS_ORDER.map((c) => classRow(c, doc.byClassification[c], total))}</tbody></table></div>
</section>`;
}

function authList(results: SourceAnalysis["spf"]["results"], second: "selector" | "scope"): string {
  return results
    .slice(0, 6)
    .map(
      (a) =>
        `${a.domain || "(none)"}${a[second] === undefined ? "" : ` ${a[second]}`} ${a.result} ${formatCount(a.count)}`,
    )
    .join("; ");
}

function sourceRow(s: SourceAnalysis, multiDomain: boolean): Markup {
  const d = s.dispositions;
  const ptr = s.ptr ?? (s.ptrError === undefined ? "not looked up" : `no PTR (${s.ptrError.toLowerCase()})`);
  const details =
    s.comments.length === 0 && s.overrides.length === 0 && s.spf.results.length === 0 && s.dkim.results.length === 0
      ? html``
      : html`<details><summary>details</summary>
${s.dkim.results.length === 0 ? html`` : html`<p>DKIM seen: ${authList(s.dkim.results, "selector")}</p>`}
${s.spf.results.length === 0 ? html`` : html`<p>SPF seen: ${authList(s.spf.results, "scope")}</p>`}
${s.overrides.length === 0 ? html`` : html`<p>Overrides: ${s.overrides.map((o) => `${o.type || "(empty)"} ${formatCount(o.count)}`).join(", ")}</p>`}
${s.comments.length === 0 ? html`` : html`<p>Comments: ${s.comments.join(" | ")}</p>`}
${s.firstSeen === null ? html`` : html`<p>Seen ${formatTime(s.firstSeen)} to ${formatTime(s.lastSeen)}</p>`}
</details>`;
  const cols = multiDomain ? 10 : 9;
  return html`<tr class="src"><th scope="row" class="ip">${s.ip || "(no IP)"}</th>${multiDomain ? html`<td class="l" data-label="From">${s.headerFrom || "(empty)"}</td>` : html``}<td class="l" data-label="PTR">${ptr}</td><td class="l" data-label="base domain">${s.baseDomain ?? "-"}</td><td class="l" data-label="service">${s.service ?? "-"}</td><td data-label="messages">${formatCount(s.count)}</td><td data-label="DMARC pass">${formatShare(s.alignedShare)}</td><td data-label="SPF aligned">${formatShare(s.spf.pass)}</td><td data-label="DKIM aligned">${formatShare(s.dkim.pass)}</td><td data-label="none / quarantine / reject">${formatCount(d.none)} / ${formatCount(d.quarantine)} / ${formatCount(d.reject)}</td></tr>
<tr class="fix"><td colspan="${cols}">Fix: ${s.fix}${docLink(s.docs)} <small class="rule">${s.rule}</small>${details}</td></tr>`;
}

function sourcesSection(doc: DmarcDocument): Markup {
  const multi = doc.domains.length > 1;
  const tables = CLASS_ORDER.map((c) => {
    const { shown: of, total } = sourcesOf(doc, c);
    if (of.length === 0) return html``;
    const t = doc.byClassification[c];
    const shown = of.slice(0, HTML_SOURCES_PER_CLASS);
    return html`<div class="scroll"><table class="sources"><caption><i class="swatch" style="background:${CLASS_COLORS[c]}"></i>${CLASS_TITLES[c]}: ${plural(t.sources, "source")}, ${plural(t.messages, "message")}, ${formatShare(shareOf(t.dmarcPass, t.messages))} aligned${total > shown.length ? ` (first ${shown.length} shown)` : ""}</caption>
<thead><tr><th scope="col">IP</th>${multi ? html`<th scope="col" class="l">From domain</th>` : html``}<th scope="col" class="l">PTR</th><th scope="col" class="l">base domain</th><th scope="col" class="l">service</th><th scope="col">messages</th><th scope="col">DMARC pass</th><th scope="col">SPF aligned</th><th scope="col">DKIM aligned</th><th scope="col">none / quarantine / reject</th></tr></thead>
<tbody>${shown.map((s) => sourceRow(s, multi))}</tbody></table></div>${more(total, shown.length, "source")}`;
  });
  const o = doc.omitted;
  return html`<section aria-labelledby="sources"><h2 id="sources">Sources</h2>
${doc.sources.length === 0 ? html`<p>No sending source in the reports.</p>` : tables}
${o.records === 0 ? html`` : html`<p>${plural(o.records, "record")} (${plural(o.messages, "message")}, ${formatShare(shareOf(o.dmarcPass, o.messages))} aligned) came from more distinct sources than are analysed one by one: they count in the totals only.</p>`}
</section>`;
}

function domainsSection(doc: DmarcDocument): Markup {
  const domains = doc.domains.slice(0, HTML_ROWS);
  const byFrom =
    doc.domains.length === 0
      ? html``
      : html`<div class="scroll"><table><caption>By From domain (header_from)</caption>
<thead><tr><th scope="col">domain</th><th scope="col">messages</th><th scope="col">aligned</th><th scope="col">sources</th>${CLASS_ORDER.map((c) => html`<th scope="col">${c}</th>`)}<th scope="col">none / quarantine / reject</th></tr></thead>
<tbody>${domains.map(
          (d) =>
            html`<tr><th scope="row">${d.domain || "(empty)"}</th><td>${formatCount(d.messages)}</td><td>${formatShare(d.alignedShare)}</td><td>${formatCount(d.sources)}</td>${CLASS_ORDER.map((c) => html`<td>${formatCount(d.byClassification[c].messages)}</td>`)}<td>${formatCount(d.dispositions.none)} / ${formatCount(d.dispositions.quarantine)} / ${formatCount(d.dispositions.reject)}</td></tr>`,
        )}</tbody></table></div>${more(doc.domains.length, domains.length, "domain")}`;
  const pds = doc.policyDomains.slice(0, HTML_ROWS);
  const byPolicy =
    doc.policyDomains.length <= 1
      ? html``
      : html`<div class="scroll"><table><caption>By policy domain: what to publish</caption>
<thead><tr><th scope="col">domain</th><th scope="col">messages</th><th scope="col">aligned</th><th scope="col">legitimate aligned</th><th scope="col" class="l">next</th><th scope="col" class="l">record</th><th scope="col" class="l">why</th></tr></thead>
<tbody>${pds.map(
          (p) =>
            html`<tr><th scope="row">${p.domain || "(no domain)"}</th><td>${formatCount(p.messages)}</td><td>${formatShare(p.alignedShare)}</td><td>${p.legitimateAlignedShare === null ? "-" : formatShare(p.legitimateAlignedShare)}</td><td class="l">${verdictOf(p.recommendation)}</td><td class="l"><code>${p.recommendation.record}</code></td><td class="l">${p.recommendation.reason}</td></tr>`,
        )}</tbody></table></div>${more(doc.policyDomains.length, pds.length, "policy domain")}`;
  const policies = doc.policies.slice(0, HTML_ROWS);
  const published =
    doc.policies.length === 0
      ? html``
      : html`<div class="scroll"><table><caption>Policies the reports saw published</caption>
<thead><tr><th scope="col">domain</th><th scope="col">p</th><th scope="col">sp</th><th scope="col">np</th><th scope="col">adkim</th><th scope="col">aspf</th><th scope="col">pct</th><th scope="col">t</th><th scope="col">reports</th><th scope="col">days</th><th scope="col">last report end</th></tr></thead>
<tbody>${policies.map(
          (p) =>
            html`<tr><th scope="row">${p.domain || "(no domain)"}</th><td>${p.p ?? "-"}</td><td>${p.sp ?? "-"}</td><td>${p.np ?? "-"}</td><td>${p.adkim ?? "-"}</td><td>${p.aspf ?? "-"}</td><td>${p.pct ?? "-"}</td><td>${p.testing ?? "-"}</td><td>${formatCount(p.reports)}</td><td>${formatCount(p.days)}</td><td>${formatTime(p.lastEnd)}</td></tr>`,
        )}</tbody></table></div>${more(doc.policies.length, policies.length, "policy", "policies")}`;
  const orgs = doc.reportingOrgs.slice(0, HTML_ROWS);
  const reporters =
    doc.reportingOrgs.length === 0
      ? html``
      : html`<div class="scroll"><table><caption>Reporting organisations</caption>
<thead><tr><th scope="col">organisation</th><th scope="col">reports</th></tr></thead>
<tbody>${orgs.map((o) => html`<tr><th scope="row">${o.name || "(unnamed)"}</th><td>${formatCount(o.reports)}</td></tr>`)}</tbody></table></div>${more(doc.reportingOrgs.length, orgs.length, "organisation")}`;
  return html`<section aria-labelledby="domains"><h2 id="domains">Domains</h2>
${doc.domains.length === 0 && doc.policies.length === 0 ? html`<p>No domain in the reports.</p>` : html``}${byFrom}${byPolicy}${published}${reporters}</section>`;
}

function dispositionsSection(doc: DmarcDocument): Markup {
  const d = doc.dispositions;
  const total = d.none + d.quarantine + d.reject;
  const row = (label: string, count: number) =>
    html`<tr><th scope="row">${label}</th><td>${formatCount(count)}</td><td>${formatShare(shareOf(count, total))}</td></tr>`;
  const overrides =
    doc.overrides.length === 0
      ? html`<p>No receiver reported an override of your policy.</p>`
      : html`<div class="scroll"><table><caption>Policy overrides (the receiver applied something else than your policy)</caption>
<thead><tr><th scope="col">reason</th><th scope="col">messages</th></tr></thead>
<tbody>${doc.overrides.slice(0, HTML_ROWS).map((o) => html`<tr><th scope="row">${o.type || "(empty)"}</th><td>${formatCount(o.count)}</td></tr>`)}</tbody></table></div>`;
  return html`<section aria-labelledby="dispositions"><h2 id="dispositions">Dispositions and overrides</h2>
<div class="scroll"><table><caption>What receivers did with the messages</caption>
<thead><tr><th scope="col">disposition</th><th scope="col">messages</th><th scope="col">share</th></tr></thead>
<tbody>${row("none (delivered)", d.none)}${row("quarantine (spam folder)", d.quarantine)}${row("reject (refused)", d.reject)}</tbody></table></div>
${overrides}</section>`;
}

function tlsSection(doc: DmarcDocument): Markup {
  const t = doc.tls;
  if (t === null) return html``;
  const total = t.sessions.successful + t.sessions.failed;
  const policies = t.byPolicy.slice(0, HTML_ROWS);
  return html`<section aria-labelledby="tls"><h2 id="tls">SMTP TLS reports</h2>
<p>${plural(t.reports, "report")}: ${plural(total, "session")}, ${formatCount(t.sessions.failed)} failed (${formatShare(shareOf(t.sessions.failed, total))}).</p>
${
  policies.length === 0
    ? html``
    : html`<div class="scroll"><table><caption>Sessions by policy</caption>
<thead><tr><th scope="col">policy domain</th><th scope="col" class="l">policy type</th><th scope="col">successful</th><th scope="col">failed</th></tr></thead>
<tbody>${policies.map((p) => html`<tr><th scope="row">${p.policyDomain || "-"}</th><td class="l">${p.policyType || "-"}</td><td>${formatCount(p.successful)}</td><td>${formatCount(p.failed)}</td></tr>`)}</tbody></table></div>${more(t.byPolicy.length, policies.length, "policy", "policies")}`
}
${
  t.byFailure.length === 0
    ? html``
    : html`<div class="scroll"><table><caption>Failed sessions by result</caption>
<thead><tr><th scope="col">result</th><th scope="col">sessions</th><th scope="col" class="l">what it means</th><th scope="col" class="l">fix</th></tr></thead>
<tbody>${t.byFailure.slice(0, HTML_ROWS).map((f) => html`<tr><th scope="row">${f.resultType || "(none)"}</th><td>${formatCount(f.count)}</td><td class="l">${f.explanation}</td><td class="l">${f.fix}</td></tr>`)}</tbody></table></div>${more(t.byFailure.length, Math.min(t.byFailure.length, HTML_ROWS), "result type")}`
}
</section>`;
}

function keyTable(caption: string, head: string, list: readonly { key: string; count: number }[]): Markup {
  if (list.length === 0) return html``;
  return html`<div class="scroll"><table><caption>${caption}</caption>
<thead><tr><th scope="col">${head}</th><th scope="col">reports</th></tr></thead>
<tbody>${list.slice(0, HTML_ROWS).map((k) => html`<tr><th scope="row">${k.key}</th><td>${formatCount(k.count)}</td></tr>`)}</tbody></table></div>`;
}

function failuresSection(doc: DmarcDocument): Markup {
  const f = doc.failures;
  if (f === null) return html``;
  const samples = f.samples.slice(0, HTML_ROWS);
  return html`<section aria-labelledby="failures"><h2 id="failures">Failure reports</h2>
<p>${plural(f.reports, "failure report")}.</p>
${keyTable("What failed", "failure", f.byAuthFailure)}
${keyTable("By source IP", "source IP", f.bySourceIp)}
${keyTable("By reported domain", "domain", f.byDomain)}
${
  samples.length === 0
    ? html``
    : html`<div class="scroll"><table><caption>First reports</caption>
<thead><tr><th scope="col">arrival</th><th scope="col" class="l">source IP</th><th scope="col" class="l">failed</th><th scope="col" class="l">domain</th><th scope="col" class="l">From</th><th scope="col" class="l">Subject</th><th scope="col" class="l">delivery</th></tr></thead>
<tbody>${samples.map((s) => html`<tr><th scope="row">${s.arrivalDate ?? "-"}</th><td class="l">${s.sourceIp ?? "-"}</td><td class="l">${s.authFailure ?? "-"}</td><td class="l">${s.reportedDomain ?? "-"}</td><td class="l">${s.original?.from ?? "-"}</td><td class="l">${s.original?.subject ?? "-"}</td><td class="l">${s.deliveryResult ?? "-"}</td></tr>`)}</tbody></table></div>`
}
</section>`;
}

function problemsSection(doc: DmarcDocument): Markup {
  if (doc.problems.length === 0) return html``;
  const shown = doc.problems.slice(0, HTML_PROBLEMS);
  return html`<section aria-labelledby="problems"><h2 id="problems">Problems</h2>
<p>${plural(doc.problems.length, "problem")} met while reading: what was odd, and kept going.</p>
<ul class="problems">${shown.map((p) => html`<li${p.fatal === true ? html` class="fatal"` : html``}>${problemText(p)}</li>`)}</ul>
${more(doc.problems.length, shown.length, "problem")}</section>`;
}

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#1a1a1a;background:#fff;overflow-wrap:break-word}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem;margin-bottom:.25rem}
svg{width:100%;height:auto;display:block}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:right;vertical-align:top;overflow-wrap:break-word}
th[scope=row],caption,.l,th[scope=col]:first-child{text-align:left}th.ip{white-space:nowrap}
tr.src>*{border-bottom:none}tr.fix td{text-align:left;border-bottom:2px solid #ccc;padding-bottom:.6rem;color:#333}
details p{margin:.2rem 0}
@media (max-width:40rem){table.sources,table.sources caption,table.sources tbody,table.sources tr,table.sources th,table.sources td{display:block;text-align:left;border:none;padding:.1rem 0}
table.sources thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.sources tr.src{border-top:2px solid #ccc;padding-top:.5rem}table.sources tr.fix td{border-bottom:none}
table.sources td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
caption{font-weight:600;padding:.5rem 0}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem}
.totals div{border:1px solid #ccc;border-radius:6px;padding:.5rem}.totals b{display:block;font-size:1.4rem}
.card{border:1px solid #ccc;border-left:6px solid #455a64;border-radius:6px;padding:.5rem 1rem}
.verdict{font-size:1.2rem}.badge{color:#fff;border-radius:4px;padding:0 .4rem;font-size:.85rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.4rem;vertical-align:middle}
.rule{color:#555;font-family:ui-monospace,monospace}.more{color:#444;font-style:italic}
.problems li.fatal{color:#8a1c1c}
pre{background:#f3f3f3;padding:.5rem;overflow-x:auto}
code{white-space:pre-wrap;word-break:break-word;background:#f3f3f3;padding:0 .2rem}
a{color:#0b57d0}`;

/**
 * The DMARC document as one self-contained HTML page: no script, no external resource, every document string
 * escaped.
 *
 * @example
 * await writeFile("dmarc.html", renderDmarcHtml(doc));
 */
export function renderDmarcHtml(doc: DmarcDocument): string {
  const d = cleanDocument(doc, HTML_SOURCES_PER_CLASS);
  const domain = d.recommendation.domain;
  const title = domain === "" ? "DMARC report" : `DMARC report for ${domain}`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>
${new Markup(STYLE)}
</style>
</head>
<body>
<header><h1>${title}</h1>
<p>From DMARC aggregate reports${d.period.begin === null ? "" : `, ${formatTime(d.period.begin)} to ${formatTime(d.period.end)}`}, read by bouncewise.</p></header>
<main>
${recommendationSection(d)}
${totalsSection(d)}
${readinessSection(d)}
${volumeSection(d)}
${sourcesSection(d)}
${domainsSection(d)}
${dispositionsSection(d)}
${tlsSection(d)}
${failuresSection(d)}
${problemsSection(d)}
</main>
</body>
</html>
`;
  return page.text;
}
