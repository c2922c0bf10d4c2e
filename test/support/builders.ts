import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { DataSource, DeepPartial } from 'typeorm';
import { Convention } from '../../src/conventions/convention.entity';
import { Party, PartyKind } from '../../src/conventions/party.entity';
import { Amendment } from '../../src/conventions/amendment.entity';
import { ConventionSchool } from '../../src/conventions/convention-school.entity';
import { School } from '../../src/schools/school.entity';
import { Committee } from '../../src/committees/committee.entity';
import {
  ConvenerRule,
  FrequencyRule,
  NoticeDayKind,
  NoticeRule,
  PrerequisiteDocuments,
  QuorumKind,
  QuorumRule,
} from '../../src/committees/committee-rules';
import { Seat } from '../../src/committees/seat.entity';
import { Person } from '../../src/people/person.entity';
import { Membership } from '../../src/people/membership.entity';
import { Meeting, MeetingState } from '../../src/meetings/meeting.entity';
import { instantAt } from '../../src/rules/local-date';
import { expectedCheckLetter } from '../../src/rules/uai.rule';
import { Grant } from '../../src/auth/grant.entity';
import { AuthHeaders, asAdmin, tokenFor } from './auth-helpers';
import { TestApp } from './test-app';

/**
 * The one family of test-data builders. Rows are written straight to the database, so a test of
 * one area never goes through another area's routes; meetings that must be convened go through
 * the API (`scheduleMeeting`). Every builder makes its own unique keys and e-mail addresses, so
 * tests sharing a database never collide, and takes overrides for what the test is about.
 */

const unique = (): string => randomBytes(4).toString('hex');

// ---------------------------------------------------------------- conventions, parties, schools

export interface PartyDetails {
  kind: PartyKind;
  name?: string;
  representativeName?: string | null;
  representativeTitle?: string | null;
}

/** A convention row's fields, all optional, and its parties by key (a kind, or more details). */
export type ConventionSpec = Partial<Omit<Convention, 'parties' | 'amendments' | 'schools' | 'id' | 'version'>> & {
  parties?: Record<string, PartyKind | PartyDetails>;
};

/** The convention with its parties by key. */
export type BuiltConvention = Omit<Convention, 'parties'> & { parties: Record<string, Party> };

const DEFAULT_PARTIES: Record<string, PartyDetails> = {
  academie: { kind: 'academie', name: 'Académie de Grenoble', representativeName: 'Claudine Schmidt-Lainé', representativeTitle: 'Recteur' },
  commune: { kind: 'commune', name: 'Commune de Crêts en Belledonne', representativeName: 'Jean-Louis Maret', representativeTitle: 'Maire' },
};

/** A convention in Europe/Paris signed on 2016-06-15 with no end, and an académie and a commune, unless told otherwise. */
export async function buildConvention(ds: DataSource, spec: ConventionSpec = {}): Promise<BuiltConvention> {
  const { parties: partySpecs, ...fields } = spec;
  const convention = await ds.getRepository(Convention).save({
    reference: `convention-${unique()}`,
    title: 'Convention de partenariat « Collèges numériques et innovation pédagogique »',
    description: null,
    timeZone: 'Europe/Paris',
    holidayCountry: 'FR',
    holidayRegion: null,
    signedOn: '2016-06-15',
    effectiveFrom: null,
    durationMonths: null,
    endsOn: null,
    tacitRenewal: false,
    terminatedOn: null,
    terminationNotice: { amount: null, unit: null, form: null },
    ...fields,
  } as DeepPartial<Convention>);
  const parties: Record<string, Party> = {};
  for (const [position, [key, details]] of Object.entries(partySpecs ?? DEFAULT_PARTIES).entries()) {
    const party: PartyDetails = typeof details === 'string' ? { kind: details } : details;
    parties[key] = await ds.getRepository(Party).save({
      conventionId: convention.id,
      key,
      kind: party.kind,
      name: party.name ?? `Partie ${key}`,
      representativeName: party.representativeName ?? null,
      representativeTitle: party.representativeTitle ?? null,
      position,
    });
  }
  return Object.assign(convention, { parties }) as unknown as BuiltConvention;
}

export function partyOf(convention: BuiltConvention, key: string): Party {
  const party = convention.parties[key];
  if (!party) throw new Error(`No party ${key} in ${convention.reference}`);
  return party;
}

