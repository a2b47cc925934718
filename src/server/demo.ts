// The demo dataset of the web app: three days of a newsletter sender's deliveries, generated here (no file), stored
// as events whose source file is DEMO_SOURCE so that one click removes them (store.deleteSource). The story: a
// second sending server (198.51.100.7) went live 30 hours before "now" without SPF or DKIM, and Gmail and Microsoft
// refuse its mail while Yahoo defers it; meanwhile the usual dead addresses, a full mailbox, a domain that no longer
// exists, greylisting and a few complaints. Every text goes through the real diagnosis (diagnoseEvent).
// POST /api/demo loads it (replacing an earlier load), DELETE /api/demo removes it.

import type { FastifyInstance } from "fastify";
import { DiagnosisCache, diagnoseEvent } from "../core/events/diagnose-event.js";
import type { DeliveryEvent, EventOutcome, RawEvent } from "../core/events/types.js";
import type { ServerContext, ServerPlugin } from "./context.js";
import { withErrors } from "./schemas.js";

/** The source file of every demo event: what DELETE /api/demo removes. */
export const DEMO_SOURCE = "demo:bouncewise";

const HOUR = 3_600_000;
/** Hours of data, ending at the hour before "now" (at most three days: the report charts them hour by hour). */
export const DEMO_HOURS = 72;
/** The new server went live this many hours before the end. */
const NEW_SERVER_HOURS = 30;

const SENDER = "news@example.com";
const OLD_IP = "192.0.2.10";
const NEW_IP = "198.51.100.7";

type Host = "google" | "microsoft" | "yahoo" | "apple" | "own";

interface DemoDomain {
  readonly domain: string;
  readonly host: Host;
  readonly mx: string;
  readonly mxIp: string;
  /** Share of the mail sent to the domain (weights, summed). */
  readonly weight: number;
}

// Recipient domains in the reserved .example TLD (RFC 6761), hosted at the big providers (their MX names are
// what tells the report the provider) or on their own servers.
const DOMAINS: readonly DemoDomain[] = [
  { domain: "northwind.example", host: "google", mx: "aspmx.l.google.com", mxIp: "203.0.113.26", weight: 26 },
  { domain: "tailspin.example", host: "google", mx: "alt1.aspmx.l.google.com", mxIp: "203.0.113.27", weight: 10 },
  {
    domain: "contoso.example",
    host: "microsoft",
    mx: "contoso-example.mail.protection.outlook.com",
    mxIp: "203.0.113.40",
    weight: 20,
  },
  {
    domain: "fabrikam.example",
    host: "microsoft",
    mx: "fabrikam-example.mail.protection.outlook.com",
    mxIp: "203.0.113.41",
    weight: 8,
  },
  { domain: "adatum.example", host: "yahoo", mx: "mx-biz.mail.am0.yahoodns.net", mxIp: "203.0.113.60", weight: 14 },
  { domain: "wingtip.example", host: "apple", mx: "mx01.mail.icloud.com", mxIp: "203.0.113.70", weight: 8 },
  { domain: "litware.example", host: "own", mx: "mx.litware.example", mxIp: "203.0.113.80", weight: 10 },
  { domain: "proseware.example", host: "own", mx: "mx1.proseware.example", mxIp: "203.0.113.90", weight: 4 },
];

/** proseware.example stopped existing at this share of the period (its DNS is gone). */
const GONE_DOMAIN = "proseware.example";
const GONE_AFTER = 0.25;

const NAMES = [
  "ana",
  "ben",
  "chen",
  "dara",
  "eli",
  "fatima",
  "gus",
  "hana",
  "ivan",
  "jo",
  "kai",
  "lea",
  "mo",
  "nia",
  "omar",
  "pia",
  "quinn",
  "rui",
  "sam",
  "tara",
] as const;
const PER_DOMAIN = 40;

