import { Buffer } from "node:buffer";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DmarcInputLimits, readDmarcInputs } from "./dmarc-inputs.js";

// ---------------------------------------------------------------------------------------------------------------
// Fixtures, written here

const AGG = `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>example.net</org_name><email>dmarc@example.net</email>
    <report_id>r-1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record><row><source_ip>192.0.2.10</source_ip><count>3</count>
    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><result>pass</result></dkim></auth_results></record>
</feedback>
`;
const aggregate = (id: string): string => AGG.replace("r-1", id);

const TLS = JSON.stringify({
  "organization-name": "Example Org",
  "date-range": { "start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z" },
  "contact-info": "tlsrpt@example.org",
  "report-id": "tls-1",
  policies: [
    {
      policy: { "policy-type": "sts", "policy-domain": "example.com" },
      summary: { "total-successful-session-count": 10, "total-failure-session-count": 0 },
    },
  ],
});

const u8 = (s: string): Uint8Array => Buffer.from(s, "utf8");

function base64Lines(data: Uint8Array): string {
  const b64 = Buffer.from(data).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join("\r\n");
}

/** Quoted-printable (RFC 2045 6.7): "=" and non-ASCII escaped, soft breaks before 76 columns. */
function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    let cur = "";
    for (const byte of Buffer.from(line, "utf8")) {
      const piece =
        byte === 0x3d || byte > 0x7e || (byte < 0x20 && byte !== 0x09)
          ? `=${byte.toString(16).toUpperCase().padStart(2, "0")}`
          : String.fromCharCode(byte);
      if (cur.length + piece.length > 72) {
        out.push(`${cur}=`);
        cur = "";
      }
      cur += piece;
    }
    out.push(cur);
  }
  return out.join("\r\n");
}

interface Part {
  readonly type: string;
  readonly filename?: string;
  readonly data: Uint8Array | string;
  readonly encoding?: "base64" | "quoted-printable";
}

/** A report mail as reporters send them: a short text part, then the attachments. */
function mail(parts: readonly Part[], subject = "Report domain: example.com Submitter: example.net"): string {
  const boundary = "----=_Part_0_12345";
  const out = [
    "Return-Path: <dmarc@example.net>",
    "From: DMARC Reports <dmarc@example.net>",
    "To: rua@example.com",
    `Subject: ${subject}`,
    "Date: Tue, 14 Nov 2023 00:00:00 +0000",
    "Message-ID: <r1@example.net>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "This is an aggregate report from example.net.",
  ];
  for (const p of parts) {
    const encoding = p.encoding ?? "base64";
    const bytes = typeof p.data === "string" ? u8(p.data) : p.data;
    out.push(`--${boundary}`, `Content-Type: ${p.type}${p.filename ? `; name="${p.filename}"` : ""}`);
    out.push(`Content-Transfer-Encoding: ${encoding}`);
    if (p.filename) out.push(`Content-Disposition: attachment; filename="${p.filename}"`);
    out.push("", encoding === "base64" ? base64Lines(bytes) : quotedPrintable(Buffer.from(bytes).toString("utf8")));
  }
  out.push(`--${boundary}--`, "");
  return out.join("\r\n");
}

function arf(feedbackType = "auth-failure"): string {
  const b = "arf-boundary";
  return [
    "From: dmarc-failures@example.net",
    "To: ruf@example.com",
    "Subject: FW: Earn money",
    "Date: Tue, 14 Nov 2023 00:00:00 +0000",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is an authentication failure report for an email message received from IP 192.0.2.1.",
    "",
    `--${b}`,
    "Content-Type: message/feedback-report",
    "",
    `Feedback-Type: ${feedbackType}`,
    "User-Agent: Example/1.0",
    "Version: 1",
    "Auth-Failure: dmarc",
    "Source-IP: 192.0.2.1",
    "Reported-Domain: example.com",
    "",
    `--${b}`,
    "Content-Type: text/rfc822-headers",
    "",
    "From: spoofer@example.com",
    "Subject: Earn money",
    "",
    `--${b}--`,
    "",
  ].join("\r\n");
}

function mboxOf(mails: readonly string[]): string {
  return mails
    .map((m, i) => `From dmarc@example.net Tue Nov 14 00:0${i}:00 2023\n${m.replace(/\r\n/g, "\n")}\n`)
    .join("\n");
}

