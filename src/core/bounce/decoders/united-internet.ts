// United Internet's mail platform (GMX, WEB.DE, mail.com; 1&1 / IONOS "kundenserver"): an Exim-like notice with
// the failed address at column 0, "SMTP error from remote server for RCPT TO command, host: h (ip) reason: ..."
// or "... after RCPT command:" / "host: h" lines, and "--- The header of the original message is following. ---".

import type { Reason, SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus, cleanHost, returnedOrInline } from "./exim-family-lines.js";
import { stageOfCommandWords } from "./smtp-command.js";

const INTRO = "this message was created automatically by mail delivery software";
const COPY_MARKER = "--- the header of the original message is following";
/** Labels the platform puts before the error text (1&1: "For the following reason:", GMX: "Reason:"). */
const LABELS = new Set(["for the following reason:", "reason:"]);

function isEinsUndEins(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  return (
    from.includes("kundenserver.") || from.includes("1und1.") || from.includes("1and1.") || from.includes("ionos.")
  );
}

/** GMX's own bounce sender (mail.com mail is GMX's too); X-GMX-* headers alone are inbound marks, not proof. */
function isGmx(mail: BounceMail): boolean {
  return /mailer-daemon@(?:[a-z0-9-]{1,63}\.){0,4}(?:gmx\.[a-z]{2,3}|web\.de)\b/.test(mail.from.toLowerCase());
}

/** The address a list line names: `"a@b":`, `<a@b>`, `a@b:` or a bare `a@b`; null for any other line. */
function addressLine(t: string): string | null {
  if (t.includes(" ") || !t.includes("@")) return null;
  return cleanAddress(t.replace(/:$/, ""));
}

interface Entry {
  readonly address: string;
  readonly lines: string[];
}

function readEntries(lines: readonly string[]): Entry[] {
  let start = -1;
  for (let i = 0; i < lines.length && i < 300; i++) {
    const cur = (lines[i] as string).trim().toLowerCase();
    const joined = `${(lines[i - 1] ?? "").trim().toLowerCase()} ${cur}`;
    if (cur.endsWith("failed:") && (joined.includes("address failed:") || joined.includes("address(es) failed:"))) {
      start = i + 1;
      break;
    }
  }
  if (start === -1) return [];
  const out: Entry[] = [];
  // The platform writes the failed address at column 0, or (1&1's newer notices) indented with its reason
  // indented deeper; every address line of one notice has the same indent.
  let addrIndent = -1;
  for (let i = start; i < lines.length && out.length < 500; i++) {
    const line = lines[i] as string;
    const t = line.trim();
    if (t === "") continue;
    const indent = line.length - line.trimStart().length;
    const a = addrIndent === -1 || indent === addrIndent ? addressLine(t) : null;
    if (a !== null && addrIndent === -1) addrIndent = indent;
    if (a !== null) {
      out.push({ address: a, lines: [] });
      continue;
    }
    if (LABELS.has(t.toLowerCase())) continue;
    out[out.length - 1]?.lines.push(t);
  }
  return out;
}

/** Reads "SMTP error from remote server for X command, host: h (ip) reason: text" and the split-line form. */
function readError(text: string): { command: SmtpStage | null; remote: string | null; reply: string; smtp: boolean } {
  let s = text;
  let command: SmtpStage | null = null;
  let remote: string | null = null;
  let smtp = false;
  const l = s.toLowerCase();
  if (l.startsWith("smtp error from remote server ")) {
    smtp = true;
    const rest = s.slice(30);
    const lr = rest.toLowerCase();
    // "for RCPT TO command, ..." or "after RCPT command:"
    const word = lr.startsWith("for ") ? 4 : lr.startsWith("after ") ? 6 : -1;
    if (word !== -1) {
      const end = lr.indexOf(" command", word);
      if (end !== -1 && end - word < 40) command = stageOfCommandWords(rest.slice(word, end));
    }
    const colon = rest.search(/command[,:]/i);
    s = colon === -1 ? rest : rest.slice(colon + 8).trim();
  }
  const lh = s.toLowerCase();
  if (lh.startsWith("host: ")) {
    const after = s.slice(6);
    const sp = after.search(/\s/);
    remote = cleanHost(sp === -1 ? after : after.slice(0, sp));
    s = sp === -1 ? "" : after.slice(sp + 1).trim();
    if (s.startsWith("(")) {
      const close = s.indexOf(")");
      if (close !== -1 && close < 64) s = s.slice(close + 1).trim();
    }
  }
  if (s.toLowerCase().startsWith("reason: ")) s = s.slice(8).trim();
  return { command, remote, reply: s, smtp };
}

/** The platform's own verdicts (not remote replies). */
function verdictOf(lower: string): Reason | null {
  if (lower.includes("delivery retry timeout exceeded")) return "expired";
  // The platform's own DNS verdict on the recipient's domain (no remote server was reached).
  if (lower === "no valid mx hosts found" || lower.startsWith("no valid mx hosts found ")) return "hostunknown";
  return null;
}

function decodeUnitedInternet(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const lower = text.toLowerCase();
  const cut = lower.indexOf(COPY_MARKER);
  if (!lower.includes(INTRO)) return null;
  const body = cut === -1 ? text : text.slice(0, cut);
  const entries = readEntries(body.split("\n"));
  if (entries.length === 0) return null;
  const recipients: DecodedRecipient[] = [];
  for (const e of entries) {
    const msg = foldSpace(e.lines.join(" "));
    const m = readError(msg);
    const r = newRecipient(e.address);
    r.action = "failed";
    r.diagnosticCode = m.reply === "" ? null : m.reply;
    r.diagnosticType = m.smtp ? "SMTP" : null;
    r.command = m.command;
    r.remoteMta = m.remote;
    r.reason = verdictOf(msg.toLowerCase());
    r.status = chooseStatus(r.diagnosticCode, null, "5");
    recipients.push(r);
  }
  return { recipients, original: returnedOrInline(mail, text, cut) };
}

export const EINSUNDEINS: BounceDecoder = {
  id: "einsundeins",
  likely: isEinsUndEins,
  decode: (mail) => (isEinsUndEins(mail) ? decodeUnitedInternet(mail) : null),
};

/** GMX and the other United Internet brands (WEB.DE, mail.com), and any notice with the platform's copy line. */
export const GMX: BounceDecoder = {
  id: "gmx",
  likely: isGmx,
  decode: (mail) => (isGmx(mail) || mail.text.toLowerCase().includes(COPY_MARKER) ? decodeUnitedInternet(mail) : null),
};
