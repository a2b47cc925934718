// What DMARC aggregate data means for each sending source and for the policy to publish (issue 6): the ordered
// classification rules (own sender, service, forwarder, unknown), the readiness thresholds for p=quarantine and
// p=reject with the reasoning behind each number, and the texts shown. Data only: src/core/dmarc/analyze.ts
// computes the facts of a source and takes the first rule whose conditions all hold; every source names that rule.
// Sources: RFC 7489 (section 6.6.2 alignment, appendix C override reasons), RFC 9989 (DMARCbis: t=y, no pct),
// RFC 8617 (ARC).

import type { AggregateRecord } from "../core/dmarc/types.js";
import type { SenderKind } from "./dmarc-senders.js";

export type SourceClassification = "own" | "service" | "forwarder" | "unknown";

/** A recognised service's kind, or "none" when the source matched no row of DMARC_SENDERS. */
export type ServiceMatch = SenderKind | "none";

/** Conditions on the facts of one source (an IP sending with one header_from domain); all given ones must hold. */
export interface SourceConditions {
  /** "all-pass": every message passed DMARC (policy_evaluated dkim or spf pass); "not-all-pass": some failed. */
  readonly dmarc?: "all-pass" | "not-all-pass";
  /** Every passing message passed through DKIM alone (aligned SPF never passed). */
  readonly passBy?: "dkim-only";
  /** The PTR name lies in the header_from's organisational domain (the host is named in your own domain). */
  readonly ptrInOwnDomain?: boolean;
  /** The recognised service is of one of these kinds ("none": not recognised). */
  readonly service?: readonly ServiceMatch[];
  /** The service was recognised by a per-account default DKIM domain (your own tenant there). */
  readonly tenant?: boolean;
  /** Receivers gave a forwarding override reason (FORWARDING_OVERRIDES) for at least half of the failing messages. */
  readonly forwardingOverride?: boolean;
  /** A receiver's comment reports an ARC result other than fail/none for the source. */
  readonly arc?: boolean;
  /** A DKIM signature of your (organisational) domain was there but did not verify, on half the failing messages or more. */
  readonly ownSignatureBroken?: boolean;
  /** At least one message passed DMARC. */
  readonly somePass?: boolean;
  /** DKIM or SPF passed for a domain that is not yours (someone else authenticated the mail). */
  readonly thirdPartyAuth?: boolean;
}

/** One record of a rule's example, in the shape of the report (the test fills source IP and header_from). */
export type ExampleRecord = Pick<AggregateRecord, "count" | "dkim" | "spf"> &
  Partial<Pick<AggregateRecord, "dkimAuth" | "spfAuth" | "reasons" | "disposition">>;

export interface ClassificationRule {
  readonly id: string;
  readonly classification: SourceClassification;
  readonly when: SourceConditions;
  /**
   * Whether the source's mail counts as legitimate in the readiness figures: own senders, services that send for
   * you, and forwarded mail that still passes. Failing forwarded mail (nothing to fix at your side), unrecognised
   * senders and webmail users writing with your address are left out, so they neither block nor excuse enforcement.
   */
  readonly legitimate: boolean;
  /** What the classification means, for people. */
  readonly meaning: string;
  /**
   * What to do. Placeholders: {headerFrom} {ip} {ptr} {ptrNote} (" (name)" or nothing) {service} {serviceFix}
   * {serviceNote} (" (through Service)" or nothing) {docs} {thirdParty} (the other domains that authenticated)
   * {selectorNote} {selectorList} (your domain's DKIM selectors seen) {passShare} {failShare}.
   */
  readonly fix: string;
  readonly source: string;
  /** A source that the rule decides: its PTR name, header_from and records. */
  readonly example: { readonly ptr?: string; readonly headerFrom: string; readonly records: readonly ExampleRecord[] };
}

