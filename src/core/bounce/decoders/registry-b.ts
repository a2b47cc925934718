// Decoders written in parallel by one contributor (group b); merged into the ordered list in index.ts.
import type { BounceDecoder } from "../types.js";
import { DRAGONFLY } from "./dragonfly.js";
import { OPENSMTPD } from "./opensmtpd.js";
import { QMAIL } from "./qmail.js";
import { SENDMAIL } from "./sendmail.js";

export const GROUP_B: readonly BounceDecoder[] = [DRAGONFLY, OPENSMTPD, QMAIL, SENDMAIL];
