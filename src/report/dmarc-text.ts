// The result of `bouncewise dmarc` for people at a terminal: the verdict first (the policy to publish next, why, the
// exact record, what to fix before), then totals, the sending sources by classification in aligned columns, domains,
// TLS and failure reports, and the problems met. Pure. Every string of the document may come from a stranger (anyone
// can mail a report to a rua address), so the document is cleaned once on entry: control characters (ANSI escapes
// included) and bidirectional overrides never reach the terminal, and long lists are capped.

import type { Recommendation, SourceAnalysis, SourceRef } from "../core/dmarc/analyze.js";
import type { DmarcDocument } from "../core/dmarc/output.js";
import type { ReportProblem } from "../core/dmarc/types.js";
import { READINESS, type ReadinessRuleId, type SourceClassification } from "../knowledge/dmarc-advice.js";
import type { Paint } from "./text-card.js";

// ---------------------------------------------------------------------------------------------------------------
// Shared with dmarc-html.ts

export const CLASS_ORDER: readonly SourceClassification[] = ["own", "service", "forwarder", "unknown"];

export const CLASS_TITLES: Readonly<Record<SourceClassification, string>> = {
  own: "Your own senders",
  service: "Sending services",
  forwarder: "Forwarders and mailing lists",
  unknown: "Unknown senders (spoofing, or a sender you forgot)",
};

/** How the verdict reads: good (the next step is open, or you are there), wait (not yet), bad (act now). */
export type VerdictTone = "good" | "wait" | "bad";

export const VERDICT_TONES: Readonly<Record<ReadinessRuleId, VerdictTone>> = {
  "readiness.no-data": "wait",
  "readiness.too-few-days": "wait",
  "readiness.step-back": "bad",
  "readiness.fix-first": "wait",
  "readiness.quarantine-ready": "good",
  "readiness.testing-done": "good",
  "readiness.testing-wait": "wait",
  "readiness.quarantine-wait": "wait",
  "readiness.quarantine-fix": "wait",
  "readiness.reject-ready": "good",
  "readiness.at-reject": "good",
};

/** The tone of a readiness rule; an id this version does not know (or "toString") reads as "wait". */
export function toneOf(rule: string): VerdictTone {
  return Object.hasOwn(VERDICT_TONES, rule) ? VERDICT_TONES[rule as ReadinessRuleId] : "wait";
}

/**
 * C0 and C1 controls (ESC starts every ANSI sequence), DEL, and the invisible or direction-changing characters that
 * can make a name read as another (the bidi overrides and isolates of the "Trojan Source" attack, zero-width
 * characters, line and paragraph separators). One character class: linear.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
/** Any one string of the document is cut to this before it is shown (the parsers clip most fields far lower). */
const MAX_STRING = 4096;
const MAX_DEPTH = 16;

