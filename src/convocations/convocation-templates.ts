import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { MailTemplateError, TemplateVariables, parseTemplate, renderNodes } from '../mail/mail-renderer';

type Nodes = ReturnType<typeof parseTemplate>;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Finds templates/convocation beside the sources (ts-jest, ts-node) or beside dist/ (built). */
export function convocationTemplatesDir(): string {
  const candidates = [resolve(__dirname, '../../templates/convocation'), resolve(__dirname, '../../../templates/convocation')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

/**
 * The French messages and pages of templates/convocation, in the template language of the mail
 * module (`{{value}}`, `{{#if}}`, `{{#each}}`; HTML-escaped in .html files). A message is
 * `<name>.subject.txt`, `<name>.txt` and `<name>.html` laid inside `layout.html`; a page is
 * `<name>.page.html` laid inside `page-layout.html`. Every file is read once.
 */
@Injectable()
export class ConvocationTemplates {
  private readonly cache = new Map<string, Nodes>();
  private readonly dir = convocationTemplatesDir();

  message(name: string, variables: TemplateVariables): RenderedMessage {
    // Line breaks of the file go; the non-breaking spaces of French typography stay.
    const subject = this.render(`${name}.subject.txt`, variables, false).replace(/[ \t\r\n]+/g, ' ').trim();
    const text = this.render(`${name}.txt`, variables, false);
    const body = this.render(`${name}.html`, variables, true);
    const html = this.render('layout.html', { ...variables, subject, body }, true);
    return { subject, text, html };
  }

  page(name: string, variables: TemplateVariables): string {
    const body = this.render(`${name}.page.html`, variables, true);
    return this.render('page-layout.html', { ...variables, body }, true);
  }

  private render(file: string, variables: TemplateVariables, html: boolean): string {
    return renderNodes(this.load(file), [variables], html, file);
  }

  private load(file: string): Nodes {
    let nodes = this.cache.get(file);
    if (!nodes) {
      const path = join(this.dir, file);
      if (!existsSync(path)) throw new MailTemplateError(`template ${path} is missing`);
      nodes = parseTemplate(readFileSync(path, 'utf8'), file);
      this.cache.set(file, nodes);
    }
    return nodes;
  }
}
