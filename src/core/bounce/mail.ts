// Builds the BounceMail view that decoders read: header access, the human text, the delivery-status part and
// the returned message, found once per mail.

import { decodeHeaderValue, type HeaderField, headerValue, type MimeMail, type MimePart } from "./mime.js";
import type { BounceMail } from "./types.js";

const RETURNED_TYPES = new Set([
  "message/rfc822",
  "message/global",
  "text/rfc822-headers",
  "message/rfc822-headers",
  "message/global-headers",
  "message/partial",
]);
const STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);

/** Strips tags from HTML, keeps line structure, decodes the common entities. Linear, no regex backtracking. */
export function htmlToText(html: string): string {
  let out = "";
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const gt = html.indexOf(">", lt + 1);
    if (gt === -1) break;
    const tag = html.slice(lt + 1, Math.min(gt, lt + 12)).toLowerCase();
    if (
      tag.startsWith("br") ||
      tag.startsWith("p") ||
      tag.startsWith("/p") ||
      tag.startsWith("div") ||
      tag.startsWith("/div") ||
      tag.startsWith("tr") ||
      tag.startsWith("li")
    ) {
      out += "\n";
    } else if (tag.startsWith("style") || tag.startsWith("script")) {
      const close = html.indexOf(`</${tag.startsWith("style") ? "style" : "script"}`, gt);
      i = close === -1 ? n : close;
      continue;
    }
    i = gt + 1;
  }
  return out
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

export function createBounceMail(mime: MimeMail): BounceMail {
  const headers: readonly HeaderField[] = mime.headers;
  const cache = new Map<string, string>();
  const header = (name: string): string => {
    let v = cache.get(name);
    if (v === undefined) {
      const raw = headerValue(headers, name);
      v = raw === undefined ? "" : decodeHeaderValue(raw);
      cache.set(name, v);
    }
    return v;
  };
  let deliveryStatus: MimePart | null = null;
  let returned: MimePart | null = null;
  const plain: string[] = [];
  const html: string[] = [];
  for (const part of mime.parts) {
    if (STATUS_TYPES.has(part.type)) {
      deliveryStatus ??= part;
      continue;
    }
    if (RETURNED_TYPES.has(part.type)) {
      returned ??= part;
      continue;
    }
    if (returned !== null) continue; // text after the returned message belongs to it
    if (part.type === "text/plain" && !(part.filename !== null && part.depth > 0 && plain.length > 0))
      plain.push(part.text);
    else if (part.type === "text/html") html.push(part.text);
  }
  const text = plain.length > 0 ? plain.join("\n") : html.length > 0 ? htmlToText(html.join("\n")) : "";
  return {
    headers,
    header,
    subject: header("subject"),
    from: header("from"),
    parts: mime.parts,
    text,
    deliveryStatus,
    returned,
    issues: mime.issues,
  };
}
