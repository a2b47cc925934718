// The table of sending services: each row's example maps back to that row, no domain is claimed by two rows,
// domains are registrable names, and look-alike names do not match.
import { getDomain } from "tldts";
import { describe, expect, it } from "vitest";
import {
  DMARC_SENDERS,
  type DmarcSenderService,
  serviceOfDkimDomain,
  serviceOfPtr,
  serviceOfReturnPath,
} from "./dmarc-senders.js";

const ROWS = DMARC_SENDERS as readonly DmarcSenderService[];

describe("DMARC_SENDERS", () => {
  it("holds the well-known services, with unique ids", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(ROWS.length);
    const ids = ROWS.map((r) => r.id);
    for (const id of ["amazon-ses", "sendgrid", "mailchimp", "mailgun", "google", "microsoft", "proofpoint"]) {
      expect(ids).toContain(id);
    }
  });

  for (const row of ROWS) {
    it(`${row.id}: its example maps back to it`, () => {
      expect(row.examplePtr !== undefined || row.exampleDkim !== undefined).toBe(true);
      if (row.examplePtr !== undefined) expect(serviceOfPtr(row.examplePtr)?.id).toBe(row.id);
      if (row.exampleDkim !== undefined) expect(serviceOfDkimDomain(row.exampleDkim)?.service.id).toBe(row.id);
    });

    it(`${row.id}: is well formed`, () => {
      expect(row.name.length).toBeGreaterThan(2);
      expect(row.fix.length).toBeGreaterThan(40);
      expect(row.docs).toMatch(/^https:\/\//);
      for (const s of [row.source, row.ptrSource]) expect(s === "observed" || s.startsWith("https://")).toBe(true);
      const all = [...row.ptrDomains, ...row.dkimDomains, ...(row.tenantDkimDomains ?? []), ...row.returnPathDomains];
      expect(row.ptrDomains.length + row.dkimDomains.length + row.returnPathDomains.length).toBeGreaterThan(0);
      for (const d of all) {
        expect(d).toBe(d.toLowerCase());
        // Registrable domains: a row names the organisation's domain, not one host under it.
        expect(getDomain(d)).toBe(d);
      }
    });
  }

  it("never lets two rows claim the same domain", () => {
    const fields: ((r: DmarcSenderService) => readonly string[])[] = [
      (r) => r.ptrDomains,
      (r) => [...r.dkimDomains, ...(r.tenantDkimDomains ?? [])],
      (r) => r.returnPathDomains,
    ];
    for (const field of fields) {
      const owner = new Map<string, string>();
      for (const row of ROWS) {
        for (const d of field(row)) {
          expect(owner.get(d), `${d} is in ${owner.get(d)} and ${row.id}`).toBeUndefined();
          owner.set(d, row.id);
        }
      }
    }
  });

  it("matches subdomains only at a label boundary, ignores case and a trailing dot", () => {
    expect(serviceOfPtr("O1.Outbound-Mail.SendGrid.NET.")?.id).toBe("sendgrid");
    expect(serviceOfPtr("sendgrid.net")?.id).toBe("sendgrid");
    expect(serviceOfPtr("notsendgrid.net")).toBeUndefined();
    expect(serviceOfPtr("sendgrid.net.example.com")).toBeUndefined();
    expect(serviceOfPtr("")).toBeUndefined();
    expect(serviceOfPtr("mail.example.com")).toBeUndefined();
  });

  it("tells a mailbox provider's per-account signing domain from its shared one", () => {
    expect(serviceOfDkimDomain("example-com.20230601.gappssmtp.com")).toMatchObject({
      service: { id: "google" },
      tenant: true,
    });
    expect(serviceOfDkimDomain("contoso.onmicrosoft.com")).toMatchObject({
      service: { id: "microsoft" },
      tenant: true,
    });
    expect(serviceOfDkimDomain("gmail.com")).toMatchObject({ service: { id: "google" }, tenant: false });
    expect(serviceOfDkimDomain("example.com")).toBeUndefined();
  });

  it("names services by their default return-path domain", () => {
    expect(serviceOfReturnPath("us-east-1.amazonses.com")?.id).toBe("amazon-ses");
    expect(serviceOfReturnPath("pm.mtasv.net")?.id).toBe("postmark");
    expect(serviceOfReturnPath("bounce.example.com")).toBeUndefined();
  });
});
