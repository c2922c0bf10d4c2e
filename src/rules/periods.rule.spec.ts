import { PeriodScheme, periodContaining, periodSchemeProblem, periodsOverlapping } from './periods.rule';

const scheme = (calendar: PeriodScheme['calendar'], period: PeriodScheme['period'], months: number | null = null): PeriodScheme => ({
  calendar,
  period,
  months,
});

describe('civil periods (from 1 January)', () => {
  it('cuts the year into quarters Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec', () => {
    const quarters = periodsOverlapping({ start: '2024-01-01', end: '2024-12-31' }, scheme('civil', 'quarter'));
    expect(quarters.map(({ key, start, end }) => [key, start, end])).toEqual([
      ['2024-T1', '2024-01-01', '2024-03-31'],
      ['2024-T2', '2024-04-01', '2024-06-30'],
      ['2024-T3', '2024-07-01', '2024-09-30'],
      ['2024-T4', '2024-10-01', '2024-12-31'],
    ]);
    expect(quarters[0].label).toBe('1er trimestre 2024');
    expect(quarters[3].label).toBe('4e trimestre 2024');
  });

  it('has semesters Jan–Jun and Jul–Dec', () => {
    expect(periodContaining('2024-06-30', scheme('civil', 'semester'))).toEqual({
      key: '2024-S1',
      label: '1er semestre 2024',
      start: '2024-01-01',
      end: '2024-06-30',
    });
    expect(periodContaining('2024-07-01', scheme('civil', 'semester'))).toMatchObject({ key: '2024-S2', label: '2e semestre 2024' });
  });

  it('has years from 1 January', () => {
    expect(periodContaining('2024-02-29', scheme('civil', 'year'))).toEqual({ key: '2024', label: 'année 2024', start: '2024-01-01', end: '2024-12-31' });
  });

  it('restarts periods of N months every year, the last one cut at 31 December', () => {
    const fiveMonths = periodsOverlapping({ start: '2024-01-01', end: '2024-12-31' }, scheme('civil', 'months', 5));
    expect(fiveMonths.map(({ key, start, end }) => [key, start, end])).toEqual([
      ['2024-P1', '2024-01-01', '2024-05-31'],
      ['2024-P2', '2024-06-01', '2024-10-31'],
      ['2024-P3', '2024-11-01', '2024-12-31'],
    ]);
    expect(fiveMonths[0].label).toBe('1re période de 5 mois de l’année 2024');
  });
});

describe('school periods (from 1 September)', () => {
  it('has terms Sep–Dec, Jan–Mar, Apr–Aug', () => {
    const terms = periodsOverlapping({ start: '2024-09-01', end: '2025-08-31' }, scheme('school', 'quarter'));
    expect(terms.map(({ key, label, start, end }) => [key, label, start, end])).toEqual([
      ['2024-2025-T1', '1er trimestre scolaire 2024-2025', '2024-09-01', '2024-12-31'],
      ['2024-2025-T2', '2e trimestre scolaire 2024-2025', '2025-01-01', '2025-03-31'],
      ['2024-2025-T3', '3e trimestre scolaire 2024-2025', '2025-04-01', '2025-08-31'],
    ]);
  });

  it('has semesters Sep–Jan and Feb–Aug, leap day included', () => {
    expect(periodContaining('2024-01-31', scheme('school', 'semester'))).toEqual({
      key: '2023-2024-S1',
      label: '1er semestre scolaire 2023-2024',
      start: '2023-09-01',
      end: '2024-01-31',
    });
    expect(periodContaining('2024-02-01', scheme('school', 'semester'))).toMatchObject({ key: '2023-2024-S2', end: '2024-08-31' });
  });

  it('places August in the school year that began the previous September', () => {
    expect(periodContaining('2025-08-31', scheme('school', 'year'))).toEqual({
      key: '2024-2025',
      label: 'année scolaire 2024-2025',
      start: '2024-09-01',
      end: '2025-08-31',
    });
    expect(periodContaining('2025-09-01', scheme('school', 'year'))?.key).toBe('2025-2026');
  });

  it('lists every period a range touches, across school years', () => {
    const touched = periodsOverlapping({ start: '2024-12-31', end: '2025-09-01' }, scheme('school', 'quarter'));
    expect(touched.map((period) => period.key)).toEqual(['2024-2025-T1', '2024-2025-T2', '2024-2025-T3', '2025-2026-T1']);
  });
});

