// GET /api/check/:domain: the domain check of `bouncewise check DOMAIN --json` (SPF, DKIM, DMARC, MX, PTR, HELO,
// blocklists, MTA-STS, TLS-RPT, BIMI) for the sending IPs and HELO name given, under one deadline, over the
// server's one DNS client (its cache is shared by every check).

import { isIP } from "node:net";
import type { FastifyInstance } from "fastify";
import { checkDomain } from "../core/auth/check-domain.js";
import { normalizeDomain } from "../core/auth/names.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { CHECK_SCHEMA, withErrors } from "./schemas.js";

interface CheckQuery {
  ip?: string[];
  selector?: string[];
  helo?: string;
  blocklists?: boolean;
  timeout?: number;
}

const SELECTOR = /^[A-Za-z0-9_-]{1,63}(\.[A-Za-z0-9_-]{1,63}){0,4}$/;

export function registerCheckRoute(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Params: { domain: string }; Querystring: CheckQuery }>(
    "/api/check/:domain",
    {
      schema: {
        summary: "Check a sending domain",
        tags: ["check"],
        params: {
          type: "object",
          required: ["domain"],
          properties: { domain: { type: "string", minLength: 1, maxLength: 253 } },
        },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ip: {
              type: "array",
              maxItems: 10,
              items: { type: "string", maxLength: 45 },
              description: "A sending IP (repeat for several): SPF is evaluated for it, PTR and blocklists checked.",
            },
            selector: {
              type: "array",
              maxItems: 10,
              items: { type: "string", maxLength: 255 },
              description: "A DKIM selector (repeat for several); without it common selectors are probed.",
            },
            helo: { type: "string", maxLength: 253, description: "The name the server gives in HELO/EHLO." },
            blocklists: { type: "boolean", default: true, description: "Query the DNS blocklists." },
            timeout: { type: "number", exclusiveMinimum: 0, maximum: 60, default: 30, description: "Seconds." },
          },
        },
        response: withErrors({ 200: CHECK_SCHEMA }),
      },
    },
    async (request) => {
      const domain = normalizeDomain(request.params.domain);
      if (domain === null)
        throw new ApiError(400, "invalid_request", `"${request.params.domain}" is not a domain name`);
      const q = request.query;
      const ips = q.ip ?? [];
      for (const ip of ips) {
        if (isIP(ip) === 0) throw new ApiError(400, "invalid_request", `ip "${ip}" is not an IPv4 or IPv6 address`);
      }
      let helo: string | undefined;
      if (q.helo !== undefined) {
        const h = normalizeDomain(q.helo);
        if (h === null) throw new ApiError(400, "invalid_request", `helo "${q.helo}" is not a host name`);
        helo = h;
      }
      for (const s of q.selector ?? []) {
        if (!SELECTOR.test(s)) throw new ApiError(400, "invalid_request", `selector "${s}" is not a DKIM selector`);
      }
      return checkDomain(domain, context.dns(), {
        ips,
        ...(helo === undefined ? {} : { helo }),
        ...(q.selector === undefined ? {} : { selectors: q.selector }),
        deadlineMs: (q.timeout ?? 30) * 1000,
        blocklists: q.blocklists !== false,
      });
    },
  );
}