/** RFC 7489 appendix C PolicyOverrideType values that say the receiver saw forwarding. */
export const FORWARDING_OVERRIDES: readonly string[] = ["forwarded", "mailing_list", "trusted_forwarder"];

const RFC7489_ALIGN = "RFC 7489 section 3.1 (alignment) and 6.6.2";
const RFC7489_C = "RFC 7489 appendix C (PolicyOverrideType)";

// Realistic fixtures for the examples: example.com is "your" domain, example.net someone else's.
const passAligned = (count: number): ExampleRecord => ({
  count,
  dkim: "pass",
  spf: "pass",
  dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass" }],
  spfAuth: [{ domain: "example.com", scope: "mfrom", result: "pass" }],
});

/** Ordered: the first rule whose conditions all hold decides. */
export const CLASSIFICATION_RULES = [
  {
    id: "own.own-host-aligned",
    classification: "own",
    when: { dmarc: "all-pass", ptrInOwnDomain: true },
    legitimate: true,
    meaning: "A server named in your own domain whose mail passes DMARC.",
    fix: "Nothing to fix: {ip} ({ptr}) is a server of yours and its mail aligns with {headerFrom}.",
    source: RFC7489_ALIGN,
    example: { ptr: "mail.example.com", headerFrom: "example.com", records: [passAligned(120)] },
  },
  {
    id: "forwarder.dkim-survived",
    classification: "forwarder",
    when: { dmarc: "all-pass", passBy: "dkim-only", service: ["none", "mailbox", "security-gateway", "list"] },
    legitimate: true,
    meaning:
      "Mail that passes through your DKIM signature only, from a host that is not yours: typical of forwarding, which " +
      "keeps the signature but sends from the forwarder's IP, so SPF no longer matches.",
    fix:
      "Nothing to fix at your side: your DKIM signature survived the forwarding. Keep all your mail DKIM-signed with " +
      "{headerFrom} so forwarded copies keep passing. If {ip} is in fact a server or mail host of yours, add it to SPF " +
      "too, so that SPF aligns as well.",
    source: `${RFC7489_ALIGN}; RFC 7489 section 10.1 (forwarding)`,
    example: {
      ptr: "mx1.example.net",
      headerFrom: "example.com",
      records: [
        {
          count: 14,
          dkim: "pass",
          spf: "fail",
          dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass" }],
          spfAuth: [{ domain: "example.com", scope: "mfrom", result: "softfail" }],
        },
      ],
    },
  },
  {
    id: "own.aligned",
    classification: "own",
    when: { dmarc: "all-pass" },
    legitimate: true,
    meaning: "A sender whose mail passes DMARC with your domain: it is yours, or a service set up with your domain.",
    fix: "Nothing to fix: this sender's mail aligns with {headerFrom}{serviceNote}.",
    source: RFC7489_ALIGN,
    example: {
      ptr: "o1.ptr1234.sendgrid.net",
      headerFrom: "example.com",
      records: [
        {
          count: 900,
          dkim: "pass",
          spf: "pass",
          dkimAuth: [{ domain: "example.com", selector: "s1", result: "pass" }],
          spfAuth: [{ domain: "em123.example.com", scope: "mfrom", result: "pass" }],
        },
      ],
    },
  },
  {
    id: "own.own-host-unaligned",
    classification: "own",
    when: { ptrInOwnDomain: true },
    legitimate: true,
    meaning: "A server named in your own domain, part or all of whose mail fails DMARC.",
    fix:
      "{ip} ({ptr}) is a server of yours, but {failShare} of its messages fail DMARC: sign all its outgoing mail with " +
      "DKIM for {headerFrom}{selectorNote} and list it in the SPF record of the envelope-from domain.",
    source: RFC7489_ALIGN,
    example: {
      ptr: "crm.example.com",
      headerFrom: "example.com",
      records: [{ count: 40, dkim: "fail", spf: "fail", spfAuth: [{ domain: "example.com", result: "softfail" }] }],
    },
  },
  {
    id: "forwarder.list-service",
    classification: "forwarder",
    when: { service: ["list"] },
    legitimate: false,
    meaning: "A mailing-list service redistributing messages written with your address.",
    fix: "{serviceFix}",
    source: "RFC 7489 section 10.1; RFC 7960 section 3.2.3 (mailing lists)",
    example: {
      ptr: "mail-sor-f69.google.com",
      headerFrom: "example.com",
      records: [
        {
          count: 25,
          dkim: "fail",
          spf: "fail",
          dkimAuth: [
            { domain: "example.com", selector: "s1", result: "fail" },
            { domain: "googlegroups.com", selector: "20230601", result: "pass" },
          ],
          spfAuth: [{ domain: "googlegroups.com", scope: "mfrom", result: "pass" }],
        },
      ],
    },
  },
  {
    id: "forwarder.override",
    classification: "forwarder",
    when: { forwardingOverride: true },
    legitimate: false,
    meaning:
      "The receiver marked these messages as forwarded or coming from a mailing list (an override reason in the report).",
    fix:
      "Nothing to fix at your side: the receiver recognised the forwarding and made its own exception. Make sure all " +
      "your mail is DKIM-signed with {headerFrom}: a signature that survives forwarding is what keeps such mail passing.",
    source: RFC7489_C,
    example: {
      ptr: "relay.example.net",
      headerFrom: "example.com",
      records: [{ count: 6, dkim: "fail", spf: "fail", reasons: [{ type: "forwarded" }] }],
    },
  },
  {
    id: "forwarder.arc",
    classification: "forwarder",
    when: { arc: true },
    legitimate: false,
    meaning:
      "The receiver reports an ARC chain for these messages: an intermediary (forwarder, list, gateway) handled them " +
      "and vouched for how they authenticated before.",
    fix:
      "Nothing to fix at your side: the intermediary's ARC seal carries the earlier result, which receivers may " +
      "honour. Keep all your mail DKIM-signed with {headerFrom} so forwarded copies pass on their own.",
    source: "RFC 8617 section 7.2 (ARC and DMARC local policy); RFC 7489 appendix C",
    example: {
      ptr: "lists.example.net",
      headerFrom: "example.com",
      records: [
        {
          count: 9,
          dkim: "fail",
          spf: "fail",
          reasons: [{ type: "local_policy", comment: "arc=pass as.2.example.net=pass" }],
        },
      ],
    },
  },
  {
    id: "forwarder.signature-broken",
    classification: "forwarder",
    when: { ownSignatureBroken: true, service: ["none", "mailbox", "security-gateway"] },
    legitimate: false,
    meaning:
      "The messages carried a DKIM signature of your domain that no longer verified: typical of mailing lists and " +
      "forwarders that change the subject or body on the way.",
    fix:
      "Nothing to fix at your side for forwarded mail. If {ip} is a server of yours, though, its signing is broken: " +
      "check the public key published for{selectorList} in DNS against the one the server signs with.",
    source: "RFC 7489 section 10.1; RFC 6376 section 6.3 (signature verification)",
    example: {
      ptr: "smtp.example.org",
      headerFrom: "example.com",
      records: [
        {
          count: 11,
          dkim: "fail",
          spf: "fail",
          dkimAuth: [{ domain: "example.com", selector: "s1", result: "fail" }],
          spfAuth: [{ domain: "example.com", scope: "mfrom", result: "fail" }],
        },
      ],
    },
  },
  {
    id: "service.tenant",
    classification: "service",
    when: { service: ["mailbox"], tenant: true },
    legitimate: true,
    meaning:
      "Your own account at a mailbox provider, signing with the provider's default domain for your account instead of " +
      "yours.",
    fix: "{service}: this mail comes from your own account there, signed as {thirdParty} instead of {headerFrom}. {serviceFix}",
    source: RFC7489_ALIGN,
    example: {
      ptr: "mail-ej1-f41.google.com",
      headerFrom: "example.com",
      records: [
        {
          count: 310,
          dkim: "fail",
          spf: "fail",
          dkimAuth: [{ domain: "example-com.20230601.gappssmtp.com", selector: "20230601", result: "pass" }],
          spfAuth: [{ domain: "example.com", scope: "mfrom", result: "softfail" }],
        },
      ],
    },
  },
  {
    id: "service.known",
    classification: "service",
    when: { service: ["esp", "marketing", "crm", "helpdesk", "hosting", "security-gateway"] },
    legitimate: true,
    meaning:
      "A known sending service that sends with your address but neither signs with your domain nor uses it as return-path.",
    fix: "{service} sends as {headerFrom} without alignment. {serviceFix} See {docs}",
    source: RFC7489_ALIGN,
    example: {
      ptr: "a8-49.smtp-out.amazonses.com",
      headerFrom: "example.com",
      records: [
        {
          count: 2400,
          dkim: "fail",
          spf: "fail",
          dkimAuth: [{ domain: "amazonses.com", selector: "224i4yxa5dv7c2xz3womw6peuasteono", result: "pass" }],
          spfAuth: [{ domain: "amazonses.com", scope: "mfrom", result: "pass" }],
        },
      ],
    },
  },
  {
    id: "service.mailbox",
    classification: "service",
    when: { service: ["mailbox"] },
    legitimate: false,
    meaning:
      "A mailbox provider's servers sending with your address without alignment: your own account there if you host " +
      "mail with it, otherwise its users writing with your address, or forwarded mail.",
    fix: "{serviceFix}",
    source: RFC7489_ALIGN,
    example: {
      ptr: "mail-db8eur05on2110.outbound.protection.outlook.com",
      headerFrom: "example.com",
      records: [
        {
          count: 3,
          dkim: "fail",
          spf: "fail",
          dkimAuth: [{ domain: "outlook.com", selector: "selector1", result: "pass" }],
          spfAuth: [{ domain: "outlook.com", scope: "mfrom", result: "pass" }],
        },
      ],
    },
  },
  {
    id: "own.partly-aligned",
    classification: "own",
    when: { somePass: true },
    legitimate: true,
    meaning:
      "A sender part of whose mail passes DMARC, so you have authorised it; the rest of its mail is not aligned.",
    fix:
      "{passShare} of this sender's mail aligns, so it is yours; find the stream that does not (another application " +
      "on the same host, a message type sent unsigned) and sign it with DKIM for {headerFrom}.",
    source: RFC7489_ALIGN,
    example: {
      ptr: "host-203-0-113-9.example.net",
      headerFrom: "example.com",
      records: [
        passAligned(80),
        { count: 20, dkim: "fail", spf: "fail", spfAuth: [{ domain: "example.com", result: "fail" }] },
      ],
    },
  },
  {
    id: "unknown.third-party-auth",
    classification: "unknown",
    when: { thirdPartyAuth: true },
    legitimate: false,
    meaning:
      "Not aligned and not a service we recognise, but authenticated by another domain: an unlisted service, or " +
      "someone else's mail claiming your address.",
    fix:
      "It authenticates as {thirdParty}. If that is a service you use, set up DKIM with {headerFrom} there (and a " +
      "custom return-path); if not, it is someone else sending with your address, which enforcement will stop.",
    source: RFC7489_ALIGN,
    example: {
      headerFrom: "example.com",
      records: [
        {
          count: 55,
          dkim: "fail",
          spf: "fail",
          dkimAuth: [{ domain: "example.net", selector: "k1", result: "pass" }],
          spfAuth: [{ domain: "bounce.example.net", scope: "mfrom", result: "pass" }],
        },
      ],
    },
  },
  {
    id: "unknown.unauthenticated",
    classification: "unknown",
    when: {},
    legitimate: false,
    meaning: "Neither SPF nor DKIM passes for your domain, and the sender is not recognised: likely spoofing.",
    fix:
      "Check whether {ip}{ptrNote} is a sender you forgot (a printer, a web form, an old server); if it is, sign its " +
      "mail with DKIM for {headerFrom} and add it to SPF. If not, it is spoofing, which enforcement (p=quarantine, " +
      "then p=reject) will stop.",
    source: RFC7489_ALIGN,
    example: {
      headerFrom: "example.com",
      records: [
        {
          count: 700,
          dkim: "fail",
          spf: "fail",
          disposition: "none",
          spfAuth: [{ domain: "example.com", scope: "mfrom", result: "fail" }],
        },
      ],
    },
  },
] as const satisfies readonly ClassificationRule[];

