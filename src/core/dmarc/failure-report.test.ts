// DMARC failure reports (RFC 6591 ARF auth-failure): fixtures written here in the shapes receivers send (CRLF and LF,
// base64 parts, returned headers or whole messages), the odd ones, the mails that are not failure reports, and
// hostile input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corrupted } from "../../../test/support/corrupted.js";
import { parseFailureReport } from "./failure-report.js";
import type { FailureReport } from "./types.js";

const crlf = (s: string) => s.replace(/\n/g, "\r\n");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64").replace(/.{76}/g, "$&\n");
const codes = (r: FailureReport | undefined) => r?.problems.map((p) => p.code);

/** A DMARC failure report as large receivers send it: three parts, returned headers only, CRLF line ends. */
const DMARC_REPORT = crlf(`Return-Path: <>
Received: from mta.example.net (mta.example.net [198.51.100.7])
	by mx.example.com with ESMTPS id 4VXd1k2Q; Thu, 02 May 2024 10:15:02 +0000
From: DMARC Reporter <dmarc-noreply@example.net>
To: ruf@example.com
Subject: Report domain: example.com Submitter: example.net Report-ID: <r-123@example.net>
Date: Thu, 02 May 2024 10:15:00 +0000
Message-ID: <r-123@example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
	boundary="----=_Part_0_1234"

This is a multi-part message in MIME format.

------=_Part_0_1234
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

This is an authentication failure report for an email message received from IP
203.0.113.25 on Thu, 02 May 2024 10:14:51 +0000.

------=_Part_0_1234
Content-Type: message/feedback-report

Feedback-Type: auth-failure
User-Agent: ExampleReporter/2.1
Version: 1
Original-Mail-From: <bounces@example.com>
Original-Rcpt-To: <user@example.net>
Arrival-Date: Thu, 02 May 2024 10:14:51 +0000
Reporting-MTA: dns; mx.example.net
Source-IP: 203.0.113.25
Reported-Domain: example.com
Authentication-Results: mx.example.net; dmarc=fail (p=reject dis=none)
	header.from=example.com; spf=fail smtp.mailfrom=example.com;
	dkim=none
Auth-Failure: dmarc
Delivery-Result: reject
Identity-Alignment: none

------=_Part_0_1234
Content-Type: text/rfc822-headers

Received: from spoofer.example.org (unknown [203.0.113.25])
	by mx.example.net with SMTP; Thu, 02 May 2024 10:14:51 +0000
From: "Example Billing" <billing@example.com>
To: user@example.net
Subject: Your invoice is overdue
Message-ID: <spoof-1@example.org>
Date: Thu, 02 May 2024 10:14:40 +0000

------=_Part_0_1234--
`);

/** A DKIM failure: LF line ends, the feedback part base64-encoded, names in odd case, the whole message returned. */
function dkimReport(): string {
  const fields = `feedback-type: auth-failure
USER-AGENT: OpenExampleFilter/1.4.2
Version: 1
Original-Mail-From: news@example.com
Arrival-Date: Fri, 03 May 2024 08:00:01 +0200
Source-IP: [IPv6:2001:db8::25]
reported-domain: Example.com
Auth-Failure:
 signature
DKIM-Domain: example.com
DKIM-Identity: @example.com
DKIM-Selector: s2024
DKIM-Canonicalized-Header: ZnJvbTpOZXdzIDxuZXdzQGV4YW1wbGUuY29tPg0Kc3ViamVjdDpXZWVrbHkgbmV3cw0K
Delivery-Result: delivered
Identity-Alignment: spf
`;
  return `From: postmaster@example.org
To: dkim-failures@example.com
Subject: DKIM failure report
MIME-Version: 1.0
Content-Type: multipart/report; report-type="feedback-report"; boundary="b1"

--b1
Content-Type: text/plain

A message claiming to be from you failed DKIM verification.

--b1
Content-Type: message/feedback-report
Content-Transfer-Encoding: base64

${b64(fields)}
--b1
Content-Type: message/rfc822
Content-Disposition: inline

Received: from out.example.com (out.example.com [2001:db8::25])
From: Example News <news@example.com>
To: reader@example.org
Subject: =?UTF-8?B?${Buffer.from("Wöchentliche Neuigkeiten", "utf8").toString("base64")}?=
Message-ID: <n-2024-18@example.com>
DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s2024; h=from:subject; bh=x; b=y

Hello.
--b1--
`;
}

