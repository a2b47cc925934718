// Microsoft as a receiver and as a sending service: Exchange Online / Microsoft 365 (EOP, *.protection.outlook.com)
// and the consumer Outlook.com service (outlook.com, hotmail.*, live.com, msn.com; MX *.olc.protection.outlook.com).
// Sources: "Email non-delivery reports and SMTP errors in Exchange Online" and its per-code pages on
// learn.microsoft.com (table copied into MicrosoftDocs/SupportArticles-docs, Exchange/ExchangeOnline/email-delivery/ndr/),
// the Outlook.com postmaster troubleshooting page (SC-/DY-/OU-/RP- codes) and support.microsoft.com for 5.7.515.
// Texts shared with on-premises Exchange (RESOLVER.*, STOREDRV.*, "Unable to relay", "Client was not authenticated")
// live in exchange.ts. Order matters: first match wins, so specific tags come before the general wording they share.

import type { ProviderInfo } from "../types.js";
import { codeRange, defineProviderRules } from "../types.js";

const EXO_NDR =
  "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online";
const EXO_FIX = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/";
const OLC_POSTMASTER = "https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx";
const OLC_5_7_515 =
  "https://support.microsoft.com/en-us/office/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef";
const EXO_LIMITS =
  "https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits";
const EXO_FORWARDING =
  "https://learn.microsoft.com/en-us/defender-office-365/outbound-spam-policies-external-email-forwarding";
const EXO_DANE = "https://learn.microsoft.com/en-us/purview/how-smtp-dane-works";

export const MICROSOFT: ProviderInfo = {
  id: "microsoft",
  name: "Microsoft 365 / Exchange Online and Outlook.com",
  markers: [
    "protection.outlook.com",
    "prod.outlook.com",
    "outlook.office365.com",
    "outlook.com",
    "hotmail.",
    "exchangelabs.com",
    "mail.protection",
    "live.com",
    "msn.com",
    "sender.office.com",
    "messaging.microsoft.com",
    "go.microsoft.com/fwlink",
    "aka.ms/postmaster",
  ],
  reference: EXO_NDR,
};