/** mulberry32: a small seeded generator, so that the same "now" gives the same dataset. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function recipientOf(domain: string, n: number): string {
  return `${NAMES[n % NAMES.length]}.${Math.floor(n / NAMES.length) + 1}@${domain}`;
}

// The replies, per host, in the providers' documented wordings (the same as the knowledge examples).
const USER_UNKNOWN: Readonly<Record<Host, (rcpt: string) => string>> = {
  google: () =>
    "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-b1a2c3d4e5si123.4 - gsmtp",
  microsoft: () =>
    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup [SA1PR12MB7982.namprd12.prod.outlook.com]",
  yahoo: (rcpt) =>
    `554 delivery error: dd This user doesn't have a yahoo.com account (${rcpt}) [0] - mta1234.mail.bf1.yahoo.com`,
  apple: (rcpt) => `550 5.1.1 <${rcpt}>: user does not exist`,
  own: (rcpt) => `550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown in virtual mailbox table`,
};

const GMAIL_UNAUTHENTICATED = `550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip: [${NEW_IP}] = did not pass For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication 2adb3069b0e04-5f1a2b3c4d5si1234.5 - gsmtp`;
const MICROSOFT_AUTH = `550 5.7.515 Access denied, sending domain EXAMPLE.COM doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender. To learn how to meet these requirements, visit https://aka.ms/OutlookHighVolumeSenders [SA1PR12MB7982.namprd12.prod.outlook.com]`;
const MICROSOFT_BLOCK = `550 5.7.1 Unfortunately, messages from [${NEW_IP}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DB3EUR04FT007.eop-eur04.prod.protection.outlook.com]`;
const YAHOO_DEFERRED = `421 4.7.0 [TSS04] Messages from ${NEW_IP} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes`;
const MAILBOX_FULL = (rcpt: string) => `452 4.2.2 <${rcpt}>: Recipient address rejected: Mailbox is full`;
const GREYLISTED = (rcpt: string) =>
  `450 4.2.0 <${rcpt}>: Recipient address rejected: Greylisted, please try again in 300 seconds`;
const DOMAIN_GONE = `Host or domain name not found. Name service error for name=${GONE_DOMAIN} type=MX: Host not found`;

interface Draft {
  time: number;
  outcome: EventOutcome;
  recipient: string;
  domain: DemoDomain;
  ip: string;
  status: string | null;
  text: string | null;
  feedbackType?: string;
}

/**
 * The demo events for a clock reading: DEMO_HOURS of mail ending at the start of the current hour, the same for
 * the same hour. Every event's source file is DEMO_SOURCE.
 */