/** A UAI with the right check letter, different on every call. */
export function aUai(): string {
  const digits = String(1_000_000 + Math.floor(Math.random() * 8_999_999)).padStart(7, '0');
  return `${digits}${expectedCheckLetter(digits)}`;
}

export async function buildSchool(ds: DataSource, overrides: Partial<School> = {}): Promise<School> {
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

export async function buildAmendment(ds: DataSource, convention: { id: string }, overrides: Partial<Amendment> = {}): Promise<Amendment> {
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

/** The convention covers the school, from the start or by an amendment. */
export async function covering(ds: DataSource, convention: { id: string }, school: School, amendment: Amendment | null = null): Promise<void> {
  await ds.getRepository(ConventionSchool).insert({ conventionId: convention.id, schoolId: school.id, amendmentId: amendment?.id ?? null });
}

// ---------------------------------------------------------------- committees and seats

export interface SeatSpec {
  key: string;
  /** Party key, or null for a seat that represents no signatory. */
  party: string | null;
  /** The seat key unless told. */
  role?: string;
  count?: number;
  groupLabel?: string | null;
  mayBeRepresented?: boolean;
}

/** A committee row's fields, all optional; the rules may be given in part. */
export type CommitteeSpec = Partial<Omit<Committee, 'seats' | 'frequency' | 'notice' | 'quorum' | 'id' | 'version'>> & {
  frequency?: Partial<FrequencyRule>;
  notice?: Partial<NoticeRule>;
  quorum?: Partial<QuorumRule>;
  seats?: SeatSpec[];
};

/** The committee with its seats by key. */
export type BuiltCommittee = Omit<Committee, 'seats'> & { seats: Record<string, Seat> };

const DEFAULT_SEATS: SeatSpec[] = [
  { key: 'elu', party: 'commune', role: 'un élu' },
  { key: 'ien', party: 'academie', role: "l'IEN de circonscription", mayBeRepresented: true },
];

/** A steering committee meeting at will, with no notice and no quorum, and an elected member's and an IEN's seats, unless told otherwise. */
export async function buildCommittee(ds: DataSource, convention: BuiltConvention, spec: CommitteeSpec = {}): Promise<BuiltCommittee> {
  const { seats: seatSpecs, frequency, notice, quorum, ...fields } = spec;
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
    conveners: [],
    chairSeatKeys: [],
    chairRotates: false,
    guestsAllowed: false,
    guestsText: null,
    membersDesignatedBy: null,
    prerequisites: [],
    reports: [],
    ...fields,
    frequency: { minimum: 0, period: 'year', calendar: 'civil', months: null, text: null, ...frequency },
    notice: { days: 0, dayKind: 'calendar', text: null, ...notice },
    quorum: { kind: 'none', share: null, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null, text: null, ...quorum },
  } as DeepPartial<Committee>);
  const seats: Record<string, Seat> = {};
  for (const [position, seat] of (seatSpecs ?? DEFAULT_SEATS).entries()) {
    seats[seat.key] = await buildSeat(ds, committee, seat.party === null ? null : partyOf(convention, seat.party), seat, position);
  }
  return Object.assign(committee, { seats }) as unknown as BuiltCommittee;
}

async function buildSeat(ds: DataSource, committee: { id: string }, party: Party | null, spec: Omit<SeatSpec, 'party'>, position: number): Promise<Seat> {
  return ds.getRepository(Seat).save({
    committeeId: committee.id,
    key: spec.key,
    partyId: party?.id ?? null,
    role: spec.role ?? spec.key,
    count: spec.count ?? 1,
    groupLabel: spec.groupLabel ?? null,
    mayBeRepresented: spec.mayBeRepresented ?? false,
    position,
  });
}

export function seatOf(committee: BuiltCommittee, key: string): Seat {
  const seat = committee.seats[key];
  if (!seat) throw new Error(`No seat ${key} in ${committee.key}`);
  return seat;
}

// ---------------------------------------------------------------- people and memberships

/** A person; a full name alone gives an e-mail address made from it. */
export async function buildPerson(ds: DataSource, person: string | Partial<Person> = {}): Promise<Person> {
  const fields = typeof person === 'string' ? { fullName: person } : person;
  const id = unique();
  const local = (fields.fullName ?? `Personne ${id}`)
    .normalize('NFD')
    .replace(/[^A-Za-z]+/g, '.')
    .replace(/^\.|\.$/g, '')
    .toLowerCase();
  return ds.getRepository(Person).save({
    fullName: `Personne ${id}`,
    email: `${local}.${id}@example.fr`,
    title: null,
    organization: null,
    phone: null,
    ...fields,
  });
}

