// ISO 8601 / RFC 3339 timestamps as logs and ESP payloads write them ("2026-11-28T10:00:01.123+01:00",
// "2026-11-28 10:00:01Z"), read by hand in linear time. Shared by the syslog heads and the ESP readers.

/** The number written by `count` decimal digits at `at`, or -1. */
export function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A fraction of a second at `at` (".123", ",5", any number of digits): milliseconds and where it ends. */
export function readFraction(s: string, at: number): { ms: number; end: number } {
  const c = s.charCodeAt(at);
  if (c !== 46 && c !== 44) return { ms: 0, end: at };
  let j = at + 1;
  let ms = 0;
  let scale = 100;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
    if (scale >= 1) ms += (s.charCodeAt(j) - 48) * scale;
    scale /= 10;
    j++;
  }
  return { ms: Math.floor(ms), end: j };
}

/** A zone at `at` ("Z", "+01:00", "-0500"): minutes east of UTC and where it ends; null when there is none. */
export function readZone(s: string, at: number): { minutes: number; end: number } | null {
  const z = s.charCodeAt(at);
  if (z === 90 || z === 122) return { minutes: 0, end: at + 1 };
  if (z !== 43 && z !== 45) return null;
  const h = digitsAt(s, at + 1, 2);
  const colon = s.charCodeAt(at + 3) === 58;
  const m = digitsAt(s, at + (colon ? 4 : 3), 2);
  if (h < 0 || m < 0 || h > 23 || m > 59) return null;
  return { minutes: (z === 45 ? -1 : 1) * (h * 60 + m), end: at + (colon ? 6 : 5) };
}

/**
 * "YYYY-MM-DD(T| )hh:mm:ss[.fff][zone]" at `at`. Sets `out.time` (ms since the epoch, UTC; a stamp without a zone
 * is taken at `utcOffsetMinutes`) and returns where it ends, or -1 when the text is no such timestamp.
 */
export function readIsoTime(line: string, at: number, utcOffsetMinutes: number, out: { time: number | null }): number {
  const y = digitsAt(line, at, 4);
  const mo = digitsAt(line, at + 5, 2);
  const d = digitsAt(line, at + 8, 2);
  const sep = line.charCodeAt(at + 10);
  const h = digitsAt(line, at + 11, 2);
  const mi = digitsAt(line, at + 14, 2);
  const s = digitsAt(line, at + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return -1;
  }
  if (line.charCodeAt(at + 4) !== 45 || line.charCodeAt(at + 7) !== 45) return -1;
  if (sep !== 84 && sep !== 116 && sep !== 32) return -1;
  if (line.charCodeAt(at + 13) !== 58 || line.charCodeAt(at + 16) !== 58) return -1;
  const fraction = readFraction(line, at + 19);
  const zone = readZone(line, fraction.end);
  const offset = zone === null ? utcOffsetMinutes : zone.minutes;
  out.time = Date.UTC(y, mo - 1, d, h, mi, s, fraction.ms) - offset * 60_000;
  return zone === null ? fraction.end : zone.end;
}

/** A whole string that is one timestamp (a zone may follow after spaces; none means UTC), or null. */
export function parseIsoTimestamp(s: string): number | null {
  const out: { time: number | null } = { time: null };
  const end = readIsoTime(s, 0, 0, out);
  if (end < 0 || out.time === null) return null;
  const rest = s.slice(end).trim();
  if (rest === "") return out.time;
  // "2024-03-04 09:28:10 +0000": the zone after a space, applied to the stamp read as UTC.
  const zone = readZone(rest, 0);
  return zone === null || zone.end !== rest.length ? null : out.time - zone.minutes * 60_000;
}
