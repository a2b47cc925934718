// classifyReply: decides the reason of a parsed reply, from specific to generic:
// provider rule -> generic text pattern -> seed row for a code pair -> enhanced code -> reply code with stage -> none.
// The knowledge tables are compiled once, on first use, into one phrase automaton and a few indexes.

import {
  ENHANCED_CODES,
  ENHANCED_SUBJECTS,
  PROVIDERS,
  REPLY_CODES,
  SEED_ROWS,
  TEXT_PATTERNS,
} from "../../knowledge/index.js";
import type {
  EnhancedCodeInfo,
  ProviderId,
  ProviderInfo,
  ProviderRule,
  Reason,
  ReplyCodeInfo,
  RuleMatch,
  SeedRow,
  TextPattern,
} from "../../knowledge/types.js";
import type { EvidenceTable, SmtpReply } from "../types.js";
import { createPhraseMatcher, type PhraseMatcher } from "./phrase-matcher.js";

/** What decided, and with which knowledge entry. Exactly one of the entry fields is set (none for `none`). */
export interface Classification {
  readonly reason: Reason;
  readonly table: EvidenceTable;
  readonly ruleId: string;
  readonly matched: string | null;
  readonly providerRule: ProviderRule | null;
  readonly textPattern: TextPattern | null;
  readonly seedRow: SeedRow | null;
  readonly enhancedInfo: EnhancedCodeInfo | null;
  readonly replyInfo: ReplyCodeInfo | null;
  /** Providers recognised from host names and tags, in PROVIDERS order. */
  readonly detected: readonly ProviderId[];
}

interface CompiledRule {
  readonly order: number;
  readonly provider: ProviderId | null;
  readonly rule: ProviderRule | TextPattern;
  readonly match: RuleMatch;
  /** Atom ids per alternative phrase; empty when the rule has no text condition. */
  readonly alternatives: readonly (readonly number[])[];
  readonly phrases: readonly string[];
  readonly enhanced: ReadonlySet<string> | null;
  readonly replyCodes: ReadonlySet<number> | null;
  readonly stages: ReadonlySet<string> | null;
}

interface Compiled {
  readonly matcher: PhraseMatcher;
  readonly rules: readonly CompiledRule[];
  readonly rulesByAtom: readonly (readonly number[])[];
  readonly codeOnlyByEnhanced: ReadonlyMap<string, readonly number[]>;
  readonly codeOnlyByReply: ReadonlyMap<number, readonly number[]>;
  readonly markerOf: ReadonlyMap<number, readonly ProviderId[]>;
  readonly providerRank: ReadonlyMap<ProviderId, number>;
  readonly enhancedByKey: ReadonlyMap<string, EnhancedCodeInfo>;
  readonly replyByCode: ReadonlyMap<number, ReplyCodeInfo>;
  readonly seedByPair: ReadonlyMap<string, SeedRow>;
  readonly seedByCode: ReadonlyMap<number, SeedRow>;
  // Scratch space, reset after each call (classification is synchronous).
  readonly flags: Uint8Array;
  readonly stamp: Uint32Array;
}

const PROVIDER_RULE_BASE = 0;
const OTHER_PROVIDER_BASE = 1_000_000;
const TEXT_PATTERN_BASE = 2_000_000;

let compiled: Compiled | null = null;
let generation = 0;

