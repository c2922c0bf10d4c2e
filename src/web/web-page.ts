import { Inject, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { AccessPolicy, principalOf } from '../auth';
import { GLOBAL_TARGET } from '../auth/access-policy';
import { Csrf } from './csrf';
import { TemplateRenderer, TemplateVariables } from '../templates/template-renderer';
import { flashMessage } from './french-messages';
import { ResponseCache } from '../database/response-cache';

const POLICY = new AccessPolicy();

function overseesConventions(subject: Parameters<AccessPolicy['managedConventions']>[0]): boolean {
  const managed = POLICY.managedConventions(subject);
  return managed === 'all' || managed.length > 0;
}

/** « Personnes » in the menu of who may look people up (people.read: a secretariat, a convener, an administrator). */
function findsPeople(subject: Parameters<AccessPolicy['decide']>[0]): boolean {
  return POLICY.decide(subject, 'people.read', GLOBAL_TARGET).allowed;
}

/** « Comptes » in the menu of administrators (account.manage). */
function managesAccounts(subject: Parameters<AccessPolicy['decide']>[0]): boolean {
  return POLICY.decide(subject, 'account.manage', GLOBAL_TARGET).allowed;
}

/** What a page controller computes: the page, its variables, its options. */
export interface PageContent {
  page: string;
  variables: TemplateVariables;
  options: PageOptions;
}

export interface PageOptions {
  title: string;
  /** Which entry of the menu is the current page. */
  section?: 'home' | 'my-meetings' | 'my-calendars' | 'calendar' | 'overview' | 'conventions' | 'mail' | 'people' | 'accounts' | null;
  status?: number;
}

/**
 * What every page shares: the layout (organization, who is signed in, the CSRF token of its
 * forms) and the headers of a personal page (never cached; the Referer stays on copil, so that
 * browsers send the Origin that the guard checks on forms).
 */
@Injectable()
export class WebPage {
  constructor(
    private readonly templates: TemplateRenderer,
    private readonly csrf: Csrf,
    private readonly cache: ResponseCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  send(request: Request, response: Response, page: string, variables: TemplateVariables, options: PageOptions): void {
    this.write(response, options.status ?? 200, this.render(request, response, page, variables, options), null);
  }

  /**
   * A signed-in person's page that depends only on the database, their rights, the URL and the
   * time: kept for their session until a write commits or the minute turns (ResponseCache), and
   * sent again as it was rendered. Anonymous visitors' pages are always rendered.
   */
  async sendKept(request: Request, response: Response, compute: () => Promise<PageContent>): Promise<void> {
    const principal = principalOf(request);
    const render = async () => {
      const { page, variables, options } = await compute();
      return { status: options.status ?? 200, headers: [], body: this.render(request, response, page, variables, options) };
    };
    if (!principal) {
      const page = await render();
      this.write(response, page.status, page.body, null);
      return;
    }
    const kept = await this.cache.remember(`page ${principal.credential.id} ${request.originalUrl}`, render);
    this.write(response, kept.status, kept.body, kept.etag);
  }

  private render(request: Request, response: Response, page: string, variables: TemplateVariables, options: PageOptions): string {
    const csrf = this.csrf.tokenFor(request, response);
    const principal = principalOf(request);
    const flash = typeof request.query.fait === 'string' ? flashMessage(request.query.fait) : null;
    // pages/<page>.html inside layouts/page.html: what the layout shows wins over a page's own names.
    return this.templates.page(page, {
      ...variables,
      csrf,
      pageTitle: options.title,
      section: options.section ?? null,
      organization: this.config.organization,
      person: principal ? { fullName: principal.person.fullName } : null,
      // The overview and the conventions' pages are in the menu of who oversees conventions (secretariat, administrator).
      oversees: principal ? overseesConventions(principal.subject) : false,
      findsPeople: principal ? findsPeople(principal.subject) : false,
      managesAccounts: principal ? managesAccounts(principal.subject) : false,
      flash,
    });
  }

  private write(response: Response, status: number, html: string, etag: string | null): void {
    if (etag) response.setHeader('ETag', etag);
    response
      .status(status)
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'same-origin')
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** POST → redirect → GET: 303, so that reloading the next page posts nothing again. */
  redirect(response: Response, location: string): void {
    response.redirect(303, location);
  }
}