/** Sets bits in an entry's flags or its method, in the local header and the central directory alike. */
function patchZip(zip: Uint8Array, patch: { flags?: number; method?: number }): Uint8Array {
  const out = Uint8Array.from(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) {
      if (patch.flags !== undefined) view.setUint16(i + 6, view.getUint16(i + 6, true) | patch.flags, true);
      if (patch.method !== undefined) view.setUint16(i + 8, patch.method, true);
    } else if (sig === 0x02014b50) {
      if (patch.flags !== undefined) view.setUint16(i + 8, view.getUint16(i + 8, true) | patch.flags, true);
      if (patch.method !== undefined) view.setUint16(i + 10, patch.method, true);
    }
  }
  return out;
}

/** A zip written the streaming way: sizes and CRC in data descriptors after each entry (flag bit 3). */
function streamedZip(files: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  for (const [name, text] of Object.entries(files)) {
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(strToU8(text), true);
  }
  const stored = new ZipPassThrough("stored.txt");
  zip.add(stored);
  stored.push(strToU8("a note"), true);
  zip.end();
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading helpers

interface Read {
  readonly docs: { name: string; kind: string; text?: string; mail?: string }[];
  readonly problems: { file: string; code: string; message: string }[];
  /** "doc NAME" / "problem CODE NAME", in order. */
  readonly order: string[];
}

async function readAll(paths: readonly string[], limits?: DmarcInputLimits): Promise<Read> {
  const out: Read = { docs: [], problems: [], order: [] };
  for await (const event of readDmarcInputs(paths, limits)) {
    if ("problem" in event) {
      out.problems.push(event.problem);
      out.order.push(`problem ${event.problem.code} ${event.problem.file}`);
      continue;
    }
    const d = event.document;
    let text: string | undefined;
    if (d.chunks !== undefined) {
      text = "";
      for await (const chunk of d.chunks) text += chunk;
    }
    out.docs.push({
      name: d.name,
      kind: d.kind,
      ...(text !== undefined ? { text } : {}),
      ...(d.mail !== undefined ? { mail: Buffer.from(d.mail).toString("utf8") } : {}),
    });
    out.order.push(`doc ${d.name}`);
  }
  return out;
}

let dir: string;
let n = 0;
/** A fresh directory under the test's temp dir. */
function fresh(): string {
  const d = join(dir, `case-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
}
function put(d: string, name: string, data: Uint8Array | string): string {
  const p = join(d, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, data);
  return p;
}
/** File descriptors of this process that point into the temp dir (Linux only; empty elsewhere). */
function openFixtureFiles(): string[] {
  try {
    return readdirSync("/proc/self/fd")
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return "";
        }
      })
      .filter((target) => target.startsWith(dir));
  } catch {
    return [];
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bw-dmarc-inputs-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

describe("readDmarcInputs: files", () => {
  it("reads raw XML with its BOM removed", async () => {
    const d = fresh();
    const p = put(d, "report.xml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), u8(AGG)]));
    const r = await readAll([p]);
    expect(r.problems).toEqual([]);
    expect(r.docs).toEqual([{ name: p, kind: "aggregate", text: AGG }]);
  });

  it("reads .xml.gz, .json and .json.gz (TLS-RPT), keeping the file's name", async () => {
    const d = fresh();
    const a = put(d, "a.xml.gz", gzipSync(u8(AGG)));
    const b = put(d, "b.json", TLS);
    const c = put(d, "c.json.gz", gzipSync(u8(TLS)));
    const r = await readAll([a, b, c]);
    expect(r.problems).toEqual([]);
    expect(r.docs).toEqual([
      { name: a, kind: "aggregate", text: AGG },
      { name: b, kind: "tls", text: TLS },
      { name: c, kind: "tls", text: TLS },
    ]);
  });

  it("reads every entry of a zip, stored or deflated, a gzip inside it too, directories skipped", async () => {
    const d = fresh();
    const zip = zipSync({
      "google.com!example.com!1700000000!1700086400.xml": u8(aggregate("z1")),
      "sub/": new Uint8Array(0),
      "sub/second.xml.gz": gzipSync(u8(aggregate("z2"))),
      "stored.xml": [u8(aggregate("z3")), { level: 0 }],
    });
    const p = put(d, "reports.zip", zip);
    const r = await readAll([p]);
    expect(r.problems).toEqual([]);
    expect(r.docs.map((x) => [x.name, x.text])).toEqual([
      [`${p} > google.com!example.com!1700000000!1700086400.xml`, aggregate("z1")],
      [`${p} > sub/second.xml.gz`, aggregate("z2")],
      [`${p} > stored.xml`, aggregate("z3")],
    ]);
  });

  it("reads a zip written with data descriptors (sizes after the data)", async () => {
    const d = fresh();
    const p = put(d, "streamed.zip", streamedZip({ "one.xml": aggregate("s1"), "two.json": TLS }));
    const r = await readAll([p]);
    expect(r.docs.map((x) => [x.name, x.kind, x.text])).toEqual([
      [`${p} > one.xml`, "aggregate", aggregate("s1")],
      [`${p} > two.json`, "tls", TLS],
    ]);
    expect(r.problems).toEqual([{ file: `${p} > stored.txt`, code: "unknown-format", message: expect.any(String) }]);
  });

  it("tells formats by content, whatever the name says", async () => {
    const d = fresh();
    const xml = put(d, "report.bin", AGG);
    const zip = put(d, "archive.xml", zipSync({ "in.xml": u8(AGG) }));
    const gz = put(d, "data.dat", gzipSync(u8(TLS)));
    const bare = put(
      d,
      "noname",
      `<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><version>2.0</version></feedback>`,
    );
    const r = await readAll([xml, zip, gz, bare]);
    expect(r.problems).toEqual([]);
    expect(r.docs.map((x) => [x.name, x.kind])).toEqual([
      [xml, "aggregate"],
      [`${zip} > in.xml`, "aggregate"],
      [gz, "tls"],
      [bare, "aggregate"],
    ]);
  });

  it("reads a file named .gz that is plain XML as it is, with a problem", async () => {
    const d = fresh();
    const p = put(d, "report.xml.gz", AGG);
    const r = await readAll([p]);
    expect(r.docs).toEqual([{ name: p, kind: "aggregate", text: AGG }]);
    expect(r.problems).toEqual([{ file: p, code: "named-gz-not-gzip", message: expect.stringContaining("not gzip") }]);
  });

  it("decodes UTF-16 (by BOM) and a single-byte charset named in the XML declaration", async () => {
    const d = fresh();
    const utf16 = put(d, "u16.xml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(AGG, "utf16le")]));
    const latin = `<?xml version="1.0" encoding="ISO-8859-1"?><feedback><report_metadata><org_name>Soci\u00e9t\u00e9</org_name></report_metadata></feedback>`;
    const latin1 = put(d, "latin1.xml", Buffer.from(latin, "latin1"));
    const r = await readAll([utf16, latin1]);
    expect(r.problems).toEqual([]);
    expect(r.docs.map((x) => x.text)).toEqual([AGG, latin]);
  });

  it("streams a large document in many pieces", async () => {
    const d = fresh();
    const big = AGG.replace("</feedback>", `${"<!-- padding -->\n".repeat(200_000)}</feedback>`);
    const p = put(d, "big.xml.gz", gzipSync(u8(big)));
    let pieces = 0;
    let text = "";
    for await (const event of readDmarcInputs([p])) {
      if (!("document" in event)) throw new Error(event.problem.message);
      for await (const chunk of event.document.chunks ?? []) {
        pieces++;
        text += chunk;
      }
    }
    expect(text).toBe(big);
    expect(pieces).toBeGreaterThan(10);
  });
});

describe("readDmarcInputs: mails", () => {
  it("reads attachments of every usual type and encoding", async () => {
    const d = fresh();
    const zip = zipSync({ "z.xml": u8(aggregate("m-zip")) });
    const cases: [string, Part, string, string][] = [
      ["zip", { type: "application/zip", filename: "r.zip", data: zip }, "r.zip > z.xml", aggregate("m-zip")],
      [
        "x-zip",
        { type: "application/x-zip-compressed", filename: "x.zip", data: zip },
        "x.zip > z.xml",
        aggregate("m-zip"),
      ],
      [
        "gzip",
        { type: "application/gzip", filename: "r.xml.gz", data: gzipSync(u8(aggregate("m-gz"))) },
        "r.xml.gz",
        aggregate("m-gz"),
      ],
      [
        "text-xml-qp",
        { type: "text/xml", filename: "r.xml", data: aggregate("m-qp"), encoding: "quoted-printable" },
        "r.xml",
        aggregate("m-qp"),
      ],
      ["app-xml", { type: "application/xml", filename: "a.xml", data: aggregate("m-ax") }, "a.xml", aggregate("m-ax")],
      [
        "octet-stream",
        { type: "application/octet-stream", filename: "o.xml.gz", data: gzipSync(u8(aggregate("m-oct"))) },
        "o.xml.gz",
        aggregate("m-oct"),
      ],
      [
        "tlsrpt-gzip",
        { type: "application/tlsrpt+gzip", filename: "t.json.gz", data: gzipSync(u8(TLS)) },
        "t.json.gz",
        TLS,
      ],
      ["tlsrpt-json", { type: "application/tlsrpt+json", filename: "t.json", data: TLS }, "t.json", TLS],
    ];
    for (const [label, part, suffix, text] of cases) {
      const p = put(d, `${label}.eml`, mail([part]));
      const r = await readAll([p]);
      expect(r.problems, label).toEqual([]);
      // The line break before a MIME boundary is the boundary's; decoders differ on the one before it.
      const docs = r.docs.map((x) => [x.name, x.text?.replace(/\r\n/g, "\n").trimEnd()]);
      expect(docs, label).toEqual([[`${p} > ${suffix}`, text.trimEnd()]]);
    }
  });

  it("reads every message of an mbox and a Maildir tree (tmp and hidden files skipped, name order)", async () => {
    const d = fresh();
    const one = mail([{ type: "application/gzip", filename: "1.xml.gz", data: gzipSync(u8(aggregate("mb1"))) }]);
    const two = mail([
      { type: "application/zip", filename: "2.zip", data: zipSync({ "2.xml": u8(aggregate("mb2")) }) },
    ]);
    const box = put(d, "reports.mbox", mboxOf([one, two]));
    const r = await readAll([box]);
    expect(r.problems).toEqual([]);
    expect(r.docs.map((x) => [x.name, x.text])).toEqual([
      [`${box}#0 > 1.xml.gz`, aggregate("mb1")],
      [`${box}#1 > 2.zip > 2.xml`, aggregate("mb2")],
    ]);

    const md = join(d, "Maildir");
    put(md, "cur/1700000001.M1.host:2,S", one);
    put(md, "new/1700000002.M2.host", two);
    put(md, "tmp/1700000003.M3.host", one);
    put(md, ".hidden.xml", AGG);
    const m = await readAll([md]);
    expect(m.problems).toEqual([]);
    expect(m.docs.map((x) => x.name)).toEqual([
      `${join(md, "cur/1700000001.M1.host:2,S")} > 1.xml.gz`,
      `${join(md, "new/1700000002.M2.host")} > 2.zip > 2.xml`,
    ]);
  });

  it("gives an ARF auth-failure report as a failure document with the raw mail", async () => {
    const d = fresh();
    const p = put(d, "failure.eml", arf());
    const r = await readAll([p]);
    expect(r.problems).toEqual([]);
    expect(r.docs).toEqual([{ name: p, kind: "failure", mail: arf() }]);
  });

  it("says so for a feedback report of another type, and for a mail with no report", async () => {
    const d = fresh();
    const abuse = put(d, "abuse.eml", arf("abuse"));
    const plain = put(
      d,
      "plain.eml",
      mail([{ type: "image/png", filename: "logo.png", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }]),
    );
    const r = await readAll([abuse, plain]);
    expect(r.docs).toEqual([]);
    expect(r.problems.map((x) => [x.file, x.code])).toEqual([
      [abuse, "not-auth-failure"],
      [plain, "no-report-in-mail"],
    ]);
  });

  it("reads a zip inside a zip inside a mail, and a report mail forwarded as message/rfc822", async () => {
    const d = fresh();
    const inner = zipSync({ "inner.xml": u8(aggregate("nested")) });
    const outer = zipSync({ "inner.zip": inner });
    const p = put(d, "nested.eml", mail([{ type: "application/zip", filename: "outer.zip", data: outer }]));
    const forwarded = mail([{ type: "application/gzip", filename: "f.xml.gz", data: gzipSync(u8(aggregate("fw"))) }]);
    const f = put(d, "forward.eml", mail([{ type: "message/rfc822", filename: "fwd.eml", data: forwarded }], "Fwd"));
    const r = await readAll([p, f]);
    expect(r.problems).toEqual([]);
    expect(r.docs.map((x) => [x.name, x.text])).toEqual([
      [`${p} > outer.zip > inner.zip > inner.xml`, aggregate("nested")],
      [`${f} > fwd.eml > f.xml.gz`, aggregate("fw")],
    ]);
  });

  it("reads a mail found inside a zip", async () => {
    const d = fresh();
    const m = mail([{ type: "application/gzip", filename: "x.xml.gz", data: gzipSync(u8(aggregate("in-zip"))) }]);
    const p = put(d, "mails.zip", zipSync({ "a.eml": u8(m), "f.eml": u8(arf()) }));
    const r = await readAll([p]);
    expect(r.problems).toEqual([]);
    expect(r.docs.map((x) => [x.name, x.kind])).toEqual([
      [`${p} > a.eml > x.xml.gz`, "aggregate"],
      [`${p} > f.eml`, "failure"],
    ]);
  });
});

