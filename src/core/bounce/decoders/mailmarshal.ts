// Trustwave (Marshal) MailMarshal SMTP: Subject 'Undeliverable Mail: "<subject>"', body "Your message: ... Could not
// be delivered because of <reply> ... The following recipients were affected:" and an "Additional Information" block.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, headerValues, newRecipient } from "./common.js";
import { commandIn, sharedDiagnostic } from "./gateway-lines.js";

function looksMailMarshal(mail: BounceMail): boolean {
  if (mail.subject.startsWith('Undeliverable Mail: "')) return true;
  // Received: from MailMarshal.Sender ([127.0.0.1]) by relay.example.com ...
  return headerValues(mail, "received").some((v) => v.includes("MailMarshal"));
}

/** "Remote-MTA:    <192.0.2.1>" -> "192.0.2.1". */
function angleValue(line: string): string | null {
  const colon = line.indexOf(":");
  const v = line
    .slice(colon + 1)
    .trim()
    .replace(/^<|>$/g, "")
    .trim();
  return v === "" ? null : v;
}

export const MAILMARSHAL: BounceDecoder = {
  id: "mailmarshal",
  likely: looksMailMarshal,
  decode(mail: BounceMail): DecodedMail | null {
    if (!looksMailMarshal(mail)) return null;
    const text = mail.text;
    if (!text.includes("Could not be delivered because of") && !text.includes("The following recipients were affected"))
      return null;
    type Section = "none" | "message" | "error" | "recipients" | "info";
    let section: Section = "none";
    const error: string[] = [];
    const originalLines: string[] = [];
    const addresses: string[] = [];
    const seen = new Set<string>();
    let remoteMta: string | null = null;
    let reportingMta: string | null = null;
    let lastAttempt: string | null = null;
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (line.startsWith("Your message:")) {
        section = "message";
        continue;
      }
      if (line.startsWith("Could not be delivered because of")) {
        section = "error";
        continue;
      }
      if (line.startsWith("The following recipients were affected")) {
        section = "recipients";
        continue;
      }
      if (line.startsWith("Additional Information")) {
        section = "info";
        continue;
      }
      if (section === "message") {
        // "   From:    a@b" / "   Subject: ..." describe the returned message, which is not attached.
        const m = /^(From|Subject|To|Date|Sent):\s*(.{0,998})$/.exec(line);
        if (m !== null) originalLines.push(`${m[1] === "Sent" ? "Date" : m[1]}: ${m[2]}`);
      } else if (section === "error") {
        if (line !== "") error.push(line);
      } else if (section === "recipients") {
        if (line === "" && addresses.length > 0) section = "none";
        const a = line.includes("@") ? cleanAddress(line) : null;
        if (a !== null && !seen.has(a.toLowerCase())) {
          seen.add(a.toLowerCase());
          addresses.push(a);
        }
      } else if (section === "info") {
        if (line.startsWith("Remote-MTA:")) remoteMta = angleValue(line);
        else if (line.startsWith("Reporting-MTA:")) reportingMta = angleValue(line);
        else if (line.startsWith("Last-Attempt-Date:")) lastAttempt = angleValue(line);
        else if (line.startsWith("Original Sender:") && !originalLines.some((l) => l.startsWith("From:"))) {
          const s = angleValue(line);
          if (s !== null) originalLines.push(`From: ${s}`);
        }
      }
    }
    if (addresses.length === 0) return null;
    const diag = sharedDiagnostic(error) ?? "";
    const status = diag === "" ? null : findStatus(diag);
    const command = diag === "" ? null : commandIn(diag);
    const recipients: DecodedRecipient[] = addresses.map((a) => {
      const r = newRecipient(a);
      r.diagnosticCode = diag === "" ? null : diag;
      r.status = status;
      r.command = command;
      r.remoteMta = remoteMta;
      r.reportingMta = reportingMta;
      // The attempt date is written in the server's locale ("16:21:07 seg, 22 Dezembro 2014"): kept as a field.
      if (lastAttempt !== null) r.fields["last-attempt-date"] = lastAttempt;
      r.date = mail.header("date") || null;
      return r;
    });
    const original = mail.returned?.text ?? (originalLines.length > 0 ? `${originalLines.join("\n")}\n` : null);
    return { recipients, original };
  },
};
