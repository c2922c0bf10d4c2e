import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Convention } from '../../src/conventions/convention.entity';
import { Party } from '../../src/conventions/party.entity';
import { Committee } from '../../src/committees/committee.entity';
import { CommitteeKind, FrequencyRule, NoticeRule } from '../../src/committees/committee-rules';
import { Seat } from '../../src/committees/seat.entity';
import { Person } from '../../src/people/person.entity';
import { Membership } from '../../src/people/membership.entity';
import { Meeting, MeetingState } from '../../src/meetings/meeting.entity';
import { instantAt } from '../../src/rules/local-date';

/**
 * Rows for the compliance and planning tests, written straight to the database (the meetings API
 * is another module's). Every builder makes its own unique keys, so tests sharing a database
 * never collide.
 */

const unique = (): string => randomBytes(4).toString('hex');


export interface ConventionSpec {
  reference?: string;
  timeZone: string;
  holidayCountry: string;
  signedOn: string | null;
  effectiveFrom?: string | null;
  durationMonths?: number | null;
  endsOn?: string | null;
  tacitRenewal?: boolean;
  terminatedOn?: string | null;
  /** Party keys; an académie and a commune when absent. */
  parties?: string[];
}

export interface BuiltConvention {
  convention: Convention;
  parties: Map<string, Party>;
}

export async function buildConvention(ds: DataSource, spec: ConventionSpec): Promise<BuiltConvention> {
  const convention = await ds.getRepository(Convention).save({
    reference: spec.reference ?? `convention-${unique()}`,
    title: 'Convention de partenariat pour le numérique éducatif',
    description: null,
    timeZone: spec.timeZone,
    holidayCountry: spec.holidayCountry,
    holidayRegion: null,
    signedOn: spec.signedOn,
    effectiveFrom: spec.effectiveFrom ?? null,
    durationMonths: spec.durationMonths ?? null,
    endsOn: spec.endsOn ?? null,
    tacitRenewal: spec.tacitRenewal ?? false,
    terminatedOn: spec.terminatedOn ?? null,
    terminationNotice: { amount: null, unit: null, form: null },
  });
  const parties = new Map<string, Party>();
  for (const [position, key] of (spec.parties ?? ['academie', 'commune']).entries()) {
    const party = await ds.getRepository(Party).save({
      conventionId: convention.id,
      key,
      kind: key === 'academie' ? 'academie' : 'commune',
      name: key === 'academie' ? 'Académie' : 'Commune',
      position,
    });
    parties.set(key, party);
  }
  return { convention, parties };
}

export interface CommitteeSpec {
  key?: string;
  kind?: CommitteeKind;
  name?: string;
  frequency: Pick<FrequencyRule, 'minimum' | 'period' | 'calendar'> & Partial<Pick<FrequencyRule, 'months' | 'text'>>;
  notice?: Partial<NoticeRule>;
}

export async function buildCommittee(ds: DataSource, built: BuiltConvention, spec: CommitteeSpec): Promise<Committee> {
  const key = spec.key ?? `committee-${unique()}`;
  return ds.getRepository(Committee).save({
    conventionId: built.convention.id,
    key,
    definitionKey: key,
    kind: spec.kind ?? 'steering',
    name: spec.name ?? 'Comité de pilotage',
    scope: 'convention',
    frequency: { months: null, text: null, ...spec.frequency },
    notice: { days: 0, dayKind: 'calendar', text: null, ...spec.notice },
    quorum: { kind: 'each_party', share: null, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null, text: null },
    conveners: [],
    chairSeatKeys: [],
    prerequisites: [],
    reports: [],
  });
}

export interface MeetingSpec {
  /** Local day and wall-clock time in the convention's zone. */
  on: string;
  at?: string;
  hours?: number;
  state?: MeetingState;
  /** For held meetings; true unless said otherwise. */
  quorumReached?: boolean | null;
}

/** A meeting at a local time of the committee's convention, stored in UTC. */
export async function buildMeeting(ds: DataSource, committee: Committee, zone: string, spec: MeetingSpec): Promise<Meeting> {
  const startsAt = instantAt(spec.on, spec.at ?? '14:00', zone);
  const state = spec.state ?? 'held';
  return ds.getRepository(Meeting).save({
    committeeId: committee.id,
    kind: 'ordinary',
    state,
    title: 'Séance du comité',
    startsAt,
    endsAt: new Date(startsAt.getTime() + (spec.hours ?? 2) * 3_600_000),
    icalUid: `${randomUUID()}@copil.test`,
    quorumReached: state === 'held' ? (spec.quorumReached === undefined ? true : spec.quorumReached) : null,
    cancelledAt: state === 'cancelled' ? new Date() : null,
  });
}

