import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { KDDI } from "./kddi.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

// "Could not be sent because the recipient's mailbox is full." in ISO-2022-JP.
const JIS_FULL = '\u001b$BAw?.@h$N%a!<%k%\\%C%/%9$,0lGU$N$?$a!"Aw?.$G$-$^$;$s$G$7$?!#\u001b(B';

const MAILBOX_FULL = `Received: from nmomta.auone-net.jp (nm00omta01.auone-net.jp [192.0.2.1])
\tby mx.example.com with ESMTP id 00000001; Tue, 3 Mar 2026 12:00:02 +0900
To: <sender@example.com>
From: no-reply@a0000000000001.dion.ne.jp
Message-ID: <2026030300000001@nm00lds000.auone-net.jp>
Date: Tue, 3 Mar 2026 12:00:02 +0900
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="==_KD01/00000001/KD"
Subject: =?ISO-2022-JP?B?GyRCJWEhPCVrJSglaSE8REwkTxsoQg==?=
Reply-To: no-reply@app.auone-net.jp

--==_KD01/00000001/KD
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit

${JIS_FULL}

Your mail sent on: Tue, 3 Mar 2026 12:00:00 +0900
     Could not be delivered to: <full@a0000000000001.dion.ne.jp>
     As their mailbox is full.

--==_KD01/00000001/KD
Content-Type: message/rfc822

From: sender@example.com
To: full@a0000000000001.dion.ne.jp
Subject: Hello
Message-Id: <hello-2@example.com>
Date: Tue, 3 Mar 2026 11:59:59 +0900

Hello
--==_KD01/00000001/KD--
`;

// Not in the corpus: the remote domain does not exist, two recipients in one notice.
const NO_DOMAIN = `To: <sender@example.com>
From: no-reply@a0000000000002.dion.ne.jp
Message-ID: <2026030300000002@nm00lds001.auone-net.jp>
Date: Tue, 3 Mar 2026 13:00:02 +0900
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-2022-JP"
Subject: Mail
Reply-To: no-reply@app.auone-net.jp

Your mail attempted to be delivered on: Tue, 3 Mar 2026 13:00:00 +0900
     Could not be delivered to: <someone@nonexistent.example.net>
     As the remote domain doesnt exist.
     Could not be delivered to: <other@nonexistent.example.net>
     As the remote domain doesnt exist.
`;

describe("kddi decoder", () => {
  it("reads a mailbox-full notice with its date and the returned message", () => {
    const { results } = parseBounce(MAILBOX_FULL);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "kddi",
      recipient: "full@a0000000000001.dion.ne.jp",
      reason: "mailboxfull",
      diagnosticCode: "As their mailbox is full.",
      date: "Tue, 3 Mar 2026 12:00:00 +0900",
    });
    expect(results[0]?.original.messageId).toBe("<hello-2@example.com>");
  });

  it("states hostunknown for each recipient of a missing domain", () => {
    const { results } = parseBounce(NO_DOMAIN);
    expect(results.map((r) => [r.decoder, r.recipient, r.reason])).toEqual([
      ["kddi", "someone@nonexistent.example.net", "hostunknown"],
      ["kddi", "other@nonexistent.example.net", "hostunknown"],
    ]);
  });

  it("returns null for an EZweb notice (another au format)", () => {
    const ezweb = `From: Postmaster@ezweb.ne.jp
Subject: Mail System Error - Returned Mail
Message-ID: <1@nm11lds01a.ezweb.ne.jp>
Content-Type: text/plain

The user(s) account is disabled.

<nobody@ezweb.ne.jp>
`;
    expect(KDDI.decode(mailOf(ezweb))).toBeNull();
  });
});
