// DMARC page: aggregate reports uploaded (POST /api/dmarc, multipart) or read from the store
// (GET /api/dmarc/report?since=), shown as the `bouncewise dmarc --json` document: who sends as the domain, how much
// of it is aligned, how ready the domain is for quarantine or reject, and the record to publish.

import "../style.css";
import { ApiFailure, getJson, uploadFiles } from "../api.js";
import { barsChart, type SeriesDef } from "../charts.js";
import { byId, type Child, fill, h } from "../dom.js";
import { num, pct, utc } from "../format.js";
import { dataTable } from "../table.js";
import type { DmarcDocument } from "../types.js";
import { uploadArea } from "../upload.js";

type Recommendation = DmarcDocument["recommendation"];
type SourceRef = Recommendation["blockers"][number];

const status = byId("dmarc-status");
const uploadStatus = byId("dmarc-upload-status");
const results = byId("dmarc-results");
const since = byId<HTMLSelectElement>("dmarc-since");

const CLASS_TEXT: Readonly<Record<string, string>> = {
  own: "Your own servers",
  service: "Sending services",
  forwarder: "Forwarders",
  unknown: "Not recognised",
};

const PASS_FAIL: readonly SeriesDef[] = [
  { key: "pass", label: "passed DMARC", cls: "o-pass" },
  { key: "fail", label: "failed DMARC", cls: "o-fail" },
];

const isoText = (iso: string | null) => (iso === null ? "-" : utc(Date.parse(iso)));

function errorOf(e: unknown, what: string): string {
  if (e instanceof ApiFailure && e.status === 404 && e.code === "not_found" && e.message.startsWith("no route")) {
    return "This bouncewise server has no DMARC endpoint (POST /api/dmarc, GET /api/dmarc/report): update it to use this page.";
  }
  return e instanceof ApiFailure ? e.message : `${what} failed unexpectedly.`;
}

function copyButton(text: string, label: string): HTMLButtonElement {
  const b = h("button", { type: "button" }, label);
  b.addEventListener("click", () => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        b.textContent = "Copied";
        setTimeout(() => {
          b.textContent = label;
        }, 1500);
      },
      () => undefined,
    );
  });
  return b;
}

function sourceCell(ip: string, ptr: string | null): Child {
  return ptr === null ? ip : [ip, h("br"), h("span", { class: "why" }, ptr)];
}

function kindOf(classification: string, service: string | undefined): string {
  return `${CLASS_TEXT[classification] ?? classification}${service === undefined ? "" : ` (${service})`}`;
}

function refTable(id: string, caption: string, refs: readonly SourceRef[]): HTMLElement[] | null {
  if (refs.length === 0) return null;
  return [
    h("h3", null, caption),
    dataTable({
      id,
      caption,
      captionHidden: true,
      columns: [
        { label: "Source" },
        { label: "From domain" },
        { label: "Kind" },
        { label: "Failing messages", numeric: true },
        { label: "Share", numeric: true },
        { label: "What to do" },
      ],
      rows: refs.map((r) => ({
        cells: [
          sourceCell(r.ip, r.ptr),
          r.headerFrom,
          kindOf(r.classification, r.service),
          num(r.unaligned),
          pct(r.share),
          r.fix,
        ],
      })),
    }),
  ];
}

function readiness(rec: Recommendation): HTMLElement {
  const next = rec.policy;
  const current = rec.current ?? "none published";
  return h(
    "section",
    { "aria-labelledby": "readiness-title", id: "readiness" },
    h("h2", { id: "readiness-title" }, `Readiness of ${rec.domain}`),
    h(
      "p",
      null,
      "Current policy: ",
      h("strong", null, `p=${current}${rec.currentTesting ? " (testing)" : ""}`),
      next === rec.current ? ". Next step: keep " : ". Next step: ",
      h("strong", { id: "next-policy" }, `p=${next}`),
      next === rec.current ? " for now." : ".",
    ),
    h("p", null, rec.reason),
    h(
      "p",
      null,
      rec.legitimateAlignedShare === null
        ? "No legitimate mail seen yet."
        : `${pct(rec.legitimateAlignedShare)} of your legitimate mail (${num(rec.legitimateMessages)} messages) passed DMARC, over ${rec.days} day${rec.days === 1 ? "" : "s"} of reports.`,
    ),
    h("h3", null, rec.recordFrom === "unchanged" ? "Your record (keep it)" : "The record to publish"),
    h("p", null, "At ", h("code", null, `_dmarc.${rec.domain}`), " (TXT):"),
    h("pre", { id: "recommended-record" }, rec.record),
    h("div", { class: "actions" }, copyButton(rec.record, "Copy the record")),
    rec.notes.length === 0
      ? null
      : h(
          "ul",
          null,
          rec.notes.map((n) => h("li", null, n)),
        ),
    refTable("blockers", "Fix these before the next step", rec.blockers),
    refTable("also-fix", "Also worth fixing", rec.alsoFix),
    refTable("verify", "Check these are not yours before enforcing", rec.verify),
  );
}

