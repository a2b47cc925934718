// SendGrid's own bounces ("This is an automatically generated message from SendGrid."): a DSN part with
// X-SendGrid-QueueID, "Action: expired" when it gave up, and a notice line naming host, reply and command:
// "user:000000:<user@example.jp> : 192.0.2.250 : mx.example.jp:[192.0.2.153] : 550 5.1.1 ... in RCPT TO".

import type { SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail } from "../types.js";
import { foldSpace } from "./common.js";
import { readDsnRecipients } from "./rfc3464.js";

const STAGES: readonly (readonly [string, SmtpStage])[] = [
  ["in rcpt to", "rcpt"],
  ["in mail from", "mail"],
  ["in data", "data"],
  ["in connect", "connect"],
  ["in ehlo", "ehlo"],
  ["in helo", "ehlo"],
];

interface NoticeLine {
  address: string;
  host: string | null;
  text: string;
  stage: SmtpStage | null;
}

function readNoticeLines(text: string): NoticeLine[] {
  const out: NoticeLine[] = [];
  for (const line of text.split("\n")) {
    const lt = line.indexOf(":<");
    const gt = line.indexOf("> : ", lt);
    if (lt === -1 || gt === -1 || lt > 300) continue;
    const address = cleanAddress(line.slice(lt + 2, gt));
    if (address === null) continue;
    const parts = line.slice(gt + 4).split(" : ");
    const last = foldSpace(parts[parts.length - 1] ?? "");
    const hostPart = parts.length >= 3 ? (parts[parts.length - 2] ?? "") : "";
    const host = /^([A-Za-z0-9._-]{1,255}):\[/.exec(hostPart.trim())?.[1] ?? null;
    let reply = last;
    let stage: SmtpStage | null = null;
    const lower = last.toLowerCase();
    for (const [needle, s] of STAGES) {
      if (lower.endsWith(needle)) {
        stage = s;
        reply = last.slice(0, last.length - needle.length).trim();
        break;
      }
    }
    if (out.length < 1000) out.push({ address, host, text: reply, stage });
  }
  return out;
}

export const SENDGRID: BounceDecoder = {
  id: "sendgrid",
  likely: (mail) => mail.deliveryStatus?.text.includes("X-SendGrid-QueueID") === true,
  decode(mail: BounceMail): DecodedMail | null {
    const ds = mail.deliveryStatus?.text;
    if (ds === undefined || !/^X-SendGrid-QueueID:/im.test(ds)) return null;
    const recipients = readDsnRecipients(ds);
    if (recipients.length === 0) return null;
    const notices = readNoticeLines(mail.text);
    for (const r of recipients) {
      const n = notices.find((x) => x.address.toLowerCase() === r.recipient.toLowerCase());
      if (n !== undefined) {
        r.remoteMta ??= n.host;
        r.command = n.stage;
        if (r.diagnosticCode === null || n.text.length > r.diagnosticCode.length) r.diagnosticCode = n.text || null;
      }
      // SendGrid writes "Action: expired" when it stopped retrying (not an RFC 3464 action value).
      if (r.action === "expired") {
        r.action = "failed";
        r.reason = "expired";
      }
    }
    return { recipients, original: mail.returned?.text ?? null };
  },
};
