// Yahoo! Mail's legacy qmail-based MTA (also run for Yahoo-hosted ISPs; Sisimai calls it X2): "Message from
// yahoo.com. Unable to deliver message to the following address(es)." then "<addr>:" and its error, up to
// "--- Original message follows.". qmail's own texts ("I'm not going to try again ...") mark expiry.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus, returnedOrInline } from "./exim-family-lines.js";

const START = "unable to deliver message to the following address";
const COPY_MARKER = "--- original message follows.";
/** qmail-send.c: the message stayed in the queue past queuelifetime. */
const EXPIRED = "i'm not going to try again; this message has been in the queue too long";

function likelyYahooLegacy(mail: BounceMail): boolean {
  const s = mail.subject.toLowerCase();
  return (
    mail.from.toLowerCase().includes("mailer-daemon@") &&
    (s.startsWith("delivery failure") ||
      s.startsWith("failure delivery") ||
      s.startsWith("failed delivery") ||
      s.startsWith("permanent delivery failure"))
  );
}

function decodeYahooLegacy(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const lower = text.toLowerCase();
  const start = lower.indexOf(START);
  if (start === -1) return null;
  // "Message from example.com." opens the notice: the line before the list's intro.
  const head = lower.lastIndexOf("message from ", start);
  if (head === -1 || start - head > 300) return null;
  const cut = lower.indexOf(COPY_MARKER, start);
  const body = text.slice(start, cut === -1 ? text.length : cut);
  const reporting = /^message from\s+([a-z0-9.-]{1,255}?)\.?\s*$/m.exec(lower.slice(head, start));
  const recipients: DecodedRecipient[] = [];
  const texts: string[][] = [];
  const lines = body.split("\n");
  for (let i = 1; i < lines.length && recipients.length < 500; i++) {
    const t = (lines[i] as string).trim();
    if (t === "") continue;
    if (t.startsWith("<") && t.endsWith(">:")) {
      const a = cleanAddress(t.slice(0, -1));
      if (a !== null) {
        recipients.push(newRecipient(a));
        texts.push([]);
        continue;
      }
    }
    texts[texts.length - 1]?.push(t);
  }
  if (recipients.length === 0) return null;
  recipients.forEach((r, i) => {
    const msg = foldSpace((texts[i] ?? []).join(" "));
    r.action = "failed";
    r.diagnosticCode = msg === "" ? null : msg;
    r.reportingMta = reporting?.[1] ?? null;
    if (msg.toLowerCase().includes(EXPIRED)) r.reason = "expired";
    // qmail writes enhanced codes as "(#4.4.1)" / "[#4.1.9]"; findStatus reads them.
    r.status = chooseStatus(r.diagnosticCode, null, "5");
  });
  return { recipients, original: returnedOrInline(mail, text, cut) };
}

export const YAHOO_LEGACY: BounceDecoder = {
  id: "yahoo-legacy",
  likely: likelyYahooLegacy,
  decode: decodeYahooLegacy,
};
