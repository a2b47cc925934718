// The dashboard in a real browser: its empty state; an mbox of three bounce emails uploaded with the file input (and
// a log dropped on the drop zone) gives the counts, the findings and the suppression list; the CSV download has the
// suppressed addresses; the demo data is loaded and removed with one click each.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoEvents } from "../../src/server/demo.js";
import { postfixBounceLine } from "../server/support.js";
import { type E2e, HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startE2e } from "./support.js";

/** A bounce email from example.org's server: one recipient, one status and diagnostic. */
function bounce(rcpt: string, status: string, diagnostic: string, day: number): string {
  return [
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
    "To: news@example.org",
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <b-${rcpt}@mx.example.org>`,
    `Date: ${day} Nov 2025 10:00:05 +0000`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    "",
    "--B1",
    "Content-Type: text/plain",
    "",
    "Your message could not be delivered.",
    "",
    "--B1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.org",
    "",
    `Final-Recipient: rfc822; ${rcpt}`,
    "Action: failed",
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${diagnostic}`,
    "",
    "--B1",
    "Content-Type: text/rfc822-headers",
    "",
    "From: news@example.org",
    `To: ${rcpt}`,
    "Subject: Spring offers",
    "",
    "--B1--",
    "",
  ].join("\n");
}

const MBOX = [
  bounce("ana@example.com", "5.1.1", "550 5.1.1 <ana@example.com>: Recipient address rejected: User unknown", 24),
  bounce("ben@example.net", "5.1.1", "550 5.1.1 <ben@example.net>: Recipient address rejected: User unknown", 25),
  bounce(
    "chen@example.com",
    "5.1.1",
    "550 5.1.1 <chen@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
    26,
  ),
]
  .map((m, i) => `From MAILER-DAEMON Mon Nov ${24 + i} 10:00:05 2025\n${m}\n`)
  .join("");

const NOW = Date.UTC(2025, 10, 28, 12, 0);

if (!HAS_CHROMIUM) {
  console.warn(NO_CHROMIUM_MESSAGE);
  it.skip(NO_CHROMIUM_MESSAGE, () => undefined);
}

