import { frenchNoticeDays } from '../committees/committee-rules';
import { DomainError } from '../common/domain-error';
import { frenchDate, isLocalDate } from '../rules/local-date';
import { isServiceOutage } from '../database/database-outage';

/**
 * Every French sentence the pages show for an error code or an outcome, in one place. The API's
 * refusals carry a stable code (and, for fields, the path); the pages never match English text.
 */

const NBSP = '\u00A0';

/** Confirmations shown once after a form succeeded (?fait=<code> on the page redirected to). */
const FLASH: Record<string, string> = {
  deconnecte: 'Vous êtes déconnecté. À bientôt.',
  'reunion-programmee': 'La réunion est programmée. Vous pouvez maintenant convoquer ses membres.',
  'reunion-programmee-sans-ordre-du-jour':
    'La réunion est programmée. Pour la convoquer, ajoutez d’abord au moins un point à son ordre du jour («\u00A0Modifier le lieu ou l’ordre du jour\u00A0»).',
  'reunion-convoquee': 'Les convocations partent\u00A0: chaque membre les reçoit par courriel, avec l’invitation pour son agenda.',
  'convocation-programmee': 'Les convocations partiront à l’heure choisie.',
  'relance-envoyee': 'Une relance est partie vers les personnes qui n’ont pas répondu.',
  'relance-envoyee-en-partie':
    'Une relance est partie vers les personnes qui ont reçu leur convocation et n’ont pas répondu. Celles dont la convocation n’est pas encore partie ne sont pas relancées.',
  'relance-inutile': 'Personne à relancer\u00A0: chacun a répondu, a déjà été relancé aujourd’hui, ou n’a pas encore reçu sa convocation.',
  'reunion-modifiee': 'La réunion est modifiée\u00A0; les personnes convoquées en sont informées.',
  'reunion-modifiee-sans-convocation': 'La réunion est modifiée. Personne n’est encore convoqué\u00A0: aucun message n’est envoyé, la convocation portera la version à jour.',
  'reunion-deplacee': 'La réunion est déplacée\u00A0; les personnes convoquées en sont informées.',
  'reunion-deplacee-sans-convocation': 'La réunion est déplacée. Personne n’est encore convoqué\u00A0: aucun message n’est envoyé, la convocation portera la nouvelle date.',
  'reunion-annulee': 'La réunion est annulée\u00A0; les personnes convoquées en sont informées.',
  'reunion-annulee-sans-convocation': 'La réunion est annulée. Personne n’avait été convoqué\u00A0: aucun message n’est envoyé.',
  'reunion-annulee-avant-envoi': 'La réunion est annulée. Les convocations n’étaient pas encore parties\u00A0: elles ne partiront pas, et aucun message n’est envoyé.',
  'presence-enregistree': 'Les présences sont enregistrées.',
  'compte-rendu-joint': 'Le compte rendu est joint à la réunion.',
  'reponse-enregistree': 'Votre réponse est enregistrée.',
  'membre-ajoute': 'Le membre est ajouté au comité.',
  'membre-modifie': 'Le siège est mis à jour.',
  'mandat-termine': 'Le mandat est terminé.',
  'courriel-renvoye': 'Le message est renvoyé\u00A0: il part maintenant à l’adresse indiquée.',
  'convention-importee': 'La convention est créée à partir du fichier importé.',
  'definition-remplacee': 'La définition de la convention est remplacée par le fichier importé.',
  'compte-invite': 'Le compte est ouvert\u00A0: un lien de connexion part vers son adresse, avec une invitation.',
  'role-accorde': 'Le rôle est accordé\u00A0; il s’applique dès la prochaine page ouverte.',
  'role-retire': 'Le rôle est retiré.',
  'compte-desactive': 'Le compte est désactivé\u00A0: ses sessions et ses jetons ne servent plus.',
  'compte-reactive': 'Le compte est réactivé\u00A0: la personne peut de nouveau demander un lien de connexion.',
  'adresse-corrigee': 'L’adresse électronique est corrigée\u00A0; les prochaines convocations iront à la nouvelle adresse.',
};

