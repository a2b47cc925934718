// Services that send mail with their customers' addresses in From, recognised in DMARC aggregate reports (issue 6):
// by the reverse-DNS (PTR) name of the sending IP, by the DKIM d= domain of a signature that passed, or by the SPF
// (return-path) domain that passed. Data only; src/core/dmarc/analyze.ts reads it through serviceOf* below.
//
// How a row is read: a name matches a row when it equals one of the row's domains or ends with "." + that domain.
// Rows are tried in order, the first match wins; no domain appears in two rows (dmarc-senders.test.ts checks it).
// Only domains that the service itself owns are listed, so a passing DKIM signature or SPF result for one of them
// can only come from that service. PTR names prove less: the owner of an IP address writes its PTR record, and a
// PTR name is not checked against the forward DNS here, so a PTR match is the weakest of the three.
//
// `ptrSource` says where the PTR domains come from: "observed" means from general knowledge of the service's
// outbound hosts (as seen in message headers and reverse DNS), not from a page of the service; `source` is the
// service's own page for the DKIM / return-path facts and for the setup named in `fix`, or "observed" likewise.
// `docs` is the page a user follows to do the fix (when a general help site is all we are sure of, that).

export type SenderKind =
  /** Transactional / API sending services. */
  | "esp"
  /** Newsletter and marketing-automation platforms. */
  | "marketing"
  | "crm"
  | "helpdesk"
  /** Hosted mailboxes (Google Workspace, Microsoft 365, ...) and consumer webmail. */
  | "mailbox"
  /** Filtering gateways that relay their customers' mail in and out. */
  | "security-gateway"
  /** Web hosts and their outbound relays (contact forms, shared-hosting mail). */
  | "hosting"
  /** Mailing-list services that redistribute mail written by others. */
  | "list";

export interface DmarcSenderService {
  /** Stable kebab-case id. */
  readonly id: string;
  readonly name: string;
  readonly kind: SenderKind;
  /** Registrable domains (lowercase) of the PTR names of the service's outbound IPs. */
  readonly ptrDomains: readonly string[];
  /** d= domains the service signs with when the customer has not set up DKIM with their own domain. */
  readonly dkimDomains: readonly string[];
  /**
   * d= domains the service gives each customer account by default (Google Workspace's <domain>.<date>.gappssmtp.com,
   * Microsoft 365's <tenant>.onmicrosoft.com): a pass there shows the mail came from the customer's own account.
   */
  readonly tenantDkimDomains?: readonly string[];
  /** Envelope-from (return-path) domains the service uses by default; an SPF pass there names the service. */
  readonly returnPathDomains: readonly string[];
  /** What to do at the service so its mail aligns with your domain (our words). */
  readonly fix: string;
  readonly docs: string;
  readonly source: string;
  readonly ptrSource: string;
  /** A PTR name (or, for a service without own PTR names, a d= domain) that a test maps back to this row. */
  readonly examplePtr?: string;
  readonly exampleDkim?: string;
}

const OBSERVED = "observed";

