import { SeatCountRule, figureFor, seatCountFrom, seatCountReason } from './seat-figures.rule';

/** « Autant de représentants des parents d'élèves que l'école compte de classes. » */
const perClass: SeatCountRule = { figure: 'classes', per: 1, minimum: 1, maximum: null, text: "autant que l'école compte de classes" };

describe('seats whose number follows another figure', () => {
  it('give one place per class of the school', () => {
    expect(seatCountFrom(perClass, 9)).toBe(9);
  });

  it('round « un représentant pour deux classes » up, within the minimum and the maximum the text sets', () => {
    expect(seatCountFrom({ per: 2, minimum: 1, maximum: null }, 5)).toBe(3);
    expect(seatCountFrom({ per: 2, minimum: 2, maximum: null }, 1)).toBe(2);
    expect(seatCountFrom({ per: 1, minimum: 1, maximum: 6 }, 14)).toBe(6);
  });

  it("read the school's figure first, then the convention's", () => {
    const convention = [{ name: 'classes', value: 4 }, { name: 'communes', value: 12 }];
    expect(figureFor('classes', [{ name: 'classes', value: 9 }], convention)).toEqual({ value: 9, from: 'school' });
    expect(figureFor('classes', null, convention)).toEqual({ value: 4, from: 'convention' });
    expect(figureFor('communes', [], convention)).toEqual({ value: 12, from: 'convention' });
    expect(figureFor('sections', [], convention)).toBeNull();
  });

  it('say how the count was reached', () => {
    expect(seatCountReason({ ...perClass, per: 2 }, { value: 5, from: 'school' })).toBe(
      '5 classes (stated for the school): one place per 2 classes, rounded up, at least 1, so 3.',
    );
  });
});