export function flashMessage(code: string): string | null {
  return FLASH[code] ?? null;
}

/** The status and French words of a page that refuses or fails. */
export interface ErrorPageText {
  status: number;
  title: string;
  message: string;
}

export function errorPageText(error: unknown): ErrorPageText {
  if (isServiceOutage(error)) {
    return { status: 503, title: 'Service momentanément indisponible', message: `copil ne parvient pas à joindre sa base de données. Rien n’a été enregistré\u00A0: réessayez dans quelques instants.` };
  }
  if (error instanceof DomainError) {
    switch (error.kind) {
      case 'forbidden':
        if (error.code === 'csrf_token_invalid' || error.code === 'cross_site_request') {
          return { status: 403, title: 'Formulaire expiré', message: 'Ce formulaire n’a pas été envoyé depuis une page de copil, ou la page était trop ancienne. Rechargez la page et recommencez.' };
        }
        if (error.details.permission === 'account.manage') {
          return { status: 403, title: 'Accès refusé', message: 'Cette page est réservée aux personnes qui administrent copil.' };
        }
        return { status: 403, title: 'Accès refusé', message: 'Cette page est réservée aux personnes qui ont un rôle dans ce comité ou cette convention.' };
      case 'not_found':
        return { status: 404, title: 'Page introuvable', message: 'Ce que vous cherchez n’existe pas ou n’existe plus.' };
      case 'too_many':
        return { status: 429, title: 'Trop de demandes', message: 'Vous avez fait trop de demandes en peu de temps. Réessayez dans quelques minutes.' };
      case 'conflict':
        return { status: 409, title: 'Action impossible', message: conflictMessage(error) };
      default:
        break;
    }
  }
  return { status: 500, title: 'Une erreur est survenue', message: 'La page n’a pas pu être affichée. Réessayez dans un instant\u00A0; si l’erreur persiste, prévenez l’équipe qui administre copil.' };
}

function conflictMessage(error: DomainError): string {
  switch (error.code) {
    case 'stale_version':
      return 'La réunion a été modifiée entre-temps par quelqu’un d’autre. Rechargez la page pour voir sa version actuelle.';
    case 'already_convened':
      return 'Cette réunion est déjà convoquée.';
    case 'convocation_not_sent': {
      const planned = (error.details.plannedAt as { label?: string } | null)?.label;
      return planned
        ? `La convocation n’est pas encore partie\u00A0: elle partira le ${planned}. Vous pourrez relancer les personnes sans réponse une fois qu’elles l’auront reçue.`
        : 'Aucune convocation n’a été remise au serveur de messagerie\u00A0: personne n’a reçu de convocation à laquelle répondre, il n’y a donc personne à relancer.';
    }
    default:
      return stateMessage(error.code) ?? 'Cette action n’est plus possible dans l’état actuel de la réunion.';
  }
}

function stateMessage(code: string): string | null {
  switch (code) {
    case 'meeting_cancelled':
      return 'Cette réunion est annulée.';
    case 'meeting_held':
      return 'Cette réunion s’est déjà tenue.';
    case 'meeting_not_convened':
      return 'Cette réunion n’est pas encore convoquée\u00A0: convoquez-la d’abord.';
    case 'meeting_started':
      return 'La réunion a commencé\u00A0: il n’est plus temps de relancer.';
    default:
      return null;
  }
}

export function frenchDay(date: unknown): string {
  return typeof date === 'string' && isLocalDate(date) ? frenchDate(date) : String(date);
}

/** One refusal of a form, shown in the error summary and beside its field. */
export interface FieldMessage {
  /** The id of the form field the message belongs to (the summary links to it). */
  field: string;
  message: string;
  /** Where the refusal is remedied, when that is another page than this form (« Modifier le lieu ou l’ordre du jour »). */
  remedy?: { href: string; text: string };
}

