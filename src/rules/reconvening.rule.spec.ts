import { ReconveningRule, checkReconvening, noticeRuleOf, proposeReconvening, reconvenedQuorum, reconveningNotice, reconveningWindow } from './reconvening.rule';
import { holidaysOf } from './working-days.rule';
import { schoolHolidayCalendar } from './school-holidays.rule';
import { shippedSchoolHolidays } from '../school-holidays/school-holidays.store';

// « … convoqué en vue d'une nouvelle réunion, qui doit se tenir dans un délai minimum de huit jours et
// maximum de quinze jours ; il délibère alors valablement, quel que soit le nombre des membres présents. »
const eightToFifteen: ReconveningRule = { earliestDays: 8, latestDays: 15, notice: null, quorum: null, text: 'dans un délai de huit à quinze jours' };
// « … une nouvelle réunion, convoquée trois jours francs au moins à l'avance, se tient dans les quinze
// jours ; le tiers des membres suffit alors. »
const withOwnRules: ReconveningRule = {
  earliestDays: 1,
  latestDays: 15,
  notice: { days: 3, dayKind: 'clear', text: 'trois jours francs au moins' },
  quorum: { kind: 'share', share: 0.3333, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null, text: 'le tiers des membres' },
  text: null,
};
const committeeNotice = { days: 8, dayKind: 'calendar' as const, urgentDays: 3, text: 'huit jours' };
const metropole = holidaysOf({ country: 'FR' });
const failedOnTuesday = { localDate: '2025-11-04', state: 'held' as const, quorumReached: false, reconvened: false };

describe('reconvening after a failed quorum', () => {
  it('opens a window from 8 to 15 days after the sitting that lacked its quorum', () => {
    expect(reconveningWindow('2025-11-04', eightToFifteen)).toEqual({ start: '2025-11-12', end: '2025-11-19' });
    const check = checkReconvening(failedOnTuesday, eightToFifteen, '2025-11-12');
    expect(check).toMatchObject({ allowed: true, window: { start: '2025-11-12', end: '2025-11-19' } });
    expect(check.reasons[0]).toContain('lacked its quorum');
  });

  it('refuses a second sitting held 7 or 16 days after the first, saying when it may be held', () => {
    for (const day of ['2025-11-11', '2025-11-20']) {
      const check = checkReconvening(failedOnTuesday, eightToFifteen, day);
      expect(check.allowed).toBe(false);
      expect(check.reasons[0]).toBe(`The second sitting must be held between 2025-11-12 and 2025-11-19 (8 to 15 days after the sitting of 2025-11-04); ${day} is outside.`);
    }
  });

  it('reconvenes only a sitting held without its quorum, and never a second sitting', () => {
    expect(checkReconvening({ ...failedOnTuesday, quorumReached: true }, eightToFifteen).reasons[0]).toContain('it reached its quorum');
    expect(checkReconvening({ ...failedOnTuesday, quorumReached: null }, eightToFifteen).reasons[0]).toContain('not recorded');
    expect(checkReconvening({ ...failedOnTuesday, state: 'scheduled' }, eightToFifteen).allowed).toBe(false);
    expect(checkReconvening({ ...failedOnTuesday, reconvened: true }, eightToFifteen).allowed).toBe(false);
    expect(checkReconvening(failedOnTuesday, null).reasons[0]).toContain('provide no second sitting');
  });

  it('judges the second sitting whatever the number present, unless the text sets a lower quorum', () => {
    expect(reconvenedQuorum(eightToFifteen)).toMatchObject({ kind: 'none' });
    expect(reconvenedQuorum(withOwnRules)).toMatchObject({ kind: 'share', share: 0.3333 });
  });

  it('convenes the second sitting with its own notice where the text sets one, else the committee’s', () => {
    expect(reconveningNotice(eightToFifteen, committeeNotice)).toBe(committeeNotice);
    expect(reconveningNotice(withOwnRules, committeeNotice)).toEqual({ days: 3, dayKind: 'clear', urgentDays: null, text: 'trois jours francs au moins' });
    expect(noticeRuleOf({ notice: committeeNotice, reconvening: withOwnRules }, { reconvenesMeetingId: 'first' }).days).toBe(3);
    expect(noticeRuleOf({ notice: committeeNotice, reconvening: withOwnRules }, { reconvenesMeetingId: null }).days).toBe(8);
  });

  it('proposes the first working day of the window, skipping 11 November', () => {
    // Sitting on Monday 3 November 2025: the window opens on Tuesday 11 November, a public holiday.
    const proposal = proposeReconvening({
      first: { ...failedOnTuesday, localDate: '2025-11-03' },
      rule: eightToFifteen,
      notice: { days: 8, dayKind: 'calendar' },
      today: '2025-11-03',
      holidays: metropole,
    });
    expect(proposal).toMatchObject({ window: { start: '2025-11-11', end: '2025-11-18' }, proposedOn: '2025-11-12' });
  });

  it('proposes a later day when the notice leaves no time for the start of the window', () => {
    const proposal = proposeReconvening({ first: failedOnTuesday, rule: eightToFifteen, notice: { days: 8, dayKind: 'calendar' }, today: '2025-11-06', holidays: metropole });
    expect(proposal.proposedOn).toBe('2025-11-14');
    expect(proposal.reasons).toContain('Convened today (2025-11-06), the notice allows a sitting from 2025-11-14.');
  });

  it('avoids the school holidays and says when the window is lost', () => {
    const zoneA = schoolHolidayCalendar('A', shippedSchoolHolidays());
    // A sitting on Friday 10 October 2025 in zone A: the window 18–25 October opens on a Saturday and meets the Toussaint holidays.
    const inHolidays = proposeReconvening({
      first: { ...failedOnTuesday, localDate: '2025-10-10' },
      rule: eightToFifteen,
      notice: { days: 3, dayKind: 'calendar' },
      today: '2025-10-10',
      holidays: metropole,
      schoolHolidays: zoneA,
    });
    expect(inHolidays.proposedOn).toBeNull();
    expect(inHolidays.reasons[inHolidays.reasons.length - 1]).toContain('can no longer be held within the window');
    const late = proposeReconvening({ first: failedOnTuesday, rule: eightToFifteen, notice: { days: 8, dayKind: 'calendar' }, today: '2025-11-14', holidays: metropole });
    expect(late.proposedOn).toBeNull();
  });
});
