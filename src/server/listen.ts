// Starting the server: refuses a public interface without a token (anyone who can reach it could read the store
// and write into it), listens, and says where and whether a token is needed.

import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildServer } from "./app.js";
import { isLoopbackHost } from "./auth.js";
import type { ServerOptions } from "./context.js";

export const DEFAULT_PORT = 8025;
export const DEFAULT_HOST = "127.0.0.1";
/** Tokens shorter than this are refused: a guessable token is no protection. */
export const MIN_TOKEN_LENGTH = 16;

export class ServeError extends Error {
  constructor(
    readonly code: "EPUBLIC" | "ETOKEN" | "ELISTEN",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ServeError";
  }
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** "http://127.0.0.1:8025" (IPv6 hosts in brackets). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly tokenRequired: boolean;
  /** Stops accepting connections and waits for the requests in flight (the store is the caller's to close). */
  close(): Promise<void>;
}

/** Why a host and token cannot be served, or null when they can. */
export function refusalOf(host: string, token: string | undefined): ServeError | null {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    return new ServeError(
      "ETOKEN",
      `the token must be at least ${MIN_TOKEN_LENGTH} characters long (try: openssl rand -hex 32)`,
    );
  }
  if (token === undefined && !isLoopbackHost(host)) {
    return new ServeError(
      "EPUBLIC",
      `refusing to listen on ${host} without a token: anyone who can reach it could read and change your data. Give --token or set BOUNCEWISE_TOKEN (try: openssl rand -hex 32), or listen on 127.0.0.1`,
    );
  }
  return null;
}

export async function startServer(
  options: ServerOptions & { readonly host?: string; readonly port?: number },
): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token === "" ? undefined : options.token;
  const refused = refusalOf(host, token);
  if (refused !== null) throw refused;
  const app = buildServer({ ...options, ...(token === undefined ? {} : { token }) });
  try {
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  } catch (e) {
    await app.close().catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "EADDRINUSE"
        ? `port ${options.port ?? DEFAULT_PORT} is already in use on ${host}`
        : err.code === "EADDRNOTAVAIL"
          ? `${host} is not an address of this machine`
          : err.message;
    throw new ServeError("ELISTEN", `cannot listen: ${why}`, { cause: e });
  }
  const address = app.server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    app,
    url: `http://${shown}:${address.port}`,
    host: address.address,
    port: address.port,
    tokenRequired: token !== undefined,
    close: () => app.close(),
  };
}
