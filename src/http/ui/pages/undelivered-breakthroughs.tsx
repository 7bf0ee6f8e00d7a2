import type { Context, Hono } from 'hono';
import type { App } from '../../../services/app.ts';
import {
  dismissUndelivered,
  type UndeliveredBreakthrough,
  undeliveredBreakthroughs,
} from '../../../services/checkpoints/breakthroughs.ts';
import { formatWhen } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';
import { channelWarnings } from './channel-warnings.tsx';

/** Why one breakthrough reached no one, naming its rule. */
export function undeliveredText(t: Translate, b: UndeliveredBreakthrough): string {
  const rule = b.ruleName ?? t('undelivered.aRule');
  return b.problem === 'none'
    ? t('undelivered.none', { rule })
    : t('undelivered.failed', { rule, error: b.errors.join('; ') });
}

/** The breakthroughs no channel delivered since the user last dismissed them, newest first. */
export function UndeliveredBanner(props: {
  t: Translate;
  list: UndeliveredBreakthrough[];
  csrf: string;
  tz: string;
  lang: string;
}) {
  const { t, list } = props;
  if (list.length === 0) return null;
  return (
    <section class="notice error undelivered" role="alert" aria-labelledby="undelivered-title">
      <p>
        <strong id="undelivered-title">{t('undelivered.title')}</strong> {t('undelivered.intro')}
      </p>
      <ul>
        {list.map((b) => (
          <li data-undelivered={b.itemId}>
            <a href={`/items/${b.itemId}`}>
              {b.title ?? t('undelivered.from', { source: b.sourceName })}
            </a>
            <span class="small muted">
              {' '}
              · {b.sourceName} · {formatWhen(b.at, props.tz, props.lang)}
            </span>
            <br />
            <span class="small">{undeliveredText(t, b)}</span>
          </li>
        ))}
      </ul>
      <form method="post" action="/breakthroughs/undelivered/dismiss" class="inline">
        <Csrf token={props.csrf} />
        <button type="submit">{t('undelivered.dismiss')}</button>
      </form>
    </section>
  );
}

/**
 * What the top of the checkpoint page shows at once: the breakthroughs that reached no one,
 * then the channel warnings. One line mounts it: `{await checkpointAlerts(c, app)}`.
 */
export async function checkpointAlerts(c: Context<UiEnv>, app: App) {
  const user = c.get('user');
  const list = await undeliveredBreakthroughs(app, user.id);
  return (
    <>
      <UndeliveredBanner
        t={c.get('t')}
        list={list}
        csrf={c.get('csrf')}
        tz={user.tz}
        lang={c.get('lang')}
      />
      {await channelWarnings(c, app)}
    </>
  );
}

/** `POST /breakthroughs/undelivered/dismiss`: the list is seen; back to the checkpoint page. */
export function undeliveredPages(router: Hono<UiEnv>, app: App): void {
  router.post('/breakthroughs/undelivered/dismiss', async (c) => {
    await dismissUndelivered(app, c.get('user').id);
    return c.redirect('/checkpoint', 303);
  });
}