export interface MembershipSpec {
  /** 2015-01-01 unless told. */
  startsOn?: string;
  endsOn?: string | null;
  substitute?: Person | null;
  substituteId?: string | null;
}

export async function buildMembership(ds: DataSource, seat: { id: string }, person: Person, spec: MembershipSpec = {}): Promise<Membership> {
  return ds.getRepository(Membership).save({
    seatId: seat.id,
    personId: person.id,
    startsOn: spec.startsOn ?? '2015-01-01',
    endsOn: spec.endsOn ?? null,
    substituteId: spec.substitute?.id ?? spec.substituteId ?? null,
  });
}

/** A new person holding `seat`. */
export async function buildMember(ds: DataSource, seat: { id: string }, fullName: string, spec: MembershipSpec = {}): Promise<Person> {
  const person = await buildPerson(ds, fullName);
  await buildMembership(ds, seat, person, spec);
  return person;
}

/** A person holding a new seat of the committee from `startsOn`, for the planning's clash checks. */
export async function seatPerson(ds: DataSource, committee: { id: string }, person: Person, startsOn: string): Promise<Membership> {
  const seat = await buildSeat(ds, committee, null, { key: `seat-${unique()}`, role: 'un représentant' }, 0);
  return buildMembership(ds, seat, person, { startsOn });
}

// ---------------------------------------------------------------- meetings

export interface MeetingSpec {
  /** Local day and wall-clock time in the convention's zone. */
  on: string;
  at?: string;
  hours?: number;
  state?: MeetingState;
  /** For held meetings; true unless said otherwise. */
  quorumReached?: boolean | null;
}

async function saveMeeting(ds: DataSource, committee: { id: string }, fields: DeepPartial<Meeting>): Promise<Meeting> {
  return ds.getRepository(Meeting).save({ committeeId: committee.id, kind: 'ordinary', icalUid: `${randomUUID()}@copil.test`, ...fields });
}

/** A meeting at a local time of the committee's convention, stored in UTC; held with quorum unless told. */
export async function buildMeeting(ds: DataSource, committee: { id: string }, zone: string, spec: MeetingSpec): Promise<Meeting> {
  const startsAt = instantAt(spec.on, spec.at ?? '14:00', zone);
  const state = spec.state ?? 'held';
  return saveMeeting(ds, committee, {
    state,
    title: 'Séance du comité',
    startsAt,
    endsAt: new Date(startsAt.getTime() + (spec.hours ?? 2) * 3_600_000),
    quorumReached: state === 'held' ? (spec.quorumReached === undefined ? true : spec.quorumReached) : null,
    cancelledAt: state === 'cancelled' ? startsAt : null,
  });
}

/** A meeting held with quorum at the given instants, e.g. a proposal of the planning. */
export async function recordHeld(ds: DataSource, committee: { id: string }, startsAt: string, endsAt: string): Promise<Meeting> {
  return saveMeeting(ds, committee, { state: 'held', title: 'Séance planifiée', startsAt: new Date(startsAt), endsAt: new Date(endsAt), quorumReached: true });
}

// ---------------------------------------------------------------- the reference committees

/**
 * The committees of the five reference conventions (DOMAIN.md), as rules: Montpellier sets up
 * none. Dates are the caller's, so that a test can place a convention in force when it needs.
 */
const GUYANE: ConventionSpec = { timeZone: 'America/Cayenne', holidayCountry: 'GF', durationMonths: 36, tacitRenewal: true };
const GRENOBLE: ConventionSpec = { timeZone: 'Europe/Paris', holidayCountry: 'FR', durationMonths: 12 };
const REUNION: ConventionSpec = { timeZone: 'Indian/Reunion', holidayCountry: 'RE', durationMonths: 48 };
const AMIENS: ConventionSpec = { timeZone: 'Europe/Paris', holidayCountry: 'FR', durationMonths: 36 };

/** "au moins N jours avant la réunion", in calendar days. */
const daysBefore = (days: number, text: string): Partial<NoticeRule> => ({ days, dayKind: 'calendar', text });

