import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { POWERMTA } from "./powermta.js";

const POWER = `From: postmaster@mta.example.net
Subject: Delivery report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="p1"

--p1
Content-Type: text/plain

Hello, this is the mail server on mta.example.net.

  <user@example.com>  delivery failed; will not continue trying

--p1
Content-Type: message/delivery-status

Reporting-MTA: dns;mta.example.net
X-PowerMTA-VirtualMTA: vmta1

Final-Recipient: rfc822;user@example.com
Action: failed
Status: 4.4.7
Remote-MTA: dns;mx.example.com (192.0.2.90)
Diagnostic-Code: smtp;421 4.4.2 Connection timed out
X-PowerMTA-BounceCategory: message-expired

--p1--
`;

// A delivery report from another MTA with a plain RFC 3464 part.
const OTHER = POWER.replace("X-PowerMTA-VirtualMTA: vmta1\n", "").replace(
  "X-PowerMTA-BounceCategory: message-expired\n",
  "",
);

describe("powermta decoder", () => {
  it("reads a failed recipient", () => {
    const [r] = parseBounce(
      POWER.replace("message-expired", "bad-mailbox")
        .replace("4.4.7", "5.1.1")
        .replace("421 4.4.2 Connection timed out", "550 5.1.1 <user@example.com>... User Unknown"),
    ).results;
    expect(r?.decoder).toBe("powermta");
    expect(r?.status).toBe("5.1.1");
    expect(r?.reason).toBe("userunknown");
  });

  it("calls the message-expired category expired", () => {
    const [r] = parseBounce(POWER).results;
    expect(r?.decoder).toBe("powermta");
    expect(r?.reason).toBe("expired");
    expect(r?.remoteMta).toBe("mx.example.com");
  });

  it("returns null for a DSN without PowerMTA fields", () => {
    expect(POWERMTA.decode(createBounceMail(readMime(normalizeInput(OTHER))))).toBeNull();
  });
});
