// Home: paste an SMTP error or a whole bounce email, get the answer card(s). A reply goes to POST /api/explain; a
// whole email (headers, an empty line, a body) to POST /api/parse, one card per recipient.

import "../style.css";
import { ApiFailure, sendJson, sendText } from "../api.js";
import { diagnosisCard, summaryOf } from "../card.js";
import { domainOfAddress, looksLikeMail, senderHints } from "../detect.js";
import { byId, fill, h } from "../dom.js";
import type { Diagnosis, ParseResponse } from "../types.js";

const form = byId<HTMLFormElement>("explain-form");
const input = byId<HTMLTextAreaElement>("bounce-text");
const button = byId<HTMLButtonElement>("explain-button");
const status = byId("explain-status");
const answer = byId("answer");

const EXAMPLES: readonly string[] = [
  "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection 4fb4d7f45d1cf-5e1a2b3c4d5si1234.5 - gsmtp",
  "550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  "host mx.example.net[203.0.113.25] said: 550 5.1.1 <ana@example.net>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)",
];
let nextExample = 0;

interface Item {
  readonly diagnosis: Diagnosis;
  readonly recipient?: string;
  readonly from?: string | null;
  readonly text: string;
}

let run = 0;

async function explainText(text: string): Promise<Item[]> {
  if (looksLikeMail(text)) {
    const parsed = await sendText<ParseResponse>("/api/parse", text, "message/rfc822");
    const items = parsed.mails.flatMap((m) =>
      m.results.map((r) => ({
        diagnosis: r.diagnosis,
        recipient: r.recipient,
        from: r.original?.from ?? null,
        text: r.diagnosticCode ?? r.diagnosis.text,
      })),
    );
    if (items.length > 0) return items;
    // Not a bounce after all (or no recipient found): read it as a reply.
  }
  const d = await sendJson<Diagnosis | (Diagnosis & { recipient: string })[]>("POST", "/api/explain", { text });
  return Array.isArray(d) ? d.map((x) => ({ diagnosis: x, recipient: x.recipient, text })) : [{ diagnosis: d, text }];
}

async function explainNow(): Promise<void> {
  const text = input.value;
  if (text.trim() === "") {
    status.replaceChildren(h("span", { class: "error" }, "Paste an SMTP error or a bounce email first."));
    input.focus();
    return;
  }
  const mine = ++run;
  button.disabled = true;
  answer.setAttribute("aria-busy", "true");
  status.textContent = "Explaining…";
  try {
    const items = await explainText(text);
    if (mine !== run) return;
    const cards = items.map((it, i) => {
      const hints = senderHints(it.text, it.diagnosis.remoteIp);
      return diagnosisCard(it.diagnosis, {
        id: `answer-${i + 1}`,
        ...(items.length > 1 || it.recipient !== undefined ? { recipient: it.recipient as string } : {}),
        domain: domainOfAddress(it.from) ?? hints.domain,
        ip: hints.ip,
      });
    });
    fill(
      answer,
      items.length > 1 ? h("p", null, `This bounce has ${items.length} recipients: one card each.`) : null,
      cards,
    );
    status.textContent =
      items.length === 1
        ? `Explained: ${summaryOf(items[0]?.diagnosis as Diagnosis, items[0]?.recipient)}`
        : `Explained ${items.length} recipients. ${items.map((it) => summaryOf(it.diagnosis, it.recipient)).join(" ")}`;
  } catch (e) {
    if (mine !== run) return;
    answer.replaceChildren();
    status.replaceChildren(
      h("span", { class: "error" }, e instanceof ApiFailure ? e.message : "Something went wrong while explaining."),
    );
  } finally {
    if (mine === run) {
      button.disabled = false;
      answer.removeAttribute("aria-busy");
    }
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void explainNow();
});

input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void explainNow();
  }
});

byId("example-button").addEventListener("click", () => {
  input.value = EXAMPLES[nextExample % EXAMPLES.length] as string;
  nextExample++;
  void explainNow();
});
