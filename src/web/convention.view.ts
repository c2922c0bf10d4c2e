import { createHmac, createHash } from 'node:crypto';
import { LineCounter, parseDocument, isScalar, Node } from 'yaml';
import { DomainError } from '../common/domain-error';
import { ConventionPage, ConventionStanding } from '../dashboard/convention-overview.service';
import { ConventionSummaryResponse } from '../conventions/dto/convention.response';
import { ImportResult, REPORTED_KINDS, ReportedKind, RowChange } from '../definitions/import-report';
import { LocalDate, frenchDate } from '../rules/local-date';
import { definitionFieldMessage } from './french-messages';
import { fieldLabel } from './french-text';
import { KIND_LABELS } from './overview.view';

const NBSP = '\u00A0';

const PARTY_KINDS: Record<string, string> = {
  academie: 'Académie',
  commune: 'Commune',
  rpi: 'Regroupement pédagogique intercommunal',
  syndicat_mixte: 'Syndicat mixte',
  crdp: 'CRDP',
  collectivite: 'Collectivité',
};

const SCHOOL_TYPES: Record<string, string> = {
  ecole_maternelle: 'École maternelle',
  ecole_elementaire: 'École élémentaire',
  ecole_primaire: 'École primaire',
  college: 'Collège',
  lycee: 'Lycée',
};

const ROW_KINDS: Record<ReportedKind | 'substitutes' | 'end_dates', string> = {
  conventions: 'Convention',
  parties: 'Signataire',
  schools: 'École',
  amendments: 'Avenant',
  coverage: 'École couverte',
  people: 'Personne',
  committees: 'Comité',
  seats: 'Siège',
  memberships: 'Mandat',
  substitutes: 'Suppléance retirée',
  end_dates: 'Fin de mandat retirée',
};

const day = (date: string | null) => (date ? frenchDate(date as LocalDate) : null);

/** The flag beside a convention's title: « Terminée », « Expire bientôt », « Pas encore en vigueur ». */
export function standingFlag(standing: ConventionStanding): { code: string; text: string } | null {
  if (standing.state === 'ended') return { code: 'ended', text: 'Terminée' };
  if (standing.state === 'not_started') return { code: 'soon', text: 'Pas encore en vigueur' };
  if (standing.endsSoon) return { code: 'soon', text: standing.renewal ? 'Reconduction prochaine' : 'Expire bientôt' };
  return null;
}

export function conventionListView(list: { convention: ConventionSummaryResponse; standing: ConventionStanding }[]) {
  return list.map(({ convention, standing }) => ({
    reference: convention.reference,
    title: convention.title,
    area: [convention.academie ? `Académie de ${convention.academie}` : null, convention.departement ? `département ${convention.departement}` : null].filter(Boolean).join(', '),
    parties: convention.parties.map((party) => party.name).join(' et '),
    committees: convention.counts.committees,
    schools: convention.counts.schools,
    flag: standingFlag(standing),
  }));
}

export function conventionView(page: ConventionPage) {
  const { convention: c, standing } = page;
  const notice = c.terminationNotice;
  return {
    reference: c.reference,
    title: c.title,
    description: c.description,
    manages: page.manages,
    flag: standingFlag(standing),
    area: [c.academie ? `Académie de ${c.academie}` : null, c.departement ? `département ${c.departement}` : null].filter(Boolean).join(', ') || null,
    facts: [
      { term: 'Signée le', value: day(c.signedOn) ?? 'date de signature non renseignée' },
      ...(c.effectiveFrom && c.effectiveFrom !== c.signedOn ? [{ term: 'En vigueur depuis le', value: day(c.effectiveFrom) as string }] : []),
      { term: 'Durée', value: c.durationMonths ? `${c.durationMonths}${NBSP}mois` : c.endsOn ? `jusqu’au ${day(c.endsOn)}` : 'non fixée' },
      { term: 'Reconduction', value: c.validity.tacitRenewal ? 'tacite, pour la même durée' : 'aucune' },
      {
        term: 'Préavis de résiliation',
        value: notice.amount && notice.unit ? `${notice.amount}${NBSP}${notice.unit === 'months' ? 'mois' : 'jours'}${notice.form ? `, par ${notice.form}` : ''}` : 'non prévu',
      },
      ...(c.validity.terminatedOn ? [{ term: 'Résiliée, dernier jour', value: day(c.validity.terminatedOn) as string }] : []),
      { term: 'Situation', value: standingText(standing) },
      { term: 'Fuseau horaire', value: c.timeZone },
    ],
    parties: c.parties.map((party) => ({
      name: party.name,
      kind: PARTY_KINDS[party.kind] ?? party.kind,
      representative: party.representative?.name ? `${party.representative.name}${party.representative.title ? `, ${party.representative.title}` : ''}` : null,
      email: party.email,
    })),
    schools: c.schools.map((school) => ({
      uai: school.uai,
      name: school.name,
      type: (SCHOOL_TYPES[school.type] ?? school.type) === school.name ? null : (SCHOOL_TYPES[school.type] ?? school.type),
      commune: school.commune,
      circonscription: school.circonscription,
      amendment: school.amendmentReference,
    })),
    amendments: c.amendments.map((amendment) => ({
      reference: amendment.reference,
      title: amendment.title,
      signedOn: day(amendment.signedOn),
      effectiveOn: day(amendment.effectiveOn),
      summary: amendment.summary,
      added: amendment.addedSchoolUais.join(', '),
      removed: amendment.removedSchoolUais.join(', '),
    })),
    committees: c.committees.map((committee) => ({ id: committee.id, name: committee.name, kind: KIND_LABELS[committee.kind as keyof typeof KIND_LABELS] ?? committee.kind })),
  };
}

