// The HTTP API against the real server on a loopback port, a real SQLite file, and a real DNS server on loopback
// for the domain check: every route's answer, the JSON error shape of every failure (ours and fastify's), limits.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/server/errors.js";
import { startDnsServer, type TestDnsServer } from "../support/dns-server.js";
import { dsnMail, postfixBounceLine, rawRequest, startTestServer, type TestServer } from "./support.js";

const GMAIL_5726 =
  "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's 550-5.7.26 DMARC policy. Please contact the administrator of example.org domain if 550-5.7.26 this was a legitimate mail. To learn about the DMARC initiative, go to 550 5.7.26  https://support.google.com/mail/?p=DmarcRejection a1si123456qkb.12 - gsmtp";

let t: TestServer;
let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startDnsServer({
    "example.org": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"], MX: [{ exchange: "mx.example.org", priority: 10 }] },
    "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@example.org"] },
    "mx.example.org": { A: ["192.0.2.25"] },
  });
  t = await startTestServer({
    resolver: dns.address,
    limits: { bodyLimit: 64 * 1024, uploadLimit: 256 * 1024, files: 5 },
    plugins: [
      (app) => {
        app.get("/api/test/boom", { schema: { hide: true } }, async () => {
          throw new Error("secret detail at /home/user/db");
        });
        app.get("/api/test/teapot", { schema: { hide: true } }, async () => {
          throw new ApiError(403, "forbidden", "not for you");
        });
      },
    ],
  });
});
afterAll(async () => {
  await t.close();
  await dns.close();
});

