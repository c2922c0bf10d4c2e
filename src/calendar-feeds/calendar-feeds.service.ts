import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccessPolicy, Principal } from '../auth';
import { SubjectLoader } from '../auth/subject.loader';
import { FEED_TOKEN_PREFIX, hashSecret, newSecret, sameHash } from '../auth/credentials';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError, FieldError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { buildFeed, FeedMeeting } from '../calendar/feed.writer';
import { CalendarFeed, FeedScope } from './calendar-feed.entity';
import { CalendarFeedResponse, IssuedCalendarFeedResponse } from './dto/calendar-feed.response';
import { CreateCalendarFeedDto } from './dto/create-calendar-feed.dto';

export { FEED_TOKEN_PREFIX };
const FEED_TOKEN = /^copilcal_[A-Za-z0-9_-]{43}$/;

/** Meetings from this many days back (about three months) are in a feed. */
export const FEED_PAST_DAYS = 92;
/** A cancelled meeting stays in the feed, marked CANCELLED, this many days after its cancellation. */
export const FEED_CANCELLED_DAYS = 60;
/** REFRESH-INTERVAL and X-PUBLISHED-TTL, and the HTTP max-age. */
export const FEED_REFRESH_MINUTES = 60;
/** Changes with the format of the feed, so that calendars fetch it again after an upgrade. */
const FEED_FORMAT = 'copil-feed-1';

/** What a feed's URL answers: the calendar, or that the copy the client holds is still right. */
export type FeedAnswer =
  | { status: 304; etag: string; lastModified: Date }
  | { status: 200; etag: string; lastModified: Date; body: string };

interface FeedOwner {
  id: string;
  account_id: string;
  person_id: string;
  full_name: string;
  scope: FeedScope;
  committee_id: string | null;
  convention_id: string | null;
  token_hash: string;
  created_at: Date;
  scope_name: string | null;
  scope_convention_id: string | null;
  committee_ids: string[];
}

interface CalendarFeedRow {
  id: string;
  scope: FeedScope;
  committee_id: string | null;
  convention_id: string | null;
  created_at: Date;
  rotated_at: Date | null;
  name: string | null;
  time_zone: string | null;
}

interface Fingerprint {
  ids: string[] | null;
  fingerprint: string;
  last_modified: Date | null;
}

interface MeetingRow {
  id: string;
  ical_uid: string;
  ical_sequence: number;
  state: FeedMeeting['state'];
  starts_at: Date;
  ends_at: Date;
  updated_at: Date;
  title: string | null;
  kind: string;
  location: string | null;
  video_url: string | null;
  cancellation_reason: string | null;
  committee_name: string;
  convention_title: string;
  time_zone: string;
}

interface AgendaRow {
  meeting_id: string;
  title: string;
  description: string | null;
  presenter: string | null;
}

/** A feed as its owner's page lists it: what it shows, named. */
export interface OwnedCalendarFeed extends CalendarFeedResponse {
  /** The committee's name or the convention's title; null for the owner's own calendar. */
  name: string | null;
  /** The zone its dates are shown in: its convention's, else the deployment's. */
  timeZone: string;
}

/** What a person sees of their calendars, and the committee and convention calendars they may make. */
export interface CalendarFeedsOverview {
  feeds: OwnedCalendarFeed[];
  committees: { id: string; name: string; conventionTitle: string }[];
  conventions: { id: string; title: string }[];
}

