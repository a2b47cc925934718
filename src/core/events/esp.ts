// ESP event readers: one record of an ESP's event export or webhook payload -> RawEvents, one per recipient.
// Amazon SES (SNS notifications, SNS envelopes, Lambda SNS batches, EventBridge, event publishing records), SendGrid
// event webhook, Mailgun (webhook `event-data`, Events API items and pages), Postmark (Bounce, SpamComplaint and
// Delivery webhooks, Bounce API records) and SparkPost (`msys` webhook wrappers and bare Events API records).
// The ESP's own classification is kept as written and mapped through src/knowledge/esp-classes.ts.
// Pure: no I/O and no Node APIs (it runs in a browser); never throws on any input; no regular expressions.

import { ESP_CLASSES, type EspClassRow, type EspName } from "../../knowledge/esp-classes.js";
import { digitsAt, parseIsoTimestamp } from "./timestamps.js";
import type { EspClassification, EventFormat, EventOutcome, RawEvent } from "./types.js";

export interface EspReadResult {
  readonly events: readonly RawEvent[];
  /** A known ESP record of no delivery interest (open, click, processed, a webhook test ping). */
  readonly skipped: boolean;
  /** Why the record could not be read (not an ESP record, or malformed), null when it was read. */
  readonly problem: string | null;
}

type Json = Readonly<Record<string, unknown>>;

// Every ESP name is an event format.
const ESP_FORMAT: Readonly<Record<EspName, EventFormat>> = {
  ses: "ses",
  sendgrid: "sendgrid",
  mailgun: "mailgun",
  postmark: "postmark",
  sparkpost: "sparkpost",
};

const SKIPPED: EspReadResult = { events: [], skipped: true, problem: null };

function failed(problem: string): EspReadResult {
  return { events: [], skipped: false, problem };
}

function read(sink: EventSink, what: string): EspReadResult {
  if (sink.events.length > 0) return { events: sink.events, skipped: false, problem: null };
  // Every recipient was an auto-reply or a (un)subscribe notice: a known record of no delivery interest.
  if (sink.notFailures > 0) return { events: [], skipped: true, problem: null };
  return failed(`${what} names no recipient`);
}

// ---------------------------------------------------------------------------------------------------------------------
// JSON access
// ---------------------------------------------------------------------------------------------------------------------

function objectOf(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function get(o: Json, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A table's own entry for a key read from a record (never an inherited one such as "constructor"). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function child(o: Json, key: string): Json | null {
  return objectOf(get(o, key));
}

function items(o: Json, key: string): readonly unknown[] {
  const v = get(o, key);
  return Array.isArray(v) ? v : [];
}

/** A non-empty string, trimmed. */
function textOf(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const t = value.trim();
  return t === "" ? null : t;
}

/** A label or id: a non-empty string, or a finite number written out. */
function labelOf(value: unknown): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  return textOf(value);
}

function textAt(o: Json, key: string): string | null {
  return textOf(get(o, key));
}

function labelAt(o: Json, key: string): string | null {
  return labelOf(get(o, key));
}

/** A Message-ID without its angle brackets. */
function unbracket(id: string | null): string | null {
  if (id === null) return null;
  const inner = id.startsWith("<") && id.endsWith(">") ? id.slice(1, -1).trim() : id;
  return inner === "" ? null : inner;
}

/** Short quotation of a foreign value for a problem message. */
function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Time: epoch seconds or milliseconds (number or digit string), or ISO 8601 with any fraction and zone
// ("2024-03-04T09:15:04.512Z", "2014-08-01T13:28:10.2735393-04:00", SES's "2018-10-08T14:05:45 +0000").
// ---------------------------------------------------------------------------------------------------------------------

function epochMs(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.round(n > 1e11 ? n : n * 1000);
}

function isNumeric(s: string): boolean {
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dots++;
    else if (c < 48 || c > 57) return false;
  }
  return s.length > 0 && dots <= 1 && s !== ".";
}