export function demoEvents(now: number): DeliveryEvent[] {
  const end = Math.floor(now / HOUR) * HOUR;
  const start = end - DEMO_HOURS * HOUR;
  const newServerFrom = end - NEW_SERVER_HOURS * HOUR;
  const rnd = random(0x5eed);
  const totalWeight = DOMAINS.reduce((n, d) => n + d.weight, 0);
  const pick = (): DemoDomain => {
    let x = rnd() * totalWeight;
    for (const d of DOMAINS) {
      x -= d.weight;
      if (x < 0) return d;
    }
    return DOMAINS[DOMAINS.length - 1] as DemoDomain;
  };
  const drafts: Draft[] = [];
  const add = (d: Draft) => {
    if (d.time < end) drafts.push(d);
  };
  for (let h = 0; h < DEMO_HOURS; h++) {
    // Office hours send more: a daily wave between about 8 and 40 messages an hour.
    const hourOfDay = h % 24;
    const volume = Math.round(8 + 32 * Math.max(0, Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI)) + rnd() * 4);
    for (let m = 0; m < volume; m++) {
      const time = start + h * HOUR + Math.floor(rnd() * HOUR);
      const domain = pick();
      const n = Math.floor(rnd() * PER_DOMAIN);
      const recipient = recipientOf(domain.domain, n);
      const ip = time >= newServerFrom && rnd() < 0.45 ? NEW_IP : OLD_IP;
      const base = { time, recipient, domain, ip };
      // Addresses 0 and 1 of each domain no longer exist.
      if (n < 2) {
        add({ ...base, outcome: "bounced", status: null, text: USER_UNKNOWN[domain.host](recipient) });
        continue;
      }
      if (domain.domain === GONE_DOMAIN && time >= start + GONE_AFTER * DEMO_HOURS * HOUR) {
        add({ ...base, outcome: "bounced", status: "5.4.4", text: DOMAIN_GONE });
        continue;
      }
      if (ip === NEW_IP && domain.host === "google") {
        add({ ...base, outcome: "bounced", status: null, text: GMAIL_UNAUTHENTICATED });
        continue;
      }
      if (ip === NEW_IP && domain.host === "microsoft") {
        add({ ...base, outcome: "bounced", status: null, text: rnd() < 0.7 ? MICROSOFT_AUTH : MICROSOFT_BLOCK });
        continue;
      }
      if (ip === NEW_IP && domain.host === "yahoo") {
        // Deferred, retried every half hour; most get through on the old server's queue after a few tries.
        const tries = 1 + Math.floor(rnd() * 7);
        for (let t = 0; t < tries; t++) {
          add({ ...base, time: time + t * HOUR, outcome: "deferred", status: null, text: YAHOO_DEFERRED });
        }
        if (tries < 6)
          add({ ...base, time: time + tries * HOUR, ip: OLD_IP, outcome: "delivered", status: "2.0.0", text: null });
        continue;
      }
      // One mailbox at wingtip.example is full the whole time.
      if (domain.domain === "wingtip.example" && n === 2) {
        add({ ...base, outcome: "deferred", status: null, text: MAILBOX_FULL(recipient) });
        continue;
      }
      // litware.example greylists first contacts: deferred, then delivered a few minutes later.
      if (domain.domain === "litware.example" && rnd() < 0.15) {
        add({ ...base, outcome: "deferred", status: null, text: GREYLISTED(recipient) });
        add({ ...base, time: time + 6 * 60_000, outcome: "delivered", status: "2.0.0", text: null });
        continue;
      }
      add({ ...base, outcome: "delivered", status: "2.0.0", text: null });
      // About 1 in 900 delivered messages is reported as spam (a feedback loop report an hour later).
      if (rnd() < 1 / 900) {
        add({ ...base, time: time + HOUR, outcome: "complained", status: null, text: null, feedbackType: "abuse" });
      }
    }
  }
  drafts.sort((a, b) => a.time - b.time);
  const cache = new DiagnosisCache(100);
  return drafts.map((d, i) => {
    const queueId = `D${(i + 0x10000).toString(16).toUpperCase()}`;
    const raw: RawEvent = {
      format: d.outcome === "complained" ? "bounce" : "postfix",
      identity: `${DEMO_SOURCE}|${i}`,
      time: d.time,
      outcome: d.outcome,
      recipient: d.recipient,
      sender: SENDER,
      messageId: `<${queueId.toLowerCase()}@example.com>`,
      queueId,
      sendingIp: d.ip,
      remoteHost: d.text === DOMAIN_GONE ? null : d.domain.mx,
      remoteIp: d.text === DOMAIN_GONE ? null : d.domain.mxIp,
      status: d.status,
      text: d.text,
      esp: null,
      feedbackType: d.feedbackType ?? null,
      subject: "Spring offers",
    };
    return diagnoseEvent(raw, { file: DEMO_SOURCE, line: null, message: i }, cache);
  });
}

const DEMO_RESPONSE = {
  type: "object",
  required: ["source", "inserted", "removed"],
  properties: {
    source: { type: "string", description: "The source file name the demo events carry." },
    inserted: { type: "integer", description: "Demo events stored." },
    removed: { type: "integer", description: "Demo events removed (an earlier load, replaced)." },
  },
} as const;

/** Loads the demo dataset (replacing an earlier one), and removes it. Both need the token like any write. */
export function registerDemoRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post(
    "/api/demo",
    {
      schema: {
        summary: "Load the demo dataset",
        description: `Three days of generated deliveries, stored as events of the source "${DEMO_SOURCE}"; an earlier load is replaced.`,
        tags: ["demo"],
        response: withErrors({ 200: DEMO_RESPONSE }),
      },
    },
    async () => {
      const removed = await context.store.deleteSource(DEMO_SOURCE);
      const { inserted } = await context.store.insert(demoEvents(context.now()));
      return { source: DEMO_SOURCE, inserted, removed };
    },
  );
  app.delete(
    "/api/demo",
    {
      schema: {
        summary: "Remove the demo dataset",
        description: `Removes every event of the source "${DEMO_SOURCE}"; the rest of the store is untouched.`,
        tags: ["demo"],
        response: withErrors({ 200: DEMO_RESPONSE }),
      },
    },
    async () => ({ source: DEMO_SOURCE, inserted: 0, removed: await context.store.deleteSource(DEMO_SOURCE) }),
  );
}

/** The demo routes as a server plugin (buildServer's `plugins`). */
export const demoPlugin: ServerPlugin = (app, context) => registerDemoRoutes(app, context);
