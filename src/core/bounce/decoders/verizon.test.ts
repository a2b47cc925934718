import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { VERIZON } from "./verizon.js";

const MMS = `From: MMSC NDR Administrator <sysadmin@m01.vzwpix.com>
To: sender@example.org
Subject: Undeliverable Message
Date: Tue, 3 Mar 2026 09:15:01 +0000

Message could not be delivered to mobile.
Error: No valid recipients for this MM

Original Message:
From: Sender <sender@example.org>
To: 2025550100@vzwpix.com
Subject: Photo
Date: Tue, 3 Mar 2026 09:14:00 +0000
`;

const VTEXT = `From: post_master@vtext.com
To: sender@example.org
Subject: Re:Hello
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Error: Invalid user address

Error message below:
550 - Requested action not taken: no such user here

Message details:
  Subject: Hello
  Sent date: Tue Mar 03 09:14:00 GMT 2026
  MAIL FROM: sender@example.org
  RCPT TO: 2025550101@vtext.com
  From: sender@example.org
`;

describe("verizon", () => {
  it("reads the MMS gateway notice: recipient from the original To:", () => {
    const { results } = parseBounce(MMS);
    expect(results[0]).toMatchObject({
      decoder: "verizon",
      recipient: "2025550100@vzwpix.com",
      reason: "userunknown",
      diagnosticCode: "Error: No valid recipients for this MM",
    });
  });

  it("reads the SMS gateway notice: recipient from RCPT TO, the reply below the error", () => {
    const { results } = parseBounce(VTEXT);
    expect(results[0]).toMatchObject({ recipient: "2025550101@vtext.com", reason: "userunknown", replyCode: 550 });
    expect(results[0]?.diagnosticCode).toBe(
      "Error: Invalid user address 550 - Requested action not taken: no such user here",
    );
  });

  it("gives null for other mail", () => {
    expect(VERIZON.decode(mailOf("From: a@example.org\nSubject: Hi\n\nError: none\n"))).toBeNull();
  });
});
