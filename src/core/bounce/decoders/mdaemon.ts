// MDaemon and SecurityGateway (Alt-N / MDaemon Technologies): "The attached message had PERMANENT fatal delivery
// errors", "Failed address: <addr>" lines and a "--- Session Transcript ---" of dated log lines ("--> RCPT To:<a>",
// "<-- 550 ..."), up to "--- End Transcript ---"; the original is attached as message/rfc822.

import type { SmtpStage } from "../../../knowledge/types.js";
import { cleanAddress } from "../address.js";
import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { foldSpace, newRecipient } from "./common.js";
import { chooseStatus } from "./exim-family-lines.js";
import { stageOfCommandWords } from "./smtp-command.js";

const MARKERS = [
  "mdaemon delivery status notification",
  "securitygateway for email servers non-delivery report",
  "had permanent fatal delivery errors",
];

/** " Wed 2013-09-11 12:22:04: " (MDaemon's log-line prefix), removed. */
function stripStamp(line: string): string {
  return line.replace(/^\s*(?:[A-Z][a-z]{2} )?\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,3})?:\s?/, "").trim();
}

interface Transcript {
  /** Addresses of "--> RCPT To:<a>" commands and of the "*  To: a" summary line. */
  rcpts: string[];
  to: string | null;
  reply: string | null;
  command: SmtpStage | null;
  remote: string | null;
  /** The last line of MDaemon's own account when no server replied (DNS failures and the like). */
  last: string | null;
}

function readTranscript(lines: readonly string[], from: number): Transcript {
  const t: Transcript = { rcpts: [], to: null, reply: null, command: null, remote: null, last: null };
  let lastCommand: string | null = null;
  for (let i = from; i < lines.length && i < from + 2000; i++) {
    const raw = lines[i] as string;
    if (raw.trim().toLowerCase().startsWith("--- end transcript")) break;
    const s = stripStamp(raw);
    if (s === "") continue;
    if (s.startsWith("-->")) {
      lastCommand = s.slice(3).trim();
      if (/^rcpt to:/i.test(lastCommand)) {
        const a = cleanAddress(lastCommand.slice(8).trim());
        if (a !== null && !t.rcpts.includes(a)) t.rcpts.push(a);
      }
      continue;
    }
    if (s.startsWith("<--")) {
      const reply = s.slice(3).trim();
      if (/^[45]\d\d\b/.test(reply) && t.reply === null) {
        t.reply = reply;
        // A reply before any command answers the connection, when the transcript shows the connection attempt.
        t.command = lastCommand !== null ? stageOfCommandWords(lastCommand) : t.remote !== null ? "connect" : null;
      }
      continue;
    }
    const to = /^\*\s+To:\s*(\S{3,320})$/i.exec(s);
    if (to !== null) {
      t.to = cleanAddress(to[1] as string);
      continue;
    }
    const conn = /^Attempting SMTP connection to \[([^\]:]{1,255})/i.exec(s);
    if (conn !== null) t.remote = conn[1] ?? null;
    t.last = s.replace(/^\*\s*/, "");
  }
  return t;
}

function decodeMdaemon(mail: BounceMail): DecodedMail | null {
  const text = mail.text;
  const lower = text.toLowerCase();
  // Gateways that send the report bare keep its two MDaemon-specific lines.
  const bare = lower.includes("\nfailed address: ") && lower.includes("--- session transcript ---");
  if (!bare && !MARKERS.some((m) => lower.includes(m))) return null;
  const lines = text.split("\n");

  const failed: string[] = [];
  let transcriptAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const s = (lines[i] as string).trim();
    const f = /^Failed address:\s*(\S{3,320})$/i.exec(s);
    if (f !== null) {
      const a = cleanAddress(f[1] as string);
      if (a !== null && !failed.includes(a)) failed.push(a);
    }
    if (transcriptAt === -1 && s.toLowerCase().startsWith("--- session transcript")) transcriptAt = i + 1;
  }
  const tr = transcriptAt === -1 ? null : readTranscript(lines, transcriptAt);
  let addresses = failed;
  if (addresses.length === 0 && tr !== null)
    addresses = tr.rcpts.length > 0 ? tr.rcpts.slice(-1) : tr.to ? [tr.to] : [];
  if (addresses.length === 0) return null;

  const permanent = lower.includes("permanent fatal delivery errors");
  const recipients: DecodedRecipient[] = [];
  for (const a of addresses) {
    const r = newRecipient(a);
    r.action = permanent || !lower.includes("not yet been delivered") ? "failed" : "delayed";
    if (tr !== null) {
      const diag = tr.reply ?? tr.last;
      r.diagnosticCode = diag === null ? null : foldSpace(diag);
      r.diagnosticType = tr.reply !== null ? "SMTP" : null;
      r.command = tr.reply !== null ? tr.command : null;
      r.remoteMta = tr.remote;
      // MDaemon's own resolver verdict: "Name server reports domain name unknown" (no server was reached).
      if (tr.reply === null && /domain name unknown|host not found/i.test(diag ?? "")) r.reason = "hostunknown";
    }
    r.status = chooseStatus(r.diagnosticCode, null, null);
    recipients.push(r);
  }
  return { recipients, original: mail.returned?.text ?? null };
}

export const MDAEMON: BounceDecoder = {
  id: "mdaemon",
  likely(mail: BounceMail): boolean {
    const from = mail.from.toLowerCase();
    if (from.includes("mdaemon") || from.includes("securitygateway")) return true;
    return mail.header("x-mddsn-message") !== "";
  },
  decode: decodeMdaemon,
};
