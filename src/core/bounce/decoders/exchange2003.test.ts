import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { EXCHANGE2003 } from "./exchange2003.js";
import { mailOf } from "./mail-of.test-support.js";

// Exchange 5.5 Internet Mail Service layout: not multipart, MSEXCH code wrapped onto the next line.
const IMS = `From: System Administrator <postmaster@example.net>
To: sender@example.org
Subject: Undeliverable: Quarterly report
Date: Tue, 3 Mar 2026 09:15:01 +0000
Message-ID: <ndr-1@gw.example.net>
X-Mailer: Internet Mail Service (5.5.2657.72)
X-MS-Embedded-Report:

Your message

  To:      user@example.net
  Subject: Quarterly report
  Sent:    Tue, 3 Mar 2026 09:14:00 +0000

did not reach the following recipient(s):

user@example.net on Tue, 3 Mar 2026 09:15:00 +0000
    The recipient name is not recognized
\tThe MTS-ID of the original message is: c=us;a= ;p=example
;l=GW0000000000000000
    MSEXCH:IMS:EXAMPLE:SITE:GW 0 (000C05A6)
Unknown Recipient
other@example.net on Tue, 3 Mar 2026 09:15:00 +0000
    The recipient name is not recognized
    MSEXCH:IMS:EXAMPLE:SITE:GW 0 (000C05A6) Unknown Recipient
`;

// Exchange 2003 SMTP transport layout (not in the corpus): quoted address, connector line with the reply.
const SMTP2003 = `From: postmaster@example.net
To: sender@example.org
Subject: Undeliverable: Hello
Date: Tue, 3 Mar 2026 09:15:01 +0000
X-MimeOLE: Produced By Microsoft Exchange V6.5
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset="us-ascii"

Your message did not reach some or all of the intended recipients.

      Subject:\tHello
      Sent:\t3/3/2026 9:14 AM

The following recipient(s) cannot be reached:

      'rcpt@example.com' on 3/3/2026 9:15 AM
            550 5.7.1 Unable to relay for rcpt@example.com
            <mail.example.net #5.7.1 smtp;550 5.7.1 Unable to relay for rcpt@example.com>

--b1
Content-Type: message/rfc822

From: sender@example.org
To: rcpt@example.com
Subject: Hello
Message-ID: <orig-1@example.org>

Hi
--b1--
`;

describe("exchange2003", () => {
  it("reads the IMS layout: every recipient, the MSEXCH code's verdict, the Sent block as original", () => {
    const { results } = parseBounce(IMS);
    expect(results.map((r) => r.recipient)).toEqual(["user@example.net", "other@example.net"]);
    expect(results[0]).toMatchObject({ decoder: "exchange2003", reason: "userunknown", action: "failed" });
    expect(results[0]?.diagnosticCode).toBe(
      "The recipient name is not recognized MSEXCH:IMS:EXAMPLE:SITE:GW 0 (000C05A6) Unknown Recipient",
    );
    expect(results[0]?.fields["x-msexch-code"]).toBe("000C05A6");
    expect(results[0]?.original.subject).toBe("Quarterly report");
  });

  it("reads the SMTP connector line: status and reporting host", () => {
    const { results } = parseBounce(SMTP2003);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "exchange2003",
      recipient: "rcpt@example.com",
      status: "5.7.1",
      reportingMta: "mail.example.net",
      date: "3/3/2026 9:15 AM",
    });
    expect(results[0]?.diagnosticCode).toContain("<mail.example.net #5.7.1 smtp;550 5.7.1 Unable to relay");
    expect(results[0]?.reason).toBe("norelaying");
    expect(results[0]?.original.messageId).toBe("<orig-1@example.org>");
  });

  it("gives null for other mail", () => {
    const other = `From: a@example.org\nTo: b@example.net\nSubject: Lunch on Friday\n\nSee you at noon on Friday.\n`;
    expect(EXCHANGE2003.decode(mailOf(other))).toBeNull();
  });
});
