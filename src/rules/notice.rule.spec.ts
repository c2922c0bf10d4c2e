import {
  NoticeTerms,
  applicableNotice,
  earliestLawfulMeetingDate,
  earliestMeetingDay,
  latestSendingDate,
  latestSendingDay,
  noticeDaysGiven,
  noticeRespected,
} from './notice.rule';
import { holidaysOf } from './working-days.rule';

const fifteenDays: NoticeTerms = { days: 15, dayKind: 'calendar' };
const fifteenClearDays: NoticeTerms = { days: 15, dayKind: 'clear' };
const eightDays: NoticeTerms = { days: 8, dayKind: 'calendar' };

/** 14:00 in Paris in spring/summer (UTC+2). */
const parisSummerAfternoon = (date: string) => new Date(`${date}T12:00:00Z`);

describe('notice in urgency', () => {
  const rule = { days: 8, dayKind: 'calendar' as const, urgentDays: 3 };

  it('applies the shorter notice only to a meeting marked urgent with a reason', () => {
    expect(applicableNotice(rule, 'Réponse à l’appel à projets')).toEqual({ days: 3, dayKind: 'calendar', urgent: true });
    expect(applicableNotice(rule, null)).toEqual({ days: 8, dayKind: 'calendar', urgent: false });
    expect(applicableNotice(rule, '  ')).toMatchObject({ days: 8, urgent: false });
  });

  it('keeps the ordinary notice where the text provides none for urgency', () => {
    expect(applicableNotice({ days: 15, dayKind: 'clear', urgentDays: null }, 'Incident')).toEqual({ days: 15, dayKind: 'clear', urgent: false });
  });
});

describe('notice in calendar days (M − D ≥ N)', () => {
  it('accepts a convocation sent exactly 15 days before the meeting', () => {
    const check = noticeRespected(parisSummerAfternoon('2025-04-01'), parisSummerAfternoon('2025-04-16'), fifteenDays, 'Europe/Paris');
    expect(check).toMatchObject({ respected: true, daysGiven: 15, daysRequired: 15, sentOn: '2025-04-01', meetingOn: '2025-04-16' });
  });

  it('refuses a meeting that leaves less than 15 days of notice, and says what would satisfy the rule', () => {
    const check = noticeRespected(parisSummerAfternoon('2025-04-02'), parisSummerAfternoon('2025-04-16'), fifteenDays, 'Europe/Paris');
    expect(check).toMatchObject({
      respected: false,
      daysGiven: 14,
      latestSendingDate: '2025-04-01',
      earliestLawfulMeetingDate: '2025-04-17',
    });
    expect(check.reason).toContain('2025-04-01');
    expect(check.reason).toContain('2025-04-17');
  });

  it('reads the school director’s 8 days the same way', () => {
    expect(noticeRespected(parisSummerAfternoon('2025-05-05'), parisSummerAfternoon('2025-05-13'), eightDays, 'Europe/Paris').respected).toBe(true);
    expect(noticeRespected(parisSummerAfternoon('2025-05-06'), parisSummerAfternoon('2025-05-13'), eightDays, 'Europe/Paris').respected).toBe(false);
  });

  it('refuses a convocation sent after the meeting began, even with no notice required', () => {
    const check = noticeRespected(new Date('2025-05-13T13:00:00Z'), new Date('2025-05-13T12:00:00Z'), { days: 0, dayKind: 'calendar' }, 'Europe/Paris');
    expect(check.respected).toBe(false);
    expect(check.daysGiven).toBe(0);
  });
});

describe('notice in clear days (jours francs: M − D − 1 ≥ N)', () => {
  it('leaves out the day of sending and the day of the meeting', () => {
    expect(noticeDaysGiven('2025-03-31', '2025-04-16', fifteenClearDays)).toBe(15);
    const onTime = noticeRespected(parisSummerAfternoon('2025-03-31'), parisSummerAfternoon('2025-04-16'), fifteenClearDays, 'Europe/Paris');
    expect(onTime).toMatchObject({ respected: true, daysGiven: 15 });
  });

  it('refuses one day later, where calendar days would have been enough', () => {
    const late = noticeRespected(parisSummerAfternoon('2025-04-01'), parisSummerAfternoon('2025-04-16'), fifteenClearDays, 'Europe/Paris');
    expect(late).toMatchObject({ respected: false, daysGiven: 14, latestSendingDate: '2025-03-31', earliestLawfulMeetingDate: '2025-04-17' });
    expect(late.reason).toContain('clear days');
    expect(noticeRespected(parisSummerAfternoon('2025-04-01'), parisSummerAfternoon('2025-04-16'), fifteenDays, 'Europe/Paris').respected).toBe(true);
  });
});

