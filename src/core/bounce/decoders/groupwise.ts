// Novell/Micro Focus GroupWise Internet Agent (GWIA) status messages: Subject "Message status - undeliverable",
// body "The message that you sent was undeliverable to the following:" then one indented "address (reason)" line
// per recipient. GWIA writes no DSN part; its only reason text is the parenthesised phrase.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";

const MARKER = "the message that you sent was undeliverable to the following:";

function likely(mail: BounceMail): boolean {
  return (
    mail.subject.toLowerCase().startsWith("message status - undeliverable") ||
    mail.header("x-mailer").toLowerCase().includes("groupwise")
  );
}

function decode(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const at = text.toLowerCase().indexOf(MARKER);
  if (at === -1) return null;
  const lines = text.slice(at + MARKER.length, at + MARKER.length + 20_000).split("\n");
  const recipients: DecodedRecipient[] = [];
  let started = false;
  for (const raw of lines.slice(0, 200)) {
    const line = raw.trim();
    if (line === "") {
      if (started) break;
      continue;
    }
    started = true;
    // "jane@example.net (user not found)"; a GWIA without a right-hand side writes only "jane (user not found)".
    const open = line.indexOf("(");
    const who = open === -1 ? line : line.slice(0, open);
    const addr = cleanAddress(who.trim());
    if (addr === null) continue;
    const r = newRecipient(addr);
    const close = line.lastIndexOf(")");
    if (open !== -1 && close > open) r.diagnosticCode = foldSpace(line.slice(open + 1, close)) || null;
    recipients.push(r);
  }
  if (recipients.length === 0) return null;
  return { recipients, original: mail.returned?.text ?? null };
}

export const GROUPWISE: BounceDecoder = { id: "groupwise", likely, decode };
