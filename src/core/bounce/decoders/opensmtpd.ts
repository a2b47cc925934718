// OpenSMTPD (smtpd/bounce.c): "This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail." then one
// "rcpt: error" line per recipient; newer versions add a message/delivery-status part whose Status is generic.
// The failure strings come from smtpd/mta.c ("Domain does not exist" ...) and smtpd/queue.c ("Envelope expired").

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findLine, findStatus, foldSpace, newRecipient } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";
import { findLineContaining, textAfter } from "./transcript-lines.js";

const INTRO = "This is the MAILER-DAEMON, please DO NOT REPLY to this"; // "e-mail." in 5.x, "email." in 6.x
/** bounce.c notice texts that open the recipient list. */
const LIST_OPENERS = [
  "An error has occurred while attempting to deliver a message for",
  "A message is delayed for more than",
  "Your message was successfully delivered to these recipients",
  "Your message was relayed to these recipients",
];
const END_MARKERS = [
  "Below is a copy of the original message",
  "Below is a copy of the message headers",
  "Please note that this is only a temporary failure report.",
];

/** The MTA's own verdicts, stated in failure strings that do not come from a remote server. */
function ownVerdict(text: string): DecodedRecipient["reason"] {
  if (text.startsWith("Envelope expired")) return "expired"; // queue.c: the envelope's lifetime ran out
  // mta.c: its own DNS answer for the destination domain.
  if (text.startsWith("Domain does not exist") || text.startsWith("Invalid domain name")) return "hostunknown";
  return null;
}

export const OPENSMTPD: BounceDecoder = {
  id: "opensmtpd",
  likely(mail: BounceMail): boolean {
    if (!mail.subject.startsWith("Delivery status notification")) return false;
    return mail.from.startsWith("Mailer Daemon") || mail.text.includes(INTRO);
  },
  decode(mail: BounceMail): DecodedMail | null {
    const lines = mail.text.split("\n");
    const intro = findLineContaining(lines, [INTRO]);
    if (intro === -1) return null;
    const opener = findLine(lines, LIST_OPENERS, intro + 1);
    if (opener === -1) return null;
    const delayed = (lines[opener] ?? "").trim().startsWith("A message is delayed");
    const delivered = (lines[opener] ?? "").trim().startsWith("Your message was");
    const end = findLine(lines, END_MARKERS, opener + 1);

    const found: DecodedRecipient[] = [];
    for (let i = opener + 1; i < (end === -1 ? lines.length : end); i++) {
      const l = lines[i] ?? "";
      // Recipient lines start at column 0 ("%s: %s\n"); the notice's own text is indented by four spaces.
      if (l === "" || l.startsWith(" ") || l.startsWith("\t")) continue;
      const colon = l.indexOf(": ");
      if (colon <= 0 || colon > 512) continue;
      const addr = cleanAddress(l.slice(0, colon));
      if (addr === null) continue;
      const r = newRecipient(addr);
      const diag = foldSpace(l.slice(colon + 2));
      r.diagnosticCode = diag === "" ? null : diag;
      r.diagnosticType = "SMTP";
      r.action = delivered ? "delivered" : delayed ? "delayed" : "failed";
      r.status = findStatus(diag.slice(0, 16));
      r.reason = delivered ? null : ownVerdict(diag);
      found.push(r);
    }
    if (found.length === 0) return null;

    // Newer OpenSMTPD attaches a DSN: take its Action, Reporting-MTA and (when the text gave none) Status.
    if (mail.deliveryStatus !== null) {
      const dsn = readDsnRecipients(mail.deliveryStatus.text);
      for (const r of found) {
        const d = dsn.find((x) => x.recipient.toLowerCase() === r.recipient.toLowerCase());
        if (d === undefined) continue;
        r.action = d.action ?? r.action;
        r.reportingMta = d.reportingMta;
        r.date = d.date;
        r.remoteMta = d.remoteMta;
        // Its Status is often a generic 5.0.0 / 4.0.0: the reply's own code says more.
        if (r.status === null && d.status !== null && !/^\d\.0\.0$/.test(d.status)) r.status = d.status;
        r.fields = { ...d.fields, ...r.fields };
      }
    }
    if (found[0]?.reportingMta === null) {
      const from = mail.from;
      const at = from.lastIndexOf("@");
      const host = at === -1 ? "" : from.slice(at + 1).replace(/[>\s].*$/, "");
      if (host !== "" && host !== "localhost") for (const r of found) r.reportingMta ??= host;
    }
    const copy = findLine(lines, ["Below is a copy of the"], opener + 1);
    const original = mail.returned?.text ?? (copy === -1 ? null : textAfter(lines, copy));
    return { recipients: found, original };
  },
};
