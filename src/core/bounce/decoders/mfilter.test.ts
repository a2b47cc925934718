import { describe, expect, it } from "vitest";
import { parseBounce } from "../parse-bounce.js";
import { mailOf } from "./mail-of.test-support.js";
import { MFILTER } from "./mfilter.js";

const bounce = (
  addrs: string[],
  reply: string,
  command: string,
  mailer = "m-FILTER",
): string => `From: POSTMASTER <postmaster@example.jp>
To: sender@example.org
Subject: failure notice
Date: Tue, 3 Mar 2026 09:15:01 +0900
X-Mailer: ${mailer}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

このメールは「m-FILTER」が自動的に生成して送信しています。
メールサーバーとの通信中、下記の理由により
このメールは送信できませんでした。

以下のメールアドレスへの送信に失敗しました。
${addrs.join("\n")}


-------server message
${reply}

-------SMTP command
${command}

-------original mail info
From: sender@example.org
Subject: Hello
Date: Tue, 3 Mar 2026 09:14:00 +0900
Message-ID: <mf-1@example.org>
BODY:
Hi
`;

describe("mfilter", () => {
  it("reads the address, the server message and the SMTP command", () => {
    const { results } = parseBounce(
      bounce(["user@example.jp"], "550 5.1.1 <user@example.jp>: Recipient address rejected: User unknown", "DATA"),
    );
    expect(results[0]).toMatchObject({
      decoder: "mfilter",
      recipient: "user@example.jp",
      status: "5.1.1",
      command: "data",
      diagnosticCode: "550 5.1.1 <user@example.jp>: Recipient address rejected: User unknown",
    });
    expect(results[0]?.original.messageId).toBe("<mf-1@example.org>");
  });

  it("reads several addresses, RCPT TO, and works under another X-Mailer", () => {
    const { results } = parseBounce(
      bounce(
        ["a@example.jp", "b@example.jp"],
        "452 4.3.1 Insufficient system resources",
        "RCPT TO:<a@example.jp>",
        "local-mailhub",
      ),
    );
    expect(results.map((r) => [r.recipient, r.command, r.status])).toEqual([
      ["a@example.jp", "rcpt", "4.3.1"],
      ["b@example.jp", "rcpt", "4.3.1"],
    ]);
  });

  it("gives null for other mail", () => {
    expect(MFILTER.decode(mailOf("From: a@example.org\nSubject: failure notice\n\nuser@example.jp\n"))).toBeNull();
  });
});
