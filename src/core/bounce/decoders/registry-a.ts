// Decoders written in parallel by one contributor (group a); merged into the ordered list in index.ts.
// Providers that wrap or imitate Exim's text come before Exim itself (Mail.ru's preamble, United Internet's
// "Exim-like" layout); the formats with unique first lines (Mail2000, Yahoo legacy, X3, X6) need no order.
// MXLogic (Exim-derived) has its own decoder in group e; Exim's decoder reads its layout too as a fallback.
import type { BounceDecoder } from "../types.js";
import { EXIM, MAILRU } from "./exim.js";
import { MAIL2000 } from "./mail2000.js";
import { EINSUNDEINS, GMX } from "./united-internet.js";
import { X3 } from "./x3.js";
import { X6 } from "./x6.js";
import { YAHOO_LEGACY } from "./yahoo-legacy.js";

export const GROUP_A: readonly BounceDecoder[] = [MAILRU, EINSUNDEINS, GMX, EXIM, MAIL2000, YAHOO_LEGACY, X3, X6];
