// The failure picture around each recorded fix: summaries of the week before and after it (up to the next fix of
// the same finding), as `bouncewise report` and GET /api/report show them.

import type { FixWindow } from "../core/analysis/report.js";
import { REPORT_RULES } from "../knowledge/report-rules.js";
import type { EventStore } from "./types.js";

export async function fixWindowsOf(store: EventStore): Promise<FixWindow[]> {
  const fixes = await store.listFixes();
  const span = REPORT_RULES.fixWindowDays * 86_400_000;
  const out: FixWindow[] = [];
  for (const fix of fixes) {
    const next = fixes.find((f) => f.at > fix.at && f.finding === fix.finding);
    const after = Math.min(fix.at + span, next?.at ?? Number.POSITIVE_INFINITY);
    out.push({
      fix,
      before: await store.summarize({ since: fix.at - span, until: fix.at }),
      after: await store.summarize({ since: fix.at, until: after }),
    });
  }
  return out;
}
