// `bouncewise serve`: options, the refusal of a public interface without a token, start-up lines, and a graceful
// stop on SIGTERM in a real process (server closed, then the store).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { registerServeCommand } from "../../src/server/serve-command.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "bw-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Usage extends Error {}

function program(extra: { stop?: AbortSignal; onListening?: (url: string) => void; env?: NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const p = new Command().exitOverride();
  registerServeCommand(p, {
    stderr: { write: (s: string) => err.push(s) } as unknown as NodeJS.WritableStream,
    write: (s) => out.push(s),
    setExitCode: () => undefined,
    usage: (m) => new Usage(m),
    env: extra.env ?? {},
    ...extra,
  });
  return { p, out, err };
}

describe("bouncewise serve", () => {
  it("refuses a public interface without a token, before opening anything", async () => {
    const db = join(dir, "never.db");
    const { p } = program();
    const e = await p.parseAsync(["serve", "--host", "0.0.0.0", "--db", db], { from: "user" }).catch((x) => x);
    expect(e).toBeInstanceOf(Usage);
    expect((e as Error).message).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(existsSync(db)).toBe(false);
  });

  it("refuses bad options with usage errors", async () => {
    for (const args of [
      ["--port", "70000"],
      ["--port", "http"],
      ["--resolver", "dns.example"],
      ["--token", "short"],
    ]) {
      const { p } = program();
      const e = await p.parseAsync(["serve", ...args, "--db", join(dir, "x.db")], { from: "user" }).catch((x) => x);
      expect(e).toBeInstanceOf(Usage);
    }
  });

  it("says where it listens and that a token is required, answers, and stops when asked", async () => {
    const stop = new AbortController();
    const db = join(dir, "token.db");
    let url = "";
    const { p, out, err } = program({
      stop: stop.signal,
      onListening: (u) => {
        url = u;
      },
      env: { BOUNCEWISE_TOKEN: "env-token-0123456789abcdef" },
    });
    const running = p.parseAsync(["serve", "--port", "0", "--db", db], { from: "user" });
    await expect.poll(() => url, { timeout: 10_000 }).not.toBe("");
    expect(out.join("")).toContain(`listening on ${url} (store: ${db})`);
    expect(out.join("")).toContain("A token is required");
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect((await fetch(`${url}/api/report`)).status).toBe(401);
    const ok = await fetch(`${url}/api/report`, { headers: { authorization: "Bearer env-token-0123456789abcdef" } });
    expect(ok.status).toBe(200);
    stop.abort();
    await running;
    expect(err.join("")).toContain("stopped");
    // The store was closed: another connection can open it and read what it holds.
    const again = new SqliteStore(db);
    expect(await again.count()).toBe(0);
    await again.close();
  });

  it("stops on SIGTERM in a real process: requests answered, then the server and the store closed", async () => {
    const db = join(dir, "signal.db");
    const child = spawn(
      process.execPath,
      [
        "--import",
        import.meta.resolve("tsx"),
        join(import.meta.dirname, "serve-fixture.ts"),
        "serve",
        "--port",
        "0",
        "--db",
        db,
      ],
      { env: { ...process.env, BOUNCEWISE_TOKEN: "" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await expect.poll(() => /listening on (http:\/\/\S+)/.exec(stdout)?.[1], { timeout: 20_000 }).toBeDefined();
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] as string;
    expect(stdout).toContain("No token: only this machine can call it");
    const res = await fetch(`${url}/api/explain`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "421 4.7.0 try again later",
    });
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("bouncewise serve: stopped");
    expect(existsSync(db)).toBe(true);
  });
});
