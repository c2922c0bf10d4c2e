import { coversDay, peakOccupancy, periodsOverlap } from './membership-periods';

describe('membership periods', () => {
  it('counts both the first and the last day as held', () => {
    const term = { startsOn: '2024-09-01', endsOn: '2025-08-31' };
    expect(coversDay(term, '2024-09-01')).toBe(true);
    expect(coversDay(term, '2025-08-31')).toBe(true);
    expect(coversDay(term, '2025-09-01')).toBe(false);
    expect(coversDay({ startsOn: '2024-09-01', endsOn: null }, '2099-01-01')).toBe(true);
  });

  it('sees periods that share a single day as overlapping, and back-to-back ones as not', () => {
    expect(periodsOverlap({ startsOn: '2024-01-01', endsOn: '2024-06-30' }, { startsOn: '2024-06-30', endsOn: null })).toBe(true);
    expect(periodsOverlap({ startsOn: '2024-01-01', endsOn: '2024-06-30' }, { startsOn: '2024-07-01', endsOn: null })).toBe(false);
    expect(periodsOverlap({ startsOn: '2024-07-01', endsOn: null }, { startsOn: '2020-01-01', endsOn: null })).toBe(true);
  });

  it('counts successive holders of one place once, not twice', () => {
    const others = [
      { startsOn: '2024-01-01', endsOn: '2024-03-31' },
      { startsOn: '2024-06-01', endsOn: '2024-12-31' },
    ];
    expect(peakOccupancy({ startsOn: '2024-01-01', endsOn: '2024-12-31' }, others)).toBe(1);
  });

  it('finds the day on which the most holders sit together', () => {
    const others = [
      { startsOn: '2024-01-01', endsOn: null },
      { startsOn: '2024-05-01', endsOn: '2024-05-31' },
      { startsOn: '2025-01-01', endsOn: null },
    ];
    expect(peakOccupancy({ startsOn: '2024-02-01', endsOn: '2024-12-31' }, others)).toBe(2);
    expect(peakOccupancy({ startsOn: '2024-06-01', endsOn: null }, others)).toBe(2);
    expect(peakOccupancy({ startsOn: '2023-01-01', endsOn: '2023-12-31' }, others)).toBe(0);
  });
});
