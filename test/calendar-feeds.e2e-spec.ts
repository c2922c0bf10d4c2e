import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import request from 'supertest';
import { conformanceProblems } from '../src/calendar/icalendar-conformance';
import { FEED_LIMITS } from '../src/calendar-feeds/calendar-feeds.controller';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor } from './support/auth-helpers';
import { ConvenedCommittee, buildParisCommittee, scheduleMeeting } from './support/builders';
import { deleteQueueKeys } from './support/convocation-redis';

const PARIS = 'Europe/Paris';
const BASE = 'https://copil.example.fr';

interface FeedEvent {
  uid: string;
  sequence: number;
  status: string | null;
  summary: string;
  description: string;
  url: string | null;
  /** DTSTART as the instant, and as the wall-clock time in Paris. */
  start: string;
  parisStart: string;
}

/** The feed as a calendar application reads it (ical.js), events by UID. */
function readFeed(text: string): { calendar: ICAL.Component; events: Map<string, FeedEvent> } {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const events = new Map<string, FeedEvent>();
  for (const event of calendar.getAllSubcomponents('vevent')) {
    const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate();
    const uid = String(event.getFirstPropertyValue('uid'));
    events.set(uid, {
      uid,
      sequence: Number(event.getFirstPropertyValue('sequence')),
      status: (event.getFirstPropertyValue('status') as string | null) ?? null,
      summary: String(event.getFirstPropertyValue('summary')),
      description: String(event.getFirstPropertyValue('description')),
      url: (event.getFirstPropertyValue('url') as string | null) ?? null,
      start: start.toISOString(),
      parisStart: DateTime.fromJSDate(start, { zone: PARIS }).toFormat("yyyy-LL-dd'T'HH:mm"),
    });
  }
  return { calendar, events };
}