describe("readDmarcInputs: problems", () => {
  it("stops a zip bomb at maxDocumentBytes and goes on with the next entry", async () => {
    const d = fresh();
    const huge = `<?xml version="1.0"?><feedback><report_metadata>${" ".repeat(4 * 1024 * 1024)}</feedback>`;
    const zip = zipSync({ "bomb.xml": [u8(huge), { level: 9 }], "ok.xml": u8(aggregate("after-bomb")) });
    expect(zip.length).toBeLessThan(64 * 1024);
    const p = put(d, "bomb.zip", zip);
    const r = await readAll([p], { maxDocumentBytes: 256 * 1024 });
    expect(r.order).toEqual([`doc ${p} > bomb.xml`, `problem too-big ${p} > bomb.xml`, `doc ${p} > ok.xml`]);
    expect(r.problems[0]?.message).toMatch(/256 KiB/);
    expect(r.docs[0]?.text?.length).toBeLessThanOrEqual(256 * 1024);
    expect(r.docs[1]?.text).toBe(aggregate("after-bomb"));
  });

  it("stops a gzip bomb by its ratio once past 16 MiB", async () => {
    const d = fresh();
    const huge = Buffer.alloc(20 * 1024 * 1024, 0x20);
    u8('<?xml version="1.0"?><feedback><report_metadata>').forEach((b, i) => {
      huge[i] = b;
    });
    const gz = gzipSync(huge, { level: 9 });
    const p = put(d, "bomb.xml.gz", gz);
    const next = put(d, "next.xml", AGG);
    const r = await readAll([p, next], { maxRatio: 100 });
    expect(r.order).toEqual([`doc ${p}`, `problem compression-bomb ${p}`, `doc ${next}`]);
    expect(r.problems[0]?.message).toMatch(/compression bomb/);
  });

  it("reports a truncated gzip, a gzip with a bad CRC, and a truncated zip", async () => {
    const d = fresh();
    const gz = gzipSync(u8(AGG));
    const truncated = put(d, "truncated.xml.gz", gz.subarray(0, gz.length - 12));
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 6] = (badCrc[badCrc.length - 6] ?? 0) ^ 0xff;
    const crc = put(d, "crc.xml.gz", badCrc);
    const zip = zipSync({ "a.xml": u8(AGG) });
    const cut = put(d, "cut.zip", zip.subarray(0, zip.length - 30));
    const r = await readAll([truncated, crc, cut]);
    expect(r.problems.map((x) => [x.file, x.code])).toEqual([
      [truncated, "corrupt-gzip"],
      [crc, "corrupt-gzip"],
      [cut, "corrupt-zip"],
    ]);
    expect(r.problems[2]?.message).toMatch(/central directory/);
  });

  it("reports a zip entry whose CRC does not match: after its text, or alone when found in the first bytes", async () => {
    const d = fresh();
    const big = AGG.replace("</feedback>", `${"<!-- padding -->\n".repeat(1000)}</feedback>`);
    const damage = (zip: Uint8Array): Uint8Array => {
      const bad = Uint8Array.from(zip);
      bad[Buffer.from(zip).indexOf("example.net")] = 0x45; // "E"xample.net
      return bad;
    };
    const p = put(d, "bad.zip", damage(zipSync({ "a.xml": [u8(big), { level: 0 }] })));
    const small = put(d, "small.zip", damage(zipSync({ "b.xml": [u8(AGG), { level: 0 }] })));
    const r = await readAll([p, small]);
    expect(r.order).toEqual([
      `doc ${p} > a.xml`,
      `problem corrupt-zip ${p} > a.xml`,
      `problem corrupt-zip ${small} > b.xml`,
    ]);
    expect(r.problems[0]?.message).toMatch(/CRC/);
  });

  it("reports encrypted entries, unsupported methods and too many entries", async () => {
    const d = fresh();
    const zip = zipSync({ "a.xml": u8(AGG) });
    const encrypted = put(d, "enc.zip", patchZip(zip, { flags: 1 }));
    const bzip2 = put(d, "bz.zip", patchZip(zip, { method: 12 }));
    const many = put(d, "many.zip", zipSync({ "1.xml": u8(AGG), "2.xml": u8(AGG), "3.xml": u8(AGG) }));
    const r = await readAll([encrypted, bzip2, many], { maxEntries: 2 });
    expect(r.docs).toEqual([]);
    expect(r.problems.map((x) => [x.file, x.code])).toEqual([
      [`${encrypted} > a.xml`, "zip-encrypted"],
      [`${bzip2} > a.xml`, "zip-unsupported-method"],
      [many, "zip-too-many-entries"],
    ]);
    expect(r.problems[1]?.message).toMatch(/bzip2/);
  });

  it("stops archives nested deeper than maxNesting", async () => {
    const d = fresh();
    const p = put(
      d,
      "deep.eml",
      mail([{ type: "application/zip", filename: "r.zip", data: zipSync({ "r.xml.gz": gzipSync(u8(AGG)) }) }]),
    );
    const ok = await readAll([p], { maxNesting: 3 });
    expect(ok.docs.map((x) => x.name)).toEqual([`${p} > r.zip > r.xml.gz`]);
    const deep = await readAll([p], { maxNesting: 2 });
    expect(deep.docs).toEqual([]);
    expect(deep.problems.map((x) => [x.file, x.code])).toEqual([[`${p} > r.zip > r.xml.gz`, "too-deep"]]);
    const shallow = await readAll([p], { maxNesting: 0 });
    expect(shallow.problems.map((x) => [x.file, x.code])).toEqual([[`${p} > r.zip`, "too-deep"]]);
  });

  it("reports a missing path, a dangling link, empty and unknown files, other XML and JSON", async () => {
    const d = fresh();
    const missing = join(d, "missing.xml");
    symlinkSync(join(d, "nowhere"), join(d, "dangling.xml"));
    put(d, "empty.xml", "");
    put(d, "junk.bin", new Uint8Array([0, 1, 2, 3, 4, 5, 250, 251]));
    put(d, "other.json", '{"hello": "world"}');
    put(
      d,
      "fonts.conf",
      '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n',
    );
    const r = await readAll([missing, d]);
    expect(r.docs).toEqual([]);
    expect(r.problems.map((x) => [x.file, x.code])).toEqual([
      [missing, "unreadable"],
      [join(d, "dangling.xml"), "unreadable"],
      [join(d, "empty.xml"), "unknown-format"],
      [join(d, "fonts.conf"), "unknown-format"],
      [join(d, "junk.bin"), "unknown-format"],
      [join(d, "other.json"), "unknown-format"],
    ]);
    expect(r.problems[0]?.message).toMatch(/ENOENT/);
  });

  it.skipIf(process.getuid?.() === 0)(
    "reports an unreadable file (EACCES; skipped as root, who may read all)",
    async () => {
      const d = fresh();
      const p = put(d, "locked.xml", AGG);
      chmodSync(p, 0o000);
      const r = await readAll([p]);
      expect(r.problems.map((x) => [x.file, x.code])).toEqual([[p, "unreadable"]]);
      expect(r.problems[0]?.message).toMatch(/EACCES/);
    },
  );

  it("does not loop on a directory link cycle", async () => {
    const d = fresh();
    put(d, "a/report.xml", AGG);
    symlinkSync(d, join(d, "a", "loop"));
    const r = await readAll([d]);
    expect(r.docs.map((x) => x.name)).toEqual([join(d, "a/report.xml")]);
  });

  it("throws at the call on invalid limits", () => {
    expect(() => readDmarcInputs([], { maxRatio: -1 })).toThrow(RangeError);
    expect(() => readDmarcInputs([], { maxEntries: Number.NaN })).toThrow(RangeError);
  });
});

