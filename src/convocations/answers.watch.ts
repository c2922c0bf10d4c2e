import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Committee } from '../committees/committee.entity';
import { Clock } from '../common/clock';
import { Meeting } from '../meetings/meeting.entity';
import { LocalDate, daysBetween, localDateOf, startOfLocalDay } from '../rules/local-date';
import { reminderMoment } from '../rules/reminder.rule';
import { holidaysOf } from '../rules/working-days.rule';
import { OutboxQueue } from '../queue/outbox-queue';
import type { DueMessage } from '../queue/outbox-queue';
import { answersOverview } from './answers-view';
import { writeConvenerAlert } from './convener-alerts';
import { senderFor } from './sender';
import { NobodyComingPayload } from './message-composer';
import { OutboxRepository } from './outbox.repository';
import { Party } from '../conventions/party.entity';

export interface WatchReport {
  reminders: number;
  alerts: number;
}

/**
 * Looks, a few times a day, at the convened meetings coming soon: reminds the people who have not
 * answered `reminderDaysBefore` days before (local days), and tells the convener, once per meeting
 * date, when a signatory has nobody coming `nobodyComingAlertDaysBefore` days before. "Once" is kept
 * by the outbox's dedupe keys, so runs may repeat or overlap.
 */
@Injectable()
export class AnswersWatch {
  private readonly logger = new Logger('AnswersWatch');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly queue: OutboxQueue,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<WatchReport> {
    const now = this.clock.now();
    const { reminderDaysBefore, nobodyComingAlertDaysBefore } = this.config.convocations;
    // Local days differ from UTC by at most 14 hours: one more day of horizon covers every zone;
    // a reminder moved before a long weekend or holidays may come up to a week earlier.
    const horizonDays = Math.max(reminderDaysBefore + 7, nobodyComingAlertDaysBefore) + 2;
    const meetings = await this.dataSource.manager
      .createQueryBuilder(Meeting, 'meeting')
      .where('meeting.state = :state', { state: 'scheduled' })
      .andWhere('meeting.convenedAt IS NOT NULL')
      .andWhere('meeting.startsAt > :now', { now })
      .andWhere('meeting.startsAt < :until', { until: new Date(now.getTime() + horizonDays * 86_400_000) })
      .orderBy('meeting.startsAt', 'ASC')
      .getMany();
    const report: WatchReport = { reminders: 0, alerts: 0 };
    for (const meeting of meetings) {
      const committee = await this.dataSource.manager.findOne(Committee, { where: { id: meeting.committeeId }, relations: { convention: true } });
      if (!committee) continue;
      const zone = committee.convention.timeZone;
      const daysLeft = daysBetween(localDateOf(now, zone), localDateOf(meeting.startsAt, zone));
      const written: DueMessage[] = [];
      const reminder = reminderMoment(meeting.startsAt, zone, reminderDaysBefore, holidaysOf({ country: committee.convention.holidayCountry, region: committee.convention.holidayRegion }));
      if (now.getTime() >= reminder.at.getTime()) {
        const reminders = await this.remind(meeting, reminder.day, zone);
        report.reminders += reminders.length;
        written.push(...reminders);
      }
      if (daysLeft <= nobodyComingAlertDaysBefore) {
        const alerts = await this.alertIfNobodyComing(meeting, committee, daysLeft);
        report.alerts += alerts.length;
        written.push(...alerts);
      }
      await this.queue.enqueueAfterCommit(written);
    }
    if (report.reminders + report.alerts > 0) this.logger.log(`${report.reminders} reminder(s) and ${report.alerts} convener alert(s) written`);
    return report;
  }

  /**
   * A reminder to each person convened who has not answered and whose invitation was accepted by
   * the mail server before the reminder day began: someone convened that very day needs no reminder.
   * Written once its moment has come (9:00 of a working day in the zone, `reminder.rule.ts`).
   */
  private async remind(meeting: Meeting, day: LocalDate, zone: string): Promise<DueMessage[]> {
    const reminderDayStarts = startOfLocalDay(day, zone);
    const rows: Array<{ id: string; email: string; full_name: string }> = await this.dataSource.query(
      `SELECT c.id, c.email, c.full_name FROM convocations c
        WHERE c.meeting_id = $1 AND c.withdrawn_at IS NULL AND c.answer = 'needs_action'
          AND EXISTS (SELECT 1 FROM outbound_messages m
                       WHERE m.convocation_id = c.id AND m.kind IN ('convocation', 'update') AND m.state = 'sent' AND m.accepted_at < $2)
        ORDER BY c.full_name, c.id`,
      [meeting.id, reminderDayStarts],
    );
    if (rows.length === 0) return [];
    return this.dataSource.transaction((manager) =>
      this.outbox.write(
        manager,
        rows.map((row) => ({
          kind: 'reminder' as const,
          meetingId: meeting.id,
          convocationId: row.id,
          recipientEmail: row.email,
          recipientName: row.full_name,
          icalSequence: null,
          payload: {},
          sendAfter: null,
          dedupeKey: `reminder:${row.id}:${meeting.startsAt.toISOString()}`,
        })),
      ),
    );
  }

  private async alertIfNobodyComing(meeting: Meeting, committee: Committee, daysLeft: number): Promise<DueMessage[]> {
    const overview = await answersOverview(this.dataSource.manager, meeting.id);
    const missing = overview.parties.filter((party) => party.nobodyComing);
    if (missing.length === 0) return [];
    const payload: NobodyComingPayload = {
      daysBefore: Math.max(0, daysLeft),
      parties: missing.map((party) => ({ name: party.name, declined: party.declined, unanswered: party.unanswered })),
    };
    return this.dataSource.transaction(async (manager) => {
      const party = meeting.convenerPartyId ? await manager.findOneBy(Party, { id: meeting.convenerPartyId }) : null;
      const sender = senderFor(party, this.config.mail);
      return writeConvenerAlert(
        manager,
        {
          kind: 'nobody_coming',
          committee,
          meetingId: meeting.id,
          convenedByPersonId: meeting.convenedByPersonId,
          day: localDateOf(this.clock.now(), committee.convention.timeZone),
          payload: { ...payload },
          dedupeKey: `nobody-coming:${meeting.id}:${meeting.startsAt.toISOString()}`,
          fallback: { email: sender.email, name: sender.name },
        },
        this.outbox,
      );
    });
  }
}
