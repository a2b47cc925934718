// Findings of `bouncewise check-message FILE` (issue 5): what our own SPF, DKIM and DMARC verification of one message
// found wrong, in plain words, with the fix. Texts are ours; {placeholders} are filled by src/cli/message-check.ts.
// Sources: RFC 7208 (SPF), RFC 6376 (DKIM), RFC 7489 (DMARC) and RFC 9989 (DMARCbis), RFC 8617 (ARC), and the
// bulk-sender rules of Gmail (https://support.google.com/a/answer/81126) and Yahoo
// (https://senders.yahooinc.com/best-practices/).
import { defineFindingRules } from "../../core/auth/types.js";

const GOOGLE = "https://support.google.com/a/answer/81126";
const YAHOO = "https://senders.yahooinc.com/best-practices/";

export const MESSAGE_FINDINGS = defineFindingRules([
  // --- DKIM ---------------------------------------------------------------------------------------------------
  {
    id: "message.dkim-missing",
    check: "dkim",
    severity: "critical",
    message: "The message carries no DKIM signature.",
    why:
      "Without a signature the message can pass DMARC only through SPF, which breaks as soon as it is forwarded. Gmail " +
      "and Yahoo require every bulk message to be DKIM-signed, and unsigned mail is more likely to land in spam.",
    fix:
      "Turn on DKIM signing where the message leaves your systems (your MTA, Google Workspace, Microsoft 365 or your " +
      "ESP) with a key of 2048 bits under your own domain {fromDomain}, and publish its public key at " +
      "<selector>._domainkey.{fromDomain}.",
    source: `RFC 6376 section 3.5; ${GOOGLE}; ${YAHOO}`,
  },
  {
    id: "message.dkim-body-changed",
    check: "dkim",
    severity: "critical",
    message:
      "The DKIM signature of {domain} (selector {selector}) fails: the body was changed after signing (its hash no " +
      "longer matches the bh= value).",
    why:
      "Something between the signer and the receiver rewrote the body: a footer or disclaimer added by a mailing list " +
      "or a security gateway, a re-encoding (quoted-printable, line wrapping), or a link rewriter. The signature is " +
      "then worthless and DMARC can pass only through SPF.",
    fix:
      "Sign after the last step that edits the body: add footers and disclaimers before DKIM signing (or sign again at " +
      "the gateway), and do not let relays re-encode signed mail. Mailing lists should re-sign with their own domain " +
      "and rewrite From, or keep the body unchanged.",
    source: "RFC 6376 sections 3.7 and 6.1.3",
  },
  {
    id: "message.dkim-bad-signature",
    check: "dkim",
    severity: "critical",
    message:
      "The DKIM signature of {domain} (selector {selector}) does not verify: the signed header fields were changed " +
      "or the signature was made with a different key than the one published.",
    why:
      "A Subject tag added by a gateway, a rewritten From or To, or a key rotated in DNS before the signer switched " +
      "all break the signature, and a broken signature counts as none for DMARC.",
    fix:
      "Check that the private key the signer uses matches the public key at {selector}._domainkey.{domain}, and that " +
      "nothing rewrites signed header fields (Subject, From, To, Date) after signing.",
    source: "RFC 6376 section 6.1.3",
  },
  {
    id: "message.dkim-no-key",
    check: "dkim",
    severity: "critical",
    message:
      "The DKIM signature of {domain} cannot be checked: there is no usable public key at " +
      "{selector}._domainkey.{domain} ({detail}).",
    why: "Receivers fetch the key from DNS; with none (or a broken or revoked one) the signature fails.",
    fix:
      "Publish the public key your signer gives you as a TXT record at {selector}._domainkey.{domain} " +
      "(v=DKIM1; k=rsa; p=...), or make the signer use a selector that is published.",
    source: "RFC 6376 sections 3.6.1 and 6.1.2",
  },
  {
    id: "message.dkim-dns-error",
    check: "dkim",
    severity: "warning",
    message: "The DKIM key of {domain} (selector {selector}) could not be looked up ({detail}).",
    why: "A DNS failure is a temporary error: receivers may defer the message or treat it as unauthenticated.",
    fix: "Check that the name servers of {domain} answer for {selector}._domainkey.{domain}, then check again.",
    source: "RFC 6376 section 6.1.2",
  },
  {
    id: "message.dkim-failed",
    check: "dkim",
    severity: "critical",
    message: "The DKIM signature of {domain} (selector {selector}) did not verify: {detail}.",
    why: "A signature that does not verify counts as no signature for DMARC.",
    fix: "Fix the signing setup for {domain} (key, selector, expiry) and send a new test message.",
    source: "RFC 6376 section 6.1",
  },
  {
    id: "message.dkim-not-aligned",
    check: "dkim",
    severity: "warning",
    message:
      "DKIM signs with {domain}, not with your From domain {fromDomain}: the signature passes but is not aligned " +
      "({mode} alignment), so it does not count for DMARC.",
    why:
      "This is what an email service provider (ESP) does by default when it signs with its own domain. Gmail and Yahoo " +
      "want bulk mail to pass DMARC, and without an aligned signature DMARC rests on SPF alone, which forwarding breaks.",
    fix:
      "Set up a custom DKIM domain (domain authentication) at the service that sends for {fromDomain}: it gives you " +
      "CNAME or TXT records to publish under {fromDomain}, after which it signs with d={fromDomain}.",
    source: `RFC 7489 section 3.1.1; ${GOOGLE}; ${YAHOO}`,
  },
  // --- SPF ----------------------------------------------------------------------------------------------------
  {
    id: "message.spf-no-ip",
    check: "spf",
    severity: "info",
    message: "No connecting IP address was found in the Received fields, so SPF was not evaluated.",
    why: "SPF checks the IP that handed the message to the receiver; a saved message needs its Received fields for it.",
    fix: "Give the sending server's address with --ip (and --mail-from if the Return-Path is missing).",
    source: "RFC 7208 section 4.1",
  },
  {
    id: "message.spf-fail",
    check: "spf",
    severity: "critical",
    message: "SPF {result}: {domain} does not list {ip} as allowed to send its mail.",
    why:
      "Receivers treat an SPF failure as a sign of forgery: with p=reject or p=quarantine and no aligned DKIM the " +
      "message is rejected or sent to spam, and Gmail rejects unauthenticated mail outright (550 5.7.26).",
    fix:
      "Add the sending service to the SPF record of {domain} (its include: or ip4:/ip6: mechanism), or send through " +
      "a server that is already listed.",
    source: `RFC 7208 sections 2.6.4 and 2.6.5; ${GOOGLE}`,
  },
  {
    id: "message.spf-neutral",
    check: "spf",
    severity: "warning",
    message: "SPF {result} for {ip} at {domain}: the record neither allows nor forbids this address.",
    why: "A neutral or absent SPF result gives DMARC nothing to align with; only DKIM can then make the message pass.",
    fix: "Publish an SPF record for {domain} that lists every service sending with this MAIL FROM and ends with -all or ~all.",
    source: "RFC 7208 sections 2.6.2 and 2.6.3",
  },
  {
    id: "message.spf-error",
    check: "spf",
    severity: "critical",
    message: "SPF {result} at {domain}: {detail}.",
    why:
      "A permanent error (a syntax error, more than 10 DNS lookups, two records) counts as a failure at most " +
      "receivers; a temporary error makes them defer the message.",
    fix: "Run `bouncewise check {domain}` to see what is wrong in the SPF record and fix it.",
    source: "RFC 7208 sections 2.6.6, 2.6.7 and 4.6.4",
  },
  {
    id: "message.spf-not-aligned",
    check: "spf",
    severity: "warning",
    message:
      "SPF passes for {domain} (the Return-Path, often an ESP's bounce domain), which is not aligned with your From " +
      "domain {fromDomain} ({mode} alignment), so SPF does not count for DMARC.",
    why:
      "DMARC counts SPF only when the MAIL FROM domain matches the From domain; with an ESP's bounce domain, DMARC " +
      "rests on DKIM alone.",
    fix:
      "Set up a custom Return-Path (bounce or MAIL FROM domain) at the ESP, a subdomain such as bounce.{fromDomain} " +
      "pointed at the ESP with the CNAME or MX and SPF records it gives you; or make sure DKIM is aligned.",
    source: "RFC 7489 section 3.1.2",
  },
  // --- DMARC --------------------------------------------------------------------------------------------------
  {
    id: "message.dmarc-fail",
    check: "dmarc",
    severity: "critical",
    message:
      "DMARC fails for {fromDomain}: neither SPF nor DKIM passed with a domain aligned with the From domain " +
      "(policy {policy}).",
    why:
      "Receivers apply the domain's policy: with p=reject the message is refused (Gmail: 550 5.7.26, Yahoo: 554 5.7.9), " +
      "with p=quarantine it goes to spam; with p=none it is delivered but counts against you at Gmail and Yahoo.",
    fix:
      "Make at least one of them aligned: DKIM-sign with d={fromDomain} (or a subdomain of it), or send with a " +
      "Return-Path under {fromDomain} whose SPF record lists the sending IP.",
    source: `RFC 7489 sections 4.2 and 6.6.2; ${GOOGLE}; ${YAHOO}`,
  },
  {
    id: "message.dmarc-missing",
    check: "dmarc",
    severity: "critical",
    message: "{fromDomain} publishes no DMARC record, so DMARC gives no result for this message.",
    why:
      "Gmail and Yahoo require a DMARC record (p=none is enough) from bulk senders, and Outlook.com from high-volume " +
      "senders since May 2025; without one you also get no reports on who sends as your domain.",
    fix: "Publish a TXT record at _dmarc.{fromDomain}, starting with v=DMARC1; p=none; rua=mailto:<your address>.",
    source: `RFC 7489 section 6.1; ${GOOGLE}; ${YAHOO}`,
  },
  {
    id: "message.dmarc-error",
    check: "dmarc",
    severity: "warning",
    message: "The DMARC record of {fromDomain} could not be read ({detail}).",
    why: "Receivers that cannot read the record may defer the message or treat the domain as having no policy.",
    fix: "Run `bouncewise check {fromDomain}` and fix what it reports about _dmarc.{fromDomain}.",
    source: "RFC 7489 section 6.6.3",
  },
  {
    id: "message.from-not-single",
    check: "dmarc",
    severity: "critical",
    message: "The message does not have exactly one From address ({count} found), so DMARC cannot be applied.",
    why:
      "DMARC protects the one From domain a reader sees; many receivers reject messages with none or several (Gmail " +
      "rejects them as not RFC 5322 compliant).",
    fix: "Send with exactly one address in a single From field.",
    source: "RFC 7489 section 6.6.1; RFC 5322 section 3.6",
  },
  {
    id: "message.receiver-failed",
    check: "dmarc",
    severity: "warning",
    message: "{receiver} recorded {method}={result} for this message{detail}.",
    why:
      "This is what that receiver saw when the message arrived; it may differ from a check now (a key rotated, a " +
      "forwarder in between, a body changed on the way).",
    fix: null,
    source: "RFC 8601 section 2.7",
  },
  {
    id: "message.arc-failed",
    check: "dmarc",
    severity: "info",
    message: "The ARC chain of this message does not verify ({detail}).",
    why:
      "Forwarders and lists add ARC seals so receivers can trust the results recorded before they changed the message; " +
      "a broken chain means those earlier results cannot be relied on.",
    fix: null,
    source: "RFC 8617 section 5.2",
  },
]);

export type MessageFindingId = (typeof MESSAGE_FINDINGS)[number]["id"];
