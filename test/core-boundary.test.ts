// The core and the knowledge base must run in a browser: no Node built-ins, no process, no console, no I/O.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const PURE_DIRS = ["src/core", "src/knowledge", "src/report"];
const FORBIDDEN: readonly [RegExp, string][] = [
  [/from\s+["']node:/, "a node: import"],
  [/from\s+["'](fs|path|os|child_process|net|http|https|dns|crypto|stream|readline)["']/, "a Node built-in import"],
  [/\bprocess\.(env|exit|argv|std(in|out|err)|cwd|on)\b/, "process"],
  [/\bconsole\.(log|error|warn|info|debug)\(/, "console"],
  [/\brequire\(/, "require()"],
  [/from\s+["'](better-sqlite3|commander|picocolors)["']/, "an edge-only dependency"],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("core boundary", () => {
  const files = PURE_DIRS.flatMap(walk);
  it("has files to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const file of files) {
    it(`${file} uses no I/O`, () => {
      const src = readFileSync(file, "utf8");
      for (const [re, what] of FORBIDDEN) expect(re.test(src), `${file} uses ${what}`).toBe(false);
    });
  }
});