describe('notice counts local days of the convention’s zone', () => {
  const meetingInParis = new Date('2025-04-16T12:00:00Z');

  it('counts a convocation sent at 23:30 in Paris on the Paris day', () => {
    const sent = new Date('2025-03-31T21:30:00Z');
    expect(noticeRespected(sent, meetingInParis, { days: 16, dayKind: 'calendar' }, 'Europe/Paris')).toMatchObject({ respected: true, sentOn: '2025-03-31' });
  });

  it('counts a convocation sent at 00:30 in Paris on the next day, though it is still the 31st in UTC', () => {
    const sent = new Date('2025-03-31T22:30:00Z');
    expect(noticeRespected(sent, meetingInParis, { days: 16, dayKind: 'calendar' }, 'Europe/Paris')).toMatchObject({
      respected: false,
      sentOn: '2025-04-01',
      daysGiven: 15,
    });
    expect(noticeRespected(sent, meetingInParis, { days: 16, dayKind: 'calendar' }, 'UTC').respected).toBe(true);
  });

  it('gives 15 days for a 09:00 meeting the day after the spring change, though only 359 hours pass', () => {
    const sent = new Date('2025-03-16T08:00:00Z'); // 09:00 CET
    const meeting = new Date('2025-03-31T07:00:00Z'); // 09:00 CEST
    expect((meeting.getTime() - sent.getTime()) / 3_600_000).toBe(359);
    expect(noticeRespected(sent, meeting, fifteenDays, 'Europe/Paris')).toMatchObject({ respected: true, daysGiven: 15 });
    expect(latestSendingDate(meeting, fifteenDays, 'Europe/Paris')).toBe('2025-03-16');
  });

  it('reads the days on both sides of the autumn change in Paris', () => {
    const meeting = new Date('2025-10-27T08:00:00Z'); // 09:00 CET, the day after the change
    expect(noticeRespected(new Date('2025-10-12T21:30:00Z'), meeting, fifteenDays, 'Europe/Paris')).toMatchObject({
      respected: true,
      sentOn: '2025-10-12',
    });
    expect(noticeRespected(new Date('2025-10-12T22:30:00Z'), meeting, fifteenDays, 'Europe/Paris')).toMatchObject({
      respected: false,
      sentOn: '2025-10-13',
    });
  });

  it('reads Cayenne days (UTC−3): a convocation sent at 23:00 on 31 May is of 31 May', () => {
    const sent = new Date('2025-06-01T02:00:00Z');
    const meeting = new Date('2025-06-15T13:00:00Z'); // 10:00 in Cayenne
    expect(noticeRespected(sent, meeting, fifteenDays, 'America/Cayenne')).toMatchObject({ respected: true, sentOn: '2025-05-31', daysGiven: 15 });
    expect(noticeRespected(sent, meeting, fifteenDays, 'UTC').respected).toBe(false);
  });

  it('reads Réunion days (UTC+4): a convocation sent at 01:00 on 1 June is of 1 June', () => {
    const sent = new Date('2025-05-31T21:00:00Z');
    const meeting = new Date('2025-06-15T06:00:00Z'); // 10:00 in Saint-Denis
    expect(noticeRespected(sent, meeting, fifteenDays, 'Indian/Reunion')).toMatchObject({ respected: false, sentOn: '2025-06-01', daysGiven: 14 });
    expect(noticeRespected(sent, meeting, fifteenDays, 'UTC').respected).toBe(true);
  });
});

describe('the dates a refusal quotes', () => {
  it('gives the last day to send for a meeting', () => {
    const meeting = new Date('2025-12-20T06:00:00Z');
    expect(latestSendingDate(meeting, fifteenDays, 'Indian/Reunion')).toBe('2025-12-05');
    expect(latestSendingDate(meeting, fifteenClearDays, 'Indian/Reunion')).toBe('2025-12-04');
  });

  it('gives the earliest lawful meeting date for a convocation leaving now, on the local day', () => {
    const now = new Date('2025-05-31T21:00:00Z'); // 1 June 01:00 in Réunion, 31 May 18:00 in Cayenne
    expect(earliestLawfulMeetingDate(now, fifteenDays, 'Indian/Reunion')).toBe('2025-06-16');
    expect(earliestLawfulMeetingDate(now, fifteenDays, 'America/Cayenne')).toBe('2025-06-15');
    expect(earliestLawfulMeetingDate(now, fifteenClearDays, 'America/Cayenne')).toBe('2025-06-16');
    expect(earliestLawfulMeetingDate(now, { days: 0, dayKind: 'calendar' }, 'America/Cayenne')).toBe('2025-05-31');
  });
});

