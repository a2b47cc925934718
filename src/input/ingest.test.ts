import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../store/sqlite-store.js";
import { detectFormat, ingestPaths, MAX_LINE_BYTES } from "./ingest.js";

const dir = mkdtempSync(join(tmpdir(), "bw-ingest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const store = () => new SqliteStore(join(dir, `s${n++}.db`));

const BOUNCED =
  "Nov  3 07:05:09 mx1 postfix/smtp[4242]: 4ZK2fD0n7Kz9rxN: to=<a@example.com>, relay=mx.example.com[192.0.2.10]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.10] said: 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))";

describe("detectFormat", () => {
  const f = (s: string | Buffer) => detectFormat(Buffer.isBuffer(s) ? s : Buffer.from(s));
  it("tells logs, JSON and mail apart from their first bytes", () => {
    expect(f(`Nov  3 07:05:08 mx1 sshd[1]: hello\n${BOUNCED}\n`)).toBe("postfix");
    expect(f("2026-11-03 07:05:09 1vAbCd-000123-4x ** a@example.com: Unrouteable address\n")).toBe("exim");
    expect(f('  [{"event":"bounce"}]')).toBe("json");
    expect(f('{"eventType":"Bounce"}\n{"eventType":"Delivery"}\n')).toBe("json");
    expect(f("From MAILER-DAEMON Tue Nov  3 07:05:09 2026\nReturn-Path: <>\n")).toBe("mail");
    expect(f("Return-Path: <>\nFrom: Mail Delivery System <MAILER-DAEMON@example.org>\n\nbody")).toBe("mail");
    expect(f(Buffer.from([0, 1, 2, 255, 254]))).toBeNull();
    expect(f("")).toBeNull();
  });
});

describe("ingestPaths", () => {
  it("skips an over-long line with its number and reads the lines after it; CRLF lines read alike", async () => {
    const file = join(dir, "long.log");
    writeFileSync(
      file,
      `${BOUNCED}\r\n${"x".repeat(MAX_LINE_BYTES + 10)}\n${BOUNCED.replace("a@example.com", "b@example.com")}\n`,
    );
    const s = store();
    const r = await ingestPaths([file], s);
    expect(r.files[0]?.problemSamples).toEqual([
      { file, line: 2, message: null, problem: `a line over ${MAX_LINE_BYTES} bytes, skipped` },
    ]);
    expect(r.inserted).toBe(2);
    const sum = await s.summarize();
    expect(sum.recipientSamples.map((x) => x.recipient).sort()).toEqual(["a@example.com", "b@example.com"]);
    await s.close();
  });

  it("walks directories, reports a missing path and an unknown format by name, and goes on", async () => {
    const tree = join(dir, "tree", "a", "b");
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, "mail.log"), `${BOUNCED}\n`);
    writeFileSync(join(dir, "tree", "notes.txt"), "nothing to see here\n");
    const s = store();
    const r = await ingestPaths([join(dir, "tree"), join(dir, "missing.log")], s);
    expect(r.files.map((f) => [f.file.slice(dir.length + 1), f.format, f.error?.code ?? null, f.events])).toEqual([
      ["tree/a/b/mail.log", "postfix", null, 1],
      ["tree/notes.txt", null, "EFORMAT", 0],
      ["missing.log", null, "ENOENT", 0],
    ]);
    expect(r.failedFiles).toBe(2);
    await s.close();
  });

  it("reads a file with a forced format, and counts what it cannot read", async () => {
    const file = join(dir, "forced.txt");
    writeFileSync(
      file,
      `garbage\n${BOUNCED}\nNov  3 07:05:09 mx1 postfix/smtp[1]: Q1: to=<c@example.com>, relay=none, dsn=4.4.1, status=odd (x)\n`,
    );
    const s = store();
    const r = await ingestPaths([file], s, { format: "postfix" });
    expect(r.files[0]).toMatchObject({ format: "postfix", records: 3, events: 1, problems: 1 });
    expect(r.files[0]?.problemSamples[0]).toMatchObject({ line: 3, problem: "unknown status=odd" });
    await s.close();
  });
});

describe("ingestPaths on compressed logs", () => {
  it("reads a gzip-compressed maillog (logrotate's mail.log.2.gz) and refuses compressed mail", async () => {
    const { gzipSync } = await import("node:zlib");
    const log = join(dir, "mail.log.2.gz");
    writeFileSync(log, gzipSync(`${BOUNCED}\n${BOUNCED.replace("a@example.com", "c@example.com")}\n`));
    const mail = join(dir, "bounce.eml.gz");
    writeFileSync(mail, gzipSync("Return-Path: <>\nFrom: MAILER-DAEMON@example.org\n\nbody\n"));
    const s = store();
    const r = await ingestPaths([log, mail], s);
    expect(r.files.map((f) => [f.format, f.events, f.error?.code ?? null])).toEqual([
      ["postfix", 2, null],
      ["mail", 0, "EFORMAT"],
    ]);
    await s.close();
  });

  it("stops a gzip bomb at its size limit with an error, keeping what it read before", async () => {
    const { gzipSync } = await import("node:zlib");
    // 64 MiB of newlines in about 64 KiB; the default limit (200 times the file, at least 1 GiB) is lowered here.
    const file = join(dir, "bomb.log.gz");
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from(`${BOUNCED}\n`), Buffer.alloc(64 << 20, 10)])));
    const s = store();
    const r = await ingestPaths([file], s, { maxGzipBytes: 8 << 20 });
    expect(r.files[0]?.error?.code).toBe("ETOOBIG");
    expect(r.files[0]?.inserted).toBe(1);
    await s.close();
  });
});
