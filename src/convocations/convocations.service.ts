import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { MeetingGuest } from '../meetings/meeting-guest.entity';
import { Meeting } from '../meetings/meeting.entity';
import { MeetingDocumentsService } from '../meetings/meeting-documents.service';
import { assertNoticeLeft, readSendTime } from '../meetings/meeting-dates';
import { findPeople, lockMeetingRow, requireState } from '../meetings/meeting-lookups';
import { zonedTime } from '../meetings/meeting-time';
import { localDateOf } from '../rules/local-date';
import { latestSendingDate } from '../rules/notice.rule';
import { holidaysOfConvention } from '../rules/working-days.rule';
import { noticeRuleOf } from '../rules/reconvening.rule';
import { OutboxQueue } from '../queue/outbox-queue';
import { recordInserted, recordUpdated } from '../audit/audit.subscriber';
import { AnswerHistoryEntry } from './answer-history.entity';
import { Convocation } from './convocation.entity';
import { convenerPartyOf } from './conveners';
import { cancellation, invitation, update, withdrawal } from './convocation-rows';
import { MeetingChange, MeetingChangeEffects, MeetingChangeListener, NO_EFFECTS } from './meeting-change.listener';
import { differences, snapshotOf } from './meeting-snapshot';
import { MeetingContext } from './meeting-context';
import { ConvenablePerson, MeetingReader } from './meeting-reader';
import { lateJoinerFacts } from './late-joiners';
import { NewMessage, OutboxRepository } from './outbox.repository';
import { senderFor } from './sender';
import { ConveneDto } from './dto/convene.dto';
import { ConveneResponse } from './dto/convene.response';

/** The members on the meeting's day, each once (a person holding two seats sits on the first), then the guests. */
function firstOfEach(people: readonly ConvenablePerson[]): ConvenablePerson[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    if (seen.has(person.personId)) return false;
    seen.add(person.personId);
    return true;
  });
}

/** A sendAt this far in the past is taken for now: the clocks of client and server differ a little. */
const SEND_AT_TOLERANCE_MS = 60_000;

/**
 * Convening a meeting, and keeping its recipients informed when it changes. Every decision writes
 * its convocation and outbox rows in the transaction that makes it; the rows are handed to the
 * queue after the commit (see docs/convocations.md).
 */
