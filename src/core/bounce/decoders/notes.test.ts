import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { NOTES } from "./notes.js";

const ONE = `From: postmaster@notes.example.net
To: sender@example.org
Subject: Undeliverable message
Date: Tue, 3 Mar 2026 09:15:01 +0000

------- Failure Reasons  --------

User not listed in public Name & Address Book
user@example.net

------- Returned Message --------
Received: from mx.example.org ([192.0.2.1]) by notes.example.net (Lotus SMTP MTA v4.6.1) with SMTP id 1;
    Tue, 3 Mar 2026 09:15:00 +0000
From: sender@example.org
To: user@example.net
Subject: Agenda
Message-ID: <agenda-1@example.org>

Hello
`;

// Two recipients, each reason line before its address (variant not in the corpus).
const TWO = `From: postmaster@notes.example.net
To: sender@example.org
Subject: Undeliverable message

------- Failure Reasons  --------

User not listed in public Name & Address Book
first@example.net
Message has exceeded maximum hop count
second@example.net

------- Returned Message --------
From: sender@example.org
To: first@example.net, second@example.net
Subject: Agenda
`;

describe("notes", () => {
  it("reads the reason before the address and the inline returned message", () => {
    const { results } = parseBounce(ONE);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "notes",
      recipient: "user@example.net",
      reason: "userunknown",
      diagnosticCode: "User not listed in public Name & Address Book",
    });
    expect(results[0]?.original.messageId).toBe("<agenda-1@example.org>");
  });

  it("gives each recipient the reason line above it", () => {
    const { results } = parseBounce(TWO);
    expect(results.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ["first@example.net", "User not listed in public Name & Address Book"],
      ["second@example.net", "Message has exceeded maximum hop count"],
    ]);
  });

  it("gives null for other mail", () => {
    expect(NOTES.decode(mailOf("From: a@example.org\nSubject: Undeliverable message\n\nHello\n"))).toBeNull();
  });
});
