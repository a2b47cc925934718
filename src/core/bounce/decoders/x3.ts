// An unidentified MTA (Sisimai's X3): "This is an automatically generated Delivery Status Notification.", a
// "Delivery to the following recipients failed permanently:" (or "... was aborted after N hour(s):") list of
// "* addr" lines, then "Technical details:" lines such as "SMTP:RCPT host 192.0.2.8: 553 ..." or "Routing: ...".

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus, cleanHost, dsnEntryFor, dsnRecipientsOf } from "./exim-family-lines.js";
import { stageOfCommandWords } from "./smtp-command.js";

const INTRO = "this is an automatically generated delivery status notification.";

function likelyX3(mail: BounceMail): boolean {
  return mail.subject.startsWith("Delivery status notification") && mail.from.startsWith("Mail Delivery System");
}

interface Detail {
  readonly text: string;
  readonly command: string | null;
  readonly host: string | null;
}

/** "SMTP:RCPT host 192.0.2.8: 553 5.3.0 ..." -> command, host and reply; other lines keep their text. */
function readDetail(t: string): Detail {
  if (t.startsWith("SMTP:")) {
    const sp = t.indexOf(" ");
    const command = sp === -1 ? null : t.slice(5, sp);
    let rest = sp === -1 ? "" : t.slice(sp + 1);
    let host: string | null = null;
    if (rest.startsWith("host ")) {
      const colon = rest.indexOf(": ");
      if (colon !== -1 && colon < 270) {
        host = cleanHost(rest.slice(5, colon));
        rest = rest.slice(colon + 2);
      }
    }
    return { text: rest.trim(), command, host };
  }
  // "Routing: Could not find a gateway for a@b" is the MTA's own routing error: keep it whole.
  return { text: t, command: null, host: null };
}

function decodeX3(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const lower = text.toLowerCase();
  const intro = lower.indexOf(INTRO);
  if (intro === -1) return null;
  const lines = text.slice(intro).split("\n");
  const recipients: DecodedRecipient[] = [];
  const details: Detail[] = [];
  let aborted: string | null = null;
  let inDetails = false;
  for (let i = 1; i < lines.length && i < 2000; i++) {
    const t = (lines[i] as string).trim();
    if (t === "" || /^={10,}$/.test(t)) continue;
    const l = t.toLowerCase();
    if (l.startsWith("technical details:")) {
      inDetails = true;
      continue;
    }
    if (!inDetails) {
      // "Delevery to the following recipients was aborted after 5.0 hour(s):" (the typo is the MTA's own)
      const ab = /was aborted after ([0-9.]{1,8}) ([a-z()]{1,12}):$/.exec(l);
      if (ab !== null) aborted = `${ab[1]} ${ab[2]}`;
      if (t.startsWith("* ")) {
        const a = cleanAddress(t.slice(2));
        if (a !== null && recipients.length < 500) recipients.push(newRecipient(a));
      }
      continue;
    }
    if (details.length < 500) details.push(readDetail(t));
  }
  if (recipients.length === 0) return null;
  const dsn = dsnRecipientsOf(mail);
  recipients.forEach((r, i) => {
    const addr = r.recipient.toLowerCase();
    const d =
      details.find((x) => x.text.toLowerCase().includes(addr)) ??
      (details.length === recipients.length ? details[i] : details.length === 1 ? details[0] : undefined);
    const ds = dsnEntryFor(dsn, r.recipient, i, recipients.length);
    r.action = "failed";
    r.diagnosticCode = d !== undefined && d.text !== "" ? foldSpace(d.text) : (ds?.diagnosticCode ?? null);
    r.diagnosticType = d?.command !== null && d?.command !== undefined ? "SMTP" : (ds?.diagnosticType ?? null);
    r.command = d?.command ? stageOfCommandWords(d.command) : null;
    r.remoteMta = d?.host ?? ds?.remoteMta ?? null;
    r.reportingMta = ds?.reportingMta ?? null;
    r.date = ds?.date ?? null;
    // The text's own code over the DSN's: the DSN part of this MTA states a generic Status.
    r.status = chooseStatus(r.diagnosticCode, ds?.status ?? null, "5");
    // Gave up after a retry period ("aborted after 5.0 hour(s)") with no remote reply: the time ran out.
    if (aborted !== null && !aborted.startsWith("0 ") && (d === undefined || d.command === null)) r.reason = "expired";
    if (aborted !== null) r.fields["x-aborted-after"] = aborted;
  });
  // This MTA starts its message/rfc822 part with an empty line: drop it so the header block reads.
  const original = mail.returned === null ? null : mail.returned.text.replace(/^(?:[ \t]*\n)+/, "");
  return { recipients, original };
}

export const X3: BounceDecoder = {
  id: "x3",
  likely: likelyX3,
  decode: decodeX3,
};
