// HCL (IBM, Lotus) Domino delivery failure reports: Subject "DELIVERY FAILURE: <reason>", a human part
// "Your message / Subject: ... / was not delivered to: / <addresses> / because: / <reason>", often with an
// RFC 3464 part whose Diagnostic-Code is "X-Notes; ..." (read first, its text replaced by the human reason).

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { bareAddress } from "./ndr-lines.js";
import { readDsnRecipients } from "./rfc3464.js";

interface Failure {
  addresses: string[];
  because: string;
}

function subjectReason(mail: BounceMail): string | null {
  const s = mail.subject;
  const at = s.indexOf("DELIVERY FAILURE:");
  const at2 = s.indexOf("DELIVERY_FAILURE:");
  const i = at !== -1 ? at + 17 : at2 !== -1 ? at2 + 17 : -1;
  if (i === -1) return null;
  const v = foldSpace(s.slice(i));
  return v === "" ? null : v;
}

/** "was not delivered to:" blocks: the addresses, then the "because:" lines, until the next block. */
function readFailures(text: string): Failure[] {
  const lines = text.split("\n");
  const out: Failure[] = [];
  let cur: Failure | null = null;
  let state: "none" | "to" | "because" = "none";
  const because: string[] = [];
  const flush = (): void => {
    if (cur !== null) {
      cur.because = foldSpace(because.join(" "));
      if (cur.addresses.length > 0) out.push(cur);
    }
    because.length = 0;
  };
  for (const line of lines) {
    const t = line.trim();
    const l = t.toLowerCase();
    if (l === "was not delivered to:") {
      flush();
      cur = { addresses: [], because: "" };
      state = "to";
      continue;
    }
    if (cur === null) continue;
    if (l === "because:") {
      state = "because";
      continue;
    }
    if (t === "") {
      if (state === "because" && because.length > 0) state = "none";
      continue;
    }
    if (state === "to") {
      const a = bareAddress(t) ?? (t.includes("@") && !t.includes(" ") ? cleanAddress(t) : null);
      if (a !== null) cur.addresses.push(a);
    } else if (state === "because") because.push(t);
  }
  flush();
  return out;
}

export const DOMINO: BounceDecoder = {
  id: "domino",
  likely: (mail) => subjectReason(mail) !== null,
  decode(mail: BounceMail): DecodedMail | null {
    const fromSubject = subjectReason(mail);
    const failures = readFailures(mail.text);
    if (fromSubject === null && failures.length === 0) return null;
    const byAddress = new Map<string, string>();
    for (const f of failures) for (const a of f.addresses) byAddress.set(a.toLowerCase(), f.because);

    const recipients: DecodedRecipient[] = [];
    const dsn = mail.deliveryStatus === null ? [] : readDsnRecipients(mail.deliveryStatus.text);
    if (dsn.length > 0) {
      for (const r of dsn) {
        // The human text is decoded from its charset; the X-Notes Diagnostic-Code often is not (raw ISO-2022-JP).
        const human = byAddress.get(r.recipient.toLowerCase()) ?? (dsn.length === 1 ? failures[0]?.because : undefined);
        if (human !== undefined && human !== "") r.diagnosticCode = human;
        else if (r.diagnosticCode === null && fromSubject !== null) r.diagnosticCode = fromSubject;
        recipients.push(r);
      }
    } else {
      for (const f of failures) {
        for (const a of f.addresses) {
          const r = newRecipient(a);
          r.action = "failed";
          r.diagnosticCode = f.because !== "" ? f.because : fromSubject;
          r.diagnosticType = "X-NOTES";
          recipients.push(r);
        }
      }
    }
    if (recipients.length === 0) return null;
    return { recipients, original: mail.returned?.text ?? null };
  },
};
