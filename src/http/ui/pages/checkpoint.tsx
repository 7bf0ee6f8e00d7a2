import type { Context, Hono } from 'hono';
import { NotFoundError } from '../../../domain/errors.ts';
import { localTime } from '../../../domain/schedule.ts';
import type { App } from '../../../services/app.ts';
import {
  type CheckpointView,
  checkpointDigest,
  type DigestItem,
  finishCheckpoint,
  pull,
  shownCheckpoint,
  undoDone,
} from '../../../services/checkpoints/checkpoints.ts';
import { buildFirstCheckpoint } from '../../../services/checkpoints/first-checkpoint.ts';
import { formatDate, formatWhen, renderPage } from '../chrome.ts';
import { ItemCard } from '../components.tsx';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';
import { showBetween } from './checkpoint-between.tsx';
import { checkpointAlerts } from './undelivered-breakthroughs.tsx';

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

/** Items grouped by source, groups in the order of their best item. */
function groups(items: DigestItem[]): [string, DigestItem[]][] {
  const map = new Map<string, DigestItem[]>();
  for (const item of items) map.set(item.sourceName, [...(map.get(item.sourceName) ?? []), item]);
  return [...map];
}

function Digest(props: {
  items: DigestItem[];
  t: Translate;
  csrf: string;
  tz: string;
  lang: string;
  /** The app clock's now: dates of other years show their year. */
  now: Date;
  overflow?: { sourceName: string; count: number }[];
  laterCount?: number;
}) {
  const { t } = props;
  return (
    <>
      {groups(props.items).map(([source, list]) => (
        <section class="group" aria-label={source}>
          <h2>{source}</h2>
          <ul class="items">
            {list.map((item) => (
              <ItemCard
                item={item}
                t={t}
                csrf={props.csrf}
                when={formatDate(item.publishedAt, props.tz, props.lang, props.now)}
                hideSource
              />
            ))}
          </ul>
          {props.overflow
            ?.filter((o) => o.sourceName === source)
            .map((o) => (
              <p class="more">
                <a href="/later">
                  {t('checkpoint.more', { count: o.count, source: o.sourceName })}
                </a>
              </p>
            ))}
        </section>
      ))}
      {props.laterCount ? (
        <p class="more">
          <a href="/later">{t('checkpoint.later', { count: props.laterCount })}</a>
        </p>
      ) : null}
    </>
  );
}

/** The digest's heading: its time, size and reading time, and the done button (or when it was). */
function DigestHead(props: {
  c: Context<UiEnv>;
  checkpoint: CheckpointView;
  items: DigestItem[];
  doneAt: string | null;
  now: Date;
}) {
  const { c, checkpoint, items, doneAt, now } = props;
  const t = c.get('t');
  const user = c.get('user');
  const total = items.reduce((s, i) => s + i.readingSeconds, 0);
  return (
    <div class="digest-head">
      <div>
        <h1>{t('checkpoint.of', { time: localTime(new Date(checkpoint.dueAt), user.tz) })}</h1>
        <p class="lead">
          {t('checkpoint.summary', { count: items.length, minutes: minutes(total) })}
        </p>
      </div>
      {doneAt === null ? (
        <form method="post" action={`/checkpoint/${checkpoint.id}/done`} id="done-form">
          <Csrf token={c.get('csrf')} />
          <button type="submit" class="primary" title={t('checkpoint.doneHint')}>
            {t('checkpoint.done')}
          </button>
        </form>
      ) : (
        <p class="muted">
          {t('checkpoint.wasDone', {
            when: formatWhen(doneAt, user.tz, c.get('lang'), now),
          })}
        </p>
      )}
    </div>
  );
}

/** A second done button below a long digest; it submits the form in the heading. */
function DoneFoot({ t }: { t: Translate }) {
  return (
    <div class="digest-foot">
      <button type="submit" form="done-form" class="primary" title={t('checkpoint.doneHint')}>
        {t('checkpoint.done')}
      </button>
    </div>
  );
}

/**
 * A checkpoint's digest (opening it is recorded); `shown.doneAt` says whether it is finished,
 * `undone` that the user has just undone its Done.
 */
