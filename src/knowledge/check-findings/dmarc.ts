// DMARC findings of `bouncewise check DOMAIN` (issue 5): one entry per kind of problem the DMARC check reports.
// Texts are ours; {placeholders} are filled by findingOf() in src/core/auth/dmarc.ts.
// Sources: RFC 7489 (DMARC, 2015) and RFC 9989 (DMARCbis, which obsoletes RFC 7489 and RFC 9091); the bulk-sender
// rules of Gmail (https://support.google.com/a/answer/81126), Yahoo (https://senders.yahooinc.com/best-practices/)
// and Outlook.com (high-volume sender requirements, enforced from 5 May 2025).
import { defineFindingRules } from "../../core/auth/types.js";

const GOOGLE = "https://support.google.com/a/answer/81126";
const YAHOO = "https://senders.yahooinc.com/best-practices/";
const OUTLOOK =
  "https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730";

export const DMARC_FINDINGS = defineFindingRules([
  {
    id: "dmarc.invalid-domain",
    check: "dmarc",
    severity: "critical",
    message: '"{domain}" is not a domain name that can be checked ({detail}).',
    why: "DMARC records live in the DNS under _dmarc.<domain>; without a valid domain name there is nothing to look up.",
    fix: "Give the domain part of your From: address, e.g. example.com.",
    source: "RFC 7489 section 6.1",
  },
  {
    id: "dmarc.missing",
    check: "dmarc",
    severity: "critical",
    message: "No DMARC record applies to {domain} (looked up {looked}).",
    why:
      "Since February 2024 Gmail (for senders of 5,000+ messages a day to Gmail accounts) and Yahoo (for bulk senders) " +
      "require a DMARC record, p=none being enough; since May 2025 Outlook.com requires one from senders of 5,000+ " +
      "messages a day and sends non-compliant mail to Junk or rejects it (550 5.7.515). Without a record you also get " +
      "no reports about who sends as your domain.",
    fix: "Publish a TXT record at _dmarc.{domain}: {suggested}",
    source: `RFC 7489 section 6.1; ${GOOGLE}; ${YAHOO}; ${OUTLOOK}`,
  },
  {
    id: "dmarc.multiple-records",
    check: "dmarc",
    severity: "critical",
    message: "_dmarc.{recordDomain} holds {count} records starting with v=DMARC1; receivers discard all of them.",
    why:
      "When more than one DMARC record answers, receivers act as if there were none, so the domain fails the Gmail, Yahoo " +
      "and Outlook.com bulk-sender requirement for a DMARC record.",
    fix: "Delete all but one TXT record at _dmarc.{recordDomain}; merge what you need into it.",
    source: "RFC 7489 section 6.6.3; RFC 9989 'DNS Tree Walk' (section 4.10)",
  },
  {
    id: "dmarc.not-dmarc",
    check: "dmarc",
    severity: "critical",
    message:
      'The TXT record at _dmarc.{recordDomain} does not begin with "v=DMARC1" (it begins "{start}"), so it is ignored.',
    why:
      "The version tag must come first and read exactly DMARC1 (upper case); otherwise receivers skip the record, and " +
      "Gmail, Yahoo and Outlook.com see no DMARC record at all.",
    fix: "Rewrite the record so that it starts with v=DMARC1; e.g. {suggested}",
    source: "RFC 7489 section 6.4; RFC 9989 'General Record Format'",
  },
  {
    id: "dmarc.lookup-failed",
    check: "dmarc",
    severity: "warning",
    message: "The DNS lookup of {name} failed ({code}); the DMARC check could not finish.",
    why:
      "Receivers whose lookups fail the same way may defer your mail with a temporary error or handle it as if you had no " +
      "DMARC policy. It can also be a problem on the network this check ran from.",
    fix: "Check that the authoritative name servers of {name} answer TXT queries (dig TXT {name}), then run the check again.",
    source: "RFC 9989 'DMARC Policy Discovery' (DNS errors are left to the receiver)",
  },
  {
    id: "dmarc.syntax",
    check: "dmarc",
    severity: "warning",
    message: 'Malformed part at offset {position}: "{part}" ({detail}).',
    why: "Receivers skip parts they cannot read and fall back to defaults, so the record may not say what you meant.",
    fix: "Write every part as tag=value, separated by semicolons: v=DMARC1; p=none; rua=mailto:reports@example.com",
    source: "RFC 7489 section 6.4; RFC 9989 'Formal Definition'",
  },
  {
    id: "dmarc.duplicate-tag",
    check: "dmarc",
    severity: "warning",
    message: 'The tag "{tag}" appears more than once; only the first value ("{value}") is used here.',
    why: "Receivers disagree on repeated tags: some take the first, some the last, some reject the whole record.",
    fix: 'Keep a single "{tag}" tag in the record.',
    source: "RFC 7489 section 6.4",
  },
  {
    id: "dmarc.unknown-tag",
    check: "dmarc",
    severity: "info",
    message: 'The tag "{tag}" is not a DMARC tag; receivers ignore it.',
    why: "Unknown tags do no harm, but a misspelt known tag (e.g. rua written as rau) silently loses its effect.",
    fix: 'Remove "{tag}", or correct its spelling if you meant a DMARC tag.',
    source: "RFC 7489 section 6.3; RFC 9989 'General Record Format'",
  },
  {
    id: "dmarc.invalid-policy",
    check: "dmarc",
    severity: "critical",
    message: '{tag}="{value}" is not a policy (none, quarantine or reject); {effect}',
    why:
      "A record with an unreadable p, sp or np counts as p=none at best (when it has a valid rua) and otherwise is not " +
      "applied at all, so spoofed mail is not blocked and the bulk-sender checks may not see a usable policy.",
    fix: "Set {tag}=none, {tag}=quarantine or {tag}=reject.",
    source: "RFC 7489 section 6.6.3; RFC 9989 'DMARC Policy Discovery'",
  },
  {
    id: "dmarc.missing-policy",
    check: "dmarc",
    severity: "critical",
    message: "The record has no p tag.",
    why:
      "RFC 7489 receivers skip a record without a valid p unless it names a report address; DMARCbis receivers read it " +
      "as p=none. Gmail, Yahoo and Outlook.com expect an explicit policy, p=none at least.",
    fix: "Add p=none right after v=DMARC1: {suggested}",
    source: `RFC 7489 section 6.3; RFC 9989 'General Record Format'; ${GOOGLE}`,
  },
  {
    id: "dmarc.invalid-value",
    check: "dmarc",
    severity: "warning",
    message: '{tag}="{value}" is not valid ({expected}); receivers use the default, {default}.',
    why: "A value receivers cannot read is replaced by the default, which may not be what you intended.",
    fix: "Use a valid value for {tag} ({expected}) or remove the tag.",
    source: "RFC 7489 section 6.3; RFC 9989 'General Record Format'",
  },
  {
    id: "dmarc.invalid-uri",
    check: "dmarc",
    severity: "warning",
    message: '{tag} address "{uri}" is unusable: {detail}.',
    why: "Receivers send reports only to mailto: addresses they can parse; an unusable address means lost reports.",
    fix: "Write it as mailto:user@example.com (optionally with a size limit, mailto:user@example.com!10m).",
    source: "RFC 7489 sections 6.2 and 6.4; RFC 9989 'DMARC URIs'",
  },
  {
    id: "dmarc.policy-none",
    check: "dmarc",
    severity: "warning",
    message:
      "p=none on {recordDomain}: monitoring only; move to quarantine/reject once aggregate reports show your sources aligned.",
    why:
      "p=none satisfies the Gmail, Yahoo and Outlook.com bulk-sender minimum, but it asks receivers to do nothing with " +
      "mail that fails DMARC, so anyone can send as your domain, and mailbox providers give more trust to enforced domains " +
      "(BIMI logos, for one, require quarantine or reject).",
    fix:
      "When aggregate reports show all your legitimate sources passing with alignment, change p=none to p=quarantine " +
      "(then p=reject) in the record at _dmarc.{recordDomain}.",
    source: `RFC 9989 'Decide If and When to Update DMARC Policy'; ${GOOGLE}`,
  },
  {
    id: "dmarc.no-rua",
    check: "dmarc",
    severity: "warning",
    message: "The record has no rua tag: you get no aggregate reports.",
    why:
      "Without aggregate reports you cannot see which servers send as your domain or whether they pass SPF and DKIM with " +
      "alignment, so you cannot safely move to quarantine or reject.",
    fix: "Add an aggregate report address: {suggested}",
    source: "RFC 7489 section 6.3 (rua); RFC 9989 'Setup a Mailbox to Receive Aggregate Reports'",
  },
  {
    id: "dmarc.pct-partial",
    check: "dmarc",
    severity: "warning",
    message: "pct={pct}: the {policy} policy is requested for only {pct}% of failing mail.",
    why:
      "Under RFC 7489 the rest of the failing mail is handled one step more leniently. DMARCbis dropped pct altogether " +
      "(receivers following it apply the full policy, or nothing when t=y), so pct gives uneven results across receivers.",
    fix: "Remove pct (or set pct=100); to trial a policy use t=y (DMARCbis) while watching aggregate reports.",
    source: "RFC 7489 section 6.3 (pct); RFC 9989 'Changes from RFC 7489' (pct replaced by t)",
  },
  {
    id: "dmarc.obsolete-tag",
    check: "dmarc",
    severity: "info",
    message: 'The tag "{tag}" was removed by DMARCbis (RFC 9989); newer receivers ignore it.',
    why: "It does no harm, but it no longer changes anything at receivers that follow RFC 9989.",
    fix: 'Remove "{tag}" from the record.',
    source: "RFC 9989 'Changes from RFC 7489'",
  },
  {
    id: "dmarc.external-unauthorised",
    check: "dmarc",
    severity: "warning",
    message:
      "Reports to {address} will be dropped: {host} has not authorised reports for {recordDomain} (no v=DMARC1 TXT record at {authName}).",
    why:
      "When reports go to a different organisation, receivers first check that the destination agreed to take them; " +
      "without that record they send nothing there.",
    fix:
      'Ask the operator of {host} (your report processor) to publish TXT "v=DMARC1;" at {authName} ' +
      "(or *._report._dmarc.{host} for all customers), or send reports to an address in your own domain.",
    source: "RFC 7489 section 7.1",
  },
  {
    id: "dmarc.external-unverified",
    check: "dmarc",
    severity: "info",
    message:
      "Could not verify that {host} accepts reports for {recordDomain}: the lookup of {authName} failed ({code}).",
    why: "If the authorisation record is missing, receivers will not send reports to {address}.",
    fix: "Check that {authName} answers a TXT query with a record starting v=DMARC1.",
    source: "RFC 7489 section 7.1",
  },
  {
    id: "dmarc.subdomain-weaker",
    check: "dmarc",
    severity: "info",
    message: "sp={sp} is weaker than p={p}: subdomains of {recordDomain} get less protection than the domain itself.",
    why: "Spoofers can use any subdomain (e.g. billing.{recordDomain}) to get past the stronger policy of the main domain.",
    fix: "Once your subdomains' mail passes with alignment, set sp={p} or remove sp so p applies to them.",
    source: "RFC 7489 section 6.3 (sp); RFC 9989 'General Record Format'",
  },
  {
    id: "dmarc.np-weaker",
    check: "dmarc",
    severity: "info",
    message:
      "np={np} is weaker than p={p}: mail from subdomains of {recordDomain} that do not exist gets less protection.",
    why: "Names that do not exist never send legitimate mail, so there is no reason to be lenient with them.",
    fix: "Set np=reject.",
    source: "RFC 9989 'General Record Format' (np); RFC 9091",
  },
  {
    id: "dmarc.strict-alignment",
    check: "dmarc",
    severity: "info",
    message: "Strict alignment ({tags}): only an exact domain match counts, not a subdomain of {recordDomain}.",
    why:
      "Mail signed or bounced through a subdomain (e.g. DKIM d=mail.{recordDomain}, or a Return-Path at " +
      "bounce.{recordDomain} used by an email service) fails DMARC under strict alignment.",
    fix: "Make sure every source signs with d={recordDomain} exactly, or remove adkim=s / aspf=s for relaxed alignment.",
    source: "RFC 7489 section 3.1; RFC 9989 'Identifier Alignment Explained'",
  },
  {
    id: "dmarc.testing",
    check: "dmarc",
    severity: "info",
    message: "t=y: the policy is published in test mode; DMARCbis receivers do not apply it.",
    why: "Test mode suits a trial; left in place it keeps the policy from protecting the domain.",
    fix: "Remove t=y (or set t=n) once aggregate reports show your mail passing.",
    source: "RFC 9989 'General Record Format' (t)",
  },
  {
    id: "dmarc.fo-without-ruf",
    check: "dmarc",
    severity: "info",
    message: "fo={fo} is set but there is no ruf address, so it has no effect.",
    why: "Failure-report options only matter when failure reports are requested with ruf.",
    fix: "Remove fo, or add ruf=mailto:<address> if you want failure reports (few receivers send them).",
    source: "RFC 7489 section 6.3 (fo); RFC 9989 'General Record Format'",
  },
  {
    id: "dmarc.inherited",
    check: "dmarc",
    severity: "info",
    message:
      "No record at _dmarc.{domain}; the record of {recordDomain} applies, and for {domain} its {policyTag} gives {policy}.",
    why:
      "Receivers fall back to the organisational domain's record; for a subdomain they use its sp policy, and np for " +
      "names that do not exist.",
    fix: null,
    source: "RFC 7489 section 6.6.3; RFC 9989 'DMARC Policy Discovery'",
  },
  {
    id: "dmarc.org-method-differs",
    check: "dmarc",
    severity: "info",
    message:
      "The organisational domain of {domain} is {treeWalk} by the DMARCbis DNS tree walk but {psl} by the public suffix list.",
    why:
      "Receivers still on RFC 7489 (public suffix list) and those on RFC 9989 (tree walk) then look up different records " +
      "and align against different domains.",
    fix: "Publish the record you want at both _dmarc.{treeWalk} and _dmarc.{psl}, or use psd=n / psd=y to mark the boundary.",
    source: "RFC 7489 section 3.2; RFC 9989 'DNS Tree Walk' (section 4.10)",
  },
  {
    id: "dmarc.large-record",
    check: "dmarc",
    severity: "warning",
    message: "The DMARC record is {length} characters long.",
    why:
      "An answer this size no longer fits a plain UDP DNS response; some receivers' resolvers fail to fetch it over TCP and " +
      "then see no DMARC policy.",
    fix: "Shorten the record to what you need: v, p, sp/np, rua and perhaps ruf, adkim, aspf.",
    source: "RFC 7489 section 6.1; RFC 1035 section 4.2.1",
  },
]);

export type DmarcFindingId = (typeof DMARC_FINDINGS)[number]["id"];
