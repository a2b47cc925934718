// DNS blocklists queried by `bouncewise check DOMAIN` (RFC 5782). Data only: each list's zone, what it lists
// (sending IPs or domains), the meaning of each answer it documents, the answers that report an ERROR with the
// query itself (refused, rate-limited, public resolver: the result is "unknown", never "listed"), where to delist,
// and why a listing matters for delivery.
//
// How answers are read (src/core/auth/blocklists.ts): a query for a listed name returns one or more A records in
// 127.0.0.0/8 (RFC 5782 section 2.1); NXDOMAIN means not listed. An answer in `errors` makes the result unknown;
// an answer outside 127.0.0.0/8 does too (a resolver that rewrites NXDOMAIN, RFC 5782 section 5). A list with
// `bitmask` encodes several sub-lists in the bits of the last octet; bits not documented are ignored.
// `level`: "listed" = receivers commonly block on it; "minor" = a listing most large receivers only score or that
// expires by itself; "reputation" = an informational reputation score, not a listing.

export type DnsblLevel = "listed" | "minor" | "reputation";

export interface DnsblAnswer {
  /** The A record returned, e.g. "127.0.0.2". */
  readonly code: string;
  readonly meaning: string;
  readonly level: DnsblLevel;
}

export interface DnsblBit {
  /** A bit of the last octet, e.g. 8 for 127.0.0.8. */
  readonly bit: number;
  readonly meaning: string;
  readonly level: DnsblLevel;
}

export interface DnsblError {
  readonly code: string;
  /** Why the query got no real answer. */
  readonly meaning: string;
}

export interface DnsblList {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  /** "ip": query reversed IPv4 octets (or IPv6 nibbles); "domain": query the domain itself (RFC 5782 section 2.3). */
  readonly kind: "ip" | "domain";
  /** IP lists: whether the list answers IPv6 queries in nibble form (RFC 5782 section 2.4). */
  readonly ipv6: boolean;
  readonly answers: readonly DnsblAnswer[];
  readonly bitmask?: readonly DnsblBit[];
  readonly errors: readonly DnsblError[];
  readonly delist: string;
  /** Why a listing matters: who uses the list and what it does to mail. */
  readonly why: string;
  readonly source: string;
}

// Spamhaus error codes, returned by every Spamhaus public zone:
// https://www.spamhaus.org/news/article/788/ (127.255.255.254, .255) and the DNSBL usage FAQ (127.255.255.252).
const SPAMHAUS_ERRORS = [
  { code: "127.255.255.252", meaning: "Spamhaus answered that the zone name in the query is mistyped" },
  {
    code: "127.255.255.254",
    meaning: "Spamhaus refused the query because it came through a public or open resolver",
  },
  { code: "127.255.255.255", meaning: "Spamhaus refused the query because the resolver sent too many queries" },
] as const satisfies readonly DnsblError[];

