// bouncewise for Node: the parts with I/O (files, the SQLite store). The main entry ("bouncewise") stays pure and
// runs in a browser; import these from "bouncewise/node".

export { createNodeDnsClient, type NodeDnsClient, type NodeDnsOptions } from "./dns/node-resolver.js";
export { aggregateStored, buildDmarcDocument, type DmarcDocumentOptions } from "./input/dmarc-document.js";
export { type DmarcIngestOptions, type DmarcIngestResult, ingestDmarcPaths } from "./input/dmarc-ingest.js";
export {
  DEFAULT_DMARC_INPUT_LIMITS,
  type DmarcDocKind,
  type DmarcInputEvent,
  type DmarcInputLimits,
  readDmarcInputs,
} from "./input/dmarc-inputs.js";
export {
  detectFormat,
  type FileReport,
  INGEST_FORMATS,
  type IngestFormat,
  type IngestOptions,
  type IngestReport,
  ingestPaths,
  ingestStream,
} from "./input/ingest.js";
export { readMailItems } from "./input/sources.js";
export * from "./server/index.js";
export { keyOf, SCHEMA_VERSION, SqliteStore, type SqliteStoreOptions } from "./store/sqlite-store.js";
export type {
  EventStore,
  InsertResult,
  ReportFilter,
  ReportStore,
  StoredReport,
  StoredReportKind,
} from "./store/types.js";
