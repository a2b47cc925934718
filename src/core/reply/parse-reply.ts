// parseReply: reads the codes, stage, hosts, addresses and text out of any string that carries an SMTP reply
// (a bare reply, a DSN Diagnostic-Code, a Postfix/Exim/Exchange wrapper, a JSON string from an ESP event).
// Never throws; every scan is linear in the input length (bounded quantifiers only: the text is attacker-controlled).

import type { Family, SmtpStage } from "../../knowledge/types.js";
import type { ReplyConflict, SmtpReply } from "../types.js";
import { extractAddresses, extractIps, extractRemote, extractTags } from "./extract.js";
import { findCodes } from "./find-codes.js";
import { unwrapInput } from "./unwrap.js";

/** Phrases that state the SMTP stage, checked in this order (end of data before data: one contains the other). */
const STAGE_PHRASES: readonly (readonly [string, SmtpStage])[] = [
  ["end of data", "end-of-data"],
  ["after data command", "end-of-data"], // Exim says "after end of data" or "after DATA"; RFC 5321 final dot
  ["rcpt to", "rcpt"],
  ["rcpt command", "rcpt"],
  ["mail from", "mail"],
  ["mail command", "mail"],
  ["in reply to data", "data"],
  ["after data", "data"],
  ["data command", "data"],
  ["starttls", "starttls"],
  ["in reply to ehlo", "ehlo"],
  ["in reply to helo", "ehlo"],
  ["after ehlo", "ehlo"],
  ["after helo", "ehlo"],
  ["ehlo command", "ehlo"],
  ["helo command", "ehlo"],
  ["in reply to auth", "auth"],
  ["after auth", "auth"],
  ["auth command", "auth"],
  ["initial greeting", "connect"],
  ["server greeting", "connect"],
  ["initial connection", "connect"],
  ["smtp greeting", "connect"],
  ["in reply to quit", "quit"],
  ["after quit", "quit"],
];

/** Wrappers that say which command was answered: only these prefixes make a STAGE_PHRASES hit count. */
const STAGE_CONTEXTS: readonly string[] = ["in reply to ", "after ", "during ", "for ", "at ", "reply to ", "to "];

/** Phrases that say the failure will or will not go away, to detect a code that contradicts its text. */
const TEMPORARY_WORDS: readonly string[] = ["try again later", "please try again", "temporarily", "temporary failure"];
const PERMANENT_WORDS: readonly string[] = [
  "permanently",
  "will not succeed",
  "retrying will not",
  "do not retry",
  "permanent failure",
  "not be retried",
];

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

function findStage(lower: string): SmtpStage | null {
  for (const [phrase, stage] of STAGE_PHRASES) {
    let at = lower.indexOf(phrase);
    while (at !== -1) {
      // "after RCPT TO:<a@b>" or "(in reply to RCPT TO command)" or "RCPT TO command": a command context, not prose.
      if (phrase.endsWith("command") || phrase.startsWith("in reply") || phrase.startsWith("after ")) return stage;
      for (const ctx of STAGE_CONTEXTS) {
        if (at >= ctx.length && lower.startsWith(ctx, at - ctx.length)) return stage;
      }
      const after = lower.charCodeAt(at + phrase.length);
      if (after === 58 /* ':' */ && (phrase === "rcpt to" || phrase === "mail from")) return stage;
      at = lower.indexOf(phrase, at + 1);
    }
  }
  if (lower.includes("connect to ") || lower.includes("while connecting")) return "connect";
  return null;
}

function findConflicts(
  replyCode: number | null,
  enhancedCode: string | null,
  lowerText: string,
): readonly ReplyConflict[] {
  const conflicts: ReplyConflict[] = [];
  const basicClass = replyCode === null ? null : Math.floor(replyCode / 100);
  const enhancedClass = enhancedCode === null ? null : Number(enhancedCode[0]);
  if (basicClass !== null && enhancedClass !== null && basicClass !== enhancedClass) {
    const acts = basicClass === 5 ? "permanent" : basicClass === 4 ? "temporary" : `class ${basicClass}`;
    conflicts.push({
      kind: "class-mismatch",
      message: `Reply code ${replyCode} is class ${basicClass} but enhanced code ${enhancedCode} is class ${enhancedClass}; RFC 3463 section 2 says they must agree. The sending MTA acts on the basic code (${acts}).`,
    });
  }
  const cls = basicClass ?? enhancedClass;
  if (cls === 5) {
    const word = TEMPORARY_WORDS.find((w) => lowerText.includes(w));
    if (word !== undefined) {
      conflicts.push({
        kind: "text-says-temporary",
        message: `The code is permanent (5xx) but the text says "${word}": the condition may clear; resend only after checking it did.`,
      });
    }
  } else if (cls === 4) {
    const word = PERMANENT_WORDS.find((w) => lowerText.includes(w));
    if (word !== undefined) {
      conflicts.push({
        kind: "text-says-permanent",
        message: `The code is temporary (4xx) but the text says "${word}": automatic retries will likely fail until the cause is fixed.`,
      });
    }
  }
  return conflicts;
}

