// Amazon SES: the JSON bounce/complaint/delivery notifications that SES publishes through SNS e-mail subscriptions
// (docs.aws.amazon.com/ses/latest/dg/notification-contents.html), and SES's own DSNs from *.amazonses.com, whose
// Diagnostic-Code wraps the remote reply: "5.1.0 - Unknown address error 550-'5.7.1 ... Access denied'".

import type { Reason } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import { splitTyped } from "../dsn.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** JSON.parse that never throws. */
function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/**
 * The notification object in an SNS e-mail: the raw SES JSON, or the SNS envelope whose "Message" holds it. Long
 * lines may have been broken by a relay (RFC 5321's 998-octet limit) with "!" + CRLF + space; undo that first.
 */
function readNotification(text: string): Json | null {
  const footer = text.indexOf("\n--\nIf you wish to stop receiving notifications");
  const body = footer === -1 ? text : text.slice(0, footer);
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start === -1 || end <= start) return null;
  const raw = body.slice(start, end + 1);
  let v = parseJson(raw);
  if (v === null) v = parseJson(raw.replace(/!\n /g, ""));
  if (v === null) v = parseJson(raw.replace(/\n /g, ""));
  if (!isObject(v)) return null;
  if (v.Type === "Notification" && typeof v.Message === "string") {
    const inner = parseJson(v.Message);
    return isObject(inner) ? inner : null;
  }
  return v;
}

/** The returned message's headers, rebuilt from "mail.headers" ([{name, value}]) for the original's fields. */
function originalFromMail(mail: unknown): string | null {
  if (!isObject(mail)) return null;
  const lines: string[] = [];
  for (const h of list(mail.headers)) {
    if (!isObject(h)) continue;
    const name = str(h.name);
    const value = typeof h.value === "string" ? h.value : null;
    if (name !== null && value !== null && lines.length < 500) lines.push(`${name}: ${value.replace(/\n/g, " ")}`);
  }
  if (lines.length === 0) {
    const common = mail.commonHeaders;
    if (isObject(common)) {
      const id = str(common.messageId) ?? str(mail.messageId);
      if (id !== null) lines.push(`Message-ID: ${id.startsWith("<") ? id : `<${id}>`}`);
      const subject = str(common.subject);
      if (subject !== null) lines.push(`Subject: ${subject}`);
      const from = list(common.from).filter((x) => typeof x === "string");
      if (from.length > 0) lines.push(`From: ${from.join(", ")}`);
      const to = list(common.to).filter((x) => typeof x === "string");
      if (to.length > 0) lines.push(`To: ${to.join(", ")}`);
    }
  }
  return lines.length === 0 ? null : `${lines.join("\n")}\n\n`;
}

/**
 * SES's bounceSubType is its verdict; used only where the recipient entry has no diagnostic text to classify,
 * except the suppression list, which is SES's own refusal whatever the earlier reply was.
 */
const SUBTYPE_REASON: Record<string, Reason> = {
  NoEmail: "userunknown",
  MailboxFull: "mailboxfull",
  MessageTooLarge: "emailtoolarge",
  ContentRejected: "contenterror",
  AttachmentRejected: "contenterror",
};

