// The domain page in a real browser, against a loopback DNS server: the check as a checklist grouped by check, each
// with its state, severity and exact fix; the form's values in the URL, so that a reload runs the check again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, focused, HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startE2e } from "./support.js";

const ZONE = {
  // SPF does not cover the new server 198.51.100.7; DMARC only monitors; no DKIM key at the probed selectors.
  "example.com": {
    TXT: ["v=spf1 ip4:192.0.2.10 -all"],
    MX: [{ exchange: "mx.example.com", priority: 10 }],
  },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] },
  "mx.example.com": { A: ["192.0.2.25"] },
  "mail.example.com": { A: ["192.0.2.10"] },
  "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.com"] },
};

if (!HAS_CHROMIUM) {
  console.warn(NO_CHROMIUM_MESSAGE);
  it.skip(NO_CHROMIUM_MESSAGE, () => undefined);
}

describe.runIf(HAS_CHROMIUM)("domain page", () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(ZONE);
  });
  afterAll(async () => {
    await e?.close();
  });

  it("shows the check as a checklist grouped by check with severities and fixes", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/domain`);
    await page.getByLabel("Domain", { exact: true }).fill("example.com");
    await page.getByLabel("Sending IP address (optional)").fill("198.51.100.7");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    const items = page.locator("#check-results .checklist > li");
    await expect.poll(() => items.count()).toBeGreaterThan(4);
    const checks = await items.evaluateAll((els) => els.map((x) => x.getAttribute("data-check")));
    // Grouped in the page's order, each check once.
    expect(checks.slice(0, 5)).toEqual(["spf", "dkim", "dmarc", "ptr", "blocklist"]);
    expect(new Set(checks).size).toBe(checks.length);
    const spf = page.locator('#check-results [data-check="spf"]');
    expect(await spf.getAttribute("data-state")).toBe("critical");
    expect(await spf.textContent()).toContain("For 198.51.100.7: fail");
    const dmarc = page.locator('#check-results [data-check="dmarc"]');
    expect(await dmarc.textContent()).toContain("v=DMARC1; p=none");
    // Each problem: a severity badge, the message, why it matters and the fix to apply.
    const problem = dmarc.locator(".findings-list > li").first();
    expect(await problem.locator(".badge").textContent()).toMatch(/Critical|Warning/);
    expect((await problem.locator("pre").textContent())?.length).toBeGreaterThan(5);
    expect(await page.locator('#check-results [data-check="ptr"]').getAttribute("data-state")).not.toBe("ok");
    expect(await page.locator('#check-results [data-check="blocklist"]').textContent()).toContain("Not listed");
    expect(await page.locator("#check-status").textContent()).toMatch(/Checked example\.com: \d+ critical problem/);
    expect(page.url()).toBe(`${e.base}/domain?domain=example.com&ip=198.51.100.7`);

    // The URL runs the same check again.
    await page.reload();
    await expect.poll(() => page.locator("#check-results .checklist > li").count()).toBeGreaterThan(4);
    expect(await page.getByLabel("Domain", { exact: true }).inputValue()).toBe("example.com");
  });

  it("says what is wrong with the form instead of sending it", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/domain`);
    await page.getByLabel("Domain", { exact: true }).fill("not a domain");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    expect(await page.locator("#check-status").textContent()).toContain("Give a domain name");
    expect(await page.getByLabel("Domain", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect((await focused(page)).id).toBe("domain");
  });

  it("asked nothing of any host but the bouncewise server", () => {
    expect(e.external).toEqual([]);
    expect(e.pageErrors).toEqual([]);
    expect(e.requests.filter((u) => !u.startsWith(`${e.base}/`))).toEqual([]);
  });
});
