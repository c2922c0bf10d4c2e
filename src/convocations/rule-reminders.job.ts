import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Committee } from '../committees/committee.entity';
import { Party } from '../conventions/party.entity';
import { Person } from '../people/person.entity';
import { Membership } from '../people/membership.entity';
import { Clock } from '../common/clock';
import { addDays, localDateOf } from '../rules/local-date';
import { minutesReminder } from '../rules/minutes.rule';
import { termApplies, termStanding } from '../rules/terms-of-office.rule';
import { requestStatuses } from '../meetings/convening-requests';
import { minutesStatuses } from '../meetings/minutes-status';
import { DueMessage, OutboxQueue } from '../queue/outbox-queue';
import { MailRecipient, convenersOf } from './conveners';
import { MinutesReminderPayload, RequestDeadlinePayload, TermExpiringPayload } from './message-composer';
import type { MessageKind } from './outbound-message.entity';
import { OutboxRepository } from './outbox.repository';
import { minutesWritersOf, secretariatOf } from './rule-recipients';
import { uniqueRecipients } from './conveners';
import { senderFor } from './sender';

/** Requests, sittings and terms older than this are history, not news: nobody is reminded of them. */
const LOOK_BACK_DAYS = 120;

type ReminderKind = Extract<MessageKind, 'request_deadline' | 'minutes_reminder' | 'term_expiring'>;

/**
 * Daily, with the committees at risk: the warnings the committees' own rules call for.
 * - A request for a sitting (convening-request.rule.ts): the conveners and the secretariat, once
 *   from `warningDays` before the last day to convene, and once more if that day passes unconvened.
 * - Minutes (minutes.rule.ts, `minutesReminder`): whoever's turn it is to write them as the day
 *   they are due nears and once it has passed, likewise for sending them for approval; the
 *   conveners when the committee must approve them.
 * - Terms of office (terms-of-office.rule.ts): the secretariat, once per term, when it enters its
 *   `warningDays`, unless the member was already renewed.
 * Each message is keyed by what it is about, its stage and its recipient: a run that finds it
 * written writes nothing, so running again, on another replica or after a restart, sends nothing twice.
 */
@Injectable()
export class RuleRemindersJob {
  private readonly logger = new Logger('RuleReminders');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly queue: OutboxQueue,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<{ committees: number; emails: number }> {
    const committees = await this.dataSource.getRepository(Committee).find({
      select: { id: true },
      where: [{ conveningOnRequest: Not(IsNull()) }, { minutesRule: Not(IsNull()) }, { termOfOffice: Not(IsNull()) }],
      order: { id: 'ASC' },
    });
    let emails = 0;
    for (const { id } of committees) {
      const written = await this.dataSource.transaction((manager) => this.remind(manager, id));
      await this.queue.enqueueAfterCommit(written);
      emails += written.length;
    }
    if (emails > 0) this.logger.log(`${emails} reminder(s) about requests, minutes and terms of office`);
    return { committees: committees.length, emails };
  }

