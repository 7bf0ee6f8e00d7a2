import type { Context } from 'hono';
import type { App } from '../../../services/app.ts';
import { sparedItems } from '../../../services/checkpoints/ledger.ts';
import { formatWhen, renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';

const LIMIT = 200;

/**
 * `GET /ledger/day?date=DATE`: the items the ledger counted as spared that day (would have pushed,
 * held for a checkpoint instead), newest first, each linking to its reading view.
 */
export async function showLedgerDay(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const user = c.get('user');
  const date = c.req.query('date') ?? '';
  const items = await sparedItems(app, user, date, LIMIT);
  const label = new Intl.DateTimeFormat(c.get('lang') === 'nl' ? 'nl-NL' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
  return renderPage(
    c,
    { title: t('ledger.dayTitle', { date: label }), active: 'ledger' },
    <>
      <p class="small">
        <a href="/ledger">← {t('ledger.back')}</a>
      </p>
      <h1>{t('ledger.dayTitle', { date: label })}</h1>
      <p class="lead">{t('ledger.dayIntro')}</p>
      {items.length === 0 ? <p class="empty">{t('ledger.dayEmpty')}</p> : null}
      <ul class="list spared-items">
        {items.map((item) => (
          <li>
            <a href={`/items/${item.id}`}>{item.title ?? item.sourceName}</a>
            <span class="small muted">
              {' '}
              · {item.sourceName} · {formatWhen(item.receivedAt, user.tz, c.get('lang'))}
            </span>
          </li>
        ))}
      </ul>
      {items.length === LIMIT ? (
        <p class="small muted">{t('ledger.dayMore', { count: LIMIT })}</p>
      ) : null}
    </>,
  );
}
