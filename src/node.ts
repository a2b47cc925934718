// bouncewise for Node: the parts with I/O (files, the SQLite store). The main entry ("bouncewise") stays pure and
// runs in a browser; import these from "bouncewise/node".

export {
  detectFormat,
  type FileReport,
  INGEST_FORMATS,
  type IngestFormat,
  type IngestOptions,
  type IngestReport,
  ingestPaths,
} from "./input/ingest.js";
export { readMailItems } from "./input/sources.js";
export { keyOf, SCHEMA_VERSION, SqliteStore, type SqliteStoreOptions } from "./store/sqlite-store.js";
export type { EventStore, InsertResult } from "./store/types.js";
