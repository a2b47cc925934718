import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { SMAIL } from "./smail.js";

// T-Online's layout: the address alone on its line, the remote reply indented below, then the header banner.
const TONLINE = `From: Mail Delivery System <Mailer-Daemon@t-online.de>
To: bounce@example.org
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: hana@t-online.example
Date: Thu, 5 Mar 2026 00:46:38 +0100

|------------------------- Failed addresses follow: ---------------------|
 <hana@t-online.example>
   552 5.2.2 <hana@t-online.example> Quota exceeded (mailbox for user is full)
 <ivan@t-online.example>
   550 5.1.1 <ivan@t-online.example> User unknown

|------------------------- Message header follows: ----------------------|
Date: Thu, 5 Mar 2026 00:46:27 +0100
From: Sender <sender@example.org>
To: Hana <hana@t-online.example>
Message-ID: <smail-1@example.org>
Subject: Example subject
`;

// Smail 3 itself (notify.c): the message log, then "addr ... error" on one line, then the message text.
const SMAIL3 = `From: MAILER-DAEMON@mx.example.net
To: sender@example.org
Subject: mail failed, returning to sender
Received: from localhost by mx.example.net with local (Smail3.2.0.115 #1)

|------------------------- Message log follows: -------------------------|
 no valid recipients were found for this message
|------------------------- Failed addresses follow: ---------------------|
 judy@nohost.example.com ... unknown host
|------------------------- Message text follows: ------------------------|
Message-Id: <smail-2@example.org>
From: sender@example.org
To: judy@nohost.example.com
Subject: Hi

Hello
`;

describe("smail decoder", () => {
  it("reads T-Online's address and reply lines", () => {
    const r = parseBounce(TONLINE);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.status, x.reason])).toEqual([
      ["smail", "hana@t-online.example", "5.2.2", "mailboxfull"],
      ["smail", "ivan@t-online.example", "5.1.1", "userunknown"],
    ]);
    expect(r.results[0]?.diagnosticCode).toBe(
      "552 5.2.2 <hana@t-online.example> Quota exceeded (mailbox for user is full)",
    );
    expect(r.results[0]?.original.messageId).toBe("<smail-1@example.org>");
  });

  it("reads Smail 3's one-line entries", () => {
    const r = parseBounce(SMAIL3);
    expect(r.results.map((x) => [x.decoder, x.recipient, x.diagnosticCode])).toEqual([
      ["smail", "judy@nohost.example.com", "unknown host"],
    ]);
    expect(r.results[0]?.original.messageId).toBe("<smail-2@example.org>");
  });

  it("returns null for other mail", () => {
    const plain = `From: someone@example.org\nSubject: hello\n\n|----- a table -----|\n alice@example.com\n`;
    expect(SMAIL.decode(mailOf(plain))).toBeNull();
  });
});
