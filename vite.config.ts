// The web app's build (vite): four pages from web/ into dist/web, which src/server/web.ts serves. Everything the
// pages need is in the output (no CDN, no web font, no inline script: the server's CSP allows 'self' only).
// The shared header and footer are written once here and put into each page at build time.

import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const PAGES = [
  { file: "index.html", path: "/", label: "Explain" },
  { file: "dashboard.html", path: "/dashboard", label: "Dashboard" },
  { file: "domain.html", path: "/domain", label: "Domain check" },
  { file: "dmarc.html", path: "/dmarc", label: "DMARC" },
] as const;

function header(current: string): string {
  const links = PAGES.map(
    (p) => `<li><a href="${p.path}"${p.file === current ? ' aria-current="page"' : ""}>${p.label}</a></li>`,
  ).join("");
  return `<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="bar"><a class="brand" href="/">bouncewise</a>
<nav aria-label="Main"><ul>${links}</ul></nav></div></header>`;
}

const FOOTER = `<footer class="site"><p>bouncewise runs on your machine: these pages, their scripts and charts are served by
your bouncewise server, and nothing is loaded from anywhere else.</p></footer>`;

/** Puts the header (with the current page marked) and the footer into each page. */
function layout(): Plugin {
  return {
    name: "bouncewise-layout",
    transformIndexHtml(html, ctx) {
      const file = ctx.filename.split(/[\\/]/).pop() ?? "";
      return html.replace("<!--bw:header-->", header(file)).replace("<!--bw:footer-->", FOOTER);
    },
  };
}

const root = fileURLToPath(new URL("./web/", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  publicDir: "public",
  plugins: [layout()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web/", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // No data: URIs (the CSP allows none) and no inline module-preload polyfill.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries(PAGES.map((p) => [p.file.replace(".html", ""), `${root}${p.file}`])),
    },
  },
});
