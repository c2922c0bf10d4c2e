import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../src/config/app-config';
import { MailTransport } from '../src/mail/mail-transport';
import { SystemClock } from '../src/common/clock';
import { TemplateRenderer } from '../src/templates/template-renderer';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';

const ICS = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//copil//test//FR', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:copil-test@copil.example.fr', 'DTSTAMP:20260301T090000Z', 'DTSTART:20260302T090000Z', 'SUMMARY:Comité de pilotage', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

describe('mail transport', () => {
  describe('over SMTP', () => {
    let sink: SmtpSink;
    let transport: MailTransport;

    beforeAll(async () => {
      sink = await startSmtpSink({ rcpt: (address) => (address.startsWith('inconnu@') ? { code: 550, message: 'No such user here' } : null) });
      transport = new MailTransport(loadConfig({ NODE_ENV: 'test', SMTP_URL: sink.url, MAIL_FROM: 'Académie de Guyane <copil@ac-guyane.fr>', SMTP_TIMEOUT_MS: '5000' }), new SystemClock());
    });
    afterAll(async () => {
      await transport.onApplicationShutdown();
      await sink.close();
    });
    beforeEach(() => sink.clear());

    it('says where mail goes, without the credentials of the URL', () => {
      const withCredentials = new MailTransport(loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://copil:motdepasse@smtp.example.fr:2525' }), new SystemClock());
      expect(withCredentials.destination).toBe('SMTP server smtp://smtp.example.fr:2525 (pool of 5)');
      void withCredentials.onApplicationShutdown();
    });

    it('delivers a rendered French message and reports its id, the accepted recipients and the server answer', async () => {
      const mail = new TemplateRenderer().email('sign-in-link', { fullName: 'Josée Lebon', link: 'https://copil.example.fr/auth/callback?token=x', ttlMinutes: 15 });
      const sent = await transport.send({ to: ['josee.lebon@ville-remire-montjoly.fr', 'inconnu@ville-remire-montjoly.fr'], ...mail });

      expect(sent.accepted).toEqual(['josee.lebon@ville-remire-montjoly.fr']);
      expect(sent.response).toMatch(/^250 /);
      const [received] = await sink.waitFor(1);
      expect({ from: received.from, to: received.to }).toEqual({ from: 'copil@ac-guyane.fr', to: ['josee.lebon@ville-remire-montjoly.fr'] });
      const parsed = await sink.parsed(received);
      expect(parsed.messageId).toBe(sent.messageId);
      expect(parsed.from?.value[0]).toMatchObject({ name: 'Académie de Guyane', address: 'copil@ac-guyane.fr' });
      expect(parsed.subject).toBe('Votre lien de connexion à copil');
      expect(parsed.text).toContain('Bonjour Josée Lebon,');
      expect(parsed.html).toContain('Bonjour Josée Lebon,');
    });

    it('carries a calendar invitation as the text/calendar alternative', async () => {
      await transport.send({ to: 'ien@ac-guyane.fr', subject: 'Convocation', text: 'Vous êtes convoqué.', icalEvent: { method: 'REQUEST', content: ICS } });
      const [received] = await sink.waitFor(1);
      expect(received.raw.toString()).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
      expect(received.raw.toString()).toContain('UID:copil-test@copil.example.fr');
    });

    it('sends many messages at once through its pool', async () => {
      const sent = await Promise.all(
        Array.from({ length: 12 }, (_, i) => transport.send({ to: `membre.${i}@example.fr`, subject: `Message ${i}`, text: 'Bonjour' })),
      );
      await sink.waitFor(12);
      expect(new Set(sent.map((s) => s.messageId)).size).toBe(12);
      expect((await Promise.all(sink.received.map(sink.parsed))).map((m) => m.subject).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Message ${i}`).sort());
    });

    it('returns the bytes the server received, messages sent together each its own, lone line ends and leading dots included', async () => {
      const sent = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          transport.send({
            to: `membre.${i}@example.fr`,
            subject: `Compte rendu ${i}`,
            text: `Bonjour,\n.\n..ligne ${i} commençant par un point\nFin.`,
            icalEvent: { method: 'REQUEST', content: ICS },
            // Written as it is (7bit): nodemailer leaves its lone LF and CR, which SMTP turns into CRLF.
            attachments: [{ filename: `notes-${i}.txt`, content: `ligne un\nligne deux\rligne trois ${i}\n.`, contentTransferEncoding: '7bit' }],
          }),
        ),
      );
      const received = await sink.waitFor(6);
      for (const mail of sent) {
        const arrived = received.find((message) => message.raw.includes(mail.messageId));
        expect(arrived?.raw.equals(mail.raw)).toBe(true);
      }
      expect(sent.some((mail) => mail.raw.includes('ligne deux\r\nligne trois'))).toBe(true);
    });

    it('fails loudly when no recipient is accepted', async () => {
      await expect(transport.send({ to: 'inconnu@example.fr', subject: 'x', text: 'x' })).rejects.toThrow(/550|recipients/i);
    });
  });

  describe('into the outbox folder (no SMTP_URL)', () => {
    let dir: string;
    let transport: MailTransport;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'copil-outbox-'));
      transport = new MailTransport(loadConfig({ NODE_ENV: 'test', MAIL_OUTBOX_DIR: join(dir, 'outbox') }), new SystemClock());
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('says that nothing leaves the machine', () => {
      expect(transport.destination).toBe(`outbox folder ${join(dir, 'outbox')} (no SMTP_URL: nothing leaves this machine)`);
    });

    it('writes each message as an .eml file that mail clients open', async () => {
      const sent = await transport.send({ to: 'directrice@ecole.fr', cc: 'ien@ac-grenoble.fr', subject: 'Réunion du comité de pilotage local', text: 'Bonjour,\nà bientôt.', html: '<p>Bonjour,</p>' });
      const files = await readdir(join(dir, 'outbox'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-[0-9a-f]{8}\.eml$/);
      expect(sent.response).toBe(`written to ${join(dir, 'outbox', files[0])}`);
      expect(sent.accepted).toEqual(['directrice@ecole.fr', 'ien@ac-grenoble.fr']);

      const raw = await readFile(join(dir, 'outbox', files[0]));
      expect(raw.toString()).toContain('\r\n');
      const parsed = await simpleParser(raw);
      expect(parsed.messageId).toBe(sent.messageId);
      expect(parsed.subject).toBe('Réunion du comité de pilotage local');
      expect(parsed.from?.value[0]).toMatchObject({ name: 'copil', address: 'copil@copil.localhost' });
      expect(parsed.text).toBe('Bonjour,\nà bientôt.');
    });

    it('keeps every message: two sends, two files', async () => {
      await Promise.all([transport.send({ to: 'a@example.fr', subject: 'a', text: 'a' }), transport.send({ to: 'b@example.fr', subject: 'b', text: 'b' })]);
      expect((await readdir(join(dir, 'outbox'))).length).toBe(3);
    });
  });
});
