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

/** Reads recipients out of delivery-status text. Exported for decoders of MTAs that send DSNs. */
export function readDsnRecipients(dsText: string): DecodedRecipient[] {
  const ds = readDeliveryStatus(dsText);
  const reportingMta = splitTyped(ds.message.get("reporting-mta")).value || null;
  const arrival = ds.message.get("arrival-date") ?? null;
  const out: DecodedRecipient[] = [];
  for (const g of ds.recipients) {
    const addr =
      cleanAddress(splitTyped(g.get("final-recipient")).value) ??
      cleanAddress(splitTyped(g.get("original-recipient")).value);
    if (addr === null) continue;
    const r = newRecipient(addr);
    const original = cleanAddress(splitTyped(g.get("original-recipient")).value);
    r.alias = original !== null && original.toLowerCase() !== addr.toLowerCase() ? original : null;
    r.action = g.get("action")?.trim().toLowerCase().split(/\s/)[0] ?? null;
    const status = g.get("status");
    r.status = status === undefined ? null : findStatus(status);
    const diag = splitTyped(g.get("diagnostic-code"));
    r.diagnosticCode = diag.value === "" ? null : foldSpace(diag.value);
    r.diagnosticType = diag.type === null ? null : diag.type.toUpperCase();
    r.remoteMta = splitTyped(g.get("remote-mta")).value || null;
    r.reportingMta = reportingMta;
    r.date = g.get("last-attempt-date") ?? arrival;
    for (const [k, v] of g) if (!KNOWN_FIELDS.has(k)) r.fields[k] = v;
    for (const [k, v] of ds.message) if (k.startsWith("x-") && r.fields[k] === undefined) r.fields[k] = v;
    out.push(r);
  }
  return out;
}

export const RFC3464: BounceDecoder = {
  id: "rfc3464",
  likely: (mail) => mail.deliveryStatus !== null,
  decode(mail: BounceMail): DecodedMail | null {
    const dsText = mail.deliveryStatus?.text ?? findFieldsInText(mail.text);
    if (dsText === null || dsText === undefined) return null;
    const recipients = readDsnRecipients(dsText);
    if (recipients.length === 0) return null;
    return { recipients, original: mail.returned?.text ?? null };
  },
};
