// The bouncewise command line: a thin edge over the library. Only this file touches process streams;
// `main` returns the exit code (0 ok, 1 failure, 2 usage error) and never lets a stack trace reach the user.

import type { Buffer } from "node:buffer";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { Command, CommanderError, Option } from "commander";
import { looksLikeMail, parseBounce } from "../core/bounce/parse-bounce.js";
import { explain } from "../core/diagnose.js";
import { type CodeLookup, lookupCode } from "../core/lookup-code.js";
import type { ExplainOptions } from "../core/types.js";
import { PROVIDERS } from "../knowledge/index.js";
import { SMTP_STAGES, type SmtpStage } from "../knowledge/types.js";
import { type Paint, renderCard } from "../report/text-card.js";
import { registerServeCommand } from "../server/serve-command.js";
import { registerCheckCommand, renderVerification, validResolver, verifyDiagnoses } from "./check-command.js";
import { registerDmarcCommand } from "./dmarc-command.js";
import { registerCheckMessageCommand } from "./message-check.js";
import { paintOf } from "./paint.js";
import { runParse } from "./parse-command.js";
import { InputTooLargeError, MAX_LINE_BYTES, readBounded, readLines } from "./read-input.js";
import { registerProbeCommand } from "./smtp-probe.js";
import { registerStoreCommands } from "./store-commands.js";

const STAGES: readonly SmtpStage[] = SMTP_STAGES;

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
}

/** Worker threads for `parse`: "auto" uses them only where they pay (a directory, or a file over 4 MB). */
async function jobsFor(value: string, paths: readonly string[]): Promise<number> {
  if (value !== "auto") {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 64)
      throw new UsageError(`--jobs takes auto or a number from 0 to 64, not "${value}"`);
    return n;
  }
  let large = false;
  for (const p of paths) {
    if (p === "-") continue;
    try {
      const s = await stat(p);
      if (s.isDirectory() || s.size > 4 * 1024 * 1024) large = true;
    } catch {
      // reported when read
    }
  }
  return large ? Math.min(4, Math.max(1, availableParallelism())) : 0;
}

class UsageError extends Error {
  readonly code = "USAGE";
}

function paintFor(io: CliIo, color: boolean | undefined): Paint {
  return paintOf(color ?? (io.stdout.isTTY === true && process.env.NO_COLOR === undefined));
}

