// `bouncewise serve`: the HTTP API over the store, on 127.0.0.1:8025 by default. Off loopback it needs a token
// (--token or $BOUNCEWISE_TOKEN) and refuses to start without one. Webhook secrets come from the environment, not
// the command line (a command line is visible to every user of the machine). SIGINT / SIGTERM stop it: the server
// closes (requests in flight finish), then the store.

import { type Command, Option } from "commander";
import { validResolver } from "../cli/check-command.js";
import { defaultDbPath, type StoreCommandIo } from "../cli/store-commands.js";
import { SqliteStore } from "../store/sqlite-store.js";
import type { ServerPlugin, WebhookSecrets } from "./context.js";
import { dmarcPlugin } from "./dmarc-routes.js";
import { DEFAULT_HOST, DEFAULT_PORT, refusalOf, ServeError, startServer } from "./listen.js";
import { defaultPlugins } from "./web.js";

export interface ServeCommandIo extends StoreCommandIo {
  /** Stops the server when aborted (tests; the process's SIGINT and SIGTERM always do). */
  readonly stop?: AbortSignal;
  /** Called once listening, with the URL. */
  readonly onListening?: (url: string) => void;
  /** More routes (web pages, DMARC endpoints), as buildServer's `plugins`. */
  readonly plugins?: readonly ServerPlugin[];
  readonly env?: NodeJS.ProcessEnv;
}

const ENV_HELP = `
Environment:
  BOUNCEWISE_TOKEN                   the token, instead of --token
  BOUNCEWISE_DB                      the store, instead of --db
  BOUNCEWISE_SENDGRID_PUBLIC_KEY     SendGrid's Signed Event Webhook verification key (base64 or PEM)
  BOUNCEWISE_MAILGUN_SIGNING_KEY     Mailgun's HTTP webhook signing key
  BOUNCEWISE_WEBHOOK_USER            basic-auth user and password that Postmark and SparkPost send
  BOUNCEWISE_WEBHOOK_PASSWORD
  BOUNCEWISE_SNS_TOPIC_ARNS          comma-separated SNS topics whose SES events are accepted (default: any;
                                     with a token and no list, SNS must also send the token as basic auth)

Webhook URLs: /api/webhooks/ses (an SNS HTTPS subscription; confirmed automatically), /api/webhooks/sendgrid,
/api/webhooks/mailgun, /api/webhooks/postmark, /api/webhooks/sparkpost. The API is described at /api/openapi.json.
`;

function webhookSecretsOf(env: NodeJS.ProcessEnv): WebhookSecrets {
  const v = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const user = v("BOUNCEWISE_WEBHOOK_USER");
  const password = v("BOUNCEWISE_WEBHOOK_PASSWORD");
  const topics = v("BOUNCEWISE_SNS_TOPIC_ARNS");
  const sendgrid = v("BOUNCEWISE_SENDGRID_PUBLIC_KEY");
  const mailgun = v("BOUNCEWISE_MAILGUN_SIGNING_KEY");
  return {
    ...(sendgrid === undefined ? {} : { sendgridPublicKey: sendgrid }),
    ...(mailgun === undefined ? {} : { mailgunSigningKey: mailgun }),
    ...(user !== undefined && password !== undefined ? { basicAuth: { user, password } } : {}),
    ...(topics === undefined ? {} : { sns: { topicArns: topics.split(",").map((t) => t.trim()) } }),
  };
}

export function registerServeCommand(program: Command, io: ServeCommandIo): void {
  program
    .command("serve")
    .description(
      "run the HTTP API: explain, parse, ingest, ESP webhooks, report, suppressions, domain checks (127.0.0.1:8025)",
    )
    .option("--port <port>", "port to listen on (0: any free port)", String(DEFAULT_PORT))
    .option("--host <host>", "address to listen on; anything but loopback needs a token", DEFAULT_HOST)
    .addOption(
      new Option(
        "--db <file>",
        "the SQLite store (default: $BOUNCEWISE_DB or ~/.local/share/bouncewise/bouncewise.db)",
      ),
    )
    .option("--token <token>", "require Authorization: Bearer TOKEN (default: $BOUNCEWISE_TOKEN)")
    .option("--resolver <host[:port]>", "DNS server for /api/check")
    .addHelpText("after", ENV_HELP)
    .action(async (opts: { port: string; host: string; db?: string; token?: string; resolver?: string }) => {
      const env = io.env ?? process.env;
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw io.usage(`--port must be a port number from 0 to 65535, not "${opts.port}"`);
      }
      if (opts.resolver !== undefined && !validResolver(opts.resolver)) {
        throw io.usage(`--resolver "${opts.resolver}" is not an IP address with an optional port (192.0.2.53:5353)`);
      }
      const envToken = env.BOUNCEWISE_TOKEN?.trim();
      const token = opts.token ?? (envToken === "" ? undefined : envToken);
      const refused = refusalOf(opts.host, token);
      if (refused !== null) throw io.usage(refused.message);
      const store = new SqliteStore(opts.db ?? defaultDbPath(env));
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({
          store,
          host: opts.host,
          port,
          ...(token === undefined ? {} : { token }),
          ...(opts.resolver === undefined ? {} : { resolver: opts.resolver }),
          webhooks: webhookSecretsOf(env),
          plugins: [...defaultPlugins(), dmarcPlugin, ...(io.plugins ?? [])],
          onError: (error, request) => {
            const e = error as Error;
            io.stderr.write(`bouncewise serve: ${request.method} ${request.url}: ${e.stack ?? e.message}\n`);
          },
        });
      } catch (e) {
        await store.close();
        if (e instanceof ServeError) throw io.usage(e.message);
        throw e;
      }
      io.write(`bouncewise (web app and API) listening on ${server.url} (store: ${store.path})\n`);
      io.write(
        server.tokenRequired
          ? "A token is required: send Authorization: Bearer <token> (health and signed webhooks excepted).\n"
          : "No token: only this machine can call it (listening on loopback).\n",
      );
      io.onListening?.(server.url);
      await new Promise<void>((resolve) => {
        const done = () => {
          process.off("SIGINT", done);
          process.off("SIGTERM", done);
          io.stop?.removeEventListener("abort", done);
          resolve();
        };
        process.on("SIGINT", done);
        process.on("SIGTERM", done);
        if (io.stop?.aborted === true) done();
        else io.stop?.addEventListener("abort", done);
      });
      io.stderr.write("bouncewise serve: stopping\n");
      try {
        await server.close();
      } finally {
        await store.close();
      }
      io.stderr.write("bouncewise serve: stopped\n");
    });
}
