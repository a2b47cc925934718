import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { COURIER } from "./courier.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const notice = (body: string, dsn: string): string => `From: postmaster@example.org
To: sender@example.org
Subject: NOTICE: mail delivery status.
Message-ID: <courier.4D02EDDF.0000C65A@mx.example.org>
Mime-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="=_courier_0"

--=_courier_0
Content-Type: text/plain; charset=us-ascii

This is a delivery status notification from mx.example.org,
running the Courier mail server, version 1.1.

---------------------------------------------------------------------------

                           UNDELIVERABLE MAIL

Your message to the following recipients cannot be delivered:

${body}
---------------------------------------------------------------------------

--=_courier_0
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

${dsn}
--=_courier_0
Content-Type: message/rfc822

From: sender@example.org
Message-ID: <c-1@example.org>
Subject: hi

hi
--=_courier_0--
`;

const RCPT = notice(
  `<nobody@example.net>:
    mx.example.net [192.0.2.25]:
>>> RCPT TO:<nobody@example.net>
<<< 550 5.1.1 <nobody@example.net>... User Unknown
`,
  `Final-Recipient: rfc822; nobody@example.net
Action: failed
Status: 5.0.0
Remote-MTA: dns; mx.example.net [192.0.2.25]
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>... User Unknown
`,
);
// Variant: Courier's own DNS verdict, no remote host.
const NODOMAIN = notice(
  `<someone@nx.example.com>:
<<< No such domain.
`,
  `Final-Recipient: rfc822; someone@nx.example.com
Action: failed
Status: 5.0.0
Diagnostic-Code: unknown; No such domain.
`,
);

describe("courier decoder", () => {
  it("takes the command and the reply's status from the text part", () => {
    const { results } = parseBounce(RCPT);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "courier",
      recipient: "nobody@example.net",
      reason: "userunknown",
      status: "5.1.1",
      command: "rcpt",
      diagnosticCode: "550 5.1.1 <nobody@example.net>... User Unknown",
      reportingMta: "mx.example.org",
    });
    expect(results[0]?.original.messageId).toBe("<c-1@example.org>");
  });

  it("states a missing domain itself", () => {
    expect(parseBounce(NODOMAIN).results[0]).toMatchObject({
      recipient: "someone@nx.example.com",
      reason: "hostunknown",
    });
  });

  it("gives null without Courier's signature", () => {
    expect(
      COURIER.decode(mailOf("From: a@example.org\nSubject: NOTICE: mail delivery status.\n\n<a@example.net>:\n")),
    ).toBeNull();
  });
});
