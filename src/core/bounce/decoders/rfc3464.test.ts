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

  it("gives null for mail without delivery-status fields", () => {
    expect(RFC3464.decode(mailOf("From: a@example.org\nSubject: hello\n\nJust a note.\n"))).toBeNull();
  });
});
