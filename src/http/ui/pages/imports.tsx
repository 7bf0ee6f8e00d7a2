import type { Context, Hono } from 'hono';
import { CheckpointError, NotFoundError } from '../../../domain/errors.ts';
import { jobProgress, type Progress, startJob } from '../../../jobs/progress.ts';
import type { App } from '../../../services/app.ts';
import {
  type ImportArchive,
  listImportArchives,
} from '../../../services/sources/import-archives.ts';
import { importExport } from '../../../services/sources/imports.ts';
import { IMPORT_KINDS, type ImportKind } from '../../../sources/imports/common.ts';
import { formatDate, wantsJson } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { renderSourcesTab } from './source-tabs.tsx';

const HERE = '/sources/imports';
/** Larger exports go through `checkpoint import` or the API, which stream them. */
const MAX_UPLOAD = 200 * 1024 * 1024;
/** The job's scale: reading the export is the first tenth, storing the rest. */
const SCALE = 1000;

const PLATFORMS: Record<ImportKind, string> = {
  x: 'X',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  snapchat: 'Snapchat',
};

/** The upload as chunks, so that the reader reports progress as it goes. */
async function* chunks(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 256 * 1024) yield bytes.subarray(at, at + 256 * 1024);
}

/** Runs the import as a job the page polls; the message of each step is in the user's language. */
function startImport(
  app: App,
  userId: number,
  t: Translate,
  file: { name: string; bytes: Uint8Array },
  options: { kind: ImportKind | null; tz: string | null },
): string {
  const size = file.bytes.length;
  return startJob(userId, async (update) => {
    try {
      const result = await importExport(app, userId, file.name, chunks(file.bytes), {
        ...options,
        size,
        onProgress: (p) => {
          if (p.phase === 'reading') {
            const percent = Math.min(100, Math.round((100 * p.done) / Math.max(1, size)));
            update({ total: SCALE, done: percent, message: t('imports.reading', { percent }) });
          } else {
            update({
              total: SCALE,
              done: 100 + Math.round((900 * p.done) / Math.max(1, p.total ?? 1)),
              message: t('imports.storing', { done: p.done, total: p.total ?? 0 }),
            });
          }
        },
      });
      update({ total: SCALE, done: SCALE });
      return t('imports.done', {
        name: result.sourceName,
        count: result.found,
        added: result.added,
        unchanged: result.unchanged,
      });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      update({ failed: true });
      return t('imports.failed', { reason: errorText(t, error) });
    }
  });
}

