import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { RFC3464 } from "./rfc3464.js";

// A DSN whose only error text is the comment after the Status code (the style of RFC 3464's appendix example).
const STATUS_COMMENT = `From: Mail Delivery Subsystem <MAILER-DAEMON@mta.example.org>
To: <sender@example.org>
Subject: Returned mail: delivery problems
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="SC1"

--SC1
Content-Type: text/plain; charset=us-ascii

The following addresses had delivery problems.

--SC1
Content-Type: message/delivery-status

Reporting-MTA: dns; mta.example.org

Final-Recipient: rfc822;later@nx.example.net
Action: delayed
Status: 4.0.0 (nx.example.net: host name lookup failure)

Final-Recipient: rfc822;plain@example.com
Action: failed
Status: 5.0.0 (permanent failure)

Final-Recipient: rfc822;both@example.com
Action: failed
Status: 5.1.1 (bad destination mailbox address)
Diagnostic-Code: smtp; 550 5.1.1 <both@example.com>: Recipient address rejected: User unknown

--SC1--
`;

// A DSN with no Diagnostic-Code whose notification text states the reason beside each address (provider
// forms that print the remote reply under "a@b:", CommuniGate Pro "Failed to deliver to '<a>'").
const TEXT_REASON = `From: Mail Delivery System <mailer-daemon@mx.example.org>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="TR1"

--TR1
Content-Type: text/plain

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error.

    jane@example.net:
        SMTP error from remote server for RCPT command, host: mx.example.net (192.0.2.25) reason:
        550 5.1.1 <jane@example.net>: Recipient address rejected: User unknown
    joe@example.net:
        SMTP error from remote server for RCPT command, host: mx.example.net (192.0.2.25) reason:
        552 5.2.2 Mailbox full

Failed to deliver to '<ann@example.com>'
Messages without To: fields are not accepted here

--TR1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; jane@example.net
Action: failed
Status: 5.0.0

Final-Recipient: rfc822; joe@example.net
Action: failed
Status: 5.0.0

Original-Recipient: rfc822;<ann@example.com>
Final-Recipient: system;<>
Action: failed
Status: 5.0.0

--TR1--
`;

describe("rfc3464", () => {
  it("uses the Status comment as the text when there is no Diagnostic-Code, unless it only names the class", () => {
    const { results } = parseBounce(STATUS_COMMENT);
    expect(results.map((r) => [r.decoder, r.recipient, r.status, r.action])).toEqual([
      ["rfc3464", "later@nx.example.net", "4.0.0", "delayed"],
      ["rfc3464", "plain@example.com", "5.0.0", "failed"],
      ["rfc3464", "both@example.com", "5.1.1", "failed"],
    ]);
    expect(results.map((r) => r.diagnosticCode)).toEqual([
      "nx.example.net: host name lookup failure",
      null,
      "550 5.1.1 <both@example.com>: Recipient address rejected: User unknown",
    ]);
    expect(results[0]?.reason).toBe("networkerror");
  });

  it("takes the reason from the notification text when the DSN has no Diagnostic-Code", () => {
    const { results } = parseBounce(TEXT_REASON);
    expect(results.map((r) => [r.decoder, r.recipient, r.status, r.reason])).toEqual([
      ["rfc3464", "jane@example.net", "5.1.1", "userunknown"],
      ["rfc3464", "joe@example.net", "5.2.2", "mailboxfull"],
      ["rfc3464", "ann@example.com", "5.0.0", results[2]?.reason],
    ]);
    expect(results[0]?.diagnosticCode).toBe(
      "SMTP error from remote server for RCPT command, host: mx.example.net (192.0.2.25) reason: 550 5.1.1 <jane@example.net>: Recipient address rejected: User unknown",
    );
    expect(results[2]?.diagnosticCode).toBe("Messages without To: fields are not accepted here");
  });

  it("drops the lead-in of a rejection notice and keeps the reason on the next line", () => {
    // A delivery agent's notice: "Delivery to <a> failed:" then the reason on the next line; a bare DSN.
    const agent = `From: Mail Delivery Subsystem <postmaster@example.net>
To: <sender@example.org>
Subject: Undeliverable: Hello
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="D1"

--D1
Content-Type: text/plain; charset=utf-8

Delivery to <mia@example.net> failed:
Quota exceeded (mailbox for user is full)
--D1
Content-Type: message/delivery-status

Reporting-MTA: dns; example.net
Final-Recipient: rfc822; mia@example.net
Action: failed
Status: 5.2.2

--D1--
`;
    const [r] = parseBounce(agent).results;
    expect([r?.decoder, r?.recipient, r?.status, r?.reason]).toEqual([
      "rfc3464",
      "mia@example.net",
      "5.2.2",
      "mailboxfull",
    ]);
    expect(r?.diagnosticCode).toBe("Quota exceeded (mailbox for user is full)");
  });

  it("gives null for mail without delivery-status fields", () => {
    expect(RFC3464.decode(mailOf("From: a@example.org\nSubject: hello\n\nJust a note.\n"))).toBeNull();
  });
});
