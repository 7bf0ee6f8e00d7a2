/**
 * The list of the Sources page, made for two hundred sources: fetched sources grouped by
 * category (collapsible), pushed ones apart, one line each (kind, name, unread count, last
 * fetch status, next fetch), sorted case-insensitively. The name leads to the source's page,
 * where its details and actions are. A filter box (shown by the client script; without it
 * everything is listed) narrows the lines as the user types.
 */
import type {
  SourceDirectory,
  SourceEntry,
  SourceGroup,
} from '../../../services/sources/source-directory.ts';
import type { SourceView } from '../../../services/sources/sources.ts';
import { formatDate } from '../chrome.ts';
import type { Translate } from '../i18n/index.ts';
import { PlatformIcon } from '../platform-icon.tsx';
import { SourceKindIcon } from '../source-kind-icon.tsx';
import { kindLabel } from '../source-kind-label.ts';

interface LineContext {
  t: Translate;
  tz: string;
  lang: string;
}

function hostOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** OK, failing, paused or off in a word or two; the full reason is on the source's page. */
function ShortStatus({ s, t }: { s: SourceView; t: Translate }) {
  if (!s.enabled)
    return s.disabledReason ? (
      <span class="status-bad" title={s.disabledReason}>
        {t('sourceList.off')}
      </span>
    ) : (
      <span class="status-off">{t('sources.paused')}</span>
    );
  if (s.errorCount > 0)
    return (
      <span class="status-bad" title={s.lastError ?? ''}>
        {t('sourceList.failing', { count: s.errorCount })}
      </span>
    );
  return <span class="status-ok">{t('sources.ok')}</span>;
}

function SourceLine({
  entry,
  category,
  pushed,
  ctx,
}: {
  entry: SourceEntry;
  category: string | null;
  pushed: boolean;
  ctx: LineContext;
}) {
  const { source: s, platform } = entry;
  const { t } = ctx;
  // What the filter box matches against: name, site, category and kind, in lower case.
  const haystack = [s.name, hostOf(s.siteUrl ?? s.url), category ?? '', kindLabel(t, s.kind)]
    .join(' ')
    .toLowerCase();
  return (
    <li class="source source-line" data-source-filter={haystack}>
      {/* A bridge feed's platform mark is part of its name (as on the other tabs); any other
          source's kind icon stands before the name, outside the feed-given text. */}
      <span class="source-main">
        {platform ? null : <SourceKindIcon kind={s.kind} platform={null} t={t} />}
        <a class="source-name" href={`/sources/${s.id}`}>
          <PlatformIcon platform={platform} />
          {s.name}
        </a>
      </span>
      <span class="source-unread">
        {entry.unread > 0 ? t('sourceList.unread', { count: entry.unread }) : ''}
      </span>
      <span class="source-state">
        <ShortStatus s={s} t={t} />
        {pushed ? (
          <span class="muted"> · {t('sourceList.receives')}</span>
        ) : s.enabled && s.nextCheckAt ? (
          <span class="muted">
            {' · '}
            {t('sourceList.next', { when: formatDate(s.nextCheckAt, ctx.tz, ctx.lang) })}
          </span>
        ) : null}
      </span>
    </li>
  );
}

function Group({ group, ctx }: { group: SourceGroup; ctx: LineContext }) {
  const name = group.category ?? ctx.t('sourceList.noCategory');
  return (
    <details class="source-group" open data-source-group>
      <summary>
        <span class="source-group-name">{name}</span>
        <span class="muted small"> · {group.sources.length}</span>
      </summary>
      <ul class="source-lines">
        {group.sources.map((entry) => (
          <SourceLine entry={entry} category={group.category} pushed={false} ctx={ctx} />
        ))}
      </ul>
    </details>
  );
}

/**
 * Every source of the user, grouped; nothing but the empty message when there is none.
 *
 * @example <SourceList directory={await sourceDirectory(app, user.id, 'en')} t={t} tz={tz} lang="en" />
 */
export function SourceList(props: {
  directory: SourceDirectory;
  t: Translate;
  tz: string;
  lang: string;
}) {
  const { directory, t } = props;
  const ctx = { t, tz: props.tz, lang: props.lang };
  if (directory.total === 0) return <p class="empty">{t('sources.empty')}</p>;
  return (
    <section class="source-directory" aria-label={t('sources.all')}>
      <div class="source-filter" hidden data-source-filter-box>
        <label for="source-filter" class="visually-hidden">
          {t('sourceList.filter')}
        </label>
        <input
          type="search"
          id="source-filter"
          placeholder={t('sourceList.filterPlaceholder')}
          autocomplete="off"
        />
        <p
          class="muted small"
          role="status"
          data-source-no-match={t('sourceList.noMatch', { q: '{q}' })}
          hidden
        />
      </div>
      {directory.fetched.length ? (
        <div data-source-section>
          <h3 class="source-section">{t('sourceList.fetched')}</h3>
          {directory.fetched.map((group) => (
            <Group group={group} ctx={ctx} />
          ))}
        </div>
      ) : null}
      {directory.pushed.length ? (
        <div data-source-section>
          <h3 class="source-section">{t('sourceList.pushed')}</h3>
          <p class="help">{t('sourceList.pushedHelp')}</p>
          <ul class="source-lines">
            {directory.pushed.map((entry) => (
              <SourceLine entry={entry} category={null} pushed={true} ctx={ctx} />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
