// The HTTP API as a Fastify instance (not listening: startServer in listen.ts listens). Owns what every route
// shares: who may call (auth.ts), the JSON error shape (errors.ts), the limits, the OpenAPI document generated
// from the routes' schemas, and the place where more routes plug in (web pages, DMARC endpoints).

import { readFileSync } from "node:fs";
import fastifyMultipart from "@fastify/multipart";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import type { DnsClient } from "../core/dns/types.js";
import { createNodeDnsClient, type NodeDnsClient } from "../dns/node-resolver.js";
import { hasToken, hostnameOf, isCrossOrigin, isLoopbackHost, type RouteAuth } from "./auth.js";
import { registerCheckRoute } from "./check-route.js";
import { DEFAULT_LIMITS, type ResolvedLimits, type ServerContext, type ServerOptions } from "./context.js";
import { ApiError, errorResponse } from "./errors.js";
import { registerExplainRoute } from "./explain-route.js";
import { registerIngestRoute } from "./ingest-route.js";
import { registerParseRoute } from "./parse-route.js";
import { ERROR_SCHEMA } from "./schemas.js";
import { registerStoreRoutes } from "./store-routes.js";
import { registerWebhookRoutes } from "./webhook-routes.js";

let version: string | undefined;

/** The package's version, read once. */
export function packageVersion(): string {
  version ??= readVersion();
  return version;
}

function readVersion(): string {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "bouncewise") return pkg.version ?? "unknown";
    } catch {
      // try the next place (source tree or dist/)
    }
  }
  return "unknown";
}

interface RouteConfig {
  readonly auth?: RouteAuth;
  readonly bodyDocs?: Record<string, unknown>;
}

function resolveLimits(options: ServerOptions): ResolvedLimits {
  const l = options.limits ?? {};
  return {
    bodyLimit: l.bodyLimit ?? DEFAULT_LIMITS.bodyLimit,
    uploadLimit: l.uploadLimit ?? DEFAULT_LIMITS.uploadLimit,
    files: l.files ?? DEFAULT_LIMITS.files,
  };
}

