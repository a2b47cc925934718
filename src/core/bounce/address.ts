// Address helpers shared by decoders: pull the bare addr-spec out of "Name <a@b>", "rfc822;<a@b>", "<a@b>:" ...

/** The first address in a string ("<a@b>", "a@b", "Name <a@b>"), without brackets or quotes; null when none. */
export function cleanAddress(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  let v = s.trim();
  const semi = v.indexOf(";");
  if (semi !== -1 && semi < 12 && /^[a-z0-9-]+;/i.test(v)) v = v.slice(semi + 1).trim(); // "rfc822; ..."
  const lt = v.indexOf("<");
  if (lt !== -1) {
    const gt = v.indexOf(">", lt + 1);
    const inner = v.slice(lt + 1, gt === -1 ? v.length : gt).trim();
    if (inner.includes("@")) v = inner;
  }
  const at = v.indexOf("@");
  if (at === -1) return null;
  // Widen from the "@" to the address's edges. A quoted local part ("a..b"@example.org, RFC 5321 section 4.1.2)
  // is kept whole, quotes included.
  let a = at;
  if (v.charCodeAt(at - 1) === 0x22) {
    const open = v.lastIndexOf('"', at - 2);
    if (open !== -1 && at - open <= 66) {
      let b = at + 1;
      while (b < v.length && isDomainChar(v.charCodeAt(b))) b++;
      let domain = v.slice(at + 1, b);
      while (domain.endsWith(".")) domain = domain.slice(0, -1);
      return domain === "" ? null : `${v.slice(open, at)}@${domain}`;
    }
  }
  while (a > 0 && isAddressChar(v.charCodeAt(a - 1))) a--;
  let b = at + 1;
  while (b < v.length && isAddressChar(v.charCodeAt(b))) b++;
  let addr = v.slice(a, b);
  while (addr.endsWith(".")) addr = addr.slice(0, -1);
  while (addr.startsWith("'") || addr.startsWith('"')) addr = addr.slice(1);
  while (addr.endsWith("'") || addr.endsWith('"')) addr = addr.slice(0, -1);
  if (addr.indexOf("@") <= 0 || addr.endsWith("@")) return null;
  return addr;
}

function isAddressChar(c: number): boolean {
  // Letters, digits and the atext specials of RFC 5322 section 3.2.3 that appear in real addresses.
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x5f || // _
    c === 0x2b || // +
    c === 0x3d || // =
    c === 0x27 || // '
    c === 0x25 || // %
    c === 0x21 || // !
    c === 0x23 || // #
    c === 0x24 || // $
    c === 0x26 || // &
    c === 0x2a || // *
    c === 0x2f || // /
    c === 0x3f || // ?
    c === 0x5e || // ^
    c === 0x60 || // `
    c === 0x7b || // {
    c === 0x7c || // |
    c === 0x7d || // }
    c === 0x7e || // ~
    c >= 0x80
  );
}

function isDomainChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2e ||
    c === 0x2d ||
    c >= 0x80
  );
}

/** The domain part of an address, lowercase. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** The lowercase domain of a bare address, without a final dot; null for null, no "@" or an empty domain. */
export function domainOfAddress(address: string | null): string | null {
  if (address === null) return null;
  const at = address.lastIndexOf("@");
  if (at < 0) return null;
  let d = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  if (d.endsWith(".")) d = d.slice(0, -1);
  return d === "" ? null : d;
}
