// Renders a Diagnosis as a readable card for people. Pure: colours come in as functions (identity when off).

import type { Diagnosis } from "../core/types.js";

export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const plain = (s: string): string => s;
export const NO_PAINT: Paint = { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };

const RETRY_TEXT: Readonly<Record<Diagnosis["retry"], string>> = {
  "auto-retry": "let automatic retries work; do not resend by hand",
  "fix-first": "stop resending until the cause is fixed, then test gradually",
  suppress: "never resend to this address: suppress it",
  none: "nothing to do",
};

const PRIORITY_TEXT: Readonly<Record<Diagnosis["priority"], string>> = {
  info: "Info",
  monitor: "Monitor",
  "fix-soon": "Fix soon",
  critical: "Critical",
};

export function renderCard(d: Diagnosis, paint: Paint = NO_PAINT): string {
  const pColour =
    d.priority === "critical"
      ? paint.red
      : d.priority === "fix-soon"
        ? paint.yellow
        : d.priority === "monitor"
          ? paint.cyan
          : paint.green;
  const code = [d.replyCode ?? "", d.enhancedCode ?? ""].join(" ").trim() || "(no code)";
  const lines: string[] = [];
  lines.push(
    `${paint.bold(code)}  ${pColour(PRIORITY_TEXT[d.priority])}  ${d.outcome}  ${paint.bold(d.reason)} (${d.category})`,
  );
  if (d.text !== "") lines.push(paint.dim(d.text.length > 300 ? `${d.text.slice(0, 297)}...` : d.text));
  lines.push("");
  lines.push(`${paint.bold("Meaning:")} ${d.meaning}`);
  if (d.providerName !== null) lines.push(`${paint.bold("Provider:")} ${d.providerName}`);
  if (d.codeMeanings.replyCode !== null) lines.push(`${paint.bold("Reply code:")} ${d.codeMeanings.replyCode}`);
  if (d.codeMeanings.enhancedCode !== null)
    lines.push(`${paint.bold("Enhanced code:")} ${d.codeMeanings.enhancedCode}`);
  const where = [
    d.stage !== null ? `stage ${d.stage}` : "",
    d.remoteHost ?? "",
    d.remoteIp !== null ? `[${d.remoteIp}]` : "",
  ]
    .filter((s) => s !== "")
    .join(" ");
  if (where !== "") lines.push(`${paint.bold("Where:")} ${where}`);
  if (d.addresses.length > 0) lines.push(`${paint.bold("Addresses:")} ${d.addresses.join(", ")}`);
  lines.push(`${paint.bold("Retry:")} ${RETRY_TEXT[d.retry]}${d.hardBounce ? paint.red(" (hard bounce)") : ""}`);
  if (d.causes.length > 0) {
    lines.push("", paint.bold("Likely causes:"));
    for (const c of d.causes) lines.push(`  - ${c}`);
  }
  if (d.actions.length > 0) {
    lines.push("", paint.bold("What to do:"));
    d.actions.forEach((a, i) => {
      lines.push(`  ${i + 1}. ${a}`);
    });
  }
  if (d.checks.length > 0) lines.push("", `${paint.bold("Check next:")} ${d.checks.join(", ")}`);
  for (const c of d.conflicts) lines.push(paint.yellow(`Note: ${c.message}`));
  if (d.references.length > 0) {
    lines.push("", paint.bold("References:"));
    for (const r of d.references) lines.push(`  ${r}`);
  }
  lines.push(
    "",
    paint.dim(
      `Decided by ${d.evidence.table} ${d.evidence.rule}${d.evidence.matched !== null ? ` (matched "${d.evidence.matched}")` : ""}`,
    ),
  );
  return lines.join("\n");
}
