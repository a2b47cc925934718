// The outcome to assume when a text states no reply or status code at all ("User unknown", "Connection timed out"):
// what that condition usually means for delivery. A code in the text always takes precedence.

import type { Outcome, Reason } from "./types.js";

export const OUTCOME_WITHOUT_CODE: Readonly<Record<Reason, Outcome>> = {
  userunknown: "permanent",
  hostunknown: "permanent",
  mailboxfull: "temporary", // quota usually frees up; most MTAs answer 452/4.2.2 (RFC 3463 section 3.3)
  emailtoolarge: "permanent",
  suspend: "permanent",
  hasmoved: "permanent",
  norelaying: "permanent",
  notaccept: "permanent",
  authfailure: "permanent",
  requireptr: "permanent",
  badreputation: "permanent",
  blocked: "permanent",
  spamdetected: "permanent",
  virusdetected: "permanent",
  policyviolation: "permanent",
  filtered: "permanent",
  contenterror: "permanent",
  notcompliantrfc: "permanent",
  rejected: "permanent",
  securityerror: "permanent",
  ratelimited: "temporary",
  systemerror: "temporary",
  systemfull: "temporary",
  mailererror: "permanent",
  networkerror: "temporary",
  expired: "permanent", // the sending MTA already gave up
  failedstarttls: "permanent",
  syntaxerror: "permanent",
  suppressed: "permanent",
  delivered: "success",
  feedback: "permanent",
  vacation: "success",
  onhold: "unknown",
  undefined: "unknown",
};

/**
 * Words of MTA log lines that state the delivery status when no code is given, checked in this order
 * (Postfix `status=`, Exim `**` failed / `==` deferred lines are read by the log parsers; these cover pasted lines).
 */
export const OUTCOME_MARKERS: readonly (readonly [string, Outcome])[] = [
  ["status=deferred", "temporary"],
  ["status=bounced", "permanent"],
  ["status=expired", "permanent"],
  ["status=sent", "success"],
  ["delivery temporarily suspended", "temporary"],
  ["stat=deferred", "temporary"], // sendmail log
  ["tempfail", "temporary"], // sendmail / milter
  ["message discarded", "permanent"], // cPanel/Exim send limits: "... allowed. Message discarded."
  ["will be reattempted", "temporary"],
  ["unverified address", "temporary"], // Postfix address verification: 450 by default (unverified_*_defer_code)
  // Bounce prose that states finality ("Delivery to the following recipient failed permanently").
  ["failed permanently", "permanent"],
  ["this is a permanent error", "permanent"],
  ["permanent failure", "permanent"],
  ["retry timeout exceeded", "permanent"],
  ["could not deliver", "permanent"],
  ["could not be delivered", "permanent"],
  ["couldn't be delivered", "permanent"],
  ["undeliverable", "permanent"],
  ["failed recipient", "permanent"],
];
