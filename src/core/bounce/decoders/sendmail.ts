// Sendmail (8.x with or without its DSN part, and V5-era "Returned mail" notices): the "----- ... -----" sections
// of savemail.c (errbody()): the failed-address list with "(reason: ...)", and the session transcript whose
// ">>> CMD" / "<<< reply" lines give the SMTP command and the remote reply in full.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";
import { stageOfCommandWords } from "./smtp-command.js";
import { addressesIn, rawHeader, startsWithReplyCode, textAfter } from "./transcript-lines.js";

/** Section headings written by savemail.c errbody() (the text between "----- " and " -----"). */
const LIST_FATAL = "The following addresses had permanent fatal errors";
const LIST_TRANSIENT = "The following addresses had transient non-fatal errors";
const LIST_DELIVERED = "The following addresses had successful delivery notifications";
const TRANSCRIPT = "Transcript of session follows";
const COPY_HEADINGS = [
  "Original message follows",
  "Unsent message follows", // V5 and 8.x before DSN
  "Message header follows",
  "Returned message follows",
  "Original message headers follow",
  "Message body suppressed",
];

/** A transcript line reporting on one address: "[550 [5.1.1 ]]<a@b>... text" (savemail.c / usersmtp.c). */
const ADDRESS_LINE =
  /^(?:([2-5]\d\d)[ -])?(?:([245]\.\d{1,3}\.\d{1,3}) )?<?([^\s<>]{1,256}@[^\s<>]{1,256}?)>?\.\.\. ?(.{0,4000})$/;

/** Statements that the message spent its whole queue lifetime (savemail.c, V5 and 8.x wordings). */
const EXPIRY_MARKERS = [
  "Message could not be delivered for ",
  "Cannot send message for ",
  "Cannot send message within ",
];

interface TranscriptInfo {
  replies: string[];
  /** Lines without an address just before this recipient's line (local mailer output: "mail.local: ..."). */
  local: string[];
  command: string | null;
  host: string | null;
  own: string | null;
}

interface ListEntry {
  addr: string | null;
  reason: string | null;
  expandedFrom: string | null;
}

function heading(line: string): string | null {
  const t = line.trim();
  if (!t.startsWith("----- ") || !t.endsWith(" -----") || t.length > 120) return null;
  return t.slice(6, -6).trim();
}

/** Strips one level of "> " quoting when the whole notice arrived quoted inside a forwarded mail. */
function unquoteIfNeeded(lines: string[]): string[] {
  let plain = false;
  let quoted = false;
  for (const l of lines) {
    if (heading(l) !== null) plain = true;
    else if (l.startsWith(">") && heading(l.replace(/^>\s?/, "")) !== null) quoted = true;
  }
  if (plain || !quoted) return lines;
  return lines.map((l) => (l.startsWith(">") ? l.replace(/^>\s?/, "") : l));
}

function readList(lines: readonly string[], from: number, to: number): ListEntry[] {
  const out: ListEntry[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i] ?? "";
    const t = l.trim();
    if (t === "") continue;
    if (t.startsWith("(reason:") || t.startsWith("(expanded from:")) {
      const cur = out[out.length - 1];
      if (cur === undefined) continue;
      const v = t.slice(t.indexOf(":") + 1, t.endsWith(")") ? -1 : undefined).trim();
      if (t.startsWith("(reason:")) cur.reason = v;
      else cur.expandedFrom = cleanAddress(v);
      continue;
    }
    if (l.startsWith(" ") || l.startsWith("\t")) continue;
    out.push({ addr: t.includes("@") ? cleanAddress(t) : null, reason: null, expandedFrom: null });
  }
  return out;
}

