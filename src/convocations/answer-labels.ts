import type { Answer } from './convocation.entity';

/** Each answer in French, as pages and emails quote it. */
export const ANSWER_LABELS: Record<Answer, string> = {
  needs_action: 'pas encore de réponse',
  accepted: 'je participerai',
  declined: 'je ne pourrai pas participer',
  tentative: 'participation incertaine',
  substitute: 'je me fais remplacer',
};
