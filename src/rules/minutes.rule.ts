import type { NoticeDayKind } from '../committees/committee-rules';
import { LocalDate, addDays } from './local-date';
import { dayAfter, noticeDayKindWords } from './notice.rule';
import type { HolidayCalendar } from './working-days.rule';

/**
 * « Le compte rendu de chaque séance est établi par le secrétaire de séance, désigné à tour de rôle
 * parmi les signataires, dans les quinze jours qui suivent la réunion. Il est adressé aux membres
 * dans les trente jours qui suivent la séance ; il est réputé approuvé si aucune observation n'est formulée dans
 * les quinze jours de son envoi. »
 *
 * Every delay is counted from the day of the sitting (or, for the tacit approval, from the day the
 * minutes were sent), in calendar days or in working days (jours ouvrés, ouvrables) of the
 * territory: « dans les quinze jours » ends on the fifteenth day after it.
 */
export const MINUTES_APPROVALS = ['explicit', 'tacit'] as const;
export type MinutesApproval = (typeof MINUTES_APPROVALS)[number];

export const MINUTES_DAY_KINDS = ['calendar', 'working', 'workable'] as const satisfies readonly NoticeDayKind[];
export type MinutesDayKind = (typeof MINUTES_DAY_KINDS)[number];

export interface MinutesRule {
  /** Written within this many days after the sitting. */
  dueDays: number;
  dayKind: MinutesDayKind;
  /** Who writes them: a party's key, a seat's key (either may be null); null when the text says nobody. */
  writtenBy: { party: string | null; seat: string | null } | null;
  /** « à tour de rôle »: the parties (keys) that write them in turn, sitting after sitting. */
  rotatesAmong: string[] | null;
  /** Sent to the members for approval within this many days after the sitting; null: no delay set. */
  submitWithinDays: number | null;
  /** explicit: the committee approves them; tacit: approved when no objection comes in time; null: no approval. */
  approval: MinutesApproval | null;
  /** With tacit approval: the days after they were sent during which a member may object. */
  objectionDays: number | null;
  text: string | null;
}

export interface MinutesRecord {
  heldOn: LocalDate;
  /** Rank of the sitting among the committee's sittings held, from 0: whose turn it is. */
  sittingIndex: number;
  writtenOn: LocalDate | null;
  submittedOn: LocalDate | null;
  approvedOn: LocalDate | null;
  objectedOn: LocalDate | null;
}

export const MINUTES_STATUSES = [
  'to_write',
  'writing_late',
  'written',
  'to_submit',
  'submission_late',
  'awaiting_approval',
  'objected',
  'approved',
  'approved_tacitly',
] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export interface MinutesVerdict {
  status: MinutesStatus;
  /** Written, or sent for approval, after the day the rule sets — or not yet and that day has passed. */
  late: boolean;
  dueOn: LocalDate;
  submitBy: LocalDate | null;
  /** With tacit approval, once sent: the first day they stand approved if nobody objected. */
  tacitApprovalOn: LocalDate | null;
  approvedOn: LocalDate | null;
  /** The party or seat whose turn it is to write them, by key; null when the rule names none. */
  writer: string | null;
  reasons: string[];
}

function days(count: number, rule: MinutesRule): string {
  return rule.dayKind === 'calendar' ? `${count} days` : `${count} ${noticeDayKindWords(rule.dayKind)}`;
}

/** Whose turn it is to write the minutes of a sitting. */
export function minutesWriter(rule: MinutesRule, sittingIndex: number): string | null {
  if (rule.rotatesAmong && rule.rotatesAmong.length > 0) return rule.rotatesAmong[sittingIndex % rule.rotatesAmong.length];
  return rule.writtenBy ? (rule.writtenBy.seat ?? rule.writtenBy.party) : null;
}

