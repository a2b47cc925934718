// Who may call: a public interface without a token is refused at start; with a token every route but health
// (and routes that declare themselves public) needs it as a bearer token; without one, only requests addressed to
// loopback, and no browser request from another site, are answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../src/server/auth.js";
import { refusalOf, ServeError, startServer } from "../../src/server/listen.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { rawRequest, startTestServer, type TestServer } from "./support.js";

const TOKEN = "0123456789abcdef0123456789abcdef";

describe("starting", () => {
  it("refuses a public interface without a token, with a message that says what to do", async () => {
    const store = new SqliteStore(":memory:");
    try {
      for (const host of ["0.0.0.0", "::", "192.0.2.10", "example.com"]) {
        const err = await startServer({ store, host, port: 0 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ServeError);
        expect((err as ServeError).code).toBe("EPUBLIC");
        expect((err as ServeError).message).toContain("--token");
        expect((err as ServeError).message).toContain("BOUNCEWISE_TOKEN");
      }
    } finally {
      await store.close();
    }
  });

  it("refuses a short token, and accepts loopback without one", () => {
    expect(refusalOf("0.0.0.0", "short")?.code).toBe("ETOKEN");
    expect(refusalOf("0.0.0.0", TOKEN)).toBeNull();
    for (const host of ["127.0.0.1", "::1", "localhost", "127.0.0.2"]) expect(refusalOf(host, undefined)).toBeNull();
  });

  it.each([
    ["127.0.0.1", true],
    ["127.10.0.1", true],
    ["::1", true],
    ["[::1]", true],
    ["localhost", true],
    ["LOCALHOST", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.0.2.1", false],
    ["localhost.example.com", false],
    ["128.0.0.1", false],
  ])("isLoopbackHost(%s) is %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe("with a token", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      token: TOKEN,
      plugins: [
        (app) => {
          app.get("/status-page", { schema: { hide: true }, config: { auth: "public" } }, async () => ({ ok: true }));
        },
      ],
    });
  });
  afterAll(() => t.close());

  const explain = (headers: Record<string, string>) =>
    fetch(`${t.base}/api/explain`, {
      method: "POST",
      headers: { "content-type": "text/plain", ...headers },
      body: "550 5.1.1 user unknown",
    });

  it("answers 401 (JSON, WWW-Authenticate: Bearer) without the token or with a wrong one", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer wrong-token-wrong-token-wrong" },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` },
      { authorization: TOKEN },
    ]) {
      const res = await explain(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("answers with the token", async () => {
    const res = await explain({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ enhancedCode: "5.1.1" });
  });

  it("leaves health and public routes open, and guards everything else (the OpenAPI document, unknown routes)", async () => {
    expect((await fetch(`${t.base}/api/health`)).status).toBe(200);
    expect((await fetch(`${t.base}/status-page`)).status).toBe(200);
    expect((await fetch(`${t.base}/api/openapi.json`)).status).toBe(401);
    expect((await fetch(`${t.base}/api/report`)).status).toBe(401);
    expect((await fetch(`${t.base}/api/no-such-route`)).status).toBe(401);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${t.base}/api/no-such-route`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${t.base}/api/openapi.json`, { headers: auth })).status).toBe(200);
  });

  it("answers requests addressed to any host name (the token protects it)", async () => {
    const r = await rawRequest(`${t.base}/api/health`, { headers: { host: "bouncewise.example.net" } });
    expect(r.status).toBe(200);
  });
});

describe("without a token (loopback only)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("answers requests addressed to loopback names, and refuses others (DNS rebinding)", async () => {
    const port = t.server.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await rawRequest(`${t.base}/api/health`, { headers: { host } })).status).toBe(200);
    }
    const rebound = await rawRequest(`${t.base}/api/report`, { headers: { host: `attacker.example.com:${port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: "forbidden" } });
    expect(JSON.parse(rebound.body).error.message).toContain("--token");
  });

  it("refuses a browser's request from another site, and takes one from its own pages", async () => {
    const send = (origin: string) =>
      rawRequest(`${t.base}/api/explain`, {
        method: "POST",
        headers: { "content-type": "text/plain", origin },
        body: "550 5.1.1 user unknown",
      });
    expect((await send("https://attacker.example.com")).status).toBe(403);
    expect((await send("null")).status).toBe(403);
    expect((await send(t.base)).status).toBe(200);
  });
});
