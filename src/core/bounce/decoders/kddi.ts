// au one net / DION by KDDI (no-reply@*.dion.ne.jp, Reply-To no-reply@app.auone-net.jp): a Japanese notice, then
// "Your mail sent on: <date>" / "Could not be delivered to: <addr>" / "As their mailbox is full." lines.

import type { Reason } from "../../../knowledge/types.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, headerValues, newRecipient } from "./common.js";
import { bracketAddress, commandIn } from "./gateway-lines.js";

function fromKddi(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  if (from.includes(".dion.ne.jp")) return true;
  if (mail.header("reply-to").toLowerCase().includes("no-reply@app.auone-net.jp")) return true;
  if (mail.header("message-id").toLowerCase().includes(".auone-net.jp>")) return true;
  return headerValues(mail, "received").some((v) => v.toLowerCase().includes("auone-net.jp"));
}

/** Verdicts the notice states in its own words, English and Japanese. */
const STATED: readonly [string, Reason][] = [
  ["as their mailbox is full", "mailboxfull"],
  ["as the remote domain doesnt exist", "hostunknown"],
  ["as the remote domain doesn't exist", "hostunknown"],
];
const STATED_JA: readonly [string, Reason][] = [["メールボックスが一杯", "mailboxfull"]];

export const KDDI: BounceDecoder = {
  id: "kddi",
  likely: (mail) => fromKddi(mail) && mail.text.includes("Could not be delivered to:"),
  decode(mail: BounceMail): DecodedMail | null {
    if (!fromKddi(mail)) return null;
    const recipients: DecodedRecipient[] = [];
    const lines = new Map<DecodedRecipient, string[]>();
    let current: DecodedRecipient | null = null;
    let date: string | null = null;
    for (const raw of mail.text.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      if (line.startsWith("Your mail sent on:") || line.startsWith("Your mail attempted to be delivered on:")) {
        date = line.slice(line.indexOf(":") + 1).trim() || null;
        current = null;
        continue;
      }
      if (line.startsWith("Could not be delivered to:")) {
        const addr = bracketAddress(line);
        if (addr === null) continue;
        current = newRecipient(addr);
        current.date = date;
        recipients.push(current);
        lines.set(current, []);
        continue;
      }
      // "     As their mailbox is full." and any SMTP error lines that follow the recipient, indented.
      if (current !== null && (raw.startsWith(" ") || raw.startsWith("\t"))) lines.get(current)?.push(line);
    }
    if (recipients.length === 0) return null;
    for (const r of recipients) {
      const text = foldSpace((lines.get(r) ?? []).join(" "));
      r.diagnosticCode = text === "" ? null : text;
      r.status = text === "" ? null : findStatus(text);
      r.command = text === "" ? null : commandIn(text);
      const lower = text.toLowerCase();
      for (const [needle, reason] of STATED) if (r.reason === null && lower.includes(needle)) r.reason = reason;
      // The Japanese summary covers the whole mail: use it only when the recipient has no English lines.
      if (text === "")
        for (const [needle, reason] of STATED_JA)
          if (r.reason === null && mail.text.includes(needle)) r.reason = reason;
      r.date ??= mail.header("date") || null;
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
