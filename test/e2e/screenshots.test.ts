// Every page at desktop (1280x800) and phone (375x812) sizes, filled with data (the demo dataset, a DMARC report,
// an explained reply with its checks, a domain check): a screenshot of each into a folder under the OS temp dir
// (printed), no sideways scrolling of the page on a phone, text contrast at WCAG AA, and no request off 127.0.0.1.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DESKTOP,
  type E2e,
  HAS_CHROMIUM,
  lowContrastTexts,
  NO_CHROMIUM_MESSAGE,
  PHONE,
  screenshotDir,
  scrollsSideways,
  startE2e,
} from "./support.js";

const GMAIL_DMARC =
  "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection a1si123456qkb.12 - gsmtp";

const ZONE = {
  "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"], MX: [{ exchange: "mx.example.com", priority: 10 }] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:agg@example.com"] },
  "mx.example.com": { A: ["192.0.2.25"] },
  "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.com"] },
  "mail.example.com": { A: ["192.0.2.10"] },
};

function aggregateReport(): string {
  const begin = Math.floor(Date.now() / 1000) - 3 * 86400;
  const row = (ip: string, count: number, r: string, dkimDomain: string) =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${r}</dkim><spf>${r}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>${dkimDomain}</domain><result>${r}</result></dkim><spf><domain>example.com</domain><result>${r}</result></spf></auth_results></record>`;
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>receiver.example.net</org_name><email>d@receiver.example.net</email><report_id>shot-1</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>${row("192.0.2.10", 940, "pass", "example.com")}${row("198.51.100.7", 210, "fail", "example.com")}${row("203.0.113.50", 12, "fail", "example.net")}</feedback>`;
}

if (!HAS_CHROMIUM) {
  console.warn(NO_CHROMIUM_MESSAGE);
  it.skip(NO_CHROMIUM_MESSAGE, () => undefined);
}

describe.runIf(HAS_CHROMIUM)("every page, desktop and phone", () => {
  let e: E2e;
  let dir: string;
  beforeAll(async () => {
    e = await startE2e(ZONE);
    dir = screenshotDir("web");
  });
  afterAll(async () => {
    await e?.close();
  });

  async function check(page: Page, name: string, size: "desktop" | "phone"): Promise<void> {
    expect(await scrollsSideways(page), `${name} scrolls sideways at ${size}`).toBe(false);
    expect(await lowContrastTexts(page), `${name} contrast at ${size}`).toEqual([]);
    await page.screenshot({ path: join(dir, `${name}-${size}.png`), fullPage: true });
  }

  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`shows the empty dashboard at ${size} size`, async () => {
      const { page } = await e.open(viewport);
      await page.goto(`${e.base}/dashboard`);
      await page.locator("#empty-state").waitFor();
      await check(page, "dashboard-empty", size);
    });
  }

  it("loads the data the screenshots show", async () => {
    const demo = await fetch(`${e.base}/api/demo`, { method: "POST" });
    expect(demo.status).toBe(200);
    if (e.hasDmarc) {
      const r = await fetch(`${e.base}/api/dmarc?name=receiver.xml`, {
        method: "POST",
        headers: { "content-type": "application/xml" },
        body: aggregateReport(),
      });
      expect(r.status).toBe(200);
    }
  });

  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`shows the home page with an answer and its checks at ${size} size`, async () => {
      const { page } = await e.open(viewport);
      await page.goto(`${e.base}/`);
      await check(page, "home-empty", size);
      await page.getByLabel("Paste an SMTP error or a whole bounce email").fill(GMAIL_DMARC);
      await page.getByRole("button", { name: "Explain", exact: true }).click();
      await page.getByRole("button", { name: "Run all these checks" }).click();
      await expect.poll(() => page.locator("#answer .checklist > li").count()).toBe(3);
      await check(page, "home", size);
    });

    it(`shows the dashboard with the demo data at ${size} size`, async () => {
      const { page } = await e.open(viewport);
      await page.goto(`${e.base}/dashboard`);
      await page.locator("#findings").waitFor();
      await check(page, "dashboard", size);
    });

    it(`shows a domain check at ${size} size`, async () => {
      const { page } = await e.open(viewport);
      await page.goto(`${e.base}/domain?domain=example.com&ip=198.51.100.7`);
      await expect.poll(() => page.locator("#check-results .checklist > li").count()).toBeGreaterThan(4);
      await check(page, "domain", size);
    });

    it(`shows the DMARC page at ${size} size`, async () => {
      const { page } = await e.open(viewport);
      await page.goto(`${e.base}/dmarc`);
      if (e.hasDmarc) await page.locator("#sources").waitFor();
      else await page.locator("#dmarc-status .error").waitFor();
      await check(page, "dmarc", size);
    });
  }

  it("asked nothing of any host but the bouncewise server", () => {
    expect(e.requests.length).toBeGreaterThan(20);
    expect(e.external).toEqual([]);
    expect(e.pageErrors).toEqual([]);
    expect(e.requests.filter((u) => !u.startsWith(`${e.base}/`))).toEqual([]);
  });
});
