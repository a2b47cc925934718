// `unlessEnhancedSubjects`: generic wording yields to a status that contradicts it (RFC 3463 section 3).
import { describe, expect, it } from "vitest";
import { explain } from "../diagnose.js";

describe("Postfix's 'Recipient address rejected:' prefix", () => {
  it("is an unknown address without a status, or with an addressing status", () => {
    expect(explain("550 5.1.0 Address rejected.").evidence.rule).toBe("text.userunknown.address-rejected");
    expect(explain("553 <a@example.net>: Recipient address rejected").reason).toBe("userunknown");
  });

  it("is not an unknown address when the status is X.7.x: the receiver refused by policy", () => {
    // Written by a real Postfix 3.7 for a check_recipient_access REJECT (scripts/postfix-peer.sh).
    const d = explain(
      "host 127.0.0.2[127.0.0.2] said: 554 5.7.1 <buyer@refused.example.net>: Recipient address rejected: Mail from your domain is refused by policy (in reply to RCPT TO command)",
    );
    expect(d.evidence.rule).not.toBe("text.userunknown.address-rejected");
    expect(d.reason).not.toBe("userunknown");
    expect(d.hardBounce).toBe(false);
  });
});
