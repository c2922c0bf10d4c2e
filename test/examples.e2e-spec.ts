import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The five reference conventions, imported as a newcomer would, read back through the registry
 * API: each committee as its article describes it.
 */
const EXAMPLES = join(__dirname, '..', 'examples');
const REFERENCES = [
  'guyane-remire-montjoly-2015',
  'grenoble-crets-en-belledonne-2016',
  'reunion-saint-denis-2017',
  'amiens-somme-numerique-2013',
  'montpellier-ent-ecole-2020',
];

interface SeatView {
  key: string;
  party: { key: string } | null;
  role: string;
  count: number;
  filled: number;
  vacant: number;
}

interface CommitteeView {
  id: string;
  key: string;
  definitionKey: string;
  kind: string;
  scope: string;
  article: string | null;
  school: { uai: string } | null;
  circonscription: string | null;
  rules: {
    frequency: { minimum: number; period: string; calendar: string };
    notice: { days: number; dayKind: string };
    quorum: { kind: string };
    conveners: Array<{ party: { key: string }; seat: { key: string } | null }>;
    chairs: Array<{ seatKey: string }>;
    guests: { allowed: boolean };
    prerequisites: Array<{ fromCommittee: string }>;
    reports: Array<{ kind: string; period: string }>;
    membersDesignatedBy: string | null;
  };
  seats: SeatView[];
}

