import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { MESSAGINGSERVER } from "./messagingserver.js";

const WITH_DSN = `From: Internet Mail Delivery <postmaster@ms.example.net>
To: sender@example.org
Subject: Delivery Notification: Delivery has failed
Date: Tue, 3 Mar 2026 09:15:01 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="Boundary_(ID_abc)"

--Boundary_(ID_abc)
Content-Type: text/plain; charset=us-ascii

This report relates to a message you sent with the following header fields:

  Message-id: <m-1@example.org>
  Date: Tue, 3 Mar 2026 09:14:00 +0000
  From: sender@example.org
  To: user@example.net
  Subject: Hello

Your message cannot be delivered to the following recipients:

  Recipient address: user@example.net
  Reason: Illegal host/domain name found

--Boundary_(ID_abc)
Content-Type: message/delivery-status

Reporting-MTA: dns;ms.example.net (tcp-daemon)
Arrival-date: Tue, 3 Mar 2026 09:14:01 +0000 (GMT)

Original-recipient: rfc822;user@example.net
Final-recipient: rfc822;user@example.net
Action: failed
Status: 5.4.4 (Illegal host/domain name found)

--Boundary_(ID_abc)--
`;

// PMDF text-only variant with two recipients and a source-routed address (not in the corpus).
const TEXT_ONLY = `From: PMDF e-Mail Interconnect <postmaster@pmdf.example.net>
To: sender@example.org
Subject: Delivery Notification: Delivery has failed

This report relates to a message you sent with the following header fields:

  Message-id: <m-2@example.org>
  To: a@example.net, b@example.net

Your message cannot be delivered to the following recipients:

  Recipient address: @lmtp.example.net:a@store
  Original address: a@example.net
  Reason: LMTP transmission failure has occurred
  Diagnostic code: smtp;552 5.2.2 Mailbox full
  Remote system: dns;lmtp.example.net (TCP|192.0.2.1|1234|192.0.2.2|24)
  Recipient address: b@example.net
  Reason: Remote SMTP server has rejected address
  Diagnostic code: smtp;550 5.1.1 <b@example.net>... User unknown
  Remote system: dns;mx.example.net (TCP|192.0.2.1|1235|192.0.2.3|25)
`;

// The Reason line names the SMTP command: the remote server refused the recipient (RCPT TO) or the sender.
const REJECTED = `From: Internet Mail Delivery <postmaster@ms.example.net>
To: sender@example.org
Subject: Delivery Notification: Delivery has failed
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="Boundary_(ID_def)"

--Boundary_(ID_def)
Content-Type: text/plain; charset=us-ascii

This report relates to a message you sent with the following header fields:

  Message-id: <m-3@example.org>
  To: gone@example.net, c@example.com

Your message cannot be delivered to the following recipients:

  Recipient address: gone@example.net
  Reason: Remote SMTP server has rejected address
  Diagnostic code: smtp;550 <gone@example.net>: User unknown
  Remote system: dns;mx.example.net (TCP|192.0.2.1|1236|192.0.2.3|25)

  Recipient address: c@example.com
  Reason: Server rejected MAIL FROM address
  Diagnostic code: smtp;553 5.1.8 Sender domain does not exist
  Remote system: dns;mx.example.com (TCP|192.0.2.1|1237|192.0.2.4|25)

--Boundary_(ID_def)
Content-Type: message/delivery-status

Reporting-MTA: dns;ms.example.net (tcp-daemon)

Original-recipient: rfc822;gone@example.net
Final-recipient: rfc822;gone@example.net
Action: failed
Status: 5.0.0 (Remote SMTP server has rejected address)
Diagnostic-code: smtp;550 <gone@example.net>: User unknown

Original-recipient: rfc822;c@example.com
Final-recipient: rfc822;c@example.com
Action: failed
Status: 5.1.8 (Server rejected MAIL FROM address)
Diagnostic-code: smtp;553 5.1.8 Sender domain does not exist

--Boundary_(ID_def)--
`;

describe("messagingserver", () => {
  it("reads the DSN and uses the human Reason when there is no Diagnostic-Code", () => {
    const { results } = parseBounce(WITH_DSN);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "messagingserver",
      recipient: "user@example.net",
      status: "5.4.4",
      reason: "hostunknown",
      diagnosticCode: "Illegal host/domain name found",
    });
  });

  it("reads the human blocks alone, preferring the original address to a source route", () => {
    const { results } = parseBounce(TEXT_ONLY);
    expect(results.map((r) => [r.recipient, r.status, r.reason, r.remoteMta])).toEqual([
      ["a@example.net", "5.2.2", "mailboxfull", "lmtp.example.net"],
      ["b@example.net", "5.1.1", "userunknown", "mx.example.net"],
    ]);
    expect(results[1]?.diagnosticCode).toBe("550 5.1.1 <b@example.net>... User unknown");
    expect(results.map((r) => r.command)).toEqual([null, "rcpt"]);
  });

  it("takes the SMTP command from the Reason line", () => {
    const { results } = parseBounce(REJECTED);
    expect(results.map((r) => [r.recipient, r.command, r.status])).toEqual([
      ["gone@example.net", "rcpt", "5.0.0"],
      ["c@example.com", "mail", "5.1.8"],
    ]);
    // Refused at RCPT TO: the unknown-user reply is taken at its word.
    expect(results[0]?.reason).toBe("userunknown");
  });

  it("gives null for other mail", () => {
    expect(MESSAGINGSERVER.decode(mailOf("From: a@example.org\nSubject: Delivery Notification: x\n\nHi\n"))).toBeNull();
  });
});
