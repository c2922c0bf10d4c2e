import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';

/** Finds templates/ beside the sources (ts-jest, ts-node) or beside dist/ (built). */
export function templatesRoot(): string {
  const candidates = [resolve(__dirname, '../../templates'), resolve(__dirname, '../../../templates')];
  return candidates.find((dir) => existsSync(join(dir, 'pages'))) ?? candidates[0];
}

export type PageVariables = Record<string, unknown>;

/**
 * The web pages: `templates/pages/<name>.html` laid inside `templates/layouts/web.html`, with the
 * partials of `templates/partials/`. Handlebars in strict mode: a name no variable carries is an
 * error, never an empty hole in a page; values are HTML-escaped unless written {{{…}}}.
 * Templates are compiled once, on first use.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly root = templatesRoot();

  constructor() {
    const partials = join(this.root, 'partials');
    for (const file of existsSync(partials) ? readdirSync(partials) : []) {
      if (file.endsWith('.html')) this.handlebars.registerPartial(basename(file, '.html'), readFileSync(join(partials, file), 'utf8'));
    }
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  /** The whole page: `layout` carries what every page shows (organization, who is signed in). */
  render(page: string, variables: PageVariables, layout: PageVariables): string {
    const body = this.template(`pages/${page}.html`)(variables);
    return this.template('layouts/web.html')({ ...layout, body });
  }

  private template(file: string): Handlebars.TemplateDelegate {
    let template = this.compiled.get(file);
    if (!template) {
      template = this.handlebars.compile(readFileSync(join(this.root, file), 'utf8'), { strict: true });
      this.compiled.set(file, template);
    }
    return template;
  }
}
