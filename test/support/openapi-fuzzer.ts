import { stringify } from 'yaml';
import type { OpenApiDocument } from './openapi-validator';

type Json = Record<string, unknown>;

/** A small seeded generator (mulberry32): a run is reproduced from its seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
}

/** Values that have broken web applications before: wrong types, limits, control characters, injections. */
const HOSTILE: unknown[] = [
  null,
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  'a\r\nBcc: victim@example.org',
  'line\u2028separator',
  '\u0085',
  '\ud800',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{{constructor.constructor}}',
  '%00',
  '9999-12-31',
  '0000-00-00',
  '2025-02-30',
  '2025-03-30T02:30',
  '1e300',
  '-1',
  'NaN',
  -1,
  0,
  1.5,
  1e300,
  -1e300,
  2 ** 53 + 1,
  true,
  [],
  {},
  [null],
  JSON.parse('{"__proto__":{"admin":true}}'),
  'Europe/Nowhere',
  '00000000-0000-0000-0000-000000000000',
];

/**
 * A path segment, percent-encoded; a lone surrogate becomes the bytes of invalid UTF-8 it stands for.
 * A segment of dots only becomes `...`: the URL standard resolves `.` and `..` (`%2E%2E` too) before
 * the request leaves any client, so `/conventions/../compliance` would ask another operation.
 */
function encodeSegment(value: string): string {
  if (/^\.{1,2}$/.test(value)) return '...';
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

export interface FuzzRequest {
  method: string;
  /** The template, for the report. */
  template: string;
  path: string;
  query: Array<[string, string]>;
  contentType?: string;
  body?: string;
}

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Json }>;
  requestBody?: { content?: Record<string, { schema?: Json }> };
}

/**
 * Requests made from the OpenAPI document: each operation's path, query and body built from its
 * schemas, valid most of the time so that the request reaches the code behind the validation,
 * then bent (a field with a hostile value, one missing, one unknown, a wrong type).
 */
export class OpenApiFuzzer {
  private readonly operations: Array<{ method: string; template: string; operation: Operation }> = [];

