// The ESP webhooks: SES (through SNS), SendGrid, Mailgun, Postmark and SparkPost post their events here as they
// happen; each body is read by the same ESP readers as an export file (src/core/events/esp.ts, through
// ingestStream) into the store. Where the provider signs, the signature is checked on the raw body and a verified
// request needs no token. Postmark and SparkPost do not sign: they send basic-auth credentials or the token.

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ingestStream } from "../input/ingest.js";
import { basicOf, hasToken, secretEquals } from "./auth.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { ERROR_SCHEMA, WEBHOOK_RESPONSE_SCHEMA } from "./schemas.js";
import { SnsVerifier, snsMessageOf } from "./sns.js";
import {
  type MailgunSignature,
  ReplayGuard,
  sendgridKeyOf,
  verifyMailgun,
  verifySendgrid,
} from "./webhook-signatures.js";

export type WebhookProvider = "ses" | "sendgrid" | "mailgun" | "postmark" | "sparkpost";

/** The raw bytes of each webhook request, kept by the body parser for signature checks. */
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

function rawBodyOf(request: FastifyRequest): Buffer {
  const raw = rawBodies.get(request);
  if (raw === undefined) throw new ApiError(400, "empty_body", "the request has no body");
  return raw;
}

const unauthorized = (reply: FastifyReply, message: string) => {
  reply.header("www-authenticate", 'Basic realm="bouncewise webhooks"');
  return new ApiError(401, "unauthorized", message);
};

/** The token (bearer, or basic-auth password) when the server has one; open otherwise (loopback only). */
function requireToken(request: FastifyRequest, reply: FastifyReply, context: ServerContext): void {
  const token = context.options.token;
  if (token === undefined) return;
  if (!hasToken(request.headers.authorization, token, true)) {
    throw unauthorized(
      reply,
      "this webhook needs the server's token (Authorization: Bearer, or as the basic-auth password)",
    );
  }
}

const SCHEMAS: Readonly<
  Record<WebhookProvider, { summary: string; body: Record<string, unknown>; headers?: Record<string, unknown> }>
