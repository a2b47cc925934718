// Decoders written in parallel by one contributor (group d); merged into the ordered list in index.ts.
// Google Groups before Gmail: both come from mailer-daemon@googlemail.com, the Groups notice is the narrower one.
// The DSN-based provider decoders (SES, SendGrid, PowerMTA) before Postfix, whose DSN test is looser.
import type { BounceDecoder } from "../types.js";
import { AMAZON_SES } from "./amazonses.js";
import { GMAIL } from "./gmail.js";
import { GOOGLE_GROUPS } from "./googlegroups.js";
import { POSTFIX } from "./postfix.js";
import { POWERMTA } from "./powermta.js";
import { SENDGRID } from "./sendgrid.js";

export const GROUP_D: readonly BounceDecoder[] = [GOOGLE_GROUPS, GMAIL, AMAZON_SES, SENDGRID, POWERMTA, POSTFIX];
