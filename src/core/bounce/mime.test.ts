import { readdirSync, readFileSync } from "node:fs";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import {
  decodeBase64,
  decodeHeaderValue,
  decodeQuotedPrintable,
  MAX_NESTING_DEPTH,
  normalizeInput,
  readMime,
} from "./mime.js";

const FIXTURES = new URL("../../../test/fixtures/bounces/", import.meta.url);

describe("header decoding", () => {
  it.each([
    ["=?UTF-8?B?TcOkcnogbmV3cw==?=", "März news"],
    ["=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=", "Grüße aus Köln"],
    ["=?utf-8?q?a?= =?utf-8?q?b?=", "ab"], // whitespace between adjacent words dropped (RFC 2047 section 6.2)
    ["Re: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?= x", "Re: こんにちは x"],
    ["=?Shift_JIS?B?g2WDWINn?=", "テスト"],
    ["=?windows-1252?Q?=80_price?=", "€ price"],
    ["plain text", "plain text"],
    ["=?broken", "=?broken"],
  ])("%s", (raw, want) => {
    expect(decodeHeaderValue(raw)).toBe(want);
  });
});

describe("transfer encodings", () => {
  it("decodes quoted-printable with soft breaks and hex escapes", () => {
    expect(decodeQuotedPrintable("caf=C3=A9 =\nau lait=20\nfin=")).toBe("caf\xc3\xa9 au lait \nfin=");
  });
  it("decodes base64 across line breaks and ignores junk", () => {
    expect(decodeBase64("SGVs\nbG8g!d29y\r\nbGQ=")).toBe("Hello world");
  });
});

describe("readMime", () => {
  it("normalises CRLF and CR-only line ends", () => {
    expect(normalizeInput("a\r\nb\rc\n")).toBe("a\nb\nc\n");
  });

  it("walks nested multiparts and keeps message/rfc822 as one leaf", () => {
    const mail = [
      "Content-Type: multipart/mixed; boundary=outer",
      "",
      "preamble",
      "--outer",
      "Content-Type: multipart/alternative; boundary=inner",
      "",
      "--inner",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      "SGFsbMO2",
      "--inner",
      "Content-Type: text/html",
      "",
      "<p>x</p>",
      "--inner--",
      "--outer",
      "Content-Type: message/rfc822",
      "",
      "Subject: inner",
      "Content-Type: multipart/mixed; boundary=outer",
      "",
      "body",
      "--outer--",
      "epilogue",
    ].join("\n");
    const m = readMime(normalizeInput(mail));
    expect(m.parts.map((p) => [p.type, p.depth])).toEqual([
      ["text/plain", 2],
      ["text/html", 2],
      ["message/rfc822", 1],
    ]);
    expect(m.parts[0]?.text).toBe("Hallö");
    expect(m.parts[2]?.text).toContain("Subject: inner");
  });

  it("reads a part without a closing delimiter (truncated mail) to the end", () => {
    const m = readMime(
      normalizeInput(
        "Content-Type: multipart/report; boundary=b\n\n--b\n\nfirst\n--b\nContent-Type: text/plain\n\ncut here",
      ),
    );
    expect(m.parts.map((p) => p.text)).toEqual(["first", "cut here"]);
  });

  it("stops at the nesting limit instead of recursing 1,000 levels", () => {
    const depth = 1000;
    let s = "";
    for (let i = 0; i < depth; i++) s += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
    s += "Content-Type: text/plain\n\ndeep\n";
    const m = readMime(normalizeInput(`Subject: bomb\n${s}`));
    expect(m.issues.some((i) => i.includes(String(MAX_NESTING_DEPTH)))).toBe(true);
    expect(m.headers[0]).toEqual({ name: "subject", value: "bomb" });
  });

  it("keeps a bounded number of header fields from 100,000", () => {
    const s = `${"X-H: v\n".repeat(100_000)}\nbody`;
    const m = readMime(s);
    expect(m.headers.length).toBe(1000);
    expect(m.issues.join(" ")).toContain("header fields beyond");
  });

  it("reads a 10 MB single line without trouble", () => {
    const m = readMime(`Subject: x\n\n${"a".repeat(10 * 1024 * 1024)}`);
    expect(m.parts[0]?.text.length).toBe(10 * 1024 * 1024);
  });

  it.each(["", "x", "\n\n", "\u0000\u0001\u00ff", "Content-Type: multipart/mixed; boundary=\n\n--\n--"])(
    "never throws on %j",
    (s) => {
      expect(() => readMime(normalizeInput(s))).not.toThrow();
    },
  );
});

// The same answers as postal-mime, the maintained reference parser, on every fixture: subject, from, and the
// text of each delivery-status / text/plain part.
describe("differential against postal-mime", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".eml"));
  it("has fixtures", () => {
    expect(files.length).toBeGreaterThan(4);
  });
  for (const f of files) {
    it(f, async () => {
      const bytes = readFileSync(new URL(f, FIXTURES));
      const theirs = await PostalMime.parse(bytes, { attachmentEncoding: "utf8" });
      const ours = readMime(normalizeInput(bytes));
      const subject = ours.headers.find((h) => h.name === "subject")?.value;
      expect(subject === undefined ? undefined : decodeHeaderValue(subject)).toBe(theirs.subject);
      const ourText = ours.parts
        .filter((p) => p.type === "text/plain" && p.depth <= 1)
        .map((p) => p.text.trim())
        .join("\n");
      expect(ourText).toBe((theirs.text ?? "").trim());
      for (const a of theirs.attachments) {
        if (a.mimeType !== "message/delivery-status" && a.mimeType !== "message/feedback-report") continue;
        const part = ours.parts.find((p) => p.type === a.mimeType);
        expect(part?.text.trim()).toBe(String(a.content).replace(/\r\n/g, "\n").trim());
      }
    });
  }
});

describe("parseContentType on broken headers", () => {
  it("reads a type whose ';' before the parameters is missing", async () => {
    const { parseContentType } = await import("./mime.js");
    const ct = parseContentType('text/plain charset="iso-2022-jp"');
    expect(ct.type).toBe("text/plain");
    expect(ct.params.get("charset")).toBe("iso-2022-jp");
  });
});

describe("broken header folding", () => {
  it("reads a parameter continued on an unindented line after a ';'", () => {
    const m = readMime(normalizeInput("Content-Type: multipart/mixed;\nboundary=zz\n\n--zz\n\nhello\n--zz--\n"));
    expect(m.parts.map((p) => p.text)).toEqual(["hello"]);
  });
});

describe("mislabelled Japanese text", () => {
  it("reads EUC-JP bytes labelled ISO-2022-JP", async () => {
    const { decodeBytes } = await import("./charset.js");
    // "宛先" in EUC-JP: B0 B8 C0 E8
    expect(decodeBytes("\xb0\xb8\xc0\xe8", "iso-2022-jp")).toBe("宛先");
    // and Shift_JIS bytes of "テスト" under the same wrong label
    expect(decodeBytes("\x83\x65\x83\x58\x83\x67", "ISO-2022-JP")).toBe("テスト");
  });
});
