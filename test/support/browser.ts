import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ModuleMetadata } from '@nestjs/common';
import { ParsedMail } from 'mailparser';
import { SESSION_COOKIE } from '../../src/auth/credentials';
import { eventually } from './eventually';
import { SmtpSink, startSmtpSink } from './smtp-sink';
import { createTestApp, TestApp } from './test-app';

/** Debian's Chromium: browsers cannot be downloaded here. Without the networking flags it keeps calling home. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=fr-FR'];
/** The reference conventions' zone: what a director in Grenoble sees, whatever the machine's zone. */
export const BROWSER_TIME_ZONE = 'Europe/Paris';
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'var', 'screenshots');

export interface WebApp {
  t: TestApp;
  /** http://127.0.0.1:<port>, also the app's PUBLIC_BASE_URL. */
  baseUrl: string;
  smtp: SmtpSink;
  close: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The whole application listening on a local port, sending its mail to a real SMTP sink. */
export async function startWebApp(options: { env?: Record<string, string>; imports?: NonNullable<ModuleMetadata['imports']> } = {}): Promise<WebApp> {
  const smtp = await startSmtpSink();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({
    auth: true,
    env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: baseUrl, ORGANIZATION_NAME: 'Académie de Grenoble', ...options.env },
    imports: options.imports ?? [],
  });
  await t.app.listen(port, '127.0.0.1');
  return {
    t,
    baseUrl,
    smtp,
    close: async () => {
      await t.close();
      await smtp.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // Debian's Chromium draws date fields in French only with its locale files (package chromium-l10n).
  if (!process.env.CHROMIUM_PATH && existsSync('/usr/lib/chromium/locales') && !existsSync('/usr/lib/chromium/locales/fr.pak')) {
    throw new Error('Chromium has no French locale: install the Debian package chromium-l10n (.ci/run does)');
  }
  // The browser's own widgets (date and time fields) follow the process's language, not the context's locale.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr_FR:fr', TZ: BROWSER_TIME_ZONE } });
}

/** A fresh browser profile (no cookies), French, in the convention's zone, the width of a laptop. */
export async function newVisitor(browser: Browser, timeZone = BROWSER_TIME_ZONE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: timeZone, viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

/** Puts a session of `secret` (from test/support/auth-helpers tokenFor) in the browser, as the sign-in page would. */
export async function signInWithToken(context: BrowserContext, web: WebApp, secret: string): Promise<void> {
  await context.addCookies([{ name: SESSION_COOKIE, value: secret, url: web.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/** axe-core's serious and critical violations of WCAG 2.1 A/AA on the page as it is now, described. */
async function severeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  return severe.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * How far the page is wider than the window, with the elements that stick out (none when it fits),
 * and the text squeezed into a column too narrow to read.
 * A table in its own scrolling box (partials/table-scroll.html) may be wider: the box scrolls, not the page.
 */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewportWidth: number; culprits: string[]; squeezed: string[] }> {
  // A string: the tests compile without the DOM's types.
  return (await page.evaluate(`(() => {
    const viewportWidth = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const culprits = [];
    const clipped = (element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    if (scrollWidth > viewportWidth) {
      for (const element of document.body.querySelectorAll('*')) {
        // Text too long for its box sticks out without widening the box: its scroll width tells.
        const box = element.getBoundingClientRect();
        const right = getComputedStyle(element).overflowX === 'visible' ? Math.max(box.right, box.left + element.scrollWidth) : box.right;
        if (right > viewportWidth + 0.5 && !clipped(element)) {
          const classes = typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
          culprits.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes + ' (right ' + Math.round(right) + ' px): ' + (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60));
        }
      }
    }
    // Text squeezed into a column a letter or two wide (a caption left without width, say): it fits, unreadable.
    const squeezed = [];
    for (const element of document.body.querySelectorAll('*')) {
      const own = Array.from(element.childNodes).filter((node) => node.nodeType === 3).map((node) => node.textContent).join('').replace(/\s+/g, ' ').trim();
      if (own.length < 8) continue;
      const box = element.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (box.width > 0 && box.width < 2 * size && box.height > 4 * size) squeezed.push(element.tagName.toLowerCase() + ' (' + Math.round(box.width) + ' × ' + Math.round(box.height) + ' px): ' + own.slice(0, 40));
    }
    return { scrollWidth, viewportWidth, culprits: culprits.slice(-5), squeezed };
  })()`)) as { scrollWidth: number; viewportWidth: number; culprits: string[]; squeezed: string[] };
}

/**
 * What every page visited must pass, at a laptop's width (1280 px) and a phone's (400 px): axe-core
 * finds no serious or critical violation of WCAG 2.1 A/AA, and at 400 px the page does not scroll
 * sideways nor squeeze text into a column a letter wide (members answer from their phone). A screenshot is kept at both widths (var/screenshots,
 * not committed).
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  try {
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      expect({ page: name, width, violations: await severeViolations(page) }).toEqual({ page: name, width, violations: [] });
      await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${width}.png`), fullPage: true });
      if (width === 400) {
        const overflow = await horizontalOverflow(page);
        expect({ page: name, width, ...overflow }).toEqual({ page: name, width, scrollWidth: overflow.viewportWidth, viewportWidth: overflow.viewportWidth, culprits: [], squeezed: [] });
      }
    }
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** The sign-in emails sent to `email`, parsed, in order. */
async function signInMailsTo(smtp: SmtpSink, email: string): Promise<ParsedMail[]> {
  return (await smtp.to(email)).filter((mail) => /connexion\/lien/.test(mail.text ?? ''));
}

/** The link of the last sign-in email sent to `email`, once there are `count` of them. */
export async function signInLinkFor(smtp: SmtpSink, email: string, count = 1): Promise<string> {
  const mails = await eventually(`sign-in email n° ${count} to ${email}`, async () => {
    const sent = await signInMailsTo(smtp, email);
    return sent.length >= count && sent;
  });
  const match = /(https?:\/\/\S+\/connexion\/lien\?token=[A-Za-z0-9_-]+)/.exec(mails[mails.length - 1].text ?? '');
  if (!match) throw new Error('The sign-in email carries no link');
  return match[1];
}

/** Signs `email` in as a person would: the sign-in page, the emailed link, the one button. */
export async function signInThroughEmail(page: Page, web: WebApp, email: string): Promise<void> {
  const before = (await signInMailsTo(web.smtp, email)).length;
  await page.goto(`${web.baseUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();
  await page.goto(await signInLinkFor(web.smtp, email, before + 1));
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.waitForURL(`${web.baseUrl}/`);
}
