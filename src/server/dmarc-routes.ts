// POST /api/dmarc: DMARC aggregate, failure and SMTP TLS reports uploaded (raw body with ?name=, or multipart with
// several files), stored and analysed; the answer is the document of `bouncewise dmarc --json`.
// GET /api/dmarc/report: the same analysis over the store for a period (`bouncewise dmarc report --json`).
// Uploads are written to a private temporary folder as they arrive (never held whole), read there by the same
// input layer as the CLI (archives, mails and bombs included), and removed after.

import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseTimeArgument } from "../cli/times.js";
import { DmarcAggregator } from "../core/dmarc/analyze.js";
import { aggregateStored, buildDmarcDocument } from "../input/dmarc-document.js";
import { ingestDmarcPaths } from "../input/dmarc-ingest.js";
import type { ReportFilter } from "../store/types.js";
import type { ServerContext, ServerPlugin } from "./context.js";
import { ApiError } from "./errors.js";
import { cleanName } from "./parse-route.js";
import { rawBodyDocs, TIME_FILTER_PROPERTIES, withErrors } from "./schemas.js";

/** The document's required fields, as the issue lists them; the rest passes through. */
const DMARC_DOCUMENT_SCHEMA = {
  type: "object",
  description: "The document of `bouncewise dmarc --json`: sources, alignment, readiness, recommendation, problems.",
  additionalProperties: true,
  required: ["reports", "messages", "alignedShare", "sources", "recommendation", "problems"],
  properties: {
    reports: { type: "integer" },
    messages: { type: "integer" },
    alignedShare: { type: "number" },
    sources: { type: "array", items: { type: "object", additionalProperties: true } },
    recommendation: { type: "object", additionalProperties: true },
    problems: { type: "array", items: { type: "object", additionalProperties: true } },
  },
} as const;

const OUTPUT_QUERY = {
  domain: { type: "string", maxLength: 253, description: "The policy domain to recommend for." },
  dns: { type: "boolean", description: "false: no reverse DNS and no published-record lookup." },
} as const;

interface OutputQuery {
  domain?: string;
  dns?: boolean;
}

/** A file name safe to create in the temporary folder; the name the user gave is kept for messages. */
function safeFileName(name: string, n: number): string {
  return `${String(n).padStart(4, "0")}-${name.replace(/[^A-Za-z0-9._!-]/g, "_").slice(0, 120)}`;
}

/** Copies a stream to a file, counting bytes against the request's budget. */
async function save(input: Readable, file: string, budget: { used: number; limit: number }): Promise<void> {
  await pipeline(
    input,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        budget.used += chunk.length;
        if (budget.used > budget.limit) {
          throw new ApiError(413, "too_large", `the upload is larger than the limit of ${budget.limit} bytes`);
        }
        yield chunk;
      }
    },
    createWriteStream(file, { mode: 0o600 }),
  );
}

async function receive(request: FastifyRequest, context: ServerContext, dir: string, name: string | undefined) {
  const budget = { used: 0, limit: context.limits.uploadLimit };
  const names = new Map<string, string>();
  if (!request.isMultipart()) {
    const shown = cleanName(name, "upload");
    const file = join(dir, safeFileName(shown, 1));
    await save(request.raw, file, budget);
    if (budget.used === 0) throw new ApiError(400, "empty_body", "the upload is empty");
    names.set(file, shown);
    return names;
  }
  let n = 0;
  for await (const part of request.parts({
    limits: { fileSize: budget.limit, files: context.limits.files, fields: 20, fieldSize: 64 * 1024 },
  })) {
    if (part.type !== "file") continue;
    n++;
    const shown = cleanName(part.filename, `upload-${n}`);
    const file = join(dir, safeFileName(shown, n));
    await save(part.file, file, budget);
    if (part.file.truncated) {
      throw new ApiError(413, "too_large", `the upload is larger than the limit of ${budget.limit} bytes`);
    }
    names.set(file, shown);
  }
  if (names.size === 0) throw new ApiError(400, "empty_body", "no file in the request");
  return names;
}

/** "/tmp/bw-x/0001-a.zip > b.xml" -> "a.zip > b.xml": problems name what the user uploaded. */
function shownName(file: string, names: ReadonlyMap<string, string>): string {
  for (const [path, shown] of names) {
    if (file === path || file.startsWith(`${path} `) || file.startsWith(`${path}#`)) {
      return shown + file.slice(path.length);
    }
  }
  return file;
}

