// What receivers wrote into a message about its authentication, read back: Authentication-Results (RFC 8601),
// ARC-Authentication-Results (RFC 8617 section 4.1.1), Received-SPF (RFC 7208 section 9.1); and the facts a
// message check needs from the header: the visible From domain, the Return-Path domain and the connecting IP of
// the first external hop in the Received chain (RFC 5321 section 4.4). Everything is hand-scanned, linear, and
// never throws on malformed input.

import { domainOfAddress as domainOf } from "../bounce/address.js";
import type { HeaderField } from "../bounce/mime.js";
import { orgDomainByPsl } from "./dmarc.js";
import { isIpAddress, parseIPv4, parseIPv6 } from "./ip.js";

/** One "method=result" of an Authentication-Results field, with its reason and properties. */
export interface AuthResult {
  /** Lowercase method name ("spf", "dkim", "dmarc", "arc", "compauth", ...), without its "/version". */
  readonly method: string;
  /** Lowercase result ("pass", "fail", "none", "softfail", ...). */
  readonly result: string;
  /** The reason= value, when given. */
  readonly reason: string | null;
  /**
   * Properties by lowercase "ptype.property" ("smtp.mailfrom", "header.from", "header.d", "header.s", "header.i",
   * "policy.dkim-rules" ...) and other key=value pairs receivers add ("action" at Microsoft); values as written.
   */
  readonly properties: Readonly<Record<string, string>>;
  /** The comments written in this result, in order, without their parentheses. */
  readonly comments: readonly string[];
}

export interface AuthenticationResults {
  readonly field: "authentication-results" | "arc-authentication-results";
  /** The authserv-id (who evaluated); null when the field does not start with one (Microsoft 365 omits it). */
  readonly authservId: string | null;
  /** The ARC instance (i=) of an ARC-Authentication-Results field, else null. */
  readonly instance: number | null;
  /** Empty for "authserv-id; none". */
  readonly results: readonly AuthResult[];
}

export interface ReceivedSpf {
  /** Lowercase result (pass, fail, softfail, neutral, none, temperror, permerror). */
  readonly result: string;
  readonly comment: string | null;
  /** key=value pairs (client-ip, envelope-from, helo, receiver, identity, mechanism, problem ...), keys lowercase. */
  readonly params: Readonly<Record<string, string>>;
}

/** What the receivers in a message's path recorded, top (latest) first as in the message. */
export interface ReceiverResults {
  readonly authenticationResults: readonly AuthenticationResults[];
  readonly arcAuthenticationResults: readonly AuthenticationResults[];
  readonly receivedSpf: readonly ReceivedSpf[];
}

// ---------------------------------------------------------------------------------------------------------------
// Lexing: comments (nested, RFC 5322 section 3.2.2), quoted strings, and the separators ";" and "=".

interface Token {
  /** "word" (atom or quoted string), ";" or "=". */
  readonly kind: "word" | ";" | "=";
  readonly text: string;
  /** Comments met right before this token (attached to the result being read). */
  readonly comments: readonly string[];
}

const isBlank = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\r" || c === "\n";

function lex(value: string): { tokens: Token[]; trailing: string[] } {
  const tokens: Token[] = [];
  let comments: string[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    const c = value[i];
    if (isBlank(c)) {
      i++;
    } else if (c === "(") {
      let depth = 1;
      let text = "";
      i++;
      while (i < n && depth > 0) {
        const d = value[i] as string;
        if (d === "\\" && i + 1 < n) {
          text += value[i + 1];
          i += 2;
          continue;
        }
        if (d === "(") depth++;
        else if (d === ")") {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
        text += d;
        i++;
      }
      comments.push(text.trim());
    } else if (c === ";" || c === "=") {
      tokens.push({ kind: c, text: c, comments });
      comments = [];
      i++;
    } else if (c === '"') {
      let text = "";
      i++;
      while (i < n && value[i] !== '"') {
        if (value[i] === "\\" && i + 1 < n) i++;
        text += value[i];
        i++;
      }
      i++;
      tokens.push({ kind: "word", text, comments });
      comments = [];
    } else {
      const start = i;
      while (i < n) {
        const d = value[i];
        if (isBlank(d) || d === "(" || d === ";" || d === "=" || d === '"') break;
        i++;
      }
      tokens.push({ kind: "word", text: value.slice(start, i), comments });
      comments = [];
    }
  }
  return { tokens, trailing: comments };
}

/** Splits tokens at ";" (each group keeps the comments met in it, in order). */
function groups(value: string): { tokens: Token[]; comments: string[] }[] {
  const { tokens, trailing } = lex(value);
  const out: { tokens: Token[]; comments: string[] }[] = [];
  let current: { tokens: Token[]; comments: string[] } = { tokens: [], comments: [] };
  for (const t of tokens) {
    current.comments.push(...t.comments);
    if (t.kind === ";") {
      out.push(current);
      current = { tokens: [], comments: [] };
    } else current.tokens.push(t);
  }
  current.comments.push(...trailing);
  out.push(current);
  return out;
}

/** Reads "key=value" pairs from a token group; words not in a pair are returned apart. */
function pairs(tokens: readonly Token[]): { pairs: [string, string][]; loose: string[] } {
  const out: [string, string][] = [];
  const loose: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    const eq = tokens[i + 1];
    if (t.kind === "word" && eq?.kind === "=") {
      const v = tokens[i + 2];
      if (v?.kind === "word") {
        out.push([t.text, v.text]);
        i += 3;
      } else {
        out.push([t.text, ""]);
        i += 2;
      }
    } else {
      if (t.kind === "word") loose.push(t.text);
      i++;
    }
  }
  return { pairs: out, loose };
}

