// Synthetic DMARC aggregate report (RFC 7489 appendix C, or DMARCbis / RFC 9990 with `dmarcbis: true`) for the
// benchmarks: one report with as many <record>s as asked, yielded in chunks so that a 600 MB report never sits in
// memory. A realistic mix of sources: own aligned senders, ESPs signing with their own domain, forwarders (DKIM pass,
// SPF fail), mailing lists with override reasons, spoofers failing both. Deterministic for a given seed.
// Addresses come from the documentation ranges (RFC 5737, RFC 3849) and 10/8; domains are example.* names.

/** xorshift32: deterministic and fast. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export interface GenerateAggregateOptions {
  seed?: number;
  /** Distinct sending IPs (default 500). */
  sources?: number;
  /** Write the DMARCbis format (namespace urn:ietf:params:xml:ns:dmarc-2.0, np, testing, generator; no pct). */
  dmarcbis?: boolean;
  /** Records per yielded chunk (default 1,000). */
  recordsPerChunk?: number;
}

type SourceKind = "own" | "own-helo" | "esp" | "forwarder" | "list" | "spoofer";

interface Source {
  ip: string;
  kind: SourceKind;
  /** The ESP's or forwarder's own domain. */
  other: string;
}

const POLICY_DOMAIN = "example.com";
const KINDS: readonly { kind: SourceKind; weight: number }[] = [
  { kind: "own", weight: 30 },
  { kind: "own-helo", weight: 5 },
  { kind: "esp", weight: 20 },
  { kind: "forwarder", weight: 15 },
  { kind: "list", weight: 10 },
  { kind: "spoofer", weight: 20 },
];
const TOTAL_WEIGHT = KINDS.reduce((n, k) => n + k.weight, 0);

/** The i-th source address: the three IPv4 documentation /24s, then 10/8, with a few IPv6 (2001:db8::/32). */
function sourceIp(i: number): string {
  if (i % 17 === 16) return `2001:db8:${(i >>> 8).toString(16)}::${(i & 0xff).toString(16)}`;
  if (i < 254) return `192.0.2.${i + 1}`;
  if (i < 508) return `198.51.100.${i - 253}`;
  if (i < 762) return `203.0.113.${i - 507}`;
  const n = i - 762;
  const host = (n % 254) + 1;
  const net = Math.floor(n / 254);
  return `10.${(net >>> 8) & 0xff}.${net & 0xff}.${host}`;
}

function makeSources(count: number, random: () => number): Source[] {
  const out: Source[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * TOTAL_WEIGHT;
    let kind: SourceKind = "own";
    for (const k of KINDS) {
      r -= k.weight;
      if (r < 0) {
        kind = k.kind;
        break;
      }
    }
    out.push({ ip: sourceIp(i), kind, other: `esp${i % 23}.example.net` });
  }
  return out;
}

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)] as T;