describe('periods counted from the signature', () => {
  it('counts semesters from the start date', () => {
    const semesters = periodsOverlapping({ start: '2015-09-15', end: '2016-09-14' }, scheme('signature', 'semester'), '2015-09-15');
    expect(semesters.map(({ key, label, start, end }) => [key, label, start, end])).toEqual([
      ['S1', '1er semestre de la convention', '2015-09-15', '2016-03-14'],
      ['S2', '2e semestre de la convention', '2016-03-15', '2016-09-14'],
    ]);
  });

  it('keeps returning to the month’s end for a convention starting on 31 January', () => {
    const months = periodsOverlapping({ start: '2024-01-31', end: '2024-06-30' }, scheme('signature', 'months', 1), '2024-01-31');
    expect(months.map(({ start, end }) => [start, end])).toEqual([
      ['2024-01-31', '2024-02-28'],
      ['2024-02-29', '2024-03-30'],
      ['2024-03-31', '2024-04-29'],
      ['2024-04-30', '2024-05-30'],
      ['2024-05-31', '2024-06-29'],
      ['2024-06-30', '2024-07-30'],
    ]);
    const quarters = periodsOverlapping({ start: '2025-01-31', end: '2025-12-31' }, scheme('signature', 'quarter'), '2025-01-31');
    expect(quarters.map(({ start, end }) => [start, end])).toEqual([
      ['2025-01-31', '2025-04-29'],
      ['2025-04-30', '2025-07-30'],
      ['2025-07-31', '2025-10-30'],
      ['2025-10-31', '2026-01-30'],
    ]);
  });

  it('leaves no gap and no overlap between consecutive periods', () => {
    const periods = periodsOverlapping({ start: '2024-01-31', end: '2030-12-31' }, scheme('signature', 'months', 7), '2024-01-31');
    for (let index = 1; index < periods.length; index += 1) {
      const dayAfter = new Date(`${periods[index - 1].end}T00:00:00Z`);
      dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
      expect(periods[index].start).toBe(dayAfter.toISOString().slice(0, 10));
    }
    expect(periods[3]).toMatchObject({ key: 'P4', label: '4e période de 7 mois de la convention' });
  });

  it('finds the period of a day years after the start, and none before it', () => {
    expect(periodContaining('2027-05-01', scheme('signature', 'year'), '2017-03-01')).toMatchObject({
      key: 'A11',
      label: '11e année de la convention',
      start: '2027-03-01',
      end: '2028-02-29',
    });
    expect(periodContaining('2017-02-28', scheme('signature', 'year'), '2017-03-01')).toBeNull();
    expect(periodsOverlapping({ start: '2016-01-01', end: '2017-02-28' }, scheme('signature', 'year'), '2017-03-01')).toEqual([]);
  });

  it('needs the start date', () => {
    expect(() => periodContaining('2024-01-01', scheme('signature', 'year'))).toThrow(/start date/);
  });
});

describe('scheme validation', () => {
  it('asks for a length when periods are in months', () => {
    expect(periodSchemeProblem(scheme('civil', 'months', null))).toMatch(/months/);
    expect(periodSchemeProblem(scheme('civil', 'months', 0))).toMatch(/at least 1/);
    expect(periodSchemeProblem(scheme('school', 'months', 18))).toMatch(/signature/);
    expect(periodSchemeProblem(scheme('signature', 'months', 18))).toBeNull();
    expect(periodSchemeProblem(scheme('civil', 'quarter'))).toBeNull();
  });
});