function compile(): Compiled {
  const atoms = new Map<string, number>();
  const atomList: string[] = [];
  const atomId = (phrase: string): number => {
    const key = phrase.toLowerCase().replace(/\s+/g, " ").trim();
    let id = atoms.get(key);
    if (id === undefined) {
      id = atomList.length;
      atoms.set(key, id);
      atomList.push(key);
    }
    return id;
  };

  const rules: CompiledRule[] = [];
  const add = (rule: ProviderRule | TextPattern, provider: ProviderId | null): void => {
    const text = rule.match.text ?? [];
    rules.push({
      order: rules.length,
      provider,
      rule,
      match: rule.match,
      alternatives: text.map((p) => (typeof p === "string" ? [atomId(p)] : p.map(atomId))),
      phrases: text.map((p) => (typeof p === "string" ? p : p.join(" + "))),
      enhanced: rule.match.enhancedCodes ? new Set(rule.match.enhancedCodes) : null,
      replyCodes: rule.match.replyCodes ? new Set(rule.match.replyCodes) : null,
      stages: rule.match.stages ? new Set(rule.match.stages) : null,
    });
  };
  for (const p of PROVIDERS) for (const r of p.rules) add(r, p.info.id);
  for (const t of TEXT_PATTERNS) add(t, null);

  const markerOf = new Map<number, ProviderId[]>();
  const providerRank = new Map<ProviderId, number>();
  PROVIDERS.forEach((p, rank) => {
    providerRank.set(p.info.id, rank);
    if (!p.detect) return;
    for (const m of p.info.markers) {
      const id = atomId(m);
      const list = markerOf.get(id) ?? [];
      if (!list.includes(p.info.id)) list.push(p.info.id);
      markerOf.set(id, list);
    }
  });

  const rulesByAtom: number[][] = atomList.map(() => []);
  const codeOnlyByEnhanced = new Map<string, number[]>();
  const codeOnlyByReply = new Map<number, number[]>();
  for (const r of rules) {
    if (r.alternatives.length > 0) {
      const seen = new Set<number>();
      for (const alt of r.alternatives) {
        // Index each alternative by its first atom: an alternative needs all of its atoms anyway.
        const first = alt[0];
        if (first !== undefined && !seen.has(first)) {
          seen.add(first);
          (rulesByAtom[first] as number[]).push(r.order);
        }
      }
    } else if (r.enhanced !== null) {
      for (const code of r.enhanced) codeOnlyByEnhanced.set(code, [...(codeOnlyByEnhanced.get(code) ?? []), r.order]);
    } else if (r.replyCodes !== null) {
      for (const code of r.replyCodes) codeOnlyByReply.set(code, [...(codeOnlyByReply.get(code) ?? []), r.order]);
    }
  }

  const seedByPair = new Map<string, SeedRow>();
  const seedByCode = new Map<number, SeedRow>();
  for (const row of SEED_ROWS as readonly SeedRow[]) {
    if (row.enhancedCode !== undefined) seedByPair.set(`${row.replyCode} ${row.enhancedCode}`, row);
    else seedByCode.set(row.replyCode, row);
  }

  return {
    matcher: createPhraseMatcher(atomList),
    rules,
    rulesByAtom,
    codeOnlyByEnhanced,
    codeOnlyByReply,
    markerOf,
    providerRank,
    enhancedByKey: new Map((ENHANCED_CODES as readonly EnhancedCodeInfo[]).map((e) => [e.code, e])),
    replyByCode: new Map((REPLY_CODES as readonly ReplyCodeInfo[]).map((r) => [r.code, r])),
    seedByPair,
    seedByCode,
    flags: new Uint8Array(atomList.length),
    stamp: new Uint32Array(rules.length),
  };
}

/** The compiled knowledge (built on first use). Exposed for tests and benchmarks. */
export function getCompiledKnowledge(): { readonly phrases: number; readonly rules: number } {
  compiled ??= compile();
  return { phrases: compiled.matcher.size, rules: compiled.rules.length };
}

/** Looks up the registry entry of an enhanced code ("5.7.26" -> "X.7.26"). */
export function enhancedInfoOf(code: string | null): EnhancedCodeInfo | null {
  if (code === null) return null;
  compiled ??= compile();
  return compiled.enhancedByKey.get(`X${code.slice(1)}`) ?? null;
}

export function replyInfoOf(code: number | null): ReplyCodeInfo | null {
  if (code === null) return null;
  compiled ??= compile();
  return compiled.replyByCode.get(code) ?? null;
}

