// Postfix maillog reader: one RawEvent per delivery attempt line (`status=sent|deferred|bounced`, and the
// recipients still deferred when qmgr logs `status=expired`), joined with the `from=` (qmgr) and `message-id=`
// (cleanup) lines of the same queue id. Line formats: Postfix's smtp(8)/lmtp/local/virtual/pipe/error logging,
// http://www.postfix.org/postconf.5.html (queue ids, long queue ids), as seen in real logs (test/fixtures/real-postfix).
// Hand-scanned: linear in the line length whatever the input.

import type { LineReader, LineReaderOptions } from "./line-reader.js";
import { readSyslogHead, type TimeContext } from "./syslog.js";
import type { EventOutcome, RawEvent } from "./types.js";

interface OpenMessage {
  sender: string | null;
  messageId: string | null;
  subject: string | null;
  /** Recipients whose last attempt was deferred, with that attempt, for `status=expired`. */
  deferred: Map<string, RawEvent> | null;
}

const DEFAULT_MAX_OPEN = 100_000;

/** Postfix daemons that log delivery attempts (status=...). */
const DELIVERY_AGENTS = new Set(["smtp", "lmtp", "local", "virtual", "pipe", "error", "discard", "retry", "relay"]);

/** True when the line is a syslog line from a Postfix program ("postfix/smtp", "postfix-out/qmgr", ...). */
export function looksLikePostfixLine(line: string): boolean {
  const head = readSyslogHead(line, { referenceTime: 0, utcOffsetMinutes: 0 });
  if (head === null) return false;
  return head.program.startsWith("postfix") && head.program.includes("/");
}

/** The value of `name=` up to the next ", " (or the end), or null. */
function field(msg: string, name: string): string | null {
  let at = msg.indexOf(name);
  // A field name starts the message or follows a space ("orig_to=" must not be read as "to=").
  while (at > 0 && msg.charCodeAt(at - 1) !== 32) at = msg.indexOf(name, at + name.length);
  if (at < 0) return null;
  const start = at + name.length;
  const end = msg.indexOf(", ", start);
  return msg.slice(start, end < 0 ? msg.length : end);
}

function unbracket(value: string | null): string | null {
  if (value === null) return null;
  const v = value.charCodeAt(0) === 60 && value.charCodeAt(value.length - 1) === 62 ? value.slice(1, -1) : value;
  return v === "" ? null : v;
}

/** relay=host[ip]:port -> host, ip. "none", "local" and transport names have no IP. */
function splitRelay(relay: string | null): { host: string | null; ip: string | null } {
  if (relay === null || relay === "none") return { host: null, ip: null };
  const open = relay.indexOf("[");
  if (open < 0) return { host: relay, ip: null };
  const close = relay.indexOf("]", open);
  const ip = close > open ? relay.slice(open + 1, close) : null;
  const host = relay.slice(0, open);
  return { host: host === "" ? ip : host, ip };
}

const OUTCOMES: Readonly<Record<string, EventOutcome>> = {
  sent: "delivered",
  deferred: "deferred",
  bounced: "bounced",
  // Postfix 3.x can also log per-recipient "status=expired" from the error agent when a message is too old.
  expired: "bounced",
  undeliverable: "bounced",
  deliverable: "delivered",
};

