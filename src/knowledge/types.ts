// Types of the knowledge base: every table under src/knowledge/ is typed by these.
// Knowledge is data (reviewable by a postmaster line by line); behaviour lives in src/core/.

/** Basic reply code family (RFC 5321 section 4.2.1, first digit). */
export type Family = "2xx" | "3xx" | "4xx" | "5xx";

/** What happened to the message, read from the family and corrected by the text when they disagree. */
export type Outcome = "success" | "temporary" | "permanent" | "unknown";

export type Category =
  | "success"
  | "recipient"
  | "authentication"
  | "reputation"
  | "policy"
  | "content"
  | "server"
  | "network"
  | "protocol"
  | "sender"
  | "unknown";

/** The seed's four priority levels: Info, Monitor, Fix soon, Critical. */
export type Priority = "info" | "monitor" | "fix-soon" | "critical";

/**
 * What the sender should do next.
 * - `auto-retry`: let the MTA's automatic retries work; do not resend by hand.
 * - `fix-first`: stop resending until the cause is fixed, then test gradually.
 * - `suppress`: never resend to this address (suppress it).
 * - `none`: nothing to do (accepted, or informational).
 */
export type Retry = "auto-retry" | "fix-first" | "suppress" | "none";

/** What to verify next. Closed list so reports and the web page can link each one to a check. */
export type Check =
  | "spf"
  | "dkim"
  | "dmarc"
  | "alignment"
  | "ptr"
  | "helo"
  | "blocklist"
  | "mx"
  | "dns"
  | "tls"
  | "mailbox"
  | "address"
  | "content"
  | "volume"
  | "credentials";

/**
 * Reason vocabulary: Sisimai's reason names, kept identical so that Sisimai users can switch and results compare.
 * See src/knowledge/reasons.ts for each one's meaning, category, priority, causes and actions.
 */
export type Reason =
  | "userunknown"
  | "hostunknown"
  | "mailboxfull"
  | "emailtoolarge"
  | "suspend"
  | "hasmoved"
  | "norelaying"
  | "notaccept"
  | "authfailure"
  | "requireptr"
  | "badreputation"
  | "blocked"
  | "spamdetected"
  | "virusdetected"
  | "policyviolation"
  | "filtered"
  | "contenterror"
  | "notcompliantrfc"
  | "rejected"
  | "securityerror"
  | "ratelimited"
  | "systemerror"
  | "systemfull"
  | "mailererror"
  | "networkerror"
  | "expired"
  | "failedstarttls"
  | "syntaxerror"
  | "suppressed"
  | "delivered"
  | "feedback"
  | "vacation"
  | "onhold"
  | "undefined";

/** SMTP command stage at which a reply was given. */
export type SmtpStage =
  | "connect"
  | "ehlo"
  | "starttls"
  | "auth"
  | "mail"
  | "rcpt"
  | "data"
  | "end-of-data"
  | "quit"
  | "other";

/** The stages a user can name (--stage, the API's `stage`), in transaction order; "other" is only ever inferred. */
export const SMTP_STAGES = [
  "connect",
  "ehlo",
  "starttls",
  "auth",
  "mail",
  "rcpt",
  "data",
  "end-of-data",
  "quit",
] as const satisfies readonly SmtpStage[];

/** Identifier of a receiving provider, gateway or MTA family. */
export type ProviderId =
  | "google"
  | "microsoft"
  | "yahoo"
  | "apple"
  | "proofpoint"
  | "mimecast"
  | "barracuda"
  | "cisco"
  | "postfix"
  | "exim"
  | "sendmail"
  | "qmail"
  | "exchange"
  | "netease"
  | "tencent"
  | "orange"
  | "comcast"
  | "cox";

/**
 * A text condition. Each phrase is matched as a case-insensitive substring of the reply text after
 * normalisation (lowercase, every run of whitespace folded to one space). Phrases must therefore be written
 * in lowercase with single spaces. A string matches when it occurs; an array matches when every one of its
 * strings occurs (in any order). Substring matching keeps classification linear in the input length.
 */
export type Phrase = string | readonly string[];

/** Conditions of a rule. Every condition given must hold; a rule must give `text` or `enhancedCodes`. */
export interface RuleMatch {
  /** Any of these phrases (see Phrase). */
  readonly text?: readonly Phrase[];
  /** Any of these enhanced status codes, exact ("5.7.26"). */
  readonly enhancedCodes?: readonly string[];
  /** Any of these basic reply codes (550, 421 ...). */
  readonly replyCodes?: readonly number[];
  /** Only when the reply is at one of these SMTP stages (when the stage is known; unknown stage passes). */
  readonly stages?: readonly SmtpStage[];
  /**
   * Only when the provider was recognised from the text (host names, tags), not merely from this rule.
   * Use it for rules whose text or code alone is too generic to name the provider.
   */
  readonly providerOnly?: boolean;
}

/** Fields that a rule may set to refine the reason's defaults. */
interface RuleOverrides {
  readonly category?: Category;
  readonly priority?: Priority;
  /**
   * The outcome when the reply carries no basic reply code ("Connection timed out", "4.4.7 Queue expired"). A basic
   * reply code always decides the outcome: when a text contradicts its code, both are kept and the contradiction
   * is reported (`conflicts`), the code is not overruled.
   */
  readonly outcome?: "temporary" | "permanent";
  /** Whether the address should be suppressed; defaults to the reason's `hardBounce` on permanent outcomes. */
  readonly hardBounce?: boolean;
  readonly retry?: Retry;
  readonly checks?: readonly Check[];
  /**
   * The reason when the reply is temporary (class 4), where the provider sends the same text in both classes
   * with two meanings: Gmail's 421 4.7.28 "temporarily rate limited" (ratelimited) vs 550 5.7.28 "blocked".
   */
  readonly reasonWhenTemporary?: Reason;
}

