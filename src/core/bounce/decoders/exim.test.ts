import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { EXIM, MAILRU } from "./exim.js";
import { mailOf } from "./mail-of.test-support.js";

// Classic Exim 4 layout: plain text, remote error after RCPT, inline copy of the message.
const classic = `Return-path: <>
Received: from mail by mx1.example.net with local (Exim 4.94)
\tid 1kXyZa-0001Ab-Cd
\tfor sender@example.org; Mon, 02 Mar 2026 10:00:00 +0000
X-Failed-Recipients: alice@example.com, bob@example.com
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@mx1.example.net>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1kXyZa-0001Ab-Cd@mx1.example.net>
Date: Mon, 02 Mar 2026 10:00:00 +0000

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  alice@example.com
    SMTP error from remote mail server after RCPT TO:<alice@example.com>:
    host mx.example.com [192.0.2.10]: 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown
  bob@example.com
    retry timeout exceeded

------ This is a copy of the message, including all the headers. ------

Return-path: <sender@example.org>
Message-Id: <original-1@example.org>
From: sender@example.org
To: alice@example.com, bob@example.com
Subject: Quarterly report

Hello
`;

// Exim 4.8x+ multipart/report: "host" line first, multi-line 550- reply, DSN part with Status 5.0.0.
const multipart = `Return-path: <>
X-Failed-Recipients: carol@example.net
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@relay.example.org>
To: sender@example.org
Content-Type: multipart/report; report-type=delivery-status; boundary=1772445600-eximdsn-1804289383
MIME-Version: 1.0
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1vAbCd-00000000aBc-0XyZ@relay.example.org>
Date: Mon, 02 Mar 2026 10:00:00 +0000

--1772445600-eximdsn-1804289383
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  carol@example.net
    host mx2.example.net [192.0.2.20]
    SMTP error from remote mail server after initial connection:
    554-mx2.example.net Your IP 203.0.113.5 is listed at a DNSBL
    554 See https://dnsbl.example.net/lookup

--1772445600-eximdsn-1804289383
Content-type: message/delivery-status

Reporting-MTA: dns; relay.example.org

Action: failed
Final-Recipient: rfc822;carol@example.net
Status: 5.0.0
Remote-MTA: dns; mx2.example.net
Diagnostic-Code: smtp; 554-mx2.example.net Your IP 203.0.113.5 is listed at a DNSBL
 554 See https://dnsbl.example.net/lookup

--1772445600-eximdsn-1804289383
Content-type: text/rfc822-headers

Return-path: <sender@example.org>
Message-Id: <original-2@example.org>
Subject: Invoice

--1772445600-eximdsn-1804289383--
`;

// Delay warning (deliver.c warning text), not in the corpus in this exact shape: two addresses, "Delay reason".
const warning = `From: Mail Delivery System <Mailer-Daemon@relay.example.org>
To: sender@example.org
Subject: Warning: message 1kXyZa-0001Ab-Cd delayed 24 hours
Message-Id: <E1kXzzz-0002Ab-Cd@relay.example.org>
Date: Tue, 03 Mar 2026 10:00:00 +0000

This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on relay.example.org.

The message identifier is:     1kXyZa-0001Ab-Cd
The subject of the message is: Invoice
The date of the message is:    Mon, 02 Mar 2026 10:00:00 +0000

The addresses to which the message has not yet been delivered are:

  dave@example.com
    host mx.example.com [192.0.2.30]
    Delay reason: SMTP error from remote mail server after MAIL FROM:<sender@example.org> SIZE=2048:
    451 4.7.1 Greylisted, please try again later
  erin@example.com
    Delay reason: SMTP timeout after end of data (0 bytes written): Connection timed out

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.
`;

// Local deliveries: a pipe from a .forward (reported under its parent), an unrouteable domain.
const local = `X-Failed-Recipients: frank@example.com, grace@example.invalid
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@host.example.com>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1kXyZb-0001Ab-Cd@host.example.com>
Date: Mon, 02 Mar 2026 10:00:00 +0000

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  pipe to |/usr/local/bin/autoresponder
    generated by frank@example.com
  grace@example.invalid
    Unrouteable address

------ This is a copy of the message's headers. ------

Message-Id: <original-3@example.org>
Subject: Hi
`;

