// McAfee SaaS Email Protection, formerly MX Logic (X-MX-Bounce / X-MXL-* headers, Message-ID <mxl~...>): an Exim-like
// notice whose failed addresses read "  <a@b>: 550 5.1.1 ..." and whose returned headers follow "Included is a copy".

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { bracketAddress, commandIn, splitAtLine } from "./gateway-lines.js";

function looksMxLogic(mail: BounceMail): boolean {
  if (mail.header("x-mx-bounce") !== "" || mail.header("x-mxl-notehash") !== "" || mail.header("x-mxl-hash") !== "")
    return true;
  if (mail.header("message-id").startsWith("<mxl~")) return true;
  return /@[a-z0-9.-]{0,200}\.mxlogic\.net\b/i.test(mail.from);
}

const COPY_MARKERS = ["Included is a copy of the message header", "------ This is a copy of the message"];

export const MXLOGIC: BounceDecoder = {
  id: "mxlogic",
  likely: looksMxLogic,
  decode(mail: BounceMail): DecodedMail | null {
    if (!looksMxLogic(mail)) return null;
    const { head, rest } = splitAtLine(mail.text, (l) => COPY_MARKERS.some((m) => l.startsWith(m)));
    const recipients: DecodedRecipient[] = [];
    const lines = new Map<DecodedRecipient, string[]>();
    let current: DecodedRecipient | null = null;
    let reading = false;
    for (const raw of head.split("\n")) {
      const line = raw.trim();
      if (!reading) {
        // "... This is a permanent error. The following address(es) failed:"
        if (/address(?:\(es\)|es)? failed:?$/.test(line)) reading = true;
        continue;
      }
      if (line === "") {
        current = null;
        continue;
      }
      const indented = raw.startsWith(" ") || raw.startsWith("\t");
      if (line.startsWith("<") && indented) {
        // "  <a@b>: 550 5.1.1 <a@b>: Recipient address rejected ..."
        const addr = bracketAddress(line);
        if (addr !== null) {
          current = newRecipient(addr);
          recipients.push(current);
          const gt = line.indexOf(">:");
          lines.set(current, gt === -1 ? [] : [line.slice(gt + 2).trim()]);
          continue;
        }
      }
      if (indented && !line.includes(" ") && line.includes("@") && raw.search(/\S/) <= 2) {
        // Exim's own layout: "  a@b" alone, the error on the following, deeper-indented lines.
        const addr = cleanAddress(line);
        if (addr !== null) {
          current = newRecipient(addr);
          recipients.push(current);
          lines.set(current, []);
          continue;
        }
      }
      // A continuation: "<a@b>" repeated, or the wrapped rest of the reply.
      if (current !== null) lines.get(current)?.push(line);
    }
    if (recipients.length === 0) return null;
    for (const r of recipients) {
      const diag = foldSpace((lines.get(r) ?? []).join(" "));
      r.diagnosticCode = diag === "" ? null : diag;
      r.status = diag === "" ? null : findStatus(diag);
      r.command = diag === "" ? null : commandIn(diag);
      // "host mx.example.net [192.0.2.1]: 550 ..." names the remote MTA.
      const host = /\bhost ([A-Za-z0-9.-]{1,253}) \[/.exec(diag);
      r.remoteMta = host?.[1] ?? null;
      const lower = diag.toLowerCase();
      // Exim's own verdicts (deliver.c / retry.c texts), not the remote server's reply.
      if (lower.includes("retry timeout exceeded")) r.reason = "expired";
      else if (lower.includes("all host address lookups failed permanently") || lower.includes("unrouteable address"))
        r.reason = "hostunknown";
      r.date = mail.header("date") || null;
    }
    const original = mail.returned?.text ?? (rest === null ? null : rest.replace(/^-{5,}\n/, ""));
    return { recipients, original };
  },
};
