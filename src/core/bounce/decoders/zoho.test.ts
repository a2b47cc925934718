import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { ZOHO } from "./zoho.js";

const HARD = `From: mailer-daemon@mail.zoho.com
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
Date: Tue, 3 Mar 2026 09:15:01 +0000
X-ZohoMail: Si CHF_MF_NL SS_10 UW48

This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.

one@example.net Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <one@example.net>... User Unknown
two@example.net Invalid Address, ERROR_CODE :552, ERROR_CODE :5.2.2 <two@example.net>... Mailbox Full

Received:from mail.zoho.com by mx.zohomail.com
\twith SMTP id 1; Tue, 3 Mar 2026 01:15:00 -0800 (PST)
Message-ID:<z-1@zoho.example.org>
From:Sender <sender@example.org>
To:<one@example.net>, <two@example.net>
Subject:Hello
`;

const GAVE_UP = `From: mailer-daemon@mail.zoho.com
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
X-ZohoMail: Si

This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.

far@example.com Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.
`;

const DELAY = `From: mailer-daemon@mail.zoho.com
To: sender@example.org
Subject: Mail Delivery Status Notification (Delay)
X-ZohoMail: Si

This message was created automatically by mail delivery system.
THIS IS A WARNING MESSAGE ONLY.

----- The following addresses had fatal errors -----
[Status: Error, Address: <far@example.com>, ResponseCode 421, , Host not reachable.]
Message will be retried for 4 more day(s)
`;

describe("zoho", () => {
  it("reads every ERROR_CODE line as the reply", () => {
    const { results } = parseBounce(HARD);
    expect(results.map((r) => [r.recipient, r.status, r.reason])).toEqual([
      ["one@example.net", "5.1.1", "userunknown"],
      ["two@example.net", "5.2.2", "mailboxfull"],
    ]);
    expect(results[0]?.diagnosticCode).toBe("550 5.1.1 <one@example.net>... User Unknown");
    expect(results[0]?.decoder).toBe("zoho");
    expect(results[0]?.original.messageId).toBe("<z-1@zoho.example.org>");
  });

  it("a 4xx reply in a permanent error is Zoho giving up; a delay notice stays delayed", () => {
    expect(parseBounce(GAVE_UP).results[0]).toMatchObject({ recipient: "far@example.com", reason: "expired" });
    const d = parseBounce(DELAY);
    expect(d.results[0]).toMatchObject({ recipient: "far@example.com", action: "delayed", replyCode: 421 });
    expect(d.kind).toBe("delayed");
  });

  it("gives null for other mail", () => {
    expect(ZOHO.decode(mailOf("From: a@example.org\nSubject: Hello\n\nERROR_CODE :550\n"))).toBeNull();
  });
});
