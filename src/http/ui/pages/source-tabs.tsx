import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';

/** The four parts of the Sources page; one entry in the main navigation for all of them. */
export const SOURCE_TABS = [
  { id: 'feeds', href: '/sources', key: 'sources.tab.feeds' },
  { id: 'newsletters', href: '/sources/newsletters', key: 'sources.tab.newsletters' },
  { id: 'social', href: '/sources/social', key: 'sources.tab.social' },
  { id: 'imports', href: '/sources/imports', key: 'sources.tab.imports' },
] as const satisfies readonly { id: string; href: string; key: MessageKey }[];

export type SourceTab = (typeof SOURCE_TABS)[number]['id'];

/** Paths a source action may send the browser back to: its own tab, or the source's page. */
export function sourceTabPath(value: unknown): string {
  if (typeof value === 'string' && /^\/sources\/\d{1,12}$/.test(value)) return value;
  return SOURCE_TABS.find((tab) => tab.href === value)?.href ?? '/sources';
}

/** The sub-navigation between the parts of the Sources page. */
export function SourceTabs({ t, current }: { t: Translate; current: SourceTab }) {
  return (
    <nav class="subnav" aria-label={t('sources.tabs')}>
      {SOURCE_TABS.map((tab) => (
        <a href={tab.href} aria-current={tab.id === current ? 'page' : undefined}>
          {t(tab.key)}
        </a>
      ))}
    </nav>
  );
}

/**
 * Renders one part of the Sources page: its title in the tab bar and the document title, the
 * lead text, then the body. Errors answer 422 so that scripts and tests can tell.
 */
export function renderSourcesTab(
  c: Context<UiEnv>,
  tab: SourceTab,
  options: { lead?: string; error?: boolean; head?: Child },
  body: Child,
): Response | Promise<Response> {
  const t = c.get('t');
  const key = SOURCE_TABS.find((s) => s.id === tab)!.key;
  return renderPage(
    c,
    {
      title: tab === 'feeds' ? t('sources.title') : `${t(key)} · ${t('sources.title')}`,
      active: 'sources',
      wide: true,
      status: options.error ? 422 : 200,
    },
    <>
      {options.head}
      <h1>{t('sources.title')}</h1>
      <SourceTabs t={t} current={tab} />
      {options.lead ? <p class="lead">{options.lead}</p> : null}
      {body}
    </>,
  );
}

/** Splits a message at backticks: `CHECKPOINT_MAIL_DOMAIN` becomes code, the rest text. */
export function withCode(text: string): Child[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part));
}
