import type { Context } from 'hono';
import type { App } from '../../../services/app.ts';
import { LATER_LIMIT } from '../../../services/checkpoints/checkpoints.ts';
import { type BacklogSource, backlogItems } from '../../../services/checkpoints/later.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { ItemList } from './items.tsx';

/** New sources' backlogs, reached from Later: their old posts, kept out of checkpoints. */

/** A positive whole number from a query parameter, else `fallback`. */
function pageNumber(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** "← Better ranked · Page 2 of 9 · Further down →" for a list paged with `?page=`. */
function Pager(props: {
  t: Translate;
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  const { t, page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav class="row pager" aria-label={t('later.page', { page, pages })}>
      {page > 1 ? <a href={props.href(page - 1)}>{t('later.previous')}</a> : null}
      <span class="muted">{t('later.page', { page, pages })}</span>
      {page < pages ? <a href={props.href(page + 1)}>{t('later.next')}</a> : null}
    </nav>
  );
}

/** Links to the backlogs of sources just added: their old posts, kept out of checkpoints. */
export function BacklogLinks({ t, sources }: { t: Translate; sources: BacklogSource[] }) {
  if (sources.length === 0) return null;
  return (
    <p class="muted backlog-links">
      {t('later.backlog')}{' '}
      {sources.map((s, k) => (
        <>
          {k > 0 ? ', ' : ''}
          <a href={`/later?backlog=${s.sourceId}`}>
            {t('later.backlogLink', { source: s.sourceName, count: s.count })}
          </a>
        </>
      ))}
    </p>
  );
}

/** `GET /later?backlog=ID`: one source's backlog, newest first, a page at a time. */
export async function showBacklog(c: Context<UiEnv>, app: App, sourceId: number) {
  const t = c.get('t');
  const page = pageNumber(c.req.query('page'), 1);
  const { source, items } = await backlogItems(app, c.get('user'), sourceId, {
    offset: (page - 1) * LATER_LIMIT,
    limit: LATER_LIMIT,
  });
  const title = source ? t('backlog.title', { source: source.sourceName }) : t('later.title');
  return renderPage(
    c,
    { title, active: 'later' },
    <>
      <p class="muted small">
        <a href="/later">{t('backlog.back')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{source ? t('backlog.intro') : t('backlog.none')}</p>
      <ItemList c={c} items={items} />
      <Pager
        t={t}
        page={page}
        pages={Math.ceil((source?.count ?? 0) / LATER_LIMIT)}
        href={(n) => `/later?backlog=${sourceId}&page=${n}`}
      />
    </>,
  );
}
