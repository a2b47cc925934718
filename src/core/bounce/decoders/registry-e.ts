// Decoders written in parallel by one contributor (group e); merged into the ordered list in index.ts.
// Japanese mobile carriers first (their header markers are exact), then the security gateways.
import type { BounceDecoder } from "../types.js";
import { EZWEB } from "./ezweb.js";
import { INTERSCANMSS } from "./interscanmss.js";
import { KDDI } from "./kddi.js";

export const GROUP_E: readonly BounceDecoder[] = [EZWEB, KDDI, INTERSCANMSS];
