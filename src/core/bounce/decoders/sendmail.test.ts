import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { SENDMAIL } from "./sendmail.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

// Sendmail 8 with DSN: the transcript gives the command and the complete (multi-line) reply.
const V8 = `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>
To: <sender@example.org>
Subject: Returned mail: see transcript for details
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1/mx.example.org"

--B1/mx.example.org

The original message was received at Tue, 3 Mar 2026 09:15:00 +0100
from client.example.org [192.0.2.10]

   ----- The following addresses had permanent fatal errors -----
<spam@example.net>
    (reason: 552-5.7.0 This message was blocked because its content presents a potential)

   ----- Transcript of session follows -----
... while talking to mx.example.net.:
>>> DATA
<<< 552-5.7.0 This message was blocked because its content presents a potential
<<< 552-5.7.0 security issue.
<<< 552 5.7.0 See the sender guidelines
554 5.0.0 Service unavailable

--B1/mx.example.org
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: RFC822; spam@example.net
Action: failed
Status: 5.7.0
Remote-MTA: DNS; mx.example.net
Diagnostic-Code: SMTP; 552-5.7.0 This message was blocked because its content presents a potential

--B1/mx.example.org
Content-Type: text/rfc822-headers

Message-Id: <s-1@example.org>
From: sender@example.org
Subject: hi

--B1/mx.example.org--
`;

// Variant: a V5-era notice without DSN, two recipients, the queue lifetime in the Subject.
const V5 = `From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>
Subject: Returned mail: User unknown
To: sender@example.org

   ----- Transcript of session follows -----
While talking to mail.example.net:
>>> RCPT To:<nobody@example.net>
<<< 550 <nobody@example.net>... User unknown
550 <nobody@example.net>... User unknown
550 nx.example.com (smtp)... 550 Host unknown
554 <who@nx.example.com>... 550 Host unknown (Authoritative answer from name server)

   ----- Unsent message follows -----
From: sender@example.org
To: nobody@example.net, who@nx.example.com
Subject: hi
`;

// Each MX refused the connection in its greeting; Sendmail then sent QUIT, whose "421 ... too many errors" answer
// is not the failure (usersmtp.c quotes no command before a greeting reply).
const GREETING = `From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>
To: <sender@example.org>
Subject: Returned mail: Service unavailable
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="G1/relay.example.org"

--G1/relay.example.org

The original message was received at Tue, 3 Mar 2026 09:15:00 +0100
from localhost

   ----- The following addresses had permanent fatal errors -----
<user@example.net>
    (reason: 554 mx1.example.net ESMTP not accepting connections)

   ----- Transcript of session follows -----
... while talking to mx1.example.net.:
<<< 554 mx1.example.net ESMTP not accepting connections
>>> QUIT
<<< 421 4.7.0 mx1.example.net Error: too many errors
... while talking to mx2.example.net.:
<<< 554 mx2.example.net ESMTP not accepting connections
>>> QUIT
<<< 421 4.7.0 mx2.example.net Error: too many errors
554 5.0.0 Service unavailable

--G1/relay.example.org
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.org

Final-Recipient: RFC822; user@example.net
Action: failed
Status: 5.5.0
Diagnostic-Code: SMTP; 554 mx2.example.net ESMTP not accepting connections

--G1/relay.example.org--
`;

describe("sendmail decoder", () => {
  it("enriches the DSN with the transcript's command and full reply", () => {
    const { results } = parseBounce(V8);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "sendmail",
      recipient: "spam@example.net",
      status: "5.7.0",
      command: "data",
      remoteMta: "mx.example.net",
      reportingMta: "mx.example.org",
    });
    expect(results[0]?.diagnosticCode).toBe(
      "552-5.7.0 This message was blocked because its content presents a potential 552-5.7.0 security issue. 552 5.7.0 See the sender guidelines",
    );
  });

  it("reads V5 transcripts without a DSN part", () => {
    const { results } = parseBounce(V5);
    expect(results.map((r) => r.recipient)).toEqual(["nobody@example.net", "who@nx.example.com"]);
    expect(results[0]).toMatchObject({ reason: "userunknown", command: "rcpt", remoteMta: "mail.example.net" });
    expect(results[0]?.diagnosticCode).toBe("550 <nobody@example.net>... User unknown");
    expect(results[1]).toMatchObject({ reason: "hostunknown", command: null });
    expect(results[1]?.diagnosticCode).toBe("550 Host unknown (Authoritative answer from name server)");
  });

  it("takes a refused greeting as the failure, not the answer to the QUIT that followed", () => {
    const { results } = parseBounce(GREETING);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ decoder: "sendmail", recipient: "user@example.net", command: "connect" });
    expect(results[0]?.diagnosticCode).toBe("554 mx2.example.net ESMTP not accepting connections");
    expect(results[0]?.replyCode).toBe(554);
  });

  it("gives null for mail without Sendmail's sections", () => {
    const m = mailOf(
      "From: Mail Delivery Subsystem <x@example.org>\nSubject: Returned mail: x\n\nhello <a@example.net>... no\n",
    );
    expect(SENDMAIL.decode(m)).toBeNull();
  });
});
