// `bouncewise check-message FILE` (issue 5): what the receivers of a saved message recorded about its SPF, DKIM, DMARC
// and ARC (Authentication-Results, ARC-Authentication-Results, Received-SPF), then the same checks run again here by
// mailauth through our DnsClient, as a table of results with alignment against the From domain, and each failure
// explained with its fix. Exit code 0 when DMARC passes, 1 otherwise, 2 on usage error.

import { readFile, stat } from "node:fs/promises";
import type { Command } from "commander";
import { type AuthenticateResult, authenticate } from "mailauth";
import {
  type AuthenticationResults,
  addressOf,
  domainOf,
  firstExternalHop,
  fromAddresses,
  isIpAddress,
  type ReceivedSpf,
  receiverResultsOf,
  returnPathOf,
} from "../core/auth/auth-results.js";
import { orgDomainByPsl } from "../core/auth/dmarc.js";
import { normalizeDomain } from "../core/auth/names.js";
import { type CheckFinding, type FindingRule, findingOf } from "../core/auth/types.js";
import { normalizeInput, readHeaders } from "../core/bounce/mime.js";
import { type DnsAnswer, type DnsClient, DnsLookupError } from "../core/dns/types.js";
import { createNodeDnsClient } from "../dns/node-resolver.js";
import { MESSAGE_FINDINGS, type MessageFindingId } from "../knowledge/check-findings/message.js";
import type { Paint } from "../report/text-card.js";
import type { CheckCommandIo } from "./check-command.js";
import { validResolver } from "./check-command.js";

/** Messages larger than this are refused (mail systems cap messages well below it). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export type AlignmentMode = "relaxed" | "strict";

export interface VerifiedSpf {
  /** False when no connecting IP was known: the result is then "none". */
  readonly evaluated: boolean;
  readonly result: string;
  /** The MAIL FROM domain SPF was checked for. */
  readonly domain: string | null;
  readonly ip: string | null;
  readonly comment: string | null;
  readonly aligned: boolean;
}

export interface VerifiedDkim {
  readonly domain: string;
  readonly selector: string | null;
  readonly algorithm: string | null;
  /** pass, fail, neutral, policy, temperror, permerror (a changed body is reported as fail). */
  readonly result: string;
  readonly comment: string | null;
  readonly aligned: boolean;
}

export interface VerifiedDmarc {
  readonly result: string;
  /** The policy that applies (p, or sp for a subdomain), null without a record. */
  readonly policy: string | null;
  readonly record: string | null;
  readonly alignment: {
    readonly spf: { readonly mode: AlignmentMode; readonly domain: string | null; readonly aligned: boolean };
    readonly dkim: { readonly mode: AlignmentMode; readonly alignedDomains: readonly string[] };
  };
}

export interface VerifiedArc {
  readonly result: string;
  readonly instance: number | null;
  readonly comment: string | null;
}

export interface MessageCheckReport {
  readonly from: string | null;
  readonly fromDomain: string | null;
  readonly returnPath: string | null;
  readonly ip: string | null;
  readonly helo: string | null;
  readonly mailFrom: string | null;
  /** Authentication-Results and ARC-Authentication-Results fields, top first. */
  readonly receivers: readonly AuthenticationResults[];
  readonly receivedSpf: readonly ReceivedSpf[];
  readonly verified: {
    readonly spf: VerifiedSpf;
    readonly dkim: readonly VerifiedDkim[];
    readonly dmarc: VerifiedDmarc;
    readonly arc: VerifiedArc;
  };
  readonly findings: readonly CheckFinding[];
  readonly dmarcPass: boolean;
}

