import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Convention } from '../../src/conventions/convention.entity';
import { Party, PartyKind } from '../../src/conventions/party.entity';
import { Committee } from '../../src/committees/committee.entity';
import {
  CommitteeKind,
  NoticeDayKind,
  PeriodCalendar,
  PeriodUnit,
  PrerequisiteDocuments,
  QuorumKind,
  ReportObligation,
} from '../../src/committees/committee-rules';
import { Seat } from '../../src/committees/seat.entity';
import { Person } from '../../src/people/person.entity';
import { Membership } from '../../src/people/membership.entity';

/** Test data for meetings, written straight to the database: no other area's routes involved. */

function suffix(): string {
  return randomBytes(3).toString('hex');
}


export interface ConventionSpec {
  reference?: string;
  timeZone: string;
  holidayCountry: string;
  holidayRegion?: string | null;
  signedOn: string;
  durationMonths?: number | null;
  endsOn?: string | null;
  tacitRenewal?: boolean;
  /** Party keys with their kind. */
  parties: Record<string, PartyKind>;
}

export interface BuiltConvention {
  convention: Convention;
  parties: Record<string, Party>;
}

export async function buildConvention(dataSource: DataSource, spec: ConventionSpec): Promise<BuiltConvention> {
  const manager = dataSource.manager;
  const convention = await manager.save(
    manager.create(Convention, {
      reference: spec.reference ?? `convention-${suffix()}`,
      title: 'Convention de partenariat pour le numérique éducatif',
      timeZone: spec.timeZone,
      holidayCountry: spec.holidayCountry,
      holidayRegion: spec.holidayRegion ?? null,
      signedOn: spec.signedOn,
      effectiveFrom: null,
      durationMonths: spec.durationMonths ?? null,
      endsOn: spec.endsOn ?? null,
      tacitRenewal: spec.tacitRenewal ?? false,
      terminatedOn: null,
      terminationNotice: { amount: null, unit: null, form: null },
    }),
  );
  const parties: Record<string, Party> = {};
  let position = 0;
  for (const [key, kind] of Object.entries(spec.parties)) {
    parties[key] = await manager.save(
      manager.create(Party, { conventionId: convention.id, key, kind, name: `Partie ${key}`, position: position++ }),
    );
  }
  return { convention, parties };
}

export interface SeatSpec {
  key: string;
  /** Party key, or null for a seat of no signatory. */
  party: string | null;
  count?: number;
  role?: string;
}

export interface CommitteeSpec {
  key?: string;
  definitionKey?: string;
  kind?: CommitteeKind;
  name?: string;
  frequency?: { minimum: number; period: PeriodUnit; calendar: PeriodCalendar; months?: number | null };
  notice?: { days: number; dayKind?: NoticeDayKind; text?: string | null };
  quorum?: {
    kind: QuorumKind;
    share?: number | null;
    countsProxies?: boolean;
    proxiesAllowed?: boolean;
    maxProxiesPerMember?: number | null;
    text?: string | null;
  };
  guestsAllowed?: boolean;
  prerequisites?: PrerequisiteDocuments[];
  reports?: ReportObligation[];
  seats: SeatSpec[];
}

export interface BuiltCommittee {
  committee: Committee;
  seats: Record<string, Seat>;
}

export async function buildCommittee(dataSource: DataSource, built: BuiltConvention, spec: CommitteeSpec): Promise<BuiltCommittee> {
  const manager = dataSource.manager;
  const definitionKey = spec.definitionKey ?? 'steering';
  const committee = await manager.save(
    manager.create(Committee, {
      conventionId: built.convention.id,
      key: spec.key ?? `${definitionKey}-${suffix()}`,
      definitionKey,
      kind: spec.kind ?? 'steering',
      name: spec.name ?? 'Comité de pilotage',
      scope: 'convention',
      circonscription: null,
      schoolId: null,
      article: null,
      description: null,
      frequency: {
        minimum: spec.frequency?.minimum ?? 0,
        period: spec.frequency?.period ?? 'year',
        calendar: spec.frequency?.calendar ?? 'civil',
        months: spec.frequency?.months ?? null,
        text: null,
      },
      notice: { days: spec.notice?.days ?? 0, dayKind: spec.notice?.dayKind ?? 'calendar', text: spec.notice?.text ?? null },
      quorum: {
        kind: spec.quorum?.kind ?? 'none',
        share: spec.quorum?.share ?? null,
        countsProxies: spec.quorum?.countsProxies ?? false,
        proxiesAllowed: spec.quorum?.proxiesAllowed ?? false,
        maxProxiesPerMember: spec.quorum?.maxProxiesPerMember ?? null,
        text: spec.quorum?.text ?? null,
      },
      conveners: [],
      chairSeatKeys: [],
      chairRotates: false,
      guestsAllowed: spec.guestsAllowed ?? false,
      guestsText: null,
      membersDesignatedBy: null,
      prerequisites: spec.prerequisites ?? [],
      reports: spec.reports ?? [],
    }),
  );
  const seats: Record<string, Seat> = {};
  let position = 0;
  for (const seat of spec.seats) {
    seats[seat.key] = await manager.save(
      manager.create(Seat, {
        committeeId: committee.id,
        key: seat.key,
        partyId: seat.party === null ? null : built.parties[seat.party].id,
        role: seat.role ?? seat.key,
        count: seat.count ?? 1,
        groupLabel: null,
        mayBeRepresented: false,
        position: position++,
      }),
    );
  }
  return { committee, seats };
}

export async function buildPerson(dataSource: DataSource, fullName: string): Promise<Person> {
  const manager = dataSource.manager;
  const local = fullName
    .normalize('NFD')
    .replace(/[^A-Za-z]+/g, '.')
    .replace(/^\.|\.$/g, '')
    .toLowerCase();
  return manager.save(manager.create(Person, { fullName, email: `${local}.${suffix()}@example.fr`, title: null, organization: null, phone: null }));
}

export async function buildMembership(
  dataSource: DataSource,
  seat: Seat,
  person: Person,
  options: { startsOn?: string; endsOn?: string | null; substitute?: Person | null } = {},
): Promise<Membership> {
  const manager = dataSource.manager;
  return manager.save(
    manager.create(Membership, {
      seatId: seat.id,
      personId: person.id,
      startsOn: options.startsOn ?? '2015-01-01',
      endsOn: options.endsOn ?? null,
      substituteId: options.substitute?.id ?? null,
    }),
  );
}

/** A member holding `seat`, created with the person. */
export async function buildMember(
  dataSource: DataSource,
  seat: Seat,
  fullName: string,
  options: { startsOn?: string; endsOn?: string | null; substitute?: Person | null } = {},
): Promise<Person> {
  const person = await buildPerson(dataSource, fullName);
  await buildMembership(dataSource, seat, person, options);
  return person;
}
