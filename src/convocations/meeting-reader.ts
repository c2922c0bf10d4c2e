import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import type { MeetingKind, MeetingState } from '../meetings/meeting.entity';
import type { Answer, RecipientRole } from './convocation.entity';
import {
  ContextAgendaItem,
  ContextCommittee,
  ContextDocument,
  ContextMeeting,
  ContextParty,
  MeetingContext,
  meetingContext,
} from './meeting-context';
import type { RecipientContext } from './message-composer';
import { queryPrepared } from '../database/prepared';

/**
 * The one reader of "the meeting as a convocation tells it": the meeting, its committee and
 * convention, the signatories, the agenda and the documents, read in one statement as one jsonb
 * value. Convening, the answer pages and the worker all read it here. The worker reads it inside
 * the statement that claims the outbox row (`meetingContextSql` is a scalar subquery), so a message
 * costs one round trip; the mapping is the same.
 */
@Injectable()
export class MeetingReader {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The meeting as it stands in `manager`'s transaction (or now), or null when it does not exist. */
  async read(meetingId: string, manager: EntityManager = this.dataSource.manager): Promise<MeetingContext | null> {
    const [row] = await queryPrepared<{ context: Json | null }>(manager, READ_SQL, [meetingId]);
    return contextFromJson(row?.context ?? null, this.config);
  }

  /**
   * What convening needs, in one statement: the meeting as `read` gives it, and the people to
   * convene — every member holding a seat on the meeting's local day, by seat (position, key) and
   * term (start, id), and the guests, in the order they were added. A person may appear twice (two
   * seats, or a member also invited); the caller keeps the first.
   * Read after the meeting is locked, so it sees what the last writer of the meeting committed.
   */
  async readToConvene(meetingId: string, manager: EntityManager): Promise<{ context: MeetingContext; people: ConvenablePerson[] } | null> {
    const [row] = await queryPrepared<{ context: Json | null; members: Json[]; guests: Json[] }>(
      manager,
      `SELECT ${meetingContextSql('$1::uuid')} AS context,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('person_id', ms.person_id, 'membership_id', ms.id, 'email', p.email, 'full_name', p.full_name)
                                         ORDER BY s.position, s.key, ms.starts_on, ms.id), '[]')
                 FROM meetings m
                 JOIN committees c ON c.id = m.committee_id
                 JOIN conventions v ON v.id = c.convention_id
                 JOIN seats s ON s.committee_id = m.committee_id
                 JOIN memberships ms ON ms.seat_id = s.id
                 JOIN people p ON p.id = ms.person_id
                WHERE m.id = $1
                  AND ms.starts_on <= (m.starts_at AT TIME ZONE v.time_zone)::date
                  AND (ms.ends_on IS NULL OR ms.ends_on >= (m.starts_at AT TIME ZONE v.time_zone)::date)) AS members,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('person_id', g.person_id, 'email', p.email, 'full_name', p.full_name) ORDER BY g.id), '[]')
                 FROM meeting_guests g JOIN people p ON p.id = g.person_id
                WHERE g.meeting_id = $1) AS guests`,
      [meetingId],
    );
    const context = contextFromJson(row?.context ?? null, this.config);
    if (!context) return null;
    const person = (json: Json, role: RecipientRole, membershipId: string | null): ConvenablePerson => ({
      personId: json.person_id as string,
      membershipId,
      role,
      email: json.email as string,
      fullName: json.full_name as string,
    });
    return {
      context,
      people: [
        ...row.members.map((json) => person(json, 'member', json.membership_id as string)),
        ...row.guests.map((json) => person(json, 'guest', null)),
      ],
    };
  }

  /** One convocation's recipient, with the names a message to them mentions. */
  async recipient(convocationId: string, manager: EntityManager = this.dataSource.manager): Promise<RecipientContext | null> {
    const [row] = await queryPrepared<{ recipient: Json | null }>(manager, RECIPIENT_SQL, [convocationId]);
    return recipientFromJson(row?.recipient ?? null);
  }
}

export type Json = Record<string, unknown>;

/** Someone convening would convene: a member by their membership, or a guest. */
export interface ConvenablePerson {
  personId: string;
  membershipId: string | null;
  role: RecipientRole;
  email: string;
  fullName: string;
}

/** A scalar subquery: the meeting whose id is the SQL expression `meetingId`, as one jsonb value (NULL if none). */
export function meetingContextSql(meetingId: string): string {
  return `(
  SELECT jsonb_build_object(
           'meeting', to_jsonb(m),
           'committee', jsonb_build_object('id', c.id, 'convention_id', c.convention_id, 'key', c.key, 'name', c.name, 'notice_days', c.notice_days,
                                           'notice_day_kind', c.notice_day_kind, 'notice_text', c.notice_text, 'notice_urgent_days', c.notice_urgent_days, 'reconvening', c.reconvening, 'conveners', c.conveners,
                                           'prerequisites', c.prerequisites, 'convention_title', v.title, 'time_zone', v.time_zone,
                                           'holiday_country', v.holiday_country, 'holiday_region', v.holiday_region),
           'parties', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'key', p.key, 'kind', p.kind, 'name', p.name, 'email', p.email) ORDER BY p.position), '[]')
                         FROM parties p WHERE p.convention_id = c.convention_id),
           'agenda', (SELECT coalesce(jsonb_agg(jsonb_build_object('title', a.title, 'description', a.description, 'presenter', a.presenter, 'documents', a.documents)
                                                ORDER BY a.position), '[]')
                        FROM agenda_items a WHERE a.meeting_id = m.id),
           'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', d.kind, 'from_committee', d.from_committee, 'title', d.title, 'url', d.url)
                                                   ORDER BY d.attached_at, d.id), '[]')
                           FROM meeting_documents d WHERE d.meeting_id = m.id AND d.kind IN ('prerequisite', 'other')),
           'convener', (SELECT jsonb_build_object('full_name', p.full_name, 'email', p.email)
                          FROM people p
                         WHERE p.id = m.convened_by_person_id
                           AND EXISTS (SELECT 1 FROM memberships ms JOIN seats s ON s.id = ms.seat_id
                                        WHERE ms.person_id = p.id AND s.committee_id = m.committee_id
                                          AND ms.starts_on <= (m.starts_at AT TIME ZONE v.time_zone)::date
                                          AND (ms.ends_on IS NULL OR ms.ends_on >= (m.starts_at AT TIME ZONE v.time_zone)::date))))
    FROM meetings m
    JOIN committees c ON c.id = m.committee_id
    JOIN conventions v ON v.id = c.convention_id
   WHERE m.id = ${meetingId})`;
}

