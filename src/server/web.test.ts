import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../store/sqlite-store.js";
import { buildServer } from "./app.js";
import { CONTENT_SECURITY_POLICY, createWebPlugin, defaultPlugins, findWebRoot } from "./web.js";

const dir = mkdtempSync(join(tmpdir(), "bw-web-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the vite build: the four pages, a hashed asset, the icon, and files that must not be served. */
function fakeBuild(root: string): void {
  mkdirSync(join(root, "assets"), { recursive: true });
  for (const page of ["index", "dashboard", "domain", "dmarc"]) {
    writeFileSync(join(root, `${page}.html`), `<!doctype html><title>${page}</title>`);
  }
  writeFileSync(join(root, "assets", "home-Ab12.js"), "console.log(1);");
  writeFileSync(join(root, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(root, ".secret.js"), "hidden");
  writeFileSync(join(root, "notes.md"), "not a web type");
}

const build = join(dir, "web");
fakeBuild(build);
let n = 0;

async function server(options: { token?: string; root?: string } = {}) {
  const store = new SqliteStore(join(dir, `s${n++}.db`));
  const app = buildServer({
    store,
    plugins: [createWebPlugin({ root: options.root ?? build })],
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  return {
    app,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

describe("the web plugin", () => {
  it("serves each page under a strict CSP, and the assets with long caching and ETags", async () => {
    const { app, close } = await server();
    try {
      for (const [path, title] of [
        ["/", "index"],
        ["/dashboard", "dashboard"],
        ["/domain", "domain"],
        ["/dmarc", "dmarc"],
      ] as const) {
        const r = await app.inject({ url: path });
        expect(r.statusCode).toBe(200);
        expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(r.body).toContain(`<title>${title}</title>`);
        expect(r.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
        expect(r.headers["cache-control"]).toBe("no-cache");
        expect(r.headers["x-content-type-options"]).toBe("nosniff");
      }
      expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe");
      const js = await app.inject({ url: "/assets/home-Ab12.js" });
      expect(js.statusCode).toBe(200);
      expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(js.headers["cache-control"]).toContain("immutable");
      const again = await app.inject({
        url: "/assets/home-Ab12.js",
        headers: { "if-none-match": js.headers.etag as string },
      });
      expect(again.statusCode).toBe(304);
      expect((await app.inject({ url: "/favicon.svg" })).headers["content-type"]).toBe("image/svg+xml");
      expect((await app.inject({ method: "HEAD", url: "/dashboard" })).statusCode).toBe(200);
    } finally {
      await close();
    }
  });

  it("serves nothing else: hidden files, unknown types, .html twice and unknown paths get the API's JSON 404", async () => {
    const { app, close } = await server();
    try {
      for (const url of ["/.secret.js", "/notes.md", "/index.html", "/assets/nope.js", "/assets/../index.html"]) {
        const r = await app.inject({ url });
        expect(r.statusCode, url).toBe(404);
        expect(r.json()).toMatchObject({ error: { code: "not_found" } });
      }
    } finally {
      await close();
    }
  });

  it("keeps the pages public when the server has a token, while the API still needs it", async () => {
    const { app, close } = await server({ token: "0123456789abcdef0123" });
    try {
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
      expect((await app.inject({ url: "/assets/home-Ab12.js" })).statusCode).toBe(200);
      expect((await app.inject({ url: "/api/report" })).statusCode).toBe(401);
    } finally {
      await close();
    }
  });

  it("answers 503 with how to build the pages when there is no build, and the API still works", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty, { recursive: true });
    const { app, close } = await server({ root: empty });
    try {
      const r = await app.inject({ url: "/dashboard" });
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain("npm run build");
      expect(r.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
      expect((await app.inject({ url: "/api/health" })).statusCode).toBe(200);
    } finally {
      await close();
    }
  });

  it("finds dist/web from the compiled module and from the source module", () => {
    const repo = join(dir, "repo");
    fakeBuild(join(repo, "dist", "web"));
    const fromDist = pathToFileURL(join(repo, "dist", "server", "web.js")).href;
    const fromSrc = pathToFileURL(join(repo, "src", "server", "web.ts")).href;
    expect(findWebRoot(fromDist)).toBe(`${join(repo, "dist", "web")}/`);
    expect(findWebRoot(fromSrc)).toBe(`${join(repo, "dist", "web")}/`);
    expect(findWebRoot(pathToFileURL(join(dir, "elsewhere", "a", "web.js")).href)).toBeNull();
  });

  it("defaultPlugins adds the pages and the demo routes", async () => {
    const store = new SqliteStore(join(dir, "default.db"));
    const app = buildServer({ store, plugins: defaultPlugins({ root: build }) });
    try {
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
      const r = await app.inject({ method: "DELETE", url: "/api/demo" });
      expect(r.json()).toEqual({ source: "demo:bouncewise", inserted: 0, removed: 0 });
      // The demo routes are documented; the pages and assets are not API routes.
      const paths = Object.keys((await app.inject({ url: "/api/openapi.json" })).json().paths as object);
      expect(paths).toContain("/api/demo");
      expect(paths.filter((p) => !p.startsWith("/api/"))).toEqual([]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