function alignment(doc: DmarcDocument): HTMLElement {
  const rows = (["own", "service", "forwarder", "unknown"] as const).map((k) => {
    const c = doc.byClassification[k];
    return { key: k, ...c };
  });
  const width = results.clientWidth;
  return h(
    "section",
    { "aria-labelledby": "alignment-title" },
    h("h2", { id: "alignment-title" }, "Alignment by kind of sender"),
    barsChart(
      "Messages that passed and failed DMARC",
      rows
        .filter((r) => r.messages > 0)
        .map((r) => ({
          label: CLASS_TEXT[r.key] ?? r.key,
          values: { pass: r.dmarcPass, fail: r.messages - r.dmarcPass },
        })),
      width,
      PASS_FAIL,
      "No messages.",
    ),
    dataTable({
      id: "alignment",
      caption: "Alignment by kind of sender",
      captionHidden: true,
      columns: [
        { label: "Kind" },
        { label: "Sources", numeric: true },
        { label: "Messages", numeric: true },
        { label: "Passed DMARC", numeric: true },
      ],
      rows: rows.map((r) => ({
        cells: [
          CLASS_TEXT[r.key] ?? r.key,
          num(r.sources),
          num(r.messages),
          r.messages === 0 ? "-" : pct(r.dmarcPass / r.messages),
        ],
      })),
    }),
  );
}

function sources(doc: DmarcDocument): HTMLElement {
  const shown = doc.sources.slice(0, 200);
  return h(
    "section",
    { "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title" }, "Sources"),
    h(
      "p",
      null,
      `${num(doc.sources.length)} source${doc.sources.length === 1 ? "" : "s"} (an IP sending with one From domain), busiest first.`,
    ),
    dataTable({
      id: "sources",
      caption: "Sources, busiest first",
      captionHidden: true,
      columns: [
        { label: "Source" },
        { label: "From domain" },
        { label: "Kind" },
        { label: "Messages", numeric: true },
        { label: "DMARC pass", numeric: true },
        { label: "SPF aligned", numeric: true },
        { label: "DKIM aligned", numeric: true },
        { label: "What to do" },
      ],
      rows: shown.map((src) => ({
        attrs: { "data-classification": src.classification },
        cells: [
          sourceCell(src.ip, src.ptr),
          src.headerFrom,
          kindOf(src.classification, src.service),
          num(src.count),
          pct(src.alignedShare),
          pct(src.spf.pass),
          pct(src.dkim.pass),
          src.fix,
        ],
      })),
    }),
    doc.sources.length > shown.length ? h("p", { class: "help" }, `The first ${shown.length} are shown.`) : null,
  );
}

function extras(doc: DmarcDocument): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (doc.policyDomains.length > 1) {
    out.push(
      h(
        "section",
        { "aria-labelledby": "domains-title" },
        h("h2", { id: "domains-title" }, "Each policy domain"),
        dataTable({
          caption: "Each policy domain",
          captionHidden: true,
          columns: [
            { label: "Domain" },
            { label: "Messages", numeric: true },
            { label: "Passed DMARC", numeric: true },
            { label: "Published" },
            { label: "Next step" },
          ],
          rows: doc.policyDomains.map((d) => ({
            cells: [
              d.domain,
              num(d.messages),
              pct(d.alignedShare),
              d.published === null || d.published.p === null ? "-" : `p=${d.published.p}`,
              `p=${d.recommendation.policy}`,
            ],
          })),
        }),
      ),
    );
  }
  if (doc.tls !== null) {
    const t = doc.tls;
    out.push(
      h(
        "section",
        { "aria-labelledby": "tls-title" },
        h("h2", { id: "tls-title" }, "SMTP TLS reports"),
        h(
          "p",
          null,
          `${num(t.reports)} report${t.reports === 1 ? "" : "s"}: ${num(t.sessions.successful)} sessions succeeded, ${num(t.sessions.failed)} failed.`,
        ),
        t.byFailure.length === 0
          ? null
          : h(
              "ul",
              null,
              t.byFailure.map((f) =>
                h(
                  "li",
                  null,
                  h("strong", null, `${f.resultType} (${num(f.count)}): `),
                  f.explanation,
                  h("br"),
                  h("span", { class: "why" }, `Fix: ${f.fix}`),
                ),
              ),
            ),
      ),
    );
  }
  if (doc.failures !== null) {
    const f = doc.failures;
    out.push(
      h(
        "section",
        { "aria-labelledby": "failures-title" },
        h("h2", { id: "failures-title" }, "Failure reports"),
        h(
          "p",
          null,
          `${num(f.reports)} report${f.reports === 1 ? "" : "s"}; what failed: ${f.byAuthFailure.map((x) => `${x.key} (${num(x.count)})`).join(", ")}.`,
        ),
      ),
    );
  }
  if (doc.problems.length > 0) {
    out.push(
      h(
        "details",
        null,
        h("summary", null, `${doc.problems.length} problem${doc.problems.length === 1 ? "" : "s"} met while reading`),
        h(
          "ul",
          null,
          doc.problems
            .slice(0, 100)
            .map((p) => h("li", null, `${p.file === undefined ? "" : `${p.file}: `}${p.message}`)),
        ),
      ),
    );
  }
  return out;
}

