import type { Context, Hono } from 'hono';
import type { ShareLink } from '../../../domain/share-links.ts';
import type { App } from '../../../services/app.ts';
import {
  type OpenedItem,
  openItem,
  searchItemCards,
  starredItems,
} from '../../../services/items/item-view.ts';
import { setItemState } from '../../../services/items/items.ts';
import { formatDate, formField, renderPage, wantsJson } from '../chrome.ts';
import { type CardItem, ItemCard, StateButton } from '../components.tsx';
import { renderContent } from '../content.ts';
import type { UiEnv } from '../env.ts';
import { errorText, type Translate } from '../i18n/index.ts';

const FLAGS = { starred: 'starred', dismissed: 'dismissed', read: 'read' } as const;

/** "Share": the platforms' own compose pages, in a menu that needs no script. */
function ShareMenu({ links, t }: { links: ShareLink[]; t: Translate }) {
  return (
    <details class="menu share">
      <summary class="button">{t('item.share')}</summary>
      <ul aria-label={t('item.shareOn')}>
        {links.map((link) => (
          <li>
            <a
              href={link.url!}
              data-platform={link.platform}
              {...(link.platform === 'email'
                ? {}
                : { rel: 'noopener noreferrer nofollow', target: '_blank' })}
            >
              {link.platform === 'email' ? t('item.shareEmail') : link.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The cards of a list of items, dated in the user's zone. */
export function ItemList({ c, items }: { c: Context<UiEnv>; items: CardItem[] }) {
  const user = c.get('user');
  return (
    <ul class="items">
      {items.map((item) => (
        <ItemCard
          item={item}
          t={c.get('t')}
          csrf={c.get('csrf')}
          when={formatDate(item.publishedAt, user.tz, c.get('lang'))}
        />
      ))}
    </ul>
  );
}

/** The reading view's buttons: full text, states, original, share. */
function ReaderActions(props: {
  c: Context<UiEnv>;
  opened: OpenedItem;
  fullTextHref: string | null;
}) {
  const { c, opened } = props;
  const { item } = opened;
  const t = c.get('t');
  const csrf = c.get('csrf');
  return (
    <div class="actions">
      {props.fullTextHref ? (
        <a class="button" href={props.fullTextHref}>
          {t('item.fullText')}
        </a>
      ) : null}
      <StateButton id={item.id} flag="starred" on={item.starred} csrf={csrf} t={t} />
      <StateButton id={item.id} flag="dismissed" on={item.dismissed} csrf={csrf} t={t} />
      <StateButton id={item.id} flag="read" on={true} csrf={csrf} t={t} />
      {item.url ? (
        <a class="button" href={item.url} rel="noopener noreferrer nofollow" target="_blank">
          {t('item.original')}
        </a>
      ) : null}
      {opened.shareLinks.length ? <ShareMenu links={opened.shareLinks} t={t} /> : null}
    </div>
  );
}

/** The reading view of one item; `query` builds its own URL with extra parameters. */
function Reader(props: {
  c: Context<UiEnv>;
  opened: OpenedItem;
  content: string;
  full: boolean;
  query: (extra: Record<string, string>) => string;
}) {
  const { c, opened, content } = props;
  const { item } = opened;
  const t = c.get('t');
  const failure = opened.fullTextError
    ? t('item.fullTextFailed', { reason: errorText(t, opened.fullTextError) })
    : null;
  return (
    <article class="reader" data-item={String(item.id)}>
      <p class="muted small">
        <a href="/checkpoint">← {t('nav.checkpoint')}</a>
      </p>
      <h1>
        <a
          class="item-title"
          href={item.url ?? `/items/${item.id}`}
          rel="noopener noreferrer nofollow"
          target="_blank"
        >
          {item.title ?? t('item.noTitle')}
        </a>
      </h1>
      <div class="item-meta">
        <span>{item.sourceName}</span>
        {item.author ? <span>{item.author}</span> : null}
        <span>{formatDate(item.publishedAt, c.get('user').tz, c.get('lang'))}</span>
        <span>
          {t('item.readingTime', { minutes: Math.max(1, Math.round(item.readingSeconds / 60)) })}
        </span>
      </div>
      {failure ? <p class="notice error">{failure}</p> : null}
      {/* Sanitised on the way in; images go through the proxy; the CSP blocks any script. */}
      {content.includes('class="blocked-image"') ? (
        <p class="images-note small muted">
          {t('item.imagesHeld')}{' '}
          <a href={props.query({ images: '1' })} id="show-images">
            {t('item.showImages')}
          </a>
        </p>
      ) : null}
      <div class="content" dangerouslySetInnerHTML={{ __html: content }} />
      <ReaderActions
        c={c}
        opened={opened}
        fullTextHref={item.url && !props.full ? props.query({ full: '1' }) : null}
      />
    </article>
  );
}

/** `GET /items/:id`: the reading view (opening it marks the item read). */
async function showItem(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const id = Number(c.req.param('id'));
  const full = c.req.query('full') === '1';
  const showImages = c.req.query('images') === '1';
  const opened = await openItem(app, c.get('user'), id, { full });
  const content = renderContent(
    opened.html,
    showImages ? 'proxy' : opened.images,
    app.config.secret,
    {
      imageBlocked: t('item.imagesBlocked'),
      media: (kind, host) => t(kind === 'video' ? 'item.video' : 'item.audio', { host }),
    },
  );
  const query = (extra: Record<string, string>) =>
    `/items/${id}?${new URLSearchParams({
      ...(full ? { full: '1' } : {}),
      ...(showImages ? { images: '1' } : {}),
      ...extra,
    }).toString()}`;
  return renderPage(
    c,
    { title: opened.item.title ?? t('item.noTitle') },
    <Reader c={c} opened={opened} content={content} full={full} query={query} />,
  );
}

/** `POST /items/:id/:flag`: star, dismiss or mark read (JSON for the script, else back). */
async function setFlag(c: Context<UiEnv>, app: App) {
  const flag = FLAGS[c.req.param('flag') as keyof typeof FLAGS];
  const value = (await formField(c, 'value')) !== '0';
  const item = await setItemState(app, c.get('user').id, Number(c.req.param('id')), {
    [flag]: value,
  });
  if (wantsJson(c))
    return c.json({ starred: item.starred, dismissed: item.dismissed, read: item.read });
  const back = c.req.header('referer');
  return c.redirect(
    back && new URL(back).origin === new URL(app.config.baseUrl).origin ? back : '/checkpoint',
    303,
  );
}

/** `GET /starred`. */
async function showStarred(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const items = await starredItems(app, c.get('user').id);
  return renderPage(
    c,
    { title: t('starred.title'), active: 'starred' },
    <>
      <h1>{t('starred.title')}</h1>
      {items.length === 0 ? <p class="empty">{t('starred.empty')}</p> : null}
      <ItemList c={c} items={items} />
    </>,
  );
}

/** `GET /search?q=`: full-text search over the user's items. */
async function showSearch(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const items = await searchItemCards(app, c.get('user').id, q);
  return renderPage(
    c,
    { title: t('search.title'), active: 'search' },
    <>
      <h1>{t('search.title')}</h1>
      <search>
        <form method="get" action="/search" class="row">
          <label class="visually-hidden" for="q">
            {t('search.title')}
          </label>
          <input
            type="search"
            id="q"
            name="q"
            value={q}
            placeholder={t('search.placeholder')}
            autofocus
          />
          <button type="submit" class="shrink">
            {t('search.submit')}
          </button>
        </form>
      </search>
      {q ? (
        <p class="muted">
          {items.length ? t('search.results', { count: items.length, q }) : t('search.none', { q })}
        </p>
      ) : null}
      <ItemList c={c} items={items} />
    </>,
  );
}

/** Reading view, item states, and the Starred and Search lists (Later is in later.tsx). */
export function itemPages(router: Hono<UiEnv>, app: App): void {
  router.get('/items/:id{[0-9]+}', (c) => showItem(c, app));
  router.post('/items/:id{[0-9]+}/:flag{starred|dismissed|read}', (c) => setFlag(c, app));
  router.get('/starred', (c) => showStarred(c, app));
  router.get('/search', (c) => showSearch(c, app));
}
