// The home page in a real browser: a Gmail 550-5.7.26 DMARC reply gives the answer card with its actions and the
// buttons of the checks it lists; the checks run against a loopback DNS server and join the card as a checklist;
// a whole bounce email gives one card per recipient; and the page works from the keyboard alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, focused, HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startE2e } from "./support.js";

const GMAIL_DMARC =
  "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550-5.7.26 DMARC policy. Please contact the administrator of example.com domain if\n550-5.7.26 this was a legitimate mail. To learn about the DMARC initiative, go to\n550 5.7.26  https://support.google.com/mail/?p=DmarcRejection a1si123456qkb.12 - gsmtp";

/** A DSN (RFC 3464) from example.org's server for two recipients of news@example.org's message. */
const TWO_RECIPIENT_BOUNCE = [
  "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
  "To: news@example.org",
  "Subject: Undelivered Mail Returned to Sender",
  "Date: Fri, 28 Nov 2025 10:00:05 +0000",
  "MIME-Version: 1.0",
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
  "",
  "--B1",
  "Content-Type: text/plain",
  "",
  "Your message could not be delivered to some recipients.",
  "",
  "--B1",
  "Content-Type: message/delivery-status",
  "",
  "Reporting-MTA: dns; mx.example.org",
  "",
  "Final-Recipient: rfc822; ana@example.net",
  "Action: failed",
  "Status: 5.1.1",
  "Diagnostic-Code: smtp; 550 5.1.1 <ana@example.net>: Recipient address rejected: User unknown",
  "",
  "Final-Recipient: rfc822; ben@example.com",
  "Action: failed",
  "Status: 5.7.1",
  "Remote-MTA: dns; mx.example.com",
  "Diagnostic-Code: smtp; 550 5.7.1 Service unavailable; Client host [192.0.2.99] blocked using zen.spamhaus.org",
  "",
  "--B1",
  "Content-Type: text/rfc822-headers",
  "",
  "From: Newsletter <news@example.org>",
  "To: ana@example.net",
  "Subject: Spring offers",
  "",
  "--B1--",
  "",
].join("\n");

const ZONE = {
  "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"], MX: [{ exchange: "mx.example.com", priority: 10 }] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] },
  "mx.example.com": { A: ["192.0.2.25"] },
  "example.org": { TXT: ["v=spf1 -all"] },
};

if (!HAS_CHROMIUM) {
  console.warn(NO_CHROMIUM_MESSAGE);
  it.skip(NO_CHROMIUM_MESSAGE, () => undefined);
}

describe.runIf(HAS_CHROMIUM)("home page", () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(ZONE);
  });
  afterAll(async () => {
    await e?.close();
  });

  it("explains a Gmail 550-5.7.26 reply as a card with its actions and the check buttons, and runs the checks", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/`);
    const box = page.getByLabel("Paste an SMTP error or a whole bounce email");
    await box.fill(GMAIL_DMARC);
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    const card = page.locator("#answer article.card");
    await expect.poll(() => card.count()).toBe(1);
    await expect.poll(() => card.locator("h2").textContent()).toContain("550 5.7.26");
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("What it means");
    expect(text).toContain("DMARC");
    expect(text).toContain("Likely causes");
    expect(text).toMatch(/Do not resend yet|Do not retry|Temporary/);
    expect(await card.locator(".badge").first().textContent()).toMatch(/Critical|Fix soon/);
    expect(await card.locator("ol.actions-list li").count()).toBeGreaterThan(1);
    expect(await card.locator(".evidence code").first().textContent()).toMatch(/^google\./);
    expect(await page.getByRole("status").first().textContent()).toContain("5.7.26");
    for (const name of ["Check SPF", "Check DKIM", "Check DMARC", "Run all these checks"]) {
      expect(await card.getByRole("button", { name }).count(), name).toBe(1);
    }
    expect(await card.getByLabel("Sending domain").inputValue()).toBe("example.com");

    await card.getByRole("button", { name: "Check DMARC" }).click();
    const dmarc = card.locator('.checklist [data-check="dmarc"]');
    await expect.poll(() => dmarc.count()).toBe(1);
    expect(await dmarc.textContent()).toContain("v=DMARC1; p=none");
    expect(await dmarc.getAttribute("data-state")).not.toBe("ok");
    expect(await dmarc.locator("pre").count()).toBeGreaterThan(0);

    await card.getByRole("button", { name: "Run all these checks" }).click();
    await expect.poll(() => card.locator(".checklist > li").count()).toBe(3);
    const checks = await card
      .locator(".checklist > li")
      .evaluateAll((els) => els.map((x) => x.getAttribute("data-check")));
    expect(checks).toEqual(["spf", "dkim", "dmarc"]);
    expect(await card.locator('.checklist [data-check="spf"]').textContent()).toContain("v=spf1 ip4:192.0.2.10 -all");
    expect(e.dns.queries).toContain("TXT _dmarc.example.com");
  });

  it("shows one card per recipient for a whole bounce email, with the sender domain read from it", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/`);
    await page.getByLabel("Paste an SMTP error or a whole bounce email").fill(TWO_RECIPIENT_BOUNCE);
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    const cards = page.locator("#answer article.card");
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.nth(0).locator("h2").textContent()).toContain("ana@example.net");
    expect(await cards.nth(1).locator("h2").textContent()).toContain("ben@example.com");
    expect(await cards.nth(0).textContent()).toContain("5.1.1");
    // The blocklisted one asks for the blocklist check, with the sender's domain from the returned headers.
    const second = cards.nth(1);
    expect(await second.getByRole("button", { name: "Check Blocklists" }).count()).toBe(1);
    expect(await second.getByLabel("Sending domain").inputValue()).toBe("example.org");
    expect(await page.getByRole("status").first().textContent()).toContain("2 recipients");
  });

  it("can be used with the keyboard alone, with the focus always visible", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/`);
    const active = () => focused(page);
    await page.keyboard.press("Tab");
    let a = await active();
    expect(a.text).toBe("Skip to content");
    expect(a.outline).not.toMatch(/^none/);
    await page.keyboard.press("Enter");
    // From the skip link, the next Tab stops are in the main content: the text box first.
    for (let i = 0; i < 5 && a.id !== "bounce-text"; i++) {
      await page.keyboard.press("Tab");
      a = await active();
    }
    expect(a.id).toBe("bounce-text");
    expect(a.outline).not.toMatch(/^none/);
    await page.keyboard.insertText(GMAIL_DMARC);
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => page.locator("#answer article.card").count()).toBe(1);
    expect(await page.getByRole("status").first().textContent()).toContain("Explained");
    // Tab on to the first check button and run it with Enter.
    for (let i = 0; i < 40 && a.text !== "Check SPF"; i++) {
      await page.keyboard.press("Tab");
      a = await active();
    }
    expect(a.text).toBe("Check SPF");
    expect(a.outline).not.toMatch(/^none/);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('#answer .checklist [data-check="spf"]').count()).toBe(1);
    // Shift+Tab goes back the same way.
    await page.keyboard.press("Shift+Tab");
    expect((await active()).tag).toBe("input");
  });

  it("asked nothing of any host but the bouncewise server", () => {
    expect(e.requests.length).toBeGreaterThan(5);
    expect(e.external).toEqual([]);
    expect(e.pageErrors).toEqual([]);
    expect(e.requests.filter((u) => !u.startsWith(`${e.base}/`))).toEqual([]);
  });
});
