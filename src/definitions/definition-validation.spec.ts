import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../common/domain-error';
import { definitionErrors, parseDefinitionText, validateDefinition } from './definition-validation';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

function syntaxErrorOf(text: string): DomainError {
  try {
    parseDefinitionText(text);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a syntax error');
}

const minimal = () => ({
  reference: 'essai',
  title: 'Essai',
  timeZone: 'Europe/Paris',
  holidays: { country: 'FR' },
  signedOn: '2024-09-02',
  durationMonths: 12,
  parties: [
    { key: 'academie', kind: 'academie', name: 'Académie' },
    { key: 'commune', kind: 'commune', name: 'Commune' },
  ],
});

describe('definition validation', () => {
  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')))('accepts the example %s', (file) => {
    const { errors } = definitionErrors(parseDefinitionText(readFileSync(join(EXAMPLES, file), 'utf8')));
    expect(errors).toEqual([]);
  });

  it('accepts the smallest definition: two parties, dates, time zone and holidays', () => {
    expect(validateDefinition(minimal()).reference).toBe('essai');
  });

  it('refuses unknown fields at any depth, naming where they stand', () => {
    const raw = { ...minimal(), owner: 'x', parties: [{ ...minimal().parties[0], siret: '123' }, minimal().parties[1]] };
    expect(definitionErrors(raw).errors).toEqual([
      { path: 'owner', code: 'unknown_field', message: 'is not a known field' },
      { path: 'parties[0].siret', code: 'unknown_field', message: 'is not a known field' },
    ]);
  });

  it('reports a value of the wrong type once, without the rules it cannot meet anyway', () => {
    expect(definitionErrors({ ...minimal(), durationMonths: '12' }).errors).toEqual([{ path: 'durationMonths', code: 'not_an_integer', message: 'must be an integer number' }]);
  });

  it('says that a nested value must be a mapping', () => {
    expect(definitionErrors({ ...minimal(), holidays: 'FR' }).errors).toEqual([{ path: 'holidays', code: 'not_an_object', message: 'must be a mapping (object) or a list' }]);
    expect(definitionErrors({ ...minimal(), parties: ['academie', { key: 'commune', kind: 'commune', name: 'Commune' }] }).errors).toEqual([
      { path: 'parties[0]', code: 'not_an_object', message: 'must be a mapping (object)' },
    ]);
  });

  it('refuses an unknown holiday country, an IANA zone that is an offset, a date that does not exist', () => {
    const { errors } = definitionErrors({ ...minimal(), holidays: { country: 'XX' }, timeZone: 'UTC+1', signedOn: '2024-02-30' });
    expect(errors.map((e) => e.path)).toEqual(['timeZone', 'holidays.country', 'signedOn']);
    expect(errors[1].message).toContain('got "XX"');
  });

  it('says which check letter a UAI needs, also in a list', () => {
    const raw = {
      ...minimal(),
      schools: [{ uai: '0382460A', name: 'École', type: 'ecole_elementaire', commune: 'Ville', referenceCollege: '0380002X' }],
      amendments: [{ reference: 'avenant-1', title: 'Avenant', signedOn: '2025-01-01', addSchools: ['0382460T', '0341301F'] }],
    };
    expect(definitionErrors(raw).errors).toEqual([
      { path: 'schools[0].uai', code: 'not_a_uai', message: 'has check letter A but 0382460 requires T (0382460T)' },
      { path: 'schools[0].referenceCollege', code: 'not_a_uai', message: 'has check letter X but 0380002 requires W (0380002W)' },
      { path: 'amendments[0].addSchools', code: 'not_a_uai', message: 'contains "0341301F", which has check letter F but 0341301 requires E (0341301E)' },
    ]);
  });

  it('refuses a document that is not a mapping', () => {
    expect(definitionErrors(['a', 'b']).errors).toEqual([{ path: '(document)', code: 'not_an_object', message: 'must be a mapping of fields (reference, title, parties…)' }]);
  });

  it('names the line and column of a YAML syntax error, such as an unquoted title with a colon', () => {
    const error = syntaxErrorOf('reference: essai\ntitle: Convention : avenant\n');
    expect(error.code).toBe('malformed_definition');
    expect(error.details).toMatchObject({ line: 2, column: 8 });
    expect(error.message).toBe('YAML syntax error at line 2, column 8: Nested mappings are not allowed in compact mappings');
  });

  it('refuses a key given twice and a file of several documents', () => {
    expect(syntaxErrorOf('reference: a\nreference: b\n').details).toMatchObject({ line: 2, column: 1 });
    expect(syntaxErrorOf('reference: a\n---\nreference: b\n').code).toBe('malformed_definition');
  });

  it('reads JSON, which is YAML too', () => {
    expect(parseDefinitionText(JSON.stringify(minimal()))).toEqual(minimal());
  });
});
