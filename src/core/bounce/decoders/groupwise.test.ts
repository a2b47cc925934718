import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { GROUPWISE } from "./groupwise.js";
import { mailOf } from "./mail-of.test-support.js";

const SINGLE = `From: Mailer-Daemon@gw.example.net
To: sender@example.org
Subject: Message status - undeliverable
X-Mailer: Novell GroupWise Internet Agent 8.0.3
Date: Tue, 3 Mar 2026 09:15:01 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=__PartGW1__="

--=__PartGW1__=
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

The message that you sent was undeliverable to the following:
=09jane@example.net (user not found)

--=__PartGW1__=--
`;

// Several recipients and the "Possibly truncated original addressee" block GWIA adds (variant not in the corpus).
const SEVERAL = `From: Mailer-Daemon@gw.example.net
To: sender@example.org
Subject: Message status - undeliverable
Date: Tue, 3 Mar 2026 09:15:01 +0000

The message that you sent was undeliverable to the following:
	joe@example.net (user not found)
	ann@example.net (mailbox full)

Possibly truncated original addressee:
	joe@example.net
`;

describe("groupwise", () => {
  it("reads the recipient and the parenthesised reason", () => {
    const { results } = parseBounce(SINGLE);
    expect(results.map((r) => [r.decoder, r.recipient, r.diagnosticCode, r.reason])).toEqual([
      ["groupwise", "jane@example.net", "user not found", "userunknown"],
    ]);
  });

  it("reads every listed recipient and stops at the blank line", () => {
    const { results } = parseBounce(SEVERAL);
    expect(results.map((r) => [r.decoder, r.recipient, r.diagnosticCode])).toEqual([
      ["groupwise", "joe@example.net", "user not found"],
      ["groupwise", "ann@example.net", "mailbox full"],
    ]);
    expect(results[1]?.reason).toBe("mailboxfull");
  });

  it("gives null for mail that is not a GroupWise status message", () => {
    expect(GROUPWISE.decode(mailOf("From: a@example.org\nSubject: hello\n\nJust a note.\n"))).toBeNull();
  });
});
