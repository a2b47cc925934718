// Google Groups refusals: a localised plain-text notice from mailer-daemon@googlemail.com saying the group may not
// exist or the sender may not post to it, signed "Google Groups", with the group in X-Failed-Recipients.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { isGoogleDaemon } from "./gmail.js";

const MARKER = "----- Original message -----";

export const GOOGLE_GROUPS: BounceDecoder = {
  id: "googlegroups",
  likely: (mail) => isGoogleDaemon(mail.from) && mail.header("x-failed-recipients") !== "",
  decode(mail: BounceMail): DecodedMail | null {
    if (!isGoogleDaemon(mail.from)) return null;
    const text = mail.text;
    // Every language version links the Groups help centre and signs "Google Groups" (the product name is kept).
    if (!text.includes("groups.google.com/support") && !text.includes("Google Groups")) return null;
    const at = text.indexOf(MARKER);
    const notice = at === -1 ? text : text.slice(0, at);
    const groups = mail
      .header("x-failed-recipients")
      .split(",")
      .map((s) => cleanAddress(s))
      .filter((a): a is string => a !== null);
    if (groups.length === 0) return null;
    const diagnostic = foldSpace(notice).slice(0, 2000);
    const original = mail.returned?.text ?? (at === -1 ? null : text.slice(at + MARKER.length).replace(/^\s+/, ""));
    return {
      recipients: groups.map((g) => {
        const r = newRecipient(g);
        r.action = "failed";
        r.diagnosticCode = diagnostic === "" ? null : diagnostic;
        r.reportingMta = "googlemail.com";
        // The notice is the verdict itself: the group refused the post (it may not exist, or the sender may not
        // post to it); there is no server reply to classify, and the text is in the sender's language.
        r.reason = "rejected";
        return r;
      }),
      original,
    };
  },
};
