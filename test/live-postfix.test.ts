// A real Postfix on loopback as the peer (scripts/postfix-peer.sh): unknown users, a full mailbox, a domain that
// refuses by policy, a routing loop and a server that never answers. Its maillog and the bounces it wrote are
// ingested by the real CLI into a real SQLite file, and the report must say what happened.
// It rewrites the machine's Postfix configuration, so it runs only where asked: .ci/run installs Postfix and sets
// BOUNCEWISE_LIVE_POSTFIX=1; elsewhere it is skipped (the committed real-Postfix fixtures are tested anyway).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const live = process.env.BOUNCEWISE_LIVE_POSTFIX === "1";
if (!live)
  console.info("live Postfix test skipped: set BOUNCEWISE_LIVE_POSTFIX=1 on a throw-away machine with Postfix");

const dir = mkdtempSync(join(tmpdir(), "bw-live-postfix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(import.meta.dirname, "..", "src", "cli", "run.ts"), ...args],
    { encoding: "utf8" },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Finding {
  id: string;
  scope: string;
  recipientSamples: string[];
}

describe.skipIf(!live)("a live Postfix on loopback", () => {
  it("writes a log and bounces that ingest and report read as what happened", () => {
    const out = join(dir, "peer");
    const peer = spawnSync("sh", [join(import.meta.dirname, "..", "scripts", "postfix-peer.sh"), out], {
      encoding: "utf8",
    });
    expect(peer.status, peer.stderr).toBe(0);

    const db = join(dir, "events.db");
    const ingest = cli(["ingest", "--db", db, "--json", out]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const files = (JSON.parse(ingest.stdout) as { files: { file: string; format: string; events: number }[] }).files;
    expect(files.map((f) => [f.file.slice(out.length + 1), f.format])).toEqual([
      ["bounces.mbox", "mail"],
      ["maillog", "postfix"],
    ]);

    const report = JSON.parse(cli(["report", "--db", db, "--json"]).stdout) as {
      totals: { bounced: number; deferred: number };
      findings: Finding[];
    };
    const finding = (id: string) => report.findings.find((f) => f.id === id);
    expect(finding("userunknown-permanent")?.recipientSamples).toEqual(
      expect.arrayContaining(["nosuchuser@example.org", "ghost@example.net"]),
    );
    expect(finding("mailboxfull-permanent")?.recipientSamples).toContain("full@example.org");
    expect(finding("expired-permanent")?.recipientSamples).toContain("someone@example.com");
    expect(report.totals.deferred).toBeGreaterThanOrEqual(2);
    // The policy refusal at refused.example.net is a finding of its own, not an unknown user.
    const policy = report.findings.find((f) => f.recipientSamples.includes("buyer@refused.example.net"));
    expect(policy?.id).not.toMatch(/^userunknown/);

    const csv = cli(["suppressions", "--db", db]).stdout;
    expect(csv).toMatch(/nosuchuser@example\.org,hard-bounce,userunknown/);
    expect(csv).not.toMatch(/someone@example\.com,hard-bounce/);
  }, 180_000);
});
