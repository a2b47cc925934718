// The stages of the explain pipeline as types: SmtpReply (what the text says) -> Classification (which rule
// decided) -> Diagnosis (what it means and what to do). All plain, serialisable data.

import type {
  Category,
  Check,
  Family,
  Outcome,
  Priority,
  ProviderId,
  Reason,
  Retry,
  SmtpStage,
} from "../knowledge/types.js";

/** A disagreement found while reading a reply, kept as a note rather than silently resolved. */
export interface ReplyConflict {
  readonly kind: "class-mismatch" | "text-says-temporary" | "text-says-permanent";
  readonly message: string;
}

/** What `parseReply` found in a string. Every field is null or empty when the text does not state it. */
export interface SmtpReply {
  /** Basic reply code (RFC 5321 section 4.2), e.g. 550. */
  readonly replyCode: number | null;
  /** Enhanced status code (RFC 3463 class.subject.detail), e.g. "5.7.26". */
  readonly enhancedCode: string | null;
  readonly family: Family | null;
  /** The SMTP command the reply answered, when stated ("in reply to RCPT TO command"). */
  readonly stage: SmtpStage | null;
  /** Remote server host name, when stated (Postfix `host X[ip] said:`, Exim `host X [ip]:` ...). */
  readonly remoteHost: string | null;
  readonly remoteIp: string | null;
  /** Email addresses in the text, in order of appearance, without duplicates. */
  readonly addresses: readonly string[];
  /** IP addresses in the text (any role), in order of appearance, without duplicates. */
  readonly ips: readonly string[];
  /** Bracketed provider tags such as "TSS04", "S3150", "AS(201806281)", "CS01". */
  readonly tags: readonly string[];
  /** The reply text with codes, continuation prefixes and wrappers removed, whitespace folded. */
  readonly text: string;
  /** The whole input, unwrapped (JSON string decoded) and with whitespace folded to single spaces. */
  readonly full: string;
  readonly conflicts: readonly ReplyConflict[];
}

/** Which table decided the classification. */
export type EvidenceTable = "provider-rule" | "text-pattern" | "seed-row" | "enhanced-code" | "reply-code" | "none";

export interface Evidence {
  /** Id of the deciding rule: a provider rule id, a text pattern id, a seed row id, "X.1.1", "550", or "none". */
  readonly rule: string;
  readonly table: EvidenceTable;
  /** The text that matched (phrase, code), when a text decided. */
  readonly matched: string | null;
}

/** The answer of `explain`: what a person needs to act on one reply. Field names are part of the public API. */
export interface Diagnosis {
  readonly replyCode: number | null;
  readonly enhancedCode: string | null;
  readonly family: Family | null;
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly category: Category;
  readonly priority: Priority;
  /** True when the address itself should be suppressed. */
  readonly hardBounce: boolean;
  readonly retry: Retry;
  readonly provider: ProviderId | null;
  readonly providerName: string | null;
  readonly meaning: string;
  /** What the provider says this reply means, when a provider rule decided. */
  readonly providerMeaning: string | null;
  readonly causes: readonly string[];
  readonly actions: readonly string[];
  readonly checks: readonly Check[];
  readonly references: readonly string[];
  readonly evidence: Evidence;
  /** Meanings of the codes themselves, from RFC 5321 and the IANA registry. */
  readonly codeMeanings: {
    readonly replyCode: string | null;
    readonly enhancedCode: string | null;
  };
  readonly stage: SmtpStage | null;
  readonly remoteHost: string | null;
  readonly remoteIp: string | null;
  readonly addresses: readonly string[];
  readonly tags: readonly string[];
  readonly text: string;
  readonly conflicts: readonly ReplyConflict[];
}

export interface ExplainOptions {
  /** Provider to assume when the text does not name one (e.g. known from the recipient's MX). */
  readonly provider?: ProviderId;
  /** SMTP stage to assume when the text does not state it. */
  readonly stage?: SmtpStage;
}
