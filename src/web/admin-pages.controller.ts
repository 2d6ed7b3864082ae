import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminScope } from '../admin/admin-scope';
import { CreateUserDto, UpdateUserDto } from '../admin/dto/admin-user.dto';
import { RealmSettingsPatchDto } from '../admin/dto/realm-settings.dto';
import { CreateUserUseCase } from '../admin/use-cases/create-user.use-case';
import { EndSessionsUseCase } from '../admin/use-cases/end-sessions.use-case';
import { GetRealmSettingsUseCase } from '../admin/use-cases/get-realm-settings.use-case';
import { GetUserUseCase } from '../admin/use-cases/get-user.use-case';
import { ListAccessRequestsUseCase } from '../admin/use-cases/list-access-requests.use-case';
import { ListOrganizationsUseCase } from '../admin/use-cases/list-organizations.use-case';
import { ListUsersUseCase } from '../admin/use-cases/list-users.use-case';
import { QueryAuditUseCase } from '../admin/use-cases/query-audit.use-case';
import { ResetAccessUseCase } from '../admin/use-cases/reset-access.use-case';
import { ResolveAccessRequestUseCase } from '../admin/use-cases/resolve-access-request.use-case';
import { UnlockUserUseCase } from '../admin/use-cases/unlock-user.use-case';
import { UpdateRealmSettingsUseCase } from '../admin/use-cases/update-realm-settings.use-case';
import { UpdateUserUseCase } from '../admin/use-cases/update-user.use-case';
import type { UserEntity } from '../users/entities/user.entity';
import { AUDIT_EVENT_TYPES, AuditEventType } from '../audit/audit-event-types';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { Clock } from '../common/time/clock';
import { StrictValidationPipe } from '../common/validation/validation.pipe';
import { requireSession } from './account.controller';
import { CsrfGuard } from './csrf.guard';
import { formFlag, formString } from './form-input';
import { html } from './html';
import { FormErrors, notice, realmHref } from './layout';
import { accessRequestsView, adminFrame, AdminTab, auditView, formatWhen, userActions, userForm, UserFormValues, usersListView, valuesOf } from './views/admin.view';
import { PageContext, WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { settingsFormView, settingsPatchFromForm } from '../security-centre/web/realm-settings-form';
import { formErrorsOf, redirect, sendPage } from './web-response';

const pipe = new StrictValidationPipe();

/** Checks a plain object against the REST DTO, exactly as the API does (validation_failed). */
async function validateAs<T>(dto: new () => T, value: Record<string, unknown>): Promise<T> {
  return (await pipe.transform(value, { type: 'body', metatype: dto })) as T;
}

/** The staff console: the admin use cases behind the REST admin API, as pages. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm/admin')
export class AdminPagesController {
  constructor(
    private readonly context: WebContextService,
    private readonly listUsers: ListUsersUseCase,
    private readonly getUser: GetUserUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly updateUser: UpdateUserUseCase,
    private readonly resetAccess: ResetAccessUseCase,
    private readonly unlockUser: UnlockUserUseCase,
    private readonly endSessions: EndSessionsUseCase,
    private readonly listOrganizations: ListOrganizationsUseCase,
    private readonly listRequests: ListAccessRequestsUseCase,
    private readonly resolveRequest: ResolveAccessRequestUseCase,
    private readonly queryAudit: QueryAuditUseCase,
    private readonly getSettings: GetRealmSettingsUseCase,
    private readonly updateSettings: UpdateRealmSettingsUseCase,
    private readonly clock: Clock,
  ) {}

  private async scoped(req: AppRequest, res: Response): Promise<{ ctx: PageContext; scope: AdminScope }> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    const scope = AdminScope.of(ctx.realm!, auth);
    if (!scope) throw new DomainError('forbidden');
    return { ctx, scope };
  }

  private send(res: Response, ctx: PageContext, tab: AdminTab, title: string, body: ReturnType<typeof html>, status = 200): void {
    sendPage(res, ctx, status, { title, wide: true, body: adminFrame(ctx, tab, body) });
  }

  @Get()
  home(@Req() req: AppRequest, @Res() res: Response): void {
    redirect(res, `/realms/${encodeURIComponent(req.realm!.slug)}/admin/users`);
  }

  @Get('users')
  async users(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const q = (ctx.query.q ?? '').slice(0, 100);
    const page = Math.max(1, Math.min(100000, Number.parseInt(ctx.query.page ?? '1', 10) || 1));
    const { items, total } = await this.listUsers.execute(scope, { q, page, pageSize: 20 });
    this.send(res, ctx, 'users', ctx.p('admin_users'), usersListView(ctx, { q, page, pageSize: 20, items, total, now: this.clock.now(), flash: flash(ctx) }));
  }

  @Get('users/new')
  async newUser(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    await this.renderCreate(res, ctx, scope, { roles: ['user'], canChangeOwnPassword: true }, undefined, 200);
  }

  @Post('users/new')
  async create(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const values = formValues(req.body, true);
    try {
      const password = formString(req.body, 'password', 4096);
      const body = { ...userBody(values, scope), login: values.login ?? '', ...(password ? { password } : {}) };
      const dto = await validateAs(CreateUserDto, body);
      const { user } = await this.createUser.execute(scope, dto, req.ip ?? null);
      redirect(res, realmHref(ctx, `/admin/users/${user.id}?done=user_created`));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.renderCreate(res, ctx, scope, values, formErrorsOf(ctx, e, { password_policy: 'password', login_taken: 'login' }), e.status);
    }
  }

  private async renderCreate(res: Response, ctx: PageContext, scope: AdminScope, values: UserFormValues, errors: FormErrors | undefined, status: number): Promise<void> {
    const organizations = await this.listOrganizations.execute(scope);
    this.send(
      res,
      ctx,
      'users',
      ctx.p('create_user'),
      html`<h2>${ctx.p('create_user')}</h2>${userForm(ctx, { action: realmHref(ctx, '/admin/users/new'), values, errors, create: true, organizations, canGrantRealmAdmin: scope.isRealmAdmin })}`,
      status,
    );
  }

  @Get('users/:id')
  async user(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const user = await this.getUser.execute(scope, id);
    await this.renderUser(res, ctx, scope, user.id, valuesOf(user), undefined, 200, flash(ctx) ? notice(flash(ctx)) : undefined);
  }

  @Post('users/:id')
  async update(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const values = formValues(req.body, false);
    const current = await this.getUser.execute(scope, id);
    try {
      const dto = await validateAs(UpdateUserDto, userBody(values, scope, current));
      const user = await this.updateUser.execute(scope, id, dto, req.ip ?? null);
      redirect(res, realmHref(ctx, `/admin/users/${user.id}?done=saved`));
    } catch (e) {
      if (!(e instanceof DomainError) || e.code === 'user_not_found') throw e;
      await this.renderUser(res, ctx, scope, id, values, formErrorsOf(ctx, e), e.status);
    }
  }

  @Post('users/:id/reset-access')
  async reset(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const method = formString(req.body, 'method') === 'temporary-password' ? 'temporary-password' : 'link';
    const user = await this.getUser.execute(scope, id);
    if (method === 'temporary-password' && !this.context.verifyFormStamp('reset-access', issueStampParts(user), formString(req.body, 'stamp', 200))) {
      // The same form again (a reload of the answer, a double click) or a stale page: the earlier
      // password is never shown again and no new one is issued without a deliberate new click.
      const message = html`<div class="alert error" role="alert"><p>${ctx.p('temporary_password_form_used')}</p></div>`;
      return this.renderUser(res, ctx, scope, id, valuesOf(user), undefined, 409, message);
    }
    try {
      const result = await this.resetAccess.execute(scope, id, method, req.ip ?? null);
      const message =
        result.method === 'link'
          ? notice(ctx.p('reset_link_sent', { until: formatWhen(ctx, result.expiresAt) }))
          : html`<div class="alert success" role="status"><p>${ctx.p('temporary_password_issued')} <span class="secret" id="temporary-password">${result.temporaryPassword}</span></p><p>${ctx.p('temporary_password_until', { until: formatWhen(ctx, result.expiresAt) })}</p></div>`;
      const fresh = await this.getUser.execute(scope, id);
      await this.renderUser(res, ctx, scope, id, valuesOf(fresh), undefined, 200, message);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code === 'user_not_found') throw e;
      const message = html`<div class="alert error" role="alert"><p>${formErrorsOf(ctx, e).general?.join(' ')}</p></div>`;
      await this.renderUser(res, ctx, scope, id, valuesOf(user), undefined, e.status, message);
    }
  }

  @Post('users/:id/unlock')
  async unlock(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    await this.unlockUser.execute(scope, id, req.ip ?? null);
    redirect(res, realmHref(ctx, `/admin/users/${encodeURIComponent(id)}?done=unlocked`));
  }

  @Post('users/:id/end-sessions')
  async end(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    await this.endSessions.execute(scope, id, req.ip ?? null);
    redirect(res, realmHref(ctx, `/admin/users/${encodeURIComponent(id)}?done=sessions_ended`));
  }

  /** Disable (ending every session at once) or enable again: PATCH {disabled} of the REST API. */
  @Post('users/:id/disable')
  async disable(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const disabled = formString(req.body, 'disabled') !== 'off';
    const dto = await validateAs(UpdateUserDto, { disabled });
    await this.updateUser.execute(scope, id, dto, req.ip ?? null);
    redirect(res, realmHref(ctx, `/admin/users/${encodeURIComponent(id)}?done=${disabled ? 'user_disabled' : 'user_enabled'}`));
  }

  private async renderUser(res: Response, ctx: PageContext, scope: AdminScope, id: string, values: UserFormValues, errors: FormErrors | undefined, status: number, result?: ReturnType<typeof html>): Promise<void> {
    const user = await this.getUser.execute(scope, id);
    const organizations = await this.listOrganizations.execute(scope);
    const title = ctx.p('edit_user', { login: user.login });
    this.send(
      res,
      ctx,
      'users',
      title,
      html`<h2>${title}</h2>
${userActions(ctx, user, this.clock.now(), this.context.formStamp('reset-access', issueStampParts(user)), result)}
${userForm(ctx, { action: realmHref(ctx, `/admin/users/${user.id}`), values, errors, create: false, organizations, canGrantRealmAdmin: scope.isRealmAdmin })}
<p><a href="${realmHref(ctx, `/admin/audit?userId=${user.id}`)}">${ctx.p('admin_audit')}</a></p>`,
      status,
    );
  }

  @Get('access-requests')
  async requests(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const status = ctx.query.status === 'resolved' ? 'resolved' : 'open';
    const items = await this.listRequests.execute(scope, status);
    this.send(res, ctx, 'access-requests', ctx.p('admin_access_requests'), accessRequestsView(ctx, { status, items, flash: flash(ctx) }));
  }

  @Post('access-requests/:id/resolve')
  async resolve(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const note = formString(req.body, 'note', 2000).trim();
    await this.resolveRequest.execute(scope, id, note || null, req.ip ?? null);
    redirect(res, realmHref(ctx, '/admin/access-requests?done=resolved'));
  }

  @Get('audit')
  async audit(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const type = (AUDIT_EVENT_TYPES as readonly string[]).includes(ctx.query.type ?? '') ? (ctx.query.type as AuditEventType) : undefined;
    const page = Math.max(1, Math.min(100000, Number.parseInt(ctx.query.page ?? '1', 10) || 1));
    const userId = ctx.query.userId || undefined;
    const result = await this.queryAudit.execute(scope, { type, page, userId });
    const logins = new Map<string, string>();
    for (const e of result.items) {
      if (e.userId && !logins.has(e.userId)) {
        const u = await this.getUser.execute(scope, e.userId).catch(() => null);
        if (u) logins.set(e.userId, u.login);
      }
    }
    this.send(res, ctx, 'audit', ctx.p('admin_audit'), auditView(ctx, { items: result.items, type: type ?? '', types: AUDIT_EVENT_TYPES, userId, page, total: result.total, pageSize: result.pageSize, logins }));
  }

  @Get('settings')
  async settings(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const settings = await this.getSettings.execute(scope);
    this.send(res, ctx, 'settings', ctx.p('admin_settings'), settingsFormView(ctx, { settings, editable: scope.isRealmAdmin, flash: flash(ctx) }));
  }

  @Post('settings')
  async saveSettings(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    if (!scope.isRealmAdmin) throw new DomainError('forbidden');
    const current = await this.getSettings.execute(scope);
    try {
      const dto = await validateAs(RealmSettingsPatchDto, settingsPatchFromForm(req.body, current));
      await this.updateSettings.execute(scope, dto, req.ip ?? null);
      redirect(res, realmHref(ctx, '/admin/settings?done=saved'));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const posted = req.body as Record<string, unknown>;
      this.send(res, ctx, 'settings', ctx.p('admin_settings'), settingsFormView(ctx, { settings: current, editable: true, posted, errors: formErrorsOf(ctx, e) }), e.status);
    }
  }
}

