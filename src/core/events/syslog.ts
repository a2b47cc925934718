// Syslog line heads: the timestamp, host and program tag in front of a daemon's message. Hand-scanned (no regexes)
// so any line, however long or odd, is read in linear time.
// Forms: classic BSD syslog (RFC 3164) "Nov 28 10:00:01 host prog[pid]: msg", the high-precision form rsyslog and
// journald write ("2026-11-28T10:00:01.123456+01:00 host prog[pid]: msg"), and RFC 5424
// ("<22>1 2026-11-28T10:00:01.123Z host prog pid msgid [sd] msg").

import { digitsAt, readFraction, readIsoTime } from "./timestamps.js";

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const DAY_MS = 86_400_000;

export interface SyslogHead {
  /** ms since the epoch (UTC); null when the timestamp could not be read. */
  readonly time: number | null;
  readonly host: string;
  /** The program tag without the pid, e.g. "postfix/smtp" or "postfix-out/smtp". */
  readonly program: string;
  /** Offset of the message text in the line. */
  readonly messageStart: number;
}

export interface TimeContext {
  readonly referenceTime: number;
  readonly utcOffsetMinutes: number;
}

/** "Nov 28 10:00:01" (day may be space-padded) at `at`; returns the end offset or -1. */
function readClassic(line: string, ctx: TimeContext, out: { time: number | null }): number {
  const month = MONTHS[line.slice(0, 3)];
  if (month === undefined || line.charCodeAt(3) !== 32) return -1;
  let i = 4;
  if (line.charCodeAt(i) === 32) i++;
  let day = digitsAt(line, i, 2);
  if (day < 0) {
    day = digitsAt(line, i, 1);
    i += 1;
  } else i += 2;
  if (day < 1 || day > 31 || line.charCodeAt(i) !== 32) return -1;
  const h = digitsAt(line, i + 1, 2);
  const m = digitsAt(line, i + 4, 2);
  const s = digitsAt(line, i + 7, 2);
  if (h < 0 || m < 0 || s < 0 || line.charCodeAt(i + 3) !== 58 || line.charCodeAt(i + 6) !== 58) return -1;
  // Optional fraction (some syslog daemons add it to the classic form).
  const { ms, end } = readFraction(line, i + 9);
  i = end;
  const offset = ctx.utcOffsetMinutes * 60_000;
  const refYear = new Date(ctx.referenceTime).getUTCFullYear();
  let t = Date.UTC(refYear, month, day, h, m, s, ms) - offset;
  // No year in the line: a date more than a day after the reference belongs to the year before (logs are read
  // after they were written; a December line read in January).
  if (t > ctx.referenceTime + DAY_MS) t = Date.UTC(refYear - 1, month, day, h, m, s, ms) - offset;
  out.time = t;
  return i;
}

/** Reads the syslog head of a line; null when the line does not start like a syslog line. */
export function readSyslogHead(line: string, ctx: TimeContext): SyslogHead | null {
  const t: { time: number | null } = { time: null };
  let i: number;
  let rfc5424 = false;
  if (line.charCodeAt(0) === 60) {
    // RFC 5424: "<PRI>VERSION TIMESTAMP HOST APP PROCID MSGID SD MSG" (section 6).
    const close = line.indexOf(">", 1);
    if (close < 2 || close > 4) return null;
    const space = line.indexOf(" ", close);
    if (space < 0 || space - close > 3) return null;
    i = line.charCodeAt(space + 1) === 45 ? space + 2 : readIsoTime(line, space + 1, ctx.utcOffsetMinutes, t);
    rfc5424 = true;
  } else if (line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57) {
    i = readIsoTime(line, 0, ctx.utcOffsetMinutes, t);
  } else {
    i = readClassic(line, ctx, t);
  }
  if (i < 0 || line.charCodeAt(i) !== 32) return null;
  const hostEnd = line.indexOf(" ", i + 1);
  if (hostEnd < 0) return null;
  const host = line.slice(i + 1, hostEnd);
  if (rfc5424) {
    // APP-NAME PROCID MSGID STRUCTURED-DATA, then the message.
    const appEnd = line.indexOf(" ", hostEnd + 1);
    if (appEnd < 0) return null;
    const program = line.slice(hostEnd + 1, appEnd);
    const procEnd = line.indexOf(" ", appEnd + 1);
    const msgIdEnd = procEnd < 0 ? -1 : line.indexOf(" ", procEnd + 1);
    if (msgIdEnd < 0) return null;
    let m = msgIdEnd + 1;
    if (line.charCodeAt(m) === 45) m += 2;
    else if (line.charCodeAt(m) === 91) {
      // Skip structured data elements "[...]" (values may contain escaped "]").
      while (line.charCodeAt(m) === 91) {
        let j = m + 1;
        while (j < line.length && line.charCodeAt(j) !== 93) j += line.charCodeAt(j) === 92 ? 2 : 1;
        m = j + 1;
      }
      if (line.charCodeAt(m) === 32) m++;
    }
    if (line.charCodeAt(m) === 0xfeff) m++; // BOM before a UTF-8 MSG
    return { time: t.time, host, program, messageStart: Math.min(m, line.length) };
  }
  // "prog[pid]: " or "prog: "
  const colon = line.indexOf(": ", hostEnd + 1);
  if (colon < 0) return null;
  const bracket = line.indexOf("[", hostEnd + 1);
  const programEnd = bracket >= 0 && bracket < colon ? bracket : colon;
  const program = line.slice(hostEnd + 1, programEnd);
  if (program.includes(" ")) return null;
  return { time: t.time, host, program, messageStart: colon + 2 };
}
