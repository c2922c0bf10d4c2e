import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { Browser, Page } from 'playwright-core';
import { ParsedMail } from 'mailparser';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { createTestApp, TestApp } from './support/test-app';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { buildConvenedCommittee, scheduleMeeting } from './support/builders';
import { launchBrowser, SCREENSHOTS_DIR } from './support/browser';
import { eventually } from './support/eventually';

// A browser and axe-core: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const NBSP = '\u00A0';
/** A visio link as some services hand them out: one long word a phone cannot wrap unless the email lets it. */
const LONG_VIDEO_URL = `https://visio.education.example.fr/meeting/rejoindre?conference=${'a1b2c3d4e5'.repeat(12)}&pwd=${'Zx9'.repeat(10)}`;

/** What a phone shows of an email: no sideways scrolling, text at a readable size, no serious or critical axe violation. */
async function readsOnAPhone(page: Page, html: string, name: string): Promise<void> {
  for (const width of [320, 400]) {
    await page.setViewportSize({ width, height: 800 });
    await page.setContent(html, { waitUntil: 'load' });
    // Run in the page (the DOM is not in this project's TypeScript library): what sticks out, and the smallest text.
    const layout = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .map((element) => element.tagName.toLowerCase() + ': ' + (element.textContent || '').trim().slice(0, 60));
      const texts = [...document.querySelectorAll('p, li, td, a, h1, h2')].filter((element) => (element.textContent || '').trim() !== '');
      const smallest = Math.min(...texts.map((element) => parseFloat(getComputedStyle(element).fontSize)));
      const body = parseFloat(getComputedStyle(document.querySelector('p')).fontSize);
      return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide, smallest, body };
    })()`)) as { scrollWidth: number; clientWidth: number; wide: string[]; smallest: number; body: number };
    expect({ name, width, wide: layout.wide }).toEqual({ name, width, wide: [] });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    // The text at 14 px or more; nothing below 12 px (the footer's small print).
    expect(layout.body).toBeGreaterThanOrEqual(14);
    expect(layout.smallest).toBeGreaterThanOrEqual(12);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`);
    expect({ name, width, severe }).toEqual({ name, width, severe: [] });
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `email-${name}-${width}.png`), fullPage: true });
  }
}

describe('a convocation sent across the night the clocks go back, read on a phone', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    [t, browser] = await Promise.all([
      createTestApp({
        env: { SMTP_URL: smtp.url, ORGANIZATION_NAME: 'Académie de Grenoble', MAIL_FROM: 'copil <copil@copil.example.fr>', CONVOCATION_RECONCILE_SECONDS: '1' },
        imports: [ConvocationsWorkerModule],
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  async function mailsTo(email: string, count: number): Promise<ParsedMail[]> {
    return eventually(`${count} email(s) to ${email}`, async () => {
      const mails = await smtp.to(email.toLowerCase());
      return mails.length >= count && mails;
    });
  }

  it('says which 2 h 30 in the email sent, and reads at 320 and 400 px with a long visio link', async () => {
    const built = await buildConvenedCommittee(t, {
      timeZone: 'Europe/Paris',
      holidayCountry: 'FR',
      members: [{ seat: 'ien', party: 'academie', name: 'Claire Dubois' }],
    });
    const member = built.members.ien;
    // Sunday 31 October 2027 in Paris: 3 h summer time becomes 2 h winter time; the sitting runs from the first 2 h 30 to the second.
    const meetingId = await scheduleMeeting(t, built.committee.id, {
      start: '2027-10-31T02:30',
      end: '2027-10-31T02:30+01:00',
      title: 'Séance de nuit',
      videoUrl: LONG_VIDEO_URL,
    });
    await t.http().post(`/meetings/${meetingId}/convene`).send({}).expect(201);

    const [convocation] = await mailsTo(member.email, 1);
    const span = `dimanche 31 octobre 2027, de 2${NBSP}h${NBSP}30, heure d’été, à 2${NBSP}h${NBSP}30, heure d’hiver (heure de Paris, passage à l’heure d’hiver pendant la séance)`;
    expect(convocation.text).toContain(span);
    expect(convocation.html).toContain(span);
    expect(convocation.text).toContain(LONG_VIDEO_URL);
    await readsOnAPhone(await (await browser.newContext({ locale: 'fr-FR' })).newPage(), convocation.html as string, 'convocation');

    await t.http().post(`/meetings/${meetingId}/cancel`).send({ reason: 'La salle n’est pas disponible cette nuit-là.' }).expect(200);
    const [, cancellation] = await mailsTo(member.email, 2);
    expect(cancellation.text).toContain(`2${NBSP}h${NBSP}30, heure d’été`);
    await readsOnAPhone(await (await browser.newContext({ locale: 'fr-FR' })).newPage(), cancellation.html as string, 'cancellation');
  });
});
