import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { makeEvent, runStoreConformance } from "./conformance.test-support.js";
import { SCHEMA_VERSION, SqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "bw-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

// A real SQLite file per run, as users have it.
runStoreConformance("sqlite file", async () => new SqliteStore(join(dir, `conf-${n++}.db`)));

describe("SqliteStore", () => {
  it("creates its schema in a new file, in WAL mode, and opens an existing file without change", async () => {
    const path = join(dir, "nested", "events.db");
    const store = new SqliteStore(path);
    await store.insert([makeEvent({ identity: "x" })]);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const again = new SqliteStore(path);
    expect(await again.count()).toBe(1);
    await again.close();
  });

  it("refuses a database written by a newer schema instead of damaging it", () => {
    const path = join(dir, "future.db");
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/newer than this bouncewise understands/);
  });
});
