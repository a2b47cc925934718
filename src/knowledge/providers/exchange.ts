// Microsoft Exchange Server on premises (2003 to 2019, Subscription Edition): the component-tagged texts of its
// transport (RESOLVER.*, STOREDRV.*, ROUTING.*, SMTPSEND.*, QUEUE.*), its receive connectors ("Unable to relay",
// "Client was not authenticated") and the user-facing NDR sentences. Exchange Online reuses many of these texts;
// they are kept here once, and Online-only codes are in microsoft.ts.
// Sources: "DSNs and NDRs in Exchange Server" and the Exchange Online NDR pages on learn.microsoft.com.
// Generic-looking wordings carry `providerOnly` so that they name Exchange only when the reply shows an Exchange
// NDR ("Remote Server returned '...'", "#SMTP#", a RESOLVER/STOREDRV tag). First match wins: specific rules first.

import type { ProviderInfo } from "../types.js";
import { codeRange, defineProviderRules } from "../types.js";

const EXCH_NDR =
  "https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages";
const EXO_NDR =
  "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online";
const EXO_FIX = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/";
const EXCH_LIMITS = "https://learn.microsoft.com/en-us/exchange/mail-flow/message-rate-limits";
const EXCH_SIZE = "https://learn.microsoft.com/en-us/exchange/mail-flow/message-size-limits";
const EXCH_RELAY = "https://learn.microsoft.com/en-us/exchange/mail-flow/connectors/allow-anonymous-relay";

export const EXCHANGE: ProviderInfo = {
  id: "exchange",
  name: "Microsoft Exchange Server",
  markers: [
    "resolver.adr.",
    "resolver.rst.",
    "resolver.fwd.",
    "resolver.con.",
    "storedrv.",
    "smtpsend.",
    "routing.no",
    "queue.expired",
    "transport.rules.",
    "remote server returned '",
    "#smtp#",
    "diagnostic information for administrators",
    "microsoft exchange will not try to redeliver",
    "msexch",
  ],
  reference: EXCH_NDR,
};

