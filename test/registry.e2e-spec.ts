import { createTestApp, TestApp } from './support/test-app';
import { aUai, buildAmendment, buildCommittee, buildConvention, buildMembership, buildPerson, buildSchool, covering, partyOf, seatOf } from './support/builders';

const MALFORMED_ID = { path: 'id', code: 'not_a_uuid', message: 'must be a UUID' };
const UNKNOWN_ID = '0f5d2c1e-8b7a-4c3d-9e2f-1a2b3c4d5e6f';

describe('the registry API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  describe('conventions', () => {
    it('lists conventions with their validity, parties and counts', async () => {
      const convention = await buildConvention(t.dataSource, {
        reference: 'grenoble-crets-en-belledonne-2016',
        signedOn: '2016-06-15',
        durationMonths: 12,
      });
      await covering(t.dataSource, convention, await buildSchool(t.dataSource));
      await buildCommittee(t.dataSource, convention);

      const res = await t.http().get('/conventions').expect(200);

      expect(res.body.find((c: { id: string }) => c.id === convention.id)).toEqual({
        id: convention.id,
        reference: 'grenoble-crets-en-belledonne-2016',
        title: 'Convention de partenariat « Collèges numériques et innovation pédagogique »',
        timeZone: 'Europe/Paris',
        holidays: { country: 'FR', region: null },
        academie: null,
        departement: null,
        validity: { from: '2016-06-15', to: '2017-06-14', tacitRenewal: false, terminatedOn: null },
        parties: [
          { key: 'academie', kind: 'academie', name: 'Académie de Grenoble' },
          { key: 'commune', kind: 'commune', name: 'Commune de Crêts en Belledonne' },
        ],
        counts: { schools: 1, committees: 1 },
      });
    });

    it('finds conventions by part of their title or reference, ignoring case and accents', async () => {
      const guyane = await buildConvention(t.dataSource, {
        reference: 'guyane-remire-montjoly-2015',
        title: 'Convention Rémire-Montjoly',
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
      });
      const other = await buildConvention(t.dataSource, { title: 'Convention ENT école' });

      const byTitle = await t.http().get('/conventions').query({ q: 'REMIRE' }).expect(200);
      expect(byTitle.body.map((c: { id: string }) => c.id)).toEqual([guyane.id]);
      const byReference = await t.http().get('/conventions').query({ q: 'montjoly-2015' }).expect(200);
      expect(byReference.body.map((c: { id: string }) => c.id)).toEqual([guyane.id]);
      const byAccent = await t.http().get('/conventions').query({ q: 'ent ecole' }).expect(200);
      expect(byAccent.body.map((c: { id: string }) => c.id)).toEqual([other.id]);
    });

    it('shows a convention with its parties, schools (and the amendment that added one), amendments and committees', async () => {
      const convention = await buildConvention(t.dataSource, {
        description: 'Écoles numériques',
        signedOn: '2016-06-15',
        effectiveFrom: '2016-09-01',
        durationMonths: 36,
        tacitRenewal: true,
        terminationNotice: { amount: 3, unit: 'months', form: 'lettre recommandée avec accusé de réception' },
      });
      const original = await buildSchool(t.dataSource, {
        uai: '0382460T',
        name: 'École des Crêts',
        circonscription: 'Grenoble 4',
        referenceCollegeUai: '0380002W',
      });
      const added = await buildSchool(t.dataSource, { name: 'École du Bourg', type: 'ecole_maternelle' });
      const amendment = await buildAmendment(t.dataSource, convention, {
        reference: 'avenant-1',
        title: 'Avenant n° 1 : ajout d’une école',
        signedOn: '2017-02-01',
        effectiveOn: '2017-03-01',
        addedSchoolUais: [added.uai],
      });
      await covering(t.dataSource, convention, original);
      await covering(t.dataSource, convention, added, amendment);
      const committee = await buildCommittee(t.dataSource, convention, {
        key: 'copil-local-0382460T',
        definitionKey: 'copil-local',
        name: 'Comité de pilotage local',
        scope: 'school',
        schoolId: original.id,
        seats: [
          { key: 'directeur', party: 'academie', role: "le directeur d'école" },
          { key: 'parents', party: null, role: "un parent d'élève", groupLabel: "Parents d'élèves" },
        ],
      });
      await buildMembership(t.dataSource, seatOf(committee, 'directeur'), await buildPerson(t.dataSource));

      const res = await t.http().get(`/conventions/${convention.reference}`).expect(200);

      expect(res.body).toEqual({
        id: convention.id,
        reference: convention.reference,
        title: convention.title,
        description: 'Écoles numériques',
        timeZone: 'Europe/Paris',
        holidays: { country: 'FR', region: null },
        academie: null,
        departement: null,
        signedOn: '2016-06-15',
        effectiveFrom: '2016-09-01',
        durationMonths: 36,
        endsOn: null,
        validity: { from: '2016-09-01', to: '2019-08-31', tacitRenewal: true, terminatedOn: null },
        terminationNotice: { amount: 3, unit: 'months', form: 'lettre recommandée avec accusé de réception' },
        parties: [
          {
            key: 'academie',
            kind: 'academie',
            name: 'Académie de Grenoble',
            representative: { name: 'Claudine Schmidt-Lainé', title: 'Recteur' },
            address: null,
            email: null,
          },
          {
            key: 'commune',
            kind: 'commune',
            name: 'Commune de Crêts en Belledonne',
            representative: { name: 'Jean-Louis Maret', title: 'Maire' },
            address: null,
            email: null,
          },
        ],
        counts: { schools: 2, committees: 1 },
        schools: expect.arrayContaining([
          {
            uai: '0382460T',
            name: 'École des Crêts',
            type: 'ecole_elementaire',
            commune: 'Crêts en Belledonne',
            circonscription: 'Grenoble 4',
            referenceCollegeUai: '0380002W',
            amendmentReference: null,
          },
          {
            uai: added.uai,
            name: 'École du Bourg',
            type: 'ecole_maternelle',
            commune: 'Crêts en Belledonne',
            circonscription: null,
            referenceCollegeUai: null,
            amendmentReference: 'avenant-1',
          },
        ]),
        amendments: [
          {
            reference: 'avenant-1',
            title: 'Avenant n° 1 : ajout d’une école',
            signedOn: '2017-02-01',
            effectiveOn: '2017-03-01',
            summary: null,
            addedSchoolUais: [added.uai],
            removedSchoolUais: [],
          },
        ],
        committees: [
          {
            id: committee.id,
            conventionId: convention.id,
            key: 'copil-local-0382460T',
            definitionKey: 'copil-local',
            kind: 'steering',
            name: 'Comité de pilotage local',
            scope: 'school',
            school: { uai: '0382460T', name: 'École des Crêts' },
            circonscription: null,
            seats: 2,
            filled: 1,
            vacant: 1,
          },
        ],
        version: 1,
      });
      expect(res.body.schools).toHaveLength(2);

      const byId = await t.http().get(`/conventions/${convention.id}`).expect(200);
      expect(byId.body.reference).toBe(convention.reference);
    });

    it('answers 404 convention_not_found for an unknown id or reference', async () => {
      const byReference = await t.http().get('/conventions/nowhere-2099').expect(404);
      expect(byReference.body).toMatchObject({ statusCode: 404, code: 'convention_not_found' });
      const byId = await t.http().get(`/conventions/${UNKNOWN_ID}`).expect(404);
      expect(byId.body.code).toBe('convention_not_found');
      await t.http().get('/conventions/nowhere-2099/committees').expect(404);
      await t.http().delete('/conventions/nowhere-2099').expect(404);
    });

    it('lists the committees of a convention', async () => {
      const convention = await buildConvention(t.dataSource);
      const steering = await buildCommittee(t.dataSource, convention, { key: 'copil', kind: 'steering' });
      const technical = await buildCommittee(t.dataSource, convention, { key: 'cotech', kind: 'technical' });
      await buildCommittee(t.dataSource, await buildConvention(t.dataSource));

      const res = await t.http().get(`/conventions/${convention.reference}/committees`).expect(200);

      expect(res.body.map((c: { id: string }) => c.id)).toEqual([steering.id, technical.id]);
    });

    it('deletes a convention with its committees and memberships, keeping the people and schools', async () => {
      const convention = await buildConvention(t.dataSource);
      const school = await buildSchool(t.dataSource);
      await covering(t.dataSource, convention, school);
      const committee = await buildCommittee(t.dataSource, convention);
      const person = await buildPerson(t.dataSource);
      const membership = await buildMembership(t.dataSource, seatOf(committee, 'elu'), person);

      await t.http().delete(`/conventions/${convention.reference}`).expect(204);

      await t.http().get(`/conventions/${convention.id}`).expect(404);
      await t.http().get(`/committees/${committee.id}`).expect(404);
      await t.http().get(`/memberships/${membership.id}`).expect(404);
      await t.http().get(`/people/${person.id}`).expect(200);
      await t.http().get(`/schools/${school.uai}`).expect(200);
    });
  });

  describe('committees', () => {
    it('shows everything a committee page needs, with filled and vacant places of each seat', async () => {
      const convention = await buildConvention(t.dataSource);
      const committee = await buildCommittee(t.dataSource, convention, {
        key: 'copil-departemental',
        name: 'Comité de pilotage départemental',
        article: '4.2',
        description: 'Pilote le projet à l’échelle du département',
        frequency: { minimum: 2, period: 'year', calendar: 'civil', months: null, counts: 'ordinary', text: 'deux fois par an' },
        notice: { days: 15, dayKind: 'calendar', urgentDays: null, text: '15 jours avant' },
        quorum: {
          kind: 'each_party',
          share: null,
          countsProxies: false,
          proxiesAllowed: false,
          maxProxiesPerMember: null,
          majorityOf: null,
          overGroups: null,
          text: 'au moins un représentant de chaque signataire',
        },
        conveners: [
          { partyKey: 'academie', seatKey: 'dasen', label: 'le DASEN ou son représentant' },
          { partyKey: 'commune', seatKey: null, label: 'la commune' },
        ],
        chairSeatKeys: ['dasen'],
        guestsAllowed: true,
        guestsText: 'Le DASEN peut inviter toute personne utile',
        prerequisites: [{ fromCommittee: 'cotech', description: 'les documents nécessaires à la réunion' }],
        reports: [{ kind: 'annual_review', period: 'year', text: 'bilan annuel' }],
        seats: [
          { key: 'dasen', party: 'academie', role: 'le DASEN ou son représentant', mayBeRepresented: true },
          { key: 'collectivites', party: 'commune', role: 'représentant des collectivités', count: 3 },
          { key: 'parents', party: null, role: 'représentant des parents', count: 2, groupLabel: "Parents d'élèves" },
        ],
      });
      const dasen = await buildPerson(t.dataSource, {
        fullName: 'Hélène Durand',
        email: 'helene.durand@ac-grenoble.fr',
        title: 'DASEN de l’Isère',
        organization: 'Académie de Grenoble',
      });
      const first = await buildPerson(t.dataSource, { fullName: 'Alain Bernard' });
      const second = await buildPerson(t.dataSource, { fullName: 'Brigitte Caron' });
      const substitute = await buildPerson(t.dataSource, { fullName: 'Sylvie Roux' });
      const future = await buildPerson(t.dataSource, { fullName: 'Claude Futur' });
      const former = await buildPerson(t.dataSource, { fullName: 'Denis Ancien' });
      const dasenMembership = await buildMembership(t.dataSource, seatOf(committee, 'dasen'), dasen, { startsOn: '2020-01-01' });
      const firstMembership = await buildMembership(t.dataSource, seatOf(committee, 'collectivites'), first, { startsOn: '2020-01-01' });
      const secondMembership = await buildMembership(t.dataSource, seatOf(committee, 'collectivites'), second, {
        startsOn: '2020-02-01',
        substituteId: substitute.id,
      });
      await buildMembership(t.dataSource, seatOf(committee, 'collectivites'), future, { startsOn: '2099-01-01' });
      await buildMembership(t.dataSource, seatOf(committee, 'collectivites'), former, { startsOn: '2018-01-01', endsOn: '2019-12-31' });

      const res = await t.http().get(`/committees/${committee.id}`).expect(200);

      expect(res.body).toEqual({
        id: committee.id,
        convention: { id: convention.id, reference: convention.reference, title: convention.title, timeZone: 'Europe/Paris' },
        key: 'copil-departemental',
        definitionKey: 'copil-departemental',
        kind: 'steering',
        name: 'Comité de pilotage départemental',
        scope: 'convention',
        school: null,
        circonscription: null,
        article: '4.2',
        description: 'Pilote le projet à l’échelle du département',
        rules: {
          frequency: { minimum: 2, period: 'year', calendar: 'civil', months: null, counts: 'ordinary', text: 'deux fois par an' },
          notice: { days: 15, dayKind: 'calendar', urgentDays: null, text: '15 jours avant' },
          quorum: {
            kind: 'each_party',
            share: null,
            countsProxies: false,
            proxiesAllowed: false,
            maxProxiesPerMember: null,
            majorityOf: null,
            overGroups: null,
            text: 'au moins un représentant de chaque signataire',
          },
          conveners: [
            {
              party: { key: 'academie', name: 'Académie de Grenoble' },
              seat: { key: 'dasen', role: 'le DASEN ou son représentant' },
              label: 'le DASEN ou son représentant',
            },
            { party: { key: 'commune', name: 'Commune de Crêts en Belledonne' }, seat: null, label: 'la commune' },
          ],
          chairs: [{ seatKey: 'dasen', role: 'le DASEN ou son représentant' }],
          chairRotates: false,
          chairRotation: null,
          guests: { allowed: true, text: 'Le DASEN peut inviter toute personne utile' },
          prerequisites: [{ fromCommittee: 'cotech', description: 'les documents nécessaires à la réunion' }],
          reports: [{ kind: 'annual_review', period: 'year', text: 'bilan annuel' }],
          membersDesignatedBy: null,
        },
        on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        seats: [
          {
            id: seatOf(committee, 'dasen').id,
            key: 'dasen',
            party: { key: 'academie', kind: 'academie', name: 'Académie de Grenoble' },
            group: null,
            role: 'le DASEN ou son représentant',
            count: 1,
            countFollows: null,
            mayBeRepresented: true,
            representedBy: null,
            consultative: false,
            filled: 1,
            vacant: 0,
            members: [
              {
                membershipId: dasenMembership.id,
                person: {
                  id: dasen.id,
                  fullName: 'Hélène Durand',
                  email: 'helene.durand@ac-grenoble.fr',
                  title: 'DASEN de l’Isère',
                  organization: 'Académie de Grenoble',
                },
                startsOn: '2020-01-01',
                endsOn: null,
                substitute: null,
                term: null,
              },
            ],
          },
          {
            id: seatOf(committee, 'collectivites').id,
            key: 'collectivites',
            party: { key: 'commune', kind: 'commune', name: 'Commune de Crêts en Belledonne' },
            group: null,
            role: 'représentant des collectivités',
            count: 3,
            countFollows: null,
            mayBeRepresented: false,
            representedBy: null,
            consultative: false,
            filled: 2,
            vacant: 1,
            members: [
              {
                membershipId: firstMembership.id,
                person: { id: first.id, fullName: 'Alain Bernard', email: first.email, title: null, organization: null },
                startsOn: '2020-01-01',
                endsOn: null,
                substitute: null,
                term: null,
              },
              {
                membershipId: secondMembership.id,
                person: { id: second.id, fullName: 'Brigitte Caron', email: second.email, title: null, organization: null },
                startsOn: '2020-02-01',
                endsOn: null,
                substitute: { id: substitute.id, fullName: 'Sylvie Roux', email: substitute.email },
                term: null,
              },
            ],
          },
          {
            id: seatOf(committee, 'parents').id,
            key: 'parents',
            party: null,
            group: "Parents d'élèves",
            role: 'représentant des parents',
            count: 2,
            countFollows: null,
            mayBeRepresented: false,
            representedBy: null,
            consultative: false,
            filled: 0,
            vacant: 2,
            members: [],
          },
        ],
        totals: { places: 6, filled: 3, vacant: 3 },
        termOfOffice: null,
        termsEnded: [],
      });
    });

    it('shows the members of another day with ?on=', async () => {
      const convention = await buildConvention(t.dataSource);
      const committee = await buildCommittee(t.dataSource, convention, {
        seats: [{ key: 'collectivites', party: 'commune', role: 'représentant des collectivités', count: 3 }],
      });
      const seat = seatOf(committee, 'collectivites');
      const current = await buildPerson(t.dataSource, { fullName: 'Alain Présent' });
      const former = await buildPerson(t.dataSource, { fullName: 'Denis Ancien' });
      const future = await buildPerson(t.dataSource, { fullName: 'Claude Futur' });
      await buildMembership(t.dataSource, seat, current, { startsOn: '2020-01-01' });
      await buildMembership(t.dataSource, seat, former, { startsOn: '2018-01-01', endsOn: '2019-12-31' });
      await buildMembership(t.dataSource, seat, future, { startsOn: '2099-01-01' });
      const namesOn = async (on?: string) => {
        const res = await t.http().get(`/committees/${committee.id}`).query(on ? { on } : {}).expect(200);
        return { on: res.body.on, names: res.body.seats[0].members.map((m: { person: { fullName: string } }) => m.person.fullName), totals: res.body.totals };
      };

      expect((await namesOn()).names).toEqual(['Alain Présent']);
      expect(await namesOn('2019-12-31')).toEqual({ on: '2019-12-31', names: ['Denis Ancien'], totals: { places: 3, filled: 1, vacant: 2 } });
      expect(await namesOn('2020-01-01')).toEqual({ on: '2020-01-01', names: ['Alain Présent'], totals: { places: 3, filled: 1, vacant: 2 } });
      expect(await namesOn('2099-06-01')).toEqual({
        on: '2099-06-01',
        names: ['Alain Présent', 'Claude Futur'],
        totals: { places: 3, filled: 2, vacant: 1 },
      });
      expect(await namesOn('2017-01-01')).toEqual({ on: '2017-01-01', names: [], totals: { places: 3, filled: 0, vacant: 3 } });
    });

    it('refuses a day that is not a date, and a malformed committee id, naming the field', async () => {
      const committee = await buildCommittee(t.dataSource, await buildConvention(t.dataSource));
      const badDay = await t.http().get(`/committees/${committee.id}`).query({ on: '2024-02-30' }).expect(400);
      expect(badDay.body).toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'on', code: 'not_a_date', message: 'must be an existing date written YYYY-MM-DD, got "2024-02-30"' }],
      });
      const badId = await t.http().get('/committees/not-a-uuid').expect(400);
      expect(badId.body.fields).toEqual([MALFORMED_ID]);
      const unknown = await t.http().get(`/committees/${UNKNOWN_ID}`).expect(404);
      expect(unknown.body.code).toBe('committee_not_found');
    });

    it('filters committees by convention, kind, scope, school and circonscription', async () => {
      const convention = await buildConvention(t.dataSource);
      const school = await buildSchool(t.dataSource);
      const copil = await buildCommittee(t.dataSource, convention, { key: 'copil', kind: 'steering' });
      const local = await buildCommittee(t.dataSource, convention, { key: `copil-local-${school.uai}`, scope: 'school', schoolId: school.id });
      const cotech = await buildCommittee(t.dataSource, convention, {
        key: 'cotech-cayenne-2',
        kind: 'technical',
        scope: 'circonscription',
        circonscription: 'Cayenne 2 – Rémire',
      });
      await buildCommittee(t.dataSource, await buildConvention(t.dataSource), { kind: 'technical', scope: 'circonscription', circonscription: 'Kourou' });
      const ids = async (query: Record<string, string>) =>
        (await t.http().get('/committees').query(query).expect(200)).body.map((c: { id: string }) => c.id);

      expect(await ids({ conventionId: convention.id })).toEqual([copil.id, local.id, cotech.id]);
      expect(await ids({ conventionId: convention.id, kind: 'technical' })).toEqual([cotech.id]);
      expect(await ids({ conventionId: convention.id, scope: 'school' })).toEqual([local.id]);
      expect(await ids({ uai: school.uai.toLowerCase() })).toEqual([local.id]);
      expect(await ids({ circonscription: 'cayenne 2 – remire' })).toEqual([cotech.id]);
      const all = await ids({});
      expect(all).toEqual(expect.arrayContaining([copil.id, local.id, cotech.id]));
    });

    it('refuses malformed committee filters, naming each field', async () => {
      const res = await t.http().get('/committees').query({ kind: 'weekly', conventionId: '12', uai: '0382460A', colour: 'red' }).expect(400);
      expect(res.body.fields).toEqual(
        expect.arrayContaining([
          { path: 'kind', code: 'not_in_list', message: 'must be one of the following values: steering, technical' },
          { path: 'conventionId', code: 'not_a_uuid', message: 'must be a UUID' },
          { path: 'uai', code: 'not_a_uai', message: 'has check letter A but 0382460 requires T (0382460T)' },
          { path: 'colour', code: 'unknown_field', message: 'is not a known field' },
        ]),
      );
      expect(res.body.fields).toHaveLength(4);
    });
  });

  describe('schools', () => {
    it('records a school, reading its UAI in any case', async () => {
      const res = await t
        .http()
        .post('/schools')
        .send({
          uai: ' 0341301e ',
          name: 'École Jules Ferry',
          type: 'ecole_primaire',
          commune: 'Montpellier',
          circonscription: 'Montpellier Ouest',
          referenceCollegeUai: '0380002w',
        })
        .expect(201);

      expect(res.body).toEqual({
        id: expect.any(String),
        uai: '0341301E',
        name: 'École Jules Ferry',
        type: 'ecole_primaire',
        commune: 'Montpellier',
        circonscription: 'Montpellier Ouest',
        referenceCollegeUai: '0380002W',
        address: null,
      });
    });

    it('refuses a UAI with the wrong check letter and says which letter it needs', async () => {
      const res = await t
        .http()
        .post('/schools')
        .send({ uai: '0382460A', name: 'École', type: 'ecole_elementaire', commune: 'Crêts en Belledonne', referenceCollegeUai: '0380002X' })
        .expect(400);

      expect(res.body).toEqual({
        statusCode: 400,
        code: 'validation_failed',
        message: 'The request has invalid fields',
        fields: [
          { path: 'uai', code: 'not_a_uai', message: 'has check letter A but 0382460 requires T (0382460T)' },
          { path: 'referenceCollegeUai', code: 'not_a_uai', message: 'has check letter X but 0380002 requires W (0380002W)' },
        ],
      });
    });

    it('names each missing or unknown field of a new school', async () => {
      const res = await t.http().post('/schools').send({ uai: '12345', type: 'castle', headmaster: 'Dumbledore' }).expect(400);
      expect(res.body.fields).toEqual(
        expect.arrayContaining([
          { path: 'headmaster', code: 'unknown_field', message: 'is not a known field' },
          { path: 'uai', code: 'not_a_uai', message: 'must be 7 digits followed by a check letter, e.g. 0382460T' },
          { path: 'type', code: 'not_in_list', message: expect.stringContaining('must be one of the following values') },
          { path: 'name', code: 'not_a_string', message: 'must be a string' },
          { path: 'commune', code: 'not_a_string', message: 'must be a string' },
        ]),
      );
    });

    it('refuses a second school with the same UAI', async () => {
      const existing = await buildSchool(t.dataSource);
      const res = await t
        .http()
        .post('/schools')
        .send({ uai: existing.uai, name: 'Doublon', type: 'college', commune: 'Grenoble' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'school_already_exists', uai: existing.uai });
    });

    it('lists schools by UAI, commune or circonscription, ignoring case and accents', async () => {
      const commune = `Saint-Étienne-${aUai()}`;
      const a = await buildSchool(t.dataSource, { commune, circonscription: 'Rémire Nord' });
      const b = await buildSchool(t.dataSource, { commune, circonscription: null });
      const uais = async (query: Record<string, string>) =>
        (await t.http().get('/schools').query(query).expect(200)).body.map((s: { uai: string }) => s.uai);

      expect(await uais({ commune: commune.toUpperCase().replace('É', 'E') })).toEqual([a.uai, b.uai].sort());
      expect(await uais({ commune, circonscription: 'remire nord' })).toEqual([a.uai]);
      expect(await uais({ uai: b.uai })).toEqual([b.uai]);
      const one = await t.http().get('/schools').query({ uai: a.uai }).expect(200);
      expect(one.body).toEqual([
        {
          id: a.id,
          uai: a.uai,
          name: a.name,
          type: 'ecole_elementaire',
          commune,
          circonscription: 'Rémire Nord',
          referenceCollegeUai: null,
          address: null,
        },
      ]);
    });

    it('shows a school with the conventions covering it', async () => {
      const school = await buildSchool(t.dataSource);
      const first = await buildConvention(t.dataSource, { reference: `a-${school.uai}` });
      const second = await buildConvention(t.dataSource, { reference: `b-${school.uai}` });
      await covering(t.dataSource, first, school);
      await covering(t.dataSource, second, school, await buildAmendment(t.dataSource, second, { reference: 'avenant-2' }));

      const res = await t.http().get(`/schools/${school.uai}`).expect(200);

      expect(res.body.conventions).toEqual([
        { id: first.id, reference: first.reference, title: first.title, amendmentReference: null },
        { id: second.id, reference: second.reference, title: second.title, amendmentReference: 'avenant-2' },
      ]);
      expect(res.body.uai).toBe(school.uai);
    });

    it('answers 404 for an unknown UAI and 400 for a wrong check letter in the path', async () => {
      const unknown = await t.http().get('/schools/0000001B').expect(404);
      expect(unknown.body.code).toBe('school_not_found');
      const wrong = await t.http().get('/schools/0382460A').expect(400);
      expect(wrong.body.fields).toEqual([{ path: 'uai', code: 'not_a_uai', message: 'has check letter A but 0382460 requires T (0382460T)' }]);
    });

    it('changes a school, clears a field set to null and never changes its UAI', async () => {
      const school = await buildSchool(t.dataSource, { circonscription: 'Grenoble 4' });

      const res = await t
        .http()
        .patch(`/schools/${school.uai}`)
        .send({ name: 'École Pablo Neruda', circonscription: null, referenceCollegeUai: '0380002W' })
        .expect(200);
      expect(res.body).toMatchObject({ uai: school.uai, name: 'École Pablo Neruda', circonscription: null, referenceCollegeUai: '0380002W' });

      const refused = await t.http().patch(`/schools/${school.uai}`).send({ uai: '0382460T', name: null }).expect(400);
      expect(refused.body.fields).toEqual(
        expect.arrayContaining([
          { path: 'uai', code: 'unknown_field', message: 'is not a known field' },
          { path: 'name', code: 'not_a_string', message: 'must be a string' },
        ]),
      );
      await t.http().patch('/schools/0000001B').send({ name: 'Nulle part' }).expect(404);
    });
  });

  describe('people', () => {
    it('records a person with a lower-cased email, and refuses the same address twice', async () => {
      const res = await t
        .http()
        .post('/people')
        .send({ fullName: '  Hélène Martin ', email: 'Helene.MARTIN@ac-grenoble.fr', title: 'IEN Grenoble 4', organization: 'Académie de Grenoble' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        fullName: 'Hélène Martin',
        email: 'helene.martin@ac-grenoble.fr',
        title: 'IEN Grenoble 4',
        organization: 'Académie de Grenoble',
        phone: null,
      });

      const duplicate = await t.http().post('/people').send({ fullName: 'Autre', email: 'HELENE.martin@ac-grenoble.fr' }).expect(409);
      expect(duplicate.body).toMatchObject({ code: 'email_already_used', personId: res.body.id });
    });

    it('names each invalid field of a new person', async () => {
      const res = await t.http().post('/people').send({ fullName: '', email: 'not-an-address', role: 'maire' }).expect(400);
      expect(res.body.fields).toEqual(
        expect.arrayContaining([
          { path: 'role', code: 'unknown_field', message: 'is not a known field' },
          { path: 'fullName', code: 'required', message: 'should not be empty' },
          { path: 'email', code: 'not_an_email', message: 'must be an email' },
        ]),
      );
    });

    it('finds people by part of their name, email or organization, ignoring case and accents, or by exact email', async () => {
      const tag = aUai().toLowerCase();
      const helene = await buildPerson(t.dataSource, { fullName: `Hélène Lefèvre ${tag}`, email: `h.lefevre.${tag}@example.fr` });
      const marc = await buildPerson(t.dataSource, { fullName: `Marc Petit ${tag}`, organization: 'Mairie de Rémire-Montjoly' });
      const ids = async (query: Record<string, string>) =>
        (await t.http().get('/people').query(query).expect(200)).body.map((p: { id: string }) => p.id);

      expect(await ids({ q: `HELENE LEFEVRE ${tag}` })).toEqual([helene.id]);
      expect(await ids({ q: tag })).toEqual([helene.id, marc.id]);
      expect(await ids({ q: 'mairie de remire' })).toContain(marc.id);
      expect(await ids({ email: `H.Lefevre.${tag}@EXAMPLE.fr` })).toEqual([helene.id]);
      expect(await ids({ q: '100%_' })).toEqual([]);
    });

    it('shows a person with the seats they hold and those where they substitute', async () => {
      const convention = await buildConvention(t.dataSource);
      const committee = await buildCommittee(t.dataSource, convention, { name: 'Comité technique' });
      const person = await buildPerson(t.dataSource, { fullName: 'Paul Élu' });
      const other = await buildPerson(t.dataSource, { fullName: 'Rose Titulaire' });
      const held = await buildMembership(t.dataSource, seatOf(committee, 'elu'), person, { startsOn: '2021-09-01', endsOn: '2024-08-31', substituteId: other.id });
      const substituted = await buildMembership(t.dataSource, seatOf(committee, 'ien'), other, { startsOn: '2022-01-01', substituteId: person.id });

      const res = await t.http().get(`/people/${person.id}`).expect(200);

      const context = {
        convention: { id: convention.id, reference: convention.reference, title: convention.title },
        committee: { id: committee.id, name: 'Comité technique' },
      };
      expect(res.body).toEqual({
        id: person.id,
        fullName: 'Paul Élu',
        email: person.email,
        title: null,
        organization: null,
        phone: null,
        memberships: [
          {
            membershipId: held.id,
            ...context,
            seat: { id: seatOf(committee, 'elu').id, key: 'elu', role: 'un élu' },
            startsOn: '2021-09-01',
            endsOn: '2024-08-31',
            substitute: { id: other.id, fullName: 'Rose Titulaire' },
          },
        ],
        substituteFor: [
          {
            membershipId: substituted.id,
            ...context,
            seat: { id: seatOf(committee, 'ien').id, key: 'ien', role: "l'IEN de circonscription" },
            startsOn: '2022-01-01',
            endsOn: null,
            member: { id: other.id, fullName: 'Rose Titulaire' },
          },
        ],
      });
    });

    it('answers 400 on a malformed id and 404 on an unknown one', async () => {
      const malformed = await t.http().get('/people/42').expect(400);
      expect(malformed.body.fields).toEqual([MALFORMED_ID]);
      await t.http().patch('/people/42').send({}).expect(400);
      await t.http().delete('/people/42').expect(400);
      const unknown = await t.http().get(`/people/${UNKNOWN_ID}`).expect(404);
      expect(unknown.body.code).toBe('person_not_found');
    });

    it('changes a person, lower-casing a new email and refusing one already used', async () => {
      const person = await buildPerson(t.dataSource);
      const other = await buildPerson(t.dataSource);

      const res = await t
        .http()
        .patch(`/people/${person.id}`)
        .send({ email: `Nouvelle.${person.email.toUpperCase()}`, title: 'Directrice', organization: null, phone: '  ' })
        .expect(200);
      expect(res.body).toMatchObject({
        email: `nouvelle.${person.email}`,
        title: 'Directrice',
        organization: null,
        phone: null,
        fullName: person.fullName,
      });

      const taken = await t.http().patch(`/people/${person.id}`).send({ email: other.email.toUpperCase() }).expect(409);
      expect(taken.body.code).toBe('email_already_used');
      const nulled = await t.http().patch(`/people/${person.id}`).send({ fullName: null }).expect(400);
      expect(nulled.body.fields).toEqual(expect.arrayContaining([{ path: 'fullName', code: 'not_a_string', message: 'must be a string' }]));
    });

    it('refuses to delete a person who holds or substitutes in a membership, and deletes one who does not', async () => {
      const committee = await buildCommittee(t.dataSource, await buildConvention(t.dataSource));
      const member = await buildPerson(t.dataSource);
      const substitute = await buildPerson(t.dataSource);
      const free = await buildPerson(t.dataSource);
      await buildMembership(t.dataSource, seatOf(committee, 'elu'), member, { substituteId: substitute.id });

      const holding = await t.http().delete(`/people/${member.id}`).expect(409);
      expect(holding.body).toMatchObject({ code: 'person_has_memberships', memberships: 1, substitutions: 0 });
      const substituting = await t.http().delete(`/people/${substitute.id}`).expect(409);
      expect(substituting.body).toMatchObject({ code: 'person_has_memberships', memberships: 0, substitutions: 1 });

      await t.http().delete(`/people/${free.id}`).expect(204);
      await t.http().get(`/people/${free.id}`).expect(404);
      await t.http().delete(`/people/${free.id}`).expect(404);
    });

    it('refuses to delete a person who has a sign-in account, saying so, and keeps both', async () => {
      const person = await buildPerson(t.dataSource);
      await t.dataSource.query(`INSERT INTO accounts (person_id, active) VALUES ($1, false)`, [person.id]);

      const refused = await t.http().delete(`/people/${person.id}`).expect(409);

      expect(refused.body).toMatchObject({ code: 'person_has_account', accountActive: false });
      expect(refused.body.message).toMatch(/deactivate the account/);
      await t.http().get(`/people/${person.id}`).expect(200);
    });
  });

  describe('memberships', () => {
    async function aCommitteeWithPeople() {
      const convention = await buildConvention(t.dataSource);
      const committee = await buildCommittee(t.dataSource, convention, {
        seats: [
          { key: 'ien', party: 'academie', role: "l'IEN de circonscription" },
          { key: 'elus', party: 'commune', role: 'deux élus', count: 2 },
        ],
      });
      const [anne, bruno, chloe] = await Promise.all([
        buildPerson(t.dataSource, { fullName: 'Anne' }),
        buildPerson(t.dataSource, { fullName: 'Bruno' }),
        buildPerson(t.dataSource, { fullName: 'Chloé' }),
      ]);
      return { convention, committee, anne, bruno, chloe };
    }

    it('seats a person, with a substitute, and shows them among the members', async () => {
      const { committee, anne, bruno } = await aCommitteeWithPeople();

      const res = await t
        .http()
        .post(`/committees/${committee.id}/memberships`)
        .send({ seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01', substituteId: bruno.id })
        .expect(201);

      expect(res.body).toEqual({
        id: expect.any(String),
        committeeId: committee.id,
        seat: { id: seatOf(committee, 'ien').id, key: 'ien', role: "l'IEN de circonscription" },
        person: { id: anne.id, fullName: 'Anne', email: anne.email },
        startsOn: '2024-09-01',
        endsOn: null,
        substitute: { id: bruno.id, fullName: 'Bruno', email: bruno.email },
      });
      const page = await t.http().get(`/committees/${committee.id}`).query({ on: '2024-09-01' }).expect(200);
      expect(page.body.seats[0]).toMatchObject({ key: 'ien', filled: 1, vacant: 0, members: [{ membershipId: res.body.id }] });
      const fetched = await t.http().get(`/memberships/${res.body.id}`).expect(200);
      expect(fetched.body).toEqual(res.body);
    });

    it('refuses a person on a seat whose places are all held during part of the period', async () => {
      const { committee, anne, bruno, chloe } = await aCommitteeWithPeople();
      const post = (body: object) => t.http().post(`/committees/${committee.id}/memberships`).send(body);

      await post({ seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01', endsOn: '2025-08-31' }).expect(201);
      const full = await post({ seatKey: 'ien', personId: bruno.id, startsOn: '2025-01-01' }).expect(409);
      expect(full.body).toMatchObject({ code: 'seat_full', seatKey: 'ien', count: 1 });
      await post({ seatKey: 'ien', personId: bruno.id, startsOn: '2025-09-01' }).expect(201);

      await post({ seatKey: 'elus', personId: anne.id, startsOn: '2024-01-01' }).expect(201);
      await post({ seatKey: 'elus', personId: bruno.id, startsOn: '2024-01-01', endsOn: '2024-12-31' }).expect(201);
      const third = await post({ seatKey: 'elus', personId: chloe.id, startsOn: '2024-06-01' }).expect(409);
      expect(third.body.code).toBe('seat_full');
      await post({ seatKey: 'elus', personId: chloe.id, startsOn: '2025-01-01' }).expect(201);
    });

    it('refuses the same person twice on one seat over overlapping periods', async () => {
      const { committee, anne } = await aCommitteeWithPeople();
      const post = (body: object) => t.http().post(`/committees/${committee.id}/memberships`).send(body);

      const first = await post({ seatKey: 'elus', personId: anne.id, startsOn: '2024-01-01', endsOn: '2024-12-31' }).expect(201);
      const again = await post({ seatKey: 'elus', personId: anne.id, startsOn: '2024-12-31' }).expect(409);
      expect(again.body).toMatchObject({ code: 'membership_overlaps', membershipId: first.body.id });
      await post({ seatKey: 'elus', personId: anne.id, startsOn: '2025-01-01' }).expect(201);
    });

    it('fills the last place only once when two requests race for it', async () => {
      const { committee, anne, bruno } = await aCommitteeWithPeople();
      const post = (personId: string) =>
        t.http().post(`/committees/${committee.id}/memberships`).send({ seatKey: 'ien', personId, startsOn: '2024-09-01' });

      const statuses = (await Promise.all([post(anne.id), post(bruno.id)])).map((res) => res.status).sort();

      expect(statuses).toEqual([201, 409]);
      const page = await t.http().get(`/committees/${committee.id}`).query({ on: '2024-09-01' }).expect(200);
      expect(page.body.seats[0].members).toHaveLength(1);
    });

    it('refuses incoherent dates and a substitute who is the member, naming the field', async () => {
      const { committee, anne } = await aCommitteeWithPeople();
      const post = (body: object) => t.http().post(`/committees/${committee.id}/memberships`).send(body);

      const backwards = await post({ seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01', endsOn: '2024-08-31' }).expect(400);
      expect(backwards.body.fields).toEqual([{ path: 'endsOn', code: 'inconsistent', message: 'must not be before startsOn (2024-09-01)' }]);
      const self = await post({ seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01', substituteId: anne.id }).expect(400);
      expect(self.body.fields).toEqual([{ path: 'substituteId', code: 'inconsistent', message: 'must be another person than the member' }]);
      const malformed = await post({ seatKey: 'ien', personId: 'anne', startsOn: '01/09/2024', rank: 1 }).expect(400);
      expect(malformed.body.fields).toEqual(
        expect.arrayContaining([
          { path: 'rank', code: 'unknown_field', message: 'is not a known field' },
          { path: 'personId', code: 'not_a_uuid', message: 'must be a UUID' },
          { path: 'startsOn', code: 'not_a_date', message: 'must be an existing date written YYYY-MM-DD, got "01/09/2024"' },
        ]),
      );
      const badCommittee = await t.http().post('/committees/nope/memberships').send({ seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01' }).expect(400);
      expect(badCommittee.body.fields).toEqual([MALFORMED_ID]);
    });

    it('answers 404 for an unknown committee, seat, person or substitute', async () => {
      const { committee, anne } = await aCommitteeWithPeople();
      const post = (committeeId: string, body: object) => t.http().post(`/committees/${committeeId}/memberships`).send(body);
      const valid = { seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01' };

      expect((await post(UNKNOWN_ID, valid).expect(404)).body.code).toBe('committee_not_found');
      expect((await post(committee.id, { ...valid, seatKey: 'tresorier' }).expect(404)).body.code).toBe('seat_not_found');
      expect((await post(committee.id, { ...valid, personId: UNKNOWN_ID }).expect(404)).body).toMatchObject({
        code: 'person_not_found',
        field: 'personId',
      });
      expect((await post(committee.id, { ...valid, substituteId: UNKNOWN_ID }).expect(404)).body).toMatchObject({
        code: 'person_not_found',
        field: 'substituteId',
      });
    });

    it('ends a membership, reopens it, and changes or removes the substitute under the same checks', async () => {
      const { committee, anne, bruno, chloe } = await aCommitteeWithPeople();
      const created = await t
        .http()
        .post(`/committees/${committee.id}/memberships`)
        .send({ seatKey: 'ien', personId: anne.id, startsOn: '2024-09-01', substituteId: bruno.id })
        .expect(201);
      const id = created.body.id as string;

      const ended = await t.http().patch(`/memberships/${id}`).send({ endsOn: '2025-08-31', substituteId: chloe.id }).expect(200);
      expect(ended.body).toMatchObject({ endsOn: '2025-08-31', substitute: { id: chloe.id } });
      await t.http().post(`/committees/${committee.id}/memberships`).send({ seatKey: 'ien', personId: bruno.id, startsOn: '2025-09-01' }).expect(201);

      const reopened = await t.http().patch(`/memberships/${id}`).send({ endsOn: null }).expect(409);
      expect(reopened.body.code).toBe('seat_full');
      const backwards = await t.http().patch(`/memberships/${id}`).send({ endsOn: '2024-01-01' }).expect(400);
      expect(backwards.body.fields).toEqual([{ path: 'endsOn', code: 'inconsistent', message: 'must not be before startsOn (2024-09-01)' }]);
      const self = await t.http().patch(`/memberships/${id}`).send({ substituteId: anne.id }).expect(400);
      expect(self.body.fields).toEqual([{ path: 'substituteId', code: 'inconsistent', message: 'must be another person than the member' }]);
      await t.http().patch(`/memberships/${id}`).send({ substituteId: UNKNOWN_ID }).expect(404);
      await t.http().patch(`/memberships/${id}`).send({ startsOn: '2024-01-01' }).expect(400);

      const removed = await t.http().patch(`/memberships/${id}`).send({ substituteId: null }).expect(200);
      expect(removed.body).toMatchObject({ endsOn: '2025-08-31', substitute: null });
      await t.http().patch(`/memberships/${UNKNOWN_ID}`).send({ endsOn: null }).expect(404);
    });

    it('deletes a membership', async () => {
      const { committee, anne } = await aCommitteeWithPeople();
      const membership = await buildMembership(t.dataSource, seatOf(committee, 'ien'), anne);

      await t.http().delete(`/memberships/${membership.id}`).expect(204);

      await t.http().get(`/memberships/${membership.id}`).expect(404);
      await t.http().delete(`/memberships/${membership.id}`).expect(404);
      await t.http().delete('/memberships/x').expect(400);
      await t.http().delete(`/people/${anne.id}`).expect(204);
    });
  });

  it('answers odd input with a 4xx naming the field, never a 500', async () => {
    const committee = await buildCommittee(t.dataSource, await buildConvention(t.dataSource));
    const person = await buildPerson(t.dataSource);

    await t.http().get('/conventions/%00').expect(404);
    const nul = await t.http().get('/people').query({ q: 'a\u0000b' }).expect(400);
    expect(nul.body.fields).toEqual([{ path: 'q', code: 'forbidden_character', message: 'must not contain the NUL character' }]);
    const repeated = await t.http().get('/people?q=a&q=b').expect(400);
    expect(repeated.body.fields).toEqual([{ path: 'q', code: 'not_a_string', message: 'must be a string' }]);
    const yearZero = await t
      .http()
      .post(`/committees/${committee.id}/memberships`)
      .send({ seatKey: 'ien', personId: person.id, startsOn: '0000-01-01' })
      .expect(400);
    expect(yearZero.body.fields).toEqual([{ path: 'startsOn', code: 'not_a_date', message: 'must be an existing date written YYYY-MM-DD, got "0000-01-01"' }]);
    const tooLong = await t.http().post('/people').send({ fullName: 'x'.repeat(201), email: 'long@example.fr' }).expect(400);
    expect(tooLong.body.fields).toEqual([{ path: 'fullName', code: 'too_long', message: 'must be at most 200 characters long' }]);
    const notJson = await t.http().post('/people').set('Content-Type', 'application/json').send('{"fullName":').expect(400);
    expect(notJson.body.code).toBe('malformed_body');
  });

  it('documents every registry route in the OpenAPI document', async () => {
    const doc = await t.http().get('/docs/openapi.json').expect(200);
    const routes = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );

    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /conventions',
        'GET /conventions/{idOrReference}',
        'DELETE /conventions/{idOrReference}',
        'GET /conventions/{idOrReference}/committees',
        'GET /committees',
        'GET /committees/{id}',
        'POST /committees/{id}/memberships',
        'GET /memberships/{id}',
        'PATCH /memberships/{id}',
        'DELETE /memberships/{id}',
        'GET /schools',
        'POST /schools',
        'GET /schools/{uai}',
        'PATCH /schools/{uai}',
        'GET /people',
        'POST /people',
        'GET /people/{id}',
        'PATCH /people/{id}',
        'DELETE /people/{id}',
      ]),
    );
    const committee = doc.body.paths['/committees/{id}'].get;
    expect(committee.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommitteeDetailResponse' });
    expect(committee.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' }), expect.objectContaining({ name: 'on', in: 'query' })]),
    );
    expect(doc.body.components.schemas.CommitteeSeatResponse.properties.party.nullable).toBe(true);
  });
});