/**
 * The French messages of a refused form: field errors are mapped from their path to the form's
 * field ids (`fieldOf`), rule refusals from their code and facts.
 */
export function formErrors(error: DomainError, fieldOf: (path: string) => string, fallbackField: string): FieldMessage[] {
  if (error.code === 'validation_failed') {
    const fields = (error.details.fields as Array<{ path: string; code?: string; reason?: string; message?: string }> | undefined) ?? [];
    if (fields.length === 0) return [{ field: fallbackField, message: 'Une valeur n’a pas le bon format.' }];
    const messages = fields.map((entry) => ({ field: fieldOf(entry.path), message: fieldMessage(entry) }));
    // One message per field: a field that breaks several constraints is told the first.
    return messages.filter((entry, index) => messages.findIndex((other) => other.field === entry.field) === index);
  }
  const field = typeof error.details.field === 'string' ? fieldOf(error.details.field) : fallbackField;
  return [{ field, message: ruleMessage(error) }];
}

function fieldMessage(entry: { path: string; code?: string; reason?: string; message?: string }): string {
  const reason = entry.reason ?? entry.message ?? '';
  switch (entry.code) {
    case 'required':
    case 'missing':
      return 'Ce champ est obligatoire.';
    case 'not_in_future':
      return 'Ce moment est déjà passé\u00A0: choisissez une date et une heure à venir.';
    default:
      break;
  }
  if (/should not be empty|must be a string|is required|must not be empty/i.test(reason)) return 'Ce champ est obligatoire.';
  if (/must be after start/i.test(reason)) return 'L’heure de fin doit être après l’heure de début.';
  if (/at most \d+ hours/i.test(reason)) return 'Une réunion dure au plus 24 heures\u00A0: vérifiez l’heure de fin.';
  if (/skipped|does not exist/i.test(reason)) return 'Cette heure n’existe pas ce jour-là (passage à l’heure d’été)\u00A0: choisissez-en une autre.';
  if (/URL|url/.test(reason)) return 'Indiquez une adresse web complète, commençant par https://.';
  if (/email/i.test(reason)) return 'Indiquez une adresse électronique valable, par exemple prenom.nom@exemple.fr.';
  if (/longer|shorter|characters/i.test(reason)) {
    // class-validator's « must be shorter than or equal to 200 characters »: the limit is told.
    const limit = /shorter than or equal to (\d+)/i.exec(reason);
    return limit ? `Ce texte est trop long\u00A0: ${Number(limit[1]).toLocaleString('fr-FR')}\u00A0caractères au plus.` : 'Ce texte est trop long.';
  }
  if (/date|time|instant/i.test(reason)) return 'Indiquez une date et une heure valables.';
  return 'Cette valeur n’est pas valable.';
}

/**
 * Convening refused for the committee's notice: the convocation would leave too late, now or at the
 * time chosen. Says by which day it had to leave and from which day the meeting could be held
 * instead (for a convocation leaving then), not the meeting's earliest date alone as scheduling does.
 */
export function conveningTooLateMessage(error: DomainError, timeChosen: boolean): string {
  const d = error.details;
  const rule = d.rule as { days?: number; dayKind?: string } | undefined;
  const notice = `au moins ${rule?.days ?? '?'}${NBSP}${frenchNoticeDays(rule?.dayKind)} avant la réunion`;
  const latest = frenchDay(d.latestSendingDate);
  const earliest = frenchDay(d.earliestLawfulDate);
  return timeChosen
    ? `Trop tard\u00A0: la convocation doit partir ${notice}, donc au plus tard le ${latest}. Choisissez un envoi plus tôt, ou déplacez la réunion au ${earliest} ou après.`
    : `Trop tard pour convoquer aujourd’hui\u00A0: la convocation devait partir ${notice}, au plus tard le ${latest}. Déplacez la réunion au ${earliest} ou après.`;
}

