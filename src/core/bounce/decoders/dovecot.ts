// Dovecot LDA/LMTP (and Pigeonhole Sieve "reject") rejections: "Your message to <rcpt> was automatically rejected:"
// then the reason (the default rejection_reason, src/lda/mail-deliver.c / lib-lda), sent as a DSN by current
// versions and as an MDN ("Reporting-UA: host; Dovecot Mail Delivery Agent", Disposition "... deleted") by old ones.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

const LEAD = "your message to <";
const REJECTED = "> was automatically rejected:";

/** The recipient and reason of every "Your message to <a> was automatically rejected:" block. */
function readRejections(text: string): { address: string; reason: string }[] {
  const out: { address: string; reason: string }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && out.length < 100; i++) {
    const t = (lines[i] as string).trim();
    const l = t.toLowerCase();
    if (!l.startsWith(LEAD) || !l.endsWith(REJECTED)) continue;
    const address = cleanAddress(t.slice(LEAD.length, t.length - REJECTED.length));
    if (address === null) continue;
    const reason: string[] = [];
    for (let j = i + 1; j < lines.length && j < i + 30; j++) {
      const r = (lines[j] as string).trim();
      if (r === "" && reason.length > 0) break;
      if (r.toLowerCase().startsWith(LEAD)) break;
      if (r !== "") reason.push(r);
    }
    out.push({ address, reason: foldSpace(reason.join(" ")) });
  }
  return out;
}

/** The MDN part old versions attach instead of a DSN (RFC 8098 fields). */
function mdnOf(mail: BounceMail): string | null {
  const part = mail.parts.find((p) => p.type === "message/disposition-notification");
  return part === undefined ? null : part.text;
}

function decodeDovecot(mail: BounceMail): DecodedMail | null {
  const rejections = readRejections(mail.text);
  const mdn = mdnOf(mail);
  const fromMdn = mdn !== null && /^Reporting-UA:[^\n]{0,300}Dovecot/im.test(mdn);
  if (rejections.length === 0 && !fromMdn) return null;
  const dsn = mail.deliveryStatus === null ? [] : readDsnRecipients(mail.deliveryStatus.text);

  const recipients: DecodedRecipient[] = [];
  for (const rej of rejections) {
    const same = dsn.find((d) => d.recipient.toLowerCase() === rej.address.toLowerCase());
    const r = same ?? newRecipient(rej.address);
    r.action ??= "failed";
    // The text states the whole reason; the DSN repeats it, or gives none.
    if (rej.reason !== "") r.diagnosticCode = rej.reason;
    recipients.push(r);
  }
  if (recipients.length === 0 && mdn !== null) {
    // An MDN without the text's lead-in: Final-Recipient names the mailbox.
    const m = /^Final-Recipient:\s*rfc822;\s*([^\s\n]{3,320})/im.exec(mdn);
    const address = m === null ? null : cleanAddress(m[1] as string);
    if (address === null || !address.includes("@")) return null;
    const r = newRecipient(address);
    r.action = "failed";
    const text = foldSpace(mail.text);
    r.diagnosticCode = text === "" ? null : text;
    recipients.push(r);
  }
  const ua = mdn === null ? null : /^Reporting-UA:\s*([^;\s\n]{1,255})/im.exec(mdn);
  for (const r of recipients) r.reportingMta ??= ua?.[1] ?? null;
  return { recipients, original: mail.returned?.text ?? null };
}

export const DOVECOT: BounceDecoder = {
  id: "dovecot",
  likely(mail: BounceMail): boolean {
    return mail.header("message-id").startsWith("<dovecot-") && mail.subject.startsWith("Rejected:");
  },
  decode: decodeDovecot,
};
