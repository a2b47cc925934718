// POST /api/explain: an SMTP reply (JSON {"text", "provider", "stage"} or text/plain) -> the Diagnosis, exactly as
// `bouncewise explain --json` prints it; a whole bounce email pasted instead -> one Diagnosis per recipient.

import type { FastifyInstance } from "fastify";
import { looksLikeMail, parseBounce } from "../core/bounce/parse-bounce.js";
import { explain } from "../core/diagnose.js";
import type { Diagnosis, ExplainOptions } from "../core/types.js";
import { ApiError } from "./errors.js";
import { EXPLAIN_BODY_SCHEMA, EXPLAIN_QUERY_SCHEMA, EXPLAIN_RESPONSE_SCHEMA, withErrors } from "./schemas.js";

/** The answer of `explain --json` for a text: a Diagnosis, or a list of them for a whole bounce email. */
export function explainText(text: string, options: ExplainOptions): Diagnosis | (Diagnosis & { recipient: string })[] {
  if (looksLikeMail(text)) {
    const parsed = parseBounce(text);
    if (parsed.results.length > 0) return parsed.results.map((r) => ({ recipient: r.recipient, ...r.diagnosis }));
  }
  return explain(text, options);
}

interface ExplainBody {
  text: string;
  provider?: ExplainOptions["provider"];
  stage?: ExplainOptions["stage"];
}

export function registerExplainRoute(app: FastifyInstance): void {
  app.post<{ Body: ExplainBody | string; Querystring: Omit<ExplainBody, "text"> }>(
    "/api/explain",
    {
      schema: {
        summary: "Explain an SMTP reply or a bounce email",
        description:
          'JSON {"text": ..., "provider"?, "stage"?} or the text itself as text/plain (provider and stage then as query parameters).',
        tags: ["explain"],
        querystring: EXPLAIN_QUERY_SCHEMA,
        body: {
          content: {
            "application/json": { schema: EXPLAIN_BODY_SCHEMA },
            "text/plain": { schema: { type: "string", description: "The reply text or the whole bounce email." } },
          },
        },
        response: withErrors({ 200: EXPLAIN_RESPONSE_SCHEMA }, [400, 401, 403, 413, 415, 500]),
      },
    },
    async (request) => {
      const body = request.body as ExplainBody | string | undefined;
      if (body === undefined || body === null || (typeof body !== "string" && typeof body.text !== "string")) {
        throw new ApiError(400, "empty_body", 'send the text as JSON {"text": "..."} or as text/plain');
      }
      const text = typeof body === "string" ? body : body.text;
      const given = typeof body === "string" ? request.query : body;
      if (text.trim() === "") throw new ApiError(400, "bad_request", "the reply text is empty");
      const options = {
        ...(given.provider === undefined ? {} : { provider: given.provider }),
        ...(given.stage === undefined ? {} : { stage: given.stage }),
      };
      return explainText(text, options);
    },
  );
}
