import { Inject, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { AccessPolicy, principalOf } from '../auth';
import { GLOBAL_TARGET } from '../auth/access-policy';
import { Csrf } from './csrf';
import { TemplateRenderer, TemplateVariables } from '../templates/template-renderer';
import { flashMessage } from './french-messages';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  send(request: Request, response: Response, page: string, variables: TemplateVariables, options: PageOptions): void {
    const csrf = this.csrf.tokenFor(request, response);
    const principal = principalOf(request);
    const flash = typeof request.query.fait === 'string' ? flashMessage(request.query.fait) : null;
    // pages/<page>.html inside layouts/page.html: what the layout shows wins over a page's own names.
    const html = this.templates.page(
      page,
      {
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
      },
    );
    response
      .status(options.status ?? 200)
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
