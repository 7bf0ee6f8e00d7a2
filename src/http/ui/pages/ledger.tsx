import type { Hono } from 'hono';
import { localDate } from '../../../domain/schedule.ts';
import type { App } from '../../../services/app.ts';
import { type LedgerDay, ledgerDays } from '../../../services/checkpoints/ledger.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';

const RANGES = [7, 14, 30, 90];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Per day: held (would have pushed, spared) stacked under allowed interruptions
 * (breakthroughs + checkpoint notices), and pulls beside them. Server-rendered SVG, readable
 * without JavaScript; a table below carries the same numbers for screen readers.
 */
function Chart({ days, t, lang }: { days: LedgerDay[]; t: Translate; lang: string }) {
  const width = 720;
  const height = 220;
  const pad = { top: 26, right: 8, bottom: 40, left: 56 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const pulls = (d: LedgerDay) => d.pullsBetween + d.checkpointsOpened;
  const max = Math.max(
    1,
    ...days.map((d) => Math.max(Math.max(0, d.interruptionsSpared) + d.interruptions, pulls(d))),
  );
  const slot = plotW / days.length;
  const bar = Math.max(2, Math.min(18, slot / 2.6));
  const y = (value: number) => pad.top + plotH - (value / max) * plotH;
  const label = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const every = Math.ceil(days.length / 10);
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title">
      <title id="chart-title">{t('ledger.chart')}</title>
      <text x={pad.left - 6} y={pad.top + 8} text-anchor="end">
        {max}
      </text>
      <text x={pad.left - 6} y={pad.top + plotH} text-anchor="end">
        0
      </text>
      {days.map((d, i) => {
        const x = pad.left + i * slot + slot / 2;
        const held = Math.max(0, d.interruptionsSpared);
        return (
          <g>
            <rect
              class="held"
              x={x - bar - 1}
              width={bar}
              y={y(held + d.interruptions)}
              height={(held / max) * plotH}
            />
            <rect
              class="allowed"
              x={x - bar - 1}
              width={bar}
              y={y(d.interruptions)}
              height={(d.interruptions / max) * plotH}
            />
            <rect
              class="pulls"
              x={x + 1}
              width={bar}
              y={y(pulls(d))}
              height={(pulls(d) / max) * plotH}
            />
            {/* Every other label is "minor": a phone shows only the rest, in a larger size. */}
            {i % every === 0 ? (
              <text
                x={x}
                y={height - 8}
                text-anchor="middle"
                class={(i / every) % 2 === 1 ? 'minor' : undefined}
              >
                {label.format(new Date(`${d.date}T12:00:00Z`))}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** `/ledger`: the interruptions spared, as a chart per day and the totals. */
export function ledgerPages(router: Hono<UiEnv>, app: App): void {
  router.get('/ledger', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const requested = Number(c.req.query('days') ?? 14);
    const span = RANGES.includes(requested) ? requested : 14;
    const to = localDate(app.clock.now(), user.tz);
    const days = await ledgerDays(app, user, addDays(to, 1 - span), to);
    const sum = (pick: (d: LedgerDay) => number) => days.reduce((n, d) => n + pick(d), 0);
    const dayLabel = new Intl.DateTimeFormat(c.get('lang') === 'nl' ? 'nl-NL' : 'en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    return renderPage(
      c,
      { title: t('ledger.title'), active: 'ledger', wide: true },
      <>
        <h1>{t('ledger.title')}</h1>
        <p class="lead">{t('ledger.intro')}</p>
        <div class="card">
          <p class="ledger-total">
            <span class="figure">{sum((d) => d.interruptionsSpared)}</span>
            <span class="muted">
              {t('ledger.spared', {
                spared: sum((d) => d.interruptionsSpared),
                pushes: sum((d) => d.pushesReceived),
                days: span,
              })}
            </span>
          </p>
          <Chart days={days} t={t} lang={c.get('lang')} />
          <p class="legend">
            <span>
              <i class="held" />
              {t('ledger.held')}
            </span>
            <span>
              <i class="allowed" />
              {t('ledger.allowed')}
            </span>
            <span>
              <i class="pulls" />
              {t('ledger.pulls')}
            </span>
          </p>
          <nav class="actions range" aria-label={t('ledger.range')}>
            <span class="muted small">{t('ledger.range')}:</span>
            {RANGES.map((n) => (
              <a
                class="button"
                href={`/ledger?days=${n}`}
                aria-current={n === span ? 'page' : undefined}
              >
                {n}
              </a>
            ))}
          </nav>
        </div>
        {/* Nine columns do not fit a phone: the table scrolls sideways (shadows at the edges say
            so), with the dates kept in view. */}
        <p class="table-hint small muted" id="ledger-hint">
          {t('ledger.scrollHint')}
        </p>
        {/* A named, focusable region: keyboard users can scroll it too. */}
        <section
          class="table-wrap scroll"
          aria-labelledby="ledger-table-title"
          aria-describedby="ledger-hint"
          tabindex={0}
        >
          <table class="list ledger">
            <caption id="ledger-table-title" class="visually-hidden">
              {t('ledger.table')}
            </caption>
            <thead>
              <tr>
                <th>{t('ledger.date')}</th>
                <th class="num">{t('ledger.pushes')}</th>
                <th class="num">{t('ledger.breakthroughs')}</th>
                <th class="num">{t('ledger.notices')}</th>
                <th class="num">{t('ledger.checkpoints')}</th>
                <th class="num">{t('ledger.opened')}</th>
                <th class="num">{t('ledger.pullsBetween')}</th>
                <th class="num">{t('ledger.read')}</th>
                <th class="num">{t('ledger.dismissed')}</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr>
                  <td class="date">
                    <time datetime={d.date}>
                      {dayLabel.format(new Date(`${d.date}T12:00:00Z`))}
                    </time>
                  </td>
                  <td class="num">{d.pushesReceived}</td>
                  <td class="num">{d.breakthroughs}</td>
                  <td class="num">{d.checkpointNotices}</td>
                  <td class="num">{d.checkpointsBuilt}</td>
                  <td class="num">{d.checkpointsOpened}</td>
                  <td class="num">{d.pullsBetween}</td>
                  <td class="num">{d.itemsRead}</td>
                  <td class="num">{d.itemsDismissed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </>,
    );
  });
}
