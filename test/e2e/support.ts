// End-to-end tests of the web app: the pages built by vite (once per content of web/ and vite.config.ts, into a
// folder under the OS temp dir), the real server on a loopback port over a temporary SQLite file with the web, demo
// and DMARC plugins, a loopback DNS server as its resolver, and Debian's chromium driven by playwright-core (never a
// downloaded browser). Every request a page makes is recorded; any to a host other than 127.0.0.1 is refused and
// reported, so a test can assert that nothing left the machine.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { ServerPlugin } from "../../src/server/context.js";
import { defaultPlugins } from "../../src/server/web.js";
import { startTestServer, type TestServer } from "../server/support.js";
import { startDnsServer, type TestDnsServer, type Zone } from "../support/dns-server.js";

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE = `SKIPPED: the browser tests need Debian's chromium at ${CHROMIUM} (apt-get install -y --no-install-recommends chromium fonts-liberation); playwright-core never downloads a browser here.`;

const REPO = join(import.meta.dirname, "..", "..");

/** Flags from ../shared/design/stack.md: no sandbox (containers), no GPU, no QUIC, no background traffic. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * The web app built from the current sources: a folder under the OS temp dir named by the hash of web/** and
 * vite.config.ts, built on first use (vite build, about a second) and reused while the sources are unchanged.
 */
export function buildWeb(): string {
  const inputs = [...filesUnder(join(REPO, "web")), join(REPO, "vite.config.ts")].sort();
  const hash = createHash("sha256");
  for (const f of inputs) hash.update(relative(REPO, f)).update("\0").update(readFileSync(f)).update("\0");
  const dir = join(tmpdir(), `bouncewise-web-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(dir, "index.html"))) return dir;
  // Built next to the final folder and renamed into place, so that parallel test files never see half a build.
  const building = `${dir}.${process.pid}.${Date.now()}`;
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, "node_modules", "vite", "bin", "vite.js"),
      "build",
      "--outDir",
      building,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    { cwd: REPO, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  try {
    renameSync(building, dir);
  } catch {
    // another test file built it first
    rmSync(building, { recursive: true, force: true });
  }
  if (!statSync(join(dir, "index.html")).isFile()) throw new Error(`no index.html in ${dir}`);
  // Builds of earlier sources are removed once they are an hour old (a run in progress may still use one).
  for (const name of readdirSync(tmpdir())) {
    const old = join(tmpdir(), name);
    if (!/^bouncewise-web-[0-9a-f]{16}$/.test(name) || old === dir) continue;
    try {
      if (Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { recursive: true, force: true });
    } catch {
      // removed by another run
    }
  }
  return dir;
}

/** The DMARC routes, when the server has them (they are optional for the web app). */
export async function dmarcPluginIfAny(): Promise<ServerPlugin | null> {
  try {
    const mod = (await import("../../src/server/dmarc-routes.js")) as { dmarcPlugin?: ServerPlugin };
    return mod.dmarcPlugin ?? null;
  } catch {
    return null;
  }
}

export interface E2e {
  readonly server: TestServer;
  readonly dns: TestDnsServer;
  readonly browser: Browser;
  readonly base: string;
  readonly hasDmarc: boolean;
  /** A fresh browser context at a viewport size; its requests are watched (see `external`). */
  open(size?: { width: number; height: number }): Promise<{ page: Page; context: BrowserContext }>;
  /** Every URL a page asked for that was not on 127.0.0.1 (refused): must stay empty. */
  readonly external: string[];
  /** Every URL pages asked for. */
  readonly requests: string[];
  /** Errors pages reported: uncaught exceptions, console errors (a CSP violation shows here), failed loads. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 375, height: 812 } as const;

export async function startE2e(zone: Zone = {}, options: { now?: () => number; token?: string } = {}): Promise<E2e> {
  const root = buildWeb();
  const dns = await startDnsServer(zone);
  const dmarc = await dmarcPluginIfAny();
  const server = await startTestServer({
    resolver: dns.address,
    plugins: [...defaultPlugins({ root }), ...(dmarc === null ? [] : [dmarc])],
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const external: string[] = [];
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    server,
    dns,
    browser,
    base: server.base,
    hasDmarc: dmarc !== null,
    external,
    requests,
    pageErrors,
    async open(size = DESKTOP) {
      const context = await browser.newContext({ viewport: size, acceptDownloads: true });
      contexts.push(context);
      context.on("request", (r) => requests.push(r.url()));
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === "127.0.0.1") return route.continue();
        external.push(url.href);
        return route.abort("blockedbyclient");
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on("pageerror", (err) => pageErrors.push(`uncaught: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() === "error") pageErrors.push(`console: ${msg.text()}`);
      });
      return { page, context };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
      await dns.close();
    },
  };
}

/** The screenshot folder of this run, under the OS temp dir, printed so that a person can look. */
export function screenshotDir(name: string): string {
  const dir = join(tmpdir(), `bouncewise-screenshots-${name}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  console.log(`bouncewise e2e screenshots (${name}): ${dir}`);
  return dir;
}

// The scripts below run in the page; they are strings because this project's type-check has no DOM library.

/** True when the page is wider than its viewport (the page itself scrolls sideways). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return (await page.evaluate(
    "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1",
  )) as boolean;
}

/** The focused element: its id, tag, text and outline (for focus-visibility checks). */
export async function focused(page: Page): Promise<{ id: string; tag: string; text: string; outline: string }> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    const style = el === null ? null : getComputedStyle(el);
    return {
      id: el?.id ?? "",
      tag: el?.tagName.toLowerCase() ?? "",
      text: (el?.textContent ?? "").trim(),
      outline: style === null ? "none" : style.outlineStyle + " " + style.outlineWidth,
    };
  })()`)) as { id: string; tag: string; text: string; outline: string };
}

const CONTRAST_SCRIPT = `(() => {
  const parse = (c) => {
    const m = /rgba?(([^)]+))/.exec(c);
    if (m === null) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter((x) => x !== "").map(Number);
    return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bgOf = (el) => {
    for (let e = el; e !== null; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!(el instanceof HTMLElement)) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? "").trim() !== "");
    if (!own || el.closest("svg") !== null || el.closest(".visually-hidden") !== null) continue;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden" || style.opacity === "0") continue;
    if (el.disabled === true) continue;
    const l1 = lum(parse(style.color));
    const l2 = lum(bgOf(el));
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = Number.parseFloat(style.fontSize);
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      out.push(el.tagName.toLowerCase() + "." + el.className + ' "' + (el.textContent ?? "").trim().slice(0, 40) + '" ' + ratio.toFixed(2));
    }
  }
  return out;
})()`;

/**
 * Text whose colour contrast with its background is below WCAG AA (4.5:1, or 3:1 for large text): for every
 * visible element with its own text, the colour against the first opaque background up the tree.
 */
export async function lowContrastTexts(page: Page): Promise<string[]> {
  return (await page.evaluate(CONTRAST_SCRIPT)) as string[];
}
