// JSON schemas shared by the routes: the request parts they validate and the answers they document. The OpenAPI
// document (/api/openapi.json) is generated from these by @fastify/swagger. Answers are serialised with
// JSON.stringify (app.ts), so an answer schema documents and never filters: the Diagnosis is the one `explain
// --json` prints, whatever fields it gains later.

import { PROVIDERS } from "../knowledge/index.js";
import { SMTP_STAGES, type SmtpStage } from "../knowledge/types.js";

export const STAGES: readonly SmtpStage[] = SMTP_STAGES;

export const PROVIDER_IDS: readonly string[] = PROVIDERS.map((p) => p.info.id);

const nullable = (type: string) => ({ type: [type, "null"] });
const strings = { type: "array", items: { type: "string" } } as const;

export const ERROR_SCHEMA = {
  type: "object",
  description: "Every error: a stable code and a message for people.",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          enum: [
            "bad_request",
            "invalid_json",
            "invalid_request",
            "empty_body",
            "unauthorized",
            "forbidden",
            "not_found",
            "method_not_allowed",
            "too_large",
            "unsupported_media_type",
            "timeout",
            "bad_gateway",
            "internal",
          ],
        },
        message: { type: "string" },
      },
    },
  },
} as const;

/** The error answers every route may give, added to each route's `response`. */
export function withErrors(response: Record<string, unknown>, statuses: readonly number[] = [400, 401, 403, 500]) {
  const out: Record<string, unknown> = { ...response };
  for (const s of statuses) out[String(s)] = ERROR_SCHEMA;
  return out;
}

export const DIAGNOSIS_SCHEMA = {
  type: "object",
  description: "The diagnosis of one SMTP reply, as `bouncewise explain --json` prints it.",
  additionalProperties: true,
  required: ["outcome", "reason", "category", "priority", "hardBounce", "retry", "meaning", "actions", "evidence"],
  properties: {
    replyCode: nullable("integer"),
    enhancedCode: nullable("string"),
    family: nullable("string"),
    outcome: { type: "string", enum: ["success", "temporary", "permanent", "unknown"] },
    reason: { type: "string" },
    category: { type: "string" },
    priority: { type: "string", enum: ["info", "monitor", "fix-soon", "critical"] },
    hardBounce: { type: "boolean" },
    retry: { type: "string", enum: ["auto-retry", "fix-first", "suppress", "none"] },
    provider: nullable("string"),
    providerName: nullable("string"),
    meaning: { type: "string" },
    providerMeaning: nullable("string"),
    causes: strings,
    actions: strings,
    checks: strings,
    references: strings,
    evidence: {
      type: "object",
      properties: { rule: { type: "string" }, table: { type: "string" }, matched: nullable("string") },
    },
    codeMeanings: {
      type: "object",
      properties: { replyCode: nullable("string"), enhancedCode: nullable("string") },
    },
    stage: nullable("string"),
    remoteHost: nullable("string"),
    remoteIp: nullable("string"),
    addresses: strings,
    tags: strings,
    text: { type: "string" },
    conflicts: { type: "array", items: { type: "object" } },
  },
} as const;

export const EXPLAIN_BODY_SCHEMA = {
  type: "object",
  required: ["text"],
  additionalProperties: false,
  properties: {
    text: { type: "string", description: "An SMTP reply, a log line with one, or a whole bounce email." },
    provider: { type: "string", enum: PROVIDER_IDS, description: "Provider to assume when the text names none." },
    stage: { type: "string", enum: STAGES, description: "SMTP stage to assume when the text states none." },
  },
} as const;

export const EXPLAIN_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    provider: { type: "string", enum: PROVIDER_IDS },
    stage: { type: "string", enum: STAGES },
  },
} as const;

