// The ESP webhooks with real signatures: an ECDSA P-256 key pair for SendGrid, an HMAC key for Mailgun, and for
// SES an SNS stand-in: a self-signed certificate served by a loopback HTTPS server (allowed by the test-host
// option) and a loopback HTTP endpoint that records the subscription confirmation.
import { execFileSync } from "node:child_process";
import { createHmac, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnsVerifier } from "../../src/server/sns.js";
import { startTestServer, type TestServer } from "./support.js";

const TOKEN = "test-token-0123456789abcdef";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-events";

// SendGrid: the verification key the console would show (base64 DER), and the private half to sign with.
const sendgrid = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const SENDGRID_PUBLIC = sendgrid.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const MAILGUN_KEY = "mailgun-signing-key-4f1c2b9e8d7a";

// The SNS stand-in: a certificate made with openssl, served over HTTPS with itself as the TLS certificate.
const certDir = mkdtempSync(join(tmpdir(), "bw-sns-"));
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    join(certDir, "key.pem"),
    "-out",
    join(certDir, "cert.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  ],
  { stdio: "ignore" },
);
const CERT = readFileSync(join(certDir, "cert.pem"), "utf8");
const KEY = readFileSync(join(certDir, "key.pem"), "utf8");
const snsKey: KeyObject = createPrivateKey(KEY);

let certServer: Server;
let certHits = 0;
let confirmServer: Server;
const confirmations: string[] = [];
let certUrl = "";
let confirmBase = "";

let open: TestServer; // no token (loopback), every secret configured
let guarded: TestServer; // with a token, no webhook secrets

