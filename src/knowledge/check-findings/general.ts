// Findings about the check itself (a check that overran the deadline or failed), not about the domain.
import { defineFindingRules } from "../../core/auth/types.js";

export const CHECK_FINDINGS_GENERAL = defineFindingRules([
  {
    id: "check.timed-out",
    check: "spf",
    severity: "warning",
    message: "The {check} check did not finish within {seconds} s, so its result is unknown.",
    why: "A DNS server that does not answer in time makes receivers treat the lookup as a temporary error, and they may defer your mail for it.",
    fix: "Run the check again; if it keeps timing out, test the domain's name servers (dig +trace) and fix the one that does not answer.",
    source: "RFC 7208 section 2.6.6 (temperror); RFC 1035",
  },
  {
    id: "check.failed",
    check: "spf",
    severity: "warning",
    message: "The {check} check could not run: {error}",
    why: "Without this check its part of the diagnosis is unknown.",
    fix: "Run the check again; if the error stays, report it with the domain you checked.",
    source: "bouncewise",
  },
]);
