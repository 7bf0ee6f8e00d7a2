import type { Context } from 'hono';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { LANGUAGES, type Translate } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';

/** Common IANA zones for the picker; the browser's own zone is preselected by the client when known. */
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

function Brand({ title }: { title: string }) {
  return (
    <h1>
      <img src="/icon.svg" alt="" width="36" height="36" />
      {title}
    </h1>
  );
}

function ProfileFields(props: { t: Translate; tz: string; lang: string }) {
  const { t } = props;
  return (
    <>
      <label for="tz">{t('setup.tz')}</label>
      <select id="tz" name="tz" data-detect-tz>
        {ZONES.map((zone) => (
          <option value={zone} selected={zone === props.tz}>
            {zone}
          </option>
        ))}
      </select>
      <label for="locale">{t('setup.language')}</label>
      <select id="locale" name="locale">
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option value={code} selected={code === props.lang}>
            {name}
          </option>
        ))}
      </select>
    </>
  );
}

/** E-mail and a new password, as setup and invites ask for them. */
function NewAccountFields({ t, email }: { t: Translate; email: string }) {
  return (
    <>
      <label for="email">{t('setup.email')}</label>
      <input type="email" id="email" name="email" required autocomplete="email" value={email} />
      <label for="password">{t('setup.password')}</label>
      <input
        type="password"
        id="password"
        name="password"
        required
        minlength={10}
        autocomplete="new-password"
      />
    </>
  );
}

/**
 * The first-run page: the admin's e-mail, password, zone and language, and the suggested rule.
 *
 * @example return setupPage(c, null, { email: '', tz: 'UTC', lang: 'en' })
 */
export function setupPage(
  c: Context<UiEnv>,
  error: string | null,
  values: { email: string; tz: string; lang: string },
) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('setup.title'), status: error ? 422 : 200 },
    <div class="auth card">
      <Brand title={t('setup.title')} />
      <p class="lead">{t('setup.intro')}</p>
      <Notice text={error} error />
      <form method="post" action="/setup">
        <Csrf token={c.get('csrf')} />
        <NewAccountFields t={t} email={values.email} />
        <ProfileFields t={t} tz={values.tz} lang={values.lang} />
        <label class="check">
          <input type="checkbox" name="rule" checked />
          <span>
            {t('setup.rule')}
            <span class="help">{t('setup.ruleHelp')}</span>
          </span>
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('setup.submit')}
          </button>
        </div>
      </form>
    </div>,
  );
}

/**
 * The login page; `next` is where a successful login goes (already checked to be local).
 *
 * @example return loginPage(c, { error: null, email: '', next: '/checkpoint' })
 */
export function loginPage(
  c: Context<UiEnv>,
  form: { error: string | null; email: string; next: string },
  status: 200 | 422 | 429 = 200,
) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('login.title'), status },
    <div class="auth card">
      <Brand title={t('login.title')} />
      <Notice text={form.error} error />
      <form method="post" action="/login">
        <Csrf token={c.get('csrf')} />
        <input type="hidden" name="next" value={form.next} />
        <label for="email">{t('login.email')}</label>
        <input
          type="email"
          id="email"
          name="email"
          required
          autocomplete="username"
          value={form.email}
          autofocus
        />
        <label for="password">{t('login.password')}</label>
        <input
          type="password"
          id="password"
          name="password"
          required
          autocomplete="current-password"
        />
        <div class="actions">
          <button type="submit" class="primary">
            {t('login.submit')}
          </button>
        </div>
      </form>
    </div>,
  );
}

/**
 * The page an invite link opens: e-mail, password, zone and language of the new account.
 *
 * @example return invitePage(c, null, '')
 */
export function invitePage(c: Context<UiEnv>, error: string | null, email: string) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('invite.title'), status: error ? 422 : 200 },
    <div class="auth card">
      <Brand title={t('invite.title')} />
      <p class="lead">{t('invite.intro')}</p>
      <Notice text={error} error />
      <form method="post">
        <Csrf token={c.get('csrf')} />
        <NewAccountFields t={t} email={email} />
        <ProfileFields t={t} tz="UTC" lang={c.get('lang')} />
        <div class="actions">
          <button type="submit" class="primary">
            {t('invite.submit')}
          </button>
        </div>
      </form>
    </div>,
  );
}
