// What the home page reads from a pasted text before sending it: whether it is a whole email (headers, then an
// empty line: the core's own test, bundled from src/core/bounce/looks-like-mail.ts), and hints for the sender
// checks (the sending domain and IP a reply names). Every pattern has bounded repetition only.

export { looksLikeMail } from "../../src/core/bounce/looks-like-mail.js";

const DOMAIN_PATTERNS: readonly RegExp[] = [
  // Gmail DMARC: "Unauthenticated email from example.com is not accepted"
  /\bemail from ([A-Za-z0-9.-]{1,253}) is not accepted/i,
  // Gmail SPF: "The MAIL FROM domain [example.com] has an SPF record", "SPF [example.com] with ip"
  /\bMAIL FROM domain \[([A-Za-z0-9.-]{1,253})\]/i,
  /\bSPF \[([A-Za-z0-9.-]{1,253})\]/,
  // Microsoft 5.7.515: "sending domain EXAMPLE.COM doesn't meet"
  /\bsending domain ([A-Za-z0-9.-]{1,253})\b/i,
  // SPF explanations: "domain of example.com does not designate"
  /\bdomain of ([A-Za-z0-9.-]{1,253}) does not designate/i,
];

const IP_PATTERNS: readonly RegExp[] = [
  /\bwith ip: \[([0-9A-Fa-f:.]{2,45})\]/i,
  // Gmail: "[203.0.113.5 12]" (the sending IP and a counter)
  /\[(\d{1,3}(?:\.\d{1,3}){3}) {1,3}\d{1,4}\]/,
  /\bmessages from \[?([0-9A-Fa-f:.]{2,45})\]?/i,
  /\bdesignate ([0-9A-Fa-f:.]{2,45}) as permitted/i,
  /\bclient host \[([0-9A-Fa-f:.]{2,45})\]/i,
  /\bconnecting IP(?: address)?:? \[?([0-9A-Fa-f:.]{2,45})\]?/i,
];

function validIpv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function validIp(s: string): boolean {
  if (validIpv4(s)) return true;
  return /^[0-9A-Fa-f:.]{2,45}$/.test(s) && s.includes(":") && s.split("::").length <= 2;
}

export function validDomain(s: string): boolean {
  return (
    s.length <= 253 &&
    /^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){1,126}$/.test(s) &&
    !s.split(".").some((l) => l.startsWith("-") || l.endsWith("-")) &&
    !validIpv4(s)
  );
}

/** The domain of an address ("Newsletter <news@example.org>" -> "example.org"), or null. */
export function domainOfAddress(address: string | null | undefined): string | null {
  if (address == null) return null;
  const m = /@([A-Za-z0-9.-]{1,253})>?\s*$/.exec(address.trim().slice(0, 600));
  const d = m?.[1]?.toLowerCase().replace(/\.$/, "") ?? null;
  return d !== null && validDomain(d) ? d : null;
}

export interface SenderHints {
  readonly domain: string | null;
  readonly ip: string | null;
}

/** The sending domain and IP a reply names, when it does (the receiving server's own IP excluded). */
export function senderHints(text: string, receivingIp: string | null): SenderHints {
  const t = text.slice(0, 20_000);
  let domain: string | null = null;
  for (const re of DOMAIN_PATTERNS) {
    const d = re.exec(t)?.[1]?.toLowerCase().replace(/\.$/, "");
    if (d !== undefined && validDomain(d)) {
      domain = d;
      break;
    }
  }
  let ip: string | null = null;
  for (const re of IP_PATTERNS) {
    const v = re.exec(t)?.[1];
    if (v !== undefined && validIp(v) && v !== receivingIp) {
      ip = v;
      break;
    }
  }
  return { domain, ip };
}