/** A string safe to print: whitespace controls become spaces, other unsafe characters "?", clipped. */
export function cleanText(s: string): string {
  const t = s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}...` : s;
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(t)) return t;
  return t.replace(UNSAFE, (c) => (c === "\t" || c === "\n" || c === "\r" ? " " : "?"));
}

/** Cleans every string under `v`; copies an object or array only when something in it changed. */
function cleanValue(v: unknown, depth: number): unknown {
  if (typeof v === "string") return cleanText(v);
  if (typeof v !== "object" || v === null || depth >= MAX_DEPTH) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = cleanValue(x, depth + 1);
      if (y !== x) {
        out ??= v.slice();
        out[i] = y;
      }
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    const y = cleanValue(x, depth + 1);
    if (y !== x) {
      out ??= { ...o };
      // defineProperty: a key named "__proto__" stays a plain key.
      Object.defineProperty(out, k, { value: y, enumerable: true, writable: true, configurable: true });
    }
  }
  return out ?? v;
}

/**
 * The document with every string cleaned (see cleanText); numbers, booleans and the shape are kept. With
 * `sourcesPerClass`, only the first sources of each classification are kept (the renderers show no more, and count
 * the rest from byClassification), so that a document of 100,000 sources is not walked for nothing.
 */
export function cleanDocument(doc: DmarcDocument, sourcesPerClass = Number.POSITIVE_INFINITY): DmarcDocument {
  let sources = doc.sources;
  if (Array.isArray(sources) && sources.length > sourcesPerClass) {
    const kept = new Map<unknown, number>();
    sources = sources.filter((s) => {
      const n = kept.get(s?.classification) ?? 0;
      kept.set(s?.classification, n + 1);
      return n < sourcesPerClass;
    });
  }
  return cleanValue(sources === doc.sources ? doc : { ...doc, sources }, 0) as DmarcDocument;
}

/** Sources of one classification: those kept, and how many there are in all. */
export function sourcesOf(doc: DmarcDocument, c: SourceClassification): { shown: SourceAnalysis[]; total: number } {
  const shown = doc.sources.filter((s) => s.classification === c);
  return { shown, total: Math.max(shown.length, doc.byClassification[c]?.sources ?? 0) };
}

/** A share as a percentage with one decimal, rounded down so that 97.99% never reads as the 98% it misses. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return "-";
  const p = share * 100;
  if (p > 0 && p < 0.1) return "<0.1%";
  if (p > 99.9 && p < 100) return ">99.9%";
  return `${Math.floor(p * 10 + 1e-9) / 10}%`;
}

/** 400018 -> "400,018". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString("en-US") : "-";
}

/** "2025-01-01T00:00:00.000Z" -> "2025-01-01 00:00 UTC"; anything else as it is. */
export function formatTime(iso: string | null): string {
  if (iso === null || iso === "") return "-";
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** What to do, in a few words: "publish p=quarantine", "keep p=none", "step back to p=none". */
export function verdictOf(r: Recommendation): string {
  const target = `p=${r.policy}${r.testing ? " with t=y" : ""}`;
  if (r.rule === "readiness.step-back") return `step back to ${target}`;
  if (r.rule === "readiness.testing-done") return `drop t=y: apply p=${r.policy}`;
  if (r.current === r.policy && r.testing === r.currentTesting) return `keep ${target}`;
  return `publish ${target}`;
}

/** Where the current policy was read, in words. */
export function currentOf(r: Recommendation): string {
  if (r.current === null) return "no policy known (no record given, none in the reports)";
  const from = r.currentFrom === "record" ? "your DNS record" : "the policy the reports saw last";
  return `p=${r.current}${r.currentTesting ? " with t=y" : ""} (${from})`;
}

/** What the record line introduces, by where the record came from. */
export function recordIntro(r: Recommendation): string {
  const at = `_dmarc.${r.domain}`;
  if (r.recordFrom === "unchanged") return `Keep this TXT record at ${at}:`;
  if (r.recordFrom === "current-record") return `Publish this TXT record at ${at} (your record, changed):`;
  if (r.current === r.policy && r.testing === r.currentTesting) return `The TXT record at ${at} should read:`;
  return `Publish this TXT record at ${at}:`;
}

/** "Amazon SES at 192.0.2.1 (a8-49.smtp-out.amazonses.com)" for a blocker or a source to verify. */
export function refName(r: SourceRef, withDomain: boolean): string {
  const who = r.service === undefined ? r.ip : `${r.service} at ${r.ip}`;
  const ptr = r.ptr === null ? "" : ` (${r.ptr})`;
  const from = withDomain ? `, From ${r.headerFrom || "(empty)"}` : "";
  return `${who}${ptr}${from}`;
}

/** The readiness thresholds in words, for the totals and the HTML gauge. */
export const THRESHOLDS_TEXT =
  `p=quarantine needs ${formatShare(READINESS.quarantineMinAlignedShare)} over ${READINESS.minDays} days, ` +
  `p=reject ${formatShare(READINESS.rejectMinAlignedShare)} after ${READINESS.rejectMinDaysAtQuarantine} days at quarantine`;

// ---------------------------------------------------------------------------------------------------------------
// Layout

export interface DmarcTextOptions {
  /** Line width the layout aims at (default 100; 60..240). Columns never exceed it; wrapped texts fill it. */
  readonly width?: number;
}

/** Sources shown per classification; the rest are counted ("N more sources, see --json"). */
export const TEXT_SOURCES_PER_CLASS = 25;
/** Problems shown; the rest are counted. */
export const TEXT_PROBLEMS = 20;
const TEXT_DOMAINS = 25;
const TEXT_POLICY_DOMAINS = 10;
const TEXT_REFS = 10;
const TEXT_TLS_POLICIES = 15;
const TEXT_TLS_FAILURES = 15;
const TEXT_FAILURE_KEYS = 8;
const TEXT_FAILURE_SAMPLES = 5;
const TEXT_ORGS = 6;
const TEXT_POLICIES = 5;

/** Words into lines of at most `width` characters; a word longer than a line is cut. Bounded by the text's length. */
export function wrapText(s: string, width: number): string[] {
  const w = Math.max(8, Math.floor(width));
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(" ")) {
    if (word === "") continue;
    let rest = word;
    while (rest.length > w) {
      if (line !== "") lines.push(line);
      line = "";
      lines.push(rest.slice(0, w));
      rest = rest.slice(w);
    }
    if (rest === "") continue;
    if (line === "") line = rest;
    else if (line.length + 1 + rest.length <= w) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** `first` then the wrapped text, continuation lines indented under the text. */
function wrapped(prefix: string, text: string, width: number, indent = prefix.length): string[] {
  const lines = wrapText(text, width - indent);
  if (lines.length === 0) return [prefix.trimEnd()];
  return lines.map((l, i) => (i === 0 ? `${prefix}${l}` : `${" ".repeat(indent)}${l}`));
}

/** "Title: rest" on one line when it fits, else the title alone and the rest wrapped below it. */
function headed(title: string, rest: string, width: number, paint: Paint): string[] {
  if (title.length + 2 + rest.length <= width) return [`${paint.bold(`${title}:`)} ${rest}`];
  return [...wrapText(`${title}:`, width).map((l) => paint.bold(l)), ...wrapped("  ", rest, width)];
}

/** Wrapped lines ending with a dim tag (a rule id), on the last line when it fits there. */
function withTag(lines: readonly string[], tag: string, width: number, indent: number, paint: Paint): string[] {
  const last = lines.at(-1) ?? "";
  if (last.length + 1 + tag.length <= width) return [...lines.slice(0, -1), `${last} ${paint.dim(tag)}`];
  return [...lines, `${" ".repeat(indent)}${paint.dim(tag)}`];
}

/** Fits a cell into `w` characters: long names keep their end (the registrable domain), other text its start. */
function fitCell(s: string, w: number, keepEnd = false): string {
  if (s.length <= w) return s;
  if (w <= 3) return s.slice(0, w);
  return keepEnd ? `...${s.slice(s.length - w + 3)}` : `${s.slice(0, w - 3)}...`;
}

interface Column {
  readonly title: string;
  readonly max: number;
  readonly right?: boolean;
  readonly keepEnd?: boolean;
  /** Given up first when the row is wider than the line, down to this width (names: they keep their end). */
  readonly min?: number;
}

/** Shrinks the shrinkable columns, widest first, until the row fits `width` or none can give more. */
function shrinkToFit(columns: readonly Column[], widths: number[], width: number, indent: number): void {
  let total = indent + widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total > width) {
    let best = -1;
    for (let i = 0; i < columns.length; i++) {
      const min = columns[i]?.min;
      if (min === undefined || (widths[i] as number) <= min) continue;
      if (best < 0 || (widths[i] as number) > (widths[best] as number)) best = i;
    }
    if (best < 0) return;
    const give = Math.min(total - width, (widths[best] as number) - (columns[best]?.min ?? 0));
    widths[best] = (widths[best] as number) - give;
    total -= give;
  }
}

/** Aligned rows (plain text); `paintCell` colours a cell after padding, so colours never shift the columns. */
function table(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number,
  paintCell: (row: number, col: number, s: string) => string = (_r, _c, s) => s,
  indent = "  ",
): { header: string; lines: string[] } {
  const widths = columns.map((c, i) =>
    Math.min(c.max, Math.max(c.title.length, ...rows.map((r) => (r[i] ?? "").length))),
  );
  shrinkToFit(columns, widths, width, indent.length);
  const pad = (s: string, i: number): string => {
    const c = columns[i] as Column;
    const w = widths[i] as number;
    const f = fitCell(s, w, c.keepEnd === true);
    return c.right === true ? f.padStart(w) : f.padEnd(w);
  };
  const line = (cells: readonly string[], paintOf: (col: number, s: string) => string): string =>
    `${indent}${cells
      .map((s, i) => paintOf(i, pad(s, i)))
      .join("  ")
      .trimEnd()}`;
  return {
    header: line(
      columns.map((c) => c.title),
      (_c, s) => s,
    ),
    lines: rows.map((r, ri) => line(r, (ci, s) => paintCell(ri, ci, s))),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

function tonePaint(r: Recommendation, paint: Paint): (s: string) => string {
  const tone = toneOf(r.rule);
  return tone === "good" ? paint.green : tone === "bad" ? paint.red : paint.yellow;
}

function refLines(
  refs: readonly SourceRef[],
  whole: string,
  numbered: boolean,
  multiDomain: boolean,
  width: number,
  paint: Paint,
): string[] {
  const out: string[] = [];
  refs.slice(0, TEXT_REFS).forEach((r, i) => {
    const mark = numbered ? `  ${i + 1}. ` : "  - ";
    const what =
      `${refName(r, multiDomain)}: ${formatCount(r.unaligned)} of ${plural(r.count, "message")} unaligned ` +
      `(${formatShare(r.share)} of ${whole})`;
    out.push(...wrapped(mark, what, width));
    const prefix = `${" ".repeat(mark.length)}fix: `;
    out.push(...withTag(wrapped(prefix, r.fix, width), r.rule, width, prefix.length, paint));
  });
  if (refs.length > TEXT_REFS) out.push(paint.dim(`  ... ${plural(refs.length - TEXT_REFS, "more source")}`));
  return out;
}

function verdictSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  const r = doc.recommendation;
  const multiDomain = doc.domains.length > 1;
  if (doc.reports === 0 && r.domain === "") {
    return [
      paint.bold("DMARC: no aggregate report was read"),
      ...wrapped(
        "  ",
        "Point bouncewise dmarc at the reports (XML, .xml.gz, .zip, or the mails that carry them, in .eml, mbox or " +
          "Maildir) to see who sends as your domain and when it is safe to enforce.",
        width,
      ),
    ];
  }
  const tone = tonePaint(r, paint);
  const title = `DMARC verdict for ${r.domain || "your domain"}:`;
  const verdict = verdictOf(r);
  const out =
    title.length + 1 + verdict.length <= width
      ? [`${paint.bold(title)} ${tone(paint.bold(verdict))}`]
      : [...wrapText(title, width).map((l) => paint.bold(l)), `  ${tone(paint.bold(verdict))}`];
  out.push(...wrapped("  Now:  ", currentOf(r), width));
  out.push(...wrapped("  Why:  ", r.reason, width));
  out.push(`  ${paint.dim(r.rule)}`);
  if (r.domain !== "") out.push("", paint.bold(recordIntro(r)), `    ${paint.cyan(r.record)}`);
  if (r.blockers.length > 0) {
    out.push("", paint.bold("Fix these first:"));
    out.push(...refLines(r.blockers, "legitimate mail", true, multiDomain, width, paint));
  }
  if (r.alsoFix.length > 0) {
    out.push("", paint.bold("Also worth fixing:"));
    out.push(...refLines(r.alsoFix, "legitimate mail", false, multiDomain, width, paint));
  }
  if (r.verify.length > 0) {
    out.push("", paint.bold("Check these are not yours before enforcing:"));
    out.push(...refLines(r.verify, "all mail", false, multiDomain, width, paint));
  }
  if (r.notes.length > 0) {
    out.push("", paint.bold("Notes:"));
    for (const n of r.notes) out.push(...wrapped("  - ", n, width));
  }
  return out;
}

function totalsSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  const rows: [string, string][] = [];
  const orgs = doc.reportingOrgs;
  rows.push([
    "Reports",
    `${formatCount(doc.reports)} from ${plural(orgs.length, "organisation")}` +
      (doc.duplicates > 0 ? `; ${formatCount(doc.duplicates)} read again, not counted twice` : ""),
  ]);
  rows.push(["Messages", `${formatCount(doc.messages)} in ${plural(doc.records, "record")}`]);
  rows.push([
    "Period",
    doc.period.begin === null
      ? "-"
      : `${formatTime(doc.period.begin)} to ${formatTime(doc.period.end)} (${plural(doc.period.days, "day")} covered)`,
  ]);
  if (orgs.length > 0) {
    const shown = orgs
      .slice(0, TEXT_ORGS)
      .map((o) => `${fitCell(o.name || "(unnamed)", 40)} ${formatCount(o.reports)}`);
    const more = orgs.length - TEXT_ORGS;
    rows.push(["Reporting orgs", `${shown.join(", ")}${more > 0 ? `, and ${formatCount(more)} more` : ""}`]);
  }
  rows.push([
    "Aligned",
    doc.messages === 0
      ? "no messages yet"
      : `${formatShare(doc.alignedShare)} of all mail; ` +
        (doc.legitimateAlignedShare === null
          ? "no legitimate mail seen"
          : `${formatShare(doc.legitimateAlignedShare)} of legitimate mail (${plural(doc.recommendation.legitimateMessages, "message")})`),
  ]);
  rows.push(["Thresholds", THRESHOLDS_TEXT]);
  const d = doc.dispositions;
  rows.push([
    "Applied",
    `none ${formatCount(d.none)}, quarantine ${formatCount(d.quarantine)}, reject ${formatCount(d.reject)}`,
  ]);
  if (doc.overrides.length > 0) {
    rows.push(["Overrides", doc.overrides.map((o) => `${o.type || "(empty)"} ${formatCount(o.count)}`).join(", ")]);
  }
  if (doc.policies.length > 0) {
    const shown = doc.policies.slice(0, TEXT_POLICIES).map((p) => {
      const tags = [
        `p=${p.p ?? "?"}`,
        p.sp === null ? "" : `sp=${p.sp}`,
        p.np === null ? "" : `np=${p.np}`,
        p.adkim === null ? "" : `adkim=${p.adkim}`,
        p.aspf === null ? "" : `aspf=${p.aspf}`,
        p.pct === null ? "" : `pct=${p.pct}`,
        p.testing === null ? "" : `t=${p.testing}`,
      ].filter((t) => t !== "");
      return `${p.domain || "(no domain)"} ${tags.join(" ")} (${plural(p.reports, "report")}, ${plural(p.days, "day")})`;
    });
    const more = doc.policies.length - TEXT_POLICIES;
    rows.push(["Policies seen", `${shown.join("; ")}${more > 0 ? `; and ${formatCount(more)} more` : ""}`]);
  }
  const label = Math.max(...rows.map(([k]) => k.length)) + 2;
  const out = [paint.bold("Totals")];
  for (const [k, v] of rows) out.push(...wrapped(`  ${k.padEnd(label)}`, v, width));
  return out;
}

function shareColour(share: number, paint: Paint): (s: string) => string {
  return share >= 1 ? paint.green : share <= 0 ? paint.red : paint.yellow;
}

function sourcesSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  const out = [paint.bold("Sources by classification")];
  if (doc.sources.length === 0) out.push("  No sending source in the reports.");
  const multiDomain = doc.domains.length > 1;
  for (const c of CLASS_ORDER) {
    const { shown: of, total } = sourcesOf(doc, c);
    if (of.length === 0) continue;
    const t = doc.byClassification[c];
    out.push(
      "",
      ...headed(
        CLASS_TITLES[c],
        `${plural(t.sources, "source")}, ${plural(t.messages, "message")}, ` +
          `${formatShare(t.messages > 0 ? t.dmarcPass / t.messages : 0)} aligned`,
        width,
        paint,
      ),
    );
    const shown = of.slice(0, TEXT_SOURCES_PER_CLASS);
    const columns: Column[] = [
      { title: "IP", max: 39, min: 15 },
      ...(multiDomain ? [{ title: "From", max: 28, keepEnd: true, min: 12 }] : []),
      { title: "PTR / base domain", max: 36, keepEnd: true, min: 17 },
      { title: "Service", max: 18, min: 7 },
      { title: "Messages", max: 14, right: true },
      { title: "DMARC", max: 6, right: true },
      { title: "SPF/DKIM", max: 13, right: true },
    ];
    const rows = shown.map((s) => [
      s.ip || "(no IP)",
      ...(multiDomain ? [s.headerFrom || "(empty)"] : []),
      ptrCell(s),
      s.service ?? "-",
      formatCount(s.count),
      formatShare(s.alignedShare),
      `${formatShare(s.spf.pass)}/${formatShare(s.dkim.pass)}`,
    ]);
    const dmarcCol = columns.length - 2;
    const tbl = table(columns, rows, width, (ri, ci, s) =>
      ci === dmarcCol ? shareColour((shown[ri] as SourceAnalysis).alignedShare, paint)(s) : s,
    );
    out.push(paint.dim(tbl.header));
    shown.forEach((s, i) => {
      out.push(tbl.lines[i] as string);
      out.push(...withTag(wrapped("      fix: ", s.fix, width), s.rule, width, 11, paint));
    });
    if (total > shown.length) out.push(paint.dim(`  ${plural(total - shown.length, "more source")}, see --json`));
  }
  const o = doc.omitted;
  if (o.records > 0) {
    out.push(
      "",
      ...wrapped(
        "  ",
        `${plural(o.records, "record")} (${plural(o.messages, "message")}, ${formatShare(o.messages > 0 ? o.dmarcPass / o.messages : 0)} aligned) ` +
          "came from more distinct sources than are analysed one by one: they count in the totals only.",
        width,
      ),
    );
  }
  return out;
}

function ptrCell(s: SourceAnalysis): string {
  if (s.ptr !== null) return s.ptr;
  if (s.ptrError !== undefined) return `(no PTR: ${s.ptrError.toLowerCase()})`;
  return "(not looked up)";
}

function domainsSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  const out: string[] = [];
  if (doc.domains.length > 1) {
    out.push(paint.bold("By From domain"));
    const shown = doc.domains.slice(0, TEXT_DOMAINS);
    const tbl = table(
      [
        { title: "Domain", max: 40, keepEnd: true, min: 14 },
        { title: "Messages", max: 14, right: true },
        { title: "Aligned", max: 7, right: true },
        { title: "Sources", max: 9, right: true },
        { title: "Own", max: 12, right: true },
        { title: "Service", max: 12, right: true },
        { title: "Forwarder", max: 12, right: true },
        { title: "Unknown", max: 12, right: true },
      ],
      shown.map((d) => [
        d.domain || "(empty)",
        formatCount(d.messages),
        formatShare(d.alignedShare),
        formatCount(d.sources),
        ...CLASS_ORDER.map((c) => formatCount(d.byClassification[c].messages)),
      ]),
      width,
    );
    out.push(paint.dim(tbl.header), ...tbl.lines);
    if (doc.domains.length > shown.length)
      out.push(paint.dim(`  ${plural(doc.domains.length - shown.length, "more domain")}, see --json`));
  }
  const others = doc.policyDomains.filter((p) => p.domain !== doc.recommendation.domain);
  if (others.length > 0) {
    if (out.length > 0) out.push("");
    out.push(paint.bold("Other policy domains"));
    for (const p of others.slice(0, TEXT_POLICY_DOMAINS)) {
      const r = p.recommendation;
      out.push(
        ...wrapped(
          "  ",
          `${p.domain || "(no domain)"}: ${verdictOf(r)}; ${plural(p.messages, "message")}, ${formatShare(p.alignedShare)} aligned`,
          width,
        ),
      );
      out.push(...wrapped("    why: ", r.reason, width));
      if (p.domain !== "") out.push(`    record: ${paint.cyan(r.record)}`);
    }
    if (others.length > TEXT_POLICY_DOMAINS)
      out.push(paint.dim(`  ${plural(others.length - TEXT_POLICY_DOMAINS, "more policy domain")}, see --json`));
  }
  return out;
}

function tlsSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  const t = doc.tls;
  if (t === null) return [];
  const total = t.sessions.successful + t.sessions.failed;
  const out = headed(
    "SMTP TLS reports",
    `${plural(t.reports, "report")}, ${plural(total, "session")}, ` +
      `${formatCount(t.sessions.failed)} failed (${formatShare(total > 0 ? t.sessions.failed / total : 0)})`,
    width,
    paint,
  );
  if (t.byPolicy.length > 0) {
    const shown = t.byPolicy.slice(0, TEXT_TLS_POLICIES);
    const tbl = table(
      [
        { title: "Policy", max: 16, min: 6 },
        { title: "Domain", max: 40, keepEnd: true, min: 14 },
        { title: "Successful", max: 14, right: true },
        { title: "Failed", max: 14, right: true },
      ],
      shown.map((p) => [p.policyType || "-", p.policyDomain || "-", formatCount(p.successful), formatCount(p.failed)]),
      width,
      (ri, ci, s) => (ci === 3 && (shown[ri]?.failed ?? 0) > 0 ? paint.red(s) : s),
    );
    out.push(paint.dim(tbl.header), ...tbl.lines);
    if (t.byPolicy.length > shown.length)
      out.push(paint.dim(`  ${plural(t.byPolicy.length - shown.length, "more policy", "more policies")}, see --json`));
  }
  if (t.byFailure.length > 0) {
    out.push("", paint.bold("Failed sessions by result:"));
    for (const f of t.byFailure.slice(0, TEXT_TLS_FAILURES)) {
      out.push(`  ${paint.yellow(f.resultType || "(none)")} ${formatCount(f.count)}`);
      out.push(...wrapped("    means: ", f.explanation, width));
      out.push(...wrapped("    fix:   ", f.fix, width));
    }
    if (t.byFailure.length > TEXT_TLS_FAILURES)
      out.push(paint.dim(`  ${plural(t.byFailure.length - TEXT_TLS_FAILURES, "more result type")}, see --json`));
  }
  return out;
}

function keyList(list: readonly { readonly key: string; readonly count: number }[]): string {
  const shown = list.slice(0, TEXT_FAILURE_KEYS).map((k) => `${fitCell(k.key, 60)} ${formatCount(k.count)}`);
  const more = list.length - TEXT_FAILURE_KEYS;
  return `${shown.join(", ")}${more > 0 ? `, and ${formatCount(more)} more` : ""}` || "-";
}

function failuresSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  const f = doc.failures;
  if (f === null) return [];
  const out = [`${paint.bold("Failure reports")}: ${formatCount(f.reports)}`];
  out.push(...wrapped("  What failed: ", keyList(f.byAuthFailure), width));
  out.push(...wrapped("  Source IPs:  ", keyList(f.bySourceIp), width));
  out.push(...wrapped("  Domains:     ", keyList(f.byDomain), width));
  if (f.samples.length > 0) {
    out.push("  First reports:");
    for (const s of f.samples.slice(0, TEXT_FAILURE_SAMPLES)) {
      const parts = [
        s.arrivalDate ?? "",
        s.sourceIp ?? "",
        s.authFailure === undefined ? "" : `${s.authFailure} failed`,
        s.reportedDomain === undefined ? "" : `for ${s.reportedDomain}`,
        s.original?.from === undefined ? "" : `From ${s.original.from}`,
        s.original?.subject === undefined ? "" : `Subject "${fitCell(s.original.subject, 80)}"`,
      ].filter((x) => x !== "");
      out.push(...wrapped("    - ", parts.join(", ") || "(nothing readable)", width));
    }
  }
  return out;
}

export function problemText(p: ReportProblem): string {
  const where = `${p.file === undefined || p.file === "" ? "(input)" : p.file}${p.record === undefined ? "" : ` record ${p.record}`}`;
  return `${where}: ${p.code}: ${p.message}${p.fatal === true ? " (nothing could be read)" : ""}`;
}

function problemsSection(doc: DmarcDocument, width: number, paint: Paint): string[] {
  if (doc.problems.length === 0) return [];
  const out = [`${paint.bold("Problems")}: ${formatCount(doc.problems.length)}`];
  for (const p of doc.problems.slice(0, TEXT_PROBLEMS)) {
    const lines = wrapped("  ", problemText(p), width, 4);
    out.push(...(p.fatal === true ? lines.map((l) => paint.yellow(l)) : lines));
  }
  if (doc.problems.length > TEXT_PROBLEMS)
    out.push(paint.dim(`  ${plural(doc.problems.length - TEXT_PROBLEMS, "more problem")}, see --json`));
  return out;
}

/**
 * The DMARC document as text for a terminal: verdict, totals, sources by classification, domains, TLS and failure
 * reports, problems. With NO_PAINT the output is plain text without escape codes; it ends with a newline.
 *
 * @example
 * const text = renderDmarcText(doc, NO_PAINT, { width: 100 });
 */
export function renderDmarcText(doc: DmarcDocument, paint: Paint, options: DmarcTextOptions = {}): string {
  const width = Math.min(240, Math.max(60, Math.floor(options.width ?? 100)));
  const d = cleanDocument(doc, TEXT_SOURCES_PER_CLASS);
  const sections = [
    verdictSection(d, width, paint),
    totalsSection(d, width, paint),
    sourcesSection(d, width, paint),
    domainsSection(d, width, paint),
    tlsSection(d, width, paint),
    failuresSection(d, width, paint),
    problemsSection(d, width, paint),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}
