// A server started with a token (as it must be off loopback), in a real browser: the pages load without it, the
// first API call asks for it in a dialog, and with it the dashboard, the demo buttons and the CSV download work
// (the download is fetched with the token, since a plain link cannot send it).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startE2e } from "./support.js";

const TOKEN = "e2e-token-0123456789abcdef";

if (!HAS_CHROMIUM) {
  console.warn(NO_CHROMIUM_MESSAGE);
  it.skip(NO_CHROMIUM_MESSAGE, () => undefined);
}

describe.runIf(HAS_CHROMIUM)("a server with a token", () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({}, { token: TOKEN });
  });
  afterAll(async () => {
    await e?.close();
  });

  it("asks for the token once, then works with it: data, demo and CSV download", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dashboard`);
    const dialog = page.getByRole("dialog", { name: "This server needs its token" });
    await dialog.waitFor();
    await dialog.getByLabel("Token").fill(TOKEN);
    await dialog.getByRole("button", { name: "Use this token" }).click();
    await expect.poll(() => page.locator("#empty-state").count()).toBe(1);
    await page.getByRole("button", { name: "Load demo data" }).click();
    await expect.poll(() => page.locator("#demo-status").textContent()).toMatch(/^Demo data loaded/);
    await page.locator("#findings").waitFor();
    // The token stays for the tab: another page asks no more.
    await page.goto(`${e.base}/`);
    await page
      .getByLabel("Paste an SMTP error or a whole bounce email")
      .fill("550 5.1.1 <ana@example.com>: User unknown");
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    await page.locator("#answer article.card").waitFor();
    expect(await page.getByRole("dialog").count()).toBe(0);
    await page.goto(`${e.base}/dashboard`);
    const link = page.getByRole("link", { name: "Download CSV" });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv.split(/\r?\n/)[0]).toBe("address,cause,reason,count,last_seen");
    expect(csv.split(/\r?\n/).length).toBeGreaterThan(10);
  });

  it("says so when the token is refused or not given", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dashboard`);
    const dialog = page.getByRole("dialog", { name: "This server needs its token" });
    await dialog.getByLabel("Token").fill("wrong-token-0000000000");
    await dialog.getByRole("button", { name: "Use this token" }).click();
    await expect.poll(() => page.locator("#dashboard-status").textContent()).toContain("needs its token");
    // A refused token is asked for again on the next call, saying it was wrong.
    await page.getByRole("button", { name: "Load demo data" }).click();
    await expect.poll(() => dialog.textContent()).toContain("was refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.locator("#demo-status").textContent()).toContain("needs its token");
  });

  it("asked nothing of any host but the bouncewise server", () => {
    expect(e.external).toEqual([]);
    // The only errors are the 401 answers that made the pages ask for the token.
    expect(e.pageErrors.filter((m) => !m.includes("401"))).toEqual([]);
  });
});