function standingText(standing: ConventionStanding): string {
  switch (standing.state) {
    case 'not_started':
      return 'pas encore en vigueur';
    case 'ended':
      return standing.end ? `terminée depuis le ${day(standing.end)}` : 'terminée';
    case 'in_force':
      if (standing.renewal) {
        return `en vigueur, reconduite tacitement le ${day(standing.renewal.on)}` +
          (standing.renewal.noticeBy ? ` sauf dénonciation au plus tard le ${day(standing.renewal.noticeBy)}` : '');
      }
      return standing.end ? `en vigueur jusqu’au ${day(standing.end)}` : 'en vigueur, sans terme fixé';
  }
}

/** The preview: what replacing the definition would create, change and remove. */
export function previewView(result: ImportResult) {
  const rows = (changes: RowChange[]) => changes.map((change) => ({ kind: ROW_KINDS[change.kind] ?? change.kind, key: change.key, fields: change.fields?.map(fieldLabel).join(', ') ?? null }));
  const totals = REPORTED_KINDS.map((kind) => ({ kind: ROW_KINDS[kind], ...result.report[kind] })).filter((line) => line.created + line.updated + line.deleted > 0);
  return {
    changed: totals.length > 0,
    totals,
    created: rows(result.changes.created),
    updated: rows(result.changes.updated),
    removed: rows(result.changes.removed),
    kept: rows(result.changes.kept),
  };
}

/** One fault of an uploaded definition: where it is in the file, which field, in French. */
export interface DefinitionFault {
  line: number | null;
  path: string | null;
  message: string;
}

/**
 * The faults of a refused definition, each with the line of the file it points at: the field's
 * path is looked up in the YAML (or JSON) document, else its nearest parent that exists.
 */
export function definitionFaults(error: DomainError, text: string): DefinitionFault[] {
  if (error.code === 'malformed_definition') {
    const line = typeof error.details.line === 'number' ? error.details.line : null;
    return [{ line, path: null, message: 'Le fichier n’est pas un YAML ou un JSON lisible à cet endroit (indentation, deux-points, guillemets…).' }];
  }
  const fields = (error.details.fields as Array<{ path: string; code?: string; message?: string }> | undefined) ?? [];
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  return fields.map((field) => {
    const located = locate(document, counter, field.path);
    const value = located.value !== null ? ` (valeur du fichier${NBSP}: «${NBSP}${located.value}${NBSP}»)` : '';
    return { line: located.line, path: field.path, message: `${definitionFieldMessage(field.code ?? '', field.path)}${value}` };
  });
}

function locate(document: ReturnType<typeof parseDocument>, counter: LineCounter, path: string): { line: number | null; value: string | null } {
  const segments = pathSegments(path);
  for (let length = segments.length; length >= 0; length -= 1) {
    const node = (length === 0 ? document.contents : document.getIn(segments.slice(0, length), true)) as Node | undefined;
    if (node && node.range) {
      const value = length === segments.length && isScalar(node) && node.value !== null && String(node.value).length <= 80 ? String(node.value) : null;
      return { line: counter.linePos(node.range[0]).line, value };
    }
  }
  return { line: null, value: null };
}

/** `committees[0].seats[1].party` → ['committees', 0, 'seats', 1, 'party']. */
export function pathSegments(path: string): (string | number)[] {
  if (path.startsWith('(')) return [];
  return path
    .split(/\.|(?=\[)/)
    .filter((part) => part !== '')
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

/**
 * The previewed file travels back with the confirmation, signed: only the very file previewed, by
 * the same session, for the same convention at the same version, can be applied.
 */
export function signPreview(secret: string, sessionId: string, reference: string, version: number, text: string): string {
  const digest = createHash('sha256').update(text, 'utf8').digest('hex');
  return createHmac('sha256', secret).update(`definition-preview:${sessionId}:${reference}:${version}:${digest}`).digest('base64url');
}
