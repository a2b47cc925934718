import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { POSTFIX } from "./postfix.js";

const FAILURE = `Return-Path: <>
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: sender@example.net
Date: Mon, 3 Feb 2025 10:00:00 +0000 (UTC)
Message-Id: <20250203100000.ABC123@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="ABC123.1738576800/mx.example.net"

This is a MIME-encapsulated message.

--ABC123.1738576800/mx.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<nobody@example.com>: host mx1.example.com[192.0.2.10] said: 550 5.1.1
    <nobody@example.com>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

<alias-target@example.org> (expanded from <list@example.net>): host
    mx.example.org[192.0.2.20] said: 552 5.2.2 Mailbox full (in reply to end of
    DATA command)

--ABC123.1738576800/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: ABC123
X-Postfix-Sender: rfc822; sender@example.net
Arrival-Date: Mon,  3 Feb 2025 09:59:58 +0000 (UTC)

Final-Recipient: rfc822; nobody@example.com
Original-Recipient: rfc822;nobody@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx1.example.com
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.com>: Recipient address
    rejected: User unknown in virtual mailbox table

Final-Recipient: rfc822; alias-target@example.org
Original-Recipient: rfc822;list@example.net
Action: failed
Status: 5.2.2
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--ABC123.1738576800/mx.example.net
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Sender <sender@example.net>
To: nobody@example.com
Subject: hello
Message-ID: <orig-1@example.net>

--ABC123.1738576800/mx.example.net--
`;

// Postfix gave up after maximal_queue_lifetime: failure notice, 4.4.1, no server reply.
const EXPIRED = `From: MAILER-DAEMON@relay.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: sender@example.net
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="Q1.1/relay.example.net"

--Q1.1/relay.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<user@example.com>: connect to mx.example.com[192.0.2.30]:25: Connection timed
    out

--Q1.1/relay.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net
X-Postfix-Queue-ID: Q1
X-Postfix-Sender: rfc822; sender@example.net

Final-Recipient: rfc822; user@example.com
Action: failed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.30]:25: Connection
    timed out

--Q1.1/relay.example.net--
`;

// Postfix before 2.3: no delivery-status part, "The Postfix program" signature (variant not in the corpus:
// local(8) error with a mailbox path).
const OLD_NO_DSN = `From: MAILER-DAEMON@old.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: sender@example.net
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="X9.1/old.example.net"

--X9.1/old.example.net
Content-Description: Notification
Content-Type: text/plain

This is the Postfix program at host old.example.net.

I'm sorry to have to inform you that the message returned
below could not be delivered to one or more destinations.

\t\t\tThe Postfix program

<bob@old.example.net>: cannot update mailbox /var/mail/bob for user bob.
    error writing message: File too large

--X9.1/old.example.net
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: sender@example.net
To: bob@old.example.net
Subject: big

body
--X9.1/old.example.net--
`;

// notify_classes = protocol: the SMTP server's transcript to the postmaster.
const TRANSCRIPT = `From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: postmaster@mx.example.net (Postmaster)
Subject: Postfix SMTP server: errors from client.example.org[192.0.2.50]

Transcript of session follows.

 Out: 220 mx.example.net ESMTP
 In:  EHLO client.example.org
 Out: 250 mx.example.net
 In:  MAIL FROM:<sender@example.org>
 Out: 250 2.1.0 Ok
 In:  RCPT TO:<carol@example.net>
 Out: 250 2.1.5 Ok
 In:  DATA
 Out: 354 End data with <CR><LF>.<CR><LF>
 Out: 452 4.3.1 Insufficient system storage
 In:  QUIT
 Out: 221 2.0.0 Bye

For other details, see the local mail logfile
`;

// The notice and the DSN part name each recipient once; here one address carries a quoted local part and the
// other was rewritten in the DSN only (a relay's canonical map): still two recipients, not three or four.
const QUOTED_AND_REWRITTEN = `From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: sender@example.net
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="QR1/mx.example.net"

--QR1/mx.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<"first..last"@example.org>: host mx.example.org[192.0.2.5] said: 550 5.1.1
    <"first..last"@example.org>... User Unknown (in reply to RCPT TO command)

<old-name@example.com>: host mx.example.com[192.0.2.6] said: 550 5.1.1 No
    such user (in reply to RCPT TO command)

--QR1/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: QR1

Final-Recipient: rfc822; "first..last"@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <"first..last"@example.org>... User Unknown

Final-Recipient: rfc822; new-name@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 No such user

--QR1/mx.example.net--
`;