describe.runIf(HAS_CHROMIUM)("dashboard", () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({}, { now: () => NOW });
  });
  afterAll(async () => {
    await e?.close();
  });

  const tile = async (page: import("playwright-core").Page, label: string) => {
    const tiles = await page
      .locator("#totals > div")
      .evaluateAll((els) => els.map((x) => [x.lastChild?.textContent ?? "", x.querySelector("b")?.textContent ?? ""]));
    return tiles.find(([l]) => l === label)?.[1];
  };

  it("shows a clear empty state, then the counts and findings of an uploaded mbox, with upload progress", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dashboard`);
    await expect.poll(() => page.locator("#empty-state").count()).toBe(1);
    expect(await page.locator("#empty-state h2").textContent()).toBe("No data yet");
    expect(await page.locator("#empty-state").textContent()).toContain("load the demo data");

    await page.getByLabel("Drop files here, or choose them").setInputFiles({
      name: "bounces.mbox",
      mimeType: "application/mbox",
      buffer: Buffer.from(MBOX),
    });
    await expect.poll(() => page.locator("#upload-status").textContent()).toContain("Read 1 file: 3 events, 3 new");
    expect(await page.locator("#ingest-progress").getAttribute("value")).toBe("100");
    await expect.poll(() => tile(page, "events")).toBe("3");
    expect(await tile(page, "bounced")).toBe("3");
    const finding = page.locator('#findings tr[data-finding="userunknown-permanent"]');
    expect(await finding.count()).toBe(1);
    expect(await finding.locator("[data-scope]").textContent()).toBe("Recipient");
    expect(await finding.locator(".badge").textContent()).toBe("Fix soon");
    expect(await page.locator("#plan li").count()).toBeGreaterThan(0);
    expect(await page.locator("#charts figure").count()).toBe(3);
    expect(await page.locator("#charts svg[role=img]").count()).toBe(3);
    const suppressed = await page.locator("#suppressions tbody th").allTextContents();
    expect(suppressed).toEqual(["ana@example.com", "ben@example.net", "chen@example.com"]);
  });

  it("takes a file dropped on the drop zone", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dashboard`);
    await expect.poll(() => tile(page, "events")).toBe("3");
    const line = postfixBounceLine("dara@example.org", "4F2A1B3C4D", "Nov 27 09:00:00");
    // A DataTransfer holding one file, made in the page (the way a drag from the desktop arrives).
    const data = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(line)}], "mail.log", { type: "text/plain" })); return dt; })()`,
    );
    await page.locator("#ingest-zone").dispatchEvent("dragover", { dataTransfer: data });
    await page.locator("#ingest-zone").dispatchEvent("drop", { dataTransfer: data });
    await expect.poll(() => page.locator("#upload-status").textContent()).toContain("1 events, 1 new");
    await expect.poll(() => tile(page, "events")).toBe("4");
  });

  it("downloads the suppression list as CSV", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dashboard`);
    const link = page.getByRole("link", { name: "Download CSV" });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe("/api/suppressions?format=csv");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("suppressions.csv");
    const csv = readFileSync((await download.path()) as string, "utf8");
    const rows = csv.trim().split(/\r?\n/);
    expect(rows[0]).toBe("address,cause,reason,count,last_seen");
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 3).join(","))).toEqual([
      "ana@example.com,hard-bounce,userunknown",
      "ben@example.net,hard-bounce,userunknown",
      "chen@example.com,hard-bounce,userunknown",
      "dara@example.org,hard-bounce,userunknown",
    ]);
  });

  it("loads the demo data with one click and removes it with one click, leaving the user's data", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dashboard`);
    await expect.poll(() => tile(page, "events")).toBe("4");
    const n = demoEvents(NOW).length;
    await page.getByRole("button", { name: "Load demo data" }).click();
    await expect
      .poll(() => page.locator("#demo-status").textContent())
      .toBe(`Demo data loaded: ${n.toLocaleString("en-US")} events.`);
    await expect.poll(() => tile(page, "events")).toBe((n + 4).toLocaleString("en-US"));
    const auth = page.locator('#findings tr[data-finding="authfailure-permanent"]');
    expect(await auth.locator("[data-scope]").textContent()).toBe("Several providers");
    expect(await auth.locator(".badge").textContent()).toBe("Critical");
    expect(await page.locator("#findings tbody tr").first().getAttribute("data-finding")).toBe("authfailure-permanent");
    // Daily columns (the user's bounces and the demo span more than three days), stacked by outcome.
    const timeline = page.locator("#charts figure").first();
    expect(await timeline.locator("svg[role=img]").getAttribute("aria-label")).toContain("events per day");
    expect(await timeline.locator("rect.o-delivered").count()).toBeGreaterThanOrEqual(4);
    expect(await timeline.locator("rect.o-bounced").count()).toBeGreaterThanOrEqual(4);

    await page.getByRole("button", { name: "Remove demo data" }).click();
    await expect
      .poll(() => page.locator("#demo-status").textContent())
      .toBe(`Demo data removed: ${n.toLocaleString("en-US")} events.`);
    await expect.poll(() => tile(page, "events")).toBe("4");
    expect(await page.locator('#findings tr[data-finding="authfailure-permanent"]').count()).toBe(0);
    await page.getByRole("button", { name: "Remove demo data" }).click();
    await expect.poll(() => page.locator("#demo-status").textContent()).toBe("There was no demo data to remove.");
  });

  it("asked nothing of any host but the bouncewise server", () => {
    expect(e.external).toEqual([]);
    expect(e.pageErrors).toEqual([]);
    expect(e.requests.filter((u) => !u.startsWith(`${e.base}/`))).toEqual([]);
  });
});
