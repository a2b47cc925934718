import { describe, expect, it } from "vitest";
import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import { parseBounce } from "../parse-bounce.js";
import { AMAZON_SES, unwrapSesDiagnostic } from "./amazonses.js";

const sns = (json: string): string => `From: SES-Topic <no-reply@sns.amazonaws.com>
Subject: AWS Notification Message
Content-Type: text/plain; charset=UTF-8

${json}

--
If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:
https://sns.us-east-1.amazonaws.com/unsubscribe.html
`;

const BOUNCE = sns(
  JSON.stringify({
    notificationType: "Bounce",
    bounce: {
      bounceType: "Permanent",
      bounceSubType: "General",
      bouncedRecipients: [
        {
          emailAddress: "nobody@example.com",
          action: "failed",
          status: "5.1.1",
          diagnosticCode: "smtp; 550 5.1.1 user unknown",
        },
      ],
      timestamp: "2025-02-05T10:00:00.000Z",
      reportingMTA: "dsn; a1-2.smtp-out.amazonses.com",
    },
    mail: {
      messageId: "0100abc",
      headers: [
        { name: "Message-ID", value: "<ses-1@example.net>" },
        { name: "Subject", value: "offer" },
      ],
    },
  }),
);

// Variant not in the corpus: SES's suppression list.
const SUPPRESSED = sns(
  JSON.stringify({
    notificationType: "Bounce",
    bounce: {
      bounceType: "Permanent",
      bounceSubType: "OnAccountSuppressionList",
      bouncedRecipients: [
        {
          emailAddress: "old@example.org",
          action: "failed",
          status: "5.1.1",
          diagnosticCode:
            "Amazon SES did not send the message to this address because it is on the suppression list for your account.",
        },
      ],
    },
    mail: { commonHeaders: { subject: "s", messageId: "<m@example.net>" } },
  }),
);

const COMPLAINT = sns(
  `{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"reader@example.com"}],"complaintFeedbackType":"abuse","feedbackId":"f-1"},"mail":{"headers":[]}}`,
);

const DSN = `From: MAILER-DAEMON@email-bounces.amazonses.com
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="s1"

--s1
Content-Type: text/plain

The following message to <user@example.jp> was undeliverable.
The reason for the problem:
5.1.0 - Unknown address error 550-'5.2.2 <user@example.jp>... Mailbox Full'

--s1
Content-Type: message/delivery-status

Reporting-MTA: dns; a1-2.smtp-out.amazonses.com

Final-Recipient: rfc822;user@example.jp
Action: failed
Status: 5.0.0 (permanent failure)
Remote-MTA: dns; [192.0.2.70]
Diagnostic-Code: smtp; 5.1.0 - Unknown address error 550-'5.2.2 <user@example.jp>... Mailbox Full' (delivery attempts: 0)

--s1--
`;

describe("amazonses decoder", () => {
  it("reads a bounce notification", () => {
    const [r] = parseBounce(BOUNCE).results;
    expect(r?.decoder).toBe("amazonses");
    expect(r?.recipient).toBe("nobody@example.com");
    expect(r?.status).toBe("5.1.1");
    expect(r?.diagnosticCode).toBe("550 5.1.1 user unknown");
    expect(r?.reason).toBe("userunknown");
    expect(r?.original.messageId).toBe("<ses-1@example.net>");
  });

  it("reads the suppression list and complaints", () => {
    expect(parseBounce(SUPPRESSED).results[0]?.reason).toBe("suppressed");
    const [c] = parseBounce(COMPLAINT).results;
    expect(c?.reason).toBe("feedback");
    expect(c?.feedbackType).toBe("abuse");
  });

  it("unwraps SES's own DSN text", () => {
    const [r] = parseBounce(DSN).results;
    expect(r?.decoder).toBe("amazonses");
    expect(r?.diagnosticCode).toBe("550 5.2.2 <user@example.jp>... Mailbox Full");
    expect(r?.status).toBe("5.2.2");
    expect(r?.reason).toBe("mailboxfull");
    expect(unwrapSesDiagnostic("plain text")).toBe("plain text");
  });

  it("returns null for other mail", () => {
    const m = createBounceMail(
      readMime(normalizeInput("From: a@example.com\nSubject: AWS Notification Message\n\n{}\n")),
    );
    expect(AMAZON_SES.decode(m)).toBeNull();
  });
});
