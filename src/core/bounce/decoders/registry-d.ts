// Decoders written in parallel by one contributor (group d); merged into the ordered list in index.ts.
import type { BounceDecoder } from "../types.js";

export const GROUP_D: readonly BounceDecoder[] = [];
