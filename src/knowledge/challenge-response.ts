// Challenge-response systems (TMDA, Spam Arrest, Boxbe, Mailbox.org's and ISPs' "please verify" services) answer
// mail from unknown senders with a request to confirm. Such a reply is not a bounce: the message waits until the
// sender confirms. Markers as data; any one of them labels the mail (ParsedBounce.kind "challenge-response").

export interface ChallengeMarkers {
  /** Header names whose presence marks a challenge (lowercase). */
  readonly headers: readonly string[];
  /** Lowercase phrases of the Subject. */
  readonly subjects: readonly string[];
  /** Lowercase phrases of the body text (each specific to a challenge). */
  readonly bodies: readonly string[];
}

export const CHALLENGE_MARKERS = {
  // TMDA: X-TMDA-Confirm-Done / X-Delivery-Agent: TMDA (tmda.net docs); Spam Arrest: X-SpamArrest-*;
  // Boxbe: X-Boxbe-*; Qurb / SpamLion / Bluebottle: X-Challenge.
  headers: [
    "x-tmda-confirm-done",
    "x-challenge",
    "x-spamarrest-noauth",
    "x-spamarrest-hash",
    "x-boxbe-challenge",
    "x-boxbe-id",
  ],
  subjects: [
    "please confirm your message",
    "please verify your email",
    "confirm your email to",
    "verification required to deliver",
    "[spamarrest]",
    "sender verification request",
    "your message is waiting for verification",
  ],
  bodies: [
    "to have your message delivered, please",
    "please confirm that you are a real person",
    "i use a challenge-response",
    "this is an automated message from spam arrest",
    "boxbe.com/",
    "your message will be delivered once you",
    "to prove you are not a robot",
  ],
} as const satisfies ChallengeMarkers;
