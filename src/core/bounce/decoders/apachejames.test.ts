import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { APACHEJAMES } from "./apachejames.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const BOUNCE = `From: postmaster@james.example.org
To: sender@example.org
Subject: [BOUNCE]
Message-ID: <1234.5678.JavaMail.james@james.example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_0"

------=_Part_0
Content-Type: text/plain; charset=us-ascii

We were unable to deliver the attached message because of an error in the mail server.

Error message below:
550 5.1.1 <nobody@example.net>... User unknown

Message details:
  Subject: hi
  Sent date: Tue Mar 03 09:15:00 UTC 2026
  MAIL FROM: sender@example.org
  RCPT TO: nobody@example.net
           other@example.net
  From: sender@example.org
  Size (in bytes): 120

------=_Part_0
Content-Type: message/rfc822

From: sender@example.org
Message-ID: <j-1@example.org>
Subject: hi

hi
------=_Part_0--
`;

// Variant: a notifier relaying the receiving system's words after its own notice line.
const INVALID = `From: post_master@sms.example.com
Subject: Re:Test message
Message-ID: <0.1.2.JavaMail.c@example.com>
Content-Type: text/plain

Error: Invalid user address

Error message below:
550 - Requested action not taken: no such user here

Message details:
  Subject: Test message
  MAIL FROM: sender@example.org
  RCPT TO: 5550100@sms.example.com
  Number of lines: 2
`;

describe("apachejames decoder", () => {
  it("reads every RCPT TO address and the error message", () => {
    const { results } = parseBounce(BOUNCE);
    expect(results.map((r) => r.recipient)).toEqual(["nobody@example.net", "other@example.net"]);
    expect(results[0]).toMatchObject({ decoder: "apachejames", reason: "userunknown", status: "5.1.1" });
    expect(results[0]?.original.messageId).toBe("<j-1@example.org>");
  });

  it("keeps the notice line with the relayed error", () => {
    const r = parseBounce(INVALID).results[0];
    expect(r).toMatchObject({ recipient: "5550100@sms.example.com", decoder: "apachejames" });
    expect(r?.diagnosticCode).toBe("Error: Invalid user address 550 - Requested action not taken: no such user here");
  });

  it("gives null without the details block", () => {
    expect(
      APACHEJAMES.decode(mailOf("From: a@example.org\nSubject: [BOUNCE]\n\nMessage details:\nnothing\n")),
    ).toBeNull();
  });
});
