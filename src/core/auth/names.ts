// Domain names given by users: normalised to lowercase ASCII (IDN to punycode through the URL parser, which browsers
// and Node share) and validated as host names (RFC 1035 2.3.1 letters, digits, hyphens; RFC 1123 2.1 leading
// digits), so a check never queries DNS with garbage.

/** The normalised domain, or null when it is not a valid host name. */
export function normalizeDomain(input: string): string | null {
  let name = input.trim();
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name === "" || name.length > 253) return null;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    // Characters the URL parser would accept but a host name may not hold.
    if (c <= 32 || c === 47 || c === 58 || c === 64 || c === 35 || c === 63 || c === 92 || c === 37) return null;
  }
  let ascii: string;
  try {
    ascii = new URL(`http://${name}/`).hostname;
  } catch {
    return null;
  }
  const labels = ascii.split(".");
  if (labels.length < 2) return null;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return null;
    if (label.startsWith("-") || label.endsWith("-")) return null;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
      if (!ok) return null;
    }
  }
  // An all-numeric last label is an IP address, not a domain.
  const tld = labels[labels.length - 1] as string;
  if (/^[0-9]+$/.test(tld)) return null;
  return ascii;
}