/** A meeting held with quorum at the given instants, e.g. a proposal of the planning. */
export async function recordHeld(ds: DataSource, committee: Committee, startsAt: string, endsAt: string): Promise<Meeting> {
  return ds.getRepository(Meeting).save({
    committeeId: committee.id,
    kind: 'ordinary',
    state: 'held',
    title: 'Séance planifiée',
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    icalUid: `${randomUUID()}@copil.test`,
    quorumReached: true,
  });
}

/** A person holding a seat of the committee from `startsOn`, for the planning's clash checks. */
export async function seatPerson(ds: DataSource, committee: Committee, person: Person, startsOn: string, partyId: string | null = null): Promise<Membership> {
  const seat = await ds.getRepository(Seat).save({
    committeeId: committee.id,
    key: `seat-${unique()}`,
    partyId,
    role: 'un représentant',
    count: 1,
    groupLabel: null,
    mayBeRepresented: false,
    position: 0,
  });
  return ds.getRepository(Membership).save({ seatId: seat.id, personId: person.id, startsOn, endsOn: null, substituteId: null });
}

export async function buildPerson(ds: DataSource, fullName: string): Promise<Person> {
  return ds.getRepository(Person).save({ fullName, email: `${unique()}@copil.test`, title: null, organization: null, phone: null });
}

/**
 * The committees of the five reference conventions (DOMAIN.md), as rules: Montpellier sets up
 * none. Dates are the caller's, so that a test can place a convention in force when it needs.
 */
export const REFERENCE_COMMITTEES = {
  guyaneSteering: {
    convention: { timeZone: 'America/Cayenne', holidayCountry: 'GF', durationMonths: 36, tacitRenewal: true },
    committee: {
      name: 'Comité de pilotage (art. 3.1)',
      frequency: { minimum: 1, period: 'semester', calendar: 'school', text: 'au moins une fois par semestre' },
      notice: { days: 15, dayKind: 'calendar', text: 'au moins 15 jours avant la réunion' },
    },
  },
  guyaneTechnical: {
    convention: { timeZone: 'America/Cayenne', holidayCountry: 'GF', durationMonths: 36, tacitRenewal: true },
    committee: {
      kind: 'technical',
      name: 'Comité technique (art. 3.2)',
      frequency: { minimum: 0, period: 'year', calendar: 'school', text: 'autant que de besoin' },
    },
  },
  grenobleLocal: {
    convention: { timeZone: 'Europe/Paris', holidayCountry: 'FR', durationMonths: 12 },
    committee: {
      name: 'Comité de pilotage local (art. 4.1)',
      frequency: { minimum: 1, period: 'quarter', calendar: 'school', text: 'au moins une fois par trimestre' },
      notice: { days: 8, dayKind: 'calendar', text: 'au moins 8 jours avant la réunion' },
    },
  },
  grenobleDepartmental: {
    convention: { timeZone: 'Europe/Paris', holidayCountry: 'FR', durationMonths: 12 },
    committee: {
      name: 'Comité de pilotage départemental (art. 4.2)',
      frequency: { minimum: 2, period: 'year', calendar: 'school', text: 'deux fois par an' },
      notice: { days: 15, dayKind: 'calendar', text: '15 jours avant la réunion' },
    },
  },
  reunionSteering: {
    convention: { timeZone: 'Indian/Reunion', holidayCountry: 'RE', durationMonths: 48 },
    committee: {
      name: 'Comité de pilotage (art. 8-1)',
      frequency: { minimum: 1, period: 'year', calendar: 'school', text: 'au moins une fois par an' },
    },
  },
  reunionTechnical: {
    convention: { timeZone: 'Indian/Reunion', holidayCountry: 'RE', durationMonths: 48 },
    committee: {
      kind: 'technical',
      name: 'Comité technique (art. 8-2)',
      frequency: { minimum: 0, period: 'year', calendar: 'school', text: 'autant de fois que nécessaire' },
    },
  },
  amiensAnimations: {
    convention: { timeZone: 'Europe/Paris', holidayCountry: 'FR', durationMonths: 36 },
    committee: {
      name: 'Comité de pilotage des animations',
      frequency: { minimum: 2, period: 'year', calendar: 'civil', text: 'deux fois par an' },
    },
  },
} satisfies Record<string, { convention: Omit<ConventionSpec, 'signedOn'>; committee: CommitteeSpec }>;

export type ReferenceCommittee = keyof typeof REFERENCE_COMMITTEES;

/** One reference committee in a convention of its territory signed on `signedOn`. */
export async function buildReferenceCommittee(
  ds: DataSource,
  which: ReferenceCommittee,
  signedOn: string,
): Promise<BuiltConvention & { committee: Committee }> {
  const reference = REFERENCE_COMMITTEES[which];
  const built = await buildConvention(ds, { ...reference.convention, signedOn });
  const committee = await buildCommittee(ds, built, reference.committee as CommitteeSpec);
  return { ...built, committee };
}
