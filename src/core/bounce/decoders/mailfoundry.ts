// MailFoundry gateway bounces (Received "... (MAILFOUNDRY) id ...", Subject "Message delivery has failed"):
// "Unable to deliver message to: <a@b>", "Delivery failed for the following reason:", the remote reply with the
// server ("Server mx.example.org[192.0.2.1] failed with: 550 ..."), "This has been a permanent failure. ...".

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, headerValues, newRecipient } from "./common.js";
import { hostIn } from "./ndr-lines.js";

const TO = "Unable to deliver message to:";
const REASON = "Delivery failed for the following reason:";

export const MAILFOUNDRY: BounceDecoder = {
  id: "mailfoundry",
  likely: (mail) =>
    mail.subject === "Message delivery has failed" &&
    headerValues(mail, "received").some((r) => r.includes("(MAILFOUNDRY)")),
  decode(mail: BounceMail): DecodedMail | null {
    if (!mail.text.includes(TO) || !mail.text.includes(REASON)) return null;
    const recipients: DecodedRecipient[] = [];
    const reasons: string[][] = [];
    let cur: string[] | null = null;
    for (const line of mail.text.split("\n")) {
      const t = line.trim();
      if (t.startsWith(TO)) {
        const a = cleanAddress(t.slice(TO.length));
        if (a === null) continue;
        const r = newRecipient(a);
        r.action = "failed";
        recipients.push(r);
        cur = null;
        reasons.push([]);
        continue;
      }
      if (t === REASON) {
        cur = reasons[reasons.length - 1] ?? null;
        continue;
      }
      if (cur === null || t === "") continue;
      if (t.startsWith("This has been a permanent failure")) {
        cur = null;
        continue;
      }
      cur.push(t);
    }
    recipients.forEach((r, i) => {
      const text = foldSpace((reasons[i] ?? []).join(" "));
      r.diagnosticCode = text === "" ? null : text;
      r.status = findStatus(text);
      // "Server mx.example.org[192.0.2.1] failed with:" / "mx.example.org[192.0.2.1] responded with failure:"
      const m =
        /^(?:Server )?([A-Za-z0-9.-]{1,255})\[[0-9a-fA-F:.]{2,45}\] (?:failed with|responded with failure):/.exec(text);
      if (m !== null) {
        // The remote server's own reply follows the prefix: keep the reply, the host goes to remoteMta.
        r.remoteMta = hostIn(m[1] ?? "");
        r.diagnosticType = "SMTP";
        const reply = foldSpace(text.slice(m[0].length).replace(/This has been a permanent failure.{0,200}$/, ""));
        if (reply !== "") r.diagnosticCode = reply;
      }
    });
    if (recipients.length === 0) return null;
    return { recipients, original: mail.returned?.text ?? null };
  },
};
