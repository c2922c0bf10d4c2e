import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import type { NoticeDayKind } from '../committees/committee-rules';
import { DateWarning, dateWarnings } from '../meetings/meeting-dates';
import { readMeetingTime } from '../meetings/meeting-time';
import { LocalDate, isLocalDate } from '../rules/local-date';
import { applicableNotice, earliestLawfulMeetingDate, latestSendingDate, noticeRespected } from '../rules/notice.rule';
import { holidaysOfConvention } from '../rules/working-days.rule';
import { schoolHolidayCalendars } from '../school-holidays/school-holidays.store';

/** What the schedule form tells while a date is typed in, before anything is saved. */
export interface ScheduleCheck {
  date: LocalDate;
  /** Weekend, public holiday, school holidays, an hour the clocks show twice: the same as a scheduled meeting's. */
  warnings: DateWarning[];
  notice: {
    days: number;
    dayKind: NoticeDayKind;
    /** Whether a convocation sent now still gives the notice before that date. */
    respected: boolean;
    earliestLawfulDate: LocalDate;
    /** The last day to send the convocation for a meeting on that date. */
    lastDayToConvene: LocalDate;
  };
}

/**
 * The checks of scheduling a meeting, for a date not yet saved: the rules' own functions
 * (notice.rule, meeting-dates), so the form warns exactly as scheduling will decide.
 */
@Injectable()
export class ScheduleCheckService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Null when the date (or a time) cannot be read yet: the form is still being typed in. */
  async check(committeeId: string, input: { date: string; start?: string; end?: string }): Promise<ScheduleCheck | null> {
    const committee = await this.dataSource.manager.findOne(Committee, { where: { id: committeeId }, relations: { convention: true } });
    if (!committee) throw DomainError.notFound('committee', `id ${committeeId}`);
    if (!isLocalDate(input.date)) return null;
    const zone = committee.convention.timeZone;
    const time = (text: string | undefined, fallback: string) => (text && /^\d{2}:\d{2}$/.test(text) ? text : fallback);
    const start = readMeetingTime(`${input.date}T${time(input.start, '14:00')}`, zone);
    const end = readMeetingTime(`${input.date}T${time(input.end, time(input.start, '14:00'))}`, zone);
    if (!start.ok) return null;
    const span = { start: start.instant, end: end.ok && end.instant >= start.instant ? end.instant : start.instant };
    const zoneCode = committee.convention.schoolZone;
    const schoolHolidays = committee.meetsDuringSchoolHolidays || !zoneCode ? undefined : (await schoolHolidayCalendars(this.dataSource.manager, [zoneCode])).get(zoneCode);
    const { urgent: _urgent, ...terms } = applicableNotice(committee.notice, null, holidaysOfConvention(committee.convention));
    const now = this.clock.now();
    return {
      date: input.date as LocalDate,
      warnings: dateWarnings(span, committee.convention, schoolHolidays),
      notice: {
        days: terms.days,
        dayKind: terms.dayKind,
        respected: noticeRespected(now, span.start, terms, zone).respected,
        earliestLawfulDate: earliestLawfulMeetingDate(now, terms, zone),
        lastDayToConvene: latestSendingDate(span.start, terms, zone),
      },
    };
  }
}
