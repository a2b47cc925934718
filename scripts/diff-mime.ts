// Differential check of the lean MIME reader against postal-mime on every mail of the shared corpus: the decoded
// Subject, the plain text of the top-level text parts, and the delivery-status / feedback-report content.
// Usage: npm run diff:mime [-- CORPUS_DIR] [--show N]
// Known, explained differences (2026-11-28: 1 subject, 21 texts, 1 status part of 879 mails):
// - broken header folding that we read on purpose: a parameter list continued on an unindented line after ";"
//   (Microsoft 365 NDRs), a Content-Type missing the ";" before its parameters; postal-mime loses the part;
// - a multipart whose declared boundary never occurs: postal-mime gives no text, we read the body as text (bounces
//   with a mangled boundary still carry their diagnosis);
// - windows-1252 bytes 0x80-0x9F: postal-mime on Node 20 leaves them unmapped (nodejs/node#56542), we map them;
// - a broken ISO-2022-JP encoded word, and a 3-byte file that is not a mail.
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import PostalMime from "postal-mime";
import { decodeHeaderValue, normalizeInput, readMime } from "../src/core/bounce/mime.js";
import { readMailItems } from "../src/input/sources.js";

const args = process.argv.slice(2);
const showAt = args.indexOf("--show");
const show = showAt === -1 ? 10 : Number(args[showAt + 1]);
const corpus = resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--show") ?? "../shared/corpus");
const root = join(corpus, "set-of-emails");
if (!existsSync(root)) {
  console.log(`diff:mime: SKIPPED, no corpus at ${root}`);
  process.exit(0);
}

// Whitespace runs count as one space: the readers differ only in which line break belongs to a MIME delimiter.
const norm = (s: string): string => s.replace(/\s+/g, " ").trim();
let mails = 0;
const differ = { subject: 0, text: 0, status: 0 };
const examples: string[] = [];
for await (const item of readMailItems([root])) {
  if (item.data === undefined || !/\/(maildir|mailbox|to-be-debugged)/.test(item.file)) continue;
  mails++;
  const where = `${relative(root, item.file)}#${item.message}`;
  const theirs = await PostalMime.parse(Buffer.from(normalizeInput(item.data), "latin1"), {
    attachmentEncoding: "utf8",
    forceRfc822Attachments: true,
  });
  const ours = readMime(normalizeInput(item.data));
  const subjectRaw = ours.headers.find((h) => h.name === "subject")?.value;
  const subject = subjectRaw === undefined ? "" : decodeHeaderValue(subjectRaw);
  if (norm(subject) !== norm(theirs.subject ?? "")) {
    differ.subject++;
    examples.push(`${where} subject: ours ${JSON.stringify(subject)} theirs ${JSON.stringify(theirs.subject)}`);
  }
  const ourText = ours.parts
    // postal-mime's text: the text/plain parts not marked as attachments.
    .filter(
      (p) =>
        p.type === "text/plain" &&
        !/^\s*attachment/i.test(p.headers.find((h) => h.name === "content-disposition")?.value ?? ""),
    )
    .map((p) => norm(p.text))
    .join("\n");
  if (norm(ourText) !== norm(theirs.text ?? "")) {
    differ.text++;
    examples.push(`${where} text differs (ours ${ourText.length} chars, theirs ${(theirs.text ?? "").length})`);
  }
  for (const a of theirs.attachments) {
    if (a.mimeType !== "message/delivery-status" && a.mimeType !== "message/feedback-report") continue;
    const part = ours.parts.find((p) => p.type === a.mimeType);
    if (part === undefined || norm(part.text) !== norm(String(a.content))) {
      differ.status++;
      examples.push(`${where} ${a.mimeType} differs`);
    }
  }
}
console.log(
  `diff:mime over ${mails} mails: subject differs ${differ.subject}, text differs ${differ.text}, status part differs ${differ.status}`,
);
for (const e of examples.slice(0, show)) console.log(`  ${e}`);
