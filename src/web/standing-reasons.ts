/**
 * The reasons of a committee's standing in French, for the people who read them (the « Suivi »
 * export). The rules (rules/frequency.rule.ts) write them in English for the API and the logs;
 * each of their sentences is rewritten here with the pages' words — « séances tenues avec
 * quorum : 0 sur 1 », the standings' labels — and dates as dd/mm/yyyy, as the export writes them.
 * A sentence the rules write and this file does not know is left out rather than shown in
 * English: standing-reasons.spec.ts runs the rules into every sentence they write, so that a new
 * one fails there first.
 */

const NBSP = '\u00A0';

/** « 0 séance », « 1 séance », « 2 séances »: French counts one and none in the singular. */
function count(n: number, one: string, many: string): string {
  return `${n}${NBSP}${n >= 2 ? many : one}`;
}

/** 2026-08-31 → 31/08/2026, wherever a date stands in a sentence. */
function days(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1');
}

/** « 0 of 1 required held with quorum » → « séances tenues avec quorum : 0 sur 1 », as the committee page writes it. */
const TALLY = '(\\d+) of (\\d+) required held with quorum';
const tally = (held: string, required: string): string => `séances tenues avec quorum${NBSP}: ${held} sur ${required}`;
const scheduledCount = (n: string): string => count(Number(n), 'séance prévue', 'séances prévues');

/** One English sentence of the rules and its French rewriting, from the pieces the pattern captures. */
type Rewriting = [RegExp, (...parts: string[]) => string];

