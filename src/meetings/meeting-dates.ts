import { Committee } from '../committees/committee.entity';
import { Convention } from '../conventions/convention.entity';
import { DomainError, FieldError } from '../common/domain-error';
import { LocalDate, addDays, localDateOf } from '../rules/local-date';
import { applicableNotice, earliestLawfulMeetingDate, latestSendingDate, noticeDayKindWords, noticeRespected } from '../rules/notice.rule';
import { checkValidity, conventionValidity } from '../rules/validity.rule';
import { dayFlags, holidaysOf, holidaysOfConvention } from '../rules/working-days.rule';
import type { SchoolHolidayCalendar } from '../rules/school-holidays.rule';
import { isAmbiguousWallTime, readMeetingTime, zonedTime } from './meeting-time';
import { isInstant } from './dto/meeting-validators';

/** A committee sits for hours, not days: a longer span is almost surely a typing mistake. */
export const LONGEST_MEETING_HOURS = 24;

export interface MeetingSpan {
  start: Date;
  end: Date;
}

/** Reads start and end in the convention's zone; 400 naming each field at fault. */
export function readSpan(input: { start: string; end: string }, zone: string): MeetingSpan {
  const start = readMeetingTime(input.start, zone);
  const end = readMeetingTime(input.end, zone);
  const fields: FieldError[] = [];
  if (!start.ok) fields.push({ path: 'start', code: start.code, message: start.reason });
  if (!end.ok) fields.push({ path: 'end', code: end.code, message: end.reason });
  if (start.ok && end.ok) {
    const minutes = (end.instant.getTime() - start.instant.getTime()) / 60_000;
    if (minutes <= 0) fields.push({ path: 'end', code: 'inconsistent', message: `must be after start (${input.start})` });
    else if (minutes > LONGEST_MEETING_HOURS * 60) fields.push({ path: 'end', code: 'too_large', message: `must be at most ${LONGEST_MEETING_HOURS} hours after start` });
  }
  if (fields.length > 0 || !start.ok || !end.ok) throw DomainError.invalid(fields);
  return { start: start.instant, end: end.instant };
}

/**
 * When a convocation leaves (`sendAt`, `convocationAt`): a wall-clock time of the convention's
 * zone, read as `start` is, or an exact instant with its offset; 400 naming the field otherwise.
 */
export function readSendTime(text: string, zone: string, path: string): Date {
  if (isInstant(text)) return new Date(text);
  const reading = readMeetingTime(text, zone);
  if (!reading.ok) throw DomainError.invalid([{ path, code: reading.code, message: reading.reason }]);
  return reading.instant;
}

/** 422 outside_validity when a day of the meeting falls outside the convention's validity. */
export function assertWithinValidity(span: MeetingSpan, convention: Convention): void {
  const validity = conventionValidity(convention);
  const days = [...new Set([localDateOf(span.start, convention.timeZone), localDateOf(span.end, convention.timeZone)])];
  for (const day of days) {
    const check = checkValidity(day, validity);
    if (!check.within) {
      throw new DomainError('rule', 'outside_validity', `The meeting cannot be held on ${day}: ${check.reason}`, {
        date: day,
        validity: { from: check.validFrom, until: check.validUntil },
      });
    }
  }
}

/**
 * 422 notice_too_short when a convocation leaving at `convocationAt` cannot give the committee's
 * notice before the meeting; the answer names the rule and the first day that would satisfy it.
 */
export function assertNoticeLeft(
  span: MeetingSpan,
  committee: Pick<Committee, 'notice'> & { convention: Pick<Convention, 'holidayCountry' | 'holidayRegion'> },
  zone: string,
  convocationAt: Date,
  urgencyReason: string | null = null,
): void {
  const { urgent, ...terms } = applicableNotice(committee.notice, urgencyReason, holidaysOfConvention(committee.convention));
  const check = noticeRespected(convocationAt, span.start, terms, zone);
  if (check.respected) return;
  const earliest = earliestLawfulMeetingDate(convocationAt, terms, zone);
  const kindWords = noticeDayKindWords(terms.dayKind);
  throw new DomainError(
    'rule',
    'notice_too_short',
    `The convocation must leave at least ${terms.days} ${kindWords} before the${urgent ? ' urgent' : ''} meeting; leaving on ${check.sentOn}, ` +
      `it gives ${check.daysGiven} for a meeting on ${check.meetingOn}. The earliest lawful date is ${earliest}.`,
    {
      rule: { days: terms.days, dayKind: terms.dayKind, text: committee.notice.text, urgent },
      earliestLawfulDate: earliest,
      convocationOn: check.sentOn,
      latestSendingDate: latestSendingDate(span.start, terms, zone),
    },
  );
}

export interface DateWarning {
  code: 'public_holiday' | 'weekend' | 'school_holidays' | 'school_holidays_unknown' | 'ambiguous_local_time' | 'holidays_unknown';
  date: LocalDate;
  name?: string;
  message: string;
}

/**
 * What deserves a second look without being refused: a weekend, a public holiday of the convention's
 * territory, the school holidays of its zone (for a committee that does not meet then), a
 * wall-clock time that the clocks show twice.
 */
export function dateWarnings(span: MeetingSpan, convention: Convention, schoolHolidays?: SchoolHolidayCalendar): DateWarning[] {
  const zone = convention.timeZone;
  const warnings: DateWarning[] = [];
  const first = localDateOf(span.start, zone);
  const last = localDateOf(span.end, zone);
  let holidays: ReturnType<typeof holidaysOf> | null = null;
  try {
    holidays = holidaysOf({ country: convention.holidayCountry, region: convention.holidayRegion });
  } catch {
    warnings.push({
      code: 'holidays_unknown',
      date: first,
      message: `Public holidays of territory ${convention.holidayCountry}${convention.holidayRegion ? `-${convention.holidayRegion}` : ''} are unknown; none were checked`,
    });
  }
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (!holidays) break;
    const flags = dayFlags(day, holidays);
    if (flags.holiday) {
      warnings.push({ code: 'public_holiday', date: day, name: flags.holiday, message: `${day} is a public holiday in ${holidays.territory} (${flags.holiday})` });
    }
    if (flags.weekend) {
      warnings.push({ code: 'weekend', date: day, message: `${day} falls on a weekend` });
    }
  }
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (schoolHolidays?.zone && !schoolHolidays.covers(day)) {
      // Unknown is not the same as none: Corse, the overseas académies and the years not yet shipped
      // or imported are said so, rather than passed over in silence.
      warnings.push({
        code: 'school_holidays_unknown',
        date: day,
        name: schoolHolidays.zone,
        message: `The school holidays of zone ${schoolHolidays.zone} are unknown for ${day}; none were checked (an administrator imports the ministry's calendar)`,
      });
      break;
    }
    const schoolHoliday = schoolHolidays?.holidayOn(day) ?? null;
    if (schoolHoliday) {
      warnings.push({
        code: 'school_holidays',
        date: day,
        name: schoolHoliday,
        message: `${day} falls in the school holidays of zone ${schoolHolidays?.zone} (${schoolHoliday})`,
      });
    }
  }
  for (const instant of [span.start, span.end]) {
    if (isAmbiguousWallTime(instant, zone)) {
      const shown = zonedTime(instant, zone);
      warnings.push({
        code: 'ambiguous_local_time',
        date: localDateOf(instant, zone),
        message: `${shown.local} occurs twice in ${zone} (clocks go back); this is the one at offset ${shown.offset}`,
      });
    }
  }
  return warnings;
}