/** Which platform the export is from (or detect it) and the zone of its local times. */
function KindAndZone({ t, tz }: { t: Translate; tz: string }) {
  return (
    <>
      <div class="row">
        <div>
          <label for="import-kind">{t('imports.kind')}</label>
          <select id="import-kind" name="kind">
            <option value="">{t('imports.detect')}</option>
            {IMPORT_KINDS.map((kind) => (
              <option value={kind}>{PLATFORMS[kind]}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="import-tz">{t('imports.tz')}</label>
          <select id="import-tz" name="tz" aria-describedby="import-tz-help">
            {Intl.supportedValuesOf('timeZone').map((zone) => (
              <option value={zone} selected={zone === tz}>
                {zone}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p class="help" id="import-tz-help">
        {t('imports.tzHelp')}
      </p>
    </>
  );
}

/** The job's bar and message, filled when the page is shown for a running or finished import. */
function ImportStatus({ t, progress }: { t: Translate; progress: Progress | undefined }) {
  return (
    <>
      <progress
        id="import-progress"
        aria-label={t('imports.title')}
        hidden={!progress}
        max={String(progress ? Math.max(1, progress.total) : SCALE)}
        value={String(progress?.done ?? 0)}
      />
      <p
        id="import-status"
        class={progress?.failed ? 'small status-bad' : 'small muted'}
        role="status"
        data-uploading={t('imports.uploading')}
      >
        {progress?.message ?? ''}
      </p>
    </>
  );
}

function ImportForm(props: {
  t: Translate;
  csrf: string;
  tz: string;
  progress: Progress | undefined;
}) {
  const { t, progress } = props;
  return (
    <form
      method="post"
      action={HERE}
      enctype="multipart/form-data"
      id="import-form"
      class="card"
      aria-labelledby="import-title"
    >
      <Csrf token={props.csrf} />
      <h2 id="import-title">{t('imports.title')}</h2>
      <label for="import-file">{t('imports.file')}</label>
      <input
        type="file"
        id="import-file"
        name="file"
        required
        accept=".zip,.js,.json,.csv,.txt,application/zip,text/plain,application/json,text/csv"
        aria-describedby="import-file-help"
      />
      <p class="help" id="import-file-help">
        {t('imports.fileHelp')}
      </p>
      <KindAndZone t={t} tz={props.tz} />
      <ImportStatus t={t} progress={progress} />
      <div class="actions">
        <button type="submit" class="primary">
          {t('imports.submit')}
        </button>
      </div>
    </form>
  );
}

/** Where each platform offers its export (the menus, as docs/imports.md gives them). */
function WhereToGet({ t }: { t: Translate }) {
  return (
    <details class="settings where">
      <summary>{t('imports.where')}</summary>
      <dl>
        {IMPORT_KINDS.map((kind) => (
          <>
            <dt>{PLATFORMS[kind]}</dt>
            <dd>{t(`imports.where.${kind}`)}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}

function Archive(props: {
  a: ImportArchive;
  t: Translate;
  csrf: string;
  tz: string;
  lang: string;
}) {
  const { a, t } = props;
  return (
    <li class="item source">
      <div class="source-name">{a.name}</div>
      <div class="item-meta">
        <span>{t('imports.items', { count: a.items })}</span>
        <span>{t('imports.since', { when: formatDate(a.createdAt, props.tz, props.lang) })}</span>
      </div>
      <div class="item-actions">
        <details class="confirm">
          <summary class="button danger">{t('common.remove')}</summary>
          <form method="post" action={`/sources/${a.id}/remove`}>
            <Csrf token={props.csrf} />
            <input type="hidden" name="back" value={HERE} />
            <button type="submit" class="danger">
              {t('sources.removeConfirm', { name: a.name })}
            </button>
          </form>
        </details>
      </div>
    </li>
  );
}

function Archives(props: {
  archives: ImportArchive[];
  t: Translate;
  csrf: string;
  tz: string;
  lang: string;
}) {
  const { t } = props;
  return (
    <section aria-labelledby="archives-title">
      <h2 id="archives-title">{t('imports.archives')}</h2>
      {props.archives.length === 0 ? (
        <p class="muted">{t('imports.none')}</p>
      ) : (
        <ul class="items" aria-labelledby="archives-title">
          {props.archives.map((a) => (
            <Archive a={a} t={t} csrf={props.csrf} tz={props.tz} lang={props.lang} />
          ))}
        </ul>
      )}
    </section>
  );
}

async function renderImports(c: Context<UiEnv>, app: App, error: string | null = null) {
  const t = c.get('t');
  const user = c.get('user');
  const csrf = c.get('csrf');
  const job = c.req.query('job');
  const progress = job ? jobProgress(job, user.id) : undefined;
  const archives = await listImportArchives(app, user.id);
  const head = progress && !progress.finished ? <meta http-equiv="refresh" content="2" /> : null;
  return renderSourcesTab(
    c,
    'imports',
    { lead: t('imports.lead'), error: !!error, head },
    <>
      <Notice text={error} error />
      <ImportForm t={t} csrf={csrf} tz={user.tz} progress={progress} />
      <WhereToGet t={t} />
      <Archives archives={archives} t={t} csrf={csrf} tz={user.tz} lang={c.get('lang')} />
    </>,
  );
}

async function uploadExport(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const user = c.get('user');
  const fail = (message: string) =>
    wantsJson(c)
      ? c.json({ error: { code: 'invalid_input', message } }, 400)
      : renderImports(c, app, message);
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_UPLOAD) return fail(t('imports.tooBig', { mb: MAX_UPLOAD / 1024 / 1024 }));
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) return fail(t('imports.noFile'));
  if (file.size > MAX_UPLOAD) return fail(t('imports.tooBig', { mb: MAX_UPLOAD / 1024 / 1024 }));
  const kind = typeof body.kind === 'string' ? body.kind : '';
  const tz = typeof body.tz === 'string' && body.tz ? body.tz : user.tz;
  const job = startImport(
    app,
    user.id,
    t,
    { name: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) },
    {
      kind: (IMPORT_KINDS as readonly string[]).includes(kind) ? (kind as ImportKind) : null,
      tz,
    },
  );
  return wantsJson(c) ? c.json({ job }) : c.redirect(`${HERE}?job=${job}`, 303);
}

function importJob(c: Context<UiEnv>) {
  const progress = jobProgress(c.req.param('job') ?? '', c.get('user').id);
  if (!progress) throw new NotFoundError('import: no such import');
  const { userId: _u, ...view } = progress;
  return c.json(view);
}

/** `/sources/imports`: import a data export with a progress bar; the archives imported so far. */
export function importPages(router: Hono<UiEnv>, app: App): void {
  router.get(HERE, (c) => renderImports(c, app));
  router.post(HERE, (c) => uploadExport(c, app));
  router.get(`${HERE}/:job`, (c) => importJob(c));
}
