// au by KDDI "EZweb Mail" (ezweb.ne.jp, later au.com): "Mail System Error - Returned Mail" from Postmaster, a
// Japanese notice plus English lines ("The user(s) account is disabled.", "Each of the following recipients was
// rejected by a remote mail server." with a >>> / <<< transcript), sometimes with a delivery-status part.

import type { Reason } from "../../../knowledge/types.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, headerValues, newRecipient } from "./common.js";
import { bracketAddress, commandIn, mergeDeliveryStatus, sharedDiagnostic, splitAtLine } from "./gateway-lines.js";

const SUBJECT = "mail system error - returned mail";

/** How many of the EZweb header markers a mail carries; two are needed (one alone is too common). */
function markers(mail: BounceMail): number {
  let n = 0;
  const from = mail.from.toLowerCase();
  if (from.includes("postmaster@ezweb.ne.jp") || from.includes("postmaster@au.com")) n++;
  if (mail.subject.trim().toLowerCase() === SUBJECT) n++;
  // Received: from ... by wsmtpr24.ezweb.ne.jp (EZweb Mail) with ESMTP id ...
  if (headerValues(mail, "received").some((v) => v.includes("(EZweb Mail)") || v.includes(".au.com ("))) n++;
  const mid = mail.header("message-id").toLowerCase();
  if (mid.endsWith(".ezweb.ne.jp>") || mid.endsWith(".au.com>")) n++;
  return n;
}

/** Verdicts that the EZweb notice states in its own English words (not a remote server's reply). */
const STATED: readonly [string, Reason][] = [
  ["the user(s) account is disabled", "suspend"],
  ["the user(s) account is temporarily limited", "suspend"],
  ["the user(s) account is temporarily over quota", "mailboxfull"],
  ["your message was not delivered within ", "expired"],
];

/** Same verdicts in the Japanese notice (it arrives decoded from ISO-2022-JP). */
const STATED_JA: readonly [string, Reason][] = [
  ["メールボックスが一杯", "mailboxfull"],
  ["容量オーバー", "mailboxfull"],
];

/** A dashed separator: the EZweb plain-text form pastes the returned headers after it. */
function isSeparator(line: string): boolean {
  return line.startsWith("-----------------------------------") && line.trim().replace(/-/g, "") === "";
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7e) return false;
  return true;
}

export const EZWEB: BounceDecoder = {
  id: "ezweb",
  likely: (mail) => markers(mail) >= 2,
  decode(mail: BounceMail): DecodedMail | null {
    if (markers(mail) < 2) return null;
    const { head, rest } = splitAtLine(mail.text, isSeparator);
    const recipients: DecodedRecipient[] = [];
    const notes: string[] = [];
    const replies = new Map<DecodedRecipient, string[]>();
    const byAddress = new Map<string, DecodedRecipient>();
    let current: DecodedRecipient | null = null;
    for (const raw of head.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      if (line.startsWith(">>>")) {
        // >>> RCPT TO:<a@ezweb.ne.jp>
        if (current !== null) current.command = commandIn(line) ?? current.command;
        continue;
      }
      if (line.startsWith("<<<")) {
        // <<< 550 <a@ezweb.ne.jp>: User unknown
        if (current !== null) replies.get(current)?.push(line.slice(3).trim());
        continue;
      }
      const lower = line.toLowerCase();
      if (lower.startsWith("reason:") && current !== null) {
        // The older form of the same notice: "Recipient: <a@b>" then "Reason: 550 ..."
        replies.get(current)?.push(line.slice(7).trim());
        continue;
      }
      const isRecipientLine = line.startsWith("<") || lower.startsWith("recipient:");
      const addr = isRecipientLine ? bracketAddress(line) : null;
      if (addr !== null) {
        // "<a@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)" or "Recipient: <a@ezweb.ne.jp>"
        current = byAddress.get(addr.toLowerCase()) ?? null;
        if (current === null) {
          current = newRecipient(addr);
          recipients.push(current);
          replies.set(current, []);
          byAddress.set(addr.toLowerCase(), current);
        }
        const gt = line.indexOf(">");
        const after = line
          .slice(gt + 1)
          .replace(/^:\s*/, "")
          .trim();
        if (after !== "" && !lower.startsWith("recipient:")) replies.get(current)?.push(after);
        continue;
      }
      if (isAscii(line)) notes.push(line);
    }
    if (recipients.length === 0) return null;

    const englishNotes = sharedDiagnostic(notes) ?? "";
    const allLower = `${englishNotes} ${head}`.toLowerCase();
    let stated: Reason | null = null;
    // X-SPASIGN: NG marks a message refused by the recipient's reception (domain / spam) filter.
    if (mail.header("x-spasign").trim().toUpperCase() === "NG") stated = "filtered";
    for (const [needle, reason] of STATED) if (stated === null && allLower.includes(needle)) stated = reason;
    for (const [needle, reason] of STATED_JA) if (stated === null && head.includes(needle)) stated = reason;

    for (const r of recipients) {
      const reply = foldSpace((replies.get(r) ?? []).join(" "));
      r.diagnosticCode = reply !== "" ? reply : englishNotes !== "" ? englishNotes : null;
      r.command ??= reply === "" ? null : commandIn(reply);
      r.status = r.diagnosticCode === null ? null : findStatus(r.diagnosticCode);
      r.reason = stated;
      r.date = mail.header("date") || null;
    }
    mergeDeliveryStatus(mail, recipients);
    return { recipients, original: mail.returned?.text ?? rest };
  },
};
