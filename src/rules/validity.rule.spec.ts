import { ConventionTerms, checkValidity, conventionValidity, describeValidity, isWithinValidity, termOn, validityOn } from './validity.rule';

const terms = (overrides: Partial<ConventionTerms>): ConventionTerms => ({
  signedOn: null,
  effectiveFrom: null,
  durationMonths: null,
  endsOn: null,
  tacitRenewal: false,
  terminatedOn: null,
  ...overrides,
});

describe('validity of a convention', () => {
  it('runs one year from the signature, the anniversary excluded (Grenoble)', () => {
    const validity = conventionValidity(terms({ signedOn: '2016-09-05', durationMonths: 12 }));
    expect(validity).toMatchObject({ start: '2016-09-05', end: '2017-09-04' });
    expect(isWithinValidity('2017-09-04', validity)).toBe(true);
    expect(isWithinValidity('2017-09-05', validity)).toBe(false);
    expect(isWithinValidity('2016-09-04', validity)).toBe(false);
  });

  it('starts on the effective date when there is one, rather than the signature', () => {
    const validity = conventionValidity(terms({ signedOn: '2015-09-15', effectiveFrom: '2015-10-01', durationMonths: 36 }));
    expect(validity).toMatchObject({ start: '2015-10-01', end: '2018-09-30' });
  });

  it('ends on the written end date (Montpellier: "se termine au 31 octobre 2021")', () => {
    const validity = conventionValidity(terms({ signedOn: '2020-11-20', endsOn: '2021-10-31' }));
    expect(validity).toMatchObject({ start: '2020-11-20', end: '2021-10-31' });
    expect(isWithinValidity('2021-10-31', validity)).toBe(true);
    expect(isWithinValidity('2021-11-01', validity)).toBe(false);
  });

  it('ends a duration the day before its anniversary, the anniversary of 31 January falling on the month’s last day', () => {
    expect(conventionValidity(terms({ signedOn: '2023-01-31', durationMonths: 1 })).end).toBe('2023-02-27');
    expect(conventionValidity(terms({ signedOn: '2023-01-31', durationMonths: 12 })).end).toBe('2024-01-30');
  });

  it('goes on renewed for the same duration while nobody terminates it (Guyane)', () => {
    const validity = conventionValidity(terms({ signedOn: '2015-09-15', durationMonths: 36, tacitRenewal: true }));
    expect(validity).toMatchObject({ start: '2015-09-15', end: null, firstTermEnd: '2018-09-14' });
    expect(isWithinValidity('2031-01-01', validity)).toBe(true);
    expect(termOn('2018-09-14', validity)).toEqual({ renewal: 0, start: '2015-09-15', end: '2018-09-14' });
    expect(termOn('2018-09-15', validity)).toEqual({ renewal: 1, start: '2018-09-15', end: '2021-09-14' });
    expect(termOn('2025-06-10', validity)).toEqual({ renewal: 3, start: '2024-09-15', end: '2027-09-14' });
    expect(describeValidity(validity)).toBe('from 2015-09-15, tacitly renewed every 36 months');
  });

  it('renews a term given only by its end date for the same number of days', () => {
    const validity = conventionValidity(terms({ signedOn: '2025-01-01', endsOn: '2025-01-10', tacitRenewal: true }));
    expect(termOn('2025-01-11', validity)).toEqual({ renewal: 1, start: '2025-01-11', end: '2025-01-20' });
    expect(termOn('2025-01-31', validity)).toEqual({ renewal: 3, start: '2025-01-31', end: '2025-02-09' });
  });

  it('ends on the termination day, in the first term or in a renewal', () => {
    const renewed = conventionValidity(terms({ signedOn: '2015-09-15', durationMonths: 36, tacitRenewal: true, terminatedOn: '2024-03-31' }));
    expect(renewed.end).toBe('2024-03-31');
    expect(isWithinValidity('2024-04-01', renewed)).toBe(false);
    expect(termOn('2024-03-31', renewed)).toEqual({ renewal: 2, start: '2021-09-15', end: '2024-03-31' });
    expect(describeValidity(renewed)).toBe('from 2015-09-15 to 2024-03-31 (terminated)');

    const early = conventionValidity(terms({ signedOn: '2017-03-01', durationMonths: 48, terminatedOn: '2018-06-30' }));
    expect(early.end).toBe('2018-06-30');
    expect(describeValidity(early)).toBe('from 2017-03-01 to 2018-06-30 (terminated)');
  });

  it('ignores a termination dated after the natural end', () => {
    const validity = conventionValidity(terms({ signedOn: '2017-03-01', durationMonths: 48, terminatedOn: '2030-01-01' }));
    expect(validity.end).toBe('2021-02-28');
    expect(describeValidity(validity)).toBe('from 2017-03-01 to 2021-02-28');
  });

  it('is never in force without a signature or effective date, or when terminated before it began', () => {
    const unsigned = conventionValidity(terms({ durationMonths: 12 }));
    expect(isWithinValidity('2020-01-01', unsigned)).toBe(false);
    expect(validityOn({ start: '2000-01-01', end: '2100-01-01' }, unsigned)).toBeNull();
    const stillborn = conventionValidity(terms({ signedOn: '2020-01-10', durationMonths: 12, terminatedOn: '2020-01-05' }));
    expect(isWithinValidity('2020-01-07', stillborn)).toBe(false);
    expect(describeValidity(stillborn)).toMatch(/^never in force/);
  });

  it('has no end when agreed without a term', () => {
    const validity = conventionValidity(terms({ signedOn: '2020-01-10' }));
    expect(validity.end).toBeNull();
    expect(isWithinValidity('2099-12-31', validity)).toBe(true);
    expect(describeValidity(validity)).toBe('from 2020-01-10, with no end date');
    expect(termOn('2021-01-01', validity)).toEqual({ renewal: 0, start: '2020-01-10', end: null });
  });

  it('gives the days of a range in force', () => {
    const validity = conventionValidity(terms({ signedOn: '2016-09-05', durationMonths: 12 }));
    expect(validityOn({ start: '2016-09-01', end: '2016-12-31' }, validity)).toEqual({ start: '2016-09-05', end: '2016-12-31' });
    expect(validityOn({ start: '2017-09-01', end: '2017-12-31' }, validity)).toEqual({ start: '2017-09-01', end: '2017-09-04' });
    expect(validityOn({ start: '2017-09-05', end: '2017-12-31' }, validity)).toBeNull();
  });

  it('refuses a day outside the validity naming its bounds', () => {
    const validity = conventionValidity(terms({ signedOn: '2016-09-05', durationMonths: 12 }));
    expect(checkValidity('2017-10-02', validity)).toEqual({
      within: false,
      validFrom: '2016-09-05',
      validUntil: '2017-09-04',
      reason: "2017-10-02 is outside the convention's validity (from 2016-09-05 to 2017-09-04)",
    });
    expect(checkValidity('2017-01-10', validity)).toEqual({ within: true, validFrom: '2016-09-05', validUntil: '2017-09-04' });
  });
});
