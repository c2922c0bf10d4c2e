import { LocalDate, addDays, instantAt, localDateOf } from './local-date';
import { HolidayCalendar, workingDayOnOrBefore } from './working-days.rule';

/** When reminders leave on their day: the start of a working morning of the recipient's zone. */
export const REMINDER_TIME = '09:00';

export interface ReminderMoment {
  /** The local day the reminder is for: `daysBefore` days before the meeting, or the working day before that. */
  day: LocalDate;
  /** 9:00 on that day in the zone: a reminder is never sent at night. */
  at: Date;
}

/**
 * When a reminder leaves: `daysBefore` local days before the meeting, at 9:00 in the convention's
 * zone; a weekend or public holiday of the territory moves it to the last working day before (a
 * meeting on Monday is recalled on Friday morning, not on Saturday). Never after the meeting begins.
 */
export function reminderMoment(meetingStart: Date, zone: string, daysBefore: number, holidays: HolidayCalendar): ReminderMoment {
  const nominal = addDays(localDateOf(meetingStart, zone), -daysBefore);
  const day = workingDayOnOrBefore(nominal, holidays, addDays(nominal, -14)) ?? nominal;
  const at = instantAt(day, REMINDER_TIME, zone);
  return { day, at: at.getTime() < meetingStart.getTime() ? at : meetingStart };
}
