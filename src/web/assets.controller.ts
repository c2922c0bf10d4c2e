import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Response } from 'express';
import { Public } from '../auth';

const TYPES: Record<string, string> = {
  'copil.css': 'text/css; charset=utf-8',
  'copil.js': 'text/javascript; charset=utf-8',
};

function publicDir(): string {
  const candidates = [resolve(__dirname, '../../public'), resolve(__dirname, '../../../public')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

/** The stylesheet and the script of the pages: two files, read once, no build step. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly files = new Map<string, Buffer>();

  constructor() {
    const dir = publicDir();
    for (const name of Object.keys(TYPES)) this.files.set(name, readFileSync(join(dir, name)));
  }

  @Get(':file')
  @Public()
  asset(@Param('file') file: string, @Res() response: Response): void {
    const content = this.files.get(file);
    if (!content) throw new NotFoundException();
    response.setHeader('Content-Type', TYPES[file]);
    response.setHeader('Cache-Control', 'public, max-age=3600');
    response.send(content);
  }
}