function record(s: Source, random: () => number, bis: boolean): string {
  const count = random() < 0.6 ? 1 + Math.floor(random() * 5) : 1 + Math.floor(random() * 2000);
  const headerFrom = random() < 0.85 ? POLICY_DOMAIN : `news.${POLICY_DOMAIN}`;
  let disposition = "none";
  let dkim = "fail";
  let spf = "fail";
  let reasons = "";
  let envelopeFrom = headerFrom;
  const dkimAuth: string[] = [];
  let spfAuth = "";
  const dkimEl = (domain: string, selector: string, result: string, human?: string) =>
    `      <dkim>\n        <domain>${domain}</domain>\n        <selector>${selector}</selector>\n        <result>${result}</result>\n${human === undefined ? "" : `        <human_result>${human}</human_result>\n`}      </dkim>\n`;
  const spfEl = (domain: string, scope: string, result: string) =>
    `      <spf>\n        <domain>${domain}</domain>\n        <scope>${scope}</scope>\n        <result>${result}</result>\n      </spf>\n`;
  switch (s.kind) {
    case "own":
      dkim = "pass";
      spf = "pass";
      dkimAuth.push(dkimEl(headerFrom, "s2024", "pass"));
      if (random() < 0.3) dkimAuth.push(dkimEl(s.other, "esp1", "pass"));
      spfAuth = spfEl(headerFrom, "mfrom", "pass");
      break;
    case "own-helo":
      dkim = "pass";
      envelopeFrom = "";
      dkimAuth.push(dkimEl(headerFrom, "s2024", "pass"));
      spfAuth = spfEl(`mail.${headerFrom}`, "helo", "pass");
      break;
    case "esp":
      envelopeFrom = `bounce.${s.other}`;
      dkimAuth.push(dkimEl(s.other, "esp1", "pass"));
      spfAuth = spfEl(envelopeFrom, "mfrom", "pass");
      disposition = random() < 0.5 ? "none" : "quarantine";
      break;
    case "forwarder":
      dkim = "pass";
      envelopeFrom = random() < 0.5 ? headerFrom : s.other;
      dkimAuth.push(dkimEl(headerFrom, "s2024", "pass"));
      if (random() < 0.4) dkimAuth.push(dkimEl(s.other, "arc", "pass"));
      spfAuth = spfEl(envelopeFrom, "mfrom", random() < 0.5 ? "fail" : "softfail");
      if (random() < 0.3) reasons = "        <reason>\n          <type>forwarded</type>\n        </reason>\n";
      break;
    case "list":
      envelopeFrom = s.other;
      dkimAuth.push(dkimEl(headerFrom, "s2024", "fail", "body hash did not verify"));
      dkimAuth.push(dkimEl(s.other, "list", "pass"));
      spfAuth = spfEl(s.other, "mfrom", "pass");
      reasons = `        <reason>\n          <type>mailing_list</type>\n          <comment>list at ${s.other}</comment>\n        </reason>\n`;
      if (random() < 0.3) reasons += "        <reason>\n          <type>local_policy</type>\n        </reason>\n";
      break;
    case "spoofer": {
      envelopeFrom = pick(["example.org", "example.net", headerFrom], random);
      disposition = pick(["reject", "quarantine", "none"], random);
      if (random() < 0.3) dkimAuth.push(dkimEl(headerFrom, "s2024", "fail"));
      spfAuth = spfEl(envelopeFrom, "mfrom", pick(["fail", "softfail", "none", "permerror"], random));
      if (disposition === "none" && random() < 0.5)
        reasons = bis
          ? "        <reason>\n          <type>policy_test_mode</type>\n        </reason>\n"
          : "        <reason>\n          <type>sampled_out</type>\n        </reason>\n";
      break;
    }
  }
  const envelopeTo = random() < 0.3 ? `      <envelope_to>example.net</envelope_to>\n` : "";
  return (
    "  <record>\n    <row>\n" +
    `      <source_ip>${s.ip}</source_ip>\n      <count>${count}</count>\n` +
    `      <policy_evaluated>\n        <disposition>${disposition}</disposition>\n        <dkim>${dkim}</dkim>\n        <spf>${spf}</spf>\n${reasons}      </policy_evaluated>\n` +
    "    </row>\n    <identifiers>\n" +
    `${envelopeTo}      <envelope_from>${envelopeFrom}</envelope_from>\n      <header_from>${headerFrom}</header_from>\n` +
    "    </identifiers>\n    <auth_results>\n" +
    dkimAuth.join("") +
    spfAuth +
    "    </auth_results>\n  </record>\n"
  );
}

function head(seed: number, bis: boolean): string {
  const begin = 1_767_225_600 + (seed % 1000) * 86_400; // 2026-01-01T00:00:00Z + seed days
  const end = begin + 86_399;
  const id = `bench-${seed}-${begin}`;
  return bis
    ? '<?xml version="1.0" encoding="UTF-8"?>\n<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">\n' +
        "  <version>1.0</version>\n  <report_metadata>\n    <org_name>receiver.example.org</org_name>\n" +
        "    <email>dmarc-reports@receiver.example.org</email>\n" +
        `    <report_id>${id}</report_id>\n    <date_range>\n      <begin>${begin}</begin>\n      <end>${end}</end>\n    </date_range>\n` +
        "    <generator>bench generator 1.0</generator>\n  </report_metadata>\n" +
        `  <policy_published>\n    <domain>${POLICY_DOMAIN}</domain>\n    <discovery_method>treewalk</discovery_method>\n` +
        "    <p>none</p>\n    <sp>quarantine</sp>\n    <np>reject</np>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n" +
        "    <testing>n</testing>\n  </policy_published>\n"
    : '<?xml version="1.0" encoding="UTF-8" ?>\n<feedback>\n  <version>1.0</version>\n  <report_metadata>\n' +
        "    <org_name>receiver.example.org</org_name>\n    <email>noreply-dmarc@receiver.example.org</email>\n" +
        "    <extra_contact_info>https://receiver.example.org/dmarc</extra_contact_info>\n" +
        `    <report_id>${id}</report_id>\n    <date_range>\n      <begin>${begin}</begin>\n      <end>${end}</end>\n    </date_range>\n` +
        "  </report_metadata>\n" +
        `  <policy_published>\n    <domain>${POLICY_DOMAIN}</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n` +
        "    <p>none</p>\n    <sp>none</sp>\n    <pct>100</pct>\n    <fo>1</fo>\n  </policy_published>\n";
}

/**
 * Yields one aggregate report of `records` records, in chunks of `recordsPerChunk` records (the head comes with the
 * first chunk, `</feedback>` with the last). About 600 characters per record.
 */
export function* generateAggregateXml(records: number, options: GenerateAggregateOptions = {}): Generator<string> {
  const seed = options.seed ?? 1;
  const bis = options.dmarcbis === true;
  const perChunk = Math.max(1, options.recordsPerChunk ?? 1000);
  const random = rng(seed);
  const sources = makeSources(Math.max(1, options.sources ?? 500), random);
  let parts: string[] = [head(seed, bis)];
  for (let i = 0; i < records; i++) {
    parts.push(record(pick(sources, random), random, bis));
    if (parts.length >= perChunk) {
      yield parts.join("");
      parts = [];
    }
  }
  parts.push("</feedback>\n");
  yield parts.join("");
}