describe("readDmarcInputs: consumers that stop early", () => {
  it("closes a document the consumer broke out of, or never read, and goes on", async () => {
    const d = fresh();
    const big = AGG.replace("</feedback>", `${"<!-- padding -->\n".repeat(100_000)}</feedback>`);
    const a = put(d, "a.xml.gz", gzipSync(u8(big)));
    const zip = put(d, "b.zip", zipSync({ "1.xml": u8(big), "2.xml": u8(aggregate("two")), "3.xml": u8(big) }));
    const c = put(d, "c.xml", AGG);
    const seen: string[] = [];
    let kept: AsyncIterable<string> | undefined;
    for await (const event of readDmarcInputs([a, zip, c])) {
      if (!("document" in event)) throw new Error(event.problem.message);
      const doc = event.document;
      seen.push(doc.name);
      if (doc.name === a || doc.name.endsWith("1.xml")) {
        for await (const chunk of doc.chunks ?? []) {
          expect(chunk.length).toBeGreaterThan(0);
          break;
        }
      } else if (doc.name.endsWith("2.xml")) {
        let text = "";
        for await (const chunk of doc.chunks ?? []) text += chunk;
        expect(text).toBe(aggregate("two"));
      } else if (doc.name.endsWith("3.xml")) kept = doc.chunks; // never read
    }
    expect(seen).toEqual([a, `${zip} > 1.xml`, `${zip} > 2.xml`, `${zip} > 3.xml`, c]);
    // Chunks read after moving on are gone, not a hang.
    const late: string[] = [];
    for await (const chunk of kept ?? []) late.push(chunk);
    expect(late).toEqual([]);
    expect(openFixtureFiles()).toEqual([]);
  });

  it("closes every file when the consumer leaves in the middle of a document", async () => {
    const d = fresh();
    const big = AGG.replace("</feedback>", `${"<!-- padding -->\n".repeat(100_000)}</feedback>`);
    const zip = put(d, "z.zip", zipSync({ "big.xml.gz": gzipSync(u8(big)), "after.xml": u8(AGG) }));
    let events = 0;
    for await (const event of readDmarcInputs([zip])) {
      events++;
      if ("document" in event) {
        for await (const _ of event.document.chunks ?? []) break;
      }
      break;
    }
    expect(events).toBe(1);
    expect(openFixtureFiles()).toEqual([]);
  });
});

