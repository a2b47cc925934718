import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalIp, ipv6Bytes, isIpAddress, parseIPv4, parseIPv6 } from "./ip.js";

describe("IP addresses", () => {
  it("reads dotted quads and refuses what is not one", () => {
    expect(parseIPv4("192.0.2.10")).toEqual([192, 0, 2, 10]);
    for (const bad of ["192.0.2", "192.0.2.256", "192.0.02.1", "1.2.3.4.5", " 1.2.3.4", "a.b.c.d", ""]) {
      expect(parseIPv4(bad), bad).toBeNull();
    }
  });

  it("reads IPv6 with '::' and a dotted-quad tail", () => {
    expect(canonicalIp("2001:DB8::1")).toBe("2001:0db8:0000:0000:0000:0000:0000:0001");
    expect(parseIPv6("::ffff:192.0.2.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    expect(ipv6Bytes([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]).slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    for (const bad of ["1::2::3", "12345::", "2001:db8", "::g", "1.2.3.4::", ":"])
      expect(parseIPv6(bad), bad).toBeNull();
  });

  it("agrees with Node's own reading on any string (property)", async () => {
    const { isIP } = await import("node:net");
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 50 })), (s) => {
        // Node accepts IPv4 with leading zeros in some versions; we refuse them on purpose.
        const leadingZero = /(^|\.)0\d/.test(s);
        if (!leadingZero && !s.includes("%")) expect(isIpAddress(s)).toBe(isIP(s) !== 0);
        const c = canonicalIp(s);
        if (c !== null) expect(canonicalIp(c)).toBe(c);
      }),
      { numRuns: 3000 },
    );
  });
});