/** A provider's own rule: one documented reply of one receiver (Gmail, Microsoft, a gateway, an MTA). */
export interface ProviderRule extends RuleOverrides {
  /** Stable id, `provider.short-name` in kebab case, e.g. `google.unauthenticated-sender`. */
  readonly id: string;
  readonly provider: ProviderId;
  readonly match: RuleMatch;
  readonly reason: Reason;
  /** What the provider means by this reply, in our words. */
  readonly meaning: string;
  readonly causes: readonly string[];
  /** Ordered, first thing first. */
  readonly actions: readonly string[];
  /** Where the provider documents it (URL) or the MTA source file. */
  readonly source: string;
  /** A reply as the provider sends it; a test checks that it classifies back to this rule. */
  readonly example: string;
}

/** A generic text pattern (not tied to a provider): a phrase that, wherever it appears, names the reason. */
export interface TextPattern extends RuleOverrides {
  /** Stable id, `text.reason.short-name`, e.g. `text.userunknown.no-such-user`. */
  readonly id: string;
  readonly match: RuleMatch;
  readonly reason: Reason;
  /** A short note of what the phrase tells, in our words. */
  readonly meaning: string;
  /** Where the wording comes from (MTA source, RFC, provider doc). */
  readonly source: string;
  readonly example: string;
}

/** One reason of the vocabulary with everything a diagnosis needs by default. */
export interface ReasonInfo {
  readonly reason: Reason;
  readonly category: Category;
  readonly priority: Priority;
  /** True when a permanent failure for this reason means the address should be suppressed. */
  readonly hardBounce: boolean;
  /** What to do, when the outcome is permanent / temporary. */
  readonly retryWhenPermanent: Retry;
  readonly retryWhenTemporary: Retry;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly actions: readonly string[];
  readonly checks: readonly Check[];
}

/** One entry of the IANA "SMTP Enhanced Status Codes" registry, subject.detail part (class-independent). */
export interface EnhancedCodeInfo {
  /** "X.1.1": subject and detail with X standing for the class. */
  readonly code: string;
  readonly title: string;
  /** Our summary of the registry's description. */
  readonly meaning: string;
  /** Reference as the registry gives it, e.g. "RFC 3463" or "RFC 7372". */
  readonly reference: string;
  /** Classes the registry lists as used with this code. */
  readonly classes: readonly (2 | 4 | 5)[];
  /** Reason we assign when nothing more specific decided. */
  readonly reason: Reason;
  /** Reason for the class-4 (temporary) use when it reads differently, e.g. 4.2.1 "receiving too fast". */
  readonly reasonWhenTemporary?: Reason;
}

/** A basic reply code of RFC 5321 (section 4.2) or an extension (RFC 7504, RFC 4954, RFC 3207). */
export interface ReplyCodeInfo {
  readonly code: number;
  readonly title: string;
  readonly meaning: string;
  readonly reference: string;
  /** Default reason when nothing more specific decided. */
  readonly reason: Reason;
  /** Reason by stage, when the stage changes the reading (552 at RCPT vs at end of data). */
  readonly reasonByStage?: Partial<Record<SmtpStage, Reason>>;
}

/**
 * A row of the seed guide's main table (../shared/seed), in our words and fuller. These rows decide the priority,
 * category and advice when the reply carries only the code (or a code pair) and no more specific rule matched.
 */
export interface SeedRow extends RuleOverrides {
  readonly id: string;
  readonly replyCode: number;
  /** For rows such as "550 5.1.1"; absent for a bare reply code row. */
  readonly enhancedCode?: string;
  /** The seed's "Type" column as written there. */
  readonly seedType: string;
  readonly reason: Reason;
  readonly category: Category;
  readonly priority: Priority;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly actions: readonly string[];
  readonly checks: readonly Check[];
  readonly example: string;
}

/** How a provider is recognised from a reply: host names, tags and phrases that only it uses. */
export interface ProviderInfo {
  readonly id: ProviderId;
  readonly name: string;
  /** Lowercase substrings of host names or tags that identify the provider (e.g. "gsmtp", ".protection.outlook.com"). */
  readonly markers: readonly string[];
  /** Postmaster or troubleshooting page. */
  readonly reference: string;
}

/** Identity helpers: they only give types to data modules (`defineProviderRules([...])`). */
export function defineProviderRules<const T extends readonly ProviderRule[]>(rules: T): T {
  return rules;
}
export function defineTextPatterns<const T extends readonly TextPattern[]>(patterns: T): T {
  return patterns;
}

/** Every enhanced code `prefix.d` for d in [from, to]: providers document some codes as ranges (5.7.606-649). */
export function codeRange(prefix: string, from: number, to: number): string[] {
  const codes: string[] = [];
  for (let d = from; d <= to; d++) codes.push(`${prefix}.${d}`);
  return codes;
}

/**
 * The one reading of greylisting, shared by every rule that recognises it: a deliberate timed deferral that the
 * sending MTA's next retry gets through, so nothing to fix and nothing to check.
 */
export const GREYLISTING_READING = {
  reason: "ratelimited",
  category: "policy",
  priority: "info",
  outcome: "temporary",
  hardBounce: false,
  retry: "auto-retry",
} as const satisfies Partial<ProviderRule>;
