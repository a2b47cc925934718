import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { EINSUNDEINS, GMX } from "./united-internet.js";

// GMX, split-line form: quoted address, "after RCPT command:", "host:" line, then the reply.
const gmx = `From: MAILER-DAEMON@mail.gmx.com
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
Date: Mon, 02 Mar 2026 10:00:00 +0100
X-GMX-Antispam: 0 (Mail was not recognized as spam); Detail=V3;
X-UI-Out-Filterresults: unknown:0;
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address
failed:

"alice@example.com":
SMTP error from remote server after RCPT command:
host: mx.example.com
5.1.1 <alice@example.com>... User Unknown
<bob@example.net>

Reason:
delivery retry timeout exceeded


--- The header of the original message is following. ---

Message-ID: <original-1@gmx.example>
From: sender@example.org
Subject: Hello
`;

// 1&1 (kundenserver), one-line form not in the corpus in this shape: "for RCPT TO command, host: h (ip) reason:".
const einsundeins = `From: "Mail Delivery System" <mailer-daemon@kundenserver.de>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address(es)
failed:

carol@example.com:
SMTP error from remote server for RCPT TO command, host: mx.example.com (192.0.2.25) reason: 550-5.1.1 The email account that you tried to reach does not exist.
550 5.1.1 Please check the address.

dave@example.net:
SMTP error from remote server for MAIL FROM command, host: mx.example.net (192.0.2.26) reason: 553 5.7.1 Sender rejected



--- The header of the original message is following. ---

Message-ID: <original-2@example.org>
Subject: Hi
`;

describe("united-internet", () => {
  it("reads GMX's split-line and retry-timeout entries", () => {
    const r = parseBounce(gmx);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.reason, x.status])).toEqual([
      ["gmx", "alice@example.com", "userunknown", "5.1.1"],
      ["gmx", "bob@example.net", "expired", "5.0.0"],
    ]);
    expect(r.results[0]?.command).toBe("rcpt");
    expect(r.results[0]?.remoteMta).toBe("mx.example.com");
    expect(r.results[0]?.diagnosticCode).toBe("5.1.1 <alice@example.com>... User Unknown");
    expect(r.results[1]?.diagnosticCode).toBe("delivery retry timeout exceeded");
    expect(r.results[0]?.original.messageId).toBe("<original-1@gmx.example>");
  });

  it("reads 1&1's one-line form with the command and host", () => {
    const r = parseBounce(einsundeins);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.command, x.remoteMta])).toEqual([
      ["einsundeins", "carol@example.com", "rcpt", "mx.example.com"],
      ["einsundeins", "dave@example.net", "mail", "mx.example.net"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe(
      "550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please check the address.",
    );
    expect(r.results[0]?.status).toBe("5.1.1");
    expect(r.results[0]?.reason).toBe("userunknown");
  });

  it("reads 1&1's indented form and its own DNS verdict", () => {
    // Newer 1&1 notices indent the address and indent its reason deeper; the DSN part says only 5.0.0.
    const indented = `From: "Mail Delivery System" <mailer-daemon@kundenserver.de>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error.

The following address failed:

    erin@nomx.example.com:
        no valid MX hosts found

    frank@example.net:
        SMTP error from remote server for RCPT TO command, host: mx.example.net (192.0.2.27) reason: 550 5.1.1 No such user

--- The header of the original message is following. ---

Message-ID: <original-3@example.org>
Subject: Hi
`;
    const r = parseBounce(indented);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.reason, x.command])).toEqual([
      ["einsundeins", "erin@nomx.example.com", "hostunknown", null],
      ["einsundeins", "frank@example.net", "userunknown", "rcpt"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe("no valid MX hosts found");
    expect(r.results[1]?.diagnosticCode).toBe("550 5.1.1 No such user");
  });

  it("returns null for an Exim bounce", () => {
    const exim = `From: Mail Delivery System <Mailer-Daemon@mx.gmx.example>
Subject: Mail delivery failed: returning message to sender
X-GMX-Antispam: 0

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  alice@example.com
    retry timeout exceeded
`;
    // An Exim bounce delivered to a GMX mailbox carries X-GMX-* headers: still not this layout.
    expect(GMX.decode(mailOf(exim))).toBeNull();
    expect(EINSUNDEINS.decode(mailOf(exim))).toBeNull();
    const plain = `From: someone@example.org\nSubject: hello\n\nJust a note.\n`;
    expect(GMX.decode(mailOf(plain))).toBeNull();
  });
});
