// How the report weighs findings: data a postmaster can review. The user's guide (../shared/seed) asks to check
// "whether the rejection affects one recipient, one whole domain or several providers", to monitor 4xx retries,
// to stop resending after critical 5xx and to clean the list; these rules say how bouncewise decides each.

import type { Priority, Reason } from "./types.js";

/**
 * Reasons that belong to each address on its own: however many addresses fail this way, each failure says
 * something about that address, not about the sender. Their findings have scope "recipient".
 */
export const ADDRESS_LEVEL_REASONS: readonly Reason[] = [
  "userunknown",
  "mailboxfull",
  "suspend",
  "hasmoved",
  "suppressed",
  "vacation",
];

/** Reasons that belong to the receiving domain (it does not exist, or accepts no mail): scope "domain". */
export const DOMAIN_LEVEL_REASONS: readonly Reason[] = ["hostunknown", "notaccept"];

/** Reasons read as the sender's side when several providers report them (RFC 3463 X.7.x: security or policy). */
export const SENDER_SIDE_CATEGORIES = ["authentication", "reputation", "policy", "content", "sender"] as const;

export const REPORT_RULES = {
  /** At most this many distinct addresses make a "recipient"-scope finding whatever the reason. */
  fewRecipients: 3,
  /**
   * Spam-complaint rate (complaints / delivered) that Gmail and Yahoo hold bulk senders to: keep it under 0.1%,
   * never reach 0.3% (https://support.google.com/a/answer/81126, https://senders.yahooinc.com/best-practices/).
   */
  complaintRateWarn: 0.001,
  complaintRateCritical: 0.003,
  /** A deferral finding is only "monitor" until recipients stay deferred this long or this often (summary options). */
  persistentAttempts: 5,
  persistentHours: 24,
  /** How long before and after a recorded fix the report compares failure rates. */
  fixWindowDays: 7,
} as const;

/** Priority of deferrals that persist (past the thresholds above): the receiver keeps refusing, act on it. */
export const PERSISTENT_DEFERRAL_PRIORITY: Priority = "fix-soon";
/** Priority of a fresh spike of deferrals: throttling or greylisting that the MTA's retries usually clear. */
export const DEFERRAL_PRIORITY: Priority = "monitor";
