import { describe, expect, it } from "vitest";
import { BOUNCE_VERDICTS, findBounceVerdict } from "../../knowledge/bounce-verdicts.js";
import { explain } from "../diagnose.js";

describe("bounce verdict rules", () => {
  for (const rule of BOUNCE_VERDICTS) {
    it(`${rule.id}: its example decides by this rule`, () => {
      const d = explain(rule.example.text);
      const found = findBounceVerdict({
        action: rule.example.action,
        stage: rule.example.stage,
        status: rule.example.status,
        textReason: d.reason,
        remoteReply: d.replyCode !== null,
        providerRuleDecided: false,
        textDecided: d.evidence.table === "provider-rule" || d.evidence.table === "text-pattern",
      });
      expect(found?.id).toBe(rule.id);
      expect(found?.reason).toBe(rule.reason);
    });
  }

  it("leaves a provider's own documented meaning alone", () => {
    const at = {
      action: "failed",
      stage: "data",
      status: "5.0.0",
      textReason: "userunknown",
      remoteReply: true,
      textDecided: true,
    } as const;
    expect(findBounceVerdict({ ...at, providerRuleDecided: false, textDecided: true })?.id).toBe(
      "verdict.userunknown-after-data",
    );
    expect(findBounceVerdict({ ...at, providerRuleDecided: true })).toBeNull();
  });

  it("leaves the text's reason alone without the context", () => {
    // The reporting MTA's own lookup (no SMTP reply code) stands.
    expect(
      findBounceVerdict({
        action: "failed",
        stage: null,
        status: null,
        textReason: "userunknown",
        remoteReply: false,
        providerRuleDecided: false,
        textDecided: true,
      }),
    ).toBeNull();
    expect(
      findBounceVerdict({
        action: "failed",
        stage: "rcpt",
        status: "5.0.0",
        textReason: "userunknown",
        remoteReply: true,
        providerRuleDecided: false,
        textDecided: true,
      }),
    ).toBeNull();
    expect(
      findBounceVerdict({
        action: "failed",
        stage: null,
        status: "5.1.1",
        textReason: "userunknown",
        remoteReply: true,
        providerRuleDecided: false,
        textDecided: true,
      }),
    ).toBeNull();
    expect(
      findBounceVerdict({
        action: "delayed",
        stage: null,
        status: "4.2.2",
        textReason: "mailboxfull",
        remoteReply: true,
        providerRuleDecided: false,
        textDecided: true,
      }),
    ).toBeNull();
  });
});