function conditionsHold(r: CompiledRule, reply: SmtpReply, detected: readonly ProviderId[]): boolean {
  if (r.match.providerOnly === true && (r.provider === null || !detected.includes(r.provider))) return false;
  if (r.enhanced !== null && (reply.enhancedCode === null || !r.enhanced.has(reply.enhancedCode))) return false;
  if (r.replyCodes !== null && (reply.replyCode === null || !r.replyCodes.has(reply.replyCode))) return false;
  if (r.stages !== null && reply.stage !== null && !r.stages.has(reply.stage)) return false;
  return true;
}

/** Index of the first alternative whose atoms all occurred, -1 when none; 0 for a rule without text. */
function matchedAlternative(r: CompiledRule, flags: Uint8Array): number {
  if (r.alternatives.length === 0) return 0;
  for (let a = 0; a < r.alternatives.length; a++) {
    const alt = r.alternatives[a] as readonly number[];
    let all = true;
    for (const id of alt) {
      if (flags[id] !== 1) {
        all = false;
        break;
      }
    }
    if (all) return a;
  }
  return -1;
}

const NO_ENTRY = {
  providerRule: null,
  textPattern: null,
  seedRow: null,
  enhancedInfo: null,
  replyInfo: null,
} as const;

/** Decides the reason of a reply. `assumeProvider` is used when the text names none. */
export function classifyReply(reply: SmtpReply, assumeProvider?: ProviderId): Classification {
  compiled ??= compile();
  const c = compiled;
  const hits: number[] = [];
  c.matcher.scan(reply.full, (id) => {
    if (c.flags[id] === 0) {
      c.flags[id] = 1;
      hits.push(id);
    }
  });

  try {
    const detected: ProviderId[] = [];
    for (const id of hits) {
      const providers = c.markerOf.get(id);
      if (providers !== undefined) for (const p of providers) if (!detected.includes(p)) detected.push(p);
    }
    if (detected.length === 0 && assumeProvider !== undefined) detected.push(assumeProvider);
    detected.sort((a, b) => (c.providerRank.get(a) ?? 99) - (c.providerRank.get(b) ?? 99));

    const success = reply.family === "2xx" || reply.family === "3xx";
    generation = (generation + 1) >>> 0 || 1;
    let best: CompiledRule | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    let bestAlt = -1;
    const consider = (order: number): void => {
      if (c.stamp[order] === generation) return;
      c.stamp[order] = generation;
      const r = c.rules[order] as CompiledRule;
      const base =
        r.provider === null
          ? TEXT_PATTERN_BASE
          : detected.includes(r.provider)
            ? PROVIDER_RULE_BASE
            : OTHER_PROVIDER_BASE;
      const score = base + r.order;
      if (score >= bestScore) return;
      // A 2xx/3xx reply is an acceptance whatever its text says, unless a rule is written for that very code.
      if (success && (r.replyCodes === null || reply.replyCode === null || !r.replyCodes.has(reply.replyCode))) return;
      if (!conditionsHold(r, reply, detected)) return;
      const alt = matchedAlternative(r, c.flags);
      if (alt === -1) return;
      best = r;
      bestScore = score;
      bestAlt = alt;
    };
    for (const id of hits) for (const order of c.rulesByAtom[id] as readonly number[]) consider(order);
    if (reply.enhancedCode !== null) for (const o of c.codeOnlyByEnhanced.get(reply.enhancedCode) ?? []) consider(o);
    if (reply.replyCode !== null) for (const o of c.codeOnlyByReply.get(reply.replyCode) ?? []) consider(o);

    const chosen = best as CompiledRule | null;
    if (chosen !== null) {
      const isProvider = chosen.provider !== null;
      return {
        ...NO_ENTRY,
        reason: chosen.rule.reason,
        table: isProvider ? "provider-rule" : "text-pattern",
        ruleId: chosen.rule.id,
        matched:
          chosen.phrases[bestAlt] ??
          (reply.enhancedCode !== null && chosen.enhanced !== null ? reply.enhancedCode : String(reply.replyCode)),
        providerRule: isProvider ? (chosen.rule as ProviderRule) : null,
        textPattern: isProvider ? null : (chosen.rule as TextPattern),
        detected,
      };
    }
    return classifyByCodes(c, reply, detected);
  } finally {
    for (const id of hits) c.flags[id] = 0;
  }
}

