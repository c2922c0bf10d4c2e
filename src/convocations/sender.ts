import type { PartyKind } from '../conventions/party.entity';

/** Who a convocation comes from: the From header, and the ORGANIZER of the calendar entry. */
export interface Sender {
  /** `Name <address>` or `address`, as the From header takes it. */
  header: string;
  name: string;
  email: string;
}

export interface SenderParty {
  kind: PartyKind;
  name: string;
  email: string | null;
}

export interface SenderConfig {
  from: string;
  fromByPartyKind: Record<string, string>;
}

const NAMED = /^\s*"?([^"<>]*?)"?\s*<([^\s@<>]+@[^\s@<>]+)>\s*$/;

/** Reads `Name <address>` or a bare address; the name falls back to `fallbackName`. */
export function parseAddress(text: string, fallbackName: string): Sender {
  const named = NAMED.exec(text);
  if (named) {
    const name = named[1].trim() || fallbackName;
    return { header: formatAddress(name, named[2]), name, email: named[2].toLowerCase() };
  }
  const email = text.trim().toLowerCase();
  return { header: fallbackName ? formatAddress(fallbackName, email) : email, name: fallbackName, email };
}

function formatAddress(name: string, email: string): string {
  // A display name with specials must be quoted (RFC 5322 §3.4); nodemailer encodes accents itself.
  const safe = name.replace(/["\\\r\n]/g, ' ').trim();
  return /[()<>[\]:;@\\,."]/.test(safe) ? `"${safe}" <${email}>` : `${safe} <${email}>`;
}

/**
 * The convocations of a meeting leave from the convening signatory's address: the one configured
 * for its kind of party (MAIL_FROM_ACADEMIE…), else the address recorded on the party, else the
 * installation's MAIL_FROM.
 */
export function senderFor(party: SenderParty | null, config: SenderConfig): Sender {
  const configured = party ? config.fromByPartyKind[party.kind] : undefined;
  if (party && configured) return parseAddress(configured, party.name);
  if (party?.email) return parseAddress(party.email, party.name);
  return parseAddress(config.from, party?.name ?? 'copil');
}
