import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { AgendaItem } from '../src/meetings/agenda-item.entity';
import { Meeting } from '../src/meetings/meeting.entity';
import { MeetingDocument } from '../src/meetings/meeting-document.entity';
import { Convocation } from '../src/convocations/convocation.entity';
import { invitation } from '../src/convocations/convocation-rows';
import { MeetingReader } from '../src/convocations/meeting-reader';
import { snapshotOf } from '../src/convocations/meeting-snapshot';
import { NewMessage, OutboxRepository } from '../src/convocations/outbox.repository';
import { TestDatabase } from './support/test-database';
import { redisUrl } from './support/database-urls';
import { buildCommittee, buildConvention, buildMember, buildPerson } from './support/builders';

/**
 * The outbox's SQL and the meeting reader, called directly on PostgreSQL: no HTTP, no queue, no
 * mail server. What the guarantees rest on — one claim wins, a lost claim records nothing over a
 * later one, an expired claim is handed out again — is checked statement by statement.
 */
describe('OutboxRepository and MeetingReader on PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let config: AppConfig;
  let outbox: OutboxRepository;
  let reader: MeetingReader;

  beforeAll(async () => {
    database = await TestDatabase.create();
    config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_URL: redisUrl(), PUBLIC_BASE_URL: 'https://copil.example.fr' });
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    outbox = new OutboxRepository(dataSource, config);
    reader = new MeetingReader(dataSource, config);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** A Cayenne committee of two signatories, a meeting with its agenda and a document, one member with a substitute convened. */
  async function convenedMeeting() {
    const built = await buildConvention(dataSource, {
      timeZone: 'America/Cayenne',
      holidayCountry: 'FR',
      holidayRegion: 'GF',
      signedOn: '2024-01-01',
      parties: { academie: 'academie', commune: 'commune' },
    });
    const committee = await buildCommittee(dataSource, built, { notice: { days: 15 }, seats: [{ key: 'elu', party: 'commune' }] });
    const substitute = await buildPerson(dataSource, 'Paul Durand');
    const member = await buildMember(dataSource, committee.seats.elu, 'Jean Dupont', { substitute });
    const meeting = await dataSource.getRepository(Meeting).save({
      committeeId: committee.id,
      kind: 'ordinary',
      state: 'scheduled',
      title: 'Séance de printemps',
      startsAt: new Date('2030-04-10T12:00:00Z'),
      endsAt: new Date('2030-04-10T14:00:00Z'),
      location: 'Mairie',
      icalUid: `${randomUUID()}@copil.test`,
    } as Partial<Meeting>);
    await dataSource.getRepository(AgendaItem).save([
      { meetingId: meeting.id, position: 1, title: 'Questions diverses', description: null, presenter: null, documents: [] },
      { meetingId: meeting.id, position: 0, title: 'Bilan', description: 'Point d’étape', presenter: 'IEN', documents: [{ title: 'Bilan', url: 'https://partage.example.fr/b.pdf' }] },
    ]);
    await dataSource.getRepository(MeetingDocument).save({ meetingId: meeting.id, kind: 'other', fromCommittee: null, title: 'Note', url: 'https://partage.example.fr/n.pdf' });
    const membership = await dataSource.query(`SELECT m.id FROM memberships m WHERE m.person_id = $1`, [member.id]);
    const convocation = await dataSource.getRepository(Convocation).save({
      meetingId: meeting.id,
      personId: member.id,
      membershipId: membership[0].id,
      role: 'member',
      standsInForId: null,
      email: member.email,
      fullName: member.fullName,
    } as Partial<Convocation>);
    return { built, committee, meeting, member, convocation };
  }

  async function written(messages: NewMessage[]) {
    return dataSource.transaction((manager) => outbox.write(manager, messages));
  }

  async function invitationOf(meeting: Meeting, convocation: Convocation, sendAfter: Date | null = null) {
    const [row] = await written([invitation(meeting, convocation, snapshotOf(meeting, []), sendAfter)]);
    return row;
  }

  async function rowOf(id: string) {
    const [row] = await dataSource.query(`SELECT state, attempts, locked_until, last_error, accepted_at FROM outbound_messages WHERE id = $1`, [id]);
    return row;
  }

  describe('the meeting reader', () => {
    it('reads the meeting, committee, convention, signatories, agenda in order and documents in one statement', async () => {
      const { meeting, committee } = await convenedMeeting();
      const context = await reader.read(meeting.id);
      expect(context).not.toBeNull();
      expect(context?.meeting).toMatchObject({ id: meeting.id, state: 'scheduled', title: 'Séance de printemps', location: 'Mairie', icalSequence: 0, convenedAt: null });
      expect(context?.meeting.startsAt).toEqual(new Date('2030-04-10T12:00:00Z'));
      expect(context?.committee).toMatchObject({ id: committee.id, notice: { days: 15, dayKind: 'calendar' }, convention: { timeZone: 'America/Cayenne' } });
      expect(context?.zone).toBe('America/Cayenne');
      expect(context?.parties.map((party) => party.key)).toEqual(['academie', 'commune']);
      expect(context?.agenda.map((item) => item.title)).toEqual(['Bilan', 'Questions diverses']);
      expect(context?.agenda[0].documents).toEqual([{ title: 'Bilan', url: 'https://partage.example.fr/b.pdf' }]);
      expect(context?.documents).toEqual([{ kind: 'other', fromCommittee: null, title: 'Note', url: 'https://partage.example.fr/n.pdf' }]);
      expect(await reader.read(randomUUID())).toBeNull();
    });

    it('gives the worker’s claim exactly what it gives convening: one reader', async () => {
      const { meeting, convocation } = await convenedMeeting();
      const row = await invitationOf(meeting, convocation);
      const claimed = await outbox.claim(row.id, 60);
      expect(claimed?.context).toEqual(await reader.read(meeting.id));
      expect(claimed?.recipient).toEqual(await reader.recipient(convocation.id));
      expect(claimed?.recipient).toMatchObject({ convocation: { id: convocation.id, role: 'member', answer: 'needs_action', withdrawnAt: null }, substituteName: 'Paul Durand', standsInForName: null });
    });
  });

  describe('writing', () => {
    it('fixes the Message-ID from the row id and writes a row with an existing dedupe key only once', async () => {
      const { meeting, member } = await convenedMeeting();
      const alert: NewMessage = {
        kind: 'nobody_coming',
        meetingId: meeting.id,
        convocationId: null,
        recipientEmail: member.email,
        recipientName: member.fullName,
        icalSequence: null,
        payload: {},
        sendAfter: null,
        dedupeKey: `nobody-coming:${meeting.id}`,
      };
      const [first] = await written([alert]);
      expect(await written([alert])).toEqual([]);
      const [row] = await dataSource.query(`SELECT message_id, state FROM outbound_messages WHERE id = $1`, [first.id]);
      expect(row).toEqual({ message_id: `<${first.id}@copil.example.fr>`, state: 'pending' });
    });
  });

  describe('claiming and recording', () => {
    it('gives a row to one of two claims made at once, and none before it is due', async () => {
      const { meeting, convocation } = await convenedMeeting();
      const later = await invitationOf(meeting, convocation, new Date(Date.now() + 3_600_000));
      expect(await outbox.claim(later.id, 60)).toBeNull();
      expect(await outbox.stateOf(later.id)).toMatchObject({ state: 'pending', due: false });

      const row = await invitationOf(meeting, convocation);
      const claims = await Promise.all([outbox.claim(row.id, 60), outbox.claim(row.id, 60), outbox.claim(row.id, 60)]);
      expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
      expect(await rowOf(row.id)).toMatchObject({ state: 'sending', attempts: 1 });
    });

    it('records the acceptance with its attempt and the bytes accepted, and a late answer of a lost claim changes nothing', async () => {
      const { meeting, convocation } = await convenedMeeting();
      const row = await invitationOf(meeting, convocation);
      const first = await outbox.claim(row.id, 60);
      const due = await dataSource.transaction((manager) => outbox.giveBack(manager, first!.message, 0, '451 try later'));
      expect(due).toMatchObject({ id: row.id, attempts: 1 });
      // The same claim cannot give the row back twice.
      expect(await dataSource.transaction((manager) => outbox.giveBack(manager, first!.message, 0, 'again'))).toBeNull();
      const second = await outbox.claim(row.id, 60);
      expect(second?.message.attempts).toBe(2);

      await dataSource.transaction((manager) => outbox.finish(manager, first!.message, 'failed', 'late refusal of the first attempt'));
      expect(await rowOf(row.id)).toMatchObject({ state: 'sending', attempts: 2 });

      const at = new Date();
      const raw = Buffer.from(`Message-ID: ${second!.message.messageId}\r\nSubject: Convocation\r\n\r\nBonjour\r\n`);
      await outbox.markSent(second!.message, { at, smtpCode: 250, response: '250 2.0.0 queued', raw });
      expect(await rowOf(row.id)).toMatchObject({ state: 'sent', attempts: 2, locked_until: null, accepted_at: at });
      const attempts = await dataSource.query(`SELECT outcome, smtp_code, message_id FROM delivery_attempts WHERE outbound_message_id = $1`, [row.id]);
      expect(attempts).toEqual([{ outcome: 'accepted', smtp_code: 250, message_id: second!.message.messageId }]);
      expect(await outbox.acceptedMessage(meeting.id, row.id)).toEqual({ raw, sha256: createHash('sha256').update(raw).digest('hex') });
      expect(await outbox.acceptedMessage(randomUUID(), row.id)).toBeNull();
    });

    it('shares a meeting’s due rows among three claims made at once, each row to one, none before it is due, with the meeting read once', async () => {
      const { meeting, convocation } = await convenedMeeting();
      const rows = await written(Array.from({ length: 12 }, () => invitation(meeting, convocation, snapshotOf(meeting, []), null)));
      const later = await invitationOf(meeting, convocation, new Date(Date.now() + 3_600_000));
      const taken = await outbox.claim(rows[0].id, 60);
      expect(rows.every((row) => row.meetingId === meeting.id)).toBe(true);

      const claims = await Promise.all([outbox.claimMeeting(meeting.id, 60, 5), outbox.claimMeeting(meeting.id, 60, 5), outbox.claimMeeting(meeting.id, 60, 5)]);
      const ids = claims.flatMap((claim) => claim.messages.map((claimed) => claimed.message.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(rows.slice(1).map((row) => row.id).sort());
      expect(ids).not.toContain(taken!.message.id);
      for (const claim of claims.filter((candidate) => candidate.messages.length > 0)) {
        expect(claim.context).toEqual(await reader.read(meeting.id));
        expect(claim.messages.every((claimed) => claimed.context === claim.context && claimed.recipient?.convocation.id === convocation.id)).toBe(true);
        expect(claim.messages.every((claimed) => claimed.message.attempts === 1 && claimed.message.meetingId === meeting.id)).toBe(true);
      }
      expect(await outbox.claimMeeting(meeting.id, 60, 5)).toEqual({ context: null, messages: [] });
      expect(await rowOf(later.id)).toMatchObject({ state: 'pending', attempts: 0 });
      // A row due in an hour has its own job: a meeting job finding nothing does not wait for it.
      expect(await outbox.nextDue(meeting.id)).toBeNull();
      const soon = await invitationOf(meeting, convocation, new Date(Date.now() + 20_000));
      expect(await outbox.nextDue(meeting.id)).toEqual(soon.sendAfter);

      // The heartbeat extends the claims it still holds and names those it lost.
      const held = claims.flatMap((claim) => claim.messages.map((claimed) => claimed.message));
      await dataSource.transaction((manager) => outbox.giveBack(manager, held[0], 0, '451 try later'));
      expect((await outbox.claim(held[0].id, 60))?.message.attempts).toBe(2);
      expect(await outbox.extendClaims(held, 60)).toEqual([held[0].id]);

      // Answers recorded together: each row at its own attempt only; a lost claim's answer changes nothing.
      const raw = Buffer.from('Subject: Convocation\r\n\r\nBonjour\r\n');
      const at = new Date();
      await outbox.markSentMany(held.map((message) => ({ message, attempt: { at, smtpCode: 250, response: '250 ok', raw } })));
      expect(await rowOf(held[0].id)).toMatchObject({ state: 'sending', attempts: 2 });
      for (const message of held.slice(1)) expect(await rowOf(message.id)).toMatchObject({ state: 'sent', attempts: 1, locked_until: null, accepted_at: at });
      const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM delivery_attempts WHERE outbound_message_id = ANY($1::uuid[])`, [held.map((message) => message.id)]);
      expect(count).toBe(held.length);
    });

    it('hands out again a row whose claim ran out, and lists the due rows', async () => {
      const { meeting, convocation } = await convenedMeeting();
      const row = await invitationOf(meeting, convocation);
      await outbox.claim(row.id, 0);
      expect(await outbox.releaseExpiredClaims()).toContain(row.id);
      expect(await rowOf(row.id)).toMatchObject({ state: 'pending', attempts: 1, locked_until: null });
      expect((await outbox.due(100_000)).find((due) => due.id === row.id)).toMatchObject({ attempts: 1 });
      const again = await outbox.claim(row.id, 60);
      expect(again?.message.attempts).toBe(2);
      expect(await outbox.releaseExpiredClaims()).not.toContain(row.id);
    });
  });

  describe('what changes read', () => {
    it('obsoletes what has not left, and knows what each recipient last received and at which SEQUENCE', async () => {
      const { meeting, convocation } = await convenedMeeting();
      const sent = await invitationOf(meeting, convocation);
      const claim = await outbox.claim(sent.id, 60);
      await outbox.markSent(claim!.message, { at: new Date(), smtpCode: 250, response: '250 ok', raw: Buffer.from('x') });
      const waiting = await invitationOf({ ...meeting, icalSequence: 1 } as Meeting, convocation);

      await dataSource.transaction(async (manager) => {
        expect(await outbox.invitationsLive(manager, meeting.id)).toBe(true);
        const obsoleted = await outbox.obsoletePending(manager, { meetingId: meeting.id }, ['convocation', 'update'], 'superseded');
        expect(obsoleted).toEqual([{ convocationId: convocation.id, kind: 'convocation', sendAfter: expect.any(Date), lateJoiner: false }]);
        const delivered = await outbox.deliveredInvitations(manager, meeting.id);
        expect(delivered.get(convocation.id)).toMatchObject({ sequence: 0, snapshot: { start: '2030-04-10T12:00:00.000Z' } });
        expect(await outbox.lastSequenceSent(manager, convocation.id)).toBe(0);
      });
      expect(await rowOf(waiting.id)).toMatchObject({ state: 'obsolete', last_error: 'superseded' });
    });
  });
});
