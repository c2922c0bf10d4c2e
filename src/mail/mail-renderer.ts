import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';

/**
 * Templates are files in templates/email/: `<name>.subject.txt`, `<name>.txt`, and optionally
 * `<name>.html`, laid inside `layout.html` ({{{body}}}). The language is a small subset of
 * Mustache, enough for emails and safe by default:
 *   {{name}} / {{person.fullName}}   a value; HTML-escaped in .html files
 *   {{{name}}}                       a value inserted as is: only for HTML built with escapeHtml
 *   {{#if name}}…{{else}}…{{/if}}    shown when the value is truthy (a non-empty list counts)
 *   {{#each list}}…{{/each}}         once per item; inside, {{this}} or the item's fields
 * A name that no variable carries is an error, never an empty hole in a sent email.
 */
export interface RenderedMail {
  subject: string;
  text: string;
  html?: string;
}

export type TemplateVariables = Record<string, unknown>;

export class MailTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailTemplateError';
  }
}

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'value'; name: string; raw: boolean }
  | { kind: 'if'; name: string; then: Node[]; otherwise: Node[] }
  | { kind: 'each'; name: string; body: Node[] };

const TAG = /\{\{\{\s*([\w.]+)\s*\}\}\}|\{\{\s*(#if|#each|\/if|\/each|else)?\s*([\w.]*)\s*\}\}/g;

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Parses a template once; the result renders any number of times. */
export function parseTemplate(source: string, origin: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { kind: 'if' | 'each' }>; into: Node[] }> = [];
  let current = root;
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    if (match.index > last) current.push({ kind: 'text', value: source.slice(last, match.index) });
    last = match.index + match[0].length;
    const [, rawName, keyword, name] = match;
    if (rawName !== undefined) {
      current.push({ kind: 'value', name: rawName, raw: true });
    } else if (keyword === '#if' || keyword === '#each') {
      if (!name) throw new MailTemplateError(`${origin}: ${keyword} needs a name`);
      const node: Extract<Node, { kind: 'if' | 'each' }> =
        keyword === '#if' ? { kind: 'if', name, then: [], otherwise: [] } : { kind: 'each', name, body: [] };
      current.push(node);
      stack.push({ node, into: current });
      current = node.kind === 'if' ? node.then : node.body;
    } else if (keyword === 'else') {
      const open = stack.at(-1);
      if (!open || open.node.kind !== 'if') throw new MailTemplateError(`${origin}: {{else}} outside {{#if}}`);
      current = open.node.otherwise;
    } else if (keyword === '/if' || keyword === '/each') {
      const open = stack.pop();
      if (!open || `/${open.node.kind}` !== keyword) throw new MailTemplateError(`${origin}: unexpected {{${keyword}}}`);
      current = open.into;
    } else {
      if (!name) throw new MailTemplateError(`${origin}: empty {{}}`);
      current.push({ kind: 'value', name, raw: false });
    }
  }
  if (stack.length > 0) throw new MailTemplateError(`${origin}: {{#${stack.at(-1)?.node.kind}}} is never closed`);
  if (last < source.length) current.push({ kind: 'text', value: source.slice(last) });
  return root;
}

export function renderNodes(nodes: Node[], scopes: unknown[], html: boolean, origin: string): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.value;
        break;
      case 'value': {
        const value = lookup(scopes, node.name, origin);
        const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
        out += html && !node.raw ? escapeHtml(text) : text;
        break;
      }
      case 'if': {
        const value = lookup(scopes, node.name, origin);
        const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value);
        out += renderNodes(truthy ? node.then : node.otherwise, scopes, html, origin);
        break;
      }
      case 'each': {
        const list = lookup(scopes, node.name, origin);
        if (!Array.isArray(list)) throw new MailTemplateError(`${origin}: {{#each ${node.name}}} needs a list`);
        for (const item of list) out += renderNodes(node.body, [item, ...scopes], html, origin);
        break;
      }
    }
  }
  return out;
}

function lookup(scopes: unknown[], path: string, origin: string): unknown {
  if (path === 'this') return scopes[0];
  const [head, ...rest] = path.split('.');
  for (const scope of scopes) {
    if (scope !== null && typeof scope === 'object' && head in scope) {
      let value: unknown = (scope as Record<string, unknown>)[head];
      for (const key of rest) {
        if (value === null || typeof value !== 'object' || !(key in value)) {
          throw new MailTemplateError(`${origin}: no value for {{${path}}}`);
        }
        value = (value as Record<string, unknown>)[key];
      }
      return value;
    }
  }
  throw new MailTemplateError(`${origin}: no value for {{${path}}}`);
}

/** Finds templates/ beside the sources (ts-jest, ts-node) or beside dist/ (built). */
export function defaultTemplatesDir(): string {
  const candidates = [resolve(__dirname, '../../templates'), resolve(__dirname, '../../../templates')];
  return candidates.find((dir) => existsSync(join(dir, 'email'))) ?? candidates[0];
}

/** Overrides the templates folder (tests); by default the repository's templates/. */
export const MAIL_TEMPLATES_DIR = Symbol('MAIL_TEMPLATES_DIR');

/** Renders the French email templates of templates/email; generic, for every kind of message. */
@Injectable()
export class MailRenderer {
  private readonly cache = new Map<string, Node[] | null>();
  private readonly dir: string;

  constructor(@Optional() @Inject(MAIL_TEMPLATES_DIR) templatesDir?: string) {
    this.dir = join(templatesDir ?? defaultTemplatesDir(), 'email');
  }

  render(name: string, variables: TemplateVariables): RenderedMail {
    if (!/^[a-z0-9-]+$/.test(name)) throw new MailTemplateError(`invalid template name "${name}"`);
    const subject = this.renderFile(`${name}.subject.txt`, variables, false);
    const text = this.renderFile(`${name}.txt`, variables, false);
    const body = this.renderFile(`${name}.html`, variables, true);
    if (subject === null || text === null) throw new MailTemplateError(`template "${name}" needs ${name}.subject.txt and ${name}.txt`);
    const rendered: RenderedMail = { subject: subject.replace(/\s+/g, ' ').trim(), text };
    if (body !== null) {
      const layout = this.renderFile('layout.html', { ...variables, subject: rendered.subject, body }, true);
      rendered.html = layout ?? body;
    }
    return rendered;
  }

  private renderFile(file: string, variables: TemplateVariables, html: boolean): string | null {
    const nodes = this.load(file);
    return nodes === null ? null : renderNodes(nodes, [variables], html, file);
  }

  private load(file: string): Node[] | null {
    if (!this.cache.has(file)) {
      const path = join(this.dir, file);
      this.cache.set(file, existsSync(path) ? parseTemplate(readFileSync(path, 'utf8'), file) : null);
    }
    return this.cache.get(file) ?? null;
  }
}
