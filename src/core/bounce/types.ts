// The stages of bounce reading as types: MimeMail (bytes read) -> BounceMail (what decoders see) ->
// DecodedRecipient (what one decoder found per recipient) -> BounceResult (one diagnosed result per recipient).

import type { Reason, SmtpStage } from "../../knowledge/types.js";
import type { Diagnosis } from "../types.js";
import type { HeaderField, MimePart } from "./mime.js";

/** One mail as decoders see it: header access, the decoded parts, and the usual views precomputed. */
export interface BounceMail {
  readonly headers: readonly HeaderField[];
  /** First value of a header field, RFC 2047-decoded; "" when absent. */
  header(name: string): string;
  /** Decoded Subject and From, for the decoders' hints. */
  readonly subject: string;
  readonly from: string;
  readonly parts: readonly MimePart[];
  /**
   * The human-readable text: every text/plain part before the returned message, joined (text/html stripped
   * of tags when there is no plain part). For a mail that is not multipart, its whole decoded body.
   */
  readonly text: string;
  /** The message/delivery-status part (or its RFC 6533 global form), when present. */
  readonly deliveryStatus: MimePart | null;
  /** The returned original message or its headers (message/rfc822, text/rfc822-headers ...), when attached. */
  readonly returned: MimePart | null;
  /** Problems met while reading the MIME structure. */
  readonly issues: readonly string[];
}

/** What a decoder found for one recipient. Fields a format does not give stay null. */
export interface DecodedRecipient {
  recipient: string;
  /** Original-Recipient, or the alias the message was addressed to. */
  alias: string | null;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action: string | null;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1". */
  status: string | null;
  /** The remote server's reply or the MTA's own error text. */
  diagnosticCode: string | null;
  /** Diagnostic-Code type: "smtp", "x-unix", "x-postfix" ... */
  diagnosticType: string | null;
  remoteMta: string | null;
  reportingMta: string | null;
  /** The SMTP command the failure answered, when stated. */
  command: SmtpStage | null;
  /** Arrival-Date / Last-Attempt-Date or the date the text gives, as written. */
  date: string | null;
  /** A verdict the format itself states (expired after the retry period, feedback, vacation, delivered). */
  reason: Reason | null;
  /** ARF Feedback-Type (RFC 5965 section 3.1), when reason is feedback. */
  feedbackType: string | null;
  /** Other per-recipient fields as given (X-Postfix-Sender, Will-Retry-Until ...), lowercase names. */
  fields: Record<string, string>;
}

/** What one decoder read from one mail. */
export interface DecodedMail {
  readonly recipients: DecodedRecipient[];
  /** Raw text (headers at least) of the returned original message, when the format includes it. */
  readonly original: string | null;
}

/** One decoder per MTA or provider family. Decoders are tried in the order of DECODERS, hinted ones first. */
export interface BounceDecoder {
  /** Stable id, reported as `decoder` in results (e.g. "postfix", "rfc3464"). */
  readonly id: string;
  /** Cheap test on headers (Subject, From, X-Mailer ...): is this decoder worth trying first? */
  likely(mail: BounceMail): boolean;
  /** Reads the mail; null when the mail is not in this decoder's format. */
  decode(mail: BounceMail): DecodedMail | null;
}

/** Fields of the returned original message. */
export interface OriginalMessage {
  readonly messageId: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly subject: string | null;
  readonly date: string | null;
  readonly listId: string | null;
  /** Extra headers asked for with ParseBounceOptions.extraHeaders, lowercase names. */
  readonly extra: Readonly<Record<string, string>>;
}

/** One diagnosed result per recipient: the public shape of `parseBounce`. */
export interface BounceResult {
  readonly recipient: string;
  readonly alias: string | null;
  readonly action: string | null;
  readonly reason: Reason;
  /**
   * What decided `reason`: "diagnosis" (the text's own reading, see diagnosis.evidence), "decoder" (the format
   * states it), "action.delivered" ..., or a bounce-verdict rule id (src/knowledge/bounce-verdicts.ts).
   */
  readonly reasonRule: string;
  /** Enhanced status code, from the DSN or the text, else derived as class.0.0 (see statusSource). */
  readonly status: string | null;
  /** Where `status` came from: the DSN, the diagnostic text, or derived from the reply code's class / outcome. */
  readonly statusSource: "dsn" | "text" | "derived" | null;
  readonly replyCode: number | null;
  readonly hardBounce: boolean;
  readonly diagnosticCode: string | null;
  readonly diagnosticType: string | null;
  readonly feedbackType: string | null;
  readonly command: SmtpStage | null;
  readonly remoteMta: string | null;
  readonly reportingMta: string | null;
  readonly provider: string | null;
  readonly date: string | null;
  /** Unix seconds of `date` (or the mail's Date), null when unreadable. */
  readonly timestamp: number | null;
  readonly decoder: string;
  readonly original: OriginalMessage;
  readonly fields: Readonly<Record<string, string>>;
  /** Stable de-duplication key: the same bounce read twice gives the same key. */
  readonly key: string;
  readonly diagnosis: Diagnosis;
}

export interface ParseBounceOptions {
  /** Extra header names of the original message to keep (campaign ids ...). */
  readonly extraHeaders?: readonly string[];
  /** Your own decoders, tried before the built-in ones (a format of your MTA that bouncewise does not know). */
  readonly decoders?: readonly BounceDecoder[];
}

export interface ParsedBounce {
  readonly results: readonly BounceResult[];
  /** What kind of mail it was, when not a bounce: "not-bounce" when nothing was found. */
  readonly kind: "bounce" | "feedback" | "auto-reply" | "delivered" | "delayed" | "challenge-response" | "not-bounce";
  /** Non-fatal problems (broken MIME, cut input ...). */
  readonly issues: readonly string[];
}
