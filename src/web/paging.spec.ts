import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateRenderer } from '../templates/template-renderer';
import { paging } from './paging';

const link = (page: number) => `/liste?page=${page}`;

describe('paging', () => {
  it('is absent when everything fits on one page', () => {
    expect(paging(1, 1, link)).toBeNull();
    expect(paging(1, 0, link)).toBeNull();
  });

  it('links the pages beside the current one, and the ends only when asked and not already beside it', () => {
    expect(paging(1, 3, link)).toEqual({ text: 'Page 1 sur 3', first: null, previous: null, next: '/liste?page=2', last: null });
    expect(paging(3, 3, link)).toEqual({ text: 'Page 3 sur 3', first: null, previous: '/liste?page=2', next: null, last: null });
    expect(paging(4, 7, link, true)).toEqual({ text: 'Page 4 sur 7', first: '/liste?page=1', previous: '/liste?page=3', next: '/liste?page=5', last: '/liste?page=7' });
    expect(paging(2, 3, link, true)).toEqual({ text: 'Page 2 sur 3', first: null, previous: '/liste?page=1', next: '/liste?page=3', last: null });
  });
});

describe('the paging partial', () => {
  // The real partial, in a page of its own, through the strict renderer.
  const dir = mkdtempSync(join(tmpdir(), 'copil-paging-'));
  for (const folder of ['layouts', 'partials', 'pages']) mkdirSync(join(dir, folder));
  writeFileSync(join(dir, 'layouts/page.html'), '{{{body}}}');
  writeFileSync(join(dir, 'layouts/email.html'), '{{{body}}}');
  writeFileSync(join(dir, 'partials/paging.html'), readFileSync(join(__dirname, '../../templates/partials/paging.html')));
  writeFileSync(join(dir, 'pages/list.html'), '{{> paging previousText="Modifications plus récentes" nextText="Modifications plus anciennes"}}');
  const renderer = new TemplateRenderer(dir);
  const links = (html: string) => [...html.matchAll(/<a href="([^"]+)"(?: rel="(\w+)")?>([^<]+)<\/a>/g)]
    .map(([, href, rel, text]) => `${text} ${href.replace(/&#x3D;/g, '=')} ${rel ?? ''}`.trim());

  it('names the pages around the current one in the words the page gives', () => {
    const html = renderer.page('list', { paging: paging(4, 7, link, true) });
    expect(links(html)).toEqual([
      'Première page /liste?page=1',
      'Modifications plus récentes /liste?page=3 prev',
      'Modifications plus anciennes /liste?page=5 next',
      'Dernière page /liste?page=7',
    ]);
    expect(html).toContain('<li aria-current="page">Page 4 sur 7</li>');
    expect(html).toContain('<nav aria-label="Pages" class="paging">');
  });

  it('shows nothing for a list on one page', () => {
    expect(renderer.page('list', { paging: paging(1, 1, link) }).trim()).toBe('');
  });
});
