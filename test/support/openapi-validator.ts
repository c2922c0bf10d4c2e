interface ValidateFunction {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string; params: Record<string, unknown> }> | null;
}
interface Ajv {
  addSchema(schema: object): unknown;
  compile(schema: object): ValidateFunction;
}
// ajv and ajv-formats are dev dependencies of these end-to-end specs only: read at run time, with
// the little of their types used here, so that typechecking the tree does not need them installed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AjvClass = (require('ajv') as { default: new (options: object) => Ajv }).default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addFormats = (require('ajv-formats') as { default: (ajv: Ajv) => unknown }).default;

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Json[]; requestBody?: Json; responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>;
  components: { schemas: Record<string, Json> };
}

export interface Mismatch {
  route: string;
  status: number;
  problem: string;
}

/**
 * Checks real answers against the published OpenAPI document (ajv, OpenAPI 3.0's `nullable`
 * understood). Objects are closed for the check: a property the document does not declare is a
 * mismatch too, since clients generated from the document would not see it.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new AjvClass({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: { schemas: closed(document.components.schemas) } });
    this.templates = Object.keys(document.paths)
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
      // The most literal template first: /meetings/search before /meetings/{id}.
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  /** The path template of a concrete path, e.g. /committees/{id} for /committees/3f…; null when unknown. */
  templateOf(path: string): string | null {
    const bare = path.split('?')[0];
    return this.templates.find(({ pattern }) => pattern.test(bare))?.template ?? null;
  }

  /** What is wrong with an answer, or null when it matches the document. */
  check(method: string, path: string, status: number, contentType: string | undefined, body: unknown, knownTemplate?: string): Mismatch | null {
    const template = knownTemplate ?? this.templateOf(path);
    const route = `${method.toUpperCase()} ${template ?? path}`;
    if (status >= 500) return { route, status, problem: `server error: ${JSON.stringify(body).slice(0, 300)}` };
    if (status >= 400) {
      // The pages and the answer links sent to members answer people, in French HTML.
      if (contentType?.includes('text/html')) return null;
      const error = body as { statusCode?: unknown; code?: unknown; message?: unknown; fields?: Array<Json> };
      if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.statusCode !== status) {
        return { route, status, problem: `error without {statusCode, code, message}: ${JSON.stringify(body).slice(0, 300)}` };
      }
      for (const field of error.fields ?? []) {
        if (typeof field.path !== 'string' || typeof field.code !== 'string' || typeof field.message !== 'string') {
          return { route, status, problem: `a field error without {path, code, message}: ${JSON.stringify(field)}` };
        }
      }
      return null;
    }
    if (!template) return { route, status, problem: 'the path is not in the document' };
    const operation = this.document.paths[template][method.toLowerCase()];
    if (!operation) return { route, status, problem: 'the method is not in the document' };
    const declared = operation.responses?.[String(status)] ?? operation.responses?.[`${String(status)[0]}XX`];
    if (!declared) return { route, status, problem: `status ${status} is not documented (documented: ${Object.keys(operation.responses ?? {}).join(', ')})` };
    if (!contentType?.includes('json')) return null;
    const schema = declared.content?.['application/json']?.schema;
    if (!schema) {
      if (body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) return null;
      return { route, status, problem: 'a JSON body where the document declares none' };
    }
    const validate = this.validatorFor(`${route} ${status}`, schema);
    if (validate(body)) return null;
    const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
    return { route, status, problem: errors.join('; ') };
  }

  private validatorFor(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(closed(schema)));
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** Local references (#/components/…) point into the document added under its $id. */
function rebase(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/')) as Json;
}

/**
 * Every object schema that lists its properties takes no others; and `nullable: true` lets null
 * through whatever else the schema says (enum, allOf of a reference), as clients read it.
 */
function closed<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closed) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Json).map(([name, inner]) => [name, closed(inner)])) : closed(value);
  if (copy.properties && copy.additionalProperties === undefined && !copy.allOf && !copy.oneOf && !copy.anyOf) copy.additionalProperties = false;
  if (copy.nullable === true) {
    const { nullable: _nullable, description: _description, example: _example, ...rest } = copy;
    return { anyOf: [{ type: 'null' }, rest] } as T;
  }
  return copy as T;
}
