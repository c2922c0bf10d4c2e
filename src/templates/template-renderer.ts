import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import Handlebars from 'handlebars';
import { frenchDay, frenchInstant, frenchLocalDate, frenchSpan } from '../common/french-time';
import type { LocalDate } from '../rules/local-date';

/**
 * Every email and every page copil shows is a Handlebars template of templates/ (see
 * docs/templates.md): `layouts/`, `partials/`, `email/<name>.{subject.txt,txt,html}` and
 * `pages/<name>.html`. All of them are read and compiled once, when the renderer is built.
 *
 * Two Handlebars environments share the helpers: the HTML one escapes every `{{value}}`, the text one
 * (subjects and plain-text bodies) inserts values as they are. Both run in strict mode: a
 * `{{name}}` that no variable carries is an error, never an empty hole in a sent email.
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html?: string;
}

export type TemplateVariables = Record<string, unknown>;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Overrides the templates folder (tests); by default the repository's templates/. */
export const TEMPLATES_DIR = Symbol('TEMPLATES_DIR');

/** Finds templates/ beside the sources (ts-jest, ts-node) or beside dist/ (built). */
export function defaultTemplatesDir(): string {
  const candidates = [resolve(__dirname, '../../templates'), resolve(__dirname, '../../../templates')];
  return candidates.find((dir) => existsSync(join(dir, 'layouts'))) ?? candidates[0];
}

type Compiled = Handlebars.TemplateDelegate;

const HTML_OPTIONS: CompileOptions = {
  strict: true,
  // Whitespace is written in the files as it must come out: a block tag alone on its line keeps
  // that line's spaces and line break, which plain-text emails rely on.
  ignoreStandalone: true,
};
const TEXT_OPTIONS: CompileOptions = { ...HTML_OPTIONS, noEscape: true };

const NAME = /^[a-z0-9-]+$/;

/**
 * A URL for an `href`: escaped for an HTML attribute, but with its `=` left readable (Handlebars
 * escapes `=` in text), and only http(s) or mailto, so that no data can become a `javascript:` link.
 */
function hrefHelper(value: unknown): Handlebars.SafeString {
  const url = String(value ?? '');
  if (!/^(https?:\/\/|mailto:)/i.test(url)) throw new TemplateError(`refusing the link "${url}": only http(s) and mailto links are written`);
  return new Handlebars.SafeString(url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

function instant(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new TemplateError(`"${String(value)}" is not an instant`);
  return date;
}

function registerHelpers(env: typeof Handlebars): void {
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('href', hrefHelper);
  // The one French writer of src/common/french-time.ts, for pages that hold instants and a zone.
  env.registerHelper('frenchDay', (at: unknown, zone: string) => frenchDay(instant(at), zone));
  env.registerHelper('frenchInstant', (at: unknown, zone: string) => frenchInstant(instant(at), zone));
  env.registerHelper('frenchSpan', (start: unknown, end: unknown, zone: string) => frenchSpan(instant(start), instant(end), zone));
  env.registerHelper('frenchDate', (date: LocalDate) => frenchLocalDate(date));
}

/** The one renderer of emails and pages; inject it wherever French text is written for a person. */
@Injectable()
export class TemplateRenderer {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly dir: string;
  private readonly layouts = new Map<string, Compiled>();
  private readonly emails = new Map<string, { subject: Compiled; text: Compiled; html?: Compiled }>();
  private readonly pages = new Map<string, Compiled>();

  constructor(@Optional() @Inject(TEMPLATES_DIR) templatesDir?: string) {
    this.dir = templatesDir ?? defaultTemplatesDir();
    registerHelpers(this.html);
    registerHelpers(this.text);
    this.load();
  }

  /** An email: its subject on one line, its plain text, and its HTML laid inside layouts/email.html. */
  email(name: string, variables: TemplateVariables): RenderedEmail {
    const templates = this.emails.get(name);
    if (!templates) throw new TemplateError(`no email template "${name}" in ${join(this.dir, 'email')}`);
    // Line breaks of the file go; the non-breaking spaces of French typography stay.
    const subject = run(templates.subject, variables, `email/${name}.subject.txt`).replace(/[ \t\r\n]+/g, ' ').trim();
    const text = run(templates.text, variables, `email/${name}.txt`);
    if (!templates.html) return { subject, text };
    const body = run(templates.html, variables, `email/${name}.html`);
    return { subject, text, html: this.inLayout('email', { ...variables, subject, body }) };
  }

  /** A page: pages/<name>.html laid inside a layout (layouts/page.html unless another is named). */
  page(name: string, variables: TemplateVariables, options: { layout?: string } = {}): string {
    const template = this.pages.get(name);
    if (!template) throw new TemplateError(`no page template "${name}" in ${join(this.dir, 'pages')}`);
    const body = run(template, variables, `pages/${name}.html`);
    return this.inLayout(options.layout ?? 'page', { ...variables, body });
  }

  private inLayout(layout: string, variables: TemplateVariables): string {
    const template = this.layouts.get(layout);
    if (!template) throw new TemplateError(`no layout "${layout}" in ${join(this.dir, 'layouts')}`);
    return run(template, variables, `layouts/${layout}.html`);
  }

  private load(): void {
    for (const file of filesOf(join(this.dir, 'partials'))) {
      (extname(file) === '.txt' ? this.text : this.html).registerPartial(basename(file, extname(file)), this.compile('partials', file));
    }
    for (const file of filesOf(join(this.dir, 'layouts'))) {
      if (extname(file) === '.html') this.layouts.set(basename(file, '.html'), this.compile('layouts', file));
    }
    for (const file of filesOf(join(this.dir, 'pages'))) {
      if (extname(file) === '.html') this.pages.set(basename(file, '.html'), this.compile('pages', file));
    }
    const emailDir = join(this.dir, 'email');
    for (const file of filesOf(emailDir)) {
      if (!file.endsWith('.subject.txt')) continue;
      const name = file.slice(0, -'.subject.txt'.length);
      if (!existsSync(join(emailDir, `${name}.txt`))) throw new TemplateError(`email template "${name}" needs ${name}.txt beside ${file}`);
      this.emails.set(name, {
        subject: this.compile('email', file),
        text: this.compile('email', `${name}.txt`),
        ...(existsSync(join(emailDir, `${name}.html`)) ? { html: this.compile('email', `${name}.html`) } : {}),
      });
    }
  }

  private compile(folder: string, file: string): Compiled {
    const text = extname(file) === '.txt';
    const env = text ? this.text : this.html;
    const source = this.read(folder, file);
    try {
      // Handlebars compiles lazily: parsing now makes a malformed template fail the start, not a sending.
      env.parse(source);
    } catch (error) {
      throw new TemplateError(`${folder}/${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return env.compile(source, text ? TEXT_OPTIONS : HTML_OPTIONS);
  }

  private read(folder: string, file: string): string {
    return readFileSync(join(this.dir, folder, file), 'utf8');
  }
}

function filesOf(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((file) => NAME.test(file.split('.')[0])).sort() : [];
}

function run(template: Compiled, variables: TemplateVariables, origin: string): string {
  try {
    return template(variables);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TemplateError(`${origin}: ${message}`);
  }
}
