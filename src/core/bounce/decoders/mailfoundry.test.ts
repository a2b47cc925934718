import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { MAILFOUNDRY } from "./mailfoundry.js";

const bounce = (reason: string): string => `From: MAILER-DAEMON@example.org
To: sender@example.org
Subject: Message delivery has failed
Received: From localhost (127.0.0.1) by mf.example.org (MAILFOUNDRY) id 1; Tue, 3 Mar 2026 09:15:01 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m1"

--m1
Content-Type: text/plain

Unable to deliver message to: <user@example.net>
Delivery failed for the following reason:
${reason}

This has been a permanent failure.  No further delivery attempts will be made.

--m1
Content-Type: message/rfc822

From: sender@example.org
To: user@example.net
Subject: Hello

--m1--
`;

describe("mailfoundry", () => {
  it("reads the 'failed with' reply and the remote server", () => {
    const { results } = parseBounce(
      bounce("Server mx.example.net[192.0.2.2] failed with: 550 <user@example.net> No such user here"),
    );
    expect(results[0]).toMatchObject({
      decoder: "mailfoundry",
      recipient: "user@example.net",
      remoteMta: "mx.example.net",
      // A remote "no such user" with neither RCPT TO nor an X.1.x status to back it: verdict.userunknown-unconfirmed.
      reason: "filtered",
      diagnosticCode: "550 <user@example.net> No such user here",
    });
  });

  it("reads the 'responded with failure' variant and a reason with no server", () => {
    const a = parseBounce(
      bounce("mx.example.net[192.0.2.2] responded with failure: 552 mailbox user@example.net is over quota"),
    );
    expect(a.results[0]).toMatchObject({ remoteMta: "mx.example.net", reason: "mailboxfull", replyCode: 552 });
    const b = parseBounce(bounce("Could not resolve host example.net"));
    expect(b.results[0]?.diagnosticCode).toBe("Could not resolve host example.net");
  });

  it("gives null for other mail", () => {
    expect(MAILFOUNDRY.decode(mailOf("From: a@example.org\nSubject: Message delivery has failed\n\nHi\n"))).toBeNull();
  });
});
