// Verizon Wireless MMS/SMS gateway notices (post_master@vtext.com, sysadmin@*.vzwpix.com): "Error: <reason>",
// optionally "Error message below:" and the remote reply, then "Original Message:" or "Message details:" blocks
// naming the recipient ("To:" / "RCPT TO:").

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";

function isVerizon(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  return from.includes("post_master@vtext.com") || (from.includes("sysadmin@") && from.includes(".vzwpix.com"));
}

/** The readable body: the text view, or the raw text of parts when the MIME structure was not understood. */
function bodyOf(mail: BounceMail): string {
  if (mail.text.includes("Error:")) return mail.text;
  for (const p of mail.parts) if (p.text.includes("Error:")) return p.text;
  return mail.text;
}

/**
 * The gateway's own first line ("Error: ...") is its verdict on the address, checked against Verizon's own
 * subscriber directory; the remote reply below it, when any, is detail.
 */
const GATEWAY_VERDICTS: readonly (readonly [phrase: string, reason: "userunknown"])[] = [
  ["invalid user address", "userunknown"],
  ["no valid recipients", "userunknown"],
];

export const VERIZON: BounceDecoder = {
  id: "verizon",
  likely: isVerizon,
  decode(mail: BounceMail): DecodedMail | null {
    if (!isVerizon(mail)) return null;
    const lines = bodyOf(mail).split("\n");
    const diag: string[] = [];
    let state: "before" | "error" | "details" = "before";
    let to: string | null = null;
    let original: string[] = [];
    for (const line of lines) {
      const t = line.trim();
      if (t === "Original Message:" || t === "Message details:") {
        state = "details";
        continue;
      }
      if (state === "before" && t.startsWith("Error:")) state = "error";
      if (state === "error") {
        if (t !== "" && t !== "Error message below:") diag.push(t);
      } else if (state === "details") {
        if (t.startsWith("------")) break;
        const rc = t.length < 1000 ? /^(?:RCPT TO|To):\s*(.{1,998})$/.exec(t) : null;
        if (rc !== null && (to === null || t.startsWith("RCPT TO"))) to = cleanAddress(rc[1]);
        if (t !== "") original.push(t.replace(/^Sent date:/, "Date:").replace(/^RCPT TO:/, "X-Envelope-To:"));
      }
    }
    if (to === null || diag.length === 0) return null;
    const r = newRecipient(to);
    r.action = "failed";
    r.diagnosticCode = foldSpace(diag.join(" "));
    const first = (diag[0] ?? "").toLowerCase();
    for (const [phrase, reason] of GATEWAY_VERDICTS) if (first.includes(phrase)) r.reason = reason;
    if (original.length > 40) original = original.slice(0, 40);
    return { recipients: [r], original: mail.returned?.text ?? `${original.join("\n")}\n` };
  },
};
