// POST /api/parse: bounce emails -> one result per recipient, the records of `bouncewise parse --json`, grouped by
// mail. The body is one mail (message/rfc822, text/plain, application/octet-stream) or an mbox (application/mbox,
// or any of those starting with a "From " line), or several files as multipart/form-data. Held in memory up to the
// body limit: parsing needs each mail whole anyway (16 MiB each at most); big archives go to /api/ingest.

import type { FastifyInstance, FastifyRequest } from "fastify";
import { toRecord } from "../cli/parse-render.js";
import { parseBounce } from "../core/bounce/parse-bounce.js";
import { looksLikeMbox, MAX_MESSAGE_BYTES, MboxSplitter } from "../input/mbox.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { PARSE_RESPONSE_SCHEMA, rawBodyDocs, withErrors } from "./schemas.js";

const RAW_TYPES = ["text/plain", "message/rfc822", "application/octet-stream", "application/mbox"] as const;

export interface ParsedMail {
  readonly name: string;
  readonly message: number;
  readonly kind: string;
  readonly issues: readonly string[];
  readonly results: readonly Record<string, unknown>[];
}

function parseOne(name: string, message: number, data: Buffer, truncated: boolean): ParsedMail {
  const parsed = parseBounce(data);
  return {
    name,
    message,
    kind: parsed.kind,
    issues: truncated ? [`message cut at ${MAX_MESSAGE_BYTES} bytes`, ...parsed.issues] : parsed.issues,
    results: parsed.results.map((r) => toRecord(name, message, r)),
  };
}

/** One mail, or each mail of an mbox. */
export function parseMails(name: string, data: Buffer, out: ParsedMail[]): void {
  if (looksLikeMbox(data.subarray(0, 512))) {
    const splitter = new MboxSplitter(MAX_MESSAGE_BYTES);
    for (const m of [...splitter.push(data), ...splitter.end()]) out.push(parseOne(name, m.index, m.data, m.truncated));
  } else if (data.length > 0) out.push(parseOne(name, 0, data, false));
}

/** A file name from a client, made safe to echo: no control characters, at most 200 characters. */
export function cleanName(value: string | undefined, fallback: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const v = (value ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return v === "" ? fallback : v.slice(0, 200);
}

async function multipartMails(request: FastifyRequest, context: ServerContext, out: ParsedMail[]): Promise<void> {
  const limit = context.limits.bodyLimit;
  let total = 0;
  let n = 0;
  for await (const part of request.parts({
    limits: { fileSize: limit, files: context.limits.files, fields: 20, fieldSize: 64 * 1024 },
  })) {
    if (part.type !== "file") continue;
    n++;
    const data = await part.toBuffer();
    total += data.length;
    if (total > limit) throw new ApiError(413, "too_large", `the files together are larger than ${limit} bytes`);
    parseMails(cleanName(part.filename, `file-${n}`), data, out);
  }
}

export function registerParseRoute(app: FastifyInstance, context: ServerContext): void {
  app.register(async (scope) => {
    // Mails are bytes: a charset is the mail's business, not the HTTP body's.
    scope.removeContentTypeParser(["application/json", "text/plain"]);
    scope.addContentTypeParser([...RAW_TYPES], { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    scope.post(
      "/api/parse",
      {
        schema: {
          summary: "Parse bounce emails",
          description:
            "One mail or an mbox as the body, or several files as multipart/form-data; one result per recipient.",
          tags: ["parse"],
          response: withErrors({ 200: PARSE_RESPONSE_SCHEMA }, [400, 401, 403, 413, 415, 500]),
        },
        config: {
          bodyDocs: rawBodyDocs(RAW_TYPES, "One email, or several in mbox format.", "Bounce emails or mbox files."),
        },
      },
      async (request) => {
        const mails: ParsedMail[] = [];
        if (request.isMultipart()) await multipartMails(request, context, mails);
        else if (Buffer.isBuffer(request.body)) parseMails("body", request.body, mails);
        else {
          throw new ApiError(
            415,
            "unsupported_media_type",
            `send a mail as ${RAW_TYPES.join(", ")}, or files as multipart/form-data`,
          );
        }
        if (mails.length === 0) throw new ApiError(400, "empty_body", "no mail in the request");
        return { results: mails.reduce((n, m) => n + m.results.length, 0), mails };
      },
    );
  });
}
