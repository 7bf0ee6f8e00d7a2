import type { Context, Hono } from 'hono';
import type { App } from '../../../services/app.ts';
import type { DigestItem } from '../../../services/checkpoints/checkpoints.ts';
import {
  backlogSources,
  dismissOlderThan,
  laterPage,
  startFresh,
  undoDismiss,
} from '../../../services/checkpoints/later.ts';
import { formatDate, formField, renderPage } from '../chrome.ts';
import { ItemCard } from '../components.tsx';
import type { UiEnv } from '../env.ts';
import { Csrf } from '../layout.tsx';
import { BacklogLinks, showBacklog } from './backlog-page.tsx';

/** Items per page of Later: a page a phone can scroll, not one of 49,000 px. */
export const LATER_PAGE_SIZE = 50;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The ages "dismiss all older than …" offers, in days. */
const AGES = { day: 1, week: 7, month: 30 } as const;
type Age = keyof typeof AGES;

/** The page number of `?page=` (1 when missing or not a page). */
function pageParam(c: Context<UiEnv>): number {
  const page = Number(c.req.query('page') ?? '1');
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** "Dismiss all older than [a week]" and "Start fresh", each undone from the notice it leaves. */
function ClearForms({ c }: { c: Context<UiEnv> }) {
  const t = c.get('t');
  return (
    <details class="later-clear">
      <summary>{t('later.clear')}</summary>
      <form method="post" action="/later/dismiss-older" class="row">
        <label for="older">{t('later.dismissOlder')}</label>
        <select id="older" name="older">
          {(Object.keys(AGES) as Age[]).map((age) => (
            <option value={age} selected={age === 'week'}>
              {t(`later.age.${age}`)}
            </option>
          ))}
        </select>
        <Csrf token={c.get('csrf')} />
        <button type="submit">{t('later.dismiss')}</button>
      </form>
      <form method="post" action="/later/start-fresh">
        <Csrf token={c.get('csrf')} />
        <button type="submit">{t('later.startFresh')}</button>
        <p class="help">{t('later.startFreshHint')}</p>
      </form>
    </details>
  );
}

/** What the last clearing did, with its undo; or what an undo brought back. */
function ClearNotice({ c }: { c: Context<UiEnv> }) {
  const t = c.get('t');
  const count = Number(c.req.query('count') ?? '0');
  const batch = c.req.query('batch');
  if (c.req.query('restored') !== undefined)
    return (
      <p class="notice" role="status">
        {t('later.restored', { count: Number(c.req.query('restored')) || 0 })}
      </p>
    );
  if (batch === undefined || !/^\d+$/.test(batch)) return null;
  return (
    <div class="notice later-undo" role="status">
      <span>{t('later.dismissed', { count: Number.isSafeInteger(count) ? count : 0 })}</span>
      <form method="post" action="/later/undo">
        <Csrf token={c.get('csrf')} />
        <input type="hidden" name="batch" value={batch} />
        <button type="submit">{t('later.undo')}</button>
      </form>
    </div>
  );
}

/** Newer / More links and where this page is. */
function Pager(props: { c: Context<UiEnv>; page: number; pages: number }) {
  const { c, page, pages } = props;
  const t = c.get('t');
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t('later.page', { page, pages })}>
      {page > 1 ? <a href={`/later?page=${page - 1}`}>{t('later.previous')}</a> : <span />}
      <span class="muted">{t('later.page', { page, pages })}</span>
      {page < pages ? <a href={`/later?page=${page + 1}`}>{t('later.next')}</a> : <span />}
    </nav>
  );
}

/**
 * `GET /later?page=N`: held items that are not in the current digest, a page at a time;
 * `?backlog=ID` shows one new source's backlog instead.
 */
async function showLater(c: Context<UiEnv>, app: App) {
  const backlog = Number(c.req.query('backlog'));
  if (Number.isSafeInteger(backlog) && backlog > 0) return await showBacklog(c, app, backlog);
  const t = c.get('t');
  const user = c.get('user');
  const page = pageParam(c);
  const offset = (page - 1) * LATER_PAGE_SIZE;
  const { items, total } = await laterPage(app, user, { offset, limit: LATER_PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / LATER_PAGE_SIZE));
  const now = app.clock.now();
  const sources = await backlogSources(app, user);
  return renderPage(
    c,
    { title: t('later.title'), active: 'later' },
    <>
      <h1>{t('later.title')}</h1>
      <p class="lead">{t('later.intro')}</p>
      <ClearNotice c={c} />
      {total > 0 ? <ClearForms c={c} /> : null}
      {items.length === 0 ? <p class="empty">{t('later.empty')}</p> : null}
      {items.length > 0 ? (
        <p class="muted">
          {t('later.showing', { from: offset + 1, to: offset + items.length, total })}
        </p>
      ) : null}
      <ul class="items">
        {items.map((item: DigestItem) => (
          <ItemCard
            item={item}
            t={t}
            csrf={c.get('csrf')}
            when={formatDate(item.publishedAt, user.tz, c.get('lang'), now)}
          />
        ))}
      </ul>
      <Pager c={c} page={page} pages={pages} />
      <BacklogLinks t={t} sources={sources} />
    </>,
  );
}

/** `POST /later/dismiss-older`: dismisses Later's items older than the chosen age. */
async function dismissOlderAction(c: Context<UiEnv>, app: App) {
  const older = await formField(c, 'older');
  const days = older in AGES ? AGES[older as Age] : AGES.week;
  const cutoff = new Date(app.clock.now().getTime() - days * DAY_MS);
  const { batchId, count } = await dismissOlderThan(app, c.get('user'), cutoff);
  return c.redirect(`/later?batch=${batchId}&count=${count}`, 303);
}

/** `POST /later/start-fresh`: dismisses everything in Later. */
async function startFreshAction(c: Context<UiEnv>, app: App) {
  const { batchId, count } = await startFresh(app, c.get('user'));
  return c.redirect(`/later?batch=${batchId}&count=${count}`, 303);
}

/** `POST /later/undo`: brings back what one clearing dismissed. */
async function undoAction(c: Context<UiEnv>, app: App) {
  const batch = Number(await formField(c, 'batch'));
  const { restored } = await undoDismiss(app, c.get('user'), batch);
  return c.redirect(`/later?restored=${restored}`, 303);
}

/** Later: the list a page at a time, and clearing it (older than …, start fresh) with undo. */
export function laterPages(router: Hono<UiEnv>, app: App): void {
  router.get('/later', (c) => showLater(c, app));
  router.post('/later/dismiss-older', (c) => dismissOlderAction(c, app));
  router.post('/later/start-fresh', (c) => startFreshAction(c, app));
  router.post('/later/undo', (c) => undoAction(c, app));
}
