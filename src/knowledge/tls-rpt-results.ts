// What each SMTP TLS reporting result type means and what the receiving domain can do about it. A TLS report
// (RFC 8460) counts the sessions a sender could not secure towards your MX hosts, each with a `result-type` from the
// list of RFC 8460 section 4.3 (the IANA "STARTTLS Validation Result Types" registry); src/core/dmarc/tls-report.ts
// looks each one up here to explain a summary. Texts are written for this project; facts come from the `source`.

/** The three families of RFC 8460 section 4.3: the TLS handshake itself, DANE (RFC 7672), MTA-STS (RFC 8461). */
export type TlsRptResultGroup = "negotiation" | "dane" | "mta-sts";

export interface TlsRptResultInfo {
  /** The result-type as RFC 8460 spells it (lowercase). */
  readonly resultType: string;
  readonly group: TlsRptResultGroup;
  /** A short label for tables. */
  readonly title: string;
  /** What the sender ran into, for the owner of the receiving domain. */
  readonly explanation: string;
  /** What to change on the receiving side. */
  readonly fix: string;
  readonly source: string;
}

export const TLS_RPT_RESULTS = [
  // ---- Negotiation failures (RFC 8460 section 4.3.1) ----
  {
    resultType: "starttls-not-supported",
    group: "negotiation",
    title: "STARTTLS not offered",
    explanation:
      "The sender reached your MX host, but the host did not advertise STARTTLS in its EHLO answer, so the session could not be encrypted. Under an enforced MTA-STS or DANE policy the message was not delivered over that host; otherwise it may have gone in clear text.",
    fix: "Turn on STARTTLS on every MX host of the domain, with a certificate for the MX host name, and check that no firewall, proxy or load balancer removes STARTTLS from the EHLO reply.",
    source: "RFC 8460 section 4.3.1",
  },
  {
    resultType: "certificate-host-mismatch",
    group: "negotiation",
    title: "Certificate name mismatch",
    explanation:
      "The certificate the MX host presented does not name the host the sender connected to (none of its subject alternative names match), or does not satisfy the names your MTA-STS or DANE policy allows.",
    fix: "Serve a certificate whose subject alternative names cover every MX host name (a wildcard covers one label only), and keep the mx: lines of the MTA-STS policy in step with the MX records.",
    source: "RFC 8460 section 4.3.1",
  },
  {
    resultType: "certificate-expired",
    group: "negotiation",
    title: "Certificate expired",
    explanation: "The certificate the MX host presented was past its end of validity when the sender checked it.",
    fix: "Renew the certificate, make the mail server load the new one (a reload or restart), and automate renewal, for example with ACME and a hook that reloads the server.",
    source: "RFC 8460 section 4.3.1",
  },
  {
    resultType: "certificate-not-trusted",
    group: "negotiation",
    title: "Certificate not trusted",
    explanation:
      "The sender could not build a chain from the MX host's certificate to an authority it trusts: a self-signed certificate, a private CA, missing intermediate certificates, a violated name constraint. The failure-reason-code usually names the exact error.",
    fix: "Use a certificate from a publicly trusted CA and configure the server to send the whole chain (the certificate and its intermediates), then read the failure-reason-code of the remaining failures.",
    source: "RFC 8460 section 4.3.1",
  },
  {
    resultType: "validation-failure",
    group: "negotiation",
    title: "TLS failure (other)",
    explanation:
      "The catch-all of RFC 8460: the TLS session failed for a reason none of the other result types describes (no common protocol version or cipher, a handshake aborted midway, a certificate the sender could not parse). The failure-reason-code should say which.",
    fix: "Read the failure-reason-code and additional-information of these failures, test the MX host with a TLS client (openssl s_client -starttls smtp -connect HOST:25), and offer TLS 1.2 or newer with widely supported ciphers.",
    source: "RFC 8460 sections 4.3.1 and 4.3.3",
  },
  // ---- DANE policy failures (RFC 8460 section 4.3.2.1; DANE for SMTP: RFC 7672) ----
  {
    resultType: "tlsa-invalid",
    group: "dane",
    title: "TLSA records do not match",
    explanation:
      "Your domain publishes TLSA records for the MX host, but none of them matched the certificate or public key the host presented, so DANE authentication failed.",
    fix: "Publish TLSA records for the certificate or key the host actually serves (a 3 1 1 record of the public key survives renewals that keep the key); on a key change, publish the new record first, wait for its TTL, switch the key, then remove the old record.",
    source: "RFC 8460 section 4.3.2.1",
  },
  {
    resultType: "dnssec-invalid",
    group: "dane",
    title: "DNSSEC validation failed",
    explanation:
      "The sender's validating resolver could not obtain DNSSEC-valid answers for the records DANE relies on (the TLSA records or the MX host's address records): expired signatures, a broken chain of trust or a DS record that no longer matches the zone's keys.",
    fix: "Check the zone's DNSSEC chain from the parent down (DS at the registrar, signatures not expired, for example with delv or a DNSSEC analyser), re-sign the zone, and correct the DS record if the keys changed.",
    source: "RFC 8460 section 4.3.2.1",
  },
  {
    resultType: "dane-required",
    group: "dane",
    title: "DANE required but absent",
    explanation:
      "The sender is set up to insist on DANE for your domain, but found no DNSSEC-validated TLSA records for this MX host, so it would not deliver there.",
    fix: "Publish TLSA records for every MX host in a DNSSEC-signed zone, or, if you do not mean to deploy DANE, ask the sender to drop the mandatory DANE setting for your domain.",
    source: "RFC 8460 section 4.3.2.1",
  },
  // ---- MTA-STS policy failures (RFC 8460 section 4.3.2.2; MTA-STS: RFC 8461) ----
  {
    resultType: "sts-policy-fetch-error",
    group: "mta-sts",
    title: "MTA-STS policy not fetched",
    explanation:
      "The sender could not download your MTA-STS policy from https://mta-sts.DOMAIN/.well-known/mta-sts.txt: the name did not resolve, the HTTPS connection failed, or the server answered with something other than 200 (MTA-STS does not follow redirects).",
    fix: "Make mta-sts.DOMAIN resolve and serve the policy file over HTTPS with status 200 and no redirect. To retire MTA-STS, publish mode: none first and remove the _mta-sts TXT record only after the old max_age has passed.",
    source: "RFC 8460 section 4.3.2.2",
  },
  {
    resultType: "sts-policy-invalid",
    group: "mta-sts",
    title: "MTA-STS policy invalid",
    explanation:
      "The policy file was downloaded but could not be used: a syntax error, a missing or wrong version, mode or max_age line, or a media type other than text/plain.",
    fix: "Serve the file as text/plain with one key: value per line: version: STSv1, mode: (testing, enforce or none), one mx: line per MX host pattern, and max_age: in seconds.",
    source: "RFC 8460 section 4.3.2.2",
  },
  {
    resultType: "sts-webpki-invalid",
    group: "mta-sts",
    title: "MTA-STS web certificate invalid",
    explanation:
      "The HTTPS certificate of the policy host mta-sts.DOMAIN did not validate (expired, untrusted, or not naming mta-sts.DOMAIN), so the sender could not trust the policy it served.",
    fix: "Serve mta-sts.DOMAIN with a publicly trusted, unexpired certificate that names that host, and renew it automatically like the MX certificates.",
    source: "RFC 8460 section 4.3.2.2",
  },
] as const satisfies readonly TlsRptResultInfo[];

/** What a summary says about a result type that RFC 8460 does not define. */
export const TLS_RPT_UNKNOWN_RESULT = {
  explanation:
    "A result type that RFC 8460 does not define: the reporting organisation's own label for a failed TLS session.",
  fix: "Read the failure-reason-code and additional-information sent with these failures, and ask the reporting organisation (its contact-info) what the label means.",
  source: "RFC 8460 section 4.3",
} as const;
