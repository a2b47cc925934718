// McAfee Email Gateway / Email and Web Security appliances (X-NAI-Header: Modified by McAfee ...): Subject
// "Delivery Status", "--- The following addresses had delivery problems ---" then "<a@b>   (reply)", and a
// delivery-status part without Reporting-MTA or Status. Works without that part too.

import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { bracketAddress, commandIn, mergeDeliveryStatus } from "./gateway-lines.js";

function looksMcAfee(mail: BounceMail): boolean {
  return mail.header("x-nai-header").includes("McAfee");
}

const MARKER = "The following addresses had delivery problems";

export const MCAFEE: BounceDecoder = {
  id: "mcafee",
  likely: (mail) => looksMcAfee(mail) && mail.subject.trim() === "Delivery Status",
  decode(mail: BounceMail): DecodedMail | null {
    // The appliance stamps X-NAI-Header on mail it relays too: its own notice also has the subject or the marker.
    if (!looksMcAfee(mail)) return null;
    if (mail.subject.trim() !== "Delivery Status" && !mail.text.includes(MARKER)) return null;
    const recipients: DecodedRecipient[] = [];
    const text = mail.text;
    const at = text.indexOf(MARKER);
    // Some appliance versions omit the marker line and start with the "<a@b>   (...)" lines.
    const body = at === -1 ? text : text.slice(at + MARKER.length);
    let current: DecodedRecipient | null = null;
    let open = false; // inside a parenthesised reply that wraps onto the next lines
    for (const raw of body.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      if (line.startsWith("<") && !line.startsWith("<<")) {
        // <kijitora@example.co.jp>   (Unknown user kijitora@example.co.jp)
        const gt = line.indexOf(">");
        const after = gt === -1 ? "" : line.slice(gt + 1).trim();
        const addr = gt === -1 || !(after === "" || after.startsWith("(")) ? null : bracketAddress(line);
        if (addr === null) {
          current = null;
          open = false;
          continue;
        }
        current = newRecipient(addr);
        recipients.push(current);
        open = after.startsWith("(") && !after.endsWith(")");
        if (after.startsWith("(")) current.diagnosticCode = after.slice(1).replace(/\)$/, "").trim();
      } else if (open && current !== null) {
        current.diagnosticCode = `${current.diagnosticCode ?? ""} ${line.replace(/\)$/, "")}`;
        open = !line.endsWith(")");
      }
    }
    // Without the text's list, the delivery-status part alone is left to rfc3464.
    if (recipients.length === 0) return null;
    const textDiag = new Map(recipients.map((r) => [r, r.diagnosticCode]));
    for (const r of recipients) r.diagnosticCode = null;
    mergeDeliveryStatus(mail, recipients);
    for (const r of recipients) {
      // The Diagnostic-Code keeps the reply code ("550 Unknown user a@b"); the text drops it.
      const t = textDiag.get(r) ?? null;
      r.diagnosticCode ??= t === null ? null : foldSpace(t);
      r.status ??= r.diagnosticCode === null ? null : findStatus(r.diagnosticCode);
      r.command ??= r.diagnosticCode === null ? null : commandIn(r.diagnosticCode);
      r.date ??= mail.header("date") || null;
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
