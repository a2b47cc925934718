// Unwraps the containers a reply arrives in before it is read: a JSON string literal copied from an ESP event
// ("\"550 5.1.1 ...\""), a JSON object with the reply in a known field, a DSN "Diagnostic-Code:" header line.

/** Field names under which ESP events and webhook payloads carry the remote server's reply, in preference order. */
const REPLY_FIELDS: readonly string[] = [
  "diagnosticCode", // Amazon SES bounce recipients
  "diagnostic-code",
  "diagnostic_code",
  "smtp_response",
  "smtpResponse",
  "response", // SendGrid deferred/bounce
  "reason", // SendGrid bounce, Mailgun
  "description",
  "message",
  "Details", // Postmark
  "error",
  "raw_reason", // SparkPost
  "bounce_reason",
];

const MAX_JSON_DEPTH = 6;

function findReplyField(value: unknown, depth: number): string | null {
  if (depth > MAX_JSON_DEPTH || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findReplyField(item, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key of REPLY_FIELDS) {
    const v = record[key];
    if (typeof v === "string" && v.trim() !== "") return v;
  }
  for (const v of Object.values(record)) {
    const found = findReplyField(v, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Returns the reply text carried by `input`, or `input` itself when it is not wrapped. */
export function unwrapInput(input: string): string {
  const trimmed = input.trim();
  const first = trimmed.charCodeAt(0);
  const last = trimmed.charCodeAt(trimmed.length - 1);
  if (trimmed.length >= 2 && first === 34 && last === 34) {
    try {
      const v: unknown = JSON.parse(trimmed);
      if (typeof v === "string") return v;
    } catch {
      // Not a JSON literal: a reply that happens to be quoted. Drop the quotes only.
      return trimmed.slice(1, -1);
    }
  }
  if ((first === 123 && last === 125) || (first === 91 && last === 93)) {
    try {
      const found = findReplyField(JSON.parse(trimmed) as unknown, 0);
      if (found !== null) return found;
    } catch {
      // Not JSON; read it as text.
    }
  }
  // A DSN header pasted whole: "Diagnostic-Code: smtp; 550 ...".
  // Checked on the first letter before slicing and lowercasing: almost no input starts with "d".
  if ((first === 100 || first === 68) && trimmed.slice(0, 32).toLowerCase().startsWith("diagnostic-code:")) {
    return trimmed.slice("diagnostic-code:".length);
  }
  return input;
}
