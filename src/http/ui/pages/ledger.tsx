import type { Context, Hono } from 'hono';
import { localDate } from '../../../domain/schedule.ts';
import type { App } from '../../../services/app.ts';
import { type LedgerDay, ledgerDays } from '../../../services/checkpoints/ledger.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { showLedgerDay } from './ledger-day.tsx';

const RANGES = [7, 14, 30, 90];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 26, right: 8, bottom: 40, left: 56 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/**
 * The pulls bar is the table's "Pulls between" column: pulls outside a checkpoint. (It used to
 * add the checkpoints opened, so a day with one opened checkpoint and no pull showed a bar of
 * 1 beside a 0 in the table.)
 */
const pulls = (d: LedgerDay) => d.pullsBetween;

/** The chart's scale: the tallest day fills the plot; each day has a slot with two bars. */
interface Scale {
  max: number;
  slot: number;
  bar: number;
  /** The y of a value's top. */
  y: (value: number) => number;
  /** The height of a value's bar. */
  h: (value: number) => number;
}

function scaleOf(days: LedgerDay[]): Scale {
  const max = Math.max(
    1,
    ...days.map((d) =>
      Math.max(
        Math.max(0, d.interruptionsSpared) + d.interruptions + d.breakthroughsUndelivered,
        pulls(d),
      ),
    ),
  );
  const slot = PLOT_W / days.length;
  return {
    max,
    slot,
    bar: Math.max(2, Math.min(18, slot / 2.6)),
    y: (value) => PAD.top + PLOT_H - (value / max) * PLOT_H,
    h: (value) => (value / max) * PLOT_H,
  };
}

/**
 * One day of the chart: held over undelivered over allowed on the left, pulls on the right,
 * maybe its date.
 */
function ChartDay(props: {
  d: LedgerDay;
  i: number;
  scale: Scale;
  every: number;
  /** How many days the chart shows: labels count back from the last day, so today has one. */
  count: number;
  label: Intl.DateTimeFormat;
}) {
  const { d, i, scale, every } = props;
  const fromEnd = props.count - 1 - i;
  const { bar, y, h } = scale;
  const x = PAD.left + i * scale.slot + scale.slot / 2;
  const held = Math.max(0, d.interruptionsSpared);
  const lost = d.breakthroughsUndelivered;
  return (
    <g>
      <rect
        class="held"
        x={x - bar - 1}
        width={bar}
        y={y(held + lost + d.interruptions)}
        height={h(held)}
      />
      {lost ? (
        <rect
          class="undelivered"
          x={x - bar - 1}
          width={bar}
          y={y(lost + d.interruptions)}
          height={h(lost)}
        />
      ) : null}
      <rect
        class="allowed"
        x={x - bar - 1}
        width={bar}
        y={y(d.interruptions)}
        height={h(d.interruptions)}
      />
      <rect class="pulls" x={x + 1} width={bar} y={y(pulls(d))} height={h(pulls(d))} />
      {/* Every other label is "minor": a phone shows only the rest, in a larger size. */}
      {fromEnd % every === 0 ? (
        <text
          x={x}
          y={HEIGHT - 8}
          text-anchor="middle"
          class={(fromEnd / every) % 2 === 1 ? 'minor' : undefined}
        >
          {props.label.format(new Date(`${d.date}T12:00:00Z`))}
        </text>
      ) : null}
    </g>
  );
}

/**
 * Per day: held (would have pushed, spared) stacked under allowed interruptions
 * (breakthroughs + checkpoint notices), and pulls beside them. Server-rendered SVG, readable
 * without JavaScript; a table below carries the same numbers for screen readers.
 */
function Chart({ days, t, lang }: { days: LedgerDay[]; t: Translate; lang: string }) {
  const scale = scaleOf(days);
  const label = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const every = Math.ceil(days.length / 10);
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-title">
      <title id="chart-title">{t('ledger.chart')}</title>
      <text x={PAD.left - 6} y={PAD.top + 8} text-anchor="end">
        {scale.max}
      </text>
      <text x={PAD.left - 6} y={PAD.top + PLOT_H} text-anchor="end">
        0
      </text>
      {days.map((d, i) => (
        <ChartDay d={d} i={i} scale={scale} every={every} count={days.length} label={label} />
      ))}
    </svg>
  );
}

