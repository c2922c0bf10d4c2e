import { dayFlags, holidaysOf, isHolidayTerritory, isWorkingDay, nonWorkingReason, workingDayOnOrAfter, workingDayOnOrBefore } from './working-days.rule';

describe('working days and public holidays of a territory', () => {
  const metropole = holidaysOf({ country: 'FR' });
  const guyane = holidaysOf({ country: 'GF' });
  const reunion = holidaysOf({ country: 'RE' });

  it('keeps 10 June (abolition de l’esclavage) in Guyane only', () => {
    expect(dayFlags('2025-06-10', guyane)).toEqual({ weekend: false, holiday: 'Abolition de l’esclavage' });
    expect(isWorkingDay('2025-06-10', guyane)).toBe(false);
    expect(isWorkingDay('2025-06-10', metropole)).toBe(true);
    expect(isWorkingDay('2025-06-10', reunion)).toBe(true);
  });

  it('keeps 20 December in La Réunion only', () => {
    expect(dayFlags('2024-12-20', reunion)).toEqual({ weekend: false, holiday: 'Abolition de l’esclavage' });
    expect(isWorkingDay('2024-12-20', reunion)).toBe(false);
    expect(isWorkingDay('2024-12-20', metropole)).toBe(true);
  });

  it('knows 14 July in Paris, whatever the weekday', () => {
    expect(dayFlags('2025-07-14', metropole)).toEqual({ weekend: false, holiday: 'Fête Nationale de la France' });
    expect(nonWorkingReason('2025-07-14', metropole)).toBe('2025-07-14 is a public holiday in FR (Fête Nationale de la France)');
  });

  it('finds a plain Tuesday worked', () => {
    expect(dayFlags('2025-06-17', metropole)).toEqual({ weekend: false, holiday: null });
    expect(isWorkingDay('2025-06-17', metropole)).toBe(true);
    expect(nonWorkingReason('2025-06-17', metropole)).toBeNull();
  });

  it('does not work on Saturdays and Sundays', () => {
    expect(dayFlags('2025-06-14', metropole)).toEqual({ weekend: true, holiday: null });
    expect(isWorkingDay('2025-06-15', guyane)).toBe(false);
  });

  it('leaves out observances such as Pentecost Sunday and Mother’s Day', () => {
    expect(dayFlags('2025-06-08', metropole).holiday).toBeNull();
    expect(dayFlags('2025-05-25', metropole).holiday).toBeNull();
    expect(dayFlags('2025-06-09', metropole).holiday).toBe('Lundi de Pentecôte');
  });

  it('knows the holidays of an Alsace-Moselle département when the region is given', () => {
    expect(dayFlags('2025-12-26', holidaysOf({ country: 'FR', region: '57' })).holiday).toBe('Lendemain de Noël');
    expect(dayFlags('2025-12-26', metropole).holiday).toBeNull();
  });

  it('builds one calendar per territory', () => {
    expect(holidaysOf({ country: 'GF' })).toBe(guyane);
    expect(holidaysOf({ country: 'FR', region: null })).toBe(metropole);
  });

  it('refuses a territory date-holidays does not know', () => {
    expect(isHolidayTerritory({ country: 'XX' })).toBe(false);
    expect(isHolidayTerritory({ country: 'FR', region: '99' })).toBe(false);
    expect(isHolidayTerritory({ country: 'YT' })).toBe(true);
    expect(() => holidaysOf({ country: 'XX' })).toThrow(RangeError);
  });

  it('finds the nearest working day around a long weekend', () => {
    // 14 July 2025 is a Monday: the last working day on or before it is Friday 11.
    expect(workingDayOnOrBefore('2025-07-14', metropole, '2025-07-01')).toBe('2025-07-11');
    expect(workingDayOnOrAfter('2025-07-12', metropole, '2025-07-31')).toBe('2025-07-15');
    expect(workingDayOnOrBefore('2025-07-13', metropole, '2025-07-12')).toBeNull();
  });
});
