// Google (Gmail, Google Workspace, smtp.gmail.com, smtp-relay.gmail.com) reply rules.
//
// Sources (reply texts and codes are facts; every explanation below is ours):
// - Gmail SMTP errors and codes ("SMTP error reference"): https://support.google.com/a/answer/3726730
//   (also served at https://knowledge.workspace.google.com/admin/support/troubleshooting/gmail-smtp-errors-and-codes)
// - Email sender guidelines: https://support.google.com/a/answer/81126
// - Email sender guidelines FAQ (table of 4.7.23-4.7.32 / 5.7.25-5.7.30): https://support.google.com/a/answer/14229414
// - SMTP relay service error messages: https://support.google.com/a/answer/6140680
// - Gmail sending limits in Google Workspace: https://support.google.com/a/answer/166852
//
// Notes for reviewers:
// - Google reuses enhanced codes X.7.23-X.7.30 with meanings that differ from the IANA registry
//   (e.g. IANA X.7.29 is "ARC validation failure", Google's 4.7.29/5.7.29 is "not sent over TLS";
//   IANA X.7.27 is "null MX", Google's is "SPF did not pass"). Code-only rules are therefore `providerOnly`.
// - Reasons follow Sisimai's Google mapping (Sisimai::Rhost::Google) where it has one, so results compare.
// - Google's documentation page now says "email" where the servers say "mail" ("receiving email too
//   quickly"); phrases are cut so that both wordings match.
// - Multi-line replies reach the matcher folded into one line, so phrases avoid spanning a whole
//   sentence and array phrases are used for long sentences.
import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

const SMTP_ERRORS = "https://support.google.com/a/answer/3726730";
const SENDER_GUIDELINES = "https://support.google.com/a/answer/81126";
const SENDER_FAQ = "https://support.google.com/a/answer/14229414";
const RELAY_ERRORS = "https://support.google.com/a/answer/6140680";
const SENDING_LIMITS = "https://support.google.com/a/answer/166852";

export const GOOGLE: ProviderInfo = {
  id: "google",
  name: "Google (Gmail and Workspace)",
  markers: [
    "gsmtp",
    "- gcdp",
    "aspmx.l.google.com",
    "gmail-smtp-in.l.google.com",
    "smtp.gmail.com",
    "smtp-relay.gmail.com",
    "support.google.com",
    "mx.google.com",
    "google.com",
    "googlemail.com",
    // Also a common recipient domain, so it can appear in other providers' replies; still a good hint.
    "gmail.com",
  ],
  reference: SMTP_ERRORS,
};

