// IP address text, read by hand (linear, no regexes), for every check: SPF ip4:/ip6: terms and check_host(), PTR
// and HELO comparisons, DNSBL query names, Received headers. One parser so that every check agrees on what an
// address is.

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexGroup(s: string): boolean {
  if (s.length === 0 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * The four octets of a dotted-quad IPv4 address, or null. Leading zeros are refused ("010" could be read as octal;
 * RFC 6943 section 3.1.1).
 */
export function parseIPv4(s: string): [number, number, number, number] | null {
  if (s.length < 7 || s.length > 15) return null;
  const out: number[] = [];
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (s.charCodeAt(i) !== 46) return null;
      i++;
    }
    const start = i;
    let v = 0;
    while (i < s.length && isDigit(s.charCodeAt(i)) && i - start < 3) {
      v = v * 10 + (s.charCodeAt(i) - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || v > 255 || (len > 1 && s.charCodeAt(start) === 48)) return null;
    out.push(v);
  }
  return i === s.length ? (out as [number, number, number, number]) : null;
}

/** The eight 16-bit groups of an IPv6 address (RFC 4291 2.2: "::" and a trailing dotted quad allowed), or null. */
export function parseIPv6(ip: string): number[] | null {
  if (ip.length < 2 || ip.length > 45 || !ip.includes(":")) return null;
  const halves = ip.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (s: string, allowV4Tail: boolean): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? "";
      if (allowV4Tail && i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIPv4(p);
        if (v4 === null) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!isHexGroup(p)) return null;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "", true) : [];
  if (head === null || tail === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** The 16 bytes of an IPv6 address given as its eight groups. */
export function ipv6Bytes(groups: readonly number[]): number[] {
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return bytes;
}

export function isIpAddress(s: string): boolean {
  return parseIPv4(s) !== null || parseIPv6(s) !== null;
}

/** A canonical form for comparing addresses: IPv4 as is, IPv6 fully expanded in lowercase; null if not an IP. */
export function canonicalIp(ip: string): string | null {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return v4.join(".");
  const v6 = parseIPv6(ip);
  return v6 === null ? null : v6.map((g) => g.toString(16).padStart(4, "0")).join(":");
}
