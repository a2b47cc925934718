// Decoders written in parallel by one contributor (group a); merged into the ordered list in index.ts.
import type { BounceDecoder } from "../types.js";

export const GROUP_A: readonly BounceDecoder[] = [];