export const MICROSOFT_RULES = defineProviderRules([
  // ---- Outlook.com (consumer) tagged replies: RP-, SC-, DY-, OU- -------------------------------------------------
  {
    id: "microsoft.olc-connection-limit",
    provider: "microsoft",
    match: { text: ["421 rp-003", ["rp-003", "weren't sent"]] },
    reason: "ratelimited",
    meaning:
      "Outlook.com deferred the session because the sending IP opened more simultaneous connections than its current reputation allows.",
    causes: [
      "The MTA opens many parallel connections to the Outlook.com MX hosts.",
      "The IP is new or has a weak reputation, so Outlook.com grants it a small connection budget.",
    ],
    actions: [
      "Lower the number of concurrent connections to Microsoft consumer domains (a handful per IP).",
      "Let the queue retry with back-off; do not resend by hand.",
      "Build reputation gradually (warm-up) and watch the IP in SNDS.",
    ],
    checks: ["volume"],
    source: OLC_POSTMASTER,
    example:
      "421 RP-003 (BAY004-MC3F16) Unfortunately, some messages from 192.0.2.10 weren't sent. Please try again. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.olc-rate-limit",
    provider: "microsoft",
    match: {
      text: [
        "421 rp-001",
        "421 rp-002",
        ["rp-001", "weren't sent"],
        ["rp-002", "weren't sent"],
        "we have limits for how many messages can be sent per hour and per day",
      ],
    },
    reason: "ratelimited",
    meaning:
      "Outlook.com accepted part of the traffic and deferred the rest: the sending IP exceeded the hourly or daily volume Outlook.com grants it, a budget tied to its IP and domain reputation.",
    causes: [
      "A burst of mail to Microsoft consumer domains from one IP.",
      "A new or cold IP that has not yet earned a larger allowance.",
      "Complaints or spam-trap hits lowered the allowance.",
    ],
    actions: [
      "Let the MTA retry with back-off; the deferred mail usually goes through later.",
      "Spread the volume over time and over fewer concurrent connections.",
      "Check the IP in SNDS and keep complaint rates low before raising volume again.",
    ],
    checks: ["volume"],
    source: OLC_POSTMASTER,
    example:
      "421 RP-001 (COL004-MC1F22) Unfortunately, some messages from 192.0.2.10 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.olc-namespace-mining",
    provider: "microsoft",
    match: { text: ["550 sc-002", ["sc-002", "weren't sent"], ["sc-002", "for policy reasons"]] },
    reason: "blocked",
    meaning:
      "Outlook.com blocked the sending IP because it behaved like an address harvester: many RCPT TO attempts to addresses that do not exist (namespace mining).",
    causes: [
      "Sending to an old, bought or scraped list with many invalid Outlook.com addresses.",
      "Address verification (RCPT probing without sending) against Outlook.com.",
      "A compromised host on the IP running a dictionary attack.",
    ],
    actions: [
      "Stop mailing unverified lists and remove every address that returned user-unknown.",
      "Stop any address-probing tool that talks to Outlook.com.",
      "After cleaning up, ask for mitigation through the Outlook.com sender support form.",
    ],
    checks: ["blocklist", "volume"],
    source: OLC_POSTMASTER,
    example:
      "550 SC-002 (SNT004-MC2F11) Unfortunately, messages from 192.0.2.10 weren't sent. Please contact your Internet service provider. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.olc-open-proxy",
    provider: "microsoft",
    match: { text: ["550 sc-003", ["sc-003", "weren't sent"], ["sc-003", "for policy reasons"]] },
    reason: "blocked",
    meaning:
      "Outlook.com blocked the sending IP because it appears to be an open proxy or open relay that anyone can send through.",
    causes: [
      "A proxy, relay or web form on the host accepts mail from anyone.",
      "The machine is infected and relays mail for others.",
    ],
    actions: [
      "Close the open proxy or relay and scan the host for malware.",
      "Confirm the IP no longer relays (test from outside), then request mitigation from Outlook.com.",
    ],
    checks: ["blocklist"],
    source: OLC_POSTMASTER,
    example:
      "550 SC-003 (BAY004-MC5F9) Unfortunately, messages from 192.0.2.10 weren't sent. Please contact your Internet service provider. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.olc-complaints",
    provider: "microsoft",
    match: { text: ["550 sc-004", ["sc-004", "weren't sent"], ["sc-004", "for policy reasons"]] },
    reason: "blocked",
    meaning: "Outlook.com put a block on the sending IP because its users reported mail from that IP as junk.",
    causes: [
      "High complaint (junk report) rate from Outlook.com users.",
      "Mail sent without clear consent, or without an easy way to unsubscribe.",
      "Another sender sharing the IP generated the complaints.",
    ],
    actions: [
      "Find which stream drew the complaints (enrol in JMRP to receive them) and stop or fix it.",
      "Remove complainers and unengaged recipients; make unsubscribing easy.",
      "Request mitigation from Outlook.com sender support once the cause is fixed.",
    ],
    checks: ["blocklist", "volume"],
    source: OLC_POSTMASTER,
    example:
      "550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 192.0.2.10 weren't sent. We recommend that you contact your Internet service provider. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.olc-dynamic-ip",
    provider: "microsoft",
    match: { text: ["550 dy-001", ["dy-001", "weren't sent"], ["dy-001", "for policy reasons"]] },
    reason: "blocked",
    meaning:
      "Outlook.com does not take mail directly from IPs in dynamic or residential ranges, and the sending IP is in one.",
    causes: [
      "Mail is sent straight from a home or office line with a dynamic address.",
      "The IP's reverse DNS looks generic (contains the IP, 'dyn', 'dsl', 'pool').",
      "The range is listed as end-user space (for example in the Spamhaus PBL).",
    ],
    actions: [
      "Relay outgoing mail through your provider's or an ESP's authenticated smarthost.",
      "If the IP really is a static server address, give it a meaningful PTR that matches the HELO name and ask the owner to remove it from end-user lists.",
    ],
    checks: ["ptr", "helo", "blocklist"],
    source: OLC_POSTMASTER,
    example:
      "550 DY-001 Mail rejected by Windows Live Hotmail for policy reasons. We generally do not accept email from dynamic IP's as they are not typically used to deliver unauthenticated SMTP e-mail to an Internet mail server. http://www.spamhaus.org maintains lists of dynamic and residential IP addresses. If you are not an email/network admin please contact your E-mail/Internet Service Provider for help. Email/network admins, please visit http://postmaster.live.com for email delivery information and support",
  },
  {
    id: "microsoft.olc-compromised-host",
    provider: "microsoft",
    match: { text: ["550 dy-002", ["dy-002", "weren't sent"], ["dy-002", "for policy reasons"]] },
    reason: "blocked",
    meaning:
      "Outlook.com blocked the sending IP because its traffic looks like it comes from a compromised or infected machine.",
    causes: [
      "Malware or a hijacked account on the host sends spam.",
      "A vulnerable web script is abused to send mail.",
    ],
    actions: [
      "Find and clean the compromised machine, account or script; change credentials.",
      "Check outbound mail logs for unexpected volume, then request mitigation from Outlook.com.",
    ],
    checks: ["blocklist", "volume"],
    source: OLC_POSTMASTER,
    example:
      "550 DY-002 (BAY004-MC2F30) Unfortunately, messages from 192.0.2.10 weren't sent. Please contact your Internet service provider. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.outlook-authentication-level",
    provider: "microsoft",
    match: {
      text: [
        "meet the required authentication level",
        // The wording of the 5.7.515 announcement: "Messages from domains sending over 5,000 emails per day ..."
        ["sending over 5,000 emails per day", "authenticated"],
      ],
    },
    reason: "authfailure",
    meaning:
      "Outlook.com rejected the message because the domain in the From header sends high volume to Microsoft consumer mailboxes but does not meet the authentication that Microsoft requires of such senders since May 2025 (SPF pass, DKIM pass, DMARC published and passing in alignment).",
    causes: [
      "No DMARC record for the From domain.",
      "SPF or DKIM fails, or passes only for a domain that does not align with the From domain.",
      "A third-party service sends with your From domain without signing DKIM as that domain.",
    ],
    actions: [
      "Publish a DMARC record for the From domain (p=none is enough to start).",
      "Make SPF pass for the envelope domain and sign DKIM with a domain aligned with the From domain.",
      "Send a test to an Outlook.com mailbox and check spf=pass, dkim=pass and dmarc=pass in Authentication-Results.",
      "Resend only once all three pass.",
    ],
    checks: ["spf", "dkim", "dmarc", "alignment"],
    source: OLC_5_7_515,
    example:
      "550 5.7.515 Access denied, sending domain EXAMPLE.COM doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender. To learn how to meet these requirements, visit https://aka.ms/OutlookHighVolumeSenders [SA1PR12MB7982.namprd12.prod.outlook.com 2025-05-06T09:12:44.000Z 08DD8C4A1F2E3D4C]",
  },
  {
    id: "microsoft.olc-policy-block",
    provider: "microsoft",
    match: {
      text: [
        "550 sc-001",
        "550 ou-001",
        "550 ou-002",
        ["sc-001", "weren't sent"],
        ["ou-001", "weren't sent"],
        ["ou-002", "weren't sent"],
        "mail rejected by outlook.com for policy reasons",
        "mail rejected by windows live hotmail for policy reasons",
      ],
    },
    reason: "blocked",
    meaning:
      "Outlook.com refused mail from the sending IP for policy reasons: its filters judged the IP or domain reputation, or the content it sends, too risky to accept.",
    causes: [
      "Poor IP or domain reputation (complaints, spam traps, sudden volume).",
      "Content that Outlook.com's filters score as spam-like.",
      "Missing or failing SPF, DKIM or DMARC, or a generic reverse DNS.",
    ],
    actions: [
      "Check the IP in SNDS and on public block lists; review complaint data (JMRP).",
      "Make sure SPF, DKIM and DMARC pass and the PTR matches the HELO name.",
      "Fix the cause, then submit a mitigation request through the Outlook.com sender support form.",
    ],
    checks: ["blocklist", "spf", "dkim", "dmarc", "ptr"],
    source: OLC_POSTMASTER,
    example:
      "550 SC-001 (BAY004-MC1F57) Unfortunately, messages from 192.0.2.10 weren't sent. Please contact your Internet service provider since part of their network is on our block list. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  },
  {
    id: "microsoft.olc-network-block-list",
    provider: "microsoft",
    // The S-tag that follows varies (S3140, S3150, S843, S844 ...); the wording is the same.
    match: { text: ["part of their network is on our block list"] },
    reason: "blocked",
    meaning:
      "Outlook.com refused the connection because the sending IP, or the network range it belongs to, is on Microsoft's own block list for consumer mail.",
    causes: [
      "Spam or abuse seen from the IP or from neighbouring addresses in the same range.",
      "A new or rarely used IP with no sending history and a low default reputation.",
      "Shared hosting or cloud ranges with a history of abuse.",
    ],
    actions: [
      "Check the IP in SNDS and review recent sending (complaints, traps, volume spikes).",
      "Fix any abuse source, then request delisting through the Outlook.com sender support form (https://olcsupport.office.com/).",
      "If the range is shared, relay through a reputable smarthost or ESP until the listing is lifted.",
    ],
    checks: ["blocklist", "ptr"],
    source: OLC_POSTMASTER,
    example:
      "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DB3EUR04FT007.eop-eur04.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.olc-messages-not-sent",
    provider: "microsoft",
    match: { text: [["unfortunately, messages from", "weren't sent"]] },
    reason: "blocked",
    meaning:
      "Outlook.com refused mail from the sending IP; the reply carries no more detail than 'messages weren't sent', which it uses for IP-level blocks.",
    causes: ["The sending IP's reputation at Outlook.com is too low.", "The IP is on a Microsoft internal block list."],
    actions: [
      "Check the IP in SNDS and on public block lists.",
      "Fix the cause of the low reputation, then request mitigation from Outlook.com sender support.",
    ],
    checks: ["blocklist"],
    source: OLC_POSTMASTER,
    example:
      "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM4PEPF00027A5C.eurprd04.prod.outlook.com]",
  },
  {
    id: "microsoft.ip-reputation-rate-limit",
    provider: "microsoft",
    // 4.7.650 (S775, S3113) and 4.7.651 (S3114) carry the same wording.
    match: { text: ["rate limited due to ip reputation"] },
    reason: "badreputation",
    meaning:
      "Microsoft is temporarily throttling the sending IP because its reputation dropped: part of the mail is deferred until the IP looks trustworthy again.",
    causes: [
      "Complaints, spam-trap hits or a rise in invalid recipients from the IP.",
      "A sudden increase in volume compared with the IP's history.",
      "A new IP that has not been warmed up.",
    ],
    actions: [
      "Let the MTA retry with back-off and lower the sending rate to Microsoft domains.",
      "Review list hygiene and complaint data (SNDS, JMRP) and stop the stream that hurts reputation.",
      "If it persists for days, open a ticket through the Outlook.com sender support form.",
    ],
    checks: ["blocklist", "volume"],
    source: OLC_POSTMASTER,
    example:
      "451 4.7.650 The mail server [192.0.2.25] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775) [AMS0EPF0000019C.eurprd05.prod.outlook.com 2024-05-09T23:34:45.000Z 08DC6FC3D5B8E4A2]",
  },
  {
    id: "microsoft.connection-limit-exceeded",
    provider: "microsoft",
    match: { text: ["exceeded the maximum number of connections"] },
    reason: "ratelimited",
    meaning:
      "The sending IP opened more simultaneous SMTP connections to Microsoft than it is currently allowed (4.7.652, tag S3115).",
    causes: [
      "High concurrency towards Microsoft MX hosts.",
      "Aggressive retries opening new connections for every deferred message.",
    ],
    actions: [
      "Reduce concurrent connections per IP to Microsoft domains and reuse connections for several messages.",
      "Let deferred mail retry with back-off.",
    ],
    checks: ["volume"],
    source: OLC_POSTMASTER,
    example:
      "451 4.7.652 The mail server [192.0.2.25] has exceeded the maximum number of connections. (S3115) [BN3PEPF0000B06D.namprd21.prod.outlook.com 2024-07-01T12:34:16.000Z 08DC99A1B2C3D4E5]",
  },
  {
    id: "microsoft.olc-mailbox-unavailable",
    provider: "microsoft",
    match: { text: ["(s2017062302)", "5.5.0 requested action not taken: mailbox unavailable"] },
    reason: "userunknown",
    meaning:
      "The Outlook.com, Hotmail or Live address does not exist: the directory lookup for the recipient failed (Microsoft's table says it is the consumer-mail counterpart of 5.1.10).",
    causes: [
      "The address is mistyped or was never created.",
      "The account was deleted or closed after long inactivity.",
    ],
    actions: [
      "Check the address for typos; do not resend to it unchanged.",
      "Suppress the address if it keeps failing.",
    ],
    checks: ["address"],
    source: EXO_NDR,
    example:
      "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [DM6NAM12FT056.eop-nam12.prod.protection.outlook.com 2023-09-19T15:05:34.324Z 08DBB71928CA8F8E]",
  },
  {
    id: "microsoft.olc-mailbox-unavailable-bare",
    provider: "microsoft",
    // The RFC 5321 stock wording is used by many servers; only trust it when the reply names a Microsoft host.
    match: { text: ["requested action not taken: mailbox unavailable"], providerOnly: true },
    reason: "userunknown",
    meaning:
      "A Microsoft consumer mail host (Outlook.com, Hotmail) said the recipient mailbox is unavailable, its usual wording for an address that does not exist.",
    causes: ["The address is mistyped, never existed, or was closed."],
    actions: ["Verify the address with the recipient by another channel.", "Suppress it if it fails again."],
    checks: ["address"],
    source: EXO_NDR,
    example:
      "host hotmail-com.olc.protection.outlook.com[192.0.2.40] said: 550 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)",
  },
  {
    id: "microsoft.olc-domain-not-reachable",
    provider: "microsoft",
    // Outlook.com's own DSN text when the recipient domain cannot be resolved or reached.
    match: { text: ["the mail could not be delivered to the recipient because the domain is not reachable"] },
    reason: "hostunknown",
    meaning:
      "Outlook.com could not deliver because the recipient's domain could not be found or reached (no usable MX or address records).",
    causes: ["The domain is misspelled or expired.", "The domain has no MX or A record."],
    actions: [
      "Check the domain part of the address for typos.",
      "Look up its MX records; suppress the address if the domain is gone.",
    ],
    checks: ["mx", "dns", "address"],
    source: OLC_POSTMASTER,
    example:
      "554 The mail could not be delivered to the recipient because the domain is not reachable. Please check the domain and try again",
  },

  {
    id: "microsoft.olc-unable-to-connect",
    provider: "microsoft",
    // Outlook.com's own DSN text after its delivery attempts to an external server kept failing.
    match: { text: ["due to being unable to connect successfully to the destination mail server"] },
    reason: "expired",
    meaning:
      "Outlook.com gave up delivering to an external recipient because it could not connect to the destination mail server during the whole retry period.",
    causes: [
      "The destination MX host is down, unreachable or refuses connections.",
      "The domain's MX records point to a wrong host.",
    ],
    actions: [
      "Check the recipient domain's MX records and whether its server answers on port 25.",
      "Resend once it is reachable.",
    ],
    checks: ["mx", "dns"],
    source: OLC_POSTMASTER,
    example:
      "Unable to deliver message to the following recipients, due to being unable to connect successfully to the destination mail server. user@example.com",
  },

  // ---- Authentication ---------------------------------------------------------------------------------------------
  {
    id: "microsoft.dmarc-reject",
    provider: "microsoft",
    match: { text: ["does not pass dmarc verification"] },
    reason: "authfailure",
    meaning:
      "Microsoft rejected the message because the domain in the From header publishes DMARC p=reject and the message passed neither SPF nor DKIM in alignment with it (5.7.509).",
    causes: [
      "The sending server is not in the From domain's SPF record and the message is not DKIM-signed by that domain.",
      "A third-party platform sends as your domain without aligned DKIM.",
      "Forwarding or a mailing list broke SPF and altered the message so DKIM failed.",
    ],
    actions: [
      "Read the Authentication-Results in the bounce to see which check failed.",
      "Add the sender to SPF and sign with DKIM aligned to the From domain.",
      "For forwarded or list mail, rewrite the From or use ARC; do not relax DMARC to p=none unless you must.",
    ],
    checks: ["dmarc", "alignment", "spf", "dkim"],
    source: EXO_NDR,
    example:
      "550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC verification and has a DMARC policy of reject. [TYCP286MB3363.JPNP286.PROD.OUTLOOK.COM 2024-06-11T09:04:02.679Z 08DC8850F12E1502]",
  },
  {
    id: "microsoft.spf-violation",
    provider: "microsoft",
    match: { text: ["rejected because of sender policy framework violation"] },
    reason: "authfailure",
    meaning:
      "The receiving system checked the sender's SPF record and the sending server is not allowed by it, so the message was rejected (5.7.23).",
    causes: [
      "The server that sent the message is missing from the domain's SPF record.",
      "The SPF record has a syntax error or more than 10 DNS lookups.",
      "Forwarding sent the message from a server the original domain does not list.",
    ],
    actions: [
      "Add every legitimate sending service to the SPF record of the envelope (MAIL FROM) domain.",
      "Validate the record (syntax, lookup count) and resend.",
    ],
    checks: ["spf"],
    source: `${EXO_FIX}fix-error-code-5-7-23-in-exchange-online`,
    example:
      "550 5.7.23 The message was rejected because of Sender Policy Framework violation [BL0PR02MB4416.namprd02.prod.outlook.com]",
  },
  {
    id: "microsoft.ipv6-unauthenticated",
    provider: "microsoft",
    match: { text: ["must pass either spf or dkim validation"] },
    reason: "authfailure",
    meaning:
      "Exchange Online only accepts anonymous mail over IPv6 when it passes SPF or DKIM, and this message passed neither (4.7.26).",
    causes: ["The sending IPv6 address is not in the SPF record.", "The message is not DKIM-signed."],
    actions: [
      "Add the IPv6 sending address to SPF and sign with DKIM.",
      "Or send to Microsoft over IPv4 until IPv6 authentication is in place.",
    ],
    checks: ["spf", "dkim"],
    source: EXO_NDR,
    example:
      "450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::25] must pass either SPF or DKIM validation, this message is not signed [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.ipv6-reverse-dns",
    provider: "microsoft",
    match: { text: ["must have a reverse dns record"] },
    reason: "requireptr",
    meaning: "Exchange Online refuses mail over IPv6 from an address that has no reverse DNS (PTR) record (5.7.25).",
    causes: ["No PTR record is published for the sending IPv6 address."],
    actions: [
      "Ask the owner of the IPv6 range to publish a PTR that resolves back to the server's name.",
      "Or send over IPv4 until the PTR exists.",
    ],
    checks: ["ptr", "helo"],
    source: EXO_NDR,
    example:
      "550 5.7.25 Access denied, the sending IPv6 address [2001:db8::25] must have a reverse DNS record. [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]",
  },

  // ---- IP blocks and block lists ---------------------------------------------------------------------------------
  {
    id: "microsoft.banned-sending-ip",
    provider: "microsoft",
    // Documented as one range "5.7.606-649 Access denied, banned sending IP [IP]".
    match: { enhancedCodes: codeRange("5.7", 606, 649) },
    reason: "blocked",
    meaning:
      "Microsoft 365 refused the connection because the sending IP is on Microsoft's blocked-senders list, which protects every Exchange Online customer at once.",
    causes: [
      "Spam, phishing or malware was seen from the IP.",
      "The IP belongs to a range with a poor reputation (shared hosting, new cloud IPs).",
      "A compromised account or server on the IP sent bulk mail.",
    ],
    actions: [
      "Find and stop any abusive traffic from the IP.",
      "Request removal at https://sender.office.com/ (the delist portal) and follow the emailed confirmation.",
      "Retry after delisting; the portal usually lifts the block within a day.",
    ],
    checks: ["blocklist", "ptr"],
    source: EXO_NDR,
    example:
      "550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) [BN1NAM02FT012.eop-nam02.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.banned-sender-ip",
    provider: "microsoft",
    match: { enhancedCodes: ["5.7.511"] },
    reason: "blocked",
    meaning:
      "The sending IP has been banned by Microsoft 365 (5.7.511, 'Access denied, banned sender'); unlike 5.7.606-649 it is lifted by mail, not by the self-service portal.",
    causes: ["Abusive traffic was detected from the IP."],
    actions: [
      "Stop the abusive traffic.",
      "Email delist@microsoft.com with the full NDR text and the IP address to ask for removal.",
    ],
    checks: ["blocklist"],
    source: EXO_NDR,
    example:
      "550 5.7.511 Access denied, banned sender[192.0.2.10]. To request removal from this list please forward this message to delist@microsoft.com. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(1410) [DM3NAM02FT033.eop-nam02.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.customer-block-list",
    provider: "microsoft",
    match: { text: ["using customer block list"] },
    reason: "blocked",
    meaning:
      "The recipient organisation itself added the sending IP to its block list in Microsoft 365 (5.7.513); Microsoft does not block it for other customers.",
    causes: ["The recipient's administrators blocked the IP, for example after unwanted mail."],
    actions: [
      "Contact the recipient organisation by another channel and ask them to remove the IP from their connection filter.",
      "Microsoft cannot lift this block.",
    ],
    checks: ["blocklist"],
    source: EXO_NDR,
    example:
      "550 5.7.513 Service unavailable, Client host [192.0.2.10] blocked by example.com using Customer Block list (AS16012607) [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.eop-spamhaus",
    provider: "microsoft",
    match: { text: ["blocked using spamhaus. to request removal", "(as3130)"] },
    reason: "blocked",
    meaning: "Exchange Online Protection refused the connection because the sending IP is listed by Spamhaus.",
    causes: [
      "The IP is in a Spamhaus list (SBL, XBL/CSS or PBL) because of spam, infection or end-user address space.",
    ],
    actions: [
      "Look the IP up at https://check.spamhaus.org/ and follow the removal steps for the listing.",
      "Fix the cause first (infected host, open relay, dynamic IP used as a server).",
      "Retry after Spamhaus delists; Microsoft reads the list in near real time.",
    ],
    checks: ["blocklist", "ptr"],
    source: `${EXO_FIX}fix-error-code-550-5-7-1-in-exchange-online`,
    example:
      "550 5.7.1 Service unavailable, Client host [192.0.2.10] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.10 (AS3130). [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.eop-internal-block-list",
    provider: "microsoft",
    match: {
      text: ["blocked using fblw15", "blocked using blocklist 1", "blocked using blocklist 2", "mail from ip banned"],
    },
    reason: "blocked",
    meaning:
      "Exchange Online Protection refused the connection because the sending IP is on one of Microsoft's internal block lists ('Blocklist 1', FBLW15).",
    causes: ["Microsoft saw spam or abuse from the IP.", "The IP shares a range with abusive senders."],
    actions: [
      "Stop any abusive traffic from the IP.",
      "Forward the full NDR to delist@messaging.microsoft.com, or use https://sender.office.com/, to request removal.",
    ],
    checks: ["blocklist"],
    source: `${EXO_FIX}fix-error-code-550-5-7-1-in-exchange-online`,
    example:
      "550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using Blocklist 1; To request removal from this list please forward this message to delist@messaging.microsoft.com [DB5EUR03FT021.eop-EUR03.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.bad-helo",
    provider: "microsoft",
    match: { text: ["access denied, bad helo"] },
    reason: "blocked",
    meaning:
      "The sending server introduced itself in HELO/EHLO with the name or address of the Microsoft server it was connecting to, a typical spambot trait, so it was refused (5.7.506).",
    causes: ["The HELO/EHLO name is set to the destination host or to an address that is not the sender's own."],
    actions: [
      "Configure the MTA to announce its own fully qualified host name in HELO/EHLO.",
      "Make that name resolve and match the PTR of the sending IP.",
    ],
    checks: ["helo", "ptr"],
    source: EXO_NDR,
    example: "550 5.7.506 Access Denied, Bad HELO [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.rejected-by-recipient-org",
    provider: "microsoft",
    match: { text: ["access denied, rejected by recipient"] },
    reason: "blocked",
    meaning: "The recipient organisation has blocked the sending IP in its Microsoft 365 settings (5.7.507).",
    causes: ["The recipient's administrators added the IP to their connection filter or block list."],
    actions: ["Contact the recipient by another channel and ask them to unblock the IP."],
    checks: ["blocklist"],
    source: EXO_NDR,
    example: "550 5.7.507 Access denied, rejected by recipient [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.ipv6-not-accepted",
    provider: "microsoft",
    match: { text: ["does not accept email over ipv6"] },
    reason: "blocked",
    meaning: "The recipient domain does not take mail over IPv6, and the message arrived over IPv6 (5.7.510).",
    causes: ["The sending MTA prefers IPv6 towards Microsoft MX hosts."],
    actions: ["Send to this domain over IPv4 (disable IPv6 delivery for it in the MTA)."],
    checks: ["dns"],
    source: EXO_NDR,
    example:
      "550 5.7.510 Access denied, example.com does not accept email over IPv6 [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.ipv6-range-limit",
    provider: "microsoft",
    match: { text: ["has exceeded permitted limits within"] },
    reason: "ratelimited",
    meaning:
      "The sender's IPv6 range sent too many messages in too short a time, so Microsoft refused more for now (5.7.508).",
    causes: ["High volume from many addresses of one IPv6 prefix."],
    actions: ["Slow down delivery to Microsoft from that range, or send over IPv4.", "Resend later, gradually."],
    checks: ["volume"],
    source: EXO_NDR,
    example:
      "550 5.7.508 Access denied, [2001:db8::25] has exceeded permitted limits within 2001:db8::/64 range [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.connector-restriction",
    provider: "microsoft",
    match: { text: ["restrictdomainstoipaddresses or restrictdomainstocertificate"] },
    reason: "blocked",
    meaning:
      "The recipient tenant has a partner connector for the sender's domain that only accepts mail from given IPs or a given TLS certificate, and this connection matched neither (5.7.51).",
    causes: [
      "Mail for a partner domain arrived from a server not listed on the recipient's inbound connector.",
      "The certificate presented does not match the one the connector requires.",
    ],
    actions: [
      "Send through the servers the partner connector expects, or present the configured certificate.",
      "Ask the recipient's administrators to update the connector if your sending infrastructure changed.",
    ],
    checks: ["tls"],
    source: EXO_NDR,
    example:
      "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.ip-throttling-server-busy",
    provider: "microsoft",
    match: { text: ["server busy. please try again later"], enhancedCodes: codeRange("4.7", 500, 699) },
    reason: "ratelimited",
    meaning:
      "Exchange Online is throttling the sending IP because it suddenly sends much more than its history suggests; new or changed senders are slowed down for a probation period (451 4.7.500-699, ASxxx).",
    causes: [
      "A new sending IP, or a large jump in volume from an existing one.",
      "Mail relayed to Microsoft 365 from on-premises or a third-party gateway without a connector.",
    ],
    actions: [
      "Let the MTA retry; throttling eases as the IP builds a sending history over a few days.",
      "If you relay through Microsoft 365 or route inbound mail through a gateway, configure the matching connector.",
      "Ramp volume up gradually.",
    ],
    checks: ["volume"],
    source: `${EXO_FIX}fix-error-code-451-4-7-500-699-asxxx-in-exchange-online`,
    example:
      "451 4.7.500 Server busy. Please try again later from [192.0.2.2]. (AS761) [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.suspicious-activity-deferral",
    provider: "microsoft",
    match: {
      text: ["access denied, please try again later"],
      enhancedCodes: [...codeRange("4.7", 500, 699), ...codeRange("4.7", 850, 899)],
    },
    reason: "blocked",
    meaning:
      "Microsoft detected suspicious activity from the sending IP and temporarily restricts it while it is evaluated; if the traffic is legitimate the restriction lifts on its own.",
    causes: ["Unusual volume or patterns from the IP.", "Spam-like traffic from the IP or its range."],
    actions: [
      "Let the MTA retry; do not resend by hand.",
      "If the deferral persists, check the IP's reputation and request delisting at https://sender.office.com/.",
    ],
    checks: ["blocklist", "volume"],
    source: EXO_NDR,
    example: "451 4.7.550 Access denied, please try again later. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },

  // ---- Sending account and tenant restrictions (the sender is a Microsoft 365 customer) ---------------------------
  {
    id: "microsoft.bad-outbound-sender",
    provider: "microsoft",
    match: { text: ["access denied, bad outbound sender"] },
    reason: "rejected",
    meaning:
      "Microsoft 365 blocked the sending account from sending mail because it sent too much spam; usually the account was compromised (5.1.8).",
    causes: [
      "Phished or leaked credentials used to send spam from the mailbox.",
      "Malware or a rogue application sending through the account.",
      "A legitimate bulk send that exceeded the outbound spam limits.",
    ],
    actions: [
      "Reset the account's password, revoke sessions and check inbox rules, forwarding and delegates for tampering.",
      "Have an admin release the user from the Restricted entities page in Microsoft Defender.",
      "Move bulk mail to a service built for it.",
    ],
    priority: "critical",
    checks: ["credentials", "volume"],
    source: `${EXO_FIX}fix-error-code-5-1-8-in-exchange-online`,
    example: "550 5.1.8 Access denied, bad outbound sender. AS(42004) [SN6PR04MB4384.namprd04.prod.outlook.com]",
  },
  {
    id: "microsoft.spam-abuse-detected",
    provider: "microsoft",
    match: { text: ["access denied, spam abuse detected"] },
    reason: "rejected",
    meaning: "Microsoft 365 banned the sending account because spam was detected from it (5.7.501).",
    causes: ["The account is compromised or sends unsolicited bulk mail."],
    actions: [
      "Secure the account (password reset, session revocation, rule review).",
      "Contact Microsoft support through the admin center to restore sending.",
    ],
    priority: "critical",
    checks: ["credentials"],
    source: EXO_NDR,
    example:
      "550 5.7.501 Access denied, spam abuse detected. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. [ME1PR01MB1107.ausprd01.prod.outlook.com]",
  },
  {
    id: "microsoft.banned-sender-account",
    provider: "microsoft",
    match: { enhancedCodes: ["5.7.502", "5.7.503"] },
    reason: "rejected",
    meaning:
      "Microsoft 365 banned the sending account after detecting spam from it (5.7.502, 5.7.503 'banned sender').",
    causes: ["The account is compromised or was used for spam."],
    actions: [
      "Secure the account and reset its credentials.",
      "Contact Microsoft support through the admin center to restore its ability to send.",
    ],
    priority: "critical",
    checks: ["credentials"],
    source: EXO_NDR,
    example:
      "550 5.7.502 Access denied, banned sender. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. [ME1PR01MB1107.ausprd01.prod.outlook.com]",
  },
  {
    id: "microsoft.daily-recipient-limit",
    provider: "microsoft",
    match: { text: ["reached your daily limit for message recipients"] },
    reason: "ratelimited",
    meaning:
      "The Microsoft 365 mailbox has sent to more recipients in the last 24 hours than Exchange Online allows (recipient rate limit), so further mail is refused until the window slides (5.1.90).",
    causes: [
      "A large mailing sent from an ordinary mailbox.",
      "An application sending through the mailbox.",
      "A compromised account sending spam.",
    ],
    actions: [
      "Check that the account is not compromised.",
      "Wait for the 24-hour window to free up, then send the rest.",
      "Use a bulk-mail service for large mailings.",
    ],
    checks: ["volume", "credentials"],
    source: EXO_LIMITS,
    example:
      "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients. [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.tenant-external-recipient-limit",
    provider: "microsoft",
    match: { text: ["tenant external recipient rate limit", "daily limit for sending email to external recipients"] },
    reason: "ratelimited",
    meaning:
      "The whole Microsoft 365 organisation has sent to more external recipients in the last 24 hours than its tenant limit (TERRL) allows; 5.7.232 is the trial-tenant variant, 5.7.233 the paid one.",
    causes: [
      "A mass mailing or an automated process sending to many external addresses.",
      "A compromised account in the tenant sending spam.",
      "A trial tenant, whose limit is low.",
    ],
    actions: [
      "Find the mailbox or application that sent the volume (message trace, outbound recipients report).",
      "Wait for the rolling 24-hour window to clear; move bulk sending to a dedicated service.",
      "For trial tenants, buy licences to raise the limit.",
    ],
    checks: ["volume", "credentials"],
    source: EXO_NDR,
    example:
      "550 5.7.233 Your message can't be sent because your tenant exceeded its daily limit for sending email to external recipients (tenant external recipient rate limit). [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.tenant-block-list",
    provider: "microsoft",
    match: { text: ["using tenant allow block list", "tenant recipient block policy"] },
    reason: "policyviolation",
    meaning:
      "The sender's own Microsoft 365 organisation blocks one of the recipients (address or domain) in its Tenant Allow/Block List, so the whole message was stopped (5.7.703).",
    causes: ["A block entry for the recipient address or domain in the sender's tenant."],
    actions: [
      "Ask your own email admin to review the Tenant Allow/Block List entry.",
      "Resend without the blocked recipient if the block is intended.",
    ],
    checks: ["address"],
    source: `${EXO_FIX}fix-error-codes-550-5-7-703-550-5-7-705-550-5-7-708-550-5-7-750`,
    example:
      "550 5.7.703 Your message can't be delivered because messages to user@example.com are blocked by your organization using Tenant Allow Block List. [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    // Exchange Online throttles inbound mail per receiving organisation when its queue backs up.
    id: "microsoft.organization-queue-quota",
    provider: "microsoft",
    match: { text: ["organization queue quota exceeded", "organization queue quota"] },
    reason: "ratelimited",
    meaning:
      "The receiving Microsoft 365 organisation has more mail queued than its quota allows, so Exchange Online defers new messages to it for a while.",
    causes: [
      "A burst of mail towards that one organisation, from you or from all senders together.",
      "The recipient organisation is being flooded, or its mail flow is stalled behind a connector or journaling problem.",
    ],
    actions: [
      "Let your MTA retry; the deferral clears as the organisation's queue drains.",
      "Spread large sends to that domain over a longer period.",
      "If it lasts for hours, tell the recipient's administrator: their tenant's mail flow needs attention.",
    ],
    checks: ["volume"],
    source:
      "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online",
    example: "450 4.7.3 Organization queue quota exceeded. [BN8NAM12FT045.eop-nam12.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.tenant-exceeded-threshold",
    provider: "microsoft",
    match: { text: ["tenant has exceeded threshold"] },
    reason: "blocked",
    meaning:
      "Exchange Online stopped all outgoing mail from the organisation because it sent too much spam or bulk mail (5.7.705).",
    causes: [
      "A compromised on-premises server or connector relaying spam through Microsoft 365.",
      "A compromised admin account used to create connectors.",
      "Rarely, a lapsed subscription being renewed.",
    ],
    actions: [
      "Find and close the source (compromised accounts, connectors, open relays).",
      "Contact Microsoft support to lift the block once the cause is fixed.",
    ],
    priority: "critical",
    retry: "fix-first",
    checks: ["credentials", "volume"],
    source: `${EXO_FIX}fix-error-codes-550-5-7-703-550-5-7-705-550-5-7-708-550-5-7-750`,
    example:
      "550 5.7.705 Access denied, tenant has exceeded threshold. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.traffic-not-accepted-from-ip",
    provider: "microsoft",
    match: { text: ["traffic not accepted from this ip"] },
    reason: "badreputation",
    meaning:
      "Exchange Online does not accept relayed traffic from this low-reputation IP, typically one used by new or trial tenants (5.7.708).",
    causes: ["Mail relayed into Microsoft 365 from an IP with a low reputation, often during a trial."],
    actions: ["Assign licences, or ask Microsoft support for an exception for the IP.", "Relay from a reputable IP."],
    checks: ["blocklist"],
    source: `${EXO_FIX}fix-error-codes-550-5-7-703-550-5-7-705-550-5-7-708-550-5-7-750`,
    example:
      "550 5.7.708 Access denied, traffic not accepted from this IP. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.unregistered-domain",
    provider: "microsoft",
    match: { text: ["client blocked from sending from unregistered domain"] },
    reason: "rejected",
    meaning:
      "The organisation sends a large volume of mail from domains that are not accepted (registered and verified) domains of its Microsoft 365 tenant, so that mail is refused (5.7.750).",
    causes: [
      "Sending with a From or envelope domain not added to the tenant.",
      "An inbound connector abused to relay mail for other domains.",
    ],
    actions: [
      "Add and verify every sending domain as an accepted domain in Microsoft 365.",
      "Review connectors for unknown ones, then contact support to lift the block.",
    ],
    priority: "critical",
    checks: ["dns"],
    source: `${EXO_FIX}fix-error-codes-550-5-7-703-550-5-7-705-550-5-7-708-550-5-7-750`,
    example:
      "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.tenant-banned",
    provider: "microsoft",
    // The rest of the 5.7.700-749 range: tenant-level sending bans.
    match: { enhancedCodes: codeRange("5.7", 700, 749) },
    reason: "blocked",
    meaning:
      "Most traffic from the sending Microsoft 365 organisation was judged suspicious, and its ability to send has been banned (5.7.700-749).",
    causes: ["A compromised account, server or open relay sending spam through the tenant."],
    actions: [
      "Resolve the compromise or open relay.",
      "Contact Microsoft support through the admin center to restore sending.",
    ],
    priority: "critical",
    checks: ["credentials", "volume"],
    source: `${EXO_FIX}fix-error-code-5-7-700-through-5-7-750`,
    example: "550 5.7.720 Access denied [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.external-forwarding-disabled",
    provider: "microsoft",
    match: { text: ["does not allow external forwarding"] },
    reason: "policyviolation",
    meaning:
      "The message was being auto-forwarded to an external address, and the Microsoft 365 organisation's outbound spam policy blocks automatic external forwarding (5.7.520).",
    causes: [
      "A mailbox rule or forwarding setting sends copies outside the organisation.",
      "The outbound spam policy's automatic forwarding setting is Off or Automatic (blocked).",
    ],
    actions: [
      "If the forwarding is wanted, ask the admin to allow it for that mailbox with a dedicated outbound spam policy.",
      "Otherwise remove the forwarding rule (it may have been set by an attacker).",
    ],
    checks: ["credentials"],
    source: EXO_FORWARDING,
    example:
      "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555) [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.client-not-authenticated-anonymous",
    provider: "microsoft",
    match: { text: ["client was not authenticated to send anonymous mail"] },
    reason: "securityerror",
    meaning:
      "A device or application connected to smtp.office365.com to submit mail but did not authenticate, and Microsoft 365 does not accept anonymous submission there (5.7.57).",
    causes: [
      "Wrong or missing username/password in the application's SMTP settings.",
      "The client did not negotiate TLS, which authentication requires.",
      "SMTP AUTH is disabled for the mailbox or tenant.",
    ],
    actions: [
      "Configure the application to authenticate with a licensed mailbox over STARTTLS on port 587.",
      "Check that SMTP AUTH is enabled for that mailbox, or switch to a connector-based relay.",
    ],
    checks: ["credentials", "tls"],
    source: `${EXO_FIX}fix-error-code-5-7-57-in-exchange-online`,
    example:
      "530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM [AM6PR0732BE0065.eurprd07.prod.outlook.com]",
  },
  {
    id: "microsoft.smtp-auth-refused",
    provider: "microsoft",
    match: { enhancedCodes: ["5.7.139"] },
    reason: "securityerror",
    meaning:
      "Exchange Online refused SMTP AUTH: the credentials were wrong, or basic authentication / SMTP client authentication is disabled for the tenant or mailbox (5.7.139).",
    causes: [
      "SMTP AUTH (SmtpClientAuthentication) is disabled for the tenant or the mailbox.",
      "Security defaults or policy block basic authentication.",
      "Wrong username or password.",
    ],
    actions: [
      "Enable authenticated SMTP for the mailbox if policy allows, or move the application to OAuth or Microsoft Graph.",
      "Check the credentials.",
    ],
    checks: ["credentials"],
    source: EXO_NDR,
    example:
      "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [BN0PR04CA0011.namprd04.prod.outlook.com]",
  },

  // ---- Recipient-side restrictions in Microsoft 365 --------------------------------------------------------------
  {
    id: "microsoft.sender-not-authenticated-group",
    provider: "microsoft",
    match: {
      text: [
        "sender not authenticated for group",
        "sendernotauthenticatedforgroup",
        "not authenticated when sending to this group",
      ],
    },
    reason: "filtered",
    meaning: "The recipient is a distribution group that rejects mail from outside its organisation (5.7.133).",
    causes: ["The group is set to accept messages only from internal, authenticated senders."],
    actions: [
      "Ask the group owner or the recipient's admin to allow external senders, or to add you as an allowed sender.",
    ],
    category: "policy",
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-5-7-133-in-exchange-online`,
    example:
      "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.sender-not-authenticated",
    provider: "microsoft",
    // 5.7.12 (by organization), 5.7.134 (for mailbox), 5.7.13/5.7.135 (for public folder), 5.7.136 (mail user).
    match: { text: ["sender was not authenticated"] },
    reason: "filtered",
    meaning:
      "The recipient (a mailbox, public folder or mail user in Microsoft 365) only accepts mail from authenticated senders of its own organisation, and this sender is external.",
    causes: ["The recipient's delivery settings require sender authentication (internal senders only)."],
    actions: [
      "Contact the recipient by another channel; only their admin can allow external senders.",
      "Do not resend until they confirm the setting changed.",
    ],
    category: "policy",
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-5-7-12-in-exchange-online`,
    example: "550 5.7.12 Sender was not authenticated by organization [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.sender-not-in-allowed-list",
    provider: "microsoft",
    match: { text: ["sender not in allowed-senders list", "not in the allowed senders list"] },
    reason: "filtered",
    meaning:
      "The recipient is a group that only accepts mail from a list of allowed senders, and this sender is not on it (5.7.124).",
    causes: ["The group's delivery management restricts who may send to it."],
    actions: ["Ask the group owner to add you to the allowed senders, or to open the group to all senders."],
    category: "policy",
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-5-7-124-in-exchange-online`,
    example:
      "550 5.7.124 RESOLVER.RST.SenderNotAllowed; Sender not in allowed-senders list [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.group-rejects-external-senders",
    provider: "microsoft",
    match: { text: ["unifiedgroupagent; delivery failed because the sender isn't a group member"] },
    reason: "rejected",
    meaning:
      "The recipient is a Microsoft 365 group that accepts mail only from its members, or does not accept external senders (5.7.193).",
    causes: ["The group setting 'Let people outside the organization email the group' is off."],
    actions: ["Ask the group owner to allow external senders, or to add you as a member."],
    category: "policy",
    checks: ["address"],
    source: `${EXO_FIX}550-5-7-193-when-external-users-send-to-microsoft-365-group`,
    example:
      "550 5.7.193 UnifiedGroupAgent; Delivery failed because the sender isn't a group member or external senders aren't permitted to send to this group. [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },

  // ---- Recipient does not exist / domain not hosted -------------------------------------------------------------
  {
    id: "microsoft.banned-recipient",
    provider: "microsoft",
    match: { text: ["access denied, banned recipient"] },
    reason: "suspend",
    meaning: "Microsoft 365 refuses all mail for this recipient address; it is banned and cannot receive (5.7.505).",
    causes: ["The address was disabled or banned by Microsoft (for example after abuse)."],
    actions: ["Stop sending to the address.", "Reach the person by another channel if you need a new address."],
    checks: ["address"],
    source: EXO_NDR,
    example: "550 5.7.505 Access denied, banned recipient [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.dbeb-recipient-rejected",
    provider: "microsoft",
    // Directory Based Edge Blocking: EOP checks the recipient against the tenant directory at RCPT time.
    match: {
      text: [
        "recipient address rejected: access denied",
        // Sent at DATA after pipelined RCPTs were all refused by the same directory check.
        "all recipient addresses rejected : access denied",
        "as(201806281)",
      ],
      enhancedCodes: ["5.4.1", "5.7.504"],
    },
    reason: "userunknown",
    meaning:
      "Exchange Online Protection looked the recipient up in the organisation's directory (Directory Based Edge Blocking) and found no such address, so it refused it at RCPT time.",
    causes: [
      "The address is mistyped or the mailbox was removed.",
      "The domain's directory is synchronised with Microsoft 365 and the address is missing there (hybrid setups).",
    ],
    actions: [
      "Check the address for typos and confirm it with the recipient by another channel.",
      "Suppress the address if it keeps failing.",
    ],
    checks: ["address"],
    source: EXO_NDR,
    example:
      "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5EUR01FT088.eop-EUR01.prod.protection.outlook.com 2023-06-22T08:26:31.592Z 08DB72B25E50380B]",
  },
  {
    id: "microsoft.recipient-not-found",
    provider: "microsoft",
    match: { text: ["resolver.adr.recipientnotfound", "recipient not found by smtp address lookup"] },
    reason: "userunknown",
    meaning: "No mailbox, group or contact in the Microsoft 365 organisation has this address (5.1.10).",
    causes: [
      "The address is mistyped.",
      "The mailbox was deleted or its address changed.",
      "In hybrid setups, the recipient object or its proxy address is missing in Exchange Online.",
    ],
    actions: [
      "Check the address; do not resend to it unchanged.",
      "Suppress it if it keeps failing; if the recipient insists it exists, their admin should check the directory.",
    ],
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-550-5-1-10-in-exchange-online`,
    example:
      "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.ndr-recipient-not-found",
    provider: "microsoft",
    // The plain-language line of the newer Microsoft 365 NDR layout.
    match: { text: [["couldn't be delivered", "wasn't found at"]] },
    reason: "userunknown",
    meaning: "The Microsoft 365 NDR says the recipient address was not found in the destination domain.",
    causes: ["The address is mistyped or no longer exists."],
    actions: ["Check the address and correct it.", "Suppress it if it keeps failing."],
    checks: ["address"],
    source: EXO_NDR,
    example:
      "Your message to user@example.com couldn't be delivered. user wasn't found at example.com. [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.no-mail-enabled-subscriptions",
    provider: "microsoft",
    match: { text: ["hosted tenant which has no mail-enabled subscriptions"] },
    reason: "notaccept",
    meaning:
      "The recipient domain is registered in a Microsoft 365 tenant that has no mail licence, so Microsoft has nowhere to deliver it (4.4.4).",
    causes: [
      "The domain's MX still points to Microsoft after the tenant's Exchange subscription ended.",
      "The tenant exists but has no mailbox licences.",
    ],
    actions: [
      "Tell the recipient through another channel; their admin must fix the MX or the subscription.",
      "Suppress the address if the condition lasts.",
    ],
    checks: ["mx"],
    source: EXO_NDR,
    example:
      "451 4.4.4 Mail received as unauthenticated, incoming to a recipient domain configured in a hosted tenant which has no mail-enabled subscriptions. ATTR5 [BN1PEPF0000468D.namprd05.prod.outlook.com 2024-08-13T13:12:35.600Z 08DCBB1A2B3C4D5E]",
  },
  {
    id: "microsoft.tenant-attribution-relay",
    provider: "microsoft",
    match: { text: ["tenantattribution; relay access denied"] },
    reason: "norelaying",
    meaning:
      "Microsoft 365 could not attribute the incoming relay to a tenant connector: mail from the on-premises or partner server no longer matches the inbound connector's settings (5.7.64).",
    causes: [
      "The on-premises server's public IP or certificate changed and the inbound connector was not updated.",
      "The connector was deleted or disabled.",
    ],
    actions: [
      "Update the inbound connector (sender IPs or certificate name) to match the relaying server.",
      "Rerun the Hybrid Configuration Wizard in hybrid deployments.",
    ],
    checks: ["tls", "dns"],
    source: `${EXO_FIX}fix-error-code-5-7-64-in-exchange-online`,
    example: "550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.relay-access-denied",
    provider: "microsoft",
    match: { text: ["relay access denied"], enhancedCodes: ["5.4.1"] },
    reason: "norelaying",
    meaning:
      "The Microsoft 365 server does not accept mail for the recipient's domain: the domain is not (or no longer) an accepted domain of the tenant its MX points to (5.4.1).",
    causes: [
      "The recipient domain's MX points to Microsoft 365 but the domain was removed from the tenant.",
      "DNS changes that have not propagated yet.",
      "Hybrid connector misconfiguration.",
    ],
    actions: [
      "Retry later if the recipient domain was recently moved (DNS can take up to 72 hours).",
      "Otherwise tell the recipient; their admin must fix the MX record or accepted domains.",
    ],
    checks: ["mx", "dns"],
    source: `${EXO_FIX}fix-error-code-550-5-4-1-in-exchange-online`,
    example: "550 5.4.1 Relay Access Denied [BL2NAM02FT061.eop-nam02.prod.protection.outlook.com]",
  },

  // ---- Exchange Online relaying a remote server's refusal ("Remote server returned ... -> original reply") -------
  {
    id: "microsoft.remote-unknown-recipient",
    provider: "microsoft",
    match: { text: ["remote server returned unknown recipient or mailbox unavailable"] },
    reason: "userunknown",
    meaning:
      "Exchange Online relayed the refusal of the next server (often a third-party or on-premises host), which said the recipient does not exist (5.1.351).",
    causes: ["The address does not exist on the downstream server."],
    actions: ["Check the address; the original reply after '->' says more.", "Suppress it if it keeps failing."],
    checks: ["address"],
    source: EXO_NDR,
    example:
      "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 5.1.1 <user@example.com>: Recipient address rejected: User unknown [SG2APC01HT226.eop-APC01.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.remote-message-detected-as-spam",
    provider: "microsoft",
    match: { text: ["remote server returned message detected as spam"] },
    reason: "spamdetected",
    meaning:
      "Exchange Online relayed the refusal of the destination server, which judged the message to be spam (5.7.350).",
    causes: ["The downstream filter scored the content or the sending infrastructure as spam."],
    actions: [
      "Read the original reply after '->' for the downstream filter's reason.",
      "Review the content and authentication, then resend.",
    ],
    checks: ["content", "spf", "dkim"],
    source: EXO_NDR,
    example:
      "550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Message rejected as spam [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.remote-not-permitted-to-relay",
    provider: "microsoft",
    match: { text: ["remote server returned not permitted to relay"] },
    reason: "norelaying",
    meaning:
      "A downstream gateway refused to relay a message that Exchange Online forwarded or relayed, usually because Microsoft sent it from its relay pool after SPF/DKIM failed on the way in (5.7.367).",
    causes: [
      "Forwarded mail whose original sender failed SPF and DKIM when it entered Microsoft 365.",
      "A third-party gateway that only relays for known Microsoft 365 outbound IPs.",
    ],
    actions: [
      "Make sure inbound mail passes SPF or DKIM (use Enhanced Filtering for Connectors behind a gateway).",
      "Avoid long forwarding chains; add sending domains as accepted domains where possible.",
    ],
    checks: ["spf", "dkim"],
    source: `${EXO_FIX}forwarded-message-rejected-5-7-367-ndr`,
    example:
      "550 5.7.367 Remote server returned not permitted to relay -> 554 5.7.1 Relaying denied [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.sender-denied",
    provider: "microsoft",
    match: { text: ["sender denied"], enhancedCodes: ["5.1.0"] },
    reason: "rejected",
    meaning:
      "The receiving Exchange organisation refused the sender: either the sender is blocked by its sender filtering, or the address information (often of a reply to an old or exported message) could not be resolved (5.1.0).",
    causes: [
      "The sender address or domain is on the recipient's blocked senders list.",
      "A reply to a message saved as a file or migrated, carrying stale internal address data.",
    ],
    actions: [
      "Retype the recipient's address instead of replying to the old message.",
      "If you are blocked, contact the recipient by another channel.",
    ],
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-550-5-1-0-in-exchange-online`,
    example: "550 5.1.0 Sender denied [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.hourly-receive-limit",
    provider: "microsoft",
    // 5.2.121: from one specific sender; 5.2.122: from all senders.
    match: { text: ["per hour message receive limit", "exceeded their limit for the number of messages"] },
    reason: "ratelimited",
    meaning:
      "The Microsoft 365 recipient has received more messages in the last hour than Exchange Online allows, either from this sender (5.2.121) or from everyone (5.2.122).",
    causes: [
      "An automated system sending many notifications to one mailbox.",
      "A mail storm or loop aimed at the recipient.",
    ],
    actions: [
      "Reduce how many messages you send to one recipient per hour (batch notifications into digests).",
      "Resend the refused messages later.",
    ],
    checks: ["volume"],
    source: EXO_NDR,
    example:
      "550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded. [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.too-many-envelope-recipients",
    provider: "microsoft",
    match: { text: ["too many recipients"], enhancedCodes: ["4.5.3"], providerOnly: true },
    reason: "ratelimited",
    meaning:
      "The session tried more envelope recipients for one domain than Microsoft 365 takes in a single transaction (more than 200); the rest must be sent in another transaction.",
    causes: ["The MTA groups too many RCPT TO for one Microsoft-hosted domain into one message."],
    actions: ["Let the MTA retry the deferred recipients; configure it to split recipient lists into smaller chunks."],
    checks: ["volume"],
    source: EXO_NDR,
    example: "452 4.5.3 Too many recipients (AS780090) [AM4PEPF00025F97.EURPRD83.prod.outlook.com]",
  },

  // ---- Content and format -------------------------------------------------------------------------------------------
  {
    id: "microsoft.bare-linefeeds",
    provider: "microsoft",
    match: { text: ["barelinefeedsareillegal", "contains bare linefeeds"] },
    reason: "contenterror",
    meaning:
      "The message contains bare line feeds (LF without CR), which SMTP DATA does not allow, and the receiving server does not offer BDAT to carry them (5.6.11).",
    causes: [
      "The sending application builds messages with Unix line endings.",
      "A disclaimer or signature tool inserted LF-only lines.",
    ],
    actions: [
      "Make the sending software emit CRLF line endings throughout the message.",
      "Resend after fixing the line endings.",
    ],
    checks: ["content"],
    source: `${EXO_FIX}fix-error-code-550-5-6-11-in-exchange-online`,
    example:
      "550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which cannot be sent via DATA and receiving system does not support BDAT [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.from-header-not-compliant",
    provider: "microsoft",
    match: { text: ["must be rfc 5322 section 3.6.2 compliant"] },
    reason: "notcompliantrfc",
    meaning:
      "Microsoft 365 requires a valid address in the From header (RFC 5322 section 3.6.2); the message had none or a malformed one (5.7.512).",
    causes: [
      "The From header is missing, empty or has no address.",
      "The address is malformed (no angle brackets around it when a display name is present, stray characters).",
    ],
    actions: ["Make the application write a From header such as 'Name <sender@example.com>'.", "Resend."],
    checks: ["content"],
    source: EXO_NDR,
    example:
      "550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a valid From address [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.policy-violation-nested-attachments",
    provider: "microsoft",
    match: { text: ["policy violation detected (as345)"] },
    reason: "policyviolation",
    meaning: "Exchange Online refused the message because of deeply nested attachments (5.0.350, AS345).",
    causes: ["Attachments inside attached messages inside attached messages, beyond the allowed depth."],
    actions: ["Send the files directly instead of as attachments of forwarded messages.", "Resend."],
    checks: ["content"],
    source: `${EXO_FIX}fix-error-code-550-5-0-350-in-exchange-online`,
    example:
      "550 5.0.350 Requested action not taken: policy violation detected (AS345) [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.x-dg-ref-too-long",
    provider: "microsoft",
    match: { text: ["x-dg-ref header is too long"] },
    reason: "contenterror",
    meaning:
      "The message, sent in Rich Text (TNEF) format, carries an internal x-dg-ref header longer than the receiving side accepts (5.0.350).",
    causes: ["Outlook sent the message in Rich Text format with embedded content."],
    actions: ["Resend the message in HTML or plain-text format."],
    checks: ["content"],
    source: `${EXO_FIX}550-x-dg-ref-header-too-long-ndr`,
    example: "550 5.0.350 x-dg-ref header is too long [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },

  // ---- Delivery infrastructure (Exchange Online sending to the Internet) ----------------------------------------
  {
    id: "microsoft.journaling-archive-disabled",
    provider: "microsoft",
    match: { text: ["not supported when journaling archive is disabled"] },
    reason: "policyviolation",
    meaning:
      "An on-premises journal rule sends journal reports to Microsoft 365, but the tenant has Journaling Archive turned off (5.3.190).",
    causes: ["Journaling Archive is disabled in the Microsoft 365 organisation."],
    actions: ["Enable Journaling Archive, or point the journal rule at another destination."],
    source: EXO_NDR,
    example:
      "550 5.3.190 Journaling on-premises messages to Microsoft 365 or Office 365 not supported when Journaling Archive is disabled [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.routing-loop",
    provider: "microsoft",
    match: { text: ["routing loop detected"] },
    reason: "networkerror",
    meaning:
      "The message went round in a loop between servers and Exchange stopped it after 20 hops (5.4.14 from Exchange Online, 5.4.6 from on-premises Exchange).",
    causes: [
      "Forwarding or inbox rules that send the message back and forth.",
      "Hybrid or connector routing that sends mail for a domain back where it came from.",
      "MX or accepted-domain settings pointing at each other.",
    ],
    actions: [
      "Check the recipient's and sender's forwarding and inbox rules.",
      "Check connectors and the domain type (authoritative vs internal relay) in hybrid setups.",
    ],
    checks: ["mx", "dns"],
    source: `${EXO_FIX}fix-error-code-5-4-6-through-5-4-20-in-exchange-online`,
    example: "500 5.4.6 Routing Loop Detected [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.dns-domain-nonexistent",
    provider: "microsoft",
    match: { text: ["infodomainnonexistent", ["dns domain", "does not exist"]] },
    reason: "hostunknown",
    meaning: "Exchange Online looked up the recipient domain in DNS and it does not exist (5.4.310).",
    causes: ["The domain is misspelled, expired or never registered."],
    actions: ["Check the domain part of the address.", "Suppress the address if the domain is gone."],
    checks: ["dns", "mx", "address"],
    source: EXO_NDR,
    example:
      "550 5.4.310 DNS domain example.com does not exist [Message=InfoDomainNonexistent] [LastAttemptedServerName=example.com] [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.dns-query-failed",
    provider: "microsoft",
    match: { text: ["dns query failed"], enhancedCodes: ["4.4.312", "5.4.312"] },
    reason: "networkerror",
    meaning:
      "Exchange Online could not get usable DNS answers for the recipient domain (no MX or address records, or the lookup failed) and gave up after retrying (4.4.312 / 5.4.312).",
    causes: ["The domain has no MX/A records.", "The domain's DNS servers fail or time out."],
    actions: [
      "Check the recipient domain's MX and A records.",
      "Tell the recipient if their DNS is broken; resend once it resolves.",
    ],
    checks: ["dns", "mx"],
    source: EXO_NDR,
    example:
      "550 5.4.312 Message expired, DNS query failed(InfoNoRecords) [SG2APC01HT226.eop-APC01.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.expired-connection-refused",
    provider: "microsoft",
    match: { text: ["message expired, connection refused"] },
    reason: "expired",
    meaning:
      "Exchange Online kept trying to connect to the recipient's mail server, was refused every time, and gave up when the message expired (5.4.316).",
    causes: ["The destination server is down, not listening on port 25, or blocks Microsoft's IPs."],
    actions: ["Tell the recipient their mail server refuses connections.", "Resend once their server is reachable."],
    checks: ["mx"],
    source: EXO_NDR,
    example:
      "550 5.4.316 Message expired, connection refused(Socket error code 10061) [SG2APC01HT007.eop-APC01.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.connection-refused",
    provider: "microsoft",
    match: { text: ["connection refused"], enhancedCodes: ["4.4.316"] },
    reason: "networkerror",
    meaning:
      "Exchange Online tried to connect to the external recipient server and the connection was refused; it keeps retrying (4.4.316).",
    causes: ["A network or service problem at the destination's location."],
    actions: [
      "Let Exchange Online retry.",
      "If it lasts, tell the recipient; the IP in the message shows whose server refuses.",
    ],
    checks: ["mx"],
    source: EXO_NDR,
    example:
      "450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mx.example.com] [LastAttemptedIP=192.0.2.30:25] [SG2APC01HT007.eop-APC01.prod.protection.outlook.com]",
  },
  {
    id: "microsoft.suspicious-remote-server",
    provider: "microsoft",
    match: { text: ["(suspiciousremoteservererror)", "connection was closed abruptly"] },
    reason: "networkerror",
    meaning:
      "The destination server kept closing or resetting the connection during delivery, so Exchange Online delayed and finally gave up (4.4.318 / 5.4.318).",
    causes: [
      "The remote server crashes, resets or times out while receiving the message.",
      "A firewall in front of it cuts the session.",
    ],
    actions: ["Tell the recipient's admins; their server or firewall drops sessions.", "Resend later."],
    checks: ["mx"],
    source: EXO_NDR,
    example:
      "550 5.4.318 Message expired, connection reset (SuspiciousRemoteServerError) [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.message-expired",
    provider: "microsoft",
    match: { text: ["message expired"], enhancedCodes: ["4.4.7", "5.4.300"] },
    reason: "expired",
    outcome: "permanent", // the queue gave up: final, even under a 4.4.7 code
    meaning:
      "The message stayed in the queue until it expired: the destination never accepted it within the retry period (4.4.7, 5.4.300).",
    causes: [
      "The receiving server was unreachable or kept deferring the message.",
      "A protocol time-out or a header limit on the remote side.",
      "For 5.4.300, an NDR about the message could not be delivered back to its sender either.",
    ],
    actions: [
      "Check the recipient domain's MX and whether its server accepts mail from you.",
      "Resend once the destination is reachable; reduce the number of recipients per message if the remote side limits headers.",
    ],
    checks: ["mx", "dns"],
    source: `${EXO_FIX}fix-error-code-550-4-4-7-in-exchange-online`,
    example: "550 4.4.7 Message expired [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.destination-tls-required",
    provider: "microsoft",
    match: {
      text: ["starttls-not-supported", "starttls is required to send mail", "[message=untrustedroot]"],
    },
    reason: "failedstarttls",
    meaning:
      "TLS with the other server could not be set up as required: the destination does not answer STARTTLS or the handshake fails, or its certificate chain cannot be validated (4.7.321/5.7.321, 4.4.317/5.4.317).",
    causes: [
      "The destination server does not offer STARTTLS, or its TLS configuration is broken.",
      "The server presents only its leaf certificate without the intermediate CA certificates.",
      "A connector on the sending side requires TLS that the destination cannot provide.",
    ],
    actions: [
      "Tell the destination's admins to enable STARTTLS and serve the full certificate chain.",
      "If you forced TLS on a connector, check that the destination supports it.",
    ],
    checks: ["tls"],
    source: `${EXO_FIX}fix-error-code-450-4-4-317-untrusted-root`,
    example:
      "450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mx.example.com] [LastAttemptedIP=192.0.2.30:25] [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.dane-validation-failed",
    provider: "microsoft",
    match: { text: ["certificate-expired:", "tlsa-invalid:", "certificate-host-mismatch:", "dnssec-invalid:"] },
    reason: "failedstarttls",
    meaning:
      "The destination domain publishes DNSSEC/DANE, and Exchange Online could not validate the destination's TLS against it: expired certificate, TLSA mismatch, name mismatch or invalid DNSSEC records (4.7.322-325, 5.7.322-325).",
    causes: [
      "The destination server's certificate expired or does not match its TLSA record.",
      "The certificate names do not cover the MX host name.",
      "Broken DNSSEC signatures for the destination domain.",
    ],
    actions: [
      "Tell the destination's admins; they must renew the certificate or fix the TLSA/DNSSEC records.",
      "Resend once validation succeeds.",
    ],
    checks: ["tls", "dns"],
    source: EXO_DANE,
    example: "550 5.7.323 tlsa-invalid: The domain failed DANE validation [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "microsoft.transient-service-error",
    provider: "microsoft",
    match: {
      text: ["pfa agent busy", "temporary server error. please try again later", "message failed to be replicated"],
    },
    reason: "systemerror",
    meaning: "A transient problem inside Microsoft's mail service deferred the message; it is retried automatically.",
    causes: ["A busy or failing front-end, proxy or replication component at Microsoft."],
    actions: ["Let the MTA retry.", "Check the Microsoft 365 service health page if it persists."],
    source: EXO_NDR,
    example: "451 4.7.700 PFA agent busy, please try again. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
  },
]);
