import { DateTime } from 'luxon';
import { PartyKind } from '../../src/conventions/party.entity';
import { Committee } from '../../src/committees/committee.entity';
import { ConvenerRule, NoticeDayKind, PrerequisiteDocuments, QuorumKind } from '../../src/committees/committee-rules';
import { Seat } from '../../src/committees/seat.entity';
import { Person } from '../../src/people/person.entity';
import { AuthHeaders, asAdmin } from './auth-helpers';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMember, buildPerson } from './meeting-builders';
import { TestApp } from './test-app';

/** Test data for convocations: a committee with its members, and meetings scheduled through the API. */

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
  frequency?: Parameters<typeof buildCommittee>[2]['frequency'];
  /** The convention's start; 2024-01-01 (ten years of validity) by default. */
  signedOn?: string;
}

export interface ConvenedCommittee extends BuiltConvention, BuiltCommittee {
  /** Members by seat key. */
  members: Record<string, Person>;
  substitutes: Record<string, Person>;
}

export async function buildConvenedCommittee(t: TestApp, spec: ConvenedCommitteeSpec): Promise<ConvenedCommittee> {
  const convention = await buildConvention(t.dataSource, {
    timeZone: spec.timeZone,
    holidayCountry: spec.holidayCountry,
    holidayRegion: spec.holidayRegion ?? null,
    signedOn: spec.signedOn ?? '2024-01-01',
    durationMonths: 120,
    parties: spec.parties ?? { academie: 'academie', commune: 'commune' },
  });
  const committee = await buildCommittee(t.dataSource, convention, {
    name: spec.name ?? 'Comité de pilotage',
    notice: { days: spec.notice?.days ?? 0, dayKind: spec.notice?.dayKind ?? 'calendar' },
    quorum: { kind: spec.quorum ?? 'each_party' },
    guestsAllowed: spec.guestsAllowed ?? false,
    prerequisites: spec.prerequisites ?? [],
    frequency: spec.frequency,
    seats: spec.members.map((member) => ({ key: member.seat, party: member.party, role: member.seat })),
  });
  if (spec.conveners) {
    await t.dataSource.manager.update(Committee, { id: committee.committee.id }, { conveners: spec.conveners });
    committee.committee.conveners = spec.conveners;
  }
  const members: Record<string, Person> = {};
  const substitutes: Record<string, Person> = {};
  for (const member of spec.members) {
    const substitute = member.substitute ? await buildPerson(t.dataSource, member.substitute) : null;
    if (substitute) substitutes[member.seat] = substitute;
    members[member.seat] = await buildMember(t.dataSource, committee.seats[member.seat] as Seat, member.name, { startsOn: spec.signedOn ?? '2024-01-01', substitute });
  }
  return { ...convention, ...committee, members, substitutes };
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

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Outbox rows of a meeting by state, for assertions. */
export async function outboxStates(t: TestApp, meetingId: string): Promise<Record<string, number>> {
  const rows: Array<{ state: string; count: string }> = await t.dataSource.query(
    'SELECT state, count(*) AS count FROM outbound_messages WHERE meeting_id = $1 GROUP BY state',
    [meetingId],
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}
