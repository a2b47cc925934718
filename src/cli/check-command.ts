// `bouncewise check DOMAIN`: the domain's SPF, DMARC, DKIM, MX, PTR, HELO, blocklist, MTA-STS, TLS-RPT and BIMI
// checks as a checklist (or --json). Exit code 0 when nothing is critical, 1 when something is, 2 on usage error.

import { isIP } from "node:net";
import type { Command } from "commander";
import { checkDomain, type DomainCheckReport, senderChecksOf } from "../core/auth/check-domain.js";
import { normalizeDomain } from "../core/auth/names.js";
import { cleanAddress, domainOfAddress } from "../core/bounce/address.js";
import { createNodeDnsClient } from "../dns/node-resolver.js";
import { renderCheck } from "../report/check-text.js";
import type { Paint } from "../report/text-card.js";

export interface CheckCommandIo {
  readonly write: (s: string) => void;
  readonly setExitCode: (code: number) => void;
  readonly usage: (message: string) => Error;
  readonly paint: (color: boolean | undefined) => Paint;
}

/** "HOST", "HOST:PORT", "[V6]:PORT" or a bare IPv6 address, as node:dns's setServers takes them. */
export function validResolver(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(value);
  if (v6 !== null) return isIP(v6[1] as string) === 6 && Number(v6[2]) > 0 && Number(v6[2]) < 65536;
  const v4 = /^([0-9.]+):(\d{1,5})$/.exec(value);
  return v4 !== null && isIP(v4[1] as string) === 4 && Number(v4[2]) > 0 && Number(v4[2]) < 65536;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerCheckCommand(program: Command, io: CheckCommandIo): void {
  program
    .command("check")
    .description(
      "check a sending domain: SPF, DKIM, DMARC, MX, PTR and HELO for its IPs, blocklists, MTA-STS, TLS-RPT, BIMI",
    )
    .argument("<domain>", "the domain you send as (the From domain)")
    .option(
      "--ip <ip>",
      "a sending IP: SPF is evaluated for it, its PTR and blocklist listings checked (repeatable)",
      collect,
    )
    .option("--helo <name>", "the name your server gives in HELO/EHLO")
    .option("--selector <s>", "a DKIM selector to check (repeatable); without it common selectors are probed", collect)
    .option("--resolver <host[:port]>", "ask this DNS server instead of the system's (an IP, with an optional port)")
    .option("--timeout <seconds>", "deadline for the whole check", "30")
    .option("--no-blocklists", "do not query the DNS blocklists")
    .option("--json", "print the result as JSON")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .action(
      async (
        domainArg: string,
        opts: {
          ip?: string[];
          helo?: string;
          selector?: string[];
          resolver?: string;
          timeout: string;
          blocklists?: boolean;
          json?: boolean;
          color?: boolean;
        },
      ) => {
        const domain = normalizeDomain(domainArg);
        if (domain === null) throw io.usage(`"${domainArg}" is not a domain name`);
        const ips = opts.ip ?? [];
        for (const ip of ips) if (isIP(ip) === 0) throw io.usage(`--ip "${ip}" is not an IPv4 or IPv6 address`);
        let helo: string | undefined;
        if (opts.helo !== undefined) {
          const h = normalizeDomain(opts.helo);
          if (h === null) throw io.usage(`--helo "${opts.helo}" is not a host name`);
          helo = h;
        }
        for (const s of opts.selector ?? []) {
          if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(s) || s.length > 63) {
            throw io.usage(`--selector "${s}" is not a DKIM selector`);
          }
        }
        if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
          throw io.usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
        }
        const seconds = Number(opts.timeout);
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
          throw io.usage(`--timeout must be a number of seconds between 0 and 600, not "${opts.timeout}"`);
        }
        const dns = createNodeDnsClient({
          ...(opts.resolver === undefined ? {} : { server: opts.resolver }),
          timeoutMs: Math.min(3000, seconds * 1000),
        });
        let report: Awaited<ReturnType<typeof checkDomain>>;
        try {
          report = await checkDomain(domain, dns, {
            ips,
            ...(helo === undefined ? {} : { helo }),
            ...(opts.selector === undefined ? {} : { selectors: opts.selector }),
            deadlineMs: seconds * 1000,
            blocklists: opts.blocklists !== false,
          });
        } finally {
          // Lookups still running past the deadline are dropped so the process ends now.
          dns.close();
        }
        io.write(
          opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report, io.paint(opts.color)),
        );
        io.setExitCode(report.worst === "critical" ? 1 : 0);
      },
    );
}

export interface VerifyOptions {
  readonly domain?: string;
  readonly ip?: string[];
  readonly resolver?: string;
  readonly timeout?: string;
}

/**
 * `explain --check`: runs the sender-side checks the diagnoses ask for (SPF, DKIM, DMARC, alignment, PTR, HELO,
 * blocklists) on the sender domain (--domain, else the From domain of the bounced message) and the --ip given.
 * Null when the diagnoses ask for none; throws a usage error when a domain is needed and unknown.
 */
export async function verifyDiagnoses(
  checks: readonly string[],
  fromAddress: string | null,
  opts: VerifyOptions,
  usage: (message: string) => Error,
): Promise<DomainCheckReport | null> {
  const only = senderChecksOf(checks);
  if (only.length === 0) return null;
  // --domain, else the domain of the bounced message's From ("Name <a@b.example>").
  const domainArg = opts.domain ?? domainOfAddress(cleanAddress(fromAddress)) ?? undefined;
  if (domainArg === undefined) {
    throw usage(`this diagnosis asks to check ${only.join(", ")}: give the sending domain with --domain (and --ip)`);
  }
  const domain = normalizeDomain(domainArg);
  if (domain === null) throw usage(`"${domainArg}" is not a domain name`);
  const ips = opts.ip ?? [];
  for (const ip of ips) if (isIP(ip) === 0) throw usage(`--ip "${ip}" is not an IPv4 or IPv6 address`);
  if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
    throw usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
  }
  const seconds = Number(opts.timeout ?? "20");
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw usage(`--timeout must be a number of seconds between 0 and 600, not "${opts.timeout}"`);
  }
  const dns = createNodeDnsClient({
    ...(opts.resolver === undefined ? {} : { server: opts.resolver }),
    timeoutMs: Math.min(3000, seconds * 1000),
  });
  try {
    return await checkDomain(domain, dns, { ips, only, deadlineMs: seconds * 1000 });
  } finally {
    dns.close();
  }
}

/** The findings of a check attached under a diagnosis card. */
export function renderVerification(r: DomainCheckReport, paint: Paint): string {
  const asked = [...new Set(r.findings.map((f) => f.check))];
  const lines = [
    paint.bold(
      `Checked for ${r.domain}${r.ips.length > 0 ? ` (${r.ips.join(", ")})` : ""}: ${asked.join(", ") || "nothing found to report"}`,
    ),
  ];
  const problems = r.findings.filter((f) => f.severity !== "info");
  if (problems.length === 0) lines.push("  no problem found in these checks");
  for (const f of problems) {
    lines.push(`  ${f.severity === "critical" ? paint.red("FAIL") : paint.yellow("WARN")} ${f.message}`);
    if (f.fix !== null) lines.push(`       fix: ${f.fix}`);
  }
  return lines.join("\n");
}
