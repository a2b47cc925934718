// The worker pool keeps going when a worker dies: the mails it held fail with EWORKER, a fresh worker takes over.
import { readFileSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ParsePool } from "./parse-pool.js";

const MAIL = readFileSync(new URL("../../test/fixtures/bounces/arf-abuse.eml", import.meta.url));
const META = { file: "x.eml", message: 0, inMbox: false };
const RENDER = { json: true, format: "bouncewise", all: false, color: false } as const;

describe("ParsePool", () => {
  it("renders mails in a worker, and replaces a worker that died", async () => {
    const pool = new ParsePool(1);
    try {
      const first = await pool.parse(MAIL, META, [], RENDER);
      expect(first.rendered?.reasons).toEqual(["feedback"]);
      const workers = Reflect.get(pool, "workers") as Worker[];
      const dead = workers[0] as Worker;
      await dead.terminate(); // as if it had crashed
      // The exit event arrives on its own schedule: wait for the replacement (at most 5 s), not a fixed time.
      for (let i = 0; i < 100 && workers[0] === dead; i++) await new Promise((r) => setTimeout(r, 50));
      expect(workers[0]).not.toBe(dead);
      const again = await pool.parse(MAIL, META, [], RENDER);
      expect(again.rendered?.reasons).toEqual(["feedback"]);
    } finally {
      await pool.close();
    }
  }, 20_000);
});
