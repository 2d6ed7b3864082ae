import type { UserEntity } from '../../users/entities/user.entity';
import { html, Html } from '../html';
import { notice } from '../layout';
import type { PageContext } from '../web-context';

export interface AccountView {
  user: UserEntity;
  flash?: string;
  /** Extra sections (contacts, password) rendered below the summary. */
  sections?: Html[];
}

function contactState(ctx: PageContext, value: string | null, verified: boolean): Html {
  if (!value) return html`<span class="muted">${ctx.p('not_set')}</span>`;
  return html`${value} <span class="badge ${verified ? 'ok' : 'warn'}">${ctx.p(verified ? 'confirmed' : 'not_confirmed')}</span>`;
}

export function accountView(ctx: PageContext, v: AccountView): Html {
  return html`<h1>${ctx.p('account_title')}</h1>
${v.flash ? notice(v.flash) : ''}
<dl class="summary">
<dt>${ctx.p('account_login')}</dt><dd>${v.user.login}</dd>
<dt>${ctx.p('account_email')}</dt><dd>${contactState(ctx, v.user.email, v.user.emailVerified)}</dd>
<dt>${ctx.p('account_phone')}</dt><dd>${contactState(ctx, v.user.phone, v.user.phoneVerified)}</dd>
</dl>
${v.sections ?? []}`;
}
