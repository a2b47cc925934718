// Postfix bounces: the bounce(8) notice ("<rcpt>: reason" records, wrapped at 79 columns with a 4-space indent,
// bounce_notify_util.c) joined with its message/delivery-status part, and the notify_classes session transcripts
// ("Postfix SMTP server: errors from ...", smtpd_chat.c / smtp_chat.c). Templates: postfix.org/bounce.5.html.

import type { SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

/** Subjects of Postfix's built-in templates (bounce_templates.c) and of notify_classes mails. */
const SUBJECTS = [
  "undelivered mail returned to sender",
  "delayed mail (still being retried)",
  "successful mail delivery report",
  "mail delivery status report",
  "postmaster copy: undelivered mail",
  "postmaster warning: delayed mail",
];

/** Lines of the built-in templates (failure, delay, success, verify) and of pre-2.3 "Postfix program" notices. */
const TEMPLATE_MARKERS = [
  "this is the mail system at host ",
  "this is the postfix program at host ",
  "i'm sorry to have to inform you that your message could not",
  "i'm sorry to have to inform you that the message returned",
  "your message could not be delivered for more than",
  "enclosed is the mail delivery report that you requested",
  "your message was successfully delivered to the destination(s)",
];

/** One "<rcpt>: reason" record of the human-readable notice. */
interface NoticeRecord {
  address: string;
  /** The address before alias expansion: "<rcpt> (expanded from <orig>): reason". */
  expandedFrom: string | null;
  reason: string;
}

/** An address from inside angle brackets; keeps a quoted local part ("a..b"@example.com) as written. */
function bracketAddress(s: string): string | null {
  const v = s.trim();
  if (v.startsWith('"')) {
    const close = v.lastIndexOf('"');
    if (close > 0 && v.charCodeAt(close + 1) === 0x40 && !/\s/.test(v.slice(close + 1))) return v;
  }
  return cleanAddress(v);
}

/** Parses one joined record "<a@b> (expanded from <c@d>): reason"; null when the text is not a record. */
function parseRecord(joined: string): NoticeRecord | null {
  if (!joined.startsWith("<")) return null;
  const gt = joined.indexOf(">", 1);
  if (gt === -1 || gt > 400) return null;
  const address = bracketAddress(joined.slice(1, gt));
  if (address === null) return null;
  let rest = joined.slice(gt + 1);
  let expandedFrom: string | null = null;
  const exp = " (expanded from <";
  if (rest.startsWith(exp)) {
    const end = rest.indexOf(">)", exp.length);
    if (end === -1 || end > 400) return null;
    expandedFrom = bracketAddress(rest.slice(exp.length, end));
    rest = rest.slice(end + 2);
  }
  if (!rest.startsWith(":")) return null;
  return { address, expandedFrom, reason: foldSpace(rest.slice(1)) };
}

/**
 * The records of a Postfix notice. A record starts at column 0 with "<addr>:" or "<addr> (expanded from", and
 * runs over the indented (or, after some relays, unindented) lines up to the next blank line or record.
 */
export function readNoticeRecords(text: string): NoticeRecord[] {
  const out: NoticeRecord[] = [];
  const lines = text.split("\n");
  let current: string[] | null = null;
  const flush = (): void => {
    if (current === null) return;
    const rec = parseRecord(current.join(" ").replace(/\s+/g, " "));
    if (rec !== null) out.push(rec);
    current = null;
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line === "") {
      flush();
      continue;
    }
    if (line.startsWith("<") && startsRecord(line)) {
      flush();
      current = [line];
      continue;
    }
    if (current !== null) {
      if (current.length >= 60 || line.startsWith("--")) flush();
      else current.push(line.trim());
    }
  }
  flush();
  return out;
}

/** Does a column-0 line open a record: "<addr>: ...", "<addr>:" or "<addr> (expanded from ...". */
function startsRecord(line: string): boolean {
  const gt = line.indexOf(">", 1);
  if (gt === -1 || gt > 400) return false;
  if (!line.slice(1, gt).includes("@")) return false;
  const after = line.slice(gt + 1);
  return after.startsWith(":") || after.startsWith(" (expanded from");
}

