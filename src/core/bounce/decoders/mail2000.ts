// Openfind Mail2000 ("Mail Deliver System", Received "By OpenMail Mailer"; the relay that refused the message
// signs "with Mail2000 ESMTP Server"). Sisimai calls this format X1. Layout: "The original message was received
// at DATE from ADDR" then "---The following addresses had delivery errors---" and "addr [reason]" lines.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus } from "./exim-family-lines.js";

const LIST_MARKER = "the following addresses had delivery errors";
const RECEIVED_AT = "the original message was received at ";

function likelyMail2000(mail: BounceMail): boolean {
  const s = mail.subject;
  return (
    s.startsWith("Returned Mail: ") ||
    s.startsWith("Mail Delivery Failure") ||
    s.startsWith("Warning--Could not send mail") ||
    mail.from.includes('"Mail Deliver System"') ||
    mail.from.startsWith("Mail Deliver System")
  );
}

/** "addr [reason]" -> the address and the reason text; null for other lines. */
function errorLine(t: string): { address: string; reason: string } | null {
  const open = t.indexOf(" [");
  if (open === -1 || !t.endsWith("]")) return null;
  const head = t.slice(0, open).trim();
  if (head.includes(" ") || !head.includes("@")) return null;
  const address = cleanAddress(head);
  if (address === null) return null;
  return { address, reason: foldSpace(t.slice(open + 2, -1)) };
}

/** The returned message: an attached part, or the headers that follow the notice (a part with no MIME headers). */
function originalOf(mail: BounceMail): string | null {
  if (mail.returned !== null) return mail.returned.text;
  for (const p of mail.parts) {
    if (p.depth > 0 && p.headers.some((h) => h.name === "received") && p.headers.some((h) => h.name === "from")) {
      return `${p.headers.map((h) => `${h.name}: ${h.value}`).join("\n")}\n\n${p.text}`;
    }
  }
  return null;
}

/**
 * The notice text. Some of these notices write "Content-Type: text/plain\n charset=..." without the ";", which
 * a MIME reader may take for another type: fall back to every text/* part.
 */
function noticeText(mail: BounceMail): string {
  if (mail.text.toLowerCase().includes(LIST_MARKER)) return mail.text;
  return mail.parts
    .filter((p) => p.type.startsWith("text/"))
    .map((p) => p.text)
    .join("\n");
}

function decodeMail2000(mail: BounceMail): DecodedMail | null {
  const text = noticeText(mail);
  const lower = text.toLowerCase();
  const marker = lower.indexOf(LIST_MARKER);
  if (marker === -1) return null;
  const at = lower.lastIndexOf(RECEIVED_AT, marker);
  if (at === -1) return null;
  // "received at Thu, 29 Apr 2010 23:34:45 +0900 (JST) \nfrom shironeko@example.jp"
  const fromAt = lower.indexOf("from ", at + RECEIVED_AT.length);
  const date = fromAt === -1 || fromAt > marker ? null : foldSpace(text.slice(at + RECEIVED_AT.length, fromAt)) || null;
  const delayed = mail.subject.toLowerCase().startsWith("warning");
  const recipients: DecodedRecipient[] = [];
  const lines = text.slice(marker).split("\n");
  for (let i = 1; i < lines.length && i < 2000; i++) {
    const t = (lines[i] as string).trim();
    if (t === "") continue;
    const e = errorLine(t);
    if (e === null) {
      if (recipients.length > 0) break;
      continue;
    }
    const r = newRecipient(e.address);
    r.action = delayed ? "delayed" : "failed";
    r.diagnosticCode = e.reason === "" ? null : e.reason;
    r.date = date;
    r.status = chooseStatus(r.diagnosticCode, null, delayed ? "4" : "5");
    recipients.push(r);
  }
  if (recipients.length === 0) return null;
  return { recipients, original: originalOf(mail) };
}

export const MAIL2000: BounceDecoder = {
  id: "mail2000",
  likely: likelyMail2000,
  decode: decodeMail2000,
};
