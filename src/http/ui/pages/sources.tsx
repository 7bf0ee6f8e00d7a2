/**
 * `/sources`, the Feeds tab of the Sources page: add by URL (with discovery), OPML import with
 * progress and export, every source with its status and settings; and the actions on one
 * source that every tab's rows post to (settings, pause or resume, fetch now, remove).
 */
import type { Context, Hono } from 'hono';
import { NotFoundError } from '../../../domain/errors.ts';
import { jobProgress, type Progress, startJob } from '../../../jobs/progress.ts';
import type { App } from '../../../services/app.ts';
import { exportOpml, importOpml } from '../../../services/sources/opml.ts';
import { sourceDirectory } from '../../../services/sources/source-directory.ts';
import {
  changeSourceSettings,
  type SourceSettings,
} from '../../../services/sources/source-settings.ts';
import { removeSource, subscribe } from '../../../services/sources/sources.ts';
import { fetchSourceNow, toggleSource } from '../../../services/sources/user-sources.ts';
import type { FeedCandidate } from '../../../sources/feed/discover.ts';
import { wantsJson } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash } from '../flash.ts';
import type { Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { SourceList } from './source-list.tsx';
import { sourcePage } from './source-page.tsx';
import { renderSourcesTab, sourceTabPath } from './source-tabs.tsx';

const MAX_OPML = 5 * 1024 * 1024;

/** What the Feeds tab shows besides its forms and list: a message, or feeds to choose from. */
interface FeedsExtra {
  notice?: string | null;
  error?: string | null;
  choose?: { url: string; candidates: FeedCandidate[] };
}

function AddButton({ t }: { t: Translate }) {
  return (
    <div class="actions">
      <button type="submit" class="primary">
        {t('common.add')}
      </button>
    </div>
  );
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
      <AddButton t={t} />
    </form>
  );
}

function AddForm({ t, csrf }: { t: Translate; csrf: string }) {
  return (
    <form method="post" action="/sources" class="card">
      <Csrf token={csrf} />
      <h2>{t('sources.add')}</h2>
      <label for="url">{t('sources.url')}</label>
      {/* Text, not type=url: `example.org/blog` is accepted (https is tried, then http). */}
      <input
        type="text"
        inputmode="url"
        autocomplete="url"
        spellcheck={false}
        id="url"
        name="url"
        required
        placeholder="example.org/blog"
      />
      <p class="help">{t('sources.addHelp')}</p>
      <AddButton t={t} />
    </form>
  );
}

function OpmlForm({ t, csrf, progress }: { t: Translate; csrf: string; progress?: Progress }) {
  return (
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
      <input type="file" id="opml" name="file" accept=".opml,.xml,text/x-opml,text/xml" required />
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
        {progress?.finished ? (
          <a href="/sources" id="opml-dismiss">
            {t('common.dismiss')}
          </a>
        ) : null}
      </div>
    </form>
  );
}

async function renderFeeds(c: Context<UiEnv>, app: App, extra: FeedsExtra = {}) {
  const t = c.get('t');
  const user = c.get('user');
  const csrf = c.get('csrf');
  const directory = await sourceDirectory(app, user.id, c.get('lang'));
  const job = c.req.query('opml');
  const progress = job ? jobProgress(job, user.id) : undefined;
  const head = progress && !progress.finished ? <meta http-equiv="refresh" content="2" /> : null;
  return renderSourcesTab(
    c,
    'feeds',
    { error: !!extra.error, head },
    <>
      <Notice text={extra.notice} />
      <Notice text={extra.error} error />
      {extra.choose ? (
        <Choices candidates={extra.choose.candidates} url={extra.choose.url} t={t} csrf={csrf} />
      ) : null}
      <div class="cards">
        <AddForm t={t} csrf={csrf} />
        <OpmlForm t={t} csrf={csrf} {...(progress ? { progress } : {})} />
      </div>
      <h2>
        {t('sources.all')}
        {directory.total ? (
          <span class="muted small"> · {t('sourceList.count', { count: directory.total })}</span>
        ) : null}
      </h2>
      <SourceList directory={directory} t={t} tz={user.tz} lang={c.get('lang')} />
    </>,
  );
}

async function addFeed(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const body = await c.req.parseBody();
  const url = typeof body.url === 'string' ? body.url : '';
  const pick =
    typeof body.pick === 'string' && /^\d+$/.test(body.pick) ? Number(body.pick) : undefined;
  try {
    const result = await subscribe(app, c.get('user').id, url, pick ? { pick } : {});
    if (result.status === 'choose')
      return renderFeeds(c, app, { choose: { url, candidates: result.candidates } });
    return redirectWithFlash(c, '/sources', {
      notice: result.created
        ? t('sources.added', { name: result.source.name, count: result.itemsAdded })
        : t('sources.exists', { name: result.source.name }),
    });
  } catch (error) {
    return renderFeeds(c, app, { error: errorText(t, error as Error) });
  }
}

