import { MinutesRecord, MinutesRule, minutesReminder, minutesRuleProblem, minutesStatus, minutesWriter } from './minutes.rule';
import { holidaysOf } from './working-days.rule';

const metropole = holidaysOf({ country: 'FR' });

// « Le compte rendu est établi, à tour de rôle par l'académie et par la commune, dans les quinze jours
// qui suivent la séance. Il est adressé aux membres dans les trente jours ; il est réputé approuvé si
// aucune observation n'est formulée dans les quinze jours de son envoi. »
const inTurnTacit: MinutesRule = {
  dueDays: 15,
  dayKind: 'calendar',
  writtenBy: null,
  rotatesAmong: ['academie', 'commune'],
  submitWithinDays: 30,
  approval: 'tacit',
  objectionDays: 15,
  text: null,
};
// « Le procès-verbal, rédigé par le directeur d'école dans les cinq jours ouvrés, est approuvé à la séance suivante. »
const byDirectorExplicit: MinutesRule = {
  dueDays: 5,
  dayKind: 'working',
  writtenBy: { party: 'academie', seat: 'directeur' },
  rotatesAmong: null,
  submitWithinDays: null,
  approval: 'explicit',
  objectionDays: null,
  text: null,
};
const sittingOf4November: MinutesRecord = { heldOn: '2025-11-04', sittingIndex: 0, writtenOn: null, submittedOn: null, approvedOn: null, objectedOn: null };

describe('minutes of a sitting', () => {
  it('are due fifteen days after the sitting, and late the day after', () => {
    expect(minutesStatus(sittingOf4November, inTurnTacit, '2025-11-19', metropole)).toMatchObject({ status: 'to_write', late: false, dueOn: '2025-11-19' });
    const late = minutesStatus(sittingOf4November, inTurnTacit, '2025-11-20', metropole);
    expect(late).toMatchObject({ status: 'writing_late', late: true });
    expect(late.reasons).toContain('Not written: they were due by 2025-11-19, 15 days after the sitting of 2025-11-04.');
  });

  it('count five jours ouvrés after the sitting, skipping 11 November', () => {
    // Tuesday 4 November 2025: Wed 5, Thu 6, Fri 7, Mon 10, Wed 12.
    expect(minutesStatus(sittingOf4November, byDirectorExplicit, '2025-11-06', metropole).dueOn).toBe('2025-11-12');
  });

  it('are written in turn by each signatory, sitting after sitting', () => {
    expect(minutesWriter(inTurnTacit, 0)).toBe('academie');
    expect(minutesWriter(inTurnTacit, 1)).toBe('commune');
    expect(minutesWriter(inTurnTacit, 2)).toBe('academie');
    expect(minutesStatus({ ...sittingOf4November, sittingIndex: 1 }, inTurnTacit, '2025-11-05', metropole).reasons[0]).toBe(
      "Sitting 2 of the committee: commune's turn to write the minutes (in turn among academie, commune).",
    );
    expect(minutesWriter(byDirectorExplicit, 3)).toBe('directeur');
  });

  it('must be sent for approval within thirty days, and say so once that day has passed', () => {
    const written = { ...sittingOf4November, writtenOn: '2025-11-14' };
    expect(minutesStatus(written, inTurnTacit, '2025-11-20', metropole)).toMatchObject({ status: 'to_submit', late: false, submitBy: '2025-12-04' });
    expect(minutesStatus(written, inTurnTacit, '2025-12-05', metropole)).toMatchObject({ status: 'submission_late', late: true });
  });

  it('stand approved tacitly when nobody objects within fifteen days of their sending', () => {
    const sent = { ...sittingOf4November, writtenOn: '2025-11-14', submittedOn: '2025-11-17' };
    const waiting = minutesStatus(sent, inTurnTacit, '2025-12-02', metropole);
    expect(waiting).toMatchObject({ status: 'awaiting_approval', tacitApprovalOn: '2025-12-03', late: false });
    expect(waiting.reasons).toContain('Approved tacitly on 2025-12-03 unless a member objects by 2025-12-02.');
    expect(minutesStatus(sent, inTurnTacit, '2025-12-03', metropole)).toMatchObject({ status: 'approved_tacitly', approvedOn: '2025-12-03' });
  });

  it('stay unapproved after an objection, until the committee approves them', () => {
    const objected = { ...sittingOf4November, writtenOn: '2025-11-14', submittedOn: '2025-11-17', objectedOn: '2025-11-25' };
    expect(minutesStatus(objected, inTurnTacit, '2025-12-20', metropole).status).toBe('objected');
    expect(minutesStatus({ ...objected, approvedOn: '2026-01-13' }, inTurnTacit, '2026-01-14', metropole)).toMatchObject({ status: 'approved', approvedOn: '2026-01-13' });
  });

  it('await the explicit approval of the next sitting, and remember they were written late', () => {
    const writtenLate = { ...sittingOf4November, writtenOn: '2025-11-17', submittedOn: '2025-11-17' };
    const verdict = minutesStatus(writtenLate, byDirectorExplicit, '2025-11-20', metropole);
    expect(verdict).toMatchObject({ status: 'awaiting_approval', late: true, tacitApprovalOn: null });
    expect(verdict.reasons).toContain('Written on 2025-11-17, after 2025-11-12, the day they were due.');
  });

  it('refuses rules that cannot be applied', () => {
    expect(minutesRuleProblem({ ...inTurnTacit, objectionDays: null })?.field).toBe('objectionDays');
    expect(minutesRuleProblem({ ...byDirectorExplicit, objectionDays: 8 })?.field).toBe('objectionDays');
    expect(minutesRuleProblem({ ...inTurnTacit, submitWithinDays: 10 })?.field).toBe('submitWithinDays');
    expect(minutesRuleProblem({ ...inTurnTacit, writtenBy: { party: 'commune', seat: null } })?.field).toBe('rotatesAmong');
    expect(minutesRuleProblem(inTurnTacit)).toBeNull();
  });
});

