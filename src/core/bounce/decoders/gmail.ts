// Gmail / Google Workspace bounces from mailer-daemon@googlemail.com: the legacy plain-text notice ("Delivery to
// the following recipient failed permanently:" + "Technical details of permanent failure:") and the newer
// "** Address not found **" / "** Message not delivered **" notice with its delivery-status part.

import type { SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

/** Markers after which Gmail pastes the returned message in the legacy plain-text notice. */
const ORIGINAL_MARKERS = ["----- Original message -----", "----- Message header follows -----"];

/** Headings of the newer notice (text part), English. */
const NEW_HEADINGS = [
  "** address not found **",
  "** message not delivered **",
  "** delivery incomplete **",
  "** message blocked **",
  "** message rejected **",
];

/** Where the newer notice quotes the remote server or Gmail's own error. */
const RESPONSE_MARKERS = ["The response from the remote server was:", "The response was:"];

/**
 * Gmail's SMTP client "state" in legacy notices ("... (state 14)."): the stage the reply answered.
 * Values as documented by bounceHammer's study of Gmail bounces (bouncehammer.jp, "Gmail's 9 state values").
 */
const STATE_STAGE: Record<string, SmtpStage> = {
  "6": "starttls",
  "8": "auth",
  "9": "auth",
  "12": "auth",
  "13": "mail",
  "14": "rcpt",
  "15": "end-of-data",
  "17": "end-of-data",
  "18": "end-of-data",
};

export function isGoogleDaemon(from: string): boolean {
  const f = from.toLowerCase();
  return f.includes("mailer-daemon@googlemail.com") || f.includes("mailer-daemon@google.com");
}

/** The inline returned message of a legacy notice, after its marker. */
function inlineOriginal(text: string): { before: string; original: string | null } {
  for (const m of ORIGINAL_MARKERS) {
    const at = text.indexOf(m);
    if (at !== -1) return { before: text.slice(0, at), original: text.slice(at + m.length).replace(/^\s+/, "") };
  }
  return { before: text, original: null };
}

/** The remote host Gmail names: "by mx.example.jp. [192.0.2.1]" or "[mx.example.jp 192.0.2.1: socket error]". */
function gmailRemoteHost(s: string): string | null {
  const by = /\bby ([A-Za-z0-9._-]{1,255}?)\.? \[[0-9a-fA-F.:]{3,45}\]/.exec(s);
  if (by?.[1] !== undefined) return by[1];
  const sock =
    /\[(?:\(\d{1,3}\) )?([A-Za-z0-9._-]{1,255}?)\.? \[?[0-9a-fA-F.:]{3,45}\]?(?::\d{1,5})?: [a-z ]{3,40}\]/.exec(s);
  return sock?.[1] ?? null;
}

/** Reads the legacy reply quote: "The error that the other server returned was: 550 550 5.1.1 ... (state 14)." */
function legacyReply(details: string): { reply: string | null; stage: SmtpStage | null } {
  const marker = "The error that the other server returned was:";
  const at = details.indexOf(marker);
  let reply = at === -1 ? null : foldSpace(details.slice(at + marker.length));
  let stage: SmtpStage | null = null;
  const st = /\(state (\d{1,3})\)\.?\s*$/.exec(reply ?? details);
  if (st?.[1] !== undefined) {
    stage = STATE_STAGE[st[1]] ?? null;
    if (reply !== null) reply = reply.slice(0, reply.length - st[0].length).trim();
  }
  // Gmail prints the reply code, then the reply that starts with the same code again: "554 554 5.7.0 ...".
  if (reply !== null) {
    const dup = /^(\d{3}) (\d{3})([ -])/.exec(reply);
    if (dup !== null && dup[1] === dup[2]) reply = reply.slice(4);
  }
  return { reply, stage };
}

function decodeLegacy(mail: BounceMail): DecodedMail | null {
  const { before, original } = inlineOriginal(mail.text);
  const lines = before.split("\n");
  let i = 0;
  let action: string | null = null;
  for (; i < lines.length; i++) {
    const l = (lines[i] ?? "").trim();
    if (!l.startsWith("Delivery to the following recipient")) continue;
    if (l.includes("delayed")) action = "delayed";
    else if (l.includes("failed")) action = "failed";
    if (action !== null) break;
  }
  if (action === null) return null;
  const addresses: string[] = [];
  let j = i + 1;
  for (; j < lines.length; j++) {
    const raw = lines[j] ?? "";
    if (raw.trim() === "") {
      if (addresses.length > 0 && !/^\s/.test(lines[j + 1] ?? "")) break;
      continue;
    }
    if (!/^\s/.test(raw)) break;
    const a = cleanAddress(raw);
    if (a !== null && addresses.length < 500) addresses.push(a);
  }
  if (addresses.length === 0) return null;
  let details = "";
  const rest = lines.slice(j).join("\n");
  const td = /Technical details of (?:permanent|temporary) failure:/.exec(rest);
  if (td !== null) details = rest.slice(td.index + td[0].length);
  const foldedDetails = foldSpace(details);
  const { reply, stage } = legacyReply(details);
  const remote = gmailRemoteHost(foldedDetails);
  const out: DecodedRecipient[] = [];
  for (const a of addresses) {
    const r = newRecipient(a);
    r.action = action;
    r.diagnosticCode = reply ?? (foldedDetails === "" ? null : foldedDetails);
    r.diagnosticType = "SMTP";
    r.command = stage;
    r.remoteMta = remote;
    r.reportingMta = "googlemail.com";
    r.reason = expiredVerdict(r.action, foldedDetails);
    out.push(r);
  }
  return { recipients: out, original: mail.returned?.text ?? original };
}

/**
 * Gmail reports a connection failure as permanent only once it has stopped retrying ("The recipient server
 * did not accept our requests to connect", support.google.com/mail/answer/7720): the message expired.
 */
function expiredVerdict(action: string | null, text: string): "expired" | null {
  return action === "failed" && text.includes("did not accept our requests to connect") ? "expired" : null;
}

/** The quoted response of the newer notice, up to the end of the text part. */
function newResponse(text: string): string | null {
  for (const m of RESPONSE_MARKERS) {
    const at = text.indexOf(m);
    if (at === -1) continue;
    const v = foldSpace(text.slice(at + m.length, at + m.length + 4000));
    return v === "" ? null : v;
  }
  return null;
}

/** "Your message wasn't delivered to a@b because ..." / "There was a problem delivering your message to a@b." */
function namedRecipient(text: string): string | null {
  const m = /(?:wasn't delivered to|delivering your message to) ([^\s]{3,300}@[^\s]{1,255})/.exec(text);
  return m?.[1] === undefined ? null : cleanAddress(m[1]);
}

function decodeNew(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const lower = text.toLowerCase();
  if (!NEW_HEADINGS.some((h) => lower.includes(h)) && !RESPONSE_MARKERS.some((m) => text.includes(m))) return null;
  const response = newResponse(text);
  let recipients = mail.deliveryStatus === null ? [] : readDsnRecipients(mail.deliveryStatus.text);
  if (recipients.length === 0) {
    const listed = mail
      .header("x-failed-recipients")
      .split(",")
      .map((s) => cleanAddress(s))
      .filter((a): a is string => a !== null);
    const named = namedRecipient(text);
    if (listed.length === 0 && named !== null) listed.push(named);
    const delayed = lower.includes("** delivery incomplete **");
    recipients = listed.map((a) => {
      const r = newRecipient(a);
      r.action = delayed ? "delayed" : "failed";
      r.reportingMta = "googlemail.com";
      return r;
    });
  }
  if (recipients.length === 0) return null;
  const summary = noticeSummary(text);
  for (const r of recipients) {
    r.diagnosticCode = fuller(r.diagnosticCode, response) ?? summary;
    // "dns; 192.0.2.1 (192.0.2.1, the server for the domain.)": keep the host.
    r.remoteMta = r.remoteMta?.split(" (")[0]?.replace(/\.$/, "") ?? gmailRemoteHost(r.diagnosticCode ?? "");
    // Gmail writes a generic "Status: 5.0.0" / "4.0.0"; the quoted reply often states the precise code.
    const stated = findStatus(r.diagnosticCode ?? "");
    if (stated !== null && r.status?.endsWith(".0.0") && stated[0] === r.status[0]) r.status = stated;
    r.reason = expiredVerdict(r.action, r.diagnosticCode ?? "");
  }
  return { recipients, original: mail.returned?.text ?? null };
}

/** The notice's own sentence under its heading ("... because the address couldn't be found."), when no reply. */
function noticeSummary(text: string): string | null {
  const lower = text.toLowerCase();
  for (const h of NEW_HEADINGS) {
    const at = lower.indexOf(h);
    if (at === -1) continue;
    const para = text.slice(at + h.length).replace(/^\s+/, "");
    const end = para.indexOf("\n\n");
    const v = foldSpace(para.slice(0, end === -1 ? 600 : Math.min(end, 600)));
    return v === "" ? null : v;
  }
  return null;
}

/** The more complete of the DSN's Diagnostic-Code and the notice's quoted response. */
function fuller(dsn: string | null, notice: string | null): string | null {
  if (notice === null) return dsn;
  if (dsn === null) return notice;
  const n = notice.toLowerCase().replace(/\s/g, "");
  const d = dsn.toLowerCase().replace(/\s/g, "");
  return n.length > d.length && n.includes(d) ? notice : dsn;
}

export const GMAIL: BounceDecoder = {
  id: "gmail",
  likely: (mail) => isGoogleDaemon(mail.from),
  decode(mail: BounceMail): DecodedMail | null {
    if (!isGoogleDaemon(mail.from)) return null;
    return decodeLegacy(mail) ?? decodeNew(mail);
  },
};
