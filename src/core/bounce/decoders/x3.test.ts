import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { X3 } from "./x3.js";

const bar = "============================================================================";
const permanent = `From: Mail Delivery System <Mail.Delivery.System@mx.example.org>
To: sender@example.org
Subject: Delivery status notification
MIME-Version: 1.0
Content-Type: multipart/report; boundary="----x3"

This is a multi-part message in MIME format.

------x3
Content-Type: text/plain; charset=UTF-8;

${bar}
      This is an automatically generated Delivery Status Notification.

Delivery to the following recipients failed permanently:

   * alice@example.com


${bar}
                             Technical details:

SMTP:RCPT host 192.0.2.8: 553 5.3.0 <alice@example.com>... No such user here


${bar}

------x3
Content-Type: message/rfc822; charset=UTF-8;
Content-Disposition: attachment


Message-ID: <original-1@example.org>
Subject: Hello

------x3--
`;

// Gave up after its retry period, two recipients, routing errors (a variant not in the corpus).
const aborted = `From: Mail Delivery System <Mail.Delivery.System@mx.example.org>
To: sender@example.org
Subject: Delivery status notification
Content-Type: text/plain; charset=UTF-8

${bar}
      This is an automatically generated Delivery Status Notification.

Delivery to the following recipients was aborted after 2.0 hour(s):

  * bob@example.net
  * carol@example.com


${bar}
                             Technical details:

Routing: Could not find a gateway for bob@example.net
SMTP:DATA host 192.0.2.9: 451 4.3.0 Temporary local problem


${bar}
`;

describe("x3", () => {
  it("reads the list and the technical details", () => {
    const r = parseBounce(permanent);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.command, x.remoteMta, x.status])).toEqual([
      ["x3", "alice@example.com", "rcpt", "192.0.2.8", "5.3.0"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe("553 5.3.0 <alice@example.com>... No such user here");
    expect(r.results[0]?.reason).toBe("userunknown");
    expect(r.results[0]?.original.messageId).toBe("<original-1@example.org>");
  });

  it("matches details to recipients and marks a give-up after hours as expired", () => {
    const r = parseBounce(aborted);
    expect(r.results.map((x) => [x.recipient, x.reason, x.diagnosticCode])).toEqual([
      ["bob@example.net", "expired", "Routing: Could not find a gateway for bob@example.net"],
      ["carol@example.com", "systemerror", "451 4.3.0 Temporary local problem"],
    ]);
    expect(r.results[1]?.command).toBe("data");
  });

  it("returns null for other DSNs", () => {
    const other = `From: Mail Delivery System <postmaster@example.org>
Subject: Delivery status notification

Your message could not be delivered.
`;
    expect(X3.decode(mailOf(other))).toBeNull();
  });
});
