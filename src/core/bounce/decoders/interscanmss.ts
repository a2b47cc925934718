// Trend Micro InterScan Messaging Security Suite (IMSS, now Trend Vision One email security): a notice with a
// "Sent <<< RCPT TO:<a@b>" / "Received >>> 550 ..." transcript, or "Unable to deliver message to <a@b>".

import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { bracketAddress, commandIn } from "./gateway-lines.js";

/** Subjects IMSS uses for its delivery-failure notice (English and Japanese editions). */
const SUBJECTS = ["mail could not be delivered", "メッセージを配信できません。", "メール配信に失敗しました"];

function fromInterScan(mail: BounceMail): boolean {
  // From: "InterScan MSS" <postmaster@...>  or  postmaster@... ("InterScan Notification")
  if (mail.from.includes('"InterScan') || mail.from.startsWith("InterScan")) return true;
  // Content-Type: multipart/mixed; boundary="------------InterScan_NT_MIME_Boundary"
  return mail.header("content-type").includes("InterScan_");
}

function subjectMatches(mail: BounceMail): boolean {
  const s = mail.subject.trim().toLowerCase();
  return SUBJECTS.includes(s);
}

/** "550 5.1.1 ..." after a transcript arrow: a reply. "RCPT TO:<...>": a command. */
function isReply(s: string): boolean {
  return /^[2345]\d\d(?:[\s-]|$)/.test(s);
}

export const INTERSCANMSS: BounceDecoder = {
  id: "interscanmss",
  likely: (mail) => fromInterScan(mail),
  decode(mail: BounceMail): DecodedMail | null {
    const text = mail.text;
    if (!fromInterScan(mail) && !(subjectMatches(mail) && text.includes("InterScan"))) return null;
    const recipients: DecodedRecipient[] = [];
    let current: DecodedRecipient | null = null;
    const byAddress = new Map<string, DecodedRecipient>();
    const pick = (addr: string): DecodedRecipient => {
      const found = byAddress.get(addr.toLowerCase());
      if (found !== undefined) return found;
      const r = newRecipient(addr);
      recipients.push(r);
      byAddress.set(addr.toLowerCase(), r);
      return r;
    };
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      // The arrows point one way in the English notice and may point either way in translated ones: decide by
      // what follows them. "Sent <<< RCPT TO:<a@b>" / "Received >>> 550 5.1.1 <a@b>... user unknown"
      const arrow = Math.max(line.indexOf("<<< "), line.indexOf(">>> "));
      if (arrow !== -1 && arrow < 40) {
        const after = line.slice(arrow + 4).trim();
        const addr = bracketAddress(after);
        if (isReply(after)) {
          if (!after.startsWith("4") && !after.startsWith("5")) continue; // "250 Ok" to an earlier command
          if (addr !== null && (current === null || current.recipient.toLowerCase() !== addr.toLowerCase())) {
            current = pick(addr);
          }
          if (current !== null) current.diagnosticCode = after;
        } else {
          const cmd = commandIn(after);
          if (cmd === "rcpt" && addr !== null) current = pick(addr);
          if (current !== null && cmd !== null) current.command = cmd;
        }
        continue;
      }
      const at = line.indexOf("Unable to deliver message to <");
      if (at !== -1) {
        // [Reason:] Unable to deliver message to <a@b> (and other recipients in the same domain).
        const addr = bracketAddress(line.slice(at));
        if (addr === null) continue;
        current = pick(addr);
        current.diagnosticCode ??= line.slice(at);
      }
    }
    if (recipients.length === 0) return null;
    for (const r of recipients) {
      if (r.diagnosticCode !== null) r.diagnosticCode = foldSpace(r.diagnosticCode);
      r.status = r.diagnosticCode === null ? null : findStatus(r.diagnosticCode);
      // IMSS's own "Unable to deliver message to <a@b>" (no server reply) is its verdict that the recipient
      // address could not be delivered to: "Please check if address is correct."
      if (r.diagnosticCode?.startsWith("Unable to deliver message to")) r.reason = "userunknown";
      r.date = mail.header("date") || null;
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
