import { describe, expect, it } from "vitest";
import { normalizeInput, readHeaders } from "../bounce/mime.js";
import {
  addressOf,
  firstExternalHop,
  fromDomainOf,
  isPrivateIp,
  parseArcAuthenticationResults,
  parseAuthenticationResults,
  parseReceived,
  parseReceivedSpf,
  receiverResultsOf,
  returnPathOf,
} from "./auth-results.js";

const headersOf = (s: string) => readHeaders(normalizeInput(s), 0, normalizeInput(s).length).headers;

// Written in the style of a message received by Gmail (the header "Show original" gives), addresses made up.
const GMAIL = `Delivered-To: reader@gmail.com
Received: by 2002:a05:6a10:1234:b0:4d2:1234:5678 with SMTP id abc123csp123456pxb;
        Mon, 3 Jun 2024 07:12:45 -0700 (PDT)
X-Received: by 2002:a17:90a:1234:b0:2c1:1234:5678 with SMTP id x1mr1234567pjb.12.1717423965123;
        Mon, 03 Jun 2024 07:12:45 -0700 (PDT)
ARC-Seal: i=1; a=rsa-sha256; t=1717423965; cv=none; d=google.com; s=arc-20160816; b=abc
ARC-Authentication-Results: i=1; mx.google.com;
       dkim=pass header.i=@brand.example header.s=s1 header.b=AbCdEf12;
       spf=pass (google.com: domain of bounce@mail.brand.example designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounce@mail.brand.example;
       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=brand.example
Return-Path: <bounce@mail.brand.example>
Received: from mail.brand.example (mail.brand.example. [192.0.2.10])
        by mx.google.com with ESMTPS id d9443c01a7336-1f6323e4a1bsi12345675ad.123.2024.06.03.07.12.44
        for <reader@gmail.com>
        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);
        Mon, 03 Jun 2024 07:12:45 -0700 (PDT)
Received-SPF: pass (google.com: domain of bounce@mail.brand.example designates 192.0.2.10 as permitted sender) client-ip=192.0.2.10;
Authentication-Results: mx.google.com;
       dkim=pass header.i=@brand.example header.s=s1 header.b=AbCdEf12;
       spf=pass (google.com: domain of bounce@mail.brand.example designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounce@mail.brand.example;
       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=brand.example
Received: from [10.0.0.5] (localhost [127.0.0.1]) by mail.brand.example (Postfix) with ESMTPSA id 4Vt;
        Mon, 03 Jun 2024 14:12:44 +0000 (UTC)
From: "Brand, Inc." <news@brand.example>
To: reader@gmail.com
Subject: News

Hello
`;

// Microsoft 365 style: no authserv-id in Authentication-Results, internal hops between exchangelabs hosts.
const MICROSOFT = `Received: from DM6PR11MB1234.namprd11.prod.outlook.com (2603:10b6:5:1b0::12) by
 DM6PR11MB5678.namprd11.prod.outlook.com with HTTPS; Tue, 4 Jun 2024 09:01:02 +0000
Received: from BN9PR03CA0123.namprd03.prod.outlook.com (2603:10b6:408:fe::8) by
 DM6PR11MB1234.namprd11.prod.outlook.com (2603:10b6:5:1b0::12) with Microsoft SMTP
 Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.25; Tue, 4 Jun 2024 09:01:01 +0000
Authentication-Results: spf=softfail (sender IP is 203.0.113.7)
 smtp.mailfrom=esp.example; dkim=fail (body hash did not verify)
 header.d=brand.example;dmarc=fail action=quarantine
 header.from=brand.example;compauth=fail reason=000
Received-SPF: SoftFail (protection.outlook.com: domain of transitioning
 esp.example discourages use of 203.0.113.7 as permitted sender)
 receiver=protection.outlook.com; client-ip=203.0.113.7; helo=out.esp.example;
Received: from out.esp.example (203.0.113.7) by
 BN9PR03CA0123.mail.protection.outlook.com (10.167.16.27) with Microsoft SMTP Server
 (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.7633.22 via Frontend Transport; Tue, 4 Jun 2024 09:01:00 +0000
ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=softfail
 smtp.mailfrom=esp.example; dmarc=fail action=quarantine
 header.from=brand.example; dkim=fail (body hash did not verify)
 header.d=brand.example; arc=none
Return-Path: bounces+123@esp.example
From: Brand <news@brand.example>
Subject: Offer

Body
`;

