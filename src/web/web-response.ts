import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { hasMessage } from '../i18n/i18n';
import { Html } from './html';
import { FormErrors, layout, PageOptions } from './layout';
import type { PageContext } from './web-context';

/**
 * Sends a page. Every page carries a CSRF token or personal data, so none is stored by caches;
 * none is sent as a referrer either (helmet sets Referrer-Policy: no-referrer globally too).
 */
export function sendHtml(res: Response, status: number, body: Html): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.send(body.value);
}

export function sendPage(res: Response, ctx: PageContext, status: number, options: PageOptions): void {
  sendHtml(res, status, layout(ctx, options));
}

/** 303 See Other: after a POST, the browser follows with a GET. */
export function redirect(res: Response, location: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(303, location);
}

/** Refused by the CSRF check; rendered as a 403 page. */
export class CsrfError extends Error {
  constructor() {
    super('csrf');
  }
}

/**
 * A DomainError as form errors: per-rule messages for password_policy, per-field messages for
 * validation_failed, the catalogue message (with its params and details) otherwise.
 */
export function formErrorsOf(ctx: PageContext, error: DomainError, fieldOf: Record<string, string> = {}): FormErrors {
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (error.code === 'password_policy' && Array.isArray(details.violations)) {
    const messages = (details.violations as Array<{ rule: string; params?: Record<string, string | number> }>).map((v) =>
      hasMessage(ctx.locale, `policy.${v.rule}`) ? ctx.t(`policy.${v.rule}`, v.params) : ruleText(ctx, v.rule, v.params),
    );
    const name = fieldOf.password_policy ?? 'newPassword';
    return { general: [ctx.t('errors.password_policy')], fields: { [name]: messages } };
  }
  if (error.code === 'validation_failed' && Array.isArray(details.fields)) {
    const fields: Record<string, string[]> = {};
    for (const f of details.fields as Array<{ field: string; message: string; params?: Record<string, string | number> }>) {
      const key = hasMessage(ctx.locale, `validation.${f.message}`) ? `validation.${f.message}` : 'validation.default';
      (fields[f.field] ??= []).push(ctx.t(key, f.params));
    }
    return { general: [ctx.t('errors.validation_failed')], fields };
  }
  const params: Record<string, string | number> = { ...error.params };
  for (const [k, v] of Object.entries(details)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  let message = ctx.t(`errors.${error.code}`, params);
  if (typeof details.attemptsLeft === 'number') message += ` ${ctx.p('attempts_left', { count: details.attemptsLeft })}`;
  if (typeof details.adminContact === 'string' && details.adminContact) message += ` ${ctx.p('admin_contact', { contact: details.adminContact })}`;
  const target = fieldOf[error.code];
  return target ? { fields: { [target]: [message] } , general: [] } : { general: [message] };
}

/** The text of a password rule for the rules list (and for violations without a policy.* text). */
export function ruleText(ctx: PageContext, rule: string, params: Record<string, string | number> = {}): string {
  return ctx.p(`rule_${rule}`, params);
}
