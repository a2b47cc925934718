import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { OPENSMTPD } from "./opensmtpd.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

// OpenSMTPD 6.x: text part plus a DSN whose Status is a generic 5.0.0.
const WITH_DSN = `Received: from mx.example.org (mx.example.org [local])
\tby mx.example.org (OpenSMTPD) with ESMTPA id 4c015419
\tfor <sender@example.org>;
\tTue, 03 Mar 2026 09:15:01 +0000 (UTC)
Subject: Delivery status notification: failed
From: Mailer Daemon <MAILER-DAEMON@mx.example.org>
To: sender@example.org
Date: Tue, 03 Mar 2026 09:15:01 +0000 (UTC)
MIME-Version: 1.0
Content-Type: multipart/mixed;boundary="b1/mx.example.org"

This is a MIME-encapsulated message.

--b1/mx.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

    Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this email.

    An error has occurred while attempting to deliver a message for
    the following list of recipients:

nobody@example.net: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown
gone@nx.example.net: Domain does not exist

    Below is a copy of the original message:

--b1/mx.example.org
Content-Description: Delivery Report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; nobody@example.net
Action: failed
Status: 5.0.0

Final-Recipient: rfc822; gone@nx.example.net
Action: failed
Status: 5.0.0

--b1/mx.example.org
Content-Description: Message headers
Content-Type: text/rfc822-headers

From: <sender@example.org>
Message-ID: <o-1@example.org>
Subject: hi

--b1/mx.example.org--
`;

// OpenSMTPD 5.x, plain text only: a delay warning whose envelope then expired.
const PLAIN = `From: Mailer Daemon <MAILER-DAEMON@relay.example.org>
Subject: Delivery status notification: warning

    Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.

    A message is delayed for more than 4 hours for the following
    list of recipients:

late@example.net: Envelope expired

    Please note that this is only a temporary failure report.
    The message is kept in the queue for up to 4 days.
    You DO NOT NEED to re-send the message to these recipients.

    Below is a copy of the original message:

From: sender@example.org
Subject: hi
`;

describe("opensmtpd decoder", () => {
  it("reads recipient lines and takes the reply's status over the DSN's generic one", () => {
    const { results } = parseBounce(WITH_DSN);
    expect(results.map((r) => r.recipient)).toEqual(["nobody@example.net", "gone@nx.example.net"]);
    expect(results[0]).toMatchObject({
      decoder: "opensmtpd",
      reason: "userunknown",
      status: "5.1.1",
      reportingMta: "mx.example.org",
      diagnosticCode: "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown",
    });
    expect(results[1]).toMatchObject({ reason: "hostunknown", diagnosticCode: "Domain does not exist" });
    expect(results[0]?.original.messageId).toBe("<o-1@example.org>");
  });

  it("reads the plain-text form, with the MTA's own expiry verdict", () => {
    const { results } = parseBounce(PLAIN);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ recipient: "late@example.net", action: "delayed", reason: "expired" });
  });

  it("gives null for other mail", () => {
    expect(
      OPENSMTPD.decode(mailOf("From: Mailer Daemon <x@example.org>\nSubject: Delivery status notification\n\nhello\n")),
    ).toBeNull();
  });
});
