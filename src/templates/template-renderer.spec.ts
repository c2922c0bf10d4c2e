import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TemplateRenderer } from './template-renderer';

function templatesWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'copil-templates-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const LAYOUTS = {
  'layouts/email.html': '<html><title>{{subject}}</title>{{{body}}}</html>',
  'layouts/page.html': '<main>{{{body}}}</main>',
};

describe('the template renderer', () => {
  it('escapes values in HTML and leaves them as they are in subjects and plain text', () => {
    const renderer = new TemplateRenderer(
      templatesWith({ ...LAYOUTS, 'email/hello.subject.txt': 'Pour {{name}}', 'email/hello.txt': '{{name}}', 'email/hello.html': '<p>{{name}}</p>' }),
    );
    const name = `Zoé <script>alert("x")</script> & Cie`;
    expect(renderer.email('hello', { name })).toEqual({
      subject: `Pour ${name}`,
      text: name,
      html: '<html><title>Pour Zoé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie</title><p>Zoé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie</p></html>',
    });
  });

  it('refuses to render a variable it was not given rather than leave a hole', () => {
    const renderer = new TemplateRenderer(templatesWith({ ...LAYOUTS, 'pages/p.html': 'Bonjour {{person.fullName}}' }));
    expect(() => renderer.page('p', {})).toThrow(/pages\/p\.html: "fullName" not defined/);
    expect(() => renderer.page('p', { person: {} })).toThrow(/"fullName" not defined/);
    expect(renderer.page('p', { person: { fullName: 'Anaïs' } })).toBe('<main>Bonjour Anaïs</main>');
  });

  it('shares partials by file name, an HTML one for HTML and a text one for text', () => {
    const renderer = new TemplateRenderer(
      templatesWith({
        ...LAYOUTS,
        'partials/facts.html': '<b>{{when}}</b>',
        'partials/facts.txt': 'Date : {{when}}',
        'email/a.subject.txt': 'A',
        'email/a.txt': '{{> facts}}\n',
        'email/a.html': '<p>{{> facts}}</p>',
        'pages/b.html': '{{> facts}}',
      }),
    );
    expect(renderer.email('a', { when: 'lundi & mardi' })).toMatchObject({ text: 'Date : lundi & mardi\n', html: '<html><title>A</title><p><b>lundi &amp; mardi</b></p></html>' });
    expect(renderer.page('b', { when: 'jeudi' })).toBe('<main><b>jeudi</b></main>');
  });

  it('keeps the whitespace of the file around block tags, as plain-text emails need', () => {
    const renderer = new TemplateRenderer(
      templatesWith({ ...LAYOUTS, 'email/l.subject.txt': 'Rappel :\n {{what}}\n', 'email/l.txt': 'Liste :\n{{#each items}}\n- {{this}}\n{{/each}}\nFin' }),
    );
    expect(renderer.email('l', { what: 'COPIL', items: ['a', 'b'] })).toEqual({ subject: 'Rappel : COPIL', text: 'Liste :\n\n- a\n\n- b\n\nFin' });
  });

  it('writes links readable in href and refuses links that are not web or mail addresses', () => {
    const renderer = new TemplateRenderer(templatesWith({ ...LAYOUTS, 'pages/l.html': '<a href="{{href link}}">lien</a>' }));
    expect(renderer.page('l', { link: 'https://copil.example.fr/a?answer=accepted&x="1"' })).toBe(
      '<main><a href="https://copil.example.fr/a?answer=accepted&amp;x=&quot;1&quot;">lien</a></main>',
    );
    expect(() => renderer.page('l', { link: 'javascript:alert(1)' })).toThrow('only http(s) and mailto links');
  });

  it('lays a page inside the layout it names', () => {
    const renderer = new TemplateRenderer(templatesWith({ ...LAYOUTS, 'layouts/bare.html': '[{{{body}}}]', 'pages/p.html': '{{#if (eq n 2)}}deux{{/if}}' }));
    expect(renderer.page('p', { n: 2 }, { layout: 'bare' })).toBe('[deux]');
    expect(() => renderer.page('p', { n: 2 }, { layout: 'absent' })).toThrow('no layout "absent"');
  });

  it('writes dates and hours with the one French writer', () => {
    const renderer = new TemplateRenderer(
      templatesWith({ ...LAYOUTS, 'pages/d.html': '{{frenchSpan start end zone}} | {{frenchInstant start zone}} | {{frenchDay start zone}} | {{frenchDate day}}' }),
    );
    expect(renderer.page('d', { start: new Date('2025-03-31T07:00:00Z'), end: '2025-03-31T09:00:00Z', zone: 'Europe/Paris', day: '2025-04-01' }, { layout: 'page' })).toBe(
      '<main>lundi 31 mars 2025, de 9\u00A0h à 11\u00A0h (heure de Paris) | lundi 31 mars 2025 à 9\u00A0h (heure de Paris) | lundi 31 mars 2025 | mardi 1er avril 2025</main>',
    );
  });

  it('refuses an unknown template, and a malformed one when it starts rather than when it sends', () => {
    const renderer = new TemplateRenderer(templatesWith({ ...LAYOUTS, 'email/court.subject.txt': 'Objet', 'email/court.txt': 'Texte' }));
    expect(renderer.email('court', {})).toEqual({ subject: 'Objet', text: 'Texte' });
    expect(() => renderer.email('absent', {})).toThrow('no email template "absent"');
    expect(() => new TemplateRenderer(templatesWith({ ...LAYOUTS, 'pages/bad.html': '{{#if a}}x' }))).toThrow(/pages\/bad\.html: Parse error/);
    expect(() => new TemplateRenderer(templatesWith({ ...LAYOUTS, 'email/seul.subject.txt': 'Objet' }))).toThrow('needs seul.txt');
  });

  it('renders the French sign-in email of the repository', () => {
    const mail = new TemplateRenderer().email('sign-in-link', { fullName: 'Élodie', link: 'https://copil.example.fr/auth/callback?token=abc', ttlMinutes: 15 });
    expect(mail.subject).toBe('Votre lien de connexion à copil');
    expect(mail.text).toContain('Bonjour Élodie,');
    expect(mail.text).toContain('https://copil.example.fr/auth/callback?token=abc');
    expect(mail.html).toContain('href="https://copil.example.fr/auth/callback?token=abc"');
    expect(mail.html).toContain('copil — comités des conventions de partenariat éducatives');
    expect(mail.text).not.toMatch(/ [:;!?]/);
  });
});
