// The store of delivery events: one interface, with SQLite as the embedded implementation (sqlite-store.ts) and
// one conformance suite (conformance.ts) that any other implementation (PostgreSQL, ...) must pass.
// Async so that a networked store fits behind it; SQLite answers synchronously underneath.

import type {
  EventFilter,
  EventSummary,
  FixRecord,
  SummaryOptions,
  Suppression,
  SuppressionOptions,
} from "../core/analysis/types.js";
import type { DeliveryEvent } from "../core/events/types.js";

export interface InsertResult {
  /** Events new to the store. */
  readonly inserted: number;
  /** Events already stored (same identity): nothing was added for them. */
  readonly duplicates: number;
}

export interface EventStore {
  /** Adds events in one transaction: all or none. Events whose identity is already stored are skipped. */
  insert(events: readonly DeliveryEvent[]): Promise<InsertResult>;
  count(filter?: EventFilter): Promise<number>;
  summarize(filter?: EventFilter, options?: SummaryOptions): Promise<EventSummary>;
  suppressions(filter?: EventFilter, options?: SuppressionOptions): Promise<Suppression[]>;
  addFix(fix: { at: number; text: string; finding: string | null }): Promise<FixRecord>;
  listFixes(): Promise<FixRecord[]>;
  close(): Promise<void>;
}
