import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';

const TYPES: Record<string, string> = { 'web.css': 'text/css; charset=utf-8', 'web.js': 'text/javascript; charset=utf-8', 'mfa.js': 'text/javascript; charset=utf-8' };

/** The assets live beside the sources (tsc does not copy them); found from src/ or dist/src/. */
function assetsDir(): string {
  const candidates = [join(__dirname, 'assets'), join(__dirname, '..', '..', '..', 'src', 'web', 'assets')];
  return candidates.find((d) => existsSync(join(d, 'web.css'))) ?? candidates[0];
}

/** The pages' own stylesheet and script, loaded once and served from memory. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly files = new Map<string, Buffer>();

  constructor() {
    const dir = assetsDir();
    for (const name of Object.keys(TYPES)) this.files.set(name, readFileSync(join(dir, name)));
  }

  @Get(':file')
  serve(@Param('file') file: string, @Res() res: Response): void {
    const body = this.files.get(file);
    if (!body) throw new DomainError('not_found');
    res.setHeader('Content-Type', TYPES[file]);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  }
}