export const REFERENCE_COMMITTEES = {
  guyaneSteering: [GUYANE, { name: 'Comité de pilotage (art. 3.1)', notice: daysBefore(15, 'au moins 15 jours avant la réunion'),
    frequency: { minimum: 1, period: 'semester', calendar: 'school', text: 'au moins une fois par semestre' } }],
  guyaneTechnical: [GUYANE, { kind: 'technical', name: 'Comité technique (art. 3.2)',
    frequency: { minimum: 0, period: 'year', calendar: 'school', text: 'autant que de besoin' } }],
  grenobleLocal: [GRENOBLE, { name: 'Comité de pilotage local (art. 4.1)', notice: daysBefore(8, 'au moins 8 jours avant la réunion'),
    frequency: { minimum: 1, period: 'quarter', calendar: 'school', text: 'au moins une fois par trimestre' } }],
  grenobleDepartmental: [GRENOBLE, { name: 'Comité de pilotage départemental (art. 4.2)', notice: daysBefore(15, '15 jours avant la réunion'),
    frequency: { minimum: 2, period: 'year', calendar: 'school', text: 'deux fois par an' } }],
  reunionSteering: [REUNION, { name: 'Comité de pilotage (art. 8-1)',
    frequency: { minimum: 1, period: 'year', calendar: 'school', text: 'au moins une fois par an' } }],
  reunionTechnical: [REUNION, { kind: 'technical', name: 'Comité technique (art. 8-2)',
    frequency: { minimum: 0, period: 'year', calendar: 'school', text: 'autant de fois que nécessaire' } }],
  amiensAnimations: [AMIENS, { name: 'Comité de pilotage des animations',
    frequency: { minimum: 2, period: 'year', calendar: 'civil', text: 'deux fois par an' } }],
} satisfies Record<string, [ConventionSpec, CommitteeSpec]>;

export type ReferenceCommittee = keyof typeof REFERENCE_COMMITTEES;

/** One reference committee in a convention of its territory signed on `signedOn`. */
export async function buildReferenceCommittee(
  ds: DataSource,
  which: ReferenceCommittee,
  signedOn: string,
): Promise<{ convention: BuiltConvention; committee: BuiltCommittee }> {
  const [territory, rules] = REFERENCE_COMMITTEES[which];
  const convention = await buildConvention(ds, { ...territory, signedOn });
  const committee = await buildCommittee(ds, convention, rules);
  return { convention, committee };
}

// ---------------------------------------------------------------- committees to convene, meetings through the API

export interface MemberSpec {
  /** Seat key; the seat is created for it. */
  seat: string;
  party: string | null;
  name: string;
  substitute?: string;
}

export interface ConvenedCommitteeSpec {
  timeZone: string;
  holidayCountry: string;
  holidayRegion?: string | null;
  parties?: Record<string, PartyKind>;
  notice?: { days: number; dayKind?: NoticeDayKind };
  quorum?: QuorumKind;
  members: MemberSpec[];
  guestsAllowed?: boolean;
  conveners?: ConvenerRule[];
  prerequisites?: PrerequisiteDocuments[];
  name?: string;
  frequency?: Partial<FrequencyRule>;
  /** The convention's start; 2024-01-01 (ten years of validity) by default. */
  signedOn?: string;
}

export interface ConvenedCommittee {
  convention: BuiltConvention;
  committee: BuiltCommittee;
  parties: Record<string, Party>;
  seats: Record<string, Seat>;
  /** Members by seat key. */
  members: Record<string, Person>;
  substitutes: Record<string, Person>;
}

