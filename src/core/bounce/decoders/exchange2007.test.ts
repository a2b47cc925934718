import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { EXCHANGE2007 } from "./exchange2007.js";
import { mailOf } from "./mail-of.test-support.js";

// Exchange Online NDR with a DSN part: the human part has both attempts, the DSN only the last.
const O365 = `From: Microsoft Outlook <postmaster@outlook.com>
To: sender@example.org
Subject: Undeliverable: Spring news
Date: Tue, 3 Mar 2026 09:15:01 +0000
Content-Language: en-US
X-MS-Exchange-Message-Is-Ndr:
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r1"

--r1
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups:

user@example.net (user@example.net)<mailto:user@example.net>
Your message couldn't be delivered.

Diagnostic information for administrators:

Generating server: AM0PR01MB0001.eurprd01.prod.outlook.com
Receiving server: mx.example.net (192.0.2.25)

user@example.net
3/3/2026 9:15:00 AM - Server at mx.example.net (192.0.2.25) returned '550 4.4.7 QUEUE.Expired; message expired'
3/3/2026 9:05:00 AM - Server at mx.example.net (192.0.2.25) returned '451 4.4.0 Primary target IP address responded with: "421 4.4.2 Connection dropped due to SocketError."'

Original message headers:

Received: from example.org (192.0.2.1) by outlook.com; Tue, 3 Mar 2026 09:00:00 +0000
Subject: Spring news

--r1
Content-Type: message/delivery-status

Reporting-MTA: dns;AM0PR01MB0001.eurprd01.prod.outlook.com
Arrival-Date: Tue, 3 Mar 2026 09:00:00 +0000

Final-Recipient: rfc822;user@example.net
Action: failed
Status: 4.4.7
Diagnostic-Code: smtp;550 4.4.7 QUEUE.Expired; message expired

--r1
Content-Type: text/rfc822-headers

From: sender@example.org
To: user@example.net
Subject: Spring news
Message-ID: <news-7@example.org>

--r1--
`;

// German Exchange 2016 NDR without a DSN part (a localised variant not in the corpus).
const GERMAN = `From: postmaster@example.de
To: sender@example.org
Subject: Unzustellbar: Angebot
Date: Tue, 3 Mar 2026 09:15:01 +0100
Content-Language: de-DE
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Fehler bei der Zustellung an diese Empfänger oder Gruppen:

Max Muster (muster@example.de)
Die E-Mail-Adresse wurde nicht gefunden.

Diagnoseinformationen für Administratoren:

Generierender Server: EX01.example.de

muster@example.de
Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'

Ursprüngliche Nachrichtenkopfzeilen:

Received: from mail.example.org (192.0.2.7) by EX01.example.de; Tue, 3 Mar 2026 09:15:00 +0100
From: sender@example.org
To: muster@example.de
Subject: Angebot
Message-ID: <offer-1@example.org>
`;

describe("exchange2007", () => {
  it("reads the DSN and takes the fuller human text; QUEUE.Expired is Exchange giving up", () => {
    const { results } = parseBounce(O365);
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r).toMatchObject({
      decoder: "exchange2007",
      recipient: "user@example.net",
      status: "4.4.7",
      reason: "expired",
      reportingMta: "AM0PR01MB0001.eurprd01.prod.outlook.com",
      remoteMta: "mx.example.net",
    });
    expect(r?.diagnosticCode).toContain("returned '550 4.4.7 QUEUE.Expired; message expired'");
    expect(r?.diagnosticCode).toContain("Connection dropped due to SocketError.");
    expect(r?.original.messageId).toBe("<news-7@example.org>");
  });

  it("reads a German NDR without a DSN part", () => {
    const { results } = parseBounce(GERMAN);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "exchange2007",
      recipient: "muster@example.de",
      status: "5.1.1",
      reason: "userunknown",
      reportingMta: "ex01.example.de",
      diagnosticCode: "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'",
    });
    expect(results[0]?.original.messageId).toBe("<offer-1@example.org>");
  });

  it("reads the Exchange 2010 '<host> #550 ... ##' line: remote server and reply", () => {
    const ex2010 = GERMAN.replace(
      "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'",
      "mx.example.de #550 5.1.1 <muster@example.de>: Recipient address rejected: User unknown ##",
    );
    expect(parseBounce(ex2010).results[0]).toMatchObject({
      recipient: "muster@example.de",
      remoteMta: "mx.example.de",
      status: "5.1.1",
      diagnosticCode: "#550 5.1.1 <muster@example.de>: Recipient address rejected: User unknown ##",
    });
  });

  it("gives null for a plain DSN from another MTA", () => {
    const postfix = O365.replace("X-MS-Exchange-Message-Is-Ndr:\n", "")
      .replace("postmaster@outlook.com", "MAILER-DAEMON@mail.example.org")
      .replace("Diagnostic information for administrators:", "The mail system");
    expect(EXCHANGE2007.decode(mailOf(postfix))).toBeNull();
  });
});
