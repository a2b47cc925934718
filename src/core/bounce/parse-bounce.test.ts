import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBounce } from "./parse-bounce.js";

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/bounces/${name}`, import.meta.url));

describe("parseBounce on standard reports", () => {
  it("reads a Postfix DSN: recipient, status, diagnostic, remote MTA, original message fields", () => {
    const { results, kind } = parseBounce(fixture("dsn-postfix-userunknown.eml"), { extraHeaders: ["X-Campaign-Id"] });
    expect(kind).toBe("bounce");
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r).toMatchObject({
      recipient: "nobody@example.net",
      alias: "team@example.net",
      action: "failed",
      reason: "userunknown",
      status: "5.1.1",
      replyCode: 550,
      hardBounce: true,
      diagnosticType: "SMTP",
      remoteMta: "mx1.example.net",
      reportingMta: "mail.example.org",
      decoder: "postfix",
    });
    // The human part is richer than Diagnostic-Code here: it names the host and the command.
    expect(r?.diagnosticCode).toContain(
      "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
    );
    expect(r?.command).toBe("rcpt");
    expect(r?.fields["x-postfix-queue-id"]).toBe("3F1A2B");
    expect(r?.original).toMatchObject({
      messageId: "<campaign-42.7@example.org>",
      subject: "März news",
      listId: "<march.news.example.org>",
      extra: { "x-campaign-id": "spring-42" },
    });
    expect(r?.diagnosis.evidence.rule).not.toBe("none");
    expect(r?.timestamp).toBe(Date.parse("2026-03-03T09:15:01Z") / 1000);
  });

  it("gives one result per recipient group, and calls an all-delayed report delayed", () => {
    const { results, kind } = parseBounce(fixture("dsn-two-recipients-delayed.eml"));
    expect(kind).toBe("delayed");
    expect(results.map((r) => [r.recipient, r.action, r.status, r.diagnosis.outcome])).toEqual([
      ["anna@example.net", "delayed", "4.4.1", "temporary"],
      ["ben@example.net", "delayed", "4.2.2", "temporary"],
    ]);
    expect(results[0]?.fields["will-retry-until"]).toBe("Sun, 8 Mar 2026 08:00:00 +0000");
    expect(results[1]?.reason).toBe("mailboxfull");
  });

  it("labels a successful-delivery DSN delivered", () => {
    const { results, kind } = parseBounce(fixture("delivered.eml"));
    expect(kind).toBe("delivered");
    expect(results[0]).toMatchObject({ recipient: "frank@example.net", reason: "delivered", hardBounce: false });
  });

  it("labels an ARF complaint feedback, with its type and the complaining recipient", () => {
    const { results, kind } = parseBounce(fixture("arf-abuse.eml"));
    expect(kind).toBe("feedback");
    expect(results[0]).toMatchObject({
      recipient: "carol@isp.example.net",
      reason: "feedback",
      feedbackType: "abuse",
      decoder: "arf",
      hardBounce: false,
    });
    expect(results[0]?.original.messageId).toBe("<offer-5@example.org>");
  });

  it("labels an auto-reply vacation, decoding its charset", () => {
    const { results, kind } = parseBounce(fixture("vacation.eml"));
    expect(kind).toBe("auto-reply");
    expect(results[0]).toMatchObject({ recipient: "dana@example.net", reason: "vacation", decoder: "rfc3834" });
    expect(results[0]?.diagnosticCode).toBe("Ich bin bis zum 20. März nicht im Büro.");
  });

  it("gives no result for ordinary mail, even when its text mentions DSN field names", () => {
    expect(parseBounce(fixture("ordinary.eml"))).toMatchObject({ results: [], kind: "not-bounce" });
  });

  it("reads CRLF and CR-only copies exactly like the LF original", () => {
    const lf = fixture("dsn-postfix-userunknown.eml").toString("latin1");
    const base = parseBounce(lf).results;
    for (const eol of ["\r\n", "\r"]) {
      const other = parseBounce(lf.replace(/\n/g, eol)).results;
      expect(other).toEqual(base);
    }
  });

  it("gives the same key when the same bounce is read twice, and different keys for different recipients", () => {
    const a = parseBounce(fixture("dsn-two-recipients-delayed.eml")).results;
    const b = parseBounce(fixture("dsn-two-recipients-delayed.eml")).results;
    expect(a.map((r) => r.key)).toEqual(b.map((r) => r.key));
    expect(new Set(a.map((r) => r.key)).size).toBe(2);
  });

  it("takes a string as the text a person sees (non-ASCII kept), and bytes as bytes", () => {
    const text = fixture("vacation.eml")
      .toString("latin1")
      .replace("=E4", "ä")
      .replace("Content-Transfer-Encoding: quoted-printable\n", "")
      .replace("iso-8859-1", "utf-8");
    expect(parseBounce(text).results[0]?.diagnosticCode).toContain("März");
  });
});

describe("parseBounce with the caller's own decoder", () => {
  it("tries it before the built-in ones and reports its id", () => {
    const mail =
      "From: robot@example.org\nSubject: NOTICE\n\nRECIPIENT=zed@example.net CODE=550 TEXT=mailbox disabled\n";
    const { results } = parseBounce(mail, {
      decoders: [
        {
          id: "in-house",
          likely: (m) => m.subject === "NOTICE",
          decode(m) {
            const match = /RECIPIENT=(\S+) CODE=(\d{3}) TEXT=(.{1,200})/.exec(m.text);
            if (match === null) return null;
            return {
              recipients: [
                {
                  recipient: match[1] as string,
                  alias: null,
                  action: "failed",
                  status: null,
                  diagnosticCode: `${match[2]} ${match[3]}`,
                  diagnosticType: "SMTP",
                  remoteMta: null,
                  reportingMta: null,
                  command: null,
                  date: null,
                  reason: null,
                  feedbackType: null,
                  fields: {},
                },
              ],
              original: null,
            };
          },
        },
      ],
    });
    expect(results[0]).toMatchObject({ decoder: "in-house", recipient: "zed@example.net", replyCode: 550 });
  });
});

describe("delivery-status quirks", () => {
  it("splits recipient groups written without empty lines between them", () => {
    const mail = [
      "From: MAILER-DAEMON@example.org",
      "Subject: Undeliverable",
      "Content-Type: multipart/report; report-type=delivery-status; boundary=q",
      "",
      "--q",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.org",
      "",
      "Original-Recipient: rfc822; list@example.net",
      "Final-Recipient: rfc822; one@example.net",
      "Action: failed",
      "Status: 5.1.1",
      "Original-Recipient: rfc822; other@example.net",
      "Final-Recipient: rfc822; two@example.net",
      "Action: failed",
      "Status: 5.2.2",
      "--q--",
    ].join("\n");
    const { results } = parseBounce(mail);
    expect(results.map((r) => [r.recipient, r.alias, r.status])).toEqual([
      ["one@example.net", "list@example.net", "5.1.1"],
      ["two@example.net", "other@example.net", "5.2.2"],
    ]);
  });

  it("reports an ARF complaint that names no recipient with an empty recipient, and Apple Mail unsubscribes", () => {
    const arf = readFileSync(new URL("../../../test/fixtures/bounces/arf-abuse.eml", import.meta.url), "latin1")
      .replace("Original-Rcpt-To: <carol@isp.example.net>\n", "")
      .replace("To: carol@isp.example.net\n", "To: <Undisclosed Recipients>\n");
    expect(parseBounce(arf).results.map((r) => [r.recipient, r.reason, r.feedbackType])).toEqual([
      ["", "feedback", "abuse"],
    ]);
    const apple = [
      "From: someone@example.net",
      "To: opt-out-1@example.org",
      "Subject: unsubscribe",
      "Auto-Submitted: auto-replied",
      "X-Apple-Unsubscribe: true",
      "",
      "Apple Mail sent this email to unsubscribe from the message.",
    ].join("\n");
    expect(parseBounce(apple).results[0]).toMatchObject({
      recipient: "someone@example.net",
      reason: "feedback",
      feedbackType: "opt-out",
    });
  });
});

describe("bounces inside other mail", () => {
  it("reads a bounce forwarded as an attachment", () => {
    const inner = fixture("dsn-two-recipients-delayed.eml").toString("latin1");
    const mail = [
      "From: helpdesk@example.org",
      "To: support@example.org",
      "Subject: Fwd: Delivery Status Notification (Delay)",
      "Content-Type: multipart/mixed; boundary=fw",
      "",
      "--fw",
      "Content-Type: text/plain",
      "",
      "See the attached notice, please.",
      "--fw",
      "Content-Type: message/rfc822",
      "",
      inner,
      "--fw--",
    ].join("\n");
    const r = parseBounce(mail);
    expect(r.results.map((x) => x.recipient)).toEqual(["anna@example.net", "ben@example.net"]);
    expect(r.issues).toContain("read the bounce attached to a forwarded mail");
  });

  it("reads Hotmail's old complaint mail as feedback", () => {
    const mail = [
      "From: staff@hotmail.com",
      "To: abuse@example.org",
      "Subject: complaint about message from 192.0.2.9",
      "Content-Type: multipart/mixed; boundary=c",
      "",
      "--c",
      "Content-Type: message/rfc822",
      "",
      "From: news@example.org",
      "To: reader@example.net",
      "Subject: offers",
      "",
      "hello",
      "--c--",
    ].join("\n");
    expect(parseBounce(mail).results.map((x) => [x.recipient, x.reason, x.feedbackType])).toEqual([
      ["reader@example.net", "feedback", "abuse"],
    ]);
  });
});

describe("challenge-response mails", () => {
  it.each([
    ["X-TMDA-Confirm-Done: 1234\nSubject: Re: hello", "Your message awaits confirmation."],
    ["Subject: Please confirm your message", "Reply to this mail."],
    [
      "Subject: Re: offers",
      "I use a challenge-response system. To have your message delivered, please click the link.",
    ],
  ])("labels %j without a result", (headers, body) => {
    const r = parseBounce(`From: person@example.net\nTo: news@example.org\n${headers}\n\n${body}\n`);
    expect(r).toMatchObject({ kind: "challenge-response", results: [] });
  });

  it("does not label ordinary mail", () => {
    expect(parseBounce(fixture("ordinary.eml")).kind).toBe("not-bounce");
  });
});

describe("delivery-status layouts seen at gateways", () => {
  it("keeps a Diagnostic-Code continued on unindented lines, and Reporting-MTA from a single mixed group", () => {
    const mail = [
      "From: MAILER-DAEMON@gw.example.org",
      "Subject: Undeliverable",
      "Content-Type: multipart/report; report-type=delivery-status; boundary=g",
      "",
      "--g",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; gw.example.org",
      "Final-Recipient: rfc822; pat@example.net",
      "Action: failed",
      "Status: 5.0.0",
      "Diagnostic-Code: smtp; 550 pat@example.net",
      "No such user here",
      "--g--",
    ].join("\n");
    const r = parseBounce(mail).results[0];
    expect(r?.diagnosticCode).toBe("550 pat@example.net No such user here");
    expect(r?.reportingMta).toBe("gw.example.org");
  });
});

describe("localised MTA templates", () => {
  it("reads a Postfix bounce whose notice text is a German template (bounce_template_file)", () => {
    const r = parseBounce(fixture("postfix-localised-de.eml")).results[0];
    expect(r).toMatchObject({
      decoder: "postfix",
      recipient: "weg@example.net",
      reason: "userunknown",
      command: "rcpt",
      status: "5.1.1",
      replyCode: 550,
    });
  });
});
