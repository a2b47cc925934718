// Ipswitch (Progress) IMail Server "Undeliverable Mail" reports: one "<error>: <address>" line per recipient
// (or "undeliverable to <address>" then "Body of message generated response:" and the remote reply), then
// "Original message follows." and the returned message inline. X-Mailer: <SMTP32 vN.NN>.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";

const FOLLOWS = "Original message follows.";
const RESPONSE = "Body of message generated response:";

export const IMAILSERVER: BounceDecoder = {
  id: "imailserver",
  likely: (mail) => mail.subject.startsWith("Undeliverable Mail") || mail.header("x-mailer").startsWith("<SMTP32 v"),
  decode(mail: BounceMail): DecodedMail | null {
    const evidence = mail.subject.startsWith("Undeliverable Mail") || mail.header("x-mailer").startsWith("<SMTP32 v");
    if (!evidence) return null;
    const text = mail.text;
    const cut = text.indexOf(FOLLOWS);
    const head = cut === -1 ? text : text.slice(0, cut);
    if (cut === -1 && !head.includes(RESPONSE)) return null;

    const recipients: DecodedRecipient[] = [];
    const response: string[] = [];
    let inResponse = false;
    for (const line of head.split("\n")) {
      const t = line.trim();
      if (t.startsWith(RESPONSE)) {
        inResponse = true;
        continue;
      }
      if (inResponse) {
        // Multi-line replies ("550-REJECTED ...", "550 DEALS ..."): one code, then the continuation texts.
        if (t !== "")
          response.push(response.length === 0 ? t.replace(/^(\d{3})-/, "$1 ") : t.replace(/^\d{3}[- ]/, ""));
        continue;
      }
      // "Unknown user: a@b", "User mailbox exceeds allowed size: a@b", "undeliverable to a@b".
      const colon = t.lastIndexOf(": ");
      let error: string | null = null;
      let addr: string | null = null;
      if (t.toLowerCase().startsWith("undeliverable to ")) {
        addr = cleanAddress(t.slice(17));
        error = null;
      } else if (colon > 4 && colon < 200 && !t.includes(" ", colon + 2)) {
        addr = cleanAddress(t.slice(colon + 2));
        error = t.slice(0, colon);
      }
      if (addr === null) continue;
      const r = newRecipient(addr);
      r.action = "failed";
      r.diagnosticCode = error;
      // "Delivery failed 20 attempts": IMail gave up after its retry schedule.
      if (error !== null && /^Delivery failed \d{1,4} attempts/.test(error)) r.reason = "expired";
      recipients.push(r);
    }
    if (recipients.length === 0) return null;
    const reply = foldSpace(response.join(" "));
    if (reply !== "") {
      for (const r of recipients) {
        r.diagnosticCode = r.diagnosticCode === null ? reply : `${r.diagnosticCode}: ${reply}`;
        r.diagnosticType = "SMTP";
      }
    }
    const original = cut === -1 ? (mail.returned?.text ?? null) : text.slice(cut + FOLLOWS.length).replace(/^\s+/, "");
    return { recipients, original: original === "" ? null : original };
  },
};