// Mail.ru: a Russian preamble repeats Exim's list before Exim's own text.
const mailru = `From: mailer-daemon@corp.mail.ru
To: sender@example.org
Subject: =?UTF-8?B?0JLQsNGI0LUg0YHQvtC+0LHRidC10L3QuNC1INC90LUg0LTQvtGB0YLQsNCy0LvQtdC90L4=?=. Mail failure.
Message-Id: <E1XsaNj-0006ay-9N@smtp1.mail.ru>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
Date: Mon, 02 Mar 2026 10:00:00 +0300

Это письмо создано автоматически сервером Mail.Ru, отвечать на него не нужно.

К сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:

  heidi@example.jp
    an MX or SRV record indicated no SMTP service

Рекомендуем Вам проверить корректность указания адресов получателей.

**********************

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  heidi@example.jp
    an MX or SRV record indicated no SMTP service
`;

describe("exim", () => {
  it("reads the classic layout: remote reply after RCPT, and an expired address", () => {
    const r = parseBounce(classic);
    expect(r.results.map((x) => [x.decoder, x.recipient])).toEqual([
      ["exim", "alice@example.com"],
      ["exim", "bob@example.com"],
    ]);
    const [a, b] = r.results;
    expect(a?.diagnosticCode).toBe("550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown");
    expect(a?.command).toBe("rcpt");
    expect(a?.remoteMta).toBe("mx.example.com");
    expect(a?.status).toBe("5.1.1");
    expect(a?.reason).toBe("userunknown");
    expect(b?.diagnosticCode).toBe("retry timeout exceeded");
    expect(b?.reason).toBe("expired");
    expect(a?.original.messageId).toBe("<original-1@example.org>");
  });

  it("reads the multipart/report layout with its DSN part", () => {
    const r = parseBounce(multipart);
    expect(r.results).toHaveLength(1);
    const c = r.results[0];
    expect(c?.decoder).toBe("exim");
    expect(c?.recipient).toBe("carol@example.net");
    expect(c?.command).toBe("connect");
    expect(c?.remoteMta).toBe("mx2.example.net");
    expect(c?.reportingMta).toBe("relay.example.org");
    expect(c?.diagnosticCode).toBe(
      "554-mx2.example.net Your IP 203.0.113.5 is listed at a DNSBL 554 See https://dnsbl.example.net/lookup",
    );
    expect(c?.status).toBe("5.0.0");
    expect(c?.original.messageId).toBe("<original-2@example.org>");
  });

  it("reads a delay warning as delayed, one entry per address", () => {
    const r = parseBounce(warning);
    expect(r.results.map((x) => [x.recipient, x.action, x.command])).toEqual([
      ["dave@example.com", "delayed", "mail"],
      ["erin@example.com", "delayed", "end-of-data"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe("451 4.7.1 Greylisted, please try again later");
    expect(r.results[0]?.status).toBe("4.7.1");
    expect(r.results[1]?.diagnosticCode).toBe("Connection timed out");
    expect(r.results[1]?.reportingMta).toBe("relay.example.org");
    expect(r.kind).toBe("delayed");
  });

  it("reports a pipe under its parent address and states Exim's own verdicts", () => {
    const r = parseBounce(local);
    expect(r.results.map((x) => [x.recipient, x.reason])).toEqual([
      ["frank@example.com", "mailererror"],
      ["grace@example.invalid", "hostunknown"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe("pipe to |/usr/local/bin/autoresponder");
  });

  it("reads Mail.ru's wrapper once per address", () => {
    const r = parseBounce(mailru);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.reason])).toEqual([
      ["mailru", "heidi@example.jp", "notaccept"],
    ]);
    expect(MAILRU.likely(mailOf(mailru))).toBe(true);
  });

  it("returns null for a bounce in another layout", () => {
    const postfix = `From: MAILER-DAEMON@example.org (Mail Delivery System)
To: sender@example.org
Subject: Undelivered Mail Returned to Sender

This is the mail system at host example.org.

<alice@example.com>: host mx.example.com[192.0.2.10] said: 550 5.1.1 User unknown
    (in reply to RCPT TO command)
`;
    expect(EXIM.decode(mailOf(postfix))).toBeNull();
    const ecelerity = `From: MAILER-DAEMON@example.org
Subject: Mail delivery failed: returning message to sender

This message was created automatically by the mail system (ecelerity).

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

alice@example.com (after RCPT TO): 550 5.1.1 User unknown
`;
    expect(EXIM.decode(mailOf(ecelerity))).toBeNull();
  });
});
