import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReply } from "./parse-reply.js";

describe("parseReply: the shapes replies come in", () => {
  const cases: {
    name: string;
    input: string;
    replyCode: number | null;
    enhancedCode: string | null;
    stage?: string | null;
    remoteHost?: string | null;
    remoteIp?: string | null;
    textStartsWith?: string;
    addresses?: string[];
    tags?: string[];
  }[] = [
    {
      name: "bare reply with enhanced code",
      input: "550 5.1.1 User unknown",
      replyCode: 550,
      enhancedCode: "5.1.1",
      textStartsWith: "User unknown",
    },
    {
      name: "DSN Diagnostic-Code",
      input: "smtp; 550 5.1.1 <a@example.com>... User unknown",
      replyCode: 550,
      enhancedCode: "5.1.1",
      addresses: ["a@example.com"],
    },
    {
      name: "Diagnostic-Code header pasted whole",
      input: "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full",
      replyCode: 552,
      enhancedCode: "5.2.2",
      textStartsWith: "Mailbox full",
    },
    {
      name: "Postfix wrapper",
      input:
        "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)",
      replyCode: 550,
      enhancedCode: "5.1.1",
      stage: "rcpt",
      remoteHost: "mx.example.com",
      remoteIp: "192.0.2.1",
      textStartsWith: "<a@example.com>: Recipient address rejected",
    },
    {
      name: "Exim wrapper",
      input:
        "SMTP error from remote mail server after RCPT TO:<b@example.org>:\n    host mx.example.org [198.51.100.7]: 550 No such user here",
      replyCode: 550,
      enhancedCode: null,
      stage: "rcpt",
      remoteHost: "mx.example.org",
      remoteIp: "198.51.100.7",
      textStartsWith: "No such user here",
      addresses: ["b@example.org"],
    },
    {
      name: "Exim 4.9x wrapper",
      input:
        "SMTP error from remote server for MAIL FROM command, host: mx.example.net (203.0.113.9) reason: 553 5.7.1 Sender rejected",
      replyCode: 553,
      enhancedCode: "5.7.1",
      stage: "mail",
      remoteHost: "mx.example.net",
      remoteIp: "203.0.113.9",
    },
    {
      name: "Exchange wrapper with closing quote",
      input: "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'",
      replyCode: 550,
      enhancedCode: "5.1.1",
      textStartsWith: "RESOLVER.ADR.RecipNotFound; not found",
    },
    {
      name: "Exchange 2003 #code",
      input: "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##",
      replyCode: 550,
      enhancedCode: "5.1.1",
    },
    {
      name: "qmail bare #code",
      input: "Sorry, no mailbox here by that name. (#5.1.1)",
      replyCode: null,
      enhancedCode: "5.1.1",
      textStartsWith: "Sorry, no mailbox here",
    },
    {
      name: "bare enhanced code",
      input: "5.7.1 Relaying denied",
      replyCode: null,
      enhancedCode: "5.7.1",
    },
    {
      name: "JSON string from an ESP event",
      input: '"550 5.1.1 The email account that you tried to reach does not exist.\\n gsmtp"',
      replyCode: 550,
      enhancedCode: "5.1.1",
    },
    {
      name: "JSON object with diagnosticCode",
      input:
        '{"emailAddress":"c@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}',
      replyCode: 550,
      enhancedCode: "5.1.1",
    },
    {
      name: "Yahoo bracketed tag",
      input:
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1",
      replyCode: 421,
      enhancedCode: "4.7.0",
      tags: ["TSS04"],
    },
    {
      name: "Outlook.com S tag",
      input:
        "550 5.7.1 Unfortunately, messages from [192.0.2.3] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
      replyCode: 550,
      enhancedCode: "5.7.1",
      tags: ["S3150"],
    },
    {
      name: "Exchange Online AS tag and front-end host",
      input:
        "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM10FT012.eop-nam10.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.4.1",
      tags: ["AS(201806281)"],
      remoteHost: "dm6nam10ft012.eop-nam10.prod.protection.outlook.com",
    },
    {
      name: "Yahoo numbers that are not codes",
      input:
        "554 delivery error: dd Sorry your message to d@example.com cannot be delivered. This mailbox is disabled (554.30).",
      replyCode: 554,
      enhancedCode: null,
    },
    {
      name: "no code at all",
      input: "Connection timed out",
      replyCode: null,
      enhancedCode: null,
      textStartsWith: "Connection timed out",
    },
    {
      name: "quantity is not a reply code",
      input: "message size 552 bytes exceeds limit; 552 5.3.4 Message too big",
      replyCode: 552,
      enhancedCode: "5.3.4",
    },
    {
      name: "Sendmail talking to",
      input: "... while talking to mx.example.com.: >>> DATA <<< 554 5.7.1 Rejected as spam",
      replyCode: 554,
      enhancedCode: "5.7.1",
      remoteHost: "mx.example.com",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseReply(c.input);
      expect(r.replyCode).toBe(c.replyCode);
      expect(r.enhancedCode).toBe(c.enhancedCode);
      if (c.stage !== undefined) expect(r.stage).toBe(c.stage);
      if (c.remoteHost !== undefined) expect(r.remoteHost).toBe(c.remoteHost);
      if (c.remoteIp !== undefined) expect(r.remoteIp).toBe(c.remoteIp);
      if (c.textStartsWith !== undefined) expect(r.text.startsWith(c.textStartsWith)).toBe(true);
      if (c.addresses !== undefined) expect(r.addresses).toEqual(c.addresses);
      if (c.tags !== undefined) expect(r.tags).toEqual(expect.arrayContaining(c.tags));
    });
  }
});

