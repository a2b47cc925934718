import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { SENDGRID } from "./sendgrid.js";

const sendgrid = (line: string, fields: string): string => `From: MAILER-DAEMON@relay.example.net
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="g1"

--g1
Content-Type: text/plain

This is an automatically generated message from SendGrid.

I'm sorry to have to tell you that your message was not able to be
delivered to one of its intended recipients.

${line}

--g1
Content-Type: message/delivery-status

X-SendGrid-QueueID: 123456
X-SendGrid-Sender: <bounces+1-2-user=example.com@sendgrid.example.net>
Arrival-Date: 2025-02-05 10-00-00

${fields}

--g1--
`;

const FAILED = sendgrid(
  "user:000000:<user@example.com> : 192.0.2.1 : mx.example.com:[192.0.2.80] : 550 5.1.1 <user@example.com>... User Unknown  in RCPT TO",
  "Final-Recipient: rfc822; user@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: 550 5.1.1 <user@example.com>... User Unknown",
);

const EXPIRED = sendgrid(
  "user:00000:<user@example.org> : Connection timed out in connect",
  "Final-Recipient: rfc822; user@example.org\nAction: expired\nStatus: \nDiagnostic-Code: Connection timed out",
);

const POWER = `From: postmaster@mta.example.net
Subject: Delivery report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="p1"

--p1
Content-Type: text/plain

Hello, this is the mail server on mta.example.net.

  <user@example.com>  delivery failed; will not continue trying

--p1
Content-Type: message/delivery-status

Reporting-MTA: dns;mta.example.net
X-PowerMTA-VirtualMTA: vmta1

Final-Recipient: rfc822;user@example.com
Action: failed
Status: 4.4.7
Remote-MTA: dns;mx.example.com (192.0.2.90)
Diagnostic-Code: smtp;421 4.4.2 Connection timed out
X-PowerMTA-BounceCategory: message-expired

--p1--
`;

describe("sendgrid decoder", () => {
  it("reads host and command from the notice line", () => {
    const [r] = parseBounce(FAILED).results;
    expect(r?.decoder).toBe("sendgrid");
    expect(r?.command).toBe("rcpt");
    expect(r?.remoteMta).toBe("mx.example.com");
    expect(r?.status).toBe("5.1.1");
    expect(r?.reason).toBe("userunknown");
  });

  it("maps Action: expired to an expired failure", () => {
    const [r] = parseBounce(EXPIRED).results;
    expect(r?.action).toBe("failed");
    expect(r?.reason).toBe("expired");
    expect(r?.command).toBe("connect");
  });

  it("returns null for a DSN without SendGrid fields", () => {
    expect(SENDGRID.decode(createBounceMail(readMime(normalizeInput(POWER))))).toBeNull();
  });
});
