// The signatures of the ESPs that sign their webhooks (SNS for SES is in sns.ts):
// - SendGrid Signed Event Webhook: ECDSA P-256 / SHA-256 over the timestamp header followed by the raw body, the
//   signature base64 DER in X-Twilio-Email-Event-Webhook-Signature.
//   https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
// - Mailgun: HMAC-SHA256 with the webhook signing key over timestamp + token, hex, in the body's `signature`;
//   a timestamp far from now is refused and a token is accepted once (replays).
//   https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks

import { createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from "node:crypto";

/** A SendGrid verification key as the console shows it (base64 of the DER public key) or as PEM. */
export function sendgridKeyOf(value: string): KeyObject {
  const v = value.trim();
  if (v.startsWith("-----BEGIN")) return createPublicKey(v);
  return createPublicKey({ key: Buffer.from(v, "base64"), format: "der", type: "spki" });
}

export function verifySendgrid(key: KeyObject, signature: string, timestamp: string, body: Buffer): boolean {
  try {
    const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
    return verify("sha256", signed, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export interface MailgunSignature {
  readonly timestamp: string;
  readonly token: string;
  readonly signature: string;
}

export type MailgunVerdict = "ok" | "bad-signature" | "stale" | "replayed";

/** Tokens seen within the accepted time window, so that a captured request cannot be sent again. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly capacity = 50_000) {}

  /** True when the token is new (and remembers it until `expires`, ms). */
  add(token: string, expires: number, now: number): boolean {
    if (this.seen.size >= this.capacity) {
      for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
      // Still full: forget the oldest (insertion order) rather than grow.
      while (this.seen.size >= this.capacity) {
        const oldest = this.seen.keys().next();
        if (oldest.done === true) break;
        this.seen.delete(oldest.value);
      }
    }
    const until = this.seen.get(token);
    if (until !== undefined && until > now) return false;
    this.seen.set(token, expires);
    return true;
  }
}

export function verifyMailgun(
  key: string,
  sig: MailgunSignature,
  now: number,
  maxAgeMs: number,
  replays: ReplayGuard,
): MailgunVerdict {
  const expected = createHmac("sha256", key)
    .update(sig.timestamp + sig.token, "utf8")
    .digest();
  const given = /^[0-9a-fA-F]{64}$/.test(sig.signature) ? Buffer.from(sig.signature, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
  const t = Number(sig.timestamp) * 1000;
  if (!Number.isFinite(t) || Math.abs(now - t) > maxAgeMs) return "stale";
  return replays.add(sig.token, t + maxAgeMs, now) ? "ok" : "replayed";
}
