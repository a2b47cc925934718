// parseReply: reads the codes, stage, hosts, addresses and text out of any string that carries an SMTP reply
// (a bare reply, a DSN Diagnostic-Code, a Postfix/Exim/Exchange wrapper, a JSON string from an ESP event).
// Never throws; every scan is linear in the input length (bounded quantifiers only: the text is attacker-controlled).

import type { Family, SmtpStage } from "../../knowledge/types.js";
import { scanPhrases } from "../classify/classify.js";
import { HitBuffer } from "../classify/phrase-matcher.js";
import type { ReplyConflict, SmtpReply } from "../types.js";
import { extractAddresses, extractIps, extractRemote, extractTags } from "./extract.js";
import { findCodes } from "./find-codes.js";
import { type ExtractHints, REPLY_PHRASES, type ReplyPhraseKind } from "./reply-phrases.js";
import { unwrapInput } from "./unwrap.js";

function familyOf(digit: number): Family | null {
  switch (digit) {
    case 2:
      return "2xx";
    case 3:
      return "3xx";
    case 4:
      return "4xx";
    case 5:
      return "5xx";
    default:
      return null;
  }
}

// Scratch buffer of one synchronous call: after parseReply it holds every phrase of `full` (see lastScan).
const HITS = new HitBuffer();

/** The phrase hits of the last parseReply call's `full` text, for explain to classify without a second scan. */
export function lastScan(): HitBuffer {
  return HITS;
}

/** What the reply phrases say: the stage, and words that contradict the code (only those inside the reply text). */
function readPhrases(
  full: string,
  textFrom: number,
): {
  stage: SmtpStage | null;
  temporaryWord: string | null;
  permanentWord: string | null;
  trailerAt: number;
  hints: ExtractHints;
} {
  const kinds = REPLY_PHRASES.kinds;
  const hints: ExtractHints = { host: false, talkingTo: false, remoteMta: false, aolTag: false };
  let stage: SmtpStage | null = null;
  let stageRank = Number.POSITIVE_INFINITY;
  let temporaryWord: string | null = null;
  let permanentWord: string | null = null;
  let trailerAt = -1;
  HITS.count = 0;
  const base = scanPhrases(full, HITS);
  for (let h = 0; h < HITS.count; h++) {
    const id = HITS.ids[h] as number;
    if (id < base) continue;
    const k = kinds[id - base] as ReplyPhraseKind;
    const end = HITS.ends[h] as number;
    if (k.kind === "stage") {
      if (k.rank < stageRank) {
        stage = k.stage;
        stageRank = k.rank;
      }
    } else if (k.kind === "trailer") trailerAt = end - "(in reply to".length;
    else if (k.kind === "hint") hints[k.hint] = true;
    else if (end >= textFrom) {
      if (k.kind === "temporary") temporaryWord ??= k.word;
      else permanentWord ??= k.word;
    }
  }
  return { stage, temporaryWord, permanentWord, trailerAt, hints };
}

function findConflicts(
  replyCode: number | null,
  enhancedCode: string | null,
  temporaryWord: string | null,
  permanentWord: string | null,
): readonly ReplyConflict[] {
  const basicClass = replyCode === null ? null : Math.floor(replyCode / 100);
  const enhancedClass = enhancedCode === null ? null : Number(enhancedCode[0]);
  const cls = basicClass ?? enhancedClass;
  const mismatch = basicClass !== null && enhancedClass !== null && basicClass !== enhancedClass;
  if (!mismatch && !(cls === 5 && temporaryWord !== null) && !(cls === 4 && permanentWord !== null))
    return NO_CONFLICTS;
  const conflicts: ReplyConflict[] = [];
  if (mismatch) {
    const acts = basicClass === 5 ? "permanent" : basicClass === 4 ? "temporary" : `class ${basicClass}`;
    conflicts.push({
      kind: "class-mismatch",
      message: `Reply code ${replyCode} is class ${basicClass} but enhanced code ${enhancedCode} is class ${enhancedClass}; RFC 3463 section 2 says they must agree. The sending MTA acts on the basic code (${acts}).`,
    });
  }
  if (cls === 5 && temporaryWord !== null) {
    conflicts.push({
      kind: "text-says-temporary",
      message: `The code is permanent (5xx) but the text says "${temporaryWord}": the condition may clear; resend only after checking it did.`,
    });
  } else if (cls === 4 && permanentWord !== null) {
    conflicts.push({
      kind: "text-says-permanent",
      message: `The code is temporary (4xx) but the text says "${permanentWord}": automatic retries will likely fail until the cause is fixed.`,
    });
  }
  return conflicts;
}

const NO_CONFLICTS: readonly ReplyConflict[] = Object.freeze([]);
const NO_IPS: readonly string[] = Object.freeze([]);

