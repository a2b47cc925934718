// QUALITIA Active!hunter gateway bounces (X-AHMAILID header, Subject "FAILURE NOTICE : ..."): a Sendmail-like
// body "----- The following addresses had permanent fatal errors -----", ">>> a@b <a@b>", then
// "----- Transcript of session follows -----" and the remote reply.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, hasHeader, newRecipient } from "./common.js";

export const ACTIVEHUNTER: BounceDecoder = {
  id: "activehunter",
  likely: (mail) => hasHeader(mail, "x-ahmailid"),
  decode(mail: BounceMail): DecodedMail | null {
    // The body alone is Sendmail's layout: only the gateway's own header tells the two apart.
    if (!hasHeader(mail, "x-ahmailid")) return null;
    const recipients: DecodedRecipient[] = [];
    const transcript: string[] = [];
    let state: "none" | "list" | "transcript" = "none";
    for (const line of mail.text.split("\n")) {
      const t = line.trim();
      if (t.startsWith("----- The following addresses had")) {
        state = "list";
        continue;
      }
      if (t.startsWith("----- Transcript of session follows")) {
        state = "transcript";
        continue;
      }
      if (t.startsWith("-----")) {
        state = "none";
        continue;
      }
      if (state === "list" && t.startsWith(">>> ")) {
        const a = cleanAddress(t.slice(4));
        if (a === null) continue;
        const r = newRecipient(a);
        r.action = "failed";
        recipients.push(r);
      } else if (state === "transcript" && t !== "" && !t.startsWith(">>>") && !t.startsWith("<<<")) {
        transcript.push(t);
      }
    }
    if (recipients.length === 0) return null;
    const diag = foldSpace(transcript.join(" "));
    for (const r of recipients) {
      r.diagnosticCode = diag === "" ? null : diag;
      r.diagnosticType = diag === "" ? null : "SMTP";
      r.status = findStatus(diag);
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
