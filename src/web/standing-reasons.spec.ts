import { FrequencyInput, MeetingRecord, frequencyCompliance } from '../rules/frequency.rule';
import { LocalDate } from '../rules/local-date';
import { ConventionTerms, conventionValidity } from '../rules/validity.rule';
import { holidaysOf } from '../rules/working-days.rule';
import { KNOWN_REASONS, frenchStandingReason, frenchStandingReasons } from './standing-reasons';

const NBSP = '\u00A0';

const convention = (overrides: Partial<ConventionTerms>): ConventionTerms => ({
  signedOn: '2015-09-15',
  effectiveFrom: null,
  durationMonths: 36,
  endsOn: null,
  tacitRenewal: true,
  terminatedOn: null,
  ...overrides,
});

const held = (localDate: LocalDate, quorumReached: boolean | null = true): MeetingRecord => ({ localDate, state: 'held', quorumReached });
const scheduled = (localDate: LocalDate, convened = false): MeetingRecord => ({ localDate, state: 'scheduled', quorumReached: null, convened });

/** « Au moins une fois par semestre », 15 days of notice, in force since 2015: the rule's reasons for one year. */
const semesterly = (overrides: Partial<FrequencyInput> = {}, terms: Partial<ConventionTerms> = {}): FrequencyInput => ({
  rule: { minimum: 1, period: 'semester', calendar: 'civil', months: null },
  validity: conventionValidity(convention(terms)),
  range: { start: '2024-01-01', end: '2024-12-31' },
  meetings: [],
  notice: { days: 15, dayKind: 'calendar' },
  today: '2024-11-20',
  holidays: holidaysOf({ country: 'FR' }),
  ...overrides,
});

/** Every reason the rules give, periods' and standing's, for committees in many situations. */
const SITUATIONS: FrequencyInput[] = [
  semesterly({ meetings: [held('2024-03-12')] }),
  semesterly({ meetings: [held('2024-03-12', false), held('2024-04-02', null), { ...held('2024-05-14'), kind: 'extraordinary' }] }),
  semesterly({ today: '2024-12-03' }),
  semesterly({ today: '2024-12-17' }),
  semesterly({ today: '2024-12-20', meetings: [scheduled('2024-12-23', true)] }),
  semesterly({ today: '2024-12-20', meetings: [scheduled('2024-12-23'), scheduled('2024-12-10'), scheduled('2024-12-11')] }),
  semesterly({ range: { start: '2024-01-01', end: '2025-12-31' } }),
  semesterly({ rule: { minimum: 0, period: 'semester', calendar: 'civil', months: null } }),
  semesterly({ range: { start: '2025-01-01', end: '2025-12-31' }, today: '2026-02-01' }, { signedOn: '2025-04-02', durationMonths: null, tacitRenewal: false }),
  semesterly({ range: { start: '2025-01-01', end: '2025-12-31' }, today: '2026-02-01' }, { signedOn: '2025-04-01', durationMonths: null, tacitRenewal: false }),
  semesterly({ range: { start: '2025-01-01', end: '2025-12-31' }, today: '2025-08-01', meetings: [held('2025-02-10'), held('2025-04-10')] }, { signedOn: '2025-03-01', durationMonths: null, tacitRenewal: false }),
  semesterly({ range: { start: '2023-01-01', end: '2023-12-31' }, today: '2023-03-01' }, { signedOn: '2023-03-20', durationMonths: null, tacitRenewal: false }),
  semesterly({ range: { start: '2030-01-01', end: '2030-12-31' } }),
  semesterly({}, { signedOn: '2023-01-01', durationMonths: null, endsOn: '2024-05-31', tacitRenewal: false }),
  semesterly({ rule: { minimum: 1, period: 'semester', calendar: 'signature', months: null } }, { signedOn: null, durationMonths: null, tacitRenewal: false }),
];

function everyReason(): string[] {
  return [
    ...new Set(
      SITUATIONS.flatMap((input) => {
        const { periods, standing } = frequencyCompliance(input);
        return [...periods.flatMap((period) => period.reasons), ...standing.reasons];
      }),
    ),
  ];
}

describe('the reasons of a standing, in French', () => {
  it('writes every reason the rules give in French, none left in English', () => {
    const reasons = everyReason();
    // The situations above reach every kind of sentence the rules write, and each is known here.
    for (const pattern of KNOWN_REASONS) expect({ pattern, found: reasons.some((reason) => pattern.test(reason)) }).toEqual({ pattern, found: true });
    for (const reason of reasons) {
      const french = frenchStandingReason(reason);
      expect({ reason, french }).toEqual({ reason, french: expect.any(String) });
      expect({ reason, french }).not.toEqual({ reason, french: expect.stringMatching(/\b(of|the|held|meetings?|days?|due|missed|track|risk|convened|scheduled|validity|\d{4}-\d{2}-\d{2})\b/) });
    }
  });

  it('says the Suivi’s example as the committee page would, dates as dd/mm/yyyy', () => {
    expect(
      frenchStandingReasons([
        '3e trimestre scolaire 2025-2026: missed, 0 of 1 required held with quorum by its end on 2026-08-31',
        'due in full (78 of its 153 days are within the validity, at least half)',
      ]),
    ).toEqual([
      `3e trimestre scolaire 2025-2026${NBSP}: manqué, séances tenues avec quorum${NBSP}: 0 sur 1 à la fin de la période, le 31/08/2026`,
      `la période compte en entier${NBSP}: la convention y est en vigueur 78 de ses 153 jours, au moins la moitié`,
    ]);
  });

  it('counts in French: none and one in the singular, two and more in the plural', () => {
    const { periods } = frequencyCompliance(semesterly({ today: '2024-12-20', meetings: [scheduled('2024-12-10'), scheduled('2024-12-11')] }));
    expect(frenchStandingReasons(periods[1].reasons)).toEqual([
      `2e semestre 2024${NBSP}: à risque, séances tenues avec quorum${NBSP}: 0 sur 1, 0${NBSP}séance prévue, et une convocation partant aujourd’hui arriverait trop tard pour une séance d’ici le 31/12/2024 (le dernier jour pour convoquer était le 16/12/2024)`,
      `2${NBSP}séances prévues sont passées sans que leur tenue soit enregistrée`,
    ]);
  });

  it('leaves out a sentence it does not know rather than show it in English', () => {
    expect(frenchStandingReasons(['something new the rules say'])).toEqual([]);
  });
});
