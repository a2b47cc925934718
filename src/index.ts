// bouncewise public API: every export by name.

export {
  type BreakdownRow,
  buildReport,
  type Finding,
  type FindingKind,
  type FixEffect,
  type FixWindow,
  type PlanStep,
  type Report,
  type ReportOptions,
  type Scope,
} from "./core/analysis/report.js";
export { summarizeEvents, suppressionsOf } from "./core/analysis/summarize.js";
export type {
  CountRow,
  DeferralRow,
  EventFilter,
  EventSummary,
  ExampleRow,
  FailureGroup,
  FixRecord,
  SummaryOptions,
  Suppression,
  SuppressionOptions,
} from "./core/analysis/types.js";
export {
  parseArcAuthenticationResults,
  parseAuthenticationResults,
  parseReceivedSpf,
} from "./core/auth/auth-results.js";
export { checkBlocklists } from "./core/auth/blocklists.js";
// Authentication, DNS and blocklist checks (issue 5): pure, over an injected DnsClient.
export {
  type CheckDomainOptions,
  checkDomain,
  type DomainCheckReport,
  senderChecksOf,
} from "./core/auth/check-domain.js";
export { checkDkim, parseDkimRecord } from "./core/auth/dkim-keys.js";
export { checkDmarc, orgDomainByPsl, orgDomainOf, parseDmarc } from "./core/auth/dmarc.js";
export { checkBimi, checkHelo, checkMtaSts, checkMx, checkPtr, checkTlsRpt } from "./core/auth/dns-checks.js";
export { checkSpf, evaluateSpf, parseSpf } from "./core/auth/spf.js";
export { DECODERS } from "./core/bounce/decoders/index.js";
export { MAX_INPUT_BYTES, parseBounce } from "./core/bounce/parse-bounce.js";
export type {
  BounceDecoder,
  BounceMail,
  BounceResult,
  DecodedMail,
  DecodedRecipient,
  OriginalMessage,
  ParseBounceOptions,
  ParsedBounce,
} from "./core/bounce/types.js";
export { type Classification, classifyReply } from "./core/classify/classify.js";
export { buildDiagnosis, explain } from "./core/diagnose.js";
// DMARC aggregate, failure and SMTP TLS reports (issue 6).
export { AggregateXmlReader, looksLikeAggregateXml, parseAggregateXml } from "./core/dmarc/aggregate-xml.js";
export {
  analyzeDmarc,
  type DmarcAggregate,
  DmarcAggregator,
  type DmarcAnalysis,
  resolveSourcePtrs,
} from "./core/dmarc/analyze.js";
export { parseFailureReport } from "./core/dmarc/failure-report.js";
export { type DmarcDocument, summarizeFailureReports } from "./core/dmarc/output.js";
export { looksLikeTlsReport, parseTlsReport, summarizeTlsReports } from "./core/dmarc/tls-report.js";
export type * from "./core/dmarc/types.js";
export type { DnsAnswer, DnsClient, MxRecord } from "./core/dns/types.js";
export { DnsLookupError } from "./core/dns/types.js";
export { DiagnosisCache, diagnoseEvent, eventsOfBounce } from "./core/events/diagnose-event.js";
export { isEspRecord, readEspRecord } from "./core/events/esp.js";
export { createEximLogReader, looksLikeEximLine } from "./core/events/exim-log.js";
export { JsonRecordSplitter } from "./core/events/json-records.js";
export type { LineReader, LineReaderOptions } from "./core/events/line-reader.js";
export { createPostfixLogReader, looksLikePostfixLine } from "./core/events/postfix-log.js";
export type {
  DeliveryEvent,
  EspClassification,
  EventFormat,
  EventOutcome,
  EventSource,
  RawEvent,
  ReadProblem,
} from "./core/events/types.js";
export { type CodeLookup, lookupCode } from "./core/lookup-code.js";
export { parseReply } from "./core/reply/parse-reply.js";
export type { Diagnosis, Evidence, EvidenceTable, ExplainOptions, ReplyConflict, SmtpReply } from "./core/types.js";
export { BOUNCE_VERDICTS, type BounceVerdictRule } from "./knowledge/bounce-verdicts.js";
export {
  ENHANCED_CODES,
  PROVIDERS,
  REASONS,
  REPLY_CODES,
  SEED_ROWS,
  TEXT_PATTERNS,
} from "./knowledge/index.js";
export { MAILBOX_DOMAINS, providerOfDomainOrHost } from "./knowledge/mailbox-domains.js";
export type * from "./knowledge/types.js";
export { renderDmarcHtml } from "./report/dmarc-html.js";
export { renderDmarcText } from "./report/dmarc-text.js";
export { renderReportHtml } from "./report/report-html.js";
export { renderReportMarkdown, renderSuppressionsCsv } from "./report/report-markdown.js";
export { NO_PAINT, type Paint, renderCard } from "./report/text-card.js";
