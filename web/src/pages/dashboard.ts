// Dashboard over the store: totals, charts (over time by outcome, by provider, by reason), the findings with their
// scope and priority, the action plan and the suppression list (CSV download); uploads to POST /api/ingest with
// progress, and the demo dataset loaded and removed with one click each.

import "../style.css";
import { ApiFailure, call, getJson, sendJson, storedToken, uploadFiles } from "../api.js";
import { barsChart, timelineChart } from "../charts.js";
import { byId, fill, h } from "../dom.js";
import { num, PRIORITY_LABEL, pct, RETRY_TEXT, SCOPE_TEXT, utc } from "../format.js";
import { dataTable } from "../table.js";
import type { DemoResponse, IngestResponse, Report, Suppression } from "../types.js";
import { uploadArea } from "../upload.js";

const period = byId<HTMLSelectElement>("period");
const status = byId("dashboard-status");
const board = byId("dashboard");
const uploadStatus = byId("upload-status");
const demoStatus = byId("demo-status");
const demoLoad = byId<HTMLButtonElement>("demo-load");
const demoRemove = byId<HTMLButtonElement>("demo-remove");

let current: { report: Report; suppressions: Suppression[] } | null = null;

function query(extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  if (period.value !== "") q.set("since", period.value);
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}

const errorText = (e: unknown, what: string) => (e instanceof ApiFailure ? e.message : `${what} failed unexpectedly.`);

function chartWidth(): number {
  const w = board.clientWidth;
  // Two charts side by side on wide screens (see .charts in style.css).
  return w >= 900 ? (w - 16) / 2 : w;
}

function tiles(r: Report): HTMLElement {
  const t = r.totals;
  const tile = (value: string, label: string) => h("div", null, h("b", null, value), label);
  return h(
    "section",
    { "aria-labelledby": "totals-title" },
    h("h2", { id: "totals-title", class: "visually-hidden" }, "Totals"),
    h(
      "div",
      { class: "tiles", id: "totals" },
      tile(num(t.total), "events"),
      tile(num(t.delivered), "delivered"),
      tile(num(t.deferred), "deferred"),
      tile(num(t.bounced), "bounced"),
      tile(num(t.complained), "complaints"),
      tile(pct(t.bounceRate), "bounce rate"),
      tile(pct(t.complaintRate), "complaint rate"),
    ),
    h("p", { class: "help" }, `From ${utc(r.firstSeen)} to ${utc(r.lastSeen)}.`),
  );
}

function charts(r: Report): HTMLElement {
  const width = chartWidth();
  // The providers' names, as the findings give them ("google" -> "Google (Gmail and Workspace)").
  const names = new Map<string, string>();
  for (const f of r.findings) for (const p of f.providers) if (p.provider !== null) names.set(p.provider, p.name);
  const failuresByReason = r.byReason
    .filter((x) => x.key !== null)
    .map((x) => ({ label: x.key as string, values: x }))
    .slice(0, 8);
  return h(
    "section",
    { "aria-labelledby": "charts-title" },
    h("h2", { id: "charts-title" }, "Bounces over time and where"),
    h(
      "div",
      { class: "charts", id: "charts" },
      timelineChart(
        "Over time, by outcome",
        r.timeline.rows.map((x) => ({ time: Number(x.key), label: utc(Number(x.key)), values: x })),
        r.timeline.bucketMs,
        width,
      ),
      barsChart(
        "By mailbox provider",
        r.byProvider
          .slice(0, 8)
          .map((x) => ({ label: x.key === null ? "other" : (names.get(x.key) ?? x.key), values: x })),
        width,
      ),
      barsChart("Failures by reason", failuresByReason, width, undefined, "No failures."),
    ),
  );
}

