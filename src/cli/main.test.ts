// The CLI in-process, with a slow reader on standard output: batch output must wait for it (bounded memory).
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "./main.js";

describe("explain --lines against a slow reader", () => {
  it("keeps the output buffer bounded and loses no line", async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `550 5.1.1 <user${i}@example.com>: User unknown`);
    let maxBuffered = 0;
    let written = 0;
    const stdout = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        written += chunk.toString("utf8").split("\n").length - 1;
        setImmediate(done); // a reader slower than the producer
      },
    });
    const probe = setInterval(() => {
      maxBuffered = Math.max(maxBuffered, stdout.writableLength);
    }, 1);
    const stdin = Readable.from([`${lines.join("\n")}\n`]);
    const stderr = new Writable({ write: (_c, _e, done) => done() });
    const code = await main(["explain", "--lines", "--json"], { stdin, stdout, stderr });
    await new Promise<void>((resolve) => stdout.end(resolve));
    clearInterval(probe);
    expect(code).toBe(0);
    expect(written).toBe(lines.length);
    // Everything at once would be about 20,000 x 2 KB = 40 MB; with backpressure it stays near one batch.
    expect(maxBuffered).toBeLessThan(1 << 20);
  });
});
