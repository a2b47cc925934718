// Postfix writes "Recipient address rejected: <why>" for every recipient restriction. The why decides.
import { describe, expect, it } from "vitest";
import { explain } from "../src/core/diagnose.js";

describe("Postfix's 'Recipient address rejected:' prefix", () => {
  it("is a policy refusal when the why says so, as a real Postfix wrote it (scripts/postfix-peer.sh)", () => {
    const d = explain(
      "host 127.0.0.2[127.0.0.2] said: 554 5.7.1 <buyer@refused.example.net>: Recipient address rejected: Mail from your domain is refused by policy (in reply to RCPT TO command)",
    );
    expect(d.reason).toBe("policyviolation");
    expect(d.hardBounce).toBe(false);
  });

  it("is an unknown address when the why names none, or says the address is not listed", () => {
    expect(explain("553 <a@example.net>: Recipient address rejected").reason).toBe("userunknown");
    expect(explain("554 5.7.1 <a@example.com>: Recipient address rejected: Not in recipient list").reason).toBe(
      "userunknown",
    );
  });
});
