import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { DOMINO } from "./domino.js";
import { mailOf } from "./mail-of.test-support.js";

const PLAIN = `From: Postmaster@example.net
To: sender@example.org
Subject: DELIVERY FAILURE: User Jane Doe (jane@example.net) not listed in Domino Directory
Date: Tue, 3 Mar 2026 09:15:01 +0000

Your message

  Subject: Minutes

was not delivered to:

  jane@example.net

because:

  User Jane Doe (jane@example.net) not listed in Domino Directory

`;

// Domino 9 with a DSN part and two recipients failing for different reasons (variant not in the corpus).
const WITH_DSN = `From: Postmaster@example.net
To: sender@example.org
Subject: DELIVERY FAILURE: Error transferring to relay.example.net; Maximum hop count exceeded
Date: Tue, 3 Mar 2026 09:15:01 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="d1"

--d1
Content-Type: text/plain; charset="utf-8"

Your message

  Subject: Minutes

was not delivered to:

  one@example.net

because:

  Error transferring to relay.example.net; Maximum hop count exceeded.  Message probably in a routing loop.

Your message

  Subject: Minutes

was not delivered to:

  two@example.net

because:

  User two (two@example.net) not listed in Domino Directory

--d1
Content-Type: message/delivery-status

Reporting-MTA: dns;notes.example.net

Final-Recipient: rfc822;one@example.net
Action: failed
Status: 5.0.0
Remote-MTA: smtp;relay.example.net
Diagnostic-Code: X-Notes; Error transferring to relay.example.net; Ma
 ximum hop count exceeded.

Final-Recipient: rfc822;two@example.net
Action: failed
Status: 5.0.0
Diagnostic-Code: X-Notes; User two (two@example.net) not listed in Domino Directory

--d1--
`;

describe("domino", () => {
  it("reads the human report when there is no DSN part", () => {
    const { results } = parseBounce(PLAIN);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "domino",
      recipient: "jane@example.net",
      reason: "userunknown",
      diagnosticCode: "User Jane Doe (jane@example.net) not listed in Domino Directory",
    });
  });

  it("reads the DSN and gives each recipient its own 'because:' text", () => {
    const { results } = parseBounce(WITH_DSN);
    expect(results.map((r) => [r.recipient, r.reason])).toEqual([
      ["one@example.net", "networkerror"],
      ["two@example.net", "userunknown"],
    ]);
    expect(results[0]?.diagnosticCode).toBe(
      "Error transferring to relay.example.net; Maximum hop count exceeded. Message probably in a routing loop.",
    );
    expect(results[0]?.remoteMta).toBe("relay.example.net");
  });

  it("gives null for other mail", () => {
    expect(DOMINO.decode(mailOf("From: a@example.org\nSubject: Hi\n\nHello\n"))).toBeNull();
  });
});
