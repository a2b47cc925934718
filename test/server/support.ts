// The API server for tests: the real server listening on a loopback port, over a real SQLite file in a temporary
// directory; requests with fetch, or with node:http where a test needs headers fetch will not send (Host) or a
// body sent in chunks.
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerOptions } from "../../src/server/context.js";
import { type RunningServer, startServer } from "../../src/server/listen.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";

export interface TestServer {
  readonly base: string;
  readonly store: SqliteStore;
  readonly server: RunningServer;
  readonly dir: string;
  /** 500 errors the server saw. */
  readonly errors: unknown[];
  close(): Promise<void>;
}

export async function startTestServer(
  options: Partial<ServerOptions> & { readonly host?: string } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "bw-server-"));
  const store = new SqliteStore(join(dir, "store.db"));
  const errors: unknown[] = [];
  const server = await startServer({
    port: 0,
    ...options,
    store,
    onError: (e) => errors.push(e),
  });
  return {
    base: `http://127.0.0.1:${server.port}`,
    store,
    server,
    dir,
    errors,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request with node:http: any header (Host, Origin), and a body given as chunks (sent chunked) or whole. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer | readonly (string | Buffer)[];
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    const body = options.body;
    if (Array.isArray(body)) for (const c of body) req.write(c);
    else if (body !== undefined) req.write(body as string | Buffer);
    req.end();
  });
}

/** A Postfix log line (syslog time without a year) bouncing `rcpt` with a 5.1.1 reply. */
export function postfixBounceLine(rcpt: string, queueId: string, time = "Nov 28 10:00:00"): string {
  return `${time} mx1 postfix/smtp[4711]: ${queueId}: to=<${rcpt}>, relay=mx.example.com[192.0.2.25]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.25] said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))\n`;
}

/** A DSN bounce email (RFC 3464) for one recipient, from example.org's MTA. */
export function dsnMail(rcpt: string, id: string): string {
  return [
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
    "To: news@example.org",
    `Subject: Undelivered Mail Returned to Sender`,
    `Message-ID: <${id}@mx.example.org>`,
    "Date: Fri, 28 Nov 2025 10:00:05 +0000",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    "",
    "--B1",
    "Content-Type: text/plain",
    "",
    "I'm sorry to have to inform you that your message could not be delivered.",
    "",
    "--B1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.org",
    "",
    `Final-Recipient: rfc822; ${rcpt}`,
    "Action: failed",
    "Status: 5.1.1",
    "Remote-MTA: dns; mx.example.com",
    `Diagnostic-Code: smtp; 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`,
    "",
    "--B1",
    "Content-Type: text/rfc822-headers",
    "",
    "From: news@example.org",
    `To: ${rcpt}`,
    "Subject: Spring offers",
    `Message-ID: <orig-${id}@example.org>`,
    "",
    "--B1--",
    "",
  ].join("\n");
}
