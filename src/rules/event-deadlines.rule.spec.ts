import { EventDeadlineRule, eventDeadlines, schoolYearStarts } from './event-deadlines.rule';
import { holidaysOf } from './working-days.rule';

const metropole = holidaysOf({ country: 'FR' });
// « Le conseil se réunit dans les quinze jours qui suivent la proclamation des résultats des élections. »
const afterElections: EventDeadlineRule = { event: 'election_results', withinDays: 15, dayKind: 'calendar', counts: 'ordinary', text: null };
// « Il se réunit au début de chaque année scolaire, dans les vingt jours ouvrés qui suivent la rentrée. »
const atSchoolYearStart: EventDeadlineRule = { event: 'school_year_start', withinDays: 20, dayKind: 'working', counts: 'any', text: null };

describe('sittings due after an event', () => {
  it('is met by a sitting held with quorum within fifteen days of the election results', () => {
    const [verdict] = eventDeadlines({
      rule: afterElections,
      occurrences: ['2025-10-10'],
      meetings: [{ localDate: '2025-10-21', state: 'held', quorumReached: true }],
      today: '2025-11-02',
      holidays: metropole,
    });
    expect(verdict).toMatchObject({ status: 'met', dueBy: '2025-10-25', metOn: '2025-10-21' });
  });

  it('is missed when the only sitting lacked its quorum or came too late', () => {
    const [verdict] = eventDeadlines({
      rule: afterElections,
      occurrences: ['2025-10-10'],
      meetings: [
        { localDate: '2025-10-21', state: 'held', quorumReached: false },
        { localDate: '2025-10-27', state: 'held', quorumReached: true },
      ],
      today: '2025-11-02',
      holidays: metropole,
    });
    expect(verdict.status).toBe('missed');
    expect(verdict.reasons).toEqual([
      'Missed: no sitting was held with quorum within 15 days of election_results on 2025-10-10 (by 2025-10-25).',
      '1 sitting(s) held in the window without quorum, or not recorded, do not count.',
    ]);
  });

  it('is pending with a sitting scheduled in the window, and at risk without one', () => {
    const scheduled = eventDeadlines({ rule: afterElections, occurrences: ['2025-10-10'], meetings: [{ localDate: '2025-10-23', state: 'scheduled', quorumReached: null }], today: '2025-10-15', holidays: metropole });
    expect(scheduled[0].status).toBe('pending');
    expect(eventDeadlines({ rule: afterElections, occurrences: ['2025-10-10'], meetings: [], today: '2025-10-15', holidays: metropole })[0].status).toBe('at_risk');
  });

  it('does not count an extraordinary sitting where the text asks for an ordinary one', () => {
    const meetings = [{ localDate: '2025-10-21', state: 'held' as const, quorumReached: true, kind: 'extraordinary' as const }];
    expect(eventDeadlines({ rule: afterElections, occurrences: ['2025-10-10'], meetings, today: '2025-11-02', holidays: metropole })[0].status).toBe('missed');
    expect(eventDeadlines({ rule: { ...afterElections, counts: 'any' }, occurrences: ['2025-10-10'], meetings, today: '2025-11-02', holidays: metropole })[0].status).toBe('met');
  });

  it('counts twenty jours ouvrés from each 1 September', () => {
    expect(schoolYearStarts({ start: '2025-01-01', end: '2026-12-31' })).toEqual(['2024-09-01', '2025-09-01', '2026-09-01']);
    const [verdict] = eventDeadlines({ rule: atSchoolYearStart, occurrences: ['2025-09-01'], meetings: [], today: '2025-09-02', holidays: metropole });
    // Tue 2 September … Mon 29 September are the twenty working days after Monday 1 September.
    expect(verdict.dueBy).toBe('2025-09-29');
  });
});