function findings(r: Report): HTMLElement {
  const section = h("section", { "aria-labelledby": "findings-title" }, h("h2", { id: "findings-title" }, "Findings"));
  if (r.findings.length === 0) {
    section.append(h("p", null, "No failures: nothing to fix."));
    return section;
  }
  section.append(
    dataTable({
      id: "findings",
      caption: "Findings, most urgent first",
      captionHidden: true,
      columns: [
        { label: "Finding" },
        { label: "Priority" },
        { label: "Scope" },
        { label: "Events", numeric: true },
        { label: "Addresses", numeric: true },
        { label: "Providers" },
        { label: "Why and what to do" },
      ],
      rows: r.findings.map((f) => ({
        attrs: { id: `finding-${f.id}`, "data-finding": f.id },
        cells: [
          [h("code", null, f.reason), " ", h("span", { class: "why" }, f.kind)],
          h("span", { class: `badge ${f.priority}` }, PRIORITY_LABEL[f.priority] ?? f.priority),
          h("span", { "data-scope": f.scope }, SCOPE_TEXT[f.scope] ?? f.scope),
          num(f.count),
          num(f.recipients),
          f.providers.map((p) => `${p.name} (${num(p.count)})`).join(", "),
          [
            h("p", null, `${f.why.charAt(0).toUpperCase()}${f.why.slice(1)}.`),
            h(
              "details",
              null,
              h("summary", null, "Details"),
              h("p", null, f.meaning),
              f.providerMeaning === null || f.providerMeaning === f.meaning
                ? null
                : h("p", null, h("strong", null, "The provider says: "), f.providerMeaning),
              h("p", null, h("strong", null, "Retry: "), RETRY_TEXT[f.retry] ?? f.retry),
              f.actions.length === 0
                ? null
                : h(
                    "ol",
                    null,
                    f.actions.map((a) => h("li", null, a)),
                  ),
              f.examples.length === 0
                ? null
                : h(
                    "ul",
                    null,
                    f.examples.map((e) => h("li", null, h("code", null, (e.text ?? e.status ?? "-").slice(0, 300)))),
                  ),
              f.domains.length === 0
                ? null
                : h(
                    "p",
                    null,
                    `Domains: ${f.domains.map((d) => `${d.domain ?? "(none)"} (${num(d.count)})`).join(", ")}`,
                  ),
            ),
          ],
        ],
      })),
    }),
  );
  return section;
}

function plan(r: Report): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "plan-title" },
    h("h2", { id: "plan-title" }, "Action plan"),
    r.actionPlan.length === 0
      ? h("p", null, "Nothing to fix.")
      : h(
          "ol",
          { class: "plan", id: "plan" },
          r.actionPlan.map((s) =>
            h(
              "li",
              null,
              h("span", { class: `badge ${s.priority}` }, PRIORITY_LABEL[s.priority] ?? s.priority),
              " ",
              h("a", { href: `#finding-${s.finding}` }, s.finding),
              ` (${SCOPE_TEXT[s.scope] ?? s.scope}): ${s.fix}`,
              h("br"),
              h("span", { class: "why" }, `Then: ${s.retest}.`),
            ),
          ),
        ),
  );
}

function csvLink(): HTMLAnchorElement {
  const href = `/api/suppressions${query({ format: "csv" })}`;
  const a = h("a", { class: "button", id: "suppressions-csv", href, download: "suppressions.csv" }, "Download CSV");
  // With a token the plain link would be refused: fetch it with the token and save the answer.
  a.addEventListener("click", (e) => {
    if (storedToken() === null) return;
    e.preventDefault();
    void call(href, { headers: { accept: "text/csv" } })
      .then((res) => res.blob())
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        const tmp = h("a", { href: url, download: "suppressions.csv" });
        document.body.append(tmp);
        tmp.click();
        tmp.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      })
      .catch((err: unknown) => {
        status.replaceChildren(h("span", { class: "error" }, errorText(err, "The download")));
      });
  });
  return a;
}

function suppressions(list: readonly Suppression[]): HTMLElement {
  const shown = list.slice(0, 25);
  return h(
    "section",
    { "aria-labelledby": "suppressions-title" },
    h("h2", { id: "suppressions-title" }, "Suppression list"),
    h(
      "p",
      null,
      list.length === 0
        ? "No address to suppress."
        : `${num(list.length)} address${list.length === 1 ? "" : "es"} to stop sending to (hard bounces, complaints, repeated soft bounces).`,
    ),
    list.length === 0 ? null : h("div", { class: "actions" }, csvLink()),
    list.length === 0
      ? null
      : dataTable({
          id: "suppressions",
          caption: list.length > shown.length ? `The first ${shown.length} of ${list.length}` : "Suppression list",
          captionHidden: true,
          columns: [
            { label: "Address" },
            { label: "Cause" },
            { label: "Reason" },
            { label: "Count", numeric: true },
            { label: "Last seen" },
          ],
          rows: shown.map((s) => ({
            cells: [s.recipient, s.cause, s.reason ?? "-", num(s.count), utc(s.lastSeen)],
          })),
        }),
    list.length > shown.length
      ? h("p", { class: "help" }, `The first ${shown.length} are shown; the CSV has all ${num(list.length)}.`)
      : null,
  );
}

