import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { type Channel, checkChannel } from '../../../channels/registry.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import { WEEKDAYS } from '../../../domain/schedule.ts';
import type { App } from '../../../services/app.ts';
import { saveSubscription, vapidKeys } from '../../../services/checkpoints/push.ts';
import {
  getSchedule,
  type ScheduleView,
  setSchedule,
} from '../../../services/checkpoints/schedules.ts';
import { formatWhen, renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { ChannelTestButton } from './channel-test-button.tsx';
import { channelWarnings } from './channel-warnings.tsx';

const subscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  keys: z.object({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});

/**
 * The channels as the form shows them: the first ntfy topic and the first address in their
 * fields, Web Push as a checkbox; `others` are the further ones the command line can add.
 */
function formChannels(channels: readonly Channel[]) {
  const ntfy = channels.find((ch): ch is { ntfy: string } => 'ntfy' in ch);
  const email = channels.find((ch): ch is { email: string } => 'email' in ch);
  return {
    ntfy: ntfy?.ntfy ?? '',
    email: email?.email ?? '',
    webpush: channels.some((ch) => 'webpush' in ch),
    others: channels.filter(
      (ch): ch is { ntfy: string } | { email: string } =>
        ch !== ntfy && ch !== email && !('webpush' in ch),
    ),
  };
}

/** Times per weekday, time zone, budget and per-source limit. */
function TimeFields({ t, schedule }: { t: Translate; schedule: ScheduleView }) {
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <>
      <h2>{t('schedule.times')}</h2>
      <p class="help">{t('schedule.timesHelp')}</p>
      {WEEKDAYS.map((day) => (
        <div class="day-row">
          <label for={`times-${day}`}>{t(`schedule.day.${day}`)}</label>
          <input
            type="text"
            id={`times-${day}`}
            name={`times-${day}`}
            value={schedule.times[day].join(', ')}
            inputmode="numeric"
            pattern="[0-9:, ]*"
          />
        </div>
      ))}
      <label for="tz">{t('schedule.tz')}</label>
      <select id="tz" name="tz">
        {zones.map((zone) => (
          <option value={zone} selected={zone === schedule.tz}>
            {zone}
          </option>
        ))}
        {zones.includes(schedule.tz) ? null : (
          <option value={schedule.tz} selected>
            {schedule.tz}
          </option>
        )}
      </select>
      <div class="row">
        <div>
          <label for="budget">{t('schedule.budget')}</label>
          <input
            type="number"
            id="budget"
            name="budget"
            min="1"
            max="600"
            value={String(schedule.budgetMinutes)}
          />
        </div>
        <div>
          <label for="perSource">{t('schedule.perSource')}</label>
          <input
            type="number"
            id="perSource"
            name="perSource"
            min="1"
            max="100"
            value={String(schedule.perSourceLimit)}
          />
        </div>
      </div>
    </>
  );
}

/** The notice channels: an ntfy topic, an address, Web Push (with its subscribe button). */
function NotifyFields(props: { t: Translate; notify: readonly Channel[]; publicKey: string }) {
  const { t, publicKey } = props;
  const { ntfy, email, webpush, others } = formChannels(props.notify);
  return (
    <>
      <h2>{t('schedule.notify')}</h2>
      <p class="help">{t('schedule.notifyHelp')}</p>
      <label for="ntfy">{t('schedule.ntfy')}</label>
      <input
        type="url"
        id="ntfy"
        name="ntfy"
        value={ntfy}
        placeholder="https://ntfy.sh/my-checkpoints"
      />
      <label for="email">{t('schedule.email')}</label>
      <input type="email" id="email" name="email" value={email} />
      {others.length ? (
        <p class="help" id="more-channels">
          {t('schedule.moreChannels', {
            channels: others.map((ch) => ('ntfy' in ch ? ch.ntfy : ch.email)).join(', '),
          })}
        </p>
      ) : null}
      <label class="check">
        <input type="checkbox" name="webpush" checked={webpush} />
        <span>{t('schedule.webpush')}</span>
      </label>
      <p>
        <button
          type="button"
          id="push-subscribe"
          data-key={publicKey}
          data-done={t('schedule.webpushOn')}
          data-unsupported={t('schedule.webpushUnsupported')}
          data-denied={t('schedule.webpushDenied')}
          data-failed={t('schedule.webpushFailed')}
        >
          {t('schedule.webpushSubscribe')}
        </button>{' '}
        <span id="push-status" class="small muted" role="status" />
      </p>
      <ChannelTestButton t={t} />
    </>
  );
}

