// The answer card of the home page: one Diagnosis (of a reply, or of one recipient of a bounce email) with its
// codes, meaning, priority, retry advice, causes, ordered actions, the provider's own words and the rule that
// decided; then buttons for the sender checks it lists, whose results join the card as a checklist.

import { ApiFailure } from "./api.js";
import { checklist, runCheck } from "./checklist.js";
import { validDomain, validIp } from "./detect.js";
import { h } from "./dom.js";
import {
  CHECK_LABEL,
  FAMILY_TEXT,
  OTHER_CHECK_TEXT,
  OUTCOME_TEXT,
  PRIORITY_LABEL,
  RETRY_TEXT,
  senderChecksOf,
} from "./format.js";
import type { CheckId, Diagnosis } from "./types.js";

const TABLE_TEXT: Readonly<Record<string, string>> = {
  "provider-rule": "a rule for this provider's own wording",
  "text-pattern": "a wording many servers use",
  "seed-row": "the table of common errors",
  "enhanced-code": "the enhanced status code (RFC 3463 and the IANA registry)",
  "reply-code": "the reply code (RFC 5321)",
  none: "nothing: no rule matched",
};

const NEEDS_IP: readonly CheckId[] = ["ptr", "blocklist"];

export interface CardOptions {
  /** Unique within the page: prefixes the card's element ids. */
  readonly id: string;
  readonly recipient?: string;
  /** Prefill of the sender check fields. */
  readonly domain: string | null;
  readonly ip: string | null;
}

function list(tag: "ul" | "ol", items: readonly string[]): HTMLElement {
  return h(
    tag,
    null,
    items.map((i) => h("li", null, i)),
  );
}

function codesOf(d: Diagnosis): string {
  const parts = [d.replyCode === null ? null : String(d.replyCode), d.enhancedCode].filter((x) => x !== null);
  return parts.length === 0 ? "No status code" : parts.join(" ");
}

/** The short line a screen reader hears when the card appears. */
export function summaryOf(d: Diagnosis, recipient?: string): string {
  return `${recipient === undefined ? "" : `${recipient}: `}${codesOf(d)}, ${d.reason}, ${PRIORITY_LABEL[d.priority] ?? d.priority} priority.`;
}

function checksBox(d: Diagnosis, o: CardOptions): HTMLElement | null {
  const checks = senderChecksOf(d.checks);
  if (checks.length === 0) return null;
  const p = o.id;
  const domainInput = h("input", {
    id: `${p}-domain`,
    type: "text",
    inputmode: "url",
    autocomplete: "off",
    spellcheck: "false",
    value: o.domain ?? "",
    "aria-describedby": `${p}-domain-help`,
  });
  const ipInput = h("input", {
    id: `${p}-ip`,
    type: "text",
    inputmode: "decimal",
    autocomplete: "off",
    spellcheck: "false",
    value: o.ip ?? "",
    "aria-describedby": `${p}-ip-help`,
  });
  const status = h("p", { class: "status", role: "status", id: `${p}-check-status` });
  const results = h("div", { class: "check-results", id: `${p}-check-results` });
  const shown = new Set<CheckId>();
  let shownFor = "";
  const buttons: HTMLButtonElement[] = [];

  const run = async (wanted: readonly CheckId[], button: HTMLButtonElement) => {
    const domain = domainInput.value.trim().toLowerCase().replace(/\.$/, "");
    const ip = ipInput.value.trim();
    if (!validDomain(domain)) {
      status.replaceChildren(
        h("span", { class: "error" }, "Give your sending domain (the domain in your From address), e.g. example.com."),
      );
      domainInput.focus();
      return;
    }
    if (ip !== "" && !validIp(ip)) {
      status.replaceChildren(h("span", { class: "error" }, `"${ip}" is not an IPv4 or IPv6 address.`));
      ipInput.focus();
      return;
    }
    if (ip === "" && wanted.length === 1 && NEEDS_IP.includes(wanted[0] as CheckId)) {
      status.replaceChildren(
        h("span", { class: "error" }, `The ${CHECK_LABEL[wanted[0] as CheckId]} check needs your sending IP address.`),
      );
      ipInput.focus();
      return;
    }
    const key = `${domain} ${ip}`;
    if (key !== shownFor) {
      shown.clear();
      shownFor = key;
    }
    for (const c of wanted) shown.add(c);
    for (const b of buttons) b.disabled = true;
    button.setAttribute("aria-busy", "true");
    results.setAttribute("aria-busy", "true");
    const names = wanted.map((c) => CHECK_LABEL[c]).join(", ");
    status.textContent = `Checking ${names} for ${domain}${ip === "" ? "" : ` and ${ip}`}…`;
    try {
      const report = await runCheck({
        domain,
        ips: ip === "" ? [] : [ip],
        blocklists: wanted.includes("blocklist"),
      });
      const order = checks.filter((c) => shown.has(c));
      const problems = report.findings.filter((f) => order.includes(f.check) && f.severity !== "info").length;
      results.replaceChildren(
        h("h4", null, `Results for ${report.domain}${report.ips.length > 0 ? ` (${report.ips.join(", ")})` : ""}`),
        checklist(report, order, 4),
      );
      status.textContent = `${names} checked for ${domain}: ${problems === 0 ? "no problem found" : `${problems} problem${problems === 1 ? "" : "s"} found`}.`;
    } catch (e) {
      status.replaceChildren(
        h("span", { class: "error" }, e instanceof ApiFailure ? e.message : "The check failed unexpectedly."),
      );
    } finally {
      for (const b of buttons) b.disabled = false;
      button.removeAttribute("aria-busy");
      results.removeAttribute("aria-busy");
    }
  };

  for (const c of checks) {
    const b = h("button", { type: "button", "data-check": c }, `Check ${CHECK_LABEL[c]}`);
    b.addEventListener("click", () => void run([c], b));
    buttons.push(b);
  }
  if (checks.length > 1) {
    const all = h("button", { type: "button", class: "primary", "data-check": "all" }, "Run all these checks");
    all.addEventListener("click", () => void run(checks, all));
    buttons.push(all);
  }
  return h(
    "section",
    { class: "checks-box", "aria-labelledby": `${p}-checks-title` },
    h("h3", { id: `${p}-checks-title` }, "Check your sending setup"),
    h(
      "p",
      null,
      `This reply points at ${checks.map((c) => CHECK_LABEL[c]).join(", ")}. Check them for the domain and server you send from.`,
    ),
    h(
      "div",
      { class: "fields" },
      h(
        "div",
        null,
        h("label", { for: `${p}-domain` }, "Sending domain"),
        domainInput,
        h(
          "p",
          { class: "help", id: `${p}-domain-help` },
          o.domain === null ? "The domain of your From address." : "Read from the bounce; change it if needed.",
        ),
      ),
      h(
        "div",
        null,
        h("label", { for: `${p}-ip` }, "Sending IP address"),
        ipInput,
        h(
          "p",
          { class: "help", id: `${p}-ip-help` },
          o.ip === null ? "Optional; needed for PTR and blocklists." : "Read from the reply; change it if needed.",
        ),
      ),
    ),
    h("div", { class: "actions" }, buttons),
    status,
    results,
  );
}

