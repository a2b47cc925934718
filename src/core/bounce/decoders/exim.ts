// Exim (https://www.exim.org/) bounces and delay warnings, classic (plain text with an inline copy) and 4.8x+
// (multipart/report) forms, plus Exim-based providers: Mail.ru (Russian preamble); MXLogic's Exim-like text too.
// Texts from exim src/deliver.c (bounce/warning bodies, print_address_information/_error), retry.c, route.c.

import type { Reason, SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import {
  addressList,
  chooseStatus,
  cleanHost,
  dsnEntryFor,
  dsnRecipientsOf,
  indentOf,
  leadingReplyCode,
} from "./exim-family-lines.js";
import { stageOfCommandWords } from "./smtp-command.js";

/** deliver.c: the first line of every bounce and warning Exim writes ("... by mail delivery software."). */
const INTRO = "this message was created automatically by";

/**
 * Where the returned copy starts (deliver.c "------ This is a copy of the message, including all the headers.
 * ------"; Exim 2/3 printed five dashes; MXLogic writes its own header-copy line).
 */
const COPY_MARKERS = [
  "------ this is a copy of the message",
  "----- this is a copy of the message",
  "included is a copy of the message header",
] as const;

type ListKind = "failed" | "delayed" | "malformed";

/** Line endings that open the address list, with what the list means (deliver.c, moan.c). */
const LIST_OPENERS: readonly { readonly end: string; readonly kind: ListKind }[] = [
  { end: "address(es) failed:", kind: "failed" }, // "The following address(es) failed:"
  { end: "addresses failed:", kind: "failed" },
  { end: "address failed:", kind: "failed" }, // MXLogic
  { end: "delivered is:", kind: "delayed" }, // "The address to which the message has not yet been delivered is:"
  { end: "delivered are:", kind: "delayed" }, // "The addresses to which ... have not yet been delivered are:"
  { end: "incorrectly constructed:", kind: "malformed" }, // moan.c ERRMESS_BADADDRESS / malformed recipient
  { end: "нескольким получателям:", kind: "failed" }, // Mail.ru's Russian preamble, same list follows
];

/** Exim's own error texts that state a verdict (route.c, routers/dnslookup.c, transports/smtp.c, deliver.c). */
const HOST_UNKNOWN = [
  "all relevant mx records point to non-existent hosts",
  "unrouteable address",
  "unrouteable mail domain",
  "all host address lookups failed permanently",
];
const NOT_ACCEPT = ["an mx or srv record indicated no smtp service"];
const SYSTEM_ERROR = ["delivery to file forbidden", "delivery to pipe forbidden"];
/** retry.c: "retry timeout exceeded" (alone or appended after ": "); transports/smtp.c long-failure texts. */
const EXPIRED = [
  "retry timeout exceeded",
  "have been failing for a long time",
  "retry time not reached for any host after a long failure period",
];

/** The "after ..." prefixes Exim's transports put before a remote reply (transports/smtp.c, lmtp.c). */
const ERROR_PREFIXES = [
  "smtp error from remote mail server after ",
  "smtp error from remote mailer after ", // Exim 2/3
  "smtp error from remote server after ",
  "smtp error after ",
  "lmtp error after ",
  "smtp timeout after ",
];

interface Entry {
  readonly head: string;
  readonly kind: "address" | "pipe" | "file" | "undisclosed" | "local";
  readonly address: string | null;
  readonly inline: string;
  readonly details: string[];
}

function headerValuesOf(mail: BounceMail, name: string): string[] {
  const out: string[] = [];
  for (const h of mail.headers) if (h.name === name) out.push(h.value);
  return out;
}

/** Header marks only Exim leaves: its message ids, its Received lines, its DSN boundary. */
function eximHeaderEvidence(mail: BounceMail): boolean {
  const mid = mail.header("message-id");
  // Exim ids: 6-6-2 base-62 ("1P1ceB-000FL1-4q"), 4.97+ 6-11-4; Exim prefixes an "E" in the Message-Id.
  if (/^<E?[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}@/.test(mid)) return true;
  if (mail.header("content-type").toLowerCase().includes("-eximdsn-")) return true;
  for (const r of headerValuesOf(mail, "received")) {
    const l = r.toLowerCase();
    if (l.includes("(exim ") || l.includes("with local (exim")) return true;
  }
  return false;
}

function splitCopy(text: string): { body: string; inline: string | null } {
  const lower = text.toLowerCase();
  let cut = -1;
  for (const m of COPY_MARKERS) {
    const i = lower.indexOf(m);
    if (i !== -1 && (cut === -1 || i < cut)) cut = i;
  }
  if (cut === -1) return { body: text, inline: null };
  const eol = text.indexOf("\n", cut);
  const rest = eol === -1 ? "" : text.slice(eol + 1).replace(/^[-\s]*\n/, "");
  return { body: text.slice(0, cut), inline: rest.trim() === "" ? null : rest };
}

/** One entry head: "addr", "addr:", "<addr>: text", "pipe to |cmd", "save to /file", "an undisclosed address". */
function parseHead(t: string): Entry | null {
  const l = t.toLowerCase();
  const mk = (kind: Entry["kind"], address: string | null, inline: string): Entry => ({
    head: t,
    kind,
    address,
    inline,
    details: [],
  });
  if (l.startsWith("pipe to ")) return mk("pipe", null, "");
  if (l.startsWith("save to ")) return mk("file", null, "");
  if (l.startsWith("an undisclosed address")) return mk("undisclosed", null, "");
  if (t.startsWith("<")) {
    const gt = t.indexOf(">");
    if (gt === -1) return null;
    const a = cleanAddress(t.slice(0, gt + 1));
    if (a === null) return null;
    return mk("address", a, t.slice(gt + 1).replace(/^:\s*/, ""));
  }
  const sp = t.indexOf(" ");
  const token = (sp === -1 ? t : t.slice(0, sp)).replace(/:$/, "").replace(/^"|"$/g, "");
  if (token.includes("@")) {
    const a = cleanAddress(token);
    if (a === null || a.length < token.length - 2) return null;
    let rest = sp === -1 ? "" : t.slice(sp + 1).trim();
    // "a@b <c@d>: malformed address: <c@d> may not follow a@b" names the offending address in brackets.
    if (rest.startsWith("<")) {
      const gt = rest.indexOf(">:");
      const inner = gt === -1 ? null : cleanAddress(rest.slice(0, gt + 1));
      if (inner !== null) return mk("address", inner, rest.slice(gt + 2).trim());
    }
    rest = rest.replace(/^:\s*/, "");
    return mk("address", a, rest);
  }
  // deliver.c prints an unqualified local part as it was given ("  kijitora").
  if (/^[A-Za-z0-9._%+=-]{1,64}:?$/.test(t) && l !== "host") return mk("local", null, "");
  return null;
}

/** The address list after its opening line: one entry per failed address with its indented detail lines. */
function readEntries(lines: readonly string[], start: number): Entry[] {
  const out: Entry[] = [];
  let current: Entry | null = null;
  let sawBlank = false;
  // Bounded: 500 addresses, 200 detail lines each (Exim writes a handful), 20,000 lines in all.
  const last = Math.min(lines.length, start + 20000);
  for (let i = start; i < last && out.length < 500; i++) {
    const line = lines[i] as string;
    const t = line.trim();
    if (t === "") {
      if (current !== null) sawBlank = true;
      continue;
    }
    const ind = indentOf(line);
    const head = ind >= 1 && ind <= 3 ? parseHead(t) : null;
    if (head !== null && !(current !== null && !sawBlank && sameAddress(current, head))) {
      out.push(head);
      current = head;
      sawBlank = false;
      continue;
    }
    if (current === null) continue;
    if (sawBlank && ind < 4) break; // the list is over ("The following text was generated ...")
    if (current.details.length < 200) current.details.push(t);
  }
  return out;
}

function sameAddress(a: Entry, b: Entry): boolean {
  return (
    a.address !== null && b.address !== null && b.inline === "" && a.address.toLowerCase() === b.address.toLowerCase()
  );
}

/** "host NAME [IP]" (optionally followed by ":"): the host name and the text after it. */
function readHostPrefix(s: string): { host: string | null; rest: string } | null {
  const open = s.indexOf(" [", 5);
  if (open === -1 || open > 300) return null;
  const close = s.indexOf("]", open);
  if (close === -1 || close - open > 64) return null;
  const name = s.slice(5, open).trim();
  if (name.includes(" ")) return null;
  let rest = s.slice(close + 1);
  rest = rest.replace(/^\s*:?\s*/, "");
  return { host: cleanHost(name), rest };
}

/** "SMTP error from remote mail server after RCPT TO:<a@b>:" -> the stage and the text after the prefix. */
function readErrorPrefix(s: string): { command: SmtpStage | null; rest: string } | null {
  const l = s.toLowerCase();
  let at = -1;
  for (const p of ERROR_PREFIXES) {
    if (l.startsWith(p)) {
      at = p.length;
      break;
    }
  }
  if (at === -1) return null;
  const limit = Math.min(s.length, at + 400);
  let depth = 0;
  let sawAngle = false;
  let end = -1;
  for (let j = at; j < limit; j++) {
    const c = s[j];
    if (c === "<") {
      depth++;
      sawAngle = true;
    } else if (c === ">") depth = Math.max(0, depth - 1);
    else if (c === ":" && depth === 0) {
      const next = s[j + 1];
      if (next === "<") continue; // "RCPT TO:<a@b>"
      if (next === " " && s[j + 2] === "<" && !sawAngle) continue; // Exim 2/3: "RCPT TO:\n  <a@b>:"
      end = j;
      break;
    }
  }
  const words = s.slice(at, end === -1 ? limit : end);
  const cut = words.search(/[:<(]/);
  const command = stageOfCommandWords(cut === -1 ? words : words.slice(0, cut));
  return { command, rest: end === -1 ? "" : s.slice(end + 1).trim() };
}

/** Splits an Exim error message into the remote host, the SMTP stage and the remote reply (or Exim's text). */
function readMessage(msg: string): {
  remote: string | null;
  command: SmtpStage | null;
  reply: string;
  smtp: boolean;
} {
  let s = msg;
  let remote: string | null = null;
  let command: SmtpStage | null = null;
  let smtp = false;
  for (let round = 0; round < 6; round++) {
    const l = s.toLowerCase();
    if (l.startsWith("delay reason: ")) {
      s = s.slice(14);
      continue;
    }
    if (l.startsWith("host ")) {
      const h = readHostPrefix(s);
      if (h !== null) {
        remote ??= h.host;
        s = h.rest;
        continue;
      }
    }
    const e = readErrorPrefix(s);
    if (e !== null) {
      command ??= e.command;
      smtp = true;
      s = e.rest;
      continue;
    }
    break;
  }
  if (command === null) {
    // transports/smtp.c: "Remote host X [ip] closed connection in response to end of data"
    const l = s.toLowerCase();
    const r = l.indexOf(" in response to ");
    if (r !== -1) command = stageOfCommandWords(s.slice(r + 16, r + 40));
  }
  return { remote, command, reply: s.trim(), smtp: smtp || leadingReplyCode(s) !== null };
}

function verdictOf(e: Entry, kind: ListKind, msgLower: string, hasReply: boolean): Reason | null {
  if (kind === "malformed") return "syntaxerror";
  if (kind === "delayed") return null;
  if (msgLower.includes("mailbox is full")) return "mailboxfull"; // transports/appendfile.c
  for (const x of EXPIRED) if (msgLower.includes(x)) return "expired";
  if (!hasReply) {
    for (const x of HOST_UNKNOWN) if (msgLower.includes(x)) return "hostunknown";
    for (const x of NOT_ACCEPT) if (msgLower.includes(x)) return "notaccept";
    for (const x of SYSTEM_ERROR) if (msgLower.includes(x)) return "systemerror";
    // A pipe delivery (.forward / alias "|command") that failed is a local mailer error.
    if (e.kind === "pipe") return "mailererror";
  }
  return null;
}

/** Start line of the address list and what kind of list it is; null when the text has no Exim list. */
function findList(lines: readonly string[]): { start: number; kind: ListKind } | null {
  for (let i = 0; i < lines.length && i < 400; i++) {
    const cur = (lines[i] as string).trim().toLowerCase();
    if (cur === "" || !cur.endsWith(":")) continue;
    const joined = `${(lines[i - 1] ?? "").trim().toLowerCase()} ${cur}`;
    for (const o of LIST_OPENERS)
      if (cur.endsWith(o.end) || joined.endsWith(o.end)) return { start: i + 1, kind: o.kind };
  }
  return null;
}

/** The recipients X-Failed-Recipients names, when the body gives nothing readable (deliver.c writes the header). */
function fromHeaderOnly(
  mail: BounceMail,
  addresses: readonly string[],
  kind: ListKind,
  inline: string | null,
): DecodedMail {
  const recipients = addresses.map((a) => {
    const r = newRecipient(a);
    r.action = kind === "delayed" ? "delayed" : "failed";
    r.status = kind === "delayed" ? "4.0.0" : "5.0.0";
    return r;
  });
  return { recipients, original: mail.returned?.text ?? inline };
}

/** Decodes any Exim-made bounce or warning; null when the mail is not in Exim's format. */
export function decodeEximFamily(mail: BounceMail): DecodedMail | null {
  const { body, inline } = splitCopy(mail.text);
  const lowerBody = body.toLowerCase();
  // Other MTAs borrowed Exim's first sentence: Ecelerity, and United Internet (GMX, 1&1) with their own layout.
  if (lowerBody.includes("(ecelerity)") || lowerBody.includes("--- the header of the original message is following"))
    return null;
  const hasIntro = lowerBody.includes(INTRO);
  if (!hasIntro && !eximHeaderEvidence(mail)) return null;
  const failedHeader: string[] = [];
  for (const v of headerValuesOf(mail, "x-failed-recipients"))
    if (failedHeader.length < 500) failedHeader.push(...addressList(v));
  // A customised or translated bounce_message_file may word the list's opening line differently: with
  // Exim's own header marks and X-Failed-Recipients (deliver.c), read the indented list wherever it is.
  const sure = failedHeader.length > 0 && eximHeaderEvidence(mail);
  const lines = body.split("\n");
  const list =
    findList(lines) ??
    (sure
      ? {
          start: 0,
          kind: mail.subject.toLowerCase().startsWith("warning") ? ("delayed" as const) : ("failed" as const),
        }
      : null);
  if (list === null) return null;
  const entries = readEntries(lines, list.start);
  if (entries.length === 0) return sure ? fromHeaderOnly(mail, failedHeader, list.kind, inline) : null;
  const dsn = dsnRecipientsOf(mail);
  const queueOn = /on the queue on ([A-Za-z0-9.-]{1,255})\./.exec(body);
  const recipients: DecodedRecipient[] = [];
  const seen = new Set<string>();
  entries.forEach((e, index) => {
    let parent: string | null = null;
    let alias: string | null = null;
    const msgLines: string[] = [];
    if (e.inline !== "") msgLines.push(e.inline);
    for (const d of e.details) {
      const l = d.toLowerCase();
      if (l.startsWith("generated by ")) parent = cleanAddress(d.slice(13));
      else if (l.startsWith("(ultimately generated from ") || l.startsWith("(generated from "))
        alias = cleanAddress(d.slice(d.indexOf("from ") + 5).replace(/\)\s*$/, ""));
      else msgLines.push(d);
    }
    let address = e.address;
    if (address === null) address = parent;
    if (address === null && e.kind === "local") {
      const lp = e.head.replace(/:$/, "").toLowerCase();
      address = failedHeader.find((a) => a.toLowerCase().startsWith(`${lp}@`)) ?? null;
    }
    if (address === null && failedHeader.length === entries.length) address = failedHeader[index] ?? null;
    if (address === null && failedHeader.length === 1) address = failedHeader[0] ?? null;
    if (address === null && e.kind === "undisclosed") address = alias;
    if (address === null) return;
    const key = address.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);

    const msg = foldSpace(msgLines.join(" "));
    const m = readMessage(msg);
    const r = newRecipient(address);
    if (alias !== null && alias.toLowerCase() !== key) r.alias = alias;
    const ds = dsnEntryFor(dsn, address, index, entries.length);
    r.action = list.kind === "delayed" ? "delayed" : "failed";
    r.diagnosticCode = m.reply !== "" ? m.reply : e.kind === "address" || e.kind === "local" ? null : e.head;
    r.diagnosticType = m.smtp ? "SMTP" : (ds?.diagnosticType ?? null);
    r.remoteMta = m.remote ?? ds?.remoteMta ?? null;
    r.command = m.command;
    r.reportingMta = ds?.reportingMta ?? queueOn?.[1] ?? null;
    r.date = ds?.date ?? null;
    r.reason = verdictOf(e, list.kind, msg.toLowerCase(), leadingReplyCode(m.reply) !== null);
    const fallbackClass = list.kind === "delayed" ? "4" : "5";
    r.status = chooseStatus(m.reply === "" ? null : m.reply, ds?.status ?? null, fallbackClass);
    if (parent !== null && e.address === null) r.fields["x-exim-delivery"] = e.head;
    recipients.push(r);
  });
  if (recipients.length === 0) return null;
  return { recipients, original: mail.returned?.text ?? inline };
}

const EXIM_SUBJECTS = ["mail delivery failed", "mail failure", "warning: message ", "message frozen"];

function isMailRu(mail: BounceMail): boolean {
  const from = mail.from.toLowerCase();
  const mid = mail.header("message-id").toLowerCase();
  return from.includes("@corp.mail.ru") || /[.@](?:mail\.ru|smailru\.net)>$/.test(mid);
}

export const EXIM: BounceDecoder = {
  id: "exim",
  likely(mail) {
    const s = mail.subject.toLowerCase();
    if (EXIM_SUBJECTS.some((x) => s.startsWith(x))) return true;
    return mail.header("x-failed-recipients") !== "" && eximHeaderEvidence(mail);
  },
  decode: decodeEximFamily,
};

/** Mail.ru runs Exim and puts a Russian preamble before Exim's own text (same list twice). */
export const MAILRU: BounceDecoder = {
  id: "mailru",
  likely: isMailRu,
  decode: (mail) => (isMailRu(mail) ? decodeEximFamily(mail) : null),
};
