// DKIM key records (issue 5): the TXT record at <selector>._domainkey.<domain> (RFC 6376 section 3.6.1), for the
// selectors the user names or, failing that, a probe of the selectors common services use
// (src/knowledge/dkim-selectors.ts). Each key is parsed: key type, size in bits (read from the DER structure by
// hand: an RSA key's modulus length; Ed25519 is 256), the testing flag, revocation, syntax errors.
// Pure: DNS only through the injected DnsClient.

import { DKIM_SELECTORS } from "../../knowledge/dkim-selectors.js";
import type { DnsClient } from "../dns/types.js";
import { attempt, dnsFinding, parseTagList } from "./dns-checks.js";
import type { CheckFinding } from "./types.js";

// ---------------------------------------------------------------- base64 and DER

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE: ReadonlyMap<string, number> = new Map([...B64].map((c, i) => [c, i]));

/** Standard base64 (RFC 4648 section 4) to bytes; whitespace is ignored, padding optional; null if invalid. */
export function decodeBase64(text: string): Uint8Array | null {
  let s = "";
  for (const ch of text) if (ch !== " " && ch !== "\t" && ch !== "\r" && ch !== "\n") s += ch;
  let end = s.length;
  while (end > 0 && s[end - 1] === "=") end--;
  if (s.length - end > 2 || end % 4 === 1) return null;
  if (s.length !== end && s.length % 4 !== 0) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = B64_VALUE.get(s[i] ?? "");
    if (v === undefined) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

interface Tlv {
  readonly tag: number;
  /** First content byte. */
  readonly start: number;
  /** One past the last content byte. */
  readonly end: number;
}

/** One DER tag-length-value at `at`, within `limit`; null when truncated or not DER (indefinite length, > 4 length bytes). */
function readTlv(der: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = der[at] ?? 0;
  let len = der[at + 1] ?? 0;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] ?? 0);
    start += n;
  }
  const end = start + len;
  if (end > limit) return null;
  return { tag, start, end };
}

const OID_RSA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]; // 1.2.840.113549.1.1.1 rsaEncryption
const OID_ED25519 = [0x2b, 0x65, 0x70]; // 1.3.101.112 (RFC 8410)