/** Runs an OPML import as a job the page polls; each step's message is in the user's language. */
function startOpmlImport(app: App, userId: number, t: Translate, bytes: Uint8Array): string {
  return startJob(userId, async (update) => {
    // One bar over both phases: adding every outline, then fetching the feeds that were new.
    // Until the adding phase ends, the fetching phase is assumed to be as long.
    let outlines = 0;
    const result = await importOpml(app, userId, bytes, {
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
}

async function uploadOpml(c: Context<UiEnv>, app: App) {
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File) || file.size === 0 || file.size > MAX_OPML) {
    const message = 'opml: choose an OPML file (at most 5 MB)';
    return wantsJson(c)
      ? c.json({ error: { code: 'invalid_input', message } }, 400)
      : renderFeeds(c, app, { error: message });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const job = startOpmlImport(app, c.get('user').id, c.get('t'), bytes);
  return wantsJson(c) ? c.json({ job }) : c.redirect(`/sources?opml=${job}`, 303);
}

function opmlJob(c: Context<UiEnv>) {
  const progress = jobProgress(c.req.param('job') ?? '', c.get('user').id);
  if (!progress) throw new NotFoundError('opml: no such import');
  const { userId: _u, ...view } = progress;
  return c.json(view);
}

async function downloadOpml(c: Context<UiEnv>, app: App) {
  c.header('content-type', 'text/x-opml; charset=utf-8');
  c.header('content-disposition', 'attachment; filename="checkpoint.opml"');
  return c.body(await exportOpml(app, c.get('user').id));
}

/** The settings form of a row; a value the form could not have sent is left as it is. */
function settingsOf(body: Record<string, unknown>): SourceSettings {
  const settings: SourceSettings = {};
  const cadence = typeof body.cadence === 'string' ? body.cadence : '';
  if (/^(every|daily|weekly:(mon|tue|wed|thu|fri|sat|sun))$/.test(cadence))
    settings.cadence = cadence;
  const weight = Number(body.weight);
  if (typeof body.weight === 'string' && Number.isFinite(weight) && weight >= 0 && weight <= 10)
    settings.weight = weight;
  // "default" goes back to the kind's default (null); a form without the field keeps it.
  if (body.wouldPush === 'default') settings.wouldPush = null;
  else if (body.wouldPush === 'yes') settings.wouldPush = true;
  else if (body.wouldPush === 'no') settings.wouldPush = false;
  return settings;
}

async function saveSettings(c: Context<UiEnv>, app: App) {
  const body = await c.req.parseBody();
  await changeSourceSettings(app, c.get('user').id, Number(c.req.param('id')), settingsOf(body));
  return c.redirect(sourceTabPath(body.back), 303);
}

/**
 * The actions of a row: each acts on the source, then goes back to the row's tab or the
 * source's page (after a removal, whose page is gone, to the Sources list).
 */
function sourceAction(
  app: App,
  act: (app: App, userId: number, id: number) => Promise<unknown>,
  options: { gone?: boolean } = {},
) {
  return async (c: Context<UiEnv>) => {
    await act(app, c.get('user').id, Number(c.req.param('id')));
    const back = sourceTabPath((await c.req.parseBody()).back);
    return c.redirect(options.gone && /\d$/.test(back) ? '/sources' : back, 303);
  };
}

/** `/sources`: the Feeds tab, the actions on one source and its page (`/sources/:id`). */
export function sourcePages(router: Hono<UiEnv>, app: App): void {
  router.get('/sources', (c) => renderFeeds(c, app));
  router.post('/sources', (c) => addFeed(c, app));
  router.post('/sources/opml', (c) => uploadOpml(c, app));
  router.get('/sources/opml/:job', (c) => opmlJob(c));
  router.get('/sources/export.opml', (c) => downloadOpml(c, app));
  router.post('/sources/:id{[0-9]+}', (c) => saveSettings(c, app));
  router.post('/sources/:id{[0-9]+}/toggle', sourceAction(app, toggleSource));
  router.post('/sources/:id{[0-9]+}/fetch', sourceAction(app, fetchSourceNow));
  router.post('/sources/:id{[0-9]+}/remove', sourceAction(app, removeSource, { gone: true }));
  sourcePage(router, app);
}