export interface MessageCheckOptions {
  readonly ip?: string;
  readonly helo?: string;
  readonly mailFrom?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// mailauth's resolver, answered by our DnsClient

const ERROR_CODES: Readonly<Record<string, string>> = {
  NXDOMAIN: "ENOTFOUND",
  NODATA: "ENODATA",
  SERVFAIL: "ESERVFAIL",
  TIMEOUT: "ETIMEOUT",
  REFUSED: "EREFUSED",
  ERROR: "ESERVFAIL",
};

function dnsError(code: string, name: string, rrtype: string): Error {
  const e = new Error(`${rrtype} ${name}: ${code}`) as Error & { code: string; hostname: string };
  e.code = code;
  e.hostname = name;
  return e;
}

/** "4.3.2.1.in-addr.arpa" -> "1.2.3.4"; the 32 nibbles of ip6.arpa -> an IPv6 address; null otherwise. */
export function ipOfPtrName(name: string): string | null {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n.endsWith(".in-addr.arpa")) {
    const parts = n.slice(0, -".in-addr.arpa".length).split(".");
    if (parts.length !== 4) return null;
    const ip = parts.reverse().join(".");
    return isIpAddress(ip) ? ip : null;
  }
  if (n.endsWith(".ip6.arpa")) {
    const nibbles = n.slice(0, -".ip6.arpa".length).split(".");
    if (nibbles.length !== 32 || nibbles.some((x) => !/^[0-9a-f]$/.test(x))) return null;
    const hex = nibbles.reverse().join("");
    const groups: string[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
    return groups.join(":");
  }
  return null;
}

/**
 * A resolver(name, rrtype) as mailauth wants it (node:dns promises' resolve): TXT as string[][] (one joined string
 * per record), MX as {exchange, priority}[], A/AAAA/PTR as string[]; NXDOMAIN and NODATA throw errors coded
 * ENOTFOUND / ENODATA, failed lookups ESERVFAIL / ETIMEOUT / EREFUSED.
 */
export function mailauthResolver(dns: DnsClient): (name: string, rrtype: string) => Promise<never> {
  const records = <T>(answer: DnsAnswer<T>, name: string, rrtype: string): T[] => {
    if (answer.status !== "ok" || answer.records.length === 0) {
      throw dnsError(ERROR_CODES[answer.status === "ok" ? "NODATA" : answer.status] as string, name, rrtype);
    }
    return [...answer.records];
  };
  const resolve = async (name: string, rrtype: string): Promise<unknown> => {
    const type = rrtype.toUpperCase();
    const host = name.replace(/\.$/, "");
    try {
      switch (type) {
        case "TXT":
          return records(await dns.txt(host), host, type).map((r) => [r]);
        case "MX":
          return records(await dns.mx(host), host, type).map((m) => ({ exchange: m.exchange, priority: m.priority }));
        case "A":
          return records(await dns.a(host), host, type);
        case "AAAA":
          return records(await dns.aaaa(host), host, type);
        case "PTR": {
          const ip = ipOfPtrName(host);
          if (ip === null) throw dnsError("ENOTFOUND", host, type);
          return records(await dns.ptr(ip), host, type);
        }
        default:
          throw dnsError("ENODATA", host, type);
      }
    } catch (e) {
      if (e instanceof DnsLookupError) throw dnsError(ERROR_CODES[e.code] ?? "ESERVFAIL", host, type);
      throw e;
    }
  };
  // mailauth's declared type is narrower than what it really takes (MX objects); the shape above is node:dns's.
  return resolve as (name: string, rrtype: string) => Promise<never>;
}

// ---------------------------------------------------------------------------------------------------------------
// The check

const RULES: ReadonlyMap<string, FindingRule> = new Map(MESSAGE_FINDINGS.map((r) => [r.id, r]));

function finding(id: MessageFindingId, values: Readonly<Record<string, string | number>> = {}): CheckFinding {
  return findingOf(RULES.get(id) as FindingRule, values);
}

/** DMARC identifier alignment (RFC 7489 section 3.1): strict needs the same name, relaxed the same org domain. */
export function aligned(domain: string | null, fromDomain: string | null, mode: AlignmentMode): boolean {
  if (domain === null || fromDomain === null) return false;
  const a = domain.toLowerCase().replace(/\.$/, "");
  const b = fromDomain.toLowerCase().replace(/\.$/, "");
  if (a === b) return true;
  return mode === "relaxed" && orgDomainByPsl(a) === orgDomainByPsl(b);
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Checks one message: reads what receivers recorded, verifies SPF, DKIM, DMARC and ARC again, explains failures. */
export async function checkMessage(
  raw: Buffer,
  dns: DnsClient,
  options: MessageCheckOptions = {},
): Promise<MessageCheckReport> {
  const text = normalizeInput(raw);
  const { headers } = readHeaders(text, 0, text.length);
  const froms = fromAddresses(headers);
  const from = froms.length === 1 ? (froms[0] as string) : null;
  const fromDomain = domainOf(from);
  const returnPath = returnPathOf(headers);
  const hop = firstExternalHop(headers);
  const ip = options.ip ?? hop?.ip ?? null;
  const helo = options.helo ?? (options.ip === undefined ? hop?.helo : undefined) ?? null;
  const mailFrom = options.mailFrom ?? (returnPath === "" ? null : returnPath);
  const receivers = receiverResultsOf(headers);

  const result: AuthenticateResult = await authenticate(raw, {
    ...(ip === null ? {} : { ip }),
    ...(helo === null ? {} : { helo }),
    mta: "bouncewise",
    ...(mailFrom === null ? {} : { sender: mailFrom }),
    resolver: mailauthResolver(dns),
    disableBimi: true,
  });

  // DMARC alignment modes: adkim / aspf of the record that applies (relaxed by default).
  const dm = result.dmarc === false ? null : result.dmarc;
  const spfMode: AlignmentMode = dm?.alignment?.spf?.strict === true ? "strict" : "relaxed";
  const dkimMode: AlignmentMode = dm?.alignment?.dkim?.strict === true ? "strict" : "relaxed";

  // SPF
  const spfRaw = result.spf === false ? null : result.spf;
  const spfDomain = spfRaw?.domain && spfRaw.domain !== "-" ? spfRaw.domain : domainOf(mailFrom);
  const spfResult = ip === null ? "none" : (spfRaw?.status.result ?? "none");
  const spf: VerifiedSpf = {
    evaluated: ip !== null,
    result: spfResult,
    domain: spfDomain,
    ip,
    comment: ip === null ? null : str(spfRaw?.status.comment),
    aligned: spfResult === "pass" && aligned(spfDomain, fromDomain, spfMode),
  };

  // DKIM: one row per signature (mailauth adds a placeholder row for an unsigned message).
  const dkim: VerifiedDkim[] = result.dkim.results
    .filter((r) => typeof r.signingDomain === "string" && r.signingDomain !== "")
    .map((r) => {
      const comment = str(r.status.comment);
      const bodyChanged = comment === "body hash did not verify";
      const res = bodyChanged ? "fail" : r.status.result;
      const x = r as unknown as { algo?: unknown };
      return {
        domain: r.signingDomain.toLowerCase(),
        selector: str(r.selector),
        algorithm: str(x.algo),
        result: res,
        comment,
        aligned: res === "pass" && aligned(r.signingDomain, fromDomain, dkimMode),
      };
    });

  const dmarcResult = froms.length !== 1 ? "none" : (dm?.status.result ?? "none");
  const dmarc: VerifiedDmarc = {
    result: dmarcResult,
    policy: str(dm?.policy),
    record: str(dm?.rr),
    alignment: {
      spf: { mode: spfMode, domain: spfDomain, aligned: spf.aligned },
      dkim: { mode: dkimMode, alignedDomains: [...new Set(dkim.filter((d) => d.aligned).map((d) => d.domain))] },
    },
  };

  const arcRaw = result.arc === false ? null : result.arc;
  const arc: VerifiedArc = {
    result: arcRaw?.status.result ?? "none",
    instance: typeof arcRaw?.i === "number" && arcRaw.i > 0 ? arcRaw.i : null,
    comment: str(arcRaw?.status.comment),
  };

  const findings = explain({ froms, fromDomain, spf, dkim, dmarc, dmarcError: str(dm?.error), arc, receivers });
  return {
    from,
    fromDomain,
    returnPath,
    ip,
    helo,
    mailFrom,
    receivers: [...receivers.authenticationResults, ...receivers.arcAuthenticationResults],
    receivedSpf: receivers.receivedSpf,
    verified: { spf, dkim, dmarc, arc },
    findings,
    dmarcPass: dmarcResult === "pass",
  };
}

const FAILED = new Set(["fail", "softfail", "permerror", "temperror"]);

function explain(r: {
  froms: readonly string[];
  fromDomain: string | null;
  spf: VerifiedSpf;
  dkim: readonly VerifiedDkim[];
  dmarc: VerifiedDmarc;
  dmarcError: string | null;
  arc: VerifiedArc;
  receivers: ReturnType<typeof receiverResultsOf>;
}): CheckFinding[] {
  const out: CheckFinding[] = [];
  const fromDomain = r.fromDomain ?? "(no From domain)";
  if (r.froms.length !== 1) out.push(finding("message.from-not-single", { count: r.froms.length }));

  // DMARC first: it is the verdict.
  if (r.froms.length === 1) {
    if (r.dmarc.result === "fail") {
      out.push(finding("message.dmarc-fail", { fromDomain, policy: r.dmarc.policy ?? "none" }));
    } else if (r.dmarc.result === "none") {
      out.push(finding("message.dmarc-missing", { fromDomain }));
    } else if (r.dmarc.result === "temperror" || r.dmarc.result === "permerror") {
      out.push(finding("message.dmarc-error", { fromDomain, detail: r.dmarcError ?? r.dmarc.result }));
    }
  }

  // DKIM
  if (r.dkim.length === 0) out.push(finding("message.dkim-missing", { fromDomain }));
  for (const d of r.dkim) {
    const values = { domain: d.domain, selector: d.selector ?? "?", fromDomain, detail: d.comment ?? d.result };
    if (d.result === "pass") {
      if (!d.aligned && r.fromDomain !== null) {
        out.push(finding("message.dkim-not-aligned", { ...values, mode: r.dmarc.alignment.dkim.mode }));
      }
    } else if (d.comment === "body hash did not verify") out.push(finding("message.dkim-body-changed", values));
    else if (d.comment === "bad signature") out.push(finding("message.dkim-bad-signature", values));
    else if (d.result === "temperror") out.push(finding("message.dkim-dns-error", values));
    else if (
      d.result === "policy" ||
      d.comment === "no key" ||
      d.comment === "invalid public key" ||
      d.comment === "unknown key type" ||
      d.comment === "unknown key version"
    ) {
      out.push(finding("message.dkim-no-key", values));
    } else out.push(finding("message.dkim-failed", values));
  }

  // SPF
  const s = r.spf;
  const spfValues = {
    result: s.result,
    domain: s.domain ?? "(no MAIL FROM domain)",
    ip: s.ip ?? "?",
    fromDomain,
    detail: s.comment ?? s.result,
    mode: r.dmarc.alignment.spf.mode,
  };
  if (!s.evaluated) out.push(finding("message.spf-no-ip"));
  else if (s.result === "fail" || s.result === "softfail") out.push(finding("message.spf-fail", spfValues));
  else if (s.result === "neutral" || s.result === "none") out.push(finding("message.spf-neutral", spfValues));
  else if (s.result === "permerror" || s.result === "temperror") out.push(finding("message.spf-error", spfValues));
  else if (s.result === "pass" && !s.aligned && r.fromDomain !== null) {
    out.push(finding("message.spf-not-aligned", spfValues));
  }

  // ARC
  if (r.arc.result === "fail") out.push(finding("message.arc-failed", { detail: r.arc.comment ?? "fail" }));

  // What receivers recorded
  for (const ar of r.receivers.authenticationResults) {
    for (const res of ar.results) {
      if (!["spf", "dkim", "dmarc"].includes(res.method) || !FAILED.has(res.result)) continue;
      const about =
        res.properties["header.d"] ??
        res.properties["header.i"] ??
        res.properties["header.from"] ??
        res.properties["smtp.mailfrom"];
      const detail = [about === undefined ? "" : ` for ${about}`, res.comments[0] ? ` (${res.comments[0]})` : ""];
      out.push(
        finding("message.receiver-failed", {
          receiver: ar.authservId ?? "A receiver",
          method: res.method,
          result: res.result,
          detail: detail.join(""),
        }),
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Text

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + " ".repeat(n - s.length);
}

function colorResult(result: string, paint: Paint): string {
  const p = pad(result, 10);
  if (result === "pass") return paint.green(p);
  if (FAILED.has(result) || result === "neutral" || result === "policy") return paint.red(p);
  return paint.yellow(p);
}

export function renderMessageCheck(r: MessageCheckReport, paint: Paint): string {
  const lines: string[] = [];
  lines.push(paint.bold(`From: ${r.from ?? "(none or several)"}${r.fromDomain === null ? "" : ` (${r.fromDomain})`}`));
  lines.push(`Return-Path: ${r.returnPath === null ? "(none)" : r.returnPath === "" ? "<>" : r.returnPath}`);
  lines.push(`Connecting IP: ${r.ip ?? "(unknown: give --ip)"}${r.helo === null ? "" : `, HELO ${r.helo}`}`);
  if (r.receivers.length > 0 || r.receivedSpf.length > 0) {
    lines.push("", paint.bold("What receivers recorded"));
    for (const ar of r.receivers) {
      const who = `${ar.instance === null ? "" : `ARC i=${ar.instance} `}${ar.authservId ?? "(no authserv-id)"}`;
      const results = ar.results.map((x) => {
        const about = x.properties["header.d"] ?? x.properties["header.from"] ?? x.properties["smtp.mailfrom"];
        return `${x.method}=${x.result}${about === undefined ? "" : ` (${about})`}`;
      });
      lines.push(`  ${who}: ${results.length === 0 ? "none" : results.join(", ")}`);
    }
    for (const s of r.receivedSpf) {
      lines.push(`  Received-SPF: ${s.result}${s.params["client-ip"] ? ` for ${s.params["client-ip"]}` : ""}`);
    }
  }
  lines.push("", paint.bold("Verified now"));
  const v = r.verified;
  const yesNo = (b: boolean) => (b ? paint.green("aligned") : paint.yellow("not aligned"));
  lines.push(
    `  SPF    ${colorResult(v.spf.result, paint)}${v.spf.evaluated ? `${v.spf.domain ?? "?"} for ${v.spf.ip}  ${yesNo(v.spf.aligned)} (${v.dmarc.alignment.spf.mode})` : "not evaluated (no IP)"}`,
  );
  if (v.dkim.length === 0) lines.push(`  DKIM   ${colorResult("none", paint)}no signature`);
  for (const d of v.dkim) {
    lines.push(
      `  DKIM   ${colorResult(d.result, paint)}d=${d.domain} s=${d.selector ?? "?"}  ${yesNo(d.aligned)} (${v.dmarc.alignment.dkim.mode})${d.comment === null ? "" : `  ${paint.dim(d.comment)}`}`,
    );
  }
  lines.push(
    `  DMARC  ${colorResult(v.dmarc.result, paint)}${v.dmarc.policy === null ? "" : `policy ${v.dmarc.policy}`}`,
  );
  lines.push(`  ARC    ${colorResult(v.arc.result, paint)}${v.arc.instance === null ? "" : `i=${v.arc.instance}`}`);
  const problems = r.findings.filter((f) => f.severity !== "info" || f.id === "message.spf-no-ip");
  lines.push("", paint.bold(problems.length === 0 ? "No problem found" : "Findings"));
  for (const f of problems) {
    const tag =
      f.severity === "critical" ? paint.red("FAIL") : f.severity === "warning" ? paint.yellow("WARN") : "INFO";
    lines.push(`  ${tag} ${f.message}`);
    lines.push(`       ${paint.dim(f.why)}`);
    if (f.fix !== null) lines.push(`       fix: ${f.fix}`);
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Command

const MAIL_FIELDS = [
  "from",
  "to",
  "subject",
  "date",
  "message-id",
  "received",
  "return-path",
  "dkim-signature",
  "authentication-results",
];

/** Reads the file, refusing what is missing, too large or not an email (usage errors). */
export async function readMessageFile(file: string, usage: (message: string) => Error): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw usage(`"${file}" is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === undefined) throw e;
    throw usage(`cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > MAX_MESSAGE_BYTES) {
    throw usage(`"${file}" is ${(size / 1048576).toFixed(1)} MiB; messages larger than 16 MiB are not checked`);
  }
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    throw usage(`cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (raw.length > MAX_MESSAGE_BYTES) throw usage(`"${file}" is larger than 16 MiB; it is not checked`);
  const text = normalizeInput(raw.subarray(0, Math.min(raw.length, 1024 * 1024)));
  const { headers } = readHeaders(text, 0, text.length);
  if (!headers.some((h) => MAIL_FIELDS.includes(h.name))) {
    throw usage(`"${file}" is not an email message (no From, Received, Subject or other header fields found)`);
  }
  return raw;
}

export function registerCheckMessageCommand(program: Command, io: CheckCommandIo): void {
  program
    .command("check-message")
    .description(
      "check a saved message (.eml): what receivers recorded, and SPF, DKIM, DMARC and ARC verified again, with alignment",
    )
    .argument("<file>", "the message with its full header (.eml, as saved by 'show original')")
    .option("--ip <ip>", "the IP that sent the message (default: the first external hop in Received)")
    .option("--helo <name>", "the HELO/EHLO name it gave")
    .option("--mail-from <addr>", "the envelope sender (default: the Return-Path)")
    .option("--resolver <host[:port]>", "ask this DNS server instead of the system's (an IP, with an optional port)")
    .option("--json", "print the result as JSON")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .action(
      async (
        file: string,
        opts: { ip?: string; helo?: string; mailFrom?: string; resolver?: string; json?: boolean; color?: boolean },
      ) => {
        if (opts.ip !== undefined && !isIpAddress(opts.ip)) {
          throw io.usage(`--ip "${opts.ip}" is not an IPv4 or IPv6 address`);
        }
        let helo: string | undefined;
        if (opts.helo !== undefined) {
          const h = normalizeDomain(opts.helo);
          if (h === null) throw io.usage(`--helo "${opts.helo}" is not a host name`);
          helo = h;
        }
        let mailFrom: string | undefined;
        if (opts.mailFrom !== undefined) {
          const a = addressOf(opts.mailFrom);
          if (a === null || domainOf(a) === null || normalizeDomain(domainOf(a) as string) === null) {
            throw io.usage(`--mail-from "${opts.mailFrom}" is not an email address`);
          }
          mailFrom = a;
        }
        if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
          throw io.usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
        }
        const raw = await readMessageFile(file, io.usage);
        const dns = createNodeDnsClient({
          ...(opts.resolver === undefined ? {} : { server: opts.resolver }),
          timeoutMs: 3000,
        });
        let report: MessageCheckReport;
        try {
          report = await checkMessage(raw, dns, {
            ...(opts.ip === undefined ? {} : { ip: opts.ip }),
            ...(helo === undefined ? {} : { helo }),
            ...(mailFrom === undefined ? {} : { mailFrom }),
          });
        } finally {
          dns.close();
        }
        io.write(
          opts.json === true
            ? `${JSON.stringify(report, null, 2)}\n`
            : renderMessageCheck(report, io.paint(opts.color)),
        );
        io.setExitCode(report.dmarcPass ? 0 : 1);
      },
    );
}
