import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Channel } from '../../../channels/registry.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import { WEEKDAYS } from '../../../domain/schedule.ts';
import type { App } from '../../../services/app.ts';
import { saveSubscription, vapidKeys } from '../../../services/checkpoints/push.ts';
import { getSchedule, setSchedule } from '../../../services/checkpoints/schedules.ts';
import { formatWhen, renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash, takeFlash } from '../flash.ts';
import type { Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { ChannelTestButton } from './channel-test-button.tsx';
import { channelWarnings } from './channel-warnings.tsx';
import {
  checkForm,
  type FieldErrors,
  readForm,
  type ScheduleFormValues,
  valuesOf,
} from './schedule-form.ts';

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

/** A field's message, tied to it by `aria-describedby`. */
function FieldError({ id, errors }: { id: string; errors: FieldErrors }) {
  return errors[id] ? (
    <p class="field-error" id={`${id}-error`}>
      {errors[id]}
    </p>
  ) : null;
}

/** The attributes that mark a field the form could not take. */
const invalid = (id: string, errors: FieldErrors) =>
  errors[id] ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {};

/** Times per weekday, time zone, budget and per-source limit, as typed. */
function TimeFields(props: { t: Translate; values: ScheduleFormValues; errors: FieldErrors }) {
  const { t, values, errors } = props;
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
            value={values.times[day]}
            autocomplete="off"
            {...invalid(`times-${day}`, errors)}
          />
          <FieldError id={`times-${day}`} errors={errors} />
        </div>
      ))}
      <label for="tz">{t('schedule.tz')}</label>
      <select id="tz" name="tz" {...invalid('tz', errors)}>
        {zones.map((zone) => (
          <option value={zone} selected={zone === values.tz}>
            {zone}
          </option>
        ))}
        {zones.includes(values.tz) ? null : (
          <option value={values.tz} selected>
            {values.tz}
          </option>
        )}
      </select>
      <FieldError id="tz" errors={errors} />
      <div class="row">
        <div>
          <label for="budget">{t('schedule.budget')}</label>
          <input
            type="text"
            inputmode="numeric"
            id="budget"
            name="budget"
            value={values.budget}
            {...invalid('budget', errors)}
          />
          <FieldError id="budget" errors={errors} />
        </div>
        <div>
          <label for="perSource">{t('schedule.perSource')}</label>
          <input
            type="text"
            inputmode="numeric"
            id="perSource"
            name="perSource"
            value={values.perSource}
            {...invalid('perSource', errors)}
          />
          <FieldError id="perSource" errors={errors} />
        </div>
      </div>
    </>
  );
}

/** The notice channels: an ntfy topic, an address, Web Push (with its subscribe button). */
function NotifyFields(props: {
  t: Translate;
  values: ScheduleFormValues;
  errors: FieldErrors;
  others: readonly Channel[];
  publicKey: string;
}) {
  const { t, values, errors, others, publicKey } = props;
  return (
    <>
      <h2>{t('schedule.notify')}</h2>
      <p class="help">{t('schedule.notifyHelp')}</p>
      <label for="ntfy">{t('schedule.ntfy')}</label>
      <input
        type="text"
        inputmode="url"
        id="ntfy"
        name="ntfy"
        value={values.ntfy}
        placeholder="https://ntfy.sh/my-checkpoints"
        {...invalid('ntfy', errors)}
      />
      <FieldError id="ntfy" errors={errors} />
      <label for="email">{t('schedule.email')}</label>
      <input
        type="text"
        inputmode="email"
        id="email"
        name="email"
        value={values.email}
        {...invalid('email', errors)}
      />
      <FieldError id="email" errors={errors} />
      {others.length ? (
        <p class="help" id="more-channels">
          {t('schedule.moreChannels', {
            channels: others
              .map((ch) => ('ntfy' in ch ? ch.ntfy : 'email' in ch ? ch.email : ''))
              .join(', '),
          })}
        </p>
      ) : null}
      <label class="check">
        <input type="checkbox" name="webpush" checked={values.webpush} />
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

/** The form as it was posted, with what is wrong (shown with 422). */
interface PostedForm {
  values: ScheduleFormValues;
  errors: FieldErrors;
  error?: string;
}

/** The schedule page: the saved schedule (and a notice after saving), or the form as posted. */
async function schedulePage(app: App, c: Context<UiEnv>, posted: PostedForm | null = null) {
  const t = c.get('t');
  const schedule = await getSchedule(app, c.get('user'));
  const { publicKey } = await vapidKeys(app);
  const flash = takeFlash(c);
  const values = posted?.values ?? valuesOf(schedule);
  const errors = posted?.errors ?? {};
  const error = posted ? (posted.error ?? t('schedule.notSaved')) : (flash.error ?? null);
  return renderPage(
    c,
    { title: t('schedule.title'), active: 'schedule', status: posted ? 422 : 200 },
    <>
      <h1>{t('schedule.title')}</h1>
      <p class="lead">{t('schedule.intro')}</p>
      {await channelWarnings(c, app)}
      <Notice text={flash.notice} />
      <Notice text={error} error />
      <form method="post" action="/schedule" class="card" novalidate>
        <Csrf token={c.get('csrf')} />
        <TimeFields t={t} values={values} errors={errors} />
        <NotifyFields
          t={t}
          values={values}
          errors={errors}
          others={formChannels(schedule.notify).others}
          publicKey={publicKey}
        />
        <label class="check">
          <input type="checkbox" name="showWaiting" checked={values.showWaiting} />
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

/**
 * POST /schedule: saved → back to the page (303) saying when the next checkpoint is; a mistake
 * → the form as typed with a message at each field it could not take (422).
 */
async function saveSchedule(app: App, c: Context<UiEnv>) {
  const t = c.get('t');
  const user = c.get('user');
  const values = readForm(await c.req.parseBody(), user.tz);
  // Channels the form does not show (a second ntfy topic or address, set with the CLI) stay.
  const others = formChannels((await getSchedule(app, user)).notify).others;
  const { change, errors } = checkForm(values, others, t);
  if (!change) return await schedulePage(app, c, { values, errors });
  let view: Awaited<ReturnType<typeof setSchedule>>;
  try {
    view = await setSchedule(app, user, change);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return await schedulePage(app, c, { values, errors, error: errorText(t, error) });
  }
  const notice = view.nextCheckpointAt
    ? t('schedule.saved', { when: formatWhen(view.nextCheckpointAt, view.tz, c.get('lang')) })
    : t('checkpoint.noNext');
  return redirectWithFlash(c, '/schedule', { notice });
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
