import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { LocalDate, addDays, localDateOf, startOfLocalDay } from '../rules/local-date';
import { noticeRuleOf } from '../rules/reconvening.rule';
import { AgendaItem } from './agenda-item.entity';
import { Clock } from '../common/clock';
import { MeetingGuest } from './meeting-guest.entity';
import { Meeting } from './meeting.entity';
import { MeetingSpan, assertNoticeLeft, assertWithinValidity, readSendTime, readSpan } from './meeting-dates';
import { checkVersion, findCommittee, findPeople, lockMeeting, membershipsOn, requireState } from './meeting-lookups';
import { meetingView, meetingViews } from './meeting-views';
import { AgendaItemDto } from './dto/agenda-item.dto';
import { CancelMeetingDto } from './dto/cancel-meeting.dto';
import { ListMeetingsQuery } from './dto/list-meetings.query';
import { MeetingResponse } from './dto/meeting.response';
import { RescheduleMeetingDto } from './dto/reschedule-meeting.dto';
import { ScheduleMeetingDto } from './dto/schedule-meeting.dto';
import { UpdateMeetingDto } from './dto/update-meeting.dto';
import { NewGuestDto } from './dto/new-guest.dto';
import { Person } from '../people/person.entity';
import { MeetingChange, MeetingChangeEffects, MeetingChangeListener, NO_EFFECTS } from '../convocations/meeting-change.listener';

const LAST_CALENDAR_DAY = '9999-12-31';

/** A guest as the request names them: by id, or by address (id null: not in the registry yet). */
interface GuestEntry {
  path: string;
  id: string | null;
}

interface AgendaContent {
  title: string;
  description: string | null;
  presenter: string | null;
  documents: { title: string; url: string }[];
}

function agendaContent(items: AgendaItemDto[]): AgendaContent[] {
  return items.map((item) => ({
    title: item.title,
    description: item.description ?? null,
    presenter: item.presenter ?? null,
    documents: (item.documents ?? []).map((document) => ({ title: document.title, url: document.url })),
  }));
}