export const GOOGLE_RULES = defineProviderRules([
  // ---------------------------------------------------------------------------------------------
  // Workspace administrator rules (gcdp = Google Custom Domain Policies). The tag is authoritative,
  // so it comes before every text rule.
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.custom-domain-policy",
    provider: "google",
    match: { text: ["- gcdp", ["violates", "email policy", "gsmtp"]] },
    reason: "policyviolation",
    meaning:
      "A rule written by the recipient's Google Workspace administrator (content, attachment or routing compliance) refused the message; the gcdp tag marks admin-made rules.",
    causes: [
      "The message matched a content or attachment compliance rule of the receiving organisation.",
      "The receiving organisation restricts who may write to this address or domain.",
    ],
    actions: [
      "Read the custom text in the reply: it is written by the recipient's administrator and usually names the policy.",
      "Remove what the rule objects to (attachment type, keywords, external sender) if you can, and resend.",
      "Otherwise ask the recipient to have their administrator allow your mail.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "550 5.7.1 This message violates example.com email policy. - gcdp a640c23a62f3a-ab67626ed70si7564422 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Recipient mailbox
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.no-such-user",
    provider: "google",
    match: {
      text: [
        "because the address couldn't be found",
        "because the address could not be found",
        "the email account that you tried to reach does not exist",
        "p=nosuchuser",
      ],
    },
    reason: "userunknown",
    meaning:
      "Gmail or the Workspace domain has no account with this address, so the message can never be delivered to it.",
    causes: [
      "A typo in the local part or the domain of the address.",
      "The account was deleted or the person left the organisation.",
      "The address was guessed, scraped or bought and never existed.",
    ],
    actions: [
      "Suppress the address: resending will fail the same way and repeated hard bounces hurt your reputation.",
      "Check the address for typos or stray spaces and ask the recipient for a current one.",
      "Validate lists at sign-up (confirmation mail) to keep such addresses out.",
    ],
    checks: ["address", "mailbox"],
    source: SMTP_ERRORS,
    example:
      "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-5a1b2c3d4e5si123456a.12 - gsmtp",
  },
  {
    id: "google.account-disabled",
    provider: "google",
    match: {
      text: [
        "account that you tried to reach is disabled",
        "account that you tried to reach is inactive",
        "p=disableduser",
      ],
    },
    reason: "suspend",
    meaning: "The Google account exists but has been disabled or has become inactive, so it does not accept mail.",
    causes: [
      "The account owner stopped using it and Google marked it inactive.",
      "Google or the Workspace administrator suspended the account.",
    ],
    actions: [
      "Stop sending to this address; treat it as a hard bounce.",
      "Reach the person by another channel if the message matters and ask for a working address.",
    ],
    checks: ["mailbox"],
    source: SMTP_ERRORS,
    example:
      "550-5.2.1 The email account that you tried to reach is disabled. Learn more at https://support.google.com/mail/?p=DisabledUser d2si1240688wre.283 - gsmtp",
  },
  {
    id: "google.inbox-full-inactive",
    provider: "google",
    match: { text: ["out of storage space and inactive"] },
    reason: "mailboxfull",
    meaning:
      "The recipient's storage is full and the account is no longer in use, so Google rejects mail for it permanently.",
    causes: ["An abandoned account whose storage filled up and was never cleaned."],
    actions: [
      "Suppress the address: an inactive and full mailbox is very unlikely to be emptied.",
      "Ask the person for another address through another channel if needed.",
    ],
    outcome: "permanent",
    hardBounce: true,
    retry: "suppress",
    checks: ["mailbox"],
    source: SMTP_ERRORS,
    example:
      "552-5.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm 5b1f17b1804b1-43e1a2b3c4dsi98765.4 - gsmtp",
  },
  {
    id: "google.over-quota",
    provider: "google",
    match: {
      text: [
        "account that you tried to reach is over quota",
        "inbox is out of storage space",
        "p=overquotatemp",
        "p=overquotaperm",
      ],
    },
    reason: "mailboxfull",
    meaning:
      "The recipient's Google storage (shared by Gmail, Drive and Photos) is full, so no more mail fits in the mailbox.",
    causes: [
      "The recipient has used up their storage quota.",
      "A large attachment would push the mailbox over its limit.",
    ],
    actions: [
      "Let the temporary (452 4.2.2) form retry on its own; the recipient may free space.",
      "If it keeps failing or comes back as 552 5.2.2, tell the recipient by another channel that their storage is full.",
      "Suppress the address if it stays full for weeks.",
    ],
    checks: ["mailbox"],
    source: SMTP_ERRORS,
    example:
      "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp 6a1803df08f44-6e4b5c6d7e8si456789.12 - gsmtp",
  },
  {
    // Listed on the SMTP error reference as 550 5.7.1 "Email quota exceeded." without explanation;
    // Sisimai reads it as a full mailbox.
    id: "google.email-quota-exceeded",
    provider: "google",
    match: {
      text: ["email quota exceeded"],
      enhancedCodes: ["5.7.1", "5.2.2", "4.2.2"],
      providerOnly: true,
    },
    reason: "mailboxfull",
    meaning: "Google refused the message because a mail quota of the receiving account is used up.",
    causes: ["The recipient account has reached its storage or mail quota."],
    actions: [
      "Tell the recipient by another channel that their account is over quota.",
      "Retry later; suppress the address if the error persists.",
    ],
    checks: ["mailbox"],
    source: SMTP_ERRORS,
    example: "550 5.7.1 Email quota exceeded. 98e67ed59e1d1-2f1a2b3c4d5si12345.6 - gsmtp",
  },
  {
    // Permanent twin of 450 4.2.1 (p=ReceivingRatePerm). Must precede the 4.2.1 rule below.
    id: "google.recipient-receiving-rate",
    provider: "google",
    match: {
      text: ["rate that prevents additional messages from being delivered", "p=receivingrateperm"],
    },
    reason: "ratelimited",
    meaning:
      "The recipient is getting so much mail that Gmail refuses more for now; the limit is on the recipient's side, not on your reputation.",
    causes: [
      "The recipient receives a flood of messages (mail loop, notification storm, many senders).",
      "You send many messages to this one address in a short time.",
    ],
    actions: [
      "Resend later; Google says the message will go through once the recipient can take mail again.",
      "Space out messages to this address and look for a loop or an automated job sending to it.",
    ],
    hardBounce: false,
    checks: ["volume"],
    source: SMTP_ERRORS,
    example:
      "550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time. If the user is able to receive mail at that time, your message will be delivered. For more information, go to https://support.google.com/mail/?p=ReceivingRatePerm a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.recipient-receiving-too-quickly",
    provider: "google",
    match: {
      text: ["receiving mail too quickly", "receiving email too quickly", "p=receivingrate"],
    },
    reason: "ratelimited",
    meaning:
      "Gmail is slowing delivery to this recipient because the mailbox is receiving messages faster than Gmail allows.",
    causes: [
      "Many messages to the same recipient in a short time, from you or from all senders together.",
      "A forwarding loop or automated system flooding the mailbox.",
    ],
    actions: [
      "Let your MTA retry on its normal schedule.",
      "If it repeats for one address, send to it less often and check for loops.",
    ],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example:
      "450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. If the user is able to receive mail at that time, your message will be delivered. For more information, go to https://support.google.com/mail/?p=ReceivingRate 3f1490d57ef6-e2b1c2d3e4si12345276.12 - gsmtp",
  },
  {
    id: "google.recipient-domain-not-found",
    provider: "google",
    match: { text: ["able to find the recipient domain", "p=badrcptdomain"] },
    reason: "hostunknown",
    meaning:
      "Google (acting as the sending server) could not find the domain of the recipient address, so it has nowhere to deliver.",
    causes: [
      "A typo in the domain part of the address.",
      "Trailing dots, spaces or punctuation after the address.",
      "The domain has expired or was never registered.",
    ],
    actions: [
      "Correct the domain or suppress the address.",
      "Check that the domain resolves and publishes MX records.",
    ],
    checks: ["address", "dns", "mx"],
    source: SMTP_ERRORS,
    example:
      "553-5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors, and make sure you didn't enter any spaces, periods, or other punctuation after the recipient's email address. https://support.google.com/mail/?p=BadRcptDomain 5b1f17b1804b1-42a1b2c3d4esm12345.67 - gsmtp",
  },
  {
    id: "google.invalid-recipient-address",
    provider: "google",
    match: { text: [["recipient address", "is not a valid rfc"]] },
    reason: "userunknown",
    meaning:
      "The recipient address given in RCPT TO is not a syntactically valid mailbox address, so Google refuses it.",
    causes: [
      "A bare name or a local part without a domain was used as the recipient.",
      "Illegal characters, quotes or spaces in the address.",
    ],
    actions: [
      "Fix the address in your data (or validate it at input) before sending again.",
      "Suppress it if it cannot be corrected.",
    ],
    checks: ["address"],
    source: SMTP_ERRORS,
    example:
      "553-5.1.3 The recipient address <john.doe@@example.com> is not a valid RFC 5321 address. For more information, go to https://support.google.com/a/answer/3221692 c188-v6sm966566wma.31 - gsmtp",
  },
  {
    id: "google.invalid-sender-address",
    provider: "google",
    match: { text: [["sender address", "is not a valid rfc"]] },
    reason: "rejected",
    meaning: "The address given in MAIL FROM is not a valid RFC 5321 address, so Google will not accept mail from it.",
    causes: [
      "The application sends a display name or an empty or malformed envelope sender.",
      "A missing domain or illegal characters in the sender address.",
    ],
    actions: [
      "Configure the sending application with a full, valid envelope sender (user@domain).",
      "Send a test message and check the MAIL FROM in the SMTP log.",
    ],
    checks: ["address"],
    source: SMTP_ERRORS,
    example:
      "553-5.1.7 The sender address <noreply> is not a valid RFC 5321 address. For more information, go to https://support.google.com/a/answer/3221692 e9b1a2c3d4f5-5e6si1234567.8 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Message size and structure
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.message-too-large",
    provider: "google",
    match: {
      text: [["google", "message size limit"], "p=maxsizeerror"],
    },
    reason: "emailtoolarge",
    meaning:
      "The message, attachments and encoding overhead included, is larger than Gmail accepts (about 25 MB for received mail).",
    causes: ["Large attachments; base64 encoding adds roughly a third to their size.", "Many embedded images."],
    actions: [
      "Do not resend unchanged: it will fail again.",
      "Shrink or compress the attachments, or share them as a link instead.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "552-5.2.3 Your message exceeded Google's message size limits. For more information, go to https://support.google.com/mail/?p=MaxSizeError 4fb4d7f45d1cf-5d1a2b3c4d5si123456.789 - gsmtp",
  },
  {
    id: "google.header-too-large",
    provider: "google",
    match: {
      text: ["header size limit", "per individual header size", "header name limit", "p=header-limits"],
    },
    reason: "emailtoolarge",
    meaning: "A header of the message, or all headers together, is bigger than Gmail's header limits.",
    causes: [
      "A huge To or Cc header with very many recipients.",
      "Oversized custom headers or long Received chains added by mail loops or gateways.",
    ],
    actions: [
      "Find the oversized header in the message source and shorten it.",
      "Send to large recipient lists in batches or through Bcc.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "552-5.3.4 Your message exceeded Google's message header size limits. For more information, go to https://support.google.com/a?p=header-limits 2adb3069b0e04-53e1a2b3c4dsi12345.6 - gsmtp",
  },
  {
    id: "google.too-many-attachments",
    provider: "google",
    match: { text: [["number of attachments", "limit of"]] },
    reason: "emailtoolarge",
    meaning: "The message carries more attachments than Gmail accepts in one message.",
    causes: ["Too many files attached to a single message."],
    actions: ["Split the files over several messages, or zip them, or share them as a link."],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "552-5.3.4 The number of attachments (620) exceeds Google's limit of 500 attachments. For more information, go to https://support.google.com/a/answer/1366776 a640c23a62f3a-ab1c2d3e4f5si12345.6 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Sending limits (Gmail, Workspace, SMTP relay)
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.daily-sending-quota",
    provider: "google",
    match: {
      text: [
        "daily user sending quota exceeded",
        "daily user sending limit exceeded",
        "daily sending quota exceeded",
        "you have reached a limit for sending mail",
      ],
    },
    reason: "ratelimited",
    meaning:
      "The Gmail or Workspace account you send through has used up its daily sending allowance, so Google refuses to send more for now.",
    causes: [
      "More messages or recipients in 24 hours than the account's limit (lower for trial and free accounts).",
      "A script or app sending bulk mail through a normal mailbox.",
      "A compromised account sending spam.",
    ],
    actions: [
      "Wait: the limit clears on a rolling 24-hour window, typically within a day.",
      "Check the Sent folder for mail you did not send; secure the account if you find any.",
      "Move bulk or automated sending to a service made for it.",
    ],
    retry: "fix-first",
    hardBounce: false,
    checks: ["volume", "credentials"],
    source: SENDING_LIMITS,
    example: "550 5.4.5 Daily user sending quota exceeded. d9443c01a7336-2a1b2c3d4esm12345.6 - gsmtp",
  },
  {
    id: "google.daily-relay-limit",
    provider: "google",
    match: { text: [["daily smtp relay", "limit exceeded"]] },
    reason: "ratelimited",
    meaning:
      "Your organisation's or user's daily quota on Google Workspace's SMTP relay (smtp-relay.gmail.com) is used up.",
    causes: [
      "Devices and applications relaying more mail per day than the relay allows for the customer or user.",
      "A compromised application or device relaying spam.",
    ],
    actions: [
      "Wait for the daily window to clear.",
      "Find which device or app sends the volume and reduce it, or move bulk mail to a bulk service.",
    ],
    hardBounce: false,
    checks: ["volume"],
    source: RELAY_ERRORS,
    example:
      "550 5.4.5 Daily SMTP relay limit exceeded for user. For more information on SMTP relay sending limits please contact your administrator or visit https://support.google.com/a/answer/166852 5b1f17b1804b1-4e1a2b3c4d5sm123.4 - gsmtp",
  },
  {
    id: "google.peak-relay-limit",
    provider: "google",
    match: { text: ["peak smtp relay limit exceeded"] },
    reason: "ratelimited",
    meaning:
      "Google's SMTP relay is deferring your organisation's mail for a while because the short-term (peak) relay rate was exceeded.",
    causes: ["A burst of relayed mail from your devices or applications."],
    actions: ["Let the MTA retry; the deferral lifts by itself.", "Spread relayed mail more evenly over time."],
    checks: ["volume"],
    source: RELAY_ERRORS,
    example:
      "450-4.2.1 Peak SMTP relay limit exceeded for customer. This is a temporary error. For more information on SMTP relay limits, please contact your administrator or visit https://support.google.com/a/answer/6140680 a1b2c3d4e5si12345.6 - gsmtp",
  },
  {
    id: "google.too-many-recipients",
    provider: "google",
    match: {
      text: ["your message has too many recipients", "p=toomanyrecipientserror"],
    },
    reason: "ratelimited",
    meaning:
      "The message lists more recipients than Google accepts in one transaction (for example 100 per transaction on the SMTP relay).",
    causes: ["One SMTP transaction or one message addressed to a very large list."],
    actions: [
      "Split the recipients over several transactions (new connection or RSET) or several messages.",
      "Use a mailing list or bulk service for large audiences.",
    ],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example:
      "452-4.5.3 Your message has too many recipients. For more information regarding Google's sending limits, go to https://support.google.com/mail/?p=TooManyRecipientsError 98e67ed59e1d1-2e1a2b3c4dsi12345.6 - gsmtp",
  },
  {
    id: "google.too-many-recipients-code",
    provider: "google",
    match: {
      text: ["too many recipients"],
      enhancedCodes: ["4.5.3", "5.5.3"],
      providerOnly: true,
    },
    reason: "ratelimited",
    meaning: "Google refused some recipients because the message or transaction has more recipients than it allows.",
    causes: ["Too many RCPT TO commands in one transaction or too many addressees in one message."],
    actions: [
      "Send the remaining recipients in a new transaction or a separate message.",
      "Reduce the number of recipients per message.",
    ],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example: "550 5.5.3 Too many recipients for this sender. a1si123456qkb.9 - gsmtp",
  },
  {
    id: "google.domain-policy-size",
    provider: "google",
    match: { text: ["domain policy size per transaction exceeded"] },
    reason: "ratelimited",
    meaning:
      "The recipients in this transaction bring more Workspace domain policies than Google can evaluate at once, so it asks for this recipient to be sent separately.",
    causes: ["Many recipients in different Workspace domains or organisational units in one transaction."],
    actions: [
      "Let the MTA retry; it will send the deferred recipient in its own transaction.",
      "If your software does not retry, send to that recipient separately.",
    ],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example:
      "452-4.5.3 Domain policy size per transaction exceeded, please try this recipient in a separate transaction. 3f1490d57ef6-e1a2b3c4d5si123.4 - gsmtp",
  },
  {
    // Sisimai files this under policyviolation; it is a per-Message-ID sending quota.
    id: "google.same-message-id-quota",
    provider: "google",
    match: { text: [["same message-id", "quota for sending messages"]] },
    reason: "policyviolation",
    meaning:
      "Gmail has already received too many messages carrying this same Message-ID and is refusing more copies for now.",
    causes: [
      "A sending system reuses one Message-ID for many different messages.",
      "A retry loop resending the same message over and over.",
    ],
    actions: [
      "Give every message its own unique Message-ID.",
      "Stop the loop or job that keeps resending the same message.",
    ],
    checks: ["content", "volume"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.28 Gmail has detected this message exceeded its quota for sending messages with the same Message-ID:. To best protect our users, the message has been temporarily rejected. For more information, go to https://support.google.com/mail/answer/188131 41be03b00d2f7-7e1a2b3c4d5si1234.5 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Authentication (SPF, DKIM, DMARC) and the 2024 sender requirements
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.spf-hard-fail",
    provider: "google",
    match: {
      text: ["with a hard fail policy", "spf checks for an spf record with a hard fail"],
    },
    reason: "authfailure",
    meaning:
      "The envelope sender's domain publishes an SPF record ending in -all and the sending IP is not in it, so Gmail rejects the message as the domain asks.",
    causes: [
      "The server or service that sent the message is missing from the domain's SPF record.",
      "The message was forwarded, so the forwarder's IP was checked against your record.",
      "The SPF record has errors (too many DNS lookups, duplicate records).",
    ],
    actions: [
      "Add the sending server or service to the SPF record of the MAIL FROM domain.",
      "Keep one SPF record with at most 10 DNS lookups.",
      "Sign with DKIM too, so forwarded mail can still authenticate.",
    ],
    checks: ["spf", "dns"],
    source: SENDER_GUIDELINES,
    example:
      "550-5.7.26 The MAIL FROM domain [example.com] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.10]. To best protect our users from spam and phishing, the message has been blocked. For more information, go to https://support.google.com/mail/answer/81126#authentication 5b1f17b1804b1-4a1b2c3d4e5si12345.6 - gsmtp",
  },
  {
    id: "google.spf-suspicious-entries",
    provider: "google",
    match: { text: ["spf record of the sending domain has one or more suspicious"] },
    reason: "authfailure",
    meaning:
      "Gmail distrusts the SPF record of the sending domain because some of its entries look abusive, and it rate-limits (4.7.24) or rejects (5.7.24) the mail.",
    causes: [
      "An SPF record that authorises far too much (+all, very wide IP ranges).",
      "Includes of services that are no longer used or are known to send spam.",
    ],
    actions: [
      "Audit the SPF record: drop +all and ?all, narrow ip4/ip6 ranges to the real senders.",
      "Remove includes for services that no longer send for you.",
      "Retest, then resend.",
    ],
    checks: ["spf", "dns"],
    source: SMTP_ERRORS,
    example:
      "451-4.7.24 The SPF record of the sending domain has one or more suspicious entries. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. For more information, go to https://support.google.com/mail/answer/81126#authentication 6a1803df08f44-7e1a2b3c4d5si12345.6 - gsmtp",
  },
  {
    // 451 4.7.26: DMARC policy applies but DNS lookups failed. Before the DMARC rule below.
    id: "google.dmarc-temporary-dns-failure",
    provider: "google",
    match: {
      text: [["dmarc policy", "temporary dns failures"]],
    },
    reason: "authfailure",
    meaning:
      "The message failed DMARC for its From domain, but Gmail could not finish the DNS lookups needed to be sure, so it defers instead of rejecting.",
    causes: [
      "The sending domain's DNS servers answered slowly or not at all for SPF, DKIM or DMARC lookups.",
      "The message does not authenticate and the domain's DMARC policy would reject it.",
    ],
    actions: [
      "Let the MTA retry.",
      "Check that the domain's name servers answer reliably for its SPF, DKIM and DMARC records.",
      "Make sure the message passes SPF or DKIM aligned with the From domain.",
    ],
    outcome: "temporary",
    checks: ["dmarc", "alignment", "dns"],
    source: SMTP_ERRORS,
    example:
      "451-4.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy, but temporary DNS failures prevent authentication. Please contact the administrator of example.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection 2adb3069b0e04-5e1a2b3c4d5si123.4 - gsmtp",
  },
  {
    id: "google.dmarc-policy-rejection",
    provider: "google",
    match: {
      text: [["not accepted due to", "dmarc policy"], "p=dmarcrejection"],
    },
    reason: "authfailure",
    meaning:
      "The message claims a From domain whose DMARC policy says to reject unauthenticated mail, and it passed neither SPF nor DKIM in alignment with that domain.",
    causes: [
      "A third-party service sends with your From domain without DKIM signing for it.",
      "The envelope sender (Return-Path) is the service's domain, so SPF does not align.",
      "Forwarding or a mailing list broke the DKIM signature.",
      "Someone is spoofing the domain, and DMARC is doing its job.",
    ],
    actions: [
      "Make every service that sends as this domain sign with DKIM for it, or use an aligned Return-Path.",
      "Check a test message's Authentication-Results: dmarc must say pass.",
      "Read the domain's DMARC aggregate reports to find the failing source.",
    ],
    checks: ["dmarc", "alignment", "dkim", "spf"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection 4fb4d7f45d1cf-5e1a2b3c4d5si1234.5 - gsmtp",
  },
  {
    // Older Gmail wording, filed by Sisimai under "rejected" (the sender domain is refused).
    id: "google.unauthenticated-domain-not-accepted",
    provider: "google",
    match: { text: ["unauthenticated email is not accepted from this domain"] },
    reason: "rejected",
    meaning:
      "Gmail refuses unauthenticated mail claiming this sender domain, because the domain's owner asked for such mail to be refused.",
    causes: [
      "The message uses a From domain (often a large mailbox provider) that it is not allowed to send for.",
      "The message passed neither SPF nor DKIM for the From domain.",
    ],
    actions: [
      "Send with a From address in a domain you control and authenticate it with SPF and DKIM.",
      "Do not put freemail addresses (gmail.com, yahoo.com ...) in the From of mail sent through other servers.",
    ],
    checks: ["dmarc", "alignment", "spf", "dkim"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 Unauthenticated email is not accepted from this domain. https://support.google.com/mail/answer/81126 d2si1240688wre.283 - gsmtp",
  },
  {
    // FAQ documents 4.7.31; the current error page lists the same text under 4.7.40 / 5.7.40.
    id: "google.dmarc-record-missing",
    provider: "google",
    match: {
      text: ["have a dmarc record", "specify a dmarc policy"],
    },
    reason: "authfailure",
    meaning:
      "Gmail requires bulk senders to publish DMARC; the sending domain has no DMARC record, or the record has no policy, so mail is rate-limited or blocked.",
    causes: [
      "No TXT record at _dmarc.<domain>.",
      "A DMARC record without a valid p= tag, or published at the wrong name.",
    ],
    actions: [
      "Publish v=DMARC1; p=none; rua=mailto:<an address you read> at _dmarc.<your domain>.",
      "Check that it parses, then tighten the policy once reports look clean.",
      "Let deferred mail retry after the record is visible in DNS.",
    ],
    checks: ["dmarc", "dns"],
    source: SENDER_FAQ,
    example:
      "421-4.7.31 Your email has been rate limited because the sending domain doesn't have a DMARC record, or the DMARC record doesn't specify a DMARC policy. Gmail requires all bulk email senders to add a DMARC record to their sending domain. To learn more about Gmail requirements for bulk email senders, visit https://support.google.com/a?p=sender-guidelines a640c23a62f3a-ab67626ed70si756442266b.465 - gsmtp",
  },
  {
    id: "google.dmarc-alignment",
    provider: "google",
    match: {
      text: [
        "aligned with either the authenticated spf or dkim",
        ["from: header", "aligned with either the authenticated"],
        "p=dmarc-alignment",
      ],
    },
    reason: "authfailure",
    meaning:
      "SPF or DKIM may pass, but for a different organisational domain than the one in the From header, so the message is not DMARC-aligned and Gmail rate-limits (4.7.32) or blocks (5.7.32) it.",
    causes: [
      "A sending service signs DKIM with its own domain instead of yours.",
      "The Return-Path belongs to the service, so SPF passes for its domain only.",
      "The From address uses a domain different from the mailbox or service actually sending.",
    ],
    actions: [
      "Set up DKIM signing with your own domain (d=yourdomain) in every sending service.",
      "Use a custom Return-Path (bounce domain) under your domain where possible.",
      "Confirm dmarc=pass in a test message's headers, then resend.",
    ],
    checks: ["alignment", "dmarc", "dkim", "spf"],
    source: SENDER_FAQ,
    example:
      "421-4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain. To learn more about DMARC alignment, visit https://support.google.com/a?p=dmarc-alignment To learn more about Gmail requirements for bulk senders, visit https://support.google.com/a?p=sender-guidelines. a640c23a62f3a-ab67626ed70si756442266b.465 - gsmtp",
  },
  {
    id: "google.spf-did-not-pass",
    provider: "google",
    match: {
      text: [
        "senders to authenticate their email with spf",
        "senders to authenticate with spf",
        "spf authentication didn",
        "pass spf authentication",
      ],
    },
    reason: "authfailure",
    meaning:
      "Gmail requires bulk senders to pass SPF; this message did not, so it was rate-limited (4.7.27) or blocked (5.7.27).",
    causes: [
      "The sending IP or service is not listed in the envelope sender domain's SPF record.",
      "Two SPF records, or more than 10 DNS lookups, make SPF fail with an error.",
      "No SPF record at all.",
    ],
    actions: [
      "Add the sending service (include: or ip4/ip6) to the SPF record of the MAIL FROM domain.",
      "Merge duplicate SPF records and stay within 10 lookups.",
      "Retest with a message to a Gmail address and check spf=pass.",
    ],
    checks: ["spf", "dns"],
    source: SENDER_FAQ,
    example:
      "421-4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate their email with SPF. Authentication results: SPF domain example.com with IP address 192.0.2.10 = Did not pass. To set up SPF for your sending domains, visit https://support.google.com/a/answer/33786 5b1f17b1804b1-4f1a2b3c4d5si123.4 - gsmtp",
  },
  {
    id: "google.dkim-did-not-pass",
    provider: "google",
    match: {
      text: [
        "senders to authenticate their email with dkim",
        "senders to authenticate with dkim",
        "dkim authentication didn",
        "pass dkim authentication",
        "because dkim does not pass",
      ],
    },
    reason: "authfailure",
    meaning:
      "Gmail requires bulk senders to sign with DKIM; this message had no valid DKIM signature, so it was rate-limited (4.7.30) or blocked (5.7.30).",
    causes: [
      "DKIM signing is not enabled in the sending service.",
      "The public key is missing from DNS or does not match the signing key.",
      "A gateway or tracking tool changed the message after it was signed.",
    ],
    actions: [
      "Enable DKIM signing and publish the key at <selector>._domainkey.<domain>.",
      "Check the selector in the DKIM-Signature header resolves to the right key.",
      "Sign after any step that modifies the message, then retest for dkim=pass.",
    ],
    checks: ["dkim", "dns"],
    source: SENDER_FAQ,
    example:
      "550-5.7.30 This message was blocked because it didn't pass DKIM authentication. Gmail requires bulk email senders to authenticate their email with DKIM. Authentication results: DKIM = did not pass. To set up DKIM for your sending domains, visit https://support.google.com/a/answer/174124 3f1490d57ef6-e1a2b3c4d5si1234.5 - gsmtp",
  },
  {
    id: "google.tls-required-bulk",
    provider: "google",
    match: {
      text: ["senders to use tls/ssl", "not using a tls connection", "sent over a tls connection"],
    },
    reason: "failedstarttls",
    meaning:
      "Gmail requires bulk senders to deliver over TLS; this message came over an unencrypted connection, so it was rate-limited (4.7.29) or blocked (5.7.29).",
    causes: [
      "STARTTLS is disabled or failing on the sending server.",
      "An old appliance or library that only speaks plain SMTP.",
    ],
    actions: [
      "Enable opportunistic TLS (STARTTLS) for outbound mail with a valid certificate.",
      "Check the SMTP log for a failed TLS handshake and fix protocol or cipher settings.",
    ],
    checks: ["tls"],
    source: SENDER_FAQ,
    example:
      "421-4.7.29 Your email has been rate limited because you're not using a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections. To set up TLS for email, visit https://support.google.com/a/answer/9795993 6a1803df08f44-7f1a2b3c4d5si1234.5 - gsmtp",
  },
  {
    id: "google.unauthenticated-sender",
    provider: "google",
    match: {
      text: [
        "gmail requires all senders to authenticate",
        ["because the sender is unauthenticated", "gmail"],
        "because it is unauthenticated",
      ],
    },
    reason: "authfailure",
    meaning:
      "Gmail requires every sender to pass SPF or DKIM; this message passed neither, so it was rate-limited (4.7.26) or blocked (5.7.26).",
    causes: [
      "No SPF record, or one that does not cover the sending server.",
      "No DKIM signature, or a signature that does not verify.",
      "A new sending tool added without authentication set up.",
    ],
    actions: [
      "Publish SPF covering every server that sends for the domain.",
      "Turn on DKIM signing for the domain.",
      "Retest: a message to Gmail should show spf=pass or dkim=pass before you resume.",
    ],
    checks: ["spf", "dkim", "dns"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip: [192.0.2.10] = did not pass For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication 2adb3069b0e04-5f1a2b3c4d5si1234.5 - gsmtp",
  },
  {
    id: "google.authentication-checks-failed",
    provider: "google",
    match: {
      text: ["fails to pass authentication checks", "does not have authentication information"],
    },
    reason: "authfailure",
    meaning:
      "The message carried no usable authentication (SPF or DKIM) or failed it, and Gmail blocked it to protect its users.",
    causes: [
      "Missing or failing SPF for the envelope sender domain.",
      "Missing or broken DKIM signature.",
      "Sending through a server the domain does not authorise.",
    ],
    actions: [
      "Set up SPF and DKIM for the sending domain and the service you use.",
      "Retest with a message to a Gmail account and read Authentication-Results.",
    ],
    checks: ["spf", "dkim", "dmarc"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 This message does not have authentication information or fails to pass authentication checks. To best protect our users from spam, the message has been blocked. Please visit https://support.google.com/mail/answer/81126#authentication for more information. u16si2087533wru.356 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Reverse DNS (PTR) and IPv6
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.ipv6-sending-guidelines",
    provider: "google",
    match: {
      text: ["does not meet ipv6 sending guidelines", "p=ipv6autherror"],
    },
    reason: "requireptr",
    meaning:
      "Mail over IPv6 must come from an address with matching reverse DNS and must authenticate; this message met neither requirement.",
    causes: [
      "The sending IPv6 address has no PTR record, or its name does not resolve back.",
      "The message passed neither SPF nor DKIM.",
      "The server started delivering over IPv6 without the setup done for IPv4.",
    ],
    actions: [
      "Set a PTR record for the IPv6 address with a matching AAAA record.",
      "Make sure SPF covers the IPv6 address and DKIM signing is on.",
      "Or make the MTA deliver to Google over IPv4 until IPv6 is set up.",
    ],
    checks: ["ptr", "spf", "dkim", "dns"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [2001:db8::25] Our system has detected that this message does not meet IPv6 sending guidelines regarding PTR records and authentication. Please review https://support.google.com/mail/?p=IPv6AuthError for more information. 98e67ed59e1d1-2f1a2b3c4d5si1234.5 - gsmtp",
  },
  {
    id: "google.ptr-missing",
    provider: "google",
    match: {
      text: [
        ["have a ptr record", "forward dns"],
        ["have a ptr record", "forwarding dns"],
        "does not have a ptr record setup",
        "does not match the ip address of the hostname",
        "ips with missing ptr records",
      ],
    },
    reason: "requireptr",
    meaning:
      "The sending IP has no reverse DNS (PTR) record, or the name it points to does not resolve back to the same IP; Gmail rate-limits (4.7.23/4.7.0) or rejects (5.7.25) such mail.",
    causes: [
      "A VPS, cloud or office IP whose reverse DNS was never set.",
      "The PTR name's A/AAAA record points elsewhere (no forward-confirmed reverse DNS).",
    ],
    actions: [
      "Ask whoever owns the IP (hosting or ISP) to set a PTR to a name such as mail.example.com.",
      "Create the matching A or AAAA record so forward and reverse agree.",
      "Otherwise relay through a provider whose IPs are set up.",
    ],
    checks: ["ptr", "dns", "helo"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.23 The sending IP address for this message doesn't have a PTR record, or the PTR record's forward DNS entry doesn't match the sending IP address. To protect users from spam, your email has been temporarily rate limited. For more information, go to https://support.google.com/mail/answer/81126#ip-practices 41be03b00d2f7-7f1a2b3c4d5si1234.5 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Reputation, spam and rate of unsolicited mail
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.low-reputation-domain",
    provider: "google",
    match: { text: ["very low reputation of the sending domain"] },
    reason: "badreputation",
    meaning:
      "Gmail's view of the sending domain is so poor that it defers (421 4.7.0) or rejects (550 5.7.1) mail from it.",
    causes: [
      "High spam-complaint rates from Gmail users.",
      "Mail sent to stale or purchased lists, spam-trap hits.",
      "A sudden jump in volume from a domain without history.",
    ],
    actions: [
      "Check the domain in Google Postmaster Tools (spam rate, domain reputation).",
      "Cut volume and send only to recipients who recently engaged; remove complainers.",
      "Keep the spam rate under 0.1% and ramp volume back slowly.",
    ],
    category: "reputation",
    checks: ["volume", "content", "dmarc"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [192.0.2.10] Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain. To best protect our users from spam, the message has been blocked. Please visit https://support.google.com/mail/answer/188131 for more information. 5b1f17b1804b1-4f2a3b4c5d6si1234.5 - gsmtp",
  },
  {
    id: "google.low-reputation-ip",
    provider: "google",
    match: { text: ["very low reputation of the sending ip"] },
    reason: "badreputation",
    meaning: "Gmail rates the sending IP address so poorly that it defers or rejects mail coming from it.",
    causes: [
      "Spam or complaints from this IP (possibly from other users of a shared IP).",
      "A new or recycled IP with no good history.",
      "A compromised account or open relay on the sending server.",
    ],
    actions: [
      "Check Postmaster Tools (IP reputation) and public blocklists.",
      "Find and stop any abusive traffic from the IP.",
      "Reduce volume and warm the IP up gradually, or send through a reputable provider.",
    ],
    category: "reputation",
    checks: ["blocklist", "volume"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.0 [192.0.2.10 15] Our system has detected that this message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/answer/188131 for more information. 2adb3069b0e04-5f2a3b4c5d6si1234.5 - gsmtp",
  },
  {
    id: "google.rate-limited-spf-domain",
    provider: "google",
    match: {
      text: [
        ["unusual rate of", "your spf"],
        ["unusual rate of", "spf domain"],
      ],
    },
    reason: "blocked",
    reasonWhenTemporary: "ratelimited", // 421 4.7.28 "temporarily rate limited"; 550 5.7.28 "blocked"
    meaning:
      "Gmail sees too much unwanted mail authenticated by your SPF domain and is temporarily limiting every IP that domain authorises.",
    causes: [
      "Spam complaints on mail whose envelope domain is yours.",
      "An SPF record that authorises shared platforms other customers abuse.",
      "A sudden volume increase.",
    ],
    actions: [
      "Slow down and let deferred mail retry; do not push harder.",
      "Trim the SPF record to the services you really use.",
      "Check spam rate in Postmaster Tools and send only to engaged recipients.",
    ],
    category: "reputation",
    checks: ["spf", "volume"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.28 Gmail has detected an unusual rate of mail originating from your SPF domain [example.com 15]. To protect our users from spam, mail sent from your domain has been temporarily rate limited. For more information, go to https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.rate-limited-dkim-domain",
    provider: "google",
    match: {
      text: [
        ["unusual rate of", "your dkim"],
        ["unusual rate of", "dkim domain"],
      ],
    },
    reason: "blocked",
    reasonWhenTemporary: "ratelimited", // 421 4.7.28 "temporarily rate limited"; 550 5.7.28 "blocked"
    meaning:
      "Gmail sees too much unwanted mail signed by your DKIM domain and temporarily limits mail carrying that signature.",
    causes: [
      "Spam complaints on mail signed with your domain.",
      "A campaign to poorly engaged or purchased addresses.",
      "A sudden rise in volume.",
    ],
    actions: [
      "Reduce volume to Gmail and let deferred mail retry slowly.",
      "Check the domain's spam rate and reputation in Postmaster Tools.",
      "Send only to recipients who opted in and recently engaged.",
    ],
    category: "reputation",
    checks: ["dkim", "volume", "content"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your DKIM domain [example.com 15]. To protect our users from spam, mail sent from your domain has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. 3f1490d57ef6-e3b1c2d3e4si1234.5 - gsmtp",
  },
  {
    id: "google.rate-limited-url-domain",
    provider: "google",
    match: {
      text: [
        ["unusual rate of", "url domain"],
        ["unusual rate of", "with the url"],
      ],
    },
    reason: "blocked",
    reasonWhenTemporary: "ratelimited", // 421 4.7.28 "temporarily rate limited"; 550 5.7.28 "blocked"
    meaning:
      "A domain used in links inside your messages appears in too much unwanted mail, so Gmail temporarily limits messages containing it.",
    causes: [
      "A shared link-tracking or URL-shortener domain abused by others.",
      "Your own link domain used in complained-about campaigns.",
    ],
    actions: [
      "Use a tracking domain of your own instead of a shared one, or turn link tracking off.",
      "Check which links the message contains and remove dubious ones.",
      "Slow down until the deferrals stop.",
    ],
    category: "reputation",
    checks: ["content", "volume"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.28 Gmail has detected an unusual rate of unsolicited mail containing one of your URL domains. To protect our users from spam, mail with the URL has been temporarily limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. 6a1803df08f44-7a1b2c3d4esi1234.5 - gsmtp",
  },
  {
    id: "google.rate-limited-ip",
    provider: "google",
    match: {
      text: [
        ["unusual rate of", "your ip"],
        "p=unsolicitedratelimiterror",
        "p=unsolicitediperror",
        "an unusual rate of unsolicited mail",
        "an unusual rate of mail",
        "an unusual rate of email",
        "an unusual rate of unsolicited email",
      ],
    },
    reason: "blocked",
    reasonWhenTemporary: "ratelimited", // 421 4.7.28 "temporarily rate limited"; 550 5.7.28 "blocked"
    meaning:
      "Gmail sees an unusual amount of unwanted mail from your IP address (or its netblock) and limits (4.7.0/4.7.28) or blocks (5.7.1/5.7.28) mail from it.",
    causes: [
      "Spam complaints or spam-trap hits on mail from this IP.",
      "A sudden volume jump, or a new IP without warm-up.",
      "Other senders on a shared IP or netblock behaving badly, or a compromised account.",
    ],
    actions: [
      "Throttle: lower the sending rate to Gmail and let deferred mail retry slowly.",
      "Check IP reputation in Postmaster Tools and look for abusive or unexpected traffic.",
      "Send only to engaged recipients and ramp volume up gradually.",
    ],
    category: "reputation",
    checks: ["volume", "blocklist", "content"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.28 [192.0.2.10 15] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. z1si9679476pln.401 - gsmtp",
  },
  {
    id: "google.suspicious-content",
    provider: "google",
    match: {
      text: ["due to the nature of the content", "nature of the content and/or the links"],
    },
    reason: "spamdetected",
    meaning: "Gmail's filters judged the text or the links of this message suspicious and refused it.",
    causes: [
      "A link to a domain, shortener or image host with a bad reputation.",
      "Phishing-like wording or layout, or content copied from spam.",
    ],
    actions: [
      "Review every URL in the message (including HTML source and signature) and remove dubious ones.",
      "Rewrite the content, then test with a small send before resending widely.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.0 [192.0.2.10 15] Our system has detected that this message is suspicious due to the nature of the content and/or the links within. To best protect our users from spam, the message has been blocked. Please visit https://support.google.com/mail/answer/188131 for more information. 41be03b00d2f7-7b1c2d3e4fsi1234.5 - gsmtp",
  },
  {
    id: "google.likely-unsolicited",
    provider: "google",
    match: {
      text: ["likely unsolicited mail", "likely unsolicited email", "p=unsolicitedmessageerror"],
    },
    reason: "spamdetected",
    meaning: "Gmail's spam filters classified this message as unsolicited and rejected it.",
    causes: [
      "Content that resembles spam, or mail recipients did not ask for.",
      "Weak reputation of the sending domain or IP.",
      "Missing or failing authentication.",
    ],
    actions: [
      "Check authentication (SPF, DKIM, DMARC) and reputation in Postmaster Tools.",
      "Send only to people who opted in; make unsubscribing easy.",
      "Revise the content and test with a small send before resending.",
    ],
    checks: ["content", "spf", "dkim", "dmarc"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [192.0.2.10 12] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedMessageError for more information. 5b1f17b1804b1-4f3a4b5c6d7si1234.5 - gsmtp",
  },
  {
    // Sisimai's Google mapping: "speeding" (550 5.7.1 "This mail has been rate limited").
    id: "google.mail-rate-limited",
    provider: "google",
    match: {
      text: ["this mail has been rate limited", "has been temporarily rate limited"],
      enhancedCodes: ["5.7.1", "4.7.0"],
      providerOnly: true,
    },
    reason: "ratelimited",
    meaning: "Gmail is refusing further mail from this source for now because of its sending rate.",
    causes: ["Too much mail from the same source in a short time."],
    actions: ["Lower the sending rate to Gmail and retry later."],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example: "550 5.7.1 This mail has been rate limited. a1si1234567pgb.12 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Connection-level blocks, relay and access
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.ip-not-authorized",
    provider: "google",
    match: {
      text: ["not authorized to send email directly to our servers", "p=notauthorizederror"],
    },
    reason: "blocked",
    meaning:
      "Gmail does not accept direct delivery from this IP (typically a dynamic or consumer address) and wants the mail to come through a proper relay.",
    causes: [
      "Sending straight to Gmail's MX from a home, mobile or dynamic IP.",
      "An IP range listed as not meant for mail servers.",
    ],
    actions: [
      "Send through your ISP's or mail provider's authenticated SMTP relay (smarthost).",
      "If this is a real mail server, get a static IP with proper reverse DNS.",
    ],
    checks: ["ptr", "blocklist"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [198.51.100.23] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead. For more information, go to https://support.google.com/mail/?p=NotAuthorizedError 98e67ed59e1d1-2f2a3b4c5d6si1234.5 - gsmtp",
  },
  {
    id: "google.ip-not-in-allowlist",
    provider: "google",
    match: { text: ["ip not in whitelist for rcpt domain"] },
    reason: "blocked",
    meaning:
      "The recipient's Workspace domain only accepts mail from listed IP addresses, and yours is not one of them.",
    causes: ["The recipient organisation restricts inbound mail to its own gateways or partners."],
    actions: ["Ask the recipient's administrator to add your sending IP, or deliver through the gateway they expect."],
    checks: ["blocklist"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.0 IP not in whitelist for RCPT domain, closing connection. For more information, go to https://support.google.com/a/answer/60752 2adb3069b0e04-5f3a4b5c6d7si1234.5 - gsmtp",
  },
  {
    id: "google.try-again-later-closing",
    provider: "google",
    match: { text: ["try again later, closing connection"] },
    reason: "blocked",
    meaning:
      "Google closed the connection early and asks you to come back later; on the SMTP relay this usually means too many connections at the HELO stage.",
    causes: [
      "Too many simultaneous or rapid connections from your server.",
      "Traffic that looks like a denial-of-service pattern to the relay.",
    ],
    actions: ["Let the MTA retry.", "Reduce parallel connections and reuse connections for several messages."],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example:
      "421-4.7.0 Try again later, closing connection. (EHLO) For more information, go to https://support.google.com/a/answer/3221692 3f1490d57ef6-e4b1c2d3e4si1234.5 - gsmtp",
  },
  {
    id: "google.relay-denied",
    provider: "google",
    match: { text: ["mail relay denied"] },
    reason: "norelaying",
    meaning:
      "Google's SMTP relay refused to relay because neither the connecting IP nor the HELO/MAIL FROM domain matches a domain registered in your Workspace account.",
    causes: [
      "The device's IP is not registered in the Workspace SMTP relay settings.",
      "The HELO name or envelope sender uses a domain that is not in your Workspace account.",
    ],
    actions: [
      "Register the sending IP in the Admin console's SMTP relay service settings.",
      "Make the device present one of your domains in HELO and MAIL FROM, or use SMTP AUTH.",
    ],
    checks: ["credentials", "helo"],
    source: RELAY_ERRORS,
    example:
      "550 5.7.0 Mail relay denied [198.51.100.23]. Invalid credentials for relay for one of the domains in: example.com (as obtained from HELO and MAIL FROM). Email is being sent from a domain or IP address which isn't registered in your Workspace account. Please login to your Workspace account and verify that your sending device IP address has been registered within the Workspace SMTP Relay Settings. https://support.google.com/a/answer/6140680#maildenied a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.invalid-relay-credentials",
    provider: "google",
    match: { text: ["invalid credentials for relay"] },
    reason: "norelaying",
    meaning:
      "The IP registered for Google's SMTP relay does not belong to the domain of the sending account, so the relay refuses the message.",
    causes: [
      "Relaying for a domain not registered in your Workspace account.",
      "An empty envelope sender without SMTP AUTH or a matching HELO domain.",
    ],
    actions: [
      "Configure the server to use SMTP AUTH, or to present one of your domains in HELO/EHLO.",
      "Check the allowed-senders and IP settings of the SMTP relay service.",
    ],
    checks: ["credentials", "helo"],
    source: RELAY_ERRORS,
    example:
      "550-5.7.1 Invalid credentials for relay [198.51.100.23]. The IP address you've registered in your Workspace SMTP Relay service doesn't match the domain of the account this email is being sent from. https://support.google.com/a/answer/6140680#invalidcred 4fb4d7f45d1cf-5f4a5b6c7d8si1234.5 - gsmtp",
  },
  {
    id: "google.mail-sending-denied",
    provider: "google",
    match: { text: ["mail sending denied"] },
    reason: "rejected",
    meaning:
      "Google's relay refuses mail from this sender because the sending account is disabled or not part of your Workspace domain.",
    causes: [
      "The envelope sender is a suspended or deleted Workspace user.",
      "The sender address is not registered in the Workspace account.",
    ],
    actions: [
      "Use an active account of your Workspace domain as sender.",
      "Restore the account, or correct the sender in the device or application.",
    ],
    checks: ["address", "credentials"],
    source: RELAY_ERRORS,
    example:
      "550 5.7.0 Mail Sending denied. This error occurs if the sender account is disabled or not registered within your Google Workspace domain. https://support.google.com/a/answer/6140680#maildenied 41be03b00d2f7-7c1d2e3f4asi1234.5 - gsmtp",
  },
  {
    id: "google.domain-policy-prohibited",
    provider: "google",
    match: {
      text: [
        "has a policy that prohibited the mail",
        "has a policy that prohibits the email",
        "has a policy that prohibits the mail",
        ["you are sending to (or from)", "has a policy"],
      ],
    },
    reason: "policyviolation",
    meaning:
      "A Workspace policy of the sending or receiving domain forbids this message, for example a rule limiting who may send to or receive from outside.",
    causes: [
      "The recipient organisation only accepts mail from approved senders or domains.",
      "Your own Workspace domain restricts where its users may send.",
    ],
    actions: [
      "Ask your own or the recipient's Workspace administrator which delivery restriction applies.",
      "Do not retry unchanged until the policy is adjusted.",
    ],
    checks: ["address"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent. Please contact your domain administrator for further details. For more information, go to https://support.google.com/a/answer/172179 5b1f17b1804b1-4f5a6b7c8d9si1234.5 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Content blocks and RFC 5322 compliance
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.unicode-in-header",
    provider: "google",
    match: { text: ["unicode character in a disallowed header"] },
    reason: "notcompliantrfc",
    meaning: "A header that must be plain ASCII contains a raw Unicode character, which Gmail does not accept.",
    causes: ["Non-ASCII characters written unencoded into headers such as Subject or From."],
    actions: [
      "Encode non-ASCII header text properly (RFC 2047 encoded-words, or SMTPUTF8 where allowed).",
      "Fix the sending library or template that writes raw UTF-8 headers.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 The message contains a unicode character in a disallowed header. To review our message and header content guidelines, go to https://support.google.com/mail/?p=BlockedMessage 2adb3069b0e04-5f4a5b6c7d8si1234.5 - gsmtp",
  },
  {
    id: "google.encoded-word-not-permitted",
    provider: "google",
    match: { text: ["encoded-word syntax is not permitted"] },
    reason: "notcompliantrfc",
    meaning:
      "A header that must not contain RFC 2047 encoded-words (=?charset?...?=) uses them, so Gmail blocked the message.",
    causes: ["Encoding applied to a header where it is not allowed, often by a faulty mail library."],
    actions: [
      "Find the named header and write it without encoded-word syntax.",
      "Update or fix the library that builds the headers.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 Encoded-word syntax is not permitted in message header Message-ID. To reduce the amount of spam sent to Gmail, this message has been blocked. For more information, go to https://support.google.com/mail/?p=RfcMessageNonCompliant 6a1803df08f44-7f2a3b4c5dsi1234.5 - gsmtp",
  },
  {
    id: "google.from-header-invalid",
    provider: "google",
    match: {
      text: [
        "a valid address in the from: header",
        "a valid address in from: header",
        "multiple addresses in the from: header",
        "multiple addresses in from: header",
      ],
    },
    reason: "notcompliantrfc",
    meaning:
      "The From header is missing, lacks a valid address, or lists several addresses, which Gmail refuses under RFC 5322.",
    causes: [
      "An application sets only a display name, or no From header at all.",
      "Several addresses in From without a Sender header.",
    ],
    actions: [
      "Send exactly one From header holding one valid address, e.g. Name <user@example.com>.",
      "Fix the application or template that builds the header.",
    ],
    checks: ["content", "address"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [192.0.2.10] Messages missing a valid address in From: header, or having no From: header, are not accepted. For more information, go to https://support.google.com/mail/?p=RfcMessageNonCompliant and review RFC 5322 specifications. 3f1490d57ef6-e5b1c2d3e4si1234.5 - gsmtp",
  },
  {
    id: "google.message-id-invalid",
    provider: "google",
    match: { text: ["missing a valid message-id", "missing a valid messageid"] },
    reason: "notcompliantrfc",
    meaning: "The message has no Message-ID header or a malformed one, and Gmail requires a valid one.",
    causes: ["A script or device that builds messages without a Message-ID, or with a bad one."],
    actions: [
      "Generate a unique Message-ID of the form <unique@your-domain> for every message.",
      "Prefer a standard mail library over hand-built messages.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [192.0.2.10] Messages missing a valid Message-ID header are not accepted. For more information, go to https://support.google.com/mail/?p=RfcMessageNonCompliant and review RFC 5322 specifications. 41be03b00d2f7-7d1e2f3a4bsi1234.5 - gsmtp",
  },
  {
    id: "google.not-rfc5322-compliant",
    provider: "google",
    match: {
      text: ["not rfc 5322 compliant", "not rfc-5322 compliant", "not rfc5322 compliant", "p=rfcmessagenoncompliant"],
    },
    reason: "notcompliantrfc",
    meaning:
      "The message breaks the Internet Message Format (RFC 5322), for example with duplicate single-use headers, so Gmail blocked it.",
    causes: [
      "Two From, To, Subject, Date or Message-ID headers.",
      "Malformed headers added by a gateway, script or mail-merge tool.",
    ],
    actions: [
      "Inspect the raw message for duplicate or malformed headers and fix the software that adds them.",
      "Resend once the message validates.",
    ],
    checks: ["content"],
    source: SMTP_ERRORS,
    example:
      "550-5.7.1 [192.0.2.10] This message is not RFC 5322 compliant because it has duplicate headers. To reduce the amount of spam sent to Gmail, this message has been blocked. For more information, go to https://support.google.com/mail/?p=RfcMessageNonCompliant and review RFC 5322 specifications. 5b1f17b1804b1-4f6a7b8c9d0si1234.5 - gsmtp",
  },
  {
    id: "google.message-malformed",
    provider: "google",
    match: { text: ["mail message is malformed"] },
    reason: "notcompliantrfc",
    meaning: "Gmail could not accept the message because its format is broken.",
    causes: ["Bad MIME structure, line endings or header syntax produced by the sending software."],
    actions: ["Validate the raw message and fix the generating software.", "Send through a standard mail library."],
    checks: ["content"],
    source: SMTP_ERRORS,
    example: "554 5.6.0 Mail message is malformed. Not accepted. a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.content-security-issue",
    provider: "google",
    match: {
      text: ["content presents a potential security issue", "illegal attachment on your message"],
    },
    reason: "policyviolation",
    meaning:
      "Gmail blocked the message because of what it carries: a file type it never accepts (executables, some archives) or content it judges dangerous such as malware.",
    causes: [
      "An attachment of a blocked type (.exe, .js, .bat ...), also inside an archive.",
      "An encrypted archive containing such files.",
      "An attachment or link detected as malicious.",
    ],
    actions: [
      "Remove the file or share it through a cloud link instead of attaching it.",
      "Scan the files for malware before sending again.",
    ],
    checks: ["content"],
    source: "https://support.google.com/mail/answer/6590",
    example:
      "552-5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.google.com/mail/?p=BlockedMessage to review our message content and attachment content guidelines. 98e67ed59e1d1-2f3a4b5c6d7si1234.5 - gsmtp",
  },
  {
    id: "google.mail-loop",
    provider: "google",
    match: { text: ["message exceeded 50 hops", "p=mailloop"] },
    reason: "networkerror",
    meaning:
      "The message has passed through more than 50 servers, which points to a forwarding loop, so Google stopped it.",
    causes: [
      "Two mailboxes or servers forwarding to each other.",
      "A misrouted domain whose MX or routing sends mail back to where it came from.",
    ],
    actions: [
      "Read the Received headers to find where the loop is.",
      "Fix the forwarding rules or routing that send the message back.",
    ],
    checks: ["mx", "dns"],
    source: SMTP_ERRORS,
    example:
      "554-5.4.6 Message exceeded 50 hops, this may indicate a mail loop. For more information, go to https://support.google.com/mail/?p=MailLoop 2adb3069b0e04-5f5a6b7c8d9si1234.5 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // TLS on the connection
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.tls-required-for-domain",
    provider: "google",
    match: { text: ["tls required for rcpt domain"] },
    reason: "failedstarttls",
    meaning: "The recipient's Workspace domain requires incoming mail over TLS and your connection was not encrypted.",
    causes: ["STARTTLS disabled or failing on the sending server."],
    actions: [
      "Enable STARTTLS for outbound mail and make sure the handshake succeeds.",
      "Check TLS protocol versions and ciphers if the handshake fails.",
    ],
    checks: ["tls"],
    source: "https://support.google.com/mail/answer/6330403",
    example:
      "421-4.7.0 TLS required for RCPT domain, closing connection. For more information, go to https://support.google.com/mail/answer/6330403 6a1803df08f44-7f3a4b5c6dsi1234.5 - gsmtp",
  },
  {
    id: "google.must-issue-starttls",
    provider: "google",
    match: {
      text: ["must issue a starttls command first"],
      providerOnly: true,
    },
    reason: "failedstarttls",
    meaning:
      "Google's submission or relay service needs the client to switch to TLS before sending commands, and the client did not do it properly.",
    causes: ["The client connected to port 587 or the relay without STARTTLS.", "The client issued STARTTLS twice."],
    actions: [
      "Turn on STARTTLS (port 587) or implicit TLS (port 465) in the client.",
      "Update the mail library if it mishandles STARTTLS.",
    ],
    checks: ["tls"],
    source: SMTP_ERRORS,
    example: "530 5.7.0 Must issue a STARTTLS command first. a1si1234567pgb.12 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // SMTP AUTH on smtp.gmail.com (submission by a client or app)
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.application-password-required",
    provider: "google",
    match: {
      text: ["application-specific password required", "p=invalidsecondfactor"],
    },
    reason: "securityerror",
    meaning:
      "The account uses 2-Step Verification, so its normal password cannot be used for SMTP; an app password (or OAuth) is required.",
    causes: ["The mail client or app logs in with the account password while 2-Step Verification is on."],
    actions: [
      "Create an app password for this client, or switch the client to OAuth sign-in.",
      "Update the credentials in the client and try again.",
    ],
    checks: ["credentials"],
    source: "https://support.google.com/accounts/answer/185833",
    example:
      "534-5.7.9 Application-specific password required. For more information, go to https://support.google.com/mail/?p=InvalidSecondFactor d9443c01a7336-2a2b3c4d5esm1234.5 - gsmtp",
  },
  {
    id: "google.web-login-required",
    provider: "google",
    match: {
      text: [
        "please log in with your web browser",
        "please log in through your web browser",
        "please log in via your web browser",
        "p=webloginrequired",
      ],
    },
    reason: "securityerror",
    meaning:
      "Google blocked the SMTP sign-in as suspicious and wants the owner to sign in through a web browser first.",
    causes: [
      "A sign-in from an unfamiliar place or app.",
      "An app using plain password sign-in that Google no longer allows.",
    ],
    actions: [
      "Sign in to the account in a browser and confirm the activity.",
      "Use OAuth or an app password for the client, then retry.",
    ],
    checks: ["credentials"],
    source: SMTP_ERRORS,
    example:
      "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbtL> Please log in via your web browser and then try again. Learn more at https://support.google.com/mail/answer/78754 f9sm284228lji.19 - gsmtp",
  },
  {
    id: "google.bad-credentials",
    provider: "google",
    match: {
      text: ["username and password not accepted", "p=badcredentials"],
    },
    reason: "securityerror",
    meaning: "smtp.gmail.com rejected the user name or password the client sent.",
    causes: ["A wrong or changed password.", "The account password used where an app password is needed."],
    actions: [
      "Check the user name (full address) and password configured in the client.",
      "Use an app password or OAuth if 2-Step Verification is enabled.",
    ],
    checks: ["credentials"],
    source: SMTP_ERRORS,
    example:
      "535-5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials k18-20020a05600c055200b003974a00697esm27282101wmc.38 - gsmtp",
  },
  {
    id: "google.auth-mechanism-unsupported",
    provider: "google",
    match: { text: ["xoauth is no longer supported", "unrecognized authentication type"] },
    reason: "securityerror",
    meaning:
      "The client tried to log in to Google's SMTP service with an authentication mechanism Google no longer accepts (the old XOAUTH, or one it does not know).",
    causes: [
      "An old mail library or device that still offers XOAUTH instead of XOAUTH2.",
      "A client configured for a login method Google switched off.",
    ],
    actions: [
      "Update the client or library to use OAuth 2.0 (XOAUTH2), or PLAIN/LOGIN with an app password where the account allows it.",
      "Send again once the client logs in successfully.",
    ],
    checks: ["credentials"],
    source: "https://developers.google.com/gmail/imap/xoauth2-protocol",
    example:
      "504 5.7.4 XOAUTH is no longer supported. For more information, go to https://developers.google.com/gmail/imap/xoauth2-protocol a1b2c3d4e5f6-7a8b9c0d1e2si3456789.12 - gsmtp",
  },
  {
    id: "google.authentication-required",
    provider: "google",
    match: {
      text: ["authentication required", "p=wantautherror"],
      enhancedCodes: ["5.7.0", "5.5.1"],
      providerOnly: true,
    },
    reason: "securityerror",
    meaning: "Google's submission server requires the client to log in (SMTP AUTH) before sending.",
    causes: ["The client sends without authenticating, or authentication silently failed."],
    actions: [
      "Enable SMTP authentication in the client with the account's credentials.",
      "For devices that cannot authenticate, use the Workspace SMTP relay with IP registration.",
    ],
    checks: ["credentials"],
    source: SMTP_ERRORS,
    example:
      "530-5.7.0 Authentication Required. Learn more at https://support.google.com/mail/?p=WantAuthError k18-20020a05600c055200b003974a00697esm27282101wmc.38 - gsmtp",
  },
  {
    id: "google.too-many-login-attempts",
    provider: "google",
    match: { text: ["too many login attempts"], providerOnly: true },
    reason: "securityerror",
    outcome: "temporary", // a login throttle: it lifts by itself
    meaning: "Google paused sign-ins for this account after too many attempts.",
    causes: ["A client retrying with a wrong password.", "Several devices or apps signing in at the same time."],
    actions: ["Stop the clients, fix the stored credentials, then try again after a while."],
    checks: ["credentials"],
    source: SMTP_ERRORS,
    example:
      "454-4.7.0 Too many login attempts, please try again later. For more information, go to https://support.google.com/mail/answer/7126229 3f1490d57ef6-e6b1c2d3e4sm1234.5 - gsmtp",
  },
  {
    id: "google.no-identity-changes",
    provider: "google",
    match: { text: ["no identity changes permitted", "cannot decode response"], providerOnly: true },
    reason: "securityerror",
    meaning:
      "The client tried to authenticate again on an already authenticated session, or sent an authentication response Google could not decode.",
    causes: ["A second AUTH command on the same connection.", "A malformed AUTH exchange from the client or library."],
    actions: [
      "Authenticate once per connection.",
      "Check the client's AUTH mechanism and encoding, or update the library.",
    ],
    checks: ["credentials"],
    source: SMTP_ERRORS,
    example: "503 5.7.0 No identity changes permitted. a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.cannot-authenticate-temporarily",
    provider: "google",
    match: { text: [["cannot authenticate due to", "temporary system problem"]] },
    reason: "systemerror",
    meaning: "Google could not check the credentials because of a short internal problem.",
    causes: ["A temporary fault on Google's authentication systems."],
    actions: ["Retry later; nothing needs changing on your side if it clears."],
    checks: [],
    source: SMTP_ERRORS,
    example:
      "454-4.7.0 Cannot authenticate due to a temporary system problem. Try again later. For more information, go to https://support.google.com/a/answer/3221692 a1si1234567pgb.12 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // SMTP protocol and syntax
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.invalid-helo",
    provider: "google",
    match: {
      text: ["helo/ehlo argument is invalid", "empty helo/ehlo argument not allowed"],
    },
    reason: "syntaxerror",
    meaning: "The client greeted Google with an empty or invalid HELO/EHLO name, so the session is refused.",
    causes: ["The sending software sends an empty hostname, an IP without brackets or an invalid name in HELO."],
    actions: ["Configure the MTA or application to send its fully qualified host name in HELO/EHLO."],
    checks: ["helo"],
    source: SMTP_ERRORS,
    example:
      "501-5.5.4 HELO/EHLO argument is invalid. For more information, go to https://support.google.com/mail/?p=helo 6a1803df08f44-7f4a5b6c7dsi1234.5 - gsmtp",
  },
  {
    id: "google.pipelining-after-starttls",
    provider: "google",
    match: { text: ["no commands allowed to pipeline after starttls"] },
    reason: "syntaxerror",
    meaning: "The client sent further commands in the same packet as STARTTLS, which RFC 3207 forbids.",
    causes: ["A buggy SMTP client or a proxy that pipelines across STARTTLS."],
    actions: ["Wait for the STARTTLS reply before sending more; update the client."],
    checks: ["tls"],
    source: SMTP_ERRORS,
    example:
      "454 4.5.0 SMTP protocol violation, no commands allowed to pipeline after STARTTLS, see RFC 3207. a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.smtp-protocol-violation",
    provider: "google",
    match: { text: ["smtp protocol violation"], providerOnly: true },
    reason: "syntaxerror",
    meaning: "Google saw the client break the SMTP protocol (wrong command order, bad line endings, bad syntax).",
    causes: ["A hand-written or buggy SMTP client.", "A firewall or antivirus product rewriting the SMTP session."],
    actions: [
      "Capture the SMTP session and compare it with RFC 5321.",
      "Use a standard mail library and check for SMTP-inspecting middleboxes.",
    ],
    checks: [],
    source: SMTP_ERRORS,
    example: "451 4.5.0 SMTP protocol violation, see RFC 2821. a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.command-sequence",
    provider: "google",
    match: {
      text: [
        "bad sequence of commands",
        "no data after bdat",
        "ehlo/helo first",
        "too many unrecognized commands",
        "too many unauthenticated commands",
        "unrecognized command",
        "unimplemented command",
        "starttls may not be repeated",
        "optional argument not permitted",
        "syntax error",
      ],
      providerOnly: true,
    },
    reason: "syntaxerror",
    meaning: "The client sent an SMTP command Google does not understand, with bad arguments, or out of order.",
    causes: [
      "A buggy or outdated SMTP client or library.",
      "An authentication mechanism Google no longer offers (such as XOAUTH).",
    ],
    actions: [
      "Check the SMTP log for the command Google objected to and fix the client.",
      "Use a supported AUTH mechanism (PLAIN, LOGIN, XOAUTH2) over TLS.",
    ],
    checks: [],
    source: SMTP_ERRORS,
    example:
      "503 5.5.1 Bad sequence of commands. For more information, go to https://support.google.com/mail/?p=helo a1si1234567pgb.12 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Temporary problems on Google's side
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.temporary-system-problem",
    provider: "google",
    match: { text: ["temporary system problem"], providerOnly: true },
    reason: "systemerror",
    meaning: "A short internal problem at Google prevented delivery; Google asks you to try again later.",
    causes: ["A transient fault or maintenance at Google."],
    actions: ["Let the MTA retry; investigate only if it lasts for hours."],
    checks: [],
    source: SMTP_ERRORS,
    example: "421-4.3.0 Temporary System Problem. Try again later (10). a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.server-busy",
    provider: "google",
    match: { text: ["server busy, try again later"], providerOnly: true },
    reason: "systemerror",
    meaning: "The Google server was too busy to take the message at that moment.",
    causes: ["Load on Google's side, or many parallel connections from your server."],
    actions: ["Let the MTA retry; reduce parallel connections if it happens often."],
    checks: ["volume"],
    source: SMTP_ERRORS,
    example: "421 4.4.5 Server busy, try again later. a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.temporarily-rejected",
    provider: "google",
    match: {
      text: ["mail server temporarily rejected message", "has temporarily rejected this message"],
    },
    reason: "systemerror",
    meaning: "Google's server refused the message for now without giving a permanent reason.",
    causes: ["A transient condition on Google's side or a short-lived check on the message."],
    actions: ["Let the MTA retry.", "If later attempts fail with another code, follow that code's advice."],
    checks: [],
    source: SMTP_ERRORS,
    example:
      "451-4.3.0 Mail server temporarily rejected message. For more information, go to https://support.google.com/a/answer/3221692 2adb3069b0e04-5f6a7b8c9d0si1234.5 - gsmtp",
  },
  {
    id: "google.multiple-destination-domains",
    provider: "google",
    match: { text: ["multiple destination domains per transaction"] },
    reason: "systemerror",
    meaning:
      "One SMTP transaction named recipients in several domains, which Google does not support on that path; it asks to retry them separately.",
    causes: ["A client or relay that batches recipients of different domains in one transaction."],
    actions: ["Let the MTA retry, or send one transaction per recipient domain."],
    checks: [],
    source: SMTP_ERRORS,
    example:
      "451-4.3.0 Multiple destination domains per transaction is unsupported. Please try again. For more information, go to https://support.google.com/a/answer/3221692 a1si1234567pgb.12 - gsmtp",
  },
  {
    id: "google.connection-timeout",
    provider: "google",
    match: {
      text: ["timeout - closing connection", "connection expired, try reconnecting"],
      providerOnly: true,
    },
    reason: "expired",
    meaning: "Google closed a connection that was idle or too slow, or that had been open too long.",
    causes: [
      "The client paused too long between commands (for example while scanning a large message).",
      "A slow or unstable network path.",
    ],
    actions: [
      "Let the MTA retry on a new connection.",
      "If it keeps happening, check network throughput and the client's command timing.",
    ],
    checks: [],
    source: SMTP_ERRORS,
    example: "451 4.4.2 Timeout - closing connection. a1si1234567pgb.12 - gsmtp",
  },

  // ---------------------------------------------------------------------------------------------
  // Bulk-sender codes when the text is missing or cut (for example when a client logs only the
  // last line of a multi-line reply). Google-specific meanings, hence providerOnly.
  // ---------------------------------------------------------------------------------------------
  {
    id: "google.code-ptr",
    provider: "google",
    match: { enhancedCodes: ["4.7.23", "4.7.25", "5.7.25"], providerOnly: true },
    reason: "requireptr",
    meaning:
      "Google's code for a sending IP without valid reverse DNS (missing PTR, or PTR name not resolving back to the IP).",
    causes: ["The sending IP has no forward-confirmed reverse DNS."],
    actions: [
      "Set a PTR record for the sending IP and a matching A/AAAA record.",
      "Or relay through a provider whose IPs are set up.",
    ],
    checks: ["ptr", "dns"],
    source: SENDER_FAQ,
    example:
      "550 5.7.25 https://support.google.com/mail/answer/81126#ip-practices for more information. 4fb4d7f45d1cf-5f7a8b9c0d1si1234.5 - gsmtp",
  },
  {
    id: "google.code-spf",
    provider: "google",
    match: { enhancedCodes: ["4.7.24", "5.7.24", "4.7.27", "5.7.27"], providerOnly: true },
    reason: "authfailure",
    meaning:
      "Google's code for SPF problems: SPF did not pass (X.7.27) or the SPF record has suspicious entries (X.7.24).",
    causes: [
      "The sending server is not authorised by the envelope domain's SPF record.",
      "An over-broad or abused SPF record.",
    ],
    actions: [
      "Fix the SPF record of the MAIL FROM domain so it lists exactly your senders.",
      "Retest for spf=pass before resending.",
    ],
    checks: ["spf", "dns"],
    source: SENDER_FAQ,
    example: "421 4.7.27 review our Bulk Email Senders Guidelines. 5b1f17b1804b1-4f7a8b9c0d1si1234.5 - gsmtp",
  },
  {
    id: "google.code-unauthenticated",
    provider: "google",
    match: { enhancedCodes: ["4.7.26", "5.7.26"], providerOnly: true },
    reason: "authfailure",
    meaning: "Google's code for mail that passed neither SPF nor DKIM, or failed the From domain's DMARC policy.",
    causes: ["Missing or failing SPF and DKIM, or no aligned pass for DMARC."],
    actions: [
      "Authenticate the domain with SPF and DKIM and align them with the From domain.",
      "Retest with a message to a Gmail address.",
    ],
    checks: ["spf", "dkim", "dmarc", "alignment"],
    source: SMTP_ERRORS,
    example: "550 5.7.26 information. u16si2087533wru.356 - gsmtp",
  },
  {
    id: "google.code-unusual-rate",
    provider: "google",
    match: { enhancedCodes: ["4.7.28", "5.7.28"], providerOnly: true },
    reason: "blocked",
    meaning:
      "Google's code for mail limited or blocked because of an unusual rate of unwanted mail from your IP, netblock, SPF/DKIM domain or link domains.",
    causes: ["Spam complaints, spam-trap hits or a sudden rise in volume."],
    actions: [
      "Slow down and let deferred mail retry; check Postmaster Tools.",
      "Send only to engaged recipients and ramp up gradually.",
    ],
    category: "reputation",
    checks: ["volume", "content"],
    source: SMTP_ERRORS,
    example: "421 4.7.28 review our Bulk Email Senders Guidelines. z1si9679476pln.401 - gsmtp",
  },
  {
    id: "google.code-tls",
    provider: "google",
    match: { enhancedCodes: ["4.7.29", "5.7.29"], providerOnly: true },
    reason: "failedstarttls",
    meaning: "Google's code for mail from a bulk sender that did not arrive over TLS.",
    causes: ["STARTTLS disabled or failing on the sending server."],
    actions: ["Enable STARTTLS for outbound mail and verify the handshake succeeds."],
    checks: ["tls"],
    source: SENDER_FAQ,
    example: "421 4.7.29 https://support.google.com/a?p=sender-guidelines. 6a1803df08f44-7f5a6b7c8dsi1234.5 - gsmtp",
  },
  {
    id: "google.code-dkim",
    provider: "google",
    match: { enhancedCodes: ["4.7.30", "5.7.30"], providerOnly: true },
    reason: "authfailure",
    meaning: "Google's code for mail from a bulk sender without a passing DKIM signature.",
    causes: ["DKIM signing off, key missing from DNS, or message changed after signing."],
    actions: ["Enable DKIM signing for the domain and verify dkim=pass."],
    checks: ["dkim", "dns"],
    source: SENDER_FAQ,
    example: "550 5.7.30 https://support.google.com/a/answer/174124 3f1490d57ef6-e7b1c2d3e4si1234.5 - gsmtp",
  },
  {
    id: "google.code-dmarc",
    provider: "google",
    match: {
      enhancedCodes: ["4.7.31", "4.7.32", "5.7.32", "4.7.40", "5.7.40"],
      providerOnly: true,
    },
    reason: "authfailure",
    meaning:
      "Google's code for DMARC requirements: no DMARC record (4.7.31, X.7.40) or a From domain not aligned with SPF or DKIM (X.7.32).",
    causes: [
      "No DMARC record on the sending domain.",
      "SPF and DKIM pass only for a service's domain, not the From domain.",
    ],
    actions: ["Publish a DMARC record (p=none at least).", "Align DKIM (d=) or the Return-Path with the From domain."],
    checks: ["dmarc", "alignment"],
    source: SENDER_FAQ,
    example:
      "421 4.7.32 https://support.google.com/a?p=sender-guidelines. a640c23a62f3a-ab67626ed70si756442266b.465 - gsmtp",
  },
]);
