// Apache James notices from its Bounce / NotifySender mailets (AbstractNotify.java, 2.x and 3.x): a notice line,
// "Error message below:" with the error, then "Message details:" listing "  RCPT TO: a" and one address per
// further indented line. (James's DSNBounce mailet sends a standard DSN, read by the rfc3464 decoder.)

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { findLine, findStatus, foldSpace, newRecipient } from "./common.js";

export const APACHEJAMES: BounceDecoder = {
  id: "apachejames",
  likely(mail: BounceMail): boolean {
    if (mail.subject === "[BOUNCE]") return true;
    if (mail.header("message-id").includes(".JavaMail.")) return true;
    return mail.headers.some((h) => h.name === "received" && h.value.includes("JAMES SMTP Server"));
  },
  decode(mail: BounceMail): DecodedMail | null {
    // A part whose multipart header is malformed (boundary parameter on an unfolded line) reaches us as one raw
    // leaf: read the notice from whichever text holds it.
    const source = mail.text.includes("Message details:")
      ? mail.text
      : (mail.parts.find((p) => p.text.includes("Message details:") && p.text.includes("RCPT TO: "))?.text ?? "");
    const lines = source.split("\n");
    const details = findLine(lines, ["Message details:"]);
    if (details === -1) return null;
    // The "RCPT TO:" line must follow within the details block, or this is not AbstractNotify's layout.
    let rcptAt = -1;
    for (let i = details + 1; i < Math.min(lines.length, details + 12); i++) {
      if ((lines[i] ?? "").startsWith("  RCPT TO: ")) {
        rcptAt = i;
        break;
      }
    }
    if (rcptAt === -1) return null;
    const addrs: string[] = [];
    const first = cleanAddress((lines[rcptAt] ?? "").slice(11));
    if (first !== null) addrs.push(first);
    for (let i = rcptAt + 1; i < lines.length && addrs.length < 500; i++) {
      const l = lines[i] ?? "";
      if (!l.startsWith("           ")) break; // continuation lines are indented to the address column
      const a = cleanAddress(l);
      if (a !== null) addrs.push(a);
    }
    if (addrs.length === 0) return null;
    const errAt = findLine(lines, ["Error message below:"]);
    let diag: string | null = null;
    if (errAt !== -1 && errAt < details) {
      const notice = lines.slice(0, errAt).filter((l) => l.trim() !== "");
      const error = foldSpace(lines.slice(errAt + 1, details).join(" "));
      // Sisimai-style: the notice's first line (e.g. "Error: Invalid user address") gives context to the error.
      const lead = foldSpace(notice[notice.length - 1] ?? "");
      diag = error === "" ? lead || null : lead !== "" && lead.length < 200 ? `${lead} ${error}` : error;
    } else {
      diag = foldSpace(lines.slice(0, details).join(" ")) || null;
    }
    const recipients = addrs.map((a) => {
      const r = newRecipient(a);
      r.action = "failed";
      r.diagnosticCode = diag;
      r.status = diag === null ? null : findStatus(diag);
      return r;
    });
    return { recipients, original: mail.returned?.text ?? null };
  },
};
