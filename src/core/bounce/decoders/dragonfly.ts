// DragonFly Mail Agent (dma), DragonFly BSD's and FreeBSD's small MTA. One recipient per bounce (mail.c bounce()):
// "This is the DragonFly Mail Agent v0.13 at HOST." / "There was an error delivering your mail to <rcpt>." / errmsg
// from net.c ("HOST [IP] did not like our RCPT TO:\n<reply>", "DNS lookup failure: host X not found") or dma.c.

import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { findLine, findStatus, foldSpace, newRecipient } from "./common.js";
import { stageOfCommandWords } from "./smtp-command.js";
import { originalOf, startsWithReplyCode } from "./transcript-lines.js";

const INTRO = "This is the DragonFly Mail Agent";
const RCPT_LEAD = "There was an error delivering your mail to ";
/** mail.c: the copy follows one of these lines, depending on the bounce's size limits. */
const END_MARKERS = ["Original message follows.", "Message headers follow."];

export const DRAGONFLY: BounceDecoder = {
  id: "dragonfly",
  likely(mail: BounceMail): boolean {
    if (mail.subject !== "Mail delivery failed") return false;
    for (const h of mail.headers) if (h.name === "received" && h.value.includes("DragonFly Mail Agent")) return true;
    return mail.text.includes(INTRO);
  },
  decode(mail: BounceMail): DecodedMail | null {
    const lines = mail.text.split("\n");
    const start = findLine(lines, [INTRO]);
    if (start === -1) return null;
    const intro = (lines[start] ?? "").trim();
    const atHost = intro.lastIndexOf(" at ");
    const reportingMta = atHost === -1 ? null : intro.slice(atHost + 4).replace(/\.$/, "") || null;

    const rcptLine = findLine(lines, [RCPT_LEAD], start + 1);
    if (rcptLine === -1) return null;
    const addr = cleanAddress((lines[rcptLine] ?? "").trim().slice(RCPT_LEAD.length));
    if (addr === null) return null;
    const end = findLine(lines, END_MARKERS, rcptLine + 1);

    // The error message: every non-empty line up to the copy (dma writes reply lines CRLF-terminated inside an
    // LF text, which leaves empty lines between the lines of a multi-line reply).
    const body: string[] = [];
    for (let i = rcptLine + 1; i < (end === -1 ? lines.length : end) && body.length < 200; i++) {
      const t = (lines[i] ?? "").trim();
      if (t !== "") body.push(t);
    }
    const r = newRecipient(addr);
    r.action = "failed";
    r.reportingMta = reportingMta;
    r.diagnosticType = "SMTP";
    const first = body[0] ?? "";
    // net.c expect_response(): "%s [%s] did not like our %s:\n%s" (older dma: "remote host did not like our ...").
    const liked = first.indexOf(" did not like our ");
    if (liked !== -1 && first.endsWith(":")) {
      const host = first.slice(0, liked).trim();
      const name = host.split(/\s/, 1)[0] ?? "";
      r.remoteMta = name === "" || name === "remote" ? null : name;
      r.command = stageOfCommandWords(first.slice(liked + 18, -1));
      const reply = body.slice(1).join(" ");
      r.diagnosticCode = foldSpace(`${first} ${reply}`);
      if (startsWithReplyCode(reply)) r.status = findStatus(reply.slice(0, 16));
    } else {
      r.diagnosticCode = body.length === 0 ? null : foldSpace(body.join(" "));
      // dma.c: the queue lifetime ran out ("Could not deliver for the last %d seconds. Giving up.").
      if (first.startsWith("Could not deliver for the last ")) r.reason = "expired";
      // net.c deliver_remote(): dma's own MX/A lookup found nothing.
      else if (first.startsWith("DNS lookup failure: host ")) r.reason = "hostunknown";
    }
    const original = originalOf(mail, lines, end);
    return { recipients: [r], original };
  },
};