export const DMARC_SENDERS = [
  // ---- ESPs -----------------------------------------------------------------------------------------------------
  {
    id: "amazon-ses",
    name: "Amazon SES",
    kind: "esp",
    ptrDomains: ["amazonses.com"],
    dkimDomains: ["amazonses.com"],
    returnPathDomains: ["amazonses.com"],
    fix:
      "In Amazon SES, verify your domain as an identity with Easy DKIM and publish the three CNAME records SES gives, so " +
      "SES signs with your domain; then set a custom MAIL FROM domain (a subdomain of yours with the MX and SPF records " +
      "SES shows) so the return-path aligns too.",
    docs: "https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html",
    source:
      "https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html; https://docs.aws.amazon.com/ses/latest/dg/mail-from.html",
    ptrSource: OBSERVED,
    examplePtr: "a8-49.smtp-out.amazonses.com",
  },
  {
    id: "sendgrid",
    name: "Twilio SendGrid",
    kind: "esp",
    ptrDomains: ["sendgrid.net"],
    dkimDomains: ["sendgrid.net", "sendgrid.info"],
    returnPathDomains: ["sendgrid.net"],
    fix:
      "In SendGrid, complete Domain Authentication (Settings > Sender Authentication) for your domain and publish the " +
      "CNAME records it gives: SendGrid then signs with your domain and uses a return-path subdomain of yours.",
    docs: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication",
    source: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication",
    ptrSource: OBSERVED,
    examplePtr: "wrqvtzvf.outbound-mail.sendgrid.net",
  },
  {
    id: "mandrill",
    name: "Mailchimp Transactional (Mandrill)",
    kind: "esp",
    ptrDomains: ["mandrillapp.com"],
    dkimDomains: ["mandrillapp.com"],
    returnPathDomains: ["mandrillapp.com"],
    fix:
      "In Mandrill (Settings > Sending Domains), add your domain, publish its DKIM record (mandrill._domainkey) and " +
      "verify it; set a custom return-path domain as well so SPF aligns.",
    docs: "https://mailchimp.com/developer/transactional/docs/authentication-delivery/",
    source: "https://mailchimp.com/developer/transactional/docs/authentication-delivery/",
    ptrSource: OBSERVED,
    examplePtr: "mail134-5.atl131.mandrillapp.com",
  },
  {
    id: "mailgun",
    name: "Mailgun",
    kind: "esp",
    ptrDomains: ["mailgun.net", "mailgun.info", "mailgun.us"],
    dkimDomains: ["mailgun.org"],
    returnPathDomains: ["mailgun.org"],
    fix:
      "Send from a domain added and verified in Mailgun (for example mg.<your domain>), with its DKIM TXT record and " +
      "its MX and SPF records published: Mailgun then signs with that domain and uses it as return-path, and both " +
      "align with your From domain under relaxed alignment.",
    docs: "https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/",
    source: "https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/",
    ptrSource: OBSERVED,
    examplePtr: "m228-12.mailgun.net",
  },
  {
    id: "sparkpost",
    name: "SparkPost (Bird)",
    kind: "esp",
    ptrDomains: ["sparkpostmail.com"],
    dkimDomains: ["sparkpostmail.com"],
    returnPathDomains: ["sparkpostmail.com"],
    fix:
      "Add your domain as a sending domain in SparkPost and publish the DKIM TXT record it shows; add a bounce domain " +
      "(a subdomain of yours as a CNAME to SparkPost) so the return-path aligns too.",
    docs: "https://support.sparkpost.com/docs/getting-started/setting-up-domains",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mta-211-5.sparkpostmail.com",
  },
  {
    id: "postmark",
    name: "Postmark",
    kind: "esp",
    ptrDomains: ["mtasv.net"],
    dkimDomains: ["mtasv.net"],
    returnPathDomains: ["mtasv.net"],
    fix:
      "In Postmark (Sender Signatures > DNS Settings), publish the DKIM record for your domain and a custom " +
      "Return-Path: a CNAME such as pm-bounces.<your domain> pointing to pm.mtasv.net.",
    docs: "https://postmarkapp.com/blog/introducing-full-dmarc-support-with-custom",
    source: "https://postmarkapp.com/blog/introducing-full-dmarc-support-with-custom",
    ptrSource: OBSERVED,
    examplePtr: "mta222a.pmta.mtasv.net",
  },
  {
    id: "mailjet",
    name: "Mailjet",
    kind: "esp",
    ptrDomains: ["mailjet.com"],
    dkimDomains: ["mailjet.com"],
    returnPathDomains: ["mailjet.com"],
    fix:
      "In Mailjet's domain settings, authenticate your domain: publish the DKIM TXT record " +
      "(mailjet._domainkey) and add include:spf.mailjet.com to your SPF record.",
    docs: "https://documentation.mailjet.com/hc/en-us/articles/360042412734",
    source: "https://documentation.mailjet.com/hc/en-us/articles/360042412734",
    ptrSource: OBSERVED,
    examplePtr: "o42.p25.mailjet.com",
  },
  {
    id: "smtp2go",
    name: "SMTP2GO",
    kind: "esp",
    ptrDomains: ["smtp2go.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "In SMTP2GO (Sending > Verified Senders), add your domain as a sender domain and publish the CNAME records it " +
      "gives for DKIM and the return-path.",
    docs: "https://support.smtp2go.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "e2i340.smtp2go.com",
  },
  // ---- marketing platforms --------------------------------------------------------------------------------------
  {
    id: "mailchimp",
    name: "Mailchimp",
    kind: "marketing",
    ptrDomains: ["mcsv.net", "mcdlv.net", "rsgsv.net"],
    dkimDomains: ["mcsv.net", "mcdlv.net"],
    returnPathDomains: ["mcsv.net", "mcdlv.net", "rsgsv.net"],
    fix:
      "On Mailchimp's Domains page, authenticate your domain: publish the two DKIM CNAME records (k2 and k3 " +
      "._domainkey) it shows, so campaigns are signed with your domain.",
    docs: "https://mailchimp.com/help/set-up-email-domain-authentication/",
    source: "https://mailchimp.com/help/set-up-email-domain-authentication/",
    ptrSource: OBSERVED,
    examplePtr: "mail135-42.atl121.mcsv.net",
  },
  {
    id: "brevo",
    name: "Brevo (formerly Sendinblue)",
    kind: "marketing",
    ptrDomains: ["sendinblue.com", "brevo.com"],
    dkimDomains: ["sendinblue.com", "brevo.com"],
    returnPathDomains: ["sendinblue.com", "brevo.com"],
    fix:
      "In Brevo (Senders, Domains & Dedicated IPs > Domains), authenticate your domain: publish the Brevo code, the " +
      "DKIM records and the DMARC record it lists.",
    docs: "https://help.brevo.com/hc/en-us/articles/12163873383186",
    source: "https://help.brevo.com/hc/en-us/articles/12163873383186",
    ptrSource: OBSERVED,
    examplePtr: "r191.mail-out.sendinblue.com",
  },
  {
    id: "klaviyo",
    name: "Klaviyo",
    kind: "marketing",
    ptrDomains: ["klaviyomail.com"],
    dkimDomains: ["klaviyomail.com"],
    returnPathDomains: ["klaviyomail.com"],
    fix:
      "In Klaviyo's domain settings, set up a branded sending domain on a subdomain of yours and publish the records " +
      "it generates; until then Klaviyo sends under its shared klaviyomail.com domain, which does not align.",
    docs: "https://help.klaviyo.com/hc/en-us/articles/115000357752",
    source: "https://help.klaviyo.com/hc/en-us/articles/115000357752",
    ptrSource: OBSERVED,
    examplePtr: "mta-172-81.klaviyomail.com",
  },
  {
    id: "constant-contact",
    name: "Constant Contact",
    kind: "marketing",
    ptrDomains: ["constantcontact.com", "msgexch.com"],
    dkimDomains: ["ccsend.com"],
    returnPathDomains: ["constantcontact.com", "ccsend.com"],
    fix:
      "In Constant Contact's account settings, turn on self-authentication (DKIM) for your domain and publish the CNAME " +
      "records (ctct1 and ctct2._domainkey) it shows.",
    docs: "https://knowledgebase.constantcontact.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "ccm28.constantcontact.com",
  },
  {
    id: "campaign-monitor",
    name: "Campaign Monitor",
    kind: "marketing",
    ptrDomains: ["cmail19.com", "cmail20.com", "createsend.com"],
    dkimDomains: ["cmail19.com", "cmail20.com", "createsend.com"],
    returnPathDomains: ["cmail19.com", "cmail20.com"],
    fix:
      "In Campaign Monitor, verify your sending domain and publish the DKIM record (cm._domainkey) it shows so " +
      "campaigns are signed with your domain.",
    docs: "https://help.campaignmonitor.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mail53.cmail19.com",
  },
  {
    id: "marketo",
    name: "Adobe Marketo Engage",
    kind: "marketing",
    ptrDomains: ["mktomail.com"],
    dkimDomains: ["mktomail.com"],
    returnPathDomains: ["mktomail.com"],
    fix:
      "In Marketo Admin (Email > DKIM), add your domain and publish the DKIM record it shows; ask Marketo for a branded " +
      "return-path so SPF aligns too.",
    docs: "https://experienceleague.adobe.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mail1311.sjg.mktomail.com",
  },
  {
    id: "salesforce-marketing-cloud",
    name: "Salesforce Marketing Cloud (ExactTarget)",
    kind: "marketing",
    ptrDomains: ["exacttarget.com", "exactt.com"],
    dkimDomains: ["exacttarget.com"],
    returnPathDomains: ["exacttarget.com"],
    fix:
      "Set up a Sender Authentication Package or a private domain in Marketing Cloud, so mail is signed with your " +
      "domain and bounces go to a return-path subdomain of yours.",
    docs: "https://help.salesforce.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mta12.s7.exacttarget.com",
  },
  {
    id: "pardot",
    name: "Salesforce Account Engagement (Pardot)",
    kind: "marketing",
    ptrDomains: ["pd25.com"],
    dkimDomains: ["pardot.com"],
    returnPathDomains: ["pardot.com", "pd25.com"],
    fix: "In Account Engagement's Domain Management, add and verify your domain and publish the DKIM record it shows.",
    docs: "https://help.salesforce.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mail2.pd25.com",
  },
  {
    id: "zoho-campaigns",
    name: "Zoho Campaigns",
    kind: "marketing",
    ptrDomains: ["zcsend.net"],
    dkimDomains: ["zcsend.net"],
    returnPathDomains: ["zcsend.net"],
    fix: "In Zoho Campaigns, authenticate your sender domain: publish the DKIM and SPF records it lists.",
    docs: "https://www.zoho.com/campaigns/help/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "sender41.zcsend.net",
  },
  // ---- CRM and helpdesks ----------------------------------------------------------------------------------------
  {
    id: "hubspot",
    name: "HubSpot",
    kind: "crm",
    ptrDomains: ["hubspotemail.net"],
    dkimDomains: ["hubspotemail.net"],
    returnPathDomains: ["hubspotemail.net"],
    fix:
      "In HubSpot (Settings > Content > Domains & URLs > Email Sending Domains), connect your domain and publish the " +
      "DKIM CNAME records it shows.",
    docs: "https://knowledge.hubspot.com/marketing-email/manage-email-authentication-in-hubspot",
    source: "https://knowledge.hubspot.com/marketing-email/manage-email-authentication-in-hubspot",
    ptrSource: OBSERVED,
    examplePtr: "a12-34.smtp-out.hubspotemail.net",
  },
  {
    id: "salesforce",
    name: "Salesforce",
    kind: "crm",
    ptrDomains: ["salesforce.com"],
    dkimDomains: ["salesforce.com"],
    returnPathDomains: ["salesforce.com"],
    fix:
      "In Salesforce Setup (DKIM Keys), create a key for your domain, publish the two CNAME records it shows and " +
      "activate the key; with bounce management on, the return-path stays at Salesforce, so DKIM is what aligns.",
    docs: "https://help.salesforce.com/s/articleView?id=sf.emailadmin_create_secure_dkim.htm",
    source: "https://help.salesforce.com/s/articleView?id=sf.emailadmin_create_secure_dkim.htm",
    ptrSource: OBSERVED,
    examplePtr: "smtp07-ia4-sp3.mta.salesforce.com",
  },
  {
    id: "zendesk",
    name: "Zendesk",
    kind: "helpdesk",
    ptrDomains: ["zendesk.com"],
    dkimDomains: ["zendesk.com"],
    returnPathDomains: ["zendesk.com"],
    fix:
      "Publish the two DKIM CNAME records Zendesk gives (zendesk1 and zendesk2._domainkey) and then turn on DKIM " +
      "signing for your support address in Admin Center (Channels > Email); add include:mail.zendesk.com to SPF.",
    docs: "https://support.zendesk.com/hc/en-us/articles/4408822303386",
    source: "https://support.zendesk.com/hc/en-us/articles/4408822303386",
    ptrSource: OBSERVED,
    examplePtr: "out7.smtp.zendesk.com",
  },
  {
    id: "freshdesk",
    name: "Freshdesk",
    kind: "helpdesk",
    ptrDomains: ["freshdesk.com"],
    dkimDomains: ["freshdesk.com"],
    returnPathDomains: ["freshdesk.com"],
    fix:
      "In Freshdesk (Admin > Email), set up DKIM for your support domain and publish the records it shows, or send " +
      "through your own mail server; add include:email.freshdesk.com to SPF.",
    docs: "https://support.freshdesk.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mail12.freshdesk.com",
  },
  {
    id: "intercom",
    name: "Intercom",
    kind: "helpdesk",
    ptrDomains: [],
    dkimDomains: ["intercom-mail.com"],
    returnPathDomains: ["intercom-mail.com"],
    fix:
      "In Intercom's email settings, authenticate your domain: publish the DKIM CNAME records and the custom bounce " +
      "(return-path) domain it shows.",
    docs: "https://www.intercom.com/help/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    exampleDkim: "intercom-mail.com",
  },
  {
    id: "help-scout",
    name: "Help Scout",
    kind: "helpdesk",
    ptrDomains: ["helpscout.net"],
    dkimDomains: ["helpscout.net"],
    returnPathDomains: ["helpscout.net"],
    fix:
      "In Help Scout's mailbox settings, turn on DKIM for your domain and publish the CNAME records it shows; add " +
      "Help Scout's SPF include.",
    docs: "https://docs.helpscout.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "smtp3.helpscout.net",
  },
  // ---- mailbox providers ----------------------------------------------------------------------------------------
  {
    id: "google",
    name: "Google (Workspace, Gmail)",
    kind: "mailbox",
    ptrDomains: ["google.com"],
    dkimDomains: ["gmail.com", "googlemail.com"],
    tenantDkimDomains: ["gappssmtp.com"],
    returnPathDomains: ["gmail.com", "googlemail.com"],
    fix:
      "If your domain's mail is hosted at Google Workspace: generate a DKIM key in the Admin console (Apps > Google " +
      "Workspace > Gmail > Authenticate email), publish it at google._domainkey and start authentication, and add " +
      "include:_spf.google.com to SPF. If you do not use Google Workspace, these are Gmail users writing with your " +
      "address, or mail forwarded through Google, which enforcement will stop.",
    docs: "https://support.google.com/a/answer/174124",
    source: "https://support.google.com/a/answer/174124; https://support.google.com/a/answer/33786",
    ptrSource: OBSERVED,
    examplePtr: "mail-wr1-f45.google.com",
  },
  {
    id: "microsoft",
    name: "Microsoft 365 / Outlook.com",
    kind: "mailbox",
    ptrDomains: ["outlook.com"],
    dkimDomains: ["outlook.com", "hotmail.com"],
    tenantDkimDomains: ["onmicrosoft.com"],
    returnPathDomains: ["outlook.com", "hotmail.com"],
    fix:
      "If your domain's mail is hosted at Microsoft 365: turn on DKIM signing for the domain in the Defender portal " +
      "(Email authentication settings > DKIM) after publishing its selector1 and selector2 CNAME records, and add " +
      "include:spf.protection.outlook.com to SPF. Otherwise these are Outlook.com users writing with your address, or " +
      "forwarded mail.",
    docs: "https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure",
    source: "https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure",
    ptrSource: OBSERVED,
    examplePtr: "mail-db8eur05on2110.outbound.protection.outlook.com",
  },
  {
    id: "yahoo",
    name: "Yahoo / AOL",
    kind: "mailbox",
    ptrDomains: ["yahoo.com", "aol.com"],
    dkimDomains: ["yahoo.com", "aol.com"],
    returnPathDomains: ["yahoo.com", "aol.com"],
    fix:
      "Yahoo does not host mail for your domain here: these are Yahoo or AOL users writing with your address, or " +
      "mail forwarded through Yahoo. Nothing to set up; enforcement will stop the unaligned ones.",
    docs: "https://senders.yahooinc.com/best-practices/",
    source: "https://senders.yahooinc.com/best-practices/",
    ptrSource: OBSERVED,
    examplePtr: "sonic314-21.consmr.mail.bf2.yahoo.com",
  },
  {
    id: "zoho-mail",
    name: "Zoho Mail",
    kind: "mailbox",
    ptrDomains: ["zoho.com", "zohomail.com"],
    dkimDomains: ["zoho.com", "zohomail.com"],
    returnPathDomains: ["zoho.com", "zohomail.com"],
    fix:
      "If your mail is hosted at Zoho: add a DKIM selector for your domain in the Zoho Mail Admin Console, publish the " +
      "TXT record and verify it; add the SPF include Zoho shows for your data centre.",
    docs: "https://www.zoho.com/mail/help/adminconsole/dkim-configuration.html",
    source: "https://www.zoho.com/mail/help/adminconsole/dkim-configuration.html",
    ptrSource: OBSERVED,
    examplePtr: "sender4-op-o11.zoho.com",
  },
  {
    id: "fastmail",
    name: "Fastmail",
    kind: "mailbox",
    ptrDomains: ["messagingengine.com"],
    dkimDomains: ["messagingengine.com"],
    returnPathDomains: ["messagingengine.com"],
    fix:
      "If your domain is at Fastmail: publish the three DKIM CNAME records (fm1, fm2, fm3._domainkey) Fastmail lists " +
      "for it and include:spf.messagingengine.com in SPF.",
    docs: "https://www.fastmail.help/hc/en-us/articles/360058753394",
    source: "https://www.fastmail.help/hc/en-us/articles/360058753394",
    ptrSource: OBSERVED,
    examplePtr: "out1-smtp.messagingengine.com",
  },
  {
    id: "proton",
    name: "Proton Mail",
    kind: "mailbox",
    ptrDomains: ["protonmail.ch", "proton.ch"],
    dkimDomains: ["protonmail.ch", "protonmail.com", "proton.me"],
    returnPathDomains: ["protonmail.ch", "protonmail.com", "proton.me"],
    fix:
      "If your domain is at Proton: publish the three DKIM CNAME records (protonmail, protonmail2, protonmail3 " +
      "._domainkey) shown in the domain settings and include:_spf.protonmail.ch in SPF.",
    docs: "https://proton.me/support/anti-spoofing-custom-domain",
    source: "https://proton.me/support/anti-spoofing-custom-domain",
    ptrSource: OBSERVED,
    examplePtr: "mail-4317.protonmail.ch",
  },
  {
    id: "icloud",
    name: "Apple iCloud Mail",
    kind: "mailbox",
    ptrDomains: ["me.com", "icloud.com"],
    dkimDomains: ["icloud.com", "me.com", "mac.com"],
    returnPathDomains: ["icloud.com", "me.com", "mac.com"],
    fix:
      "If your domain is an iCloud+ custom email domain: publish every record iCloud Mail shows for it (including the " +
      "sig1._domainkey CNAME). Otherwise these are iCloud users writing with your address, or forwarded mail.",
    docs: "https://support.apple.com/en-us/102374",
    source: "https://support.apple.com/en-us/102374",
    ptrSource: OBSERVED,
    examplePtr: "ms11p00im-qufo17282001.me.com",
  },
  // ---- lists ----------------------------------------------------------------------------------------------------
  {
    // Google Groups sends from Google's own IPs (PTR under google.com, the Google row); it is recognised by its
    // signature and return-path instead.
    id: "google-groups",
    name: "Google Groups",
    kind: "list",
    ptrDomains: [],
    dkimDomains: ["googlegroups.com"],
    returnPathDomains: ["googlegroups.com"],
    fix:
      "Nothing to set up: a Google Group redistributes messages written with your address. Keep your own mail " +
      "DKIM-signed; lists that rewrite the From of mail from enforcing domains deliver it under their own address.",
    docs: "https://support.google.com/groups/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    exampleDkim: "googlegroups.com",
  },
  // ---- hosting ----------------------------------------------------------------------------------------------------
  {
    id: "godaddy",
    name: "GoDaddy",
    kind: "hosting",
    ptrDomains: ["secureserver.net"],
    dkimDomains: ["secureserver.net"],
    returnPathDomains: ["secureserver.net"],
    fix:
      "Mail sent as your domain through GoDaddy's servers (web forms, GoDaddy email): add include:secureserver.net to " +
      "SPF and turn on DKIM for the domain in GoDaddy's email settings, or send those messages through your main " +
      "mail service instead.",
    docs: "https://www.godaddy.com/help",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "p3plsmtpa07-01.prod.phx3.secureserver.net",
  },
  {
    id: "ionos",
    name: "IONOS (1&1)",
    kind: "hosting",
    ptrDomains: ["kundenserver.de", "perfora.net"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "Mail sent as your domain through IONOS: add the SPF include IONOS shows for your domain and turn on DKIM for " +
      "the domain in the IONOS control panel.",
    docs: "https://www.ionos.com/help/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mout.kundenserver.de",
  },
  {
    id: "ovh",
    name: "OVHcloud",
    kind: "hosting",
    ptrDomains: ["ovh.net"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "Mail sent as your domain through OVHcloud: add include:mx.ovh.com to SPF and turn on DKIM for the domain in the " +
      "OVHcloud control panel.",
    docs: "https://help.ovhcloud.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mo4.mail-out.ovh.net",
  },
  {
    id: "mailchannels",
    name: "MailChannels (web hosts' outbound relay)",
    kind: "hosting",
    ptrDomains: ["mailchannels.net"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "Your web host relays mail through MailChannels: add include:relay.mailchannels.net to SPF (and the Domain " +
      "Lockdown record MailChannels asks for) and turn on DKIM signing for the domain at your host.",
    docs: "https://support.mailchannels.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "relay5.relay.mailchannels.net",
  },
  // ---- security gateways ----------------------------------------------------------------------------------------
  {
    id: "proofpoint",
    name: "Proofpoint",
    kind: "security-gateway",
    ptrDomains: ["pphosted.com", "gpphosted.com", "ppe-hosted.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Proofpoint relays your outbound mail: have it DKIM-sign with your domain (or sign before it and keep it from " +
      "changing the message) and add Proofpoint's SPF include. If it is your recipients' gateway, this is forwarding " +
      "after it.",
    docs: "https://www.proofpoint.com/us/support",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mx0b-00123401.pphosted.com",
  },
  {
    id: "mimecast",
    name: "Mimecast",
    kind: "security-gateway",
    ptrDomains: ["mimecast.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Mimecast relays your outbound mail: add a DNS Authentication - Outbound (DKIM) policy for your domain in " +
      "Mimecast and publish its key, and add your region's Mimecast include to SPF.",
    docs: "https://community.mimecast.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "eu-smtp-delivery-151.mimecast.com",
  },
  {
    id: "barracuda",
    name: "Barracuda Email Protection",
    kind: "security-gateway",
    ptrDomains: ["barracuda.com", "barracudanetworks.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Barracuda relays your outbound mail: turn on DKIM signing for your domain in its outbound settings and add " +
      "include:spf.ess.barracudanetworks.com to SPF.",
    docs: "https://campus.barracuda.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "outbound-ip44a.ess.barracuda.com",
  },
  {
    id: "cisco-secure-email",
    name: "Cisco Secure Email (cloud gateway)",
    kind: "security-gateway",
    ptrDomains: ["iphmx.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If the Cisco gateway relays your outbound mail: create a DKIM signing profile for your domain on it, publish " +
      "the key, and add its outbound IPs to SPF.",
    docs: "https://www.cisco.com/c/en/us/support/security/email-security-appliance/series.html",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "esa2.hc1234-56.iphmx.com",
  },
  {
    id: "trend-micro",
    name: "Trend Micro Email Security",
    kind: "security-gateway",
    ptrDomains: ["trendmicro.com", "trendmicro.eu"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Trend Micro relays your outbound mail: turn on DKIM signing for your domain in its outbound policies and add " +
      "its SPF include.",
    docs: "https://docs.trendmicro.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mail21.tmes.trendmicro.eu",
  },
  {
    id: "sophos",
    name: "Sophos Email",
    kind: "security-gateway",
    ptrDomains: ["sophos.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Sophos relays your outbound mail: turn on DKIM signing for your domain in Sophos Central and add Sophos's " +
      "SPF include.",
    docs: "https://docs.sophos.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "ip-12-34.eu-west-1.prod.hydra.sophos.com",
  },
  {
    id: "symantec-email",
    name: "Symantec Email Security.cloud",
    kind: "security-gateway",
    ptrDomains: ["messagelabs.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Email Security.cloud relays your outbound mail: turn on its DKIM signing for your domain and add " +
      "include:spf.messagelabs.com to SPF.",
    docs: "https://techdocs.broadcom.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mail1.bemta25.messagelabs.com",
  },
  {
    id: "hornetsecurity",
    name: "Hornetsecurity",
    kind: "security-gateway",
    ptrDomains: ["antispameurope.com"],
    dkimDomains: [],
    returnPathDomains: [],
    fix:
      "If Hornetsecurity relays your outbound mail: turn on DKIM signing for your domain in its control panel and add " +
      "its SPF include.",
    docs: "https://support.hornetsecurity.com/",
    source: OBSERVED,
    ptrSource: OBSERVED,
    examplePtr: "mx-relay12-hz1.antispameurope.com",
  },
] as const satisfies readonly DmarcSenderService[];

const ROWS: readonly DmarcSenderService[] = DMARC_SENDERS;

/** The row whose `field` domain list holds `name` or a parent domain of it; first row wins. */
function matchDomain(
  name: string,
  field: (row: DmarcSenderService) => readonly string[],
): DmarcSenderService | undefined {
  let n = name.trim().toLowerCase();
  if (n.endsWith(".")) n = n.slice(0, -1);
  if (n.length === 0 || n.length > 253) return undefined;
  for (const row of ROWS) {
    for (const d of field(row)) {
      if (n === d || (n.length > d.length && n.endsWith(d) && n.charCodeAt(n.length - d.length - 1) === 46)) {
        return row;
      }
    }
  }
  return undefined;
}

/** The service whose outbound hosts carry this PTR name. */
export function serviceOfPtr(ptr: string): DmarcSenderService | undefined {
  return matchDomain(ptr, (r) => r.ptrDomains);
}

/** The service that signs with this d= domain by default; `tenant` when it is a per-account default domain. */
export function serviceOfDkimDomain(d: string): { service: DmarcSenderService; tenant: boolean } | undefined {
  const tenant = matchDomain(d, (r) => r.tenantDkimDomains ?? []);
  if (tenant !== undefined) return { service: tenant, tenant: true };
  const shared = matchDomain(d, (r) => r.dkimDomains);
  return shared === undefined ? undefined : { service: shared, tenant: false };
}

/** The service that uses this envelope-from (return-path) domain by default. */
export function serviceOfReturnPath(d: string): DmarcSenderService | undefined {
  return matchDomain(d, (r) => r.returnPathDomains);
}
