import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { GOOGLE_GROUPS } from "./googlegroups.js";

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

// A Gmail notice from the same daemon, which is not a Groups refusal.
const GMAIL_NOTICE = `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
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

describe("googlegroups decoder", () => {
  it("reads the group refusal", () => {
    const [r] = parseBounce(GROUPS).results;
    expect(r?.decoder).toBe("googlegroups");
    expect(r?.recipient).toBe("team@googlegroups.com");
    expect(r?.reason).toBe("rejected");
    expect(r?.original.subject).toBe("post");
  });

  it("reads a localised notice (French)", () => {
    const fr = GROUPS.replace(
      /Hello[\s\S]*?Google Groups\n/,
      "Bonjour sender@example.net,\n\nIl se peut que le groupe que vous avez essayé de contacter (team) n'existe pas.\n\nhttps://groups.google.com/support/\n\nGoogle Groups\n",
    );
    const [r] = parseBounce(fr).results;
    expect(r?.decoder).toBe("googlegroups");
    expect(r?.reason).toBe("rejected");
  });

  it("returns null for a Gmail notice", () => {
    expect(GOOGLE_GROUPS.decode(createBounceMail(readMime(normalizeInput(GMAIL_NOTICE))))).toBeNull();
  });
});
