// Mailbox provider recognition: each provider from a recipient domain and from a receiving host, look-alikes
// that must not match, and the table's own consistency (no row shadowed by an earlier one).
import { describe, expect, it } from "vitest";
import { MAILBOX_DOMAINS, type MailboxDomainRule, providerOfDomainOrHost } from "./mailbox-domains.js";
import type { ProviderId } from "./types.js";

const ROWS = MAILBOX_DOMAINS as readonly MailboxDomainRule[];

/** Real-shaped examples: [provider, recipient domain or null for gateways, receiving host]. */
const EXAMPLES: readonly (readonly [ProviderId, string | null, string])[] = [
  ["google", "gmail.com", "gmail-smtp-in.l.google.com"],
  ["google", "googlemail.com", "alt1.aspmx.l.google.com"],
  ["google", null, "aspmx2.googlemail.com"],
  ["microsoft", "hotmail.co.uk", "hotmail-com.olc.protection.outlook.com"],
  ["microsoft", "outlook.de", "example-com.mail.protection.outlook.com"],
  ["microsoft", "live.com.au", "am6pepf00000001.eurprd03.prod.outlook.com"],
  ["microsoft", null, "example-com.a1b2c3d4.mx.microsoft"],
  ["microsoft", null, "example-com.mail.protection.office365.us"],
  ["yahoo", "yahoo.com", "mta5.am0.yahoodns.net"],
  ["yahoo", "aol.com", "mx-aol.mail.gm0.yahoodns.net"],
  ["yahoo", "ymail.com", "mx-eu.mail.am0.yahoodns.net"],
  ["yahoo", "rocketmail.com", "mailin-01.mx.aol.com"],
  ["yahoo", "yahoo.co.uk", "mta7.am0.yahoodns.net"],
  ["yahoo", "verizon.net", "mx-aol.mail.gm0.yahoodns.net"],
  ["yahoo", "att.net", "al-ip4-mx-vip1.prodigy.net"],
  ["yahoo", "sbcglobal.net", "ff-ip4-mx-vip2.prodigy.net"],
  ["yahoo", "bellsouth.net", "al-ip4-mx-vip2.prodigy.net"],
  ["apple", "icloud.com", "mx01.mail.icloud.com"],
  ["apple", "me.com", "mx02.mail.icloud.com"],
  ["apple", "mac.com", "mx01.mail.icloud.com"],
  ["netease", "163.com", "163mx01.mxmail.netease.com"],
  ["netease", "126.com", "126mx02.mxmail.netease.com"],
  ["netease", "yeah.net", "qiye163mx01.mxmail.netease.com"],
  ["tencent", "qq.com", "mx3.qq.com"],
  ["tencent", "foxmail.com", "mx1.qq.com"],
  ["tencent", "vip.qq.com", "mxbiz1.qq.com"],
  ["orange", "orange.fr", "smtp-in.orange.fr"],
  ["orange", "wanadoo.fr", "smtp-in.orange.fr"],
  ["comcast", "comcast.net", "mx1a1.comcast.net"],
  ["cox", "cox.net", "cxr.mx.a.cloudfilter.net"],
  ["proofpoint", null, "mx0a-00123456.pphosted.com"],
  ["proofpoint", null, "mxa-00123456.gslb.pphosted.com"],
  ["proofpoint", null, "mx1-us1.ppe-hosted.com"],
  ["mimecast", null, "us-smtp-inbound-1.mimecast.com"],
  ["mimecast", null, "je-smtp-inbound-1.mimecast-offshore.com"],
  ["mimecast", null, "za-smtp-inbound-1.mimecast.co.za"],
  ["barracuda", null, "d123456a.ess.barracudanetworks.com"],
  ["cisco", null, "esa1.example.iphmx.com"],
];

