// Domain page: the domain check (GET /api/check/:domain) for a domain, an optional sending IP and DKIM selector,
// as a checklist grouped by check with each finding's severity and exact fix. The form's values go into the URL
// (?domain=&ip=&selector=), so a check can be linked to and is run again on load.

import "../style.css";
import { ApiFailure } from "../api.js";
import { checklist, runCheck } from "../checklist.js";
import { validDomain, validIp } from "../detect.js";
import { byId, fill, h } from "../dom.js";
import { utc } from "../format.js";

const form = byId<HTMLFormElement>("check-form");
const domainInput = byId<HTMLInputElement>("domain");
const ipInput = byId<HTMLInputElement>("ip");
const selectorInput = byId<HTMLInputElement>("selector");
const button = byId<HTMLButtonElement>("check-button");
const status = byId("check-status");
const results = byId("check-results");

function fail(message: string, field: HTMLInputElement): void {
  status.replaceChildren(h("span", { class: "error" }, message));
  field.setAttribute("aria-invalid", "true");
  field.focus();
}

let run = 0;
async function check(): Promise<void> {
  for (const f of [domainInput, ipInput, selectorInput]) f.removeAttribute("aria-invalid");
  const domain = domainInput.value.trim().toLowerCase().replace(/\.$/, "");
  const ip = ipInput.value.trim();
  const selector = selectorInput.value.trim();
  if (!validDomain(domain)) return fail("Give a domain name, e.g. example.com.", domainInput);
  if (ip !== "" && !validIp(ip)) return fail(`"${ip}" is not an IPv4 or IPv6 address.`, ipInput);
  if (selector !== "" && !/^[A-Za-z0-9_-]{1,63}(\.[A-Za-z0-9_-]{1,63}){0,4}$/.test(selector)) {
    return fail(`"${selector}" is not a DKIM selector.`, selectorInput);
  }
  const q = new URLSearchParams({ domain });
  if (ip !== "") q.set("ip", ip);
  if (selector !== "") q.set("selector", selector);
  history.replaceState(null, "", `?${q.toString()}`);
  const mine = ++run;
  button.disabled = true;
  results.setAttribute("aria-busy", "true");
  status.textContent = `Checking ${domain}… (the blocklists can take a few seconds)`;
  try {
    const report = await runCheck({ domain, ips: ip === "" ? [] : [ip], selectors: selector === "" ? [] : [selector] });
    if (mine !== run) return;
    const critical = report.findings.filter((f) => f.severity === "critical").length;
    const warnings = report.findings.filter((f) => f.severity === "warning").length;
    const summary =
      critical + warnings === 0
        ? "No problem found."
        : `${critical} critical problem${critical === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}.`;
    fill(
      results,
      h("h2", null, `${report.domain}${report.ips.length > 0 ? ` with ${report.ips.join(", ")}` : ""}`),
      h("p", null, summary, " ", h("span", { class: "why" }, `Checked ${utc(Date.now())}.`)),
      checklist(report),
    );
    status.textContent = `Checked ${report.domain}: ${summary}`;
  } catch (e) {
    if (mine !== run) return;
    results.replaceChildren();
    status.replaceChildren(
      h("span", { class: "error" }, e instanceof ApiFailure ? e.message : "The check failed unexpectedly."),
    );
  } finally {
    if (mine === run) {
      button.disabled = false;
      results.removeAttribute("aria-busy");
    }
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void check();
});

const params = new URLSearchParams(location.search);
const given = params.get("domain");
if (given !== null && given !== "") {
  domainInput.value = given;
  ipInput.value = params.get("ip") ?? "";
  selectorInput.value = params.get("selector") ?? "";
  void check();
}
