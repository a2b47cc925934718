// Which provider hosts a mailbox, recognised from the recipient's domain or the receiving host's name.
// Data only: a postmaster can review each line. Host suffixes come from the providers' published MX names
// (e.g. `dig MX gmail.com` -> gmail-smtp-in.l.google.com; Microsoft 365 -> *.mail.protection.outlook.com).
//
// How a row is read (see providerOfDomainOrHost below): a name matches a row when it equals one of its
// `domains`, ends with one of its `hostSuffixes`, or equals a suffix without its leading dot. Rows are tried
// in order and the first match wins. Consumer mailbox providers come first and the security gateways last;
// no suffix of an earlier row covers a domain or suffix of a later one (mailbox-domains.test.ts checks it),
// so the order only matters if such an overlap is ever added.
//
// Host suffixes are kept to names that only the provider's receiving servers use: an ISP's whole zone
// (e.g. sbcglobal.net, verizon.net) is not listed as a suffix because its customers' own servers carry
// reverse-DNS names in it.
//
// Sources for the domain lists: Thunderbird's ISPDB (github.com/thunderbird/autoconfig, ispdb/hotmail.com,
// ispdb/yahoo.com, ispdb/aol.com, ispdb/att.net.xml, ispdb/me.com.xml, ispdb/francetelecom.fr, ispdb/cox.net.xml),
// which lists the domains each provider serves and some of their MX names.

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
    // Gmail: MX gmail-smtp-in.l.google.com. Google Workspace: aspmx.l.google.com, alt1..4.aspmx.l.google.com,
    // the single smtp.google.com, and the older aspmx2..5.googlemail.com.
    provider: "google",
    domains: ["gmail.com", "googlemail.com"],
    hostSuffixes: [".google.com", ".googlemail.com", ".gmail.com"],
  },
  {
    // Outlook.com consumer domains (ISPDB ispdb/hotmail.com). Consumer MX: hotmail-com.olc.protection.outlook.com,
    // outlook-com.olc.protection.outlook.com; Microsoft 365 tenants: <domain>.mail.protection.outlook.com and
    // Microsoft's newer <domain>.<id>.mx.microsoft names; GCC High: *.mail.protection.office365.us; the China
    // cloud operated by 21Vianet: *.mail.protection.partner.outlook.cn. Internal hops: *.prod.outlook.com.
    provider: "microsoft",
    domains: [
      "outlook.com",
      "hotmail.com",
      "live.com",
      "msn.com",
      "passport.com",
      "windowslive.com",
      "livemail.tw",
      "outlook.at",
      "outlook.be",
      "outlook.cl",
      "outlook.cz",
      "outlook.de",
      "outlook.dk",
      "outlook.es",
      "outlook.fr",
      "outlook.hu",
      "outlook.ie",
      "outlook.in",
      "outlook.it",
      "outlook.jp",
      "outlook.kr",
      "outlook.lv",
      "outlook.my",
      "outlook.ph",
      "outlook.pt",
      "outlook.sa",
      "outlook.sg",
      "outlook.sk",
      "outlook.co.id",
      "outlook.co.il",
      "outlook.co.th",
      "outlook.com.ar",
      "outlook.com.au",
      "outlook.com.br",
      "outlook.com.gr",
      "outlook.com.tr",
      "outlook.com.vn",
      "hotmail.be",
      "hotmail.ca",
      "hotmail.cl",
      "hotmail.cz",
      "hotmail.de",
      "hotmail.dk",
      "hotmail.es",
      "hotmail.fi",
      "hotmail.fr",
      "hotmail.gr",
      "hotmail.hu",
      "hotmail.it",
      "hotmail.lt",
      "hotmail.lv",
      "hotmail.my",
      "hotmail.nl",
      "hotmail.no",
      "hotmail.ph",
      "hotmail.rs",
      "hotmail.se",
      "hotmail.sg",
      "hotmail.sk",
      "hotmail.co.id",
      "hotmail.co.il",
      "hotmail.co.in",
      "hotmail.co.jp",
      "hotmail.co.kr",
      "hotmail.co.th",
      "hotmail.co.uk",
      "hotmail.co.za",
      "hotmail.com.ar",
      "hotmail.com.au",
      "hotmail.com.br",
      "hotmail.com.hk",
      "hotmail.com.tr",
      "hotmail.com.tw",
      "hotmail.com.vn",
      "live.at",
      "live.be",
      "live.ca",
      "live.cl",
      "live.cn",
      "live.de",
      "live.dk",
      "live.fi",
      "live.fr",
      "live.hk",
      "live.ie",
      "live.in",
      "live.it",
      "live.jp",
      "live.nl",
      "live.no",
      "live.ru",
      "live.se",
      "live.co.jp",
      "live.co.kr",
      "live.co.uk",
      "live.co.za",
      "live.com.ar",
      "live.com.au",
      "live.com.mx",
      "live.com.my",
      "live.com.ph",
      "live.com.pt",
      "live.com.sg",
    ],
    hostSuffixes: [
      ".outlook.com",
      ".hotmail.com",
      ".office365.com",
      ".microsoft.com",
      ".mx.microsoft",
      ".office365.us",
      ".partner.outlook.cn",
    ],
  },
  {
    // Yahoo Mail (ISPDB ispdb/yahoo.com; MX mta5/6/7.am0.yahoodns.net, mx-eu.mail.am0.yahoodns.net), AOL Mail and
    // its sister domains (ISPDB ispdb/aol.com; MX mx-aol.mail.gm0.yahoodns.net since the 2018 merger of the two
    // platforms, earlier mailin-0N.mx.aol.com), Verizon.net (moved to AOL Mail in 2017), and AT&T's legacy
    // domains, whose mailboxes Yahoo hosts (ISPDB ispdb/att.net.xml; Twilio SendGrid's inbox-provider notes on
    // Yahoo). AT&T's inbound MX are its own front ends {al,ff}-ip4-mx-vip{1,2}.prodigy.net, listed by full name.
    // Yahoo Japan (yahoo.co.jp) is a different company with its own mail system and is not listed here.
    provider: "yahoo",
    domains: [
      "yahoo.com",
      "yahoo.ca",
      "yahoo.de",
      "yahoo.dk",
      "yahoo.es",
      "yahoo.fr",
      "yahoo.gr",
      "yahoo.ie",
      "yahoo.in",
      "yahoo.it",
      "yahoo.no",
      "yahoo.se",
      "yahoo.co.id",
      "yahoo.co.in",
      "yahoo.co.nz",
      "yahoo.co.uk",
      "yahoo.com.ar",
      "yahoo.com.au",
      "yahoo.com.br",
      "yahoo.com.hk",
      "yahoo.com.mx",
      "yahoo.com.ph",
      "yahoo.com.sg",
      "yahoo.com.tw",
      "yahoo.com.vn",
      "ymail.com",
      "rocketmail.com",
      "aol.com",
      "aim.com",
      "aol.de",
      "aol.es",
      "aol.fr",
      "aol.it",
      "aol.se",
      "aol.co.nz",
      "aol.co.uk",
      "aol.com.ar",
      "aol.com.au",
      "aol.com.br",
      "aol.com.mx",
      "netscape.net",
      "netscape.com",
      "compuserve.com",
      "cs.com",
      "wmconnect.com",
      "verizon.net",
      "att.net",
      "ameritech.net",
      "bellsouth.net",
      "currently.com",
      "flash.net",
      "nvbell.net",
      "pacbell.net",
      "prodigy.net",
      "sbcglobal.net",
      "snet.net",
      "swbell.net",
      "wans.net",
    ],
    hostSuffixes: [
      ".yahoodns.net",
      ".yahoo.com",
      ".aol.com",
      ".al-ip4-mx-vip1.prodigy.net",
      ".al-ip4-mx-vip2.prodigy.net",
      ".ff-ip4-mx-vip1.prodigy.net",
      ".ff-ip4-mx-vip2.prodigy.net",
    ],
  },
  {
    // iCloud Mail (ISPDB ispdb/me.com.xml). MX mx01.mail.icloud.com, mx02.mail.icloud.com, also for iCloud+
    // custom email domains (Apple support HT212514).
    provider: "apple",
    domains: ["icloud.com", "me.com", "mac.com"],
    hostSuffixes: [".icloud.com", ".apple.com", ".mail.me.com"],
  },
  {
    // NetEase: MX 163mx0N.mxmail.netease.com, 126mx0N..., yeahmx0N..., vip163mx0N...; NetEase enterprise mail
    // (qiye.163.com) uses qiye163mx0N.mxmail.netease.com and hzmx0N.mxmail.netease.com.
    provider: "netease",
    domains: ["163.com", "126.com", "yeah.net", "188.com", "vip.163.com", "vip.126.com"],
    hostSuffixes: [".163.com", ".126.com", ".netease.com"],
  },
  {
    // Tencent QQ Mail and Foxmail: MX mx1.qq.com, mx2.qq.com, mx3.qq.com; Tencent Exmail (enterprise): mxbiz1.qq.com.
    provider: "tencent",
    domains: ["qq.com", "vip.qq.com", "foxmail.com"],
    hostSuffixes: [".qq.com"],
  },
  {
    // Orange (ISPDB ispdb/francetelecom.fr). MX smtp-in.orange.fr; Orange Business mailboxes mx.mailbox.orange-business.com.
    provider: "orange",
    domains: ["orange.fr", "wanadoo.fr"],
    hostSuffixes: [".orange.fr", ".wanadoo.fr", ".mailbox.orange-business.com"],
  },
  {
    // Comcast / Xfinity: MX mx1a1.comcast.net, mx2a1..., mx1c1..., mx1h1..., mx2h1...; mail servers *.comcast.net.
    provider: "comcast",
    domains: ["comcast.net"],
    hostSuffixes: [".comcast.net"],
  },
  {
    // Cox (ISPDB ispdb/cox.net.xml): MX cxr.mx.a.cloudfilter.net, a front end Cox runs on a shared filtering service,
    // so that one name is listed, not the whole cloudfilter.net zone; mail servers *.cox.net.
    provider: "cox",
    domains: ["cox.net"],
    hostSuffixes: [".cox.net", ".cxr.mx.a.cloudfilter.net"],
  },
  // ---- Security gateways: receiving host only (they host no mailboxes, so no recipient domains) --------------
  {
    // Proofpoint on Demand: mx0a-<id>.pphosted.com, mxa-<id>.gslb.pphosted.com; its US federal cloud
    // *.gpphosted.com; Proofpoint Essentials: mx1-us1.ppe-hosted.com, mx1-eu1.ppe-hosted.com.
    provider: "proofpoint",
    domains: [],
    hostSuffixes: [".pphosted.com", ".gpphosted.com", ".ppe-hosted.com", ".proofpoint.com"],
  },
  {
    // Mimecast: us-/eu-/de-/au-/ca-smtp-inbound-N.mimecast.com, Jersey je-smtp-inbound-N.mimecast-offshore.com,
    // South Africa za-smtp-inbound-N.mimecast.co.za.
    provider: "mimecast",
    domains: [],
    hostSuffixes: [".mimecast.com", ".mimecast-offshore.com", ".mimecast.co.za"],
  },
  {
    // Barracuda Email Security Service: d<id>a.ess.barracudanetworks.com, d<id>b.ess.barracudanetworks.com and the
    // regional ess.<region>.barracudanetworks.com hosts.
    provider: "barracuda",
    domains: [],
    hostSuffixes: [".barracudanetworks.com", ".ess.barracuda.com"],
  },
  {
    // Cisco Secure Email Cloud Gateway (hosted IronPort): esa1.<customer>.iphmx.com, mx1.<customer>.iphmx.com.
    provider: "cisco",
    domains: [],
    hostSuffixes: [".iphmx.com"],
  },
] as const satisfies readonly MailboxDomainRule[];

