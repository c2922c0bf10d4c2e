import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conventionDefinitionSchema, conventionDefinitionSchemaText } from './definition-schema';

describe('JSON Schema of definition files', () => {
  it('is committed up to date in examples/ (regenerate: npm run build && npm run -s cli -- schema > examples/convention-definition.schema.json)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'examples', 'convention-definition.schema.json'), 'utf8');
    expect(committed).toBe(conventionDefinitionSchemaText());
  });

  it('refuses unknown fields in every object, as the validation does', () => {
    const schema = conventionDefinitionSchema() as { additionalProperties: boolean; definitions: Record<string, { additionalProperties: boolean }> };
    expect(schema.additionalProperties).toBe(false);
    for (const [name, definition] of Object.entries(schema.definitions)) expect([name, definition.additionalProperties]).toEqual([name, false]);
  });

  it('describes the nested objects by reference and lets optional fields be null', () => {
    const schema = conventionDefinitionSchema() as any;
    expect(schema.properties.committees).toMatchObject({ items: { $ref: '#/definitions/Committee' }, type: ['array', 'null'] });
    expect(schema.definitions.Seat.properties.party.type).toEqual(['string', 'null']);
    expect(schema.definitions.Committee.required).toEqual(expect.arrayContaining(['key', 'kind', 'name', 'scope', 'seats', 'conveners', 'frequency']));
    expect(schema.definitions.School.properties.uai.pattern).toBeDefined();
  });
});