export const EXPLAIN_RESPONSE_SCHEMA = {
  description:
    "The Diagnosis; for a whole bounce email, one Diagnosis per recipient with its `recipient` (as `explain --json`).",
  oneOf: [
    DIAGNOSIS_SCHEMA,
    {
      type: "array",
      items: {
        ...DIAGNOSIS_SCHEMA,
        required: [...DIAGNOSIS_SCHEMA.required, "recipient"],
        properties: { recipient: { type: "string" }, ...DIAGNOSIS_SCHEMA.properties },
      },
    },
  ],
} as const;

export const PARSE_RESPONSE_SCHEMA = {
  type: "object",
  required: ["mails", "results"],
  properties: {
    results: { type: "integer", description: "Recipient results in all mails." },
    mails: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "message", "kind", "issues", "results"],
        properties: {
          name: { type: "string", description: "The uploaded file's name, or `body`." },
          message: { type: "integer", description: "0-based place of the mail in its mbox (0 for a single mail)." },
          kind: {
            type: "string",
            enum: ["bounce", "delayed", "feedback", "auto-reply", "delivered", "challenge-response", "not-bounce"],
          },
          issues: strings,
          results: {
            type: "array",
            description: "One record per recipient, as the NDJSON lines of `bouncewise parse --json`.",
            items: {
              type: "object",
              additionalProperties: true,
              required: ["recipient", "reason", "hardBounce", "decoder", "diagnosis"],
              properties: {
                file: { type: "string" },
                message: { type: "integer" },
                recipient: { type: "string" },
                reason: { type: "string" },
                status: nullable("string"),
                replyCode: nullable("integer"),
                action: nullable("string"),
                hardBounce: { type: "boolean" },
                diagnosticCode: nullable("string"),
                decoder: { type: "string" },
                diagnosis: DIAGNOSIS_SCHEMA,
              },
            },
          },
        },
      },
    },
  },
} as const;

const PROBLEM_SCHEMA = {
  type: "object",
  properties: {
    file: { type: "string" },
    line: nullable("integer"),
    message: nullable("integer"),
    problem: { type: "string" },
  },
} as const;

export const FILE_REPORT_SCHEMA = {
  type: "object",
  required: ["file", "format", "records", "events", "inserted", "duplicates", "problems", "error"],
  properties: {
    file: { type: "string" },
    format: { type: ["string", "null"], enum: ["postfix", "exim", "json", "mail", null] },
    records: { type: "integer" },
    events: { type: "integer" },
    inserted: { type: "integer" },
    duplicates: { type: "integer" },
    problems: { type: "integer" },
    problemSamples: { type: "array", items: PROBLEM_SCHEMA },
    error: {
      type: ["object", "null"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
  },
} as const;

export const INGEST_RESPONSE_SCHEMA = {
  type: "object",
  description: "The ingest report of `bouncewise ingest --json`: one entry per uploaded file.",
  required: ["files", "events", "inserted", "duplicates", "problems", "failedFiles"],
  properties: {
    files: { type: "array", items: FILE_REPORT_SCHEMA },
    events: { type: "integer" },
    inserted: { type: "integer" },
    duplicates: { type: "integer" },
    problems: { type: "integer" },
    failedFiles: { type: "integer" },
  },
} as const;

export const WEBHOOK_RESPONSE_SCHEMA = {
  type: "object",
  required: ["events", "inserted", "duplicates", "problems"],
  properties: {
    events: { type: "integer" },
    inserted: { type: "integer" },
    duplicates: { type: "integer" },
    problems: { type: "integer" },
    problemSamples: { type: "array", items: PROBLEM_SCHEMA },
  },
} as const;

export const TIME_FILTER_PROPERTIES = {
  since: {
    type: "string",
    maxLength: 64,
    description: "From this time: an ISO date or time, `now`, or a span back from now (24h, 7d).",
  },
  until: { type: "string", maxLength: 64, description: "Up to this time (exclusive), same forms as `since`." },
} as const;

const COUNTS = {
  total: { type: "integer" },
  delivered: { type: "integer" },
  deferred: { type: "integer" },
  bounced: { type: "integer" },
  complained: { type: "integer" },
  dropped: { type: "integer" },
} as const;

const BREAKDOWN = {
  type: "array",
  items: {
    type: "object",
    properties: { key: nullable("string"), ...COUNTS, failureRate: { type: "number" } },
  },
} as const;

export const REPORT_SCHEMA = {
  type: "object",
  description: "The report of `bouncewise report --json`: totals, breakdowns, findings, action plan, fix effects.",
  additionalProperties: true,
  required: ["filter", "totals", "findings", "actionPlan"],
  properties: {
    filter: { type: "object", properties: { since: { type: "number" }, until: { type: "number" } } },
    firstSeen: nullable("number"),
    lastSeen: nullable("number"),
    totals: {
      type: "object",
      properties: { ...COUNTS, bounceRate: { type: "number" }, complaintRate: { type: "number" } },
    },
    byOutcome: { type: "array", items: { type: "object" } },
    byFamily: BREAKDOWN,
    byCategory: BREAKDOWN,
    byReason: BREAKDOWN,
    byPriority: BREAKDOWN,
    byProvider: BREAKDOWN,
    byDomain: BREAKDOWN,
    domainCount: { type: "integer" },
    bySenderDomain: BREAKDOWN,
    bySendingIp: BREAKDOWN,
    timeline: { type: "object", properties: { bucketMs: { type: "number" }, rows: BREAKDOWN } },
    findings: { type: "array", items: { type: "object", additionalProperties: true } },
    actionPlan: { type: "array", items: { type: "object", additionalProperties: true } },
    fixes: { type: "array", items: { type: "object", additionalProperties: true } },
  },
} as const;

export const SUPPRESSIONS_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    required: ["recipient", "cause", "reason", "lastSeen", "count"],
    properties: {
      recipient: { type: "string" },
      cause: { type: "string", enum: ["hard-bounce", "complaint", "repeated-soft-bounces"] },
      reason: nullable("string"),
      lastSeen: nullable("number"),
      count: { type: "integer" },
    },
  },
} as const;

