import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { ConventionOverviewService } from '../dashboard/convention-overview.service';
import { CsrfGuard } from './csrf';
import { FormBody, textOf } from './forms';
import { DefinitionFault, conventionListView, conventionView, definitionFaults, previewView, signPreview } from './convention.view';
import { definitionRefusal } from './french-messages';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** What the upload uses of multer (which ships no types): an in-memory parser of one file field. */
interface Multer {
  (options: { storage: unknown; limits: { fileSize: number; files: number; fields: number } }): {
    single(field: string): (request: Request, response: Response, done: (error?: unknown) => void) => void;
  };
  memoryStorage(): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const multer = require('multer') as Multer;

/** A definition file is a few kilobytes; a page takes at most this much. */
export const DEFINITION_UPLOAD_BYTES = 256 * 1024;
export const DEFINITION_FILE_FIELD = 'fichier';

/**
 * Reads the upload form (multipart) before the guards, so that the CSRF guard finds its token in
 * the body. A refused file (too large) is noted on the request, to be told on the page.
 */
export function definitionUpload() {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: DEFINITION_UPLOAD_BYTES, files: 1, fields: 5 } }).single(DEFINITION_FILE_FIELD);
  return (request: Request, response: Response, next: (error?: unknown) => void) => {
    parse(request, response, (error?: unknown) => {
      // multer's errors carry a code: LIMIT_FILE_SIZE for a file over the limit.
      if (error) (request as Request & { uploadRefusal?: string }).uploadRefusal = (error as { code?: unknown }).code === 'LIMIT_FILE_SIZE' ? 'file_too_large' : 'file_missing';
      next();
    });
  };
}

/** The conventions' pages: the list, one convention, its definition downloaded, previewed and replaced. */
@ApiExcludeController()
@Controller('suivi/conventions')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class ConventionsPageController {
  constructor(
    private readonly page: WebPage,
    private readonly conventions: ConventionOverviewService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Permission('registry.read')
  async list(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const conventions = conventionListView(await this.conventions.list(principal.subject));
    this.page.send(request, response, 'conventions', { conventions }, { title: 'Conventions', section: 'conventions' });
  }

  @Get(':reference')
  @Permission('registry.read', { conventionReference: 'param:reference' })
  async show(@Param('reference') reference: string, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.showConvention(reference, principal, request, response, [], 200);
  }

  @Get(':reference/definition.yaml')
  @Permission('registry.read', { conventionReference: 'param:reference' })
  async download(@Param('reference') reference: string, @Res() response: Response): Promise<void> {
    const text = await this.conventions.definitionYaml(reference);
    response.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${reference}.yaml"`);
    response.setHeader('Cache-Control', 'no-store');
    response.send(Buffer.from(text, 'utf8'));
  }

  /** Step 1: the uploaded file, checked and previewed; nothing written. */
  @Post(':reference/apercu')
  @Permission('convention.manage', { conventionReference: 'param:reference' })
  async preview(@Param('reference') reference: string, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const upload = request as Request & { file?: { buffer: Buffer; originalname: string }; uploadRefusal?: string };
    const refusal = upload.uploadRefusal ?? (!upload.file || upload.file.buffer.length === 0 ? 'file_missing' : null);
    if (refusal) return this.showConvention(reference, principal, request, response, [{ line: null, path: null, message: definitionRefusal(refusal) }], 400);
    const text = readUtf8(upload.file!.buffer);
    if (text === null) return this.showConvention(reference, principal, request, response, [{ line: null, path: null, message: definitionRefusal('not_utf8') }], 400);
    try {
      const result = await this.conventions.preview(reference, text, principal.subject);
      const current = await this.conventions.of(reference, principal.subject);
      const version = current.convention.version;
      this.page.send(
        request,
        response,
        'convention-preview',
        {
          convention: { reference, title: current.convention.title },
          fileName: upload.file!.originalname,
          preview: previewView(result),
          definition: Buffer.from(text, 'utf8').toString('base64'),
          version,
          signature: signPreview(this.config.auth.secret, principal.credential.id, reference, version, text),
        },
        { title: `Aperçu du remplacement – ${current.convention.title}`, section: 'conventions' },
      );
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid', 'forbidden', 'conflict'].includes(error.kind)) throw error;
      const faults = error.kind === 'invalid' ? definitionFaults(error, text) : [{ line: null, path: null, message: definitionRefusal(error.code) }];
      await this.showConvention(reference, principal, request, response, faults, error.kind === 'invalid' ? 400 : 422);
    }
  }

  /** Step 2: the very file previewed (signed with the session, the convention and its version) is applied. */
  @Post(':reference/definition')
  @Permission('convention.manage', { conventionReference: 'param:reference' })
  async replace(@Param('reference') reference: string, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const current = await this.conventions.of(reference, principal.subject);
    const text = Buffer.from(textOf(body, 'definition'), 'base64').toString('utf8');
    const expected = signPreview(this.config.auth.secret, principal.credential.id, reference, current.convention.version, text);
    if (!sameText(expected, textOf(body, 'signature'))) {
      return this.showConvention(reference, principal, request, response, [{ line: null, path: null, message: definitionRefusal('preview_stale') }], 409);
    }
    try {
      await this.conventions.apply(reference, text, principal.subject);
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid', 'forbidden', 'conflict'].includes(error.kind)) throw error;
      const faults = error.kind === 'invalid' ? definitionFaults(error, text) : [{ line: null, path: null, message: definitionRefusal(error.code) }];
      return this.showConvention(reference, principal, request, response, faults, error.kind === 'invalid' ? 400 : 422);
    }
    this.page.redirect(response, `/suivi/conventions/${encodeURIComponent(reference)}?fait=definition-remplacee`);
  }

  private async showConvention(reference: string, principal: Principal, request: Request, response: Response, faults: DefinitionFault[], status: number): Promise<void> {
    const view = conventionView(await this.conventions.of(reference, principal.subject));
    const errors = faults.length ? [{ field: DEFINITION_FILE_FIELD, message: 'Le fichier n’a pas été importé\u00A0: corrigez les erreurs ci-dessous.' }] : [];
    this.page.send(request, response, 'convention', { ...view, faults, errors }, {
      title: `${faults.length ? 'Erreur – ' : ''}${view.title}`,
      section: 'conventions',
      status,
    });
  }
}

function readUtf8(buffer: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