const postJson = (path: string, body: unknown) =>
  fetch(`${t.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body.error.message;
}

describe("POST /api/explain", () => {
  it("answers the Diagnosis exactly as `bouncewise explain --json` prints it", async () => {
    const res = await postJson("/api/explain", { text: GMAIL_5726 });
    expect(res.status).toBe(200);
    const api = await res.json();
    const cli = spawnSync(
      process.execPath,
      [
        "--import",
        import.meta.resolve("tsx"),
        join(import.meta.dirname, "..", "..", "src", "cli", "run.ts"),
        "explain",
        "--json",
        GMAIL_5726,
      ],
      { encoding: "utf8" },
    );
    expect(cli.status).toBe(0);
    expect(api).toEqual(JSON.parse(cli.stdout));
    expect(api).toMatchObject({ enhancedCode: "5.7.26", provider: "google", outcome: "permanent" });
  });

  it("takes text/plain, with provider and stage as query parameters", async () => {
    const res = await fetch(`${t.base}/api/explain?stage=rcpt`, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "550 no such user here",
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as { replyCode: number; stage: string | null };
    expect(d.replyCode).toBe(550);
    expect(d.stage).toBe("rcpt");
  });

  it("reads a whole bounce email as the bounce it is: one diagnosis per recipient", async () => {
    const res = await postJson("/api/explain", { text: dsnMail("ann@example.com", "e1") });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { recipient: string; enhancedCode: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ recipient: "ann@example.com", enhancedCode: "5.1.1" });
  });

  it("refuses malformed JSON, an empty body, invalid fields, other media types and big bodies with JSON errors", async () => {
    const bad = await fetch(`${t.base}/api/explain`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"text": "550',
    });
    await expectError(bad, 400, "invalid_json");
    const empty = await fetch(`${t.base}/api/explain`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "",
    });
    await expectError(empty, 400, "empty_body");
    await expectError(await postJson("/api/explain", { text: "550", stage: "lunch" }), 400, "invalid_request");
    await expectError(await postJson("/api/explain", { txt: "550" }), 400, "invalid_request");
    await expectError(await postJson("/api/explain", { text: "   " }), 400, "bad_request");
    const xml = await fetch(`${t.base}/api/explain`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<reply>550</reply>",
    });
    await expectError(xml, 415, "unsupported_media_type");
    const big = await fetch(`${t.base}/api/explain`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: `550 ${"x".repeat(70 * 1024)}`,
    });
    await expectError(big, 413, "too_large");
  });
});

describe("POST /api/parse", () => {
  it("parses one bounce email sent as message/rfc822", async () => {
    const res = await fetch(`${t.base}/api/parse`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: dsnMail("ann@example.com", "p1"),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: number;
      mails: { name: string; kind: string; results: { recipient: string; reason: string; status: string }[] }[];
    };
    expect(body.results).toBe(1);
    expect(body.mails[0]).toMatchObject({ name: "body", kind: "bounce" });
    expect(body.mails[0]?.results[0]).toMatchObject({
      recipient: "ann@example.com",
      reason: "userunknown",
      status: "5.1.1",
    });
  });

  it("splits an mbox body, and reads several files of a multipart upload", async () => {
    const mbox = `From MAILER-DAEMON Fri Nov 28 10:00:05 2025\n${dsnMail("ann@example.com", "m1")}\nFrom MAILER-DAEMON Fri Nov 28 10:00:06 2025\n${dsnMail("bob@example.com", "m2")}`;
    const res = await fetch(`${t.base}/api/parse`, {
      method: "POST",
      headers: { "content-type": "application/mbox" },
      body: mbox,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mails: { message: number; results: { recipient: string }[] }[] };
    expect(body.mails.map((m) => [m.message, m.results[0]?.recipient])).toEqual([
      [0, "ann@example.com"],
      [1, "bob@example.com"],
    ]);

    const form = new FormData();
    form.append("file", new Blob([dsnMail("carl@example.com", "f1")]), "one.eml");
    form.append("file", new Blob(["Subject: hello\n\njust a note, not a bounce\n"]), "two.eml");
    const multi = await fetch(`${t.base}/api/parse`, { method: "POST", body: form });
    expect(multi.status).toBe(200);
    const parsed = (await multi.json()) as { mails: { name: string; kind: string }[] };
    expect(parsed.mails.map((m) => [m.name, m.kind])).toEqual([
      ["one.eml", "bounce"],
      ["two.eml", "not-bounce"],
    ]);
  });

  it("refuses a JSON body and an empty one", async () => {
    await expectError(await postJson("/api/parse", { text: "x" }), 415, "unsupported_media_type");
    const empty = await fetch(`${t.base}/api/parse`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: "",
    });
    await expectError(empty, 400, "empty_body");
  });
});

describe("POST /api/ingest, GET /api/report and /api/suppressions", () => {
  it("ingests a raw log body, then nothing twice", async () => {
    const log =
      postfixBounceLine("ann@example.com", "4ZK2fD0n7Kz9rxN") + postfixBounceLine("bob@example.com", "4ZK2fD0n7Kz9rxP");
    const first = await fetch(`${t.base}/api/ingest?name=maillog&year=2025`, { method: "POST", body: log });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      files: [{ file: "maillog", format: "postfix", records: 2, events: 2, inserted: 2, error: null }],
      inserted: 2,
      failedFiles: 0,
    });
    const again = await fetch(`${t.base}/api/ingest?name=maillog&year=2025`, { method: "POST", body: log });
    expect(await again.json()).toMatchObject({ inserted: 0, duplicates: 2 });
  });

  it("ingests a gzip body, sent in chunks, decompressed while read", async () => {
    const gz = gzipSync(postfixBounceLine("dan@example.com", "4ZK2fD0n7Kz9rxQ"));
    const r = await rawRequest(`${t.base}/api/ingest?name=maillog.1.gz&year=2025`, {
      method: "POST",
      headers: { "content-type": "application/gzip" },
      body: [gz.subarray(0, 10), gz.subarray(10)],
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ files: [{ format: "postfix", inserted: 1 }] });
  });

  it("ingests several files of a multipart upload, each on its own; an unknown one is reported by name", async () => {
    const form = new FormData();
    const postmark = {
      RecordType: "Bounce",
      ID: 901,
      Type: "HardBounce",
      TypeCode: 1,
      Email: "eve@example.com",
      Details: "smtp;550 5.1.1 <eve@example.com>: Recipient address rejected: User unknown",
      BouncedAt: "2025-11-28T10:05:00Z",
    };
    form.append("file", new Blob([`${JSON.stringify(postmark)}\n`]), "postmark.ndjson");
    form.append(
      "file",
      new Blob([`From MAILER-DAEMON Fri Nov 28 10:00:05 2025\n${dsnMail("fay@example.com", "i1")}`]),
      "bounces.mbox",
    );
    form.append("file", new Blob([Buffer.from([0, 1, 2, 255])]), "junk.bin");
    const res = await fetch(`${t.base}/api/ingest`, { method: "POST", body: form });
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      files: { file: string; format: string | null; inserted: number; error: { code: string } | null }[];
      failedFiles: number;
    };
    expect(report.files.map((f) => [f.file, f.format, f.inserted, f.error?.code ?? null])).toEqual([
      ["postmark.ndjson", "json", 1, null],
      ["bounces.mbox", "mail", 1, null],
      ["junk.bin", null, 0, "EFORMAT"],
    ]);
    expect(report.failedFiles).toBe(1);
  });

  it("answers 413 for an upload over the limit, declared or streamed, and for a multipart file over it", async () => {
    const big = postfixBounceLine("gus@example.com", "4ZK2fD0n7Kz9rxR").repeat(1200); // about 380 KB
    const declared = await fetch(`${t.base}/api/ingest?year=2025`, { method: "POST", body: big });
    await expectError(declared, 413, "too_large");
    const streamed = await rawRequest(`${t.base}/api/ingest?year=2025`, {
      method: "POST",
      body: [big.slice(0, 100_000), big.slice(100_000, 200_000), big.slice(200_000)],
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe("too_large");
    const form = new FormData();
    form.append("file", new Blob([big]), "big.log");
    await expectError(await fetch(`${t.base}/api/ingest?year=2025`, { method: "POST", body: form }), 413, "too_large");
  });

  it("refuses bad query parameters and an empty body", async () => {
    await expectError(
      await fetch(`${t.base}/api/ingest?format=word`, { method: "POST", body: "x" }),
      400,
      "invalid_request",
    );
    await expectError(
      await fetch(`${t.base}/api/ingest?utcOffset=x`, { method: "POST", body: "x" }),
      400,
      "invalid_request",
    );
    await expectError(await fetch(`${t.base}/api/ingest`, { method: "POST" }), 400, "empty_body");
  });

  it("reports what was stored, with the CLI's time filters", async () => {
    const res = await fetch(`${t.base}/api/report`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { totals: { total: number; bounced: number }; findings: unknown[] };
    expect(report.totals.bounced).toBeGreaterThanOrEqual(5);
    expect(report.findings.length).toBeGreaterThan(0);
    const none = (await (await fetch(`${t.base}/api/report?since=2000-01-01&until=2000-01-02`)).json()) as {
      totals: { total: number };
      filter: { since: number; until: number };
    };
    expect(none.totals.total).toBe(0);
    expect(none.filter).toEqual({ since: Date.UTC(2000, 0, 1), until: Date.UTC(2000, 0, 2) });
    await expectError(await fetch(`${t.base}/api/report?since=yesterdayish`), 400, "invalid_request");
    await expectError(await fetch(`${t.base}/api/report?colour=blue`), 400, "invalid_request");
  });

  it("lists suppressions as JSON, and as CSV on ?format=csv or Accept: text/csv", async () => {
    const list = (await (await fetch(`${t.base}/api/suppressions`)).json()) as { recipient: string; cause: string }[];
    expect(list.map((s) => s.recipient)).toContain("ann@example.com");
    expect(list.find((s) => s.recipient === "ann@example.com")?.cause).toBe("hard-bounce");
    for (const init of [
      { query: "?format=csv", accept: "*/*" },
      { query: "", accept: "text/csv" },
    ]) {
      const res = await fetch(`${t.base}/api/suppressions${init.query}`, { headers: { accept: init.accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(res.headers.get("content-disposition")).toContain("suppressions.csv");
      const csv = await res.text();
      expect(csv.split("\r\n")[0]).toBe("address,cause,reason,count,last_seen");
      expect(csv).toContain("ann@example.com,hard-bounce,userunknown");
    }
    await expectError(await fetch(`${t.base}/api/suppressions?softCount=0`), 400, "invalid_request");
  });
});

describe("GET /api/check/:domain", () => {
  it("answers the `check --json` object from the DNS server it was given", async () => {
    const res = await fetch(`${t.base}/api/check/example.org?ip=192.0.2.10&blocklists=false&timeout=10`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      domain: string;
      ips: string[];
      spf: { record: string; result: { result: string } | null };
      dmarc: { record: string };
      findings: { severity: string }[];
      blocklists: unknown;
    };
    expect(r.domain).toBe("example.org");
    expect(r.ips).toEqual(["192.0.2.10"]);
    expect(r.spf.record).toBe("v=spf1 ip4:192.0.2.0/24 -all");
    expect(r.spf.result?.result).toBe("pass");
    expect(r.dmarc.record).toBe("v=DMARC1; p=reject; rua=mailto:dmarc@example.org");
    expect(r.blocklists).toBeNull();
    expect(dns.queries).toContain("TXT _dmarc.example.org");
  });

  it("refuses a bad domain, IP or selector", async () => {
    await expectError(await fetch(`${t.base}/api/check/not..a..domain`), 400, "invalid_request");
    await expectError(await fetch(`${t.base}/api/check/example.org?ip=999.1.1.1`), 400, "invalid_request");
    await expectError(await fetch(`${t.base}/api/check/example.org?selector=a%20b`), 400, "invalid_request");
    await expectError(await fetch(`${t.base}/api/check/example.org?timeout=600`), 400, "invalid_request");
  });
});

describe("errors, health and the OpenAPI document", () => {
  it("answers unknown routes with a JSON 404", async () => {
    const msg = await expectError(await fetch(`${t.base}/api/nothing-here?x=1`), 404, "not_found");
    expect(msg).toBe("no route GET /api/nothing-here");
    await expectError(await fetch(`${t.base}/api/report`, { method: "DELETE" }), 404, "not_found");
  });

  it("never leaks an internal error's message or stack; the server's onError sees it", async () => {
    const before = t.errors.length;
    const res = await fetch(`${t.base}/api/test/boom`);
    const msg = await expectError(res, 500, "internal");
    expect(msg).toBe("internal error");
    expect(t.errors.length).toBe(before + 1);
    expect((t.errors.at(-1) as Error).message).toContain("secret detail");
    await expectError(await fetch(`${t.base}/api/test/teapot`), 403, "forbidden");
  });

  it("answers health", async () => {
    const res = await fetch(`${t.base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("serves an OpenAPI 3 document listing every route, with its request and answer schemas", async () => {
    const res = await fetch(`${t.base}/api/openapi.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const doc = JSON.parse(text) as {
      openapi: string;
      info: { title: string };
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, unknown> };
            responses: Record<string, unknown>;
            parameters?: { name: string }[];
          }
        >
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("bouncewise");
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        "POST /api/explain",
        "POST /api/parse",
        "POST /api/ingest",
        "POST /api/webhooks/ses",
        "POST /api/webhooks/sendgrid",
        "POST /api/webhooks/mailgun",
        "POST /api/webhooks/postmark",
        "POST /api/webhooks/sparkpost",
        "GET /api/report",
        "GET /api/suppressions",
        "GET /api/check/{domain}",
        "GET /api/health",
        "GET /api/openapi.json",
      ].sort(),
    );
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(Object.keys(op.responses)).toContain("200");
      }
    }
    // The request schemas are the ones that validate.
    const explain = doc.paths["/api/explain"]?.post;
    expect(Object.keys(explain?.requestBody?.content ?? {})).toEqual(["application/json", "text/plain"]);
    expect(Object.keys(doc.paths["/api/ingest"]?.post?.requestBody?.content ?? {})).toContain("multipart/form-data");
    expect(doc.paths["/api/check/{domain}"]?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(["domain", "ip", "selector", "helo"]),
    );
    expect(JSON.stringify(doc.paths["/api/explain"]?.post?.responses["400"])).toContain("invalid_json");
  });
});