/** Scheduling, editing, rescheduling and cancelling meetings under their committee's rules. */
@Injectable()
export class MeetingsService {
  private readonly uidDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    // Sends the updates and cancellations of convened meetings; absent where convocations are not loaded.
    @Optional() private readonly changes?: MeetingChangeListener,
  ) {
    // The UID's right-hand side names the issuing host, as RFC 5545 advises, so UIDs stay unique
    // across copil installations.
    this.uidDomain = new URL(config.publicBaseUrl).hostname || 'copil';
  }

  async schedule(committeeId: string, dto: ScheduleMeetingDto): Promise<MeetingResponse> {
    return this.dataSource.transaction(async (manager) => {
      const committee = await findCommittee(manager, committeeId);
      const urgencyReason = dto.urgencyReason ?? null;
      if (urgencyReason !== null && (committee.notice.urgentDays === null || committee.notice.urgentDays === undefined)) {
        throw new DomainError('rule', 'urgency_not_provided', `Committee ${committee.key} has no shorter notice for urgency: its convention provides none`, {
          field: 'urgencyReason',
        });
      }
      const span = this.checkedSpan(dto, committee, urgencyReason);
      const guests = await this.guestIds(manager, committee, span, dto.guests ?? [], dto.newGuests ?? []);

      const meeting = await manager.save(
        manager.create(Meeting, {
          committeeId: committee.id,
          kind: dto.kind ?? 'ordinary',
          state: 'scheduled',
          urgencyReason,
          title: dto.title ?? null,
          startsAt: span.start,
          endsAt: span.end,
          location: dto.location ?? null,
          videoUrl: dto.videoUrl ?? null,
          icalUid: `${randomUUID()}@${this.uidDomain}`,
          icalSequence: 0,
          quorumReached: null,
          quorumReasons: [],
          minutes: null,
          decisions: [],
        }),
      );
      await this.replaceAgenda(manager, meeting.id, agendaContent(dto.agenda ?? []));
      await this.replaceGuests(manager, meeting.id, guests);
      return meetingView(manager, meeting.id);
    });
  }

  async get(meetingId: string): Promise<MeetingResponse> {
    return meetingView(this.dataSource.manager, meetingId);
  }

  async list(committeeId: string, query: ListMeetingsQuery): Promise<MeetingResponse[]> {
    const manager = this.dataSource.manager;
    const committee = await findCommittee(manager, committeeId);
    const zone = committee.convention.timeZone;
    if (query.from !== undefined && query.to !== undefined && query.to < query.from) {
      throw DomainError.invalid([{ path: 'to', code: 'inconsistent', message: `must not be before from (${query.from})` }]);
    }
    const builder = manager
      .createQueryBuilder(Meeting, 'meeting')
      .where('meeting.committeeId = :committeeId', { committeeId })
      .orderBy('meeting.startsAt', 'ASC')
      .addOrderBy('meeting.id', 'ASC');
    // Local days of the convention's zone: a meeting belongs to the day its start falls on there.
    if (query.from !== undefined) builder.andWhere('meeting.startsAt >= :from', { from: startOfLocalDay(query.from, zone) });
    // The calendar's last day (9999-12-31) has no next day to bound by: nothing starts after it.
    if (query.to !== undefined && query.to < LAST_CALENDAR_DAY) {
      builder.andWhere('meeting.startsAt < :to', { to: startOfLocalDay(addDays(query.to, 1), zone) });
    }
    if (query.state !== undefined) builder.andWhere('meeting.state = :state', { state: query.state });
    return meetingViews(manager, await builder.getMany(), [committee]);
  }

  async update(meetingId: string, dto: UpdateMeetingDto): Promise<MeetingResponse> {
    let effects = NO_EFFECTS;
    const view = await this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      checkVersion(meeting, dto.version);
      requireState(meeting, ['scheduled'], 'change the meeting');
      const committee = await findCommittee(manager, meeting.committeeId);
      let changed = false;
      let rowChanged = false;

      for (const field of ['kind', 'title', 'location', 'videoUrl'] as const) {
        const value = dto[field];
        if (value !== undefined && value !== meeting[field]) {
          Object.assign(meeting, { [field]: value });
          changed = rowChanged = true;
        }
      }
      if (dto.agenda !== undefined) {
        const current = await manager.find(AgendaItem, { where: { meetingId }, order: { position: 'ASC' } });
        const next = agendaContent(dto.agenda);
        if (next.length === 0 && meeting.convenedAt) {
          // The people convened received an agenda; an update without one would leave them with none.
          throw new DomainError('rule', 'agenda_required', 'A convened meeting keeps at least one agenda item: its convocation carried the agenda', { field: 'agenda' });
        }
        const before: AgendaContent[] = current.map(({ title, description, presenter, documents }) => ({ title, description, presenter, documents }));
        if (JSON.stringify(before) !== JSON.stringify(next)) {
          await this.replaceAgenda(manager, meetingId, next);
          changed = true;
        }
      }
      if (dto.guests !== undefined || dto.newGuests !== undefined) {
        const current = (await manager.findBy(MeetingGuest, { meetingId })).map((guest) => guest.personId);
        const span = { start: meeting.startsAt, end: meeting.endsAt };
        const guests = await this.guestIds(manager, committee, span, dto.guests ?? current, dto.newGuests ?? []);
        if (JSON.stringify([...current].sort()) !== JSON.stringify([...guests].sort())) {
          await this.replaceGuests(manager, meetingId, guests);
          changed = true;
        }
      }
      if (changed) {
        // Kind, title, place, link, agenda, guests: the update goes out at the same SEQUENCE (later
        // DTSTAMP), keeping the answers; only a change of time raises it (RFC 5546 §2.1.4, docs/meetings.md).
        if (rowChanged) await manager.save(meeting);
        // Only the agenda or the guests changed: no column of the row did, yet the version must rise.
        else await manager.increment(Meeting, { id: meetingId }, 'version', 1);
        effects = await this.tell(meetingId, { kind: 'updated' }, manager);
      }
      return meetingView(manager, meetingId);
    });
    await this.changes?.afterCommit(effects);
    return view;
  }

  async reschedule(meetingId: string, dto: RescheduleMeetingDto): Promise<MeetingResponse> {
    let effects = NO_EFFECTS;
    const view = await this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      checkVersion(meeting, dto.version);
      requireState(meeting, ['scheduled'], 'reschedule the meeting');
      const committee = await findCommittee(manager, meeting.committeeId);
      const span = readSpan(dto, committee.convention.timeZone);
      // The same times again change nothing, even once the notice for them has run out.
      if (span.start.getTime() !== meeting.startsAt.getTime() || span.end.getTime() !== meeting.endsAt.getTime()) {
        this.checkRules(span, dto.convocationAt, { ...committee, notice: noticeRuleOf(committee, meeting) } as Committee, meeting.urgencyReason);
        const guests = (await manager.findBy(MeetingGuest, { meetingId })).map((guest, index) => ({ path: `guests[${index}]`, id: guest.personId }));
        await this.checkGuests(manager, committee, span, guests);
        meeting.startsAt = span.start;
        meeting.endsAt = span.end;
        meeting.icalSequence += 1;
        await manager.save(meeting);
        effects = await this.tell(meetingId, { kind: 'rescheduled' }, manager);
      }
      return meetingView(manager, meetingId);
    });
    await this.changes?.afterCommit(effects);
    return view;
  }

  async cancel(meetingId: string, dto: CancelMeetingDto): Promise<MeetingResponse> {
    return (await this.cancelTelling(meetingId, dto)).meeting;
  }

  /**
   * Cancels as `cancel` does, and tells how many people a cancellation goes to: only those whose
   * invitation left (one planned for later is simply not sent), so a page does not say people are
   * informed when nobody had received anything.
   */
  async cancelTelling(meetingId: string, dto: CancelMeetingDto): Promise<{ meeting: MeetingResponse; cancellationsSent: number }> {
    let effects = NO_EFFECTS;
    const view = await this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      checkVersion(meeting, dto.version);
      requireState(meeting, ['scheduled'], 'cancel the meeting');
      meeting.state = 'cancelled';
      meeting.cancelledAt = this.clock.now();
      meeting.cancellationReason = dto.reason;
      meeting.icalSequence += 1;
      await manager.save(meeting);
      effects = await this.tell(meetingId, { kind: 'cancelled', reason: dto.reason }, manager);
      return meetingView(manager, meetingId);
    });
    await this.changes?.afterCommit(effects);
    // A cancelled meeting's messages are its cancellations, to those whose invitation was delivered (MeetingChangeListener).
    return { meeting: view, cancellationsSent: effects.messages.length };
  }

  /** The convocations' outbox rows for this change, written in the same transaction. */
  private async tell(meetingId: string, change: MeetingChange, manager: EntityManager): Promise<MeetingChangeEffects> {
    return this.changes ? this.changes.onMeetingChanged(meetingId, change, manager) : NO_EFFECTS;
  }

  /** Times read in the convention's zone, inside its validity, leaving the committee's notice. */
  private checkedSpan(dto: { start: string; end: string; convocationAt?: string }, committee: Committee, urgencyReason: string | null): MeetingSpan {
    const span = readSpan(dto, committee.convention.timeZone);
    this.checkRules(span, dto.convocationAt, committee, urgencyReason);
    return span;
  }

  private checkRules(span: MeetingSpan, convocationAt: string | undefined, committee: Committee, urgencyReason: string | null): void {
    const convention = committee.convention;
    assertWithinValidity(span, convention);
    const leaving = convocationAt !== undefined ? readSendTime(convocationAt, convention.timeZone, 'convocationAt') : this.clock.now();
    assertNoticeLeft(span, committee, convention.timeZone, leaving, urgencyReason);
  }

  /**
   * The guests' people: those chosen from the registry, then those named by the convener, found by
   * their address or added to the registry (inside the meeting's transaction: a refusal keeps nobody).
   */
  private async guestIds(manager: EntityManager, committee: Committee, span: MeetingSpan, chosen: string[], named: NewGuestDto[]): Promise<string[]> {
    const entries: GuestEntry[] = chosen.map((id, index) => ({ path: `guests[${index}]`, id }));
    const known = named.length === 0 ? [] : await manager.findBy(Person, { email: In(named.map((guest) => guest.email)) });
    const knownIds = new Map(known.map((person) => [person.email, person.id]));
    named.forEach((guest, index) => entries.push({ path: `newGuests[${index}].email`, id: knownIds.get(guest.email) ?? null }));
    await this.checkGuests(manager, committee, span, entries);
    const ids: string[] = [];
    for (const [index, entry] of entries.entries()) {
      let id = entry.id;
      if (id === null) {
        const guest = named[index - chosen.length];
        id = knownIds.get(guest.email) ?? null;
        if (id === null) {
          const person = await manager.save(
            manager.create(Person, { fullName: guest.fullName, email: guest.email, title: guest.title ?? null, organization: guest.organization ?? null, phone: null }),
          );
          id = person.id;
          knownIds.set(guest.email, id);
        }
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** Guests only where the committee allows them, and never someone holding a seat on the day. */
  private async checkGuests(manager: EntityManager, committee: Committee, span: MeetingSpan, entries: GuestEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (!committee.guestsAllowed) {
      throw new DomainError('rule', 'guests_not_allowed', `Committee ${committee.key} does not allow guests: its convention provides for none`, {
        field: entries[0].path.startsWith('newGuests') ? 'newGuests' : 'guests',
      });
    }
    const identified = entries.filter((entry): entry is { path: string; id: string } => entry.id !== null);
    await findPeople(manager, identified);
    const day: LocalDate = localDateOf(span.start, committee.convention.timeZone);
    const members = new Set((await membershipsOn(manager, committee.id, day)).map((membership) => membership.personId));
    const seated = identified.find((entry) => members.has(entry.id));
    if (seated) {
      throw new DomainError('rule', 'guest_is_member', `Person ${seated.id} holds a seat in the committee on ${day} and is convened as a member, not as a guest`, {
        field: seated.path,
        personId: seated.id,
      });
    }
  }

  private async replaceAgenda(manager: EntityManager, meetingId: string, items: AgendaContent[]): Promise<void> {
    // Row by row, not by criteria, so that the audit trail keeps what is replaced.
    await manager.remove(await manager.find(AgendaItem, { where: { meetingId } }));
    if (items.length === 0) return;
    await manager.insert(
      AgendaItem,
      items.map((item, index) => ({ meetingId, position: index + 1, ...item })),
    );
  }

  private async replaceGuests(manager: EntityManager, meetingId: string, guests: string[]): Promise<void> {
    await manager.remove(await manager.find(MeetingGuest, { where: { meetingId } }));
    if (guests.length === 0) return;
    await manager.insert(
      MeetingGuest,
      guests.map((personId) => ({ meetingId, personId, reason: null })),
    );
  }
}
