import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { MAIL2000 } from "./mail2000.js";

const multipart = `From: "Mail Deliver System" <MAILER-DAEMON@relay.example.net>
To: sender@example.org
Subject: Returned Mail: User unknown
Received: By OpenMail Mailer;Mon, 2 Mar 2026 10:00:00 +0800 (CST)
Date: Mon, 2 Mar 2026 10:00:00 +0800 (CST)
Content-Type: multipart/mixed; boundary="---b1"

This is a multi-part message in MIME format.

-----b1
Content-Type: text/plain; charset="us-ascii"

The original message was received at Mon, 2 Mar 2026 09:59:58 +0800 (CST)
from sender@example.org

---The following addresses had delivery errors---

alice@example.com [User unknown]
bob@example.com [Mailbox full]

-----b1
Content-Type: message/rfc822

Received: from 192.0.2.5 by relay.example.net with Mail2000 ESMTP Server V7.00(1234:0:AUTH_RELAY)
Message-Id: <original-1@example.org>
From: sender@example.org
Subject: Hello

Hi
-----b1--
`;

// Delay warning in plain text (no MIME), a variant not in the corpus with two bracketed reasons.
const warning = `From: "Mail Deliver System" <MAILER-DAEMON@relay.example.net>
To: sender@example.org
Subject: Warning--Could not send mail for past 4 hours
Date: Mon, 2 Mar 2026 14:00:00 +0800 (CST)

The original message was received at Mon, 2 Mar 2026 10:00:00 +0800 (CST)
from sender@example.org

---The following addresses had delivery errors---

carol@example.net [Connection refused]
`;

describe("mail2000", () => {
  it("reads the address lines with their bracketed reasons", () => {
    const r = parseBounce(multipart);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.diagnosticCode, x.action])).toEqual([
      ["mail2000", "alice@example.com", "User unknown", "failed"],
      ["mail2000", "bob@example.com", "Mailbox full", "failed"],
    ]);
    expect(r.results[0]?.reason).toBe("userunknown");
    expect(r.results[1]?.reason).toBe("mailboxfull");
    expect(r.results[0]?.date).toBe("Mon, 2 Mar 2026 09:59:58 +0800 (CST)");
    expect(r.results[0]?.original.messageId).toBe("<original-1@example.org>");
  });

  it("reads a delay warning as delayed", () => {
    const r = parseBounce(warning);
    expect(r.results.map((x) => [x.recipient, x.action, x.status])).toEqual([
      ["carol@example.net", "delayed", "4.0.0"],
    ]);
  });

  it("returns null for other notices", () => {
    const sendmail = `From: Mail Delivery Subsystem <MAILER-DAEMON@example.org>
Subject: Returned mail: see transcript for details

The original message was received at Mon, 2 Mar 2026 10:00:00 +0900
from localhost [127.0.0.1]

   ----- The following addresses had permanent fatal errors -----
<alice@example.com>
    (reason: 550 5.1.1 User unknown)
`;
    expect(MAIL2000.decode(mailOf(sendmail))).toBeNull();
  });
});
