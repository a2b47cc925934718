// Oracle Communications (Sun Java System, iPlanet, PMDF) Messaging Server notifications: Subject
// "Delivery Notification: Delivery has failed", a human part "This report relates to a message you sent ..."
// with "  Recipient address: / Original address: / Reason: / Diagnostic code: / Remote system:" blocks,
// and usually a delivery-status part (read first; the human blocks fill what it lacks).

import type { SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { hostIn } from "./ndr-lines.js";
import { readDsnRecipients } from "./rfc3464.js";

const INTRO = "This report relates to a message you sent with the following header fields:";

interface Block {
  address: string | null;
  original: string | null;
  reason: string | null;
  diagnostic: string | null;
  remote: string | null;
}

function readBlocks(text: string): { blocks: Block[]; history: string | null } {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  let lastError: string | null = null;
  for (const line of text.split("\n")) {
    const t = line.trim();
    const colon = t.indexOf(": ");
    const label = colon > 0 && colon < 24 ? t.slice(0, colon).toLowerCase() : "";
    const value = colon > 0 ? t.slice(colon + 2).trim() : "";
    if (label === "recipient address") {
      cur = { address: value, original: null, reason: null, diagnostic: null, remote: null };
      blocks.push(cur);
    } else if (cur !== null && label === "original address") cur.original = cleanAddress(value);
    else if (cur !== null && label === "reason") cur.reason = value;
    else if (cur !== null && label === "diagnostic code") cur.diagnostic = value;
    else if (cur !== null && label === "remote system") cur.remote = hostIn(value);
    else if (t.includes("Error: ") || t.startsWith("TCP active open:")) lastError = t; // delivery attempt history
  }
  return { blocks, history: lastError };
}

/**
 * The SMTP command a block's "Reason:" names. The MTA writes these fixed texts for its SMTP client's errors:
 * "Remote SMTP server has rejected address" when the remote server refused the recipient (RCPT TO), "Server
 * rejected MAIL FROM address" when it refused the envelope sender (the same texts appear as the DSN Status
 * comment, e.g. "Status: 5.0.0 (Remote SMTP server has rejected address)").
 */
function commandOfReason(reason: string | null): SmtpStage | null {
  if (reason === null) return null;
  const r = reason.toLowerCase();
  if (r.startsWith("remote smtp server has rejected address")) return "rcpt";
  if (r.startsWith("server rejected mail from address")) return "mail";
  return null;
}

/** "smtp;550 5.1.1 ..." -> "550 5.1.1 ..." */
function stripType(v: string): { type: string | null; text: string } {
  const semi = v.indexOf(";");
  if (semi > 0 && semi < 12 && /^[a-z0-9-]+$/i.test(v.slice(0, semi))) {
    return { type: v.slice(0, semi).toUpperCase(), text: v.slice(semi + 1).trim() };
  }
  return { type: null, text: v };
}

export const MESSAGINGSERVER: BounceDecoder = {
  id: "messagingserver",
  likely: (mail) =>
    mail.subject.startsWith("Delivery Notification: ") || mail.header("content-type").includes("Boundary_(ID_"),
  decode(mail: BounceMail): DecodedMail | null {
    if (!mail.text.includes(INTRO)) return null;
    const { blocks, history } = readBlocks(mail.text);
    const byAddress = new Map<string, Block>();
    for (const b of blocks) {
      const a = cleanAddress(b.address)?.toLowerCase();
      if (a !== undefined && !byAddress.has(a)) byAddress.set(a, b);
      const o = b.original?.toLowerCase();
      if (o !== undefined && !byAddress.has(o)) byAddress.set(o, b);
    }
    const find = (addr: string): Block | undefined => byAddress.get(addr.toLowerCase());

    const recipients: DecodedRecipient[] = [];
    let dsText = mail.deliveryStatus?.text ?? null;
    if (dsText === null) {
      // PMDF pastes the DSN fields into the text part.
      const at = mail.text.indexOf("\nReporting-MTA:");
      const at2 = mail.text.indexOf("\nOriginal-envelope-id:");
      const from = at2 !== -1 && (at === -1 || at2 < at) ? at2 : at;
      if (from !== -1) dsText = mail.text.slice(from + 1);
    }
    const dsn = dsText === null ? [] : readDsnRecipients(dsText);
    for (const r of dsn) {
      const b = find(r.recipient) ?? (r.alias !== null ? find(r.alias) : undefined);
      if (r.diagnosticCode === null) {
        const d = b?.diagnostic ?? null;
        if (d !== null) {
          const s = stripType(d);
          r.diagnosticCode = foldSpace(s.text);
          r.diagnosticType = s.type;
        } else r.diagnosticCode = b?.reason ?? null;
      }
      if (history !== null) r.fields["x-last-attempt-error"] = foldSpace(history);
      r.remoteMta ??= b?.remote ?? null;
      r.command ??= commandOfReason(b?.reason ?? null);
      recipients.push(r);
    }
    if (dsn.length === 0) {
      for (const b of blocks) {
        // "@smtp.example.net:kijitora@server" is a source route: the original address is the one meant.
        const addr = b.address !== null && !b.address.startsWith("@") ? cleanAddress(b.address) : null;
        const a = b.original ?? addr;
        if (a === null) continue;
        const r = newRecipient(a);
        r.action = "failed";
        const s = b.diagnostic === null ? null : stripType(b.diagnostic);
        r.diagnosticCode = s !== null ? foldSpace(s.text) : b.reason;
        r.diagnosticType = s?.type ?? null;
        r.status = findStatus(r.diagnosticCode ?? "");
        r.remoteMta = b.remote;
        r.command = commandOfReason(b.reason);
        recipients.push(r);
      }
    }
    if (recipients.length === 0) return null;
    return { recipients, original: mail.returned?.text ?? null };
  },
};