/** Removes the repeated prefixes of a multi-line reply ("550-5.7.26 ", "550 5.7.26 ", "550-") after the first one. */
function removeContinuations(flat: string, from: number, code: string, enhanced: string | null): string {
  // Most replies are one line: nothing to do unless the code, or the enhanced code, comes again.
  if (flat.indexOf(code, from) === -1 && (enhanced === null || flat.indexOf(enhanced, from) === -1)) return flat;
  let tail = flat.slice(from);
  const prefixes = enhanced === null ? [` ${code}-`] : [` ${code}-${enhanced} `, ` ${code} ${enhanced} `, ` ${code}-`];
  const multiLine =
    tail.includes(` ${code}-`) ||
    flat.charCodeAt(enhanced === null ? from : from - enhanced.length - 1) === 45 ||
    flat.startsWith(`${code}-`);
  for (const p of prefixes) {
    if (tail.includes(p)) tail = tail.split(p).join(" ");
  }
  // Some MTAs log continuation lines with the enhanced code only ("... a potential 5.7.0 security issue").
  if (enhanced !== null && tail.includes(` ${enhanced} `)) tail = tail.split(` ${enhanced} `).join(" ");
  // The last line of a multi-line reply carries "550 " (space, no enhanced code): drop that one prefix too.
  const last = ` ${code} `;
  const lastAt = tail.lastIndexOf(last);
  if (multiLine && enhanced === null && lastAt !== -1)
    tail = tail.slice(0, lastAt) + tail.slice(lastAt + last.length - 1);
  return flat.slice(0, from) + tail;
}

const LEADING_WRAPPERS: readonly string[] = ["smtp;", "x-postfix;", "x-unix;", "mailer-daemon;"];

/** First letters of LEADING_WRAPPERS, both cases: most texts start otherwise and skip the slice and lowercasing. */
const WRAPPER_INITIALS = "sSxXmM";

function stripLeadingWrapper(text: string): string {
  if (text === "" || !WRAPPER_INITIALS.includes(text.charAt(0))) return text;
  const head = text.slice(0, 16).toLowerCase();
  for (const w of LEADING_WRAPPERS) {
    if (head.startsWith(w)) return text.slice(w.length).trimStart();
  }
  return text;
}

/**
 * Whitespace to fold: runs of two or more, and any single whitespace other than a space. A charCodeAt loop was
 * twice as slow as this regex on the bench: the regex engine's native scan wins on replies that need no folding.
 */
const FOLD = /[ \t\n\r\f\v\u00a0]{2,}|[\t\n\r\f\v\u00a0]/g;

/** Index of the first character at or after `from` that is not reply-code punctuation (" :;,-"). */
function skipLeadingPunct(s: string, from: number): number {
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 58 && c !== 59 && c !== 44 && c !== 45) break;
  }
  return i;
}

/**
 * Reads an SMTP reply out of any string.
 * @example parseReply("host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: Recipient address rejected (in reply to RCPT TO command)")
 *   // => { replyCode: 550, enhancedCode: "5.1.1", stage: "rcpt", remoteHost: "mx.example.com", ... }
 */
export function parseReply(input: string): SmtpReply {
  return readReply(input, true);
}

/**
 * parseReply's body. `withIps: false` skips the IP-address search, which no Diagnosis field needs: explain reads
 * replies that way (the reply it builds is never handed out).
 */
export function readReply(input: string, withIps: boolean): SmtpReply {
  const source = typeof input === "string" ? input : String(input ?? "");
  const flat = unwrapInput(source).replace(FOLD, " ").trim();
  const codes = findCodes(flat);
  let full = flat;
  let textFrom = 0;
  let quote: string | null = null;
  if (codes.replyCode !== null && codes.replyAt !== -1) {
    full = removeContinuations(
      flat,
      codes.textAt,
      String(codes.replyCode),
      codes.enhancedAdjacent ? codes.enhancedCode : null,
    );
    const before = codes.replyAt > 0 ? full[codes.replyAt - 1] : undefined;
    quote = before === "'" || before === '"' ? before : null;
    textFrom = codes.textAt;
  } else if (codes.enhancedCode !== null && codes.enhancedAt !== -1) {
    // Only an enhanced code ("#5.1.1", "5.7.1 Relaying denied"): drop the code repeated on continuation lines.
    const cut = codes.enhancedAt + codes.enhancedCode.length;
    const repeated = ` ${codes.enhancedCode} `;
    if (flat.indexOf(repeated, cut) !== -1) full = flat.slice(0, cut) + flat.slice(cut).split(repeated).join(" ");
  }
  const phrases = readPhrases(full, textFrom);
  let text = textFrom > 0 ? full.slice(skipLeadingPunct(full, textFrom)) : stripLeadingWrapper(full);
  // The Postfix trailer "(in reply to RCPT TO command)" is wrapper, not reply.
  if (phrases.trailerAt !== -1 && full.slice(-8).toLowerCase() === "command)") {
    const cut = text.length - (full.length - phrases.trailerAt);
    if (cut >= 0) text = text.slice(0, cut).trimEnd();
  }
  if (quote !== null && text.endsWith(quote)) text = text.slice(0, -1).trimEnd();
  const remote = extractRemote(full, phrases.hints);
  const replyCode = codes.replyCode;
  const enhancedCode = codes.enhancedCode;
  const familyDigit =
    replyCode !== null ? Math.floor(replyCode / 100) : enhancedCode !== null ? Number(enhancedCode[0]) : 0;
  return {
    replyCode,
    enhancedCode,
    family: familyOf(familyDigit),
    stage: phrases.stage,
    remoteHost: remote.host,
    remoteIp: remote.ip,
    addresses: extractAddresses(full),
    ips: withIps ? extractIps(full) : NO_IPS,
    tags: extractTags(full, phrases.hints),
    text,
    full,
    conflicts: findConflicts(replyCode, enhancedCode, phrases.temporaryWord, phrases.permanentWord),
  };
}
