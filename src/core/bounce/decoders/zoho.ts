// Zoho Mail bounces (mailer-daemon@mail.zoho.com, X-ZohoMail header): "<address> Invalid Address, ERROR_CODE :550,
// ERROR_CODE :5.1.1 <reply>" per recipient, or in delay notices "[Status: Error, Address: <a@b>, ResponseCode 421, ,
// Host not reachable.]"; the returned message follows from its first "Received:" line.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, hasHeader, newRecipient } from "./common.js";

function isZoho(mail: BounceMail): boolean {
  if (hasHeader(mail, "x-zohomail")) return true;
  const from = mail.from.toLowerCase();
  return from.includes("mailer-daemon@") && (from.includes("zoho.com") || from.includes("zohomail"));
}

/** "ERROR_CODE :550, ERROR_CODE :5.1.1 <a@b>... User Unknown" -> "550 5.1.1 <a@b>... User Unknown". */
function reply(codes: string): { code: string | null; text: string } {
  const parts = codes.split("ERROR_CODE :").map((p) => p.trim().replace(/^,\s*/, ""));
  const rest = parts.filter((p) => p !== "").map((p) => p.replace(/,$/, "").trim());
  const code = rest[0] !== undefined && /^[245]\d\d$/.test(rest[0]) ? rest[0] : null;
  const text = foldSpace((code === null ? rest : rest.slice(1)).join(" ").replace(/^,\s*/, ""));
  return { code, text: code === null ? text : `${code} ${text}`.trim() };
}

export const ZOHO: BounceDecoder = {
  id: "zoho",
  likely: isZoho,
  decode(mail: BounceMail): DecodedMail | null {
    if (!isZoho(mail)) return null;
    const text = mail.text;
    const lower = text.toLowerCase();
    const permanent = lower.includes("this is a permanent error");
    const delayed = lower.includes("this is a warning message only") || mail.subject.includes("(Delay)");
    const lines = text.split("\n");
    const recipients: DecodedRecipient[] = [];
    let originalAt = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = (lines[i] ?? "").trim();
      if (recipients.length > 0 && /^Received:\s?from /i.test(t)) {
        originalAt = i;
        break;
      }
      let r: DecodedRecipient | null = null;
      let code: string | null = null;
      const ec = t.indexOf("ERROR_CODE :");
      if (ec > 0) {
        const sp = t.indexOf(" ");
        const a = sp > 0 && sp < ec ? cleanAddress(t.slice(0, sp)) : null;
        if (a === null) continue;
        const label = t
          .slice(sp + 1, ec)
          .replace(/,\s*$/, "")
          .trim(); // "Invalid Address", "Error"
        const rep = reply(t.slice(ec));
        r = newRecipient(a);
        code = rep.code;
        r.diagnosticCode = rep.text === "" ? label : rep.text;
        r.fields["x-zoho-error"] = label;
      } else if (t.startsWith("[Status: ") && t.length < 1200) {
        // [Status: Error, Address: <a@b>, ResponseCode 421, , Host not reachable.]
        const m = /Address: <?([^>,\s]{1,320})>?, ResponseCode (\d{3})?[ ,]*(.{0,500})\]$/.exec(t);
        const a = cleanAddress(m?.[1]);
        if (a === null || m === null) continue;
        r = newRecipient(a);
        code = m[2] ?? null;
        r.diagnosticCode = foldSpace(`${code ?? ""} ${m[3] ?? ""}`);
      }
      if (r === null) continue;
      r.status = findStatus(r.diagnosticCode ?? "");
      r.action = delayed ? "delayed" : "failed";
      // A temporary reply in a report that says the error is permanent: Zoho stopped retrying.
      if (permanent && !delayed && code?.startsWith("4")) r.reason = "expired";
      recipients.push(r);
    }
    if (recipients.length === 0) return null;
    const original = originalAt === -1 ? (mail.returned?.text ?? null) : lines.slice(originalAt).join("\n");
    return { recipients, original };
  },
};