/** A committee in force with one member a seat, ready to be convened. */
export async function buildConvenedCommittee(t: TestApp, spec: ConvenedCommitteeSpec): Promise<ConvenedCommittee> {
  const signedOn = spec.signedOn ?? '2024-01-01';
  const convention = await buildConvention(t.dataSource, {
    timeZone: spec.timeZone,
    holidayCountry: spec.holidayCountry,
    holidayRegion: spec.holidayRegion ?? null,
    signedOn,
    durationMonths: 120,
    parties: spec.parties ?? { academie: 'academie', commune: 'commune' },
  });
  const committee = await buildCommittee(t.dataSource, convention, {
    name: spec.name ?? 'Comité de pilotage',
    notice: { days: spec.notice?.days ?? 0, dayKind: spec.notice?.dayKind ?? 'calendar' },
    quorum: { kind: spec.quorum ?? 'each_party' },
    guestsAllowed: spec.guestsAllowed ?? false,
    conveners: spec.conveners ?? [],
    prerequisites: spec.prerequisites ?? [],
    frequency: spec.frequency,
    seats: spec.members.map((member) => ({ key: member.seat, party: member.party })),
  });
  const members: Record<string, Person> = {};
  const substitutes: Record<string, Person> = {};
  for (const member of spec.members) {
    const substitute = member.substitute ? await buildPerson(t.dataSource, member.substitute) : null;
    if (substitute) substitutes[member.seat] = substitute;
    members[member.seat] = await buildMember(t.dataSource, seatOf(committee, member.seat), member.name, { startsOn: signedOn, substitute });
  }
  return { convention, committee, parties: convention.parties, seats: committee.seats, members, substitutes };
}

/**
 * The committee the convocation specs convene: in Paris, the académie and the commune, 8 days'
 * notice, the DASEN convening; Claire Martin holds the DASEN's seat and Jean Dupont the elected
 * member's, unless `spec` says otherwise.
 */
export function buildParisCommittee(t: TestApp, spec: Partial<ConvenedCommitteeSpec> = {}): Promise<ConvenedCommittee> {
  return buildConvenedCommittee(t, {
    timeZone: 'Europe/Paris',
    holidayCountry: 'FR',
    notice: { days: 8 },
    conveners: [{ partyKey: 'academie', seatKey: 'dasen', label: 'le DASEN ou son représentant' }],
    members: [
      { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
      { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
    ],
    ...spec,
  });
}

/** A wall-clock time of `zone`, `days` from today there, at `time` (HH:mm): what the API takes. */
export function localTime(zone: string, days: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.now().setZone(zone).plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toFormat("yyyy-LL-dd'T'HH:mm");
}

export interface MeetingBody {
  start: string;
  end: string;
  title?: string;
  location?: string | null;
  videoUrl?: string | null;
  agenda?: { title: string; description?: string; presenter?: string; documents?: { title: string; url: string }[] }[];
  guests?: string[];
  newGuests?: { fullName: string; email: string; organization?: string; title?: string }[];
}

export const DEFAULT_AGENDA = [
  { title: 'Bilan du trimestre', description: 'Point d’étape du déploiement des tablettes', documents: [{ title: 'Bilan 2025', url: 'https://partage.example.fr/bilan.pdf' }] },
  { title: 'Questions diverses' },
];

/** Schedules a meeting through the API, as an administrator; returns its id. */
export async function scheduleMeeting(t: TestApp, committeeId: string, body: MeetingBody, headers?: AuthHeaders): Promise<string> {
  const response = await t
    .http()
    .post(`/committees/${committeeId}/meetings`)
    .set(headers ?? (await asAdmin(t)))
    .send({ agenda: DEFAULT_AGENDA, location: 'Mairie, salle du conseil', ...body });
  if (response.status !== 201) throw new Error(`scheduling failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

// ---------------------------------------------------------------- reference conventions through the API, and grants

/** The text of a reference convention as if signed on `signedOn` for `months` months, its members seated from then. */
export function exampleText(reference: string, signedOn: string, months = 36): string {
  return readFileSync(join(__dirname, '..', '..', 'examples', `${reference}.yaml`), 'utf8')
    .replace(/^signedOn: .*$/m, `signedOn: ${signedOn}`)
    .replace(/^durationMonths: .*$/m, `durationMonths: ${months}`)
    .replace(/startsOn: \d{4}-\d\d-\d\d/g, `startsOn: ${signedOn}`);
}

/** Imports that text through the API, as an administrator would. */
export async function importExample(t: TestApp, reference: string, signedOn: string, months = 36): Promise<void> {
  const res = await t.http().post('/conventions/import').set(await asAdmin(t)).set('Content-Type', 'application/yaml').send(exampleText(reference, signedOn, months));
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** An account whose secretariat covers every convention of a département, as the DASEN's secretariat holds it. */
export async function grantDepartement(t: TestApp, email: string, departement: string): Promise<void> {
  await tokenFor(t, email);
  const [account]: { id: string }[] = await t.dataSource.query(`SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [email]);
  await t.dataSource.getRepository(Grant).save({ accountId: account.id, role: 'secretariat', conventionId: null, committeeId: null, departement });
}
