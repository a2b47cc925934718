// Microsoft Exchange 5.5 / 2000 / 2003 non-delivery reports (Internet Mail Service, IMC, SMTP connector):
// "Your message ... did not reach the following recipient(s):" then "addr on <date>" and indented error lines,
// with an MSEXCH:IMS code "(000C05A6)" or an SMTP connector line "<host #5.1.1 smtp;550 ...>".

import type { Reason } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, hasHeader, headerValues, newRecipient } from "./common.js";

/** The lines that open the recipient list (IMS 5.5 and the Exchange 2000/2003 SMTP transport). */
const LIST_MARKERS = [
  "did not reach the following recipient(s):",
  "the following recipient(s) could not be reached:",
  "the following recipient(s) cannot be reached:",
  "did not reach the following recipient",
];

/**
 * MSEXCH error codes whose meaning is fixed by Exchange itself (Microsoft KB "XFOR: IMS NDR codes"):
 * the code is the MTA's own verdict, so it is given as the reason. Codes without a clear verdict
 * (000B099C host unknown or size, 000B09AA relay or size, 000B09B6 remote error) are left to the text.
 */
const MSEXCH_CODES: Readonly<Record<string, Reason>> = {
  "000C05A6": "userunknown", // Unknown Recipient
  "000D06B5": "systemerror", // No proxy for recipient
  "00010256": "systemerror", // Too many recipients
  "00120270": "networkerror", // Too many hops (routing loop)
  "00050311": "contenterror", // Conversion to Internet format failed
  "000502CC": "contenterror", // Conversion to Internet format failed
  "000B0981": "securityerror", // 502 Server does not support AUTH
};

function headerEvidence(mail: BounceMail): boolean {
  if (hasHeader(mail, "x-ms-embedded-report")) return true;
  const mailer = mail.header("x-mailer");
  if (
    mailer.startsWith("Internet Mail Service (") ||
    mailer.includes("Microsoft Exchange Server Internet Mail Connector")
  )
    return true;
  if (mail.header("x-mimeole").startsWith("Produced By Microsoft Exchange")) return true;
  for (const r of headerValues(mail, "received")) {
    if (r.includes(" with Internet Mail Service (") || r.includes("Microsoft Exchange Server Internet Mail Connector"))
      return true;
  }
  return false;
}

/** "kijitora@example.jp on Thu, 29 Apr 2010 ..." / "'a@b' on 4/29/01 11:34:45 PM" -> address and date. */
function readRecipientLine(line: string): { address: string; date: string } | null {
  const on = line.indexOf(" on ");
  if (on <= 0 || on > 400) return null;
  const left = line.slice(0, on).trim();
  // The name part is short ("a@b", "'a@b'", "Name (SMTP:a@b)"); error lines mentioning an address are longer.
  if (!left.includes("@") || left.startsWith("<") || left.startsWith("#") || left.split(" ").length > 6) return null;
  const date = line.slice(on + 4).trim();
  if (!/\d/.test(date) || date.length > 80) return null;
  const address = cleanAddress(left);
  return address === null ? null : { address, date };
}

/** The MSEXCH code in "MSEXCH:IMS:... 0 (000C05A6) Unknown Recipient". */
function msexchCode(diag: string): string | null {
  const at = diag.indexOf("MSEXCH:");
  if (at === -1) return null;
  const m = /\(([0-9A-F]{8})\)/.exec(diag.slice(at, at + 400));
  return m?.[1] ?? null;
}

/** "<mail.example.com #5.1.1 smtp;550 5.1.1 User unknown>": the reporting host and the status. */
function connectorLine(diag: string): { host: string | null; status: string | null } {
  const m = /<([A-Za-z0-9.-]{1,255}) #([245]\.\d{1,3}\.\d{1,3})/.exec(diag);
  if (m === null) return { host: null, status: null };
  return { host: m[1]?.includes(".") ? (m[1] ?? null) : null, status: m[2] ?? null };
}

export const EXCHANGE2003: BounceDecoder = {
  id: "exchange2003",
  likely: headerEvidence,
  decode(mail: BounceMail): DecodedMail | null {
    const lines = mail.text.split("\n");
    let start = -1;
    for (let i = 0; i < lines.length && start === -1; i++) {
      const t = (lines[i] ?? "").trim().toLowerCase();
      for (const m of LIST_MARKERS) {
        if (t.endsWith(m) || t === m) {
          start = i;
          break;
        }
      }
    }
    if (start === -1) return null;

    // "Your message / To: / Subject: / Sent:" block before the list: the original's headers when none is attached.
    const sent: Record<string, string> = {};
    for (let i = 0; i < start; i++) {
      const line = lines[i] ?? "";
      if (line.length > 1000) continue; // keeps the regex below linear
      const m = /^\s+(To|Subject|Sent):\s+(.{1,998})$/.exec(line);
      if (m?.[1] !== undefined && m[2] !== undefined && sent[m[1]] === undefined) sent[m[1]] = m[2].trim();
    }

    const found: { r: DecodedRecipient; diag: string[] }[] = [];
    let current: { r: DecodedRecipient; diag: string[] } | null = null;
    let skipNext = false;
    for (let i = start + 1; i < lines.length; i++) {
      const line = lines[i] ?? "";
      const t = line.trim();
      const rcpt = readRecipientLine(line);
      if (rcpt !== null) {
        const r = newRecipient(rcpt.address);
        r.date = rcpt.date;
        r.action = "failed";
        current = { r, diag: [] };
        found.push(current);
        continue;
      }
      if (current === null) continue;
      if (t === "") {
        // A blank line ends the recipient's block once it has its error lines.
        if (current.diag.length > 0) current = null;
        continue;
      }
      if (skipNext) {
        // The MTS-ID value wraps onto a line of its own (";l=EXCHANGE...").
        skipNext = false;
        if (t.includes(";l=") || t.startsWith(";")) continue;
      }
      if (t.startsWith("The MTS-ID of the original message is:")) {
        skipNext = !t.includes(";l=");
        continue;
      }
      current.diag.push(t);
    }
    if (found.length === 0) return null;

    const recipients: DecodedRecipient[] = [];
    for (const { r, diag } of found) {
      const text = foldSpace(diag.join(" "));
      r.diagnosticCode = text === "" ? null : text;
      const code = msexchCode(text);
      if (code !== null) {
        r.fields["x-msexch-code"] = code;
        r.reason = MSEXCH_CODES[code] ?? null;
      }
      const conn = connectorLine(text);
      r.status = conn.status ?? findStatus(text);
      r.reportingMta = conn.host;
      if (text.includes("smtp;")) r.diagnosticType = "SMTP";
      recipients.push(r);
    }

    let original = mail.returned?.text ?? null;
    if (original === null && (sent.To !== undefined || sent.Subject !== undefined)) {
      const h: string[] = [];
      if (sent.To !== undefined) h.push(`To: ${sent.To}`);
      if (sent.Subject !== undefined) h.push(`Subject: ${sent.Subject}`);
      if (sent.Sent !== undefined) h.push(`Date: ${sent.Sent}`);
      original = `${h.join("\n")}\n`;
    }
    return { recipients, original };
  },
};
