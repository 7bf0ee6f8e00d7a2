import type { Hono } from 'hono';
import { NotFoundError } from '../../../domain/errors.ts';
import { localTime } from '../../../domain/schedule.ts';
import type { App } from '../../../services/app.ts';
import {
  checkpointDigest,
  type DigestItem,
  laterItems,
  markDone,
  pull,
  shownCheckpoint,
} from '../../../services/checkpoints/checkpoints.ts';
import { getSchedule } from '../../../services/checkpoints/schedules.ts';
import { formatDate, formatWhen, renderPage } from '../chrome.ts';
import { ItemCard } from '../components.tsx';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';

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
                when={formatDate(item.publishedAt, props.tz, props.lang)}
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

/** `/checkpoint`: the current digest, or — between checkpoints — when the next one is. */
export function checkpointPages(router: Hono<UiEnv>, app: App): void {
  router.get('/', (c) => c.redirect('/checkpoint', 302));

  router.get('/checkpoint', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const lang = c.get('lang');
    // `?id=N` (the links of the private Atom feed) shows that checkpoint, even when done.
    const requested = c.req.query('id');
    const wanted = requested === undefined ? null : Number(requested);
    const latest = await shownCheckpoint(
      app,
      user.id,
      wanted === null ? undefined : Number.isSafeInteger(wanted) && wanted > 0 ? wanted : -1,
    );
    if (wanted !== null && !latest)
      throw new NotFoundError(`checkpoint: no checkpoint ${requested}`);
    if (latest && (latest.doneAt === null || wanted !== null)) {
      const { checkpoint, items } = await checkpointDigest(app, user, latest.id, { open: true });
      const total = items.reduce((s, i) => s + i.readingSeconds, 0);
      return renderPage(
        c,
        { title: t('checkpoint.title'), active: 'checkpoint' },
        <>
          <div class="digest-head">
            <div>
              <h1>
                {t('checkpoint.of', { time: localTime(new Date(checkpoint.dueAt), user.tz) })}
              </h1>
              <p class="lead">
                {t('checkpoint.summary', { count: items.length, minutes: minutes(total) })}
              </p>
            </div>
            {latest.doneAt === null ? (
              <form method="post" action={`/checkpoint/${checkpoint.id}/done`} id="done-form">
                <Csrf token={c.get('csrf')} />
                <button type="submit" class="primary" title={t('checkpoint.doneHint')}>
                  {t('checkpoint.done')}
                </button>
              </form>
            ) : (
              <p class="muted">
                {t('checkpoint.wasDone', {
                  when: formatWhen(latest.doneAt, user.tz, lang),
                })}
              </p>
            )}
          </div>
          {items.length === 0 ? <p class="empty">{t('checkpoint.empty')}</p> : null}
          <Digest
            items={items}
            t={t}
            csrf={c.get('csrf')}
            tz={user.tz}
            lang={lang}
            overflow={checkpoint.overflow}
            laterCount={
              checkpoint.laterCount - checkpoint.overflow.reduce((s, o) => s + o.count, 0)
            }
          />
          {items.length > 2 && latest.doneAt === null ? (
            <div class="digest-foot">
              <button
                type="submit"
                form="done-form"
                class="primary"
                title={t('checkpoint.doneHint')}
              >
                {t('checkpoint.done')}
              </button>
            </div>
          ) : null}
        </>,
      );
    }
    const schedule = await getSchedule(app, user);
    const waiting = schedule.showWaiting ? (await laterItems(app, user, 0)).total : null;
    return renderPage(
      c,
      { title: t('checkpoint.title'), active: 'checkpoint' },
      <div class="quiet">
        <h1>{t('checkpoint.between')}</h1>
        <p class="when">
          {schedule.nextCheckpointAt
            ? t('checkpoint.next', { when: formatWhen(schedule.nextCheckpointAt, user.tz, lang) })
            : t('checkpoint.noNext')}
        </p>
        {waiting !== null ? (
          <p class="muted">{t('checkpoint.waiting', { count: waiting })}</p>
        ) : null}
        <form method="post" action="/pull">
          <Csrf token={c.get('csrf')} />
          <button type="submit">{t('checkpoint.pullNow')}</button>
        </form>
        <p class="help">{t('checkpoint.pullHint')}</p>
      </div>,
    );
  });

  router.post('/pull', async (c) => {
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
        <Digest items={result.items} t={t} csrf={c.get('csrf')} tz={user.tz} lang={c.get('lang')} />
      </>,
    );
  });

  router.post('/checkpoint/:id/done', async (c) => {
    const id = Number(c.req.param('id'));
    await markDone(app, c.get('user'), Number.isInteger(id) && id > 0 ? id : -1);
    return c.redirect('/checkpoint', 303);
  });
}
