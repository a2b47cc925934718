// DMARC aggregate reports (RFC 7489 appendix C; DMARCbis aggregate reporting, RFC 9990), failure reports (RFC 6591,
// RFC 9991) and SMTP TLS reports (RFC 8460), as the pure core reads them. Parsers never throw on odd input: what was
// odd is a ReportProblem, and a report that cannot be read at all is one problem with `fatal: true`.

/** Something odd in a file or a record: kept, shown to the user, never a crash. */
export interface ReportProblem {
  /** Stable kebab-case id, e.g. "missing-report-id", "span-over-24h", "unknown-element", "xml-malformed". */
  readonly code: string;
  readonly message: string;
  /** The file (or "file > attachment") it was found in, filled by the input layer. */
  readonly file?: string;
  /** The record's index (0-based) in its report, when it concerns one record. */
  readonly record?: number;
  /** True when the report, or part of it, could not be read (data was lost): the CLI exits 1. */
  readonly fatal?: boolean;
}

export type DmarcResult = "pass" | "fail";
/** RFC 7489 appendix C DispositionType; DMARCbis adds nothing here. */
export type Disposition = "none" | "quarantine" | "reject";
/** SPF results as reported (RFC 7489 SPFResultType); unknown words are kept as they are, lowercased. */
export type SpfAuthResult = "none" | "neutral" | "pass" | "fail" | "softfail" | "temperror" | "permerror" | string;
/** DKIM results as reported (RFC 7489 DKIMResultType). */
export type DkimAuthResult = "none" | "pass" | "fail" | "policy" | "neutral" | "temperror" | "permerror" | string;

export interface ReportMetadata {
  readonly orgName: string;
  readonly email?: string;
  readonly extraContactInfo?: string;
  readonly reportId: string;
  /** Seconds since the epoch (UTC), as in the XML. */
  readonly begin: number;
  readonly end: number;
  readonly errors: readonly string[];
  /** DMARCbis: the software that wrote the report. */
  readonly generator?: string;
}

export interface PolicyPublished {
  readonly domain: string;
  readonly adkim?: "r" | "s";
  readonly aspf?: "r" | "s";
  readonly p?: Disposition;
  readonly sp?: Disposition;
  /** DMARCbis (RFC 9989): policy for non-existent subdomains. */
  readonly np?: Disposition;
  /** RFC 7489 only (DMARCbis removed it). */
  readonly pct?: number;
  readonly fo?: string;
  /** DMARCbis: t=y. */
  readonly testing?: "y" | "n";
  /** DMARCbis: "psl" or "treewalk". */
  readonly discoveryMethod?: string;
}

export interface PolicyOverride {
  /** forwarded, sampled_out, trusted_forwarder, mailing_list, local_policy, other (kept as written). */
  readonly type: string;
  readonly comment?: string;
}

export interface DkimAuth {
  readonly domain: string;
  readonly selector?: string;
  readonly result: DkimAuthResult;
  readonly humanResult?: string;
}

export interface SpfAuth {
  readonly domain: string;
  /** "helo" or "mfrom" when given. */
  readonly scope?: string;
  readonly result: SpfAuthResult;
  readonly humanResult?: string;
}

/** One <record>: a sending IP and what the receiver made of its messages in the period. */
export interface AggregateRecord {
  readonly sourceIp: string;
  readonly count: number;
  readonly disposition: Disposition;
  /** policy_evaluated: the DMARC verdicts of the aligned identifiers. */
  readonly dkim: DmarcResult;
  readonly spf: DmarcResult;
  readonly reasons: readonly PolicyOverride[];
  readonly headerFrom: string;
  readonly envelopeFrom?: string;
  readonly envelopeTo?: string;
  readonly dkimAuth: readonly DkimAuth[];
  readonly spfAuth: readonly SpfAuth[];
}

export interface AggregateReport {
  /** "rfc7489" or "dmarcbis" (the urn:ietf:params:xml:ns:dmarc-2.0 namespace, or <version>2.0). */
  readonly format: "rfc7489" | "dmarcbis";
  readonly version?: string;
  readonly metadata: ReportMetadata;
  readonly policy: PolicyPublished;
  readonly records: readonly AggregateRecord[];
  readonly problems: readonly ReportProblem[];
}

/** What a failure report (RFC 6591 ARF with Feedback-Type: auth-failure) tells. */
export interface FailureReport {
  readonly feedbackType: string;
  /** dkim, spf, adsp, dmarc (RFC 6591 section 3.2 Auth-Failure). */
  readonly authFailure?: string;
  readonly reportedDomain?: string;
  readonly sourceIp?: string;
  readonly originalMailFrom?: string;
  readonly originalRcptTo?: string;
  readonly arrivalDate?: string;
  readonly reportingMta?: string;
  readonly userAgent?: string;
  readonly dkimDomain?: string;
  readonly dkimSelector?: string;
  readonly dkimIdentity?: string;
  readonly spfDns?: string;
  readonly deliveryResult?: string;
  readonly identityAlignment?: string;
  /** The returned message's From, Subject, Message-ID when it (or its headers) came along. */
  readonly original?: { readonly from?: string; readonly subject?: string; readonly messageId?: string };
  readonly problems: readonly ReportProblem[];
}

/** One policy's sessions in an SMTP TLS report (RFC 8460 section 4). */
export interface TlsPolicySummary {
  /** "sts", "tlsa" or "no-policy-found". */
  readonly policyType: string;
  readonly policyDomain: string;
  readonly policyStrings: readonly string[];
  readonly mxHosts: readonly string[];
  readonly successful: number;
  readonly failed: number;
  /** Failed sessions by result-type (starttls-not-supported, certificate-expired, validation-failure ...). */
  readonly failures: readonly {
    readonly resultType: string;
    readonly count: number;
    readonly sendingMtaIp?: string;
    readonly receivingMxHostname?: string;
    readonly receivingIp?: string;
    readonly additionalInformation?: string;
    readonly failureReasonCode?: string;
  }[];
}

export interface TlsReport {
  readonly organizationName: string;
  readonly reportId: string;
  readonly contactInfo?: string;
  /** ISO 8601 as in the report. */
  readonly start: string;
  readonly end: string;
  readonly policies: readonly TlsPolicySummary[];
  readonly problems: readonly ReportProblem[];
}
