import { describe, expect, it } from "vitest";
import { BOUNCE_VERDICTS, findBounceVerdict } from "../../knowledge/bounce-verdicts.js";
import { explain } from "../diagnose.js";

describe("bounce verdict rules", () => {
  for (const rule of BOUNCE_VERDICTS) {
    it(`${rule.id}: its example decides by this rule`, () => {
      const d = explain(rule.example.text);
      const found = findBounceVerdict({ action: rule.example.action, stage: rule.example.stage, textReason: d.reason });
      expect(found?.id).toBe(rule.id);
      expect(found?.reason).toBe(rule.reason);
    });
  }

  it("leaves the text's reason alone without the context", () => {
    expect(findBounceVerdict({ action: "failed", stage: "rcpt", textReason: "userunknown" })).toBeNull();
    expect(findBounceVerdict({ action: "delayed", stage: null, textReason: "mailboxfull" })).toBeNull();
  });
});
