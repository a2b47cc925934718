// PowerMTA delivery reports ("Hello, this is the mail server on ..."): an RFC 3464 part whose recipient groups
// carry X-PowerMTA-BounceCategory; "message-expired" is PowerMTA giving up after its retry period.

import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { readDsnRecipients } from "./rfc3464.js";

export const POWERMTA: BounceDecoder = {
  id: "powermta",
  likely: (mail) => mail.deliveryStatus?.text.includes("X-PowerMTA-") === true,
  decode(mail: BounceMail): DecodedMail | null {
    const ds = mail.deliveryStatus?.text;
    if (ds === undefined || !/^X-PowerMTA-(?:VirtualMTA|BounceCategory):/im.test(ds)) return null;
    const recipients = readDsnRecipients(ds);
    if (recipients.length === 0) return null;
    for (const r of recipients) {
      // "dns;mx.example.jp (192.0.2.135)": keep the host name.
      if (r.remoteMta !== null) r.remoteMta = r.remoteMta.split(" (")[0] ?? r.remoteMta;
      const category = r.fields["x-powermta-bouncecategory"]?.trim().toLowerCase();
      if (category === "message-expired" && r.action !== "delayed") r.reason = "expired";
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
