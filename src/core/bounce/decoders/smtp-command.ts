// The SMTP stage named by a command as MTAs write it in bounces: at the start of "after RCPT TO:<a>", ">>> DATA",
// "in reply to end of DATA command", "(initial connection)". One reading for every decoder.

import type { SmtpStage } from "../../../knowledge/types.js";

/**
 * The stage of the command at the start of `words` ("RCPT TO", "MAIL FROM", "DATA", "end of data", ".", "initial
 * connection", "EHLO host", "pipelined RCPT" ...), in any letter case; null when the words name no command.
 */
export function stageOfCommandWords(words: string): SmtpStage | null {
  let w = words.trim().toLowerCase();
  if (w.startsWith("pipelined ")) w = w.slice(10);
  if (
    w === "." ||
    w === "text" ||
    w.startsWith("text ") ||
    w.startsWith("end of data") ||
    w.startsWith("end of message") ||
    w.startsWith("final data") ||
    w.startsWith("body")
  ) {
    return "end-of-data";
  }
  if (w.startsWith("rcpt")) return "rcpt";
  if (w.startsWith("mail")) return "mail";
  if (w.startsWith("data")) return "data";
  if (w.startsWith("initial connection") || w.startsWith("connect") || w.startsWith("greeting")) return "connect";
  if (w.startsWith("ehlo") || w.startsWith("helo") || w.startsWith("lhlo")) return "ehlo";
  if (w.startsWith("starttls")) return "starttls";
  if (w.startsWith("auth")) return "auth";
  if (w.startsWith("quit")) return "quit";
  if (w.startsWith("rset") || w.startsWith("bdat") || w.startsWith("sending data block")) return "other";
  return null;
}