/** A rule's refusal, in French, with the facts that would satisfy it. */
export function ruleMessage(error: DomainError): string {
  const d = error.details;
  switch (error.code) {
    case 'notice_too_short': {
      const rule = d.rule as { days?: number; dayKind?: string } | undefined;
      const days = rule?.days ?? '?';
      const kind = frenchNoticeDays(rule?.dayKind);
      return `Trop tôt\u00A0: la convocation doit partir au moins ${days}${NBSP}${kind} avant la réunion. ` +
        `La première date possible est le ${frenchDay(d.earliestLawfulDate)}.`;
    }
    case 'outside_validity':
    {
      const validity = d.validity as { from?: string | null; until?: string | null } | undefined;
      const span = validity?.from
        ? validity.until
          ? `elle s’applique du ${frenchDay(validity.from)} au ${frenchDay(validity.until)}`
          : `elle s’applique à partir du ${frenchDay(validity.from)}`
        : 'elle n’a pas de date d’entrée en vigueur';
      return `La convention n’est pas en vigueur le ${frenchDay(d.date)}\u00A0: ${span}. Choisissez une date dans cette période.`;
    }
    case 'guests_not_allowed':
      return 'Ce comité n’admet pas d’invités\u00A0: sa convention n’en prévoit pas.';
    case 'guest_is_member':
      return 'Cette personne siège déjà au comité\u00A0: elle est convoquée comme membre, pas comme invitée.';
    case 'agenda_required':
      return 'Une convocation doit porter l’ordre du jour\u00A0: ajoutez au moins un point avant de convoquer.';
    case 'prerequisites_missing':
      return 'Des documents que le comité doit recevoir avant la réunion manquent encore.';
    case 'no_recipients':
      return 'Personne n’occupe de siège au comité à la date de la réunion\u00A0: il n’y a personne à convoquer.';
    case 'already_convened':
      return 'Cette réunion est déjà convoquée.';
    case 'convocation_not_sent': {
      const planned = (error.details.plannedAt as { label?: string } | null)?.label;
      return planned
        ? `La convocation n’est pas encore partie\u00A0: elle partira le ${planned}. Vous pourrez relancer les personnes sans réponse une fois qu’elles l’auront reçue.`
        : 'Aucune convocation n’a été remise au serveur de messagerie\u00A0: personne n’a reçu de convocation à laquelle répondre, il n’y a donc personne à relancer.';
    }
    case 'meeting_not_started':
      return 'Les présences s’enregistrent une fois la réunion commencée.';
    case 'stale_version':
      return 'La réunion a été modifiée entre-temps par quelqu’un d’autre\u00A0: rechargez la page.';
    case 'not_a_member':
      return 'Cette personne n’occupait pas de siège au comité le jour de la réunion.';
    case 'not_the_substitute':
      return 'Cette personne n’est pas le suppléant désigné de ce membre.';
    case 'not_an_allowed_representative':
      return 'La convention ne permet pas à cette personne de représenter ce membre.';
    case 'substitute_twice':
      return 'Un suppléant ne peut remplacer qu’un seul membre.';
    case 'proxies_not_allowed':
      return 'Ce comité n’admet pas les procurations.';
    case 'proxy_holder_absent':
      return 'La personne qui porte une procuration doit être présente.';
    case 'person_not_found':
      return 'Cette personne est inconnue.';
    case 'email_already_used':
    case 'already_exists':
      return 'Cette adresse électronique est déjà celle d’une autre personne.';
    default:
      return stateMessage(error.code) ?? 'Cette demande n’a pas pu être acceptée.';
  }
}