describe('notice in working days (jours ouvrés) and jours ouvrables', () => {
  const metropole = holidaysOf({ country: 'FR' });
  const guyane = holidaysOf({ country: 'GF' });
  // « Les convocations sont adressées aux membres au moins cinq jours ouvrés avant la séance. »
  const fiveWorkingDays: NoticeTerms = { days: 5, dayKind: 'working', holidays: metropole };
  // « … au moins cinq jours ouvrables avant la séance. »
  const fiveWorkableDays: NoticeTerms = { days: 5, dayKind: 'workable', holidays: metropole };

  it('counts Monday to Friday between the sending and the meeting, skipping 8 May (Victoire 1945)', () => {
    // Meeting on Tuesday 13 May 2025: Mon 12, Fri 9, Wed 7, Tue 6, Mon 5 are the five days ouvrés.
    expect(latestSendingDay('2025-05-13', fiveWorkingDays)).toBe('2025-05-04');
    expect(noticeDaysGiven('2025-05-04', '2025-05-13', fiveWorkingDays)).toBe(5);
    expect(noticeDaysGiven('2025-05-05', '2025-05-13', fiveWorkingDays)).toBe(4);
  });

  it('refuses a convocation sent on Monday 5 May for Tuesday 13 May, and says which days would do', () => {
    const check = noticeRespected(parisSummerAfternoon('2025-05-05'), parisSummerAfternoon('2025-05-13'), fiveWorkingDays, 'Europe/Paris');
    expect(check).toMatchObject({ respected: false, daysGiven: 4, latestSendingDate: '2025-05-04', earliestLawfulMeetingDate: '2025-05-14' });
    expect(check.reason).toContain('working days (jours ouvrés)');
  });

  it('counts Saturdays as jours ouvrables, never Sundays nor public holidays', () => {
    // Mon 12, Sat 10, Fri 9, Wed 7, Tue 6 (Sunday 11 and Thursday 8 May left out).
    expect(latestSendingDay('2025-05-13', fiveWorkableDays)).toBe('2025-05-05');
    expect(noticeRespected(parisSummerAfternoon('2025-05-05'), parisSummerAfternoon('2025-05-13'), fiveWorkableDays, 'Europe/Paris')).toMatchObject({
      respected: true,
      daysGiven: 5,
    });
  });

  it('gives the first lawful meeting day for a convocation leaving on Friday 2 May', () => {
    // Mon 5, Tue 6, Wed 7, Fri 9, Mon 12: the meeting may be held from Tuesday 13 May.
    expect(earliestMeetingDay('2025-05-02', fiveWorkingDays)).toBe('2025-05-13');
    // Sat 3, Mon 5, Tue 6, Wed 7, Fri 9: from Saturday 10 May.
    expect(earliestMeetingDay('2025-05-02', fiveWorkableDays)).toBe('2025-05-10');
  });

  it('skips the public holidays of the territory: 10 June in Guyane, not in Paris', () => {
    const threeInGuyane: NoticeTerms = { days: 3, dayKind: 'working', holidays: guyane };
    const threeInParis: NoticeTerms = { days: 3, dayKind: 'working', holidays: metropole };
    // Meeting on Friday 13 June 2025: Thu 12, Wed 11, then Tue 10 (abolition de l’esclavage) and Mon 9 (Pentecôte) are off.
    expect(latestSendingDay('2025-06-13', threeInGuyane)).toBe('2025-06-05');
    expect(latestSendingDay('2025-06-13', threeInParis)).toBe('2025-06-09');
    const sent = new Date('2025-06-09T13:00:00Z'); // 10:00 in Cayenne
    const meeting = new Date('2025-06-13T13:00:00Z');
    expect(noticeRespected(sent, meeting, threeInGuyane, 'America/Cayenne')).toMatchObject({ respected: false, daysGiven: 2 });
  });

  it('keeps the urgent notice in the same kind of days', () => {
    const rule = { days: 5, dayKind: 'working' as const, urgentDays: 2 };
    const terms = applicableNotice(rule, 'Réponse à l’appel à projets avant vendredi', metropole);
    expect(terms).toMatchObject({ days: 2, dayKind: 'working', urgent: true, holidays: metropole });
    // Meeting on Wednesday 14 May: Tue 13 and Mon 12 are the two days; the convocation leaves by Sunday 11.
    expect(latestSendingDay('2025-05-14', terms)).toBe('2025-05-11');
  });

  it('asks nothing when the notice is zero days', () => {
    const none: NoticeTerms = { days: 0, dayKind: 'working', holidays: metropole };
    expect(latestSendingDay('2025-05-13', none)).toBe('2025-05-13');
    expect(earliestMeetingDay('2025-05-13', none)).toBe('2025-05-13');
  });

  it('cannot count working days without the territory’s public holidays', () => {
    expect(() => latestSendingDay('2025-05-13', { days: 5, dayKind: 'working' })).toThrow(/public holidays/);
  });
});