function classifyByCodes(c: Compiled, reply: SmtpReply, detected: readonly ProviderId[]): Classification {
  const { replyCode, enhancedCode } = reply;
  if (replyCode !== null && (replyCode < 400 || reply.family === "2xx")) {
    const info = c.replyByCode.get(replyCode) ?? null;
    const seed = c.seedByCode.get(replyCode) ?? null;
    return seed !== null
      ? {
          ...NO_ENTRY,
          reason: seed.reason,
          table: "seed-row",
          ruleId: seed.id,
          matched: String(replyCode),
          seedRow: seed,
          replyInfo: info,
          detected,
        }
      : {
          ...NO_ENTRY,
          reason: "delivered",
          table: "reply-code",
          ruleId: String(replyCode),
          matched: String(replyCode),
          replyInfo: info,
          detected,
        };
  }
  if (replyCode !== null && enhancedCode !== null) {
    const pair = c.seedByPair.get(`${replyCode} ${enhancedCode}`);
    if (pair !== undefined) {
      return {
        ...NO_ENTRY,
        reason: pair.reason,
        table: "seed-row",
        ruleId: pair.id,
        matched: `${replyCode} ${enhancedCode}`,
        seedRow: pair,
        detected,
      };
    }
  }
  if (enhancedCode !== null) {
    const key = `X${enhancedCode.slice(1)}`;
    const info = c.enhancedByKey.get(key);
    if (info !== undefined && info.reason !== "undefined" && info.reason !== "onhold") {
      return {
        ...NO_ENTRY,
        reason: info.reason,
        table: "enhanced-code",
        ruleId: key,
        matched: enhancedCode,
        enhancedInfo: info,
        detected,
      };
    }
    if (info === undefined) {
      // A detail the registry does not list (a provider's own, e.g. 5.7.606): fall back to the subject's default.
      const subject = Number(enhancedCode.split(".")[1]);
      const s = ENHANCED_SUBJECTS.find((e) => e.subject === subject);
      if (s !== undefined && s.reason !== "undefined" && s.reason !== "onhold") {
        return {
          ...NO_ENTRY,
          reason: s.reason,
          table: "enhanced-code",
          ruleId: `X.${subject}.*`,
          matched: enhancedCode,
          detected,
        };
      }
    }
  }
  if (replyCode !== null) {
    const info = c.replyByCode.get(replyCode) ?? null;
    const byStage = reply.stage !== null ? info?.reasonByStage?.[reply.stage] : undefined;
    const seed = c.seedByCode.get(replyCode) ?? null;
    if (byStage !== undefined && (seed === null || byStage !== seed.reason)) {
      return {
        ...NO_ENTRY,
        reason: byStage,
        table: "reply-code",
        ruleId: `${replyCode}@${reply.stage}`,
        matched: String(replyCode),
        replyInfo: info,
        detected,
      };
    }
    if (seed !== null) {
      return {
        ...NO_ENTRY,
        reason: seed.reason,
        table: "seed-row",
        ruleId: seed.id,
        matched: String(replyCode),
        seedRow: seed,
        replyInfo: info,
        detected,
      };
    }
    if (info !== null) {
      return {
        ...NO_ENTRY,
        reason: info.reason,
        table: "reply-code",
        ruleId: String(replyCode),
        matched: String(replyCode),
        replyInfo: info,
        detected,
      };
    }
  }
  return { ...NO_ENTRY, reason: "undefined", table: "none", ruleId: "none", matched: null, detected };
}

/** The ProviderInfo of a provider id. */
export function providerInfoOf(id: ProviderId | null): ProviderInfo | null {
  if (id === null) return null;
  return PROVIDERS.find((p) => p.info.id === id)?.info ?? null;
}