describe("readDmarcInputs: a directory with a mix", () => {
  it("reads everything in name order, reporting what it cannot use", async () => {
    const d = fresh();
    put(d, "1-report.xml", aggregate("d1"));
    put(d, "2-report.xml.gz", gzipSync(u8(aggregate("d2"))));
    put(d, "3-reports.zip", zipSync({ "a.xml": u8(aggregate("d3a")), "b.json": u8(TLS) }));
    put(
      d,
      "4-mail.eml",
      mail([{ type: "application/gzip", filename: "m.xml.gz", data: gzipSync(u8(aggregate("d4"))) }]),
    );
    put(d, "5-failure.eml", arf());
    put(d, "6-notes.txt", "remember to check the reports\n");
    put(d, "7-tls.json", TLS);
    put(d, ".DS_Store", "junk");
    const r = await readAll([d]);
    const p = (name: string) => join(d, name);
    expect(r.order).toEqual([
      `doc ${p("1-report.xml")}`,
      `doc ${p("2-report.xml.gz")}`,
      `doc ${p("3-reports.zip")} > a.xml`,
      `doc ${p("3-reports.zip")} > b.json`,
      `doc ${p("4-mail.eml")} > m.xml.gz`,
      `doc ${p("5-failure.eml")}`,
      `problem unknown-format ${p("6-notes.txt")}`,
      `doc ${p("7-tls.json")}`,
    ]);
    expect(r.docs.map((x) => x.kind)).toEqual([
      "aggregate",
      "aggregate",
      "aggregate",
      "tls",
      "aggregate",
      "failure",
      "tls",
    ]);
  });
});
