import { DateTime } from 'luxon';
import { Browser, Page } from 'playwright-core';
import { frenchDate } from '../src/rules/local-date';
import { holidaysOf } from '../src/rules/working-days.rule';
import { tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const PARIS = 'Europe/Paris';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const NOTICE_DAYS = 8;

const day = (days: number) => DateTime.now().setZone(PARIS).startOf('day').plus({ days });
/** The first day from `from` on that passes `test`, looking a year ahead. */
function firstDay(from: number, test: (date: DateTime) => boolean): DateTime {
  for (let offset = from; offset < from + 366; offset++) if (test(day(offset))) return day(offset);
  throw new Error('no such day within a year');
}

describe('the schedule form warns while the date is typed in, and the same without script', () => {
  let web: WebApp;
  let browser: Browser;
  let committeeId: string;
  let schoolZone: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    await importCurrentGrenoble(web.t);
    [{ id: committeeId, school_zone: schoolZone }] = await web.t.dataSource.query(
      `SELECT c.id, v.school_zone FROM committees c JOIN conventions v ON v.id = c.convention_id WHERE c.key LIKE 'copil-local%'`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const warningsOf = (page: Page) => page.locator('#date-warnings');

  it('with script: weekend, public holiday, school holidays, notice too short, and the last day to convene', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/comites/${committeeId}/reunions/nouvelle`);
    const date = page.getByLabel('Date de la réunion');
    const says = async (iso: string, text: string) => {
      await date.fill(iso);
      await date.dispatchEvent('change');
      await page.locator('#date-warnings', { hasText: text }).waitFor();
    };

    await says(day(1).toISODate() as string, `La première date possible est le ${frenchDate(day(NOTICE_DAYS).toISODate() as string)}`);

    const saturday = firstDay(NOTICE_DAYS + 1, (d) => d.weekday === 6);
    await says(saturday.toISODate() as string, `Le ${frenchDate(saturday.toISODate() as string)} tombe un week-end.`);

    const holidays = holidaysOf({ country: 'FR' });
    const holiday = firstDay(NOTICE_DAYS + 1, (d) => holidays.holidayOn(d.toISODate() as string) !== null);
    await says(holiday.toISODate() as string, `Le ${frenchDate(holiday.toISODate() as string)} est un jour férié`);

    // School holidays as an administrator imports them (the shipped years may be over): a week from the next Monday but one.
    const holidayStart = firstDay(NOTICE_DAYS + 8, (d) => d.weekday === 1);
    const schoolYear = holidayStart.month >= 9 ? `${holidayStart.year}-${holidayStart.year + 1}` : `${holidayStart.year - 1}-${holidayStart.year}`;
    await web.t.dataSource.query(
      `INSERT INTO school_holidays (zone, school_year, description, first_day, last_day, source) VALUES ($1, $2, 'Vacances d’essai', $3, $4, 'test')`,
      [schoolZone, schoolYear, holidayStart.toISODate(), holidayStart.plus({ days: 8 }).toISODate()],
    );
    const inHolidays = holidayStart.plus({ days: 2 });
    await says(inHolidays.toISODate() as string, `Le ${frenchDate(inHolidays.toISODate() as string)} tombe pendant les vacances scolaires (Vacances d’essai ${schoolYear}).`);
    const spans = [{ firstDay: holidayStart.toISODate() as string, lastDay: holidayStart.plus({ days: 8 }).toISODate() as string }];
    await checkPage(page, 'meeting-form-warnings');

    const lawful = firstDay(NOTICE_DAYS + 1, (d) => d.weekday <= 5 && holidays.holidayOn(d.toISODate() as string) === null && !spans.some((s) => s.firstDay <= (d.toISODate() as string) && (d.toISODate() as string) <= s.lastDay));
    await says(lawful.toISODate() as string, `le dernier jour pour convoquer est le ${frenchDate(lawful.minus({ days: NOTICE_DAYS }).toISODate() as string)}`);
    expect(await warningsOf(page).locator('.warning').count()).toBe(0);
    expect(await web.t.dataSource.query('SELECT count(*)::int AS n FROM meetings')).toEqual([{ n: 0 }]);
    await context.close();
  });

  it('without script: the refused form and the scheduled meeting say the same', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: PARIS, javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/comites/${committeeId}/reunions/nouvelle`);
    const saturday = firstDay(NOTICE_DAYS + 1, (d) => d.weekday === 6);
    const weekend = `Le ${frenchDate(saturday.toISODate() as string)} tombe un week-end.`;
    await page.getByLabel('Date de la réunion').fill(saturday.toISODate() as string);
    await page.getByLabel('Heure de début').fill('10:00');
    await page.getByLabel('Heure de fin').fill('09:00');
    await page.getByLabel('Point 1', { exact: true }).fill('Bilan du trimestre');
    await page.getByRole('button', { name: 'Programmer la réunion' }).click();
    expect(await page.locator('#fin-error').textContent()).toContain('L’heure de fin doit être après l’heure de début');
    expect(await warningsOf(page).textContent()).toContain(weekend);

    await page.getByLabel('Heure de fin').fill('12:00');
    await page.getByRole('button', { name: 'Programmer la réunion' }).click();
    expect(await page.getByRole('status').textContent()).toContain('La réunion est programmée');
    expect(await page.getByRole('main').textContent()).toContain(weekend);
    await context.close();
  });
  it('says that an ended convention takes no more meetings, instead of offering a form bound to be refused', async () => {
    const [{ convention_id: conventionId }] = await web.t.dataSource.query(`SELECT convention_id FROM committees WHERE id = $1`, [committeeId]);
    const yesterday = day(-1).toISODate() as string;
    await web.t.dataSource.query(`UPDATE conventions SET terminated_on = $2 WHERE id = $1`, [conventionId, yesterday]);
    try {
      const { context, page } = await newVisitor(browser);
      await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
      await page.goto(`${web.baseUrl}/comites/${committeeId}/reunions/nouvelle`);
      expect(((await page.getByRole('status').textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe(
        `Cette convention a pris fin le ${frenchDate(yesterday)} : aucune réunion ne peut plus y être programmée. Retour au comité`,
      );
      expect(await page.getByRole('button', { name: 'Programmer la réunion' }).count()).toBe(0);
      await checkPage(page, 'meeting-form-convention-ended');
      await context.close();
    } finally {
      await web.t.dataSource.query(`UPDATE conventions SET terminated_on = NULL WHERE id = $1`, [conventionId]);
    }
  });
});
