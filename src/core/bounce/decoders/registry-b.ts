// Decoders written in parallel by one contributor (group b); merged into the ordered list in index.ts.
// Order: formats with an unmistakable signature first; qmail and Sendmail, whose layouts clones copy, last.
import type { BounceDecoder } from "../types.js";
import { APACHEJAMES } from "./apachejames.js";
import { COURIER } from "./courier.js";
import { DRAGONFLY } from "./dragonfly.js";
import { FML } from "./fml.js";
import { OPENSMTPD } from "./opensmtpd.js";
import { QMAIL } from "./qmail.js";
import { SENDMAIL } from "./sendmail.js";

export const GROUP_B: readonly BounceDecoder[] = [DRAGONFLY, OPENSMTPD, COURIER, FML, APACHEJAMES, QMAIL, SENDMAIL];
