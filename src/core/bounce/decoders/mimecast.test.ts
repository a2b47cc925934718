import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { MIMECAST } from "./mimecast.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const ALERT = `Return-Path: <>
Subject: [Postmaster] Email Delivery Failure
Message-Id: <0123456789-1700000000000@us-mta-100.us.mimecast.lan>
Date: Tue, 03 Mar 2026 09:30:00 +0000
From: "postmaster" <postmaster@example.org>
To: <sender@example.com>
Mime-Version: 1.0
X-Mimecast-Originator: <>
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

This is an automated alert notification. Please do not reply.

An email that you attempted to send to the following address could not be d=
elivered:
-- gone@example.net

The problem appears to be :
-- Recipient email address is possibly incorrect

Additional information follows :
-- 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in=
 virtual mailbox table

This condition occurred after 1 attempt(s) to deliver over
a period of 0 hour(s).
`;

// The delivery-status form: the text's reply carries the specific code, the DSN (with "Field : value") 5.0.0.
const WITH_DSN = `Return-Path: <>
Subject: [Postmaster] Email Delivery Failure
Message-Id: <000000002-1700000000001@eu-mta-64.eu.mimecast.lan>
Date: Tue, 03 Mar 2026 11:22:30 +0000
From: Postmaster <postmaster@example.org>
To: <sender@example.com>
Mime-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
 boundary="MCBoundary=_100000000001"

--MCBoundary=_100000000001
Content-Type: text/plain; charset=UTF-8

This is a delivery failure notification message indicating that
an email you addressed to email address :
-- relay@example.net

could not be delivered. The problem appears to be :
-- Recipient email address is possibly incorrect

Additional information follows :
-- 5.7.54 SMTP; Unable to relay recipient in non-accepted domain

--MCBoundary=_100000000001
Content-Type: message/delivery-status; charset=UTF-8

Reporting-MTA : dns;eu-smtp-inbound-delivery-1.mimecast.com
Arrival-Date : Tue, 03 Mar 2026 11:22:21 GMT
Action : failed
Status : 5.0.0
Diagnostic-Code : smtp;550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain
Remote-MTA : mx.example.net
Final-Recipient : rfc/822;relay@example.net

--MCBoundary=_100000000001--
`;

describe("mimecast decoder", () => {
  it("reads the alert form: recipient, the server's reply (QP-wrapped), the problem summary", () => {
    const { results } = parseBounce(ALERT);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "mimecast",
      recipient: "gone@example.net",
      status: "5.1.1",
      replyCode: 550,
      reason: "userunknown",
      diagnosticCode: "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
    });
    expect(results[0]?.fields["x-mimecast-problem"]).toBe("Recipient email address is possibly incorrect");
  });

  it("merges the delivery-status part and keeps the reply's specific status over its 5.0.0", () => {
    const { results } = parseBounce(WITH_DSN);
    expect(results[0]).toMatchObject({
      decoder: "mimecast",
      recipient: "relay@example.net",
      status: "5.7.54",
      replyCode: 550,
      remoteMta: "mx.example.net",
      reportingMta: "eu-smtp-inbound-delivery-1.mimecast.com",
      diagnosticCode: "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain",
    });
  });

  it("returns null for a Postfix bounce from a Mimecast-hosted recipient", () => {
    const postfix = `From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain

<someone@example.net>: host us-smtp-inbound-1.mimecast.com[192.0.2.9] said: 554
    Host network not allowed (in reply to RCPT TO command)
`;
    expect(MIMECAST.decode(mailOf(postfix))).toBeNull();
  });
});
