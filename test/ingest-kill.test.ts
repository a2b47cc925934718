// A kill -9 in the middle of an ingest leaves a consistent database (whole batches only), and a re-run completes
// it without duplicates. The real CLI, a real SQLite file, a real SIGKILL.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { postfixLog } from "../bench/gen-postfix-log.js";

const dir = mkdtempSync(join(tmpdir(), "bw-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MESSAGES = 100_000;
const BATCH = 250;
const cli = (args: string[]) => [
  "--import",
  import.meta.resolve("tsx"),
  join(import.meta.dirname, "..", "src", "cli", "run.ts"),
  ...args,
];

function countOf(db: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0; // not created yet, or the schema is still being written
  }
}

describe("ingest killed with SIGKILL", () => {
  it("keeps whole batches only, and a re-run completes the store exactly", async () => {
    const log = join(dir, "maillog");
    const out = createWriteStream(log);
    for (const chunk of postfixLog(MESSAGES, 7))
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    await new Promise<void>((resolve) => out.end(resolve));
    const db = join(dir, "events.db");

    const child = spawn(process.execPath, cli(["ingest", "--db", db, "--batch-size", String(BATCH), log]), {
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    let seen = 0;
    for (let i = 0; i < 3000 && seen === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      seen = countOf(db);
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const d = new Database(db);
    expect(d.pragma("integrity_check", { simple: true })).toBe("ok");
    const afterKill = (d.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    d.close();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(MESSAGES); // it was stopped in the middle
    expect(afterKill % BATCH).toBe(0); // no half batch

    const rerun = spawnSync(process.execPath, cli(["ingest", "--db", db, "--json", log]), { encoding: "utf8" });
    expect(rerun.status).toBe(0);
    const report = JSON.parse(rerun.stdout) as { inserted: number; duplicates: number };
    expect(report.inserted + report.duplicates).toBe(MESSAGES);
    expect(report.duplicates).toBe(afterKill);
    expect(countOf(db)).toBe(MESSAGES);
  }, 120_000);
});
