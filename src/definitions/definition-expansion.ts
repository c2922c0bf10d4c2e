import { checkUai } from '../rules/uai.rule';
import type { FieldError } from '../common/domain-error';
import type { AmendmentDefinitionDto, ConventionDefinitionDto, SchoolDefinitionDto } from './dto/convention-definition.dto';
import type { CommitteeDefinitionDto } from './dto/committee-definition.dto';

/** UAIs are compared and stored in their canonical form (upper case, no spaces). */
export function canonicalUai(uai: string): string {
  const result = checkUai(uai);
  return result.valid ? result.uai : uai.trim().toUpperCase();
}

/** "Rémire-Montjoly 1" → "remire-montjoly-1": the suffix of a per-circonscription committee's key. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'sans-nom' : slug;
}

export interface Coverage {
  /** Covered schools after every amendment, in the order of `schools`, with the amendment that brought each in. */
  covered: Array<{ school: SchoolDefinitionDto; uai: string; amendment: string | null }>;
  errors: FieldError[];
}

/**
 * The schools a convention covers once its amendments apply, in the order listed. A school listed
 * under `schools` is covered from the signature unless the first amendment that names it adds it;
 * a school may leave and come back.
 */
export function coverageOf(definition: ConventionDefinitionDto): Coverage {
  const schools = definition.schools ?? [];
  const byUai = new Map(schools.map((school) => [canonicalUai(school.uai), school]));
  const ordered = inApplicationOrder(definition.amendments ?? []);
  // A school is covered from the signature unless the first amendment that names it adds it.
  const firstMention = new Map<string, 'add' | 'remove'>();
  for (const { amendment } of ordered) {
    for (const uai of (amendment.addSchools ?? []).map(canonicalUai)) if (!firstMention.has(uai)) firstMention.set(uai, 'add');
    for (const uai of (amendment.removeSchools ?? []).map(canonicalUai)) if (!firstMention.has(uai)) firstMention.set(uai, 'remove');
  }
  const covered = new Map<string, string | null>();
  for (const uai of byUai.keys()) if (firstMention.get(uai) !== 'add') covered.set(uai, null);

  const errors: FieldError[] = [];
  for (const { amendment, a } of ordered) {
    for (const [field, adds] of [['addSchools', true], ['removeSchools', false]] as const) {
      (amendment[field] ?? []).forEach((raw, i) => {
        const uai = canonicalUai(raw);
        const path = `amendments[${a}].${field}[${i}]`;
        if (!byUai.has(uai)) {
          errors.push({ path, code: 'unknown_reference', message: `${uai} is not listed under schools; list it there with its name, type and commune` });
        } else if (adds && covered.has(uai)) {
          errors.push({ path, code: 'duplicate', message: `${uai} is already covered when this amendment applies` });
        } else if (!adds && !covered.has(uai)) {
          errors.push({ path, code: 'inconsistent', message: `${uai} is not covered when this amendment applies, so it cannot be removed` });
        } else if (adds) {
          covered.set(uai, amendment.reference);
        } else {
          covered.delete(uai);
        }
      });
    }
  }

  return {
    covered: [...byUai.entries()]
      .filter(([uai]) => covered.has(uai))
      .map(([uai, school]) => ({ school, uai, amendment: covered.get(uai) ?? null })),
    errors,
  };
}

/**
 * Amendments apply by effective date (signature date when none), then signature date, then
 * reference — not by their place in the file, so that an exported definition, whatever order it
 * lists them in, covers the same schools.
 */
export function inApplicationOrder<T extends AmendmentDefinitionDto>(amendments: T[]): Array<{ amendment: T; a: number }> {
  const sortKey = (amendment: T) => [amendment.effectiveOn ?? amendment.signedOn, amendment.signedOn, amendment.reference].join('\u0000');
  return amendments
    .map((amendment, a) => ({ amendment, a }))
    .sort((x, y) => (sortKey(x.amendment) < sortKey(y.amendment) ? -1 : sortKey(x.amendment) > sortKey(y.amendment) ? 1 : x.a - y.a));
}

export interface CommitteeInstance {
  key: string;
  name: string;
  /** What a member's `instance` names: the UAI per school, the circonscription per circonscription, null otherwise. */
  instance: string | null;
  schoolUai: string | null;
  circonscription: string | null;
}

function schoolsInScope(committee: CommitteeDefinitionDto, coverage: Coverage): Coverage['covered'] {
  const types = committee.schoolTypes;
  return types && types.length > 0 ? coverage.covered.filter(({ school }) => types.includes(school.type)) : coverage.covered;
}

/**
 * One committee definition becomes one committee, or one per covered school (key suffixed with the
 * lower-case UAI), or one per circonscription of the covered schools (key suffixed with its slug).
 */
export function expandCommittee(committee: CommitteeDefinitionDto, coverage: Coverage): CommitteeInstance[] {
  switch (committee.scope) {
    case 'convention':
      return [{ key: committee.key, name: committee.name, instance: null, schoolUai: null, circonscription: null }];
    case 'school':
      return schoolsInScope(committee, coverage).map(({ school, uai }) => ({
        key: `${committee.key}-${uai.toLowerCase()}`,
        name: `${committee.name} — ${school.name}`,
        instance: uai,
        schoolUai: uai,
        circonscription: null,
      }));
    case 'circonscription': {
      const names = [...new Set(schoolsInScope(committee, coverage).map(({ school }) => school.circonscription).filter((c): c is string => !!c))];
      return names.map((circonscription) => ({
        key: `${committee.key}-${slugify(circonscription)}`,
        name: `${committee.name} — ${circonscription}`,
        instance: circonscription,
        schoolUai: null,
        circonscription,
      }));
    }
  }
}