/** What is wrong with one field of a convention definition file, by its code (FIELD_CODES). */
const DEFINITION_FIELD_MESSAGES: Record<string, string> = {
  required: 'ce champ est obligatoire et manque.',
  unknown_field: 'ce champ n’existe pas dans le format des définitions (faute de frappe\u00A0?).',
  not_an_object: 'une liste de champs (clé\u00A0: valeur) est attendue ici.',
  not_a_list: 'une liste (lignes commençant par un tiret) est attendue ici.',
  not_a_string: 'un texte est attendu ici.',
  not_an_integer: 'un nombre entier est attendu ici.',
  not_a_number: 'un nombre est attendu ici.',
  not_a_boolean: 'true ou false est attendu ici.',
  not_an_email: 'une adresse électronique valable est attendue ici.',
  not_a_url: 'une adresse web commençant par https:// est attendue ici.',
  not_a_date: 'une date existante, écrite AAAA-MM-JJ, est attendue ici.',
  not_a_date_time: 'une date et une heure sont attendues ici.',
  not_a_time_zone: 'un fuseau horaire IANA, par exemple Europe/Paris, est attendu ici.',
  not_a_uai: 'ce n’est pas un UAI valable\u00A0: 7 chiffres et la lettre de contrôle qui leur correspond.',
  not_a_slug: 'seuls les minuscules, les chiffres et les tirets simples sont admis ici.',
  not_a_holiday_country: 'code de territoire inconnu (FR, GF, RE, GP, MQ ou YT).',
  not_in_list: 'cette valeur ne fait pas partie des valeurs admises.',
  wrong_format: 'cette valeur n’a pas le format attendu.',
  too_short: 'ce texte est trop court.',
  too_long: 'ce texte est trop long.',
  too_small: 'cette valeur est trop petite.',
  too_large: 'cette valeur est trop grande.',
  too_few: 'il manque des éléments dans cette liste.',
  too_many: 'cette liste a trop d’éléments, ou le siège est occupé par trop de personnes.',
  duplicate: 'cette valeur doit être unique et apparaît plusieurs fois.',
  forbidden_character: 'ce texte contient un caractère interdit (caractère de contrôle, saut de ligne).',
  not_in_range: 'cette valeur sort des limites admises.',
  inconsistent: 'cette valeur contredit un autre champ du fichier.',
  unknown_reference: 'ce nom ne désigne rien de défini dans le fichier (signataire, siège, comité, école ou personne).',
  not_allowed_here: 'ce champ ne va qu’avec une autre valeur d’un autre champ.',
  term_exceeded: 'cette date dépasse la durée du mandat fixée par le texte du comité.',
  renewals_exceeded: 'ce mandat serait renouvelé plus de fois que le texte du comité ne le permet.',
  syntax: 'le fichier ne peut pas être lu à cet endroit.',
};

export function definitionFieldMessage(code: string, path: string): string {
  const where = path.startsWith('(') ? 'Le fichier' : `Le champ ${path}`;
  const what = DEFINITION_FIELD_MESSAGES[code] ?? 'cette valeur n’est pas valable.';
  return `${where}\u00A0: ${what}`;
}

/** Refusals of a definition upload other than faults of its fields. */
export function definitionRefusal(code: string): string {
  switch (code) {
    case 'file_missing':
      return 'Choisissez le fichier de définition à importer (YAML ou JSON).';
    case 'file_too_large':
      return 'Ce fichier dépasse 256\u00A0Ko\u00A0: une définition de convention est bien plus courte. Vérifiez le fichier choisi.';
    case 'not_utf8':
      return 'Ce fichier n’est pas un texte en UTF-8\u00A0: enregistrez-le en UTF-8 (YAML ou JSON) et recommencez.';
    case 'preview_stale':
      return 'La convention a changé depuis l’aperçu, ou l’aperçu a expiré\u00A0: importez le fichier à nouveau pour voir ce qui changera.';
    case 'convention_exists':
      return 'Une convention porte déjà la référence de ce fichier\u00A0: pour la modifier, importez le fichier depuis la page de cette convention.';
    case 'committee_has_meetings':
      return 'Ce fichier retire un comité qui a déjà des réunions\u00A0: il ne peut pas être retiré.';
    case 'forbidden':
      return 'Vous ne gérez pas toutes les conventions que ce fichier modifierait.';
    default:
      return 'Ce fichier n’a pas pu être importé.';
  }
}
