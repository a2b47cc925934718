// Extracts addresses, IP addresses, the remote host and provider tags from a folded reply.
// Every pattern has bounded quantifiers or is a hand scan, so the work per input character is bounded.

import { AOL_TAG_PREFIXES, type ExtractHints } from "./reply-phrases.js";

const MAX_ITEMS = 50;
const LOCAL_MAX = 64; // RFC 5321 section 4.5.3.1.1
const DOMAIN_MAX = 255; // RFC 5321 section 4.5.3.1.2

function isLocalChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 45 ||
    c === 43 ||
    c === 61 ||
    c === 39 ||
    c === 33 ||
    c === 35 ||
    c === 36 ||
    c === 37 ||
    c === 38 ||
    c === 42 ||
    c === 47 ||
    c === 63 ||
    c === 94 ||
    c === 96 ||
    c === 123 ||
    c === 124 ||
    c === 125 ||
    c === 126
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;
}

/** Email addresses in order of appearance, lowercased domain, without duplicates. */
export function extractAddresses(s: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let at = s.indexOf("@");
  while (at !== -1 && out.length < MAX_ITEMS) {
    let start = at;
    while (start > 0 && at - start < LOCAL_MAX && isLocalChar(s.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < s.length && end - at <= DOMAIN_MAX && isDomainChar(s.charCodeAt(end))) end++;
    let local = s.slice(start, at);
    let domain = s.slice(at + 1, end);
    while (local.startsWith(".") || local.startsWith("'")) local = local.slice(1);
    while (domain.endsWith(".") || domain.endsWith("-")) domain = domain.slice(0, -1);
    if (local !== "" && domain.includes(".") && !domain.startsWith(".")) {
      const addr = `${local}@${domain.toLowerCase()}`;
      if (!seen.has(addr)) {
        seen.add(addr);
        out.push(addr);
      }
    }
    at = s.indexOf("@", at + 1);
  }
  return out;
}

const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.]\d)/g;
// IPv6 only where it is marked as such: in brackets, after "IPv6:", or with "::". Bounded groups.
const IPV6 = /(?<![0-9a-f:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?:::[0-9a-f]{1,4}){0,1}(?![0-9a-f:])/gi;

/** An IPv4 address needs three dots: most replies ("550 5.1.1 User unknown") have fewer and skip the regex. */
function hasThreeDots(s: string): boolean {
  let at = -1;
  for (let k = 0; k < 3; k++) {
    at = s.indexOf(".", at + 1);
    if (at === -1) return false;
  }
  return true;
}

export function extractIps(s: string): string[] {
  const out: string[] = [];
  const v6 = s.includes("::") || s.includes("IPv6") || s.includes("ipv6") || s.includes("IPV6");
  if (!v6 && !hasThreeDots(s)) return out;
  const seen = new Set<string>();
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(s); m !== null; m = IPV4.exec(s)) {
    if (out.length >= MAX_ITEMS) break;
    if (!seen.has(m[0])) {
      seen.add(m[0]);
      out.push(m[0]);
    }
  }
  if (v6) {
    for (const m of s.matchAll(IPV6)) {
      if (out.length >= MAX_ITEMS) break;
      const ip = m[0].toLowerCase();
      // A time of day ("12:34:56") has digits only and at most three groups.
      if (!ip.includes("::") && ip.split(":").length < 5) continue;
      if (!seen.has(ip)) {
        seen.add(ip);
        out.push(ip);
      }
    }
  }
  return out;
}

// Postfix: "host mx.example.com[192.0.2.1] said:"; Exim: "host mx.example.com [192.0.2.1]:";
// Exim 4.9x: "host: mx.example.com (192.0.2.1)"; Sendmail: "while talking to mx.example.com.:".
const HOST_WITH_IP = /\bhost:? {1,2}([a-z0-9][a-z0-9.-]{0,252}) ?[[(](?:ipv6:)?([0-9a-f][0-9a-f.:]{1,44})[\])]/i;
const TALKING_TO = /\bwhile talking to ([a-z0-9][a-z0-9.-]{0,252}[a-z0-9])\.?:/i;
const REMOTE_MTA = /\bremote-mta: ?dns; ?([a-z0-9][a-z0-9.-]{0,252}[a-z0-9])/i;
// Microsoft puts the answering front-end at the end: "[BN1NAM02FT012.eop-nam02.prod.protection.outlook.com]".
const BRACKETED_HOST = /\[([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){2,8})\]/i;

const NO_REMOTE = Object.freeze({ host: null, ip: null });

/**
 * The remote server named in the text. `hints` (from parseReply's phrase scan) says which wrappers occur; without
 * it the text is searched for them here.
 */
export function extractRemote(s: string, hints?: ExtractHints): { host: string | null; ip: string | null } {
  // Cheap preconditions first: most replies name no host at all.
  const lower = hints === undefined ? s.toLowerCase() : "";
  const hasHost = hints?.host ?? (lower.includes("host ") || lower.includes("host:"));
  const hasTalk = hints?.talkingTo ?? lower.includes("talking to");
  const hasMta = hints?.remoteMta ?? lower.includes("remote-mta");
  const hasBracket = s.includes("[");
  if (!hasHost && !hasTalk && !hasMta && !hasBracket) return NO_REMOTE;
  const m = hasHost ? HOST_WITH_IP.exec(s) : null;
  if (m?.[1] !== undefined) return { host: m[1].toLowerCase().replace(/\.$/, ""), ip: m[2] ?? null };
  const t = (hasTalk ? TALKING_TO.exec(s) : null) ?? (hasMta ? REMOTE_MTA.exec(s) : null);
  if (t?.[1] !== undefined) return { host: t[1].toLowerCase(), ip: null };
  const b = hasBracket ? BRACKETED_HOST.exec(s) : null;
  if (b?.[1] !== undefined && /[a-z]/i.test(b[1])) return { host: b[1].toLowerCase(), ip: null };
  return NO_REMOTE;
}

// Yahoo "[TSS04]", "[BL21]"; Apple "[CS01]", "[HM08]"; Outlook.com "(S3150)"; Exchange Online "AS(201806281)";
// Outlook.com policy codes "SC-001", "RP-002", "DY-001", "OU-001"; AOL "HVU:B1", "RTR:BL", "DYN:T1".
// Each pattern comes with a cheap precondition (a character it needs) so most texts skip the regex entirely.
const TAG_PATTERNS: readonly (readonly [string, RegExp])[] = [
  ["[", /\[([A-Z]{1,6}\d{1,6})\]/g],
  ["(S", /\((S\d{3,12})\)/g],
  ["AS(", /\b(AS\(\d{1,12}\))/g],
  ["-0", /\b((?:SC|RP|DY|OU|FS)-\d{3})\b/g],
  [":", /\b((?:HVU|RTR|DYN|RLY|CON|DNS|MPL|PLC|SPF|IPTS):[A-Z]{1,3}\d?)\b/g],
];

/** Provider tags in the text; `hints.aolTag` (from parseReply's phrase scan) spares the search for AOL's prefixes. */
export function extractTags(s: string, hints?: ExtractHints): string[] {
  const out: string[] = [];
  let aol = hints?.aolTag;
  if (aol === undefined) {
    const lower = s.toLowerCase();
    aol = AOL_TAG_PREFIXES.some((p) => lower.includes(p));
  }
  for (const [needs, re] of TAG_PATTERNS) {
    if (needs === ":" ? !aol : !s.includes(needs)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const tag = m[1];
      if (tag !== undefined && !out.includes(tag)) out.push(tag);
      if (out.length >= MAX_ITEMS) return out;
    }
  }
  return out;
}
