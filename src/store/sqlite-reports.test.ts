import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { AggregateRecord } from "../core/dmarc/types.js";
import { SCHEMA_VERSION, SqliteStore } from "./sqlite-store.js";
import type { StoredReport } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "bw-reports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => new SqliteStore(join(dir, `r-${n++}.db`));

const record = (over: Partial<AggregateRecord> = {}): AggregateRecord => ({
  sourceIp: "192.0.2.10",
  count: 3,
  disposition: "none",
  dkim: "pass",
  spf: "fail",
  reasons: [],
  headerFrom: "example.com",
  dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass" }],
  spfAuth: [{ domain: "bounce.example.net", scope: "mfrom", result: "softfail" }],
  ...over,
});

const head = (over: Partial<Omit<StoredReport, "id" | "records">> = {}): Omit<StoredReport, "id" | "records"> => ({
  kind: "aggregate",
  org: "receiver.example",
  reportId: "r-1",
  begin: Date.UTC(2026, 10, 1),
  end: Date.UTC(2026, 10, 2),
  domain: "example.com",
  file: "a.xml",
  data: { policy: { domain: "example.com", p: "none" } },
  ...over,
});

async function all(store: SqliteStore, id: number, batch?: number): Promise<AggregateRecord[]> {
  const out: AggregateRecord[] = [];
  for await (const b of store.reports.records(id, batch)) out.push(...b);
  return out;
}

describe("SqliteStore reports (DMARC aggregate, failure, TLS)", () => {
  it("stores a report with its records in batches and reads them back in order", async () => {
    const store = fresh();
    const { id, duplicate } = await store.reports.openReport(head());
    expect(duplicate).toBe(false);
    const recs = Array.from({ length: 12 }, (_, i) => record({ sourceIp: `192.0.2.${i}`, count: i + 1 }));
    await store.reports.addRecords(id, recs.slice(0, 5));
    await store.reports.addRecords(id, recs.slice(5));
    await store.reports.closeReport(id);
    expect(await all(store, id, 4)).toEqual(recs);
    const [stored] = await store.reports.reports();
    expect(stored).toMatchObject({ id, kind: "aggregate", org: "receiver.example", reportId: "r-1", records: 12 });
    expect(stored?.data).toEqual({ policy: { domain: "example.com", p: "none" } });
    await store.close();
  });

  it("adds nothing for a report stored before (same kind, org and report id)", async () => {
    const store = fresh();
    const a = await store.reports.openReport(head());
    await store.reports.addRecords(a.id, [record()]);
    await store.reports.closeReport(a.id);
    const b = await store.reports.openReport(head({ file: "again.xml" }));
    expect(b).toEqual({ id: a.id, duplicate: true });
    // The same id from another organisation, or a TLS report with that id, is another report.
    expect((await store.reports.openReport(head({ org: "other.example" }))).duplicate).toBe(false);
    expect((await store.reports.openReport(head({ kind: "tls" }))).duplicate).toBe(false);
    await store.close();
  });

  it("replaces a report left open by a killed run, and hides it until it is closed", async () => {
    const path = join(dir, "killed.db");
    const first = new SqliteStore(path);
    const a = await first.reports.openReport(head());
    await first.reports.addRecords(a.id, [record(), record()]);
    expect(await first.reports.reports()).toEqual([]);
    await first.close();
    const second = new SqliteStore(path);
    const b = await second.reports.openReport(head());
    expect(b.duplicate).toBe(false);
    await second.reports.addRecords(b.id, [record({ count: 7 })]);
    await second.reports.closeReport(b.id);
    expect((await all(second, b.id)).map((r) => r.count)).toEqual([7]);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM report_records").pluck().get()).toBe(1);
    db.close();
    await second.close();
  });

  it("filters reports by kind, period and domain", async () => {
    const store = fresh();
    const put = async (h: Omit<StoredReport, "id" | "records">) =>
      store.reports.closeReport((await store.reports.openReport(h)).id);
    const day = 86_400_000;
    const t0 = Date.UTC(2026, 10, 1);
    await put(head({ reportId: "a", begin: t0, end: t0 + day }));
    await put(head({ reportId: "b", begin: t0 + 2 * day, end: t0 + 3 * day, domain: "example.org" }));
    await put(head({ reportId: "c", kind: "tls", begin: t0 + 4 * day, end: t0 + 5 * day }));
    const ids = async (f: Parameters<typeof store.reports.reports>[0]) =>
      (await store.reports.reports(f)).map((r) => r.reportId);
    expect(await ids({})).toEqual(["a", "b", "c"]);
    expect(await ids({ kind: "aggregate" })).toEqual(["a", "b"]);
    expect(await ids({ since: t0 + 2 * day })).toEqual(["b", "c"]);
    expect(await ids({ until: t0 + 2 * day })).toEqual(["a"]);
    expect(await ids({ domain: "EXAMPLE.ORG" })).toEqual(["b"]);
    await store.close();
  });

  it("refuses records for a report that is not open", async () => {
    const store = fresh();
    await expect(store.reports.addRecords(99, [record()])).rejects.toThrow(/not open/);
    const { id } = await store.reports.openReport(head());
    await store.reports.closeReport(id);
    await expect(store.reports.addRecords(id, [record()])).rejects.toThrow(/already closed/);
    await store.close();
  });

  it("round-trips any record", async () => {
    const store = fresh();
    const text = fc.string({ maxLength: 20 });
    const arb = fc.record({
      sourceIp: text,
      count: fc.nat(),
      disposition: fc.constantFrom("none", "quarantine", "reject"),
      dkim: fc.constantFrom("pass", "fail"),
      spf: fc.constantFrom("pass", "fail"),
      reasons: fc.array(fc.record({ type: text }, { requiredKeys: ["type"] }), { maxLength: 2 }),
      headerFrom: text,
      envelopeFrom: fc.option(text, { nil: undefined }),
      envelopeTo: fc.option(text, { nil: undefined }),
      dkimAuth: fc.array(fc.record({ domain: text, selector: fc.option(text, { nil: undefined }), result: text }), {
        maxLength: 3,
      }),
      spfAuth: fc.array(fc.record({ domain: text, result: text }), { maxLength: 2 }),
    });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { maxLength: 20 }), async (recs) => {
        const clean = recs.map((r) => JSON.parse(JSON.stringify(r)) as AggregateRecord);
        const { id } = await store.reports.openReport(head({ reportId: `p-${k++}` }));
        await store.reports.addRecords(id, clean);
        await store.reports.closeReport(id);
        expect(await all(store, id, 3)).toEqual(clean);
      }),
      { numRuns: 60 },
    );
    await store.close();
  });

  it("migrates a file written before reports existed (schema 1) and keeps its events", async () => {
    // A schema-1 file: written by this version, then taken back to schema 1 by dropping what step 2 added.
    const store = new SqliteStore(join(dir, "v1b.db"));
    await store.addFix({ at: 1, text: "x", finding: null });
    await store.close();
    const raw = new Database(join(dir, "v1b.db"));
    raw.exec("DROP TABLE report_records; DROP TABLE reports");
    raw.pragma("user_version = 1");
    raw.close();
    const again = new SqliteStore(join(dir, "v1b.db"));
    expect(await again.listFixes()).toHaveLength(1);
    const { id } = await again.reports.openReport(head());
    await again.reports.closeReport(id);
    expect(await again.reports.reports()).toHaveLength(1);
    await again.close();
    const check = new Database(join(dir, "v1b.db"), { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});
