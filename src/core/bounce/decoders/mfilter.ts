// Digital Arts m-FILTER gateway bounces (X-Mailer: m-FILTER, Subject "failure notice"): Japanese preamble,
// the failed addresses one per line, "-------server message" with the remote reply, "-------SMTP command" with
// the command it answered, then "-------original message" or "-------original mail info".

import type { SmtpStage } from "../../../knowledge/types.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, newRecipient } from "./common.js";
import { bareAddress } from "./ndr-lines.js";

const SERVER = "-------server message";
const COMMAND = "-------SMTP command";
const ORIGINALS = ["-------original message", "-------original mail info"];

function stageOf(command: string): SmtpStage | null {
  const c = command.trim().toUpperCase();
  if (c.startsWith("RCPT")) return "rcpt";
  if (c.startsWith("MAIL")) return "mail";
  if (c.startsWith("DATA")) return "data";
  if (c.startsWith("EHLO") || c.startsWith("HELO")) return "ehlo";
  if (c.startsWith("STARTTLS")) return "starttls";
  if (c.startsWith("AUTH")) return "auth";
  if (c.startsWith("CONNECT")) return "connect";
  if (c.startsWith("QUIT")) return "quit";
  return null;
}

export const MFILTER: BounceDecoder = {
  id: "mfilter",
  likely: (mail) => mail.header("x-mailer") === "m-FILTER",
  decode(mail: BounceMail): DecodedMail | null {
    const text = mail.text;
    if (!text.includes(SERVER)) return null;
    const lines = text.split("\n");
    const addresses: string[] = [];
    const server: string[] = [];
    let command: SmtpStage | null = null;
    let state: "head" | "server" | "command" = "head";
    let originalAt = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = (lines[i] ?? "").trim();
      if (ORIGINALS.some((o) => t.startsWith(o))) {
        originalAt = i + 1;
        break;
      }
      if (t.startsWith(SERVER)) {
        state = "server";
        continue;
      }
      if (t.startsWith(COMMAND)) {
        state = "command";
        continue;
      }
      if (t === "") continue;
      if (state === "head") {
        const a = bareAddress(t);
        if (a !== null) addresses.push(a);
      } else if (state === "server") server.push(t);
      else if (command === null) command = stageOf(t);
    }
    if (addresses.length === 0) return null;
    const diag = foldSpace(server.join(" "));
    const recipients: DecodedRecipient[] = addresses.map((a) => {
      const r = newRecipient(a);
      r.action = "failed";
      r.diagnosticCode = diag === "" ? null : diag;
      r.diagnosticType = diag === "" ? null : "SMTP";
      r.status = findStatus(diag);
      r.command = command;
      return r;
    });
    const original = originalAt === -1 ? (mail.returned?.text ?? null) : lines.slice(originalAt).join("\n");
    return { recipients, original };
  },
};
