import type { Context } from 'hono';
import type { App } from '../../../services/app.ts';
import {
  type CheckpointView,
  type DoneSummary,
  doneSummary,
  laterItems,
} from '../../../services/checkpoints/checkpoints.ts';
import { firstCheckpointOffer } from '../../../services/checkpoints/first-checkpoint.ts';
import { getSchedule } from '../../../services/checkpoints/schedules.ts';
import { formatWhen, renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { Csrf } from '../layout.tsx';
import { checkpointAlerts } from './undelivered-breakthroughs.tsx';

/** Done's summary (with its undo) stays on the page this long after Done. */
const SUMMARY_MS = 60 * 60 * 1000;

/** "Checkpoint done: 3 read · 1 dismissed · 5 seen without opening", Later's count, and Undo. */
function DoneNotice(props: {
  c: Context<UiEnv>;
  checkpoint: CheckpointView;
  summary: DoneSummary;
  already: boolean;
  now: Date;
}) {
  const { c, checkpoint, summary, now } = props;
  const t = c.get('t');
  const user = c.get('user');
  return (
    <section class="notice done-summary" role="status" aria-live="polite">
      {props.already ? (
        <p class="already">
          {t('done.already', {
            when: formatWhen(checkpoint.doneAt, user.tz, c.get('lang'), now),
          })}
        </p>
      ) : null}
      <p>
        {t('done.summary', {
          read: summary.read,
          dismissed: summary.dismissed,
          skipped: summary.skipped,
        })}{' '}
        {summary.later > 0 ? (
          <a href="/later">{t('done.later', { count: summary.later })}</a>
        ) : null}
      </p>
      <form method="post" action={`/checkpoint/${checkpoint.id}/undo`} class="undo">
        <Csrf token={c.get('csrf')} />
        <button type="submit">{t('done.undo')}</button>
      </form>
    </section>
  );
}

/** Whether Done's summary belongs on the page: just done, or the user pressed Done again. */
function showsSummary(app: App, latest: CheckpointView | undefined, already: boolean) {
  if (!latest?.doneAt) return false;
  return already || app.clock.now().getTime() - Date.parse(latest.doneAt) < SUMMARY_MS;
}

/** The first checkpoint, offered once to a user who has not had one: read what arrived now. */
function FirstOffer({ c }: { c: Context<UiEnv> }) {
  const t = c.get('t');
  return (
    <>
      <h1>{t('first.title')}</h1>
      <p class="lead">{t('first.lead')}</p>
      <form method="post" action="/checkpoint/first" class="first-offer">
        <Csrf token={c.get('csrf')} />
        <button type="submit" class="primary">
          {t('first.read')}
        </button>
      </form>
    </>
  );
}

/**
 * Between checkpoints: Done's summary when just done, the first checkpoint when it is offered,
 * when the next one is, what waits (if the user wants to know), and pull now. "All quiet" is
 * said only when nothing waits; with items waiting and no checkpoint to come, pull now is the
 * main button.
 */
export async function showBetween(
  c: Context<UiEnv>,
  app: App,
  latest: CheckpointView | undefined,
  already: boolean,
) {
  const t = c.get('t');
  const user = c.get('user');
  const now = app.clock.now();
  const schedule = await getSchedule(app, user);
  const offer = await firstCheckpointOffer(app, user);
  const waiting = offer ?? (await laterItems(app, user, 0)).total;
  const summary =
    latest && showsSummary(app, latest, already) ? await doneSummary(app, user, latest.id) : null;
  // With no checkpoint to come, waiting items would wait for ever: reading them is the main button.
  const stranded = offer === null && waiting > 0 && schedule.nextCheckpointAt === null;
  return renderPage(
    c,
    { title: t('checkpoint.title'), active: 'checkpoint' },
    <>
      {latest && summary ? (
        <DoneNotice c={c} checkpoint={latest} summary={summary} already={already} now={now} />
      ) : null}
      <div class="quiet">
        {await checkpointAlerts(c, app)}
        {offer !== null ? (
          <FirstOffer c={c} />
        ) : (
          <h1>
            {t(
              stranded
                ? 'checkpoint.stranded'
                : waiting > 0
                  ? 'checkpoint.held'
                  : 'checkpoint.between',
            )}
          </h1>
        )}
        <p class="when">
          {schedule.nextCheckpointAt
            ? t('checkpoint.next', {
                when: formatWhen(schedule.nextCheckpointAt, user.tz, c.get('lang'), now),
              })
            : t('checkpoint.noNext')}
        </p>
        {schedule.showWaiting ? (
          <p class="muted">{t('checkpoint.waiting', { count: waiting })}</p>
        ) : null}
        <form method="post" action="/pull">
          <Csrf token={c.get('csrf')} />
          <button type="submit" class={stranded ? 'primary' : undefined}>
            {t('checkpoint.pullNow')}
          </button>
        </form>
        <p class="help">{t('checkpoint.pullHint')}</p>
      </div>
    </>,
  );
}