/** Removes the repeated prefixes of a multi-line reply ("550-5.7.26 ", "550 5.7.26 ", "550-") after the first one. */
function removeContinuations(flat: string, from: number, code: string, enhanced: string | null): string {
  let head = flat.slice(0, from);
  let tail = flat.slice(from);
  const prefixes = enhanced === null ? [` ${code}-`] : [` ${code}-${enhanced} `, ` ${code} ${enhanced} `, ` ${code}-`];
  const multiLine = tail.includes(` ${code}-`) || flat.startsWith(`${code}-`);
  for (const p of prefixes) {
    if (tail.includes(p)) tail = tail.split(p).join(" ");
  }
  // The last line of a multi-line reply carries "550 " (space, no enhanced code): drop that one prefix too.
  // Some MTAs log continuation lines with the enhanced code only ("... a potential 5.7.0 security issue").
  if (enhanced !== null && tail.includes(` ${enhanced} `)) tail = tail.split(` ${enhanced} `).join(" ");
  const last = ` ${code} `;
  const lastAt = tail.lastIndexOf(last);
  if (multiLine && enhanced === null && lastAt !== -1)
    tail = tail.slice(0, lastAt) + tail.slice(lastAt + last.length - 1);
  head += tail;
  return head;
}

/** Removes the wrapper trailer "(in reply to RCPT TO command)" and a closing quote left by `returned '...'`. */
function trimWrapperTail(text: string, openingQuote: string | null): string {
  let out = text;
  const lower = out.toLowerCase();
  const at = lower.lastIndexOf("(in reply to ");
  if (at !== -1 && lower.endsWith("command)")) out = out.slice(0, at).trimEnd();
  if (openingQuote !== null && out.endsWith(openingQuote)) out = out.slice(0, -1).trimEnd();
  return out;
}

const LEADING_WRAPPERS: readonly string[] = ["smtp;", "x-postfix;", "x-unix;", "mailer-daemon;"];

function stripLeadingWrapper(text: string): string {
  const lower = text.toLowerCase();
  for (const w of LEADING_WRAPPERS) {
    if (lower.startsWith(w)) return text.slice(w.length).trimStart();
  }
  return text;
}

/**
 * Reads an SMTP reply out of any string.
 * @example parseReply("host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: Recipient address rejected (in reply to RCPT TO command)")
 *   // => { replyCode: 550, enhancedCode: "5.1.1", stage: "rcpt", remoteHost: "mx.example.com", ... }
 */
export function parseReply(input: string): SmtpReply {
  const source = typeof input === "string" ? input : String(input ?? "");
  const flat = unwrapInput(source).replace(/\s+/g, " ").trim();
  const codes = findCodes(flat);
  let full = flat;
  let text: string;
  if (codes.replyCode !== null && codes.replyAt !== -1) {
    const codeText = String(codes.replyCode);
    full = removeContinuations(flat, codes.textAt, codeText, codes.enhancedAdjacent ? codes.enhancedCode : null);
    const before = codes.replyAt > 0 ? full[codes.replyAt - 1] : undefined;
    const quote = before === "'" || before === '"' ? before : null;
    text = trimWrapperTail(full.slice(codes.textAt).replace(/^[\s:;,-]+/, ""), quote);
  } else if (codes.enhancedCode !== null && codes.enhancedAt !== -1) {
    // Only an enhanced code ("#5.1.1", "5.7.1 Relaying denied"): the text is everything around it, minus wrappers
    // and minus the code repeated on continuation lines.
    const enh = codes.enhancedCode;
    const cut = codes.enhancedAt + enh.length;
    const rest = full.slice(cut);
    if (rest.includes(` ${enh} `)) full = full.slice(0, cut) + rest.split(` ${enh} `).join(" ");
    text = trimWrapperTail(stripLeadingWrapper(full), null);
  } else {
    text = trimWrapperTail(stripLeadingWrapper(full), null);
  }
  const lower = full.toLowerCase();
  const remote = extractRemote(full);
  const replyCode = codes.replyCode;
  const enhancedCode = codes.enhancedCode;
  const familyDigit =
    replyCode !== null ? Math.floor(replyCode / 100) : enhancedCode !== null ? Number(enhancedCode[0]) : 0;
  return {
    replyCode,
    enhancedCode,
    family: familyOf(familyDigit),
    stage: findStage(lower),
    remoteHost: remote.host,
    remoteIp: remote.ip,
    addresses: extractAddresses(full),
    ips: extractIps(full),
    tags: extractTags(full),
    text,
    full,
    conflicts: findConflicts(replyCode, enhancedCode, text.toLowerCase()),
  };
}