/** Where the minutes of a sitting stand on `today`, with the days the rule sets and the reasons. */
export function minutesStatus(record: MinutesRecord, rule: MinutesRule, today: LocalDate, holidays: HolidayCalendar | null): MinutesVerdict {
  const terms = { dayKind: rule.dayKind, holidays };
  const dueOn = dayAfter(record.heldOn, rule.dueDays, terms);
  const submitBy = rule.submitWithinDays !== null ? dayAfter(record.heldOn, rule.submitWithinDays, terms) : null;
  const writer = minutesWriter(rule, record.sittingIndex);
  const reasons: string[] = [];
  if (writer) {
    reasons.push(
      rule.rotatesAmong?.length
        ? `Sitting ${record.sittingIndex + 1} of the committee: ${writer}'s turn to write the minutes (in turn among ${rule.rotatesAmong.join(', ')}).`
        : `Written by ${writer}.`,
    );
  }
  const base = { dueOn, submitBy, tacitApprovalOn: null, approvedOn: null, writer };

  if (record.writtenOn === null) {
    const late = today > dueOn;
    reasons.push(
      late
        ? `Not written: they were due by ${dueOn}, ${days(rule.dueDays, rule)} after the sitting of ${record.heldOn}.`
        : `To write by ${dueOn}, ${days(rule.dueDays, rule)} after the sitting of ${record.heldOn}.`,
    );
    return { ...base, status: late ? 'writing_late' : 'to_write', late, reasons };
  }
  const writtenLate = record.writtenOn > dueOn;
  reasons.push(writtenLate ? `Written on ${record.writtenOn}, after ${dueOn}, the day they were due.` : `Written on ${record.writtenOn}, on time (due by ${dueOn}).`);
  if (rule.approval === null && submitBy === null) {
    return { ...base, status: 'written', late: writtenLate, reasons };
  }

  if (record.submittedOn === null) {
    const late = writtenLate || (submitBy !== null && today > submitBy);
    if (submitBy !== null) {
      reasons.push(today > submitBy ? `Not sent to the members for approval: they had to be by ${submitBy}.` : `To send to the members for approval by ${submitBy}.`);
    } else {
      reasons.push('To send to the members for approval.');
    }
    return { ...base, status: submitBy !== null && today > submitBy ? 'submission_late' : 'to_submit', late, reasons };
  }
  const submittedLate = submitBy !== null && record.submittedOn > submitBy;
  reasons.push(submittedLate ? `Sent for approval on ${record.submittedOn}, after ${submitBy}.` : `Sent for approval on ${record.submittedOn}.`);
  const late = writtenLate || submittedLate;

  if (record.approvedOn !== null) {
    reasons.push(`Approved on ${record.approvedOn}.`);
    return { ...base, status: 'approved', late, approvedOn: record.approvedOn, reasons };
  }
  if (record.objectedOn !== null) {
    reasons.push(`A member objected on ${record.objectedOn}: they stand unapproved until the committee approves them.`);
    return { ...base, status: 'objected', late, reasons };
  }
  if (rule.approval === 'tacit' && rule.objectionDays !== null) {
    const lastDayToObject = dayAfter(record.submittedOn, rule.objectionDays, terms);
    const tacitApprovalOn = addDays(lastDayToObject, 1);
    if (today >= tacitApprovalOn) {
      reasons.push(`Approved tacitly on ${tacitApprovalOn}: nobody objected within ${days(rule.objectionDays, rule)} of their sending (by ${lastDayToObject}).`);
      return { ...base, status: 'approved_tacitly', late, tacitApprovalOn, approvedOn: tacitApprovalOn, reasons };
    }
    reasons.push(`Approved tacitly on ${tacitApprovalOn} unless a member objects by ${lastDayToObject}.`);
    return { ...base, status: 'awaiting_approval', late, tacitApprovalOn, reasons };
  }
  reasons.push('Awaiting the committee\'s approval.');
  return { ...base, status: 'awaiting_approval', late, reasons };
}

/**
 * What the minutes of a sitting call for on `today`, for a reminder: to be written as the day they
 * are due nears (`write_soon`, from `reminderDays` before it) and once it has passed
 * (`write_late`); to be sent for approval likewise (`submit_soon`, `submit_late`); and, when the
 * committee approves them itself (« approuvé à la séance suivante »), their approval
 * (`approval_due`). Tacit approval needs nobody to act, so it calls for nothing. Each stage is sent
 * once: the caller keys the reminder by sitting and stage.
 */
export const MINUTES_REMINDER_STAGES = ['write_soon', 'write_late', 'submit_soon', 'submit_late', 'approval_due'] as const;
export type MinutesReminderStage = (typeof MINUTES_REMINDER_STAGES)[number];

/** Reminders start this many days before the day the minutes are due or must be sent. */
export const MINUTES_REMINDER_DAYS = 3;

export function minutesReminder(
  verdict: Pick<MinutesVerdict, 'status' | 'dueOn' | 'submitBy'>,
  rule: Pick<MinutesRule, 'approval'>,
  today: LocalDate,
  reminderDays = MINUTES_REMINDER_DAYS,
): MinutesReminderStage | null {
  switch (verdict.status) {
    case 'to_write':
      return today >= addDays(verdict.dueOn, -reminderDays) ? 'write_soon' : null;
    case 'writing_late':
      return 'write_late';
    case 'to_submit':
      return verdict.submitBy !== null && today >= addDays(verdict.submitBy, -reminderDays) ? 'submit_soon' : null;
    case 'submission_late':
      return 'submit_late';
    case 'awaiting_approval':
    case 'objected':
      return rule.approval === 'explicit' || verdict.status === 'objected' ? 'approval_due' : null;
    default:
      return null;
  }
}

/** Why a minutes rule cannot be applied, or null; for definition files. */
export function minutesRuleProblem(rule: MinutesRule): { field: string; message: string } | null {
  if (rule.approval === 'tacit' && rule.objectionDays === null) return { field: 'objectionDays', message: 'a tacit approval needs objectionDays, the days members have to object' };
  if (rule.approval !== 'tacit' && rule.objectionDays !== null) return { field: 'objectionDays', message: 'only goes with approval tacit' };
  if (rule.submitWithinDays !== null && rule.approval === null) return { field: 'approval', message: 'say how the minutes sent for approval are approved (explicit or tacit)' };
  if (rule.submitWithinDays !== null && rule.submitWithinDays < rule.dueDays) return { field: 'submitWithinDays', message: `must be at least dueDays (${rule.dueDays}): minutes are sent once written` };
  if (rule.writtenBy !== null && rule.rotatesAmong !== null) return { field: 'rotatesAmong', message: 'name either who writes the minutes (writtenBy) or who writes them in turn, not both' };
  return null;
}
