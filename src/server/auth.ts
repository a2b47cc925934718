// Who may call the API. Off loopback a token is required; with a token, every route needs
// `Authorization: Bearer TOKEN` except those that declare themselves public (health) or that verify a provider's
// signature (webhooks). Without a token (loopback only), the Host header must name loopback, which stops a web page
// from reaching the API through DNS rebinding, and a browser request from another origin is refused.

import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** How a route is protected: "token" (the default), "public", or "webhook" (its handler checks a signature). */
export type RouteAuth = "token" | "public" | "webhook";

/** True for the host names that only this machine can reach: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(h);
  return mapped !== null && (mapped[1] as string).startsWith("127.");
}

/** The host name of a Host header ("127.0.0.1:8025", "[::1]:8025", "localhost"), without the port. */
export function hostnameOf(hostHeader: string): string {
  const v = hostHeader.trim();
  if (v.startsWith("[")) {
    const end = v.indexOf("]");
    return end < 0 ? v : v.slice(0, end + 1);
  }
  const colon = v.indexOf(":");
  return colon < 0 ? v : v.slice(0, colon);
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Compares a secret in constant time (both sides hashed first, so their lengths leak nothing either). */
export function secretEquals(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer TOKEN` header, or null. */
export function bearerOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer[ \t]{1,10}([^\s]{1,4096})[ \t]*$/i.exec(header);
  return m === null ? null : (m[1] as string);
}

/** The user and password of an `Authorization: Basic ...` header, or null. */
export function basicOf(header: string | undefined): { user: string; password: string } | null {
  if (header === undefined) return null;
  const m = /^Basic[ \t]{1,10}([A-Za-z0-9+/=]{1,4096})[ \t]*$/i.exec(header);
  if (m === null) return null;
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Whether a request carries the token: as a bearer token, or (for webhook senders that can only put credentials
 * in the URL, https://user:TOKEN@host/...) as the password of basic authentication when `allowBasic` is set.
 */
export function hasToken(authorization: string | undefined, token: string, allowBasic: boolean): boolean {
  const bearer = bearerOf(authorization);
  if (bearer !== null) return secretEquals(bearer, token);
  if (!allowBasic) return false;
  const basic = basicOf(authorization);
  return basic !== null && secretEquals(basic.password, token);
}

/**
 * Whether a browser's Origin header names another site than the Host the request was sent to. Requests from
 * scripts and webhook senders carry no Origin and pass.
 */
export function isCrossOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host.toLowerCase() !== (host ?? "").toLowerCase();
  } catch {
    return true;
  }
}