function show(doc: DmarcDocument, from: string): void {
  if (doc.reports === 0) {
    fill(
      results,
      h(
        "section",
        { class: "empty", id: "dmarc-empty" },
        h("h2", null, "No aggregate reports"),
        h(
          "p",
          null,
          from === "upload"
            ? "No DMARC aggregate report was found in these files."
            : "None stored for this period. Upload the reports your rua= address receives (XML, .gz or .zip, or the emails that carry them).",
        ),
      ),
      extras(doc),
    );
    return;
  }
  const tile = (value: string, label: string) => h("div", null, h("b", null, value), label);
  fill(
    results,
    h(
      "section",
      { "aria-labelledby": "dmarc-summary-title" },
      h("h2", { id: "dmarc-summary-title" }, "Summary"),
      h(
        "div",
        { class: "tiles", id: "dmarc-totals" },
        tile(num(doc.reports), "reports"),
        tile(num(doc.messages), "messages"),
        tile(pct(doc.alignedShare), "passed DMARC"),
        tile(doc.legitimateAlignedShare === null ? "-" : pct(doc.legitimateAlignedShare), "of legitimate mail passed"),
        tile(num(doc.period.days), "days of reports"),
      ),
      h(
        "p",
        { class: "help" },
        `From ${isoText(doc.period.begin)} to ${isoText(doc.period.end)}; reported by ${doc.reportingOrgs
          .slice(0, 8)
          .map((o) => o.name)
          .join(", ")}${doc.reportingOrgs.length > 8 ? " and others" : ""}.`,
      ),
      doc.duplicates > 0
        ? h(
            "p",
            { class: "help" },
            `${num(doc.duplicates)} report${doc.duplicates === 1 ? " was" : "s were"} already stored.`,
          )
        : null,
    ),
    readiness(doc.recommendation),
    alignment(doc),
    sources(doc),
    extras(doc),
  );
}

const upload = uploadArea({
  id: "dmarc",
  label: "Drop aggregate reports here, or choose them",
  help: "DMARC aggregate reports as XML, .xml.gz or .zip, or the emails that carry them; SMTP TLS and failure reports are read too.",
  onFiles: (files) => void send(files),
});
byId("dmarc-upload-slot").append(upload.element);

async function send(files: File[]): Promise<void> {
  upload.start();
  uploadStatus.textContent = `Uploading ${files.length} file${files.length === 1 ? "" : "s"}…`;
  results.setAttribute("aria-busy", "true");
  try {
    const doc = await uploadFiles<DmarcDocument>("/api/dmarc", files, (l, t) => upload.progress(l, t));
    upload.done(true);
    show(doc, "upload");
    uploadStatus.textContent = `Read ${num(doc.reports)} aggregate report${doc.reports === 1 ? "" : "s"} (${num(doc.messages)} messages).`;
  } catch (e) {
    upload.done(false);
    uploadStatus.replaceChildren(h("span", { class: "error" }, errorOf(e, "The upload")));
  } finally {
    results.removeAttribute("aria-busy");
  }
}

async function stored(): Promise<void> {
  status.textContent = "Reading the stored reports…";
  results.setAttribute("aria-busy", "true");
  try {
    const q = since.value === "" ? "" : `?since=${encodeURIComponent(since.value)}`;
    const doc = await getJson<DmarcDocument>(`/api/dmarc/report${q}`);
    show(doc, "store");
    status.textContent = `${num(doc.reports)} stored report${doc.reports === 1 ? "" : "s"}, ${num(doc.messages)} messages.`;
  } catch (e) {
    status.replaceChildren(h("span", { class: "error" }, errorOf(e, "Reading the stored reports")));
  } finally {
    results.removeAttribute("aria-busy");
  }
}

byId<HTMLFormElement>("dmarc-stored-form").addEventListener("submit", (e) => {
  e.preventDefault();
  void stored();
});
void stored();
