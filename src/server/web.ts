// The web app's pages and assets, built by vite from web/ into dist/web (vite.config.ts), served as a ServerPlugin:
// public (the pages hold no data; their API calls need the token like any caller), under a strict Content Security
// Policy (only this origin; no inline script or style; no framing). The files are read once when the server starts
// (a few small files, bounded) and answered from memory with an ETag.
// defaultPlugins() gives the plugins `bouncewise serve` runs with: these pages and the demo dataset routes.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ServerPlugin } from "./context.js";
import { demoPlugin } from "./demo.js";

/** The policy of every page: this origin only, nothing inline, no plugins, no framing, no <base> change. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The pages: URL path -> built file. */
export const WEB_PAGES: Readonly<Record<string, string>> = {
  "/": "index.html",
  "/dashboard": "dashboard.html",
  "/domain": "domain.html",
  "/dmarc": "dmarc.html",
};

/** Limits on what is read from the build directory (it holds about ten small files). */
const MAX_FILES = 500;
const MAX_TOTAL_BYTES = 50 * 1024 * 1024;
const MAX_DEPTH = 4;
const SAFE_NAME = /^[A-Za-z0-9._-]{1,200}$/;

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export interface WebPluginOptions {
  /** The built web app (a directory with index.html); default: dist/web found from this module (see findWebRoot). */
  readonly root?: string;
}

interface WebFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  /** Hashed file names under /assets/ never change: cached for a year. */
  readonly immutable: boolean;
}

/**
 * The built web app next to this module: dist/web from dist/server/web.js, or from src/server/web.ts (tests under
 * tsx, `npm run dev`), the repository's dist/web. Null when it has not been built.
 */
export function findWebRoot(from: string = import.meta.url): string | null {
  for (const rel of ["../web/", "../../dist/web/"]) {
    const dir = fileURLToPath(new URL(rel, from));
    if (existsSync(join(dir, "index.html"))) return dir;
  }
  return null;
}

/** Every servable file under `root`, keyed by URL path ("/assets/index-abc.js"). */
export function readWebFiles(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  let total = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SAFE_NAME.test(entry.name)) walk(path, depth + 1);
        continue;
      }
      const type = TYPES[extname(entry.name).toLowerCase()];
      // Only plain names: they become route paths (no ':' or '*', which the router reads as parameters).
      if (!entry.isFile() || type === undefined || !SAFE_NAME.test(entry.name)) continue;
      if (files.size >= MAX_FILES) throw new Error(`${root}: more than ${MAX_FILES} files; is this the web build?`);
      total += statSync(path).size;
      if (total > MAX_TOTAL_BYTES)
        throw new Error(`${root}: more than ${MAX_TOTAL_BYTES} bytes; is this the web build?`);
      const body = readFileSync(path);
      const url = `/${relative(root, path).split(sep).join("/")}`;
      files.set(url, {
        body,
        type,
        etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
        immutable: url.startsWith("/assets/"),
      });
    }
  };
  walk(root, 0);
  return files;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>bouncewise: web app not built</title></head>
<body><main><h1>The web app is not built</h1>
<p>The API works, but the pages have not been built. In the bouncewise source directory run <code>npm run build</code>
(it builds the pages into dist/web), then start the server again.</p></main></body></html>
`;

function setCommonHeaders(reply: FastifyReply): void {
  reply
    .header("content-security-policy", CONTENT_SECURITY_POLICY)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("x-frame-options", "DENY")
    .header("cross-origin-opener-policy", "same-origin")
    .header("cross-origin-resource-policy", "same-origin");
}

function send(request: FastifyRequest, reply: FastifyReply, file: WebFile) {
  setCommonHeaders(reply);
  reply
    .header("etag", file.etag)
    .header("cache-control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache")
    .type(file.type);
  if (request.headers["if-none-match"] === file.etag) return reply.status(304).send();
  return reply.send(file.body);
}

const PUBLIC = { auth: "public" } as const;
const HIDDEN = { hide: true } as const;

/**
 * The pages (/, /dashboard, /domain, /dmarc) and their assets, from `options.root` or the build found by
 * findWebRoot. Without a build the pages answer 503 with how to build them; the API is unaffected.
 * @example buildServer({ store, plugins: [createWebPlugin(), demoPlugin] })
 */
export function createWebPlugin(options: WebPluginOptions = {}): ServerPlugin {
  return (app) => {
    const root = options.root ?? findWebRoot();
    const files = root === null ? new Map<string, WebFile>() : readWebFiles(root);
    for (const [path, name] of Object.entries(WEB_PAGES)) {
      const file = files.get(`/${name}`);
      app.get(path, { schema: HIDDEN, config: PUBLIC }, async (request, reply) => {
        if (file === undefined) {
          setCommonHeaders(reply);
          return reply.status(503).header("cache-control", "no-store").type("text/html; charset=utf-8").send(NOT_BUILT);
        }
        return send(request, reply, file);
      });
    }
    // Every other built file (assets, the icon) at its own path; the pages' .html names are not served twice.
    const pageFiles = new Set(Object.values(WEB_PAGES).map((n) => `/${n}`));
    for (const [path, file] of files) {
      if (pageFiles.has(path)) continue;
      app.get(path, { schema: HIDDEN, config: PUBLIC }, async (request, reply) => send(request, reply, file));
    }
  };
}

/** The web plugin reading the build found next to this module. */
export const webPlugin: ServerPlugin = createWebPlugin();

/**
 * The plugins of `bouncewise serve`: the web app and the demo dataset routes (POST/DELETE /api/demo).
 * @example startServer({ store, plugins: defaultPlugins() })
 */
export function defaultPlugins(options: WebPluginOptions = {}): ServerPlugin[] {
  return [options.root === undefined ? webPlugin : createWebPlugin(options), demoPlugin];
}
