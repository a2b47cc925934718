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
import { REPLY_PHRASES } from "../reply/reply-phrases.js";
import type { EvidenceTable, SmtpReply } from "../types.js";
import { createPhraseMatcher, HitBuffer, type PhraseMatcher } from "./phrase-matcher.js";

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
  /** Phrase ids from here on are the reply parser's (REPLY_PHRASES), not knowledge atoms. */
  readonly replyBase: number;
  readonly rules: readonly CompiledRule[];
  readonly rulesByAtom: readonly (readonly number[])[];
  readonly codeOnlyByEnhanced: ReadonlyMap<string, readonly number[]>;
  readonly codeOnlyByReply: ReadonlyMap<number, readonly number[]>;
  /** Providers whose marker is each atom, indexed by atom id (an array: looked up once per distinct atom hit). */
  readonly markerOf: readonly (readonly ProviderId[] | undefined)[];
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
    // The reply parser's own phrases (stage, contradicting words) share the index: one scan serves both.
    matcher: createPhraseMatcher(
      [...atomList, ...REPLY_PHRASES.phrases],
      [...PROVIDERS.flatMap((p) => p.rules.map((r) => r.example)), ...TEXT_PATTERNS.map((t) => t.example)],
    ),
    replyBase: atomList.length,
    rules,
    rulesByAtom,
    codeOnlyByEnhanced,
    codeOnlyByReply,
    markerOf: atomList.map((_, id) => markerOf.get(id)),
    providerRank,
    enhancedByKey: new Map((ENHANCED_CODES as readonly EnhancedCodeInfo[]).map((e) => [e.code, e])),
    replyByCode: new Map((REPLY_CODES as readonly ReplyCodeInfo[]).map((r) => [r.code, r])),
    seedByPair,
    seedByCode,
    flags: new Uint8Array(atomList.length),
    stamp: new Uint32Array(rules.length),
  };
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

/** Builds a Classification with one fixed shape (fast to create, no spread). */
function result(
  reason: Reason,
  table: EvidenceTable,
  ruleId: string,
  matched: string | null,
  detected: readonly ProviderId[],
  entry: {
    providerRule?: ProviderRule;
    textPattern?: TextPattern;
    seedRow?: SeedRow;
    enhancedInfo?: EnhancedCodeInfo;
    replyInfo?: ReplyCodeInfo | null;
  },
): Classification {
  return {
    reason,
    table,
    ruleId,
    matched,
    providerRule: entry.providerRule ?? null,
    textPattern: entry.textPattern ?? null,
    seedRow: entry.seedRow ?? null,
    enhancedInfo: entry.enhancedInfo ?? null,
    replyInfo: entry.replyInfo ?? null,
    detected,
  };
}

const NONE_DETECTED: readonly ProviderId[] = Object.freeze([]);

// Scratch state of one synchronous classification, reused across calls to spare allocations.
const HITS = new HitBuffer();
let distinct = new Int32Array(256);

/** The best rule so far of the classification under way (module state: classification is synchronous). */
const pick: { best: CompiledRule | null; score: number; alt: number } = { best: null, score: 0, alt: -1 };

/** Weighs one candidate rule against the best so far; each rule is weighed once per classification. */
function consider(c: Compiled, order: number, reply: SmtpReply, found: readonly ProviderId[], success: boolean): void {
  if (c.stamp[order] === generation) return;
  c.stamp[order] = generation;
  const r = c.rules[order] as CompiledRule;
  const score = scoreOf(r, found);
  if (score >= pick.score) return;
  // A 2xx/3xx reply is an acceptance whatever its text says, unless a rule is written for that very code.
  if (success && (r.replyCodes === null || reply.replyCode === null || !r.replyCodes.has(reply.replyCode))) return;
  if (!conditionsHold(r, reply, found)) return;
  const alt = matchedAlternative(r, c.flags);
  if (alt === -1) return;
  pick.best = r;
  pick.score = score;
  pick.alt = alt;
}

