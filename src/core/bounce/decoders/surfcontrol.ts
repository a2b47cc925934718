// Websense SurfControl E-mail Filter (X-Mailer: SurfControl E-mail Filter, X-SEF-* headers): "Addressed To: a@b",
// the attempt date, "Failed to send to identified host," then "a@b: [192.0.2.5], 550 ..." per attempt.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { commandIn, mergeDeliveryStatus } from "./gateway-lines.js";

function looksSurfControl(mail: BounceMail): boolean {
  if (mail.header("x-mailer").startsWith("SurfControl E-mail Filter")) return true;
  return mail.header("x-sef-processed") !== "" && mail.text.includes("Your message could not be sent.");
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export const SURFCONTROL: BounceDecoder = {
  id: "surfcontrol",
  likely: looksSurfControl,
  decode(mail: BounceMail): DecodedMail | null {
    if (!looksSurfControl(mail)) return null;
    const recipients: DecodedRecipient[] = [];
    let current: DecodedRecipient | null = null;
    for (const raw of mail.text.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      if (line.startsWith("Addressed To:")) {
        const addr = cleanAddress(line.slice(13));
        if (addr === null) continue;
        current = newRecipient(addr);
        recipients.push(current);
        continue;
      }
      if (current === null) continue;
      if (DAYS.some((d) => line.startsWith(d)) && /\d{1,2}:\d\d/.test(line)) {
        current.date = line; // the attempt's date: "Thu, 29 Apr 2010 23:34:45 +0900"
        continue;
      }
      // kijitora@example.com: [192.0.2.5], 550 kijitora@example.com... No such user
      const lb = line.indexOf(": [");
      const rb = lb === -1 ? -1 : line.indexOf("]", lb);
      if (lb > 0 && rb !== -1 && line.slice(0, lb).includes("@")) {
        current.remoteMta = line.slice(lb + 3, rb).trim() || null;
        const reply = line
          .slice(rb + 1)
          .replace(/^,\s*/, "")
          .trim();
        if (reply !== "") current.diagnosticCode = reply;
      }
    }
    if (recipients.length === 0) return null;
    mergeDeliveryStatus(mail, recipients);
    for (const r of recipients) {
      if (r.diagnosticCode !== null) r.diagnosticCode = foldSpace(r.diagnosticCode);
      if (r.status === null || r.status.endsWith(".0.0")) {
        r.status = (r.diagnosticCode === null ? null : findStatus(r.diagnosticCode)) ?? r.status;
      }
      r.command ??= r.diagnosticCode === null ? null : commandIn(r.diagnosticCode);
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