  private async remind(manager: EntityManager, committeeId: string): Promise<DueMessage[]> {
    const committee = await manager.findOne(Committee, { where: { id: committeeId }, relations: { convention: true } });
    if (!committee) return [];
    const now = this.clock.now();
    const today = localDateOf(now, committee.convention.timeZone);
    const parties = await manager.find(Party, { where: { conventionId: committee.conventionId }, order: { position: 'ASC' } });
    const convening = parties.find((party) => party.key === committee.conveners[0]?.partyKey) ?? null;
    const sender = senderFor(convening, this.config.mail);
    const fallback: MailRecipient = { email: sender.email, name: sender.name };
    const about = { committeeName: committee.name, conventionTitle: committee.convention.title };
    const messages: Array<{ kind: ReminderKind; key: string; meetingId: string | null; recipients: MailRecipient[]; payload: object }> = [];
    let secretariat: MailRecipient[] | null = null;
    const theSecretariat = async () => (secretariat ??= await secretariatOf(manager, committee.conventionId));

    if (committee.conveningOnRequest) {
      const requests = await requestStatuses(manager, committee, today, { start: addDays(today, -LOOK_BACK_DAYS), end: today });
      for (const request of requests) {
        if (request.status !== 'due_soon' && request.status !== 'overdue') continue;
        const requesters = await manager.find(Person, { where: { id: In(request.requesters) }, order: { fullName: 'ASC' } });
        const payload: RequestDeadlinePayload = {
          ...about,
          overdue: request.status === 'overdue',
          requestedOn: request.requestedOn,
          conveneBy: request.conveneBy,
          requesters: requesters.map((person) => person.fullName),
          reason: request.reason,
          text: committee.conveningOnRequest.text,
        };
        const recipients = [...(await convenersOf(manager, committee, today)), ...(await theSecretariat())];
        messages.push({ kind: 'request_deadline', key: `request:${request.id}:${request.status}`, meetingId: null, recipients, payload });
      }
    }

    if (committee.minutesRule) {
      const rule = committee.minutesRule;
      const sittings = await minutesStatuses(manager, committee, today, { from: new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000) });
      for (const sitting of sittings) {
        const stage = minutesReminder(sitting, rule, today);
        if (!stage) continue;
        const writer = sitting.writer;
        const byWriter = stage !== 'approval_due' && writer !== null;
        const recipients = byWriter
          ? await minutesWritersOf(manager, committee, { key: writer as string, isSeat: !rule.rotatesAmong?.length && rule.writtenBy?.seat === writer }, today)
          : await convenersOf(manager, committee, today);
        const payload: MinutesReminderPayload = {
          ...about,
          stage,
          heldOn: sitting.heldOn,
          dueOn: sitting.dueOn,
          submitBy: sitting.submitBy,
          objection: sitting.objection,
          text: rule.text,
        };
        messages.push({ kind: 'minutes_reminder', key: `minutes:${sitting.meetingId}:${stage}`, meetingId: sitting.meetingId, recipients, payload });
      }
    }

    if (committee.termOfOffice) {
      const rule = committee.termOfOffice;
      const history = await manager.find(Membership, { where: { seat: { committeeId: committee.id } }, relations: { seat: true, person: true } });
      for (const membership of history) {
        if (!termApplies(rule, membership.seat.key) || membership.startsOn > today) continue;
        const standing = termStanding(membership, history.filter((other) => other.seatId === membership.seatId && other.id !== membership.id), rule, today);
        if (standing.status !== 'expiring') continue;
        const renewed = history.some((other) => other.seatId === membership.seatId && other.personId === membership.personId && other.startsOn === addDays(standing.endsOn, 1));
        if (renewed) continue;
        const payload: TermExpiringPayload = {
          ...about,
          personName: membership.person.fullName,
          seatRole: membership.seat.role,
          startsOn: membership.startsOn,
          endsOn: standing.endsOn,
          daysLeft: standing.daysLeft,
          mayBeRenewed: standing.mayBeRenewed,
          text: rule.text,
        };
        messages.push({ kind: 'term_expiring', key: `term:${membership.id}:${standing.endsOn}`, meetingId: null, recipients: await theSecretariat(), payload });
      }
    }

    const rows = messages.flatMap((message) => {
      const recipients = uniqueRecipients(message.recipients.length > 0 ? message.recipients : [fallback]);
      return recipients.map((recipient) => ({
        kind: message.kind,
        meetingId: message.meetingId,
        convocationId: null,
        recipientEmail: recipient.email,
        recipientName: recipient.name,
        icalSequence: null,
        payload: { ...message.payload },
        sendAfter: null,
        dedupeKey: `${message.key}:${recipient.email.toLowerCase()}`,
      }));
    });
    return rows.length > 0 ? this.outbox.write(manager, rows) : [];
  }
}

