import type { Answer } from './convocation.entity';

/** Each answer in French, as pages and emails quote it. */
export const ANSWER_LABELS: Record<Answer, string> = {
  needs_action: 'pas encore de réponse',
  accepted: 'je participerai',
  declined: 'je ne pourrai pas participer',
  tentative: 'participation incertaine',
  substitute: 'je me fais remplacer',
};

/**
 * Each answer as the confirmation tells the person who gave it: « Votre réponse est enregistrée :
 * vous participerez. » The labels above speak as the person (« je participerai »), as the buttons do.
 */
export const RECORDED_ANSWER_TEXTS: Record<Answer, string> = {
  needs_action: 'vous n’avez pas encore répondu',
  accepted: 'vous participerez',
  declined: 'vous ne pourrez pas participer',
  tentative: 'votre participation est incertaine',
  substitute: 'vous vous faites remplacer',
};