/** The SMTP stage a Postfix reason text states (smtp_proto.c, smtp_connect.c, smtp_trouble.c wording). */
export function postfixStage(reason: string): SmtpStage | null {
  const lower = reason.toLowerCase();
  const inReply = lower.lastIndexOf("(in reply to ");
  if (inReply !== -1) {
    const cmd = lower.slice(inReply + 13, inReply + 40);
    if (cmd.startsWith("end of data")) return "end-of-data";
    if (cmd.startsWith("rcpt")) return "rcpt";
    if (cmd.startsWith("mail")) return "mail";
    if (cmd.startsWith("data") || cmd.startsWith("bdat")) return "data";
    if (cmd.startsWith("ehlo") || cmd.startsWith("helo") || cmd.startsWith("lhlo")) return "ehlo";
    if (cmd.startsWith("starttls")) return "starttls";
    if (cmd.startsWith("auth")) return "auth";
    if (cmd.startsWith("quit")) return "quit";
    return "other";
  }
  if (lower.includes("refused to talk to me") || lower.includes("initial server greeting")) return "connect";
  if (lower.startsWith("connect to ") || lower.includes(": connect to ")) return "connect";
  const whileAt = lower.indexOf(" while ");
  if (whileAt !== -1 && (lower.includes("lost connection with") || lower.includes("timed out while"))) {
    const what = lower.slice(whileAt + 7, whileAt + 60);
    if (what.includes("handshake")) return "ehlo";
    if (what.includes("mail from")) return "mail";
    if (what.includes("rcpt to")) return "rcpt";
    if (what.includes("end of data")) return "end-of-data";
    if (what.includes("message body") || what.includes("data command")) return "data";
    if (what.includes("starttls") || what.includes("tls")) return "starttls";
  }
  return null;
}

/** "host mx.example.com[192.0.2.1] said:" / "connect to mx.example.com[192.0.2.1]:25:" -> "mx.example.com". */
function remoteHostOf(reason: string): string | null {
  const m = /(?:^|\s)(?:host|connect to|lost connection with|conversation with) ([A-Za-z0-9._-]{1,255})\[/.exec(reason);
  return m?.[1] ?? null;
}

/**
 * Postfix's texts for a command's sysexits.h exit status (src/global/sys_exits.c), when the command printed
 * nothing; "user unknown" and "host name unknown" are left to the text reading.
 */
const SYS_EXITS_TEXTS = new Set([
  "command line usage error",
  "data format error",
  "cannot open input",
  "service unavailable",
  "internal software error",
  "system resource problem",
  "critical os file missing",
  "can't create user output file",
  "input/output error",
  "temporary failure",
  "remote error in protocol",
  "permission denied",
  "local configuration error",
]);

/** The fuller of the notice's reason and the DSN's Diagnostic-Code: the notice adds host and command. */
function chooseDiagnostic(dsn: string | null, notice: string | null): string | null {
  if (notice === null || notice === "") return dsn;
  if (dsn === null || dsn === "") return notice;
  const n = notice.toLowerCase();
  const d = dsn.toLowerCase();
  if (n.includes(d)) return notice;
  if (d.includes(n)) return dsn;
  // Wrapping may differ: compare without spaces.
  const ns = n.replace(/\s/g, "");
  const ds = d.replace(/\s/g, "");
  if (ns.includes(ds)) return notice;
  if (ds.includes(ns)) return dsn;
  // The notice quotes the whole reply ("host h[ip] said: <reply> (in reply to ...)") where the Diagnostic-Code
  // kept only some of its lines: the same reply when both open with the same words.
  const said = ns.indexOf("said:");
  if (said !== -1 && ds.length >= 16 && ns.startsWith(ds.slice(0, 24), said + 5)) return notice;
  // Neither holds the other ("temporary failure" vs the local delivery agent's own error): the DSN names the
  // actual error; Postfix truncates neither.
  return dsn;
}

function hasPostfixDsnFields(dsText: string): boolean {
  // bounce_header_dsn(): "X-<mail_name>-Queue-ID" and "X-<mail_name>-Sender" (mail_name is "Postfix" by default).
  return /^X-[A-Za-z0-9_.-]{1,40}-Queue-ID:/im.test(dsText) && /^X-[A-Za-z0-9_.-]{1,40}-Sender:/im.test(dsText);
}

/** DSN fields pasted into the text (a Postfix bounce forwarded inline), up to the next MIME boundary. */
function inlineDsn(text: string): string | null {
  const lower = text.toLowerCase();
  const at = lower.indexOf("\nfinal-recipient:");
  if (at === -1) return null;
  const rep = lower.lastIndexOf("\nreporting-mta:", at);
  const start = rep !== -1 && at - rep < 2000 ? rep + 1 : at + 1;
  const boundary = text.indexOf("\n--", at + 1);
  return text.slice(start, boundary === -1 ? text.length : boundary + 1);
}

/**
 * Puts the blank line between recipient groups back where a relay dropped it (AOL's Postfix-based relays send
 * "Final-Recipient: ... Diagnostic-Code: ... Final-Recipient: ..." as one block): a recipient field seen twice in
 * one group starts the next group.
 */
export function splitDsnGroups(dsText: string): string {
  const lines = dsText.split("\n");
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      seen.clear();
      out.push(line);
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 && colon < 40 && !/^\s/.test(line) ? line.slice(0, colon).toLowerCase() : "";
    if (name === "final-recipient" || name === "original-recipient") {
      if (seen.has(name)) {
        out.push("");
        seen.clear();
      }
      seen.add(name);
    }
    out.push(line);
  }
  return out.join("\n");
}