/** Rule index by exact domain and by host suffix (without its leading dot), built once. */
let index: { domains: Map<string, number>; suffixes: Map<string, number> } | null = null;

function indexOf(): { domains: Map<string, number>; suffixes: Map<string, number> } {
  if (index !== null) return index;
  const domains = new Map<string, number>();
  const suffixes = new Map<string, number>();
  (MAILBOX_DOMAINS as readonly MailboxDomainRule[]).forEach((rule, i) => {
    for (const d of rule.domains) if (!domains.has(d)) domains.set(d, i);
    for (const sfx of rule.hostSuffixes) if (!suffixes.has(sfx.slice(1))) suffixes.set(sfx.slice(1), i);
  });
  index = { domains, suffixes };
  return index;
}

/**
 * The provider of a recipient domain or a host name, or null. The first rule of MAILBOX_DOMAINS that lists the
 * name as a domain, or one of its parent names as a host suffix (or the name itself), wins: looked up label by
 * label in maps, so the cost does not grow with the table.
 */
export function providerOfDomainOrHost(name: string | null): ProviderId | null {
  if (name === null || name === "") return null;
  let n = name.toLowerCase();
  if (n.endsWith(".")) n = n.slice(0, -1);
  const { domains, suffixes } = indexOf();
  let best = domains.get(n) ?? Number.POSITIVE_INFINITY;
  for (let at = -1; ; ) {
    const s = suffixes.get(n.slice(at + 1));
    if (s !== undefined && s < best) best = s;
    at = n.indexOf(".", at + 1);
    if (at < 0) break;
  }
  return Number.isFinite(best) ? ((MAILBOX_DOMAINS as readonly MailboxDomainRule[])[best]?.provider ?? null) : null;
}
