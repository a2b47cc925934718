// GET /api/report and GET /api/suppressions: the store read as `bouncewise report --json` and
// `bouncewise suppressions` read it, with the same time filters (since, until) and options.

import type { FastifyInstance } from "fastify";
import { parseTimeArgument } from "../cli/times.js";
import { buildReport } from "../core/analysis/report.js";
import type { EventFilter } from "../core/analysis/types.js";
import { renderSuppressionsCsv } from "../report/report-markdown.js";
import { fixWindowsOf } from "../store/fix-windows.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { REPORT_SCHEMA, SUPPRESSIONS_SCHEMA, TIME_FILTER_PROPERTIES, withErrors } from "./schemas.js";

interface TimeQuery {
  since?: string;
  until?: string;
}

function filterOf(q: TimeQuery, now: number): EventFilter {
  try {
    return {
      ...(q.since === undefined ? {} : { since: parseTimeArgument(q.since, now) }),
      ...(q.until === undefined ? {} : { until: parseTimeArgument(q.until, now) }),
    };
  } catch (e) {
    throw new ApiError(400, "invalid_request", (e as Error).message);
  }
}

interface SuppressionQuery extends TimeQuery {
  format?: "json" | "csv";
  softCount?: number;
  softDays?: number;
}

export function registerStoreRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Querystring: TimeQuery }>(
    "/api/report",
    {
      schema: {
        summary: "The report over the stored events",
        tags: ["store"],
        querystring: { type: "object", additionalProperties: false, properties: TIME_FILTER_PROPERTIES },
        response: withErrors({ 200: REPORT_SCHEMA }),
      },
    },
    async (request) => {
      const filter = filterOf(request.query, context.now());
      const store = context.store;
      return buildReport(await store.summarize(filter), filter, await fixWindowsOf(store));
    },
  );

  app.get<{ Querystring: SuppressionQuery }>(
    "/api/suppressions",
    {
      schema: {
        summary: "The addresses to stop sending to",
        description: "JSON, or CSV with ?format=csv or Accept: text/csv (address,cause,reason,count,last_seen).",
        tags: ["store"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...TIME_FILTER_PROPERTIES,
            format: { type: "string", enum: ["json", "csv"] },
            softCount: { type: "integer", minimum: 1, maximum: 1_000_000, default: 5 },
            softDays: { type: "integer", minimum: 1, maximum: 36_500, default: 7 },
          },
        },
        response: withErrors({
          200: {
            description: "The suppression list.",
            content: {
              "application/json": { schema: SUPPRESSIONS_SCHEMA },
              "text/csv": { schema: { type: "string" } },
            },
          },
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter = filterOf(q, context.now());
      const list = await context.store.suppressions(filter, {
        ...(q.softCount === undefined ? {} : { softCount: q.softCount }),
        ...(q.softDays === undefined ? {} : { softDays: q.softDays }),
      });
      const accept = request.headers.accept ?? "";
      const csv = q.format === "csv" || (q.format === undefined && /\btext\/csv\b/i.test(accept));
      if (!csv) return list;
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="suppressions.csv"')
        .send(renderSuppressionsCsv(list));
      return reply;
    },
  );
}
