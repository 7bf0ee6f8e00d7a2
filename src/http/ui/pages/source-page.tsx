/**
 * `/sources/:id`, one source's page: what it is (kind, site, feed address, category), its
 * status with the actions and checkpoint settings, renaming and moving it between categories
 * (a new category is created by typing its name), its items newest first in pages of 50 and
 * its last 50 fetches. Only the owner sees it; any other id is a 404.
 */
import type { Context, Hono } from 'hono';
import { ValidationError } from '../../../domain/errors.ts';
import type { App } from '../../../services/app.ts';
import { type FetchRunView, listFetchHistory } from '../../../services/sources/fetch-history.ts';
import { type SourceDetail, sourceDetail } from '../../../services/sources/source-directory.ts';
import { changeSource } from '../../../services/sources/user-sources.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { SourceKindIcon } from '../source-kind-icon.tsx';
import { kindLabel } from '../source-kind-label.ts';
import { SourceActions, SourceSettings, SourceStatus } from './source-row.tsx';

interface PageContext {
  t: Translate;
  tz: string;
  lang: string;
  csrf: string;
}

/** Day, month and time; the year too when it is not this year (a backlog from 2016). */
function when(iso: string, ctx: PageContext): string {
  const date = new Date(iso);
  const year = (d: Date) =>
    new Intl.DateTimeFormat('en', { timeZone: ctx.tz, year: 'numeric' }).format(d);
  return new Intl.DateTimeFormat(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: ctx.tz,
    day: 'numeric',
    month: 'short',
    ...(year(date) === year(new Date()) ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

function PlaceForm(props: { detail: SourceDetail; ctx: PageContext; typed?: Typed }) {
  const { detail, ctx } = props;
  const { t } = ctx;
  const id = detail.source.id;
  return (
    <form method="post" action={`/sources/${id}/place`} class="card stack" id="place-form">
      <Csrf token={ctx.csrf} />
      <h2>{t('sourcePage.place')}</h2>
      <label for="source-title">{t('sourcePage.name')}</label>
      <input
        type="text"
        id="source-title"
        name="name"
        required
        maxlength={300}
        value={props.typed?.name ?? detail.source.name}
      />
      <label for="source-category">{t('sourcePage.category')}</label>
      <input
        type="text"
        id="source-category"
        name="category"
        list="source-categories"
        maxlength={200}
        value={props.typed?.category ?? detail.category ?? ''}
        aria-describedby="source-category-help"
      />
      <datalist id="source-categories">
        {detail.categories.map((name) => (
          <option value={name} />
        ))}
      </datalist>
      <p class="help" id="source-category-help">
        {t('sourcePage.categoryHelp')}
      </p>
      <div class="actions">
        <button type="submit" class="primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

function ItemList({ detail, ctx }: { detail: SourceDetail; ctx: PageContext }) {
  const { t } = ctx;
  const base = `/sources/${detail.source.id}`;
  if (detail.items.length === 0) return <p class="empty">{t('sourcePage.noItems')}</p>;
  return (
    <>
      <ul class="source-items">
        {detail.items.map((item) => (
          <li class={item.read ? 'read' : undefined}>
            {/* item-title: the feed's own words (pages in Dutch leave them as they are). */}
            <a class="item-title" href={`/items/${item.id}`}>
              {item.title ?? t('sourcePage.untitled')}
            </a>
            <span class="muted small">
              {' · '}
              {when(item.publishedAt, ctx)}
              {item.read ? ` · ${t('sourcePage.read')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {detail.page > 1 || detail.hasOlder ? (
        <nav class="pager" aria-label={t('sourcePage.items')}>
          {detail.page > 1 ? (
            <a href={detail.page === 2 ? base : `${base}?page=${detail.page - 1}`} rel="prev">
              {t('sourcePage.newer')}
            </a>
          ) : null}
          <span class="muted small">{t('sourcePage.pageOf', { page: detail.page })}</span>
          {detail.hasOlder ? (
            <a href={`${base}?page=${detail.page + 1}`} rel="next">
              {t('sourcePage.older')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function History({ runs, ctx }: { runs: FetchRunView[]; ctx: PageContext }) {
  const { t } = ctx;
  if (runs.length === 0) return <p class="empty">{t('sourcePage.noHistory')}</p>;
  return (
    // A named, focusable region: keyboard users can scroll it too.
    <section
      class="table-wrap scroll fetch-history-box"
      aria-labelledby="fetch-history-title"
      tabindex={0}
    >
      <table class="list fetch-history">
        <thead>
          <tr>
            <th>{t('sourcePage.col.when')}</th>
            <th>{t('sourcePage.col.outcome')}</th>
            <th class="num">{t('sourcePage.col.new')}</th>
            <th class="num">{t('sourcePage.col.http')}</th>
            <th class="num">{t('sourcePage.col.duration')}</th>
            <th>{t('sourcePage.col.error')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr data-outcome={run.outcome}>
              <td class="date">{when(run.at, ctx)}</td>
              <td class={run.error ? 'status-bad' : undefined}>
                {t(`sourcePage.outcome.${run.outcome}` as MessageKey)}
              </td>
              <td class="num">{run.newItems}</td>
              <td class="num">{run.httpStatus ?? '—'}</td>
              <td class="num">{`${run.durationMs} ms`}</td>
              <td class="fetch-error">{run.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Facts({ detail, ctx }: { detail: SourceDetail; ctx: PageContext }) {
  const { source: s } = detail;
  const { t } = ctx;
  return (
    <p class="item-meta source-facts">
      <span>{kindLabel(t, s.kind)}</span>
      {detail.category ? (
        <span>{t('sourcePage.inCategory', { category: detail.category })}</span>
      ) : null}
      {s.siteUrl ? (
        <span>
          <a href={s.siteUrl} rel="noopener noreferrer nofollow" target="_blank">
            {s.siteUrl}
          </a>
        </span>
      ) : null}
      {s.url && s.kind === 'feed' ? (
        <span>
          {t('sourcePage.feedUrl')}: <code>{s.url}</code>
        </span>
      ) : null}
    </p>
  );
}

/** What the user typed into the rename form, kept when it is refused. */
interface Typed {
  name: string;
  category: string;
}

async function renderSource(
  c: Context<UiEnv>,
  app: App,
  extra: { notice?: string; error?: string; typed?: Typed } = {},
) {
  const user = c.get('user');
  const ctx = { t: c.get('t'), tz: user.tz, lang: c.get('lang'), csrf: c.get('csrf') };
  const { t } = ctx;
  const id = Number(c.req.param('id'));
  const page = Math.max(1, Math.min(10_000, Number(c.req.query('page')) || 1));
  const detail = await sourceDetail(app, user.id, id, page, ctx.lang);
  const runs = detail.pushed ? [] : await listFetchHistory(app, user.id, id);
  const s = detail.source;
  const back = `/sources/${s.id}`;
  return renderPage(
    c,
    {
      title: `${s.name} · ${t('sources.title')}`,
      active: 'sources',
      wide: true,
      status: extra.error ? 422 : 200,
    },
    <>
      <p class="breadcrumb">
        <a href="/sources">← {t('sourcePage.back')}</a>
      </p>
      <h1 class="source-title">
        <SourceKindIcon kind={s.kind} platform={null} t={t} />
        {s.name}
      </h1>
      <Facts detail={detail} ctx={ctx} />
      <Notice text={extra.notice} />
      <Notice text={extra.error} error />
      <div class="cards">
        <section class="card source-status-card" aria-label={t('sourcePage.settings')}>
          <h2>{t('sourcePage.settings')}</h2>
          <SourceStatus s={s} t={t} tz={ctx.tz} lang={ctx.lang} />
          <div class="item-actions">
            <SourceActions s={s} t={t} csrf={ctx.csrf} back={back} />
            <SourceSettings s={s} t={t} csrf={ctx.csrf} back={back} />
          </div>
        </section>
        <PlaceForm detail={detail} ctx={ctx} {...(extra.typed ? { typed: extra.typed } : {})} />
      </div>
      {/* History first: a short box that scrolls, so that it is not below 50 items. */}
      <h2 id="fetch-history-title">{t('sourcePage.history')}</h2>
      {detail.pushed ? (
        <p class="help">{t('sourcePage.neverFetched')}</p>
      ) : (
        <>
          <p class="help">{t('sourcePage.historyHelp')}</p>
          <History runs={runs} ctx={ctx} />
        </>
      )}
      <h2>{t('sourcePage.items')}</h2>
      <ItemList detail={detail} ctx={ctx} />
    </>,
  );
}

/** Renames and moves the source; a refused value is shown again with the reason (422). */
async function placeSource(c: Context<UiEnv>, app: App) {
  const body = await c.req.parseBody();
  const typed = {
    name: typeof body.name === 'string' ? body.name : '',
    category: typeof body.category === 'string' ? body.category : '',
  };
  const id = Number(c.req.param('id'));
  try {
    await changeSource(app, c.get('user').id, id, typed);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return renderSource(c, app, { error: errorText(c.get('t'), error as Error), typed });
  }
  return c.redirect(`/sources/${id}?saved=1`, 303);
}

/**
 * `/sources/:id` and its rename-and-move form. Registered by `sourcePages`.
 *
 * @example sourcePage(router, app)
 */
export function sourcePage(router: Hono<UiEnv>, app: App): void {
  router.get('/sources/:id{[0-9]+}', (c) =>
    renderSource(c, app, c.req.query('saved') ? { notice: c.get('t')('sourcePage.saved') } : {}),
  );
  router.post('/sources/:id{[0-9]+}/place', (c) => placeSource(c, app));
}
