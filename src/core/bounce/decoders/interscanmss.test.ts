import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { INTERSCANMSS } from "./interscanmss.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const TRANSCRIPT = `Return-Path: <postmaster@example.com>
Message-Id: <202603031400.000001@mx.example.com>
Date: Tue, 3 Mar 2026 14:00:00 +0900
From: "InterScan MSS" <postmaster@example.com>
To: <sender@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="------------InterScan_NT_MIME_Boundary"
Subject: =?iso-2022-jp?B?GyRCJWElQyU7ITwlOCRyR1s/LiRHJC0kXiQ7JHMhIxsoQg==?=

--------------InterScan_NT_MIME_Boundary
Content-type: text/plain

Sent <<< RCPT TO:<nobody@example.net>
Received >>> 550 5.1.1 <nobody@example.net>... User unknown

************************     End of message     **********************

--------------InterScan_NT_MIME_Boundary
Content-type: message/rfc822

From: Sender <sender@example.com>
To: nobody@example.net
Subject: Hello
Message-ID: <hello-3@example.com>

Hello

--------------InterScan_NT_MIME_Boundary--
`;

// Not in the corpus: a translated notice whose arrows point the other way, rejected at DATA.
const TRANSLATED_DATA = `Message-Id: <202603031500.000002@mx.example.com>
Date: Tue, 3 Mar 2026 15:00:00 +0900
From: "InterScan MSS" <postmaster@example.com>
To: <sender@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="------------InterScan_NT_MIME_Boundary"
Subject: =?UTF-8?B?44Oh44O844Or6YWN5L+h44Gr5aSx5pWX44GX44G+44GX44Gf?=

--------------InterScan_NT_MIME_Boundary
Content-type: text/plain; charset=UTF-8

送信 >>> RCPT TO:<big@example.net>
受信 <<< 250 2.1.5 Ok
送信 >>> DATA
受信 <<< 552 5.3.4 Message size exceeds fixed maximum message size

--------------InterScan_NT_MIME_Boundary--
`;

const UNABLE = `Date: Tue, 3 Mar 2026 16:00:00 +0900
To: <list@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="------------InterScan_NT_MIME_Boundary"
Subject: Mail could not be delivered
From: postmaster@example.com ("InterScan Notification")

--------------InterScan_NT_MIME_Boundary
Content-type: text/plain

****** Message from InterScan Messaging Security Suite ******

The following mail could not be delivered.
Reason:  Unable to deliver message to <gone@example.org> (and other recipients in the same domain).

--------------InterScan_NT_MIME_Boundary--
`;

describe("interscanmss decoder", () => {
  it("reads the Sent <<< / Received >>> transcript", () => {
    const { results } = parseBounce(TRANSCRIPT);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "interscanmss",
      recipient: "nobody@example.net",
      status: "5.1.1",
      command: "rcpt",
      diagnosticCode: "550 5.1.1 <nobody@example.net>... User unknown",
      reason: "userunknown",
    });
    expect(results[0]?.original.messageId).toBe("<hello-3@example.com>");
  });

  it("reads a translated transcript by what follows the arrows (DATA-stage size rejection)", () => {
    const { results } = parseBounce(TRANSLATED_DATA);
    expect(results[0]).toMatchObject({
      decoder: "interscanmss",
      recipient: "big@example.net",
      status: "5.3.4",
      command: "data",
      diagnosticCode: "552 5.3.4 Message size exceeds fixed maximum message size",
    });
  });

  it("states userunknown for its own 'Unable to deliver message to' notice", () => {
    const { results } = parseBounce(UNABLE);
    expect(results[0]).toMatchObject({ decoder: "interscanmss", recipient: "gone@example.org", reason: "userunknown" });
  });

  it("returns null for an ordinary message", () => {
    const plain = `From: Someone <someone@example.com>
To: sender@example.com
Subject: Mail could not be delivered? No, it was.
Content-Type: text/plain

Sent <<< nothing here.
`;
    expect(INTERSCANMSS.decode(mailOf(plain))).toBeNull();
  });
});
