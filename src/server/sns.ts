// Amazon SNS messages (how SES delivers bounce, complaint and delivery events over HTTPS): the signature of every
// message is checked against the certificate named by SigningCertURL, fetched only from an SNS host
// (sns.<region>.amazonaws.com) and cached; a SubscriptionConfirmation is confirmed by GETting its SubscribeURL, again
// only on an SNS host. SignatureVersion 1 is RSA with SHA-1, 2 is RSA with SHA-256.
// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
// https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html

import { type KeyObject, verify, X509Certificate } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface SnsOptions {
  /**
   * Hosts ("127.0.0.1:8443") that may stand in for SNS in SigningCertURL and SubscribeURL, over http or https:
   * for tests. Real SNS hosts are always allowed, over https only.
   */
  readonly allowHosts?: readonly string[];
  /** Certificates to trust when fetching over https (a test server's self-signed certificate). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** When given, only notifications of these topics are accepted. */
  readonly topicArns?: readonly string[];
  /** Deadline of each fetch (certificate, subscription confirmation), ms. Default 10,000. */
  readonly timeoutMs?: number;
}

export type SnsMessageType = "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";

export interface SnsMessage {
  readonly Type: SnsMessageType;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: string;
  readonly Signature: string;
  readonly SigningCertURL: string;
  readonly Subject?: string;
  readonly SubscribeURL?: string;
  readonly Token?: string;
}

/** Real SNS endpoints: sns.<region>.amazonaws.com (and .com.cn in China). */
const SNS_HOST = /^sns\.[a-z0-9-]{1,40}\.amazonaws\.com(\.cn)?$/;
const MAX_CERT_BYTES = 64 * 1024;
const MAX_CONFIRM_BYTES = 64 * 1024;
const CERT_CACHE_SIZE = 32;
const CERT_CACHE_MS = 24 * 3_600_000;

const TYPES: readonly SnsMessageType[] = ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"];

const str = (o: Record<string, unknown>, k: string): string | undefined =>
  typeof o[k] === "string" ? (o[k] as string) : undefined;

/** The SNS message in a parsed body, or a reason why it is not one. */
export function snsMessageOf(body: unknown): SnsMessage | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body is not an SNS message";
  const o = body as Record<string, unknown>;
  const type = str(o, "Type");
  if (type === undefined || !TYPES.includes(type as SnsMessageType)) return "unknown SNS message Type";
  for (const k of [
    "MessageId",
    "TopicArn",
    "Message",
    "Timestamp",
    "SignatureVersion",
    "Signature",
    "SigningCertURL",
  ]) {
    if (str(o, k) === undefined) return `SNS message without ${k}`;
  }
  if (type !== "Notification" && (str(o, "SubscribeURL") === undefined || str(o, "Token") === undefined)) {
    return `SNS ${type} without SubscribeURL or Token`;
  }
  return o as unknown as SnsMessage;
}

/** The text SNS signs: named fields in byte order of their names, each as "Name\nvalue\n". */
export function stringToSign(m: SnsMessage): string {
  const fields =
    m.Type === "Notification"
      ? (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const)
      : (["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const);
  let out = "";
  for (const f of fields) {
    const v = m[f];
    if (typeof v === "string") out += `${f}\n${v}\n`;
  }
  return out;
}

class FetchError extends Error {}

function fetchBytes(url: URL, ca: SnsOptions["ca"], timeoutMs: number, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const options = {
      method: "GET",
      timeout: timeoutMs,
      headers: { "user-agent": "bouncewise" },
      ...(url.protocol === "https:" && ca !== undefined ? { ca: ca as string | Buffer | (string | Buffer)[] } : {}),
    };
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new FetchError(`${url.host} answered HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy(new FetchError(`${url.host} sent more than ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve(Buffer.concat(chunks, size)));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new FetchError(`${url.host} did not answer in ${timeoutMs} ms`)));
    req.on("error", (e) => reject(e instanceof FetchError ? e : new FetchError(`${url.host}: ${e.message}`)));
    req.end();
  });
}

