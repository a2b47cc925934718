// ingestStream (src/input/ingest.ts) reads a stream as ingestPaths reads the same bytes from a file: same format,
// same counts, same events stored; gzip decompressed; a forced format; an unknown or empty input reported.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type FileReport, ingestPaths, ingestStream } from "../../src/input/ingest.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { dsnMail, postfixBounceLine } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "bw-ingest-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFERENCE = Date.UTC(2025, 11, 31);
const without = (r: FileReport) => ({
  ...r,
  file: "",
  problemSamples: r.problemSamples.map((p) => ({ ...p, file: "" })),
});

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const inputs: Record<string, Buffer> = {
  maillog: Buffer.from(
    postfixBounceLine("a@example.com", "4ZK2fD0n7Kz9rxA") +
      "not a log line at all\n" +
      postfixBounceLine("b@example.com", "4ZK2fD0n7Kz9rxB"),
  ),
  "bounces.mbox": Buffer.from(
    `From MAILER-DAEMON Fri Nov 28 10:00:05 2025\n${dsnMail("c@example.com", "s1")}\nFrom MAILER-DAEMON Fri Nov 28 10:00:06 2025\n${dsnMail("d@example.com", "s2")}`,
  ),
  "one.eml": Buffer.from(dsnMail("e@example.com", "s3")),
  "events.ndjson": Buffer.from(
    `${JSON.stringify({ RecordType: "Bounce", ID: 1, Type: "HardBounce", TypeCode: 1, Email: "f@example.com", Details: "550 5.1.1 unknown", BouncedAt: "2025-11-28T10:00:00Z" })}\n{broken\n`,
  ),
};

describe("ingestStream", () => {
  for (const [name, data] of Object.entries(inputs)) {
    it(`reads ${name} in small chunks as ingestPaths reads the file`, async () => {
      const file = join(dir, name);
      writeFileSync(file, data);
      const a = new SqliteStore(join(dir, `${name}-paths.db`));
      const b = new SqliteStore(join(dir, `${name}-stream.db`));
      const fromFile = await ingestPaths([file], a, { referenceTime: REFERENCE });
      const fromStream = await ingestStream(name, chunksOf(data, 7), b, { referenceTime: REFERENCE });
      expect(fromStream.file).toBe(name);
      expect(without(fromStream)).toEqual(without(fromFile.files[0] as FileReport));
      expect(fromStream.events).toBeGreaterThan(0);
      expect(await b.suppressions()).toEqual(await a.suppressions());
      await a.close();
      await b.close();
    });
  }

  it("decompresses gzip, and reads a Node stream", async () => {
    const file = join(dir, "maillog.gz");
    writeFileSync(file, gzipSync(inputs.maillog as Buffer));
    const store = new SqliteStore(":memory:");
    const r = await ingestStream("maillog.gz", createReadStream(file, { highWaterMark: 16 }), store, {
      referenceTime: REFERENCE,
    });
    expect(r).toMatchObject({ format: "postfix", records: 3, events: 2, inserted: 2, error: null });
    await store.close();
  });

  it("stops a gzip stream that decompresses past the limit", async () => {
    const store = new SqliteStore(":memory:");
    const bomb = gzipSync(Buffer.from(postfixBounceLine("g@example.com", "4ZK2fD0n7Kz9rxG").repeat(2000)));
    const r = await ingestStream("bomb.gz", chunksOf(bomb, 1024), store, { maxGzipBytes: 100_000 });
    expect(r.error?.code).toBe("ETOOBIG");
    await store.close();
  });

  it("takes a forced format, and reports an unknown or empty input", async () => {
    const store = new SqliteStore(":memory:");
    const forced = await ingestStream("x", chunksOf(inputs["events.ndjson"] as Buffer, 5), store, { format: "json" });
    expect(forced).toMatchObject({ format: "json", events: 1 });
    const junk = await ingestStream("junk", chunksOf(Buffer.from([0, 1, 2, 3]), 2), store);
    expect(junk.error?.code).toBe("EFORMAT");
    const empty = await ingestStream("empty", chunksOf(Buffer.alloc(0), 1), store);
    expect(empty.error?.code).toBe("EEMPTY");
    await store.close();
  });
});
