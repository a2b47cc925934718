// Reads message/delivery-status bodies (RFC 3464 section 2; RFC 6533 for the UTF-8 form): one group of
// per-message fields, then one group per recipient, groups separated by empty lines.

import { type HeaderField, readHeaders } from "./mime.js";

export interface DeliveryStatus {
  /** Per-message fields (Reporting-MTA, Arrival-Date, X-Postfix-Queue-ID ...), lowercase names. */
  readonly message: ReadonlyMap<string, string>;
  /** Per-recipient field groups, in order. */
  readonly recipients: readonly ReadonlyMap<string, string>[];
}

function toMap(fields: readonly HeaderField[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of fields) if (!m.has(f.name)) m.set(f.name, f.value);
  return m;
}

/**
 * Some MTAs (AOL's, among others) write several recipients' fields without the empty lines between them: a
 * second Final-Recipient starts a new group (taking an Original-Recipient just before it along).
 */
function splitRecipientRuns(fields: readonly HeaderField[]): HeaderField[][] {
  const out: HeaderField[][] = [];
  let current: HeaderField[] = [];
  let seenFinal = false;
  for (const f of fields) {
    if (f.name === "final-recipient") {
      if (seenFinal) {
        const last = current[current.length - 1];
        const carried = last !== undefined && last.name === "original-recipient" ? current.pop() : undefined;
        out.push(current);
        current = carried === undefined ? [] : [carried];
      }
      seenFinal = true;
    }
    current.push(f);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The per-message fields of RFC 3464 section 2.2, from a group that also holds a recipient's. */
const PER_MESSAGE = ["original-envelope-id", "reporting-mta", "dsn-gateway", "received-from-mta", "arrival-date"];
function perMessageOnly(group: ReadonlyMap<string, string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const name of PER_MESSAGE) {
    const v = group.get(name);
    if (v !== undefined) m.set(name, v);
  }
  return m;
}

/** Splits a delivery-status body into its field groups. Tolerant of missing blank lines and stray text. */
export function readDeliveryStatus(text: string): DeliveryStatus {
  const groups: Map<string, string>[] = [];
  let pos = 0;
  const n = text.length;
  let guard = 0;
  while (pos < n && guard++ < 10_000) {
    // Skip blank lines between groups.
    while (
      pos < n &&
      (text.charCodeAt(pos) === 0x0a || text.charCodeAt(pos) === 0x20 || text.charCodeAt(pos) === 0x09)
    ) {
      pos++;
    }
    if (pos >= n) break;
    const { headers, bodyStart } = readHeaders(text, pos, n, undefined, true);
    for (const g of splitRecipientRuns(headers)) groups.push(toMap(g));
    // readHeaders stops at the empty line or at a non-field line; skip that line when no progress was made.
    if (bodyStart <= pos) {
      const eol = text.indexOf("\n", pos);
      pos = eol === -1 ? n : eol + 1;
    } else pos = bodyStart;
  }
  // Some MTAs omit the per-message group: a first group that names a recipient is a recipient group.
  const first = groups[0];
  const firstIsRecipient = first !== undefined && (first.has("final-recipient") || first.has("original-recipient"));
  // A single group that mixes per-message fields into a recipient's (no empty line after Reporting-MTA) serves
  // as both.
  const message = first === undefined ? new Map<string, string>() : firstIsRecipient ? perMessageOnly(first) : first;
  const recipients = groups
    .slice(firstIsRecipient ? 0 : 1)
    .filter((g) => g.has("final-recipient") || g.has("original-recipient") || g.has("status") || g.has("action"));
  return { message, recipients };
}

/** "rfc822; user@example.com" -> { type: "rfc822", value: "user@example.com" } (RFC 3464 section 2.1.2). */
export function splitTyped(value: string | undefined): { type: string | null; value: string } {
  if (value === undefined) return { type: null, value: "" };
  const semi = value.indexOf(";");
  if (semi === -1 || semi > 32) return { type: null, value: value.trim() };
  return { type: value.slice(0, semi).trim().toLowerCase(), value: value.slice(semi + 1).trim() };
}
