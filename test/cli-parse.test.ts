// `bouncewise parse` as users run it: a real child process over a real directory tree (Maildir, mbox, broken
// and empty files, a missing path), NDJSON out, the exit code saying whether any file failed.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const FIXTURES = "test/fixtures/bounces";

function run(args: string[], cwd: string, input?: string): { code: number | null; stdout: string; stderr: string } {
  const entry = join(process.cwd(), "src/cli/run.ts");
  // The tsx loader by absolute URL: the child runs in another directory, where a bare "tsx" does not resolve.
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), entry, ...args], {
    cwd,
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "bw-parse-"));
  const md = join(root, "maildir");
  for (const d of ["cur", "new", "tmp"]) mkdirSync(join(md, d), { recursive: true });
  copyFileSync(join(FIXTURES, "dsn-postfix-userunknown.eml"), join(md, "cur", "1.eml"));
  copyFileSync(join(FIXTURES, "arf-abuse.eml"), join(md, "new", "2.eml"));
  copyFileSync(join(FIXTURES, "delivered.eml"), join(md, "tmp", "half-written.eml")); // Maildir tmp/ is skipped
  const mbox = ["dsn-two-recipients-delayed.eml", "ordinary.eml", "vacation.eml"]
    .map((f) => `From MAILER-DAEMON Tue Mar  3 10:15:02 2026\n${readFileSync(join(FIXTURES, f), "latin1")}\n`)
    .join("\n");
  writeFileSync(join(root, "archive.mbox"), mbox, "latin1");
  writeFileSync(join(root, "empty.eml"), "");
  writeFileSync(join(root, "junk.bin"), Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]));
  return root;
}

describe("bouncewise parse", () => {
  const root = tree();

  it("prints one NDJSON line per recipient, paths as reached from the argument, mbox indexes, and errors inline", () => {
    const r = run(["parse", "--json", "archive.mbox", "maildir", "missing.eml", "empty.eml", "junk.bin"], root);
    expect(r.code).toBe(1); // some inputs failed
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const ok = lines.filter((l) => l.error === undefined);
    expect(ok.map((l) => [l.file, l.message, l.recipient, l.reason])).toEqual([
      ["archive.mbox", 0, "anna@example.net", expect.any(String)],
      ["archive.mbox", 0, "ben@example.net", "mailboxfull"],
      ["archive.mbox", 2, "dana@example.net", "vacation"],
      ["maildir/cur/1.eml", 0, "nobody@example.net", "userunknown"],
      ["maildir/new/2.eml", 0, "carol@isp.example.net", "feedback"],
    ]);
    const first = ok[3];
    for (const key of ["status", "replyCode", "action", "hardBounce", "diagnosticCode", "decoder", "diagnosis"]) {
      expect(first).toHaveProperty(key);
    }
    expect(ok[4].feedbackType).toBe("abuse");
    const errors = lines.filter((l) => l.error !== undefined);
    expect(errors.map((l) => [l.file, l.error.code])).toEqual([
      ["missing.eml", "ENOENT"],
      ["empty.eml", "NOT_MAIL"],
      ["junk.bin", "NOT_MAIL"],
    ]);
  });

  it("exits 0 when every file was read, and prints a table for people", () => {
    const r = run(["parse", "maildir"], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("maildir/cur/1.eml");
    expect(r.stdout).toContain("userunknown");
    expect(r.stdout).toContain("2 mails, 2 results");
  });

  it("speaks Sisimai's field names with --format sisimai", () => {
    const r = run(["parse", "--format", "sisimai", "maildir/cur/1.eml"], root);
    const rec = JSON.parse(r.stdout.trim());
    expect(rec).toMatchObject({
      recipient: "nobody@example.net",
      deliverystatus: "5.1.1",
      replycode: "550",
      reason: "userunknown",
      hardbounce: true,
      addresser: "news@example.org",
      destination: "example.net",
      origin: "maildir/cur/1.eml",
    });
  });

  it("lists mails without a result and their kind with --all", () => {
    const r = run(["parse", "--json", "--all", "archive.mbox"], root);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.kind !== undefined)).toEqual([
      { file: "archive.mbox", message: 1, kind: "not-bounce" },
    ]);
  });

  it("reads an endless device only up to the size cap, and says it is no mail", () => {
    const r = run(["parse", "--json", "/dev/zero"], root);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ file: "/dev/zero", error: { code: "NOT_MAIL" } });
  });

  it("reads a mail from standard input", () => {
    const r = run(["parse", "--json"], root, readFileSync(join(FIXTURES, "arf-abuse.eml"), "latin1"));
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ file: "-", reason: "feedback" });
  });
});

describe("bouncewise parse with worker threads", () => {
  it("prints the same lines, in the same order, with --jobs 2 as in one thread", () => {
    const root = tree();
    const one = run(["parse", "--json", "--jobs", "0", "."], root);
    const two = run(["parse", "--json", "--jobs", "2", "."], root);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.split("\n").length).toBeGreaterThan(5);
  });

  it("rejects a bad --jobs value as a usage error", () => {
    const r = run(["parse", "--jobs", "many", "."], tree());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--jobs");
  });
});
