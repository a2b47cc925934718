// lookupCode: what the knowledge base knows of one basic reply code ("550") or enhanced code ("5.7.26", "X.7.26").

import { ENHANCED_CODES, PROVIDERS, REPLY_CODES, SEED_ROWS } from "../knowledge/index.js";
import type { EnhancedCodeInfo, ProviderRule, ReplyCodeInfo, SeedRow } from "../knowledge/types.js";

export interface CodeLookup {
  readonly query: string;
  readonly kind: "reply" | "enhanced";
  readonly reply: ReplyCodeInfo | null;
  readonly enhanced: EnhancedCodeInfo | null;
  /** Rows of the seed guide's table for this code. */
  readonly seedRows: readonly SeedRow[];
  /** Provider rules that name this code, as `{ id, provider, meaning }`. */
  readonly providerRules: readonly { readonly id: string; readonly provider: string; readonly meaning: string }[];
}

const REPLY_RE = /^[2-5][0-9][0-9]$/;
const ENHANCED_RE = /^([245x])\.(\d{1,3})\.(\d{1,3})$/i;

/** Returns null when `query` is neither a reply code nor an enhanced code. */
export function lookupCode(query: string): CodeLookup | null {
  const q = query.trim();
  if (REPLY_RE.test(q)) {
    const code = Number(q);
    const rules = PROVIDERS.flatMap((p) => p.rules as readonly ProviderRule[]).filter((r) =>
      r.match.replyCodes?.includes(code),
    );
    return {
      query: q,
      kind: "reply",
      reply: (REPLY_CODES as readonly ReplyCodeInfo[]).find((r) => r.code === code) ?? null,
      enhanced: null,
      seedRows: (SEED_ROWS as readonly SeedRow[]).filter((r) => r.replyCode === code),
      providerRules: rules.map((r) => ({ id: r.id, provider: r.provider, meaning: r.meaning })),
    };
  }
  const m = ENHANCED_RE.exec(q);
  if (m === null) return null;
  const key = `X.${Number(m[2])}.${Number(m[3])}`;
  const cls = m[1]?.toLowerCase() === "x" ? null : `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
  const rules = PROVIDERS.flatMap((p) => p.rules as readonly ProviderRule[]).filter((r) =>
    (r.match.enhancedCodes ?? []).some((c) => (cls === null ? `X${c.slice(1)}` === key : c === cls)),
  );
  return {
    query: q,
    kind: "enhanced",
    reply: null,
    enhanced: (ENHANCED_CODES as readonly EnhancedCodeInfo[]).find((e) => e.code === key) ?? null,
    seedRows: (SEED_ROWS as readonly SeedRow[]).filter((r) => cls !== null && r.enhancedCode === cls),
    providerRules: rules.map((r) => ({ id: r.id, provider: r.provider, meaning: r.meaning })),
  };
}
