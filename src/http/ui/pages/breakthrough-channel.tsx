import type { Context, Hono } from 'hono';
import { type Channel, channelLabel } from '../../../channels/registry.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import type { App } from '../../../services/app.ts';
import {
  type ChannelTestResult,
  setRuleChannel,
  testChannels,
} from '../../../services/checkpoints/channel-health.ts';
import { vapidKeys } from '../../../services/checkpoints/push.ts';
import { listRules, type RuleView } from '../../../services/checkpoints/rules.ts';
import { getSchedule } from '../../../services/checkpoints/schedules.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { errorText, type Translate } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { ChannelTestButton } from './channel-test-button.tsx';

type Choice = 'webpush' | 'ntfy' | 'email' | 'notices';

/** What the form holds: the rule, the chosen kind of channel and the typed values. */
interface ChannelForm {
  rule: number;
  choice: Choice;
  ntfy: string;
  email: string;
}

function formOf(rule: RuleView | undefined): ChannelForm {
  const deliver = rule?.deliver as Channel | undefined;
  if (!deliver) return { rule: rule?.id ?? 0, choice: 'notices', ntfy: '', email: '' };
  if ('ntfy' in deliver) return { rule: rule!.id, choice: 'ntfy', ntfy: deliver.ntfy, email: '' };
  if ('email' in deliver)
    return { rule: rule!.id, choice: 'email', ntfy: '', email: deliver.email };
  return { rule: rule!.id, choice: 'webpush', ntfy: '', email: '' };
}

/** The channel a form names (null: the schedule's notice channels). */
function channelOf(form: ChannelForm): Channel | null {
  if (form.choice === 'webpush') return { webpush: true };
  if (form.choice === 'ntfy') return { ntfy: form.ntfy.trim() };
  if (form.choice === 'email') return { email: form.email.trim() };
  return null;
}

function Radio(props: { form: ChannelForm; value: Choice; label: string }) {
  return (
    <label class="check">
      <input
        type="radio"
        name="channel"
        value={props.value}
        checked={props.form.choice === props.value}
      />
      <span>{props.label}</span>
    </label>
  );
}

/** The four ways a breakthrough can reach the user, one radio each, with their fields. */
function ChannelChoice(props: { t: Translate; form: ChannelForm; publicKey: string }) {
  const { t, form } = props;
  return (
    <fieldset class="channel-choice">
      <Radio form={form} value="webpush" label={t('bchannel.webpush')} />
      <p>
        <button
          type="button"
          id="push-subscribe"
          data-key={props.publicKey}
          data-done={t('schedule.webpushOn')}
          data-unsupported={t('schedule.webpushUnsupported')}
          data-denied={t('schedule.webpushDenied')}
          data-failed={t('schedule.webpushFailed')}
        >
          {t('bchannel.webpushTurnOn')}
        </button>{' '}
        <span id="push-status" class="small muted" role="status" />
      </p>
      <Radio form={form} value="ntfy" label={t('bchannel.ntfy')} />
      <input
        type="url"
        name="ntfy"
        aria-label={t('bchannel.ntfy')}
        value={form.ntfy}
        placeholder="https://ntfy.sh/my-urgent-topic"
      />
      <Radio form={form} value="email" label={t('bchannel.email')} />
      <input type="email" name="email" aria-label={t('bchannel.email')} value={form.email} />
      <Radio form={form} value="notices" label={t('bchannel.notices')} />
    </fieldset>
  );
}

/** `GET /breakthrough-channel`: where the user's breakthrough rule delivers, with a test. */
async function channelPage(
  app: App,
  c: Context<UiEnv>,
  state: { form?: ChannelForm; saved?: boolean; error?: string | null } = {},
) {
  const t = c.get('t');
  const rules = (await listRules(app, c.get('user').id)).filter((r) => r.action === 'breakthrough');
  const wanted = Number(c.req.query('rule') ?? state.form?.rule);
  const rule = rules.find((r) => r.id === wanted) ?? rules[0];
  const form = state.form ?? formOf(rule);
  const publicKey = (await vapidKeys(app)).publicKey;
  const deliver = rule?.deliver as Channel | undefined;
  const notice =
    state.saved && rule
      ? t('bchannel.saved', {
          rule: rule.name,
          channel: deliver ? channelLabel(deliver) : t('bchannel.notices'),
        })
      : null;
  return renderPage(
    c,
    { title: t('bchannel.title'), status: state.error ? 422 : 200 },
    <>
      <h1>{t('bchannel.title')}</h1>
      <p class="lead">{t('bchannel.intro')}</p>
      <Notice text={notice} />
      <Notice text={state.error} error />
      {rule ? (
        <form method="post" action="/breakthrough-channel" class="card" id="bchannel-form">
          <Csrf token={c.get('csrf')} />
          <label for="rule">{t('bchannel.rule')}</label>
          <select id="rule" name="rule">
            {rules.map((r) => (
              <option value={String(r.id)} selected={r.id === rule.id}>
                {r.name}
              </option>
            ))}
          </select>
          <ChannelChoice t={t} form={form} publicKey={publicKey} />
          <div class="actions">
            <ChannelTestButton t={t} />
            <button type="submit" class="primary">
              {t('bchannel.save')}
            </button>
            <a href="/sources">{notice ? t('bchannel.continue') : t('bchannel.skip')}</a>
          </div>
        </form>
      ) : (
        <p class="empty">{t('bchannel.noRule')}</p>
      )}
    </>,
  );
}