export type SnsVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 400 | 403 | 502; readonly message: string };

export class SnsVerifier {
  private readonly certs = new Map<string, { until: number; key: Promise<KeyObject> }>();
  private readonly allowHosts: ReadonlySet<string>;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: SnsOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.allowHosts = new Set((options.allowHosts ?? []).map((h) => h.toLowerCase()));
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The URL when it names SNS (https, sns.<region>.amazonaws.com) or an allowed test host; else null. */
  allowedUrl(value: string): URL | null {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return null;
    }
    if (url.username !== "" || url.password !== "") return null;
    if (this.allowHosts.has(url.host.toLowerCase()))
      return url.protocol === "https:" || url.protocol === "http:" ? url : null;
    return url.protocol === "https:" && url.port === "" && SNS_HOST.test(url.hostname.toLowerCase()) ? url : null;
  }

  private certificate(url: URL): Promise<KeyObject> {
    const href = url.href;
    const hit = this.certs.get(href);
    if (hit !== undefined && hit.until > this.now()) return hit.key;
    const key = fetchBytes(url, this.options.ca, this.timeoutMs, MAX_CERT_BYTES).then((pem) => {
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(pem);
      } catch {
        throw new FetchError(`SigningCertURL ${url.host} did not give a certificate`);
      }
      const t = this.now();
      if (Date.parse(cert.validFrom) > t || Date.parse(cert.validTo) < t) {
        throw new FetchError("the SNS signing certificate is not valid at this time");
      }
      return cert.publicKey;
    });
    // Failures are not kept: the next message fetches again.
    key.catch(() => this.certs.delete(href));
    if (this.certs.size >= CERT_CACHE_SIZE) {
      const oldest = this.certs.keys().next();
      if (oldest.done !== true) this.certs.delete(oldest.value);
    }
    this.certs.set(href, { until: this.now() + CERT_CACHE_MS, key });
    return key;
  }

  /** Checks the message's topic, certificate URL and signature. */
  async verify(m: SnsMessage): Promise<SnsVerdict> {
    const topics = this.options.topicArns;
    if (topics !== undefined && topics.length > 0 && !topics.includes(m.TopicArn)) {
      return { ok: false, status: 403, message: "the SNS topic is not one this server accepts" };
    }
    const algorithm = m.SignatureVersion === "1" ? "sha1" : m.SignatureVersion === "2" ? "sha256" : null;
    if (algorithm === null) return { ok: false, status: 400, message: "unknown SNS SignatureVersion" };
    const url = this.allowedUrl(m.SigningCertURL);
    if (url === null || !url.pathname.endsWith(".pem")) {
      return { ok: false, status: 403, message: "SigningCertURL is not an Amazon SNS certificate URL" };
    }
    let key: KeyObject;
    try {
      key = await this.certificate(url);
    } catch (e) {
      return { ok: false, status: 502, message: `could not get the SNS signing certificate: ${(e as Error).message}` };
    }
    let good = false;
    try {
      good = verify(algorithm, Buffer.from(stringToSign(m), "utf8"), key, Buffer.from(m.Signature, "base64"));
    } catch {
      good = false;
    }
    return good ? { ok: true } : { ok: false, status: 403, message: "the SNS signature does not verify" };
  }

  /** Confirms a subscription by GETting its SubscribeURL (only on an SNS host). */
  async confirm(m: SnsMessage): Promise<SnsVerdict> {
    const url = m.SubscribeURL === undefined ? null : this.allowedUrl(m.SubscribeURL);
    if (url === null) return { ok: false, status: 403, message: "SubscribeURL is not an Amazon SNS URL" };
    try {
      await fetchBytes(url, this.options.ca, this.timeoutMs, MAX_CONFIRM_BYTES);
      return { ok: true };
    } catch (e) {
      return { ok: false, status: 502, message: `could not confirm the subscription: ${(e as Error).message}` };
    }
  }
}
