import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { SURFCONTROL } from "./surfcontrol.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const REPORT = `Return-Path: <>
From: <MAILER-DAEMON@example.com>
To: <sender@example.org>
Date: Tue, 3 Mar 2026 10:00:00 +0900
Subject: Hello
X-Mailer: SurfControl E-mail Filter
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="--=_NextPart_SC_10_00_00_Tuesday_March_03_2026_00001"
X-SEF-Processed: 0_0_0_000__2026_03_03_10_00_00
Message-Id: <20260303100000.00000000001@mx.example.com>


----=_NextPart_SC_10_00_00_Tuesday_March_03_2026_00001
Content-Type: text/plain;

Your message could not be sent.
A transcript of the attempts to send the message follows.
The number of attempts made: 1
Addressed To: nobody@example.com

Tue, 3 Mar 2026 10:00:00 +0900
Failed to send to identified host,
nobody@example.com: [192.0.2.5], 550 5.1.1 nobody@example.com... No such user
--- Message non-deliverable.

----=_NextPart_SC_10_00_00_Tuesday_March_03_2026_00001
Content-Type: message/delivery-status;


Action: failed
Final-Recipient: rfc822;nobody@example.com
Diagnostic-Code: smtp; 550 5.1.1 nobody@example.com... No such user
Status: 5.0.0

----=_NextPart_SC_10_00_00_Tuesday_March_03_2026_00001
Content-Type: message/rfc822;

To: <nobody@example.com>
Subject: Hello
From: "Sender" <sender@example.org>
Message-Id: <hello-7@example.org>

Hello
----=_NextPart_SC_10_00_00_Tuesday_March_03_2026_00001--
`;

// Not in the corpus: the text part alone, two recipients, several attempts (the last one counts).
const TEXT_ONLY = `From: <MAILER-DAEMON@example.com>
To: <sender@example.org>
Date: Tue, 3 Mar 2026 12:00:00 +0900
Subject: Hello
X-Mailer: SurfControl E-mail Filter
X-SEF-Processed: 0_0_0_000__2026_03_03_12_00_00
Content-Type: text/plain

Your message could not be sent.
A transcript of the attempts to send the message follows.
The number of attempts made: 2
Addressed To: full@example.com

Tue, 3 Mar 2026 11:00:00 +0900
Failed to send to identified host,
full@example.com: [192.0.2.6], 452 4.2.2 Mailbox full
Tue, 3 Mar 2026 12:00:00 +0900
Failed to send to identified host,
full@example.com: [192.0.2.7], 552 5.2.2 Mailbox full
--- Message non-deliverable.
Addressed To: gone@example.net

Tue, 3 Mar 2026 12:00:00 +0900
Failed to send to identified host,
gone@example.net: [192.0.2.8], 550 5.1.1 User unknown
--- Message non-deliverable.
`;

describe("surfcontrol decoder", () => {
  it("reads the transcript: remote host, reply, the more specific status than the DSN's 5.0.0", () => {
    const { results } = parseBounce(REPORT);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "surfcontrol",
      recipient: "nobody@example.com",
      status: "5.1.1",
      remoteMta: "192.0.2.5",
      reason: "userunknown",
      diagnosticCode: "550 5.1.1 nobody@example.com... No such user",
      date: "Tue, 3 Mar 2026 10:00:00 +0900",
    });
    expect(results[0]?.original.messageId).toBe("<hello-7@example.org>");
  });

  it("reads each recipient's last attempt without a delivery-status part", () => {
    const { results } = parseBounce(TEXT_ONLY);
    expect(results.map((r) => [r.recipient, r.status, r.remoteMta, r.reason])).toEqual([
      ["full@example.com", "5.2.2", "192.0.2.7", "mailboxfull"],
      ["gone@example.net", "5.1.1", "192.0.2.8", "userunknown"],
    ]);
  });

  it("returns null for a mail without SurfControl's headers", () => {
    const other = `From: <MAILER-DAEMON@example.com>
Subject: Hello
Content-Type: text/plain

Your message could not be sent.
Addressed To: nobody@example.com
`;
    expect(SURFCONTROL.decode(mailOf(other))).toBeNull();
  });
});
