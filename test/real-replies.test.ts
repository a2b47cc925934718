// explain on real replies collected from provider documentation, MTA sources and public bug reports
// (test/fixtures/real-replies.ts). Each row must give the expected outcome and the expected reason (or one of the
// defensible alternatives). Rows marked knownGap are failures we know of: they are expected to fail, so closing a
// gap turns its row red until the mark is removed.
import { describe, expect, it } from "vitest";
import { explain } from "../src/core/diagnose.js";
import { BLIND_4 as FOURTH } from "./fixtures/blind-4.js";
import { PROVIDER_DOC_REPLIES as THIRD } from "./fixtures/provider-docs.js";
import { REPLY_TABLE as FIRST } from "./fixtures/real-replies.js";
import { REPLY_TABLE_2 as SECOND } from "./fixtures/real-replies-2.js";

// Four tables collected blind, independently of the rules: the first from provider documentation, MTA sources and
// bug reports; the second from the long tail of ISPs, hosters and filters; the third from providers' own error-code
// pages; the fourth from bounces pasted in public issues. A text found in two tables is tested once.
const REPLY_TABLE = [...FIRST, ...SECOND, ...THIRD, ...FOURTH].filter(
  (r, i, all) => all.findIndex((x) => x.text === r.text) === i,
);

function check(text: string, reason: string, alternatives: readonly string[], outcome: string): void {
  const d = explain(text);
  expect([reason, ...alternatives], `got ${d.reason} from ${d.evidence.rule}`).toContain(d.reason);
  expect(d.outcome).toBe(outcome);
}

describe("real replies", () => {
  it("holds at least 150 distinct replies", () => {
    for (const table of [FIRST, SECOND, THIRD, FOURTH])
      expect(new Set(table.map((r) => r.text)).size).toBe(table.length);
    expect(REPLY_TABLE.length).toBeGreaterThanOrEqual(150);
  });
  REPLY_TABLE.forEach((r, i) => {
    const name = `#${i} ${r.text.replace(/\s+/g, " ").slice(0, 90)}`;
    if (r.knownGap !== undefined) {
      it.fails(`${name} (known gap: ${r.knownGap})`, () => check(r.text, r.reason, r.alternatives ?? [], r.outcome));
    } else {
      it(name, () => check(r.text, r.reason, r.alternatives ?? [], r.outcome));
    }
  });
  it("reaches the accuracy the held-out set asks for (reason >= 90%, outcome >= 98%)", () => {
    let reasonOk = 0;
    let outcomeOk = 0;
    for (const r of REPLY_TABLE) {
      const d = explain(r.text);
      if (d.reason === r.reason || (r.alternatives ?? []).includes(d.reason)) reasonOk++;
      if (d.outcome === r.outcome) outcomeOk++;
    }
    expect(reasonOk / REPLY_TABLE.length).toBeGreaterThanOrEqual(0.9);
    expect(outcomeOk / REPLY_TABLE.length).toBeGreaterThanOrEqual(0.98);
  });
});