describe("parseReply: multi-line replies fold into one", () => {
  const gmail = [
    "550-5.7.26 This mail has been blocked because the sender is unauthenticated.",
    "550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.",
    "550-5.7.26",
    "550 5.7.26 Authentication results: DKIM = did not pass gsmtp",
  ];
  for (const eol of ["\r\n", "\n", "\r"]) {
    it(`with ${JSON.stringify(eol)} line ends`, () => {
      const r = parseReply(gmail.join(eol));
      expect(r.replyCode).toBe(550);
      expect(r.enhancedCode).toBe("5.7.26");
      expect(r.text).toBe(
        "This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass gsmtp",
      );
      expect(r.full).toContain("requires all senders to authenticate");
    });
  }
  it("without repeated enhanced codes", () => {
    const r = parseReply("550-Mailbox unavailable\n550-for this recipient\n550 please check the address");
    expect(r.replyCode).toBe(550);
    expect(r.text).toBe("Mailbox unavailable for this recipient please check the address");
  });
  it("as Postfix joins them inside said:", () => {
    const r = parseReply(
      "host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.1.1 The email account that you tried to reach does not exist. 550-5.1.1 Please try double-checking 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp (in reply to RCPT TO command)",
    );
    expect(r.text).toBe(
      "The email account that you tried to reach does not exist. Please try double-checking https://support.google.com/mail/?p=NoSuchUser - gsmtp",
    );
    expect(r.stage).toBe("rcpt");
  });
});

describe("parseReply: contradictions are kept and reported", () => {
  it("550 with a class-4 enhanced code", () => {
    const r = parseReply("550 4.2.2 Mailbox full");
    expect(r.replyCode).toBe(550);
    expect(r.enhancedCode).toBe("4.2.2");
    expect(r.family).toBe("5xx");
    expect(r.conflicts.map((c) => c.kind)).toContain("class-mismatch");
  });
  it("421 with a class-5 enhanced code", () => {
    const r = parseReply("421 5.7.0 Too many errors");
    expect(r.conflicts.map((c) => c.kind)).toContain("class-mismatch");
  });
  it("a temporary code whose text says it will not succeed", () => {
    const r = parseReply(
      "421 4.7.0 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.",
    );
    expect(r.conflicts.map((c) => c.kind)).toContain("text-says-permanent");
  });
  it("a consistent reply has no conflict", () => {
    expect(parseReply("550 5.1.1 User unknown").conflicts).toEqual([]);
  });
});

describe("parseReply: never throws", () => {
  it("on any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 2000 }), (s) => {
        const r = parseReply(s);
        expect(typeof r.text).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });
  it("on strings built from reply fragments (property)", () => {
    const piece = fc.constantFrom(
      "550",
      "-",
      " ",
      "5.7.1",
      "#",
      "host ",
      "[",
      "]",
      "192.0.2.1",
      "@",
      "a",
      ".",
      ":",
      "\r\n",
      '"',
      "{",
      "}",
      "smtp;",
      "(in reply to RCPT TO command)",
      "::",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (parts) => {
        const r = parseReply(parts.join(""));
        expect(r.conflicts).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });
  it("on non-string input from JavaScript callers", () => {
    expect(parseReply(undefined as unknown as string).replyCode).toBeNull();
    expect(parseReply(42 as unknown as string).replyCode).toBeNull();
  });
});
