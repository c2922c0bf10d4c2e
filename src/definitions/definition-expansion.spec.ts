import { coverageOf, expandCommittee, slugify } from './definition-expansion';
import type { ConventionDefinitionDto, SchoolDefinitionDto } from './dto/convention-definition.dto';
import type { CommitteeDefinitionDto } from './dto/committee-definition.dto';

const school = (uai: string, name: string, type: SchoolDefinitionDto['type'], circonscription: string | null): SchoolDefinitionDto => ({
  uai,
  name,
  type,
  commune: 'Rémire-Montjoly',
  circonscription,
});

const SCHOOLS = [
  school('9730123W', 'École élémentaire Moulin à Vent', 'ecole_elementaire', 'Rémire-Montjoly'),
  school('9730245D', 'École élémentaire Jules Minidoque', 'ecole_elementaire', 'Rémire-Montjoly'),
  school('9730311A', 'École élémentaire Elvina Lixef', 'ecole_elementaire', 'Cayenne Sud-Est'),
  school('9730402Z', 'Collège Auguste Dédé', 'college', null),
];

function convention(overrides: Partial<ConventionDefinitionDto> = {}): ConventionDefinitionDto {
  return {
    reference: 'guyane',
    title: 'Guyane',
    timeZone: 'America/Cayenne',
    holidays: { country: 'GF' },
    signedOn: '2015-11-16',
    durationMonths: 36,
    parties: [],
    schools: SCHOOLS,
    ...overrides,
  };
}

const committee = (scope: CommitteeDefinitionDto['scope'], schoolTypes?: CommitteeDefinitionDto['schoolTypes']): CommitteeDefinitionDto => ({
  key: 'comite-technique',
  kind: 'technical',
  name: 'Comité technique',
  scope,
  schoolTypes,
  seats: [],
  conveners: [],
  frequency: { minimum: 0, period: 'year' },
});

describe('committee expansion', () => {
  it('makes one committee of a committee for the whole convention', () => {
    expect(expandCommittee(committee('convention'), coverageOf(convention()))).toEqual([
      { key: 'comite-technique', name: 'Comité technique', instance: null, schoolUai: null, circonscription: null },
    ]);
  });

  it('makes one committee per covered school of the listed types, keyed by the lower-case UAI', () => {
    const instances = expandCommittee(committee('school', ['ecole_elementaire']), coverageOf(convention()));
    expect(instances.map((i) => [i.key, i.name, i.schoolUai])).toEqual([
      ['comite-technique-9730123w', 'Comité technique — École élémentaire Moulin à Vent', '9730123W'],
      ['comite-technique-9730245d', 'Comité technique — École élémentaire Jules Minidoque', '9730245D'],
      ['comite-technique-9730311a', 'Comité technique — École élémentaire Elvina Lixef', '9730311A'],
    ]);
    expect(expandCommittee(committee('school'), coverageOf(convention()))).toHaveLength(4);
  });

  it('makes one committee per circonscription of the covered schools, keyed by its slug', () => {
    const instances = expandCommittee(committee('circonscription'), coverageOf(convention()));
    expect(instances.map((i) => [i.key, i.name, i.circonscription])).toEqual([
      ['comite-technique-remire-montjoly', 'Comité technique — Rémire-Montjoly', 'Rémire-Montjoly'],
      ['comite-technique-cayenne-sud-est', 'Comité technique — Cayenne Sud-Est', 'Cayenne Sud-Est'],
    ]);
  });

  it('follows the amendments: a school taken out no longer has its committee', () => {
    const amendments = [{ reference: 'avenant-1', title: 'Avenant 1', signedOn: '2016-09-01', removeSchools: ['9730311A'] }];
    const instances = expandCommittee(committee('circonscription'), coverageOf(convention({ amendments })));
    expect(instances.map((i) => i.instance)).toEqual(['Rémire-Montjoly']);
  });
});

describe('coverage', () => {
  it('covers from the signature the schools no amendment adds, and the others from their amendment', () => {
    const amendments = [{ reference: 'avenant-1', title: 'Avenant 1', signedOn: '2016-09-01', addSchools: ['9730402z'] }];
    const { covered, errors } = coverageOf(convention({ amendments }));
    expect(errors).toEqual([]);
    expect(covered.map((c) => [c.uai, c.amendment])).toEqual([
      ['9730123W', null],
      ['9730245D', null],
      ['9730311A', null],
      ['9730402Z', 'avenant-1'],
    ]);
  });

  it('lets a school leave and come back, by effective date whatever the order of the file', () => {
    const amendments = [
      { reference: 'avenant-2', title: 'Avenant 2', signedOn: '2017-06-01', effectiveOn: '2017-09-01', addSchools: ['9730311A'] },
      { reference: 'avenant-1', title: 'Avenant 1', signedOn: '2016-06-01', effectiveOn: '2016-09-01', removeSchools: ['9730311A'] },
    ];
    const { covered, errors } = coverageOf(convention({ amendments }));
    expect(errors).toEqual([]);
    expect(covered.find((c) => c.uai === '9730311A')?.amendment).toBe('avenant-2');
  });
});

describe('slugify', () => {
  it.each([
    ['Rémire-Montjoly', 'remire-montjoly'],
    ['Cayenne Sud-Est', 'cayenne-sud-est'],
    ["Saint-Denis 2, 3 et 5", 'saint-denis-2-3-et-5'],
    ['  Île de Cayenne — Est ', 'ile-de-cayenne-est'],
    ['—', 'sans-nom'],
  ])('makes %p the key suffix %p', (text, slug) => expect(slugify(text)).toBe(slug));
});