export function createPostfixLogReader(options: LineReaderOptions = {}): LineReader {
  const ctx: TimeContext = {
    referenceTime: options.referenceTime ?? Date.now(),
    utcOffsetMinutes: options.utcOffsetMinutes ?? 0,
  };
  const maxOpen = Math.max(1, options.maxOpenMessages ?? DEFAULT_MAX_OPEN);
  // Insertion-ordered: the first key is the oldest, forgotten first when the map is full.
  const open = new Map<string, OpenMessage>();

  function messageOf(queueId: string): OpenMessage {
    let m = open.get(queueId);
    if (m === undefined) {
      if (open.size >= maxOpen) {
        const oldest = open.keys().next().value;
        if (oldest !== undefined) open.delete(oldest);
      }
      m = { sender: null, messageId: null, subject: null, deferred: null };
      open.set(queueId, m);
    }
    return m;
  }

  function deliveryLine(line: string, msg: string, queueId: string, time: number | null, out: RawEvent[]) {
    const statusAt = msg.indexOf(", status=");
    const to = unbracket(field(msg, "to="));
    if (to === null) return "a delivery line without to=<...>";
    let statusEnd = msg.indexOf(" ", statusAt + 9);
    if (statusEnd < 0) statusEnd = msg.length;
    let word = msg.slice(statusAt + 9, statusEnd);
    if (word.endsWith(",")) word = word.slice(0, -1);
    const outcome = OUTCOMES[word];
    if (outcome === undefined) return `unknown status=${word.slice(0, 40)}`;
    // The explanation is everything in the parentheses after the status word (it may itself contain parentheses).
    const paren = msg.indexOf("(", statusEnd);
    const text = paren >= 0 ? msg.slice(paren + 1, msg.endsWith(")") ? -1 : msg.length) : null;
    const relay = splitRelay(field(msg, "relay="));
    const dsn = field(msg, "dsn=");
    const m = open.get(queueId);
    // Mail from the null sender is a notification this MTA sends itself (a bounce, a delay notice): not the
    // sender's own mail, so its deliveries are not counted.
    if (m !== undefined && m.sender === "" && outcome === "delivered") return null;
    const event: RawEvent = {
      format: "postfix",
      identity: line.trim(),
      time,
      outcome,
      recipient: to,
      sender: m === undefined || m.sender === "" ? null : m.sender,
      messageId: m?.messageId ?? null,
      queueId,
      sendingIp: null,
      remoteHost: relay.host,
      remoteIp: relay.ip,
      status: dsn,
      text: text === "" ? null : text,
      esp: null,
      feedbackType: null,
      subject: m?.subject ?? null,
      ...(word === "expired" ? { gaveUp: true } : {}),
    };
    out.push(event);
    if (m !== undefined) {
      if (outcome === "deferred") {
        if (m.deferred === null) m.deferred = new Map();
        m.deferred.set(to, event);
      } else m.deferred?.delete(to);
    } else if (outcome === "deferred") messageOf(queueId).deferred = new Map([[to, event]]);
    return null;
  }

  /** qmgr: "QID: from=<x>, status=expired, returned to sender": every recipient still deferred has bounced. */
  function expiredLine(line: string, queueId: string, time: number | null, out: RawEvent[]) {
    const m = open.get(queueId);
    if (m?.deferred == null) return;
    for (const [recipient, last] of m.deferred) {
      out.push({
        ...last,
        identity: `${line.trim()}|${recipient}`,
        time,
        outcome: "bounced",
        gaveUp: true,
      });
    }
    m.deferred = null;
  }

  return {
    format: "postfix",
    line(line, _lineNo, out) {
      const head = readSyslogHead(line, ctx);
      if (head === null || !head.program.startsWith("postfix")) return null;
      const slash = head.program.lastIndexOf("/");
      if (slash < 0) return null;
      const daemon = head.program.slice(slash + 1);
      const msg = line.slice(head.messageStart);
      const colon = msg.indexOf(": ");
      if (colon < 1 || colon > 20) return null; // no queue id: warnings, connects, NOQUEUE rejects of inbound mail
      const queueId = msg.slice(0, colon);
      if (queueId === "NOQUEUE") return null;
      const rest = msg.slice(colon + 2);
      if (DELIVERY_AGENTS.has(daemon) && rest.startsWith("to=")) {
        if (!rest.includes(", status=")) return rest.includes("dsn=") ? "a delivery line without status=" : null;
        return deliveryLine(line, rest, queueId, head.time, out);
      }
      if (daemon === "qmgr") {
        if (rest === "removed") {
          open.delete(queueId);
          return null;
        }
        if (rest.startsWith("from=")) {
          const m = messageOf(queueId);
          m.sender = unbracket(field(rest, "from=")) ?? "";
          if (rest.includes("status=expired")) expiredLine(line, queueId, head.time, out);
        }
        return null;
      }
      if (daemon === "cleanup") {
        if (rest.startsWith("message-id=")) {
          const id = rest.slice(11).trim();
          messageOf(queueId).messageId = unbracket(id);
        } else if (rest.startsWith("info: header Subject: ")) {
          // header_checks INFO action: "info: header Subject: TEXT from host[ip]; from=<...> ..."
          const s = rest.slice(22);
          const end = s.indexOf(" from ");
          messageOf(queueId).subject = end < 0 ? s : s.slice(0, end);
        }
        return null;
      }
      return null;
    },
    end() {
      open.clear();
    },
  };
}
