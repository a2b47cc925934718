// fml (www.fml.org), the Japanese mailing-list manager: notices from "<list>-admin@" with an X-MLServer header
// telling a poster that the list refused the article (not a member, loop, spam). The verdict is fml's own, so the
// reason comes from its message texts (fml 4.0 libexec/messages), not from any SMTP reply.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findLine, foldSpace, newRecipient } from "./common.js";

/** fml's texts (body first, then Subject) and the verdict each states. */
const VERDICTS: readonly (readonly [string, NonNullable<DecodedRecipient["reason"]>])[] = [
  ["You are not a member of this mailing list", "rejected"],
  ["NOT MEMBER article from ", "rejected"],
  [" are not member", "rejected"],
  ["reject mail from ", "rejected"],
  ["reject spammers:", "rejected"],
  ["Spam mail from a spammer is rejected", "rejected"],
  [" header may cause mail loop", "rejected"],
  ["Duplicated Message-ID", "systemerror"],
  [" has detected a loop condition so that", "systemerror"],
  ["Loop Back Warning", "systemerror"],
  ["Loop Alert: ", "systemerror"],
  ["WARNING: UNIX FROM Loop", "systemerror"],
  ["fml system error message", "systemerror"],
  ["Security alert:", "securityerror"],
  ["Security Alert", "securityerror"],
];

export const FML: BounceDecoder = {
  id: "fml",
  likely(mail: BounceMail): boolean {
    return mail.header("x-mlserver").toLowerCase().startsWith("fml");
  },
  decode(mail: BounceMail): DecodedMail | null {
    if (!mail.header("x-mlserver").toLowerCase().startsWith("fml")) return null;
    if (!mail.from.includes("-admin@") && !mail.from.includes("-request@")) return null;
    const lines = mail.text.split("\n");
    const copyAt = findLine(lines, ["Original mail as follows:"]);
    const body = (copyAt === -1 ? lines.slice(0, 60) : lines.slice(0, copyAt)).filter((l) => l.trim() !== "");
    const text = foldSpace(body.join(" "));
    let reason: DecodedRecipient["reason"] = null;
    for (const [needle, verdict] of VERDICTS) {
      if (text.includes(needle) || mail.subject.includes(needle)) {
        reason = verdict;
        break;
      }
    }
    if (reason === null) return null;
    // The address the notice is about: the first "<...>" of the notice (the list), else the list's own address.
    let addr: string | null = null;
    for (const l of body) {
      const lt = l.indexOf("<");
      const gt = lt === -1 ? -1 : l.indexOf(">", lt);
      if (gt !== -1) {
        addr = cleanAddress(l.slice(lt, gt + 1));
        if (addr !== null) break;
      }
    }
    addr ??= cleanAddress(mail.from.replace("-admin@", "@"));
    if (addr === null) return null;
    const r = newRecipient(addr);
    r.action = "failed";
    r.diagnosticCode = text === "" ? mail.subject : text;
    r.reason = reason;
    const original =
      copyAt === -1
        ? null
        : lines
            .slice(copyAt + 1)
            .map((l) => l.replace(/^ {3}/, ""))
            .join("\n")
            .trimStart() || null;
    return { recipients: [r], original: mail.returned?.text ?? original };
  },
};