describe('the five reference conventions, through the registry API', () => {
  let t: TestApp;
  const committees = new Map<string, CommitteeView[]>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const reference of REFERENCES) {
      const text = readFileSync(join(EXAMPLES, `${reference}.yaml`), 'utf8');
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(text).expect(201);
      const summaries = (await t.http().get(`/conventions/${reference}/committees`).expect(200)).body as Array<{ id: string }>;
      const details = [];
      for (const { id } of summaries) details.push((await t.http().get(`/committees/${id}`).expect(200)).body as CommitteeView);
      committees.set(reference, details);
    }
  });
  afterAll(async () => t.close());

  const committee = (reference: string, definitionKey: string) => {
    const found = committees.get(reference)!.filter((c) => c.definitionKey === definitionKey);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const seat = (c: CommitteeView, key: string) => c.seats.find((s) => s.key === key)!;
  const places = (c: CommitteeView, party: string | null) =>
    c.seats.filter((s) => (s.party?.key ?? null) === party).reduce((sum, s) => sum + s.count, 0);

  it('Guyane, art. 3.1: the steering committee meets once a semester, convened by the académie 15 days ahead, after the technical committee sent its documents', () => {
    const copil = committee('guyane-remire-montjoly-2015', 'copil');
    expect(copil).toMatchObject({ kind: 'steering', scope: 'convention', article: expect.stringContaining('3.1') });
    expect(copil.rules.frequency).toMatchObject({ minimum: 1, period: 'semester' });
    expect(copil.rules.notice).toMatchObject({ days: 15, dayKind: 'calendar' });
    expect(copil.rules.quorum.kind).toBe('each_party');
    expect(copil.rules.conveners).toEqual([expect.objectContaining({ party: expect.objectContaining({ key: 'academie' }), seat: null })]);
    expect(copil.rules.prerequisites).toEqual([expect.objectContaining({ fromCommittee: 'comite-technique' })]);
    expect(copil.rules.reports).toEqual([expect.objectContaining({ kind: 'progress_report', period: 'semester' })]);
    expect(places(copil, 'commune')).toBe(4);
    expect(places(copil, null)).toBe(2);
  });

  it('Guyane, art. 3.2: one technical committee per circonscription, two representatives of each signatory, meeting as needed', () => {
    const technical = committees.get('guyane-remire-montjoly-2015')!.filter((c) => c.definitionKey === 'comite-technique');
    expect(technical.length).toBeGreaterThanOrEqual(1);
    for (const c of technical) {
      expect(c).toMatchObject({ kind: 'technical', scope: 'circonscription', circonscription: expect.any(String) });
      expect(places(c, 'academie')).toBe(2);
      expect(places(c, 'commune')).toBe(2);
      expect(c.rules.frequency.minimum).toBe(0);
      expect(c.rules.quorum.kind).toBe('each_party');
      expect(c.rules.conveners.map((v) => v.party.key).sort()).toEqual(['academie', 'commune']);
      expect(c.rules.guests.allowed).toBe(true);
    }
  });

  it('Grenoble, art. 4.1: one local steering committee per school, once per school term, convened by the director 8 days ahead', () => {
    const local = committee('grenoble-crets-en-belledonne-2016', 'copil-local');
    expect(local).toMatchObject({ scope: 'school', school: expect.objectContaining({ uai: '0382460T' }) });
    expect(local.rules.frequency).toEqual(expect.objectContaining({ minimum: 1, period: 'quarter', calendar: 'school' }));
    expect(local.rules.notice).toMatchObject({ days: 8, dayKind: 'calendar' });
    expect(local.rules.conveners).toEqual([expect.objectContaining({ seat: expect.objectContaining({ key: 'directeur' }) })]);
    expect(local.rules.guests.allowed).toBe(true);
    expect(local.seats.map((s) => s.key).sort()).toEqual(['collectivite', 'directeur', 'ien', 'parent']);
    expect(seat(local, 'parent').party).toBeNull();
  });

  it('Grenoble, art. 4.2: the departmental committee meets twice a year, convened by the DASEN 15 days ahead, with three local authority and two parent places', () => {
    const departmental = committee('grenoble-crets-en-belledonne-2016', 'copil-departemental');
    expect(departmental.rules.frequency).toMatchObject({ minimum: 2, period: 'year' });
    expect(departmental.rules.notice).toMatchObject({ days: 15 });
    expect(departmental.rules.quorum.kind).toBe('each_party');
    expect(departmental.rules.conveners).toEqual([expect.objectContaining({ seat: expect.objectContaining({ key: 'dasen' }) })]);
    expect(seat(departmental, 'collectivites')).toMatchObject({ count: 3, party: expect.objectContaining({ key: 'commune' }) });
    expect(seat(departmental, 'parents')).toMatchObject({ count: 2, party: null });
  });

  it('La Réunion, art. 8: a co-chaired steering committee meeting at least once a year, and a technical committee whose members it designates', () => {
    const copil = committee('reunion-saint-denis-2017', 'copil');
    expect(copil.rules.chairs.map((c) => c.seatKey).sort()).toEqual(['ia-daasen', 'maire']);
    expect(copil.rules.frequency).toMatchObject({ minimum: 1, period: 'year' });
    expect(copil.rules.reports).toEqual([expect.objectContaining({ kind: 'annual_review' })]);
    const technical = committee('reunion-saint-denis-2017', 'comite-technique');
    expect(technical.rules.membersDesignatedBy).toBe('copil');
    expect(technical.rules.frequency.minimum).toBe(0);
  });

  it('Amiens: one committee of both parties meeting twice a year', () => {
    const [only] = committees.get('amiens-somme-numerique-2013')!;
    expect(committees.get('amiens-somme-numerique-2013')).toHaveLength(1);
    expect(only.rules.frequency).toMatchObject({ minimum: 2, period: 'year' });
    expect(new Set(only.seats.map((s) => s.party?.key))).toEqual(new Set(['somme-numerique', 'crdp']));
  });

  it('Montpellier: no committee, and the school its amendment adds is covered', async () => {
    expect(committees.get('montpellier-ent-ecole-2020')).toEqual([]);
    const convention = (await t.http().get('/conventions/montpellier-ent-ecole-2020').expect(200)).body;
    expect(convention.schools.map((s: { uai: string }) => s.uai)).toContain('0341301E');
    expect(convention.amendments).toHaveLength(1);
  });

  it('shows filled and empty seats', () => {
    const all = [...committees.values()].flat();
    expect(all.some((c) => c.seats.some((s) => s.filled > 0))).toBe(true);
    expect(all.some((c) => c.seats.some((s) => s.vacant > 0))).toBe(true);
    for (const c of all) for (const s of c.seats) expect(s.filled + s.vacant).toBe(s.count);
  });
});
