import type { Context, Hono } from 'hono';
import { createInvite } from '../../../services/accounts/accounts.ts';
import { listAccounts } from '../../../services/accounts/settings.ts';
import type { App } from '../../../services/app.ts';
import { renderPage } from '../chrome.ts';
import { ShownOnce } from '../components.tsx';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash, takeFlash } from '../flash.ts';
import { Csrf } from '../layout.tsx';
import { requireAdmin } from '../session.ts';

/** The invite form, with the link just created (shown once, with a copy button). */
function InviteForm({ c, inviteUrl }: { c: Context<UiEnv>; inviteUrl: string | null }) {
  const t = c.get('t');
  return (
    <form method="post" action="/admin/invites" class="card">
      <Csrf token={c.get('csrf')} />
      <h2>{t('admin.invite')}</h2>
      {inviteUrl ? (
        <ShownOnce
          id="invite-url"
          value={inviteUrl}
          label={t('admin.invite')}
          created={t('admin.inviteCreated')}
          t={t}
        />
      ) : null}
      <label for="role">{t('admin.inviteRole')}</label>
      <select id="role" name="role">
        <option value="member">{t('admin.role.member')}</option>
        <option value="admin">{t('admin.role.admin')}</option>
      </select>
      <div class="actions">
        <button type="submit" class="primary">
          {t('admin.invite')}
        </button>
      </div>
    </form>
  );
}

/** `/admin/users`: every account, and the invite form (with the link an invite just made). */
async function adminPage(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const inviteUrl = takeFlash(c).secret ?? null;
  const users = await listAccounts(app);
  return renderPage(
    c,
    { title: t('admin.title'), active: 'admin' },
    <>
      <h1>{t('admin.title')}</h1>
      <ul class="items" aria-label={t('admin.title')}>
        {users.map((u) => (
          <li class="item">
            <div class="source-name">{u.email}</div>
            <div class="item-meta">
              <span>{t(u.role === 'admin' ? 'admin.role.admin' : 'admin.role.member')}</span>
              <span>{u.tz}</span>
            </div>
          </li>
        ))}
      </ul>
      <InviteForm c={c} inviteUrl={inviteUrl} />
    </>,
  );
}

/** `/admin/users` and `POST /admin/invites`, for admins only. */
export function adminPages(router: Hono<UiEnv>, app: App): void {
  router.get('/admin/users', requireAdmin(), async (c) => adminPage(c, app));
  router.post('/admin/invites', requireAdmin(), async (c) => {
    const role = (await c.req.parseBody()).role === 'admin' ? 'admin' : 'member';
    const invite = await createInvite(app, c.get('user'), role);
    return redirectWithFlash(c, '/admin/users', { secret: invite.url });
  });
}