function resultOf(group: { tokens: Token[]; comments: string[] }): AuthResult | null {
  const { pairs: kv } = pairs(group.tokens);
  const first = kv[0];
  if (first === undefined) return null;
  const slash = first[0].indexOf("/");
  const method = (slash < 0 ? first[0] : first[0].slice(0, slash)).trim().toLowerCase();
  if (method === "") return null;
  let reason: string | null = null;
  const properties: Record<string, string> = {};
  for (const [k, v] of kv.slice(1)) {
    const key = k.toLowerCase();
    if (key === "reason" && reason === null) reason = v;
    else if (!(key in properties)) properties[key] = v;
  }
  return { method, result: first[1].toLowerCase(), reason, properties, comments: group.comments.filter((c) => c) };
}

function parseResults(
  value: string,
  field: AuthenticationResults["field"],
  arc: boolean,
): AuthenticationResults | null {
  const gs = groups(value);
  let instance: number | null = null;
  let index = 0;
  if (arc) {
    const head = pairs(gs[0]?.tokens ?? []).pairs[0];
    if (head !== undefined && head[0].toLowerCase() === "i" && /^[0-9]{1,2}$/.test(head[1])) {
      instance = Number(head[1]);
      index = 1;
    }
  }
  let authservId: string | null = null;
  const idGroup = gs[index];
  if (idGroup !== undefined && !idGroup.tokens.some((t) => t.kind === "=")) {
    // "authserv-id [version]", or nothing at all.
    authservId = idGroup.tokens[0]?.text.toLowerCase() ?? null;
    index++;
  }
  const results: AuthResult[] = [];
  for (const g of gs.slice(index)) {
    const r = resultOf(g);
    if (r !== null) results.push(r);
  }
  if (authservId === null && results.length === 0) return null;
  return { field, authservId, instance, results };
}

/** Parses one Authentication-Results field value (RFC 8601 section 2.2); null when nothing in it is readable. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  return parseResults(value, "authentication-results", false);
}

/** Parses one ARC-Authentication-Results field value: "i=N; authserv-id; results" (RFC 8617 section 4.1.1). */
export function parseArcAuthenticationResults(value: string): AuthenticationResults | null {
  return parseResults(value, "arc-authentication-results", true);
}

/** Parses a Received-SPF field value: "result (comment) key=value; key=value" (RFC 7208 section 9.1). */
export function parseReceivedSpf(value: string): ReceivedSpf | null {
  const { tokens, trailing } = lex(value);
  const first = tokens[0];
  if (first === undefined || first.kind !== "word" || tokens[1]?.kind === "=") return null;
  const rest = tokens.slice(1);
  const comment = rest[0]?.comments[0] ?? trailing[0] ?? null;
  const params: Record<string, string> = {};
  for (const [k, v] of pairs(rest.filter((t) => t.kind !== ";")).pairs) {
    const key = k.toLowerCase();
    if (!(key in params)) params[key] = v;
  }
  return { result: first.text.toLowerCase(), comment: comment === "" ? null : comment, params };
}