const listen = (s: Server) =>
  new Promise<number>((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  certServer = createHttpsServer({ key: KEY, cert: CERT }, (req, res) => {
    certHits++;
    if (req.url === "/SimpleNotificationService-test.pem") res.end(CERT);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  confirmServer = createHttpServer((req, res) => {
    confirmations.push(req.url ?? "");
    res.end("<ConfirmSubscriptionResponse/>");
  });
  const certPort = await listen(certServer);
  const confirmPort = await listen(confirmServer);
  certUrl = `https://127.0.0.1:${certPort}/SimpleNotificationService-test.pem`;
  confirmBase = `http://127.0.0.1:${confirmPort}`;
  const sns = { allowHosts: [`127.0.0.1:${certPort}`, `127.0.0.1:${confirmPort}`], ca: CERT, topicArns: [TOPIC] };
  open = await startTestServer({
    webhooks: {
      sendgridPublicKey: SENDGRID_PUBLIC,
      mailgunSigningKey: MAILGUN_KEY,
      basicAuth: { user: "postmark", password: "hook-password-1" },
      sns,
    },
  });
  guarded = await startTestServer({ token: TOKEN, webhooks: { sendgridPublicKey: SENDGRID_PUBLIC, sns } });
});

afterAll(async () => {
  await open.close();
  await guarded.close();
  await new Promise((r) => certServer.close(r));
  await new Promise((r) => confirmServer.close(r));
  rmSync(certDir, { recursive: true, force: true });
});

const post = (base: string, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("SendGrid (Signed Event Webhook)", () => {
  const body = JSON.stringify([
    {
      email: "ann@example.com",
      timestamp: 1764324000,
      event: "bounce",
      sg_event_id: "sg-evt-1",
      sg_message_id: "sg-msg-1.filter0001",
      reason: "550 5.1.1 The email account that you tried to reach does not exist.",
      status: "5.1.1",
      type: "bounce",
    },
  ]);
  const signed = (payload: string, ts = String(Math.floor(Date.now() / 1000))) => ({
    "x-twilio-email-event-webhook-timestamp": ts,
    "x-twilio-email-event-webhook-signature": sign("sha256", Buffer.from(ts + payload), sendgrid.privateKey).toString(
      "base64",
    ),
  });

  it("stores the events of a request signed with the configured key", async () => {
    const res = await post(open.base, "/api/webhooks/sendgrid", body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ events: 1, inserted: 1, problems: 0 });
    expect((await open.store.suppressions()).map((s) => s.recipient)).toContain("ann@example.com");
  });

  it("refuses a missing signature (401), a wrong one or a changed body (403)", async () => {
    expect(await errorCode(await post(open.base, "/api/webhooks/sendgrid", body))).toBe("unauthorized");
    const headers = signed(body);
    const changed = body.replace("ann@", "bob@");
    const res = await post(open.base, "/api/webhooks/sendgrid", changed, headers);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("forbidden");
    const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const ts = "1764324000";
    const forged = sign("sha256", Buffer.from(ts + body), other.privateKey).toString("base64");
    const res2 = await post(open.base, "/api/webhooks/sendgrid", body, {
      "x-twilio-email-event-webhook-timestamp": ts,
      "x-twilio-email-event-webhook-signature": forged,
    });
    expect(res2.status).toBe(403);
  });

  it("needs no token when the signature verifies, on a server with a token", async () => {
    const res = await post(guarded.base, "/api/webhooks/sendgrid", body, signed(body));
    expect(res.status).toBe(200);
  });
});

describe("Mailgun", () => {
  let n = 0;
  const event = (token: string, timestamp: number, key = MAILGUN_KEY) => {
    n++;
    return JSON.stringify({
      signature: {
        timestamp: String(timestamp),
        token,
        signature: createHmac("sha256", key).update(`${timestamp}${token}`).digest("hex"),
      },
      "event-data": {
        id: `mg-evt-${n}`,
        timestamp: timestamp + 0.25,
        event: "failed",
        severity: "permanent",
        recipient: `mg${n}@example.com`,
        envelope: { sender: "bounce@mg.example.org", "sending-ip": "192.0.2.70" },
        message: { headers: { "message-id": `mg-${n}@mg.example.org` } },
        "delivery-status": { code: 550, "enhanced-code": "5.1.1", message: "5.1.1 mailbox does not exist" },
      },
    });
  };
  const now = () => Math.floor(Date.now() / 1000);

  it("stores a signed event", async () => {
    const res = await post(open.base, "/api/webhooks/mailgun", event("tok-a1b2c3d4e5f60718293a4b5c6d", now()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ events: 1, inserted: 1 });
  });

  it("refuses a wrong key, a stale timestamp and a token used twice", async () => {
    const wrong = await post(open.base, "/api/webhooks/mailgun", event("tok-wrong-key-0001", now(), "other-key"));
    expect(wrong.status).toBe(403);
    const stale = await post(open.base, "/api/webhooks/mailgun", event("tok-stale-0001", now() - 3600));
    expect(stale.status).toBe(403);
    const once = event("tok-replay-0001", now());
    expect((await post(open.base, "/api/webhooks/mailgun", once)).status).toBe(200);
    const again = await post(open.base, "/api/webhooks/mailgun", once);
    expect(again.status).toBe(403);
    expect(await errorCode(again)).toBe("forbidden");
    const unsigned = JSON.stringify({ "event-data": JSON.parse(event("tok-x", now()))["event-data"] });
    expect((await post(open.base, "/api/webhooks/mailgun", unsigned)).status).toBe(401);
  });

  it("without a signing key, falls back to the server's token", async () => {
    const body = event("tok-guarded-0001", now());
    expect((await post(guarded.base, "/api/webhooks/mailgun", body)).status).toBe(401);
    const res = await post(guarded.base, "/api/webhooks/mailgun", body, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
  });
});

describe("Postmark and SparkPost (unsigned: basic auth or the token)", () => {
  const postmark = JSON.stringify({
    RecordType: "Bounce",
    ID: 7001,
    Type: "HardBounce",
    TypeCode: 1,
    MessageID: "pm-msg-7001",
    Email: "pm@example.com",
    From: "billing@example.org",
    Details: "smtp;550 5.1.1 <pm@example.com>: Recipient address rejected: User unknown",
    BouncedAt: "2025-11-28T10:05:00Z",
  });
  const sparkpost = JSON.stringify([
    {
      msys: {
        message_event: {
          type: "bounce",
          event_id: "sp-evt-1",
          timestamp: "1764324000",
          message_id: "sp-msg-1",
          rcpt_to: "sp@example.com",
          msg_from: "bounces@mail.example.org",
          bounce_class: "10",
          raw_reason: "550 5.1.1 <sp@example.com>: Recipient address rejected: User unknown",
        },
      },
    },
    { msys: {} },
  ]);
  const basic = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
  });

  it("accepts the configured basic-auth credentials and refuses others", async () => {
    const ok = await post(open.base, "/api/webhooks/postmark", postmark, basic("postmark", "hook-password-1"));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ events: 1, inserted: 1 });
    const wrong = await post(open.base, "/api/webhooks/postmark", postmark, basic("postmark", "guess"));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Basic");
    expect((await post(open.base, "/api/webhooks/sparkpost", sparkpost)).status).toBe(401);
    const sp = await post(open.base, "/api/webhooks/sparkpost", sparkpost, basic("postmark", "hook-password-1"));
    expect(sp.status).toBe(200);
    expect(await sp.json()).toMatchObject({ events: 1, inserted: 1, problems: 0 });
  });

  it("on a server with a token, take it as bearer or as the basic-auth password", async () => {
    expect((await post(guarded.base, "/api/webhooks/postmark", postmark)).status).toBe(401);
    const bearer = await post(guarded.base, "/api/webhooks/postmark", postmark, { authorization: `Bearer ${TOKEN}` });
    expect(bearer.status).toBe(200);
    const inUrl = await post(guarded.base, "/api/webhooks/sparkpost", sparkpost, basic("sparkpost", TOKEN));
    expect(inUrl.status).toBe(200);
  });

  it("answers a body that is not JSON with a JSON 400", async () => {
    const res = await post(open.base, "/api/webhooks/postmark", "{nope", basic("postmark", "hook-password-1"));
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("invalid_json");
  });
});

