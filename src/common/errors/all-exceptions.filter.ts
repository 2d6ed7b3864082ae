import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { chooseLocale, hasMessage, t } from '../../i18n/i18n';
import { RealmsService } from '../../realms/realms.service';
import type { AppRequest } from '../http/app-request';
import { AppLogger } from '../logging/app-logger';
import { DomainError } from './domain-error';
import { ERROR_STATUS, ErrorCode } from './error-codes';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/**
 * The one place errors become HTTP answers: `{statusCode, code, message, details}` with the
 * message in the request's language. Framework errors (body parser, router, throttler) are
 * mapped to contract codes; anything unexpected is a 500 with an error id, its cause logged.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: AppLogger,
    private readonly realms: RealmsService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<AppRequest>();
    const res = ctx.getResponse<Response>();
    const error = this.toDomainError(exception, req);
    // Errors raised before the realm guard (body parser) still speak the realm's language.
    const realm = req.realm ?? (error.code === 'service_unavailable' ? undefined : await this.realmOfPath(req));
    const locale = chooseLocale({
      acceptLanguage: req.headers?.['accept-language'],
      userLocale: req.auth?.user.locale,
      realmLocales: realm?.settings.locales,
      realmDefault: realm?.settings.defaultLocale,
    });
    const body: ErrorBody = { statusCode: error.status, code: error.code, message: t(locale, `errors.${error.code}`, error.params) };
    if (error.details !== undefined) body.details = this.localizeDetails(error.details, locale);
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json(body);
  }

  private async realmOfPath(req: AppRequest): Promise<AppRequest['realm']> {
    const slug = REALM_PATH.exec(req.path ?? '')?.[1];
    if (!slug) return undefined;
    return (await this.realms.findBySlug(slug).catch(() => null)) ?? undefined;
  }

  private localizeDetails(details: Record<string, unknown>, locale: 'ru' | 'en'): Record<string, unknown> {
    const violations = details.violations;
    if (Array.isArray(violations)) {
      return {
        ...details,
        violations: violations.map((v: { rule: string; params?: Record<string, string | number> }) => ({ rule: v.rule, message: t(locale, `policy.${v.rule}`, v.params) })),
      };
    }
    const fields = details.fields;
    if (!Array.isArray(fields)) return details;
    return {
      ...details,
      fields: fields.map((f: { field: string; message: string; params?: Record<string, string | number> }) => ({
        field: f.field,
        message: t(locale, hasMessage(locale, `validation.${f.message}`) ? `validation.${f.message}` : 'validation.default', f.params),
      })),
    };
  }

  private toDomainError(exception: unknown, req: AppRequest): DomainError {
    if (exception instanceof DomainError) return exception;
    const status = httpStatusOf(exception);
    const type = (exception as { type?: string } | null)?.type;
    if (type === 'entity.too.large' || status === 413) return new DomainError('payload_too_large');
    if (type === 'entity.parse.failed') {
      return new DomainError('validation_failed', { fields: [{ field: 'body', message: 'json' }] });
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new DomainError('unsupported_media_type');
    if (status === 429) {
      const retry = (req.res?.getHeader('Retry-After') as string | undefined) ?? '60';
      return new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(retry) });
    }
    if (status === 404) return new DomainError('not_found');
    if (status === 405) return new DomainError('not_found');
    if (status === 415) return new DomainError('unsupported_media_type');
    if (exception instanceof URIError || (status === 400 && !(exception instanceof HttpException))) return new DomainError('bad_request');
    if (status === 401) return new DomainError('unauthenticated');
    if (status === 403) return new DomainError('forbidden');
    if (status !== undefined && status >= 400 && status < 500) {
      const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((c) => ERROR_STATUS[c] === status) ?? 'bad_request';
      return new DomainError(code);
    }
    if (isDatabaseUnavailable(exception)) {
      const e = exception as { name?: string; code?: string; message?: string };
      this.logger.pino.warn({ reqId: req.id, error: { name: e.name, code: e.code, message: String(e.message).slice(0, 120) } }, 'database unavailable');
      return new DomainError('service_unavailable');
    }
    const errorId = randomUUID();
    // A summary only: driver errors carry SQL parameters (hashes, e-mails, phones).
    const e = exception as { name?: string; message?: string; code?: string; stack?: string } | null;
    this.logger.pino.error({ errorId, reqId: req.id, error: { name: e?.name, code: e?.code, message: String(e?.message ?? exception).slice(0, 300), stack: e?.stack?.split('\n').slice(1, 8).join('\n') } }, 'unhandled error');
    return new DomainError('internal_error', { errorId });
  }
}

/** The realm a path names (`/api/v1/realms/{realm}/…` or `/realms/{realm}/…`). */
const REALM_PATH = /^\/(?:api\/v1\/)?realms\/([^/]+)/;

function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { status?: unknown; statusCode?: unknown } | null;
  const s = e?.status ?? e?.statusCode;
  return typeof s === 'number' ? s : undefined;
}
