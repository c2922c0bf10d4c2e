import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { CurrentPrincipal, LinkRedeemRateLimit, Principal, Public, SignInRateLimit, SignedIn } from '../auth';
import { SignInService } from '../auth/sign-in.service';
import { AccessTokensService } from '../auth/access-tokens.service';
import { clearedSessionCookie, sessionCookie } from '../auth/credentials';
import { SignInRequestDto } from '../auth/dto/sign-in.dto';
import { CsrfGuard } from './csrf';
import { FormBody, readForm, textOf } from './forms';
import { formErrors } from './french-messages';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/**
 * Signing in from a browser with one's email only: the emailed link opens a page whose one button
 * opens the session, so that a mail scanner opening the link does not use it up.
 */
@ApiExcludeController()
@Controller()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class SignInPageController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly page: WebPage,
    private readonly signIn: SignInService,
    private readonly tokens: AccessTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secureCookie = config.publicBaseUrl.startsWith('https:');
  }

  @Get('connexion')
  @Public()
  form(@Req() request: Request, @Res() response: Response): void {
    this.page.send(request, response, 'sign-in', { email: '', errors: [], sent: false }, { title: 'Connexion' });
  }

  @Post('connexion')
  @Public()
  @SignInRateLimit()
  async requestLink(@Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const dto = await readForm(SignInRequestDto, body);
      await this.signIn.requestLink(dto.email);
      this.page.send(request, response, 'sign-in', { email: dto.email, errors: [], sent: true, ttlMinutes: this.config.auth.signInLinkTtlMinutes }, { title: 'Vérifiez votre messagerie' });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const errors = formErrors(error, () => 'email', 'email').map((entry) => ({ ...entry, message: 'Indiquez votre adresse électronique, par exemple prenom.nom@exemple.fr.' }));
      this.page.send(request, response, 'sign-in', { email: textOf(body, 'email'), errors, sent: false }, { title: 'Erreur – Connexion', status: 400 });
    }
  }

  /** Where the emailed link leads: nothing is used up by opening it. */
  @Get('connexion/lien')
  @Public()
  link(@Query('token') token: string | undefined, @Req() request: Request, @Res() response: Response): void {
    this.page.send(request, response, 'sign-in-link', { token: typeof token === 'string' ? token : '', invalid: false }, { title: 'Connexion' });
  }

  @Post('connexion/lien')
  @Public()
  @LinkRedeemRateLimit()
  async openSession(@Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const token = textOf(body, 'token');
    try {
      const opened = await this.signIn.openSession(token);
      response.setHeader(
        'Set-Cookie',
        sessionCookie(opened.issued.secret, { secure: this.secureCookie, maxAgeSeconds: this.config.auth.sessionTtlHours * 3600 }),
      );
      this.page.redirect(response, '/');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid_sign_in_link') throw error;
      this.page.send(request, response, 'sign-in-link', { token: '', invalid: true }, { title: 'Lien expiré – Connexion', status: 401 });
    }
  }

  @Post('deconnexion')
  @SignedIn()
  async signOut(@CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    if (principal.credential.kind === 'session') await this.tokens.revokeSession(principal.credential.id);
    response.setHeader('Set-Cookie', clearedSessionCookie(this.secureCookie));
    this.page.redirect(response, '/connexion?fait=deconnecte');
  }
}
