import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { GMAIL } from "./gmail.js";

const LEGACY = `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: sender@example.net
Subject: Delivery Status Notification (Failure)
Date: Tue, 4 Feb 2014 10:00:00 +0000
Content-Type: text/plain; charset=ISO-8859-1

Delivery to the following recipient failed permanently:

     nobody@example.com

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the server for the recipient domain example.com by mx.example.com. [192.0.2.15].

The error that the other server returned was:
550 550 5.1.1 <nobody@example.com>... User unknown (state 14).

----- Original message -----

From: Sender <sender@example.net>
To: nobody@example.com
Subject: hi
Message-ID: <legacy-1@mail.example.net>

hi
`;

// Legacy notice, a connection failure Gmail gave up on (variant: several recipients).
const LEGACY_EXPIRED = `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
Subject: Delivery Status Notification (Failure)
Content-Type: text/plain; charset=ISO-8859-1

Delivery to the following recipients failed permanently:

     a@example.org
     b@example.org

Technical details of permanent failure:
The recipient server did not accept our requests to connect. Learn more at https://support.google.com/mail/answer/7720
[example.org 192.0.2.40: timed out]

----- Original message -----

Subject: x
`;

const NEW_FORMAT = `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: gone@example.com
MIME-Version: 1.0
Content-Type: multipart/report; boundary="b1"; report-type=delivery-status

--b1
Content-Type: text/plain; charset="UTF-8"


** Address not found **

Your message wasn't delivered to gone@example.com because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Arrival-Date: Wed, 05 Feb 2025 01:02:03 -0800 (PST)

Final-Recipient: rfc822; gone@example.com
Action: failed
Status: 5.0.0
Remote-MTA: dns; mx.example.com. (192.0.2.60, the server for the domain example.com.)
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown
Last-Attempt-Date: Wed, 05 Feb 2025 01:02:04 -0800 (PST)

--b1
Content-Type: message/rfc822

Subject: new
Message-ID: <new-1@example.net>

x
--b1--
`;

const GROUPS = `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: sender@example.net
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: team@googlegroups.com
Content-Type: text/plain; charset="UTF-8"

Hello sender@example.net,

We're writing to let you know that the group you tried to contact (team) may not exist, or you may not have permission to post messages to the group.

If you have questions related to this or any other Google Group, visit the Help Center at https://groups.google.com/support/.

Thanks,

Google Groups



----- Original message -----

To: team@googlegroups.com
Subject: post
`;

describe("gmail decoder", () => {
  it("reads the legacy notice, its reply and the state", () => {
    const [r] = parseBounce(LEGACY).results;
    expect(r?.decoder).toBe("gmail");
    expect(r?.recipient).toBe("nobody@example.com");
    expect(r?.diagnosticCode).toBe("550 5.1.1 <nobody@example.com>... User unknown");
    expect(r?.command).toBe("rcpt");
    expect(r?.remoteMta).toBe("mx.example.com");
    expect(r?.reason).toBe("userunknown");
    expect(r?.original.messageId).toBe("<legacy-1@mail.example.net>");
  });

  it("calls a permanent connection failure expired", () => {
    const results = parseBounce(LEGACY_EXPIRED).results;
    expect(results.map((r) => r.recipient)).toEqual(["a@example.org", "b@example.org"]);
    expect(results.every((r) => r.reason === "expired" && r.decoder === "gmail")).toBe(true);
  });

  it("reads the newer notice with its delivery-status part", () => {
    const [r] = parseBounce(NEW_FORMAT).results;
    expect(r?.decoder).toBe("gmail");
    expect(r?.status).toBe("5.1.1");
    expect(r?.remoteMta).toBe("mx.example.com");
    expect(r?.reason).toBe("userunknown");
  });

  it("returns null for a Google Groups notice and for other mail", () => {
    const mail = (s: string) => createBounceMail(readMime(normalizeInput(s)));
    expect(GMAIL.decode(mail(GROUPS))).toBeNull();
    expect(
      GMAIL.decode(
        mail(
          "From: a@example.com\nSubject: hi\n\nDelivery to the following recipient failed permanently:\n\n     x@example.com\n",
        ),
      ),
    ).toBeNull();
  });
});