function scoreOf(r: CompiledRule, detected: readonly ProviderId[]): number {
  const base =
    r.provider === null ? TEXT_PATTERN_BASE : detected.includes(r.provider) ? PROVIDER_RULE_BASE : OTHER_PROVIDER_BASE;
  return base + r.order;
}

/**
 * Scans `text` once for every phrase of the index: knowledge atoms and the reply parser's phrases. `text` must be
 * whitespace-folded, as parseReply's `full` is. Returns the id where the parser's phrases start (ids below it are
 * knowledge atoms).
 */
export function scanPhrases(text: string, hits: HitBuffer): number {
  compiled ??= compile();
  // Folded already: lowercasing is all the folding left to do.
  compiled.matcher.scanFolded(text.toLowerCase(), hits);
  return compiled.replyBase;
}

/** Decides the reason of a reply. `assumeProvider` is used when the text names none. */
export function classifyReply(reply: SmtpReply, assumeProvider?: ProviderId): Classification {
  compiled ??= compile();
  HITS.count = 0;
  compiled.matcher.scan(reply.full, HITS); // folds whitespace too: `reply` may be built by hand
  return classifyScanned(reply, HITS, assumeProvider);
}

/** classifyReply for a reply whose `full` text was already scanned into `hits` (explain's one-pass path). */
export function classifyScanned(reply: SmtpReply, hits: HitBuffer, assumeProvider?: ProviderId): Classification {
  compiled ??= compile();
  const c = compiled;
  // Distinct atoms, flagged for the "all parts present" test.
  if (distinct.length < hits.count) distinct = new Int32Array(hits.count * 2);
  let count = 0;
  for (let h = 0; h < hits.count; h++) {
    const id = hits.ids[h] as number;
    if (id >= c.replyBase) continue;
    if (c.flags[id] === 0) {
      c.flags[id] = 1;
      distinct[count++] = id;
    }
  }
  const hitList = distinct;
  try {
    let detected: ProviderId[] | null = null;
    for (let h = 0; h < count; h++) {
      const providers = c.markerOf[hitList[h] as number];
      if (providers === undefined) continue;
      detected ??= [];
      for (const p of providers) if (!detected.includes(p)) detected.push(p);
    }
    if (detected === null && assumeProvider !== undefined) detected = [assumeProvider];
    if (detected !== null && detected.length > 1) {
      detected.sort((a, b) => (c.providerRank.get(a) ?? 99) - (c.providerRank.get(b) ?? 99));
    }
    const found: readonly ProviderId[] = detected ?? NONE_DETECTED;

    const success = reply.family === "2xx" || reply.family === "3xx";
    generation = (generation + 1) >>> 0 || 1;
    pick.best = null;
    pick.score = Number.POSITIVE_INFINITY;
    pick.alt = -1;
    // The least score any rule can have in this call (scoreOf): with no provider detected, every rule's is above
    // OTHER_PROVIDER_BASE + its order.
    const floor = found.length === 0 ? OTHER_PROVIDER_BASE : PROVIDER_RULE_BASE;
    for (let h = 0; h < count; h++) {
      const list = c.rulesByAtom[hitList[h] as number] as readonly number[];
      for (let j = 0; j < list.length; j++) {
        const order = list[j] as number;
        // Lists are in rule order, so once even the least possible score cannot beat the pick, no later one can.
        if (floor + order >= pick.score) break;
        consider(c, order, reply, found, success);
      }
    }
    const byEnhanced = reply.enhancedCode !== null ? c.codeOnlyByEnhanced.get(reply.enhancedCode) : undefined;
    if (byEnhanced !== undefined) for (const o of byEnhanced) consider(c, o, reply, found, success);
    const byReply = reply.replyCode !== null ? c.codeOnlyByReply.get(reply.replyCode) : undefined;
    if (byReply !== undefined) for (const o of byReply) consider(c, o, reply, found, success);
    const best = pick.best;
    const bestAlt = pick.alt;

    const chosen = best as CompiledRule | null;
    if (chosen !== null) {
      const isProvider = chosen.provider !== null;
      const matched =
        chosen.phrases[bestAlt] ??
        (reply.enhancedCode !== null && chosen.enhanced !== null ? reply.enhancedCode : String(reply.replyCode));
      // `family` is the basic code's, or the enhanced code's class when there is no basic code.
      const temporary = reply.family === "4xx";
      return result(
        (temporary ? chosen.rule.reasonWhenTemporary : undefined) ?? chosen.rule.reason,
        isProvider ? "provider-rule" : "text-pattern",
        chosen.rule.id,
        matched,
        found,
        isProvider ? { providerRule: chosen.rule as ProviderRule } : { textPattern: chosen.rule as TextPattern },
      );
    }
    return classifyByCodes(c, reply, found);
  } finally {
    for (let h = 0; h < count; h++) c.flags[hitList[h] as number] = 0;
  }
}

