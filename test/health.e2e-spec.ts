import { createTestApp, TestApp } from './support/test-app';

describe('service foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers health with the database up', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('serves its OpenAPI document and docs page', async () => {
    const doc = await t.http().get('/docs/openapi.json').expect(200);
    expect(doc.body.info.title).toBe('copil');
    await t.http().get('/docs').expect(200).expect('Content-Type', /html/);
  });

  it('has a schema that matches the entities: migrations leave nothing to synchronize', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('answers malformed JSON, a body that is not an object and a too large body with JSON 4xx', async () => {
    const malformed = await t.http().post('/people').set('Content-Type', 'application/json').send('{"fullName": ').expect(400);
    expect(malformed.body).toMatchObject({ code: 'malformed_body' });
    const array = await t.http().post('/people').send([{ email: 'a@b.fr' }]).expect(400);
    expect(array.body.fields).toEqual([{ path: 'body', code: 'not_an_object', message: 'must be a JSON object' }]);
    const large = await t.http()
      .post('/people')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ fullName: 'x'.repeat(200_000), email: 'a@b.fr' }))
      .expect(413);
    expect(large.body).toMatchObject({ statusCode: 413 });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.http().get('/nowhere').expect(404);
    expect(res.body.statusCode).toBe(404);
  });
});
