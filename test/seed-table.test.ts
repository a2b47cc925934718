// The seed guide's main table (../shared/seed): each of its 21 rows, given as the bare code (or code pair) a user
// would paste, must come out with the guide's outcome and priority exactly and a category that fits its Type.
import { describe, expect, it } from "vitest";
import { explain } from "../src/core/diagnose.js";
import type { Category } from "../src/knowledge/types.js";

// Row, the guide's Type column, its Priority column.
const SEED: readonly [string, string, string][] = [
  ["220", "Success", "Info"],
  ["250", "Success", "Info"],
  ["421", "Temporary / Network / server", "Monitor"],
  ["450", "Temporary / Recipient", "Monitor"],
  ["451", "Temporary / Network / server", "Monitor"],
  ["452", "Temporary", "Fix soon"],
  ["500", "Permanent / Network / server", "Fix soon"],
  ["501", "Permanent", "Fix soon"],
  ["502", "Permanent / Network / server", "Fix soon"],
  ["503", "Permanent", "Fix soon"],
  ["530", "Authentication", "Critical"],
  ["535", "Authentication", "Critical"],
  ["550", "Permanent", "Critical"],
  ["550 5.1.1", "Recipient", "Fix soon"],
  ["550 5.7.1", "Reputation / policy", "Critical"],
  ["550 5.7.26", "Authentication / Reputation / policy", "Critical"],
  ["551", "Recipient", "Fix soon"],
  ["552", "Recipient / Permanent", "Fix soon"],
  ["553", "Permanent", "Fix soon"],
  ["554", "Reputation / policy", "Critical"],
  ["554 5.7.1", "Reputation / policy", "Critical"],
];

const PRIORITY: Record<string, string> = {
  Info: "info",
  Monitor: "monitor",
  "Fix soon": "fix-soon",
  Critical: "critical",
};

/** Categories that fit each of the guide's Type labels. */
function allowedCategories(type: string): Category[] {
  const out = new Set<Category>();
  const t = type.toLowerCase();
  if (t.includes("success")) out.add("success");
  if (t.includes("recipient")) out.add("recipient");
  if (t.includes("authentication")) out.add("authentication");
  if (t.includes("reputation")) out.add("reputation");
  if (t.includes("policy")) out.add("policy");
  if (t.includes("network")) out.add("network");
  if (t.includes("server")) out.add("server");
  // A bare "Temporary" or "Permanent" type does not name a domain: any failure category fits, not success.
  if (t === "temporary" || t === "permanent") {
    for (const c of ["server", "network", "protocol", "sender", "recipient", "policy", "unknown"] as const) out.add(c);
  }
  return [...out];
}

describe("seed table rows", () => {
  for (const [code, type, priority] of SEED) {
    it(`${code} (${type}, ${priority})`, () => {
      const d = explain(code);
      const cls = code[0];
      expect(d.outcome).toBe(cls === "2" ? "success" : cls === "4" ? "temporary" : "permanent");
      expect(d.priority).toBe(PRIORITY[priority]);
      expect(allowedCategories(type)).toContain(d.category);
      expect(d.causes.length + d.actions.length).toBeGreaterThan(cls === "2" ? 0 : 3);
      expect(d.evidence.table).toBe("seed-row");
    });
  }
});
