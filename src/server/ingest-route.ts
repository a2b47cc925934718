// POST /api/ingest: logs, ESP exports and bounce emails into the store, read while they arrive (never held whole):
// the raw body as one file (?name=, ?format=), or several files as multipart/form-data, each streamed through the
// same readers as `bouncewise ingest` (src/input/ingest.ts). The answer is the ingest report, one entry per file.
// A request over the upload limit is answered 413; the events read before the limit stay stored (as a killed
// `bouncewise ingest` keeps whole batches), and storing them again adds nothing.

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseUtcOffset } from "../cli/times.js";
import {
  type FileReport,
  INGEST_FORMATS,
  type IngestFormat,
  type IngestOptions,
  ingestReportOf,
  ingestStream,
} from "../input/ingest.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { cleanName } from "./parse-route.js";
import { INGEST_RESPONSE_SCHEMA, rawBodyDocs, withErrors } from "./schemas.js";

interface IngestQuery {
  name?: string;
  format?: IngestFormat;
  year?: number;
  utcOffset?: string;
}

/** Bytes left unread after a reader stopped early that are drained (so the connection can be reused). */
const DRAIN_BYTES = 1 << 20;

function optionsOf(q: IngestQuery): IngestOptions {
  let utcOffsetMinutes: number | undefined;
  if (q.utcOffset !== undefined) {
    try {
      utcOffsetMinutes = parseUtcOffset(q.utcOffset);
    } catch (e) {
      throw new ApiError(400, "invalid_request", (e as Error).message);
    }
  }
  return {
    ...(q.format === undefined ? {} : { format: q.format }),
    ...(q.year === undefined ? {} : { referenceTime: Date.UTC(q.year, 11, 31, 23, 59, 59) }),
    ...(utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes }),
  };
}

/** Counts the bytes of a stream; past `limit` it stops with `tooLarge` set (the reader sees an error). */
class Budget {
  used = 0;
  tooLarge = false;
  constructor(readonly limit: number) {}
  async *take(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      this.used += chunk.length;
      if (this.used > this.limit) {
        this.tooLarge = true;
        throw Object.assign(new Error(`the upload is larger than ${this.limit} bytes`), { code: "ETOOBIG" });
      }
      yield chunk;
    }
  }
}

function tooLarge(reply: FastifyReply, limit: number): ApiError {
  // The rest of the body is not read: the connection ends with the answer.
  reply.header("connection", "close");
  return new ApiError(
    413,
    "too_large",
    `the upload is larger than the limit of ${limit} bytes; the events read before the limit were stored`,
  );
}

/** Reads what a reader left (up to `max` bytes); true when the stream ended. */
async function drain(input: NodeJS.ReadableStream & { readableEnded: boolean }, max: number): Promise<boolean> {
  if (input.readableEnded) return true;
  let n = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > max) return false;
  }
  return true;
}

async function ingestRaw(request: FastifyRequest, reply: FastifyReply, context: ServerContext, q: IngestQuery) {
  const limit = context.limits.uploadLimit;
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(reply, limit);
  const budget = new Budget(limit);
  const raw = request.raw;
  const report = await ingestStream(
    cleanName(q.name, "upload"),
    budget.take(raw.iterator({ destroyOnReturn: false })),
    context.store,
    optionsOf(q),
  );
  if (budget.tooLarge) throw tooLarge(reply, limit);
  if (report.error?.code === "EEMPTY") throw new ApiError(400, "empty_body", "the upload is empty");
  if (!(await drain(raw, DRAIN_BYTES))) reply.header("connection", "close");
  return ingestReportOf([report]);
}

async function ingestMultipart(request: FastifyRequest, reply: FastifyReply, context: ServerContext, q: IngestQuery) {
  const limit = context.limits.uploadLimit;
  const options = optionsOf(q);
  const budget = new Budget(limit);
  const files: FileReport[] = [];
  let n = 0;
  for await (const part of request.parts({
    limits: { fileSize: limit, files: context.limits.files, fields: 20, fieldSize: 64 * 1024 },
  })) {
    if (part.type !== "file") continue;
    n++;
    const name = cleanName(part.filename, `upload-${n}`);
    const file = part.file;
    const report = await ingestStream(
      name,
      budget.take(file.iterator({ destroyOnReturn: false })),
      context.store,
      options,
    );
    if (budget.tooLarge || file.truncated) throw tooLarge(reply, limit);
    // A file whose format was not recognised is read to its end, so that the next part can be reached.
    for await (const chunk of file as AsyncIterable<Buffer>) {
      budget.used += chunk.length;
      if (budget.used > limit) throw tooLarge(reply, limit);
    }
    files.push(report);
  }
  if (files.length === 0) throw new ApiError(400, "empty_body", "no file in the request");
  return ingestReportOf(files);
}

export function registerIngestRoute(app: FastifyInstance, context: ServerContext): void {
  app.register(async (scope) => {
    // Any body is read by the handler, as a stream; multipart keeps its own parser.
    scope.removeContentTypeParser(["application/json", "text/plain"]);
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.post<{ Querystring: IngestQuery }>(
      "/api/ingest",
      {
        schema: {
          summary: "Ingest logs, ESP exports and bounce emails into the store",
          description:
            "The raw body is one file (Postfix or Exim log, ESP JSON/NDJSON export, email or mbox; gzip is decompressed); multipart/form-data carries several. Each is read as it arrives.",
          tags: ["store"],
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: {
              name: { type: "string", maxLength: 200, description: "The file name to report (raw body)." },
              format: { type: "string", enum: [...INGEST_FORMATS], description: "Read as this format." },
              year: { type: "integer", minimum: 1970, maximum: 9999, description: "Year of syslog lines." },
              utcOffset: { type: "string", maxLength: 8, description: "The log's UTC offset (+01:00)." },
            },
          },
          response: withErrors({ 200: INGEST_RESPONSE_SCHEMA }, [400, 401, 403, 413, 500]),
        },
        config: {
          bodyDocs: rawBodyDocs(
            ["application/octet-stream", "text/plain", "application/json", "application/x-ndjson", "application/mbox"],
            "One file: a log, an ESP export, an email or an mbox (gzip allowed).",
            "Several files, each read as it arrives.",
          ),
        },
      },
      async (request, reply) =>
        request.isMultipart()
          ? ingestMultipart(request, reply, context, request.query)
          : ingestRaw(request, reply, context, request.query),
    );
  });
}