function emptyState(): HTMLElement {
  return h(
    "section",
    { class: "empty", id: "empty-state", "aria-labelledby": "empty-title" },
    h("h2", { id: "empty-title" }, period.value === "" ? "No data yet" : "Nothing in this period"),
    h(
      "p",
      null,
      period.value === ""
        ? "Add bounce emails (an mbox or .eml files), mail server logs (Postfix, Exim) or exports from your sending platform (SES, SendGrid, Mailgun, Postmark, SparkPost) below, or load the demo data to see what this page shows."
        : "Choose a longer period, or add data below.",
    ),
    h("p", null, h("a", { href: "#add-data-title" }, "Go to Add data")),
  );
}

function render(): void {
  if (current === null) return;
  const { report, suppressions: list } = current;
  if (report.totals.total === 0) {
    fill(board, emptyState());
    return;
  }
  fill(board, tiles(report), charts(report), findings(report), plan(report), suppressions(list));
}

let loading = 0;
async function load(): Promise<void> {
  const mine = ++loading;
  board.setAttribute("aria-busy", "true");
  status.textContent = "Loading…";
  try {
    const [report, list] = await Promise.all([
      getJson<Report>(`/api/report${query()}`),
      getJson<Suppression[]>(`/api/suppressions${query()}`),
    ]);
    if (mine !== loading) return;
    current = { report, suppressions: list };
    render();
    status.textContent =
      report.totals.total === 0
        ? "No data to show."
        : `Showing ${num(report.totals.total)} events, ${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}.`;
  } catch (e) {
    if (mine !== loading) return;
    status.replaceChildren(h("span", { class: "error" }, errorText(e, "Loading the report")));
  } finally {
    if (mine === loading) board.removeAttribute("aria-busy");
  }
}

const upload = uploadArea({
  id: "ingest",
  label: "Drop files here, or choose them",
  help: "Bounce emails (.eml, mbox), Postfix or Exim logs, ESP event exports (JSON, NDJSON); .gz is read too. Files are read on this machine by your bouncewise server.",
  onFiles: (files) => void ingest(files),
});
byId("upload-slot").append(upload.element);

async function ingest(files: File[]): Promise<void> {
  upload.start();
  uploadStatus.textContent = `Uploading ${files.length} file${files.length === 1 ? "" : "s"}…`;
  try {
    const r = await uploadFiles<IngestResponse>("/api/ingest", files, (loaded, total) =>
      upload.progress(loaded, total),
    );
    upload.done(true);
    const failed = r.files.filter((f) => f.error !== null);
    uploadStatus.replaceChildren(
      `Read ${r.files.length} file${r.files.length === 1 ? "" : "s"}: ${num(r.events)} events, ${num(r.inserted)} new, ${num(r.duplicates)} already stored${r.problems > 0 ? `, ${num(r.problems)} lines or records not understood` : ""}.`,
      failed.length === 0
        ? ""
        : h(
            "span",
            { class: "error" },
            ` Not read: ${failed.map((f) => `${f.file} (${f.error?.message ?? ""})`).join("; ")}.`,
          ),
    );
    await load();
  } catch (e) {
    upload.done(false);
    uploadStatus.replaceChildren(h("span", { class: "error" }, errorText(e, "The upload")));
  }
}

async function demo(method: "POST" | "DELETE"): Promise<void> {
  demoLoad.disabled = true;
  demoRemove.disabled = true;
  demoStatus.textContent = method === "POST" ? "Loading the demo data…" : "Removing the demo data…";
  try {
    const r = await sendJson<DemoResponse>(method, "/api/demo");
    demoStatus.textContent =
      method === "POST"
        ? `Demo data loaded: ${num(r.inserted)} events.`
        : r.removed === 0
          ? "There was no demo data to remove."
          : `Demo data removed: ${num(r.removed)} events.`;
    await load();
  } catch (e) {
    demoStatus.replaceChildren(h("span", { class: "error" }, errorText(e, "The demo")));
  } finally {
    demoLoad.disabled = false;
    demoRemove.disabled = false;
  }
}

demoLoad.addEventListener("click", () => void demo("POST"));
demoRemove.addEventListener("click", () => void demo("DELETE"));
period.addEventListener("change", () => void load());

// Charts are drawn for the width they have: again when it changes.
let lastWidth = board.clientWidth;
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (Math.abs(board.clientWidth - lastWidth) < 8) return;
    lastWidth = board.clientWidth;
    const section = document.getElementById("charts")?.closest("section");
    if (current !== null && section != null) section.replaceWith(charts(current.report));
  }, 150);
});

void load();
