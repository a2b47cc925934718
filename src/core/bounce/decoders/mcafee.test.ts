import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { MCAFEE } from "./mcafee.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const WITH_DSN = `Date: Tue, 3 Mar 2026 10:00:00 +0900
To: <sender@example.com>
From: <MAILER-DAEMON@gw.example.com>
MIME-Version: 1.0
Content-Type: Multipart/Mixed;
  boundary="------------Boundary-00=_000000000000000000001"
X-NAI-Header: Modified by McAfee Email Gateway (7.6)
Subject: Delivery Status
Message-Id: <202603031000.00000001@gw.example.com>

--------------Boundary-00=_000000000000000000001
Content-Type: text/plain; name="deliveryproblems.txt"

    --- The following addresses had delivery problems ---

<nobody@example.net>   (Unknown user nobody@example.net)

--------------Boundary-00=_000000000000000000001
Content-Type: message/delivery-status; name="deliverystatus.txt"

Original-Recipient: <nobody@example.net>
Action: failed
Diagnostic-Code: smtp; 550 Unknown user nobody@example.net
Remote-MTA: 192.0.2.192

--------------Boundary-00=_000000000000000000001
Content-Type: message/rfc822

From: Sender <sender@example.com>
To: nobody@example.net
Subject: Hello
Message-ID: <hello-5@example.com>

Hello
--------------Boundary-00=_000000000000000000001--
`;

// Not in the corpus: the text part alone (no delivery-status part), two recipients, a wrapped reply.
const TEXT_ONLY = `Date: Tue, 3 Mar 2026 11:00:00 +0900
To: <sender@example.com>
From: <MAILER-DAEMON@gw.example.com>
MIME-Version: 1.0
Content-Type: text/plain
X-NAI-Header: Modified by McAfee Email and Web Security Appliance (3300)
Subject: Delivery Status

    --- The following addresses had delivery problems ---

<first@example.net>   (5.1.1 <first@example.net>... User unknown)
<second@example.net>   (452 4.2.2 <second@example.net>: Mailbox full,
    try again later)
`;

describe("mcafee decoder", () => {
  it("reads the address list and takes the reply and remote MTA from the delivery-status part", () => {
    const { results } = parseBounce(WITH_DSN);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "mcafee",
      recipient: "nobody@example.net",
      replyCode: 550,
      diagnosticCode: "550 Unknown user nobody@example.net",
      remoteMta: "192.0.2.192",
    });
    expect(results[0]?.original.messageId).toBe("<hello-5@example.com>");
  });

  it("reads the text part alone, with a reply wrapped onto the next line", () => {
    const { results } = parseBounce(TEXT_ONLY);
    expect(results.map((r) => [r.decoder, r.recipient, r.status, r.reason])).toEqual([
      ["mcafee", "first@example.net", "5.1.1", "userunknown"],
      ["mcafee", "second@example.net", "4.2.2", "mailboxfull"],
    ]);
    expect(results[1]?.diagnosticCode).toBe("452 4.2.2 <second@example.net>: Mailbox full, try again later");
  });

  it("returns null for a Sendmail bounce that passed through the appliance", () => {
    const relayed = `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>
Subject: Returned mail: see transcript for details
X-NAI-Header: Modified by McAfee Email Gateway (7.6)
Content-Type: text/plain

   ----- The following addresses had permanent fatal errors -----
<nobody@example.net>
    (reason: 550 5.1.1 <nobody@example.net>... User unknown)

   ----- Transcript of session follows -----
<<< 550 5.1.1 <nobody@example.net>... User unknown
`;
    expect(MCAFEE.decode(mailOf(relayed))).toBeNull();
  });
});
