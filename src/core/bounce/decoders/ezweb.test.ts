import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { EZWEB } from "./ezweb.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

// The notice in ISO-2022-JP, as EZweb sends it: "The message to the following address could not be sent."
const JIS_INTRO = '\u001b$B<!$N$"$F@h$X$N%a%C%;!<%8$O%(%i!<$N$?$aAw?.$G$-$^$;$s$G$7$?!#\u001b(B';

const TRANSCRIPT = `Return-Path: <>
Received: from wfilter101 (wfilter101-a0 [192.0.2.68])
\tby wsmtpr21.ezweb.ne.jp (EZweb Mail) with ESMTP id 4F2A1B071
\tfor <sender@example.com>; Tue,  3 Mar 2026 10:00:02 +0900 (JST)
To: <sender@example.com>
From: Postmaster@ezweb.ne.jp
Message-ID: <20260303100002000000000000@nm11lds01a.ezweb.ne.jp>
Date: Tue, 3 Mar 2026 10:00:02 +0900
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="==_EZ01/0000001/EZ"
Reply-To: Mail Administrator <Postmaster@ezweb.ne.jp>
Subject: Mail System Error - Returned Mail

This message is in MIME format.

--==_EZ01/0000001/EZ
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit

${JIS_INTRO}

Each of the following recipients was rejected by a remote
mail server.

    Recipient: <nobody@ezweb.ne.jp>
    >>> RCPT TO:<nobody@ezweb.ne.jp>
    <<< 550 <nobody@ezweb.ne.jp>: User unknown

--==_EZ01/0000001/EZ--
`;

// Not in the corpus: the au.com era, a mailbox over quota, two recipients.
const OVER_QUOTA = `Return-Path: <>
To: <sender@example.com>
From: Mail Administrator <Postmaster@au.com>
Message-ID: <20260303110000.AB12CD@lsean.au.com>
Date: Tue, 3 Mar 2026 11:00:00 +0900
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-2022-JP"
Subject: Mail System Error - Returned Mail

${JIS_INTRO}

The user(s) account is temporarily over quota.

<full-one@au.com>
<full-two@au.com>
`;

// The plain-text form refused by the recipient's domain filter (X-SPASIGN: NG), returned headers pasted inline.
const FILTERED = `Return-Path: <MAILER-DAEMON>
Received: from wfilter115 (wfilter115-a0 [192.0.2.68])
        by wsmtpr24.ezweb.ne.jp (EZweb Mail) with ESMTP id EF283A071
        for <sender@example.com>; Sun,  1 Mar 2026 21:40:12 +0900 (JST)
Content-Type: text/plain; charset=iso-2022-jp
From: <Postmaster@ezweb.ne.jp>
To: <sender@example.com>
Subject: Mail System Error - Returned Mail
X-SPASIGN: NG
Message-Id: <20260301124012.EF283A071@wsmtpr24.ezweb.ne.jp>
Date: Sun,  1 Mar 2026 21:40:12 +0900 (JST)

<filtering@ezweb.ne.jp>

Each of the following recipients was rejected by a remote mail server.
---------------------------------------------------
Received: from mail.example.com (mail.example.com [192.0.2.22])
        by lsean.ezweb.ne.jp (EZweb Mail) with SMTP id 12ABCD8
From: sender@example.com
To: filtering@ezweb.ne.jp
Subject: Hello
Message-Id: <hello-1@example.com>
Date: Sun,  1 Mar 2026 21:40:11 +0900 (JST)
`;

describe("ezweb decoder", () => {
  it("reads the >>> / <<< transcript form, with its ISO-2022-JP notice decoded", () => {
    const mail = mailOf(TRANSCRIPT);
    expect(mail.text).toContain("次のあて先へのメッセージはエラーのため送信できませんでした。");
    const { results } = parseBounce(TRANSCRIPT);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "ezweb",
      recipient: "nobody@ezweb.ne.jp",
      diagnosticCode: "550 <nobody@ezweb.ne.jp>: User unknown",
      command: "rcpt",
      replyCode: 550,
      reason: "userunknown",
    });
  });

  it("states mailboxfull for an over-quota account, for every listed recipient (au.com)", () => {
    const { results } = parseBounce(OVER_QUOTA);
    expect(results.map((r) => [r.decoder, r.recipient, r.reason])).toEqual([
      ["ezweb", "full-one@au.com", "mailboxfull"],
      ["ezweb", "full-two@au.com", "mailboxfull"],
    ]);
    expect(results[0]?.diagnosticCode).toBe("The user(s) account is temporarily over quota.");
  });

  it("calls an X-SPASIGN: NG notice filtered and keeps the pasted original headers", () => {
    const { results } = parseBounce(FILTERED);
    expect(results[0]).toMatchObject({ decoder: "ezweb", recipient: "filtering@ezweb.ne.jp", reason: "filtered" });
    expect(results[0]?.original.messageId).toBe("<hello-1@example.com>");
  });

  it("returns null for a Sendmail bounce about an ezweb.ne.jp recipient", () => {
    const sendmail = `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>
To: <sender@example.com>
Subject: Returned mail: see transcript for details
Message-Id: <202603030000.abc@mx.example.com>
Content-Type: text/plain

   ----- The following addresses had permanent fatal errors -----
<nobody@ezweb.ne.jp>
    (reason: 550 <nobody@ezweb.ne.jp>: User unknown)
`;
    expect(EZWEB.decode(mailOf(sendmail))).toBeNull();
  });
});