describe("parseFailureReport", () => {
  it("reads a DMARC failure report (CRLF, returned headers)", () => {
    expect(parseFailureReport(DMARC_REPORT)).toEqual({
      feedbackType: "auth-failure",
      authFailure: "dmarc",
      reportedDomain: "example.com",
      sourceIp: "203.0.113.25",
      originalMailFrom: "bounces@example.com",
      originalRcptTo: "user@example.net",
      arrivalDate: "Thu, 02 May 2024 10:14:51 +0000",
      reportingMta: "dns; mx.example.net",
      userAgent: "ExampleReporter/2.1",
      deliveryResult: "reject",
      identityAlignment: "none",
      original: {
        from: '"Example Billing" <billing@example.com>',
        subject: "Your invoice is overdue",
        messageId: "<spoof-1@example.org>",
      },
      problems: [],
    });
  });

  it("reads the same report with LF line ends and from bytes", () => {
    const lf = parseFailureReport(DMARC_REPORT.replace(/\r\n/g, "\n"));
    const bytes = parseFailureReport(new TextEncoder().encode(DMARC_REPORT));
    expect(lf).toEqual(parseFailureReport(DMARC_REPORT));
    expect(bytes).toEqual(lf);
  });

  it("reads a DKIM failure: base64 feedback part, case-insensitive and folded fields, the whole message", () => {
    const r = parseFailureReport(dkimReport());
    expect(r).toEqual({
      feedbackType: "auth-failure",
      authFailure: "signature",
      reportedDomain: "example.com",
      sourceIp: "2001:db8::25",
      originalMailFrom: "news@example.com",
      arrivalDate: "Fri, 03 May 2024 08:00:01 +0200",
      userAgent: "OpenExampleFilter/1.4.2",
      dkimDomain: "example.com",
      dkimIdentity: "@example.com",
      dkimSelector: "s2024",
      deliveryResult: "delivered",
      identityAlignment: "spf",
      original: {
        from: "Example News <news@example.com>",
        subject: "Wöchentliche Neuigkeiten",
        messageId: "<n-2024-18@example.com>",
      },
      problems: [],
    });
    // The canonicalized header and body are evidence for DKIM experts, not kept.
    expect(JSON.stringify(r)).not.toContain("ZnJvbTp");
    expect(parseFailureReport(crlf(dkimReport()))).toEqual(r);
  });

  it("decodes a returned message with raw UTF-8 headers given as bytes", () => {
    const mail = DMARC_REPORT.replace("Subject: Your invoice is overdue", "Subject: Ihre Rechnung ist überfällig");
    const r = parseFailureReport(new TextEncoder().encode(mail));
    expect(r?.original?.subject).toBe("Ihre Rechnung ist überfällig");
  });

  it("reads the fields from a text/plain part when that is where the reporter put them", () => {
    const mail = `From: reports@example.org
To: ruf@example.com
Subject: SPF failure report
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="xyz"

--xyz
Content-Type: text/plain; charset=utf-8

An SPF failure report for a message from 192.0.2.44.

Version: 1
Feedback-Type: auth-failure
User-Agent: SmallReporter/0.9
Auth-Failure: spf
Source-IP: 192.0.2.44
Reported-Domain: example.com
Original-Rcpt-To: <a@example.org>
SPF-DNS: txt : example.com : "v=spf1 ip4:198.51.100.0/24 -all"

Regards, the mail team
--xyz
Content-Type: text/rfc822-headers

From: someone@example.com
Subject: Hello

--xyz--
`;
    const r = parseFailureReport(mail);
    expect(r).toMatchObject({
      feedbackType: "auth-failure",
      authFailure: "spf",
      sourceIp: "192.0.2.44",
      reportedDomain: "example.com",
      originalRcptTo: "a@example.org",
      userAgent: "SmallReporter/0.9",
      spfDns: 'txt : example.com : "v=spf1 ip4:198.51.100.0/24 -all"',
      original: { from: "someone@example.com", subject: "Hello" },
    });
    expect(codes(r)).toEqual(["feedback-part-as-text"]);
  });

  it("reads a feedback part whose Feedback-Type is missing but which has Auth-Failure", () => {
    const mail = DMARC_REPORT.replace("Feedback-Type: auth-failure\r\n", "");
    const r = parseFailureReport(mail);
    expect(r?.feedbackType).toBe("auth-failure");
    expect(codes(r)).toEqual(["missing-feedback-type"]);
  });

  it("names what is missing or malformed, and still reads the rest", () => {
    const mail = DMARC_REPORT.replace("Auth-Failure: dmarc\r\n", "")
      .replace("Reported-Domain: example.com\r\n", "")
      .replace("Source-IP: 203.0.113.25", "Source-IP: mail.example.org")
      .replace("\r\nVersion: 1\r\n", "\r\nVersion: 0.1\r\n")
      .replace("Arrival-Date: Thu, 02 May 2024 10:14:51 +0000", "Arrival-Date: last tuesday")
      .replace("Delivery-Result: reject", "Delivery-Result: quarantined");
    const r = parseFailureReport(mail);
    expect(codes(r)).toEqual([
      "unexpected-version",
      "missing-auth-failure",
      "missing-reported-domain",
      "bad-source-ip",
      "bad-arrival-date",
      "unknown-delivery-result",
    ]);
    expect(r).toMatchObject({ sourceIp: "mail.example.org", userAgent: "ExampleReporter/2.1" });
    expect(r?.authFailure).toBeUndefined();
  });

  it("asks for the fields a DKIM or SPF failure report must carry", () => {
    const dkim = dkimReport().replace("DKIM-Selector: s2024\n", "");
    // The feedback part is base64: rebuild it without the selector.
    const withoutSelector = parseFailureReport(
      dkim.replace(/Content-Transfer-Encoding: base64\n\n[^-]+/, (m) => {
        const body = Buffer.from(m.split("\n\n")[1] ?? "", "base64").toString("utf8");
        return `Content-Transfer-Encoding: base64\n\n${b64(body.replace("DKIM-Selector: s2024\n", ""))}\n`;
      }),
    );
    expect(codes(withoutSelector)).toEqual(["missing-dkim-fields"]);
    expect(withoutSelector?.problems[0]?.message).toContain("DKIM-Selector");

    const spf = DMARC_REPORT.replace("Auth-Failure: dmarc", "Auth-Failure: SPF");
    expect(parseFailureReport(spf)?.authFailure).toBe("spf");
    expect(codes(parseFailureReport(spf))).toEqual(["missing-spf-dns"]);

    const odd = DMARC_REPORT.replace("Auth-Failure: dmarc", "Auth-Failure: arc");
    expect(codes(parseFailureReport(odd))).toEqual(["unknown-auth-failure"]);
  });

  it("returns undefined for mails that are not auth-failure reports", () => {
    const abuse = DMARC_REPORT.replace("Feedback-Type: auth-failure", "Feedback-Type: abuse");
    const plain = crlf(`From: a@example.com
To: b@example.net
Subject: About reports

We discussed whether Feedback-Type: auth-failure reports are useful.
`);
    const dsn = crlf(`From: MAILER-DAEMON@mx.example.net
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="d1"

--d1
Content-Type: text/plain

Your message could not be delivered.

--d1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; nobody@example.net
Action: failed
Status: 5.1.1

--d1--
`);
    // An abuse report whose human text quotes an auth-failure line is still an abuse report.
    const abuseQuoting = abuse.replace(
      "This is an authentication failure report",
      "Feedback-Type: auth-failure\r\nThis is an authentication failure report",
    );
    for (const mail of [abuse, plain, dsn, abuseQuoting, "", "\r\n\r\n", "Feedback-Type: abuse\n"]) {
      expect(parseFailureReport(mail), mail.slice(0, 60)).toBeUndefined();
    }
  });

  it("never throws on arbitrary strings and bytes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 })), (input) => {
        const r = parseFailureReport(input);
        if (r !== undefined) expect(Array.isArray(r.problems)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on the fixtures cut, spliced and corrupted at random places", () => {
    const samples = [DMARC_REPORT, dkimReport()];
    fc.assert(
      fc.property(corrupted(samples), (variants) => {
        for (const s of variants) {
          const r = parseFailureReport(s);
          if (r !== undefined) expect(r.feedbackType).toBe("auth-failure");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("caps the fields read from a huge feedback part and says so", () => {
    const fields = `${"X-Filler: a\n".repeat(1000)}Auth-Failure: dmarc\n${"a: b\n".repeat(200_000)}`;
    const mail = `Content-Type: multipart/report; boundary=q\n\n--q\nContent-Type: message/feedback-report\n\nFeedback-Type: auth-failure\n${fields}--q--\n`;
    const r = parseFailureReport(mail);
    // The MIME reader keeps 1,000 fields per block: Auth-Failure, field 1,002, is beyond.
    expect(r?.authFailure).toBeUndefined();
    expect(codes(r)).toEqual(expect.arrayContaining(["missing-auth-failure", "too-many-fields"]));
  });
});
