// Errors Node meets before a request reaches a route are answered in the API's JSON shape too, over a raw socket
// to the real server on loopback.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Sends raw bytes and returns everything the server wrote before closing. */
function raw(bytes: string): Promise<string> {
  const { port } = new URL(t.base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(bytes));
    let out = "";
    socket.on("data", (d) => {
      out += d.toString("latin1");
    });
    socket.on("error", () => resolve(out));
    socket.on("close", () => resolve(out));
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error("no answer"));
    });
  });
}

function jsonOf(response: string): { status: number; body: { error: { code: string; message: string } } } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
  return { status, body: JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)) };
}

describe("errors before a route", () => {
  it("a malformed request line is a 400 in the API's JSON shape", async () => {
    const r = jsonOf(await raw("THIS IS NOT HTTP\r\n\r\n"));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("bad_request");
  });

  it("headers over Node's limit are a 431 in the API's JSON shape", async () => {
    const r = jsonOf(await raw(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`));
    expect(r.status).toBe(431);
    expect(r.body.error.code).toBe("too_large");
  });
});