/** The chart's key (the undelivered one only when some were). */
function Legend({ t, lost }: { t: Translate; lost: boolean }) {
  return (
    <p class="legend">
      <span>
        <i class="held" />
        {t('ledger.held')}
      </span>
      <span>
        <i class="allowed" />
        {t('ledger.allowed')}
      </span>
      {lost ? (
        <span>
          <i class="undelivered" />
          {t('ledger.undeliveredLegend')}
        </span>
      ) : null}
      <span>
        <i class="pulls" />
        {t('ledger.pullsBetween')}
      </span>
    </p>
  );
}

/** The total spared over the span, the chart, its key and the choice of span. */
function LedgerCard(props: { days: LedgerDay[]; span: number; t: Translate; lang: string }) {
  const { days, span, t } = props;
  const sum = (pick: (d: LedgerDay) => number) => days.reduce((n, d) => n + pick(d), 0);
  return (
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
      <Chart days={days} t={t} lang={props.lang} />
      <Legend t={t} lost={days.some((d) => d.breakthroughsUndelivered > 0)} />
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
  );
}

/** One day of the table; its date leads to the items held that day. */
function LedgerRow(props: { d: LedgerDay; dayLabel: Intl.DateTimeFormat; t: Translate }) {
  const { d, t } = props;
  const label = props.dayLabel.format(new Date(`${d.date}T12:00:00Z`));
  return (
    <tr>
      <td class="date">
        <a href={`/ledger/day?date=${d.date}`} title={t('ledger.dayLink', { date: label })}>
          <time datetime={d.date}>{label}</time>
        </a>
      </td>
      <td class="num">{d.pushesReceived}</td>
      <td class="num">{d.breakthroughs}</td>
      <td class="num">{d.breakthroughsUndelivered}</td>
      <td class="num">{d.checkpointNotices}</td>
      <td class="num">{d.checkpointsBuilt}</td>
      <td class="num">{d.checkpointsOpened}</td>
      <td class="num">{d.pullsBetween}</td>
      <td class="num">{d.itemsRead}</td>
      <td class="num">{d.itemsDismissed}</td>
    </tr>
  );
}

/** Every figure per day, newest first: the chart's numbers and more. */
function LedgerTable({ days, t, lang }: { days: LedgerDay[]; t: Translate; lang: string }) {
  const dayLabel = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return (
    <>
      {/* Ten columns do not fit a phone: the table scrolls sideways (shadows at the edges say
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
              <th class="num">{t('ledger.undelivered')}</th>
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
              <LedgerRow d={d} dayLabel={dayLabel} t={t} />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** `GET /ledger?days=N`: the last N days (7, 14, 30 or 90; 14 otherwise) in the user's zone. */
async function showLedger(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const user = c.get('user');
  const requested = Number(c.req.query('days') ?? 14);
  const span = RANGES.includes(requested) ? requested : 14;
  const to = localDate(app.clock.now(), user.tz);
  const days = await ledgerDays(app, user, addDays(to, 1 - span), to);
  return renderPage(
    c,
    { title: t('ledger.title'), active: 'ledger', wide: true },
    <>
      <h1>{t('ledger.title')}</h1>
      <p class="lead">{t('ledger.intro')}</p>
      <LedgerCard days={days} span={span} t={t} lang={c.get('lang')} />
      <LedgerTable days={days} t={t} lang={c.get('lang')} />
    </>,
  );
}

/** `/ledger`: the interruptions spared, as a chart per day and the totals; a day's items. */
export function ledgerPages(router: Hono<UiEnv>, app: App): void {
  router.get('/ledger', (c) => showLedger(c, app));
  router.get('/ledger/day', (c) => showLedgerDay(c, app));
}
