// Decoders written in parallel by one contributor (group c); merged into the ordered list in index.ts.
// Most specific first: decoders keyed on their own header (X-AHMAILID, X-ZohoMail) or unique body markers, then
// the Microsoft layouts (Exchange 2003 before 2007+, whose "administrators" section is broader).
import type { BounceDecoder } from "../types.js";
import { ACTIVEHUNTER } from "./activehunter.js";
import { BIGLOBE } from "./biglobe.js";
import { DOMINO } from "./domino.js";
import { EXCHANGE2003 } from "./exchange2003.js";
import { EXCHANGE2007 } from "./exchange2007.js";
import { IMAILSERVER } from "./imailserver.js";
import { MAILFOUNDRY } from "./mailfoundry.js";
import { MESSAGINGSERVER } from "./messagingserver.js";
import { MFILTER } from "./mfilter.js";
import { NOTES } from "./notes.js";
import { VERIZON } from "./verizon.js";
import { ZOHO } from "./zoho.js";

export const GROUP_C: readonly BounceDecoder[] = [
  ACTIVEHUNTER,
  ZOHO,
  VERIZON,
  MFILTER,
  MAILFOUNDRY,
  BIGLOBE,
  NOTES,
  DOMINO,
  IMAILSERVER,
  MESSAGINGSERVER,
  EXCHANGE2003,
  EXCHANGE2007,
];
