// bouncewise public API: every export by name.

export { type Classification, classifyReply } from "./core/classify/classify.js";
export { buildDiagnosis, explain } from "./core/diagnose.js";
export { type CodeLookup, lookupCode } from "./core/lookup-code.js";
export { parseReply } from "./core/reply/parse-reply.js";
export type { Diagnosis, Evidence, EvidenceTable, ExplainOptions, ReplyConflict, SmtpReply } from "./core/types.js";
export {
  ENHANCED_CODES,
  PROVIDERS,
  REASONS,
  REPLY_CODES,
  SEED_ROWS,
  TEXT_PATTERNS,
} from "./knowledge/index.js";
export type * from "./knowledge/types.js";
export { NO_PAINT, type Paint, renderCard } from "./report/text-card.js";