function isPostfixText(lower: string): boolean {
  for (const m of TEMPLATE_MARKERS) if (lower.includes(m)) return true;
  return false;
}

/** The recipients listed in the returned message's To/Cc headers (for "Delivery report unavailable"). */
function returnedRecipients(returned: string | null): string[] {
  if (returned === null) return [];
  const head = returned.slice(0, returned.search(/\n\n|$/));
  const out: string[] = [];
  const m = /^To:[ \t]*([^\n]*(?:\n[ \t][^\n]*){0,20})/im.exec(head);
  if (m?.[1] === undefined) return out;
  for (const part of m[1].split(",")) {
    const a = cleanAddress(part);
    if (a !== null && out.length < 50) out.push(a);
  }
  return out;
}

/** notify_classes mail: "Transcript of session follows." with " Out: " / " In:  " lines. */
function decodeTranscript(mail: BounceMail): DecodedMail | null {
  const subject = mail.subject.toLowerCase();
  const server = subject.includes(" smtp server: errors from ");
  const client = subject.includes(" smtp client: errors from ");
  if (!server && !client) return null;
  const text = mail.text;
  if (!text.includes("Transcript of session follows")) return null;
  // The SMTP server logs client commands as "In:" and its replies as "Out:"; the client the other way round.
  const cmdTag = server ? "In:" : "Out:";
  const replyTag = server ? "Out:" : "In:";
  type Entry = { kind: "cmd" | "reply"; text: string };
  const entries: Entry[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith(cmdTag)) entries.push({ kind: "cmd", text: line.slice(cmdTag.length).trim() });
    else if (line.startsWith(replyTag)) entries.push({ kind: "reply", text: line.slice(replyTag.length).trim() });
    else if (raw.startsWith("     ") && entries.length > 0) {
      const last = entries[entries.length - 1] as Entry;
      last.text = `${last.text} ${line}`;
    }
  }
  const recipients: DecodedRecipient[] = [];
  const byAddr = new Map<string, DecodedRecipient>();
  let stage: SmtpStage | null = "connect";
  let lastRcpt: DecodedRecipient | null = null;
  let sessionError: { text: string; stage: SmtpStage | null } | null = null;
  for (const e of entries) {
    if (e.kind === "cmd") {
      const up = e.text.toUpperCase();
      lastRcpt = null;
      if (up.startsWith("RCPT")) {
        stage = "rcpt";
        const addr = cleanAddress(e.text.slice(e.text.indexOf(":") + 1).split(/\s/)[0] ?? "");
        if (addr !== null && !byAddr.has(addr.toLowerCase())) {
          const r = newRecipient(addr);
          byAddr.set(addr.toLowerCase(), r);
          recipients.push(r);
          lastRcpt = r;
        } else if (addr !== null) lastRcpt = byAddr.get(addr.toLowerCase()) ?? null;
      } else if (up.startsWith("MAIL")) stage = "mail";
      else if (up.startsWith("DATA") || up.startsWith("BDAT")) stage = "data";
      else if (up.startsWith("EHLO") || up.startsWith("HELO")) stage = "ehlo";
      else if (up.startsWith("STARTTLS")) stage = "starttls";
      else if (up.startsWith("AUTH")) stage = "auth";
      else if (up.startsWith("QUIT")) stage = "quit";
      else stage = "other";
      continue;
    }
    const code = e.text.slice(0, 3);
    if (code === "354") {
      stage = "end-of-data"; // the next reply answers the final dot
      continue;
    }
    if (!/^[45]\d\d/.test(code)) continue;
    if (lastRcpt !== null && stage === "rcpt") {
      lastRcpt.diagnosticCode ??= e.text;
      lastRcpt.command ??= "rcpt";
    } else if (sessionError === null && stage !== "quit") sessionError = { text: e.text, stage };
  }
  if (recipients.length === 0) return null;
  for (const r of recipients) {
    if (r.diagnosticCode === null && sessionError !== null) {
      r.diagnosticCode = sessionError.text;
      r.command = sessionError.stage;
    }
    r.diagnosticType = "SMTP";
  }
  const failed = recipients.filter((r) => r.diagnosticCode !== null);
  if (failed.length === 0) return null;
  return { recipients: failed, original: mail.returned?.text ?? null };
}

