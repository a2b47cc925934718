// Synthetic Postfix maillog for benchmarks and the kill -9 test: realistic line shapes (as the real Postfix 3.7 log
// in test/fixtures/real-postfix), many recipients over many domains and the big providers, a mix of outcomes and
// replies. Deterministic for a given seed. Not a fixture of record: real lines come from real Postfix.

const REPLIES: readonly {
  status: string;
  word: "sent" | "deferred" | "bounced";
  text: (rcpt: string, host: string, ip: string) => string;
}[] = [
  { status: "2.0.0", word: "sent", text: () => "250 2.0.0 Ok: queued as 4ZK2fD0n7Kz9rxN" },
  { status: "2.0.0", word: "sent", text: () => "250 2.0.0 OK  1732870000 a1si123456qkb.12 - gsmtp" },
  {
    status: "2.6.0",
    word: "sent",
    text: () => "250 2.6.0 <msg@example.org> [InternalId=123] Queued mail for delivery",
  },
  {
    status: "5.1.1",
    word: "bounced",
    text: (_r, h, ip) =>
      `host ${h}[${ip}] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550 5.1.1 double-checking the recipient's email address for typos. https://support.google.com/mail/?p=NoSuchUser (in reply to RCPT TO command)`,
  },
  {
    status: "5.1.1",
    word: "bounced",
    text: (r, h, ip) =>
      `host ${h}[${ip}] said: 550 5.1.1 <${r}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)`,
  },
  {
    status: "4.7.0",
    word: "deferred",
    text: (_r, h, ip) =>
      `host ${h}[${ip}] said: 421 4.7.0 [TSS04] Messages from 192.0.2.7 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)`,
  },
  { status: "4.4.1", word: "deferred", text: (_r, h, ip) => `connect to ${h}[${ip}]:25: Connection timed out` },
  {
    status: "5.7.26",
    word: "bounced",
    text: (_r, h, ip) =>
      `host ${h}[${ip}] said: 550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's 550-5.7.26 DMARC policy. Please contact the administrator of example.org domain if 550 5.7.26 this was a legitimate mail. (in reply to end of DATA command)`,
  },
  {
    status: "4.2.2",
    word: "deferred",
    text: (r, h, ip) => `host ${h}[${ip}] said: 452 4.2.2 <${r}>: Mailbox full (in reply to RCPT TO command)`,
  },
  {
    status: "5.7.1",
    word: "bounced",
    text: (_r, h, ip) =>
      `host ${h}[${ip}] said: 554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.7 (in reply to RCPT TO command)`,
  },
];

const DOMAINS: readonly { domain: string; host: string; ip: string }[] = [
  { domain: "gmail.com", host: "gmail-smtp-in.l.google.com", ip: "142.250.0.27" },
  { domain: "outlook.com", host: "outlook-com.olc.protection.outlook.com", ip: "52.101.0.1" },
  { domain: "yahoo.com", host: "mta7.am0.yahoodns.net", ip: "67.195.204.72" },
  { domain: "icloud.com", host: "mx01.mail.icloud.com", ip: "17.57.154.6" },
  ...Array.from({ length: 200 }, (_, i) => ({
    domain: `example${i}.net`,
    host: `mx.example${i}.net`,
    ip: `198.51.100.${i % 250}`,
  })),
];

/** xorshift32: deterministic and fast. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function stamp(ms: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const t = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${day} ${t}`;
}

/**
 * Yields log text in chunks of about `chunkLines` lines: per message a pickup, cleanup, qmgr and one delivery line
 * (plus "removed"), so about 5 lines per delivery attempt.
 */
export function* postfixLog(
  messages: number,
  seed = 1,
  chunkLines = 10_000,
  start = Date.UTC(2026, 10, 1),
  /** Share of deliveries that succeed; null: every reply equally likely (30% delivered). */
  deliveredShare: number | null = null,
): Generator<string> {
  const random = rng(seed);
  const sent = REPLIES.filter((r) => r.word === "sent");
  const failed = REPLIES.filter((r) => r.word !== "sent");
  const pick = () => {
    if (deliveredShare === null) return REPLIES[Math.floor(random() * REPLIES.length)] as (typeof REPLIES)[number];
    const from = random() < deliveredShare ? sent : failed;
    return from[Math.floor(random() * from.length)] as (typeof REPLIES)[number];
  };
  let lines: string[] = [];
  for (let i = 0; i < messages; i++) {
    const t = stamp(start + i * 250);
    const qid = (0x10000000 + i).toString(16).toUpperCase();
    const d = DOMAINS[Math.floor(random() * DOMAINS.length)] as (typeof DOMAINS)[number];
    const rcpt = `user${Math.floor(random() * messages)}@${d.domain}`;
    const reply = pick();
    lines.push(
      `${t} mail postfix/pickup[1001]: ${qid}: uid=1000 from=<news@example.org>`,
      `${t} mail postfix/cleanup[1002]: ${qid}: message-id=<${i}.${seed}@example.org>`,
      `${t} mail postfix/qmgr[1003]: ${qid}: from=<news@example.org>, size=${2000 + (i % 900)}, nrcpt=1 (queue active)`,
      `${t} mail postfix/smtp[1004]: ${qid}: to=<${rcpt}>, relay=${d.host}[${d.ip}]:25, delay=0.9, delays=0.1/0/0.3/0.5, dsn=${reply.status}, status=${reply.word} (${reply.text(rcpt, d.host, d.ip)})`,
      `${t} mail postfix/qmgr[1003]: ${qid}: removed`,
    );
    if (lines.length >= chunkLines) {
      yield `${lines.join("\n")}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join("\n")}\n`;
}
