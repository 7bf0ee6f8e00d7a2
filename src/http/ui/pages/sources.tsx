import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { listSources, updateSource } from '../../../db/repos/sources.ts';
import type { SourceUpdate } from '../../../db/schema.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import { WEEKDAYS } from '../../../domain/schedule.ts';
import { jobProgress, startJob } from '../../../jobs/progress.ts';
import type { App } from '../../../services/app.ts';
import { exportOpml, importOpml } from '../../../services/sources/opml.ts';
import { refreshSource } from '../../../services/sources/refresh.ts';
import {
  getSource,
  removeSource,
  type SourceView,
  subscribe,
  toSourceView,
} from '../../../services/sources/sources.ts';
import type { FeedCandidate } from '../../../sources/feed/discover.ts';
import { wouldPush } from '../../../sources/registry.ts';
import { formatDate, wantsJson } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { PlatformIcon, sourcePlatform } from '../platform-icon.tsx';
import { renderSourcesTab, sourceTabPath } from './source-tabs.tsx';

const MAX_OPML = 5 * 1024 * 1024;
/** Sources that things are pushed to (or imported into): nothing to fetch, no fetch times. */
const PUSHED_KINDS = new Set(['ntfy', 'gotify', 'pushover', 'webhook', 'smtp', 'import']);

function status(s: SourceView, t: Translate) {
  if (!s.enabled) {
    return s.disabledReason ? (
      <span class="status-bad">{t('sources.disabled', { reason: s.disabledReason })}</span>
    ) : (
      <span class="status-off">{t('sources.paused')}</span>
    );
  }
  if (s.errorCount > 0)
    return (
      <span class="status-bad">
        {t('sources.failing', { count: s.errorCount, error: s.lastError ?? '' })}
      </span>
    );
  return <span class="status-ok">{t('sources.ok')}</span>;
}

/** The label of "as its kind does" (DESIGN.md would-push defaults: they differ by item kind for social sources). */
function defaultPushKey(kind: string): MessageKey {
  if (kind === 'mastodon' || kind === 'bluesky') return 'sources.wouldPush.defaultSocial';
  return wouldPush(kind, 'notification', null)
    ? 'sources.wouldPush.defaultYes'
    : 'sources.wouldPush.defaultNo';
}

function SourceSettings({
  s,
  t,
  csrf,
  back,
}: {
  s: SourceView;
  t: Translate;
  csrf: string;
  back: string;
}) {
  const weekly = /^weekly:(\w+)$/.exec(s.cadence)?.[1];
  return (
    <details class="settings">
      <summary>{t('nav.settings')}</summary>
      <form method="post" action={`/sources/${s.id}`} class="stack">
        <Csrf token={csrf} />
        {back === '/sources' ? null : <input type="hidden" name="back" value={back} />}
        <label for={`cadence-${s.id}`}>{t('sources.cadence')}</label>
        <select id={`cadence-${s.id}`} name="cadence">
          <option value="every" selected={s.cadence === 'every'}>
            {t('sources.cadence.every')}
          </option>
          <option value="daily" selected={s.cadence === 'daily'}>
            {t('sources.cadence.daily')}
          </option>
          {WEEKDAYS.map((day) => (
            <option value={`weekly:${day}`} selected={weekly === day}>
              {t('sources.cadence.weekly', { day: t(`schedule.day.${day}`) })}
            </option>
          ))}
        </select>
        <label for={`weight-${s.id}`}>{t('sources.weight')}</label>
        <input
          type="number"
          id={`weight-${s.id}`}
          name="weight"
          min="0"
          max="10"
          step="0.5"
          value={String(s.weight)}
        />
        <label for={`push-${s.id}`}>{t('sources.wouldPush')}</label>
        <select id={`push-${s.id}`} name="wouldPush">
          <option value="default" selected={s.wouldPush === null}>
            {t(defaultPushKey(s.kind))}
          </option>
          <option value="yes" selected={s.wouldPush === true}>
            {t('sources.wouldPush.yes')}
          </option>
          <option value="no" selected={s.wouldPush === false}>
            {t('sources.wouldPush.no')}
          </option>
        </select>
        <button type="submit">{t('common.save')}</button>
      </form>
    </details>
  );
}

/**
 * One source: name (with the platform's icon for a bridge feed), kind and site, status with
 * last and next fetch, actions, settings. The actions come back to `back` (the tab of the
 * Sources page the row is shown on); `children` adds settings of the source's kind.
 */