export const DNSBL_LISTS = [
  {
    // Return codes: https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html
    id: "spamhaus-zen",
    name: "Spamhaus ZEN",
    zone: "zen.spamhaus.org",
    kind: "ip",
    ipv6: true,
    answers: [
      { code: "127.0.0.2", meaning: "SBL: a source or service of spam verified by Spamhaus", level: "listed" },
      { code: "127.0.0.3", meaning: "SBL CSS: automated listing of a low-reputation sending IP", level: "listed" },
      { code: "127.0.0.4", meaning: "XBL: the IP shows signs of an infected or hijacked host", level: "listed" },
      { code: "127.0.0.5", meaning: "XBL (legacy code): exploited or infected host", level: "listed" },
      { code: "127.0.0.6", meaning: "XBL (legacy code): exploited or infected host", level: "listed" },
      { code: "127.0.0.7", meaning: "XBL (legacy code): exploited or infected host", level: "listed" },
      { code: "127.0.0.9", meaning: "SBL DROP: the network is hijacked or run by criminals", level: "listed" },
      {
        code: "127.0.0.10",
        meaning: "PBL (set by the ISP): an end-user address that should not send mail directly",
        level: "minor",
      },
      {
        code: "127.0.0.11",
        meaning: "PBL (set by Spamhaus): an end-user address that should not send mail directly",
        level: "minor",
      },
      { code: "127.0.0.30", meaning: "BCL: a botnet controller", level: "listed" },
    ],
    errors: SPAMHAUS_ERRORS,
    delist: "https://check.spamhaus.org/",
    why: "Spamhaus ZEN is queried by a large share of the world's receiving servers, ISPs and filtering gateways; an SBL, CSS or XBL listing usually means mail from the IP is refused at connection time. A PBL listing only matters for mail sent straight from an end-user address.",
    source: "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
  },
  {
    id: "spamcop",
    name: "SpamCop",
    zone: "bl.spamcop.net",
    kind: "ip",
    ipv6: false,
    answers: [{ code: "127.0.0.2", meaning: "SpamCop users reported spam from this IP recently", level: "minor" }],
    errors: [],
    delist: "https://www.spamcop.net/bl.shtml",
    why: "SpamCop lists IPs reported by its users and spam traps; listings expire about 24 hours after the reports stop. Many smaller servers block on it, large mailbox providers only score it.",
    source: "https://www.spamcop.net/fom-serve/cache/291.html",
  },
  {
    id: "barracuda",
    name: "Barracuda Reputation Block List",
    zone: "b.barracudacentral.org",
    kind: "ip",
    ipv6: false,
    answers: [{ code: "127.0.0.2", meaning: "Barracuda rates the IP as a spam source", level: "listed" }],
    errors: [],
    delist: "https://www.barracudacentral.org/rbl/removal-request",
    why: "Barracuda's email security appliances and cloud service, common at companies, schools and public bodies, reject mail from listed IPs. Queries only work from resolvers registered with Barracuda; others get no answer.",
    source: "https://www.barracudacentral.org/rbl/how-to-use",
  },
  {
    id: "psbl",
    name: "Passive Spam Block List",
    zone: "psbl.surriel.com",
    kind: "ip",
    ipv6: false,
    answers: [{ code: "127.0.0.2", meaning: "the IP sent mail to PSBL spam traps", level: "minor" }],
    errors: [],
    delist: "https://psbl.org/",
    why: "PSBL lists IPs that hit its spam traps and lets anyone remove a listing; mostly used by smaller servers and in spam scoring.",
    source: "https://psbl.org/",
  },
  {
    id: "uceprotect-1",
    name: "UCEPROTECT Level 1",
    zone: "dnsbl-1.uceprotect.net",
    kind: "ip",
    ipv6: false,
    answers: [{ code: "127.0.0.2", meaning: "the IP sent mail to UCEPROTECT spam traps", level: "minor" }],
    errors: [],
    delist: "https://www.uceprotect.net/en/rblcheck.php",
    why: "UCEPROTECT Level 1 lists single IPs that hit its traps; listings expire after about a week without new hits. Few large receivers use it, some smaller servers block on it.",
    source: "https://www.uceprotect.net/en/index.php?m=3&s=3",
  },
  {
    // Usage page: bl.mailspike.net combines z.mailspike.net (127.0.0.2, a distributed spam wave) with the IPs
    // of rep.mailspike.net at reputation L5..L3 (127.0.0.10..12); L2 and L1 (127.0.0.13..14) come from
    // rep.mailspike.net and are reported as reputation only.
    id: "mailspike",
    name: "Mailspike",
    zone: "bl.mailspike.net",
    kind: "ip",
    ipv6: false,
    answers: [
      { code: "127.0.0.2", meaning: "the IP took part in a current distributed spam wave", level: "listed" },
      { code: "127.0.0.10", meaning: "reputation L5: the worst level", level: "minor" },
      { code: "127.0.0.11", meaning: "reputation L4: very bad", level: "minor" },
      { code: "127.0.0.12", meaning: "reputation L3: bad", level: "minor" },
      { code: "127.0.0.13", meaning: "reputation L2: suspicious", level: "reputation" },
      { code: "127.0.0.14", meaning: "reputation L1: neutral, leaning to spam", level: "reputation" },
    ],
    errors: [],
    delist: "https://mailspike.io/",
    why: "Mailspike scores sending IPs from live traffic and is used in spam scoring (SpamAssassin's RCVD_IN_MSPIKE rules) and by some servers to block; its listings change quickly.",
    source: "https://mailspike.org/usage.html",
  },
  {
    id: "spamhaus-dbl",
    name: "Spamhaus DBL",
    zone: "dbl.spamhaus.org",
    kind: "domain",
    ipv6: false,
    answers: [
      { code: "127.0.1.2", meaning: "a domain with low reputation (spam)", level: "listed" },
      { code: "127.0.1.4", meaning: "a domain used for phishing", level: "listed" },
      { code: "127.0.1.5", meaning: "a domain used for malware", level: "listed" },
      { code: "127.0.1.6", meaning: "a botnet command-and-control domain", level: "listed" },
      { code: "127.0.1.102", meaning: "a legitimate domain abused to send spam", level: "listed" },
      { code: "127.0.1.103", meaning: "a legitimate redirector abused by spammers", level: "listed" },
      { code: "127.0.1.104", meaning: "a legitimate domain abused for phishing", level: "listed" },
      { code: "127.0.1.105", meaning: "a legitimate domain abused for malware", level: "listed" },
      { code: "127.0.1.106", meaning: "a legitimate domain abused for botnet command and control", level: "listed" },
    ],
    errors: [
      ...SPAMHAUS_ERRORS,
      { code: "127.0.1.255", meaning: "Spamhaus DBL answered that IP addresses may not be queried in this zone" },
    ],
    delist: "https://check.spamhaus.org/",
    why: "Receivers and content filters (SpamAssassin, rspamd, gateways) look up the sender's domain and every link domain in the DBL; a listed domain gets mail rejected or sent to spam wherever it appears.",
    source: "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
  },
  {
    // Bits: https://www.surbl.org/lists (8 PH, 16 MW, 64 ABUSE, 128 CR); 127.0.0.1 = query blocked
    // (https://www.surbl.org/guidelines: the 1 bit is not a list).
    id: "surbl",
    name: "SURBL multi",
    zone: "multi.surbl.org",
    kind: "domain",
    ipv6: false,
    answers: [],
    bitmask: [
      { bit: 8, meaning: "PH: phishing sites", level: "listed" },
      { bit: 16, meaning: "MW: malware sites", level: "listed" },
      { bit: 64, meaning: "ABUSE: domains advertised in spam", level: "listed" },
      { bit: 128, meaning: "CR: cracked (compromised) sites", level: "listed" },
    ],
    errors: [{ code: "127.0.0.1", meaning: "SURBL blocked the query (public resolver or too many queries)" }],
    delist: "https://www.surbl.org/surbl-analysis",
    why: "Content filters (SpamAssassin, rspamd, many gateways) check the domains linked in a message against SURBL; a listed domain in a link or the From address sends the mail to spam or gets it rejected.",
    source: "https://www.surbl.org/lists",
  },
  {
    // Bits: https://uribl.com/about.shtml (2 black, 4 grey, 8 red); 127.0.0.1 = query refused:
    // https://uribl.com/refused.shtml
    id: "uribl",
    name: "URIBL multi",
    zone: "multi.uribl.com",
    kind: "domain",
    ipv6: false,
    answers: [],
    bitmask: [
      { bit: 2, meaning: "black: domains seen in spam", level: "listed" },
      { bit: 4, meaning: "grey: domains of bulk senders that recipients did not ask for", level: "minor" },
      { bit: 8, meaning: "red: domains of new or changing senders under watch", level: "minor" },
    ],
    errors: [{ code: "127.0.0.1", meaning: "URIBL refused the query (public or busy resolver)" }],
    delist: "https://admin.uribl.com/",
    why: "Content filters (SpamAssassin's URIBL rules, rspamd) score messages whose links or sender domain are on URIBL; a black listing alone is often enough to send the mail to spam.",
    source: "https://uribl.com/about.shtml",
  },
] as const satisfies readonly DnsblList[];