function classifyByCodes(c: Compiled, reply: SmtpReply, detected: readonly ProviderId[]): Classification {
  const { replyCode, enhancedCode } = reply;
  if (replyCode !== null && (replyCode < 400 || reply.family === "2xx")) {
    const replyInfo = c.replyByCode.get(replyCode) ?? null;
    const seedRow = c.seedByCode.get(replyCode);
    return seedRow !== undefined
      ? result(seedRow.reason, "seed-row", seedRow.id, String(replyCode), detected, { seedRow, replyInfo })
      : result("delivered", "reply-code", String(replyCode), String(replyCode), detected, { replyInfo });
  }
  if (replyCode !== null && enhancedCode !== null) {
    const seedRow = c.seedByPair.get(`${replyCode} ${enhancedCode}`);
    if (seedRow !== undefined) {
      return result(seedRow.reason, "seed-row", seedRow.id, `${replyCode} ${enhancedCode}`, detected, { seedRow });
    }
  }
  if (enhancedCode !== null) {
    const key = `X${enhancedCode.slice(1)}`;
    const info = c.enhancedByKey.get(key);
    if (info !== undefined && info.reason !== "undefined" && info.reason !== "onhold") {
      const temporary = reply.family === "4xx";
      const reason = temporary ? (info.reasonWhenTemporary ?? info.reason) : info.reason;
      return result(reason, "enhanced-code", key, enhancedCode, detected, { enhancedInfo: info });
    }
    if (info === undefined) {
      // A detail the registry does not list (a provider's own, e.g. 5.7.606): fall back to the subject's default.
      const subject = Number(enhancedCode.split(".")[1]);
      const sub = ENHANCED_SUBJECTS.find((e) => e.subject === subject);
      if (sub !== undefined && sub.reason !== "undefined" && sub.reason !== "onhold") {
        return result(sub.reason, "enhanced-code", `X.${subject}.*`, enhancedCode, detected, {});
      }
    }
  }
  if (replyCode !== null) {
    const replyInfo = c.replyByCode.get(replyCode) ?? null;
    const byStage = reply.stage !== null ? replyInfo?.reasonByStage?.[reply.stage] : undefined;
    const seedRow = c.seedByCode.get(replyCode);
    if (byStage !== undefined && (seedRow === undefined || byStage !== seedRow.reason)) {
      return result(byStage, "reply-code", `${replyCode}@${reply.stage}`, String(replyCode), detected, { replyInfo });
    }
    if (seedRow !== undefined) {
      return result(seedRow.reason, "seed-row", seedRow.id, String(replyCode), detected, { seedRow, replyInfo });
    }
    if (replyInfo !== null) {
      return result(replyInfo.reason, "reply-code", String(replyCode), String(replyCode), detected, { replyInfo });
    }
  }
  return result("undefined", "none", "none", null, detected, {});
}

/** Provider id -> info; the first provider of an id wins, as a search of PROVIDERS in order would. */
const PROVIDER_INFO = new Map<ProviderId, ProviderInfo>();
for (const p of PROVIDERS) if (!PROVIDER_INFO.has(p.info.id)) PROVIDER_INFO.set(p.info.id, p.info);

/** The ProviderInfo of a provider id. */
export function providerInfoOf(id: ProviderId | null): ProviderInfo | null {
  if (id === null) return null;
  return PROVIDER_INFO.get(id) ?? null;
}
