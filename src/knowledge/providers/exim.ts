// Exim's own reply and bounce texts: ACL rejections (smtp_in.c, acl.c, verify.c), router and transport errors
// quoted in bounces (route.c, routers/dnslookup.c, transports/smtp.c, transports/appendfile.c, retry.c,
// deliver.c) and the messages of the default configure file and of cPanel's Exim setup.
// Retry exhaustion ("retry timeout exceeded", "retry time not reached ...") is left to the generic text patterns,
// which rank it after the real cause that Exim quotes before it; an MTA rule here would hide that cause.
import type { ProviderInfo } from "../types.js";
import { defineProviderRules } from "../types.js";

export const EXIM: ProviderInfo = {
  id: "exim",
  name: "Exim",
  markers: [
    "exim",
    "smtp error from remote mail server after",
    "smtp error from remote mailer after",
    "lmtp error after",
    "retry timeout exceeded",
    "retry time not reached for any host",
    "unrouteable address",
    "all relevant mx records point to non-existent hosts",
    "sender verify failed",
    "junkmail rejected",
  ],
  reference: "https://www.exim.org/exim-html-current/doc/html/spec_html/index.html",
};

export const EXIM_RULES = defineProviderRules([
  // Sender verification first: its reply also quotes "Unrouteable address" for the sender.
  {
    id: "exim.sender-verify-failed",
    provider: "exim",
    match: {
      text: [
        "sender verify failed",
        "could not complete sender verify",
        "sender verify defer",
        "unroutable sender address",
      ],
    },
    reason: "rejected",
    meaning:
      "Exim checked your envelope sender (verify = sender, possibly with a callout to your MX) and could not confirm that it accepts mail, so it refuses the message.",
    causes: [
      "The return-path domain has no MX/A record or does not exist.",
      "Your MX rejects the probe for the return-path address (unknown user, or it refuses null-sender mail).",
      "A temporary DNS or connection problem during the check (the 'defer' variants).",
    ],
    actions: [
      "Use a return-path address that exists and accepts mail, including bounces with an empty sender.",
      "Check the MX records of the return-path domain.",
      "Retry temporary (451) cases automatically.",
    ],
    checks: ["address", "mx", "dns"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-address_verification.html",
    example: "550-Verification failed for <bounce@example.net> 550-Unrouteable address 550 Sender verify failed",
  },
  {
    id: "exim.callout-verification-failed",
    provider: "exim",
    match: { text: ["callout verification failed"] },
    reason: "userunknown",
    meaning:
      "Exim (often a gateway or backup MX) asked the final mail server whether the recipient exists, and that server said no.",
    causes: [
      "The mailbox does not exist on the final server.",
      "The final server's recipient table is out of sync with the gateway.",
    ],
    actions: ["Suppress the address.", "Check the address for typos."],
    checks: ["address", "mailbox"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-address_verification.html",
    example: "550-Callout verification failed: 550 550 5.1.1 <jdoe@example.com>: mailbox unavailable",
  },
  {
    id: "exim.recipient-cannot-be-verified",
    provider: "exim",
    match: { text: ["the recipient cannot be verified", "no such user here"] },
    reason: "userunknown",
    meaning: "The recipient address does not exist on this Exim server (wording used by cPanel/WHM hosting servers).",
    causes: ["The mailbox, forwarder or alias was never created or was deleted.", "A typo in the local part."],
    actions: ["Suppress the address.", "Confirm the correct address with the recipient."],
    checks: ["address", "mailbox"],
    source: "https://docs.cpanel.net/whm/service-configuration/exim-configuration-manager-basic-editor/",
    example:
      '550-"The recipient cannot be verified.  Please check all recipients of this 550 message to verify they are valid."',
  },
  // --- Routing failures (route.c, routers/dnslookup.c, transports/smtp.c) ---
  {
    id: "exim.unrouteable-address",
    provider: "exim",
    match: {
      text: [
        "unrouteable address",
        "all relevant mx records point to non-existent hosts",
        "all host address lookups failed permanently",
      ],
    },
    reason: "hostunknown",
    meaning:
      "Exim could not find any route for the address: the domain (or all of its MX hosts) does not resolve, or no router accepted the address.",
    causes: [
      "The recipient domain does not exist or has no MX/A records.",
      "The MX records name hosts that do not exist in DNS.",
      "For a local domain: no router handles this local part.",
    ],
    actions: [
      "Check the domain for typos and look up its MX records.",
      "Suppress the address if the domain is gone.",
      "If the MX hosts are missing from DNS, tell the recipient's administrator.",
    ],
    checks: ["dns", "mx", "address"],
    source: "src/src/route.c; src/src/routers/dnslookup.c; src/src/transports/smtp.c",
    example: "jdoe@example.invalid: Unrouteable address",
  },
  {
    id: "exim.no-smtp-service",
    provider: "exim",
    match: { text: ["an mx or srv record indicated no smtp service"] },
    reason: "notaccept",
    meaning: "The recipient domain publishes a null MX (or null SRV): it declares that it receives no email.",
    causes: ["The domain is send-only or parked."],
    actions: ["Stop sending to the domain and suppress the address.", "Ask the contact for another address."],
    checks: ["mx", "address"],
    source: "src/src/routers/dnslookup.c; RFC 7505",
    example: "jdoe@example.org: an MX or SRV record indicated no SMTP service",
  },
  {
    id: "exim.dns-lookup-deferred",
    provider: "exim",
    match: {
      text: ["host lookup did not complete", "unrouteable mail domain", "all host address lookups failed temporarily"],
    },
    reason: "networkerror",
    meaning:
      "The DNS lookup for the recipient domain or its MX hosts did not finish (timeout or server failure), so Exim could not route the mail.",
    causes: ["The domain's name servers are down or lame.", "The sending host's resolver has problems."],
    actions: ["Let Exim retry.", "Check the domain with dig +trace and your own resolver if many domains fail."],
    checks: ["dns", "mx"],
    source: "src/src/routers/dnslookup.c",
    example: "R=dnslookup defer (-1): host lookup did not complete",
  },
  {
    id: "exim.relay-requires-auth",
    provider: "exim",
    match: {
      text: [
        "is not permitted to relay through this server without authentication",
        "please turn on smtp authentication in your mail client",
      ],
    },
    reason: "securityerror",
    meaning:
      "The server (an Exim setup such as cPanel's) would relay the message only for an authenticated client, and your client did not log in.",
    causes: [
      "The mail client or application sends through this server without SMTP authentication.",
      "Authentication is configured but on the wrong port or with TLS disabled, so it is never offered.",
    ],
    actions: [
      "Turn on SMTP authentication in the sending client (user name and password of the mailbox).",
      "Use the submission port (587 with STARTTLS, or 465) and retry.",
    ],
    checks: ["credentials", "tls"],
    source: "https://docs.cpanel.net/knowledge-base/email/how-to-configure-mail-clients-for-cpanel-email/",
    example:
      "550 Please turn on SMTP Authentication in your mail client. mail.example.net [198.51.100.21]:50123 is not permitted to relay through this server without authentication.",
  },
  {
    id: "exim.relay-not-permitted",
    provider: "exim",
    match: {
      text: ["relay not permitted"],
    },
    reason: "norelaying",
    meaning:
      "This Exim server does not handle the recipient domain and will not relay for you because you are not authenticated or trusted.",
    causes: [
      "The client sent without SMTP authentication.",
      "The recipient domain's MX points to a server that no longer hosts it.",
      "The domain is missing from the server's local or relay domain lists.",
    ],
    actions: [
      "Turn on SMTP authentication in the sending client and retry.",
      "Check that you deliver to the recipient domain's current MX.",
    ],
    checks: ["credentials", "mx"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_default_configuration_file.html",
    example: "550 relay not permitted",
  },
  // --- Reputation, authentication and content ACLs ---
  {
    id: "exim.dnsbl-listed",
    provider: "exim",
    match: { text: ["is in a black list at", "junkmail rejected", "is in an rbl"] },
    reason: "blocked",
    meaning: "The receiving Exim found your sending IP in a DNS blocklist named in the reply.",
    causes: ["The sending IP is listed (spam traps, compromised host, shared IP with poor neighbours)."],
    actions: [
      "Look up the IP on the list named in the reply and follow its removal procedure.",
      "Fix the cause before requesting removal; meanwhile send through a clean relay.",
    ],
    checks: ["blocklist"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html",
    example:
      "550-JunkMail rejected - mail.example.net [198.51.100.23]:41234 is in an RBL: Blocked - see https://www.spamcop.net/bl.shtml?198.51.100.23",
  },
  {
    id: "exim.spf-not-allowed",
    provider: "exim",
    match: { text: ["is not allowed to send mail from"] },
    reason: "authfailure",
    meaning: "The receiver's SPF check says your sending IP is not allowed to send for the sender domain.",
    causes: [
      "The IP or ESP is missing from the domain's SPF record.",
      "Forwarding through a host that keeps the original sender.",
    ],
    actions: [
      "Add the sending IP or the provider's include: to the SPF record of the envelope-sender domain.",
      "Validate the record and retry once it passes.",
    ],
    checks: ["spf", "alignment"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-dkim_spf_srs_and_dmarc.html",
    example: "550 192.0.2.9 is not allowed to send mail from example.net",
  },
  {
    id: "exim.spam-score",
    provider: "exim",
    match: {
      text: [
        "spam score too high",
        ["this message scored", "spam points"],
        "detected your message as spam and has prevented delivery",
        "message was classified as spam",
      ],
    },
    reason: "spamdetected",
    meaning:
      "The receiver's content scan (SpamAssassin or similar, called from an Exim ACL) scored the message as spam.",
    causes: ["Content, links or formatting typical of spam.", "Missing authentication raised the score."],
    actions: [
      "Review the content and links; remove spam-like traits.",
      "Authenticate with SPF, DKIM and DMARC.",
      "Resend only after changing the message.",
    ],
    checks: ["content", "spf", "dkim"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-content_scanning_at_acl_time.html",
    example: "550 This message scored 12.3 spam points.",
  },
  {
    id: "exim.malware",
    provider: "exim",
    match: {
      text: [
        "this message contains a virus",
        "this message contains malware",
        "contains a virus or other harmful content",
      ],
    },
    reason: "virusdetected",
    meaning: "The receiver's malware scanner (called from an Exim ACL) found malicious content.",
    causes: ["An infected attachment.", "A false positive on a macro document or archive."],
    actions: ["Scan the sending system and the file.", "Send a clean file or a link instead."],
    checks: ["content"],
    source: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-content_scanning_at_acl_time.html",
    example: "550 This message contains a virus (Eicar-Test-Signature).",
  },
  {
    id: "exim.hosting-send-limit",
    provider: "exim",
    match: {
      text: ["has exceeded the max emails per hour", "has exceeded the max defers and failures per hour"],
    },
    reason: "ratelimited",
    meaning:
      "The hosting server's outbound limit was reached: the domain sent more messages (or caused more failures) per hour than the hosting plan allows.",
    causes: [
      "A newsletter or script sent too much at once.",
      "Many bounces or deferrals from a stale list.",
      "A compromised account sending spam.",
    ],
    actions: [
      "Spread sending over time or use a dedicated sending service.",
      "Clean the list to cut failures.",
      "Check for compromised accounts or scripts.",
    ],
    checks: ["volume"],
    source: "https://docs.cpanel.net/whm/server-configuration/tweak-settings/",
    example: "Domain example.net has exceeded the max emails per hour (100/100 (100%)) allowed.  Message discarded.",
  },
  {
    id: "exim.too-many-connections",
    provider: "exim",
    match: { text: ["too many concurrent smtp connections"] },
    reason: "ratelimited",
    meaning:
      "The receiving Exim has reached its limit of simultaneous connections (overall or from your IP) and asks you to come back later.",
    causes: ["Your MTA opens too many parallel connections to this host.", "The server is busy."],
    actions: ["Let your MTA retry.", "Lower the connection concurrency towards this destination."],
    checks: ["volume"],
    source: "src/src/smtp_in.c (smtp_accept_max, smtp_accept_max_per_host)",
    example: "421 mx.example.com: Too many concurrent SMTP connections; please try again later.",
  },
  // --- Mailbox and message size ---
  {
    id: "exim.mailbox-full",
    provider: "exim",
    match: {
      text: [
        ["mailbox is full", "retry timeout exceeded"],
        ["save to", "mailbox is full"],
        "quota exceeded while writing to",
        "mta-imposed quota exceeded",
      ],
    },
    reason: "mailboxfull",
    meaning: "The recipient's mailbox is over its quota, so Exim's appendfile transport cannot store the message.",
    causes: ["The user has not emptied the mailbox.", "An abandoned mailbox is filling up."],
    actions: [
      "Let Exim retry for a while.",
      "If the bounce says retries ran out, treat the address as inactive and suppress it.",
    ],
    checks: ["mailbox"],
    source: "src/src/transports/appendfile.c",
    example: "save to /var/spool/mail/jdoe mailbox is full: retry timeout exceeded",
  },
  {
    id: "exim.lines-too-long",
    provider: "exim",
    match: { text: ["message has lines too long for transport"] },
    reason: "notcompliantrfc",
    meaning:
      "The message has a line longer than the transport allows (RFC 5322 caps lines at 998 characters; Exim's default is stricter), so Exim will not send it on.",
    causes: [
      "HTML generated as one long line without line breaks.",
      "A body or attachment sent without a transfer encoding (no base64 or quoted-printable).",
    ],
    actions: [
      "Encode HTML and text parts with quoted-printable or base64.",
      "Make the mail library wrap lines below 998 characters.",
    ],
    checks: ["content"],
    source: "src/src/transports/smtp.c (message_linelength_limit); RFC 5322 section 2.1.1",
    example: "message has lines too long for transport (received 3896, limit 2048)",
  },
  {
    id: "exim.message-too-big",
    provider: "exim",
    match: { text: ["message size exceeds maximum permitted", "message is too big (transport limit"] },
    reason: "emailtoolarge",
    meaning: "The message is larger than the size limit of the receiving Exim server or of the transport.",
    causes: ["Large attachments, made about a third bigger by base64."],
    actions: ["Reduce the size or share files by link.", "Stay under the SIZE the server announces."],
    checks: ["content"],
    source: "src/src/smtp_in.c; src/src/deliver.c",
    example: "552 Message size exceeds maximum permitted",
  },
  {
    id: "exim.received-header-loop",
    provider: "exim",
    match: { text: ['too many "received" headers'] },
    reason: "networkerror",
    meaning: "The message has passed through so many servers that Exim assumes it is looping between them.",
    causes: [
      "Two servers or forwarders send the message back and forth.",
      "A misrouted domain bouncing between MX hosts.",
    ],
    actions: ["Find the loop in the Received: headers and fix the routing or forwarding on the looping hosts."],
    checks: ["mx"],
    source: "src/src/deliver.c",
    example: 'Too many "Received" headers - suspected mail loop',
  },
  {
    id: "exim.tls-required",
    provider: "exim",
    match: { text: ["a tls session is required"] },
    reason: "failedstarttls",
    meaning:
      "The sending Exim is configured to require TLS for this host, but the server did not offer STARTTLS or the TLS negotiation failed.",
    causes: ["The receiving server lacks STARTTLS.", "Certificate, protocol or cipher mismatch."],
    actions: [
      "Check hosts_require_tls / DANE settings for this destination.",
      "Test the handshake with openssl s_client -starttls smtp.",
    ],
    checks: ["tls"],
    source: "src/src/transports/smtp.c",
    example: "a TLS session is required, but an attempt to start TLS failed",
  },
  {
    id: "exim.protocol-error",
    provider: "exim",
    match: {
      text: ["smtp synchronization error", "too many syntax or protocol errors", "smtp protocol synchronization error"],
    },
    reason: "syntaxerror",
    meaning:
      "Your client broke the SMTP dialogue: it sent commands before replies were due or sent too many invalid commands.",
    causes: ["A client that does not wait for replies (no PIPELINING).", "A client talking before the greeting."],
    actions: ["Fix the client so it waits for each reply and only pipelines when the server allows it."],
    checks: [],
    source: "src/src/smtp_in.c",
    example: "554 SMTP synchronization error",
  },
  {
    id: "exim.administrative-prohibition",
    provider: "exim",
    match: { text: ["administrative prohibition"] },
    reason: "rejected",
    meaning:
      "An Exim ACL denied the transaction without giving a specific text; it is a local policy decision, most often about the sender address or the sending host.",
    causes: [
      "The sender address or domain is on the receiver's deny list.",
      "The sending host fails a local ACL test (HELO, reverse DNS, country block).",
    ],
    actions: [
      "Check your sender address, HELO name and reverse DNS.",
      "Ask the recipient's postmaster which policy was triggered.",
    ],
    checks: ["address", "helo", "ptr"],
    source: "src/src/acl.c",
    example: "550 Administrative prohibition",
  },
  // --- Delivery-time errors of the sending Exim ---
  {
    id: "exim.connection-dropped",
    provider: "exim",
    match: { text: ["smtp timeout after", "closed connection in response to"] },
    reason: "networkerror",
    meaning:
      "The SMTP conversation with the remote server timed out or the remote side closed the connection in the middle of it.",
    causes: [
      "The remote server or a filter in front of it stalled or crashed.",
      "Network trouble between the two hosts.",
    ],
    actions: ["Let Exim retry.", "If it persists, test the path to the remote MX."],
    checks: ["mx"],
    source: "src/src/transports/smtp.c",
    example: "Remote host mx.example.com [192.0.2.15] closed connection in response to end of data",
  },
  {
    id: "exim.pipe-failure",
    provider: "exim",
    match: { text: [["child process of", "transport returned"], "pipe to |"] },
    reason: "mailererror",
    meaning: "Exim delivered to a program (pipe transport) and the program failed.",
    causes: ["The script or filter exited with an error or is missing.", "Permission problems for the program."],
    actions: [
      "If you run the server, check the program's output and exit code.",
      "Otherwise notify the recipient's postmaster.",
    ],
    checks: [],
    source: "src/src/transports/pipe.c",
    example:
      "Child process of address_pipe transport returned 69 (could mean service or program unavailable) from command: /usr/local/bin/autoreply",
  },
  {
    id: "exim.local-delivery-failed",
    provider: "exim",
    match: { text: ["local delivery failed", "delivery to file forbidden", "delivery to pipe forbidden"] },
    reason: "systemerror",
    meaning: "Local delivery on the receiving Exim server failed or is not allowed by its configuration.",
    causes: [
      "A forward or filter file delivers to a file or program that the configuration forbids.",
      "A local delivery transport error.",
    ],
    actions: ["Notify the recipient's postmaster; the problem is on their server."],
    checks: [],
    source: "src/src/deliver.c; src/src/transports/pipe.c",
    example: "jdoe@example.com: delivery to pipe forbidden",
  },
  {
    id: "exim.malformed-address",
    provider: "exim",
    match: {
      text: ["malformed address:", "domain missing in source-routed address", "angle-brackets nested too deep"],
    },
    reason: "syntaxerror",
    meaning: "Exim could not parse an address in the message or envelope.",
    causes: ["Broken address syntax in a header or on the command line (stray characters, unbalanced brackets)."],
    actions: ["Fix the address syntax in the sending application."],
    checks: ["address"],
    source: "src/src/parse.c",
    example: "malformed address: <jdoe@example.net> may not follow kijitora@example.com",
  },
  // --- Retry exhaustion: Exim appends these to the last cause, so they come last ---
]);
