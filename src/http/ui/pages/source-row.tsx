/**
 * One source in a list of the Sources page's tabs: name, kind and site, status with the last
 * and next fetch, actions (fetch now, pause or resume, remove) and its checkpoint settings.
 * What a row shows of a kind (pulled or pushed, its name, its would-push default) comes from
 * the kind's spec in the registry.
 */
import type { Child } from 'hono/jsx';
import { WEEKDAYS } from '../../../domain/schedule.ts';
import type { SourceView } from '../../../services/sources/sources.ts';
import { sourceKind } from '../../../sources/registry.ts';
import { formatDate } from '../chrome.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';
import { PlatformIcon } from '../platform-icon.tsx';
import { kindLabel } from '../source-kind-label.ts';

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
  if (s.warning)
    return <span class="status-warn">{t('sources.warning', { warning: s.warning })}</span>;
  return <span class="status-ok">{t('sources.ok')}</span>;
}

/** The label of "as its kind does" (DESIGN.md would-push defaults: they differ by item kind for social sources). */
function defaultPushKey(kind: string): MessageKey {
  switch (sourceKind(kind)?.wouldPush) {
    case 'notifications':
      return 'sources.wouldPush.defaultSocial';
    case 'always':
      return 'sources.wouldPush.defaultYes';
    default:
      return 'sources.wouldPush.defaultNo';
  }
}

/** Sources pushed to us (intake, own address, import) are not fetched: no fetch times, no "Fetch now". */
function isPulled(kind: string): boolean {
  return !(sourceKind(kind)?.describe.pushed ?? false);
}

/** Where an action goes back to: the tab the row is on (none for the feeds tab, the default). */
function Back({ back }: { back: string }) {
  return back === '/sources' ? null : <input type="hidden" name="back" value={back} />;
}

/** What the parts of a row with forms need: the source, the language, the token, the way back. */
export interface RowPartProps {
  s: SourceView;
  t: Translate;
  csrf: string;
  back: string;
}

function CadenceSelect({ s, t }: { s: SourceView; t: Translate }) {
  const weekly = /^weekly:(\w+)$/.exec(s.cadence)?.[1];
  return (
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
  );
}

function WouldPushSelect({ s, t }: { s: SourceView; t: Translate }) {
  return (
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
  );
}

/** A source's checkpoint settings (cadence, weight, would-push) behind a "Settings" summary. */
export function SourceSettings({ s, t, csrf, back }: RowPartProps) {
  return (
    <details class="settings">
      <summary>{t('nav.settings')}</summary>
      <form method="post" action={`/sources/${s.id}`} class="stack">
        <Csrf token={csrf} />
        <Back back={back} />
        <label for={`cadence-${s.id}`}>{t('sources.cadence')}</label>
        <CadenceSelect s={s} t={t} />
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
        <WouldPushSelect s={s} t={t} />
        <button type="submit">{t('common.save')}</button>
      </form>
    </details>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Status with the last and next fetch (pulled kinds only). */
export function SourceStatus(props: { s: SourceView; t: Translate; tz: string; lang: string }) {
  const { s, t, tz, lang } = props;
  return (
    <p class="status">
      {status(s, t)}
      {isPulled(s.kind) ? (
        <span class="muted">
          {' · '}
          {t('sources.lastFetch')}: {formatDate(s.lastCheckedAt, tz, lang)}
          {s.enabled ? ` · ${t('sources.nextFetch')}: ${formatDate(s.nextCheckAt, tz, lang)}` : ''}
        </span>
      ) : null}
    </p>
  );
}

/** Fetch now (pulled kinds), pause or resume, remove after a second click. */
export function SourceActions({ s, t, csrf, back }: RowPartProps) {
  return (
    <>
      {isPulled(s.kind) ? (
        <form method="post" action={`/sources/${s.id}/fetch`} class="inline">
          <Csrf token={csrf} />
          <Back back={back} />
          <button type="submit">{t('sources.fetchNow')}</button>
        </form>
      ) : null}
      <form method="post" action={`/sources/${s.id}/toggle`} class="inline">
        <Csrf token={csrf} />
        <Back back={back} />
        <button type="submit">{s.enabled ? t('sources.pause') : t('sources.resume')}</button>
      </form>
      {/* Removing deletes the items too: a second, explicit click confirms it (no script needed). */}
      <details class="confirm">
        <summary class="button danger">{t('common.remove')}</summary>
        <form method="post" action={`/sources/${s.id}/remove`}>
          <Csrf token={csrf} />
          <Back back={back} />
          <button type="submit" class="danger">
            {t('sources.removeConfirm', { name: s.name })}
          </button>
        </form>
      </details>
    </>
  );
}

/**
 * One source: name (with the platform's icon for a bridge feed), kind and site, status with
 * last and next fetch, actions, settings. The actions come back to `back` (the tab of the
 * Sources page the row is shown on); `children` adds settings of the source's kind.
 *
 * @example <SourceRow s={view} platform="instagram" t={t} csrf={csrf} tz={user.tz} lang="en" />
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
  return (
    <li class="item source">
      <div class="source-name">
        <PlatformIcon platform={platform} />
        {s.name}
      </div>
      <div class="item-meta">
        <span>{kindLabel(t, s.kind)}</span>
        {s.siteUrl ? (
          <span>
            <a href={s.siteUrl} rel="noopener noreferrer nofollow" target="_blank">
              {hostOf(s.siteUrl)}
            </a>
          </span>
        ) : null}
      </div>
      <SourceStatus s={s} t={t} tz={tz} lang={lang} />
      <div class="item-actions">
        <SourceActions s={s} t={t} csrf={csrf} back={back} />
        <SourceSettings s={s} t={t} csrf={csrf} back={back} />
        {children}
      </div>
    </li>
  );
}