  constructor(
    private readonly document: OpenApiDocument,
    private readonly random: Random,
    /** Real values for path parameters, by "<first segment>:<name>" (conventions:idOrReference). */
    private readonly known: Record<string, string[]>,
    /** Known-good bodies to bend, by "<METHOD> <template>". */
    private readonly seeds: Record<string, unknown[]>,
    exclude: (method: string, template: string) => boolean,
  ) {
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!exclude(method.toUpperCase(), template)) this.operations.push({ method: method.toUpperCase(), template, operation: operation as Operation });
      }
    }
  }

  get operationCount(): number {
    return this.operations.length;
  }

  next(): FuzzRequest {
    const { method, template, operation } = this.random.pick(this.operations);
    const segment = template.split('/')[1];
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(this.pathValue(segment, name)));
    const query: Array<[string, string]> = [];
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'query') continue;
      if (!parameter.required && this.random.chance(0.5)) continue;
      const value = this.random.chance(0.2) ? this.random.pick(HOSTILE) : this.value(parameter.schema ?? {}, 0);
      if (Array.isArray(value)) for (const item of value) query.push([parameter.name, String(item)]);
      else query.push([parameter.name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)]);
    }
    if (this.random.chance(0.05)) query.push([this.random.pick(['page', 'unknown', 'from', 'to', 'on']), String(this.random.pick(HOSTILE))]);
    const request: FuzzRequest = { method, template, path, query };
    const content = operation.requestBody?.content;
    if (content) {
      const types = Object.keys(content);
      const contentType = types.includes('application/json') ? 'application/json' : types[0];
      const seeds = this.seeds[`${method} ${template}`];
      let body = seeds && this.random.chance(0.7) ? structuredClone(this.random.pick(seeds)) : this.value(content[contentType]?.schema ?? {}, 0);
      if (this.random.chance(0.5)) body = this.bend(body);
      request.contentType = contentType;
      request.body = contentType.includes('yaml') ? stringify(body) : this.random.chance(0.02) ? this.brokenJson() : JSON.stringify(body);
    }
    return request;
  }

  private pathValue(segment: string, name: string): string {
    const known = this.known[`${segment}:${name}`];
    if (known?.length && this.random.chance(0.8)) return this.random.pick(known);
    return String(this.random.pick([crypto.randomUUID(), 'x', '1', 'null', '%', '..', 'a'.repeat(300), '0382460T', '2025-01-01', ...HOSTILE.filter((value) => typeof value === 'string' && value !== '')]));
  }

  private brokenJson(): string {
    return this.random.pick(['{', '{"a":', '[]', 'null', '"text"', '{"a":1,}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\u00ff\u00fe', '{"a":"\\ud800"}']);
  }

  /** One value of the schema, valid as far as the schema says. */
  value(schema: Json, depth: number): unknown {
    const resolved = this.resolve(schema);
    if (resolved.nullable && this.random.chance(0.1)) return null;
    if (resolved.example !== undefined && this.random.chance(0.3)) return resolved.example;
    if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return this.random.pick(resolved.enum);
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(resolved[key])) return this.value(this.random.pick(resolved[key] as Json[]), depth + 1);
    }
    if (Array.isArray(resolved.allOf)) {
      const merged: Json = {};
      for (const part of resolved.allOf as Json[]) Object.assign(merged, this.resolve(part));
      return this.value({ ...merged, ...resolved, allOf: undefined }, depth + 1);
    }
    const type = Array.isArray(resolved.type) ? this.random.pick(resolved.type as string[]) : (resolved.type as string | undefined) ?? (resolved.properties ? 'object' : 'string');
    switch (type) {
      case 'object': {
        const result: Json = {};
        if (depth > 6) return result;
        const required = new Set((resolved.required as string[] | undefined) ?? []);
        for (const [name, property] of Object.entries((resolved.properties as Record<string, Json> | undefined) ?? {})) {
          if (required.has(name) || this.random.chance(0.5)) result[name] = this.value(property, depth + 1);
        }
        return result;
      }
      case 'array': {
        if (depth > 6) return [];
        const min = (resolved.minItems as number | undefined) ?? 0;
        const max = Math.min((resolved.maxItems as number | undefined) ?? 3, min + 3);
        return Array.from({ length: this.random.int(min, max) }, () => this.value((resolved.items as Json | undefined) ?? {}, depth + 1));
      }
      case 'integer':
      case 'number': {
        const min = (resolved.minimum as number | undefined) ?? 0;
        const max = Math.min((resolved.maximum as number | undefined) ?? min + 100, min + 1000);
        const value = this.random.int(Math.ceil(min), Math.floor(max));
        return type === 'number' && this.random.chance(0.3) ? value + 0.5 : value;
      }
      case 'boolean':
        return this.random.chance(0.5);
      case 'null':
        return null;
      default:
        return this.string(resolved);
    }
  }

  private string(schema: Json): string {
    switch (schema.format) {
      case 'uuid': {
        const known = Object.values(this.known).flat().filter((value) => /^[0-9a-f-]{36}$/.test(value));
        return known.length && this.random.chance(0.7) ? this.random.pick(known) : crypto.randomUUID();
      }
      case 'date':
        return `20${this.random.int(24, 28)}-${String(this.random.int(1, 12)).padStart(2, '0')}-${String(this.random.int(1, 28)).padStart(2, '0')}`;
      case 'date-time':
        return `20${this.random.int(25, 28)}-${String(this.random.int(1, 12)).padStart(2, '0')}-${String(this.random.int(1, 28)).padStart(2, '0')}T${String(this.random.int(0, 23)).padStart(2, '0')}:${this.random.pick(['00', '30'])}${this.random.pick(['', ':00Z', '+02:00'])}`;
      case 'email':
        return `${this.random.pick(['ines', 'paul', 'claire', 'jean'])}.${this.random.int(1, 999)}@example.fr`;
      case 'uri':
      case 'url':
        return `https://visio.example.fr/${this.random.int(1, 999)}`;
    }
    const min = (schema.minLength as number | undefined) ?? 1;
    const max = Math.min((schema.maxLength as number | undefined) ?? 40, 60);
    const words = ['Comité', 'de', 'pilotage', 'école', 'Réunion', 'numérique', 'Crêts', 'Belledonne', 'salle', 'bilan'];
    let text = '';
    while (text.length < min) text += `${text ? ' ' : ''}${this.random.pick(words)}`;
    return text.slice(0, Math.max(min, this.random.int(min, max)));
  }

  /** The value with one thing changed: a hostile value somewhere, a field removed or added. */
  private bend(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return this.random.pick(HOSTILE);
    const containers: Array<Json | unknown[]> = [];
    const walk = (node: unknown, depth: number) => {
      if (node === null || typeof node !== 'object' || depth > 8) return;
      containers.push(node as Json);
      for (const inner of Object.values(node as Json)) walk(inner, depth + 1);
    };
    walk(value, 0);
    const target = this.random.pick(containers);
    const keys = Object.keys(target);
    const roll = this.random.next();
    if (Array.isArray(target)) {
      if (roll < 0.5 && keys.length) target[this.random.int(0, target.length - 1)] = this.random.pick(HOSTILE);
      else target.push(this.random.pick(HOSTILE));
    } else if (roll < 0.6 && keys.length) target[this.random.pick(keys)] = this.random.pick(HOSTILE);
    else if (roll < 0.8 && keys.length) delete target[this.random.pick(keys)];
    else target[this.random.pick(['unknown', 'id', 'createdAt', 'version', 'isAdmin'])] = this.random.pick(HOSTILE);
    return value;
  }

  private resolve(schema: Json, seen = 0): Json {
    if (typeof schema.$ref !== 'string' || seen > 20) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    return this.resolve({ ...(this.document.components.schemas[name] ?? {}), ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$ref')) }, seen + 1);
  }
}