describe('subscribable calendars: per person, per committee, per convention, behind a secret address', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: BASE } });
    admin = await asAdmin(t);
  });
  beforeEach(() => t.clock.set('2027-09-01T08:00:00Z'));
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await deleteQueueKeys(t.config);
  });

  function committee(name: string): Promise<ConvenedCommittee> {
    return buildParisCommittee(t, { name });
  }

  async function meeting(committeeId: string, start: string, end: string): Promise<{ id: string; icalUid: string }> {
    const id = await scheduleMeeting(t, committeeId, { start, end, videoUrl: 'https://visio.example.fr/copil' }, admin);
    await t.http().post(`/meetings/${id}/convene`).set(admin).send({}).expect(201);
    const { icalUid } = (await t.http().get(`/meetings/${id}`).set(admin).expect(200)).body;
    return { id, icalUid };
  }

  /** The path of a feed URL, fetched without any session, as a calendar does. */
  function fetchFeed(url: string, headers: Record<string, string> = {}) {
    expect(url.startsWith(`${BASE}/calendar-feeds/`)).toBe(true);
    return request(t.app.getHttpServer()).get(url.slice(BASE.length)).set(headers);
  }

  it('gives a member her meetings at the right local times across the October change, and follows a reschedule and a cancellation', async () => {
    const c = await committee('Comité de pilotage');
    const elsewhere = await committee('Comité technique');
    const claire = await headersFor(t, c.members.dasen.email);
    // Paris changes to winter time on Sunday 31 October 2027: 9 h is 07:00 UTC before, 08:00 UTC after.
    const before = await meeting(c.committee.id, '2027-10-29T09:00', '2027-10-29T11:00');
    const after = await meeting(c.committee.id, '2027-11-02T09:00', '2027-11-02T11:00');
    const notHers = await meeting(elsewhere.committee.id, '2027-10-30T09:00', '2027-10-30T11:00');

    const made = await t.http().post('/me/calendar-feeds').set(claire).send({ scope: 'person' }).expect(201);
    expect(made.body).toMatchObject({ scope: 'person', committeeId: null, conventionId: null });
    expect(made.body.url).toMatch(/^https:\/\/copil\.example\.fr\/calendar-feeds\/copilcal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.body.webcalUrl).toBe(made.body.url.replace('https:', 'webcal:'));

    const first = await fetchFeed(made.body.url).expect(200);
    expect(first.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['last-modified']).toBeDefined();
    const text = first.text;
    expect(conformanceProblems(text)).toEqual([]);
    expect(text).toContain('X-PUBLISHED-TTL:PT60M\r\n');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n');
    // Read-only: nobody reading it can answer or act for Claire.
    expect(text).not.toMatch(/ORGANIZER|ATTENDEE|\/answers\//);
    const { calendar, events } = readFeed(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('copil – Claire Martin');
    expect([...events.keys()].sort()).toEqual([before.icalUid, after.icalUid].sort());
    expect(events.has(notHers.icalUid)).toBe(false);
    expect(events.get(before.icalUid)).toMatchObject({ start: '2027-10-29T07:00:00.000Z', parisStart: '2027-10-29T09:00', sequence: 0, status: 'CONFIRMED' });
    expect(events.get(after.icalUid)).toMatchObject({ start: '2027-11-02T08:00:00.000Z', parisStart: '2027-11-02T09:00', status: 'CONFIRMED' });
    const described = events.get(before.icalUid) as FeedEvent;
    expect(described.summary).toBe('Comité de pilotage');
    expect(described.url).toBe(`${BASE}/reunions/${before.id}`);
    // That link opens the meeting's page of the web interface: for Claire signed in, and the sign-in page first otherwise.
    const claireSession = claire.Authorization.replace(/^Bearer /, '');
    const meetingPage = await request(t.app.getHttpServer()).get(`/reunions/${before.id}`).set('Cookie', `copil_session=${claireSession}`).expect(200);
    expect(meetingPage.headers['content-type']).toMatch(/^text\/html/);
    expect(meetingPage.text).toContain('<h1');
    expect(meetingPage.text).toContain('Comité de pilotage');
    expect(meetingPage.text).toContain('Bilan du trimestre');
    const anonymous = await request(t.app.getHttpServer()).get(`/reunions/${before.id}`).expect(303);
    expect(anonymous.headers.location).toMatch(/^\/connexion/);
    expect(described.description).toContain('Ordre du jour\u00A0:\n1. Bilan du trimestre');
    expect(described.description).toContain('Visioconférence\u00A0: https://visio.example.fr/copil');
    expect(described.description).toContain('de 9\u00A0h à 11\u00A0h');

    // Unchanged: 304 on the ETag, and on the date.
    const etag = first.headers.etag as string;
    const unchanged = await fetchFeed(made.body.url, { 'If-None-Match': etag }).expect(304);
    expect(unchanged.text ?? '').toBe('');
    await fetchFeed(made.body.url, { 'If-Modified-Since': first.headers['last-modified'] as string }).expect(304);

    await t.http().post(`/meetings/${before.id}/reschedule`).set(admin).send({ start: '2027-10-28T14:00', end: '2027-10-28T16:00' }).expect(200);
    await t.http().post(`/meetings/${after.id}/cancel`).set(admin).send({ reason: 'Élections' }).expect(200);
    const moved = await fetchFeed(made.body.url, { 'If-None-Match': etag }).expect(200);
    expect(moved.headers.etag).not.toBe(etag);
    const now = readFeed(moved.text).events;
    expect(now.get(before.icalUid)).toMatchObject({ parisStart: '2027-10-28T14:00', status: 'CONFIRMED' });
    expect(now.get(before.icalUid)?.sequence).toBeGreaterThan(0);
    const cancelled = now.get(after.icalUid) as FeedEvent;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', summary: 'Annulée\u00A0: Comité de pilotage' });
    expect(cancelled.sequence).toBeGreaterThan(0);
    expect(cancelled.description).toContain('Séance annulée\u00A0: Élections');

    // Months later the cancelled meeting has left the feed; the other, three months back, too.
    t.clock.set('2028-03-01T08:00:00Z');
    expect(readFeed((await fetchFeed(made.body.url).expect(200)).text).events.size).toBe(0);
  });

  it('refuses a revoked or replaced address at once, and lists the owner’s feeds without their secret', async () => {
    const c = await committee('Comité de pilotage');
    const jean = await headersFor(t, c.members.elu.email);
    await meeting(c.committee.id, '2027-10-12T09:00', '2027-10-12T11:00');
    const made = (await t.http().post('/me/calendar-feeds').set(jean).send({ scope: 'person' }).expect(201)).body;
    await fetchFeed(made.url).expect(200);

    const rotated = (await t.http().post(`/me/calendar-feeds/${made.id}/rotate`).set(jean).expect(200)).body;
    expect(rotated.id).toBe(made.id);
    expect(rotated.url).not.toBe(made.url);
    expect((await fetchFeed(made.url).expect(404)).body).toMatchObject({ code: 'calendar_feed_not_found' });
    await fetchFeed(rotated.url).expect(200);

    const listed = (await t.http().get('/me/calendar-feeds').set(jean).expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ id: made.id, scope: 'person' })]);
    expect(JSON.stringify(listed)).not.toContain('copilcal_');

    // Nobody else can rotate or revoke it.
    const claire = await headersFor(t, c.members.dasen.email);
    await t.http().delete(`/me/calendar-feeds/${made.id}`).set(claire).expect(404);
    await fetchFeed(rotated.url).expect(200);

    await t.http().delete(`/me/calendar-feeds/${made.id}`).set(jean).expect(204);
    await fetchFeed(rotated.url).expect(404);
    expect((await t.http().get('/me/calendar-feeds').set(jean).expect(200)).body).toEqual([]);
    await fetchFeed(`${BASE}/calendar-feeds/copilcal_${'A'.repeat(43)}.ics`).expect(404);
    await fetchFeed(`${BASE}/calendar-feeds/not-a-feed.ics`).expect(404);
  });

  it('gives committee and convention calendars to their conveners and secretariat only', async () => {
    const c = await committee('Comité de pilotage');
    const other = await committee('Comité technique');
    await meeting(c.committee.id, '2027-10-12T09:00', '2027-10-12T11:00');
    await meeting(other.committee.id, '2027-10-13T09:00', '2027-10-13T11:00');
    const jean = await headersFor(t, c.members.elu.email);
    const claire = await headersFor(t, c.members.dasen.email);
    const secretariat = await headersFor(t, `secretariat.${c.committee.id}@ac-grenoble.example.fr`, [{ role: 'secretariat', conventionId: c.convention.id }]);

    const refused = await t.http().post('/me/calendar-feeds').set(jean).send({ scope: 'committee', committeeId: c.committee.id }).expect(403);
    expect(refused.body.code).toBe('forbidden');
    await t.http().post('/me/calendar-feeds').set(jean).send({ scope: 'convention', conventionId: c.convention.id }).expect(403);
    const missing = await t.http().post('/me/calendar-feeds').set(claire).send({ scope: 'committee' }).expect(400);
    expect(JSON.stringify(missing.body)).toContain('committeeId');

    // Claire holds the committee's convener seat.
    const byConvener = (await t.http().post('/me/calendar-feeds').set(claire).send({ scope: 'committee', committeeId: c.committee.id }).expect(201)).body;
    const committeeFeed = readFeed((await fetchFeed(byConvener.url).expect(200)).text);
    expect(committeeFeed.calendar.getFirstPropertyValue('x-wr-calname')).toBe('copil – Comité de pilotage');
    expect(committeeFeed.events.size).toBe(1);

    const byConvention = (await t.http().post('/me/calendar-feeds').set(secretariat).send({ scope: 'convention', conventionId: c.convention.id }).expect(201)).body;
    expect(readFeed((await fetchFeed(byConvention.url).expect(200)).text).events.size).toBe(1);
    await t.http().post('/me/calendar-feeds').set(secretariat).send({ scope: 'committee', committeeId: other.committee.id }).expect(403);
  });

  it('limits fetches per calendar address, not per client: past its limit one address answers 429 with Retry-After, another from the same client still answers', async () => {
    const c = await committee('Comité de pilotage');
    await meeting(c.committee.id, '2027-10-12T09:00', '2027-10-12T11:00');
    const jean = await headersFor(t, c.members.elu.email);
    const claire = await headersFor(t, c.members.dasen.email);
    const busy = (await t.http().post('/me/calendar-feeds').set(jean).send({ scope: 'person' }).expect(201)).body;
    const quiet = (await t.http().post('/me/calendar-feeds').set(claire).send({ scope: 'person' }).expect(201)).body;
    const etag = (await fetchFeed(busy.url).expect(200)).headers.etag as string;

    expect(FEED_LIMITS.perFeed).toEqual({ limit: 120, windowSeconds: 3600 });
    for (let fetched = 1; fetched < FEED_LIMITS.perFeed.limit; fetched += 1) await fetchFeed(busy.url, { 'If-None-Match': etag }).expect(304);
    const refused = await fetchFeed(busy.url, { 'If-None-Match': etag }).expect(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(FEED_LIMITS.perFeed.windowSeconds);
    await fetchFeed(busy.url).expect(429);

    // The same client (a calendar service's fetcher polls many people's addresses) is not held up for the others.
    const other = await fetchFeed(quiet.url).expect(200);
    expect(readFeed(other.text).events.size).toBe(1);
  });
});