function sameBytes(der: Uint8Array, tlv: Tlv, want: readonly number[]): boolean {
  if (tlv.end - tlv.start !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (der[tlv.start + i] !== want[i]) return false;
  return true;
}

/** The bit length of a positive DER INTEGER; null for zero or a negative value. */
function integerBits(der: Uint8Array, tlv: Tlv): number | null {
  if (tlv.tag !== 0x02 || tlv.end <= tlv.start) return null;
  if ((der[tlv.start] ?? 0) & 0x80) return null; // negative
  let i = tlv.start;
  while (i < tlv.end && der[i] === 0) i++;
  if (i === tlv.end) return null;
  const first = der[i] ?? 0;
  return (tlv.end - i - 1) * 8 + (32 - Math.clz32(first));
}

/** Modulus size of an RSAPublicKey SEQUENCE { modulus INTEGER, publicExponent INTEGER } spanning [at, limit). */
function rsaPublicKeyBits(der: Uint8Array, at: number, limit: number): number | null {
  const seq = readTlv(der, at, limit);
  if (seq === null || seq.tag !== 0x30 || seq.end !== limit) return null;
  const modulus = readTlv(der, seq.start, seq.end);
  if (modulus === null) return null;
  const exponent = readTlv(der, modulus.end, seq.end);
  if (exponent === null || exponent.tag !== 0x02 || exponent.end !== seq.end) return null;
  return integerBits(der, modulus);
}

export interface PublicKeyInfo {
  readonly keyType: "rsa" | "ed25519" | "unknown";
  readonly keyBits: number | null;
  /** "spki": SubjectPublicKeyInfo (RFC 5280 section 4.1); "pkcs1": a bare RSAPublicKey (RFC 8017 appendix A.1.1). */
  readonly form: "spki" | "pkcs1";
}

/**
 * Reads a DER public key: a SubjectPublicKeyInfo holding an RSA or Ed25519 key, or a bare PKCS#1 RSAPublicKey
 * (which some signers publish). Null when the bytes are not such a structure. Never throws.
 */
export function parsePublicKeyDer(der: Uint8Array): PublicKeyInfo | null {
  const outer = readTlv(der, 0, der.length);
  if (outer === null || outer.tag !== 0x30 || outer.end !== der.length) return null;
  const first = readTlv(der, outer.start, outer.end);
  if (first === null) return null;
  if (first.tag === 0x02) {
    const bits = rsaPublicKeyBits(der, 0, der.length);
    return bits === null ? null : { keyType: "rsa", keyBits: bits, form: "pkcs1" };
  }
  if (first.tag !== 0x30) return null;
  const oid = readTlv(der, first.start, first.end);
  if (oid === null || oid.tag !== 0x06) return null;
  const bitString = readTlv(der, first.end, outer.end);
  if (bitString === null || bitString.tag !== 0x03 || bitString.end !== outer.end) return null;
  if (bitString.end - bitString.start < 1 || der[bitString.start] !== 0) return null; // unused-bits byte
  const keyStart = bitString.start + 1;
  if (sameBytes(der, oid, OID_RSA)) {
    const bits = rsaPublicKeyBits(der, keyStart, bitString.end);
    return bits === null ? null : { keyType: "rsa", keyBits: bits, form: "spki" };
  }
  if (sameBytes(der, oid, OID_ED25519)) {
    return bitString.end - keyStart === 32 ? { keyType: "ed25519", keyBits: 256, form: "spki" } : null;
  }
  return { keyType: "unknown", keyBits: null, form: "spki" };
}

/** The key size in bits of a DER public key (RSA modulus length; Ed25519 256), or null. Never throws. */
export function derKeyBits(der: Uint8Array): number | null {
  return parsePublicKeyDer(der)?.keyBits ?? null;
}

// ---------------------------------------------------------------- DKIM records

export interface DkimKey {
  readonly selector: string;
  /** The k= key type ("rsa" when absent); null when the record could not be parsed that far. */
  readonly keyType: string | null;
  readonly keyBits: number | null;
  /** t=y: the domain is testing DKIM. */
  readonly testing: boolean;
  /** Empty p=: the key was revoked. */
  readonly revoked: boolean;
  readonly record: string;
  /** Syntax problems found; empty when the record is well-formed. */
  readonly errors: readonly string[];
}

export interface DkimResult {
  readonly domain: string;
  /** true when the common selectors were probed (none named by the user). */
  readonly probed: boolean;
  readonly selectors: readonly string[];
  readonly keys: readonly DkimKey[];
  readonly findings: readonly CheckFinding[];
}

export interface DkimOptions {
  /** Selectors to look up; when absent or empty the common selectors are probed. */
  readonly selectors?: readonly string[];
}

function colonList(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(":")
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== "");
}

function stripWhitespace(s: string): string {
  let out = "";
  for (const ch of s) if (ch !== " " && ch !== "\t" && ch !== "\r" && ch !== "\n") out += ch;
  return out;
}

/** A TXT record that is meant as a DKIM key: it starts with v=DKIM1 or carries a p= tag. */
function looksLikeDkim(record: string): boolean {
  const t = record.trimStart().toLowerCase();
  if (t.startsWith("v=dkim1") || t.startsWith("v = dkim1")) return true;
  return parseTagList(record).tags.has("p");
}

