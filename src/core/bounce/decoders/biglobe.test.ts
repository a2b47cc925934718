import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { BIGLOBE } from "./biglobe.js";
import { mailOf } from "./mail-of.test-support.js";

const bounce = (from: string, addrs: string[], info: string): string => `From: ${from}
To: sender@example.org
Subject: Returned mail: Service unavailable
Date: Tue, 3 Mar 2026 09:15:01 +0900
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="g1"

--g1
Content-Type: text/plain; charset="iso-2022-jp"

   ----- The following addresses had delivery problems -----
${addrs.join("\n")}

   ----- Non-delivered information -----
${info}

--g1
Content-Type: message/rfc822

From: sender@example.org
Subject: Hello

--g1--
`;

describe("biglobe", () => {
  it("reads the address and the non-delivered information", () => {
    const { results } = parseBounce(
      bounce(
        "postmaster@biglobe.ne.jp",
        ["user@example.ne.jp"],
        "The number of messages in recipient's mailbox exceeded the local limit.",
      ),
    );
    expect(results[0]).toMatchObject({ decoder: "biglobe", recipient: "user@example.ne.jp", reason: "mailboxfull" });
  });

  it("reads several addresses from a partner ISP", () => {
    const { results } = parseBounce(
      bounce("postmaster@tmtv.ne.jp", ["a@example.ne.jp", "b@example.ne.jp"], "Mail Delivery Failed... User unknown"),
    );
    expect(results.map((r) => r.recipient)).toEqual(["a@example.ne.jp", "b@example.ne.jp"]);
    expect(results[0]?.diagnosticCode).toBe("Mail Delivery Failed... User unknown");
  });

  it("gives null for other mail", () => {
    expect(
      BIGLOBE.decode(mailOf("From: postmaster@biglobe.ne.jp\nSubject: Returned mail: x\n\nuser@example.ne.jp\n")),
    ).toBeNull();
  });
});
