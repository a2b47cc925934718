// The password prompt of `bouncewise probe --auth` on a real terminal: the CLI runs under util-linux `script`,
// which gives it a pseudo-terminal, so the prompt's raw mode (no echo) is what a user at a keyboard gets.
// The test types the password into the terminal and checks that it reached the server and never the screen.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const password = "Typed-s3cret-9";
let server: SMTPServer;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    logger: false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authOptional: false,
    banner: "mx.example.com ESMTP test",
    onAuth(auth, _session, cb) {
      seen.push(`${auth.username}:${auth.password}`);
      if (auth.password === password) cb(null, { user: auth.username });
      else cb(Object.assign(new Error("5.7.8 bad credentials"), { responseCode: 535 }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(!hasScript)("probe --auth on a terminal", () => {
  it("prompts without echo, sends what was typed, and never shows it", async () => {
    const cmd = [
      "node",
      "--import",
      import.meta.resolve("tsx"),
      join(import.meta.dirname, "..", "src", "cli", "run.ts"),
      "probe",
      `127.0.0.1:${port}`,
      "--auth",
      "alice",
      "--helo",
      "client.example.org",
      "--to",
      "bob@example.com",
    ]
      .map((a) => `'${a}'`)
      .join(" ");
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.BOUNCEWISE_SMTP_PASSWORD;
    const child = spawn("script", ["-qefc", cmd, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let screen = "";
    let typed = false;
    const done = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString("utf8");
      if (!typed && screen.includes("Password for alice:")) {
        typed = true;
        // Typed slowly enough to arrive as separate reads, with a typo erased by backspace.
        child.stdin.write(`${password.slice(0, 5)}x\u007f`);
        setTimeout(() => child.stdin.write(`${password.slice(5)}\r`), 50);
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await done;
    clearTimeout(timer);
    expect(typed).toBe(true);
    expect(seen).toEqual([`alice:${password}`]);
    expect(screen).toContain("235");
    expect(screen).not.toContain(password);
    expect(screen).not.toContain(password.slice(0, 5));
    expect(screen).not.toContain(Buffer.from(`\0alice\0${password}`).toString("base64"));
    expect(code).toBe(0);
  }, 40_000);
});