/** Milliseconds since the epoch (UTC), or null. */
export function espTimeOf(value: unknown): number | null {
  if (typeof value === "number") return epochMs(value);
  const s = textOf(value);
  if (s === null) return null;
  if (isNumeric(s)) return epochMs(Number(s));
  const t = parseIsoTimestamp(s);
  return t !== null && t >= 0 ? t : null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Classification lookup
// ---------------------------------------------------------------------------------------------------------------------

const ANY_TYPE = "\u0000*";

function classKey(esp: EspName, type: string | null, subtype: string | null): string {
  return `${esp}\u0000${type === null ? ANY_TYPE : type.toLowerCase()}\u0000${subtype?.toLowerCase() ?? ""}`;
}

const CLASS_BY_KEY: ReadonlyMap<string, EspClassRow> = new Map(
  ESP_CLASSES.map((row) => [classKey(row.esp, row.type, row.subtype), row]),
);

const CLASSES_BY_TYPE: ReadonlyMap<string, readonly EspClassRow[]> = (() => {
  const map = new Map<string, EspClassRow[]>();
  for (const row of ESP_CLASSES) {
    if (row.type === null) continue;
    const key = `${row.esp}\u0000${row.type.toLowerCase()}`;
    map.set(key, [...(map.get(key) ?? []), row]);
  }
  return map;
})();

function classRowOf(esp: EspName, type: string, subtype: string | null): EspClassRow | undefined {
  if (subtype !== null) {
    const row = CLASS_BY_KEY.get(classKey(esp, type, subtype)) ?? CLASS_BY_KEY.get(classKey(esp, null, subtype));
    if (row !== undefined) return row;
  }
  const row = CLASS_BY_KEY.get(classKey(esp, type, null));
  if (row !== undefined) return row;
  const ofType = CLASSES_BY_TYPE.get(`${esp}\u0000${type.toLowerCase()}`);
  return ofType?.length === 1 ? ofType[0] : undefined;
}

/**
 * The ESP's classification of an event, kept as written, with our reason from src/knowledge/esp-classes.ts.
 * Matching is case-insensitive; see that file for the lookup order.
 */
export function espClassOf(esp: EspName, type: string, subtype: string | null): EspClassification {
  const row = classRowOf(esp, type, subtype);
  return {
    type,
    subtype,
    reason: row?.reason ?? null,
    decides: row?.decides ?? false,
    rule: row?.id ?? null,
    ...(row?.notAFailure === true ? { notAFailure: true } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Event building and identity
// ---------------------------------------------------------------------------------------------------------------------

function canonical(value: unknown, depth: number, out: string[]): void {
  if (depth > 32) {
    out.push("~");
  } else if (typeof value === "string") {
    out.push(JSON.stringify(value));
  } else if (typeof value === "number" || typeof value === "boolean" || value === null) {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      canonical(value[i], depth + 1, out);
    }
    out.push("]");
  } else if (typeof value === "object") {
    const o = value as Json;
    out.push("{");
    for (const [i, key] of Object.keys(o).sort().entries()) {
      out.push(i > 0 ? "," : "", JSON.stringify(key), ":");
      canonical(o[key], depth + 1, out);
    }
    out.push("}");
  } else {
    out.push("?");
  }
}

/** A 64-bit digest (two 32-bit lanes, cyrb53-style mixing) of the record's canonical serialisation. */
function digestOf(record: unknown): string {
  const parts: string[] = [];
  canonical(record, 0, parts);
  const s = parts.join("");
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `#${(h2 >>> 0).toString(16).padStart(8, "0")}${(h1 >>> 0).toString(16).padStart(8, "0")}`;
}

/** What a reader knows of one event; everything not given is null. */
interface Draft {
  readonly outcome: EventOutcome;
  readonly recipient: string;
  readonly esp: EspClassification;
  readonly time?: number | null;
  readonly sender?: string | null;
  readonly messageId?: string | null;
  readonly queueId?: string | null;
  readonly sendingIp?: string | null;
  readonly remoteHost?: string | null;
  readonly remoteIp?: string | null;
  readonly status?: string | null;
  readonly text?: string | null;
  readonly feedbackType?: string | null;
  readonly subject?: string | null;
}

/**
 * The outcome the ESP's label implies over the event's own: a label that decides "suppressed" means the ESP never
 * sent (dropped); one that decides "expired" means the ESP gave up retrying (bounced).
 */
function outcomeOf(draft: Draft): EventOutcome {
  if (!draft.esp.decides) return draft.outcome;
  if (draft.esp.reason === "suppressed") return "dropped";
  if (draft.esp.reason === "expired") return "bounced";
  return draft.outcome;
}

/** Builds the events of one record: `id` is the ESP's event id, or null to identify the record by its digest. */
class EventSink {
  readonly events: RawEvent[] = [];
  /** Drafts left out because the ESP's label says they are not delivery failures. */
  notFailures = 0;
  private digest: string | null = null;
  constructor(
    private readonly esp: EspName,
    private readonly record: unknown,
    private readonly id: string | null,
  ) {}

  add(draft: Draft): void {
    const outcome = outcomeOf(draft);
    // A label the mapping marks as no failure (an auto-reply, a (un)subscribe notice filed as a bounce) gives no event,
    // as the same mails read by parseBounce give none; spam complaints keep their own outcome.
    if ((outcome === "bounced" || outcome === "deferred") && draft.esp.notAFailure === true) {
      this.notFailures++;
      return;
    }
    this.digest ??= this.id ?? digestOf(this.record);
    const format = ESP_FORMAT[this.esp];
    this.events.push({
      format,
      identity: `${format}|${this.digest}|${draft.recipient}`,
      time: draft.time ?? null,
      outcome,
      recipient: draft.recipient,
      sender: draft.sender ?? null,
      messageId: draft.messageId ?? null,
      queueId: draft.queueId ?? null,
      sendingIp: draft.sendingIp ?? null,
      remoteHost: draft.remoteHost ?? null,
      remoteIp: draft.remoteIp ?? null,
      status: draft.status ?? null,
      text: draft.text ?? null,
      esp: draft.esp,
      feedbackType: draft.feedbackType ?? null,
      subject: draft.subject ?? null,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Amazon SES
// ---------------------------------------------------------------------------------------------------------------------

/** SES records of no delivery interest; AmazonSnsSubscriptionSucceeded is SES's test message to a new topic. */
const SES_SKIPPED = new Set(["Send", "Open", "Click", "Subscription", "Received", "AmazonSnsSubscriptionSucceeded"]);

function isSesMessage(o: Json): boolean {
  const kind = textAt(o, "eventType") ?? textAt(o, "notificationType");
  return kind !== null && (child(o, "mail") !== null || kind === "AmazonSnsSubscriptionSucceeded");
}

/** A header's value from SES's `mail.headers` list ({name, value}). */
function sesHeader(mail: Json, name: string): string | null {
  for (const h of items(mail, "headers")) {
    const header = objectOf(h);
    if (header !== null && textAt(header, "name")?.toLowerCase() === name) return textAt(header, "value");
  }
  return null;
}

/** The fields every SES event takes from its `mail` object. */
function sesMailFields(mail: Json) {
  const common = child(mail, "commonHeaders") ?? {};
  const outgoing = items(child(mail, "tags") ?? {}, "ses:outgoing-ip");
  return {
    sender: textAt(mail, "source"),
    queueId: textAt(mail, "messageId"),
    messageId: unbracket(textAt(common, "messageId") ?? sesHeader(mail, "message-id")),
    subject: textAt(common, "subject") ?? sesHeader(mail, "subject"),
    sendingIp: textOf(outgoing[0]),
  };
}

/** The receiving MTA named by `reportingMTA` ("dns; mx.example.com"), unless it is SES's own host. */
function sesRemoteHost(o: Json): string | null {
  const mta = textAt(o, "reportingMTA");
  if (mta === null) return null;
  const host = mta.slice(mta.indexOf(";") + 1).trim();
  return host === "" || host.toLowerCase().endsWith("amazonses.com") ? null : host;
}

/** A DSN Action value as an outcome (SES copies it per bounced recipient). */
function outcomeOfAction(action: string | null, otherwise: EventOutcome): EventOutcome {
  switch (action?.toLowerCase()) {
    case "delayed":
      return "deferred";
    case "delivered":
    case "relayed":
    case "expanded":
      return "delivered";
    default:
      return otherwise;
  }
}

/** The id of an SES event: its feedbackId, else the message id with the event's kind and time, else null. */
function sesEventId(mail: Json, kind: string, event: Json): string | null {
  const feedback = textAt(event, "feedbackId");
  if (feedback !== null) return feedback;
  const messageId = textAt(mail, "messageId");
  const time = textAt(event, "timestamp");
  return messageId === null || time === null ? null : `${messageId}/${kind}/${time}`;
}

type SesPart = (msg: Json, mail: Json, kind: string) => EspReadResult;

/** Bounce, DeliveryDelay: a list of recipient objects with status and diagnosticCode. */
function sesRecipientsEvent(
  field: string,
  listField: string,
  typeOf: (o: Json) => [string, string | null],
  outcome: EventOutcome,
): SesPart {
  return (msg, mail, kind) => {
    const o = child(msg, field);
    if (o === null) return failed(`SES ${kind} without its "${field}" object`);
    const [type, subtype] = typeOf(o);
    const esp = espClassOf("ses", type, subtype);
    const sink = new EventSink("ses", msg, sesEventId(mail, kind, o));
    const time = espTimeOf(get(o, "timestamp")) ?? espTimeOf(get(mail, "timestamp"));
    for (const item of items(o, listField)) {
      const r = objectOf(item);
      const recipient = r === null ? null : textAt(r, "emailAddress");
      if (r === null || recipient === null) continue;
      sink.add({
        ...sesMailFields(mail),
        outcome: outcomeOfAction(textAt(r, "action"), outcome),
        recipient,
        esp,
        time,
        remoteHost: sesRemoteHost(o),
        remoteIp: textAt(o, "remoteMtaIp"),
        status: textAt(r, "status"),
        text: textAt(r, "diagnosticCode"),
      });
    }
    return read(sink, `SES ${kind}`);
  };
}

const sesBounce = sesRecipientsEvent(
  "bounce",
  "bouncedRecipients",
  (b) => [textAt(b, "bounceType") ?? "Undetermined", textAt(b, "bounceSubType")],
  "bounced",
);

const sesDelay = sesRecipientsEvent(
  "deliveryDelay",
  "delayedRecipients",
  (d) => ["DeliveryDelay", textAt(d, "delayType")],
  "deferred",
);

const sesComplaint: SesPart = (msg, mail, kind) => {
  const c = child(msg, "complaint");
  if (c === null) return failed(`SES ${kind} without its "complaint" object`);
  const esp = espClassOf("ses", "Complaint", textAt(c, "complaintSubType"));
  const sink = new EventSink("ses", msg, sesEventId(mail, kind, c));
  for (const item of items(c, "complainedRecipients")) {
    const r = objectOf(item);
    const recipient = r === null ? null : textAt(r, "emailAddress");
    if (recipient === null) continue;
    sink.add({
      ...sesMailFields(mail),
      outcome: "complained",
      recipient,
      esp,
      time: espTimeOf(get(c, "timestamp")) ?? espTimeOf(get(mail, "timestamp")),
      feedbackType: textAt(c, "complaintFeedbackType"),
    });
  }
  return read(sink, `SES ${kind}`);
};

const sesDelivery: SesPart = (msg, mail, kind) => {
  const d = child(msg, "delivery");
  if (d === null) return failed(`SES ${kind} without its "delivery" object`);
  const sink = new EventSink("ses", msg, sesEventId(mail, kind, d));
  for (const item of items(d, "recipients")) {
    const recipient = textOf(item);
    if (recipient === null) continue;
    sink.add({
      ...sesMailFields(mail),
      outcome: "delivered",
      recipient,
      esp: espClassOf("ses", "Delivery", null),
      time: espTimeOf(get(d, "timestamp")) ?? espTimeOf(get(mail, "timestamp")),
      remoteIp: textAt(d, "remoteMtaIp"),
      text: textAt(d, "smtpResponse"),
    });
  }
  return read(sink, `SES ${kind}`);
};

/** Reject and Rendering Failure: SES sent nothing; the recipients are the message's destinations. */
function sesNotSent(field: string, textField: string): SesPart {
  return (msg, mail, kind) => {
    const o = child(msg, field) ?? {};
    const sink = new EventSink("ses", msg, null);
    for (const item of items(mail, "destination")) {
      const recipient = textOf(item);
      if (recipient === null) continue;
      sink.add({
        ...sesMailFields(mail),
        outcome: "dropped",
        recipient,
        esp: espClassOf("ses", kind, null),
        time: espTimeOf(get(mail, "timestamp")),
        text: textAt(o, textField),
      });
    }
    return read(sink, `SES ${kind}`);
  };
}

const SES_PARTS: Readonly<Record<string, SesPart>> = {
  Bounce: sesBounce,
  Complaint: sesComplaint,
  Delivery: sesDelivery,
  DeliveryDelay: sesDelay,
  Reject: sesNotSent("reject", "reason"),
  "Rendering Failure": sesNotSent("failure", "errorMessage"),
};

function readSes(msg: Json): EspReadResult {
  const kind = textAt(msg, "eventType") ?? textAt(msg, "notificationType") ?? "";
  if (SES_SKIPPED.has(kind)) return SKIPPED;
  const part = own(SES_PARTS, kind);
  if (part === undefined) return failed(`unknown SES event type ${quote(kind)}`);
  return part(msg, child(msg, "mail") ?? {}, kind);
}

/** An SNS envelope (HTTP/S subscription, SQS): the SES event is the JSON text of `Message`. */
function readSns(envelope: Json): EspReadResult {
  const type = textAt(envelope, "Type");
  if (type === "SubscriptionConfirmation" || type === "UnsubscribeConfirmation") return SKIPPED;
  const message = get(envelope, "Message");
  const msg = objectOf(typeof message === "string" ? parseJson(message) : message);
  if (msg === null) return failed("SNS notification whose Message is not a JSON object");
  return isSesMessage(msg) ? readSes(msg) : failed("SNS notification that is not an SES event");
}

function isSnsEnvelope(o: Json): boolean {
  const type = textAt(o, "Type");
  return (
    (type === "Notification" && get(o, "Message") !== undefined) ||
    ((type === "SubscriptionConfirmation" || type === "UnsubscribeConfirmation") && get(o, "TopicArn") !== undefined)
  );
}

/** An AWS Lambda event from SNS: {Records: [{EventSource: "aws:sns", Sns: {...}}]}. */
function lambdaSnsRecords(o: Json): readonly Json[] | null {
  const records = items(o, "Records");
  if (records.length === 0) return null;
  const envelopes: Json[] = [];
  for (const r of records) {
    const record = objectOf(r);
    const sns = record === null ? null : child(record, "Sns");
    if (sns === null) return null;
    envelopes.push(sns);
  }
  return envelopes;
}

/** An EventBridge event from SES: {source: "aws.ses", detail: {eventType, mail, ...}}. */
function eventBridgeDetail(o: Json): Json | null {
  const detail = child(o, "detail");
  return textAt(o, "source") === "aws.ses" && detail !== null && isSesMessage(detail) ? detail : null;
}

// ---------------------------------------------------------------------------------------------------------------------
// SendGrid event webhook
// ---------------------------------------------------------------------------------------------------------------------

const SENDGRID_OUTCOMES: Readonly<Record<string, EventOutcome>> = {
  bounce: "bounced",
  blocked: "bounced",
  deferred: "deferred",
  dropped: "dropped",
  delivered: "delivered",
  spamreport: "complained",
};

const SENDGRID_SKIPPED = new Set([
  "processed",
  "open",
  "click",
  "unsubscribe",
  "group_unsubscribe",
  "group_resubscribe",
  "account_status_change",
]);

function isSendGrid(o: Json): boolean {
  if (textAt(o, "event") === null) return false;
  const marked = get(o, "sg_event_id") !== undefined || get(o, "sg_message_id") !== undefined;
  return (
    marked || get(o, "smtp-id") !== undefined || (textAt(o, "email") !== null && get(o, "recipient") === undefined)
  );
}

/** SendGrid's label: a bounce's `type` (bounce, blocked) and classification, a drop's reason, else the event. */
function sendGridClass(event: string, r: Json): EspClassification {
  if (event === "bounce" || event === "blocked") {
    const type = event === "blocked" ? "blocked" : (textAt(r, "type") ?? "bounce");
    return espClassOf("sendgrid", type, textAt(r, "bounce_classification"));
  }
  return espClassOf("sendgrid", event, event === "dropped" ? textAt(r, "reason") : null);
}

function readSendGrid(r: Json): EspReadResult {
  const event = textAt(r, "event") ?? "";
  if (SENDGRID_SKIPPED.has(event)) return SKIPPED;
  const outcome = own(SENDGRID_OUTCOMES, event);
  if (outcome === undefined) return failed(`unknown SendGrid event ${quote(event)}`);
  const recipient = textAt(r, "email");
  if (recipient === null) return failed(`SendGrid ${event} event without an email`);
  const replyFirst = outcome === "deferred" || outcome === "delivered";
  const sink = new EventSink("sendgrid", r, textAt(r, "sg_event_id"));
  sink.add({
    outcome,
    recipient,
    esp: sendGridClass(event, r),
    time: espTimeOf(get(r, "timestamp")),
    messageId: unbracket(textAt(r, "smtp-id")),
    queueId: textAt(r, "sg_message_id"),
    sendingIp: textAt(r, "ip"),
    status: textAt(r, "status"),
    text: replyFirst ? (textAt(r, "response") ?? textAt(r, "reason")) : (textAt(r, "reason") ?? textAt(r, "response")),
  });
  return read(sink, "SendGrid event");
}

// ---------------------------------------------------------------------------------------------------------------------
// Mailgun: webhook {signature, "event-data": {...}}, Events API items and pages {items: [...], paging}
// ---------------------------------------------------------------------------------------------------------------------

const MAILGUN_SKIPPED = new Set([
  "accepted",
  "opened",
  "clicked",
  "unsubscribed",
  "stored",
  "list_member_uploaded",
  "list_member_upload_error",
  "list_uploaded",
]);

function isMailgunEvent(o: Json): boolean {
  if (textAt(o, "event") === null) return false;
  if (child(o, "delivery-status") !== null) return true;
  return (
    textAt(o, "recipient") !== null &&
    (child(o, "envelope") !== null || child(o, "message") !== null || get(o, "log-level") !== undefined)
  );
}

function isMailgunPage(o: Json): boolean {
  return Array.isArray(get(o, "items")) && child(o, "paging") !== null;
}

/** The reply as one text: "550 5.1.1 ..." from the delivery status' code, message and description. */
function mailgunText(ds: Json): string | null {
  const message = textAt(ds, "message");
  const description = textAt(ds, "description");
  const parts = message !== null && description !== null && message !== description ? [message, description] : [];
  const text = parts.length > 0 ? parts.join(" ") : (message ?? description);
  if (text === null) return null;
  const code = labelAt(ds, "code");
  const n = code === null || code.length !== 3 ? -1 : digitsAt(code, 0, 3);
  return code !== null && n >= 200 && n <= 599 && !text.startsWith(code) ? `${code} ${text}` : text;
}

function mailgunOutcome(event: string, e: Json): [EventOutcome, EspClassification] | string {
  switch (event) {
    case "delivered":
      return ["delivered", espClassOf("mailgun", "delivered", null)];
    case "complained":
      return ["complained", espClassOf("mailgun", "complained", null)];
    case "rejected":
      return ["dropped", espClassOf("mailgun", "rejected", null)];
    case "failed": {
      const severity = textAt(e, "severity");
      const esp = espClassOf("mailgun", severity ?? "failed", textAt(e, "reason"));
      return [severity?.toLowerCase() === "temporary" ? "deferred" : "bounced", esp];
    }
    default:
      return `unknown Mailgun event ${quote(event)}`;
  }
}

function readMailgun(e: Json): EspReadResult {
  const event = textAt(e, "event") ?? "";
  if (MAILGUN_SKIPPED.has(event)) return SKIPPED;
  const judged = mailgunOutcome(event, e);
  if (typeof judged === "string") return failed(judged);
  const recipient = textAt(e, "recipient");
  if (recipient === null) return failed(`Mailgun ${event} event without a recipient`);
  const ds = child(e, "delivery-status") ?? {};
  const envelope = child(e, "envelope") ?? {};
  const headers = child(child(e, "message") ?? {}, "headers") ?? {};
  const reject = child(e, "reject") ?? {};
  const messageId = unbracket(textAt(headers, "message-id"));
  const sink = new EventSink("mailgun", e, textAt(e, "id"));
  sink.add({
    outcome: judged[0],
    recipient,
    esp: judged[1],
    time: espTimeOf(get(e, "timestamp")),
    sender: textAt(envelope, "sender"),
    messageId,
    queueId: messageId, // Mailgun identifies a message by its Message-ID
    sendingIp: textAt(envelope, "sending-ip"),
    remoteHost: textAt(ds, "mx-host"),
    status: textAt(ds, "enhanced-code"),
    text: mailgunText(ds) ?? textAt(reject, "reason") ?? textAt(reject, "description"),
    subject: textAt(headers, "subject"),
  });
  return read(sink, "Mailgun event");
}

// ---------------------------------------------------------------------------------------------------------------------
// Postmark
// ---------------------------------------------------------------------------------------------------------------------

const POSTMARK_SKIPPED = new Set(["Open", "Click", "SubscriptionChange", "Inbound"]);

/** Bounce types whose outcome is not "bounced": complaints, delays, and messages Postmark never sent. */
const POSTMARK_OUTCOMES: Readonly<Record<string, EventOutcome>> = {
  SpamComplaint: "complained",
  Transient: "deferred",
  BadEmailAddress: "dropped",
  ManuallyDeactivated: "dropped",
  Unconfirmed: "dropped",
  SMTPApiError: "dropped",
  TemplateRenderingFailed: "dropped",
};

function isPostmark(o: Json): boolean {
  if (textAt(o, "RecordType") !== null) return true;
  return typeof get(o, "TypeCode") === "number" && textAt(o, "Type") !== null && textAt(o, "Email") !== null;
}

/** The bounce type named by a TypeCode, from the mapping table. */
function postmarkTypeOf(code: string | null): string | null {
  const row = ESP_CLASSES.find((r) => r.esp === "postmark" && r.subtype !== null && r.subtype === code);
  return row?.type ?? null;
}

function postmarkBounce(r: Json, recordType: string): EspReadResult {
  const code = labelAt(r, "TypeCode");
  const type = textAt(r, "Type") ?? postmarkTypeOf(code) ?? (recordType === "SpamComplaint" ? recordType : "Unknown");
  const recipient = textAt(r, "Email");
  if (recipient === null) return failed(`Postmark ${recordType} record without an Email`);
  const outcome = recordType === "SpamComplaint" ? "complained" : (own(POSTMARK_OUTCOMES, type) ?? "bounced");
  const sink = new EventSink("postmark", r, labelAt(r, "ID"));
  sink.add({
    outcome,
    recipient,
    esp: espClassOf("postmark", type, code),
    time: espTimeOf(get(r, "BouncedAt")),
    sender: textAt(r, "From"),
    queueId: textAt(r, "MessageID"),
    text: textAt(r, "Details"),
    subject: textAt(r, "Subject"),
  });
  return read(sink, `Postmark ${recordType}`);
}

function postmarkDelivery(r: Json): EspReadResult {
  const recipient = textAt(r, "Recipient");
  if (recipient === null) return failed("Postmark Delivery record without a Recipient");
  const queueId = textAt(r, "MessageID");
  const sink = new EventSink("postmark", r, queueId === null ? null : `${queueId}/Delivery`);
  sink.add({
    outcome: "delivered",
    recipient,
    esp: espClassOf("postmark", "Delivery", null),
    time: espTimeOf(get(r, "DeliveredAt")),
    queueId,
    text: textAt(r, "Details"),
  });
  return read(sink, "Postmark Delivery");
}

function readPostmark(r: Json): EspReadResult {
  const recordType = textAt(r, "RecordType") ?? "Bounce";
  if (recordType === "Bounce" || recordType === "SpamComplaint") return postmarkBounce(r, recordType);
  if (recordType === "Delivery") return postmarkDelivery(r);
  return POSTMARK_SKIPPED.has(recordType) ? SKIPPED : failed(`unknown Postmark RecordType ${quote(recordType)}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// SparkPost (MessageBird): webhook batches of {msys: {message_event | gen_event | track_event | ...: {...}}}, and
// the same events bare (Events API)
// ---------------------------------------------------------------------------------------------------------------------

const SPARKPOST_OUTCOMES: Readonly<Record<string, EventOutcome>> = {
  bounce: "bounced",
  out_of_band: "bounced",
  delay: "deferred",
  delivery: "delivered",
  spam_complaint: "complained",
  policy_rejection: "dropped",
  generation_rejection: "dropped",
  generation_failure: "dropped",
};

const SPARKPOST_SKIPPED = new Set([
  "injection",
  "sms_status",
  "open",
  "initial_open",
  "click",
  "amp_open",
  "amp_initial_open",
  "amp_click",
  "list_unsubscribe",
  "link_unsubscribe",
]);

/** msys wrappers without delivery events. */
const SPARKPOST_SKIPPED_WRAPPERS = ["track_event", "unsubscribe_event", "relay_event", "ingest_event", "ab_test_event"];

function isSparkPostEvent(o: Json): boolean {
  return (
    textAt(o, "type") !== null &&
    labelAt(o, "event_id") !== null &&
    (textAt(o, "rcpt_to") !== null || textAt(o, "raw_rcpt_to") !== null || get(o, "transmission_id") !== undefined)
  );
}

function readSparkPostEvent(ev: Json): EspReadResult {
  const type = textAt(ev, "type") ?? "";
  if (SPARKPOST_SKIPPED.has(type)) return SKIPPED;
  const outcome = own(SPARKPOST_OUTCOMES, type);
  if (outcome === undefined) return failed(`unknown SparkPost event type ${quote(type)}`);
  const recipient = textAt(ev, "rcpt_to") ?? textAt(ev, "raw_rcpt_to");
  if (recipient === null) return failed(`SparkPost ${type} event without rcpt_to`);
  const bounceClass = type === "delivery" || type === "spam_complaint" ? null : labelAt(ev, "bounce_class");
  const sink = new EventSink("sparkpost", ev, labelAt(ev, "event_id"));
  sink.add({
    outcome,
    recipient,
    esp: espClassOf("sparkpost", type, bounceClass),
    time: espTimeOf(get(ev, "timestamp")),
    sender: textAt(ev, "msg_from"),
    queueId: textAt(ev, "message_id"),
    sendingIp: textAt(ev, "sending_ip"),
    remoteIp: textAt(ev, "ip_address"),
    text: textAt(ev, "raw_reason") ?? textAt(ev, "reason"),
    feedbackType: textAt(ev, "fbtype"),
    subject: textAt(ev, "subject"),
  });
  return read(sink, "SparkPost event");
}

function readSparkPost(wrapper: Json): EspReadResult {
  const msys = child(wrapper, "msys") ?? {};
  const ev = child(msys, "message_event") ?? child(msys, "gen_event");
  if (ev !== null) return readSparkPostEvent(ev);
  const keys = Object.keys(msys);
  // An empty msys is the test ping SparkPost sends when a webhook is created.
  if (keys.every((k) => SPARKPOST_SKIPPED_WRAPPERS.includes(k))) return SKIPPED;
  return failed(`SparkPost msys record without a message event (${keys.slice(0, 3).join(", ")})`);
}

// ---------------------------------------------------------------------------------------------------------------------
// Detection and entry points
// ---------------------------------------------------------------------------------------------------------------------

type Reader = (o: Json) => EspReadResult;

/** Several records in one: their events together; a problem when any of them could not be read. */
function readMany(records: readonly unknown[], readOne: (value: unknown) => EspReadResult): EspReadResult {
  const events: RawEvent[] = [];
  let problems = 0;
  let skipped = 0;
  let first: string | null = null;
  for (const record of records) {
    const r = readOne(record);
    events.push(...r.events);
    if (r.skipped) skipped++;
    if (r.problem !== null) {
      problems++;
      first ??= r.problem;
    }
  }
  if (problems === 0) return { events, skipped: events.length === 0 && skipped === records.length, problem: null };
  const problem = problems === records.length ? first : `${problems} of ${records.length} records unreadable: ${first}`;
  return { events, skipped: false, problem };
}

function asObject(reader: Reader, what: string): (value: unknown) => EspReadResult {
  return (value) => {
    const o = objectOf(value);
    return o === null ? failed(`${what} is not a JSON object`) : reader(o);
  };
}

/** The reader for a record's shape, or null when it is no ESP's. */
function readerOf(o: Json): Reader | null {
  if (isSnsEnvelope(o)) return readSns;
  const lambda = lambdaSnsRecords(o);
  if (lambda !== null) return () => readMany(lambda, asObject(readSns, "SNS record"));
  const detail = eventBridgeDetail(o);
  if (detail !== null) return () => readSes(detail);
  if (isSesMessage(o)) return readSes;
  if (child(o, "event-data") !== null) return (w) => readMailgun(child(w, "event-data") ?? {});
  if (isMailgunPage(o)) return (p) => readMany(items(p, "items"), asObject(readMailgun, "Mailgun item"));
  if (child(o, "msys") !== null) return readSparkPost;
  if (isPostmark(o)) return readPostmark;
  if (isSendGrid(o)) return readSendGrid;
  if (isMailgunEvent(o)) return readMailgun;
  if (isSparkPostEvent(o)) return readSparkPostEvent;
  return null;
}

function readObject(value: unknown): EspReadResult {
  const o = objectOf(value);
  if (o === null) return failed(Array.isArray(value) ? "nested JSON array" : "not a JSON object");
  const reader = readerOf(o);
  return reader === null ? failed("not an SES, SendGrid, Mailgun, Postmark or SparkPost event record") : reader(o);
}

/**
 * True when the value looks like an ESP event record (or a batch of them: an array whose first element does).
 * Cheap: reads the shape only, without parsing SNS messages.
 */
export function isEspRecord(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  const o = objectOf(first);
  return o !== null && readerOf(o) !== null;
}

/**
 * Reads one ESP record (a JSON value: one line of NDJSON, one element of a JSON array, one webhook body, which may
 * itself be a batch array). Never throws. `_index` is the record's place in its file; identities do not use it, so
 * that they stay stable when records are re-exported in another order.
 */
export function readEspRecord(record: unknown, _index: number): EspReadResult {
  return Array.isArray(record) ? readMany(record, readObject) : readObject(record);
}
