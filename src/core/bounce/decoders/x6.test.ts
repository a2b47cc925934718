import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { X6 } from "./x6.js";

const fixture = (errors: string): string => `From: mailer-daemon
To: sender@example.org
Subject: There was an error sending your mail
Date: Mon, 2 Mar 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="--=_B1"

This is a multi-part message in MIME format.

----=_B1
Content-Type: text/plain; charset=us-ascii

We had trouble delivering your message. Full details follow:

Subject: 'Hello'
Date: 'Mon, 2 Mar 2026 09:59:00 +0000'

${errors}

The attachment contains the original mail headers. Please verify recipient(s) mail addresses and try resending this message or contact your IT department with contents of this mail.

----=_B1
Content-Type: text/plain; name="mailheaders-1.txt"
Content-Disposition: attachment; filename="mailheaders-1.txt"

Message-ID: <original-1@example.org>
Subject: Hello

----=_B1--
`;

describe("x6", () => {
  it("reads a rejected recipient with its command and server", () => {
    const r = parseBounce(
      fixture(`1 error(s):

SMTP Server <mx.example.com> rejected recipient <alice@example.com> (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]`),
    );
    expect(r.results.map((x) => [x.decoder, x.recipient, x.command, x.remoteMta, x.diagnosticCode])).toEqual([
      ["x6", "alice@example.com", "rcpt", "mx.example.com", "550 5.1.1 User unknown"],
    ]);
    expect(r.results[0]?.reason).toBe("userunknown");
    expect(r.results[0]?.original.messageId).toBe("<original-1@example.org>");
  });

  it("reads a list of recipients refused at DATA (two errors, a variant not in the corpus)", () => {
    const r = parseBounce(
      fixture(`2 error(s):

The following recipients returned permanent errors: bob@example.net, carol@example.net. Reason: SMTP Server <192.0.2.23> refused to accept your message (DATA), with the following error message: [552 5.3.4 Message size exceeds fixed limit]

SMTP Server <mx.example.com> rejected recipient <dave@example.com> (Error following RCPT command). It responded as follows: [452 4.2.2 Mailbox full]`),
    );
    expect(r.results.map((x) => [x.recipient, x.command, x.status])).toEqual([
      ["bob@example.net", "data", "5.3.4"],
      ["carol@example.net", "data", "5.3.4"],
      ["dave@example.com", "rcpt", "4.2.2"],
    ]);
    expect(r.results[0]?.reason).toBe("emailtoolarge");
  });

  it("returns null for other notices", () => {
    expect(
      X6.decode(mailOf("From: a@example.org\nSubject: There was an error sending your mail\n\nSorry.\n")),
    ).toBeNull();
  });
});
