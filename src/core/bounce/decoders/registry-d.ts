// Decoders written in parallel by one contributor (group d); merged into the ordered list in index.ts.
// Google Groups before Gmail: both come from mailer-daemon@googlemail.com, the Groups notice is the narrower one.
import type { BounceDecoder } from "../types.js";
import { GMAIL } from "./gmail.js";
import { GOOGLE_GROUPS } from "./googlegroups.js";
import { POSTFIX } from "./postfix.js";

export const GROUP_D: readonly BounceDecoder[] = [GOOGLE_GROUPS, GMAIL, POSTFIX];
