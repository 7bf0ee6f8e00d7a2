import type { Child } from 'hono/jsx';
import type { User } from '../../services/accounts/user.ts';
import type { Assets } from './assets.ts';
import type { Language, MessageKey, Translate } from './i18n/index.ts';

export interface Chrome {
  t: Translate;
  lang: Language;
  assets: Assets;
  user: User | null;
  csrf: string | null;
}

interface NavEntry {
  href: string;
  key: MessageKey;
  id: string;
}

/** The links a phone shows at once; the rest are under "More" (a details menu, no script). */
const NAV_FIRST = 4;

const NAV: NavEntry[] = [
  { href: '/checkpoint', key: 'nav.checkpoint', id: 'checkpoint' },
  { href: '/later', key: 'nav.later', id: 'later' },
  { href: '/sources', key: 'nav.sources', id: 'sources' },
  { href: '/search', key: 'nav.search', id: 'search' },
  { href: '/starred', key: 'nav.starred', id: 'starred' },
  { href: '/rules', key: 'nav.rules', id: 'rules' },
  { href: '/schedule', key: 'nav.schedule', id: 'schedule' },
  { href: '/ledger', key: 'nav.ledger', id: 'ledger' },
  { href: '/settings', key: 'nav.settings', id: 'settings' },
];

/** The hidden CSRF field every form carries. */
export function Csrf({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/** The page shell: head, navigation for logged-in users, main, keyboard help. */
export function Layout(props: {
  chrome: Chrome;
  title: string;
  active?: string;
  wide?: boolean;
  children: Child;
}) {
  const { t, lang, assets, user, csrf } = props.chrome;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="theme-color" content="#2f5d50" />
        {csrf ? <meta name="csrf-token" content={csrf} /> : null}
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href={assets.css.path} />
        <link rel="icon" href={assets.icon.path} type="image/svg+xml" />
        <link rel="manifest" href={assets.manifest.path} />
        <script src={assets.js.path} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        {user ? (
          <header class="top">
            <a class="brand" href="/checkpoint">
              <img src={assets.icon.path} alt="" width="28" height="28" />
              {t('app.name')}
            </a>
            <MainNav t={t} active={props.active} admin={user.role === 'admin'} />
            <form class="logout" method="post" action="/logout">
              <Csrf token={csrf} />
              <button type="submit" class="link">
                {t('nav.logout')}
              </button>
            </form>
          </header>
        ) : null}
        <main id="main" class={props.wide ? 'wide' : undefined}>
          {props.children}
        </main>
        {user ? <HelpDialog t={t} /> : null}
      </body>
    </html>
  );
}

const ADMIN_ENTRY: NavEntry = { href: '/admin/users', key: 'nav.admin', id: 'admin' };

/**
 * The main navigation. Wide screens show every link in one row; a phone shows the first few
 * and a "More" menu (details/summary: it opens without the script) instead of a strip that
 * scrolls sideways and hides half the app.
 */
function MainNav(props: { t: Translate; active: string | undefined; admin: boolean }) {
  const { t, active } = props;
  const entries = props.admin ? [...NAV, ADMIN_ENTRY] : NAV;
  const link = (item: NavEntry) => (
    <a href={item.href} aria-current={active === item.id ? 'page' : undefined}>
      {t(item.key)}
    </a>
  );
  const rest = entries.slice(NAV_FIRST);
  return (
    <nav class="nav" aria-label={t('nav.menu')}>
      {entries.slice(0, NAV_FIRST).map(link)}
      <details class="nav-more">
        <summary class={rest.some((item) => item.id === active) ? 'current' : undefined}>
          {t('nav.more')}
        </summary>
        <div class="nav-more-links">{rest.map(link)}</div>
      </details>
    </nav>
  );
}

function HelpDialog({ t }: { t: Translate }) {
  const keys: [string, MessageKey][] = [
    ['j', 'help.next'],
    ['k', 'help.prev'],
    ['o', 'help.open'],
    ['s', 'help.star'],
    ['d', 'help.dismiss'],
    ['x', 'help.done'],
    ['/', 'help.search'],
    ['?', 'help.help'],
  ];
  return (
    <dialog id="help" aria-labelledby="help-title">
      <h2 id="help-title">{t('help.title')}</h2>
      <dl>
        {keys.map(([key, label]) => (
          <>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </>
        ))}
      </dl>
      <button type="button" id="help-close">
        {t('help.close')}
      </button>
    </dialog>
  );
}

/** A notice line (after a form was saved, or an error). */
export function Notice({ text, error }: { text: string | undefined | null; error?: boolean }) {
  return text ? (
    <p class={error ? 'notice error' : 'notice'} role={error ? 'alert' : 'status'}>
      {text}
    </p>
  ) : null;
}
