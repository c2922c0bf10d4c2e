import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { Clock } from '../common/clock';
import { Meeting } from '../meetings/meeting.entity';
import { Person } from '../people/person.entity';
import { CalendarReply, parseReply, shouldApplyReply } from '../calendar/reply.parser';
import { provesConvocation } from '../calendar/reply-address';
import type { DueMessage } from '../queue/outbox-queue';
import { OutboxQueue } from '../queue/outbox-queue';
import { TemplateRenderer } from '../templates/template-renderer';
import { ANSWER_LABELS, RECORDED_ANSWER_TEXTS } from './answer-labels';
import { AnswerHistoryEntry } from './answer-history.entity';
import { Answer, AnswerSource, Convocation } from './convocation.entity';
import { verifyAnswerToken } from './answer-link';
import { answersOverview, plannedSendings } from './answers-view';
import { invitation, withdrawal } from './convocation-rows';
import { MeetingReader } from './meeting-reader';
import { meetingVariables } from './message-composer';
import { snapshotOf } from './meeting-snapshot';
import { NewMessage, OutboxRepository } from './outbox.repository';
import { AnswerRecordedResponse, AnswersResponse, ReplyResultResponse } from './dto/answers.response';
import { LINK_ANSWERS, LinkAnswer } from './dto/answer.dto';

export { ANSWER_LABELS } from './answer-labels';

/** A page for the person who opened an answer link, with its HTTP status. */
export interface AnswerPage {
  status: number;
  html: string;
}

interface AnswerSourceFacts {
  source: AnswerSource;
  sequence: number;
  stampedAt: Date;
  comment: string | null;
}

const CALENDAR_ANSWERS: Record<Exclude<CalendarReply['partstat'], 'DELEGATED'>, Answer> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  'NEEDS-ACTION': 'needs_action',
};

/**
 * Answers to convocations: through the signed link of the email (a page, then a confirmed POST),
 * or from the recipient's calendar (an iTIP REPLY). The later answer wins; a calendar reply to an
 * older version of the meeting, or older than the answer recorded, is ignored.
 */
