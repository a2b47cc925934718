import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { DOVECOT } from "./dovecot.js";
import { mailOf } from "./mail-of.test-support.js";

// Old Dovecot LDA: the rejection goes out as an MDN, not a DSN.
const MDN = `From: Mail Delivery Subsystem <postmaster@example.net>
To: <sender@example.org>
Message-ID: <dovecot-1399701616-942937-0@mx.example.net>
Subject: Rejected: Hello
Auto-Submitted: auto-replied (rejected)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="M1"

--M1
Content-Type: text/plain; charset=utf-8

Your message to <nina@example.net> was automatically rejected:
Quota exceeded (mailbox for user is full)
--M1
Content-Type: message/disposition-notification

Reporting-UA: mx.example.net; Dovecot Mail Delivery Agent
Final-Recipient: rfc822; nina@example.net
Original-Message-ID: <dc-1@example.org>
Disposition: automatic-action/MDN-sent-automatically; deleted

--M1
Content-Type: message/rfc822

From: sender@example.org
To: nina@example.net
Message-ID: <dc-1@example.org>
Subject: Hello

Hi
--M1--
`;

// Current Dovecot LMTP with a Sieve reject: a DSN part with the status, the Sieve script's own words in the text.
const SIEVE_DSN = `From: Mail Delivery Subsystem <postmaster@example.com>
To: <sender@example.org>
Message-ID: <dovecot-1770804996-323311-0@example.com>
Subject: Rejected: Offer
Auto-Submitted: auto-replied (rejected)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="S1"

--S1
Content-Type: text/plain; charset=utf-8

Your message to <omar@example.com> was automatically rejected:
I do not accept messages from this sender.
Please contact me by phone.
--S1
Content-Type: message/delivery-status

Reporting-MTA: dns; example.com
Final-Recipient: rfc822; omar@example.com
Action: failed
Status: 5.7.1

--S1--
`;

describe("dovecot decoder", () => {
  it("reads an MDN rejection", () => {
    const [r] = parseBounce(MDN).results;
    expect([r?.decoder, r?.recipient, r?.reason, r?.reportingMta]).toEqual([
      "dovecot",
      "nina@example.net",
      "mailboxfull",
      "mx.example.net",
    ]);
    expect(r?.diagnosticCode).toBe("Quota exceeded (mailbox for user is full)");
    expect(r?.original.messageId).toBe("<dc-1@example.org>");
  });

  it("keeps the DSN's status and the text's full reason", () => {
    const [r] = parseBounce(SIEVE_DSN).results;
    expect([r?.decoder, r?.recipient, r?.status]).toEqual(["dovecot", "omar@example.com", "5.7.1"]);
    expect(r?.diagnosticCode).toBe("I do not accept messages from this sender. Please contact me by phone.");
  });

  it("returns null for other mail", () => {
    const plain = `From: someone@example.org\nSubject: Rejected: my idea\n\nYour idea was rejected: sorry.\n`;
    expect(DOVECOT.decode(mailOf(plain))).toBeNull();
  });
});
