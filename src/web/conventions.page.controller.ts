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
    await this.showList(principal, request, response, [], 200);
  }

  /** A new convention, step 1: its uploaded file checked and previewed; nothing written. As POST /conventions: who manages every convention. */
  @Post('nouvelle/apercu')
  @Permission('convention.manage')
  async previewNew(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const upload = readUpload(request);
    if ('refusal' in upload) return this.showList(principal, request, response, [{ line: null, path: null, message: definitionRefusal(upload.refusal) }], 400);
    try {
      const result = await this.conventions.previewNew(upload.text, principal.subject);
      this.page.send(
        request,
        response,
        'convention-preview',
        {
          creating: true,
          convention: { reference: result.reference },
          fileName: upload.fileName,
          preview: previewView(result),
          definition: Buffer.from(upload.text, 'utf8').toString('base64'),
          signature: signPreview(this.config.auth.secret, principal.credential.id, NEW_CONVENTION, 0, upload.text),
        },
        { title: `Aperçu de la nouvelle convention – ${result.reference}`, section: 'conventions' },
      );
    } catch (error) {
      await this.showList(principal, request, response, ...refusedFile(error, upload.text));
    }
  }

  /** A new convention, step 2: the very file previewed (signed with the session) creates it. */
  @Post('nouvelle')
  @Permission('convention.manage')
  async create(@Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const text = Buffer.from(textOf(body, 'definition'), 'base64').toString('utf8');
    const expected = signPreview(this.config.auth.secret, principal.credential.id, NEW_CONVENTION, 0, text);
    if (!sameText(expected, textOf(body, 'signature'))) {
      return this.showList(principal, request, response, [{ line: null, path: null, message: definitionRefusal('preview_stale') }], 409);
    }
    let reference: string;
    try {
      reference = (await this.conventions.create(text, principal.subject)).reference;
    } catch (error) {
      return this.showList(principal, request, response, ...refusedFile(error, text));
    }
    this.page.redirect(response, `/suivi/conventions/${encodeURIComponent(reference)}?fait=convention-importee`);
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
    const upload = readUpload(request);
    if ('refusal' in upload) return this.showConvention(reference, principal, request, response, [{ line: null, path: null, message: definitionRefusal(upload.refusal) }], 400);
    const text = upload.text;
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
          fileName: upload.fileName,
          preview: previewView(result),
          definition: Buffer.from(text, 'utf8').toString('base64'),
          version,
          signature: signPreview(this.config.auth.secret, principal.credential.id, reference, version, text),
        },
        { title: `Aperçu du remplacement – ${current.convention.title}`, section: 'conventions' },
      );
    } catch (error) {
      await this.showConvention(reference, principal, request, response, ...refusedFile(error, text));
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
      return this.showConvention(reference, principal, request, response, ...refusedFile(error, text));
    }
    this.page.redirect(response, `/suivi/conventions/${encodeURIComponent(reference)}?fait=definition-remplacee`);
  }

  private async showList(principal: Principal, request: Request, response: Response, faults: DefinitionFault[], status: number): Promise<void> {
    const conventions = conventionListView(await this.conventions.list(principal.subject));
    const errors = faults.length ? [{ field: DEFINITION_FILE_FIELD, message: 'Le fichier n’a pas été importé\u00A0: corrigez les erreurs ci-dessous.' }] : [];
    this.page.send(request, response, 'conventions', { conventions, mayCreate: this.conventions.mayCreate(principal.subject), faults, errors }, {
      title: `${faults.length ? 'Erreur – ' : ''}Conventions`,
      section: 'conventions',
      status,
    });
  }

  private async showConvention(reference: string, principal: Principal, request: Request, response: Response, faults: DefinitionFault[], status: number): Promise<void> {
    const view = conventionView(await this.conventions.of(reference, principal.subject));
    const errors = faults.length ? [{ field: DEFINITION_FILE_FIELD, message: 'Le fichier n’a pas été importé\u00A0: corrigez les erreurs ci-dessous.' }] : [];
    const uploadAction = `/suivi/conventions/${encodeURIComponent(reference)}/apercu`;
    this.page.send(request, response, 'convention', { ...view, uploadAction, faults, errors }, {
      title: `${faults.length ? 'Erreur – ' : ''}${view.title}`,
      section: 'conventions',
      status,
    });
  }
}

/** The key a new convention's preview is signed under: no convention has it yet, nor a version. */
const NEW_CONVENTION = 'nouvelle-convention';

/** The uploaded file as text, or why it cannot be read (missing, too large, not UTF-8). */
function readUpload(request: Request): { text: string; fileName: string } | { refusal: string } {
  const upload = request as Request & { file?: { buffer: Buffer; originalname: string }; uploadRefusal?: string };
  const refusal = upload.uploadRefusal ?? (!upload.file || upload.file.buffer.length === 0 ? 'file_missing' : null);
  if (refusal) return { refusal };
  const text = readUtf8(upload.file!.buffer);
  return text === null ? { refusal: 'not_utf8' } : { text, fileName: upload.file!.originalname };
}

/** A refused file's faults, each with its line and field, and the page's status; any other error goes on. */
function refusedFile(error: unknown, text: string): [DefinitionFault[], number] {
  if (!(error instanceof DomainError) || !['invalid', 'forbidden', 'conflict'].includes(error.kind)) throw error;
  const faults = error.kind === 'invalid' ? definitionFaults(error, text) : [{ line: null, path: null, message: definitionRefusal(error.code) }];
  return [faults, error.kind === 'invalid' ? 400 : error.kind === 'conflict' && error.code === 'convention_exists' ? 409 : 422];
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
