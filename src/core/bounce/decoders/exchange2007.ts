// Microsoft Exchange 2007 and later, Exchange Online / Microsoft 365 and Outlook.com NDRs: a human part with
// "Diagnostic information for administrators:" (localised), "Generating server:", one bare address per recipient
// followed by "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" or "Remote Server returned '...'" lines,
// then "Original message headers:"; usually a message/delivery-status part too (read first, enriched here).
// Format: https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online

import type { BounceDecoder, BounceMail, DecodedMail, DecodedRecipient } from "../types.js";
import { findStatus, foldSpace, hasHeader, newRecipient } from "./common.js";
import { bareAddress, hostIn, textFrom } from "./ndr-lines.js";
import { readDsnRecipients } from "./rfc3464.js";

/** NDR subject prefixes by Content-Language (en, fr, de, it, sv, es, pt, nl, da/nb, fi, pl, ja, zh). */
const SUBJECTS = [
  "undeliverable:",
  "undeliverable ",
  "non remis",
  "non_remis_",
  "unzustellbar:",
  "non recapitabile",
  "olevererbart",
  "no se puede entregar",
  "não é possível entregar",
  "onbestelbaar",
  "kan ikke leveres",
  "ei voida toimittaa",
  "niedostarczalne",
  "配信不能",
  "无法投递",
  "無法傳遞",
];

/** Starts of the administrators' section, lowercase (the localised texts of the Exchange NDR templates). */
const ADMIN_MARKERS = [
  "diagnostic information for administrators",
  "informations de diagnostic pour les administrateurs",
  "diagnoseinformationen für administratoren",
  "informazioni di diagnostica per gli amministratori",
  "diagnostisk information för administratörer",
  "información de diagnóstico para administradores",
  "informações de diagnóstico para administradores",
  "diagnostische informatie voor beheerders",
  "diagnostische gegevens voor beheerders",
  "管理者向けの診断情報",
  "管理员的诊断信息",
  "error details",
];

/** Labels opening the returned headers, lowercase. */
const ORIGINAL_MARKERS = [
  "original message headers",
  "en-têtes de message d'origine",
  "ursprüngliche nachrichtenkopfzeilen",
  "intestazioni originali del messaggio",
  "ursprungshuvuden",
  "encabezados del mensaje original",
  "cabeçalhos da mensagem original",
  "oorspronkelijke berichtkoppen",
  "元のメッセージ ヘッダー",
  "原始邮件头",
];

/** Header names that begin a returned header block (the structural end of the administrators' section). */
const HEADER_START =
  /^(?:received|return-path|dkim-signature|arc-seal|arc-message-signature|arc-authentication-results|authentication-results|from|to|date|subject|message-id|mime-version|content-type|x-[a-z0-9-]{1,60}):[ \t]/i;

function isAdminMarker(t: string): boolean {
  const l = t.toLowerCase();
  for (const m of ADMIN_MARKERS) if (l.startsWith(m)) return true;
  // Other languages: a short label line naming the administrators ("... administratorów:", "... järjestelmänvalvojien").
  return l.length < 90 && l.endsWith(":") && (l.includes("administ") || l.includes("amministr") || l.includes("管理"));
}

function isOriginalMarker(t: string): boolean {
  const l = t.toLowerCase();
  for (const m of ORIGINAL_MARKERS) if (l.startsWith(m)) return true;
  return false;
}

interface Entry {
  address: string;
  diag: string[];
  remote: string | null;
}

interface Human {
  found: boolean;
  entries: Map<string, Entry>;
  generating: string | null;
  receiving: string | null;
  /** "Reported error:" of the newer Exchange Online layout, "Recipient Address:" of "Original Message Details". */
  reportedError: string | null;
  recipientAddress: string | null;
  original: string | null;
}

function labelValue(t: string): { label: string; value: string } | null {
  const colon = t.indexOf(":");
  if (colon <= 0 || colon > 60) return null;
  return { label: t.slice(0, colon).trim().toLowerCase(), value: t.slice(colon + 1).trim() };
}

