// Numbers, times and the words the pages use for the API's closed sets (priority, retry, scope, severity ...).

import type { CheckId, Severity } from "./types.js";

export function num(n: number): string {
  return n.toLocaleString("en-US");
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

/** "2026-03-10 14:05 UTC" from ms since the epoch. */
export function utc(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "-";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export const PRIORITY_LABEL: Readonly<Record<string, string>> = {
  critical: "Critical",
  "fix-soon": "Fix soon",
  monitor: "Monitor",
  info: "Info",
};

export const RETRY_TEXT: Readonly<Record<string, string>> = {
  "auto-retry": "Temporary: your mail server retries by itself. Act only if it keeps failing.",
  "fix-first": "Do not resend yet: fix the cause first, then resend.",
  suppress: "Do not retry: stop sending to this address.",
  none: "Nothing to retry.",
};

export const OUTCOME_TEXT: Readonly<Record<string, string>> = {
  success: "Delivered",
  temporary: "Temporary failure",
  permanent: "Permanent failure",
  unknown: "Outcome unknown",
};

export const FAMILY_TEXT: Readonly<Record<string, string>> = {
  "2xx": "2xx: accepted",
  "3xx": "3xx: waiting for more input",
  "4xx": "4xx: temporary failure",
  "5xx": "5xx: permanent failure",
};

export const SCOPE_TEXT: Readonly<Record<string, string>> = {
  recipient: "Recipient",
  domain: "Domain",
  provider: "Provider",
  "multi-provider": "Several providers",
};

export const SEVERITY_TEXT: Readonly<Record<Severity, string>> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
};

export const CHECK_LABEL: Readonly<Record<CheckId, string>> = {
  spf: "SPF",
  dkim: "DKIM",
  dmarc: "DMARC",
  mx: "MX",
  ptr: "PTR (reverse DNS)",
  helo: "HELO name",
  blocklist: "Blocklists",
  "mta-sts": "MTA-STS",
  "tls-rpt": "TLS reporting",
  bimi: "BIMI",
};

/** The order checks are listed in. */
export const CHECK_ORDER: readonly CheckId[] = [
  "spf",
  "dkim",
  "dmarc",
  "ptr",
  "helo",
  "blocklist",
  "mx",
  "mta-sts",
  "tls-rpt",
  "bimi",
];

/** Human words for the Diagnosis.checks entries that no domain check runs. */
export const OTHER_CHECK_TEXT: Readonly<Record<string, string>> = {
  mx: "the recipient domain's MX records",
  dns: "the DNS records involved",
  tls: "TLS on the connection",
  mailbox: "the recipient's mailbox",
  address: "the address itself (typos, old addresses)",
  content: "the message content and links",
  volume: "your sending volume and rate",
  credentials: "the SMTP login credentials",
  helo: "the HELO/EHLO name of your server",
};

/**
 * The domain checks a diagnosis asks for that the card offers as buttons: src/core/auth/check-domain.ts
 * senderChecksOf (the page does not bundle the core) without "helo", which needs the server's HELO name and is
 * named in words instead. "alignment" means SPF, DKIM and DMARC.
 */
export function senderChecksOf(checks: readonly string[]): CheckId[] {
  const out = new Set<CheckId>();
  for (const c of checks) {
    if (c === "spf" || c === "dkim" || c === "dmarc" || c === "ptr" || c === "blocklist") out.add(c);
    else if (c === "alignment") for (const x of ["spf", "dkim", "dmarc"] as const) out.add(x);
  }
  return CHECK_ORDER.filter((c) => out.has(c));
}
