import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../core/analysis/report.js";
import { summarizeEvents, suppressionsOf } from "../core/analysis/summarize.js";
import { makeEvent } from "../store/conformance.test-support.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { buildServer } from "./app.js";
import { DEMO_HOURS, DEMO_SOURCE, demoEvents, demoPlugin } from "./demo.js";

const NOW = Date.UTC(2026, 2, 10, 12, 30);
const HOUR = 3_600_000;

const dir = mkdtempSync(join(tmpdir(), "bw-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("demoEvents", () => {
  const events = demoEvents(NOW);

  it("is the same for the same hour, all from the demo source, unique, and within the three days before now", () => {
    expect(demoEvents(NOW + 20 * 60_000)).toEqual(events);
    expect(events.length).toBeGreaterThan(1000);
    expect(events.length).toBeLessThan(3000);
    expect(new Set(events.map((e) => e.source.file))).toEqual(new Set([DEMO_SOURCE]));
    expect(new Set(events.map((e) => e.identity)).size).toBe(events.length);
    const end = Math.floor(NOW / HOUR) * HOUR;
    for (const e of events) {
      expect(e.time).toBeGreaterThanOrEqual(end - DEMO_HOURS * HOUR);
      expect(e.time).toBeLessThan(end);
    }
  });

  it("tells its story through the real diagnosis: unauthenticated mail refused by two providers comes first", () => {
    const reasons = (provider: string | null) =>
      new Set(events.filter((e) => e.provider === provider && e.outcome !== "delivered").map((e) => e.reason));
    expect(reasons("google")).toEqual(new Set(["authfailure", "userunknown", "feedback"]));
    expect(reasons("microsoft")).toContain("authfailure");
    expect(reasons("microsoft")).toContain("blocked");
    expect(reasons("yahoo")).toContain("badreputation");
    const report = buildReport(summarizeEvents(events));
    expect(report.timeline.bucketMs).toBe(HOUR);
    expect(report.findings[0]).toMatchObject({
      id: "authfailure-permanent",
      scope: "multi-provider",
      priority: "critical",
    });
    const ids = report.findings.map((f) => `${f.id} ${f.scope}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        "userunknown-permanent recipient",
        "hostunknown-permanent domain",
        "blocked-permanent provider",
        "feedback-complaint multi-provider",
        "ratelimited-temporary domain",
      ]),
    );
    const causes = new Set(suppressionsOf(events).map((s) => s.cause));
    expect(causes).toEqual(new Set(["hard-bounce", "complaint", "repeated-soft-bounces"]));
  });
});

describe("POST and DELETE /api/demo", () => {
  it("loads the demo once however often it is clicked, and removes it without touching other data", async () => {
    const store = new SqliteStore(join(dir, "demo.db"));
    const app = buildServer({ store, plugins: [demoPlugin], now: () => NOW });
    try {
      const mine = makeEvent({ identity: "my own log line", time: NOW - 2 * HOUR });
      await store.insert([mine]);
      const n = demoEvents(NOW).length;
      const load = await app.inject({ method: "POST", url: "/api/demo", headers: { host: "127.0.0.1" } });
      expect(load.statusCode).toBe(200);
      expect(load.json()).toEqual({ source: DEMO_SOURCE, inserted: n, removed: 0 });
      const again = await app.inject({ method: "POST", url: "/api/demo", headers: { host: "127.0.0.1" } });
      expect(again.json()).toEqual({ source: DEMO_SOURCE, inserted: n, removed: n });
      expect(await store.count()).toBe(n + 1);
      const gone = await app.inject({ method: "DELETE", url: "/api/demo", headers: { host: "127.0.0.1" } });
      expect(gone.json()).toEqual({ source: DEMO_SOURCE, inserted: 0, removed: n });
      expect(await store.count()).toBe(1);
      expect(await store.summarize()).toEqual(summarizeEvents([mine]));
      const none = await app.inject({ method: "DELETE", url: "/api/demo", headers: { host: "127.0.0.1" } });
      expect(none.json()).toEqual({ source: DEMO_SOURCE, inserted: 0, removed: 0 });
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("needs the token like every write when the server has one", async () => {
    const store = new SqliteStore(join(dir, "token.db"));
    const app = buildServer({ store, plugins: [demoPlugin], token: "0123456789abcdef0123" });
    try {
      const r = await app.inject({ method: "POST", url: "/api/demo" });
      expect(r.statusCode).toBe(401);
      expect(await store.count()).toBe(0);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
