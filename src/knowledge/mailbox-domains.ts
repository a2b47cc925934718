// Which provider hosts a mailbox, recognised from the recipient's domain or the receiving host's name.
// Data only: a postmaster can review each line. Host suffixes come from the providers' published MX names
// (e.g. `dig MX gmail.com` -> gmail-smtp-in.l.google.com; Microsoft 365 -> *.mail.protection.outlook.com).

import type { ProviderId } from "./types.js";

export interface MailboxDomainRule {
  readonly provider: ProviderId;
  /** Lowercase recipient domains (exact) hosted by the provider's consumer service. */
  readonly domains: readonly string[];
  /** Lowercase suffixes of receiving host names (MX targets, Remote-MTA) that belong to the provider. */
  readonly hostSuffixes: readonly string[];
}

export const MAILBOX_DOMAINS = [
  {
    provider: "google",
    domains: ["gmail.com", "googlemail.com"],
    hostSuffixes: [".google.com", ".googlemail.com", ".gmail.com"],
  },
  {
    provider: "microsoft",
    domains: [
      "outlook.com",
      "hotmail.com",
      "hotmail.co.uk",
      "hotmail.fr",
      "hotmail.de",
      "hotmail.it",
      "live.com",
      "live.co.uk",
      "live.fr",
      "msn.com",
      "passport.com",
      "outlook.jp",
      "hotmail.co.jp",
      "live.jp",
    ],
    hostSuffixes: [".outlook.com", ".hotmail.com", ".office365.com", ".microsoft.com", ".outlook.office365.com"],
  },
  {
    provider: "yahoo",
    domains: [
      "yahoo.com",
      "yahoo.co.uk",
      "yahoo.fr",
      "yahoo.de",
      "yahoo.co.jp",
      "ymail.com",
      "rocketmail.com",
      "aol.com",
      "aim.com",
      "verizon.net",
    ],
    hostSuffixes: [".yahoodns.net", ".yahoo.com", ".aol.com", ".yahoo.co.jp"],
  },
  {
    provider: "apple",
    domains: ["icloud.com", "me.com", "mac.com"],
    hostSuffixes: [".icloud.com", ".apple.com", ".mail.me.com"],
  },
  { provider: "proofpoint", domains: [], hostSuffixes: [".pphosted.com", ".ppe-hosted.com", ".proofpoint.com"] },
  { provider: "mimecast", domains: [], hostSuffixes: [".mimecast.com", ".mimecast-offshore.com"] },
  { provider: "barracuda", domains: [], hostSuffixes: [".barracudanetworks.com", ".ess.barracuda.com"] },
  { provider: "cisco", domains: [], hostSuffixes: [".iphmx.com"] },
  {
    provider: "netease",
    domains: ["163.com", "126.com", "yeah.net"],
    hostSuffixes: [".163.com", ".126.com", ".netease.com"],
  },
  { provider: "tencent", domains: ["qq.com", "foxmail.com"], hostSuffixes: [".qq.com"] },
  { provider: "orange", domains: ["orange.fr", "wanadoo.fr"], hostSuffixes: [".orange.fr", ".wanadoo.fr"] },
  { provider: "comcast", domains: ["comcast.net"], hostSuffixes: [".comcast.net"] },
  { provider: "cox", domains: ["cox.net"], hostSuffixes: [".cox.net"] },
] as const satisfies readonly MailboxDomainRule[];

/** The provider of a recipient domain or a host name, or null. */
export function providerOfDomainOrHost(name: string | null): ProviderId | null {
  if (name === null || name === "") return null;
  const n = name.toLowerCase().replace(/\.$/, "");
  for (const rule of MAILBOX_DOMAINS as readonly MailboxDomainRule[]) {
    if (rule.domains.includes(n)) return rule.provider;
    for (const suffix of rule.hostSuffixes) if (n.endsWith(suffix) || n === suffix.slice(1)) return rule.provider;
  }
  return null;
}
