// Lotus Notes (IBM/HCL Notes) SMTP MTA "Undeliverable message" reports: a "------- Failure Reasons --------"
// section where each reason line precedes the address it applies to, then "------- Returned Message --------".

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { bareAddress } from "./ndr-lines.js";

const START = "------- Failure Reasons";
const RETURNED = "------- Returned Message";

export const NOTES: BounceDecoder = {
  id: "notes",
  likely: (mail) => mail.subject.startsWith("Undeliverable message"),
  decode(mail: BounceMail): DecodedMail | null {
    const text = mail.text;
    const start = text.indexOf(START);
    if (start === -1) return null;
    const ret = text.indexOf(RETURNED, start);
    const section = text
      .slice(start, ret === -1 ? text.length : ret)
      .split("\n")
      .slice(1);
    const original = ret === -1 ? (mail.returned?.text ?? null) : text.slice(text.indexOf("\n", ret) + 1) || null;

    const recipients: DecodedRecipient[] = [];
    let pending: string[] = [];
    for (const line of section) {
      const t = line.trim();
      if (t === "" || t.startsWith("-")) continue;
      const a = bareAddress(t);
      if (a === null) {
        pending.push(t);
        continue;
      }
      const r = newRecipient(a);
      r.action = "failed";
      r.diagnosticCode = pending.length > 0 ? foldSpace(pending.join(" ")) : null;
      pending = [];
      recipients.push(r);
    }
    const last = recipients[recipients.length - 1];
    if (last !== undefined && last.diagnosticCode === null && pending.length > 0)
      last.diagnosticCode = foldSpace(pending.join(" "));
    if (recipients.length === 0 && original !== null) {
      // No address in the reasons: the returned message's To: names the recipient.
      let to: string | null = null;
      for (const line of original.slice(0, 64 * 1024).split("\n")) {
        if (line === "") break; // end of the returned header block
        if (/^to:/i.test(line)) {
          to = line.slice(3);
          break;
        }
      }
      const a = cleanAddress(to);
      if (a !== null) {
        const r = newRecipient(a);
        r.action = "failed";
        r.diagnosticCode = pending.length > 0 ? foldSpace(pending.join(" ")) : null;
        recipients.push(r);
      }
    }
    if (recipients.length === 0) return null;
    return { recipients, original };
  },
};