/** The user state a temporary-password form was built for: issuing one changes the hash. */
function issueStampParts(user: UserEntity): string[] {
  return [user.id, user.passwordHash ?? '', user.passwordExpiresAt?.toISOString() ?? '', String(user.mustChangePassword)];
}

function flash(ctx: PageContext): string | undefined {
  const known = ['saved', 'user_created', 'unlocked', 'sessions_ended', 'resolved', 'user_disabled', 'user_enabled'];
  if (ctx.query.done === 'mfa_reset') return ctx.t('mfa.admin_reset_done');
  return ctx.query.done && known.includes(ctx.query.done) ? ctx.p(ctx.query.done) : undefined;
}

function formValues(body: unknown, create: boolean): UserFormValues {
  const rolesRaw = (body as Record<string, unknown> | undefined)?.roles;
  const roles = (Array.isArray(rolesRaw) ? rolesRaw : typeof rolesRaw === 'string' ? [rolesRaw] : []).filter((r): r is string => typeof r === 'string').slice(0, 5);
  return {
    login: create ? formString(body, 'login', 100).trim() : undefined,
    email: formString(body, 'email', 254).trim(),
    emailVerified: formFlag(body, 'emailVerified'),
    phone: formString(body, 'phone', 30).trim(),
    phoneVerified: formFlag(body, 'phoneVerified'),
    birthDate: formString(body, 'birthDate', 10).trim(),
    locale: formString(body, 'locale', 5),
    organizationId: formString(body, 'organizationId', 36),
    roles,
    permissions: formString(body, 'permissions', 2000),
    canChangeOwnPassword: formFlag(body, 'canChangeOwnPassword'),
    disabled: formFlag(body, 'disabled'),
    mustChangePassword: formFlag(body, 'mustChangePassword'),
  };
}

