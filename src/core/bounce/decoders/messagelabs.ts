// Symantec (Broadcom) Email Security.cloud, formerly MessageLabs: "This is the mail delivery agent at ...", the
// addresses, then "Reason: <reply>" (multi-line); the attached DSN often loses that reply, so the text's is used.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, newRecipient } from "./common.js";
import { betterStatus, commandIn, mergeDeliveryStatus, sharedDiagnostic } from "./gateway-lines.js";

function looksMessageLabs(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  if (from.includes("@messagelabs.com") || mail.header("x-msg-ref").includes("messagelabs.com")) return true;
  return mail.text.includes("This is the mail delivery agent at Symantec Email Security.cloud");
}

const INTRO = "I was unable to deliver your message to the following addresses";
/** Lines that end the Reason block: the notice's trailer about the returned message. */
const TRAILER = [
  "The message subject was",
  "The message date was",
  "The message identifier was",
  "Please do not reply",
];

export const MESSAGELABS: BounceDecoder = {
  id: "messagelabs",
  likely: looksMessageLabs,
  decode(mail: BounceMail): DecodedMail | null {
    if (!looksMessageLabs(mail)) return null;
    const text = mail.text;
    const start = text.indexOf(INTRO);
    const recipients: DecodedRecipient[] = [];
    // One Reason block applies to the addresses listed since the previous block: each address points to its block.
    const blocks: string[][] = [];
    const blockOf = new Map<DecodedRecipient, number>();
    const seen = new Set<string>();
    if (start !== -1) {
      let pending: DecodedRecipient[] = [];
      let block: string[] | null = null;
      for (const raw of text.slice(start + INTRO.length).split("\n")) {
        const line = raw.trim();
        if (TRAILER.some((t) => line.startsWith(t))) break;
        if (line.startsWith("Reason:")) {
          block = [line.slice(7).trim()];
          blocks.push(block);
          for (const r of pending) blockOf.set(r, blocks.length - 1);
          pending = [];
          continue;
        }
        if (line === "") {
          block = null;
          continue;
        }
        if (block !== null) {
          block.push(line);
          continue;
        }
        const addr = !line.includes(" ") && line.includes("@") ? cleanAddress(line) : null;
        if (addr !== null && !seen.has(addr.toLowerCase())) {
          seen.add(addr.toLowerCase());
          const r = newRecipient(addr);
          recipients.push(r);
          pending.push(r);
        }
      }
    }
    const folded = blocks.map(sharedDiagnostic);
    for (const r of recipients) {
      const i = blockOf.get(r);
      r.diagnosticCode = i === undefined ? null : (folded[i] ?? null);
      r.diagnosticType = r.diagnosticCode === null ? null : "SMTP";
    }
    // Without the text's address list, the delivery-status part alone is left to rfc3464.
    if (recipients.length === 0) return null;
    mergeDeliveryStatus(mail, recipients);
    for (const r of recipients) {
      r.command ??= r.diagnosticCode === null ? null : commandIn(r.diagnosticCode);
      r.status = betterStatus(r.status, r.diagnosticCode === null ? null : findStatus(r.diagnosticCode));
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
