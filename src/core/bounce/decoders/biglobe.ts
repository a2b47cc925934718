// BIGLOBE (and the ISPs on its platform: inacatv, tmtv, ttv) "Returned mail:" reports from postmaster@*.ne.jp:
// "----- The following addresses had delivery problems -----", the addresses, then
// "----- Non-delivered information -----" and the error text.

import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { bareAddress } from "./ndr-lines.js";

const LIST = "----- The following addresses had delivery problems -----";
const INFO = "----- Non-delivered information -----";
const DOMAINS = ["@biglobe.ne.jp", "@inacatv.ne.jp", "@tmtv.ne.jp", "@ttv.ne.jp"];

export const BIGLOBE: BounceDecoder = {
  id: "biglobe",
  likely: (mail) =>
    mail.subject.startsWith("Returned mail:") && DOMAINS.some((d) => mail.from.toLowerCase().includes(d)),
  decode(mail: BounceMail): DecodedMail | null {
    if (!mail.text.includes(LIST) || !mail.text.includes(INFO)) return null;
    const addresses: string[] = [];
    const info: string[] = [];
    let state: "none" | "list" | "info" = "none";
    for (const line of mail.text.split("\n")) {
      const t = line.trim();
      if (t === LIST) state = "list";
      else if (t === INFO) state = "info";
      else if (t.startsWith("-----")) state = "none";
      else if (state === "list") {
        const a = bareAddress(t);
        if (a !== null) addresses.push(a);
      } else if (state === "info" && t !== "") info.push(t);
    }
    if (addresses.length === 0) return null;
    const diag = foldSpace(info.join(" "));
    const recipients: DecodedRecipient[] = addresses.map((a) => {
      const r = newRecipient(a);
      r.action = "failed";
      r.diagnosticCode = diag === "" ? null : diag;
      return r;
    });
    return { recipients, original: mail.returned?.text ?? null };
  },
};