async function showDigest(c: Context<UiEnv>, app: App, shown: CheckpointView, undone: boolean) {
  const t = c.get('t');
  const user = c.get('user');
  const now = app.clock.now();
  const { checkpoint, items } = await checkpointDigest(app, user, shown.id, { open: true });
  return renderPage(
    c,
    { title: t('checkpoint.title'), active: 'checkpoint' },
    <>
      {undone ? (
        <p class="notice" role="status">
          {t('done.undone')}
        </p>
      ) : null}
      {await checkpointAlerts(c, app)}
      <DigestHead c={c} checkpoint={checkpoint} items={items} doneAt={shown.doneAt} now={now} />
      {items.length === 0 ? <p class="empty">{t('checkpoint.empty')}</p> : null}
      <Digest
        items={items}
        t={t}
        csrf={c.get('csrf')}
        tz={user.tz}
        lang={c.get('lang')}
        now={now}
        overflow={checkpoint.overflow}
        laterCount={checkpoint.laterCount - checkpoint.overflow.reduce((s, o) => s + o.count, 0)}
      />
      {items.length > 2 && shown.doneAt === null ? <DoneFoot t={t} /> : null}
    </>,
  );
}

/** `GET /checkpoint`: the current digest, or — between checkpoints — when the next one is. */
async function showCheckpoint(c: Context<UiEnv>, app: App) {
  // `?id=N` (the links of the private Atom feed) shows that checkpoint, even when done.
  const requested = c.req.query('id');
  const wanted = requested === undefined ? null : Number(requested);
  const shown = await shownCheckpoint(
    app,
    c.get('user').id,
    wanted === null ? undefined : Number.isSafeInteger(wanted) && wanted > 0 ? wanted : -1,
  );
  if (wanted !== null && !shown) throw new NotFoundError(`checkpoint: no checkpoint ${requested}`);
  // An empty checkpoint left open is no digest to show: between it, items may be waiting.
  if (shown && (wanted !== null || (shown.doneAt === null && shown.itemCount > 0)))
    return await showDigest(c, app, shown, c.req.query('undone') === String(shown.id));
  // `?already=N`: Done was pressed on checkpoint N again (a second tab); say so, with when.
  return await showBetween(
    c,
    app,
    shown,
    shown !== undefined && c.req.query('already') === String(shown.id),
  );
}

/** `POST /pull`: the current checkpoint if there is one, else what has arrived, ranked. */
async function pullNow(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const user = c.get('user');
  const result = await pull(app, user);
  if (result.checkpoint) return c.redirect('/checkpoint', 303);
  const total = result.items.reduce((s, i) => s + i.readingSeconds, 0);
  return renderPage(
    c,
    { title: t('checkpoint.pulled'), active: 'checkpoint' },
    <>
      <h1>{t('checkpoint.pulled')}</h1>
      <p class="lead">
        {t('checkpoint.summary', { count: result.items.length, minutes: minutes(total) })}
      </p>
      {result.items.length === 0 ? <p class="empty">{t('checkpoint.quiet')}</p> : null}
      <Digest
        items={result.items}
        t={t}
        csrf={c.get('csrf')}
        tz={user.tz}
        lang={c.get('lang')}
        now={app.clock.now()}
      />
    </>,
  );
}

/** The `:id` of a checkpoint route (-1 finds nothing, so a bad id is a 404). */
function checkpointParam(c: Context<UiEnv>): number {
  const id = Number(c.req.param('id'));
  return Number.isSafeInteger(id) && id > 0 ? id : -1;
}

/**
 * `POST /checkpoint/:id/done`: marks the digest's items seen; the page then shows what they
 * came to, with undo. Done again (a second tab) changes nothing and says when it was done.
 */
async function doneAction(c: Context<UiEnv>, app: App) {
  const { checkpoint, alreadyDone } = await finishCheckpoint(
    app,
    c.get('user'),
    checkpointParam(c),
  );
  return c.redirect(alreadyDone ? `/checkpoint?already=${checkpoint.id}` : '/checkpoint', 303);
}

/** `POST /checkpoint/:id/undo`: undoes Done; the digest is open again. */
async function undoAction(c: Context<UiEnv>, app: App) {
  const { checkpoint } = await undoDone(app, c.get('user'), checkpointParam(c));
  return c.redirect(`/checkpoint?undone=${checkpoint.id}`, 303);
}

/** `POST /checkpoint/first`: builds the first checkpoint now, while it is offered. */
async function firstAction(c: Context<UiEnv>, app: App) {
  await buildFirstCheckpoint(app, c.get('user'));
  return c.redirect('/checkpoint', 303);
}

/**
 * The checkpoint pages: `/` leads to `/checkpoint`, the digest; pull now, the first checkpoint,
 * done and its undo post here.
 */
export function checkpointPages(router: Hono<UiEnv>, app: App): void {
  router.get('/', (c) => c.redirect('/checkpoint', 302));
  router.get('/checkpoint', (c) => showCheckpoint(c, app));
  router.post('/pull', (c) => pullNow(c, app));
  router.post('/checkpoint/first', (c) => firstAction(c, app));
  router.post('/checkpoint/:id/done', (c) => doneAction(c, app));
  router.post('/checkpoint/:id/undo', (c) => undoAction(c, app));
}
