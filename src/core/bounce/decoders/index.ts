// The ordered list of bounce decoders. Order is priority: decoders whose `likely()` recognises the mail from its
// headers are tried first (in this order), then every decoder in this order; the first that finds a recipient
// wins. Specific formats come before the generic ones, and within a family the narrower variant first (Microsoft's
// 2003 form before 2007+; Mail.ru and 1&1 before plain Exim; Postfix last of its group, as others relay through it).
// A new MTA format: a file beside this one, with its test, and an entry here before GENERIC.

import type { BounceDecoder } from "../types.js";
import { ACTIVEHUNTER } from "./activehunter.js";
import { AMAZON_SES } from "./amazonses.js";
import { APACHEJAMES } from "./apachejames.js";
import { ARF } from "./arf.js";
import { BIGLOBE } from "./biglobe.js";
import { COURIER } from "./courier.js";
import { DOMINO } from "./domino.js";
import { DOVECOT } from "./dovecot.js";
import { DRAGONFLY } from "./dragonfly.js";
import { EXCHANGE2003 } from "./exchange2003.js";
import { EXCHANGE2007 } from "./exchange2007.js";
import { EXIM, MAILRU } from "./exim.js";
import { EZWEB } from "./ezweb.js";
import { FML } from "./fml.js";
import { GMAIL } from "./gmail.js";
import { GOOGLE_GROUPS } from "./googlegroups.js";
import { GROUPWISE } from "./groupwise.js";
import { IMAILSERVER } from "./imailserver.js";
import { INTERSCANMSS } from "./interscanmss.js";
import { KDDI } from "./kddi.js";
import { MAIL2000 } from "./mail2000.js";
import { MAILFOUNDRY } from "./mailfoundry.js";
import { MAILMARSHAL } from "./mailmarshal.js";
import { MCAFEE } from "./mcafee.js";
import { MDAEMON } from "./mdaemon.js";
import { MESSAGELABS } from "./messagelabs.js";
import { MESSAGINGSERVER } from "./messagingserver.js";
import { MFILTER } from "./mfilter.js";
import { MIMECAST } from "./mimecast.js";
import { MXLOGIC } from "./mxlogic.js";
import { NOTES } from "./notes.js";
import { OPENSMTPD } from "./opensmtpd.js";
import { POSTFIX } from "./postfix.js";
import { POWERMTA } from "./powermta.js";
import { QMAIL } from "./qmail.js";
import { RFC3464 } from "./rfc3464.js";
import { RFC3834 } from "./rfc3834.js";
import { SENDGRID } from "./sendgrid.js";
import { SENDMAIL } from "./sendmail.js";
import { SMAIL } from "./smail.js";
import { SURFCONTROL } from "./surfcontrol.js";
import { EINSUNDEINS, GMX } from "./united-internet.js";
import { VERIZON } from "./verizon.js";
import { X3 } from "./x3.js";
import { X6 } from "./x6.js";
import { YAHOO_LEGACY } from "./yahoo-legacy.js";
import { ZOHO } from "./zoho.js";

/** MTA- and provider-specific decoders: most specific first. */
const SPECIFIC: readonly BounceDecoder[] = [
  // Corporate MTAs and appliances (Microsoft Exchange and 365, Domino/Notes, Oracle, IMail, Zoho, Verizon ...)
  ACTIVEHUNTER,
  ZOHO,
  VERIZON,
  MFILTER,
  MAILFOUNDRY,
  BIGLOBE,
  NOTES,
  DOMINO,
  GROUPWISE,
  IMAILSERVER,
  MDAEMON,
  MESSAGINGSERVER,
  EXCHANGE2003,
  EXCHANGE2007,
  // Mailbox providers and sending services, then Postfix
  GOOGLE_GROUPS,
  GMAIL,
  AMAZON_SES,
  SENDGRID,
  POWERMTA,
  POSTFIX,
  // Japanese carriers and security gateways
  EZWEB,
  KDDI,
  MCAFEE,
  MXLOGIC,
  MESSAGELABS,
  INTERSCANMSS,
  MAILMARSHAL,
  MIMECAST,
  SURFCONTROL,
  // Exim and Exim-based providers, and formats Sisimai names X1-X6
  MAILRU,
  EINSUNDEINS,
  GMX,
  EXIM,
  MAIL2000,
  YAHOO_LEGACY,
  X3,
  X6,
  // qmail, Sendmail and the smaller MTAs
  DRAGONFLY,
  OPENSMTPD,
  COURIER,
  DOVECOT,
  FML,
  SMAIL,
  APACHEJAMES,
  QMAIL,
  SENDMAIL,
];

/** Generic formats, tried after every specific decoder. */
const GENERIC: readonly BounceDecoder[] = [ARF, RFC3464, RFC3834];

export const DECODERS: readonly BounceDecoder[] = [...SPECIFIC, ...GENERIC];
