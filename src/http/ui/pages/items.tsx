import type { Hono } from 'hono';
import { findItem, type ItemWithSource, listItems } from '../../../db/repos/items.ts';
import { findSource } from '../../../db/repos/sources.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import type { ShareLink } from '../../../domain/share-links.ts';
import type { App } from '../../../services/app.ts';
import { laterItems } from '../../../services/checkpoints/checkpoints.ts';
import { setItemState, toItemView } from '../../../services/items/items.ts';
import { fullText } from '../../../services/items/reader.ts';
import { searchItems } from '../../../services/items/search.ts';
import { itemShareLinks } from '../../../services/social/share.ts';
import { formatDate, formField, renderPage, wantsJson } from '../chrome.ts';
import { type CardItem, ItemCard, StateButton } from '../components.tsx';
import { type ImageMode, renderContent } from '../content.ts';
import type { UiEnv } from '../env.ts';
import { errorText, type Translate } from '../i18n/index.ts';

const FLAGS = { starred: 'starred', dismissed: 'dismissed', read: 'read' } as const;

function cardOf(row: ItemWithSource): CardItem {
  const view = toItemView(row);
  return {
    ...view,
    sourceName: row.source_name,
    summary: row.summary,
    readingSeconds: row.reading_seconds,
  };
}

/**
 * How a newsletter's remote images are shown: its mailbox or address says `block` (the
 * default: they mostly report that you opened the mail) or `show`; other items follow the
 * user's preference alone.
 */
async function itemImageMode(app: App, row: ItemWithSource, mode: ImageMode): Promise<ImageMode> {
  if (row.source_kind !== 'imap' && row.source_kind !== 'smtp') return mode;
  const source = await findSource(app.db.kysely, row.user_id, row.source_id);
  let remote: unknown;
  try {
    remote = (JSON.parse(source?.config ?? '{}') as { remoteImages?: unknown }).remoteImages;
  } catch {
    remote = undefined;
  }
  return remote === 'show' ? mode : 'block';
}

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

/** The user's image preference (users.settings.images), proxied by default. */
export function imageMode(settings: string): ImageMode {
  try {
    return (JSON.parse(settings) as { images?: string }).images === 'block' ? 'block' : 'proxy';
  } catch {
    return 'proxy';
  }
}

