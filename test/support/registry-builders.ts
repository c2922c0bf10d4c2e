import { randomBytes } from 'node:crypto';
import { DataSource, DeepPartial } from 'typeorm';
import { Convention } from '../../src/conventions/convention.entity';
import { Party, PartyKind } from '../../src/conventions/party.entity';
import { Amendment } from '../../src/conventions/amendment.entity';
import { ConventionSchool } from '../../src/conventions/convention-school.entity';
import { School } from '../../src/schools/school.entity';
import { Committee } from '../../src/committees/committee.entity';
import { Seat } from '../../src/committees/seat.entity';
import { Person } from '../../src/people/person.entity';
import { Membership } from '../../src/people/membership.entity';
import { expectedCheckLetter } from '../../src/rules/uai.rule';

/**
 * Registry rows written straight to the database, for tests of the API that reads them. Every
 * builder makes its own unique keys, so tests sharing one database never collide.
 */

const unique = (): string => randomBytes(4).toString('hex');

/** A UAI with the right check letter, different on every call. */
export function aUai(): string {
  const digits = String(1_000_000 + Math.floor(Math.random() * 8_999_999)).padStart(7, '0');
  return `${digits}${expectedCheckLetter(digits)}`;
}

export interface PartySpec {
  key: string;
  kind: PartyKind;
  name: string;
  representativeName?: string | null;
  representativeTitle?: string | null;
}

export type ConventionWithParties = Convention & { parties: Party[] };

export async function aConvention(
  ds: DataSource,
  overrides: Partial<Omit<Convention, 'parties'>> & { parties?: PartySpec[] } = {},
): Promise<ConventionWithParties> {
  const { parties: partySpecs, ...fields } = overrides;
  const convention = await ds.getRepository(Convention).save({
    reference: `convention-${unique()}`,
    title: 'Convention de partenariat « Collèges numériques et innovation pédagogique »',
    description: null,
    timeZone: 'Europe/Paris',
    holidayCountry: 'FR',
    holidayRegion: null,
    signedOn: '2016-06-15',
    effectiveFrom: null,
    durationMonths: 12,
    endsOn: null,
    tacitRenewal: false,
    terminatedOn: null,
    terminationNotice: { amount: null, unit: null, form: null },
    ...fields,
  });
  const specs = partySpecs ?? [
    { key: 'academie', kind: 'academie', name: 'Académie de Grenoble', representativeName: 'Claudine Schmidt-Lainé', representativeTitle: 'Recteur' },
    { key: 'commune', kind: 'commune', name: 'Commune de Crêts en Belledonne', representativeName: 'Jean-Louis Maret', representativeTitle: 'Maire' },
  ];
  const parties = await ds.getRepository(Party).save(
    specs.map((spec, position) => ({
      conventionId: convention.id,
      key: spec.key,
      kind: spec.kind,
      name: spec.name,
      representativeName: spec.representativeName ?? null,
      representativeTitle: spec.representativeTitle ?? null,
      position,
    })),
  );
  return Object.assign(convention, { parties });
}

export function partyOf(convention: ConventionWithParties, key: string): Party {
  const party = convention.parties.find((candidate) => candidate.key === key);
  if (!party) throw new Error(`No party ${key} in ${convention.reference}`);
  return party;
}

export async function aSchool(ds: DataSource, overrides: Partial<School> = {}): Promise<School> {
  return ds.getRepository(School).save({
    uai: aUai(),
    name: `École élémentaire ${unique()}`,
    type: 'ecole_elementaire',
    commune: 'Crêts en Belledonne',
    circonscription: null,
    referenceCollegeUai: null,
    address: null,
    ...overrides,
  });
}

export async function anAmendment(ds: DataSource, convention: Convention, overrides: Partial<Amendment> = {}): Promise<Amendment> {
  return ds.getRepository(Amendment).save({
    conventionId: convention.id,
    reference: `avenant-${unique()}`,
    title: 'Avenant n° 1',
    signedOn: '2017-01-10',
    effectiveOn: null,
    summary: null,
    addedSchoolUais: [],
    removedSchoolUais: [],
    ...overrides,
  });
}

export async function covering(ds: DataSource, convention: Convention, school: School, amendment: Amendment | null = null): Promise<void> {
  await ds.getRepository(ConventionSchool).insert({ conventionId: convention.id, schoolId: school.id, amendmentId: amendment?.id ?? null });
}

export interface SeatSpec {
  key: string;
  /** null: a seat that represents no signatory. */
  partyKey: string | null;
  role: string;
  count?: number;
  groupLabel?: string | null;
  mayBeRepresented?: boolean;
}

export type CommitteeWithSeats = Committee & { seats: Seat[] };

export async function aCommittee(
  ds: DataSource,
  convention: ConventionWithParties,
  overrides: Partial<Omit<Committee, 'seats'>> & { seats?: SeatSpec[] } = {},
): Promise<CommitteeWithSeats> {
  const { seats: seatSpecs, ...fields } = overrides;
  const key = fields.key ?? `copil-${unique()}`;
  const committee = await ds.getRepository(Committee).save({
    conventionId: convention.id,
    key,
    definitionKey: key,
    kind: 'steering',
    name: 'Comité de pilotage',
    scope: 'convention',
    circonscription: null,
    schoolId: null,
    article: null,
    description: null,
    frequency: { minimum: 0, period: 'year', calendar: 'civil', months: null, text: null },
    notice: { days: 0, dayKind: 'calendar', text: null },
    quorum: { kind: 'none', share: null, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null, text: null },
    conveners: [],
    chairSeatKeys: [],
    chairRotates: false,
    guestsAllowed: false,
    guestsText: null,
    membersDesignatedBy: null,
    prerequisites: [],
    reports: [],
    ...fields,
  } as DeepPartial<Committee>);
  const specs = seatSpecs ?? [
    { key: 'elu', partyKey: 'commune', role: 'un élu' },
    { key: 'ien', partyKey: 'academie', role: "l'IEN de circonscription", mayBeRepresented: true },
  ];
  const seats = await ds.getRepository(Seat).save(
    specs.map((spec, position) => ({
      committeeId: committee.id,
      key: spec.key,
      partyId: spec.partyKey === null ? null : partyOf(convention, spec.partyKey).id,
      role: spec.role,
      count: spec.count ?? 1,
      groupLabel: spec.groupLabel ?? null,
      mayBeRepresented: spec.mayBeRepresented ?? false,
      position,
    })),
  );
  return Object.assign(committee, { seats });
}

export function seatOf(committee: CommitteeWithSeats, key: string): Seat {
  const seat = committee.seats.find((candidate) => candidate.key === key);
  if (!seat) throw new Error(`No seat ${key} in ${committee.key}`);
  return seat;
}

export async function aPerson(ds: DataSource, overrides: Partial<Person> = {}): Promise<Person> {
  const id = unique();
  return ds.getRepository(Person).save({
    fullName: `Personne ${id}`,
    email: `personne.${id}@example.fr`,
    title: null,
    organization: null,
    phone: null,
    ...overrides,
  });
}

export async function aMembership(
  ds: DataSource,
  seat: Seat,
  person: Person,
  overrides: Partial<Pick<Membership, 'startsOn' | 'endsOn' | 'substituteId'>> = {},
): Promise<Membership> {
  return ds.getRepository(Membership).save({
    seatId: seat.id,
    personId: person.id,
    startsOn: '2020-01-01',
    endsOn: null,
    substituteId: null,
    ...overrides,
  });
}
