// Decoders written in parallel by one contributor (group e); merged into the ordered list in index.ts.
// Japanese mobile carriers first (their header markers are exact), then the security gateways; each decoder checks
// its product's own headers, so the order among them matters little.
import type { BounceDecoder } from "../types.js";
import { EZWEB } from "./ezweb.js";
import { INTERSCANMSS } from "./interscanmss.js";
import { KDDI } from "./kddi.js";
import { MAILMARSHAL } from "./mailmarshal.js";
import { MCAFEE } from "./mcafee.js";
import { MESSAGELABS } from "./messagelabs.js";
import { MIMECAST } from "./mimecast.js";
import { MXLOGIC } from "./mxlogic.js";
import { SURFCONTROL } from "./surfcontrol.js";

export const GROUP_E: readonly BounceDecoder[] = [
  EZWEB,
  KDDI,
  MCAFEE,
  MXLOGIC,
  MESSAGELABS,
  INTERSCANMSS,
  MAILMARSHAL,
  MIMECAST,
  SURFCONTROL,
];