// local(8) delivered to a command that exited 75 (EX_TEMPFAIL) without output: Postfix's sys_exits text only.
const COMMAND_EXIT = `From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: sender@example.net
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="CE1/mx.example.net"

--CE1/mx.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<user@example.net>: temporary failure

--CE1/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: CE1

Final-Recipient: rfc822; user@example.net
Action: failed
Status: 4.3.0
Diagnostic-Code: x-unix; temporary failure

--CE1/mx.example.net--
`;

describe("postfix decoder", () => {
  it("joins the notice records with the DSN part", () => {
    const r = parseBounce(FAILURE);
    expect(r.results.map((x) => x.decoder)).toEqual(["postfix", "postfix"]);
    const [a, b] = r.results;
    expect(a?.recipient).toBe("nobody@example.com");
    expect(a?.status).toBe("5.1.1");
    expect(a?.command).toBe("rcpt");
    expect(a?.remoteMta).toBe("mx1.example.com");
    expect(a?.diagnosticCode).toContain("(in reply to RCPT TO command)");
    expect(a?.reason).toBe("userunknown");
    expect(b?.recipient).toBe("alias-target@example.org");
    expect(b?.alias).toBe("list@example.net");
    expect(b?.command).toBe("end-of-data");
    expect(b?.reason).toBe("mailboxfull");
    expect(a?.original.messageId).toBe("<orig-1@example.net>");
  });

  it("calls a failed 4.4.1 connect error expired", () => {
    const [r] = parseBounce(EXPIRED).results;
    expect(r?.decoder).toBe("postfix");
    expect(r?.reason).toBe("expired");
    expect(r?.command).toBe("connect");
    expect(r?.diagnosticCode).toBe("connect to mx.example.com[192.0.2.30]:25: Connection timed out");
  });

  it("reads a notice without a DSN part", () => {
    const [r] = parseBounce(OLD_NO_DSN).results;
    expect(r?.decoder).toBe("postfix");
    expect(r?.recipient).toBe("bob@old.example.net");
    expect(r?.diagnosticCode).toBe(
      "cannot update mailbox /var/mail/bob for user bob. error writing message: File too large",
    );
    expect(r?.reportingMta).toBe("old.example.net");
    expect(r?.original.subject).toBe("big");
  });

  it("reads a session transcript", () => {
    const [r] = parseBounce(TRANSCRIPT).results;
    expect(r?.decoder).toBe("postfix");
    expect(r?.recipient).toBe("carol@example.net");
    expect(r?.diagnosticCode).toBe("452 4.3.1 Insufficient system storage");
    expect(r?.command).toBe("end-of-data");
  });

  it("pairs the notice with the DSN for quoted local parts and rewritten addresses", () => {
    const { results } = parseBounce(QUOTED_AND_REWRITTEN);
    expect(results.map((r) => [r.decoder, r.recipient, r.command, r.remoteMta])).toEqual([
      ["postfix", '"first..last"@example.org', "rcpt", "mx.example.org"],
      ["postfix", "new-name@example.com", "rcpt", "mx.example.com"],
    ]);
  });

  it("calls a delivery command's bare exit status a mailer error", () => {
    const { results } = parseBounce(COMMAND_EXIT);
    expect(results[0]).toMatchObject({
      decoder: "postfix",
      recipient: "user@example.net",
      status: "4.3.0",
      reason: "mailererror",
      diagnosticCode: "temporary failure",
    });
  });

  it("keeps the notice's full reply and command when the DSN kept only part of it", () => {
    // The Diagnostic-Code holds two of the reply's lines; the notice quotes all of it and names the command.
    const partial = `From: MAILER-DAEMON@relay.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounce@example.org
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relay.example.net.

<grace@example.com>: host mx.example.com[192.0.2.30] said: 550 5.7.515
    Access denied, sending domain EXAMPLE.ORG does not meet the required
    authentication level. See the sender requirements page for details.
    Spf= Fail , Dkim= Fail [ID-1 2026-03-06T09:46:25Z] (in reply to end of DATA command)

--B1
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net

Final-Recipient: rfc822; grace@example.com
Action: failed
Status: 5.7.515
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.7.515 Access denied, sending domain
    EXAMPLE.ORG does not meet the required authentication level.
    Spf= Fail , Dkim= Fail

--B1--
`;
    const [r] = parseBounce(partial).results;
    expect(r?.decoder).toBe("postfix");
    expect(r?.command).toBe("end-of-data");
    expect(r?.diagnosticCode).toContain("See the sender requirements page for details.");
    expect(r?.diagnosticCode).toContain("(in reply to end of DATA command)");
    expect(r?.status).toBe("5.7.515");
  });

  it("returns null for other mail", () => {
    const plain = `From: someone@example.com\nSubject: Undelivered Mail Returned to Sender\n\n<a@example.com>: hello\n`;
    expect(POSTFIX.decode(createBounceMail(readMime(normalizeInput(plain))))).toBeNull();
  });
});
