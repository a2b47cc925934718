import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { QMAIL } from "./qmail.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const NETQMAIL = `Return-Path: <>
Received: (qmail 4242 invoked for bounce); 3 Mar 2026 09:15:01 -0000
Date: 3 Mar 2026 09:15:01 -0000
From: MAILER-DAEMON@mx.example.org
To: sender@example.org
Subject: failure notice

Hi. This is the qmail-send program at mx.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<nobody@example.net>:
192.0.2.25 does not like recipient.
Remote host said: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown
Giving up on 192.0.2.25.

<full@example.net>:
Connected to 192.0.2.26 but sender was rejected.
Remote host said: 421 4.7.0 Try again later
I'm not going to try again; this message has been in the queue too long.

--- Below this line is a copy of the message.

Return-Path: <sender@example.org>
Message-ID: <qm-1@example.org>
From: sender@example.org
To: nobody@example.net
Subject: Hello

Hi
`;

// A variant: vpopmail's local delivery error and a multi-line remote reply after DATA (qmail-remote.c).
const VPOPMAIL = `From: MAILER-DAEMON@mail.example.com
Subject: failure notice

Hi. This is the qmail-send program at mail.example.com.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<locked@example.com>:
vdelivermail: account is locked email bounced locked@example.com

<gmail-user@example.net>:
192.0.2.27 failed after I sent the message.
Remote host said: 550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's
550-5.7.26 DMARC policy.
550 5.7.26 See the sender guidelines - gsmtp

<nohost@nx.example.net>:
Sorry, I couldn't find any host named nx.example.net. (#5.1.2)

--- Below this line is a copy of the message.

From: sender@example.com
Subject: hi
`;

describe("qmail decoder", () => {
  it("reads qmail-send blocks: recipient, remote reply, command, remote host", () => {
    const { results } = parseBounce(NETQMAIL);
    expect(results.map((r) => r.decoder)).toEqual(["qmail", "qmail"]);
    expect(results[0]).toMatchObject({
      recipient: "nobody@example.net",
      reason: "userunknown",
      status: "5.1.1",
      command: "rcpt",
      remoteMta: "192.0.2.25",
      reportingMta: "mx.example.org",
    });
    expect(results[0]?.diagnosticCode).toBe(
      "192.0.2.25 does not like recipient. Remote host said: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown Giving up on 192.0.2.25.",
    );
    expect(results[0]?.original.messageId).toBe("<qm-1@example.org>");
    expect(results[1]).toMatchObject({ recipient: "full@example.net", command: "mail", remoteMta: "192.0.2.26" });
    expect(results[1]?.diagnosticCode).toContain("in the queue too long");
  });

  it("reads vpopmail errors, multi-line replies after the message and qmail's own DNS verdict", () => {
    const { results } = parseBounce(VPOPMAIL);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ recipient: "locked@example.com", decoder: "qmail", command: null });
    expect(results[1]).toMatchObject({ recipient: "gmail-user@example.net", command: "end-of-data", status: "5.7.26" });
    expect(results[1]?.diagnosticCode).toContain("550 5.7.26 See the sender guidelines - gsmtp");
    expect(results[2]).toMatchObject({ recipient: "nohost@nx.example.net", reason: "hostunknown" });
  });

  it("gives null for mail that is not a qmail notice", () => {
    const plain = "From: a@example.org\nSubject: failure notice\n\nHello <b@example.net>:\nnot a bounce\n";
    expect(QMAIL.decode(mailOf(plain))).toBeNull();
  });
});
