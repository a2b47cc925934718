import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { MDAEMON } from "./mdaemon.js";

// SecurityGateway / MDaemon: "Failed address:" and a session transcript of dated log lines.
const GATEWAY = `From: SecurityGateway for Email Servers <noreply@example.net>
To: sender@example.org
Subject: Permanent Delivery Failure
Content-Type: multipart/mixed; boundary="BOUND"
MIME-Version: 1.0

--BOUND
Content-Type: text/plain; charset="us-ascii"

SecurityGateway for Email Servers Non-Delivery Report

The attached message had PERMANENT fatal delivery errors!

YOUR MESSAGE WAS NOT DELIVERED TO ONE OR MORE RECIPIENTS!

Failed address: kate@example.net

--- Session Transcript ---
Wed 2026-08-05 08:01:18: Attempting SMTP connection to [mx.example.net:25]
Wed 2026-08-05 08:01:19: --> RCPT To:<kate@example.net>
Wed 2026-08-05 08:01:19: <-- 550 5.1.1 <kate@example.net> Mailbox unknown
--- End Transcript ---

--BOUND
Content-Type: message/rfc822

From: sender@example.org
To: kate@example.net
Message-ID: <md-1@example.org>
Subject: Hello

Text.
--BOUND--
`;

// MDaemon's own DSN: no "Failed address:" line; the transcript's summary names the recipient, and MDaemon's
// resolver gave up before any server replied.
const DNS_FAILURE = `From: "MDaemon at example.com" <MDaemon@example.com>
To: sender@example.org
Subject: Permanent Delivery Failure
X-MDDSN-Message: Yes
Content-Type: text/plain; charset=iso-8859-1

--------------------------------------------------------------------------
MDaemon Delivery Status Notification - http://www.altn.com/dsn/
--------------------------------------------------------------------------

The attached message had PERMANENT fatal delivery errors.

After one or more unsuccessful delivery attempts the attached message has
been removed from the MDaemon mail queue on this server.

--------------------------------------------------------------------------
YOUR MESSAGE WAS NOT DELIVERED TO ONE OR MORE RECIPIENTS
--------------------------------------------------------------------------

--- Session Transcript ---
 Wed 2013-09-11 12:22:04: Parsing message <pd50004034668.msg>
 Wed 2013-09-11 12:22:04: *  From: sender@example.org
 Wed 2013-09-11 12:22:04: *  To: leo@nodomain.example.com
 Wed 2013-09-11 12:22:04: *  Subject: News
 Wed 2013-09-11 12:22:04: Attempting SMTP connection to [nodomain.example.com]
 Wed 2013-09-11 12:22:04: Resolving A record for [nodomain.example.com] (DNS Server: 192.0.2.53)...
 Wed 2013-09-11 12:22:05: *  Name server reports domain name unknown
--- End Transcript ---
`;

describe("mdaemon decoder", () => {
  it("reads the failed address and the transcript's reply", () => {
    const [r, ...rest] = parseBounce(GATEWAY).results;
    expect(rest).toEqual([]);
    expect([r?.decoder, r?.recipient, r?.status, r?.command, r?.reason]).toEqual([
      "mdaemon",
      "kate@example.net",
      "5.1.1",
      "rcpt",
      "userunknown",
    ]);
    expect(r?.diagnosticCode).toBe("550 5.1.1 <kate@example.net> Mailbox unknown");
    expect(r?.remoteMta).toBe("mx.example.net");
    expect(r?.original.messageId).toBe("<md-1@example.org>");
  });

  it("reads MDaemon's DSN with its own DNS verdict", () => {
    const [r] = parseBounce(DNS_FAILURE).results;
    expect([r?.decoder, r?.recipient, r?.reason, r?.command]).toEqual([
      "mdaemon",
      "leo@nodomain.example.com",
      "hostunknown",
      null,
    ]);
    expect(r?.diagnosticCode).toBe("Name server reports domain name unknown");
  });

  it("returns null for other mail", () => {
    const plain = `From: someone@example.org\nSubject: hello\n\nFailed address: none, this is a note.\n`;
    expect(MDAEMON.decode(mailOf(plain))).toBeNull();
  });
});
