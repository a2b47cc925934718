import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { MESSAGELABS } from "./messagelabs.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

// The DSN's Diagnostic-Code continues on unindented lines, so the text's "Reason:" is the complete reply.
const AUTH = `From: Mail Delivery System <MAILER-DAEMON@messagelabs.com>
To: <sender@example.com>
Subject: Mail Delivery Failure
Date: Tue, 3 Mar 2026 10:00:00 +0000
Content-Type: multipart/report; report-type=delivery-status;
  boundary="dsn_1000000001"
Message-Id: <20260303100000.AAAA1@mx.example.com>

--dsn_1000000001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

This is the mail delivery agent at Symantec Email Security.cloud.

I was unable to deliver your message to the following addresses:

someone@example.net

Reason: 550-Please turn on SMTP Authentication in your mail client.=20
550-mail1.example.net [192.0.2.21]:25 is not permitted to
550 relay through this server without authentication.

The message subject was: Hello
The message date was: Tue, 3 Mar 2026 09:59:59 +0000

--dsn_1000000001
Content-Type: message/delivery-status

Arrival-Date: Tue, 3 Mar 2026 10:00:00 +0000
Reporting-MTA: dns; server-1.bemta-1.messagelabs.com

Last-Attempt-Date: Tue, 3 Mar 2026 10:00:00 +0000
Diagnostic-Code: smtp; 550-Please turn on SMTP Authentication in your mail client.
550-mail1.example.net [192.0.2.21]:25 is not permitted to
550 relay through this server without authentication.
Status: 5.0.0
Action: failed
Final-Recipient: rfc822; someone@example.net

--dsn_1000000001
Content-Type: text/rfc822-headers

From: Sender <sender@example.com>
To: someone@example.net
Subject: Hello
Message-ID: <hello-4@example.com>

--dsn_1000000001--
`;

// Not in the corpus: two addresses, each with its own Reason block, and no delivery-status part.
const TWO = `From: Mail Delivery System <MAILER-DAEMON@messagelabs.com>
To: <sender@example.com>
Subject: Mail Delivery Failure
Date: Tue, 3 Mar 2026 11:00:00 +0000
Content-Type: text/plain; charset="UTF-8"

This is the mail delivery agent at messagelabs.com.

I was unable to deliver your message to the following addresses:

first@example.net

Reason: 550 5.1.1 <first@example.net>... User unknown

second@example.net

Reason: 452 4.2.2 Mailbox full

The message subject was: Hello
`;

describe("messagelabs decoder", () => {
  it("takes the whole multi-line Reason from the text and the rest from the DSN", () => {
    const { results } = parseBounce(AUTH);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "messagelabs",
      recipient: "someone@example.net",
      status: "5.0.0",
      replyCode: 550,
      reportingMta: "server-1.bemta-1.messagelabs.com",
      diagnosticCode:
        "550-Please turn on SMTP Authentication in your mail client. 550-mail1.example.net [192.0.2.21]:25 is not permitted to 550 relay through this server without authentication.",
    });
    expect(results[0]?.original.messageId).toBe("<hello-4@example.com>");
  });

  it("gives each address its own Reason", () => {
    const { results } = parseBounce(TWO);
    expect(results.map((r) => [r.decoder, r.recipient, r.status, r.reason])).toEqual([
      ["messagelabs", "first@example.net", "5.1.1", "userunknown"],
      ["messagelabs", "second@example.net", "4.2.2", "mailboxfull"],
    ]);
  });

  it("returns null for a bounce of another MTA", () => {
    const other = `From: MAILER-DAEMON@mail.example.com
Subject: Mail Delivery Failure
Content-Type: text/plain

I could not deliver your message to someone@example.net.
`;
    expect(MESSAGELABS.decode(mailOf(other))).toBeNull();
  });
});