export const CHECK_SCHEMA = {
  type: "object",
  description: "The domain check of `bouncewise check DOMAIN --json`.",
  additionalProperties: true,
  required: ["domain", "ips", "findings", "worst"],
  properties: {
    domain: { type: "string" },
    ips: strings,
    spf: { type: ["object", "null"], additionalProperties: true },
    dmarc: { type: ["object", "null"], additionalProperties: true },
    dkim: { type: ["array", "null"] },
    mx: { type: ["array", "null"], items: { type: "string" } },
    mxDetail: { type: ["object", "null"], additionalProperties: true },
    ptr: { type: ["array", "null"] },
    helo: { type: ["object", "null"], additionalProperties: true },
    mtaSts: { type: ["object", "null"], additionalProperties: true },
    tlsRpt: { type: ["object", "null"], additionalProperties: true },
    bimi: { type: ["object", "null"], additionalProperties: true },
    blocklists: { type: ["array", "null"] },
    findings: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: true,
        properties: {
          id: { type: "string" },
          check: { type: "string" },
          severity: { type: "string", enum: ["critical", "warning", "info"] },
          message: { type: "string" },
          fix: nullable("string"),
        },
      },
    },
    worst: { type: ["string", "null"], enum: ["critical", "warning", "info", null] },
  },
} as const;

/**
 * The OpenAPI request body of a route that reads raw bytes or multipart files (nothing JSON Schema could
 * validate): set as the route's `config.bodyDocs`, put into the document by app.ts's swagger transform.
 */
export function rawBodyDocs(
  types: readonly string[],
  description: string,
  multipart: string | null,
): Record<string, { schema: Record<string, unknown> }> {
  const out: Record<string, { schema: Record<string, unknown> }> = {};
  for (const t of types) out[t] = { schema: { type: "string", format: "binary", description } };
  if (multipart !== null) {
    out["multipart/form-data"] = {
      schema: {
        type: "object",
        description: multipart,
        properties: { file: { type: "array", items: { type: "string", format: "binary" } } },
      },
    };
  }
  return out;
}