/**
 * The API server over a store, ready to `listen` (or `inject` in tests). Routes: POST /api/explain, /api/parse,
 * /api/ingest, /api/webhooks/{ses,sendgrid,mailgun,postmark,sparkpost}; GET /api/report, /api/suppressions,
 * /api/check/:domain, /api/health, /api/openapi.json; and whatever `options.plugins` add.
 * @example const app = buildServer({ store: new SqliteStore("bw.db") }); await app.listen({ port: 8025 });
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const limits = resolveLimits(options);
  const token = options.token === "" ? undefined : options.token;
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimit,
    requestTimeout: options.requestTimeoutMs ?? 600_000,
    connectionTimeout: 0,
    keepAliveTimeout: 72_000,
    // On close: new requests get 503, idle keep-alive connections are closed at once, busy ones finish.
    return503OnClosing: true,
    forceCloseConnections: "idle",
    // An unknown field or query parameter (a typo: ?sinse=7d) is an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Errors Node meets before a request reaches a route (the request timeout, a malformed request line, headers
    // too large) get the same JSON shape as every other error, then the connection closes.
    clientErrorHandler: (err, socket) => {
      const code = (err as NodeJS.ErrnoException).code;
      const [status, reason, body] =
        code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "Request Timeout", { code: "timeout", message: "the request was not received in time" }]
          : code === "HPE_HEADER_OVERFLOW"
            ? [
                431,
                "Request Header Fields Too Large",
                { code: "too_large", message: "the request headers are too large" },
              ]
            : [400, "Bad Request", { code: "bad_request", message: "the request could not be read as HTTP" }];
      if (socket.writable) {
        const json = JSON.stringify({ error: body });
        socket.write(
          `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
        );
      }
      socket.destroy(err);
    },
  });

  let dns: NodeDnsClient | null = null;
  const context: ServerContext = {
    store: options.store,
    options: { ...options, ...(token === undefined ? { token: undefined } : { token }) },
    limits,
    tokenRequired: token !== undefined,
    dns: (): DnsClient => {
      dns ??= createNodeDnsClient({
        ...(options.resolver === undefined ? {} : { server: options.resolver }),
        timeoutMs: 3000,
      });
      return dns;
    },
    now: options.now ?? Date.now,
  };
  app.addHook("onClose", async () => {
    dns?.close();
  });

  // Answers are plain JSON.stringify: the answer schemas document, they never drop a field.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.setErrorHandler((error, request, reply) => {
    const r = errorResponse(error);
    if (r.internal) options.onError?.(error, { method: request.method, url: request.url });
    reply.status(r.status).type("application/json; charset=utf-8").send(r.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]?.slice(0, 200) ?? "";
    reply
      .status(404)
      .type("application/json; charset=utf-8")
      .send({ error: { code: "not_found", message: `no route ${request.method} ${path}` } });
  });

  app.addHook("onRequest", async (request, reply) => {
    const config = (request.routeOptions.config ?? {}) as RouteConfig;
    if (token === undefined) {
      // No token: only this machine may call. The connection must have arrived on a loopback address (a server
      // bound to a public interface by mistake answers nobody else), and the Host must name loopback, so that a
      // web page cannot reach the API by rebinding its own name to 127.0.0.1.
      const local = request.raw.socket.localAddress;
      if (local !== undefined && !isLoopbackHost(local)) {
        throw new ApiError(403, "forbidden", "this server has no token: it answers on loopback only");
      }
      if (!isLoopbackHost(hostnameOf(request.headers.host ?? ""))) {
        throw new ApiError(
          403,
          "forbidden",
          "this server has no token, so it answers only requests addressed to localhost; start it with --token to serve other host names",
        );
      }
      if (
        request.method !== "GET" &&
        request.method !== "HEAD" &&
        isCrossOrigin(request.headers.origin, request.headers.host)
      ) {
        throw new ApiError(403, "forbidden", "requests from another site's pages are refused");
      }
      return;
    }
    if (config.auth === "public" || config.auth === "webhook") return;
    if (!hasToken(request.headers.authorization, token, false)) {
      reply.header("www-authenticate", 'Bearer realm="bouncewise"');
      throw new ApiError(401, "unauthorized", "this server needs its token: send Authorization: Bearer <token>");
    }
  });

  app.register(fastifyMultipart, { limits: { fileSize: limits.uploadLimit, files: limits.files } });
  app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "bouncewise",
        description:
          "Turns SMTP errors and bounces into a diagnosis and an action plan. Every error is JSON {error: {code, message}}.",
        version: packageVersion(),
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url, route }) => {
      const config = (route.config ?? {}) as RouteConfig;
      const out: Record<string, unknown> = { ...(schema as Record<string, unknown>) };
      if (config.bodyDocs !== undefined) out.body = { content: config.bodyDocs };
      if (config.auth === "public" || config.auth === "webhook") out.security = [];
      return { schema: out as typeof schema, url };
    },
  });

  app.register(async (api) => {
    registerExplainRoute(api);
    registerParseRoute(api, context);
    registerIngestRoute(api, context);
    registerWebhookRoutes(api, context);
    registerStoreRoutes(api, context);
    registerCheckRoute(api, context);

    api.get(
      "/api/health",
      {
        schema: {
          summary: "Liveness: answers without the token",
          tags: ["meta"],
          response: {
            200: {
              type: "object",
              required: ["status", "version"],
              properties: { status: { type: "string", enum: ["ok"] }, version: { type: "string" } },
            },
            403: ERROR_SCHEMA,
          },
        },
        config: { auth: "public" },
      },
      async () => ({ status: "ok", version: packageVersion() }),
    );

    api.get(
      "/api/openapi.json",
      {
        schema: {
          summary: "This OpenAPI document",
          tags: ["meta"],
          response: { 200: { type: "object", additionalProperties: true }, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA },
        },
      },
      async () => app.swagger(),
    );
  });

  for (const plugin of options.plugins ?? []) {
    app.register(async (scope) => {
      await plugin(scope, context);
    });
  }
  return app;
}
