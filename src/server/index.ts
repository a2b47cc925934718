// The HTTP API: buildServer (a Fastify instance), startServer (listening, with the public-interface refusal) and
// the `serve` command.
export { buildServer, packageVersion } from "./app.js";
export { isLoopbackHost, type RouteAuth } from "./auth.js";
export type {
  ResolvedLimits,
  ServerContext,
  ServerLimits,
  ServerOptions,
  ServerPlugin,
  ServerStore,
  WebhookSecrets,
} from "./context.js";
export { DEMO_SOURCE, demoEvents, demoPlugin } from "./demo.js";
export { dmarcPlugin } from "./dmarc-routes.js";
export { ApiError, type ApiErrorBody, type ApiErrorCode } from "./errors.js";
export { DEFAULT_HOST, DEFAULT_PORT, type RunningServer, refusalOf, ServeError, startServer } from "./listen.js";
export { registerServeCommand, type ServeCommandIo } from "./serve-command.js";
export type { SnsOptions } from "./sns.js";
export { CONTENT_SECURITY_POLICY, createWebPlugin, defaultPlugins, webPlugin } from "./web.js";