@Injectable()
export class AnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly templates: TemplateRenderer,
    private readonly queue: OutboxQueue,
    private readonly outbox: OutboxRepository,
    private readonly reader: MeetingReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * GET /answers/:token: the meeting and the buttons; nothing is recorded (mail scanners open links too).
   * `requested` is the link's answer as it arrived: one a mail client cut short chooses nothing, and the page says so.
   */
  async page(token: string, requested: unknown): Promise<AnswerPage> {
    const chosen = LINK_ANSWERS.find((answer) => answer === requested);
    const found = await this.openLink(token);
    if ('error' in found) return found.error;
    const { convocation, meeting } = found;
    const context = await this.reader.read(meeting.id);
    if (!context) return this.errorPage(404, 'Lien inconnu', 'Ce lien ne correspond à aucune convocation.');
    const substituteName = await this.registeredSubstituteName(convocation);
    const standsInFor = convocation.standsInForId ? await this.dataSource.manager.findOneBy(Convocation, { id: convocation.standsInForId }) : null;
    const choices = LINK_ANSWERS.filter((answer) => answer !== 'substitute' || substituteName !== null).map((answer) => ({
      value: answer,
      label: answer === 'substitute' ? `Je me fais remplacer par ${substituteName}` : capitalized(ANSWER_LABELS[answer]),
      chosen: answer === chosen,
      action: `${this.config.publicBaseUrl}/answers/${token}`,
    }));
    const chosenChoice = choices.find((choice) => choice.chosen);
    return {
      status: 200,
      html: this.templates.page('answer', {
        mainClass: 'answer-page',
        organization: this.config.organization,
        ...meetingVariables(context),
        pageTitle: `Convocation – ${context.committee.name}`,
        recipient: { fullName: convocation.fullName },
        standsInFor: standsInFor ? { fullName: standsInFor.fullName } : null,
        currentAnswer: RECORDED_ANSWER_TEXTS[convocation.answer],
        formerAnswer: await this.answerBeforeMove(convocation),
        chosenLabel: chosenChoice ? chosenChoice.label : null,
        incompleteLink: requested !== undefined && chosen === undefined,
        choices,
      }),
    };
  }

  /** POST /answers/:token: records the answer, convening or withdrawing the substitute as needed. */
  async answerByLink(token: string, answer: LinkAnswer): Promise<AnswerRecordedResponse> {
    const convocationId = verifyAnswerToken(token, this.config.auth.secret);
    if (!convocationId) throw linkError('answer_link_invalid');
    const { recorded, messages } = await this.dataSource.transaction(async (manager) => {
      const convocation = await manager.findOne(Convocation, { where: { id: convocationId }, lock: { mode: 'pessimistic_write' } });
      if (!convocation) throw linkError('answer_link_invalid');
      const meeting = (await manager.findOneBy(Meeting, { id: convocation.meetingId })) as Meeting;
      this.assertOpen(meeting, convocation);
      const now = this.clock.now();
      const sequence = (await this.outbox.lastSequenceSent(manager, convocation.id)) ?? meeting.icalSequence;
      const messages = await this.apply(manager, meeting, convocation, answer, { source: 'link', sequence, stampedAt: now, comment: null });
      const substitute = answer === 'substitute' ? await this.registeredSubstituteName(convocation, manager) : null;
      return {
        recorded: { convocationId: convocation.id, answer: convocation.answer, answeredAt: (convocation.answeredAt as Date).toISOString(), substitute },
        messages,
      };
    });
    await this.queue.enqueueAfterCommit(messages);
    return recorded;
  }

  /** The confirmation page after a form was posted from the answer page. */
  async recordedPage(token: string, recorded: AnswerRecordedResponse): Promise<string> {
    const found = await this.openLink(token, true);
    if ('error' in found) return found.error.html;
    const context = await this.reader.read(found.meeting.id);
    return this.templates.page('answer-recorded', {
      mainClass: 'answer-page',
        organization: this.config.organization,
      ...(context ? meetingVariables(context) : {}),
      pageTitle: 'Réponse enregistrée',
      recipient: { fullName: found.convocation.fullName },
      recordedAnswer: RECORDED_ANSWER_TEXTS[recorded.answer],
      substituteName: recorded.substitute,
    });
  }

  /** An error of the answer link as the page a person sees. */
  errorPageFor(error: DomainError): AnswerPage {
    switch (error.code) {
      case 'answer_link_expired':
        return this.errorPage(410, 'Lien expiré', 'La séance est passée : ce lien ne permet plus de répondre.');
      case 'meeting_cancelled':
        return this.errorPage(409, 'Séance annulée', 'Cette séance a été annulée : il n’y a plus de réponse à donner.');
      case 'convocation_withdrawn':
        return this.errorPage(409, 'Convocation retirée', 'Votre convocation à cette séance a été retirée : il n’y a plus de réponse à donner.');
      case 'no_substitute':
      case 'substitute_not_allowed':
      case 'substitute_already_convened':
        return this.errorPage(422, 'Réponse impossible', 'Aucune suppléance n’est prévue pour vous à cette séance. Choisissez une autre réponse.');
      default:
        return this.errorPage(404, 'Lien inconnu', 'Ce lien ne correspond à aucune convocation. Vérifiez qu’il a été copié en entier.');
    }
  }

  /**
   * An iTIP REPLY (POST /calendar/replies, or a mail the collector found). It counts only when it
   * proves it comes from that recipient's copy of the invitation: one of `addresses` (the mail's
   * recipients) or the REPLY's ORGANIZER is the reply address written in that recipient's
   * invitation, and its ATTENDEE is that recipient. Anything else is refused alike, changing
   * nothing and telling nothing (see docs/calendar-replies.md).
   */
  async applyReply(text: string, addresses: readonly string[] = []): Promise<ReplyResultResponse> {
    const reply = parseReply(text);
    const proofs = reply.organizerEmail ? [reply.organizerEmail, ...addresses] : [...addresses];
    const { result, messages } = await this.dataSource.transaction(async (manager) => {
      const meeting = await manager.findOneBy(Meeting, { icalUid: reply.uid });
      const candidates = meeting
        ? await manager
            .createQueryBuilder(Convocation, 'convocation')
            .select('convocation.id')
            .where('convocation.meetingId = :meetingId', { meetingId: meeting.id })
            .andWhere('lower(convocation.email) = :email', { email: reply.attendeeEmail })
            .getMany()
        : [];
      const proven = candidates.find((candidate) => provesConvocation(proofs, candidate.id, this.config.auth.secret));
      if (!meeting || !proven) throw unprovenReply();
      const convocation = (await manager.findOne(Convocation, { where: { id: proven.id }, lock: { mode: 'pessimistic_write' } })) as Convocation;
      const ignored = (reason: string) => ({ result: { applied: false, convocationId: convocation.id, answer: convocation.answer, ignoredBecause: reason }, messages: [] });
      if (convocation.withdrawnAt) return ignored('convocation_withdrawn');
      const sent = await this.outbox.lastSequenceSent(manager, convocation.id);
      if (sent === null) return ignored('nothing_sent');
      // A SEQUENCE copil never sent does not come from an honest calendar.
      if (reply.sequence > sent) return ignored('sequence_not_sent');
      const storedDtstamp = convocation.answerSequence === sent ? convocation.answerStampedAt : null;
      if (!shouldApplyReply(sent, storedDtstamp, reply)) return ignored('stale_reply');
      if (meeting.state !== 'scheduled') return ignored(`meeting_${meeting.state}`);
      // The meeting's SEQUENCE rises only when its time changes: a reply below it answers a former
      // time, even if the update announcing the new one has not left yet.
      if (reply.sequence < meeting.icalSequence) return ignored('stale_reply');
      const answer = await this.calendarAnswer(manager, convocation, reply);
      const messages = await this.apply(manager, meeting, convocation, answer, {
        source: 'calendar',
        sequence: reply.sequence,
        stampedAt: reply.dtstamp,
        comment: reply.comment ?? null,
      });
      return { result: { applied: true, convocationId: convocation.id, answer: convocation.answer, ignoredBecause: null }, messages };
    });
    await this.queue.enqueueAfterCommit(messages);
    return result;
  }

  async answersOf(meetingId: string): Promise<AnswersResponse> {
    return answersOverview(this.dataSource.manager, meetingId);
  }

  /** For a list of meetings: those convened for a later sending that has reached nobody yet, with when it leaves. */
  async plannedSendingsOf(meetingIds: string[]): Promise<Map<string, Date>> {
    return plannedSendings(this.dataSource.manager, meetingIds);
  }

  /**
   * Records the answer on the (locked) convocation. Sending the substitute convenes them with an
   * invitation of the meeting as it stands; taking that back withdraws them.
   */
  private async apply(manager: EntityManager, meeting: Meeting, convocation: Convocation, answer: Answer, facts: AnswerSourceFacts): Promise<DueMessage[]> {
    const messages: NewMessage[] = [];
    const snapshot = snapshotOf(meeting, await manager.find(AgendaItem, { where: { meetingId: meeting.id }, order: { position: 'ASC' } }));
    const standing = await manager.find(Convocation, { where: { standsInForId: convocation.id }, order: { createdAt: 'ASC' } });
    const substitute = answer === 'substitute' ? await this.substituteFor(manager, convocation) : null;
    // Whoever stood in and no longer does (the answer changed, or the seat's substitute did) is withdrawn.
    for (const previous of standing.filter((entry) => entry.withdrawnAt === null && entry.personId !== substitute?.id)) {
      previous.withdrawnAt = this.clock.now();
      await manager.save(previous);
      await this.outbox.obsoletePending(manager, { meetingId: meeting.id, convocationIds: [previous.id] }, ['convocation', 'update', 'reminder'], 'the member no longer sends this substitute');
      const received = (await this.outbox.deliveredInvitations(manager, meeting.id)).get(previous.id);
      if (received) {
        const sequences = await this.outbox.highestSequences(manager, [previous.id]);
        messages.push(withdrawal(meeting, previous, snapshot, sequences.get(previous.id) ?? received.sequence));
      }
    }
    if (substitute) {
      const current = standing.find((entry) => entry.personId === substitute.id);
      if (current?.withdrawnAt) {
        Object.assign(current, { withdrawnAt: null, answer: 'needs_action', answeredAt: null, answerSource: null, answerSequence: null, answerStampedAt: null, answerComment: null });
        await manager.save(current);
        const sequences = await this.outbox.highestSequences(manager, [current.id]);
        messages.push(invitation(meeting, current, snapshot, null, sequences.get(current.id) ?? null));
      } else if (!current) {
        if (await manager.existsBy(Convocation, { meetingId: meeting.id, personId: substitute.id })) {
          throw new DomainError('rule', 'substitute_already_convened', `${substitute.fullName} is already convened to this meeting in their own right`, {
            substituteId: substitute.id,
          });
        }
        const created = manager.create(Convocation, {
          id: randomUUID(),
          meetingId: meeting.id,
          personId: substitute.id,
          membershipId: convocation.membershipId,
          role: 'substitute',
          standsInForId: convocation.id,
          email: substitute.email,
          fullName: substitute.fullName,
        });
        await manager.insert(Convocation, created);
        messages.push(invitation(meeting, created, snapshot, null));
      }
    }
    Object.assign(convocation, {
      answer,
      answeredAt: this.clock.now(),
      answerSource: facts.source,
      answerSequence: facts.sequence,
      answerStampedAt: facts.stampedAt,
      answerComment: facts.comment,
    });
    await manager.save(convocation);
    await manager.insert(AnswerHistoryEntry, {
      convocationId: convocation.id,
      answer,
      event: facts.source,
      recordedAt: convocation.answeredAt as Date,
      icalSequence: facts.sequence,
      comment: facts.comment,
    });
    return this.outbox.write(manager, messages);
  }

  /** What the recipient had answered before the meeting moved, while they have not answered again. */
  private async answerBeforeMove(convocation: Convocation): Promise<string | null> {
    if (convocation.answer !== 'needs_action') return null;
    const [last, before] = await this.dataSource.manager.find(AnswerHistoryEntry, {
      where: { convocationId: convocation.id },
      order: { id: 'DESC' },
      take: 2,
    });
    if (last?.event !== 'meeting_moved' || !before || before.answer === 'needs_action') return null;
    return ANSWER_LABELS[before.answer];
  }

  /** DELEGATED to the member's registered substitute means "my substitute comes"; to anyone else, "I do not". */
  private async calendarAnswer(manager: EntityManager, convocation: Convocation, reply: CalendarReply): Promise<Answer> {
    if (reply.partstat !== 'DELEGATED') return CALENDAR_ANSWERS[reply.partstat];
    if (convocation.role !== 'member' || !reply.delegatedTo) return 'declined';
    const substitute = await this.registeredSubstitute(convocation, manager);
    return substitute && substitute.email.toLowerCase() === reply.delegatedTo ? 'substitute' : 'declined';
  }

  private async substituteFor(manager: EntityManager, convocation: Convocation): Promise<Person> {
    if (convocation.role !== 'member') {
      throw new DomainError('rule', 'substitute_not_allowed', `Only a member may send a substitute; this convocation is for a ${convocation.role}`, {
        field: 'answer',
      });
    }
    const substitute = await this.registeredSubstitute(convocation, manager);
    if (!substitute) throw new DomainError('rule', 'no_substitute', 'This member has no substitute recorded on their seat', { field: 'answer' });
    return substitute;
  }

  private async registeredSubstitute(convocation: Convocation, manager: EntityManager = this.dataSource.manager): Promise<Person | null> {
    if (convocation.role !== 'member' || !convocation.membershipId) return null;
    const [row]: Array<{ substitute_id: string | null }> = await manager.query('SELECT substitute_id FROM memberships WHERE id = $1', [convocation.membershipId]);
    return row?.substitute_id ? manager.findOneBy(Person, { id: row.substitute_id }) : null;
  }

  private async registeredSubstituteName(convocation: Convocation, manager?: EntityManager): Promise<string | null> {
    return (await this.registeredSubstitute(convocation, manager))?.fullName ?? null;
  }

  /** Answers are taken until the meeting ends, while it is scheduled and the recipient still convened. */
  private assertOpen(meeting: Meeting, convocation: Convocation): void {
    if (meeting.state === 'cancelled') throw DomainError.conflict('meeting_cancelled', 'The meeting was cancelled; there is nothing to answer');
    if (meeting.state === 'held' || this.clock.now().getTime() >= meeting.endsAt.getTime()) throw linkError('answer_link_expired');
    if (convocation.withdrawnAt) throw DomainError.conflict('convocation_withdrawn', 'This convocation was withdrawn; there is nothing to answer');
  }

  private async openLink(token: string, evenIfClosed = false): Promise<{ convocation: Convocation; meeting: Meeting } | { error: AnswerPage }> {
    const convocationId = verifyAnswerToken(token, this.config.auth.secret);
    const convocation = convocationId ? await this.dataSource.manager.findOneBy(Convocation, { id: convocationId }) : null;
    if (!convocation) return { error: this.errorPageFor(linkError('answer_link_invalid')) };
    const meeting = (await this.dataSource.manager.findOneBy(Meeting, { id: convocation.meetingId })) as Meeting;
    if (!evenIfClosed) {
      try {
        this.assertOpen(meeting, convocation);
      } catch (error) {
        if (error instanceof DomainError) return { error: this.errorPageFor(error) };
        throw error;
      }
    }
    return { convocation, meeting };
  }

  private errorPage(status: number, title: string, message: string): AnswerPage {
    return { status, html: this.templates.page('answer-error', { mainClass: 'answer-page', organization: this.config.organization, pageTitle: title, message }) };
  }
}

/** The one refusal of a REPLY that proves nothing, whatever is missing: it must not help anyone guess. */
export function unprovenReply(): DomainError {
  return new DomainError(
    'forbidden',
    'calendar_reply_unproven',
    'This reply does not come from a recipient’s invitation: it must be sent to the reply address (ORGANIZER) of that recipient’s invitation and name that recipient as ATTENDEE',
  );
}

/** An unusable answer link; the controller answers an expired one 410 Gone: it existed, and never will again. */
export function linkError(code: 'answer_link_invalid' | 'answer_link_expired'): DomainError {
  return code === 'answer_link_expired'
    ? new DomainError('rule', code, 'The meeting is over: this answer link no longer takes answers')
    : new DomainError('not_found', code, 'This answer link matches no convocation: it was altered or cut short');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