@Injectable()
export class ConvocationsService extends MeetingChangeListener {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly documents: MeetingDocumentsService,
    private readonly queue: OutboxQueue,
    private readonly outbox: OutboxRepository,
    private readonly reader: MeetingReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async convene(meetingId: string, dto: ConveneDto, convenedByPersonId: string | null): Promise<ConveneResponse> {
    const { response, messages } = await this.dataSource.transaction(async (manager) => {
      await lockMeetingRow(manager, meetingId);
      // The meeting and whom to convene, in one statement once the row is locked.
      const { context, people } = (await this.reader.readToConvene(meetingId, manager)) as { context: MeetingContext; people: ConvenablePerson[] };
      const { meeting, committee, zone, agenda, parties } = context;
      requireState(meeting, ['scheduled'], 'convene the meeting');
      if (meeting.convenedAt && (await this.outbox.invitationsLive(manager, meetingId))) {
        throw DomainError.conflict('already_convened', `The meeting was convened on ${meeting.convenedAt.toISOString()}; changes to it are sent as updates`, {
          convenedAt: meeting.convenedAt.toISOString(),
        });
      }
      const now = this.clock.now();
      const sendAt = dto.sendAt === undefined ? null : this.readSendAt(dto.sendAt, zone, now);
      const leaving = sendAt ?? now;

      if (agenda.length === 0) {
        throw new DomainError('rule', 'agenda_required', 'A convocation must carry the agenda: add at least one agenda item to the meeting first', {
          field: 'agenda',
        });
      }
      assertNoticeLeft({ start: meeting.startsAt, end: meeting.endsAt }, { ...committee, notice: noticeRuleOf(committee, meeting) }, zone, leaving, meeting.urgencyReason);
      // A committee that needs no document beforehand has nothing to check.
      const prerequisites = committee.prerequisites.length === 0 ? { satisfied: true, missing: [] } : await this.documents.checkPrerequisites(meetingId, manager);
      if (!prerequisites.satisfied) {
        throw new DomainError(
          'rule',
          'prerequisites_missing',
          `The documents the committee needs beforehand have not all arrived: missing from ${prerequisites.missing.map((item) => item.fromCommittee).join(', ')}`,
          { missing: prerequisites.missing },
        );
      }

      const day = localDateOf(meeting.startsAt, zone);
      const recipients = firstOfEach(people);
      if (recipients.length === 0) {
        throw new DomainError('rule', 'no_recipients', `Committee ${committee.key} has no member on ${day} and the meeting has no guest: nobody to convene`, { date: day });
      }
      const party = await convenerPartyOf(manager, committee, parties, day, convenedByPersonId);

      // Convening again after every invitation was withheld keeps the convocations already written.
      // Convocations are written only by convening: a meeting never convened has none.
      const kept = meeting.convenedAt ? await manager.find(Convocation, { where: { meetingId, withdrawnAt: IsNull() } }) : [];
      const existing = new Map(kept.map((convocation) => [convocation.personId, convocation]));
      const added = recipients
        .filter((recipient) => !existing.has(recipient.personId))
        .map((recipient) => manager.create(Convocation, { id: randomUUID(), meetingId, standsInForId: null, ...recipient }));
      const byPerson = new Map(added.map((convocation) => [convocation.personId, convocation]));
      const convocations = recipients.map((recipient) => existing.get(recipient.personId) ?? (byPerson.get(recipient.personId) as Convocation));
      const snapshot = snapshotOf(meeting, agenda);
      const convened = { meetingId, convenedAt: now, convenedByPersonId, convenerPartyId: party?.id ?? null };
      // The convocations, the meeting and the invitations in one statement; the audit trail records
      // them as it records entities saved, with the transaction's other entries.
      const written = await this.outbox.writeConvening(
        manager,
        convened,
        added,
        convocations.map((convocation) => invitation(meeting, convocation, snapshot, sendAt)),
      );
      const defaults = new Map(written.convocations.map((convocation) => [convocation.id, convocation]));
      for (const convocation of added) Object.assign(convocation, defaults.get(convocation.id));
      const parents = { committeeId: committee.id, conventionId: committee.conventionId };
      await recordInserted(manager, Convocation, added, parents);
      await recordUpdated(
        manager,
        Meeting,
        meetingId,
        { convenedAt: meeting.convenedAt, convenedByPersonId: meeting.convenedByPersonId, convenerPartyId: meeting.convenerPartyId },
        { convenedAt: convened.convenedAt, convenedByPersonId: convened.convenedByPersonId, convenerPartyId: convened.convenerPartyId },
        parents,
      );

      const convener = recipients.find((recipient) => recipient.role === 'member' && recipient.personId === convenedByPersonId) ?? null;
      const sender = senderFor(party, this.config.mail, convener);
      const result: ConveneResponse = {
        meetingId,
        convenedAt: now.toISOString(),
        sendAt: zonedTime(leaving, zone),
        latestSendingDate: latestSendingDate(meeting.startsAt, { ...noticeRuleOf(committee, meeting), holidays: holidaysOfConvention(committee.convention) }, zone),
        sender: { name: sender.name, email: sender.email, replyTo: sender.replyTo },
        recipients: convocations.map((convocation) => ({
          id: convocation.id,
          personId: convocation.personId,
          fullName: convocation.fullName,
          email: convocation.email,
          role: convocation.role,
        })),
      };
      return { response: result, messages: written.messages };
    });
    await this.queue.enqueueAfterCommit(messages);
    return response;
  }

