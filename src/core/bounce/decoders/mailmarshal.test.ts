import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { MAILMARSHAL } from "./mailmarshal.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const USER_UNKNOWN = `Received: from MailMarshal.Sender ([127.0.0.1]) by relay.example.com
 (MailMarshal 6.0) with ESMTP id <C000000000001@relay.example.com>; Tue, 3 Mar 2026 10:00:00 +0000
Message-ID: <C000000000001@relay.example.com>
From: postmaster@example.com
To: sender@example.org
CC: 
Date: Tue, 3 Mar 2026 10:00:00 +0000
Subject: Undeliverable Mail: "Quarterly figures"
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="--=0000aaaa-0000-0000-0000-000000000001"


----=0000aaaa-0000-0000-0000-000000000001
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: 7bit

Your message:
   From:    sender@example.org
   Subject: Quarterly figures

Could not be delivered because of

550 5.1.1 User unknown

The following recipients were affected: 
    nobody@example.com




Additional Information
======================
Original Sender:    <sender@example.org>
Sender-MTA:         <192.0.2.250>
Remote-MTA:         <192.0.2.2>
Reporting-MTA:      <relay.example.com>
MessageName:        <B000000000001.000000000001.0001.mml>
Last-Attempt-Date:  <10:00:00 Tue, 03 Mar 2026>

----=0000aaaa-0000-0000-0000-000000000001--
`;

// Not in the corpus: a wrapped reply naming the DATA stage, two affected recipients.
const TWO_RECIPIENTS = `Received: from MailMarshal.Sender ([127.0.0.1]) by relay.example.com
Message-ID: <C000000000002@relay.example.com>
From: postmaster@example.com
To: sender@example.org
Date: Tue, 3 Mar 2026 11:00:00 +0000
Subject: Undeliverable Mail: "Big attachment"
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"

Your message:
   From:    sender@example.org
   Subject: Big attachment

Could not be delivered because of

552 5.3.4 Message size exceeds fixed maximum message size
(in reply to end of DATA command)

The following recipients were affected: 
    first@example.com
    second@example.com

Additional Information
======================
Remote-MTA:         <192.0.2.3>
Reporting-MTA:      <relay.example.com>
`;

describe("mailmarshal decoder", () => {
  it("reads the reply, the affected recipient and the Additional Information block", () => {
    const { results } = parseBounce(USER_UNKNOWN);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "mailmarshal",
      recipient: "nobody@example.com",
      status: "5.1.1",
      replyCode: 550,
      reason: "userunknown",
      diagnosticCode: "550 5.1.1 User unknown",
      remoteMta: "192.0.2.2",
      reportingMta: "relay.example.com",
    });
    expect(results[0]?.original).toMatchObject({ from: "sender@example.org", subject: "Quarterly figures" });
  });

  it("gives the wrapped reply to every affected recipient, with the command it names", () => {
    const { results } = parseBounce(TWO_RECIPIENTS);
    expect(results.map((r) => [r.recipient, r.status, r.command])).toEqual([
      ["first@example.com", "5.3.4", "data"],
      ["second@example.com", "5.3.4", "data"],
    ]);
    expect(results[0]?.diagnosticCode).toBe(
      "552 5.3.4 Message size exceeds fixed maximum message size (in reply to end of DATA command)",
    );
  });

  it("returns null for an ordinary 'Undeliverable' notice of another MTA", () => {
    const other = `From: postmaster@example.com
Subject: Undeliverable: Quarterly figures
Content-Type: text/plain

Delivery has failed to these recipients or groups:
nobody@example.com
`;
    expect(MAILMARSHAL.decode(mailOf(other))).toBeNull();
  });
});
