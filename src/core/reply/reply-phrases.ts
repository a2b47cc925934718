// The phrases parseReply looks for (command stage, wording that contradicts a code, the wrapper trailer), in
// one phrase automaton: one pass over the text instead of one search per phrase.

import type { SmtpStage } from "../../knowledge/types.js";

/** Commands, by stage, in the order of precedence (end of data before data: one contains the other). */
const STAGE_COMMANDS: readonly (readonly [string, SmtpStage])[] = [
  ["end of data", "end-of-data"],
  ["rcpt to", "rcpt"],
  ["mail from", "mail"],
  ["data", "data"],
  ["starttls", "starttls"],
  ["ehlo", "ehlo"],
  ["helo", "ehlo"],
  ["auth", "auth"],
  ["quit", "quit"],
];
/** Words around a command that make it the answered command, not prose ("in reply to RCPT TO command"). */
const STAGE_BEFORE: readonly string[] = ["in reply to ", "after ", "during ", "for ", "at ", "reply to "];
const STAGE_AFTER: readonly string[] = [" command", ":"];
/** Whole phrases that name a stage by themselves. */
const STAGE_WHOLE: readonly (readonly [string, SmtpStage])[] = [
  ["end of data", "end-of-data"], // the reply to the final dot (RFC 5321 section 4.1.1.4)
  ["final data", "end-of-data"], // qmail-remote: "did not like our final DATA"
  ["rcpt command", "rcpt"],
  ["mail command", "mail"],
  ["initial greeting", "connect"],
  ["server greeting", "connect"],
  ["initial connection", "connect"],
  ["smtp greeting", "connect"],
  ["connect to ", "connect"],
  ["while connecting", "connect"],
];

export const TEMPORARY_WORDS: readonly string[] = [
  "try again later",
  "please try again",
  "temporarily",
  "temporary failure",
];
export const PERMANENT_WORDS: readonly string[] = [
  "permanently",
  "will not succeed",
  "retrying will not",
  "do not retry",
  "permanent failure",
  "not be retried",
];

export type ReplyPhraseKind =
  | { readonly kind: "stage"; readonly stage: SmtpStage; readonly rank: number }
  | { readonly kind: "temporary"; readonly word: string }
  | { readonly kind: "permanent"; readonly word: string }
  | { readonly kind: "trailer" }
  /** The text names where the reply came from, or carries an AOL-style tag: run that extractor. */
  | { readonly kind: "hint"; readonly hint: keyof ExtractHints };

/** Which of the costlier extractors have something to find (set from the one phrase scan). */
export interface ExtractHints {
  host: boolean;
  talkingTo: boolean;
  remoteMta: boolean;
  aolTag: boolean;
}

/** AOL's legacy tags ("HVU:B1", "RTR:BL", "DYN:T1"), by prefix. */
export const AOL_TAG_PREFIXES: readonly string[] = [
  "hvu:",
  "rtr:",
  "dyn:",
  "rly:",
  "con:",
  "dns:",
  "mpl:",
  "plc:",
  "spf:",
  "ipts:",
];

/** The phrases and what each means; they are compiled into the classifier's phrase index (one scan for both). */
export interface ReplyPhrases {
  readonly phrases: readonly string[];
  readonly kinds: readonly ReplyPhraseKind[];
}

function buildReplyPhrases(): ReplyPhrases {
  const phrases: string[] = [];
  const kinds: ReplyPhraseKind[] = [];
  const add = (p: string, k: ReplyPhraseKind): void => {
    phrases.push(p);
    kinds.push(k);
  };
  let rank = 0;
  for (const [cmd, stage] of STAGE_COMMANDS) {
    for (const b of STAGE_BEFORE) add(b + cmd, { kind: "stage", stage, rank });
    for (const a of STAGE_AFTER) add(cmd + a, { kind: "stage", stage, rank });
    rank++;
  }
  for (const [p, stage] of STAGE_WHOLE) add(p, { kind: "stage", stage, rank: stage === "end-of-data" ? -1 : rank++ });
  for (const w of TEMPORARY_WORDS) add(w, { kind: "temporary", word: w });
  for (const w of PERMANENT_WORDS) add(w, { kind: "permanent", word: w });
  add("(in reply to ", { kind: "trailer" });
  for (const h of ["host ", "host:"]) add(h, { kind: "hint", hint: "host" });
  add("talking to", { kind: "hint", hint: "talkingTo" });
  add("remote-mta", { kind: "hint", hint: "remoteMta" });
  for (const t of AOL_TAG_PREFIXES) add(t, { kind: "hint", hint: "aolTag" });
  return { phrases, kinds };
}

export const REPLY_PHRASES: ReplyPhrases = buildReplyPhrases();