describe('reminders about the minutes', () => {
  const remind = (record: MinutesRecord, rule: MinutesRule, today: string) => minutesReminder(minutesStatus(record, rule, today, metropole), rule, today);

  it('remind the writer three days before the fifteen days run out, and again once they have', () => {
    expect(remind(sittingOf4November, inTurnTacit, '2025-11-15')).toBeNull();
    expect(remind(sittingOf4November, inTurnTacit, '2025-11-16')).toBe('write_soon');
    expect(remind(sittingOf4November, inTurnTacit, '2025-11-19')).toBe('write_soon');
    expect(remind(sittingOf4November, inTurnTacit, '2025-11-20')).toBe('write_late');
  });

  it('remind them to send the minutes for approval within thirty days', () => {
    const written = { ...sittingOf4November, writtenOn: '2025-11-14' };
    expect(remind(written, inTurnTacit, '2025-11-30')).toBeNull();
    expect(remind(written, inTurnTacit, '2025-12-01')).toBe('submit_soon');
    expect(remind(written, inTurnTacit, '2025-12-05')).toBe('submit_late');
  });

  it('call for the approval « à la séance suivante », not for a tacit one unless a member objected', () => {
    const sent = { ...sittingOf4November, writtenOn: '2025-11-10', submittedOn: '2025-11-10' };
    expect(remind(sent, byDirectorExplicit, '2025-11-20')).toBe('approval_due');
    expect(remind(sent, inTurnTacit, '2025-11-20')).toBeNull();
    expect(remind({ ...sent, objectedOn: '2025-11-20' }, inTurnTacit, '2025-11-21')).toBe('approval_due');
    expect(remind({ ...sent, approvedOn: '2025-12-02' }, byDirectorExplicit, '2025-12-03')).toBeNull();
  });
});
