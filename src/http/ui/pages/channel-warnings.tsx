import type { Context } from 'hono';
import type { App } from '../../../services/app.ts';
import {
  type ChannelWarning,
  channelHealth,
} from '../../../services/checkpoints/channel-health.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';

/** One warning in the user's language. */
function warningText(t: Translate, w: ChannelWarning): string {
  const params = { rule: w.ruleName ?? '', channel: w.channel ?? '', error: w.error ?? '' };
  if (w.problem === 'none') return t('channels.warn.none', params);
  if (w.subject === 'rule')
    return w.problem === 'noBrowser'
      ? t('channels.warn.noBrowser.rule', params)
      : t('channels.warn.failed.rule', params);
  return w.problem === 'noBrowser'
    ? t('channels.warn.noBrowser.schedule', params)
    : t('channels.warn.failed.schedule', params);
}

/**
 * Breakthrough rules and notice channels that may reach no one (DESIGN.md Invariant 5), with
 * a link to the page that picks and tests a channel. Nothing when every channel works.
 */
export function ChannelWarnings({ t, warnings }: { t: Translate; warnings: ChannelWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <section
      class="notice error channel-warnings"
      role="alert"
      aria-labelledby="channel-warn-title"
    >
      <p>
        <strong id="channel-warn-title">{t('channels.warningTitle')}</strong>
      </p>
      <ul>
        {warnings.map((w) => (
          <li>{warningText(t, w)}</li>
        ))}
      </ul>
      <p>
        <a href="/breakthrough-channel">{t('channels.warn.fix')}</a>
      </p>
    </section>
  );
}

/**
 * The warnings of the signed-in user, for a page to mount with one line:
 * `{await channelWarnings(c, app)}`.
 */
export async function channelWarnings(c: Context<UiEnv>, app: App) {
  const warnings = await channelHealth(app, c.get('user').id);
  return <ChannelWarnings t={c.get('t')} warnings={warnings} />;
}
