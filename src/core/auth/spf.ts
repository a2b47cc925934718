// SPF (RFC 7208) for `bouncewise check DOMAIN` (issue 5): a parser that reports every term with its offset, a walk of
// the include/redirect tree that counts lookups as receivers do, and check_host() for one client IP. Pure: DNS only
// through the injected DnsClient, IP matching in plain code, every loop bounded (10 lookup terms, 2 void lookups,
// include depth, a deadline). Findings come only from the data table in src/knowledge/check-findings/spf.ts.

import { SPF_FINDINGS, type SpfFindingId } from "../../knowledge/check-findings/spf.js";
import type { DnsAnswer, DnsClient } from "../dns/types.js";
import { DnsLookupError } from "../dns/types.js";
import { ipv6Bytes, parseIPv4, parseIPv6 as parseIPv6Groups } from "./ip.js";
import type { CheckFinding, FindingRule } from "./types.js";
import { findingOf } from "./types.js";

// ---------------------------------------------------------------------------------------------------------------
// Types

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfMechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";
export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror";

export interface SpfMechanism {
  readonly type: "mechanism";
  /** The term as written. */
  readonly text: string;
  /** Character offset of the term in the record. */
  readonly position: number;
  readonly qualifier: SpfQualifier;
  readonly name: SpfMechanismName;
  /** include/exists/a/mx/ptr target as written; null when the term uses the current domain. */
  readonly domainSpec: string | null;
  /** ip4/ip6 network as written. */
  readonly address: string | null;
  readonly cidr4: number | null;
  readonly cidr6: number | null;
  /** The domain-spec holds %{...} macros (RFC 7208 section 7). */
  readonly macro: boolean;
}