describe("SES through SNS", () => {
  let id = 0;
  /** An SNS message signed as SNS signs it (the fields in order, each "Name\nvalue\n"). */
  function snsMessage(fields: Record<string, string>, version: "1" | "2" = "2", key: KeyObject = snsKey) {
    id++;
    const m: Record<string, string> = {
      MessageId: `0000-test-${id}`,
      TopicArn: TOPIC,
      Timestamp: new Date().toISOString(),
      SignatureVersion: version,
      SigningCertURL: certUrl,
      ...fields,
    };
    const order =
      m.Type === "Notification"
        ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
        : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
    const text = order
      .filter((k) => m[k] !== undefined)
      .map((k) => `${k}\n${m[k]}\n`)
      .join("");
    m.Signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(text), key).toString("base64");
    return m;
  }
  const sesBounce = (rcpt: string) =>
    JSON.stringify({
      notificationType: "Bounce",
      bounce: {
        feedbackId: `fb-${rcpt}`,
        bounceType: "Permanent",
        bounceSubType: "General",
        bouncedRecipients: [
          { emailAddress: rcpt, action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" },
        ],
        timestamp: "2025-11-28T10:00:00.000Z",
      },
      mail: {
        timestamp: "2025-11-28T09:59:58.000Z",
        source: "news@example.org",
        messageId: `ses-${rcpt}`,
        destination: [rcpt],
      },
    });
  // SNS posts its JSON as text/plain.
  const postSns = (base: string, m: Record<string, string>) =>
    fetch(`${base}/api/webhooks/ses`, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": m.Type ?? "" },
      body: JSON.stringify(m),
    });

  it("confirms a subscription by GETting its SubscribeURL once the signature verifies", async () => {
    const url = `${confirmBase}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=tok1`;
    const res = await postSns(
      open.base,
      snsMessage({
        Type: "SubscriptionConfirmation",
        Message: "You have chosen to subscribe",
        SubscribeURL: url,
        Token: "tok1",
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ confirmed: true, topicArn: TOPIC });
    expect(confirmations).toEqual([url.slice(confirmBase.length)]);
  });

  it("stores notifications signed with SignatureVersion 2 and 1, fetching the certificate once", async () => {
    const hitsBefore = certHits;
    for (const [rcpt, version] of [
      ["ses2@example.com", "2"],
      ["ses1@example.com", "1"],
    ] as const) {
      const res = await postSns(open.base, snsMessage({ Type: "Notification", Message: sesBounce(rcpt) }, version));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ events: 1, inserted: 1 });
    }
    expect(certHits - hitsBefore).toBeLessThanOrEqual(1); // cached from the confirmation above
    const list = (await open.store.suppressions()).map((s) => s.recipient);
    expect(list).toEqual(expect.arrayContaining(["ses2@example.com", "ses1@example.com"]));
  });

  it("needs no token when the signature verifies, on a server with a token", async () => {
    const res = await postSns(guarded.base, snsMessage({ Type: "Notification", Message: sesBounce("g@example.com") }));
    expect(res.status).toBe(200);
  });

  it("on a server with a token but no list of accepted topics, asks for the token too (any AWS account can sign)", async () => {
    const { topicArns: _all, ...anyTopic } = { allowHosts: [new URL(certUrl).host], ca: CERT, topicArns: [TOPIC] };
    const anyTopicServer = await startTestServer({ token: TOKEN, webhooks: { sns: anyTopic } });
    try {
      const m = snsMessage({ Type: "Notification", Message: sesBounce("t@example.com") });
      expect((await postSns(anyTopicServer.base, m)).status).toBe(401);
      const basic = Buffer.from(`sns:${TOKEN}`).toString("base64");
      const withToken = await fetch(`${anyTopicServer.base}/api/webhooks/ses`, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=UTF-8", authorization: `Basic ${basic}` },
        body: JSON.stringify(m),
      });
      expect(withToken.status).toBe(200);
    } finally {
      await anyTopicServer.close();
    }
  });

  it("refuses a changed message, another signer, an unknown topic, and certificate or subscribe URLs off SNS", async () => {
    const m = snsMessage({ Type: "Notification", Message: sesBounce("x@example.com") });
    const changed = await postSns(open.base, { ...m, Message: sesBounce("y@example.com") });
    expect(changed.status).toBe(403);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    expect((await postSns(open.base, snsMessage({ Type: "Notification", Message: "{}" }, "2", other))).status).toBe(
      403,
    );
    const topic = snsMessage({ Type: "Notification", Message: "{}", TopicArn: "arn:aws:sns:eu-west-1:999999999999:x" });
    expect((await postSns(open.base, topic)).status).toBe(403);
    const hits = certHits;
    const offSns = snsMessage({
      Type: "Notification",
      Message: "{}",
      SigningCertURL: "https://sns.example.com/cert.pem",
    });
    expect(await errorCode(await postSns(open.base, offSns))).toBe("forbidden");
    expect(certHits).toBe(hits);
    const confirmed = confirmations.length;
    const evilSubscribe = snsMessage({
      Type: "SubscriptionConfirmation",
      Message: "x",
      SubscribeURL: "http://198.51.100.7/confirm",
      Token: "tok2",
    });
    expect((await postSns(open.base, evilSubscribe)).status).toBe(403);
    expect(confirmations.length).toBe(confirmed);
    const unsigned = { Type: "Notification", Message: sesBounce("z@example.com") };
    expect((await postSns(open.base, unsigned)).status).toBe(400);
  });
});

describe("SnsVerifier.allowedUrl", () => {
  const v = new SnsVerifier({ allowHosts: ["127.0.0.1:9999"] });
  it.each([
    ["https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", true],
    ["https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem", true],
    ["http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", false],
    ["https://sns.us-east-1.amazonaws.com:8443/x.pem", false],
    ["https://sns.us-east-1.amazonaws.com.example.net/x.pem", false],
    ["https://user@sns.us-east-1.amazonaws.com/x.pem", false],
    ["https://s3.amazonaws.com/x.pem", false],
    ["http://127.0.0.1:9999/x.pem", true],
    ["http://127.0.0.1:9998/x.pem", false],
    ["not a url", false],
  ])("%s -> %s", (url, ok) => {
    expect(v.allowedUrl(url) !== null).toBe(ok);
  });
});