export const POSTFIX: BounceDecoder = {
  id: "postfix",
  likely(mail) {
    const s = mail.subject.toLowerCase();
    if (SUBJECTS.includes(s)) return true;
    if (s.startsWith("postfix smtp server: errors from") || s.startsWith("postfix smtp client: errors from"))
      return true;
    if (mail.from.includes("(Mail Delivery System)")) return true;
    // Postfix relays with their own mail_name (AOL's "Outbound-Mail-Relay") still write X-<name>-Queue-ID.
    return mail.deliveryStatus !== null && hasPostfixDsnFields(mail.deliveryStatus.text);
  },
  decode(mail: BounceMail): DecodedMail | null {
    const transcript = decodeTranscript(mail);
    if (transcript !== null) return transcript;

    const text = mail.text;
    const lower = text.toLowerCase();
    const dsText = mail.deliveryStatus?.text ?? inlineDsn(text);
    const templated = isPostfixText(lower);
    const dsnIsPostfix = dsText !== null && hasPostfixDsnFields(dsText);
    if (!templated && !dsnIsPostfix) return null;

    const records = readNoticeRecords(text);
    const dsn = dsText === null ? [] : readDsnRecipients(splitDsnGroups(dsText));
    const used = new Set<NoticeRecord>();
    const findRecord = (r: DecodedRecipient): NoticeRecord | null => {
      const a = r.recipient.toLowerCase();
      const alias = r.alias?.toLowerCase() ?? null;
      for (const rec of records) {
        if (used.has(rec)) continue;
        // The DSN's address may have lost the quotes of a quoted local part ("a..b"@example.net) on reading.
        const n = rec.address.toLowerCase();
        if (n === a || (n.startsWith('"') && n.replace(/"/g, "") === a.replace(/"/g, ""))) return rec;
      }
      for (const rec of records) {
        if (used.has(rec) || rec.expandedFrom === null) continue;
        const e = rec.expandedFrom.toLowerCase();
        if (e === a || e === alias) return rec;
      }
      return null;
    };

    // bounce(8) writes the notice and the DSN part from the same recipient records, in the same order: when
    // as many DSN recipients as notice records are left unmatched (an address rewritten in one place only),
    // they are the same recipients, paired in order (bounce_notify_util.c).
    const matched = dsn.map((r) => {
      const rec = findRecord(r);
      if (rec !== null) used.add(rec);
      return rec;
    });
    const loose = records.filter((rec) => !used.has(rec));
    const unmatched = matched.flatMap((rec, i) => (rec === null ? [i] : []));
    if (unmatched.length > 0 && unmatched.length === loose.length) {
      unmatched.forEach((i, k) => {
        matched[i] = loose[k] ?? null;
      });
    }
    used.clear();
    const out: DecodedRecipient[] = [];
    for (const [i, r] of dsn.entries()) {
      const rec = matched[i] ?? null;
      if (rec !== null) {
        used.add(rec);
        // Keep a quoted local part as Postfix wrote it in the notice.
        if (rec.address.startsWith('"') && rec.address.replace(/"/g, "").toLowerCase() === r.recipient.toLowerCase())
          r.recipient = rec.address;
        if (
          r.alias === null &&
          rec.expandedFrom !== null &&
          rec.expandedFrom.toLowerCase() !== r.recipient.toLowerCase()
        )
          r.alias = rec.expandedFrom;
      }
      r.diagnosticCode = chooseDiagnostic(r.diagnosticCode, rec?.reason ?? null);
      // The notice states the command even when the DSN's text is the one kept.
      if (rec !== null) r.command ??= postfixStage(rec.reason);
      out.push(r);
    }
    // Records the DSN part does not list (no DSN part: Postfix before 2.3, or a DSN cut short).
    const delayed =
      lower.includes("# this is a warning only.") || mail.subject.toLowerCase().startsWith("delayed mail");
    const reportingMta = /this is the (?:mail system|postfix program) at host ([A-Za-z0-9._-]{1,255})/i.exec(text);
    for (const rec of records) {
      if (used.has(rec)) continue;
      if (out.some((r) => r.recipient.toLowerCase() === rec.address.toLowerCase())) continue;
      const r = newRecipient(rec.address);
      r.alias = rec.expandedFrom;
      r.diagnosticCode = rec.reason || null;
      r.reportingMta = reportingMta?.[1]?.replace(/\.$/, "") ?? null;
      r.action = delayed ? "delayed" : "failed";
      out.push(r);
    }
    // bounce_diagnostic_log(): the per-message log was unreadable; the returned message still names the addressee.
    if (out.length === 0 && lower.includes("--- delivery report unavailable ---")) {
      for (const a of returnedRecipients(mail.returned?.text ?? null)) {
        const r = newRecipient(a);
        r.action = "failed";
        r.reportingMta = reportingMta?.[1]?.replace(/\.$/, "") ?? null;
        out.push(r);
      }
    }
    if (out.length === 0) return null;

    for (const r of out) {
      const diag = r.diagnosticCode ?? "";
      // A delivery command's bare exit status (pipe(8)/local(8), "x-unix; temporary failure"): the command
      // failed without saying why, a mailer error by Postfix's own account.
      if (r.diagnosticType === "X-UNIX" && SYS_EXITS_TEXTS.has(diag.trim().toLowerCase())) r.reason ??= "mailererror";
      r.command ??= postfixStage(diag);
      r.remoteMta ??= remoteHostOf(diag);
      // A failure notice (not a delay warning) for a temporary error means Postfix gave up: the message reached
      // maximal_queue_lifetime. When the last error was Postfix's own failure to connect (no reply from a
      // server), that expiry is the whole story (smtp_connect.c uses 4.4.1 for it).
      if (
        r.action === "failed" &&
        r.status?.startsWith("4.") === true &&
        !/\b[45]\d\d[ -]/.test(diag) &&
        (r.status === "4.4.1" || /^(?:delivery temporarily suspended: )?connect to /i.test(diag))
      ) {
        r.reason = "expired";
      }
    }
    return { recipients: out, original: mail.returned?.text ?? null };
  },
};