/** Reading view, item states, and the Later, Starred and Search lists. */
export function itemPages(router: Hono<UiEnv>, app: App): void {
  router.get('/items/:id{[0-9]+}', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const id = Number(c.req.param('id'));
    const row = await findItem(app.db.kysely, user.id, id);
    if (!row) throw new NotFoundError(`item: no item ${id}`);
    if (row.read_at === null) await setItemState(app, user.id, id, { read: true });
    let html = row.content_html ?? '';
    let failure: string | null = null;
    if (c.req.query('full') === '1') {
      try {
        html = await fullText(app, user.id, id);
      } catch (error) {
        failure = t('item.fullTextFailed', { reason: errorText(t, error as Error) });
      }
    }
    const view = toItemView({ ...row, read_at: row.read_at ?? 1 });
    const card = { ...cardOf(row), read: true };
    const showImages = c.req.query('images') === '1';
    const content = renderContent(
      html,
      showImages ? 'proxy' : await itemImageMode(app, row, imageMode(user.settings)),
      app.config.secret,
      {
        imageBlocked: t('item.imagesBlocked'),
        media: (kind, host) => t(kind === 'video' ? 'item.video' : 'item.audio', { host }),
      },
    );
    const blocked = content.includes('class="blocked-image"');
    const links = (await itemShareLinks(app, user.id, id)).filter((l) => l.url !== null);
    const query = (extra: Record<string, string>) =>
      `/items/${id}?${new URLSearchParams({
        ...(c.req.query('full') === '1' ? { full: '1' } : {}),
        ...(showImages ? { images: '1' } : {}),
        ...extra,
      }).toString()}`;
    return renderPage(
      c,
      { title: row.title ?? t('item.noTitle') },
      <article class="reader" data-item={String(id)}>
        <p class="muted small">
          <a href="/checkpoint">← {t('nav.checkpoint')}</a>
        </p>
        <h1>
          <a
            class="item-title"
            href={row.url ?? `/items/${id}`}
            rel="noopener noreferrer nofollow"
            target="_blank"
          >
            {row.title ?? t('item.noTitle')}
          </a>
        </h1>
        <div class="item-meta">
          <span>{row.source_name}</span>
          {row.author ? <span>{row.author}</span> : null}
          <span>{formatDate(view.publishedAt, user.tz, c.get('lang'))}</span>
          <span>
            {t('item.readingTime', { minutes: Math.max(1, Math.round(row.reading_seconds / 60)) })}
          </span>
        </div>
        {failure ? <p class="notice error">{failure}</p> : null}
        {/* Sanitised on the way in; images go through the proxy; the CSP blocks any script. */}
        {blocked ? (
          <p class="images-note small muted">
            {t('item.imagesHeld')}{' '}
            <a href={query({ images: '1' })} id="show-images">
              {t('item.showImages')}
            </a>
          </p>
        ) : null}
        <div class="content" dangerouslySetInnerHTML={{ __html: content }} />
        <div class="actions">
          {row.url && c.req.query('full') !== '1' ? (
            <a class="button" href={query({ full: '1' })}>
              {t('item.fullText')}
            </a>
          ) : null}
          <StateButton id={id} flag="starred" on={card.starred} csrf={c.get('csrf')} t={t} />
          <StateButton id={id} flag="dismissed" on={card.dismissed} csrf={c.get('csrf')} t={t} />
          <StateButton id={id} flag="read" on={true} csrf={c.get('csrf')} t={t} />
          {row.url ? (
            <a class="button" href={row.url} rel="noopener noreferrer nofollow" target="_blank">
              {t('item.original')}
            </a>
          ) : null}
          {links.length ? <ShareMenu links={links} t={t} /> : null}
        </div>
      </article>,
    );
  });

  router.post('/items/:id{[0-9]+}/:flag{starred|dismissed|read}', async (c) => {
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
  });

  router.get('/later', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const { items, total } = await laterItems(app, user);
    return renderPage(
      c,
      { title: t('later.title'), active: 'later' },
      <>
        <h1>{t('later.title')}</h1>
        <p class="lead">{t('later.intro')}</p>
        {items.length === 0 ? <p class="empty">{t('later.empty')}</p> : null}
        <ul class="items">
          {items.map((item) => (
            <ItemCard
              item={item}
              t={t}
              csrf={c.get('csrf')}
              when={formatDate(item.publishedAt, user.tz, c.get('lang'))}
            />
          ))}
        </ul>
        {total > items.length ? (
          <p class="muted">{t('later.more', { shown: items.length, total })}</p>
        ) : null}
      </>,
    );
  });

  router.get('/starred', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const rows = await listItems(app.db.kysely, user.id, { starred: true, limit: 200 });
    return renderPage(
      c,
      { title: t('starred.title'), active: 'starred' },
      <>
        <h1>{t('starred.title')}</h1>
        {rows.length === 0 ? <p class="empty">{t('starred.empty')}</p> : null}
        <ul class="items">
          {rows.map((row) => (
            <ItemCard
              item={cardOf(row)}
              t={t}
              csrf={c.get('csrf')}
              when={formatDate(toItemView(row).publishedAt, user.tz, c.get('lang'))}
            />
          ))}
        </ul>
      </>,
    );
  });

  router.get('/search', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const rows = q ? await searchItems(app, user.id, q) : [];
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
            {rows.length ? t('search.results', { count: rows.length, q }) : t('search.none', { q })}
          </p>
        ) : null}
        <ul class="items">
          {rows.map((row) => (
            <ItemCard
              item={cardOf(row)}
              t={t}
              csrf={c.get('csrf')}
              when={formatDate(toItemView(row).publishedAt, user.tz, c.get('lang'))}
            />
          ))}
        </ul>
      </>,
    );
  });
}
