// The DMARC page in a real browser: aggregate reports uploaded (an .xml and an .xml.gz) give the summary, the
// readiness with the record to publish, the alignment by kind of sender and the sources; the stored reports are
// shown again from the store. Skipped, loudly, when the server has no DMARC routes (src/server/dmarc-routes.ts).
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmarcPluginIfAny, type E2e, HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startE2e } from "./support.js";

const HAS_DMARC = (await dmarcPluginIfAny()) !== null;
const NO_DMARC_MESSAGE =
  "SKIPPED: the server has no DMARC routes yet (src/server/dmarc-routes.ts exporting dmarcPlugin: POST /api/dmarc, GET /api/dmarc/report)";

const ZONE = {
  "10.2.0.192.in-addr.arpa": { PTR: ["mail.example.com"] },
  "mail.example.com": { A: ["192.0.2.10"] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:agg@example.com"] },
};

const T0 = Math.floor(Date.UTC(2026, 9, 1) / 1000);

function report(id: string, day: number, rows: readonly { ip: string; count: number; pass: boolean }[]): string {
  const records = rows
    .map(({ ip, count, pass }) => {
      const r = pass ? "pass" : "fail";
      return `<record><row><source_ip>${ip}</source_ip><count>${count}</count>
  <policy_evaluated><disposition>none</disposition><dkim>${r}</dkim><spf>${r}</spf></policy_evaluated></row>
  <identifiers><header_from>example.com</header_from></identifiers>
  <auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>${r}</result></dkim><spf><domain>example.com</domain><result>${r}</result></spf></auth_results></record>`;
    })
    .join("\n");
  return `<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>receiver.example.net</org_name><email>d@receiver.example.net</email>
    <report_id>${id}</report_id><date_range><begin>${T0 + day * 86400}</begin><end>${T0 + (day + 1) * 86400 - 1}</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
${records}
</feedback>`;
}

if (!HAS_CHROMIUM) {
  console.warn(NO_CHROMIUM_MESSAGE);
  it.skip(NO_CHROMIUM_MESSAGE, () => undefined);
} else if (!HAS_DMARC) {
  console.warn(NO_DMARC_MESSAGE);
  it.skip(NO_DMARC_MESSAGE, () => undefined);
}

describe.runIf(HAS_CHROMIUM && HAS_DMARC)("DMARC page", () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(ZONE);
  });
  afterAll(async () => {
    await e?.close();
  });

  it("shows sources, alignment, readiness and the recommended record of uploaded aggregate reports", async () => {
    const { page } = await e.open();
    await page.goto(`${e.base}/dmarc`);
    // The stored reports are read on open: none yet.
    await expect.poll(() => page.locator("#dmarc-empty").count()).toBe(1);
    await page.getByLabel("Drop aggregate reports here, or choose them").setInputFiles([
      {
        name: "receiver-1.xml",
        mimeType: "text/xml",
        buffer: Buffer.from(
          report("r-1", 0, [
            { ip: "192.0.2.10", count: 120, pass: true },
            { ip: "203.0.113.9", count: 6, pass: false },
          ]),
        ),
      },
      {
        name: "receiver-2.xml.gz",
        mimeType: "application/gzip",
        buffer: gzipSync(report("r-2", 1, [{ ip: "192.0.2.10", count: 80, pass: true }])),
      },
    ]);
    await expect.poll(() => page.locator("#dmarc-upload-status").textContent()).toContain("Read 2 aggregate reports");
    const totals = await page.locator("#dmarc-totals > div b").allTextContents();
    expect(totals.slice(0, 2)).toEqual(["2", "206"]);
    expect(await page.locator("#next-policy").textContent()).toMatch(/^p=(none|quarantine|reject)$/);
    expect(await page.locator("#recommended-record").textContent()).toContain("v=DMARC1");
    expect(await page.locator("#recommended-record").textContent()).toContain("rua=mailto:agg@example.com");
    const sources = page.locator("#sources tbody tr");
    expect(await sources.count()).toBe(2);
    expect(await sources.first().locator("th").textContent()).toContain("192.0.2.10");
    expect(await sources.first().locator("th").textContent()).toContain("mail.example.com");
    expect(await sources.first().getAttribute("data-classification")).toBe("own");
    expect(await page.locator("#alignment tbody tr").count()).toBe(4);

    // The same reports, read back from the store.
    await page.getByLabel("Period").selectOption("");
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.locator("#dmarc-status").textContent()).toContain("2 stored reports, 206 messages");
    expect(await page.locator("#sources tbody tr").count()).toBe(2);
  });

  it("asked nothing of any host but the bouncewise server", () => {
    expect(e.external).toEqual([]);
    expect(e.pageErrors).toEqual([]);
    expect(e.requests.filter((u) => !u.startsWith(`${e.base}/`))).toEqual([]);
  });
});
