// Line-level helpers of the corporate-MTA decoders (Exchange, Domino, Notes, Messaging Server, IMail ...):
// header presence, bare-address lines, cutting a text at a marker line. All linear, no regex backtracking.

import { cleanAddress } from "../address.js";

/**
 * The address when the whole (trimmed) line is one address: "a@b", "<a@b>", "'a@b'"; null otherwise.
 * Lines such as "a@b<mailto:a@b>" or "User a@b unknown" give null.
 */
export function bareAddress(line: string): string | null {
  let s = line.trim();
  if (s.length < 3 || s.length > 320 || s.includes(" ") || s.includes("\t")) return null;
  if ((s.startsWith("<") && s.endsWith(">")) || (s.startsWith("'") && s.endsWith("'"))) s = s.slice(1, -1);
  if (s.includes("<") || s.includes(">") || s.includes("(")) return null;
  const at = s.indexOf("@");
  if (at <= 0 || at === s.length - 1) return null;
  const a = cleanAddress(s);
  return a !== null && a === s && a.lastIndexOf(".") > at ? a : null;
}

/** Lowercase hostname from a string like "dns; mx.example.jp (TCP|...)", "mx.example.jp[192.0.2.1]"; null when none. */
export function hostIn(s: string): string | null {
  let v = s.trim();
  const semi = v.indexOf(";");
  if (semi !== -1 && semi < 12) v = v.slice(semi + 1).trim();
  let end = 0;
  while (end < v.length && end < 255) {
    const c = v.charCodeAt(end);
    const ok =
      (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
    if (!ok) break;
    end++;
  }
  const host = v.slice(0, end).replace(/\.+$/, "");
  return host.includes(".") && !/^[\d.]+$/.test(host) ? host.toLowerCase() : null;
}

/** The text from the line index on, joined back; null when the index is -1. */
export function textFrom(lines: readonly string[], index: number): string | null {
  return index < 0 ? null : lines.slice(index).join("\n");
}