/** All Authentication-Results, ARC-Authentication-Results and Received-SPF fields of a header, in order. */
export function receiverResultsOf(headers: readonly HeaderField[]): ReceiverResults {
  const ar: AuthenticationResults[] = [];
  const aar: AuthenticationResults[] = [];
  const spf: ReceivedSpf[] = [];
  for (const h of headers) {
    if (h.name === "authentication-results") {
      const r = parseAuthenticationResults(h.value);
      if (r !== null) ar.push(r);
    } else if (h.name === "arc-authentication-results") {
      const r = parseArcAuthenticationResults(h.value);
      if (r !== null) aar.push(r);
    } else if (h.name === "received-spf") {
      const r = parseReceivedSpf(h.value);
      if (r !== null) spf.push(r);
    }
  }
  return { authenticationResults: ar, arcAuthenticationResults: aar, receivedSpf: spf };
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

/** Removes (comments) outside quoted strings. */
function stripComments(s: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "\\" && i + 1 < s.length) {
      if (depth === 0) out += c + s[i + 1];
      i++;
    } else if (depth === 0 && c === '"') {
      quoted = !quoted;
      out += c;
    } else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")" && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/**
 * The addr-spec of a mailbox field value ("Name <a@b>", "a@b (Name)", "<>"): the last <...> when there is one,
 * else the value without comments. Null when empty; "" for the null reverse-path "<>".
 */
export function addressOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = stripComments(value).trim();
  const close = v.lastIndexOf(">");
  const open = close < 0 ? -1 : v.lastIndexOf("<", close);
  const addr = (open >= 0 ? v.slice(open + 1, close) : v).trim();
  if (open < 0 && addr === "") return null;
  // A source route "<@relay:a@b>" keeps only the mailbox.
  const colon = addr.startsWith("@") ? addr.indexOf(":") : -1;
  return colon >= 0 ? addr.slice(colon + 1) : addr;
}

export { domainOfAddress as domainOf } from "../bounce/address.js";

/** The From addresses (several when the field lists more than one mailbox; DMARC then cannot apply). */
export function fromAddresses(headers: readonly HeaderField[]): string[] {
  const fields = headers.filter((h) => h.name === "from");
  const out: string[] = [];
  for (const f of fields) {
    for (const part of splitMailboxes(f.value)) {
      const a = addressOf(part);
      if (a !== null && a !== "") out.push(a);
    }
  }
  return out;
}

/** Splits a mailbox-list at commas outside quotes, comments and angle brackets. */
function splitMailboxes(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\") i++;
    else if (c === '"' && depth === 0) quoted = !quoted;
    else if (quoted) continue;
    else if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (depth > 0) continue;
    else if (c === "<") angle = true;
    else if (c === ">") angle = false;
    else if (c === "," && !angle) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.filter((p) => p.trim() !== "");
}

/** The visible From domain (RFC 5322 From, the one DMARC protects); null when there is not exactly one. */
export function fromDomainOf(headers: readonly HeaderField[]): string | null {
  const all = fromAddresses(headers);
  return all.length === 1 ? domainOf(all[0] as string) : null;
}

