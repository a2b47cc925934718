// Automatic replies (RFC 3834: Auto-Submitted: auto-replied) and the usual vacation/out-of-office markers:
// reason "vacation"; the recipient is the person whose mailbox answered (the reply's From).

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";

/** Subject starts that mark an auto-reply in the common clients (Outlook, Gmail, Apple Mail, Zimbra, Japanese). */
const SUBJECT_MARKS = [
  "auto:",
  "automatic reply",
  "autoreply",
  "auto-reply",
  "auto reply",
  "out of office",
  "out of the office",
  "i am away",
  "away from",
  "vacation",
  "abwesenheitsnotiz",
  "réponse automatique",
  "respuesta automática",
  "自動応答",
  "不在",
];

function looksAutoReplied(mail: BounceMail): boolean {
  const auto = mail.header("auto-submitted").toLowerCase();
  if (auto.startsWith("auto-replied")) return true;
  if (
    mail.header("x-autoreply") !== "" ||
    mail.header("x-autorespond") !== "" ||
    mail.header("x-autoreply-from") !== ""
  ) {
    return true;
  }
  if (mail.header("x-mail-autoreply") !== "" || mail.header("x-ms-exchange-inbox-rules-loop") !== "") return true;
  const precedence = mail.header("precedence").toLowerCase();
  if (precedence === "auto_reply") return true;
  const subject = mail.subject.toLowerCase().trim();
  return SUBJECT_MARKS.some((m) => subject.startsWith(m));
}

/** A mailer daemon's notice is never a vacation reply, whatever its headers say. */
function fromDaemon(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  return from.includes("mailer-daemon") || from.includes("postmaster@");
}

export const RFC3834: BounceDecoder = {
  id: "rfc3834",
  likely: (mail) => looksAutoReplied(mail) && !fromDaemon(mail),
  decode(mail: BounceMail): DecodedMail | null {
    if (!looksAutoReplied(mail) || fromDaemon(mail)) return null;
    if (mail.deliveryStatus !== null) return null;
    const addr = cleanAddress(mail.header("from")) ?? cleanAddress(mail.header("reply-to"));
    if (addr === null) return null;
    const r = newRecipient(addr);
    r.reason = "vacation";
    const text = foldSpace(mail.text);
    r.diagnosticCode = text === "" ? null : text.slice(0, 1000);
    r.date = mail.header("date") || null;
    return { recipients: [r], original: null };
  },
};
