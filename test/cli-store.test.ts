// ingest / report / suppressions / fix through the real CLI, on a real SQLite file, with the real Postfix log and
// bounces (test/fixtures/real-postfix), an Exim log and ESP exports of our own.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "bw-cli-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "store", "events.db");

function run(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(import.meta.dirname, "..", "src", "cli", "run.ts"), ...args],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BOUNCEWISE_DB: join(dir, "unused.db") } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// One input folder: real Postfix output, an Exim log, ESP exports, and two broken files.
const input = join(dir, "input");
mkdirSync(input);
copyFileSync("test/fixtures/real-postfix/maillog", join(input, "maillog"));
copyFileSync("test/fixtures/real-postfix/bounces.mbox", join(input, "bounces.mbox"));
copyFileSync("test/fixtures/exim/mainlog", join(input, "mainlog"));
for (const f of ["ses.json", "sendgrid.json", "mailgun.ndjson", "postmark.ndjson", "sparkpost.json"]) {
  copyFileSync(join("test/fixtures/esp", f), join(input, f));
}
writeFileSync(join(input, "junk.bin"), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
writeFileSync(
  join(input, "events-broken.ndjson"),
  '{"event":"bounce","email":"x@example.com","timestamp":1764400000,"sg_event_id":"ok-1","reason":"550 5.1.1 unknown user","type":"bounce"}\n{"event": "bounce", "email": \nnot json at all\n',
);

describe("bouncewise ingest", () => {
  const first = run(["ingest", "--db", db, "--json", input]);
  const report = JSON.parse(first.stdout) as {
    inserted: number;
    duplicates: number;
    files: {
      file: string;
      format: string | null;
      events: number;
      problems: number;
      problemSamples: { line: number | null; problem: string }[];
      error: { code: string } | null;
    }[];
  };
  const file = (name: string) => report.files.find((f) => f.file.endsWith(name));

  it("detects each file's format and reads them all; a broken file is reported by name and the rest goes on", () => {
    expect(first.code).toBe(1); // junk.bin failed
    expect(file("maillog")?.format).toBe("postfix");
    expect(file("mainlog")?.format).toBe("exim");
    expect(file("bounces.mbox")?.format).toBe("mail");
    for (const f of ["ses.json", "sendgrid.json", "mailgun.ndjson", "postmark.ndjson", "sparkpost.json"]) {
      expect(file(f)?.format).toBe("json");
      expect(file(f)?.events).toBeGreaterThan(0);
    }
    expect(file("junk.bin")?.error?.code).toBe("EFORMAT");
    expect(report.inserted).toBeGreaterThan(40);
  });

  it("counts unreadable records with their line and keeps the good ones", () => {
    const broken = file("events-broken.ndjson");
    expect(broken?.events).toBe(1);
    expect(broken?.problems).toBeGreaterThanOrEqual(1);
    expect(broken?.problemSamples[0]?.line).toBe(2);
  });

  it("adds nothing when the same input is ingested again", () => {
    const again = JSON.parse(run(["ingest", "--db", db, "--json", input]).stdout) as {
      inserted: number;
      duplicates: number;
    };
    expect(again.inserted).toBe(0);
    expect(again.duplicates).toBe(report.inserted);
  });

  it("says which file failed in the human output", () => {
    const human = run(["ingest", "--db", db, input]);
    expect(human.stderr).toMatch(/junk\.bin: EFORMAT/);
    expect(human.stdout).toMatch(/0 new events stored/);
  });
});

describe("bouncewise report", () => {
  it("gives totals, breakdowns, findings with scope and an action plan as JSON", () => {
    const r = run(["report", "--db", db, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const key of ["totals", "byProvider", "byDomain", "byReason", "findings", "actionPlan"])
      expect(j).toHaveProperty(key);
    expect(j.totals.bounced).toBeGreaterThan(0);
    expect(j.totals.complained).toBeGreaterThan(0); // SES, SendGrid, Postmark, SparkPost complaints
    const unknown = j.findings.find((f: { id: string }) => f.id === "userunknown-permanent");
    for (const key of [
      "id",
      "reason",
      "category",
      "priority",
      "scope",
      "count",
      "recipients",
      "domains",
      "providers",
      "firstSeen",
      "lastSeen",
      "actions",
    ]) {
      expect(unknown).toHaveProperty(key);
    }
    expect(unknown.scope).toBe("recipient");
    expect(unknown.recipientSamples).toContain("nosuchuser@example.org");
    expect(j.actionPlan.length).toBeGreaterThan(0);
    expect(j.actionPlan[0].step).toBe(1);
  });

  it("filters by time", () => {
    const all = JSON.parse(run(["report", "--db", db, "--json"]).stdout).totals.total;
    const recent = JSON.parse(run(["report", "--db", db, "--json", "--since", "2026-11-29T00:39:15Z"]).stdout).totals
      .total;
    expect(recent).toBeGreaterThan(0);
    expect(recent).toBeLessThan(all);
    expect(run(["report", "--db", db, "--since", "yesterday-ish"]).code).toBe(2);
  });

  it("writes a self-contained HTML file and prints Markdown", () => {
    const html = join(dir, "report.html");
    expect(run(["report", "--db", db, "--html", html]).code).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<svg");
    expect(page).toContain('name="viewport"');
    // Nothing fetched from anywhere: no scripts, stylesheets or images by URL.
    expect(page).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(page).not.toMatch(/\bsrc=/i);
    const md = run(["report", "--db", db]).stdout;
    expect(md).toMatch(/^# bouncewise report/);
    expect(md).toMatch(/## Action plan/);
  });

  it("refuses a store that does not exist instead of creating an empty one", () => {
    const r = run(["report", "--db", join(dir, "nope.db")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no store at/);
  });
});

describe("bouncewise suppressions and fix", () => {
  it("exports hard bounces and complaints as CSV and JSON", () => {
    const csv = run(["suppressions", "--db", db]).stdout;
    expect(csv.split("\r\n")[0]).toBe("address,cause,reason,count,last_seen");
    expect(csv).toMatch(/nosuchuser@example\.org,hard-bounce,userunknown,/);
    const list = JSON.parse(run(["suppressions", "--db", db, "--json"]).stdout) as { cause: string }[];
    expect(list.some((s) => s.cause === "complaint")).toBe(true);
  });

  it("records fixes and shows them in the report", () => {
    const add = run([
      "fix",
      "add",
      "removed the loop in the transport map",
      "--db",
      db,
      "--finding",
      "systemerror-permanent",
      "--at",
      "2026-11-29T00:39:15Z",
    ]);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/fix 1 recorded at 2026-11-29T00:39:15Z for systemerror-permanent/);
    expect(run(["fix", "list", "--db", db]).stdout).toMatch(/removed the loop/);
    const j = JSON.parse(run(["report", "--db", db, "--json"]).stdout);
    expect(j.fixes).toHaveLength(1);
    expect(j.fixes[0].fix.text).toBe("removed the loop in the transport map");
    expect(run(["fix", "add", "x", "--db", db, "--at", "not a time"]).code).toBe(2);
  });
});
