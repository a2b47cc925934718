// Mimecast's own failure notice ("[Postmaster] Email Delivery Failure", Message-ID @*.mimecast.lan): "-- a@b" names the
// recipient, "The problem appears to be : -- <summary>", "Additional information follows : -- <server reply>".

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { betterStatus, commandIn, mergeDeliveryStatus } from "./gateway-lines.js";

function looksMimecast(mail: BounceMail): boolean {
  if (mail.header("message-id").toLowerCase().endsWith(".mimecast.lan>")) return true;
  if (mail.header("x-mimecast-originator") !== "" || mail.header("x-mc-system") !== "") {
    return mail.subject.includes("Delivery Failure") || mail.subject.includes("Undeliverable");
  }
  return mail.subject.includes("Email Delivery Failure");
}

export const MIMECAST: BounceDecoder = {
  id: "mimecast",
  likely: looksMimecast,
  decode(mail: BounceMail): DecodedMail | null {
    if (!looksMimecast(mail)) return null;
    const recipients: DecodedRecipient[] = [];
    let current: DecodedRecipient | null = null;
    // What the "-- " lines after each heading say, per recipient.
    let heading: "problem" | "info" | "other" = "other";
    const problem = new Map<DecodedRecipient, string[]>();
    const info = new Map<DecodedRecipient, string[]>();
    let lastList: string[] | null = null;
    for (const raw of mail.text.split("\n")) {
      const line = raw.trim();
      if (line === "") {
        lastList = null;
        continue;
      }
      const lower = line.toLowerCase();
      if (lower.startsWith("the problem appears to be") || lower.includes(". the problem appears to be")) {
        heading = "problem";
        lastList = null;
        continue;
      }
      if (lower.startsWith("additional information follows")) {
        heading = "info";
        lastList = null;
        continue;
      }
      if (line.startsWith("-- ")) {
        const value = line.slice(3).trim();
        if (!value.includes(" ") && value.includes("@")) {
          const addr = cleanAddress(value);
          if (addr === null) continue;
          current = newRecipient(addr);
          recipients.push(current);
          problem.set(current, []);
          info.set(current, []);
          heading = "other";
          lastList = null;
          continue;
        }
        if (current === null) continue;
        lastList = heading === "info" ? (info.get(current) ?? null) : (problem.get(current) ?? null);
        lastList?.push(value);
        continue;
      }
      // A "-- " value wrapped onto the next line (quoted-printable soft breaks are already joined).
      if (lastList !== null && !lower.startsWith("this condition occurred")) lastList.push(line);
      else lastList = null;
    }
    if (recipients.length === 0) return null;
    // The delivery-status part (second form) carries the reply with its code: "smtp;550 5.7.54 SMTP; ...".
    mergeDeliveryStatus(mail, recipients);
    for (const r of recipients) {
      const summary = foldSpace((problem.get(r) ?? []).join(" "));
      const reply = foldSpace((info.get(r) ?? []).join(" "));
      const fromDsn = r.diagnosticCode;
      if (reply !== "" && (fromDsn === null || !fromDsn.includes(reply.slice(0, 40)))) r.diagnosticCode = reply;
      else if (fromDsn === null && summary !== "") r.diagnosticCode = summary;
      if (summary !== "") r.fields["x-mimecast-problem"] = summary;
      r.command ??= r.diagnosticCode === null ? null : commandIn(r.diagnosticCode);
      r.date ??= mail.header("date") || null;
      // The notice's reply states a specific code; the DSN's Status is often the generic 5.0.0.
      r.status = betterStatus(r.status, r.diagnosticCode === null ? null : findStatus(r.diagnosticCode));
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