/** The Return-Path address (the envelope MAIL FROM the last MTA recorded); "" for "<>", null when absent. */
export function returnPathOf(headers: readonly HeaderField[]): string | null {
  for (const h of headers) if (h.name === "return-path") return addressOf(h.value);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses

/** A dotted-quad IPv4 address, as four numbers; null otherwise. */
/** A valid IPv6 address. */
export function isIpv6(s: string): boolean {
  return parseIPv6(s) !== null;
}

export { isIpAddress } from "./ip.js";

/**
 * True for addresses that never belong to a sender on the Internet: private (RFC 1918, RFC 4193), loopback,
 * link-local, shared (RFC 6598), "this network" and unspecified. Documentation ranges count as public.
 */
export function isPrivateIp(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) {
    const [a, b] = v4 as [number, number, number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (!isIpv6(ip)) return false;
  const host = new URL(`http://[${ip}]/`).hostname.slice(1, -1); // normalised, lowercase, "::" compressed
  if (host === "::1" || host === "::") return true;
  if (host.startsWith("::ffff:")) {
    // IPv4-mapped: the URL parser writes the IPv4 part as two hex groups.
    const [hi, lo] = host.slice(7).split(":");
    const h = Number.parseInt(hi ?? "", 16);
    const l = Number.parseInt(lo ?? "", 16);
    if (Number.isNaN(h) || Number.isNaN(l)) return false;
    return isPrivateIp(`${h >> 8}.${h & 255}.${l >> 8}.${l & 255}`);
  }
  const first = Number.parseInt(host.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

// ---------------------------------------------------------------------------------------------------------------
// Received

export interface ReceivedHop {
  /** The name the client gave in HELO/EHLO (the first word after "from"), when not an address literal. */
  readonly helo: string | null;
  /** The name the receiver found by reverse DNS, when written. */
  readonly reverseName: string | null;
  /** The connecting IP address, when one could be read. */
  readonly ip: string | null;
  /** The receiving host (after "by"). */
  readonly by: string | null;
}

/** Finds a keyword (" by ", " from ") at the top level of a Received value: outside comments. */
function keywordAt(value: string, word: string, from: number): number {
  let depth = 0;
  const w = word.length;
  for (let i = from; i < value.length; i++) {
    const c = value[i];
    if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (
      depth === 0 &&
      (i === 0 || isBlank(value[i - 1])) &&
      value.slice(i, i + w).toLowerCase() === word &&
      (i + w === value.length || isBlank(value[i + w]))
    )
      return i;
  }
  return -1;
}

function firstWord(s: string): string | null {
  let i = 0;
  while (i < s.length && isBlank(s[i])) i++;
  let j = i;
  while (j < s.length && !isBlank(s[j]) && s[j] !== "(" && s[j] !== ")" && s[j] !== ";") j++;
  return j > i ? s.slice(i, j) : null;
}

/** An address in "[...]" (IPv6 literals "IPv6:..." too), or a bare address word in a comment. */
function ipIn(fromPart: string): string | null {
  let open = fromPart.indexOf("[");
  while (open >= 0) {
    const close = fromPart.indexOf("]", open + 1);
    if (close < 0) break;
    let inner = fromPart.slice(open + 1, close).trim();
    if (inner.toLowerCase().startsWith("ipv6:")) inner = inner.slice(5);
    if (isIpAddress(inner)) return inner;
    open = fromPart.indexOf("[", close + 1);
  }
  // "(192.0.2.1)" or "(name 192.0.2.1)" as Microsoft 365 and some others write it.
  const words = fromPart.split(/[\s()]+/);
  for (const w of words) if (isIpAddress(w)) return w;
  return null;
}

/** Reads "from HELO (rDNS [IP]) by HOST ..." (RFC 5321 section 4.4, the TCP-info forms of Postfix, Sendmail, Exim). */
export function parseReceived(value: string): ReceivedHop {
  const f = keywordAt(value, "from", 0);
  const b = keywordAt(value, "by", f < 0 ? 0 : f + 4);
  const by = b < 0 ? null : firstWord(value.slice(b + 2));
  if (f < 0 || (b >= 0 && b < f)) return { helo: null, reverseName: null, ip: null, by };
  const fromPart = value.slice(f + 4, b < 0 ? value.length : b);
  const word = firstWord(fromPart);
  const helo = word === null || word.startsWith("[") ? null : word.replace(/\.$/, "");
  const open = fromPart.indexOf("(");
  const reverse = open < 0 ? null : firstWord(fromPart.slice(open + 1));
  const reverseName =
    reverse === null ||
    reverse.startsWith("[") ||
    !reverse.includes(".") ||
    reverse.includes(":") ||
    reverse.includes("=") ||
    isIpAddress(reverse)
      ? null
      : reverse.replace(/\.$/, "");
  let ip = ipIn(fromPart);
  if (ip === null && helo !== null && isIpAddress(helo)) ip = helo;
  return { helo: helo !== null && isIpAddress(helo) ? null : helo, reverseName, ip, by };
}

function orgOf(host: string | null): string | null {
  if (host === null || !host.includes(".") || isIpAddress(host)) return null;
  return orgDomainByPsl(host.toLowerCase());
}

/**
 * The hop where the message entered the receiver's systems: the topmost Received field whose client has a public
 * IP and is not one of the receiver's own hosts (same organisational domain as the "by" host: Microsoft 365 and
 * others record internal relays). When every public hop looks internal (mail from a provider to itself), the
 * topmost public one. Null when no Received field names a public IP.
 */
export function firstExternalHop(headers: readonly HeaderField[]): ReceivedHop | null {
  const hops = headers.filter((h) => h.name === "received").map((h) => parseReceived(h.value));
  const publicHops = hops.filter((h) => h.ip !== null && !isPrivateIp(h.ip));
  for (const h of publicHops) {
    const client = orgOf(h.reverseName ?? h.helo);
    const server = orgOf(h.by);
    if (client === null || server === null || client !== server) return h;
  }
  return publicHops[0] ?? null;
}