/** A scalar subquery: the convocation whose id is the SQL expression `convocationId`, with the names its messages mention. */
export function recipientSql(convocationId: string): string {
  return `(
  SELECT jsonb_build_object('id', cv.id, 'role', cv.role, 'full_name', cv.full_name, 'email', cv.email, 'answer', cv.answer,
                            'withdrawn_at', cv.withdrawn_at, 'substitute_name', substitute.full_name, 'stands_in_for_name', member.full_name)
    FROM convocations cv
    LEFT JOIN memberships membership ON membership.id = cv.membership_id AND cv.role = 'member'
    LEFT JOIN people substitute ON substitute.id = membership.substitute_id
    LEFT JOIN convocations member ON member.id = cv.stands_in_for_id
   WHERE cv.id = ${convocationId})`;
}

const date = (value: unknown): Date => new Date(value as string);
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

/** The jsonb of `meetingContextSql` (rows in snake_case) as the context messages are written from. */
export function contextFromJson(json: Json | null, config: AppConfig): MeetingContext | null {
  if (!json) return null;
  const m = json.meeting as Json;
  const c = json.committee as Json;
  const meeting: ContextMeeting = {
    id: m.id as string,
    committeeId: m.committee_id as string,
    kind: m.kind as MeetingKind,
    state: m.state as MeetingState,
    title: m.title as string | null,
    startsAt: date(m.starts_at),
    endsAt: date(m.ends_at),
    location: m.location as string | null,
    videoUrl: m.video_url as string | null,
    icalUid: m.ical_uid as string,
    icalSequence: m.ical_sequence as number,
    cancellationReason: m.cancellation_reason as string | null,
    convenedAt: dateOrNull(m.convened_at),
    convenedByPersonId: m.convened_by_person_id as string | null,
    convenerPartyId: m.convener_party_id as string | null,
    urgencyReason: (m.urgency_reason ?? null) as string | null,
    reconvenesMeetingId: (m.reconvenes_meeting_id ?? null) as string | null,
  };
  const committee: ContextCommittee = {
    id: c.id as string,
    conventionId: c.convention_id as string,
    key: c.key as string,
    name: c.name as string,
    notice: {
      days: c.notice_days as number,
      dayKind: c.notice_day_kind as ContextCommittee['notice']['dayKind'],
      urgentDays: c.notice_urgent_days as number | null,
      text: c.notice_text as string | null,
    },
    reconvening: (c.reconvening ?? null) as ContextCommittee['reconvening'],
    conveners: c.conveners as ContextCommittee['conveners'],
    prerequisites: c.prerequisites as ContextCommittee['prerequisites'],
    convention: {
      title: c.convention_title as string,
      timeZone: c.time_zone as string,
      holidayCountry: c.holiday_country as string,
      holidayRegion: (c.holiday_region ?? null) as string | null,
    },
  };
  const parties = (json.parties as Json[]).map((p): ContextParty => ({ id: p.id as string, key: p.key as string, kind: p.kind as ContextParty['kind'], name: p.name as string, email: p.email as string | null }));
  const agenda = json.agenda as unknown as ContextAgendaItem[];
  const documents = (json.documents as Json[]).map((d): ContextDocument => ({
    kind: d.kind as ContextDocument['kind'],
    fromCommittee: d.from_committee as string | null,
    title: d.title as string,
    url: d.url as string,
  }));
  const convener = json.convener ? { fullName: (json.convener as Json).full_name as string, email: (json.convener as Json).email as string } : null;
  return meetingContext({ meeting, committee, parties, agenda, documents, convener }, config);
}

/** The jsonb of `recipientSql` as the recipient a message is written to. */
export function recipientFromJson(json: Json | null): RecipientContext | null {
  if (!json) return null;
  return {
    convocation: {
      id: json.id as string,
      role: json.role as RecipientRole,
      fullName: json.full_name as string,
      email: json.email as string,
      answer: json.answer as Answer,
      withdrawnAt: dateOrNull(json.withdrawn_at),
    },
    substituteName: (json.substitute_name as string | null) ?? null,
    standsInForName: (json.stands_in_for_name as string | null) ?? null,
  };
}

const READ_SQL = `SELECT ${meetingContextSql('$1::uuid')} AS context`;
const RECIPIENT_SQL = `SELECT ${recipientSql('$1::uuid')} AS recipient`;