function readHuman(text: string): Human {
  const lines = text.split("\n");
  const h: Human = {
    found: false,
    entries: new Map(),
    generating: null,
    receiving: null,
    reportedError: null,
    recipientAddress: null,
    original: null,
  };
  let admin = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] ?? "").trim();
    if (t !== "" && isAdminMarker(t)) {
      admin = i;
      break;
    }
  }
  if (admin === -1) return h;
  h.found = true;
  let current: Entry | null = null;
  let end = lines.length;
  for (let i = admin + 1; i < lines.length; i++) {
    const t = (lines[i] ?? "").trim();
    if (t === "") continue;
    if (isOriginalMarker(t)) {
      end = i + 1;
      while (end < lines.length && (lines[end] ?? "").trim() === "") end++;
      break;
    }
    if (HEADER_START.test(t) && !t.toLowerCase().startsWith("x-display-name")) {
      end = i;
      break;
    }
    if (t.endsWith(":") && !t.includes("'")) {
      // An unknown-language label followed by header lines is the "Original message headers:" line.
      let j = i + 1;
      while (j < lines.length && (lines[j] ?? "").trim() === "") j++;
      if (j < lines.length && HEADER_START.test((lines[j] ?? "").trim())) {
        end = j;
        break;
      }
    }
    const address = bareAddress(t);
    if (address !== null) {
      const key = address.toLowerCase();
      current = h.entries.get(key) ?? { address, diag: [], remote: null };
      h.entries.set(key, current);
      continue;
    }
    if (current === null) {
      // Labels before the first recipient: "Generating server: ...", "Receiving server: ...", "Reported error: ...".
      const lv = labelValue(t);
      if (lv === null) continue;
      if (lv.label === "reported error") h.reportedError = lv.value;
      else if (lv.label === "recipient address") h.recipientAddress = bareAddress(lv.value);
      else if (lv.label.includes("receiv") || lv.label.includes("récep") || lv.label === "remote server")
        h.receiving ??= hostIn(lv.value);
      else if (h.generating === null && lv.value !== "") h.generating = hostIn(lv.value);
      continue;
    }
    const host = hostIn(t);
    if (host !== null && host === t.toLowerCase() && current.diag.length === 0) {
      current.remote = host; // Exchange Online names the remote server on a line of its own
      continue;
    }
    // Exchange 2010: "mx.example.net #550 5.1.1 <a@b>: ... ##" names the remote server before the reply.
    const hashed = current.diag.length === 0 ? /^([A-Za-z0-9.-]{1,255}) (#[245]\d\d[ -])/.exec(t) : null;
    if (hashed !== null && current.remote === null) current.remote = hostIn(hashed[1] ?? "");
    // "... - Remote Server at mx.example.net (192.0.2.1) returned '...'"
    const at = current.remote === null && t.length < 4000 ? /Server at ([A-Za-z0-9.-]{1,255}) /.exec(t) : null;
    if (at !== null) current.remote = hostIn(at[1] ?? "");
    current.diag.push(hashed !== null ? t.slice((hashed[1] ?? "").length + 1) : t);
  }
  if (end < lines.length) h.original = textFrom(lines, end);
  if (h.recipientAddress === null) {
    // "Original Message Details ... Recipient Address: a@b" (Exchange Online layout without the address lines).
    for (const line of lines) {
      const lv = labelValue(line.trim());
      if (lv !== null && lv.label === "recipient address") {
        h.recipientAddress = bareAddress(lv.value);
        if (h.recipientAddress !== null) break;
      }
    }
  }
  return h;
}

function microsoftHeaders(mail: BounceMail): boolean {
  if (hasHeader(mail, "x-ms-exchange-message-is-ndr")) return true;
  const from = mail.from.toLowerCase();
  return from.includes("postmaster@outlook.com") || from.includes(".onmicrosoft.com");
}

/** Exchange's queue gave up on the message after its retry period (QUEUE.Expired, 4.4.7). */
function statedReason(diag: string): "expired" | null {
  return diag.includes("QUEUE.Expired") ? "expired" : null;
}

export const EXCHANGE2007: BounceDecoder = {
  id: "exchange2007",
  likely(mail) {
    if (microsoftHeaders(mail)) return true;
    const s = mail.subject.toLowerCase();
    for (const p of SUBJECTS) if (s.startsWith(p)) return true;
    return false;
  },
  decode(mail: BounceMail): DecodedMail | null {
    const human = readHuman(mail.text);
    const dsn = mail.deliveryStatus === null ? [] : readDsnRecipients(mail.deliveryStatus.text);
    if (!human.found && !(dsn.length > 0 && microsoftHeaders(mail))) return null;

    const recipients: DecodedRecipient[] = [];
    const only = human.entries.size === 1 ? [...human.entries.values()][0] : undefined;
    if (dsn.length > 0) {
      for (const r of dsn) {
        const e = human.entries.get(r.recipient.toLowerCase()) ?? (dsn.length === 1 ? only : undefined);
        if (e !== undefined && e.diag.length > 0) {
          // The human part carries every attempt and the full reply; the DSN only the last, sometimes cut.
          r.diagnosticCode = foldSpace(e.diag.join(" "));
          r.diagnosticType ??= "SMTP";
        } else if (r.diagnosticCode === null && human.reportedError !== null) {
          r.diagnosticCode = foldSpace(human.reportedError);
        }
        r.remoteMta ??= e?.remote ?? human.receiving;
        r.reportingMta ??= human.generating;
        r.reason = statedReason(r.diagnosticCode ?? "");
        recipients.push(r);
      }
    } else {
      for (const e of human.entries.values()) {
        const r = newRecipient(e.address);
        const diag = foldSpace(e.diag.join(" "));
        r.action = "failed";
        r.diagnosticCode = diag === "" ? null : diag;
        r.diagnosticType = diag === "" ? null : "SMTP";
        r.status = findStatus(diag);
        r.remoteMta = e.remote ?? human.receiving;
        r.reportingMta = human.generating;
        r.reason = statedReason(diag);
        recipients.push(r);
      }
      if (recipients.length === 0 && human.recipientAddress !== null) {
        const r = newRecipient(human.recipientAddress);
        r.action = "failed";
        r.diagnosticCode = human.reportedError === null ? null : foldSpace(human.reportedError);
        r.status = findStatus(r.diagnosticCode ?? "");
        r.reportingMta = human.generating;
        r.remoteMta = human.receiving;
        r.reason = statedReason(r.diagnosticCode ?? "");
        recipients.push(r);
      }
    }
    if (recipients.length === 0) return null;
    return { recipients, original: mail.returned?.text ?? human.original };
  },
};
