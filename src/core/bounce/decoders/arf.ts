// Feedback-loop complaints in the Abuse Reporting Format (RFC 5965; RFC 6591 auth-failure reports):
// reason "feedback" with the Feedback-Type. The complaining recipient is Original-Rcpt-To, else the To of
// the returned message.

import { cleanAddress } from "../address.js";
import { readHeaders } from "../mime.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";

function isFeedback(mail: BounceMail): boolean {
  const ct = mail.header("content-type").toLowerCase();
  if (ct.includes("feedback-report")) return true;
  return mail.parts.some((p) => p.type === "message/feedback-report") || isHotmailComplaint(mail);
}

/**
 * Hotmail's complaint mails from before Microsoft's feedback loop (JMRP) sent ARF: "complaint about message from
 * <ip>" from staff@hotmail.com, with the complained-of message attached and no feedback-report part.
 */
function isHotmailComplaint(mail: BounceMail): boolean {
  return (
    mail.from.toLowerCase().includes("@hotmail.com") &&
    mail.subject.trim().toLowerCase().startsWith("complaint about message from") &&
    mail.returned !== null
  );
}

/**
 * Apple Mail's one-click unsubscribe: a plain mail from the user to the List-Unsubscribe mailto address, marked
 * "X-Apple-Unsubscribe: true". It is an opt-out from that user, reported as feedback of type opt-out.
 */
function isAppleUnsubscribe(mail: BounceMail): boolean {
  return mail.header("x-apple-unsubscribe").trim().toLowerCase() === "true";
}

function decodeAppleUnsubscribe(mail: BounceMail): DecodedMail | null {
  const addr = cleanAddress(mail.header("from"));
  if (addr === null) return null;
  const r = newRecipient(addr);
  r.reason = "feedback";
  r.feedbackType = "opt-out";
  const text = foldSpace(mail.text);
  r.diagnosticCode = text === "" ? null : text.slice(0, 1000);
  r.date = mail.header("date") || null;
  return { recipients: [r], original: null };
}

/**
 * The recipient of a report that names none (redacted, "Undisclosed Recipients"): the complaint still counts, so
 * it is reported with an empty recipient rather than dropped.
 */
export const UNKNOWN_RECIPIENT = "";

function fieldsOf(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const h of readHeaders(text, 0, text.length).headers) {
    const list = m.get(h.name);
    if (list === undefined) m.set(h.name, [h.value]);
    else list.push(h.value);
  }
  return m;
}

export const ARF: BounceDecoder = {
  id: "arf",
  likely: (mail) => isFeedback(mail) || isAppleUnsubscribe(mail),
  decode(mail: BounceMail): DecodedMail | null {
    if (isAppleUnsubscribe(mail) && !isFeedback(mail)) return decodeAppleUnsubscribe(mail);
    if (!isFeedback(mail)) return null;
    const report = mail.parts.find((p) => p.type === "message/feedback-report");
    const fields = fieldsOf(report?.text ?? "");
    const original = mail.returned?.text ?? null;
    const originalHeaders = original === null ? null : fieldsOf(original);
    const addresses = new Set<string>();
    for (const v of fields.get("original-rcpt-to") ?? []) {
      const a = cleanAddress(v);
      if (a !== null) addresses.add(a);
    }
    if (addresses.size === 0) {
      const to = cleanAddress(originalHeaders?.get("to")?.[0]);
      if (to !== null) addresses.add(to);
    }
    if (addresses.size === 0) {
      // Some providers redact the recipient entirely; report the complaint without an address rather than drop it.
      const redacted = fields.get("removal-recipient")?.[0] ?? null;
      const a = cleanAddress(redacted);
      if (a !== null) addresses.add(a);
    }
    if (addresses.size === 0) addresses.add(UNKNOWN_RECIPIENT);
    const feedbackType = (fields.get("feedback-type")?.[0] ?? (isHotmailComplaint(mail) ? "abuse" : "other"))
      .trim()
      .toLowerCase();
    const agent = fields.get("user-agent")?.[0];
    const human = foldSpace(mail.text);
    const diagnostic = agent === undefined ? human : `${human}${human === "" ? "" : ": "}User-Agent: ${agent}`;
    const recipients = [...addresses].map((addr) => {
      const r = newRecipient(addr);
      r.reason = "feedback";
      r.feedbackType = feedbackType;
      r.diagnosticCode = diagnostic === "" ? null : diagnostic;
      r.date = fields.get("arrival-date")?.[0] ?? fields.get("received-date")?.[0] ?? null;
      for (const name of [
        "source-ip",
        "reported-domain",
        "reported-uri",
        "original-mail-from",
        "authentication-results",
        "auth-failure",
        "user-agent",
      ]) {
        const v = fields.get(name)?.[0];
        if (v !== undefined) r.fields[name] = v;
      }
      return r;
    });
    return recipients.length === 0 ? null : { recipients, original };
  },
};
