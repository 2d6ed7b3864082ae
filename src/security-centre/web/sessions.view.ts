import type { SessionEntity } from '../../auth/entities/session.entity';
import { html, Html } from '../../web/html';
import { csrfField, realmHref } from '../../web/layout';
import type { PageContext } from '../../web/web-context';
import { formatWhen } from '../../web/views/admin.view';
import { describeDevice } from '../user-agent';

/** The account page's "Where you are signed in": each live session, end one, end all others. */
export function sessionsSection(ctx: PageContext, sessions: SessionEntity[], currentId: string): Html {
  const others = sessions.filter((s) => s.id !== currentId).length;
  return html`<section class="box sessions" aria-labelledby="sessions-title">
<h2 id="sessions-title">${ctx.p('sessions_title')}</h2>
<p class="hint">${ctx.p('sessions_intro')}</p>
<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${ctx.p('session_device')}</th><th scope="col">${ctx.p('session_ip')}</th><th scope="col">${ctx.p('session_signed_in')}</th><th scope="col">${ctx.p('session_last_seen')}</th><th scope="col"><span class="visually-hidden">${ctx.p('session_end')}</span></th></tr></thead>
<tbody>
${sessions.map((s) => {
  const current = s.id === currentId;
  return html`<tr${current ? html` class="current"` : ''} data-session="${s.id}"><td data-label="${ctx.p('session_device')}">${describeDevice(s.userAgent, ctx.locale)}${current ? html` <span class="badge ok">${ctx.p('session_current')}</span>` : ''}</td><td data-label="${ctx.p('session_ip')}">${s.ip ?? ''}</td><td data-label="${ctx.p('session_signed_in')}">${formatWhen(ctx, s.createdAt)}</td><td data-label="${ctx.p('session_last_seen')}">${formatWhen(ctx, s.lastSeenAt ?? s.createdAt)}</td><td>${
    current
      ? ''
      : html`<form method="post" action="${realmHref(ctx, `/account/sessions/${s.id}/end`)}" class="inline">${csrfField(ctx)}<button type="submit" class="secondary" aria-label="${ctx.p('session_end_label', { device: describeDevice(s.userAgent, ctx.locale) })}">${ctx.p('session_end')}</button></form>`
  }</td></tr>`;
})}
</tbody></table></div>
${others > 0 ? html`<form method="post" action="${realmHref(ctx, '/account/sessions/end-others')}">${csrfField(ctx)}<div class="actions"><button type="submit" class="danger">${ctx.p('sessions_end_others')}</button></div></form>` : html`<p>${ctx.p('sessions_only_this')}</p>`}
</section>`;
}
