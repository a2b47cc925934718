// Times given on the command line: ISO 8601 dates and times ("2026-11-28", "2026-11-28T10:00:00Z"), "now",
// or a span back from now ("90m", "24h", "7d", "2w").

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class TimeArgumentError extends Error {}

export function parseTimeArgument(value: string, now: number = Date.now()): number {
  const v = value.trim();
  if (v === "now") return now;
  const unit = UNITS[v.slice(-1)];
  const n = Number(v.slice(0, -1));
  if (unit !== undefined && v.length > 1 && Number.isFinite(n) && n >= 0) return now - n * unit;
  // A bare date is midnight UTC; Date.parse reads date-only ISO strings as UTC and date-times without a zone as local.
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) {
    const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}Z`;
    const t = Date.parse(withZone.replace(" ", "T"));
    if (Number.isFinite(t)) return t;
  }
  throw new TimeArgumentError(
    `"${value}" is not a time: use an ISO date or time (2026-11-28, 2026-11-28T10:00Z), "now", or a span back from now (24h, 7d)`,
  );
}

/** "+01:00", "-0530", "+2" -> minutes east of UTC. */
export function parseUtcOffset(value: string): number {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(value.trim());
  if (m === null) throw new TimeArgumentError(`"${value}" is not a UTC offset: use +01:00, -0500 or +2`);
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) throw new TimeArgumentError(`"${value}" is not a UTC offset (at most 14 hours)`);
  return m[1] === "-" ? -minutes : minutes;
}

export function isoOf(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z");
}