async function readForm(c: Context<UiEnv>): Promise<ChannelForm> {
  const body = await c.req.parseBody();
  const get = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const choice = get('channel');
  return {
    rule: Number(get('rule')),
    choice:
      (['webpush', 'ntfy', 'email', 'notices'] as const).find((x) => x === choice) ?? 'notices',
    ntfy: get('ntfy'),
    email: get('email'),
  };
}

/** `POST /breakthrough-channel`: saves the rule's channel, then shows the page again (303). */
async function saveChannel(app: App, c: Context<UiEnv>) {
  const form = await readForm(c);
  try {
    await setRuleChannel(app, c.get('user').id, form.rule, channelOf(form));
    return c.redirect(`/breakthrough-channel?rule=${form.rule}&saved=1`, 303);
  } catch (error) {
    // Someone else's rule (or none) is not found, as everywhere; a bad channel is shown.
    if (!(error instanceof CheckpointError) || error.code === 'not_found') throw error;
    return await channelPage(app, c, { form, error: errorText(c.get('t'), error) });
  }
}

/** The channels a test form names: the chosen one, or (the schedule's form) every filled one. */
async function testedChannels(app: App, c: Context<UiEnv>): Promise<Channel[]> {
  const body = await c.req.parseBody();
  const get = (name: string) =>
    typeof body[name] === 'string' ? (body[name] as string).trim() : '';
  const choice = get('channel');
  if (choice === 'notices') return (await getSchedule(app, c.get('user'))).notify;
  if (choice === 'webpush') return [{ webpush: true }];
  if (choice === 'ntfy') return get('ntfy') ? [{ ntfy: get('ntfy') }] : [];
  if (choice === 'email') return get('email') ? [{ email: get('email') }] : [];
  const channels: Channel[] = [];
  if (get('ntfy')) channels.push({ ntfy: get('ntfy') });
  if (get('email')) channels.push({ email: get('email') });
  if (get('webpush') === 'on') channels.push({ webpush: true });
  return channels;
}

function resultText(t: Translate, r: ChannelTestResult): string {
  return r.error === null
    ? t('bchannel.testOk', { channel: r.label })
    : t('bchannel.testFailed', { channel: r.label, error: r.error });
}

/**
 * `POST /channels/test`: sends a real test on the channels of the form and says how each went:
 * JSON for the page's script, or a page of its own for a plain form post.
 */
async function testFromForm(app: App, c: Context<UiEnv>) {
  const t = c.get('t');
  const channels = await testedChannels(app, c);
  const results = await testChannels(app, c.get('user').id, channels, {
    title: t('bchannel.testTitle'),
    body: t('bchannel.testBody'),
  });
  const ok = results.length > 0 && results.every((r) => r.error === null);
  const lines = results.length ? results.map((r) => resultText(t, r)) : [t('bchannel.testNone')];
  if ((c.req.header('accept') ?? '').includes('application/json'))
    return c.json({ ok, text: lines.join(' '), results });
  const back = (c.req.header('referer') ?? '').match(/^https?:\/\/[^/]+(\/[^\s]*)$/)?.[1];
  return renderPage(
    c,
    { title: t('bchannel.test') },
    <>
      <h1>{t('bchannel.test')}</h1>
      {lines.map((line) => (
        <Notice text={line} error={!ok} />
      ))}
      <p>
        <a href={back?.startsWith('/') && !back.startsWith('//') ? back : '/breakthrough-channel'}>
          {t('bchannel.back')}
        </a>
      </p>
    </>,
  );
}

/** `/breakthrough-channel` (pick and test where breakthroughs go) and `/channels/test`. */
export function breakthroughChannelPages(router: Hono<UiEnv>, app: App): void {
  router.get('/breakthrough-channel', (c) =>
    channelPage(app, c, { saved: c.req.query('saved') !== undefined }),
  );
  router.post('/breakthrough-channel', (c) => saveChannel(app, c));
  router.post('/channels/test', (c) => testFromForm(app, c));
}
