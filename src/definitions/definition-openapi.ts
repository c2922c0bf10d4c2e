import { conventionDefinitionSchema } from './definition-schema';

/** The name of the definition file's schema among the OpenAPI document's components. */
export const DEFINITION_COMPONENT = 'ConventionDefinition';

type Schema = Record<string, unknown>;

/**
 * The definition file's JSON Schema (draft-07) as OpenAPI 3.0 components, so that the definition
 * routes' body references resolve inside the document itself: its own definitions become
 * ConventionDefinition.<Name>, `type: [X, "null"]` becomes `type: X, nullable: true`, and the
 * draft's $schema and $id go (OpenAPI 3.0 knows neither).
 */
export function definitionComponents(): Record<string, Schema> {
  const { definitions, $schema: _schema, $id: _id, ...root } = conventionDefinitionSchema() as Schema & { definitions: Record<string, Schema> };
  const components: Record<string, Schema> = { [DEFINITION_COMPONENT]: toOpenApi30(root) as Schema };
  for (const [name, schema] of Object.entries(definitions)) components[`${DEFINITION_COMPONENT}.${name}`] = toOpenApi30(schema) as Schema;
  return components;
}

function toOpenApi30(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toOpenApi30);
  if (value === null || typeof value !== 'object') return value;
  const result: Schema = {};
  for (const [key, inner] of Object.entries(value as Schema)) {
    if (key === '$ref' && typeof inner === 'string') result.$ref = inner.replace(/^#\/definitions\//, `#/components/schemas/${DEFINITION_COMPONENT}.`);
    else if (key === 'type' && Array.isArray(inner)) {
      const types = inner.filter((type) => type !== 'null');
      result.type = types.length === 1 ? types[0] : types;
      if (types.length < inner.length) result.nullable = true;
    } else if (key === 'properties' || key === 'patternProperties') {
      result[key] = Object.fromEntries(Object.entries(inner as Schema).map(([name, property]) => [name, toOpenApi30(property)]));
    } else result[key] = toOpenApi30(inner);
  }
  // `enum: [..., null]` with nullable: OpenAPI 3.0 lists null among the values too, which ajv accepts.
  return result;
}
