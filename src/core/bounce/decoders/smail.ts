// Smail 3 and the platforms that kept its banners (Deutsche Telekom's T-Online mail): "|---- Failed addresses
// follow: ----|" then one entry per address, "<addr> ... error" (smail notify.c) or "<addr>" with the remote reply
// on indented lines (T-Online), then "|---- Message text follows: ----|" or "|---- Message header follows: ----|".

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus } from "./exim-family-lines.js";

/**
 * The banner a line carries ("failed addresses", "message log", "message text", "message header"), or null.
 * smail notify.c: "|------------------------- Failed addresses follow: ---------------------|".
 */
function bannerOf(line: string): string | null {
  const t = line.trim();
  if (t.length > 120 || !/^\|?-{5,60} ?[A-Za-z ]{4,40} follows?: ?-{5,60}\|?$/.test(t)) return null;
  const name = t.replace(/[|-]/g, "").trim().toLowerCase();
  return name.replace(/ follows?:$/, "");
}

interface Entry {
  readonly address: string;
  readonly lines: string[];
}

/** " addr ... error" or " <addr>": the address word and what follows " ... " on the same line. */
function entryLine(line: string): { address: string; rest: string } | null {
  const t = line.trim();
  const sp = t.indexOf(" ");
  const word = sp === -1 ? t : t.slice(0, sp);
  if (!word.includes("@") || word.length > 320) return null;
  const after = sp === -1 ? "" : t.slice(sp + 1).trim();
  if (after !== "" && !after.startsWith("...")) return null;
  const address = cleanAddress(word);
  if (address === null) return null;
  return { address, rest: after.replace(/^\.{3}\s*/, "") };
}

function decodeSmail(mail: BounceMail): DecodedMail | null {
  const lines = mail.text.split("\n");
  let failedAt = -1;
  let logAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const b = bannerOf(lines[i] as string);
    if (b === "failed addresses") {
      failedAt = i;
      break;
    }
    if (b === "message log") logAt = i;
  }
  if (failedAt === -1) return null;

  // The message log (Smail): the MTA's account of the failure, used when an entry gives no text of its own.
  const log: string[] = [];
  for (let i = logAt + 1; logAt !== -1 && i < failedAt; i++) {
    const t = (lines[i] as string).trim();
    if (t !== "" && log.length < 50) log.push(t);
  }

  const entries: Entry[] = [];
  let textAt = -1;
  for (let i = failedAt + 1; i < lines.length && entries.length < 500; i++) {
    const line = lines[i] as string;
    if (bannerOf(line) !== null) {
      textAt = i;
      break;
    }
    if (line.trim() === "") continue;
    const e = entryLine(line);
    // A continuation line is indented deeper than the address line (T-Online: one space, then three).
    const last = entries[entries.length - 1];
    const deeper = last !== undefined && /^\s{2,}/.test(line) && e?.rest === "";
    if (e !== null && !deeper) {
      entries.push({ address: e.address, lines: e.rest === "" ? [] : [e.rest] });
      continue;
    }
    if (last !== undefined && last.lines.length < 100) last.lines.push(line.trim());
  }
  if (entries.length === 0) return null;

  const logText = foldSpace(log.join(" "));
  const recipients: DecodedRecipient[] = [];
  for (const e of entries) {
    const r = newRecipient(e.address);
    r.action = "failed";
    const diag = foldSpace(e.lines.join(" ")) || logText;
    r.diagnosticCode = diag === "" ? null : diag;
    r.diagnosticType = /^[245]\d\d\b/.test(diag) ? "SMTP" : null;
    r.status = chooseStatus(r.diagnosticCode, null, null);
    recipients.push(r);
  }
  let original = mail.returned?.text ?? null;
  if (original === null && textAt !== -1) {
    const rest = lines.slice(textAt + 1).join("\n");
    original = rest.trim() === "" ? null : rest;
  }
  return { recipients, original };
}

export const SMAIL: BounceDecoder = {
  id: "smail",
  likely(mail: BounceMail): boolean {
    if (/mailer-daemon@(?:[a-z0-9-]{1,63}\.){0,4}t-online\.de\b/.test(mail.from.toLowerCase())) return true;
    return mail.headers.some((h) => h.name === "received" && /\(Smail[- ]?3/i.test(h.value));
  },
  decode: decodeSmail,
};