export type ClassificationRuleId = (typeof CLASSIFICATION_RULES)[number]["id"];

// ---------------------------------------------------------------------------------------------------------------
// Readiness for enforcement

/**
 * The numbers behind the recommendation. "Legitimate" volume is the mail of the sources whose rule says
 * `legitimate: true` (own senders, services sending for you, forwarded mail that still passes); its aligned share is
 * the part of it that passed DMARC.
 */
export const READINESS = {
  /**
   * Days of reports (distinct UTC days covered) before any change from p=none. Two weeks hold two of every weekly
   * job (newsletters, reports, invoices) and the receivers' daily reports of a quiet domain; less than that and a
   * sender that was silent that week would be missed. Monthly senders are caught by the time at quarantine below.
   */
  minDays: 14,
  /**
   * Aligned share of legitimate mail needed for p=quarantine. 98% leaves room for the stray failures every domain
   * has (a DKIM key lookup that timed out at a receiver, a message relayed by a user's own server) while a whole
   * sender that fails would already push the share below it for most domains.
   */
  quarantineMinAlignedShare: 0.98,
  /**
   * A single own or service source whose unaligned mail exceeds this share of legitimate volume blocks the next step
   * even when the overall share is met: such a source is a whole mail stream (password resets, invoices) failing,
   * not noise, and enforcement would send all of it to spam or back to you.
   */
  blockerMinShare: 0.005,
  /**
   * Days of reports at p=quarantine (without t=y) before p=reject. A month covers monthly senders (statements,
   * invoice runs) that a two-week window at p=none can miss; at quarantine their mail still arrives, in spam, so a
   * forgotten sender is noticed before p=reject makes receivers refuse it.
   */
  rejectMinDaysAtQuarantine: 30,
  /**
   * Aligned share of legitimate mail needed for p=reject. Rejected mail is not delivered at all, so almost no
   * legitimate failure is left: 99.5% tolerates only the unavoidable stray failures.
   */
  rejectMinAlignedShare: 0.995,
} as const;

