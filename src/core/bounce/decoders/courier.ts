// Courier MTA delivery status notifications (courier/module.dsn, courierdsn): a multipart/report whose text part
// lists "<rcpt>:" then "    host [ip]:" and the ">>> COMMAND" / "<<< reply" exchange that failed.
// The DSN part names recipients; the text gives the SMTP command and the complete multi-line reply.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";
import { stageOfCommandWords } from "./smtp-command.js";
import { findLineContaining } from "./transcript-lines.js";

const SIGNATURE = "running the Courier mail server";

interface Exchange {
  host: string | null;
  command: string | null;
  replies: string[];
}

/** "<rcpt>:" blocks of the text part with the exchange each one reports. */
function readBlocks(lines: readonly string[], from: number): Map<string, Exchange> {
  const out = new Map<string, Exchange>();
  let cur: Exchange | null = null;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i] ?? "";
    const t = l.trim();
    if (t.startsWith("-----") && cur !== null) cur = null;
    if (!l.startsWith(" ") && t.startsWith("<") && t.endsWith(">:") && t.includes("@")) {
      const addr = cleanAddress(t.slice(0, -1));
      if (addr === null) continue;
      cur = { host: null, command: null, replies: [] };
      out.set(addr.toLowerCase(), cur);
      continue;
    }
    if (cur === null || t === "") continue;
    if (t.startsWith(">>> ")) cur.command = t.slice(4);
    else if (t.startsWith("<<< ")) {
      if (cur.replies.length < 50) cur.replies.push(t.slice(4));
    } else if (l.startsWith(" ") && t.endsWith(":") && cur.host === null) {
      cur.host = t.slice(0, -1).split(/\s/, 1)[0] || null; // "    mx.example.co.jp [192.0.2.95]:"
    }
  }
  return out;
}

export const COURIER: BounceDecoder = {
  id: "courier",
  likely(mail: BounceMail): boolean {
    if (mail.header("message-id").startsWith("<courier.")) return true;
    return mail.subject === "NOTICE: mail delivery status." && mail.text.includes(SIGNATURE);
  },
  decode(mail: BounceMail): DecodedMail | null {
    const lines = mail.text.split("\n");
    const sig = findLineContaining(lines, [SIGNATURE]);
    if (sig === -1) return null;
    const blocks = readBlocks(lines, sig + 1);
    const delayed = lines.some((l) => l.trim() === "DELAYED MAIL");
    let recipients: DecodedRecipient[] = [];
    if (mail.deliveryStatus !== null) recipients = readDsnRecipients(mail.deliveryStatus.text);
    if (recipients.length === 0) {
      for (const key of blocks.keys()) {
        const r = newRecipient(key);
        r.action = delayed ? "delayed" : "failed";
        r.diagnosticType = "SMTP";
        recipients.push(r);
      }
    }
    if (recipients.length === 0) return null;
    const intro = (lines[sig - 1] ?? "").trim(); // "This is a delivery status notification from HOST,"
    const fromAt = intro.indexOf(" notification from ");
    const reportingHost = fromAt === -1 ? null : intro.slice(fromAt + 19).replace(/,$/, "") || null;
    for (const r of recipients) {
      r.reportingMta ??= reportingHost;
      const b =
        blocks.get(r.recipient.toLowerCase()) ??
        (blocks.size === 1 && recipients.length === 1 ? [...blocks.values()][0] : undefined);
      if (b === undefined) continue;
      if (b.command !== null) r.command = stageOfCommandWords(b.command);
      r.remoteMta ??= b.host;
      if (b.replies.length > 0) {
        const reply = foldSpace(b.replies.join(" "));
        // Courier writes the whole multi-line reply in the text; the DSN field may hold only part of it.
        if (r.diagnosticCode === null || reply.length >= r.diagnosticCode.length) r.diagnosticCode = reply;
        const code = findStatus(reply.slice(0, 24));
        // The DSN Status is a generic X.0.0 in Courier's reports; the reply's enhanced code is the real one.
        if (code !== null && (r.status === null || /^\d\.0\.0$/.test(r.status))) r.status = code;
      }
      // Courier's own DNS verdict for the recipient's domain (no remote host was reached).
      if (r.diagnosticCode === "No such domain." && b.host === null) r.reason = "hostunknown";
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