export interface SpfModifier {
  readonly type: "modifier";
  readonly text: string;
  readonly position: number;
  /** Lowercased. */
  readonly name: string;
  readonly value: string;
  /** redirect or exp; other names are unknown modifiers, kept and ignored (RFC 7208 section 6). */
  readonly known: boolean;
  readonly macro: boolean;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface SpfSyntaxError {
  readonly kind: "version" | "syntax" | "unknown-mechanism";
  /** Character offset of the problem in the record. */
  readonly position: number;
  readonly term: string;
  readonly message: string;
}

export interface SpfNote {
  readonly kind: "ptr" | "macro" | "modifier-like-mechanism";
  readonly position: number;
  readonly term: string;
  readonly message: string;
}

export interface SpfParse {
  readonly record: string;
  /** Starts with v=spf1 followed by a space or the end. */
  readonly version: boolean;
  /** Valid terms in order (invalid ones are in errors). */
  readonly terms: readonly SpfTerm[];
  readonly errors: readonly SpfSyntaxError[];
  readonly notes: readonly SpfNote[];
  /** Length in bytes (UTF-8). */
  readonly bytes: number;
  /** Over 450 bytes: RFC 7208 section 3.4 advises against, answers may not fit UDP. */
  readonly tooLong: boolean;
  /** The first all mechanism, if any. */
  readonly all: SpfMechanism | null;
  readonly redirect: SpfModifier | null;
  readonly exp: SpfModifier | null;
  /** Terms after the first all (never evaluated). */
  readonly afterAll: readonly SpfTerm[];
}

export type SpfNodeStatus =
  | "ok"
  | "none"
  | "multiple"
  | "syntax"
  | "loop"
  | "temperror"
  | "macro"
  | "not-followed"
  | "depth";

export interface SpfTreeNode {
  readonly domain: string;
  readonly via: "root" | "include" | "redirect";
  /** The term that led here (null for the root). */
  readonly term: string | null;
  record: string | null;
  status: SpfNodeStatus;
  /** DNS-querying terms in this node's own record, as evaluated (up to its all; redirect only without all). */
  lookups: number;
  /** lookups of this node and all its descendants. */
  totalLookups: number;
  voidLookups: number;
  readonly children: SpfTreeNode[];
}

export interface SpfEvaluation {
  readonly result: SpfResult;
  readonly ip: string;
  /** The term that decided, as written; null for the default result or an error outside a term. */
  readonly decidedBy: string | null;
  /** The domain whose record held that term. */
  readonly domain: string | null;
  readonly explanation?: string;
}

export interface SpfReport {
  readonly domain: string;
  readonly record: string | null;
  readonly records: readonly string[];
  readonly terms: readonly SpfTerm[];
  readonly tree: SpfTreeNode | null;
  readonly lookups: number;
  readonly voidLookups: number;
  readonly result: SpfEvaluation | null;
  readonly findings: readonly CheckFinding[];
  readonly suggestedRecord: string | null;
}

export interface SpfCheckOptions {
  readonly ip?: string;
  readonly helo?: string;
  readonly sender?: string;
  /** Overall deadline for the whole check in ms (default 20,000). */
  readonly deadlineMs?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Limits (RFC 7208 section 4.6.4)

const MAX_LOOKUP_TERMS = 10;
const MAX_VOID_LOOKUPS = 2;
const MAX_MX_TARGETS = 10;
const MAX_PTR_NAMES = 10;
const MAX_DEPTH = 12;
/** The static walk fetches at most this many DNS-querying terms; the rest are counted only. */
const WALK_QUERY_CAP = 40;
const RISKY_BYTES = 450;
const DEFAULT_DEADLINE_MS = 20_000;

const LOOKUP_MECHANISMS: ReadonlySet<string> = new Set(["include", "a", "mx", "ptr", "exists"]);
const MECHANISMS: ReadonlySet<string> = new Set(["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]);

// ---------------------------------------------------------------------------------------------------------------
// Character classes (hand-scanned, no regexes)

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}

/** Long terms (a 10 KB record can be one term) are cut in messages. */
function clip(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}...`;
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses

/** 4 or 16 bytes. */
type IpBytes = readonly number[];

export { parseIPv4 } from "./ip.js";

/** The 16 bytes of an IPv6 address, or null. */
export function parseIPv6(s: string): IpBytes | null {
  const groups = parseIPv6Groups(s);
  return groups === null ? null : ipv6Bytes(groups);
}

/** The client address: IPv4-mapped IPv6 (::ffff:a.b.c.d) is treated as the IPv4 address (RFC 7208 section 5). */
interface ClientIp {
  readonly text: string;
  readonly v4: boolean;
  readonly bytes: IpBytes;
}

export function parseClientIp(s: string): ClientIp | null {
  const t = s.trim();
  const v4 = parseIPv4(t);
  if (v4 !== null) return { text: t, v4: true, bytes: v4 };
  const v6 = parseIPv6(t);
  if (v6 === null) return null;
  let mapped = true;
  for (let i = 0; i < 10; i++) if (v6[i] !== 0) mapped = false;
  if (mapped && v6[10] === 0xff && v6[11] === 0xff) {
    const b = v6.slice(12);
    return { text: b.join("."), v4: true, bytes: b };
  }
  return { text: t, v4: false, bytes: v6 };
}

/** Whether the first `bits` bits of a and b agree (same length arrays). */
export function sameNetwork(a: IpBytes, b: IpBytes, bits: number): boolean {
  if (a.length !== b.length) return false;
  let left = bits;
  for (let i = 0; i < a.length && left > 0; i++) {
    const take = Math.min(8, left);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((a[i] ?? 0) & mask) !== ((b[i] ?? 0) & mask)) return false;
    left -= take;
  }
  return true;
}

function ipMatchesText(ip: ClientIp, address: string, cidr4: number | null, cidr6: number | null): boolean {
  if (ip.v4) {
    const b = parseIPv4(address);
    return b !== null && sameNetwork(ip.bytes, b, cidr4 ?? 32);
  }
  const b = parseIPv6(address);
  return b !== null && sameNetwork(ip.bytes, b, cidr6 ?? 128);
}

// ---------------------------------------------------------------------------------------------------------------
// Macros (RFC 7208 section 7)

const MACRO_LETTERS = "slodiphv";
const EXP_ONLY_LETTERS = "crt";
const DELIMITERS = ".-+,/_=";

interface MacroCheck {
  readonly macro: boolean;
  /** Offset of the problem within the string, and a message; null when valid. */
  readonly error: { readonly at: number; readonly message: string } | null;
  /** Ends with a macro-expand (so domain-end is satisfied by the macro). */
  readonly endsWithMacro: boolean;
}

function checkMacroString(s: string, allowExpLetters: boolean, allowSpace: boolean): MacroCheck {
  let macro = false;
  let endsWithMacro = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    endsWithMacro = false;
    if (c === 37) {
      const n = s[i + 1];
      if (n === "%" || n === "_" || n === "-") {
        i++;
        continue;
      }
      if (n !== "{")
        return { macro, error: { at: i, message: 'a "%" must start %{...}, %%, %_ or %-' }, endsWithMacro };
      const close = s.indexOf("}", i + 2);
      if (close < 0) return { macro, error: { at: i, message: 'macro "%{" is not closed with "}"' }, endsWithMacro };
      const body = s.slice(i + 2, close);
      const letter = (body[0] ?? "").toLowerCase();
      if (letter === "" || !(MACRO_LETTERS.includes(letter) || EXP_ONLY_LETTERS.includes(letter)))
        return { macro, error: { at: i, message: `unknown macro letter in "%{${clip(body)}}"` }, endsWithMacro };
      if (!allowExpLetters && EXP_ONLY_LETTERS.includes(letter))
        return {
          macro,
          error: { at: i, message: `macro %{${letter}} is allowed only in explanation text` },
          endsWithMacro,
        };
      let k = 1;
      let digits = "";
      while (k < body.length && isDigit(body.charCodeAt(k))) digits += body[k++];
      if (digits !== "" && (Number(digits) === 0 || digits.length > 3))
        return {
          macro,
          error: { at: i, message: `macro "%{${clip(body)}}" keeps ${digits} parts; must be 1 or more` },
          endsWithMacro,
        };
      if (body[k] === "r" || body[k] === "R") k++;
      while (k < body.length) {
        if (!DELIMITERS.includes(body[k] ?? ""))
          return { macro, error: { at: i, message: `bad character in macro "%{${clip(body)}}"` }, endsWithMacro };
        k++;
      }
      macro = true;
      endsWithMacro = true;
      i = close;
      continue;
    }
    if (c === 32 && allowSpace) continue;
    if (c < 0x21 || c > 0x7e) return { macro, error: { at: i, message: "character not allowed here" }, endsWithMacro };
  }
  return { macro, error: null, endsWithMacro };
}

/** A domain-spec: macro-string then domain-end ("." toplabel ["."] or a macro). Offset-relative error. */
function checkDomainSpec(s: string): MacroCheck {
  if (s === "") return { macro: false, error: { at: 0, message: "a domain name is missing" }, endsWithMacro: false };
  const m = checkMacroString(s, false, false);
  if (m.error !== null || m.endsWithMacro) return m;
  const err = m.macro ? checkDomainEnd(s) : checkPlainDomain(s);
  return err === null ? m : { ...m, error: err };
}

function checkDomainEnd(s: string): { at: number; message: string } | null {
  const t = s.endsWith(".") ? s.slice(0, -1) : s;
  const dot = t.lastIndexOf(".");
  if (dot < 0) return { at: 0, message: `"${clip(s)}" is not a fully qualified domain name` };
  return isTopLabel(t.slice(dot + 1))
    ? null
    : { at: dot + 1, message: `"${t.slice(dot + 1)}" is not a valid top label` };
}

function isTopLabel(l: string): boolean {
  if (l.length === 0 || l.length > 63) return false;
  let alpha = false;
  for (let i = 0; i < l.length; i++) {
    const c = l.charCodeAt(i);
    if (c === 45) {
      if (i === 0 || i === l.length - 1) return false;
      alpha = true;
    } else if (isAlpha(c)) alpha = true;
    else if (!isDigit(c)) return false;
  }
  return alpha;
}

function checkPlainDomain(s: string): { at: number; message: string } | null {
  const t = s.endsWith(".") ? s.slice(0, -1) : s;
  if (t.length > 253) return { at: 0, message: "domain name longer than 253 characters" };
  let start = 0;
  for (let i = 0; i <= t.length; i++) {
    if (i === t.length || t.charCodeAt(i) === 46) {
      const len = i - start;
      if (len === 0) return { at: start, message: "empty label in domain name" };
      if (len > 63) return { at: start, message: "label longer than 63 characters" };
      start = i + 1;
    }
  }
  return checkDomainEnd(s);
}

/** A plain (expanded) domain we may query: labels 1-63, total <= 253. */
function isQueryableDomain(s: string): boolean {
  const t = s.endsWith(".") ? s.slice(0, -1) : s;
  if (t.length === 0 || t.length > 253) return false;
  let start = 0;
  for (let i = 0; i <= t.length; i++) {
    if (i === t.length || t.charCodeAt(i) === 46) {
      const len = i - start;
      if (len === 0 || len > 63) return false;
      start = i + 1;
    } else {
      const c = t.charCodeAt(i);
      if (c <= 0x20 || c > 0x7e) return false;
    }
  }
  return true;
}

interface MacroContext {
  readonly sender: string;
  readonly local: string;
  readonly senderDomain: string;
  readonly domain: string;
  readonly helo: string;
  readonly ip: ClientIp;
}

function ipDotted(ip: ClientIp): string {
  if (ip.v4) return ip.bytes.join(".");
  const nibbles: string[] = [];
  for (const b of ip.bytes) nibbles.push((b >> 4).toString(16), (b & 15).toString(16));
  return nibbles.join(".");
}

function urlEscape(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (isAlnum(c) || ch === "-" || ch === "." || ch === "_" || ch === "~") out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Expands a macro-string already validated by checkMacroString. */
function expandMacros(s: string, ctx: MacroContext, inExp: boolean): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? "";
    if (ch !== "%") {
      out += ch;
      continue;
    }
    const n = s[i + 1];
    if (n === "%") out += "%";
    else if (n === "_") out += " ";
    else if (n === "-") out += "%20";
    if (n !== "{") {
      i++;
      continue;
    }
    const close = s.indexOf("}", i + 2);
    const body = s.slice(i + 2, close);
    i = close;
    const letterRaw = body[0] ?? "";
    const letter = letterRaw.toLowerCase();
    let value: string;
    switch (letter) {
      case "s":
        value = ctx.sender;
        break;
      case "l":
        value = ctx.local;
        break;
      case "o":
        value = ctx.senderDomain;
        break;
      case "d":
        value = ctx.domain;
        break;
      case "i":
        value = ipDotted(ctx.ip);
        break;
      case "p":
        value = "unknown"; // RFC 7208 section 7.3 allows "unknown" instead of the (discouraged) validated name
        break;
      case "v":
        value = ctx.ip.v4 ? "in-addr" : "ip6";
        break;
      case "h":
        value = ctx.helo;
        break;
      case "c":
        value = inExp ? ctx.ip.text : "";
        break;
      case "r":
        value = "unknown";
        break;
      default:
        value = inExp ? String(Math.floor(Date.now() / 1000)) : "";
    }
    let k = 1;
    let digits = "";
    while (k < body.length && isDigit(body.charCodeAt(k))) digits += body[k++];
    let reverse = false;
    if (body[k] === "r" || body[k] === "R") {
      reverse = true;
      k++;
    }
    const delims = body.slice(k);
    let parts: string[];
    if (delims === "") parts = value.split(".");
    else {
      parts = [];
      let cur = "";
      for (const c of value) {
        if (delims.includes(c)) {
          parts.push(cur);
          cur = "";
        } else cur += c;
      }
      parts.push(cur);
    }
    if (reverse) parts.reverse();
    if (digits !== "") {
      const keep = Number(digits);
      if (keep < parts.length) parts = parts.slice(parts.length - keep);
    }
    const joined = parts.join(".");
    out += letterRaw !== letter ? urlEscape(joined) : joined;
  }
  return out;
}

/** Expanded domain-spec, trimmed from the left to 253 characters (RFC 7208 section 7.3). */
function expandDomain(spec: string, ctx: MacroContext): string {
  let d = expandMacros(spec, ctx, false);
  if (d.endsWith(".")) d = d.slice(0, -1);
  while (d.length > 253) {
    const dot = d.indexOf(".");
    if (dot < 0) break;
    d = d.slice(dot + 1);
  }
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing (RFC 7208 sections 4.6.1, 5, 6, 12)

function parseCidrLength(s: string, max: number): number | null {
  if (s.length === 0 || s.length > 3) return null;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return null;
  if (s.length > 1 && s[0] === "0") return null;
  const n = Number(s);
  return n <= max ? n : null;
}

export function parseSpf(record: string): SpfParse {
  const terms: SpfTerm[] = [];
  const errors: SpfSyntaxError[] = [];
  const notes: SpfNote[] = [];
  let version = false;
  let i = 0;
  const n = record.length;
  // Version: "v=spf1" followed by a space or the end, case-insensitively (RFC 7208 section 4.5).
  if (n >= 6 && record.slice(0, 6).toLowerCase() === "v=spf1" && (n === 6 || record[6] === " ")) {
    version = true;
    i = 6;
  } else {
    errors.push({
      kind: "version",
      position: 0,
      term: record.slice(0, 20),
      message: 'the record must start with "v=spf1"',
    });
  }
  let all: SpfMechanism | null = null;
  let redirect: SpfModifier | null = null;
  let exp: SpfModifier | null = null;
  const afterAll: SpfTerm[] = [];
  while (i < n) {
    while (i < n && record.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && record.charCodeAt(i) !== 32) i++;
    const text = record.slice(start, i);
    const term = parseTerm(text, start, errors, notes);
    if (term === null) continue;
    if (term.type === "modifier") {
      if (term.name === "redirect" || term.name === "exp") {
        const prev = term.name === "redirect" ? redirect : exp;
        if (prev !== null) {
          errors.push({
            kind: "syntax",
            position: start,
            term: text,
            message: `"${term.name}=" appears more than once`,
          });
          continue;
        }
        if (term.name === "redirect") redirect = term;
        else exp = term;
      }
    } else if (term.name === "all" && all === null) {
      all = term;
      terms.push(term);
      continue;
    }
    if (all !== null && term.type === "mechanism") afterAll.push(term);
    terms.push(term);
  }
  const bytes = utf8Bytes(record);
  return { record, version, terms, errors, notes, bytes, tooLong: bytes > RISKY_BYTES, all, redirect, exp, afterAll };
}

function parseTerm(text: string, position: number, errors: SpfSyntaxError[], notes: SpfNote[]): SpfTerm | null {
  const err = (at: number, message: string, kind: SpfSyntaxError["kind"] = "syntax"): null => {
    errors.push({ kind, position: position + at, term: text, message });
    return null;
  };
  // Modifier: name "=" value, name = ALPHA *(ALPHA / DIGIT / "-" / "_" / ".")
  if (isAlpha(text.charCodeAt(0))) {
    let k = 1;
    while (k < text.length) {
      const c = text.charCodeAt(k);
      if (isAlnum(c) || c === 45 || c === 95 || c === 46) k++;
      else break;
    }
    if (text[k] === "=") {
      const name = text.slice(0, k).toLowerCase();
      const value = text.slice(k + 1);
      const known = name === "redirect" || name === "exp";
      const check = known ? checkDomainSpec(value) : checkMacroString(value, false, false);
      if (check.error !== null) return err(k + 1 + check.error.at, `${name}=: ${check.error.message}`);
      const mod: SpfModifier = { type: "modifier", text, position, name, value, known, macro: check.macro };
      if (!known && MECHANISMS.has(name))
        notes.push({
          kind: "modifier-like-mechanism",
          position,
          term: text,
          message: `"${name}=" is an unknown modifier, probably meant as the mechanism "${name}:"`,
        });
      if (check.macro) notes.push({ kind: "macro", position, term: text, message: "uses macros" });
      return mod;
    }
  }
  let k = 0;
  let qualifier: SpfQualifier = "+";
  const q = text[0];
  if (q === "+" || q === "-" || q === "~" || q === "?") {
    qualifier = q;
    k = 1;
  }
  const nameStart = k;
  while (k < text.length && text[k] !== ":" && text[k] !== "/") k++;
  const name = text.slice(nameStart, k).toLowerCase();
  if (!MECHANISMS.has(name)) {
    if (name === "") return err(nameStart, "a qualifier must be followed by a mechanism");
    return err(nameStart, `"${clip(text.slice(nameStart, k))}" is not an SPF mechanism`, "unknown-mechanism");
  }
  const mech = name as SpfMechanismName;
  const rest = text.slice(k);
  const restAt = k;
  let domainSpec: string | null = null;
  let address: string | null = null;
  let cidr4: number | null = null;
  let cidr6: number | null = null;
  let macro = false;
  const domainPart = (spec: string, at: number): boolean => {
    const c = checkDomainSpec(spec);
    if (c.error !== null) {
      err(at + c.error.at, `${mech}: ${c.error.message}`);
      return false;
    }
    domainSpec = spec;
    macro = c.macro;
    return true;
  };
  switch (mech) {
    case "all":
      if (rest !== "") return err(restAt, '"all" takes no argument');
      break;
    case "include":
    case "exists":
      if (!rest.startsWith(":")) return err(restAt, `"${mech}" needs ":" and a domain name`);
      if (!domainPart(rest.slice(1), restAt + 1)) return null;
      break;
    case "ptr":
      if (rest !== "") {
        if (!rest.startsWith(":")) return err(restAt, '"ptr" takes only ":" and a domain name');
        if (!domainPart(rest.slice(1), restAt + 1)) return null;
      }
      break;
    case "a":
    case "mx": {
      let spec = rest;
      let cidr = "";
      const slash = rest.indexOf("/");
      if (slash >= 0) {
        spec = rest.slice(0, slash);
        cidr = rest.slice(slash);
      }
      if (spec !== "") {
        if (!spec.startsWith(":")) return err(restAt, `"${mech}" takes ":" and a domain name`);
        if (!domainPart(spec.slice(1), restAt + 1)) return null;
      }
      if (cidr !== "") {
        const at = restAt + spec.length;
        // dual-cidr-length = [ "/" ip4-cidr-length ] [ "//" ip6-cidr-length ]
        let v4part = "";
        let v6part: string | null = null;
        if (cidr.startsWith("//")) v6part = cidr.slice(2);
        else {
          const dd = cidr.indexOf("//");
          v4part = dd < 0 ? cidr.slice(1) : cidr.slice(1, dd);
          if (dd >= 0) v6part = cidr.slice(dd + 2);
          cidr4 = parseCidrLength(v4part, 32);
          if (cidr4 === null) return err(at, `"/${clip(v4part)}" is not an IPv4 prefix length (0-32)`);
        }
        if (v6part !== null) {
          cidr6 = parseCidrLength(v6part, 128);
          if (cidr6 === null) return err(at, `"//${clip(v6part)}" is not an IPv6 prefix length (0-128)`);
        }
      }
      break;
    }
    case "ip4":
    case "ip6": {
      if (!rest.startsWith(":")) return err(restAt, `"${mech}" needs ":" and an address`);
      const body = rest.slice(1);
      const slash = body.indexOf("/");
      address = slash < 0 ? body : body.slice(0, slash);
      const okAddr = mech === "ip4" ? parseIPv4(address) !== null : parseIPv6(address) !== null;
      if (!okAddr)
        return err(restAt + 1, `"${clip(address)}" is not a valid ${mech === "ip4" ? "IPv4" : "IPv6"} address`);
      if (slash >= 0) {
        const len = parseCidrLength(body.slice(slash + 1), mech === "ip4" ? 32 : 128);
        if (len === null)
          return err(
            restAt + 1 + slash,
            `"/${clip(body.slice(slash + 1))}" is not a valid prefix length (${mech === "ip4" ? "0-32" : "0-128"})`,
          );
        if (mech === "ip4") cidr4 = len;
        else cidr6 = len;
      }
      break;
    }
  }
  if (mech === "ptr")
    notes.push({ kind: "ptr", position, term: text, message: "ptr should not be used (RFC 7208 section 5.5)" });
  if (macro) notes.push({ kind: "macro", position, term: text, message: "uses macros" });
  return { type: "mechanism", text, position, qualifier, name: mech, domainSpec, address, cidr4, cidr6, macro };
}

/** True for a TXT string that is an SPF record: "v=spf1" then a space or the end, any case. */
export function isSpfRecord(txt: string): boolean {
  return txt.length >= 6 && txt.slice(0, 6).toLowerCase() === "v=spf1" && (txt.length === 6 || txt[6] === " ");
}

// ---------------------------------------------------------------------------------------------------------------
// Deadline-bounded DNS

class DeadlineError extends Error {}

class Clock {
  constructor(readonly end: number) {}
  left(): number {
    return this.end - Date.now();
  }
  async ask<T>(run: () => Promise<DnsAnswer<T>>): Promise<DnsAnswer<T>> {
    const left = this.left();
    if (left <= 0) throw new DeadlineError("deadline");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expire = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError("deadline")), left);
    });
    try {
      return await Promise.race([run(), expire]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function spfRecordsOf(answer: DnsAnswer<string>): string[] {
  return answer.records.filter(isSpfRecord);
}

function isVoid(a: DnsAnswer<unknown>): boolean {
  return a.status !== "ok" || a.records.length === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The static walk of the include/redirect tree

type Values = Record<string, string | number>;

const RULES: ReadonlyMap<string, FindingRule> = new Map(SPF_FINDINGS.map((r) => [r.id, r]));

function rule(id: SpfFindingId): FindingRule {
  const r = RULES.get(id);
  if (r === undefined) throw new Error(`missing SPF finding rule ${id}`);
  return r;
}

interface WalkState {
  readonly clock: Clock;
  readonly dns: DnsClient;
  queried: number;
  truncated: boolean;
  timedOut: boolean;
  readonly voidNames: string[];
  readonly emit: (id: SpfFindingId, values: Values) => void;
}

/** The DNS-querying terms a record uses during evaluation: mechanisms up to its all, plus redirect without all. */
function evaluatedTerms(p: SpfParse): SpfTerm[] {
  const out: SpfTerm[] = [];
  for (const t of p.terms) {
    if (t.type === "mechanism") {
      if (LOOKUP_MECHANISMS.has(t.name)) out.push(t);
      if (t.name === "all") break;
    }
  }
  if (p.all === null && p.redirect !== null) out.push(p.redirect);
  return out;
}

async function walkNode(node: SpfTreeNode, parsed: SpfParse, path: readonly string[], st: WalkState): Promise<void> {
  const here = node.domain;
  const terms = evaluatedTerms(parsed);
  node.lookups = terms.length;
  node.totalLookups = terms.length;
  for (const t of terms) {
    if (st.queried >= WALK_QUERY_CAP) {
      st.truncated = true;
      if (t.type === "modifier" || t.name === "include")
        node.children.push(childNode(t, t.type === "modifier" ? "redirect" : "include", "not-followed"));
      continue;
    }
    st.queried++;
    try {
      if (t.type === "modifier" || t.name === "include") {
        const via = t.type === "modifier" ? "redirect" : "include";
        const child = childNode(t, via, "ok");
        node.children.push(child);
        if (t.macro) {
          child.status = "macro";
          continue;
        }
        const target = child.domain;
        if (path.includes(target)) {
          child.status = "loop";
          st.emit("spf.include-loop", {
            domain: path[0] ?? here,
            path: [...path, target].join(" -> "),
            term: t.text,
            target: here,
          });
          continue;
        }
        if (path.length >= MAX_DEPTH) {
          child.status = "depth";
          continue;
        }
        const answer = await st.clock.ask(() => st.dns.txt(target));
        const recs = spfRecordsOf(answer);
        const vals = { domain: here, term: t.text, target, count: recs.length };
        if (recs.length === 0) {
          child.status = "none";
          st.emit(via === "include" ? "spf.include-missing" : "spf.redirect-missing", vals);
          continue;
        }
        if (recs.length > 1) {
          child.status = "multiple";
          st.emit("spf.include-multiple-records", vals);
          continue;
        }
        const rec = recs[0] ?? "";
        child.record = rec;
        const p = parseSpf(rec);
        const firstErr = p.errors[0];
        if (firstErr !== undefined) {
          child.status = "syntax";
          st.emit("spf.include-syntax-error", {
            ...vals,
            message: `${firstErr.message} at character ${firstErr.position} ("${firstErr.term}")`,
          });
          continue;
        }
        if (p.all !== null && p.all.qualifier === "+")
          st.emit("spf.plus-all", { domain: target, term: p.all.text, suggested: "(in the record of that domain)" });
        await walkNode(child, p, [...path, target], st);
        node.totalLookups += child.totalLookups;
        continue;
      }
      if (t.macro) continue;
      const target = t.domainSpec === null ? here : t.domainSpec.toLowerCase().replace(/\.$/, "");
      if (t.name === "a") {
        const v4 = await st.clock.ask(() => st.dns.a(target));
        const v6 = await st.clock.ask(() => st.dns.aaaa(target));
        if (isVoid(v4) && isVoid(v6)) {
          node.voidLookups++;
          st.voidNames.push(target);
        }
      } else if (t.name === "mx") {
        const mx = await st.clock.ask(() => st.dns.mx(target));
        if (isVoid(mx)) {
          node.voidLookups++;
          st.voidNames.push(target);
        } else if (mx.records.length > MAX_MX_TARGETS) {
          st.emit("spf.mx-too-many-targets", { term: t.text, target: here, count: mx.records.length });
        }
      } else if (t.name === "exists") {
        const a = await st.clock.ask(() => st.dns.a(target));
        if (isVoid(a)) {
          node.voidLookups++;
          st.voidNames.push(target);
        }
      }
      // ptr needs a client IP: nothing to look up statically.
    } catch (e) {
      if (e instanceof DeadlineError) {
        st.timedOut = true;
        return;
      }
      if (e instanceof DnsLookupError) {
        if (t.type === "modifier" || t.name === "include") {
          const child = node.children[node.children.length - 1];
          if (child !== undefined) child.status = "temperror";
          st.emit("spf.include-dns-error", { domain: here, term: t.text, target: child?.domain ?? "", code: e.code });
        } else st.emit("spf.dns-error", { domain: here, query: e.query, code: e.code });
        continue;
      }
      throw e;
    }
  }
}

function childNode(t: SpfTerm, via: "include" | "redirect", status: SpfNodeStatus): SpfTreeNode {
  const spec = t.type === "modifier" ? t.value : (t.domainSpec ?? "");
  return {
    domain: spec.toLowerCase().replace(/\.$/, ""),
    via,
    term: t.text,
    record: null,
    status,
    lookups: 0,
    totalLookups: 0,
    voidLookups: 0,
    children: [],
  };
}

function sumVoids(node: SpfTreeNode): number {
  let n = node.voidLookups;
  for (const c of node.children) n += sumVoids(c);
  return n;
}

function breakdown(node: SpfTreeNode): string {
  const parts: string[] = [];
  const visit = (x: SpfTreeNode, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    parts.push(`${x.term === null ? x.domain : x.term}: ${x.totalLookups}`);
    for (const c of x.children) if (c.totalLookups > 0) visit(c, depth + 1);
  };
  visit(node, 0);
  return parts.join(", ");
}

// ---------------------------------------------------------------------------------------------------------------
// check_host() (RFC 7208 section 4)

class SpfAbort extends Error {
  constructor(
    readonly result: "temperror" | "permerror",
    readonly why: string,
    readonly term: string | null = null,
    readonly where: string | null = null,
  ) {
    super(why);
  }
}

interface EvalState {
  readonly clock: Clock;
  readonly dns: DnsClient;
  readonly ip: ClientIp;
  readonly sender: string;
  readonly helo: string;
  lookups: number;
  voids: number;
}

interface HostResult {
  readonly result: SpfResult;
  readonly decidedBy: string | null;
  readonly domain: string | null;
  readonly explanation?: string;
}

function senderParts(sender: string, domain: string): { sender: string; local: string; senderDomain: string } {
  const at = sender.lastIndexOf("@");
  if (at < 0) return { sender: `postmaster@${sender || domain}`, local: "postmaster", senderDomain: sender || domain };
  const local = sender.slice(0, at) || "postmaster";
  const dom = sender.slice(at + 1) || domain;
  return { sender: `${local}@${dom}`, local, senderDomain: dom };
}

async function dnsCall<T>(
  st: EvalState,
  run: () => Promise<DnsAnswer<T>>,
  term: string | null,
  where: string,
): Promise<DnsAnswer<T>> {
  try {
    return await st.clock.ask(run);
  } catch (e) {
    if (e instanceof DeadlineError) throw new SpfAbort("temperror", "the deadline passed", term, where);
    if (e instanceof DnsLookupError) throw new SpfAbort("temperror", `${e.query}: ${e.code}`, term, where);
    throw e;
  }
}

function countLookup(st: EvalState, term: string, where: string): void {
  st.lookups++;
  if (st.lookups > MAX_LOOKUP_TERMS) throw new SpfAbort("permerror", "more than 10 DNS-querying terms", term, where);
}

function countVoid(st: EvalState, a: DnsAnswer<unknown>, term: string, where: string): void {
  if (!isVoid(a)) return;
  st.voids++;
  if (st.voids > MAX_VOID_LOOKUPS) throw new SpfAbort("permerror", "more than 2 void lookups", term, where);
}

async function addressesOf(
  st: EvalState,
  name: string,
  term: string,
  where: string,
  count: boolean,
): Promise<string[]> {
  const ans = st.ip.v4
    ? await dnsCall(st, () => st.dns.a(name), term, where)
    : await dnsCall(st, () => st.dns.aaaa(name), term, where);
  if (count) countVoid(st, ans, term, where);
  return [...ans.records];
}

const QUALIFIER_RESULT: Readonly<Record<SpfQualifier, SpfResult>> = {
  "+": "pass",
  "-": "fail",
  "~": "softfail",
  "?": "neutral",
};

async function checkHost(st: EvalState, domain: string, depth: number): Promise<HostResult> {
  const d = domain.toLowerCase().replace(/\.$/, "");
  if (!isQueryableDomain(d) || d.indexOf(".") < 0) return { result: "none", decidedBy: null, domain: d };
  if (depth > MAX_DEPTH) throw new SpfAbort("permerror", "include/redirect nesting too deep", null, d);
  const answer = await dnsCall(st, () => st.dns.txt(d), null, d);
  const recs = spfRecordsOf(answer);
  if (recs.length === 0) return { result: "none", decidedBy: null, domain: d };
  if (recs.length > 1) throw new SpfAbort("permerror", `${d} publishes ${recs.length} SPF records`, null, d);
  const p = parseSpf(recs[0] ?? "");
  const bad = p.errors[0];
  if (bad !== undefined) throw new SpfAbort("permerror", bad.message, bad.term, d);
  const ctx: MacroContext = { ...senderParts(st.sender, d), domain: d, helo: st.helo, ip: st.ip };
  for (const t of p.terms) {
    if (t.type !== "mechanism") continue;
    if (await matches(st, t, d, ctx, depth)) {
      const result = QUALIFIER_RESULT[t.qualifier];
      if (result === "fail" && p.exp !== null) {
        const explanation = await explain(st, p.exp.value, ctx);
        if (explanation !== null) return { result, decidedBy: t.text, domain: d, explanation };
      }
      return { result, decidedBy: t.text, domain: d };
    }
  }
  if (p.redirect !== null) {
    countLookup(st, p.redirect.text, d);
    const target = expandDomain(p.redirect.value, ctx);
    const r = await nested(st, target, depth, p.redirect.text, d);
    if (r.result === "none")
      throw new SpfAbort("permerror", `redirect target ${target} has no SPF record`, p.redirect.text, d);
    return r;
  }
  return { result: "neutral", decidedBy: null, domain: d };
}

/** check_host() of an include or redirect target; an error outside any term there is charged to the term here. */
async function nested(st: EvalState, target: string, depth: number, term: string, d: string): Promise<HostResult> {
  try {
    return await checkHost(st, target, depth + 1);
  } catch (e) {
    if (e instanceof SpfAbort && e.term === null) throw new SpfAbort(e.result, e.why, term, d);
    throw e;
  }
}

async function explain(st: EvalState, spec: string, ctx: MacroContext): Promise<string | null> {
  try {
    const target = expandDomain(spec, ctx);
    if (!isQueryableDomain(target)) return null;
    const ans = await st.clock.ask(() => st.dns.txt(target));
    if (ans.records.length !== 1) return null;
    const text = ans.records[0] ?? "";
    if (checkMacroString(text, true, true).error !== null) return null;
    return expandMacros(text, ctx, true);
  } catch {
    return null; // explanation failures are ignored (RFC 7208 section 6.2)
  }
}

async function matches(st: EvalState, t: SpfMechanism, d: string, ctx: MacroContext, depth: number): Promise<boolean> {
  const term = t.text;
  if (LOOKUP_MECHANISMS.has(t.name)) countLookup(st, term, d);
  const target = t.domainSpec === null ? d : expandDomain(t.domainSpec, ctx);
  if (t.domainSpec !== null && LOOKUP_MECHANISMS.has(t.name) && !isQueryableDomain(target))
    throw new SpfAbort("permerror", `"${target}" is not a valid domain name`, term, d);
  switch (t.name) {
    case "all":
      return true;
    case "ip4":
      return st.ip.v4 && ipMatchesText(st.ip, t.address ?? "", t.cidr4, null);
    case "ip6":
      return !st.ip.v4 && ipMatchesText(st.ip, t.address ?? "", null, t.cidr6);
    case "a": {
      const addrs = await addressesOf(st, target, term, d, true);
      return addrs.some((a) => ipMatchesText(st.ip, a, t.cidr4, t.cidr6));
    }
    case "mx": {
      const mx = await dnsCall(st, () => st.dns.mx(target), term, d);
      countVoid(st, mx, term, d);
      if (mx.records.length > MAX_MX_TARGETS)
        throw new SpfAbort("permerror", `${target} has more than ${MAX_MX_TARGETS} MX hosts`, term, d);
      for (const m of mx.records) {
        const host = m.exchange.replace(/\.$/, "");
        if (host === "") continue; // null MX
        const addrs = await addressesOf(st, host, term, d, false);
        if (addrs.some((a) => ipMatchesText(st.ip, a, t.cidr4, t.cidr6))) return true;
      }
      return false;
    }
    case "exists": {
      const a = await dnsCall(st, () => st.dns.a(target), term, d);
      countVoid(st, a, term, d);
      return a.records.length > 0;
    }
    case "ptr": {
      // RFC 7208 section 5.5: DNS errors here make the mechanism fail to match rather than temperror.
      let names: readonly string[];
      try {
        const ans = await st.clock.ask(() => st.dns.ptr(st.ip.text));
        countVoid(st, ans, term, d);
        names = ans.records.slice(0, MAX_PTR_NAMES);
      } catch (e) {
        if (e instanceof SpfAbort) throw e;
        if (e instanceof DeadlineError) throw new SpfAbort("temperror", "the deadline passed", term, d);
        return false;
      }
      const want = target.toLowerCase();
      for (const raw of names) {
        const name = raw.toLowerCase().replace(/\.$/, "");
        if (name !== want && !name.endsWith(`.${want}`)) continue;
        try {
          const ans = st.ip.v4 ? await st.clock.ask(() => st.dns.a(name)) : await st.clock.ask(() => st.dns.aaaa(name));
          if (ans.records.some((a) => ipMatchesText(st.ip, a, null, null))) return true;
        } catch (e) {
          if (e instanceof DeadlineError) throw new SpfAbort("temperror", "the deadline passed", term, d);
        }
      }
      return false;
    }
    case "include": {
      const r = await nested(st, target, depth, term, d);
      if (r.result === "pass") return true;
      if (r.result === "fail" || r.result === "softfail" || r.result === "neutral") return false;
      if (r.result === "none") throw new SpfAbort("permerror", `include target ${target} has no SPF record`, term, d);
      throw new SpfAbort(r.result === "temperror" ? "temperror" : "permerror", `include of ${target} failed`, term, d);
    }
  }
}

/** check_host() for one client IP; never throws for DNS trouble (temperror) or broken records (permerror). */
export async function evaluateSpf(
  domain: string,
  dns: DnsClient,
  options: { ip: string; helo?: string; sender?: string; deadlineMs?: number },
): Promise<SpfEvaluation | null> {
  const ip = parseClientIp(options.ip);
  if (ip === null) return null;
  const clock = new Clock(Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS));
  return evaluateWith(domain, dns, ip, options, clock);
}

async function evaluateWith(
  domain: string,
  dns: DnsClient,
  ip: ClientIp,
  options: { helo?: string; sender?: string },
  clock: Clock,
): Promise<SpfEvaluation> {
  const st: EvalState = {
    clock,
    dns,
    ip,
    sender: options.sender ?? `postmaster@${domain}`,
    helo: options.helo ?? domain,
    lookups: 0,
    voids: 0,
  };
  try {
    const r = await checkHost(st, domain, 0);
    const base = { result: r.result, ip: ip.text, decidedBy: r.decidedBy, domain: r.domain };
    return r.explanation === undefined ? base : { ...base, explanation: r.explanation };
  } catch (e) {
    if (e instanceof SpfAbort)
      return { result: e.result, ip: ip.text, decidedBy: e.term, domain: e.where, explanation: e.why };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The suggested record

function suggest(records: readonly string[], parses: readonly SpfParse[]): string | null {
  let base: SpfParse | undefined;
  if (parses.length === 1) base = parses[0];
  else if (parses.length > 1) {
    const merged = mergeTrivially(parses);
    if (merged === null) return null;
    return fixRecord(parseSpf(merged), true);
  }
  if (base === undefined || records.length === 0) return null;
  return fixRecord(base, false);
}

/** Merges records without modifiers or errors whose all qualifiers agree (or are absent); else null. */
function mergeTrivially(parses: readonly SpfParse[]): string | null {
  const seen = new Set<string>();
  const out: string[] = [];
  let allText: string | null = null;
  for (const p of parses) {
    if (p.errors.length > 0 || p.redirect !== null || p.exp !== null) return null;
    for (const t of p.terms) {
      if (t.type === "modifier") return null;
      if (t.name === "all") {
        const norm = t.qualifier === "+" ? "all" : `${t.qualifier}all`;
        if (allText !== null && allText !== norm) return null;
        allText = norm;
        continue;
      }
      const key = t.text.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        out.push(t.text);
      }
    }
  }
  return ["v=spf1", ...out, ...(allText === null ? [] : [allText])].join(" ");
}

function fixRecord(p: SpfParse, changed: boolean): string | null {
  if (p.errors.length > 0) return null;
  let dirty = changed || p.afterAll.length > 0; // an all before other terms moves to the end
  const mechs: string[] = [];
  const mods: string[] = [];
  let allText: string | null = null;
  for (const t of p.terms) {
    if (t.type === "modifier") {
      if (t.name === "redirect" && p.all !== null)
        dirty = true; // ignored when all is present (RFC 7208 section 6.1)
      else mods.push(t.text);
      continue;
    }
    if (t.name === "ptr") {
      dirty = true;
      continue;
    }
    if (t.name === "all") {
      if (allText !== null) {
        dirty = true;
        continue;
      }
      if (t.qualifier === "+" || t.qualifier === "?") {
        allText = "~all";
        dirty = true;
      } else allText = t.text;
      continue;
    }
    mechs.push(t.text);
  }
  if (allText === null && p.redirect === null) {
    allText = "~all";
    dirty = true;
  }
  if (!dirty) return null;
  return ["v=spf1", ...mechs, ...(allText === null ? [] : [allText]), ...mods].join(" ");
}

// ---------------------------------------------------------------------------------------------------------------
// checkSpf

export async function checkSpf(domain: string, dns: DnsClient, options: SpfCheckOptions = {}): Promise<SpfReport> {
  const d = domain.trim().toLowerCase().replace(/\.$/, "");
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const clock = new Clock(Date.now() + deadlineMs);
  const findings: CheckFinding[] = [];
  const seen = new Set<string>();
  const emit = (id: SpfFindingId, values: Values): void => {
    const f = findingOf(rule(id), values);
    const key = `${f.id}\n${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  const ip = options.ip === undefined ? null : parseClientIp(options.ip);
  if (options.ip !== undefined && ip === null) emit("spf.invalid-ip", { ip: options.ip });

  let answer: DnsAnswer<string> | null = null;
  try {
    answer = await clock.ask(() => dns.txt(d));
  } catch (e) {
    if (e instanceof DnsLookupError) emit("spf.dns-error", { domain: d, query: e.query, code: e.code });
    else if (e instanceof DeadlineError) emit("spf.deadline", { domain: d, ms: deadlineMs });
    else throw e;
  }
  const records = answer === null ? [] : spfRecordsOf(answer);
  const parses = records.map(parseSpf);
  const suggested = suggest(records, parses);
  const suggestedText = suggested ?? "(no automatic correction; edit the record by hand)";
  const empty = (record: string | null): SpfReport => ({
    domain: d,
    record,
    records,
    terms: [],
    tree: null,
    lookups: 0,
    voidLookups: 0,
    result: null,
    findings,
    suggestedRecord: null,
  });

  if (answer === null) {
    const result: SpfEvaluation | null =
      ip === null
        ? null
        : { result: "temperror", ip: ip.text, decidedBy: null, domain: d, explanation: "TXT lookup failed" };
    if (result !== null) emit("spf.ip-temperror", { ip: result.ip, domain: d, explanation: "TXT lookup failed" });
    return { ...empty(null), result };
  }
  if (records.length === 0) {
    emit("spf.no-record", { domain: d });
    const result: SpfEvaluation | null =
      ip === null ? null : { result: "none", ip: ip.text, decidedBy: null, domain: d };
    if (result !== null) emit("spf.ip-none", { ip: result.ip, domain: d });
    return { ...empty(null), result };
  }
  if (records.length > 1) {
    emit("spf.multiple-records", {
      domain: d,
      count: records.length,
      suggested: suggested ?? "one record holding the mechanisms of all of them, with a single all at the end",
    });
    const result: SpfEvaluation | null =
      ip === null
        ? null
        : {
            result: "permerror",
            ip: ip.text,
            decidedBy: null,
            domain: d,
            explanation: `${d} publishes ${records.length} SPF records`,
          };
    if (result !== null) emit("spf.ip-permerror", { ip: result.ip, domain: d, explanation: result.explanation ?? "" });
    return { ...empty(null), result, suggestedRecord: suggested };
  }

  const record = records[0] ?? "";
  const parsed = parses[0] ?? parseSpf(record);
  // Record-level findings.
  for (const e of parsed.errors) {
    if (e.kind === "unknown-mechanism")
      emit("spf.unknown-mechanism", { domain: d, term: e.term, position: e.position });
    else emit("spf.syntax-error", { domain: d, term: e.term, position: e.position, message: e.message });
  }
  if (parsed.tooLong) emit("spf.record-too-long", { domain: d, bytes: parsed.bytes });
  for (const note of parsed.notes) {
    if (note.kind === "ptr") emit("spf.ptr-used", { domain: d, term: note.term, suggested: suggestedText });
    else if (note.kind === "macro") emit("spf.macro-used", { domain: d, term: note.term });
    else {
      const eq = note.term.indexOf("=");
      const name = note.term.slice(0, eq).toLowerCase();
      emit("spf.modifier-looks-like-mechanism", {
        domain: d,
        term: note.term,
        name,
        fixed: `${name}:${note.term.slice(eq + 1)}`,
      });
    }
  }
  const all = parsed.all;
  if (all !== null) {
    if (all.qualifier === "+") emit("spf.plus-all", { domain: d, term: all.text, suggested: suggestedText });
    else if (all.qualifier === "?") emit("spf.neutral-all", { domain: d, suggested: suggestedText });
    if (parsed.redirect !== null)
      emit("spf.redirect-with-all", { domain: d, term: parsed.redirect.text, suggested: suggestedText });
    if (parsed.afterAll.length > 0)
      emit("spf.terms-after-all", {
        domain: d,
        terms: parsed.afterAll.map((t) => t.text).join(" "),
        suggested: suggestedText,
      });
  } else if (parsed.redirect === null) emit("spf.no-all", { domain: d, suggested: suggestedText });

  // The include/redirect tree.
  const tree: SpfTreeNode = {
    domain: d,
    via: "root",
    term: null,
    record,
    status: parsed.errors.length > 0 ? "syntax" : "ok",
    lookups: 0,
    totalLookups: 0,
    voidLookups: 0,
    children: [],
  };
  const walk: WalkState = { clock, dns, queried: 0, truncated: false, timedOut: false, voidNames: [], emit };
  await walkNode(tree, parsed, [d], walk);
  if (walk.timedOut) emit("spf.deadline", { domain: d, ms: deadlineMs });
  if (walk.truncated) emit("spf.walk-truncated", { domain: d, count: WALK_QUERY_CAP });
  const lookups = tree.totalLookups;
  const voidLookups = sumVoids(tree);
  if (lookups > MAX_LOOKUP_TERMS)
    emit("spf.too-many-lookups", { domain: d, count: lookups, breakdown: breakdown(tree) });
  if (voidLookups > MAX_VOID_LOOKUPS)
    emit("spf.too-many-void-lookups", { domain: d, count: voidLookups, names: walk.voidNames.join(", ") });

  let result: SpfEvaluation | null = null;
  if (ip !== null) {
    result = await evaluateWith(d, dns, ip, options, clock);
    const values = {
      ip: result.ip,
      domain: d,
      decidedBy: result.decidedBy ?? "no term matched, the default",
      decidedIn: result.domain ?? d,
      explanation: result.explanation ?? "",
    };
    const byResult: Readonly<Record<SpfResult, SpfFindingId>> = {
      pass: "spf.ip-pass",
      fail: "spf.ip-fail",
      softfail: "spf.ip-softfail",
      neutral: "spf.ip-neutral",
      none: "spf.ip-none",
      temperror: "spf.ip-temperror",
      permerror: "spf.ip-permerror",
    };
    emit(byResult[result.result], values);
  }
  return {
    domain: d,
    record,
    records,
    terms: parsed.terms,
    tree,
    lookups,
    voidLookups,
    result,
    findings,
    suggestedRecord: suggested,
  };
}
