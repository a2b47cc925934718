import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { MXLOGIC } from "./mxlogic.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const BRACKETED = `Return-Path: <>
Date: Tue, 3 Mar 2026 10:00:00 +0900
From: Mail Delivery System <MAILER-DAEMON@relay0.mxl.example.net>
To: sender@example.com
Subject: Mail delivery failed
Message-Id: <mxl~aaa.0001.0001@relay0.mxl.example.net>
MIME-Version: 1.0
Content-Type: text/plain
X-MX-Bounce: mta/src/queue/bounce
X-MXL-NoteHash: 0000000000000001-0000000000000000000000000000000000000001

This message was created automatically by mail delivery software.

A message that you have sent could not be delivered to one or more
recipients.  This is a permanent error.  The following address failed:

  <nobody@example.net>: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in local recipient table



Included is a copy of the message header:
-----------------------------------------
From: Sender <sender@example.com>
To: nobody@example.net
Subject: Hello
Message-Id: <hello-6@example.com>
Date: Tue, 3 Mar 2026 09:59:59 +0900
`;

// Not in the corpus: Exim's own layout (address alone, the error indented below), the retry period over.
const EXIM_LAYOUT = `Date: Tue, 3 Mar 2026 11:00:00 +0900
From: Mail Delivery System <MAILER-DAEMON@relay1.mxl.example.net>
To: sender@example.com
Subject: Mail delivery failed: returning message to sender
Message-Id: <mxl~bbb.0002.0002@relay1.mxl.example.net>
Content-Type: text/plain
X-MX-Bounce: mta/src/queue/bounce

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  slow@example.org
    retry timeout exceeded
  busy@example.org
    SMTP error from remote mail server after RCPT TO:<busy@example.org>:
    host mx.example.org [192.0.2.25]: 452 4.2.2 Mailbox full

------ This is a copy of the message, including all the headers. ------
From: Sender <sender@example.com>
Subject: Hello again
`;

describe("mxlogic decoder", () => {
  it("reads '<a@b>: reply' lines and the header copy", () => {
    const { results } = parseBounce(BRACKETED);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "mxlogic",
      recipient: "nobody@example.net",
      status: "5.1.1",
      reason: "userunknown",
      diagnosticCode:
        "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in local recipient table",
    });
    expect(results[0]?.original.messageId).toBe("<hello-6@example.com>");
  });

  it("reads Exim's layout: retry timeout is expired; the remote host and RCPT stage are kept", () => {
    const { results } = parseBounce(EXIM_LAYOUT);
    expect(results.map((r) => [r.recipient, r.reason, r.command, r.remoteMta])).toEqual([
      ["slow@example.org", "expired", null, null],
      ["busy@example.org", "mailboxfull", "rcpt", "mx.example.org"],
    ]);
    expect(results[1]?.original.subject).toBe("Hello again");
  });

  it("returns null for a mail without the MX Logic headers", () => {
    const exim = `From: Mail Delivery System <Mailer-Daemon@mx.example.com>
Subject: Mail delivery failed: returning message to sender
Content-Type: text/plain

This message was created automatically by mail delivery software.

  nobody@example.net
    SMTP error from remote mail server after RCPT TO:<nobody@example.net>:
    host mx.example.net [192.0.2.1]: 550 5.1.1 User unknown
`;
    expect(MXLOGIC.decode(mailOf(exim))).toBeNull();
  });
});
