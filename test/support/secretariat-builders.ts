import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Grant } from '../../src/auth/grant.entity';
import { asAdmin, tokenFor } from './auth-helpers';
import { TestApp } from './test-app';

/** The text of a reference convention as if signed on `signedOn` for `months` months, its members seated from then. */
export function exampleText(reference: string, signedOn: string, months = 36): string {
  return readFileSync(join(__dirname, '..', '..', 'examples', `${reference}.yaml`), 'utf8')
    .replace(/^signedOn: .*$/m, `signedOn: ${signedOn}`)
    .replace(/^durationMonths: .*$/m, `durationMonths: ${months}`)
    .replace(/startsOn: \d{4}-\d\d-\d\d/g, `startsOn: ${signedOn}`);
}

/** Imports that text through the API, as an administrator would. */
export async function importExample(t: TestApp, reference: string, signedOn: string, months = 36): Promise<void> {
  const res = await t.http().post('/conventions/import').set(await asAdmin(t)).set('Content-Type', 'application/yaml').send(exampleText(reference, signedOn, months));
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** An account whose secretariat covers every convention of a département, as the DASEN's secretariat holds it. */
export async function grantDepartement(t: TestApp, email: string, departement: string): Promise<void> {
  await tokenFor(t, email);
  const [account]: { id: string }[] = await t.dataSource.query(`SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [email]);
  await t.dataSource.getRepository(Grant).save({ accountId: account.id, role: 'secretariat', conventionId: null, committeeId: null, departement });
}