export const EXCHANGE_RULES = defineProviderRules([
  // ---- Recipient resolution (RESOLVER.ADR / RESOLVER.RST) --------------------------------------------------------
  {
    id: "exchange.recipient-not-found",
    provider: "exchange",
    match: { text: ["resolver.adr.recipnotfound", "resolver.adr.x400recipnotfound"] },
    reason: "userunknown",
    meaning:
      "The Exchange organisation that owns the recipient domain has no mailbox, group or contact with this address (5.1.1).",
    causes: [
      "The address is mistyped.",
      "The mailbox was deleted, or the address was removed from it.",
      "The domain is accepted by the server but the person never had an address there.",
    ],
    actions: [
      "Check the address for typos; resending it unchanged fails again.",
      "Suppress the address if it keeps failing.",
    ],
    checks: ["address"],
    source: EXCH_NDR,
    example: "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##",
  },
  {
    id: "exchange.legacy-recipient-not-found",
    provider: "exchange",
    match: { text: ["resolver.adr.exrecipnotfound"] },
    reason: "userunknown",
    meaning:
      "Exchange could not find the recipient's internal (X.500 / legacyExchangeDN) address: the sender picked the recipient from a stale Outlook autocomplete entry or replied to an old or migrated message.",
    causes: [
      "The recipient's mailbox was recreated or moved, so the cached internal address is no longer valid.",
      "A reply to a message imported from a PST or a migration, which kept outdated address data.",
      "The offline address book is out of date.",
    ],
    actions: [
      "Delete the recipient's entry from the Outlook autocomplete list and type the address again.",
      "Update the offline address book; if the mailbox was recreated, add the old X.500 address to it as a proxy address.",
    ],
    checks: ["address"],
    source: `${EXO_FIX}exrecipnotfound-ndr`,
    example: "Remote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'",
  },
  {
    id: "exchange.not-authorized-for-recipient",
    provider: "exchange",
    match: { text: ["resolver.rst.notauthorized", "resolver.rst.notauthorizedtogroup"] },
    reason: "filtered",
    meaning:
      "The recipient (often a distribution group) accepts mail only from specific senders, and this sender is not one of them (5.7.1).",
    causes: [
      "Delivery restrictions on the group or mailbox ('accept messages only from').",
      "Moderation or sender restrictions on a large distribution list.",
    ],
    actions: [
      "Ask the group owner or the recipient's admin for permission to send.",
      "Send to the members directly if appropriate.",
    ],
    category: "policy",
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-550-5-7-1-in-exchange-online`,
    example: "#550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized ##",
  },
  {
    id: "exchange.authentication-required-for-recipient",
    provider: "exchange",
    match: { text: ["resolver.rst.authrequired"] },
    reason: "securityerror",
    meaning:
      "The recipient accepts mail only from authenticated (internal) senders, and the message arrived unauthenticated (5.7.1).",
    causes: [
      "The mailbox, group or public folder has 'require that all senders are authenticated' set.",
      "Internal mail reached the server through a connector that does not authenticate it.",
    ],
    actions: [
      "External senders: ask the recipient's admin to accept mail from external senders.",
      "Internal senders: check that internal mail flows through authenticated connectors.",
    ],
    checks: ["credentials"],
    source: `${EXO_FIX}fix-error-code-550-5-7-1-in-exchange-online`,
    example: "#550 5.7.1 RESOLVER.RST.AuthRequired; authentication required ##",
  },
  {
    id: "exchange.message-too-large-for-recipient",
    provider: "exchange",
    match: { text: ["resolver.rst.recipsizelimit"] },
    reason: "emailtoolarge",
    meaning: "The message is larger than the receive size limit set for this recipient or distribution group (5.2.3).",
    causes: ["Large attachments.", "A low per-recipient or per-group size limit."],
    actions: [
      "Send the file by link or split it into smaller messages.",
      "Ask the recipient's admin to raise the limit if appropriate.",
    ],
    checks: ["content"],
    source: EXCH_NDR,
    example: "#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##",
  },
  {
    id: "exchange.message-too-large-for-sender",
    provider: "exchange",
    match: {
      text: [
        "resolver.rst.sendsizelimit",
        // Exchange Online (mailbox submission): the same limit seen from the store driver
        "maxsubmissionexceeded",
        "messagesubmissionexceededexception",
      ],
    },
    reason: "emailtoolarge",
    meaning:
      "The message is larger than the sender's own organisation lets this sender (or the whole organisation) send (5.2.3).",
    causes: ["Large attachments.", "A low send size limit on the mailbox or in the organisation's transport settings."],
    actions: [
      "Shrink the message or share the file by link.",
      "Ask your admin to raise the send size limit if needed.",
    ],
    checks: ["content"],
    source: EXCH_SIZE,
    example: "#550 5.2.3 RESOLVER.RST.SendSizeLimit.Sender; message too large for this sender ##",
  },
  {
    id: "exchange.too-many-recipients",
    provider: "exchange",
    match: { text: ["resolver.adr.reciplimit", "pickup.reciplimit"] },
    reason: "ratelimited",
    meaning:
      "The message has more recipients (To, Cc and Bcc together) than the organisation, connector or sender is allowed in one message (5.5.3).",
    causes: ["A message addressed to a very long list of individual recipients."],
    actions: [
      "Split the recipient list over several messages, or use a distribution group.",
      "Ask the admin about the recipient limit.",
    ],
    checks: ["volume"],
    source: EXCH_SIZE,
    example: "#550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients ##",
  },
  {
    id: "exchange.recipient-directory-misconfigured",
    provider: "exchange",
    match: {
      text: [
        "resolver.adr.badprimary",
        "resolver.adr.ambiguous",
        "resolver.adr.invalid",
        "resolver.fwd.notfound",
        "resolver.fwd.invalid",
        "resolver.con.",
        "resolver.grp.invalidobject",
        "resolver.grp.ddlquery",
      ],
    },
    reason: "systemerror",
    meaning:
      "The recipient exists, but its directory object is misconfigured (missing primary SMTP address, duplicate proxy address, broken forwarding or contact target), so Exchange cannot deliver to it.",
    causes: [
      "Two directory objects share the same address (ambiguous).",
      "The recipient's primary SMTP address is missing or invalid.",
      "A forwarding address or mail contact points to an object that no longer exists.",
    ],
    actions: [
      "Tell the recipient's admins; the directory object must be corrected.",
      "Resend after they confirm the fix.",
    ],
    source: `${EXO_FIX}badprimary-ndr`,
    example: "#550 5.2.0 RESOLVER.ADR.BadPrimary; recipient primary SMTP address is missing or invalid ##",
  },

  // ---- Transport rules and restrictions ------------------------------------------------------------------------------
  {
    id: "exchange.transport-rule-reject",
    provider: "exchange",
    match: { text: ["transport.rules.rejectmessage", "delivery not authorized, message refused"] },
    reason: "policyviolation",
    meaning:
      "A mail flow (transport) rule in the recipient's, or the sender's, organisation rejected the message because it matched the rule's conditions.",
    causes: [
      "The content, attachment type, sender or recipient matched an organisation policy rule.",
      "A rule restricts who may send to certain recipients.",
    ],
    actions: [
      "Read the NDR for the rule's custom text, if any.",
      "Ask the organisation's email admin which rule fired and whether the message can be adjusted.",
    ],
    checks: ["content"],
    source: EXCH_NDR,
    example: "#550 5.7.1 TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy ##",
  },
  {
    id: "exchange.transport-rule-reject-code",
    provider: "exchange",
    // Rules may reject with their own text and any code in 5.7.900-5.7.999.
    match: { enhancedCodes: codeRange("5.7", 900, 999) },
    reason: "policyviolation",
    meaning:
      "A mail flow (transport) rule rejected the message with a custom status code from the 5.7.900-999 range reserved for such rules.",
    causes: ["The message matched a mail flow rule set to reject it."],
    actions: ["Read the rule's custom text in the reply.", "Contact the organisation's email admin about the rule."],
    checks: ["content"],
    source: EXCH_NDR,
    example: "550 5.7.901 Delivery not permitted: attachments of this type are blocked by company policy",
  },
  {
    id: "exchange.delivery-not-authorized",
    provider: "exchange",
    match: { text: ["delivery not authorized"], providerOnly: true },
    reason: "rejected",
    meaning:
      "The recipient's Exchange organisation does not allow this sender to send to the recipient (restricted group or mailbox).",
    causes: [
      "The recipient accepts mail only from members or listed senders.",
      "A transport rule restricts the sender.",
    ],
    actions: ["Ask the recipient or the group owner for permission to send."],
    category: "policy",
    checks: ["address"],
    source: `${EXO_FIX}fix-error-code-550-5-7-1-in-exchange-online`,
    example: "Remote Server returned '550 5.7.1 Delivery not authorized'",
  },

  // ---- Store driver (mailbox delivery) ----------------------------------------------------------------------------
  {
    id: "exchange.submission-quota-exceeded",
    provider: "exchange",
    match: {
      text: [
        "submissionquotaexceededexception",
        "submission quota exceeded",
        "submission quota was exceeded",
        "submission has been disabled for this account",
      ],
    },
    reason: "ratelimited",
    meaning:
      "The sending mailbox exceeded its sending limits (recipients per day or messages per minute), so Exchange stopped accepting its messages for now (5.2.2).",
    causes: [
      "A bulk send from an ordinary mailbox.",
      "An application or script sending through the mailbox.",
      "A compromised account sending spam.",
    ],
    actions: [
      "Check the account for compromise (sign-ins, inbox rules, forwarding).",
      "Wait for the sending window to clear, then send the rest gradually.",
      "Move bulk mail to a service made for it.",
    ],
    checks: ["volume", "credentials"],
    source: `${EXO_FIX}fix-error-for-submission-quota-exceeded-in-exchange-online`,
    example:
      "550 5.2.2 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message Cannot submit message.",
  },
  {
    id: "exchange.mailbox-full",
    provider: "exchange",
    match: {
      text: [
        "deliver.exception:quotaexceededexception",
        "mapiexceptionshutoffquotaexceeded",
        "mapiexceptionquotaexceeded",
        "storedrv.deliver: mailbox full",
        "storedrv.deliver; mailbox full",
      ],
    },
    reason: "mailboxfull",
    meaning: "The recipient's mailbox is over its storage quota and no longer accepts new messages (5.2.2).",
    causes: ["The recipient has not cleaned up the mailbox.", "A low quota on the mailbox."],
    actions: [
      "Tell the recipient by another channel, or wait and resend later.",
      "Suppress the address if it stays full for weeks (it may be abandoned).",
    ],
    checks: ["mailbox"],
    source: EXCH_NDR,
    example:
      "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message Cannot open mailbox /o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=user. 16.55847:4A0F0000",
  },
  {
    id: "exchange.send-as-denied",
    provider: "exchange",
    match: {
      text: [
        "sendasdeniedexception",
        "mapiexceptionsendasdenied",
        "does not have permissions to send as this sender",
        "does not have permissions to send on behalf of",
      ],
    },
    reason: "securityerror",
    meaning:
      "The authenticated account is not allowed to send with the From address it used: it lacks Send As (or Send on Behalf) permission for that mailbox (5.7.1, 5.7.60 in Exchange Online).",
    causes: [
      "An application authenticates as one mailbox but sends From another address.",
      "A shared mailbox or alias is used without Send As permission.",
    ],
    actions: [
      "Send with the authenticated mailbox's own address, or grant it Send As on the address used.",
      "Wait for the permission to replicate (can take up to an hour), then resend.",
    ],
    checks: ["credentials"],
    source: EXCH_NDR,
    example:
      "550 5.7.60 SMTP; Client does not have permissions to send as this sender [SA1PR12MB7982.namprd12.prod.outlook.com]",
  },
  {
    id: "exchange.recipient-thread-limit",
    provider: "exchange",
    match: {
      text: [
        "recipient thread limit exceeded",
        "mailbox database thread limit exceeded",
        "mailbox server thread limit exceeded",
        "dynamic mailbox database throttling limit exceeded",
        "excessive message rate from sender to recipient",
      ],
    },
    reason: "ratelimited",
    meaning:
      "Exchange is throttling delivery into the recipient's mailbox (or its database) because too many messages arrive at once; the message is retried.",
    causes: ["Many messages sent to the same mailbox in a short time.", "A busy mailbox database."],
    actions: ["Let the queue retry.", "Space out messages sent to a single recipient."],
    checks: ["volume"],
    source: EXO_NDR,
    example: "432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded",
  },
  {
    id: "exchange.invalid-recipient-address",
    provider: "exchange",
    match: { text: ["storedrv.submit; invalid recipient address", "pickup.invalidaddress"] },
    reason: "userunknown",
    meaning: "The recipient address is malformed (unsupported characters or invalid syntax) (5.1.3).",
    causes: ["A typo or stray character in the address.", "An address copied with extra punctuation."],
    actions: ["Correct the address and resend."],
    checks: ["address"],
    source: EXCH_NDR,
    example: "#550 5.1.3 STOREDRV.Submit; invalid recipient address ##",
  },
  {
    id: "exchange.disk-full",
    provider: "exchange",
    match: { text: ["storedrv; disk is full", "storedrv; mailbox disk is full"] },
    reason: "systemfull",
    meaning: "The recipient's Exchange server ran out of disk space for mailbox data and defers delivery.",
    causes: ["The disk holding the mailbox database is full."],
    actions: ["Let the queue retry.", "If it persists, tell the recipient's admins."],
    source: EXCH_NDR,
    example: "431 4.3.1 STOREDRV; disk is full",
  },
  {
    id: "exchange.mailbox-store-unavailable",
    provider: "exchange",
    match: {
      text: [
        "storedrv; mailbox database is offline",
        "storedrv; mailbox server is offline",
        "storedrv; mailbox database io error",
        "storedrv; mailbox logon failure",
        "storedrv.storage;",
        "mailbox database has moved",
        "recipient mailbox quarantined",
      ],
    },
    reason: "systemerror",
    meaning:
      "The recipient's mailbox database or server is offline, busy or failing, so Exchange cannot store the message right now.",
    causes: ["A database failover, maintenance or outage.", "A mailbox quarantined after repeated crashes."],
    actions: ["Let the queue retry.", "If the message finally bounces, tell the recipient's admins."],
    source: EXCH_NDR,
    example: "432 4.3.2 STOREDRV; mailbox database is offline",
  },
  {
    id: "exchange.store-driver-error",
    provider: "exchange",
    // Fallback for the remaining store-driver exceptions (e.g. ObjectNotFoundException.MapiExceptionNotFound).
    match: { text: ["storedrv.deliver", "storedrv.submit", "storedrv.submission"] },
    reason: "systemerror",
    meaning:
      "Exchange's store driver failed while writing the message into the recipient's mailbox (or reading it from the sender's) because of a server-side problem with that mailbox.",
    causes: [
      "A missing or damaged folder in the mailbox (for example the Clutter folder).",
      "Mailbox or directory misconfiguration on the server.",
    ],
    actions: [
      "Tell the recipient's admins; the diagnostic text names the failing component.",
      "Resend after they fix it.",
    ],
    source: `${EXO_FIX}mapiexceptionnotfound-ndr`,
    example:
      "554 5.2.0 STOREDRV.Deliver.Exception:ObjectNotFoundException.MapiExceptionNotFound; Failed to process message due to a permanent exception with message Cannot get ID from name.",
  },

  // ---- Routing, DNS and queues ---------------------------------------------------------------------------------------
  {
    id: "exchange.no-connector-for-address-type",
    provider: "exchange",
    match: { text: ["routing.noconnectorforaddresstype"] },
    reason: "systemerror",
    meaning:
      "The sending Exchange organisation has no connector that can route the recipient's address type (for example an X.400 or legacy address) (5.4.4).",
    causes: [
      "The recipient was taken from a stale entry with a non-SMTP address.",
      "A connector for that address space was removed.",
    ],
    actions: ["Retype the recipient's SMTP address.", "Ask your admin to check the send connectors' address spaces."],
    checks: ["address"],
    source: EXCH_NDR,
    example: "#550 5.4.4 ROUTING.NoConnectorForAddressType; unable to route for address type ##",
  },
  {
    id: "exchange.no-next-hop",
    provider: "exchange",
    match: { text: ["routing.nonexthop", "routing.invalidaddress"] },
    reason: "hostunknown",
    meaning:
      "Exchange found no route to the recipient's domain: no connector or DNS record gives it a next hop (5.4.4).",
    causes: ["The recipient domain does not exist or has no MX/A record.", "No send connector covers the domain."],
    actions: [
      "Check the domain part of the address and its MX records.",
      "Ask your admin to check send connectors if the domain is valid.",
    ],
    checks: ["mx", "dns", "address"],
    source: EXCH_NDR,
    example: "#550 5.4.4 ROUTING.NoNextHop; unable to route ##",
  },
  {
    id: "exchange.nonexistent-domain",
    provider: "exchange",
    match: { text: ["smtpsend.dns.nonexistentdomain"] },
    reason: "hostunknown",
    meaning: "The DNS lookup for the recipient's domain said the domain does not exist (5.4.4).",
    causes: [
      "The domain is misspelled or expired.",
      "The Exchange server uses DNS servers that cannot resolve external names.",
    ],
    actions: [
      "Check the domain part of the address.",
      "If the domain is valid, check the Exchange server's external DNS settings.",
    ],
    checks: ["dns", "mx", "address"],
    source: EXCH_NDR,
    example: "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
  },
  {
    id: "exchange.dns-misconfigured-destination",
    provider: "exchange",
    match: { text: ["smtpsend.dns.mxloopback", "smtpsend.dns.invaliddata"] },
    reason: "networkerror",
    meaning:
      "The recipient domain's DNS answers cannot be used: its MX records point back to the sending server (a loop) or the response is invalid (5.4.4).",
    causes: ["The domain's MX points at the sender's own server.", "Broken DNS records for the domain."],
    actions: [
      "Tell the recipient's admins to fix their MX records.",
      "Check your own accepted domains if the MX is yours.",
    ],
    checks: ["mx", "dns"],
    source: EXCH_NDR,
    example: "554 5.4.4 SMTPSEND.DNS.MxLoopback; DNS records for this domain are configured in a loop",
  },
  {
    id: "exchange.hop-count-exceeded",
    provider: "exchange",
    match: { text: ["hop count exceeded - possible mail loop", "resolver.fwd.loop", "proxy hop count exceeded"] },
    reason: "networkerror",
    meaning:
      "The message passed through too many servers (or a forwarding chain pointed back to itself) and Exchange stopped it as a mail loop (5.4.6).",
    causes: [
      "Forwarding or inbox rules sending the message back and forth.",
      "A mail user whose external address points back into the organisation.",
      "Connectors or MX records routing a domain in a circle.",
    ],
    actions: [
      "Check forwarding settings and inbox rules of the recipient and sender.",
      "Check the targetAddress of mail users and the routing of the domain.",
    ],
    checks: ["mx"],
    source: EXCH_NDR,
    example: "554 5.4.6 Hop count exceeded - possible mail loop",
  },
  {
    id: "exchange.queue-expired",
    provider: "exchange",
    match: { text: ["queue.expired"] },
    reason: "expired",
    meaning: "The message sat in the Exchange queue until it expired, without any delivery attempt succeeding (4.4.7).",
    causes: [
      "The destination server was unreachable or kept deferring the message.",
      "Send connector misconfiguration (DNS versus smart host routing).",
      "The destination refused the sender's HELO name or SPF.",
    ],
    actions: [
      "Read the last error in the NDR to see why the attempts failed.",
      "Check send connectors and DNS for the destination, then resend.",
    ],
    checks: ["mx", "dns"],
    source: EXCH_NDR,
    example: "550 4.4.7 QUEUE.Expired; message expired",
  },
  {
    id: "exchange.message-delayed",
    provider: "exchange",
    match: { text: ["message delayed"], enhancedCodes: ["4.4.7"] },
    reason: "expired",
    meaning:
      "Exchange has not been able to deliver the message yet and keeps retrying; this is a delay notice, not a final failure (4.4.7).",
    causes: [
      "The destination is slow, unreachable or deferring.",
      "Send connector or DNS trouble on the sending side.",
    ],
    actions: [
      "Do not resend; Exchange keeps retrying until the expiry time.",
      "Check the destination if delays repeat.",
    ],
    outcome: "temporary",
    checks: ["mx"],
    source: EXCH_NDR,
    example: "400 4.4.7 Message delayed",
  },
  {
    id: "exchange.connect-to-target-failed",
    provider: "exchange",
    match: {
      text: [
        "error encountered while communicating with primary target ip address",
        "failed to connect. winsock error code",
        "attempted failover to alternate host, but that did not succeed",
      ],
    },
    reason: "networkerror",
    meaning: "Exchange could not connect to, or lost the connection with, the destination mail server and will retry.",
    causes: [
      "The destination server is down or not listening on port 25.",
      "A firewall or the ISP blocks outbound port 25.",
      "Network timeouts between the servers.",
    ],
    actions: ["Let the queue retry.", "Test a connection to the destination on port 25 from the Exchange server."],
    checks: ["mx"],
    source: EXCH_NDR,
    example:
      '441 4.4.1 Error encountered while communicating with primary target IP address: "Failed to connect. Winsock error code: 10060, Win32 error code: 10060." Attempted failover to alternate host, but that did not succeed.',
  },
  {
    id: "exchange.connection-timed-out-or-dropped",
    provider: "exchange",
    match: {
      text: ["connection timed out", "connection dropped"],
      enhancedCodes: ["4.4.1", "4.4.2"],
      providerOnly: true,
    },
    reason: "networkerror",
    meaning: "The SMTP connection timed out or was dropped before the message was delivered; Exchange retries.",
    causes: ["Transient network problems.", "Antispam, proxy or firewall devices cutting the session."],
    actions: ["Let the queue retry.", "If it repeats, check firewalls and SMTP proxies between the servers."],
    checks: ["mx"],
    source: EXCH_NDR,
    example: "Remote Server returned '421 4.4.1 Connection timed out'",
  },
  {
    id: "exchange.submission-rate-limit",
    provider: "exchange",
    match: {
      text: [
        "message submission rate for this client has exceeded the configured limit",
        "message size limit for this connection reached",
        "the maximum number of concurrent server connections has exceeded a limit",
        "the maximum number of concurrent connections has exceeded a limit",
      ],
    },
    reason: "ratelimited",
    meaning:
      "The receiving Exchange server's connector limits were reached: too many messages per minute from this client, too much data on one connection, or too many simultaneous connections.",
    causes: [
      "An application or relay sending faster than the receive connector allows.",
      "Too many parallel connections from one source.",
    ],
    actions: [
      "Slow the sending rate and reduce parallel connections; the sender retries automatically.",
      "Ask the admin to raise the receive connector's limits for trusted relays.",
    ],
    checks: ["volume"],
    source: EXCH_LIMITS,
    example: "421 4.4.2 Message submission rate for this client has exceeded the configured limit",
  },
  {
    id: "exchange.insufficient-resources",
    provider: "exchange",
    match: { text: ["insufficient system resources"] },
    reason: "systemfull",
    meaning:
      "The receiving Exchange server is under back pressure (low disk space for the queue database or low memory) and temporarily refuses mail.",
    causes: ["The queue database disk is nearly full.", "Memory pressure on the transport service."],
    actions: ["Let the sender retry.", "Recipient's admins: free disk space or memory and check back pressure events."],
    source: EXCH_NDR,
    example: "452 4.3.1 Insufficient system resources",
  },
  {
    id: "exchange.service-not-active",
    provider: "exchange",
    match: { text: ["system not accepting network messages", "service not active"] },
    reason: "systemerror",
    meaning:
      "The receiving Exchange transport is not accepting mail at the moment (components inactive, maintenance, or an agent failure).",
    causes: [
      "Server components left inactive after maintenance.",
      "A failing or incompatible transport agent.",
      "A custom receive connector bound to the wrong transport service.",
    ],
    actions: ["Let the sender retry.", "Recipient's admins: check server component states and transport agents."],
    source: EXCH_NDR,
    example: "421 4.3.2 System not accepting network messages",
  },
  {
    id: "exchange.message-size-limit",
    provider: "exchange",
    match: {
      text: [
        "message size exceeds fixed maximum size",
        "message size exceeds a fixed maximum size limit",
        "header size exceeds fixed maximum size",
        "routing.sizelimit",
      ],
    },
    reason: "emailtoolarge",
    meaning:
      "The message (or its header) is larger than the fixed maximum size that an Exchange connector, route or pickup directory on the way accepts (5.3.4).",
    causes: ["Large attachments.", "Size limits on a connector or the organisation lower than the message."],
    actions: [
      "Send the file by link, compress it or split it.",
      "Ask the admins about the size limit if large mail is expected.",
    ],
    checks: ["content"],
    source: EXCH_SIZE,
    example: "550 5.3.4 SMTPSEND.OverAdvertisedSize; message size exceeds fixed maximum size",
  },
  {
    id: "exchange.message-size-limit-receive",
    provider: "exchange",
    // Sendmail uses the same wording, so only trust it when the reply shows an Exchange NDR.
    match: {
      text: ["message size exceeds fixed maximum message size", "message too big for system"],
      providerOnly: true,
    },
    reason: "emailtoolarge",
    meaning:
      "The receiving Exchange server refused the message because it is larger than its receive connector or organisation size limit (5.3.4).",
    causes: [
      "Large attachments (encoding adds about a third to their size).",
      "A low receive size limit at the destination.",
    ],
    actions: ["Send the file by link, compress it or split it.", "Ask the recipient's admins about their size limit."],
    checks: ["content"],
    source: EXCH_SIZE,
    example: "Remote Server returned '552 5.3.4 Message size exceeds fixed maximum message size'",
  },

  // ---- Receive connectors: relay, authentication, permissions ------------------------------------------------------
  {
    id: "exchange.relay-non-accepted-domain",
    provider: "exchange",
    match: { text: ["unable to relay recipient in non-accepted domain", "unable to relay. attr"] },
    reason: "norelaying",
    meaning:
      "The Exchange server refused to relay: the recipient's domain is not one it accepts mail for, and the client has no relay permission (5.7.54).",
    causes: [
      "An application or device submits to Exchange anonymously and sends to external recipients.",
      "The receive connector used lacks relay permission for the client's IP.",
      "The client did not authenticate.",
    ],
    actions: [
      "Authenticate the application, or create a dedicated receive connector that allows anonymous relay from its IP only.",
      "Check that the recipient's domain is spelled right.",
    ],
    checks: ["credentials"],
    source: EXCH_RELAY,
    example: "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain",
  },
  {
    id: "exchange.unable-to-relay",
    provider: "exchange",
    match: { text: ["unable to relay"], providerOnly: true },
    reason: "norelaying",
    meaning:
      "The Exchange server is not the destination for this recipient and does not allow this client to relay through it (5.7.1).",
    causes: [
      "Anonymous relay attempt to an external domain.",
      "The recipient domain's MX points to a server that does not host the domain.",
    ],
    actions: [
      "Send through a server you are allowed to relay through, or authenticate.",
      "Check the recipient domain's MX.",
    ],
    checks: ["mx", "credentials"],
    source: EXCH_NDR,
    example: "Remote Server returned '550 5.7.1 Unable to relay'",
  },
  {
    id: "exchange.client-not-authenticated",
    provider: "exchange",
    match: { text: ["client was not authenticated"] },
    reason: "securityerror",
    meaning:
      "The receiving Exchange server accepts mail only from authenticated clients, and the sending server or application did not authenticate (5.7.1).",
    causes: [
      "The receive connector does not allow anonymous users (common on internal or submission connectors).",
      "An application connected to the wrong port or connector.",
    ],
    actions: [
      "Applications: authenticate, or use the connector meant for anonymous mail.",
      "Internet senders: tell the recipient's admins their internet-facing connector rejects anonymous mail.",
    ],
    checks: ["credentials"],
    source: EXCH_NDR,
    example: "530 5.7.1 Client was not authenticated",
  },
  {
    id: "exchange.authentication-unsuccessful",
    provider: "exchange",
    match: { text: ["authentication unsuccessful"] },
    reason: "securityerror",
    meaning: "SMTP AUTH against the Exchange server failed: the credentials were refused (5.7.3).",
    causes: [
      "Wrong username or password.",
      "The account is locked, disabled or lacks a mailbox.",
      "Basic authentication is disabled.",
    ],
    actions: ["Check the credentials the application uses.", "Check that the account may use SMTP AUTH."],
    checks: ["credentials"],
    source: EXCH_NDR,
    example: "535 5.7.3 Authentication unsuccessful",
  },
  {
    id: "exchange.server-authentication-failed",
    provider: "exchange",
    match: { text: ["cannot achieve exchange server authentication", "exchange server authentication failed"] },
    reason: "securityerror",
    meaning:
      "Two Exchange servers could not authenticate each other (X-EXPS) for internal mail flow, so the internal hop failed (5.7.3).",
    causes: [
      "A firewall or SMTP proxy strips the X-EXPS extended SMTP command.",
      "Internal mail flows through a connector not set for Exchange Server authentication.",
    ],
    actions: [
      "Exempt internal Exchange traffic from SMTP inspection on firewalls.",
      "Check the authentication methods and remote IP ranges of custom receive connectors.",
    ],
    checks: ["tls"],
    source: EXCH_NDR,
    example: "451 5.7.3 Cannot achieve Exchange Server authentication",
  },
  {
    id: "exchange.submit-permission-denied",
    provider: "exchange",
    match: { text: ["does not have permissions to submit to this server"] },
    reason: "blocked",
    meaning:
      "The receiving Exchange server does not allow this client to submit mail on the connector it reached (no anonymous or partner permission for the sending IP).",
    causes: [
      "The connector serving the sender's IP lacks 'anonymous users' permission.",
      "The sending IP falls into a connector's remote IP range meant for internal clients.",
    ],
    actions: ["Tell the recipient's admins; their receive connector permissions must allow your server."],
    checks: ["blocklist"],
    source: EXCH_RELAY,
    example: "550 5.7.1 Client does not have permissions to submit to this server",
  },

  // ---- Antispam agents ----------------------------------------------------------------------------------------------
  {
    id: "exchange.content-filter",
    provider: "exchange",
    match: { text: ["message rejected as spam by content filtering", "content filter agent quarantined this message"] },
    reason: "spamdetected",
    meaning: "Exchange's content filter agent scored the message as spam and rejected or quarantined it.",
    causes: ["Spam-like content, links or formatting.", "Poor sender reputation influencing the score."],
    actions: [
      "Review the content (links, images-only layouts, wording) and authentication.",
      "Ask the recipient to add you to their safe senders or their admin to create an exception.",
    ],
    checks: ["content", "spf", "dkim"],
    source: EXCH_NDR,
    example: "550 5.7.1 Message rejected as spam by Content Filtering.",
  },
  {
    id: "exchange.sender-id-failed",
    provider: "exchange",
    match: { text: ["sender id (pra) not permitted"] },
    reason: "authfailure",
    meaning:
      "Exchange's Sender ID agent checked the purported responsible address (PRA) against the domain's SPF record and the sending IP is not permitted.",
    causes: [
      "The sending IP is missing from the SPF record of the From / Sender domain.",
      "Forwarding from another server.",
    ],
    actions: ["Add the sending server to the domain's SPF record.", "Resend once SPF passes."],
    checks: ["spf"],
    source: EXCH_NDR,
    example: "550 5.7.1 Sender ID (PRA) Not Permitted",
  },

  // ---- Address syntax and reserved domains --------------------------------------------------------------------------
  {
    id: "exchange.reserved-or-single-label-domain",
    provider: "exchange",
    match: {
      text: ["recipient address reserved by rfc 2606", "recipient addresses in single label domains not accepted"],
    },
    reason: "hostunknown",
    meaning:
      "The recipient's domain cannot be real: it is a reserved test domain (RFC 2606: .test, .example, example.com ...) or a single-label name without a dot, and the Exchange connector refuses it (5.1.4-5.1.6).",
    causes: ["A placeholder or test address was used.", "The domain part lacks its top-level domain (user@contoso)."],
    actions: ["Correct the address.", "Remove test addresses from mailing lists."],
    checks: ["address"],
    source: EXCH_NDR,
    example: "550 5.1.4 Recipient address reserved by RFC 2606",
  },
  {
    id: "exchange.invalid-sender-address",
    provider: "exchange",
    match: { text: ["unknown sender address", "5.1.7 invalid address"] },
    reason: "rejected",
    meaning: "The Exchange server rejected the sender's (MAIL FROM) address as invalid or unknown (5.1.7).",
    causes: ["A malformed or empty envelope sender.", "A sender domain the server cannot verify."],
    actions: ["Fix the envelope sender address used by the sending application or MTA."],
    checks: ["address", "dns"],
    source: EXCH_NDR,
    example: "501 5.1.7 Invalid address",
  },
  {
    id: "exchange.mailbox-cannot-be-accessed",
    provider: "exchange",
    match: { text: ["mailbox cannot be accessed"] },
    reason: "suspend",
    meaning: "The recipient's mailbox exists but cannot be reached: it is disabled or offline (5.2.1).",
    causes: ["The mailbox is disabled or being moved.", "The mailbox database is unavailable."],
    actions: ["Retry later; if it keeps failing, contact the recipient by another channel."],
    checks: ["mailbox"],
    source: EXCH_NDR,
    example: "550 5.2.1 Mailbox cannot be accessed",
  },

  // ---- Content and protocol ----------------------------------------------------------------------------------------
  {
    id: "exchange.poison-message",
    provider: "exchange",
    match: { text: ["too many related errors", "message is treated as poison", "smtpsend.poisonforremote"] },
    reason: "contenterror",
    meaning:
      "Exchange judged the message malformed because processing it repeatedly crashed a component, and moved it out of the normal flow (poison message) (5.3.0).",
    causes: [
      "A malformed MIME structure or header that breaks the transport.",
      "A transport agent bug triggered by the message.",
    ],
    actions: ["Resend the content in a new, simpler message.", "Admins: inspect the poison message queue."],
    checks: ["content"],
    source: EXCH_NDR,
    example: "530 5.3.0 Too many related errors",
  },
  {
    id: "exchange.system-incorrectly-configured",
    provider: "exchange",
    match: { text: ["system incorrectly configured", "agent generated message depth exceeded"] },
    reason: "systemerror",
    meaning:
      "The receiving Exchange server detected a configuration loop (for example its connector FQDN matches another server in the mail flow) and refused the message (5.3.5).",
    causes: [
      "A receive connector FQDN equal to another server's name.",
      "Agents generating messages about messages in a loop.",
    ],
    actions: ["Tell the recipient's admins; they must correct the connector FQDN or agent configuration."],
    source: EXCH_NDR,
    example: "550 5.3.5 System incorrectly configured",
  },
  {
    id: "exchange.send-hello-first",
    provider: "exchange",
    match: { text: ["send hello first", "send ehlo first"] },
    reason: "syntaxerror",
    meaning:
      "The client sent an SMTP command (MAIL FROM, AUTH ...) before greeting the server with EHLO or HELO (5.5.2).",
    causes: ["A badly written SMTP client or script.", "A proxy that altered the session."],
    actions: ["Make the client send EHLO (or HELO) first after connecting."],
    checks: ["helo"],
    source: EXCH_NDR,
    example: "503 5.5.2 Send hello first",
  },

  // ---- User-facing NDR sentences (Exchange 2003-2019) ---------------------------------------------------------------
  {
    id: "exchange.ndr-address-not-found",
    provider: "exchange",
    match: {
      text: [
        "the e-mail address you entered couldn't be found",
        "the email address you entered couldn't be found",
        "the recipient's e-mail address was not found in the recipient's e-mail system",
        "the e-mail account does not exist at the organization this message was sent to",
      ],
    },
    reason: "userunknown",
    meaning: "The Exchange NDR's user section says the recipient address does not exist at the destination.",
    causes: ["The address is mistyped or no longer exists."],
    actions: ["Check the address and correct it.", "Suppress it if it keeps failing."],
    checks: ["address"],
    source: EXCH_NDR,
    example:
      "The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message. If the problem continues, please contact your helpdesk.",
  },
  {
    id: "exchange.ndr-mailbox-full",
    provider: "exchange",
    match: { text: ["mailbox is full and can't accept messages now"] },
    reason: "mailboxfull",
    meaning: "The Exchange NDR's user section says the recipient's mailbox is full.",
    causes: ["The recipient's mailbox is over quota."],
    actions: ["Wait and resend later, or reach the recipient by another channel."],
    checks: ["mailbox"],
    source: EXCH_NDR,
    example:
      "The recipient's mailbox is full and can't accept messages now. Microsoft Exchange will not try to redeliver this message for you. Please try resending this message later, or contact the recipient directly.",
  },
  {
    id: "exchange.e2003-user-unknown-code",
    provider: "exchange",
    // Exchange 2000/2003 NDR diagnostic "<server.example.com #5.1.1>" (qmail writes "(#5.1.1)" instead).
    match: { text: ["#5.1.1>"] },
    reason: "userunknown",
    meaning: "An Exchange 2000/2003 server reported that the recipient address does not exist (status 5.1.1).",
    causes: ["The address is mistyped or was removed."],
    actions: ["Check the address; suppress it if it keeps failing."],
    checks: ["address"],
    source: EXCH_NDR,
    example: "<mail.example.com #5.1.1>",
  },
]);
