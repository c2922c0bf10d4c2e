import { assignDifferences, sameValue } from './definition-import';

describe('comparing stored rows with a definition', () => {
  it('reads null and absent alike', () => {
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(null, '')).toBe(false);
  });

  it('compares jsonb objects whatever the order of their keys', () => {
    expect(sameValue([{ seatKey: null, partyKey: 'academie', label: "l'académie" }], [{ partyKey: 'academie', seatKey: null, label: "l'académie" }])).toBe(true);
    expect(sameValue([{ kind: 'progress_report', period: 'semester' }], [{ kind: 'progress_report', period: 'year' }])).toBe(false);
  });

  it('keeps the order of arrays significant', () => {
    expect(sameValue(['maire', 'ia-daasen'], ['ia-daasen', 'maire'])).toBe(false);
  });

  it('copies only the fields that differ and names them', () => {
    const stored = { name: 'Comité', frequency: { minimum: 1, period: 'year', months: null }, version: 3 };
    expect(assignDifferences(stored, { name: 'Comité', frequency: { minimum: 1, period: 'year', months: null } })).toEqual([]);
    expect(assignDifferences(stored, { name: 'Comité', frequency: { minimum: 2, period: 'year', months: null } })).toEqual(['frequency']);
    expect(stored).toEqual({ name: 'Comité', frequency: { minimum: 2, period: 'year', months: null }, version: 3 });
  });
});