export const SENDMAIL: BounceDecoder = {
  id: "sendmail",
  likely(mail: BounceMail): boolean {
    const s = mail.subject;
    return (
      mail.from.includes("Mail Delivery Subsystem") ||
      s.startsWith("Returned mail:") ||
      s.startsWith("Warning: could not send message for past") ||
      s.startsWith("Postmaster notify:") ||
      s.startsWith("Postmaster warning:")
    );
  },
  decode(mail: BounceMail): DecodedMail | null {
    const lines = unquoteIfNeeded(mail.text.split("\n"));
    // Section boundaries.
    const sections: { name: string; at: number }[] = [];
    for (let i = 0; i < lines.length; i++) {
      const h = heading(lines[i] ?? "");
      if (h !== null) sections.push({ name: h, at: i });
    }
    const known = (n: string): boolean =>
      n === LIST_FATAL || n === LIST_TRANSIENT || n === LIST_DELIVERED || n === TRANSCRIPT;
    if (!sections.some((s) => known(s.name))) return null;
    const copyAt = sections.find((s) => COPY_HEADINGS.some((c) => s.name.startsWith(c)))?.at ?? -1;

    const list: ListEntry[] = [];
    let delivered = false;
    let transient = false;
    const transcript = new Map<string, TranscriptInfo>();
    const transcriptOrder: string[] = [];
    const general: string[] = [];
    const expiry: string[] = [];
    let anyTranscript = false;
    /** The last exchange no address line claimed ("<<< 554 ..." then "554 5.0.0 Service unavailable"). */
    let leftover: TranscriptInfo | null = null;
    for (let k = 0; k < sections.length; k++) {
      const sec = sections[k];
      if (sec === undefined) continue;
      const next = sections[k + 1]?.at ?? lines.length;
      if (sec.name === LIST_FATAL || sec.name === LIST_TRANSIENT || sec.name === LIST_DELIVERED) {
        list.push(...readList(lines, sec.at + 1, next));
        if (sec.name === LIST_DELIVERED) delivered = true;
        if (sec.name === LIST_TRANSIENT) transient = true;
      } else if (sec.name === TRANSCRIPT) {
        anyTranscript = true;
        let host: string | null = null;
        let command: string | null = null;
        let replies: string[] = [];
        let pendingLocal: string[] = [];
        let pipelinedData: TranscriptInfo[] = [];
        /** After ">>> QUIT": the session is being closed because of the reply before it. */
        let quitting = false;
        for (let i = sec.at + 1; i < next; i++) {
          const l = (lines[i] ?? "").trimEnd();
          const t = l.trim();
          if (t === "") continue;
          // The transcript ends at the next MIME part (a mail read without its MIME structure) or DSN fields.
          if (
            (l.startsWith("--") && l.length > 2 && l[2] !== " ") ||
            /^(Content-Type|Reporting-MTA|Final-Recipient):/i.test(l)
          ) {
            break;
          }
          const low = t.toLowerCase();
          if (low.startsWith("... while talking to ") || low.startsWith("while talking to ")) {
            if (replies.length > 0) leftover = { replies, local: [], command, host, own: null };
            host = t.slice(low.indexOf("talking to ") + 11).replace(/[.:]+$/, "") || null;
            // Sendmail quotes the command it sent (">>> ...") before a failing reply; a reply quoted with no
            // command before it answered the connection itself (the 220 greeting was refused).
            command = "CONNECT";
            replies = [];
            quitting = false;
            continue;
          }
          if (t.startsWith(">>> ")) {
            // Sendmail closes the session with QUIT after a failing reply; the answer to QUIT ("421 ... too many
            // errors") is not the failure, the reply before it is.
            quitting = t.slice(4).trim().toUpperCase() === "QUIT" && replies.length > 0;
            if (quitting) continue;
            command = t.slice(4);
            replies = [];
            continue;
          }
          if (quitting && (t.startsWith("<<< ") || t === "<<<")) continue;
          // Sendmail pipelines RCPT and DATA: a "503 ... RCPT" answer to DATA shows that the replies quoted after
          // ">>> DATA" were the RCPT replies (RFC 2920 section 3.1).
          if (t.startsWith("<<< 503") && command?.toUpperCase().startsWith("DATA")) {
            for (const x of pipelinedData) x.command = "RCPT";
            pipelinedData = [];
          }
          if (t.startsWith("<<< ") || t === "<<<") {
            if (replies.length < 50) replies.push(t.slice(4));
            continue;
          }
          if (EXPIRY_MARKERS.some((m) => t.startsWith(m))) {
            expiry.push(t);
            continue;
          }
          const m = t.length <= 4600 ? ADDRESS_LINE.exec(t) : null;
          const addr = m?.[3] === undefined ? null : cleanAddress(m[3]);
          if (m !== null && addr !== null) {
            const key = addr.toLowerCase();
            let info = transcript.get(key);
            if (info === undefined) {
              info = { replies: [], local: [], command: null, host: null, own: null };
              transcript.set(key, info);
              transcriptOrder.push(addr);
            }
            if (replies.length > 0) info.replies.push(...replies);
            if (pendingLocal.length > 0) info.local.push(...pendingLocal);
            pendingLocal = [];
            info.command ??= command;
            if (info.command === command && command?.toUpperCase().startsWith("DATA")) pipelinedData.push(info);
            info.host ??= host;
            const rest = (m[4] ?? "").trim();
            const own =
              startsWithReplyCode(rest) || m[1] === undefined ? rest : `${m[1]}${m[2] ? ` ${m[2]}` : ""} ${rest}`;
            info.own ??= own === "" ? null : own;
            replies = [];
            continue;
          }
          // Lines naming no address: local mailer errors ("554 5.3.0 unknown mailer error 255"), program output,
          // V5 host lines ("421 example.com (smtp)... Deferred: ..."), warnings. A host line about another host
          // than the one being talked to starts a new delivery attempt: the earlier command does not apply.
          const hostLine = /^\d{3} (\S{1,255}) \([^)\s]{1,40}\)\.\.\. /.exec(t);
          if (hostLine !== null && hostLine[1]?.toLowerCase() !== host?.toLowerCase()) {
            host = null;
            command = null;
            replies = [];
          }
          if (replies.length > 0) leftover = { replies, local: [], command, host, own: null };
          if (general.length < 20) general.push(t);
          if (hostLine === null && !startsWithReplyCode(t) && pendingLocal.length < 5) pendingLocal.push(t);
        }
        if (replies.length > 0) leftover = { replies, local: [], command, host, own: null };
      }
    }

    // Recipients named by the text: the failed-address list, then transcript lines for further addresses.
    const textual: { addr: string; entry: ListEntry | null }[] = [];
    const named = new Set<string>();
    for (const e of list) {
      const addr = e.addr ?? e.expandedFrom;
      if (addr === null || named.has(addr.toLowerCase())) continue;
      named.add(addr.toLowerCase());
      textual.push({ addr, entry: e });
    }
    for (const addr of transcriptOrder) {
      const info = transcript.get(addr.toLowerCase());
      if (named.has(addr.toLowerCase()) || info === undefined) continue;
      // Only failures: "250 <a@b>... Sent" lines of a success report are not bounces.
      const code = info.own !== null && startsWithReplyCode(info.own) ? info.own.charCodeAt(0) : 0;
      if (code === 0x32 && info.replies.length === 0) continue;
      named.add(addr.toLowerCase());
      textual.push({ addr, entry: null });
    }

    // The DSN part (or DSN fields pasted in the text) is authoritative for who failed; the text enriches it.
    let dsnText = mail.deliveryStatus?.text ?? null;
    if (dsnText === null) {
      const at = lines.findIndex((l) => /^(Reporting-MTA|Final-Recipient):/i.test(l));
      if (at !== -1) dsnText = lines.slice(at, copyAt > at ? copyAt : undefined).join("\n");
    }
    const recipients: DecodedRecipient[] = dsnText === null ? [] : readDsnRecipients(dsnText);
    /** The text's address for each recipient, to look up its list entry and transcript lines. */
    const textAddr = new Map<DecodedRecipient, string>();
    if (recipients.length > 0) {
      recipients.forEach((r, i) => {
        // Final-Recipient is the envelope address; the text names the address after alias expansion
        // (X-Actual-Recipient). Same count on both sides: pair them in order.
        const actual = cleanAddress(r.fields["x-actual-recipient"] ?? "");
        const keys = [r.recipient, actual, r.alias].filter((x): x is string => x !== null).map((x) => x.toLowerCase());
        const match =
          textual.find((t) => keys.includes(t.addr.toLowerCase())) ??
          textual.find((t) => t.entry?.expandedFrom != null && keys.includes(t.entry.expandedFrom.toLowerCase())) ??
          (textual.length === recipients.length ? textual[i] : undefined);
        if (match !== undefined) textAddr.set(r, match.addr);
      });
    } else {
      for (const t of textual) {
        const r = newRecipient(t.addr);
        r.action = delivered ? "delivered" : transient ? "delayed" : "failed";
        if (t.entry !== null && t.entry.addr !== null && t.entry.expandedFrom !== null) r.alias = t.entry.expandedFrom;
        recipients.push(r);
        textAddr.set(r, t.addr);
      }
    }
    if (recipients.length === 0 && anyTranscript) {
      // V5 notices may name only the host ("421 example.com (smtp)... Deferred: ..."): the one recipient of the
      // returned message is then the one that failed.
      const copy = mail.returned?.text ?? (copyAt === -1 ? null : textAfter(lines, copyAt));
      const to = copy === null ? null : rawHeader(copy, "to");
      const addrs = to === null ? [] : addressesIn(to, 2);
      if (addrs.length === 1 && addrs[0] !== undefined) {
        const r = newRecipient(addrs[0]);
        r.action = "failed";
        recipients.push(r);
      }
    }
    if (recipients.length === 0) return null;

    const generalReplies = general.filter((g) => startsWithReplyCode(g) && !g.includes("... "));
    const hostLines = general.filter((g) => g.includes("... "));
    // Output of a local delivery program or the MTA's own words, without the queue warnings.
    const localText = general.filter(
      (g) =>
        !g.includes("... ") &&
        !g.startsWith("Warning: ") &&
        !g.startsWith("Will keep trying") &&
        !g.startsWith("Message will be deleted"),
    );
    for (const r of recipients) {
      const key = (textAddr.get(r) ?? r.recipient).toLowerCase();
      const entry = list.find((e) => (e.addr ?? e.expandedFrom)?.toLowerCase() === key);
      const info =
        transcript.get(key) ?? (recipients.length === 1 && transcript.size === 0 ? (leftover ?? undefined) : undefined);
      let diag: string | null = null;
      if (info?.replies.some((x) => x.trim() !== "")) diag = foldSpace(info.replies.join(" "));
      const dsnDiag = r.diagnosticCode;
      // A DSN diagnostic that is only an exit status ("X-Unix; 255") says less than the transcript.
      const dsnUseful = dsnDiag !== null && !/^\d{1,3}$/.test(dsnDiag.trim());
      if (diag === null && dsnUseful) {
        // Sendmail's Diagnostic-Code keeps only the first line of a multi-line reply; the transcript has it whole.
        diag = dsnDiag;
        for (const candidate of [leftover?.replies ?? [], generalReplies]) {
          const whole = foldSpace(candidate.join(" "));
          if (whole.length > dsnDiag.length && whole.startsWith(dsnDiag)) diag = whole;
        }
      }
      if (diag === null && info?.own) diag = foldSpace([...info.local, info.own].join(" "));
      if (diag === null && generalReplies.length > 0) diag = foldSpace(generalReplies.join(" "));
      if (diag === null && !dsnUseful && localText.length > 0) diag = foldSpace(localText.join(" "));
      if (diag === null && entry?.reason) diag = foldSpace(entry.reason);
      if (diag === null && hostLines.length > 0) diag = foldSpace(hostLines.join(" "));
      if (diag === null && dsnDiag !== null) diag = dsnDiag;
      if (diag !== null && expiry.length > 0 && !diag.includes(expiry[0] ?? "")) diag = `${diag} ${expiry[0]}`;
      else if (diag === null && expiry.length > 0) diag = expiry[0] ?? null;
      if (diag === null) {
        const subj = mail.subject;
        if (subj.startsWith("Returned mail: Cannot send message for")) diag = subj.slice(14).trim();
      } else if (expiry.length === 0 && mail.subject.startsWith("Returned mail: Cannot send message for")) {
        diag = `${diag} ${mail.subject.slice(14).trim()}`;
      }
      r.diagnosticCode = diag;
      r.diagnosticType ??= "SMTP";
      if (info !== undefined) {
        r.command ??= info.command === null ? null : stageOfCommandWords(info.command);
        r.remoteMta ??= info.host;
      }
      r.status ??= diag === null ? null : findStatus(diag.slice(0, 24));
      r.action ??= delivered ? "delivered" : transient ? "delayed" : "failed";
      // Delivery to a program ("|/path/to/script", X-Unix exit status) failed: the local mailer itself, by
      // sendmail's own report, not a remote server's reply.
      const actual = (r.fields["x-actual-recipient"] ?? "").toLowerCase();
      const program =
        actual.includes("|") || (entry !== undefined && entry.addr === null && entry.expandedFrom !== null);
      if (program && !delivered && (diag === null || !startsWithReplyCode(diag)) && r.diagnosticType === "X-UNIX") {
        r.reason = "mailererror";
      }
    }
    const original = mail.returned?.text ?? (copyAt === -1 ? null : textAfter(lines, copyAt));
    return { recipients, original };
  },
};
