import { ScheduleCheck } from '../dashboard/schedule-check.service';
import { DateWarning } from '../meetings/meeting-dates';
import { frenchDate } from '../rules/local-date';
import { frenchNoticeDays } from '../committees/committee-rules';

/** A date's warning as the pages write it, on the schedule form and on the meeting's page alike. */
export function dateWarningText(warning: Pick<DateWarning, 'code' | 'date' | 'name'>): string | null {
  const day = frenchDate(warning.date);
  switch (warning.code) {
    case 'weekend':
      return `Le ${day} tombe un week-end.`;
    case 'public_holiday':
      return `Le ${day} est un jour férié${warning.name ? ` (${warning.name})` : ''}.`;
    case 'school_holidays':
      return `Le ${day} tombe pendant les vacances scolaires${warning.name ? ` (${warning.name})` : ''}.`;
    case 'ambiguous_local_time':
      return `L’heure choisie existe deux fois le ${day} (les horloges reculent d’une heure)\u00A0: précisez-la dans l’ordre du jour si besoin.`;
    case 'school_holidays_unknown':
      return `copil ne connaît pas les vacances scolaires de la zone ${warning.name ?? ''} pour le ${day}\u00A0: vérifiez vous-même que la date n’y tombe pas.`;
    case 'holidays_unknown':
      return 'copil ne connaît pas les jours fériés de ce territoire\u00A0: vérifiez la date vous-même.';
    default:
      return null;
  }
}

/** What the schedule form says about the date being typed in: warnings first, then the last day to convene. */
export function scheduleCheckView(check: ScheduleCheck | null) {
  if (!check) return { warnings: [], facts: [] };
  const warnings: string[] = [];
  if (!check.notice.respected) {
    warnings.push(
      `Trop tôt\u00A0: la convocation doit partir au moins ${check.notice.days}\u00A0${frenchNoticeDays(check.notice.dayKind)} avant la réunion. ` +
        `La première date possible est le ${frenchDate(check.notice.earliestLawfulDate)}.`,
    );
  }
  for (const warning of check.warnings) {
    const text = dateWarningText(warning);
    if (text) warnings.push(text);
  }
  const facts = check.notice.respected ? [`Pour une réunion le ${frenchDate(check.date)}, le dernier jour pour convoquer est le ${frenchDate(check.notice.lastDayToConvene)}.`] : [];
  return { warnings, facts };
}