/**
 * The REST body the form stands for (empty text → null, as "not set"). Editing, the "confirmed"
 * boxes count only for a contact left as it was: a changed one is sent without its flag, so the
 * use case marks it unconfirmed (a box ticked before the change cannot confirm a new address).
 * An org_admin's users stay in their organisation (the field is left out when empty).
 */
function userBody(v: UserFormValues, scope: AdminScope, current?: UserEntity): Record<string, unknown> {
  const emailKept = !current || (v.email || null) === current.email;
  const phoneKept = !current || (v.phone || null) === current.phone;
  return {
    email: v.email || null,
    ...(emailKept ? { emailVerified: !!v.email && !!v.emailVerified } : {}),
    phone: v.phone || null,
    ...(phoneKept ? { phoneVerified: !!v.phone && !!v.phoneVerified } : {}),
    birthDate: v.birthDate || null,
    locale: v.locale || null,
    ...(v.organizationId ? { organizationId: v.organizationId } : scope.isRealmAdmin ? { organizationId: null } : {}),
    roles: v.roles?.length ? v.roles : ['user'],
    permissions: (v.permissions ?? '').split(/[\s,]+/).filter(Boolean),
    canChangeOwnPassword: !!v.canChangeOwnPassword,
    disabled: !!v.disabled,
    mustChangePassword: !!v.mustChangePassword,
  };
}
