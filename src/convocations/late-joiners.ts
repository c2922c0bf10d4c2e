import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { Meeting } from '../meetings/meeting.entity';
import { lockMeeting, membershipsOn } from '../meetings/meeting-lookups';
import { Membership } from '../people/membership.entity';
import { localDateOf } from '../rules/local-date';
import { applicableNotice, noticeRespected } from '../rules/notice.rule';
import type { DueMessage } from '../queue/outbox-queue';
import { OutboxQueue } from '../queue/outbox-queue';
import { Convocation } from './convocation.entity';
import { LateJoinerFacts, invitation, withdrawal } from './convocation-rows';
import { MembershipChangeListener } from './membership-change.listener';
import { MeetingSnapshot, snapshotOf } from './meeting-snapshot';
import { NewMessage, OutboxRepository } from './outbox.repository';

/** Whether a convocation leaving at `at` still gives the committee's notice for this meeting. */
export function lateJoinerFacts(meeting: Pick<Meeting, 'startsAt' | 'urgencyReason'>, committee: Pick<Committee, 'notice'>, zone: string, at: Date): LateJoinerFacts {
  const terms = applicableNotice(committee.notice, meeting.urgencyReason);
  return { noticeRespected: noticeRespected(at, meeting.startsAt, terms, zone).respected, noticeDays: terms.days, dayKind: terms.dayKind };
}

/**
 * Keeps the convocations of a committee's convened meetings still ahead in step with who holds its
 * seats. Someone who takes a seat after the convocations left is convened at once — their own
 * convocation, the meeting's UID, their own reply address — even when the notice can no longer be
 * given to them (the message says so, and the register shows it left late). Someone who no longer
 * holds a seat on the meeting's day is withdrawn (a CANCEL to them alone if they received
 * anything), with the substitute they had sent. Everyone else gets nothing: the comparison is by
 * person, so running it again writes nothing.
 */
@Injectable()
export class LateJoiners extends MembershipChangeListener {
  constructor(
    private readonly clock: Clock,
    private readonly queue: OutboxQueue,
    private readonly outbox: OutboxRepository,
  ) {
    super();
  }

  async onMembershipsChanged(committeeId: string, manager: EntityManager): Promise<DueMessage[]> {
    const now = this.clock.now();
    const candidates = await manager
      .createQueryBuilder(Meeting, 'meeting')
      .select('meeting.id')
      .where('meeting.committeeId = :committeeId', { committeeId })
      .andWhere("meeting.state = 'scheduled' AND meeting.convenedAt IS NOT NULL AND meeting.startsAt > :now", { now })
      .orderBy('meeting.id', 'ASC')
      .getMany();
    if (candidates.length === 0) return [];
    const committee = await manager.findOneOrFail(Committee, { where: { id: committeeId }, relations: { convention: true } });
    const messages: NewMessage[] = [];
    for (const candidate of candidates) {
      // Locked like any change of the meeting, so convening, changing and this queue one behind the other.
      const meeting = await lockMeeting(manager, candidate.id);
      if (meeting.state !== 'scheduled' || !meeting.convenedAt) continue;
      // Every invitation withheld: the meeting is not convened for good; convening it again takes the new members.
      if (!(await this.outbox.invitationsLive(manager, meeting.id))) continue;
      messages.push(...(await this.reconcile(manager, meeting, committee, now)));
    }
    return this.outbox.write(manager, messages);
  }

  async afterCommit(messages: DueMessage[]): Promise<void> {
    await this.queue.enqueueAfterCommit(messages);
  }

  private async reconcile(manager: EntityManager, meeting: Meeting, committee: Committee, now: Date): Promise<NewMessage[]> {
    const zone = committee.convention.timeZone;
    const seated = new Map<string, Membership>();
    for (const membership of await membershipsOn(manager, committee.id, localDateOf(meeting.startsAt, zone))) {
      if (!seated.has(membership.personId)) seated.set(membership.personId, membership);
    }
    const convocations = await manager.find(Convocation, { where: { meetingId: meeting.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const byPerson = new Map(convocations.map((convocation) => [convocation.personId, convocation]));
    const agenda = await manager.find(AgendaItem, { where: { meetingId: meeting.id }, order: { position: 'ASC' } });
    const snapshot = snapshotOf(meeting, agenda);

    const joined: Convocation[] = [];
    for (const membership of seated.values()) {
      const existing = byPerson.get(membership.personId);
      if (existing && existing.withdrawnAt === null) {
        // Still convened (as a member, or already as a guest or a substitute): nothing to send.
        if (existing.role === 'member' && existing.membershipId !== membership.id) {
          existing.membershipId = membership.id;
          await manager.save(existing);
        }
        continue;
      }
      if (existing) {
        // Withdrawn earlier (left the seat, or a guest removed), seated now: the same convocation, convened afresh.
        Object.assign(existing, {
          withdrawnAt: null,
          role: 'member',
          membershipId: membership.id,
          standsInForId: null,
          email: membership.person.email,
          fullName: membership.person.fullName,
          answer: 'needs_action',
          answeredAt: null,
          answerSource: null,
          answerSequence: null,
          answerStampedAt: null,
          answerComment: null,
        });
        joined.push(await manager.save(existing));
      } else {
        const created = manager.create(Convocation, {
          id: randomUUID(),
          meetingId: meeting.id,
          personId: membership.personId,
          membershipId: membership.id,
          role: 'member',
          standsInForId: null,
          email: membership.person.email,
          fullName: membership.person.fullName,
        });
        await manager.insert(Convocation, created);
        joined.push(created);
      }
    }

    const leaving = convocations.filter((convocation) => convocation.withdrawnAt === null && convocation.role === 'member' && !seated.has(convocation.personId));
    const leavingIds = new Set(leaving.map((convocation) => convocation.id));
    const theirSubstitutes = convocations.filter((convocation) => convocation.withdrawnAt === null && convocation.standsInForId !== null && leavingIds.has(convocation.standsInForId));
    const messages = await this.withdraw(manager, meeting, [...leaving, ...theirSubstitutes], snapshot, now);

    if (joined.length > 0) {
      const facts = lateJoinerFacts(meeting, committee, zone, now);
      const sequences = await this.outbox.highestSequences(manager, joined.map((convocation) => convocation.id));
      for (const convocation of joined) messages.push(invitation(meeting, convocation, snapshot, null, sequences.get(convocation.id) ?? null, facts));
    }
    return messages;
  }

  private async withdraw(manager: EntityManager, meeting: Meeting, withdrawn: Convocation[], snapshot: MeetingSnapshot, now: Date): Promise<NewMessage[]> {
    if (withdrawn.length === 0) return [];
    const ids = withdrawn.map((convocation) => convocation.id);
    for (const convocation of withdrawn) convocation.withdrawnAt = now;
    await manager.save(withdrawn);
    await this.outbox.obsoletePending(manager, { meetingId: meeting.id, convocationIds: ids }, ['convocation', 'update', 'reminder'], 'the recipient no longer holds a seat on the meeting day');
    const delivered = await this.outbox.deliveredInvitations(manager, meeting.id);
    const sequences = await this.outbox.highestSequences(manager, ids);
    const messages: NewMessage[] = [];
    for (const convocation of withdrawn) {
      const received = delivered.get(convocation.id);
      if (received) messages.push(withdrawal(meeting, convocation, snapshot, sequences.get(convocation.id) ?? received.sequence));
    }
    return messages;
  }
}
