import { ChairRotationRule, chairOfSitting, chairRotationProblem, effectiveChairRotation, yearsSince } from './chair-rotation.rule';

// « La présidence du comité est assurée à tour de rôle, pour une année scolaire, par l'académie et par la ville. »
const byPartiesEachSchoolYear: ChairRotationRule = { among: 'parties', order: ['academie', 'commune'], every: 'year', calendar: 'school', text: null };
// « Le conseil est présidé alternativement, séance après séance, par le maire et par l'IEN de circonscription. »
const bySeatsEachSitting: ChairRotationRule = { among: 'seats', order: ['maire', 'ien'], every: 'sitting', calendar: 'civil', text: null };

describe('rotation of the chair', () => {
  it('passes from the mayor to the IEN and back, sitting after sitting', () => {
    expect([0, 1, 2, 3].map((sittingIndex) => chairOfSitting(bySeatsEachSitting, { sittingIndex, day: '2025-10-07' }, '2025-01-06').key)).toEqual([
      'maire',
      'ien',
      'maire',
      'ien',
    ]);
    expect(chairOfSitting(bySeatsEachSitting, { sittingIndex: 1, day: '2025-11-04' }, '2025-01-06').reason).toBe(
      'Sitting 2 of the committee: seat ien chairs it (in turn among maire, ien, sitting after sitting).',
    );
  });

  it('gives the académie the first school year of a convention signed in January, the ville the next from 1 September', () => {
    const chair = (day: string) => chairOfSitting(byPartiesEachSchoolYear, { sittingIndex: 9, day }, '2025-01-06');
    expect(chair('2025-06-30').key).toBe('academie');
    expect(chair('2025-08-31').key).toBe('academie');
    expect(chair('2025-09-01')).toMatchObject({ key: 'commune', turn: 1 });
    expect(chair('2026-09-15').key).toBe('academie');
    expect(chair('2025-09-01').reason).toBe('2nd school year since the convention began (2025-01-06): party commune chairs its sittings (in turn among academie, commune, year after year).');
  });

  it('counts civil years from 1 January and the convention’s own years from its start, month ends included', () => {
    expect(yearsSince('2025-06-02', '2025-12-31', 'civil')).toBe(0);
    expect(yearsSince('2025-06-02', '2026-01-01', 'civil')).toBe(1);
    expect(yearsSince('2024-02-29', '2025-02-27', 'signature')).toBe(0);
    expect(yearsSince('2024-02-29', '2025-02-28', 'signature')).toBe(1);
    expect(yearsSince('2025-01-06', '2028-01-05', 'signature')).toBe(2);
    expect(yearsSince('2025-01-06', '2028-01-06', 'signature')).toBe(3);
    expect(yearsSince('2025-01-06', '2024-12-01', 'school')).toBe(0);
  });

  it('reads « chairRotates » with two co-chairs as their seats in turn, sitting after sitting', () => {
    expect(effectiveChairRotation({ chairRotation: null, chairRotates: true, chairSeatKeys: ['maire', 'dasen'] })).toEqual({
      among: 'seats',
      order: ['maire', 'dasen'],
      every: 'sitting',
      calendar: 'civil',
      text: null,
    });
    expect(effectiveChairRotation({ chairRotation: null, chairRotates: false, chairSeatKeys: ['maire', 'dasen'] })).toBeNull();
    expect(effectiveChairRotation({ chairRotation: byPartiesEachSchoolYear, chairRotates: false, chairSeatKeys: [] })).toBe(byPartiesEachSchoolYear);
  });

  it('refuses a rotation among fewer than two, unknown or repeated keys', () => {
    const known = { parties: ['academie', 'commune'], seats: ['maire', 'ien'] };
    expect(chairRotationProblem({ among: 'parties', order: ['academie'] }, known)?.message).toBe('the chair rotates among at least two parties or seats');
    expect(chairRotationProblem({ among: 'parties', order: ['academie', 'ville'] }, known)?.message).toBe('"ville" is not a party of this convention; parties are academie, commune');
    expect(chairRotationProblem({ among: 'seats', order: ['maire', 'maire'] }, known)?.message).toBe('"maire" is named twice');
    expect(chairRotationProblem(bySeatsEachSitting, known)).toBeNull();
  });
});
