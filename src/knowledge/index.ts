// The knowledge base's public face: every table, and the ordered lists the classifier compiles.
// To add a provider: write providers/<name>.ts (a ProviderInfo and its rules), then add it to PROVIDERS below.

import { ENHANCED_CODES as ENHANCED_CODE_TABLE } from "./enhanced-codes.js";
import { APPLE, APPLE_RULES } from "./providers/apple.js";
import { BARRACUDA, BARRACUDA_RULES } from "./providers/barracuda.js";
import { CISCO, CISCO_RULES } from "./providers/cisco.js";
import { COMCAST, COMCAST_RULES } from "./providers/comcast.js";
import { COX, COX_RULES } from "./providers/cox.js";
import { EXCHANGE, EXCHANGE_RULES } from "./providers/exchange.js";
import { EXIM, EXIM_RULES } from "./providers/exim.js";
import { GOOGLE, GOOGLE_RULES } from "./providers/google.js";
import { MICROSOFT, MICROSOFT_RULES } from "./providers/microsoft.js";
import { MIMECAST, MIMECAST_RULES } from "./providers/mimecast.js";
import { NETEASE, NETEASE_RULES } from "./providers/netease.js";
import { ORANGE, ORANGE_RULES } from "./providers/orange.js";
import { POSTFIX, POSTFIX_RULES } from "./providers/postfix.js";
import { PROOFPOINT, PROOFPOINT_RULES } from "./providers/proofpoint.js";
import { QMAIL, QMAIL_RULES } from "./providers/qmail.js";
import { SENDMAIL, SENDMAIL_RULES } from "./providers/sendmail.js";
import { TENCENT, TENCENT_RULES } from "./providers/tencent.js";
import { YAHOO, YAHOO_RULES } from "./providers/yahoo.js";
import { REASONS as REASON_TABLE } from "./reasons.js";
import { REPLY_CODES as REPLY_CODE_TABLE } from "./reply-codes.js";
import { SEED_ROWS as SEED_TABLE } from "./seed-table.js";
import { TEXT_PATTERNS as TEXT_PATTERN_TABLE } from "./text-patterns.js";
import type {
  EnhancedCodeInfo,
  ProviderInfo,
  ProviderRule,
  ReasonInfo,
  ReplyCodeInfo,
  SeedRow,
  TextPattern,
} from "./types.js";

export { ENHANCED_CLASSES, ENHANCED_SUBJECTS } from "./enhanced-codes.js";
export type * from "./types.js";

// The tables under their wide types: the data modules keep their literal types for review, users get these.
export const ENHANCED_CODES: readonly EnhancedCodeInfo[] = ENHANCED_CODE_TABLE;
export const REASONS: readonly ReasonInfo[] = REASON_TABLE;
export const REPLY_CODES: readonly ReplyCodeInfo[] = REPLY_CODE_TABLE;
export const SEED_ROWS: readonly SeedRow[] = SEED_TABLE;
export const TEXT_PATTERNS: readonly TextPattern[] = TEXT_PATTERN_TABLE;

export interface ProviderModule {
  readonly info: ProviderInfo;
  readonly rules: readonly ProviderRule[];
  /**
   * Receivers (mailbox providers, gateways) are recognised from host names and tags in the text. MTA families
   * are not: their wrappers ("said:", "(in reply to ...)") are written by the *sending* MTA, so an MTA is named
   * as provider only when one of its own rules decided.
   */
  readonly detect: boolean;
}

/**
 * Provider modules in priority order: when a provider is recognised its rules are tried first; otherwise all
 * provider rules are tried in this order, before the generic text patterns.
 */
export const PROVIDERS: readonly ProviderModule[] = [
  { info: GOOGLE, rules: GOOGLE_RULES, detect: true },
  { info: MICROSOFT, rules: MICROSOFT_RULES, detect: true },
  { info: YAHOO, rules: YAHOO_RULES, detect: true },
  { info: APPLE, rules: APPLE_RULES, detect: true },
  { info: PROOFPOINT, rules: PROOFPOINT_RULES, detect: true },
  { info: MIMECAST, rules: MIMECAST_RULES, detect: true },
  { info: BARRACUDA, rules: BARRACUDA_RULES, detect: true },
  { info: CISCO, rules: CISCO_RULES, detect: true },
  { info: EXCHANGE, rules: EXCHANGE_RULES, detect: true },
  { info: NETEASE, rules: NETEASE_RULES, detect: true },
  { info: TENCENT, rules: TENCENT_RULES, detect: true },
  { info: ORANGE, rules: ORANGE_RULES, detect: true },
  { info: COMCAST, rules: COMCAST_RULES, detect: true },
  { info: COX, rules: COX_RULES, detect: true },
  { info: POSTFIX, rules: POSTFIX_RULES, detect: false },
  { info: EXIM, rules: EXIM_RULES, detect: false },
  { info: SENDMAIL, rules: SENDMAIL_RULES, detect: false },
  { info: QMAIL, rules: QMAIL_RULES, detect: false },
];
