import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { DRAGONFLY } from "./dragonfly.js";

const mailOf = (s: string) => createBounceMail(readMime(normalizeInput(s)));

const head = `Received: from MAILER-DAEMON
\tid e0720
\tby df.example.org (DragonFly Mail Agent v0.13);
\tTue, 03 Mar 2026 10:00:00 +0100
From: MAILER-DAEMON <>
To: sender@df.example.org
Subject: Mail delivery failed
Date: Tue, 03 Mar 2026 10:00:00 +0100

This is the DragonFly Mail Agent v0.13 at df.example.org.

`;

const RCPT = `${head}There was an error delivering your mail to <nobody@example.net>.

mx.example.net [192.0.2.25] did not like our RCPT TO:
550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown

Original message follows.

From: <sender@df.example.org>
Message-Id: <df-1@df.example.org>
Subject: hi

hi
`;

// Variants: the queue lifetime ran out (dma.c), and a multi-line reply after the final dot (net.c).
const EXPIRED = `${head}There was an error delivering your mail to <late@example.net>.

Could not deliver for the last 432000 seconds. Giving up.

Message headers follow.

From: <sender@df.example.org>
Subject: hi
`;
const FINAL = `${head}There was an error delivering your mail to <someone@example.com>.

mx.example.com [192.0.2.26] did not like our final DATA:
550-5.7.26 Unauthenticated email from df.example.org is not accepted
550 5.7.26 due to the domain's DMARC policy

Message headers follow.

From: <sender@df.example.org>
`;

describe("dragonfly decoder", () => {
  it("reads a rejected RCPT: recipient, reply, command, remote host, reporting host", () => {
    const { results } = parseBounce(RCPT);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      decoder: "dragonfly",
      recipient: "nobody@example.net",
      reason: "userunknown",
      status: "5.1.1",
      command: "rcpt",
      remoteMta: "mx.example.net",
      reportingMta: "df.example.org",
    });
    expect(results[0]?.diagnosticCode).toBe(
      "mx.example.net [192.0.2.25] did not like our RCPT TO: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown",
    );
    expect(results[0]?.original.messageId).toBe("<df-1@df.example.org>");
  });

  it("states expiry itself and reads replies to the final DATA", () => {
    expect(parseBounce(EXPIRED).results[0]).toMatchObject({ recipient: "late@example.net", reason: "expired" });
    const r = parseBounce(FINAL).results[0];
    expect(r).toMatchObject({ recipient: "someone@example.com", command: "end-of-data", status: "5.7.26" });
    expect(r?.diagnosticCode).toContain("550 5.7.26 due to the domain's DMARC policy");
  });

  it("gives null for other mail", () => {
    expect(DRAGONFLY.decode(mailOf("From: a@example.org\nSubject: Mail delivery failed\n\nhello\n"))).toBeNull();
  });
});
