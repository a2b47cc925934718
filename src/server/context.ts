// What the routes share: the options of the server as resolved (defaults filled in), the store, and the one DNS
// client of the domain checks. Route modules and plugins (web pages, DMARC endpoints) receive it.

import type { FastifyInstance } from "fastify";
import type { DnsClient } from "../core/dns/types.js";
import type { EventStore, ReportStore } from "../store/types.js";
import type { RouteAuth } from "./auth.js";
import type { SnsOptions } from "./sns.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call the route (default "token"): see RouteAuth. */
    auth?: RouteAuth;
    /** The OpenAPI request body of a route that reads raw bytes or multipart (schemas.ts rawBodyDocs). */
    bodyDocs?: Record<string, unknown>;
  }
}

/** The store the server works on: events, and DMARC / TLS reports (SqliteStore is one). */
export type ServerStore = EventStore & { readonly reports: ReportStore };

export interface ServerLimits {
  /** Largest JSON or text body (explain, parse, webhooks), bytes. Default 25 MB. */
  readonly bodyLimit?: number;
  /** Largest upload to /api/ingest in one request, bytes, read as it arrives. Default 2 GB. */
  readonly uploadLimit?: number;
  /** Most files in one multipart request. Default 100. */
  readonly files?: number;
}

export interface WebhookSecrets {
  /** SendGrid's verification key (Signed Event Webhook): base64 DER as shown in the console, or PEM. */
  readonly sendgridPublicKey?: string;
  /** Mailgun's HTTP webhook signing key. */
  readonly mailgunSigningKey?: string;
  /** Credentials Postmark and SparkPost send (they do not sign): https://user:password@host/api/webhooks/... */
  readonly basicAuth?: { readonly user: string; readonly password: string };
  /** SNS (SES) options: allowed topics, and test hosts standing in for SNS. */
  readonly sns?: SnsOptions;
  /** Mailgun timestamps further than this from now are refused, seconds. Default 300. */
  readonly maxAgeSeconds?: number;
}

/**
 * A function that adds routes (web pages, DMARC endpoints) to the server, in its own encapsulated scope. Routes
 * need the token unless they set `config: { auth: "public" }` (see RouteAuth in auth.ts), and their errors are
 * answered as JSON like every other route's.
 */
export type ServerPlugin = (app: FastifyInstance, context: ServerContext) => Promise<void> | void;

export interface ServerOptions {
  readonly store: ServerStore;
  /** With a token, every route but /api/health and signed webhooks needs `Authorization: Bearer TOKEN`. */
  readonly token?: string;
  /** DNS server for /api/check ("192.0.2.53", "192.0.2.53:5353"); default the system's. */
  readonly resolver?: string;
  readonly limits?: ServerLimits;
  /** Most time to receive a whole request, ms (node's server.requestTimeout). Default 10 minutes. */
  readonly requestTimeoutMs?: number;
  readonly webhooks?: WebhookSecrets;
  /** More routes: web pages, DMARC endpoints. */
  readonly plugins?: readonly ServerPlugin[];
  /** Called with every error answered as a 500 (the answer itself says only "internal error"). */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly url: string }) => void;
  /** The clock (webhook timestamps, certificate validity). */
  readonly now?: () => number;
}

export interface ResolvedLimits {
  readonly bodyLimit: number;
  readonly uploadLimit: number;
  readonly files: number;
}

export interface ServerContext {
  readonly store: ServerStore;
  readonly options: ServerOptions;
  readonly limits: ResolvedLimits;
  /** True when the server has a token (every non-public route needs it). */
  readonly tokenRequired: boolean;
  /** The DNS client of the domain checks, created on first use and closed with the server. */
  readonly dns: () => DnsClient;
  readonly now: () => number;
}

export const DEFAULT_LIMITS: ResolvedLimits = {
  bodyLimit: 25 * 1024 * 1024,
  uploadLimit: 2 * 1024 * 1024 * 1024,
  files: 100,
};
