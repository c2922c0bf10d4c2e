import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { asAdmin } from './auth-helpers';
import { TestApp } from './test-app';

export const GRENOBLE = 'grenoble-crets-en-belledonne-2016';

/**
 * The Grenoble reference convention as if it had been signed a month ago for three years: the
 * same parties, committees and people, so that its committees are current today. Imported through
 * the API as an administrator would, once.
 */
export async function importCurrentGrenoble(t: TestApp): Promise<{ signedOn: string }> {
  const signedOn = DateTime.now().setZone('Europe/Paris').minus({ months: 1 }).toISODate() as string;
  const text = readFileSync(join(__dirname, '..', '..', 'examples', `${GRENOBLE}.yaml`), 'utf8')
    .replace(/signedOn: 2016-10-17/, `signedOn: ${signedOn}`)
    .replace(/durationMonths: 12/, 'durationMonths: 36')
    .replace(/startsOn: 2016-10-17/g, `startsOn: ${signedOn}`);
  const res = await t.http().post('/conventions/import').set(await asAdmin(t)).set('Content-Type', 'application/yaml').send(text);
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { signedOn };
}
