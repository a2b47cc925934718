import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { FML } from "./fml.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const NOT_MEMBER = `From: cats-admin@example.org
To: stranger@example.net
Subject: You stranger@example.net are not member (cats ML)
Message-ID: <202603030915.FMLAAB00001.cats@example.org>
X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]

You are not a member of this mailing list <cats@example.org>.
If you know the general guide of this list, please send mail with
the mail body
\tguide
to the address
\tcats-ctl@example.org
`;

// Variant: fml's loop alert, with the original quoted after "Original mail as follows:".
const LOOP = `From: dogs-admin@example.jp
To: dogs-admin@example.jp
Subject: Loop Alert: Duplicated Message-ID (dogs ML)
Message-Id: <202603030915.FMLFFF00002.dogs@example.jp>
X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]

Duplicated Message-ID in <dogs@example.jp>.

Original mail as follows:

   From: <someone@example.net>
   Message-ID: <loop-1@example.net>
   Subject: hi
`;

describe("fml decoder", () => {
  it("reads a not-member notice: the list address and fml's own verdict", () => {
    const { results } = parseBounce(NOT_MEMBER);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ decoder: "fml", recipient: "cats@example.org", reason: "rejected" });
    expect(results[0]?.diagnosticCode).toContain("You are not a member of this mailing list");
  });

  it("reads a loop alert and the quoted original", () => {
    const { results } = parseBounce(LOOP);
    expect(results[0]).toMatchObject({ recipient: "dogs@example.jp", reason: "systemerror" });
    expect(results[0]?.original.messageId).toBe("<loop-1@example.net>");
  });

  it("gives null for list mail that is not an fml notice", () => {
    const m = mailOf(
      "From: cats-admin@example.org\nSubject: hello\nX-MLServer: fml [fml 4.0.3]\n\nWelcome <cats@example.org>\n",
    );
    expect(FML.decode(m)).toBeNull();
  });
});