export function diagnosisCard(d: Diagnosis, o: CardOptions): HTMLElement {
  const p = o.id;
  // The checks no button runs (the recipient side, content, volume ...), named in words.
  const others = d.checks.filter((c) => c !== "alignment" && senderChecksOf([c]).length === 0);
  const rows: [string, string][] = [];
  if (d.family !== null) rows.push(["Code family", FAMILY_TEXT[d.family] ?? d.family]);
  // The registry texts start with the code itself ("X.7.26 Multiple ...", "550 Requested action ...").
  if (d.enhancedCode !== null) rows.push(["Enhanced code", d.codeMeanings.enhancedCode ?? d.enhancedCode]);
  if (d.replyCode !== null) rows.push(["Reply code", d.codeMeanings.replyCode ?? String(d.replyCode)]);
  rows.push(["Outcome", OUTCOME_TEXT[d.outcome] ?? d.outcome]);
  rows.push(["Reason", `${d.reason} (${d.category})`]);
  if (d.providerName !== null) rows.push(["Provider", d.providerName]);
  if (d.stage !== null) rows.push(["SMTP stage", d.stage]);
  if (d.remoteHost !== null || d.remoteIp !== null) {
    rows.push([
      "Receiving server",
      [d.remoteHost, d.remoteIp === null ? null : `[${d.remoteIp}]`].filter(Boolean).join(" "),
    ]);
  }
  return h(
    "article",
    { class: "card", "aria-labelledby": `${p}-title`, id: p },
    h(
      "h2",
      { id: `${p}-title` },
      o.recipient === undefined ? null : h("span", { class: "recipient" }, `${o.recipient}: `),
      h("span", { class: "codes" }, codesOf(d)),
      " ",
      h("span", { class: `badge ${d.priority}` }, PRIORITY_LABEL[d.priority] ?? d.priority),
    ),
    h(
      "dl",
      null,
      rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]),
    ),
    h("h3", null, "What it means"),
    h("p", { class: "meaning" }, d.meaning),
    h(
      "p",
      { class: "retry" },
      h("strong", null, d.hardBounce ? "Hard bounce. " : "Retry: "),
      RETRY_TEXT[d.retry] ?? d.retry,
    ),
    d.causes.length === 0 ? null : [h("h3", null, "Likely causes"), list("ul", d.causes)],
    d.actions.length === 0
      ? null
      : [
          h("h3", null, "What to do, in order"),
          h(
            "ol",
            { class: "actions-list" },
            d.actions.map((a) => h("li", null, a)),
          ),
        ],
    d.providerMeaning === null || d.providerMeaning === d.meaning
      ? null
      : [h("h3", null, `What ${d.providerName ?? "the provider"} says it means`), h("p", null, d.providerMeaning)],
    h("h3", null, "How this was decided"),
    h(
      "p",
      { class: "evidence" },
      "By ",
      TABLE_TEXT[d.evidence.table] ?? d.evidence.table,
      d.evidence.table === "none" ? "" : [": rule ", h("code", null, d.evidence.rule)],
      d.evidence.matched === null ? "" : [", matching ", h("code", null, d.evidence.matched)],
      ".",
    ),
    d.conflicts.length === 0
      ? null
      : [
          h("h3", null, "Notes"),
          list(
            "ul",
            d.conflicts.map((c) => c.message),
          ),
        ],
    checksBox(d, o),
    others.length === 0
      ? null
      : h("p", { class: "why" }, `Also worth verifying: ${others.map((c) => OTHER_CHECK_TEXT[c] ?? c).join("; ")}.`),
  );
}
