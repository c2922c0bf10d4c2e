import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailRenderer, MailTemplateError, parseTemplate, renderNodes } from './mail-renderer';

const render = (source: string, variables: Record<string, unknown>, html = true) => renderNodes(parseTemplate(source, 't'), [variables], html, 't');

function templatesWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'copil-templates-'));
  mkdirSync(join(dir, 'email'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'email', name), content);
  return dir;
}

describe('mail templates', () => {
  it('escapes values in HTML and leaves them as they are in plain text', () => {
    const name = `Zoé <script>alert("x")</script> & Cie l'école`;
    expect(render('<p>{{name}}</p>', { name })).toBe('<p>Zoé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie l&#39;école</p>');
    expect(render('{{name}}', { name }, false)).toBe(name);
  });

  it('inserts {{{triple}}} values unescaped, for HTML built beforehand', () => {
    expect(render('<div>{{{body}}}</div>', { body: '<p>déjà échappé</p>' })).toBe('<div><p>déjà échappé</p></div>');
  });

  it('reads nested fields, conditions and lists', () => {
    const source = '{{meeting.title}}{{#if items}}:{{#each items}} [{{title}} par {{presenter.name}}]{{/each}}{{else}} (sans ordre du jour){{/if}}';
    expect(render(source, { meeting: { title: 'COPIL' }, items: [{ title: 'Bilan', presenter: { name: 'IEN' } }, { title: 'Budget', presenter: { name: 'Maire' } }] }, false)).toBe(
      'COPIL: [Bilan par IEN] [Budget par Maire]',
    );
    expect(render(source, { meeting: { title: 'COPIL' }, items: [] }, false)).toBe('COPIL (sans ordre du jour)');
    expect(render('{{#each names}}{{this}};{{/each}}', { names: ['a', 'b'] }, false)).toBe('a;b;');
  });

  it('refuses to render a variable it was not given rather than leave a hole', () => {
    expect(() => render('Bonjour {{fullName}}', {})).toThrow(new MailTemplateError('t: no value for {{fullName}}'));
    expect(() => render('{{person.name}}', { person: {} })).toThrow('t: no value for {{person.name}}');
  });

  it('refuses malformed templates', () => {
    expect(() => parseTemplate('{{#if a}}x', 'bad.txt')).toThrow('bad.txt: {{#if}} is never closed');
    expect(() => parseTemplate('{{/each}}', 'bad.txt')).toThrow('bad.txt: unexpected {{/each}}');
    expect(() => parseTemplate('{{else}}', 'bad.txt')).toThrow('bad.txt: {{else}} outside {{#if}}');
  });

  it('renders subject, text and HTML inside the layout from a templates folder', () => {
    const renderer = new MailRenderer(
      templatesWith({
        'layout.html': '<html><title>{{subject}}</title>{{{body}}}</html>',
        'rappel.subject.txt': 'Rappel :\n {{what}}\n',
        'rappel.txt': 'Bonjour {{name}}',
        'rappel.html': '<p>Bonjour {{name}}</p>',
      }),
    );
    expect(renderer.render('rappel', { what: 'COPIL', name: 'Anaïs & Léo' })).toEqual({
      subject: 'Rappel : COPIL',
      text: 'Bonjour Anaïs & Léo',
      html: '<html><title>Rappel : COPIL</title><p>Bonjour Anaïs &amp; Léo</p></html>',
    });
  });

  it('sends plain text only when a template has no HTML part, and refuses an unknown template', () => {
    const renderer = new MailRenderer(templatesWith({ 'court.subject.txt': 'Objet', 'court.txt': 'Texte' }));
    expect(renderer.render('court', {})).toEqual({ subject: 'Objet', text: 'Texte' });
    expect(() => renderer.render('absent', {})).toThrow('template "absent" needs absent.subject.txt and absent.txt');
    expect(() => renderer.render('../secret', {})).toThrow('invalid template name');
  });

  it('renders the French sign-in email of the repository', () => {
    const mail = new MailRenderer().render('sign-in-link', { fullName: 'Élodie', link: 'https://copil.example.fr/auth/callback?token=abc', ttlMinutes: 15 });
    expect(mail.subject).toBe('Votre lien de connexion à copil');
    expect(mail.text).toContain('Bonjour Élodie,');
    expect(mail.text).toContain('https://copil.example.fr/auth/callback?token=abc');
    expect(mail.html).toContain('href="https://copil.example.fr/auth/callback?token=abc"');
    expect(mail.text).not.toMatch(/ [:;!?]/);
  });
});
