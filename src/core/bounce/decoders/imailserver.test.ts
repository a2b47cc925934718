import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { IMAILSERVER } from "./imailserver.js";
import { mailOf } from "./mail-of.test-support.js";

const UNKNOWN = `From: "Postmaster" <postmaster@example.net>
To: sender@example.org
Subject: Undeliverable Mail
Date: Tue, 3 Mar 2026 09:15:01 -0600
X-Mailer: <SMTP32 v8.22>

Unknown user: user@example.net

Original message follows.

From: sender@example.org
To: user@example.net
Subject: Hello
Message-ID: <h-1@example.org>

Hi
`;

// Retries exhausted, and a remote multi-line reply (variants).
const EXPIRED = `From: "Postmaster" <postmaster@example.net>
To: sender@example.org
Subject: Undeliverable Mail

Delivery failed 12 attempts: slow@example.com

Original message follows.

From: sender@example.org
To: slow@example.com
Subject: Hello
`;

const RESPONSE = `From: "Postmaster" <postmaster@example.net>
To: sender@example.org
Subject: Undeliverable Mail

undeliverable to spam@example.com
Body of message generated response:
550-5.7.1 Message rejected as spam
550 by content filter
`;

describe("imailserver", () => {
  it("reads '<error>: <address>' and the inline original", () => {
    const { results } = parseBounce(UNKNOWN);
    expect(results[0]).toMatchObject({
      decoder: "imailserver",
      recipient: "user@example.net",
      reason: "userunknown",
      diagnosticCode: "Unknown user",
    });
    expect(results[0]?.original.messageId).toBe("<h-1@example.org>");
  });

  it("states expired after the retry count, and reads the remote response", () => {
    expect(parseBounce(EXPIRED).results[0]).toMatchObject({ recipient: "slow@example.com", reason: "expired" });
    const r = parseBounce(RESPONSE).results[0];
    expect(r).toMatchObject({ recipient: "spam@example.com", status: "5.7.1", reason: "spamdetected" });
    expect(r?.diagnosticCode).toBe("550 5.7.1 Message rejected as spam by content filter");
  });

  it("gives null for other mail", () => {
    expect(
      IMAILSERVER.decode(mailOf("From: a@example.org\nSubject: Hello\n\nUnknown user: x@example.net\n")),
    ).toBeNull();
  });
});
