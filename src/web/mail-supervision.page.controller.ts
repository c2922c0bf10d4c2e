import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { IdParams } from '../common/validators';
import { DomainError } from '../common/domain-error';
import { MailSupervisionService } from '../convocations/mail-supervision.service';
import { CsrfGuard } from './csrf';
import { FieldMessage } from './french-messages';
import { readSupervisionQuery, supervisionView } from './mail-supervision.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** « Courriels non partis »: what failed, was withheld or waits for another try, and a failure sent again. */
@ApiExcludeController()
@Controller('suivi/courriels')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class MailSupervisionPageController {
  constructor(
    private readonly page: WebPage,
    private readonly supervision: MailSupervisionService,
  ) {}

  /** Anyone signed in may ask: each sees the messages of the conventions they keep the secretariat of. */
  @Get()
  @Permission('registry.read')
  async show(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { state, page, errors } = readSupervisionQuery(query);
    await this.render(principal, request, response, state, page, errors, errors.length ? 400 : 200);
  }

  /** Sends a failure again, to the person's address as it is now (corrected or not). */
  @Post(':id/renvoi')
  @Permission('registry.read')
  async resend(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      await this.supervision.resend(principal.subject, params.id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'conflict') throw error;
      // A sign-in link has no « Renvoyer » form to point at: the summary leads to its entry instead.
      const refusal: FieldMessage =
        error.code === 'message_not_resendable'
          ? { field: `message-${params.id}`, message: 'Un lien de connexion n’est jamais renvoyé\u00A0: la personne en demande un nouveau sur la page de connexion.' }
          : { field: `renvoi-${params.id}`, message: 'Ce message a déjà été renvoyé, ou n’est plus en échec\u00A0: la liste est à jour.' };
      return this.render(principal, request, response, null, 1, [refusal], 409);
    }
    this.page.redirect(response, '/suivi/courriels?fait=courriel-renvoye');
  }

  private async render(principal: Principal, request: Request, response: Response, state: Parameters<MailSupervisionService['list']>[1], page: number, errors: FieldMessage[], status: number): Promise<void> {
    const view = supervisionView(await this.supervision.list(principal.subject, errors.length ? null : state, page), state, errors);
    this.page.send(request, response, 'mail-supervision', view, { title: `${errors.length ? 'Erreur – ' : ''}Courriels non partis`, section: 'mail', status });
  }
}
