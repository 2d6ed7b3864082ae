import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request } from 'express';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { RecentMessages } from '../channels/log/recent-messages';
import { OutboxWorker } from '../outbox/outbox.worker';
import { escapeHtml } from '../templates/escape-html';

/**
 * `/dev/outbox`: the latest messages the `log` provider delivered, so a newcomer can follow a
 * reset link without a mail server. Exists only with EMAIL_PROVIDER=log outside production;
 * anywhere else it is the plain 404 of an unknown route.
 */
@ApiExcludeController()
@Controller('dev')
export class DevOutboxController {
  constructor(
    private readonly config: AppConfig,
    private readonly worker: OutboxWorker,
    private readonly recent: RecentMessages,
  ) {}

  @Get('outbox')
  async page(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    // Reset links and codes are listed here: only for a developer on this machine, never over the network.
    if (this.config.email.provider !== 'log' || this.config.isProduction || !isLoopback(req.socket.remoteAddress)) throw new DomainError('not_found');
    // Set here, not by decorator: the 404 above must keep the JSON error's content type.
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    // Deliver what is due first, so a message queued a moment ago is already listed.
    await this.worker.drain();
    const items = this.recent.list().reverse();
    const rows = items.map(
      (m) => `<article>
<h2>${escapeHtml(m.subject ?? m.notice)}</h2>
<p><small>${escapeHtml(m.deliveredAt.toISOString())} · ${escapeHtml(m.channel)} · ${escapeHtml(m.notice)} · ${escapeHtml(m.locale)} · to <b>${escapeHtml(m.to)}</b></small></p>
<pre>${linkify(escapeHtml(m.text))}</pre>
</article>`,
    );
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dev outbox</title></head>
<body>
<h1>Dev outbox</h1>
<p>The last ${items.length} message(s) delivered by the <code>log</code> provider (newest first; kept in memory, lost on restart). Development only.</p>
${rows.length ? rows.join('\n<hr>\n') : '<p>No messages yet.</p>'}
</body></html>`;
  }
}

/** Makes web links in already-escaped text clickable; the URL stays escaped inside href. */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || (address ?? '').startsWith('127.') || (address ?? '').startsWith('::ffff:127.');
}