/** The schedule page, with a saved notice or an error above the form. */
async function schedulePage(
  app: App,
  c: Context<UiEnv>,
  notice: string | null = null,
  error: string | null = null,
) {
  const t = c.get('t');
  const schedule = await getSchedule(app, c.get('user'));
  const { publicKey } = await vapidKeys(app);
  return renderPage(
    c,
    { title: t('schedule.title'), active: 'schedule', status: error ? 422 : 200 },
    <>
      <h1>{t('schedule.title')}</h1>
      <p class="lead">{t('schedule.intro')}</p>
      {await channelWarnings(c, app)}
      <Notice text={notice} />
      <Notice text={error} error />
      <form method="post" action="/schedule" class="card">
        <Csrf token={c.get('csrf')} />
        <TimeFields t={t} schedule={schedule} />
        <NotifyFields t={t} notify={schedule.notify} publicKey={publicKey} />
        <label class="check">
          <input type="checkbox" name="showWaiting" checked={schedule.showWaiting} />
          <span>{t('schedule.showWaiting')}</span>
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <span class="muted small">
            {schedule.nextCheckpointAt
              ? t('checkpoint.next', {
                  when: formatWhen(schedule.nextCheckpointAt, schedule.tz, c.get('lang')),
                })
              : ''}
          </span>
        </div>
      </form>
    </>,
  );
}

/** The channels the form names, plus the ones it does not show (set with the CLI), checked. */
async function formNotify(
  app: App,
  c: Context<UiEnv>,
  get: (name: string) => string,
  webpush: boolean,
): Promise<Channel[]> {
  const notify: Channel[] = [];
  if (get('ntfy')) notify.push({ ntfy: get('ntfy') });
  if (get('email')) notify.push({ email: get('email') });
  if (webpush) notify.push({ webpush: true });
  // Channels the form does not show (a second ntfy topic or address, set with the CLI) stay.
  notify.push(...formChannels((await getSchedule(app, c.get('user'))).notify).others);
  for (const ch of notify) checkChannel(ch, 'schedule');
  return notify;
}

/** POST /schedule: saves the form and shows the page again with when the next one is. */
async function saveSchedule(app: App, c: Context<UiEnv>) {
  const t = c.get('t');
  const user = c.get('user');
  const body = await c.req.parseBody();
  const get = (name: string) =>
    typeof body[name] === 'string' ? (body[name] as string).trim() : '';
  try {
    const notify = await formNotify(app, c, get, body.webpush === 'on');
    const view = await setSchedule(app, user, {
      tz: get('tz') || user.tz,
      budgetMinutes: Number(get('budget') || 15),
      perSourceLimit: Number(get('perSource') || 3),
      notify,
      showWaiting: body.showWaiting === 'on',
      timesByDay: Object.fromEntries(
        WEEKDAYS.map((day) => [
          day,
          get(`times-${day}`)
            .split(/[,\s]+/)
            .filter(Boolean),
        ]),
      ),
    });
    return await schedulePage(
      app,
      c,
      view.nextCheckpointAt
        ? t('schedule.saved', { when: formatWhen(view.nextCheckpointAt, view.tz, c.get('lang')) })
        : t('checkpoint.noNext'),
    );
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return await schedulePage(app, c, null, errorText(c.get('t'), error));
  }
}

/** POST /push/subscribe: stores this browser's push subscription. */
async function subscribePush(app: App, c: Context<UiEnv>) {
  const parsed = subscriptionSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success)
    return c.json(
      { error: { code: 'invalid_input', message: 'push: not a push subscription' } },
      400,
    );
  await saveSubscription(app, c.get('user').id, parsed.data, c.req.header('user-agent') ?? null);
  return c.json({ ok: true });
}

/** `/schedule`: times per weekday, time zone, budget, notice channels (incl. Web Push). */
export function schedulePages(router: Hono<UiEnv>, app: App): void {
  router.get('/schedule', (c) => schedulePage(app, c));
  router.post('/schedule', (c) => saveSchedule(app, c));
  router.post('/push/subscribe', (c) => subscribePush(app, c));
}
