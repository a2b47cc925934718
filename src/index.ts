// bouncewise public API: every export by name.

export { DECODERS } from "./core/bounce/decoders/index.js";
export { MAX_INPUT_BYTES, parseBounce } from "./core/bounce/parse-bounce.js";
export type {
  BounceDecoder,
  BounceMail,
  BounceResult,
  DecodedMail,
  DecodedRecipient,
  OriginalMessage,
  ParseBounceOptions,
  ParsedBounce,
} from "./core/bounce/types.js";
export { type Classification, classifyReply } from "./core/classify/classify.js";
export { buildDiagnosis, explain } from "./core/diagnose.js";
export { type CodeLookup, lookupCode } from "./core/lookup-code.js";
export { parseReply } from "./core/reply/parse-reply.js";
export type { Diagnosis, Evidence, EvidenceTable, ExplainOptions, ReplyConflict, SmtpReply } from "./core/types.js";
export { BOUNCE_VERDICTS, type BounceVerdictRule } from "./knowledge/bounce-verdicts.js";
export {
  ENHANCED_CODES,
  PROVIDERS,
  REASONS,
  REPLY_CODES,
  SEED_ROWS,
  TEXT_PATTERNS,
} from "./knowledge/index.js";
export { MAILBOX_DOMAINS, providerOfDomainOrHost } from "./knowledge/mailbox-domains.js";
export type * from "./knowledge/types.js";
export { NO_PAINT, type Paint, renderCard } from "./report/text-card.js";
