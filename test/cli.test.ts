// The CLI as users run it: a real child process (the TypeScript entry through tsx), real pipes, real exit codes.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/run.ts", ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("bouncewise explain", () => {
  it("explains a reply given as argument, as a card", () => {
    const r = run([
      "explain",
      "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("userunknown");
    expect(r.stdout).toContain("What to do:");
    expect(r.stdout).toContain("Decided by");
    expect(r.stdout).not.toContain("\u001b["); // no colour when not a terminal
  });
  it("reads one multi-line reply from standard input, as JSON", () => {
    const r = run(
      ["explain", "--json"],
      "421-4.7.0 Try again later, closing connection.\r\n421 4.7.0 (EHLO) gsmtp\r\n",
    );
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.replyCode).toBe(421);
    expect(d.enhancedCode).toBe("4.7.0");
    expect(d.outcome).toBe("temporary");
    expect(d.family).toBe("4xx");
    for (const key of [
      "reason",
      "category",
      "priority",
      "hardBounce",
      "retry",
      "provider",
      "meaning",
      "causes",
      "actions",
      "checks",
      "references",
      "evidence",
    ]) {
      expect(d).toHaveProperty(key);
    }
  });
  it("explains one reply per line with --lines --json, in order", () => {
    const lines = ["550 5.1.1 User unknown", "452 4.2.2 Mailbox full", "", "250 2.0.0 OK queued"];
    const r = run(["explain", "--lines", "--json"], `${lines.join("\n")}\n`);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out.map((d) => d.replyCode)).toEqual([550, 452, null, 250]);
    expect(out[3].outcome).toBe("success");
  });
  it("reports an over-long line in place and explains the rest", () => {
    const input = `550 5.1.1 User unknown\n${"x".repeat(1_100_000)}\n452 4.2.2 Mailbox full\n`;
    const r = run(["explain", "--lines", "--json"], input);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(3);
    expect(out[0].reason).toBe("userunknown");
    expect(out[1]).toEqual({ line: 2, error: expect.stringContaining("longer than") });
    expect(out[2].reason).toBe("mailboxfull");
    expect(r.stderr).toContain("line 2");
  });
  it("refuses a single reply larger than 1 MiB with a clear message", () => {
    const r = run(["explain"], "5".repeat(1_200_000));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--lines");
  });
  it("exits 2 with a clear message on bad usage", () => {
    const r = run(["explain", "--provider", "nosuch", "550"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nosuch/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    const u = run(["frobnicate"]);
    expect(u.code).toBe(2);
    const e = run(["explain", "   "]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain("empty");
  });
});

describe("bouncewise itself", () => {
  it("prints its version and help, exit 0", () => {
    const v = run(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = run(["--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("explain");
  });
});

describe("bouncewise codes", () => {
  it("looks up an enhanced code", () => {
    const r = run(["codes", "5.7.26"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/X\.7\.26/);
  });
  it("looks up a reply code with the guide's row", () => {
    const r = run(["codes", "--json", "550"]);
    expect(r.code).toBe(0);
    const l = JSON.parse(r.stdout);
    expect(l.reply.code).toBe(550);
    expect(l.seedRows.length).toBeGreaterThan(0);
  });
  it("rejects what is not a code", () => {
    const r = run(["codes", "hello"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a reply code");
  });
});

describe("bouncewise explain on a whole bounce email", () => {
  it("reads a pasted bounce as a bounce: one diagnosis per recipient", () => {
    const mail = readFileSync("test/fixtures/bounces/dsn-two-recipients-delayed.eml", "utf8");
    const card = run(["explain"], mail);
    expect(card.code).toBe(0);
    expect(card.stdout).toContain("This is a bounce email (delayed)");
    expect(card.stdout).toContain("Recipient anna@example.net");
    expect(card.stdout).toContain("Recipient ben@example.net");
    const json = JSON.parse(run(["explain", "--json"], mail).stdout);
    expect(json.map((d: { recipient: string; reason: string }) => [d.recipient, d.reason])).toEqual([
      ["anna@example.net", expect.any(String)],
      ["ben@example.net", "mailboxfull"],
    ]);
  });
});
