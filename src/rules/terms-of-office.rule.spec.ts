import { HeldTerm, TermOfOfficeRule, renewalRefusal, renewalsBefore, termApplies, termEndsOn, termStanding } from './terms-of-office.rule';

/** « Les membres sont désignés pour une durée de trois ans, renouvelable une fois. » */
const threeYearsOnce: TermOfOfficeRule = { months: 36, renewals: 1, warningDays: 60, seats: [], text: 'trois ans, renouvelable une fois' };

const first: HeldTerm = { personId: 'julie', startsOn: '2025-01-06', endsOn: '2028-01-05' };
const renewed: HeldTerm = { personId: 'julie', startsOn: '2028-01-06', endsOn: null };

describe('terms of office', () => {
  it('end the day before the same date, three years later', () => {
    expect(termEndsOn('2025-01-06', threeYearsOnce)).toBe('2028-01-05');
    // Parents elected for the school year: from 1 September for twelve months.
    expect(termEndsOn('2026-09-01', { months: 12 })).toBe('2027-08-31');
  });

  it('apply to every seat, or to the seats the text names', () => {
    expect(termApplies(threeYearsOnce, 'elus')).toBe(true);
    expect(termApplies({ ...threeYearsOnce, seats: ['parents'] }, 'elus')).toBe(false);
    expect(termApplies(null, 'elus')).toBe(false);
  });

  it('are flagged as expiring sixty days ahead, then ended: the seat is vacant', () => {
    expect(termStanding({ ...first, endsOn: null }, [], threeYearsOnce, '2027-06-01')).toMatchObject({ status: 'in_office', endsOn: '2028-01-05' });
    expect(termStanding({ ...first, endsOn: null }, [], threeYearsOnce, '2027-11-06')).toMatchObject({
      status: 'expiring',
      daysLeft: 60,
      mayBeRenewed: true,
      reason: 'The term ends on 2028-01-05, in 60 days; it may be renewed.',
    });
    expect(termStanding(first, [], threeYearsOnce, '2028-01-06')).toMatchObject({ status: 'ended', daysLeft: -1 });
  });

  it('count a renewal as a new term of the same person beginning the day after the last', () => {
    expect(renewalsBefore(renewed, [first])).toBe(1);
    expect(renewalsBefore(renewed, [{ ...first, personId: 'karim' }])).toBe(0);
    // A gap of a day is a new appointment, not a renewal.
    expect(renewalsBefore({ ...renewed, startsOn: '2028-01-07' }, [first])).toBe(0);
    expect(termStanding(renewed, [first], threeYearsOnce, '2030-12-01')).toMatchObject({ status: 'expiring', endsOn: '2031-01-05', renewalsUsed: 1, mayBeRenewed: false });
  });

  it('refuse a renewal beyond what the text allows', () => {
    const again: HeldTerm = { personId: 'julie', startsOn: '2031-01-06', endsOn: null };
    const twice = [first, { ...renewed, endsOn: '2031-01-05' }];
    expect(renewalRefusal(renewed, [first], threeYearsOnce)).toBeNull();
    expect(renewalRefusal(again, twice, threeYearsOnce)).toBe('the term of office may be renewed 1 time in a row, and this would be renewal 2');
    expect(renewalRefusal(renewed, [first], { ...threeYearsOnce, renewals: 0 })).toBe(
      'the term of office is not renewable, and this would renew the term ending on 2028-01-05',
    );
    expect(renewalRefusal(again, twice, { ...threeYearsOnce, renewals: null })).toBeNull();
  });
});