> = {
  ses: {
    summary: "Amazon SES events through an SNS HTTP(S) subscription (subscription confirmed automatically)",
    body: {
      type: "object",
      required: ["Type"],
      properties: {
        Type: { type: "string", enum: ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"] },
        MessageId: { type: "string" },
        TopicArn: { type: "string" },
        Message: { type: "string" },
        Timestamp: { type: "string" },
        SignatureVersion: { type: "string", enum: ["1", "2"] },
        Signature: { type: "string" },
        SigningCertURL: { type: "string" },
        SubscribeURL: { type: "string" },
        Token: { type: "string" },
        Subject: { type: ["string", "null"] },
      },
    },
  },
  sendgrid: {
    summary: "SendGrid Event Webhook (Signed Event Webhook when a verification key is configured)",
    body: { type: "array", maxItems: 100_000, items: { type: "object" } },
    headers: {
      type: "object",
      properties: {
        "x-twilio-email-event-webhook-signature": { type: "string", maxLength: 1024 },
        "x-twilio-email-event-webhook-timestamp": { type: "string", maxLength: 32 },
      },
    },
  },
  mailgun: {
    summary: "Mailgun webhook (signature checked when a signing key is configured)",
    body: {
      type: "object",
      required: ["event-data"],
      properties: {
        signature: {
          type: "object",
          required: ["timestamp", "token", "signature"],
          properties: {
            timestamp: { type: "string", maxLength: 32 },
            token: { type: "string", maxLength: 256 },
            signature: { type: "string", maxLength: 128 },
          },
        },
        "event-data": { type: "object" },
      },
    },
  },
  postmark: {
    summary: "Postmark webhook (bounce, spam complaint, delivery): basic auth or the token",
    body: { type: "object", properties: { RecordType: { type: "string" } } },
  },
  sparkpost: {
    summary: "SparkPost webhook batch: basic auth or the token",
    body: { type: "array", maxItems: 100_000, items: { type: "object" } },
  },
};

export function registerWebhookRoutes(app: FastifyInstance, context: ServerContext): void {
  const secrets = context.options.webhooks ?? {};
  const sendgridKey = secrets.sendgridPublicKey === undefined ? null : sendgridKeyOf(secrets.sendgridPublicKey);
  const replays = new ReplayGuard();
  const sns = new SnsVerifier(secrets.sns ?? {}, context.now);
  const maxAgeMs = (secrets.maxAgeSeconds ?? 300) * 1000;

  /** Stores the events of a verified body. */
  const ingest = async (provider: WebhookProvider, raw: Buffer) => {
    const body = (async function* () {
      yield raw;
    })();
    const r = await ingestStream(`webhook:${provider}`, body, context.store, { format: "json" });
    if (r.error !== null) throw new ApiError(400, "bad_request", `${r.error.message}`);
    return {
      events: r.events,
      inserted: r.inserted,
      duplicates: r.duplicates,
      problems: r.problems,
      problemSamples: r.problemSamples,
    };
  };

  const verifiers: Readonly<Record<WebhookProvider, (request: FastifyRequest, reply: FastifyReply) => void>> = {
    // The SNS signature is checked in the handler (it may need the certificate fetched). Any AWS account can sign
    // for its own topic, so a public server with no list of accepted topics also asks for the token (SNS sends it
    // as the basic-auth password of an https://user:TOKEN@host/api/webhooks/ses subscription).
    ses: (request, reply) => {
      if ((secrets.sns?.topicArns ?? []).length === 0) requireToken(request, reply, context);
    },
    sendgrid: (request, reply) => {
      if (sendgridKey === null) return requireToken(request, reply, context);
      const sig = request.headers["x-twilio-email-event-webhook-signature"];
      const ts = request.headers["x-twilio-email-event-webhook-timestamp"];
      if (typeof sig !== "string" || typeof ts !== "string") {
        throw new ApiError(401, "unauthorized", "the SendGrid signature headers are missing");
      }
      if (!verifySendgrid(sendgridKey, sig, ts, rawBodyOf(request))) {
        throw new ApiError(403, "forbidden", "the SendGrid signature does not verify");
      }
    },
    mailgun: (request, reply) => {
      const key = secrets.mailgunSigningKey;
      if (key === undefined) return requireToken(request, reply, context);
      const sig = (request.body as { signature?: MailgunSignature }).signature;
      if (sig === undefined) throw new ApiError(401, "unauthorized", "the Mailgun signature is missing");
      const verdict = verifyMailgun(key, sig, context.now(), maxAgeMs, replays);
      if (verdict === "bad-signature") throw new ApiError(403, "forbidden", "the Mailgun signature does not verify");
      if (verdict === "stale") throw new ApiError(403, "forbidden", "the Mailgun timestamp is too far from now");
      if (verdict === "replayed") throw new ApiError(403, "forbidden", "this Mailgun token was already used");
    },
    postmark: (request, reply) => unsignedAuth(request, reply),
    sparkpost: (request, reply) => unsignedAuth(request, reply),
  };

  function unsignedAuth(request: FastifyRequest, reply: FastifyReply): void {
    const creds = secrets.basicAuth;
    if (creds !== undefined) {
      const given = basicOf(request.headers.authorization);
      const userOk = given !== null && secretEquals(given.user, creds.user);
      const passwordOk = given !== null && secretEquals(given.password, creds.password);
      if (userOk && passwordOk) return;
      if (context.options.token === undefined) throw unauthorized(reply, "wrong or missing webhook credentials");
    }
    requireToken(request, reply, context);
  }

  app.register(async (scope) => {
    // Webhook bodies are JSON (SNS sends it as text/plain): kept raw for the signature, parsed for validation.
    scope.removeContentTypeParser(["application/json", "text/plain"]);
    scope.addContentTypeParser(
      ["application/json", "text/plain"],
      { parseAs: "buffer", bodyLimit: context.limits.bodyLimit },
      (request, body, done) => {
        const raw = body as Buffer;
        if (raw.length === 0) {
          done(new ApiError(400, "empty_body", "the request has no body"));
          return;
        }
        try {
          const value: unknown = JSON.parse(raw.toString("utf8"));
          rawBodies.set(request, raw);
          done(null, value);
        } catch (e) {
          done(new ApiError(400, "invalid_json", `the body is not valid JSON: ${(e as Error).message}`));
        }
      },
    );
    for (const provider of ["ses", "sendgrid", "mailgun", "postmark", "sparkpost"] as const) {
      const s = SCHEMAS[provider];
      scope.post(
        `/api/webhooks/${provider}`,
        {
          schema: {
            summary: s.summary,
            tags: ["webhooks"],
            body: s.body,
            ...(s.headers === undefined ? {} : { headers: s.headers }),
            response: {
              200:
                provider === "ses" ? { oneOf: [WEBHOOK_RESPONSE_SCHEMA, { type: "object" }] } : WEBHOOK_RESPONSE_SCHEMA,
              400: ERROR_SCHEMA,
              401: ERROR_SCHEMA,
              403: ERROR_SCHEMA,
              413: ERROR_SCHEMA,
              415: ERROR_SCHEMA,
              500: ERROR_SCHEMA,
              ...(provider === "ses" ? { 502: ERROR_SCHEMA } : {}),
            },
          },
          config: { auth: "webhook" },
          preHandler: async (request, reply) => verifiers[provider](request, reply),
        },
        async (request) => {
          const raw = rawBodyOf(request);
          if (provider !== "ses") return ingest(provider, raw);
          const message = snsMessageOf(request.body);
          if (typeof message === "string") throw new ApiError(400, "invalid_request", message);
          const verdict = await sns.verify(message);
          if (!verdict.ok) {
            throw new ApiError(
              verdict.status,
              verdict.status === 502 ? "bad_gateway" : verdict.status === 400 ? "invalid_request" : "forbidden",
              verdict.message,
            );
          }
          if (message.Type === "SubscriptionConfirmation") {
            const confirmed = await sns.confirm(message);
            if (!confirmed.ok) {
              throw new ApiError(
                confirmed.status,
                confirmed.status === 502 ? "bad_gateway" : "forbidden",
                confirmed.message,
              );
            }
            return { confirmed: true, topicArn: message.TopicArn };
          }
          if (message.Type === "UnsubscribeConfirmation") return { unsubscribed: true, topicArn: message.TopicArn };
          return ingest(provider, raw);
        },
      );
    }
  });
}
