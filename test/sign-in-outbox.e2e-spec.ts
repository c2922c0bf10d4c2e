import { Account } from '../src/auth/account.entity';
import { createTestApp, TestApp } from './support/test-app';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { buildPerson } from './support/builders';
import { signInLinksSettled } from './support/outbox-rows';
import { WorkerProcess, startWorkerProcess } from './support/convocation-worker-process';

const LINK = /https:\/\/copil\.example\.fr\/connexion\/lien\?token=([A-Za-z0-9_-]{43})/;

describe('a sign-in link asked for while no worker runs', () => {
  // A guard against a hang: the worker process starts through ts-node, slowly on a loaded machine.
  jest.setTimeout(180_000);
  let t: TestApp;
  let smtp: SmtpSink;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ auth: true, env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://copil.example.fr' } });
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t.close();
    await smtp.close();
  });

  it('is kept in the outbox with the answer, and sent once a worker starts; the link opens a session', async () => {
    const person = await buildPerson(t.dataSource, { fullName: 'Hélène Lefèvre', email: 'helene.lefevre@example.fr' });
    await t.dataSource.getRepository(Account).save({ personId: person.id, active: true });

    await t.http().post('/auth/sign-in').send({ email: 'Helene.Lefevre@example.fr' }).expect(202);
    await t.http().post('/auth/sign-in').send({ email: 'personne.inconnue@example.fr' }).expect(202);

    // The answer was given once both asks were rows: the API may die now, nothing is lost. No
    // secret exists yet: the row holds the address, the link is made as it leaves.
    const waiting = await t.dataSource.query(
      `SELECT recipient_email, state FROM outbound_messages WHERE kind = 'sign_in_link' ORDER BY recipient_email`,
    );
    expect(waiting).toEqual([
      { recipient_email: 'helene.lefevre@example.fr', state: 'pending' },
      { recipient_email: 'personne.inconnue@example.fr', state: 'pending' },
    ]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS count FROM sign_in_links`)).toEqual([{ count: 0 }]);

    worker = startWorkerProcess({
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://copil.example.fr',
      COPIL_SECRET: t.config.auth.secret,
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'warn',
      CONVOCATION_RECONCILE_SECONDS: '1',
    });
    const [received] = await smtp.waitFor(1, 150_000);
    const mail = await smtp.parsed(received);
    expect(received.to).toEqual(['helene.lefevre@example.fr']);
    expect(mail.subject).toBe('Votre lien de connexion à copil');

    // The unknown address ends without a message, and the link's bytes are not kept, only their digest.
    expect(await signInLinksSettled(t)).toEqual({ sent: 1, obsolete: 1 });
    const [attempt] = await t.dataSource.query(
      `SELECT a.raw_message IS NULL AS bytes_dropped, length(a.raw_message_sha256) AS digest_length, a.message_id = m.message_id AS same_id
         FROM delivery_attempts a JOIN outbound_messages m ON m.id = a.outbound_message_id WHERE m.kind = 'sign_in_link'`,
    );
    expect(attempt).toEqual({ bytes_dropped: true, digest_length: 64, same_id: true });

    const token = LINK.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    const session = await t.http().post('/auth/session').send({ token }).expect(201);
    expect(session.body.person).toMatchObject({ id: person.id, fullName: 'Hélène Lefèvre' });
  });
});