export function SourceRow({
  s,
  t,
  csrf,
  tz,
  lang,
  back = '/sources',
  platform = null,
  children,
}: {
  s: SourceView;
  t: Translate;
  csrf: string;
  tz: string;
  lang: string;
  back?: string;
  /** The platform a bridge feed follows (`config.platform`). */
  platform?: string | null;
  children?: Child;
}) {
  const Back = () =>
    back === '/sources' ? null : <input type="hidden" name="back" value={back} />;
  const pulled = !PUSHED_KINDS.has(s.kind);
  return (
    <li class="item source">
      <div class="source-name">
        <PlatformIcon platform={platform} />
        {s.name}
      </div>
      <div class="item-meta">
        <span>{s.kind}</span>
        {s.siteUrl ? (
          <span>
            <a href={s.siteUrl} rel="noopener noreferrer nofollow" target="_blank">
              {hostOf(s.siteUrl)}
            </a>
          </span>
        ) : null}
      </div>
      <p class="status">
        {status(s, t)}
        {pulled ? (
          <span class="muted">
            {' · '}
            {t('sources.lastFetch')}: {formatDate(s.lastCheckedAt, tz, lang)}
            {s.enabled
              ? ` · ${t('sources.nextFetch')}: ${formatDate(s.nextCheckAt, tz, lang)}`
              : ''}
          </span>
        ) : null}
      </p>
      <div class="item-actions">
        {pulled ? (
          <form method="post" action={`/sources/${s.id}/fetch`} class="inline">
            <Csrf token={csrf} />
            <Back />
            <button type="submit">{t('sources.fetchNow')}</button>
          </form>
        ) : null}
        <form method="post" action={`/sources/${s.id}/toggle`} class="inline">
          <Csrf token={csrf} />
          <Back />
          <button type="submit">{s.enabled ? t('sources.pause') : t('sources.resume')}</button>
        </form>
        {/* Removing deletes the items too: a second, explicit click confirms it (no script needed). */}
        <details class="confirm">
          <summary class="button danger">{t('common.remove')}</summary>
          <form method="post" action={`/sources/${s.id}/remove`}>
            <Csrf token={csrf} />
            <Back />
            <button type="submit" class="danger">
              {t('sources.removeConfirm', { name: s.name })}
            </button>
          </form>
        </details>
        <SourceSettings s={s} t={t} csrf={csrf} back={back} />
        {children}
      </div>
    </li>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function Choices({
  candidates,
  url,
  t,
  csrf,
}: {
  candidates: FeedCandidate[];
  url: string;
  t: Translate;
  csrf: string;
}) {
  return (
    <form method="post" action="/sources" class="card choose">
      <Csrf token={csrf} />
      <input type="hidden" name="url" value={url} />
      <h2>{t('sources.choose')}</h2>
      {candidates.map((c, i) => (
        <label class="check">
          <input type="radio" name="pick" value={String(i + 1)} checked={i === 0} />
          <span>
            {c.title ?? c.url}
            <span class="help">{c.url}</span>
          </span>
        </label>
      ))}
      <div class="actions">
        <button type="submit" class="primary">
          {t('common.add')}
        </button>
      </div>
    </form>
  );
}

/** `/sources`: add by URL (with discovery), OPML import with progress and export, per-source status and settings. */
export function sourcePages(router: Hono<UiEnv>, app: App): void {
  const page = async (
    c: Context<UiEnv>,
    extra: {
      notice?: string | null;
      error?: string | null;
      choose?: { url: string; candidates: FeedCandidate[] };
    } = {},
  ) => {
    const t = c.get('t');
    const user = c.get('user');
    const csrf = c.get('csrf');
    const sources = await listSources(app.db.kysely, user.id);
    const job = c.req.query('opml');
    const progress = job ? jobProgress(job, user.id) : undefined;
    return renderSourcesTab(
      c,
      'feeds',
      {
        error: !!extra.error,
        head: progress && !progress.finished ? <meta http-equiv="refresh" content="2" /> : null,
      },
      <>
        <Notice text={extra.notice} />
        <Notice text={extra.error} error />
        {extra.choose ? (
          <Choices candidates={extra.choose.candidates} url={extra.choose.url} t={t} csrf={csrf} />
        ) : null}
        <div class="cards">
          <form method="post" action="/sources" class="card">
            <Csrf token={csrf} />
            <h2>{t('sources.add')}</h2>
            <label for="url">{t('sources.url')}</label>
            <input type="url" id="url" name="url" required placeholder="https://example.org/" />
            <p class="help">{t('sources.addHelp')}</p>
            <div class="actions">
              <button type="submit" class="primary">
                {t('common.add')}
              </button>
            </div>
          </form>
          <form
            method="post"
            action="/sources/opml"
            enctype="multipart/form-data"
            id="opml-form"
            class="card"
          >
            <Csrf token={csrf} />
            <h2>{t('sources.opml')}</h2>
            <label for="opml" class="visually-hidden">
              {t('sources.opml')}
            </label>
            <input
              type="file"
              id="opml"
              name="file"
              accept=".opml,.xml,text/x-opml,text/xml"
              required
            />
            <p class="help">{t('sources.opmlHelp')}</p>
            <progress
              id="opml-progress"
              aria-label={t('sources.opml')}
              hidden={!progress}
              max={String(Math.max(1, progress?.total ?? 1))}
              value={String(progress?.done ?? 0)}
            />
            <p id="opml-status" class="small muted" role="status">
              {progress?.message ?? ''}
            </p>
            <div class="actions">
              <button type="submit">{t('sources.opmlSubmit')}</button>
              <a href="/sources/export.opml">{t('sources.export')}</a>
            </div>
          </form>
        </div>
        <h2>{t('sources.all')}</h2>
        {sources.length === 0 ? (
          <p class="empty">{t('sources.empty')}</p>
        ) : (
          <ul class="items" aria-label={t('sources.all')}>
            {sources.map((row) => (
              <SourceRow
                s={toSourceView(row)}
                platform={sourcePlatform(row.config)}
                t={t}
                csrf={csrf}
                tz={user.tz}
                lang={c.get('lang')}
              />
            ))}
          </ul>
        )}
      </>,
    );
  };

  router.get('/sources', (c) => page(c));

  router.post('/sources', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const url = typeof body.url === 'string' ? body.url : '';
    const pick =
      typeof body.pick === 'string' && /^\d+$/.test(body.pick) ? Number(body.pick) : undefined;
    try {
      const result = await subscribe(app, c.get('user').id, url, pick ? { pick } : {});
      if (result.status === 'choose')
        return page(c, { choose: { url, candidates: result.candidates } });
      return page(c, {
        notice: result.created
          ? t('sources.added', { name: result.source.name, count: result.itemsAdded })
          : t('sources.exists', { name: result.source.name }),
      });
    } catch (error) {
      return page(c, { error: errorText(t, error as Error) });
    }
  });

  router.post('/sources/opml', async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0 || file.size > MAX_OPML) {
      const message = 'opml: choose an OPML file (at most 5 MB)';
      return wantsJson(c)
        ? c.json({ error: { code: 'invalid_input', message } }, 400)
        : page(c, { error: message });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const job = startJob(user.id, async (update) => {
      // One bar over both phases: adding every outline, then fetching the feeds that were new.
      // Until the adding phase ends, the fetching phase is assumed to be as long.
      let outlines = 0;
      const result = await importOpml(app, user.id, bytes, {
        fetch: true,
        onProgress: (p) => {
          if (p.phase === 'adding') {
            outlines = p.total;
            update({
              done: p.done,
              total: 2 * p.total,
              message: t('sources.opmlProgress', { done: p.done, total: p.total }),
            });
          } else {
            update({
              done: outlines + p.done,
              total: outlines + p.total,
              message: t('sources.opmlFetching', { done: p.done, total: p.total }),
            });
          }
        },
      });
      return t('sources.opmlDone', {
        added: result.added,
        skipped: result.skipped,
        errors: result.errors.length,
      });
    });
    return wantsJson(c) ? c.json({ job }) : c.redirect(`/sources?opml=${job}`, 303);
  });

  router.get('/sources/opml/:job', (c) => {
    const progress = jobProgress(c.req.param('job'), c.get('user').id);
    if (!progress) throw new NotFoundError('opml: no such import');
    const { userId: _u, ...view } = progress;
    return c.json(view);
  });

  router.get('/sources/export.opml', async (c) => {
    c.header('content-type', 'text/x-opml; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="checkpoint.opml"');
    return c.body(await exportOpml(app, c.get('user').id));
  });

  router.post('/sources/:id{[0-9]+}', async (c) => {
    const user = c.get('user');
    const id = Number(c.req.param('id'));
    await getSource(app, user.id, id);
    const body = await c.req.parseBody();
    const patch: SourceUpdate = {};
    const cadence = typeof body.cadence === 'string' ? body.cadence : '';
    if (/^(every|daily|weekly:(mon|tue|wed|thu|fri|sat|sun))$/.test(cadence))
      patch.cadence = cadence;
    const weight = Number(body.weight);
    if (typeof body.weight === 'string' && Number.isFinite(weight) && weight >= 0 && weight <= 10)
      patch.weight = weight;
    // "default" goes back to the kind's default (null); a form without the field keeps it.
    if (body.wouldPush === 'default') patch.would_push = null;
    else if (body.wouldPush === 'yes') patch.would_push = 1;
    else if (body.wouldPush === 'no') patch.would_push = 0;
    await updateSource(app.db.kysely, user.id, id, patch);
    return c.redirect(sourceTabPath(body.back), 303);
  });

  router.post('/sources/:id{[0-9]+}/toggle', async (c) => {
    const user = c.get('user');
    const source = await getSource(app, user.id, Number(c.req.param('id')));
    const back = sourceTabPath((await c.req.parseBody()).back);
    await updateSource(
      app.db.kysely,
      user.id,
      source.id,
      source.enabled
        ? { enabled: 0 }
        : {
            enabled: 1,
            disabled_reason: null,
            error_count: 0,
            next_check_at: 0,
            retry_after: null,
          },
    );
    return c.redirect(back, 303);
  });

  router.post('/sources/:id{[0-9]+}/fetch', async (c) => {
    const user = c.get('user');
    await refreshSource(app, await getSource(app, user.id, Number(c.req.param('id'))));
    return c.redirect(sourceTabPath((await c.req.parseBody()).back), 303);
  });

  router.post('/sources/:id{[0-9]+}/remove', async (c) => {
    await removeSource(app, c.get('user').id, Number(c.req.param('id')));
    return c.redirect(sourceTabPath((await c.req.parseBody()).back), 303);
  });
}