function renderLookup(l: CodeLookup): string {
  const out: string[] = [];
  if (l.reply !== null)
    out.push(`${l.reply.code} ${l.reply.title}`, `  ${l.reply.meaning}`, `  Reference: ${l.reply.reference}`);
  if (l.enhanced !== null) {
    out.push(
      `${l.enhanced.code} ${l.enhanced.title}`,
      `  ${l.enhanced.meaning}`,
      `  Reference: ${l.enhanced.reference}`,
    );
  }
  for (const s of l.seedRows) {
    out.push(
      "",
      `Guide: ${s.replyCode}${s.enhancedCode ? ` ${s.enhancedCode}` : ""} (${s.seedType}, priority ${s.priority})`,
    );
    out.push(`  ${s.meaning}`);
    for (const a of s.actions) out.push(`  - ${a}`);
  }
  if (l.providerRules.length > 0) {
    out.push("", "Provider rules naming this code:");
    for (const r of l.providerRules) out.push(`  ${r.id}: ${r.meaning}`);
  }
  if (out.length === 0) out.push(`${l.query}: not in the knowledge base`);
  return out.join("\n");
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  const write = (s: string): void => {
    io.stdout.write(s);
  };
  // Batch output waits for the reader: without it a fast producer and a slow pipe buffer without bound.
  let pending = "";
  const writeBatched = async (s: string): Promise<void> => {
    pending += s;
    if (pending.length < 1 << 16) return;
    const chunk = pending;
    pending = "";
    if (!io.stdout.write(chunk)) await once(io.stdout, "drain");
  };
  const flushBatched = async (): Promise<void> => {
    if (pending === "") return;
    const chunk = pending;
    pending = "";
    if (!io.stdout.write(chunk)) await once(io.stdout, "drain");
  };
  let exitCode = 0;
  const program = new Command()
    .name("bouncewise")
    .version(packageVersion(), "-V, --version")
    .description("Turns SMTP errors and bounces into a diagnosis and an action plan.")
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError(false)
    // Options belong to the command they follow: `dmarc --db X` and `dmarc report --db X` are both meant.
    .enablePositionalOptions();

  program
    .command("explain")
    .description("explain an SMTP reply or error text (from the argument, or standard input)")
    .argument("[text...]", "the reply text; read from standard input when absent")
    .option("--json", "print the diagnosis as JSON (NDJSON with --lines)")
    .option("--lines", "standard input holds one reply per line; explain each")
    .addOption(
      new Option("--provider <id>", "provider to assume when the text names none").choices(
        PROVIDERS.map((p) => p.info.id),
      ),
    )
    .addOption(new Option("--stage <stage>", "SMTP stage to assume when the text states none").choices([...STAGES]))
    .option("--check", "run the checks the diagnosis lists (SPF, DKIM, DMARC, PTR, blocklists) on the sending domain")
    .option("--domain <domain>", "the sending domain for --check (default: the From domain of a bounced message)")
    .option("--ip <ip>", "a sending IP for --check (repeatable)", (v: string, p: string[] = []) => [...p, v])
    .option("--resolver <host[:port]>", "DNS server for --check")
    .option("--timeout <seconds>", "deadline for --check", "20")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .action(
      async (
        words: string[],
        opts: {
          json?: boolean;
          lines?: boolean;
          provider?: string;
          stage?: string;
          color?: boolean;
          check?: boolean;
          domain?: string;
          ip?: string[];
          resolver?: string;
          timeout?: string;
        },
      ) => {
        const options = { provider: opts.provider, stage: opts.stage } as ExplainOptions;
        const paint = paintFor(io, opts.json === true ? false : opts.color);
        const usage = (m: string) => new UsageError(m);
        if (opts.lines === true) {
          if (opts.check === true) throw new UsageError("--check works on one reply or one bounce, not with --lines");
          if (words.length > 0) throw new UsageError("--lines reads standard input; do not give TEXT as well");
          for await (const event of readLines(io.stdin)) {
            if ("tooLong" in event) {
              // Reported in place, in order, and the batch goes on.
              const message = `line ${event.number} is longer than ${MAX_LINE_BYTES} bytes; skipped`;
              if (opts.json === true) await writeBatched(`${JSON.stringify({ line: event.number, error: message })}\n`);
              else await writeBatched(`${message}\n\n`);
              io.stderr.write(`bouncewise: ${message}\n`);
              continue;
            }
            const d = explain(event.line, options);
            await writeBatched(opts.json === true ? `${JSON.stringify(d)}\n` : `${renderCard(d, paint)}\n\n`);
          }
          await flushBatched();
          return;
        }
        let text = words.join(" ");
        if (words.length === 0) {
          if (io.stdin.isTTY === true)
            throw new UsageError("give the reply text as an argument, or pipe it on standard input");
          text = await readBounded(io.stdin);
        }
        if (text.trim() === "") throw new UsageError("the reply text is empty");
        // A whole bounce email pasted where a reply was expected: read it as the bounce it is.
        if (looksLikeMail(text)) {
          const parsed = parseBounce(text);
          if (parsed.results.length > 0) {
            const verification =
              opts.check === true
                ? await verifyDiagnoses(
                    parsed.results.flatMap((r) => r.diagnosis.checks),
                    parsed.results[0]?.original.from ?? null,
                    opts,
                    usage,
                  )
                : undefined;
            if (opts.json === true) {
              write(
                `${JSON.stringify(
                  parsed.results.map((r) => ({
                    recipient: r.recipient,
                    ...r.diagnosis,
                    ...(verification === undefined ? {} : { verification }),
                  })),
                  null,
                  2,
                )}\n`,
              );
            } else {
              const cards = parsed.results.map(
                (r) =>
                  `${paint.bold(`Recipient ${r.recipient || "(not named)"}`)} (${r.decoder}: ${r.reason})\n${renderCard(r.diagnosis, paint)}`,
              );
              const checked =
                verification === undefined
                  ? ""
                  : verification === null
                    ? "\n\nThese diagnoses ask for no check of the sending domain."
                    : `\n\n${renderVerification(verification, paint)}`;
              write(
                `This is a bounce email (${parsed.kind}); one diagnosis per recipient:\n\n${cards.join("\n\n")}${checked}\n`,
              );
            }
            return;
          }
        }
        const d = explain(text, options);
        const verification = opts.check === true ? await verifyDiagnoses(d.checks, null, opts, usage) : undefined;
        if (opts.json === true) {
          write(`${JSON.stringify(verification === undefined ? d : { ...d, verification }, null, 2)}\n`);
        } else {
          const checked =
            verification === undefined
              ? ""
              : verification === null
                ? "\n\nThis diagnosis asks for no check of the sending domain."
                : `\n\n${renderVerification(verification, paint)}`;
          write(`${renderCard(d, paint)}${checked}\n`);
        }
      },
    );

  program
    .command("parse")
    .description(
      "read bounce emails (.eml, mbox, Maildir, directories; - for standard input): one result per recipient",
    )
    .argument("[paths...]", "files or directories; standard input when absent")
    .option("--json", "print NDJSON, one line per recipient result")
    .addOption(
      new Option("--format <format>", "JSON field names: bouncewise, or sisimai for Sisimai-compatible names")
        .choices(["bouncewise", "sisimai"])
        .default("bouncewise"),
    )
    .option("--header <name...>", "extra header of the original message to keep (campaign ids ...)")
    .option(
      "--jobs <n>",
      "worker threads to parse with: a number, 0 for none (the default), or auto (one per core, up to 4, for directories and files over 4 MB)",
      "0",
    )
    .option("--all", "also list mails that gave no result, with their kind (not-bounce, challenge-response ...)")
    .option("--check", "after the results, run the checks the diagnoses list on the bounced messages' From domains")
    .option("--ip <ip>", "a sending IP for --check (repeatable)", (v: string, p: string[] = []) => [...p, v])
    .option("--resolver <host[:port]>", "DNS server for --check")
    .option("--timeout <seconds>", "deadline per domain for --check", "20")
    .option("--no-progress", "no progress bar")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .action(
      async (
        paths: string[],
        opts: {
          json?: boolean;
          format: "bouncewise" | "sisimai";
          header?: string[];
          progress?: boolean;
          color?: boolean;
          all?: boolean;
          jobs: string;
          check?: boolean;
          ip?: string[];
          resolver?: string;
          timeout?: string;
        },
      ) => {
        if (opts.check === true) {
          for (const ip of opts.ip ?? []) if (isIP(ip) === 0) throw new UsageError(`--ip "${ip}" is not an IP address`);
          if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
            throw new UsageError(`--resolver "${opts.resolver}" is not an IP address with an optional port`);
          }
        }
        if (paths.length === 0) {
          if (io.stdin.isTTY === true)
            throw new UsageError("give files or directories to read, or pipe a mail on standard input");
          paths = ["-"];
        }
        const json = opts.json === true || opts.format === "sisimai";
        const stderrTty = (io.stderr as { isTTY?: boolean }).isTTY === true;
        const code = await runParse(
          paths,
          {
            json,
            format: opts.format,
            extraHeaders: opts.header ?? [],
            color: json ? false : (opts.color ?? (io.stdout.isTTY === true && process.env.NO_COLOR === undefined)),
            progress: opts.progress !== false && stderrTty && !paths.includes("-"),
            all: opts.all === true,
            jobs: await jobsFor(opts.jobs, paths),
            ...(opts.check === true
              ? {
                  check: {
                    ...(opts.ip === undefined ? {} : { ip: opts.ip }),
                    ...(opts.resolver === undefined ? {} : { resolver: opts.resolver }),
                    ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
                  },
                }
              : {}),
          },
          { stdin: io.stdin as AsyncIterable<Buffer>, stderr: io.stderr, write: writeBatched },
        );
        await flushBatched();
        exitCode = code;
      },
    );

  program
    .command("codes")
    .description("look up a basic reply code (550) or an enhanced status code (5.7.26) in the knowledge base")
    .argument("[code]", "the code; all reply codes are listed when absent")
    .option("--json", "print JSON")
    .action((code: string | undefined, opts: { json?: boolean }) => {
      if (code === undefined) {
        const all = [
          "220",
          "250",
          "421",
          "450",
          "451",
          "452",
          "500",
          "501",
          "502",
          "503",
          "504",
          "521",
          "530",
          "535",
          "550",
          "551",
          "552",
          "553",
          "554",
          "555",
          "556",
        ]
          .map((c) => lookupCode(c))
          .filter((l): l is CodeLookup => l !== null);
        write(
          opts.json === true
            ? `${JSON.stringify(all, null, 2)}\n`
            : `${all.map((l) => `${l.query} ${l.reply?.title ?? ""}`).join("\n")}\n`,
        );
        return;
      }
      const l = lookupCode(code);
      if (l === null)
        throw new UsageError(`"${code}" is not a reply code (like 550) or an enhanced status code (like 5.7.26)`);
      write(opts.json === true ? `${JSON.stringify(l, null, 2)}\n` : `${renderLookup(l)}\n`);
    });

  registerCheckCommand(program, {
    write,
    setExitCode: (code) => {
      exitCode = code;
    },
    usage: (message) => new UsageError(message),
    paint: (color) => paintFor(io, color),
  });
  registerCheckMessageCommand(program, {
    write,
    setExitCode: (code) => {
      exitCode = code;
    },
    usage: (message) => new UsageError(message),
    paint: (color) => paintFor(io, color),
  });
  registerProbeCommand(program, {
    write,
    setExitCode: (code) => {
      exitCode = code;
    },
    usage: (message) => new UsageError(message),
    paint: (color) => paintFor(io, color),
  });
  registerStoreCommands(program, {
    stderr: io.stderr as NodeJS.WritableStream & { isTTY?: boolean },
    write,
    setExitCode: (code) => {
      exitCode = code;
    },
    usage: (message) => new UsageError(message),
  });
  registerServeCommand(program, {
    stderr: io.stderr as NodeJS.WritableStream & { isTTY?: boolean },
    write,
    setExitCode: (code) => {
      exitCode = code;
    },
    usage: (message) => new UsageError(message),
  });
  registerDmarcCommand(program, {
    stderr: io.stderr as NodeJS.WritableStream & { isTTY?: boolean },
    write,
    setExitCode: (code) => {
      exitCode = code;
    },
    usage: (message) => new UsageError(message),
    paint: (color) => paintFor(io, color),
  });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; commander already printed the message for usage errors.
      return err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.help" ? 0 : 2;
    }
    if (err instanceof UsageError || err instanceof InputTooLargeError) {
      io.stderr.write(`bouncewise: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`bouncewise: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
