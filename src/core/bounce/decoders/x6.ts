// An unidentified MTA (Sisimai's X6): Subject "There was an error sending your mail", "We had trouble delivering
// your message. Full details follow:", "N error(s):" then one paragraph per error naming the SMTP server, the
// command and the reply in brackets; the original headers come as a "mailheaders-N.txt" attachment.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus, cleanHost } from "./exim-family-lines.js";
import { stageOfCommandWords } from "./smtp-command.js";

const INTRO = "we had trouble delivering your message. full details follow:";
const END = "the attachment contains the original mail headers";
/** One notice names at most this many recipients here (every result is classified on its own). */
const MAX_RECIPIENTS = 500;

function likelyX6(mail: BounceMail): boolean {
  return mail.subject.startsWith("There was an error sending your mail");
}

/** The text inside the last "[...]" of a paragraph: the remote server's reply. */
function lastBracket(p: string): string | null {
  const close = p.lastIndexOf("]");
  if (close === -1) return null;
  const open = p.lastIndexOf("[", close);
  return open === -1 ? null : p.slice(open + 1, close).trim() || null;
}

/** "SMTP Server <host>" -> host. */
function serverOf(p: string): string | null {
  const at = p.indexOf("SMTP Server <");
  if (at === -1) return null;
  const end = p.indexOf(">", at + 13);
  return end === -1 || end - at > 270 ? null : cleanHost(p.slice(at + 13, end));
}

/** "(Error following RCPT command)" / "refused to accept your message (DATA)" -> the stage. */
function commandOf(p: string): string | null {
  const f = /\(error following ([a-z ]{2,12}) command\)/i.exec(p);
  if (f !== null) return f[1] as string;
  const d = /your message \(([a-z ]{2,12})\)/i.exec(p);
  return d === null ? null : (d[1] as string);
}

function decodeX6(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const lower = text.toLowerCase();
  const intro = lower.indexOf(INTRO);
  if (intro === -1) return null;
  const end = lower.indexOf(END, intro);
  const body = text.slice(intro + INTRO.length, end === -1 ? text.length : end);
  const recipients: DecodedRecipient[] = [];
  // One paragraph per error; a paragraph may wrap over several lines.
  for (const raw of body.split(/\n[ \t]*\n/)) {
    const p = foldSpace(raw);
    if (p === "" || recipients.length >= MAX_RECIPIENTS) continue;
    const addrs: string[] = [];
    const listAt = p.search(/returned (?:permanent|temporary|transient) errors: /i);
    if (listAt !== -1) {
      // "The following recipients returned permanent errors: a@b, c@d. Reason: ..."
      const from = p.indexOf(": ", listAt) + 2;
      const stop = p.indexOf(". Reason:", from);
      for (const part of p.slice(from, stop === -1 ? Math.min(p.length, from + 4000) : stop).split(/[,;]/)) {
        const a = cleanAddress(part);
        if (a !== null && recipients.length + addrs.length < MAX_RECIPIENTS) addrs.push(a);
      }
    } else {
      // "SMTP Server <host> rejected recipient <a@b> (Error following RCPT command). ..."
      const rr = /rejected recipient <([^<>\s]{3,254})>/i.exec(p);
      const a = rr === null ? null : cleanAddress(rr[1] as string);
      if (a !== null) addrs.push(a);
    }
    if (addrs.length === 0) continue;
    const temporary = /returned (?:temporary|transient) errors/i.test(p);
    const reply = lastBracket(p);
    const command = commandOf(p);
    for (const a of addrs) {
      const r = newRecipient(a);
      r.action = temporary ? "delayed" : "failed";
      // Without a bracketed reply the paragraph is the text; one paragraph can name many recipients, so cap it.
      r.diagnosticCode = reply ?? p.slice(0, 2000);
      r.diagnosticType = reply !== null ? "SMTP" : null;
      r.remoteMta = serverOf(p);
      r.command = command === null ? null : stageOfCommandWords(command);
      r.status = chooseStatus(r.diagnosticCode, null, temporary ? "4" : "5");
      recipients.push(r);
    }
  }
  if (recipients.length === 0) return null;
  let original = mail.returned?.text ?? null;
  if (original === null) {
    for (const part of mail.parts) if (part.filename?.toLowerCase().startsWith("mailheaders")) original = part.text;
  }
  return { recipients, original };
}

export const X6: BounceDecoder = {
  id: "x6",
  likely: likelyX6,
  decode: decodeX6,
};
