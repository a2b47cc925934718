import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { YAHOO_LEGACY } from "./yahoo-legacy.js";

const permanent = `From: MAILER-DAEMON@yahoo.example
To: sender@example.org
Subject: Delivery failure
Date: Mon, 2 Mar 2026 10:00:00 -0800

Message from yahoo.example.
Unable to deliver message to the following address(es).

<alice@yahoo.example>:
This user doesn't have a yahoo.example account (alice@yahoo.example) [0]

<bob@yahoo.example>:
Sorry your message to bob@yahoo.example cannot be delivered. This account has been disabled or discontinued [#102].

--- Original message follows.

Message-ID: <original-1@example.org>
From: sender@example.org
Subject: Hello

Hi
`;

// qmail's give-up text after a temporary remote error with an enhanced code (a variant not in the corpus).
const expired = `From: MAILER-DAEMON@yahoo.example
To: sender@example.org
Subject: failure delivery

Message from  yahoo.example.
Unable to deliver message to the following address(es).

<carol@example.net>:
192.0.2.40 does not like recipient.
Remote host said: 452 4.2.2 Mailbox over quota
Giving up on 192.0.2.40.
I'm not going to try again; this message has been in the queue too long.

--- Original message follows.
`;

describe("yahoo-legacy", () => {
  it("reads each <addr>: block", () => {
    const r = parseBounce(permanent);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.reason])).toEqual([
      ["yahoo-legacy", "alice@yahoo.example", "userunknown"],
      ["yahoo-legacy", "bob@yahoo.example", "suspend"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe(
      "This user doesn't have a yahoo.example account (alice@yahoo.example) [0]",
    );
    expect(r.results[0]?.reportingMta).toBe("yahoo.example");
    expect(r.results[0]?.original.messageId).toBe("<original-1@example.org>");
  });

  it("marks qmail's queue-lifetime text as expired", () => {
    const r = parseBounce(expired);
    expect(r.results.map((x) => [x.recipient, x.reason, x.status])).toEqual([
      ["carol@example.net", "expired", "4.2.2"],
    ]);
  });

  it("returns null for a qmail-send bounce", () => {
    const qmail = `From: MAILER-DAEMON@example.org
Subject: failure notice

Hi. This is the qmail-send program at example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<alice@example.com>:
Sorry, no mailbox here by that name. (#5.1.1)
`;
    expect(YAHOO_LEGACY.decode(mailOf(qmail))).toBeNull();
  });
});
