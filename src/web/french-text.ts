import { ComplianceStatus } from '../rules/frequency.rule';
import { LocalDate, frenchDate } from '../rules/local-date';
import { frenchSpan, frenchMoment } from '../convocations/french-time';

/** Words the pages write for the domain's codes and dates (messages for errors: french-messages.ts). */

export const STANDING_LABELS: Record<ComplianceStatus, string> = {
  met: 'Obligation remplie',
  on_track: 'Dans les temps',
  at_risk: 'À risque',
  missed: 'Manqué',
  not_due: 'Non dû',
};

export function standingView(status: ComplianceStatus): { code: ComplianceStatus; label: string } {
  return { code: status, label: STANDING_LABELS[status] };
}

export function dayText(date: LocalDate | string | null): string | null {
  return date === null ? null : frenchDate(date as LocalDate);
}

export function momentText(instant: Date, zone: string): string {
  return frenchMoment(instant, zone);
}

export function spanText(start: Date, end: Date, zone: string): string {
  return frenchSpan(start, end, zone);
}