/**
 * Subscribable calendars: issued, listed, rotated and revoked by their owner (signed in); served
 * to anyone holding the secret URL, with ETag/Last-Modified so that an unchanged feed costs two
 * statements: the feed with its committees, and a digest of their meetings. See docs/calendar-feeds.md.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly subjects: SubjectLoader,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(principal: Principal): Promise<CalendarFeedResponse[]> {
    const feeds = await this.dataSource.manager.find(CalendarFeed, {
      where: { accountId: principal.accountId, revokedAt: IsNull() },
      order: { createdAt: 'ASC' },
    });
    return feeds.map(feedResponse);
  }

  /**
   * The owner's calendars with their names, and the committees and conventions whose calendar the
   * owner may make: those they convene or act for as secretariat (the rule of create).
   */
  async overview(principal: Principal): Promise<CalendarFeedsOverview> {
    const [feeds, scopes]: [Array<CalendarFeedRow>, Array<{ id: string; name: string; convention_id: string; convention_title: string }>] = await Promise.all([
      this.dataSource.query(
        `SELECT f.id, f.scope, f.committee_id, f.convention_id, f.created_at, f.rotated_at,
                COALESCE(c.name, v.title) AS name, COALESCE(cv.time_zone, v.time_zone) AS time_zone
           FROM calendar_feeds f
           LEFT JOIN committees c ON c.id = f.committee_id
           LEFT JOIN conventions cv ON cv.id = c.convention_id
           LEFT JOIN conventions v ON v.id = f.convention_id
          WHERE f.account_id = $1 AND f.revoked_at IS NULL
          ORDER BY f.created_at, f.id`,
        [principal.accountId],
      ),
      this.dataSource.query(
        `SELECT c.id, c.name, c.convention_id, v.title AS convention_title
           FROM committees c JOIN conventions v ON v.id = c.convention_id
          ORDER BY v.title, c.name, c.id`,
      ),
    ]);
    const may = (conventionId: string, committeeId: string | null) => this.policy.decide(principal.subject, 'meeting.convene', { conventionId, committeeId }).allowed;
    const conventions = new Map<string, string>();
    for (const committee of scopes) if (!conventions.has(committee.convention_id) && may(committee.convention_id, null)) conventions.set(committee.convention_id, committee.convention_title);
    return {
      feeds: feeds.map((feed) => ({
        id: feed.id,
        scope: feed.scope,
        committeeId: feed.committee_id,
        conventionId: feed.convention_id,
        createdAt: feed.created_at.toISOString(),
        rotatedAt: feed.rotated_at ? feed.rotated_at.toISOString() : null,
        name: feed.scope === 'person' ? null : feed.name,
        timeZone: feed.time_zone ?? this.config.convocations.dailyCheckTimeZone,
      })),
      committees: scopes.filter((committee) => may(committee.convention_id, committee.id)).map((committee) => ({ id: committee.id, name: committee.name, conventionTitle: committee.convention_title })),
      conventions: [...conventions].map(([id, title]) => ({ id, title })),
    };
  }

  async create(principal: Principal, dto: CreateCalendarFeedDto): Promise<IssuedCalendarFeedResponse> {
    const scope = await this.checkScope(principal, dto);
    const token = newSecret(FEED_TOKEN_PREFIX);
    const feed = this.dataSource.manager.create(CalendarFeed, {
      accountId: principal.accountId,
      scope: dto.scope,
      committeeId: scope.committeeId,
      conventionId: scope.conventionId,
      tokenHash: this.hash(token),
      rotatedAt: null,
      revokedAt: null,
    });
    await this.dataSource.manager.save(feed);
    return this.issued(feed, token);
  }

  /** A new secret URL; the old one stops working at once. */
  async rotate(principal: Principal, id: string): Promise<IssuedCalendarFeedResponse> {
    const feed = await this.owned(principal, id);
    const token = newSecret(FEED_TOKEN_PREFIX);
    Object.assign(feed, { tokenHash: this.hash(token), rotatedAt: this.clock.now() });
    await this.dataSource.manager.save(feed);
    return this.issued(feed, token);
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    const feed = await this.owned(principal, id);
    feed.revokedAt = this.clock.now();
    await this.dataSource.manager.save(feed);
  }

  /**
   * The feed behind a secret URL. Unknown, revoked or rotated-away secrets, and feeds of inactive
   * accounts, are 404 alike; a committee or convention feed whose owner lost the role there is 403.
   */
  async serve(token: string, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): Promise<FeedAnswer> {
    const now = this.clock.now();
    const owner = await this.ownerOf(token, now);
    if (owner.scope !== 'person') {
      const subject = await this.subjects.load(owner.account_id, owner.person_id);
      const target = { conventionId: owner.convention_id ?? owner.scope_convention_id, committeeId: owner.committee_id };
      if (!this.policy.decide(subject, 'meeting.convene', target).allowed) {
        throw new DomainError('forbidden', 'calendar_feed_forbidden', 'The owner of this calendar no longer convenes this committee or acts for this convention');
      }
    }
    const found = await this.fingerprint(owner, now);
    const name = this.calendarName(owner);
    const etag = `"${createHash('sha256').update(`${FEED_FORMAT}|${this.config.publicBaseUrl}|${name}|${found.fingerprint}`).digest('base64url').slice(0, 32)}"`;
    const lastModified = new Date(Math.max(found.last_modified?.getTime() ?? 0, owner.created_at.getTime()));
    lastModified.setUTCMilliseconds(0);
    if (notModified(etag, lastModified, ifNoneMatch, ifModifiedSince)) return { status: 304, etag, lastModified };
    const body = await this.render(owner, found.ids ?? []);
    return { status: 200, etag, lastModified, body };
  }

  hash(token: string): string {
    return hashSecret(this.config.auth.secret, token);
  }

  /**
   * The feed behind a secret, with the committees whose meetings it shows (one statement: each
   * round trip to the database counts on a 304). A person's committees are those where they hold
   * or substitute a current membership, or were granted the convener role. The committees are
   * read apart from the meetings so that the planner knows how few they are and reads the
   * meetings through their index: one statement with both guessed a thousand committees, scanned
   * every meeting and paid for JIT compilation on each poll.
   */
  private async ownerOf(token: string, now: Date): Promise<FeedOwner> {
    const notFound = () => new DomainError('not_found', 'calendar_feed_not_found', 'No calendar has this address: it was revoked, replaced by a new one, or mistyped');
    if (!FEED_TOKEN.test(token)) throw notFound();
    const presented = this.hash(token);
    const [owner]: FeedOwner[] = await this.dataSource.query(
      `SELECT f.id, f.account_id, a.person_id, p.full_name, f.scope, f.committee_id, f.convention_id, f.token_hash, f.created_at,
              COALESCE(c.name, v.title) AS scope_name, c.convention_id AS scope_convention_id,
              CASE f.scope
                WHEN 'committee' THEN ARRAY[f.committee_id]
                WHEN 'convention' THEN ARRAY(SELECT k.id FROM committees k WHERE k.convention_id = f.convention_id)
                ELSE ARRAY(
                  SELECT s.committee_id
                    FROM memberships ms
                    JOIN seats s ON s.id = ms.seat_id
                    JOIN committees k ON k.id = s.committee_id
                    JOIN conventions kv ON kv.id = k.convention_id
                   WHERE (ms.person_id = a.person_id OR ms.substitute_id = a.person_id)
                     AND ms.starts_on <= ($2::timestamptz AT TIME ZONE kv.time_zone)::date
                     AND (ms.ends_on IS NULL OR ms.ends_on >= ($2::timestamptz AT TIME ZONE kv.time_zone)::date)
                  UNION
                  SELECT k.id
                    FROM grants g
                    JOIN committees k ON k.id = g.committee_id OR (g.committee_id IS NULL AND k.convention_id = g.convention_id)
                      OR k.convention_id IN (SELECT gv.id FROM conventions gv WHERE gv.academie = g.academie OR gv.departement = g.departement)
                   WHERE g.account_id = f.account_id AND g.role = 'convener')
              END AS committee_ids
         FROM calendar_feeds f
         JOIN accounts a ON a.id = f.account_id AND a.active
         JOIN people p ON p.id = a.person_id
         LEFT JOIN committees c ON c.id = f.committee_id
         LEFT JOIN conventions v ON v.id = f.convention_id
        WHERE f.token_hash = $1 AND f.revoked_at IS NULL`,
      [presented, now],
    );
    if (!owner || !sameHash(owner.token_hash, presented)) throw notFound();
    return owner;
  }

  /**
   * The meetings of the feed and a digest of everything the feed shows of them (one statement):
   * equal digests, equal feeds. Besides its committees' meetings, a person's feed has any meeting
   * they are convened to.
   */
  private async fingerprint(owner: FeedOwner, now: Date): Promise<Fingerprint> {
    const since = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000);
    const cancelledSince = new Date(now.getTime() - FEED_CANCELLED_DAYS * 86_400_000);
    const [row]: Fingerprint[] = await this.dataSource.query(
      `WITH feed AS (
         SELECT m.id, m.version, m.updated_at, m.state, m.starts_at, m.committee_id, m.cancelled_at
           FROM meetings m WHERE m.committee_id = ANY($1::uuid[]) AND m.starts_at >= $3
         UNION
         SELECT m.id, m.version, m.updated_at, m.state, m.starts_at, m.committee_id, m.cancelled_at
           FROM convocations cv JOIN meetings m ON m.id = cv.meeting_id
          WHERE cv.person_id = $2 AND cv.withdrawn_at IS NULL AND m.starts_at >= $3
       )
       SELECT array_agg(f.id ORDER BY f.starts_at, f.id) AS ids, max(f.updated_at) AS last_modified,
              md5(COALESCE(string_agg(concat_ws('|', f.id, f.version, f.updated_at, f.state, c.name, c.updated_at, v.title, v.time_zone, agenda.digest),
                                      ',' ORDER BY f.starts_at, f.id), '')) AS fingerprint
         FROM feed f
         JOIN committees c ON c.id = f.committee_id
         JOIN conventions v ON v.id = c.convention_id
         CROSS JOIN LATERAL (
           SELECT string_agg(concat_ws('~', a.position, a.title, a.description, a.presenter), '^' ORDER BY a.position) AS digest
             FROM agenda_items a WHERE a.meeting_id = f.id
         ) agenda
        WHERE f.state <> 'cancelled' OR f.cancelled_at >= $4`,
      [owner.committee_ids, owner.scope === 'person' ? owner.person_id : null, since, cancelledSince],
    );
    return row;
  }

  private async render(owner: FeedOwner, ids: string[]): Promise<string> {
    const [meetings, agenda]: [MeetingRow[], AgendaRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT m.id, m.ical_uid, m.ical_sequence, m.state, m.starts_at, m.ends_at, m.updated_at, m.title, m.kind, m.location,
                m.video_url, m.cancellation_reason, c.name AS committee_name, v.title AS convention_title, v.time_zone
           FROM meetings m
           JOIN committees c ON c.id = m.committee_id
           JOIN conventions v ON v.id = c.convention_id
          WHERE m.id = ANY($1::uuid[])
          ORDER BY m.starts_at, m.id`,
        [ids],
      ),
      this.dataSource.query(
        `SELECT meeting_id, title, description, presenter FROM agenda_items WHERE meeting_id = ANY($1::uuid[]) ORDER BY meeting_id, position`,
        [ids],
      ),
    ]);
    const agendaOf = new Map<string, AgendaRow[]>();
    for (const item of agenda) agendaOf.set(item.meeting_id, [...(agendaOf.get(item.meeting_id) ?? []), item]);
    const zones = new Set(meetings.map((meeting) => meeting.time_zone));
    return buildFeed({
      name: this.calendarName(owner),
      description: this.calendarDescription(owner),
      timeZone: zones.size === 1 ? [...zones][0] : null,
      refreshMinutes: FEED_REFRESH_MINUTES,
      meetings: meetings.map((meeting) => ({
        id: meeting.id,
        uid: meeting.ical_uid,
        sequence: meeting.ical_sequence,
        state: meeting.state,
        start: meeting.starts_at,
        end: meeting.ends_at,
        updatedAt: meeting.updated_at,
        timeZone: meeting.time_zone,
        committeeName: meeting.committee_name,
        conventionTitle: meeting.convention_title,
        title: meeting.title,
        extraordinary: meeting.kind === 'extraordinary',
        location: meeting.location,
        videoUrl: meeting.video_url,
        cancellationReason: meeting.cancellation_reason,
        agenda: (agendaOf.get(meeting.id) ?? []).map((item) => ({ title: item.title, description: item.description, presenter: item.presenter })),
        pageUrl: meetingPageUrl(this.config.publicBaseUrl, meeting.id),
      })),
    });
  }

  private calendarName(owner: FeedOwner): string {
    return `copil – ${owner.scope === 'person' ? owner.full_name : (owner.scope_name ?? '')}`;
  }

  private calendarDescription(owner: FeedOwner): string {
    switch (owner.scope) {
      case 'person':
        return `Les séances des comités de ${owner.full_name}, et celles où cette personne est convoquée.`;
      case 'committee':
        return `Les séances du comité ${owner.scope_name ?? ''}.`;
      case 'convention':
        return `Les séances des comités de la convention ${owner.scope_name ?? ''}.`;
    }
  }

  private async checkScope(principal: Principal, dto: CreateCalendarFeedDto): Promise<{ committeeId: string | null; conventionId: string | null }> {
    const fields: FieldError[] = [];
    if (dto.scope === 'person') {
      if (dto.committeeId) fields.push({ path: 'committeeId', code: 'not_allowed_here', message: 'must be left out for a personal calendar' });
      if (dto.conventionId) fields.push({ path: 'conventionId', code: 'not_allowed_here', message: 'must be left out for a personal calendar' });
    } else if (dto.scope === 'committee') {
      if (!dto.committeeId) fields.push({ path: 'committeeId', code: 'required', message: 'is required for a committee calendar' });
      if (dto.conventionId) fields.push({ path: 'conventionId', code: 'not_allowed_here', message: 'must be left out for a committee calendar' });
    } else {
      if (!dto.conventionId) fields.push({ path: 'conventionId', code: 'required', message: 'is required for a convention calendar' });
      if (dto.committeeId) fields.push({ path: 'committeeId', code: 'not_allowed_here', message: 'must be left out for a convention calendar' });
    }
    if (fields.length > 0) throw DomainError.invalid(fields);
    if (dto.scope === 'person') return { committeeId: null, conventionId: null };
    let target: { conventionId: string; committeeId: string | null };
    if (dto.scope === 'committee') {
      const [committee]: { convention_id: string }[] = await this.dataSource.query('SELECT convention_id FROM committees WHERE id = $1', [dto.committeeId]);
      if (!committee) throw new DomainError('not_found', 'committee_not_found', `No committee with id ${dto.committeeId}`, { field: 'committeeId' });
      target = { conventionId: committee.convention_id, committeeId: dto.committeeId as string };
    } else {
      const [convention]: { id: string }[] = await this.dataSource.query('SELECT id FROM conventions WHERE id = $1', [dto.conventionId]);
      if (!convention) throw new DomainError('not_found', 'convention_not_found', `No convention with id ${dto.conventionId}`, { field: 'conventionId' });
      target = { conventionId: convention.id, committeeId: null };
    }
    const decision = this.policy.decide(principal.subject, 'meeting.convene', target);
    if (!decision.allowed) {
      throw new DomainError('forbidden', 'forbidden', `A ${dto.scope} calendar is for its conveners and secretariat: ${decision.reason}`);
    }
    return { committeeId: target.committeeId, conventionId: dto.scope === 'convention' ? target.conventionId : null };
  }

  private async owned(principal: Principal, id: string): Promise<CalendarFeed> {
    const feed = await this.dataSource.manager.findOneBy(CalendarFeed, { id, accountId: principal.accountId });
    if (!feed || feed.revokedAt) throw new DomainError('not_found', 'calendar_feed_not_found', `You have no calendar with id ${id}`);
    return feed;
  }

  private issued(feed: CalendarFeed, token: string): IssuedCalendarFeedResponse {
    const url = `${this.config.publicBaseUrl}/calendar-feeds/${token}.ics`;
    return { ...feedResponse(feed), url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  }
}

/** The meeting's page in copil's web interface. */
export function meetingPageUrl(publicBaseUrl: string, meetingId: string): string {
  return `${publicBaseUrl}/reunions/${meetingId}`;
}

function feedResponse(feed: CalendarFeed): CalendarFeedResponse {
  return {
    id: feed.id,
    scope: feed.scope,
    committeeId: feed.committeeId,
    conventionId: feed.conventionId,
    createdAt: feed.createdAt.toISOString(),
    rotatedAt: feed.rotatedAt ? feed.rotatedAt.toISOString() : null,
  };
}

/** RFC 9110 §13.1.2–13.1.3: If-None-Match wins; If-Modified-Since only without it. */
function notModified(etag: string, lastModified: Date, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): boolean {
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && lastModified.getTime() <= since;
  }
  return false;
}