/** Parses one key record (RFC 6376 section 3.6.1) and adds its findings. */
export function parseDkimRecord(
  selector: string,
  domain: string,
  record: string,
  named: boolean,
  findings: CheckFinding[],
): DkimKey {
  const errors: string[] = [];
  const values = { selector, domain };
  const { tags, problem } = parseTagList(record);
  if (problem !== null) errors.push(problem);
  const v = tags.get("v");
  if (v !== undefined) {
    const firstName = (record.split(";")[0] ?? "").split("=")[0]?.trim().toLowerCase();
    if (v !== "DKIM1") errors.push(`v=${v} is not v=DKIM1`);
    else if (firstName !== "v") errors.push("v=DKIM1 must be the first tag");
  }
  const keyType = (tags.get("k") ?? "rsa").toLowerCase();
  const flags = colonList(tags.get("t")) ?? [];
  const testing = flags.includes("y");
  const services = colonList(tags.get("s"));
  const hashes = colonList(tags.get("h"));
  const p = tags.get("p");
  let keyBits: number | null = null;
  let revoked = false;
  if (keyType !== "rsa" && keyType !== "ed25519") {
    findings.push(dnsFinding("dkim.unknown-key-type", { ...values, keyType }));
  }
  if (p === undefined) {
    errors.push("the p= tag (the public key) is missing");
  } else if (stripWhitespace(p) === "") {
    revoked = true;
  } else {
    const bytes = decodeBase64(p);
    if (bytes === null) errors.push("p= is not valid base64");
    else if (keyType === "rsa") {
      const info = parsePublicKeyDer(bytes);
      if (info === null || info.keyType !== "rsa") errors.push("p= does not hold an RSA public key");
      else keyBits = info.keyBits;
    } else if (keyType === "ed25519") {
      if (bytes.length === 32) keyBits = 256;
      else if (parsePublicKeyDer(bytes)?.keyType === "ed25519") {
        keyBits = 256;
        findings.push(dnsFinding("dkim.ed25519-spki", values));
      } else errors.push(`p= holds ${bytes.length} bytes, not a 32-byte Ed25519 key`);
    }
  }
  if (errors.length > 0) findings.push(dnsFinding("dkim.syntax", { ...values, problem: errors.join("; ") }));
  if (keyType === "rsa" && keyBits !== null) {
    if (keyBits < 1024) findings.push(dnsFinding("dkim.key-too-short", { ...values, bits: keyBits }));
    else if (keyBits < 2048) findings.push(dnsFinding("dkim.key-short", { ...values, bits: keyBits }));
  }
  if (revoked) findings.push(dnsFinding(named ? "dkim.revoked-named" : "dkim.revoked", values));
  if (testing && !revoked) findings.push(dnsFinding("dkim.testing", values));
  if (hashes !== null && !hashes.includes("sha256")) {
    if (hashes.includes("sha1")) findings.push(dnsFinding("dkim.sha1-only", values));
    else
      findings.push(dnsFinding("dkim.syntax", { ...values, problem: `h=${tags.get("h") ?? ""} names no known hash` }));
  }
  if (services !== null && !services.includes("*") && !services.includes("email")) {
    findings.push(dnsFinding("dkim.not-for-email", { ...values, services: services.join(":") }));
  }
  return { selector, keyType, keyBits, testing, revoked, record, errors };
}

function cleanSelector(s: string): string {
  let t = s.trim().toLowerCase();
  if (t.endsWith(".")) t = t.slice(0, -1);
  const at = t.indexOf("._domainkey");
  return at >= 0 ? t.slice(0, at) : t;
}

/** DKIM keys of a domain at the given selectors, or at the common selectors when none is given. */
export async function checkDkim(domain: string, dns: DnsClient, options: DkimOptions = {}): Promise<DkimResult> {
  let d = domain.trim().toLowerCase();
  if (d.endsWith(".")) d = d.slice(0, -1);
  const named = (options.selectors ?? []).map(cleanSelector).filter((s) => s !== "");
  const probed = named.length === 0;
  const selectors = [...new Set(probed ? DKIM_SELECTORS.map((s) => s.selector) : named)];
  const findings: CheckFinding[] = [];
  const answers = await Promise.all(selectors.map((s) => attempt(() => dns.txt(`${s}._domainkey.${d}`))));
  const keys: DkimKey[] = [];
  const failed: { selector: string; error: string }[] = [];
  for (const [i, selector] of selectors.entries()) {
    const a = answers[i];
    if (a === undefined) continue;
    if (a.answer === null) {
      failed.push({ selector, error: a.error });
      continue;
    }
    const records = a.answer.records.filter(looksLikeDkim);
    if (records.length === 0) {
      if (!probed) findings.push(dnsFinding("dkim.selector-missing", { selector, domain: d }));
      continue;
    }
    if (records.length > 1) {
      findings.push(dnsFinding("dkim.multiple-records", { selector, domain: d, count: records.length }));
    }
    for (const r of records) keys.push(parseDkimRecord(selector, d, r, !probed, findings));
  }
  if (failed.length > 0) {
    const first = failed[0] ?? { selector: "", error: "" };
    const error =
      failed.length === 1 ? first.error : `${first.error}; ${failed.length - 1} other selector lookups failed too`;
    findings.push(dnsFinding("dkim.lookup-failed", { selector: first.selector, domain: d, error }));
  }
  if (probed && keys.length === 0 && failed.length < selectors.length) {
    findings.push(dnsFinding("dkim.none-found", { domain: d, count: selectors.length }));
  }
  const usable = keys.filter((k) => !k.revoked && k.errors.length === 0 && k.keyBits !== null);
  if (usable.length > 0 && usable.every((k) => k.keyType === "ed25519")) {
    findings.push(dnsFinding("dkim.ed25519-only", { domain: d }));
  }
  return { domain: d, probed, selectors, keys, findings };
}
