// DKIM selectors that mail services publish by default, probed by `bouncewise check DOMAIN` when the user names
// none (a selector cannot be discovered from DNS: it is only named in the s= tag of a message's DKIM-Signature).
// Data only. `usedBy` says which service assigns the selector; `source` is that service's setup page, or
// "observed" when the selector is a common convention (control panels, OpenDKIM/rspamd examples) with no single owner.
// Probing costs one TXT lookup per selector, so the list stays short: selectors of the largest senders and
// mailbox hosts, and the generic names self-hosted servers use most.

export interface DkimSelectorInfo {
  /** The label before `._domainkey.`, lowercase. */
  readonly selector: string;
  readonly usedBy: string;
  readonly source: string;
}

export const DKIM_SELECTORS = [
  {
    selector: "google",
    usedBy: "Google Workspace (default selector)",
    source: "https://support.google.com/a/answer/174124",
  },
  {
    selector: "selector1",
    usedBy: "Microsoft 365 (first of its two rotating selectors)",
    source: "https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure",
  },
  {
    selector: "selector2",
    usedBy: "Microsoft 365 (second of its two rotating selectors)",
    source: "https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure",
  },
  {
    selector: "k1",
    usedBy: "Mailchimp (older domain authentication)",
    source: "https://mailchimp.com/help/set-up-email-domain-authentication/",
  },
  {
    selector: "k2",
    usedBy: "Mailchimp (domain authentication CNAME)",
    source: "https://mailchimp.com/help/set-up-email-domain-authentication/",
  },
  {
    selector: "k3",
    usedBy: "Mailchimp (domain authentication CNAME)",
    source: "https://mailchimp.com/help/set-up-email-domain-authentication/",
  },
  {
    selector: "mandrill",
    usedBy: "Mailchimp Transactional (Mandrill)",
    source: "https://mailchimp.com/developer/transactional/docs/authentication-delivery/",
  },
  {
    selector: "s1",
    usedBy: "Twilio SendGrid (domain authentication CNAME); also a common generic name",
    source: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication",
  },
  {
    selector: "s2",
    usedBy: "Twilio SendGrid (domain authentication CNAME); also a common generic name",
    source: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication",
  },
  {
    selector: "mailjet",
    usedBy: "Mailjet",
    source: "https://documentation.mailjet.com/hc/en-us/articles/360042412734",
  },
  {
    selector: "zoho",
    usedBy: "Zoho Mail (suggested selector name)",
    source: "https://www.zoho.com/mail/help/adminconsole/dkim-configuration.html",
  },
  {
    selector: "zmail",
    usedBy: "Zoho Mail (older suggested selector name)",
    source: "https://www.zoho.com/mail/help/adminconsole/dkim-configuration.html",
  },
  {
    selector: "protonmail",
    usedBy: "Proton Mail custom domains",
    source: "https://proton.me/support/anti-spoofing-custom-domain",
  },
  {
    selector: "protonmail2",
    usedBy: "Proton Mail custom domains",
    source: "https://proton.me/support/anti-spoofing-custom-domain",
  },
  {
    selector: "protonmail3",
    usedBy: "Proton Mail custom domains",
    source: "https://proton.me/support/anti-spoofing-custom-domain",
  },
  {
    selector: "fm1",
    usedBy: "Fastmail custom domains",
    source: "https://www.fastmail.help/hc/en-us/articles/360058753394",
  },
  {
    selector: "fm2",
    usedBy: "Fastmail custom domains",
    source: "https://www.fastmail.help/hc/en-us/articles/360058753394",
  },
  {
    selector: "fm3",
    usedBy: "Fastmail custom domains",
    source: "https://www.fastmail.help/hc/en-us/articles/360058753394",
  },
  { selector: "sig1", usedBy: "Apple iCloud+ custom email domains", source: "https://support.apple.com/en-us/102374" },
  {
    selector: "amazonses",
    usedBy: "Amazon SES (keys published by hand; Easy DKIM uses random token selectors instead)",
    source: "https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim.html",
  },
  { selector: "everlytickey1", usedBy: "Everlytic", source: "observed" },
  { selector: "everlytickey2", usedBy: "Everlytic", source: "observed" },
  {
    selector: "smtp",
    usedBy: "Mailgun (one of the selectors it assigns); generic",
    source: "https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/",
  },
  {
    selector: "mx",
    usedBy: "Mailgun (one of the selectors it assigns)",
    source: "https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/",
  },
  {
    selector: "krs",
    usedBy: "Mailgun (one of the selectors it assigns)",
    source: "https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/",
  },
  { selector: "mail", usedBy: "Brevo (Sendinblue) and many self-hosted servers", source: "observed" },
  {
    selector: "brevo1",
    usedBy: "Brevo (domain authentication CNAME)",
    source: "https://help.brevo.com/hc/en-us/articles/12163873383186",
  },
  {
    selector: "brevo2",
    usedBy: "Brevo (domain authentication CNAME)",
    source: "https://help.brevo.com/hc/en-us/articles/12163873383186",
  },
  { selector: "resend", usedBy: "Resend", source: "https://resend.com/docs/dashboard/domains/introduction" },
  { selector: "litesrv", usedBy: "MailerLite", source: "observed" },
  { selector: "ctct1", usedBy: "Constant Contact", source: "observed" },
  { selector: "ctct2", usedBy: "Constant Contact", source: "observed" },
  { selector: "zendesk1", usedBy: "Zendesk", source: "observed" },
  { selector: "zendesk2", usedBy: "Zendesk", source: "observed" },
  { selector: "cm", usedBy: "Campaign Monitor", source: "observed" },
  { selector: "mxvault", usedBy: "hosting providers' outbound relays (observed)", source: "observed" },
  { selector: "default", usedBy: "cPanel, DirectAdmin, Plesk and OpenDKIM examples", source: "observed" },
  { selector: "dkim", usedBy: "mailcow, rspamd examples and other self-hosted servers", source: "observed" },
  { selector: "dkim1", usedBy: "self-hosted servers (generic name)", source: "observed" },
  { selector: "key1", usedBy: "self-hosted servers (generic name)", source: "observed" },
  { selector: "email", usedBy: "self-hosted servers (generic name)", source: "observed" },
  { selector: "x", usedBy: "MXroute", source: "observed" },
] as const satisfies readonly DkimSelectorInfo[];