async function upload(
  request: FastifyRequest<{ Querystring: OutputQuery & { name?: string } }>,
  reply: FastifyReply,
  context: ServerContext,
) {
  const dir = await mkdtemp(join(tmpdir(), "bouncewise-dmarc-"));
  try {
    let names: Map<string, string>;
    try {
      names = await receive(request, context, dir, request.query.name);
    } catch (e) {
      if (e instanceof ApiError && e.statusCode === 413) reply.header("connection", "close");
      throw e;
    }
    const aggregator = new DmarcAggregator();
    const read = await ingestDmarcPaths([...names.keys()], { aggregator, store: context.store.reports });
    return await buildDmarcDocument(
      aggregator.snapshot(),
      {
        duplicates: read.duplicates,
        tls: read.tlsReports,
        failures: read.failureReports,
        problems: read.problems.map((p) => (p.file === undefined ? p : { ...p, file: shownName(p.file, names) })),
      },
      {
        ...(request.query.dns === false ? { dns: false } : {}),
        ...(context.options.resolver === undefined ? {} : { resolver: context.options.resolver }),
        ...(request.query.domain === undefined ? {} : { domain: request.query.domain }),
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const dmarcPlugin: ServerPlugin = (app: FastifyInstance, context: ServerContext) => {
  app.register(async (scope) => {
    // Bodies are read by the handler, as streams; multipart keeps its own parser.
    scope.removeContentTypeParser(["application/json", "text/plain"]);
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.post<{ Querystring: OutputQuery & { name?: string } }>(
      "/api/dmarc",
      {
        schema: {
          summary: "Read DMARC aggregate, failure and TLS reports: who sends as your domain, what to fix",
          description:
            "Raw XML, .xml.gz, .zip, TLS-RPT JSON, or emails / mboxes carrying them; several files as multipart/form-data. The reports are stored (idempotent by organisation and report id).",
          tags: ["dmarc"],
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: {
              name: { type: "string", maxLength: 200, description: "The file name to report (raw body)." },
              ...OUTPUT_QUERY,
            },
          },
          response: withErrors({ 200: DMARC_DOCUMENT_SCHEMA }, [400, 401, 403, 413, 500]),
        },
        config: {
          bodyDocs: rawBodyDocs(
            ["application/octet-stream", "application/xml", "application/gzip", "application/zip"],
            "One report file (XML, gzip, zip, TLS-RPT JSON, an email or an mbox).",
            "Several report files.",
          ),
        },
      },
      (request, reply) => upload(request, reply, context),
    );
  });

  app.get<{ Querystring: OutputQuery & { since?: string; until?: string; policyDomain?: string } }>(
    "/api/dmarc/report",
    {
      schema: {
        summary: "The DMARC analysis over the stored reports",
        tags: ["dmarc"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...TIME_FILTER_PROPERTIES,
            ...OUTPUT_QUERY,
            policyDomain: { type: "string", maxLength: 253, description: "Only reports for this policy domain." },
          },
        },
        response: withErrors({ 200: DMARC_DOCUMENT_SCHEMA }),
      },
    },
    async (request) => {
      const q = request.query;
      let filter: ReportFilter;
      try {
        const now = context.now();
        filter = {
          ...(q.since === undefined ? {} : { since: parseTimeArgument(q.since, now) }),
          ...(q.until === undefined ? {} : { until: parseTimeArgument(q.until, now) }),
          ...(q.policyDomain === undefined ? {} : { domain: q.policyDomain }),
        };
      } catch (e) {
        throw new ApiError(400, "invalid_request", (e as Error).message);
      }
      const stored = await aggregateStored(context.store.reports, filter);
      return buildDmarcDocument(
        stored.aggregate,
        { duplicates: 0, tls: stored.tls, failures: stored.failures, problems: [] },
        {
          ...(q.dns === false ? { dns: false } : {}),
          ...(context.options.resolver === undefined ? {} : { resolver: context.options.resolver }),
          ...(q.domain === undefined ? {} : { domain: q.domain }),
        },
      );
    },
  );
};
