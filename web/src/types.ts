// The JSON the pages read, typed from the shapes the server answers: the core's own types where they are plain
// data (Diagnosis, Report, DomainCheckReport, DmarcDocument), local ones for the routes' envelopes.

import type { Report } from "../../src/core/analysis/report.js";
import type { Suppression } from "../../src/core/analysis/types.js";
import type { DomainCheckReport } from "../../src/core/auth/check-domain.js";
import type { CheckFinding, CheckId, Severity } from "../../src/core/auth/types.js";
import type { DmarcDocument } from "../../src/core/dmarc/output.js";
import type { Diagnosis } from "../../src/core/types.js";

export type { CheckFinding, CheckId, Diagnosis, DmarcDocument, DomainCheckReport, Report, Severity, Suppression };

/** One recipient's result of POST /api/parse (the record of `bouncewise parse --json`). */
export interface ParseResult {
  readonly recipient: string;
  readonly reason: string;
  readonly status: string | null;
  readonly action: string | null;
  readonly hardBounce: boolean;
  readonly diagnosticCode: string | null;
  readonly decoder: string;
  readonly remoteMta?: string | null;
  readonly original?: { readonly from: string | null; readonly subject: string | null } | null;
  readonly diagnosis: Diagnosis;
}

export interface ParseResponse {
  readonly results: number;
  readonly mails: readonly {
    readonly name: string;
    readonly message: number;
    readonly kind: string;
    readonly issues: readonly string[];
    readonly results: readonly ParseResult[];
  }[];
}

export interface IngestFile {
  readonly file: string;
  readonly format: string | null;
  readonly events: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly problems: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface IngestResponse {
  readonly files: readonly IngestFile[];
  readonly events: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly problems: number;
  readonly failedFiles: number;
}

export interface DemoResponse {
  readonly source: string;
  readonly inserted: number;
  readonly removed: number;
}
