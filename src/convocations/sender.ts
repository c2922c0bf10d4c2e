import type { PartyKind } from '../conventions/party.entity';

/** An address with its display name, as a header takes it. */
export interface NamedAddress {
  /** `Name <address>` or `address`, as the From header takes it. */
  header: string;
  name: string;
  email: string;
}

/** Who a convocation comes from: the From header, the Reply-To, and the ORGANIZER of the calendar entry. */
export interface Sender extends NamedAddress {
  /** The convener's own address when a person convenes in their name; null when an organization does. */
  replyTo: string | null;
}

/** The person who convened, when they hold a seat of the committee: the convocation comes in their name. */
export interface SenderPerson {
  fullName: string;
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
export function parseAddress(text: string, fallbackName: string): NamedAddress {
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
 *
 * When the person who convened holds a seat of the committee (the school director), the
 * convocation comes in their name: « Claire Martin <address copil sends from> », Reply-To their
 * own address. The address stays one copil may send from (configured for the party's kind, else
 * MAIL_FROM, never the party's registry address), so SPF and DKIM hold.
 */
export function senderFor(party: SenderParty | null, config: SenderConfig, person: SenderPerson | null = null): Sender {
  const configured = party ? config.fromByPartyKind[party.kind] : undefined;
  if (person) {
    const own = parseAddress(configured ?? config.from, person.fullName).email;
    return { header: formatAddress(person.fullName, own), name: person.fullName, email: own, replyTo: formatAddress(person.fullName, person.email) };
  }
  if (party && configured) return { ...parseAddress(configured, party.name), replyTo: null };
  if (party?.email) return { ...parseAddress(party.email, party.name), replyTo: null };
  return { ...parseAddress(config.from, party?.name ?? 'copil'), replyTo: null };
}

