// The standard delivery status notification (RFC 3464 inside multipart/report, RFC 6522; RFC 6533 for UTF-8).
// Also reads DSN fields that an MTA pasted into a plain-text body instead of a message/delivery-status part.

import { cleanAddress } from "../address.js";
import { readDeliveryStatus, splitTyped } from "../dsn.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";

const KNOWN_FIELDS = new Set([
  "final-recipient",
  "original-recipient",
  "action",
  "status",
  "remote-mta",
  "diagnostic-code",
  "last-attempt-date",
  "arrival-date",
  "reporting-mta",
]);

/** Where DSN fields start in a plain-text body: a line beginning with one of these names. */
function findFieldsInText(text: string): string | null {
  const lower = text.toLowerCase();
  let at = -1;
  for (const name of ["\nreporting-mta:", "\nfinal-recipient:", "\noriginal-recipient:"]) {
    const i = lower.indexOf(name);
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  return at === -1 ? null : text.slice(at + 1);
}

/**
 * The comment after a Status code ("4.0.0 (example.net: host name lookup failure)"), when it says more than
 * the code's class: some MTAs put their only error text there and send no Diagnostic-Code (RFC 3464
 * appendix example; RFC 5322 section 3.2.2 comments). Bare class names ("permanent failure", "other or
 * undefined network or routing status") add nothing and are dropped.
 */
function statusComment(status: string): string | null {
  const open = status.indexOf("(");
  const close = status.lastIndexOf(")");
  if (open === -1 || close <= open) return null;
  const text = foldSpace(status.slice(open + 1, close));
  const lower = text.toLowerCase();
  if (text === "" || /^(?:permanent|persistent transient|transient|temporary) failure$/.test(lower)) return null;
  if (lower.startsWith("other or undefined") || lower === "undefined status" || lower === "success") return null;
  return text;
}

/**
 * An address with a quoted local part ("first..last"@example.net, RFC 5321 section 4.1.2), kept with its
 * quotes: without them it is another (invalid) address. cleanAddress reads only dot-atom local parts.
 */
function quotedAddress(value: string): string | null {
  let v = value.trim();
  if (v.startsWith("<") && v.endsWith(">")) v = v.slice(1, -1).trim();
  return /^"[^"\\\r\n]{1,64}"@[A-Za-z0-9.-]{1,255}$/.test(v) ? v : null;
}

/** Reads recipients out of delivery-status text. Exported for decoders of MTAs that send DSNs. */
export function readDsnRecipients(dsText: string): DecodedRecipient[] {
  const ds = readDeliveryStatus(dsText);
  const reportingMta = splitTyped(ds.message.get("reporting-mta")).value || null;
  const arrival = ds.message.get("arrival-date") ?? null;
  const out: DecodedRecipient[] = [];
  for (const g of ds.recipients) {
    const final = splitTyped(g.get("final-recipient")).value;
    const addr =
      quotedAddress(final) ?? cleanAddress(final) ?? cleanAddress(splitTyped(g.get("original-recipient")).value);
    if (addr === null) continue;
    const r = newRecipient(addr);
    const original = cleanAddress(splitTyped(g.get("original-recipient")).value);
    const bare = addr.replace(/"/g, "").toLowerCase();
    r.alias = original !== null && original.toLowerCase() !== bare ? original : null;
    r.action = g.get("action")?.trim().toLowerCase().split(/\s/)[0] ?? null;
    const status = g.get("status");
    r.status = status === undefined ? null : findStatus(status);
    const diag = splitTyped(g.get("diagnostic-code"));
    r.diagnosticCode = diag.value === "" ? null : foldSpace(diag.value);
    r.diagnosticType = diag.type === null ? null : diag.type.toUpperCase();
    if (r.diagnosticCode === null && status !== undefined) r.diagnosticCode = statusComment(status);
    r.remoteMta = splitTyped(g.get("remote-mta")).value || null;
    r.reportingMta = reportingMta;
    r.date = g.get("last-attempt-date") ?? arrival;
    for (const [k, v] of g) if (!KNOWN_FIELDS.has(k)) r.fields[k] = v;
    for (const [k, v] of ds.message) if (k.startsWith("x-") && r.fields[k] === undefined) r.fields[k] = v;
    out.push(r);
  }
  return out;
}

/**
 * The human-readable reason the notification text gives for one recipient, when the delivery-status part has
 * no Diagnostic-Code: the rest of the line that names the address, then the following lines up to a blank
 * line or another recipient's address (CommuniGate Pro "Failed to deliver to '<a>'" + reason line; providers
 * that write "a@b:" then the remote reply on the next lines but send a bare DSN). Bounded: 12 lines, 1,000
 * characters.
 */
function reasonFromText(text: string, address: string, others: readonly string[]): string | null {
  const lower = text.toLowerCase();
  const addr = address.replace(/"/g, "").toLowerCase();
  const at = lower.indexOf(addr);
  if (at === -1) return null;
  const lineEnd = text.indexOf("\n", at);
  // The remainder of the address line, without the address's own brackets, quotes and colon.
  const rest = (lineEnd === -1 ? text.slice(at + addr.length) : text.slice(at + addr.length, lineEnd)).replace(
    /^[>'"\]):;,. \t]{0,8}/,
    "",
  );
  // A lead-in that ends the address line with a colon ("Your message to <a> was automatically rejected:", Dovecot's
  // rejection_reason default) introduces the reason on the next lines; the reason alone is the diagnostic.
  const leadIn = /^[^:]{0,80}:$/.test(rest.trim()) && /\b(?:rejected|refused|failed|because)\b/i.test(rest);
  const parts: string[] = rest.trim() === "" || leadIn ? [] : [rest];
  let pos = lineEnd;
  for (let n = 0; n < 12 && pos !== -1; n++) {
    const next = text.indexOf("\n", pos + 1);
    const line = next === -1 ? text.slice(pos + 1) : text.slice(pos + 1, next);
    if (line.trim() === "") break;
    const l = line.toLowerCase();
    if (others.some((o) => o !== addr && l.includes(o))) break;
    parts.push(line);
    pos = next;
  }
  const out = foldSpace(parts.join(" "));
  if (out.length < 4 || !/[a-z]{3}/i.test(out)) return null;
  return out.length > 1000 ? out.slice(0, 1000) : out;
}

export const RFC3464: BounceDecoder = {
  id: "rfc3464",
  likely: (mail) => mail.deliveryStatus !== null,
  decode(mail: BounceMail): DecodedMail | null {
    const dsText = mail.deliveryStatus?.text ?? findFieldsInText(mail.text);
    if (dsText === null || dsText === undefined) return null;
    const recipients = readDsnRecipients(dsText);
    if (recipients.length === 0) return null;
    // A DSN without Diagnostic-Code: the notification text often states the reason next to the address.
    if (mail.deliveryStatus !== null && mail.text !== "") {
      const all = recipients.map((r) => r.recipient.replace(/"/g, "").toLowerCase());
      for (const r of recipients) {
        if (r.diagnosticCode !== null || r.action === "delivered" || r.action === "relayed") continue;
        const found =
          reasonFromText(mail.text, r.recipient, all) ??
          (r.alias === null ? null : reasonFromText(mail.text, r.alias, all));
        if (found === null) continue;
        r.diagnosticCode = found;
        // A bare class status (5.0.0) beside a text that states the specific code: the text's code says more.
        const specific = findStatus(found);
        if (specific !== null && r.status?.endsWith(".0.0") && specific[0] === r.status[0]) r.status = specific;
      }
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