export type ReadinessRuleId =
  | "readiness.no-data"
  | "readiness.too-few-days"
  | "readiness.step-back"
  | "readiness.fix-first"
  | "readiness.quarantine-ready"
  | "readiness.testing-done"
  | "readiness.testing-wait"
  | "readiness.quarantine-wait"
  | "readiness.quarantine-fix"
  | "readiness.reject-ready"
  | "readiness.at-reject";

export interface ReadinessRule {
  readonly id: ReadinessRuleId;
  /**
   * The reason shown. Placeholders: {current} {policy} {days} {minDays} {share} {threshold} {rejectThreshold}
   * {blockerShare} {blockers} {daysAtQuarantine} {rejectDays} {domain}.
   */
  readonly reason: string;
  readonly source: string;
}

/** In the order analyze.ts checks them. */
export const READINESS_RULES = [
  {
    id: "readiness.no-data",
    reason: "The reports hold no messages for {domain} yet: keep p={current} and collect reports for {minDays} days.",
    source: "RFC 7489 section 6.6.4",
  },
  {
    id: "readiness.too-few-days",
    reason:
      "The reports cover {days} day(s); wait until they cover at least {minDays} before changing p={current}, so that " +
      "weekly and less frequent senders show up.",
    source: "RFC 7489 section 6.6.4",
  },
  {
    id: "readiness.step-back",
    reason:
      "Only {share} of your legitimate mail aligns while p={current} is applied, so receivers are already acting on " +
      "your own mail. Fix {blockers} now, and publish p={policy} until they align.",
    source: "RFC 7489 section 6.6.4; RFC 9989 section 4.7",
  },
  {
    id: "readiness.fix-first",
    reason:
      "Stay at p={policy}: {share} of your legitimate mail aligns (p=quarantine needs {threshold}, and no sender of " +
      "yours failing on more than {blockerShare} of the volume). Fix {blockers} first.",
    source: "RFC 7489 section 6.6.4",
  },
  {
    id: "readiness.quarantine-ready",
    reason:
      "{share} of your legitimate mail aligned over {days} days and no sender of yours fails on more than " +
      "{blockerShare} of the volume: ready for p=quarantine.",
    source: "RFC 7489 section 6.6.4; RFC 9989 section 4.7",
  },
  {
    id: "readiness.testing-done",
    reason:
      "Your record has t=y (RFC 9989 testing), which asks receivers to apply one level less. {share} of your " +
      "legitimate mail aligned over {days} days: drop t=y.",
    source: "RFC 9989 section 4.7 (t tag)",
  },
  {
    id: "readiness.testing-wait",
    reason:
      "Keep the record as it is (t=y): {share} of your legitimate mail aligns, below the {threshold} needed. Fix " +
      "{blockers} first.",
    source: "RFC 9989 section 4.7 (t tag)",
  },
  {
    id: "readiness.quarantine-wait",
    reason:
      "Keep p=quarantine: the reports show {daysAtQuarantine} day(s) at quarantine; wait for {rejectDays}, so that " +
      "monthly senders show up (their mail lands in spam, not refused) before p=reject.",
    source: "RFC 7489 section 6.6.4",
  },
  {
    id: "readiness.quarantine-fix",
    reason:
      "Keep p=quarantine: {share} of your legitimate mail aligns; p=reject needs {rejectThreshold} with no sender of " +
      "yours failing on more than {blockerShare} of the volume. Fix {blockers} first.",
    source: "RFC 7489 section 6.6.4",
  },
  {
    id: "readiness.reject-ready",
    reason: "{daysAtQuarantine} days at p=quarantine and {share} of your legitimate mail aligned: ready for p=reject.",
    source: "RFC 7489 section 6.6.4",
  },
  {
    id: "readiness.at-reject",
    reason: "Keep p=reject: {share} of your legitimate mail aligns.",
    source: "RFC 7489 section 6.6.4",
  },
] as const satisfies readonly ReadinessRule[];

/** Added to a recommendation of p=quarantine from p=none (RFC 9989 section 4.7). */
export const TESTING_STEP_NOTE =
  "RFC 9989 also allows a trial first: with t=y added, receivers that implement RFC 9989 keep treating failing mail " +
  "one level lower (p=quarantine as p=none) while mailing lists already adapt to your policy; receivers that predate " +
  "RFC 9989 ignore t= and quarantine, so take that step only once the blockers are fixed.";

/** Added when the record dropped a pct tag. */
export const PCT_DROPPED_NOTE =
  "The pct tag was left out: RFC 9989 removed it, and receivers that follow it apply the policy to all failing mail.";

/** Added when the record was built without the domain's current record. */
export const PLACEHOLDER_RUA_NOTE =
  "The rua address mailto:dmarc-reports@{domain} is a placeholder: put the mailbox (or report service) that " +
  "receives your aggregate reports.";

/** Added when a record had no rua tag. */
export const RUA_ADDED_NOTE =
  "Your record had no rua tag; one was added with a placeholder address (mailto:dmarc-reports@{domain}) so that " +
  "receivers keep sending aggregate reports: put your own.";