// Yahoo style: comment glued to the result, trailing ";".
const YAHOO = `Received: from 192.0.2.44 (EHLO mail.shop.example) by 10.217.150.12 with SMTP; Wed, 5 Jun 2024 10:00:00 +0000
Authentication-Results: atlas-production.v2.mail-ir2.yahoo.com;
 dkim=pass header.i=@shop.example header.s=sel2023;
 spf=pass smtp.mailfrom=shop.example;
 dmarc=pass(p=REJECT) header.from=shop.example;
Received: from mail.shop.example ([192.0.2.44]:40022 helo=mail.shop.example) by mx.yahoo.com with esmtps (Exim 4.97)
From: shop@shop.example
Subject: Receipt

Thanks
`;

describe("Authentication-Results", () => {
  it("reads Gmail's field: authserv-id, methods, comments and properties", () => {
    const r = receiverResultsOf(headersOf(GMAIL));
    expect(r.authenticationResults).toHaveLength(1);
    const ar = r.authenticationResults[0];
    expect(ar?.authservId).toBe("mx.google.com");
    expect(ar?.results.map((x) => `${x.method}=${x.result}`)).toEqual(["dkim=pass", "spf=pass", "dmarc=pass"]);
    expect(ar?.results[0]?.properties).toMatchObject({ "header.i": "@brand.example", "header.s": "s1" });
    expect(ar?.results[1]?.properties["smtp.mailfrom"]).toBe("bounce@mail.brand.example");
    expect(ar?.results[1]?.comments[0]).toContain("designates 192.0.2.10");
    expect(ar?.results[2]?.comments).toEqual(["p=REJECT sp=REJECT dis=NONE"]);
    expect(r.arcAuthenticationResults[0]).toMatchObject({ instance: 1, authservId: "mx.google.com" });
    expect(r.receivedSpf[0]).toMatchObject({ result: "pass", params: { "client-ip": "192.0.2.10" } });
  });

  it("reads Microsoft 365's field without an authserv-id, with action= and reason=", () => {
    const r = receiverResultsOf(headersOf(MICROSOFT));
    const ar = r.authenticationResults[0];
    expect(ar?.authservId).toBeNull();
    expect(ar?.results.map((x) => `${x.method}=${x.result}`)).toEqual([
      "spf=softfail",
      "dkim=fail",
      "dmarc=fail",
      "compauth=fail",
    ]);
    expect(ar?.results[1]?.comments).toEqual(["body hash did not verify"]);
    expect(ar?.results[2]?.properties).toEqual({ action: "quarantine", "header.from": "brand.example" });
    expect(ar?.results[3]?.reason).toBe("000");
    const arc = r.arcAuthenticationResults[0];
    expect(arc).toMatchObject({ instance: 1, authservId: "mx.microsoft.com" });
    expect(arc?.results.map((x) => x.method)).toEqual(["spf", "dmarc", "dkim", "arc"]);
    expect(r.receivedSpf[0]).toMatchObject({
      result: "softfail",
      params: { receiver: "protection.outlook.com", "client-ip": "203.0.113.7", helo: "out.esp.example" },
    });
  });

  it("reads Yahoo's field with a comment glued to the result", () => {
    const ar = receiverResultsOf(headersOf(YAHOO)).authenticationResults[0];
    expect(ar?.authservId).toBe("atlas-production.v2.mail-ir2.yahoo.com");
    expect(ar?.results[2]).toMatchObject({ method: "dmarc", result: "pass", comments: ["p=REJECT"] });
    expect(ar?.results[2]?.properties["header.from"]).toBe("shop.example");
  });

  it("handles none, versions, quoted values, nested comments and garbage", () => {
    expect(parseAuthenticationResults("example.org 1; none")).toMatchObject({ authservId: "example.org", results: [] });
    const r = parseAuthenticationResults(
      'example.com; auth=pass (cram-md5 (nested)) smtp.auth="sender name"; dkim/1 = pass header.d=example.net',
    );
    expect(r?.results[0]).toMatchObject({ method: "auth", comments: ["cram-md5 (nested)"] });
    expect(r?.results[0]?.properties["smtp.auth"]).toBe("sender name");
    expect(r?.results[1]).toMatchObject({ method: "dkim", result: "pass", properties: { "header.d": "example.net" } });
    expect(parseAuthenticationResults("")).toBeNull();
    expect(parseAuthenticationResults("((((((((")).toBeNull();
    expect(parseArcAuthenticationResults("i=2; relay.example.net; arc=pass")?.instance).toBe(2);
    expect(parseReceivedSpf("client-ip=1.2.3.4")).toBeNull();
    expect(parseReceivedSpf("neutral")).toEqual({ result: "neutral", comment: null, params: {} });
  });

  it("stays linear on long hostile input", () => {
    const evil = `${"(".repeat(50_000)}${"a=b ".repeat(50_000)}${'"'.repeat(10_001)}`;
    const t = Date.now();
    parseAuthenticationResults(evil);
    parseReceivedSpf(evil);
    parseReceived(`from ${"[".repeat(50_000)} by x`);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});

describe("From, Return-Path and the first external hop", () => {
  it("finds the From and Return-Path domains", () => {
    const h = headersOf(GMAIL);
    expect(fromDomainOf(h)).toBe("brand.example");
    expect(returnPathOf(h)).toBe("bounce@mail.brand.example");
    expect(returnPathOf(headersOf(MICROSOFT))).toBe("bounces+123@esp.example");
    expect(addressOf("<>")).toBe("");
    expect(addressOf('"a <b> c" <x@y.example> (comment)')).toBe("x@y.example");
    expect(fromDomainOf(headersOf("From: a@one.example, b@two.example\n\n"))).toBeNull();
    expect(fromDomainOf(headersOf('From: "Doe, J" <j@ex.example>\n\n'))).toBe("ex.example");
  });

  it("finds the connecting IP at Gmail, skipping the internal hops and the private submission", () => {
    expect(firstExternalHop(headersOf(GMAIL))).toMatchObject({
      ip: "192.0.2.10",
      helo: "mail.brand.example",
      reverseName: "mail.brand.example",
      by: "mx.google.com",
    });
  });

  it("finds it at Microsoft 365, where internal hops are written without brackets", () => {
    expect(firstExternalHop(headersOf(MICROSOFT))).toMatchObject({ ip: "203.0.113.7", helo: "out.esp.example" });
  });

  it("finds it at Yahoo and in Exim's form", () => {
    expect(firstExternalHop(headersOf(YAHOO))).toMatchObject({ ip: "192.0.2.44" });
    expect(parseReceived("from [198.51.100.9] (helo=box.example) by mx.example.net with esmtp")).toMatchObject({
      ip: "198.51.100.9",
      helo: null,
    });
    expect(parseReceived("from host (host [IPv6:2001:db8::25]) by mx.example.net").ip).toBe("2001:db8::25");
  });

  it("tells private and loopback addresses", () => {
    for (const ip of [
      "10.1.2.3",
      "127.0.0.1",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.0.1",
      "::1",
      "fd00::1",
      "fe80::1",
    ]) {
      expect(isPrivateIp(ip), ip).toBe(true);
    }
    for (const ip of ["192.0.2.1", "8.8.8.8", "2001:db8::1", "::ffff:8.8.8.8", "172.32.0.1"]) {
      expect(isPrivateIp(ip), ip).toBe(false);
    }
    expect(isPrivateIp("::ffff:10.0.0.1")).toBe(true);
  });
});