function decodeNotification(mail: BounceMail): DecodedMail | null {
  const n = readNotification(mail.text);
  if (n === null) return null;
  const type = str(n.notificationType) ?? str(n.eventType);
  const original = originalFromMail(n.mail);
  const out: DecodedRecipient[] = [];
  const push = (addr: unknown, fill: (r: DecodedRecipient, entry: Json) => void, entry: Json): void => {
    const a = cleanAddress(str(addr));
    if (a === null || out.length >= 1000) return;
    const r = newRecipient(a);
    fill(r, entry);
    out.push(r);
  };
  if (type === "Bounce" && isObject(n.bounce)) {
    const b = n.bounce;
    const subType = str(b.bounceSubType) ?? "";
    for (const e of list(b.bouncedRecipients)) {
      if (!isObject(e)) continue;
      push(
        e.emailAddress,
        (r, entry) => {
          r.action = str(entry.action) ?? (b.bounceType === "Transient" ? "delayed" : "failed");
          r.status = findStatus(str(entry.status) ?? "");
          const diag = splitTyped(str(entry.diagnosticCode) ?? undefined);
          r.diagnosticCode = diag.value === "" ? null : foldSpace(diag.value);
          r.diagnosticType = diag.type === null ? null : diag.type.toUpperCase();
          r.reportingMta = str(b.reportingMTA)?.replace(/^dns;\s*/i, "") ?? null;
          r.remoteMta = str(b.remoteMtaIp);
          r.date = str(b.timestamp);
          r.fields["x-ses-bounce-type"] = `${str(b.bounceType) ?? ""}/${subType}`;
          if (subType === "Suppressed" || subType === "OnAccountSuppressionList") r.reason = "suppressed";
          else if (r.diagnosticCode === null) r.reason = SUBTYPE_REASON[subType] ?? null;
        },
        e,
      );
    }
  } else if (type === "Complaint" && isObject(n.complaint)) {
    const c = n.complaint;
    for (const e of list(c.complainedRecipients)) {
      if (!isObject(e)) continue;
      push(
        e.emailAddress,
        (r) => {
          r.reason = "feedback";
          r.feedbackType = str(c.complaintFeedbackType) ?? "abuse";
          r.date = str(c.timestamp);
          r.diagnosticCode = str(c.userAgent);
          const id = str(c.feedbackId);
          if (id !== null) r.fields["feedback-id"] = id;
        },
        e,
      );
    }
  } else if (type === "Delivery" && isObject(n.delivery)) {
    const d = n.delivery;
    for (const a of list(d.recipients)) {
      push(
        a,
        (r) => {
          r.action = "delivered";
          r.reason = "delivered";
          r.diagnosticCode = str(d.smtpResponse);
          r.status = findStatus(r.diagnosticCode ?? "");
          r.reportingMta = str(d.reportingMTA);
          r.remoteMta = str(d.remoteMtaIp);
          r.date = str(d.timestamp);
        },
        {},
      );
    }
  } else if (type === "DeliveryDelay" && isObject(n.deliveryDelay)) {
    const d = n.deliveryDelay;
    for (const e of list(d.delayedRecipients)) {
      if (!isObject(e)) continue;
      push(
        e.emailAddress,
        (r, entry) => {
          r.action = "delayed";
          r.status = findStatus(str(entry.status) ?? "");
          const diag = splitTyped(str(entry.diagnosticCode) ?? undefined);
          r.diagnosticCode = diag.value === "" ? null : foldSpace(diag.value);
          r.reportingMta = str(d.reportingMTA);
          r.date = str(d.timestamp);
          const delay = str(d.delayType);
          if (delay !== null) r.fields["x-ses-delay-type"] = delay;
        },
        e,
      );
    }
  }
  if (out.length === 0) return null;
  return { recipients: out, original };
}

/** "5.1.0 - Unknown address error 550-'5.7.1 <a@b>... Access denied' (delivery attempts: 0)" -> the quoted reply. */
export function unwrapSesDiagnostic(diag: string): string {
  // No leading \s* in the pattern (quadratic on long blank runs); trimEnd does that part.
  let d = diag.replace(/\(delivery attempts: \d{1,6}\)\s*$/, "").trimEnd();
  const m = /^[245]\.\d{1,3}\.\d{1,3} - [A-Za-z ]{3,60}? (\d{3})[- ]'([^']{0,2000})'?$/.exec(d);
  if (m?.[1] !== undefined && m[2] !== undefined) d = `${m[1]} ${m[2]}`;
  return d.trim();
}

function decodeDsn(mail: BounceMail): DecodedMail | null {
  if (mail.deliveryStatus === null) return null;
  const recipients = readDsnRecipients(mail.deliveryStatus.text);
  if (recipients.length === 0) return null;
  for (const r of recipients) {
    if (r.diagnosticCode !== null) {
      r.diagnosticCode = unwrapSesDiagnostic(r.diagnosticCode);
      // SES writes "Status: 5.0.0 (permanent failure)"; the unwrapped reply carries the real code.
      const stated = findStatus(r.diagnosticCode);
      if (stated !== null && r.status?.endsWith(".0.0") === true && stated[0] === r.status[0]) r.status = stated;
    }
    if (r.remoteMta !== null) r.remoteMta = r.remoteMta.replace(/^\[|\]$/g, "");
  }
  return { recipients, original: mail.returned?.text ?? null };
}

function isSesNotification(mail: BounceMail): boolean {
  return mail.from.toLowerCase().includes("@sns.amazonaws.com") && mail.subject.startsWith("AWS Notification");
}

function isSesDaemon(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  return from.includes("amazonses.com") || mail.header("x-ses-outgoing") !== "";
}

export const AMAZON_SES: BounceDecoder = {
  id: "amazonses",
  likely: (mail) => isSesNotification(mail) || isSesDaemon(mail),
  decode(mail: BounceMail): DecodedMail | null {
    if (isSesNotification(mail)) return decodeNotification(mail);
    if (mail.text.startsWith("{") && mail.text.includes('"notificationType"')) return decodeNotification(mail);
    if (!isSesDaemon(mail)) return null;
    return decodeDsn(mail);
  },
};
