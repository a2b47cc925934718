import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { ACTIVEHUNTER } from "./activehunter.js";
import { mailOf } from "./mail-of.test-support.js";

const bounce = (
  header: string,
  transcript: string,
  rcpts: string[],
): string => `From: "MAILER-DAEMON" <MAILER-DAEMON@example.org>
To: sender@example.org
Subject: FAILURE NOTICE : Hello
Date: Tue, 3 Mar 2026 09:15:01 +0900
${header}MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="a1"

--a1
Content-Type: text/plain

The original message was received at Tue, 3 Mar 2026 09:15:00 +0900
from example.org

  ----- The following addresses had permanent fatal errors -----
${rcpts.map((r) => `>>> ${r} <${r}>`).join("\n")}

  ----- Transcript of session follows -----
${transcript}

--a1
Content-Type: message/rfc822

From: sender@example.org
Subject: Hello

--a1--
`;

describe("activehunter", () => {
  it("reads the recipient and the transcript", () => {
    const raw = bounce(
      "X-AHMAILID: 20260303T091500+0900-0000-AAA\n",
      "550 sorry, no mailbox here by that name (#5.1.1 - chkusr)",
      ["user@example.net"],
    );
    const { results } = parseBounce(raw);
    expect(results[0]).toMatchObject({
      decoder: "activehunter",
      recipient: "user@example.net",
      status: "5.1.1",
      reason: "userunknown",
      diagnosticCode: "550 sorry, no mailbox here by that name (#5.1.1 - chkusr)",
    });
  });

  it("gives every listed recipient the transcript", () => {
    const raw = bounce("X-AHMAILID: 1\n", "552 5.2.2 Mailbox full", ["a@example.net", "b@example.net"]);
    const { results } = parseBounce(raw);
    expect(results.map((r) => [r.recipient, r.reason])).toEqual([
      ["a@example.net", "mailboxfull"],
      ["b@example.net", "mailboxfull"],
    ]);
  });

  it("gives null without the gateway's header (the same body from Sendmail)", () => {
    expect(ACTIVEHUNTER.decode(mailOf(bounce("", "550 User unknown", ["user@example.net"])))).toBeNull();
  });
});
