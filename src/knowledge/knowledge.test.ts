// The knowledge base checks itself: complete registries, well-formed rules, and every example classified back
// to the very rule that carries it.
import { describe, expect, it } from "vitest";
import { explain } from "../core/diagnose.js";
import { ENHANCED_CODES, PROVIDERS, REASONS, REPLY_CODES, SEED_ROWS, TEXT_PATTERNS } from "./index.js";
import type { Phrase, Reason, RuleMatch } from "./types.js";

// The IANA "SMTP Enhanced Status Codes" registry, subject.detail entries (RFC 3463, 3886, 4468, 4865, 4954,
// 5248, 6531, 6533, 6710, 7293, 7372, 7505, 8617, 8689), written out here independently of the data module.
const IANA_DETAILS: Record<number, number> = { 0: 0, 1: 10, 2: 4, 3: 6, 4: 7, 5: 6, 6: 10, 7: 30 };
const EXPECTED_ENHANCED = Object.entries(IANA_DETAILS).flatMap(([subject, max]) =>
  Array.from({ length: max + 1 }, (_, d) => `X.${subject}.${d}`),
);

const RFC5321_CODES = [
  211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554,
  555,
];
const EXTENSION_CODES = [521, 556, 235, 334, 454, 530, 534, 535, 538];

const ALL_REASONS: readonly Reason[] = [
  "userunknown",
  "hostunknown",
  "mailboxfull",
  "emailtoolarge",
  "suspend",
  "hasmoved",
  "norelaying",
  "notaccept",
  "authfailure",
  "requireptr",
  "badreputation",
  "blocked",
  "spamdetected",
  "virusdetected",
  "policyviolation",
  "filtered",
  "contenterror",
  "notcompliantrfc",
  "rejected",
  "securityerror",
  "ratelimited",
  "systemerror",
  "systemfull",
  "mailererror",
  "networkerror",
  "expired",
  "failedstarttls",
  "syntaxerror",
  "suppressed",
  "delivered",
  "feedback",
  "vacation",
  "onhold",
  "undefined",
];

function phrasesOf(m: RuleMatch): string[] {
  return (m.text ?? []).flatMap((p: Phrase) => (typeof p === "string" ? [p] : [...p]));
}

describe("registries", () => {
  it("hold every IANA enhanced status code", () => {
    const have = new Set(ENHANCED_CODES.map((e) => e.code));
    const missing = EXPECTED_ENHANCED.filter((c) => !have.has(c));
    expect(missing).toEqual([]);
    for (const e of ENHANCED_CODES) {
      expect(e.title.length, e.code).toBeGreaterThan(3);
      expect(e.meaning.length, e.code).toBeGreaterThan(10);
      expect(e.reference, e.code).toMatch(/RFC ?\d+|draft-[a-z0-9-]+/);
    }
  });
  it("hold every RFC 5321 reply code and the extension codes", () => {
    const have = new Set(REPLY_CODES.map((r) => r.code));
    expect([...RFC5321_CODES, ...EXTENSION_CODES].filter((c) => !have.has(c))).toEqual([]);
  });
  it("describe every reason of the vocabulary, once, with causes, actions and checks", () => {
    expect(REASONS.map((r) => r.reason).sort()).toEqual([...ALL_REASONS].sort());
    for (const r of REASONS) {
      expect(r.meaning.length, r.reason).toBeGreaterThan(20);
      if (!["delivered", "vacation", "undefined", "onhold"].includes(r.reason)) {
        expect(r.causes.length, r.reason).toBeGreaterThan(0);
        expect(r.actions.length, r.reason).toBeGreaterThan(0);
      }
    }
  });
});

describe("rules are well formed", () => {
  const all = [
    ...PROVIDERS.flatMap((p) =>
      p.rules.map((r) => ({ id: r.id, match: r.match, source: r.source, example: r.example })),
    ),
    ...TEXT_PATTERNS.map((t) => ({ id: t.id, match: t.match, source: t.source, example: t.example })),
  ];
  it("have unique ids", () => {
    const ids = all.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
  it("give a text or an enhanced code, and a source", () => {
    const bad = all.filter(
      (r) =>
        (r.match.text ?? []).length === 0 &&
        (r.match.enhancedCodes ?? []).length === 0 &&
        (r.match.replyCodes ?? []).length === 0,
    );
    expect(bad.map((r) => r.id)).toEqual([]);
    expect(all.filter((r) => r.source.trim() === "").map((r) => r.id)).toEqual([]);
  });
  it("write phrases in lower case with single spaces", () => {
    const bad = all.flatMap((r) =>
      phrasesOf(r.match)
        .filter((p) => p !== p.toLowerCase() || /\s{2,}|^\s|\s$|[\t\n]/.test(p))
        .map((p) => `${r.id}: ${p}`),
    );
    expect(bad).toEqual([]);
  });
  it("carry provider markers in lower case", () => {
    for (const p of PROVIDERS) for (const m of p.info.markers) expect(m, p.info.id).toBe(m.toLowerCase());
  });
});

describe("every example classifies back to its own rule", () => {
  for (const p of PROVIDERS) {
    for (const rule of p.rules) {
      it(rule.id, () => {
        const d = explain(rule.example);
        expect(d.evidence.rule).toBe(rule.id);
        const temporary = d.family === "4xx";
        expect(d.reason).toBe((temporary ? rule.reasonWhenTemporary : undefined) ?? rule.reason);
      });
    }
  }
  for (const t of TEXT_PATTERNS) {
    it(t.id, () => {
      const d = explain(t.example);
      expect(d.evidence.rule).toBe(t.id);
      expect(d.reason).toBe(t.reason);
    });
  }
  for (const s of SEED_ROWS) {
    it(s.id, () => {
      const d = explain(s.example);
      expect(d.evidence.rule).toBe(s.id);
      expect(d.priority).toBe(s.priority);
    });
  }
});