describe("providerOfDomainOrHost", () => {
  for (const [provider, domain, host] of EXAMPLES) {
    if (domain !== null) {
      it(`recipient domain ${domain} -> ${provider}`, () => {
        expect(providerOfDomainOrHost(domain)).toBe(provider);
      });
    }
    it(`receiving host ${host} -> ${provider}`, () => {
      expect(providerOfDomainOrHost(host)).toBe(provider);
    });
  }

  it("covers every provider that has a row, by domain (mailbox providers) and by host", () => {
    for (const row of ROWS) {
      const withHost = EXAMPLES.filter(([p]) => p === row.provider);
      expect(withHost.length, row.provider).toBeGreaterThan(0);
      if (row.domains.length > 0) {
        expect(
          withHost.some(([, d]) => d !== null),
          row.provider,
        ).toBe(true);
      }
    }
  });

  it("ignores case and a trailing root dot", () => {
    expect(providerOfDomainOrHost("GMAIL.COM")).toBe("google");
    expect(providerOfDomainOrHost("Example-Com.Mail.Protection.Outlook.Com.")).toBe("microsoft");
    expect(providerOfDomainOrHost("mx01.mail.icloud.com.")).toBe("apple");
  });

  it("does not match look-alike names", () => {
    for (const name of [
      "notgmail.com",
      "gmail.com.example",
      "evil-outlook.com.example",
      "myoutlook.com",
      "hotmail.example",
      "fakeyahoo.com",
      "yahoodns.net.example",
      "notaol.com",
      "evilicloud.com",
      "icloud.com.example",
      "example163.com",
      "myqq.com",
      "qq.com.example",
      "orange.fr.example",
      "notcomcast.net",
      "mycox.net",
      "pphosted.com.example",
      "notmimecast.com",
      "fakeiphmx.com",
      "barracudanetworks.com.example",
      "example.com",
      "mail.example.net",
    ]) {
      expect(providerOfDomainOrHost(name), name).toBeNull();
    }
  });

  it("does not claim whole ISP or shared zones, only the providers' receiving hosts", () => {
    // A customer's own server on an AT&T or Verizon line, a different tenant of the shared filtering service
    // Cox uses, and Yahoo Japan (a separate company) are not Yahoo or Cox.
    for (const name of [
      "adsl-192-0-2-1.dsl.pltn13.sbcglobal.net",
      "pool-192-0-2-1.nycmny.fios.verizon.net",
      "omta001.cacentral1.a.cloudfilter.net",
      "yahoo.co.jp",
      "mx1.mail.yahoo.co.jp",
    ]) {
      expect(providerOfDomainOrHost(name), name).toBeNull();
    }
  });

  it("returns null for nothing", () => {
    expect(providerOfDomainOrHost(null)).toBeNull();
    expect(providerOfDomainOrHost("")).toBeNull();
  });
});

describe("MAILBOX_DOMAINS", () => {
  it("uses lowercase names and dot-led suffixes, without duplicates", () => {
    const seen = new Set<string>();
    for (const row of ROWS) {
      for (const d of row.domains) {
        expect(d, d).toBe(d.toLowerCase());
        expect(d.startsWith("."), d).toBe(false);
        expect(seen.has(d), `duplicate ${d}`).toBe(false);
        seen.add(d);
      }
      for (const s of row.hostSuffixes) {
        expect(s, s).toBe(s.toLowerCase());
        expect(s.startsWith("."), s).toBe(true);
        expect(seen.has(s), `duplicate ${s}`).toBe(false);
        seen.add(s);
      }
    }
  });

  it("lists no recipient domains for security gateways (they host no mailboxes)", () => {
    const gateways: readonly ProviderId[] = ["proofpoint", "mimecast", "barracuda", "cisco"];
    for (const row of ROWS) if (gateways.includes(row.provider)) expect(row.domains, row.provider).toEqual([]);
  });

  it("has no MTA software rows (those are not mailbox providers)", () => {
    const mtas: readonly ProviderId[] = ["postfix", "exim", "sendmail", "qmail", "exchange"];
    for (const row of ROWS) expect(mtas.includes(row.provider), row.provider).toBe(false);
  });

  it("shadows no row: every domain and suffix classifies to its own row's provider", () => {
    for (const row of ROWS) {
      for (const d of row.domains) expect(providerOfDomainOrHost(d), d).toBe(row.provider);
      for (const s of row.hostSuffixes) {
        expect(providerOfDomainOrHost(s.slice(1)), s).toBe(row.provider);
        expect(providerOfDomainOrHost(`mx1${s}`), s).toBe(row.provider);
      }
    }
  });
});