const REWRITINGS: Rewriting[] = [
  // What decided the period's standing, after its label.
  [/^(.+): nothing required$/, (label) => `${label}${NBSP}: aucune séance exigée`],
  [new RegExp(`^(.+): met, ${TALLY}$`), (label, held, required) => `${label}${NBSP}: obligation remplie, ${tally(held, required)}`],
  [
    new RegExp(`^(.+): missed, ${TALLY} by its end on (\\S+)$`),
    (label, held, required, end) => `${label}${NBSP}: manqué, ${tally(held, required)} à la fin de la période, le ${end}`,
  ],
  [/^(.+): not begun, it starts on (\S+)$/, (label, start) => `${label}${NBSP}: pas encore commencée, elle commence le ${start}`],
  [
    new RegExp(`^(.+): on track, ${TALLY} and (\\d+) meetings? scheduled$`),
    (label, held, required, scheduled) => `${label}${NBSP}: dans les temps, ${tally(held, required)}, et ${scheduledCount(scheduled)}`,
  ],
  [
    new RegExp(`^(.+): at risk, ${TALLY}, (\\d+) scheduled, and a convocation leaving today is too late for a meeting by (\\S+?)(?: \\(the last day to convene was (\\S+)\\))?$`),
    (label, held, required, scheduled, end, lastDay) =>
      `${label}${NBSP}: à risque, ${tally(held, required)}, ${scheduledCount(scheduled)}, et une convocation partant aujourd’hui arriverait trop tard pour une séance d’ici le ${end}` +
      (lastDay ? ` (le dernier jour pour convoquer était le ${lastDay})` : ''),
  ],
  [
    new RegExp(`^(.+): at risk, ${TALLY}, (\\d+) scheduled, and convocations must leave by (\\S+) \\((\\d+) days? left\\)$`),
    (label, held, required, scheduled, lastDay, left) =>
      `${label}${NBSP}: à risque, ${tally(held, required)}, ${scheduledCount(scheduled)}, et les convocations doivent partir au plus tard le ${lastDay} (${count(Number(left), 'jour', 'jours')} restant${Number(left) >= 2 ? 's' : ''})`,
  ],
  [
    new RegExp(`^(.+): on track, ${TALLY}, (\\d+) scheduled; convocations can leave until (\\S+)$`),
    (label, held, required, scheduled, lastDay) =>
      `${label}${NBSP}: dans les temps, ${tally(held, required)}, ${scheduledCount(scheduled)}, et les convocations peuvent partir jusqu’au ${lastDay}`,
  ],
  // What the period requires, given the convention's validity.
  [/^meets as needed \("autant que de besoin"\): no minimum to fall behind$/, () => `le comité se réunit autant que de besoin${NBSP}: aucun minimum n’est imposé`],
  [/^the convention is not in force during (.+) \(.*\)$/, (label) => `la convention n’est pas en vigueur pendant la période ${label}`],
  [
    /^only (\d+) of the (\d+) days of (.+) are within the validity, less than half: not due$/,
    (inForce, total, label) => `la période ${label} ne compte pas${NBSP}: la convention n’y est en vigueur que ${inForce} de ses ${total} jours, moins de la moitié`,
  ],
  [
    /^due in full \((\d+) of its (\d+) days are within the validity, at least half\)$/,
    (inForce, total) => `la période compte en entier${NBSP}: la convention y est en vigueur ${inForce} de ses ${total} jours, au moins la moitié`,
  ],
  // What the count leaves out, and why.
  [
    /^(\d+) meetings? outside the convention's validity not counted$/,
    (n) => `${count(Number(n), 'séance hors de la validité de la convention, non comptée', 'séances hors de la validité de la convention, non comptées')}`,
  ],
  [
    /^(\d+) extraordinary sittings? not counted: the rule asks for ordinary sittings$/,
    (n) => `${count(Number(n), 'séance extraordinaire non comptée', 'séances extraordinaires non comptées')}${NBSP}: la règle compte les séances ordinaires`,
  ],
  [/^(\d+) meetings? held without quorum, not counted$/, (n) => count(Number(n), 'séance sans quorum, non comptée', 'séances sans quorum, non comptées')],
  [
    /^(\d+) meetings? held with no quorum recorded, not counted until it is$/,
    (n) => `${count(Number(n), 'séance tenue sans quorum enregistré', 'séances tenues sans quorum enregistré')}${NBSP}: non comptée${Number(n) >= 2 ? 's' : ''} tant qu’il ne l’est pas`,
  ],
  [
    /^(\d+) scheduled meetings? (?:is|are) past with no outcome recorded$/,
    (n) =>
      Number(n) >= 2
        ? `${n}${NBSP}séances prévues sont passées sans que leur tenue soit enregistrée`
        : `${n}${NBSP}séance prévue est passée sans que sa tenue soit enregistrée`,
  ],
  [
    /^(\d+) scheduled meetings? (?:was|were) never convened and can no longer be convened with .+$/,
    (n) =>
      Number(n) >= 2
        ? `${n}${NBSP}séances prévues n’ont jamais été convoquées et ne peuvent plus l’être dans le délai de convocation`
        : `${n}${NBSP}séance prévue n’a jamais été convoquée et ne peut plus l’être dans le délai de convocation`,
  ],
  // The committee's standing when no period decides it.
  [/^no current or past period in the range$/, () => 'aucune période en cours ou passée'],
  [
    /^periods are counted from the convention's start, and it has none \(.*\)$/,
    () => 'les périodes se comptent depuis le début de la convention, et elle n’en a pas',
  ],
];

/** The rules' sentences this file knows: the spec checks that the rules still write each of them. */
export const KNOWN_REASONS: readonly RegExp[] = REWRITINGS.map(([pattern]) => pattern);

/** One reason in French, or null when the rules wrote a sentence this file does not know. */
export function frenchStandingReason(reason: string): string | null {
  for (const [pattern, rewrite] of REWRITINGS) {
    const match = pattern.exec(reason);
    if (match) return days(rewrite(...match.slice(1).map((part) => part ?? '')));
  }
  return null;
}

/** The reasons in French, those it does not know left out. */
export function frenchStandingReasons(reasons: readonly string[]): string[] {
  return reasons.map(frenchStandingReason).filter((reason): reason is string => reason !== null);
}