  /**
   * A convened meeting changed (its row is locked by the caller). Recipients who received an
   * invitation get an update stating what changed since, or the cancellation; invitations not yet
   * sent are replaced by invitations of the new version, leaving when the old ones would have;
   * guests added are convened, guests removed are withdrawn.
   */
  async onMeetingChanged(meetingId: string, change: MeetingChange, manager: EntityManager): Promise<MeetingChangeEffects> {
    const context = await this.reader.read(meetingId, manager);
    if (!context?.meeting.convenedAt) return NO_EFFECTS;
    const { meeting } = context;
    const snapshot = snapshotOf(meeting, context.agenda);
    const active = await manager.find(Convocation, { where: { meetingId, withdrawnAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    const messages: NewMessage[] = [];

    if (change.kind === 'cancelled') {
      await this.outbox.obsoletePending(manager, { meetingId }, ['convocation', 'update', 'reminder', 'nobody_coming'], 'the meeting was cancelled');
      const delivered = await this.outbox.deliveredInvitations(manager, meetingId);
      for (const convocation of active) {
        if (delivered.has(convocation.id)) messages.push(cancellation(meeting, convocation, snapshot, change.reason));
      }
      return { messages: await this.outbox.write(manager, messages) };
    }

    if (change.kind === 'rescheduled') await this.askAgain(manager, active, meeting.icalSequence);
    const replaced = await this.outbox.obsoletePending(manager, { meetingId }, ['convocation', 'update'], `superseded by sequence ${meeting.icalSequence}`);
    const delivered = await this.outbox.deliveredInvitations(manager, meetingId);
    const now = this.clock.now();
    // An invitation that had not left yet is replaced by one leaving at the same time, or now.
    const pendingSince = new Map(replaced.map((row) => [row.convocationId, row.sendAfter.getTime() > now.getTime() ? row.sendAfter : null]));
    // A late joiner's invitation not yet sent stays one: it goes even when the notice can no longer be given.
    const lateJoiners = new Set(replaced.filter((row) => row.lateJoiner).map((row) => row.convocationId));

    const guests = change.kind === 'updated' ? await this.reconcileGuests(manager, meeting, active) : { added: [], removed: [] };
    const removed = new Set(guests.removed.map((convocation) => convocation.id));
    const sequences = await this.outbox.highestSequences(manager, [...guests.removed, ...guests.added].map((convocation) => convocation.id));
    for (const convocation of guests.removed) {
      const received = delivered.get(convocation.id);
      if (received) messages.push(withdrawal(meeting, convocation, snapshot, sequences.get(convocation.id) ?? received.sequence));
    }
    for (const convocation of active) {
      if (removed.has(convocation.id)) continue;
      const last = delivered.get(convocation.id);
      if (last) {
        const changes = differences(last.snapshot, snapshot);
        if (changes.length > 0) messages.push(update(meeting, convocation, snapshot, changes));
      } else if (pendingSince.has(convocation.id)) {
        const leaving = pendingSince.get(convocation.id) ?? null;
        const late = lateJoiners.has(convocation.id) ? lateJoinerFacts(meeting, context.committee, context.zone, leaving ?? now) : null;
        messages.push(invitation(meeting, convocation, snapshot, leaving, null, late));
      }
    }
    for (const convocation of guests.added) messages.push(invitation(meeting, convocation, snapshot, null, sequences.get(convocation.id) ?? null));
    return { messages: await this.outbox.write(manager, messages) };
  }

  async afterCommit(effects: MeetingChangeEffects): Promise<void> {
    await this.queue.enqueueAfterCommit(effects.messages);
  }

  /**
   * The meeting's time changed: an answer given for the former time no longer holds. Every answer is
   * set back to needs_action, so the update asks again; the answer history keeps what was answered,
   * and a `meeting_moved` entry says from when it no longer held.
   */
  private async askAgain(manager: EntityManager, active: Convocation[], sequence: number): Promise<void> {
    const answered = active.filter((convocation) => convocation.answer !== 'needs_action');
    if (answered.length === 0) return;
    const now = this.clock.now();
    // Loaded and saved, not updated by criteria, so that the audit trail names each convocation.
    for (const convocation of answered) {
      Object.assign(convocation, { answer: 'needs_action', answeredAt: null, answerSource: null, answerSequence: null, answerStampedAt: null, answerComment: null });
    }
    await manager.save(answered);
    await manager.insert(
      AnswerHistoryEntry,
      answered.map((convocation) => ({ convocationId: convocation.id, answer: 'needs_action' as const, event: 'meeting_moved' as const, recordedAt: now, icalSequence: sequence, comment: null })),
    );
  }

  /** Guests of the meeting now, against those convened: the new ones convened (again), the others withdrawn. */
  private async reconcileGuests(
    manager: EntityManager,
    meeting: Pick<Meeting, 'id'>,
    active: Convocation[],
  ): Promise<{ added: Convocation[]; removed: Convocation[] }> {
    const guestIds = (await manager.findBy(MeetingGuest, { meetingId: meeting.id })).map((guest) => guest.personId);
    const convened = new Set(active.map((convocation) => convocation.personId));
    const removed = active.filter((convocation) => convocation.role === 'guest' && !guestIds.includes(convocation.personId));
    const now = this.clock.now();
    if (removed.length > 0) {
      await manager.update(Convocation, { id: In(removed.map((convocation) => convocation.id)) }, { withdrawnAt: now });
    }
    const newIds = guestIds.filter((personId) => !convened.has(personId));
    if (newIds.length === 0) return { added: [], removed };
    const people = await findPeople(manager, newIds.map((id, index) => ({ path: `guests[${index}]`, id })));
    const withdrawnBefore = await manager.find(Convocation, { where: { meetingId: meeting.id, personId: In(newIds) } });
    const added: Convocation[] = [];
    for (const personId of newIds) {
      const person = people.get(personId);
      if (!person) continue;
      const earlier = withdrawnBefore.find((convocation) => convocation.personId === personId);
      if (earlier) {
        // Invited again after being withdrawn: the same convocation, answer cleared, a fresh invitation.
        Object.assign(earlier, { withdrawnAt: null, answer: 'needs_action', answeredAt: null, answerSource: null, answerSequence: null, answerStampedAt: null, answerComment: null });
        added.push(await manager.save(earlier));
      } else {
        const convocation = manager.create(Convocation, {
          id: randomUUID(),
          meetingId: meeting.id,
          personId,
          membershipId: null,
          role: 'guest',
          standsInForId: null,
          email: person.email,
          fullName: person.fullName,
        });
        await manager.insert(Convocation, convocation);
        added.push(convocation);
      }
    }
    return { added, removed };
  }

  /** 400 naming sendAt when it is not a time of the zone or lies in the past; null for "now". */
  private readSendAt(text: string, zone: string, now: Date): Date | null {
    const instant = readSendTime(text, zone, 'sendAt');
    if (instant.getTime() < now.getTime() - SEND_AT_TOLERANCE_MS) {
      throw DomainError.invalid([{ path: 'sendAt', code: 'not_in_future', message: `must not be in the past (it is now ${now.toISOString()})` }]);
    }
    return instant.getTime() <= now.getTime() ? null : instant;
  }
}
