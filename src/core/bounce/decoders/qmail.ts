// qmail and its descendants (netqmail, notqmail, qmail-ldap, vpopmail, indimail, Yahoo's qmail-style notices):
// "<rcpt>:" blocks followed by qmail-remote's or qmail-local's words. Texts from qmail-send.c (bounce header and
// "--- Below this line is a copy of the message.") and qmail-remote.c (" does not like recipient.", ...).

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findLine, foldSpace, newRecipient } from "./common.js";
import { stageOfCommandWords } from "./smtp-command.js";
import { originalOf, startsWithReplyCode } from "./transcript-lines.js";

/** Lines that open the notice; qmail-send.c and the clones that kept its layout. */
const START_MARKERS = [
  "Hi. This is the qmail", // qmail-send.c: "Hi. This is the qmail-send program at "
  "This is the qmail-send program at",
  "I'm afraid I wasn't able to deliver your message to the following addresses",
  "Sorry, we were unable to deliver your message to the following address", // Yahoo
  "Your mail message to the following address(es) could not be delivered", // X4 (qmail-based ISP relays)
  "Unable to deliver message to the following address",
  "Unfortunately, your mail was not delivered to the following address",
  "Su mensaje no pudo ser entregado", // Spanish qmail translation
  "This is the mail delivery agent at",
];

/** Lines that start the copy of the returned message (qmail-send.c, indimail, translated clones). */
const END_MARKERS = [
  "--- Below this line is a copy of the message",
  "--- Below this line is a copy of the mail header",
  "--- Below the next line is a copy of the message",
  "--- Enclosed is a copy of the message",
  "--- Enclosed are the original headers of the message",
  "--- Mensaje original adjunto",
];

/** qmail-remote.c's phrases, each naming the SMTP step that failed. */
const COMMAND_PHRASES: readonly (readonly [string, DecodedRecipient["command"]])[] = [
  [" but greeting failed", "connect"], // qmail-remote.c: quit("ZConnected to "," but greeting failed")
  [" but my name was rejected", "ehlo"], // quit("ZConnected to "," but my name was rejected")
  [" but sender was rejected", "mail"], // quit("DConnected to "," but sender was rejected")
  [" does not like recipient", "rcpt"], // out(" does not like recipient.\n")
  [" failed on DATA command", "data"], // quit("D"," failed on DATA command")
  [" failed after I sent the message", "end-of-data"], // quit("D"," failed after I sent the message")
  ["[RCPT_TO]", "rcpt"], // Yahoo appends the step in brackets
  ["[MAIL_FROM]", "mail"],
  ["[DATA]", "data"],
];

function isRecipientLine(t: string): boolean {
  return t.startsWith("<") && t.endsWith(">:") && t.includes("@") && t.length < 520;
}

/** The remote host a qmail-remote message names ("Connected to X but", "Giving up on X.", "X does not like"). */
function remoteHostOf(block: string): string | null {
  const pick = (s: string): string | null => {
    const v = s.replace(/[.:,;]+$/, "");
    return v === "" || v.length > 255 ? null : v;
  };
  for (const lead of ["Connected to ", "Giving up on ", "remote host "]) {
    const i = block.indexOf(lead);
    if (i !== -1) {
      const rest = block.slice(i + lead.length, i + lead.length + 260);
      const host = pick(rest.split(/\s/, 1)[0] ?? "");
      if (host !== null) return host;
    }
  }
  for (const tail of [" does not like recipient", " failed on DATA command", " failed after I sent the message"]) {
    const i = block.indexOf(tail);
    if (i > 0) {
      const before = block.slice(Math.max(0, i - 260), i);
      const words = before.split(/\s/);
      const host = pick(words[words.length - 1] ?? "");
      if (host !== null && /^[0-9A-Za-z.:[\]-]+$/.test(host)) return host;
    }
  }
  return null;
}

/** "Sorry, no SMTP connection got far enough; most progress was RCPT TO response; ..." (qmail-remote.c). */
function progressCommand(block: string): DecodedRecipient["command"] {
  const i = block.indexOf("most progress was ");
  if (i === -1) return null;
  return stageOfCommandWords(block.slice(i + 18, i + 40));
}

export const QMAIL: BounceDecoder = {
  id: "qmail",
  likely(mail: BounceMail): boolean {
    const s = mail.subject.toLowerCase();
    if (s === "failure notice") return true;
    for (const h of mail.headers) {
      if (h.name === "received" && (h.value.includes("(qmail ") || h.value.includes("indimail-mta"))) return true;
    }
    return false;
  },
  decode(mail: BounceMail): DecodedMail | null {
    const lines = mail.text.split("\n");
    const start = findLine(lines, START_MARKERS);
    if (start === -1) return null;
    const end = findLine(lines, END_MARKERS, start + 1);
    const stop = end === -1 ? lines.length : end;

    let reportingMta: string | null = null;
    const intro = (lines[start] ?? "").trim();
    const at = intro.indexOf(" program at ");
    const at2 = intro.indexOf("delivery agent at ");
    if (at !== -1) reportingMta = intro.slice(at + 12).replace(/\.$/, "") || null;
    else if (at2 !== -1) reportingMta = intro.slice(at2 + 18).replace(/\.$/, "") || null;

    const blocks: { addr: string; lines: string[] }[] = [];
    for (let i = start + 1; i < stop; i++) {
      const t = (lines[i] ?? "").trim();
      if (isRecipientLine(t)) {
        const addr = cleanAddress(t.slice(0, -1));
        if (addr !== null) blocks.push({ addr, lines: [] });
        continue;
      }
      const cur = blocks[blocks.length - 1];
      if (cur !== undefined && t !== "" && cur.lines.length < 200) cur.lines.push(t);
    }
    if (blocks.length === 0) return null;

    const recipients: DecodedRecipient[] = [];
    for (const b of blocks) {
      const r = newRecipient(b.addr);
      r.action = "failed";
      r.reportingMta = reportingMta;
      const block = foldSpace(b.lines.join("\n"));
      r.diagnosticCode = block === "" ? null : block;
      r.diagnosticType = "SMTP";
      r.remoteMta = remoteHostOf(block);
      for (const [phrase, stage] of COMMAND_PHRASES) {
        if (block.includes(phrase)) {
          r.command = stage;
          break;
        }
      }
      r.command ??= progressCommand(block);
      // The remote reply alone, when qmail-remote quoted it ("Remote host said: 550 ..."), kept as a field.
      const said = b.lines.findIndex((l) => l.startsWith("Remote host said:"));
      if (said !== -1) {
        const reply: string[] = [(b.lines[said] ?? "").slice(17).trim()];
        for (let j = said + 1; j < b.lines.length; j++) {
          const l = b.lines[j] ?? "";
          if (!startsWithReplyCode(l) && !l.startsWith("[")) break;
          reply.push(l);
        }
        const text = foldSpace(reply.join(" "));
        if (text !== "") r.fields["remote-reply"] = text;
      }
      // qmail-remote.c: "Sorry, I couldn't find any host named ..." / "... by that name": its own DNS verdict.
      if (block.startsWith("Sorry, I couldn't find any host ")) r.reason = "hostunknown";
      recipients.push(r);
    }
    const original = originalOf(mail, lines, end);
    return { recipients, original };
  },
};
