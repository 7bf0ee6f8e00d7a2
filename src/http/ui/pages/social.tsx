import type { Context, Hono } from 'hono';
import { findSource, listSources } from '../../../db/repos/sources.ts';
import type { SourceRow as SourceDbRow } from '../../../db/schema.ts';
import { BRIDGE_PLATFORMS, type BridgePlatform } from '../../../domain/bridges.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import type { App } from '../../../services/app.ts';
import {
  createIntakeToken,
  listIntakeTokenViews,
  revokeIntakeToken,
} from '../../../services/intake/intake-tokens.ts';
import { connectBluesky } from '../../../services/social/bluesky.ts';
import {
  type ConnectResult,
  connectMastodonWithToken,
  startMastodonConnect,
} from '../../../services/social/mastodon.ts';
import { followAccount, getBridge, setBridge } from '../../../services/sources/bridges.ts';
import { toSourceView } from '../../../services/sources/sources.ts';
import type { OAuthFailure } from '../../oauth.ts';
import type { UiEnv } from '../env.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Notice } from '../layout.tsx';
import { IntakeSection } from './intake-section.tsx';
import { BlueskyCard, BridgeCard, MastodonCard } from './social-cards.tsx';
import { SourceRow } from './source-row.tsx';
import { renderSourcesTab } from './source-tabs.tsx';

const HERE = '/sources/social';
const INTAKE_KINDS = new Set(['ntfy', 'gotify', 'pushover', 'webhook']);
const OAUTH_FAILURES: Record<OAuthFailure, MessageKey> = {
  denied: 'social.oauth.denied',
  expired: 'social.oauth.expired',
  failed: 'social.oauth.failed',
};

interface PageExtra {
  notice?: string | null;
  error?: string | null;
  token?: string | null;
}

const field = (body: Record<string, unknown>, name: string): string =>
  typeof body[name] === 'string' ? (body[name] as string) : '';

function platformOf(row: SourceDbRow): string | null {
  try {
    const platform = (JSON.parse(row.config) as { platform?: unknown }).platform;
    return typeof platform === 'string' ? platform : null;
  } catch {
    return null;
  }
}

/** The notice after the OAuth callback sent the browser back (`?connected=` / `?mastodon=`). */
async function callbackNotice(
  c: Context<UiEnv>,
  app: App,
): Promise<{ notice?: string; error?: string }> {
  const t = c.get('t');
  const failure = c.req.query('mastodon') as OAuthFailure | undefined;
  if (failure && failure in OAUTH_FAILURES) return { error: t(OAUTH_FAILURES[failure]) };
  const id = c.req.query('connected');
  if (!id || !/^\d+$/.test(id)) return {};
  const source = await findSource(app.db.kysely, c.get('user').id, Number(id));
  if (!source) return {};
  const count = Number(c.req.query('items') ?? 0);
  return {
    notice: t('social.connected', { name: source.name, count: Number.isFinite(count) ? count : 0 }),
  };
}

function connectedNotice(t: Translate, result: ConnectResult): string {
  return result.created
    ? t('social.connected', { name: result.source.name, count: result.itemsAdded })
    : t('social.reconnected', { name: result.source.name });
}

/**
 * `/sources/social`: Mastodon (OAuth or a token) and Bluesky (app password), push intake
 * tokens with copy-ready examples, and closed platforms through an RSSHub/RSS-Bridge bridge.
 */
export function socialPages(router: Hono<UiEnv>, app: App): void {
  const page = async (c: Context<UiEnv>, extra: PageExtra = {}) => {
    const t = c.get('t');
    const user = c.get('user');
    const csrf = c.get('csrf');
    const lang = c.get('lang');
    const rows = await listSources(app.db.kysely, user.id);
    const accounts = rows.filter((s) => s.kind === 'mastodon' || s.kind === 'bluesky');
    const pushes = rows.filter((s) => INTAKE_KINDS.has(s.kind));
    const followed = rows.filter((s) => s.kind === 'feed' && platformOf(s) !== null);
    const fromQuery = await callbackNotice(c, app);
    const list = (title: string, id: string, sources: SourceDbRow[]) =>
      sources.length ? (
        <section aria-labelledby={id}>
          <h2 id={id}>{title}</h2>
          <ul class="items" aria-labelledby={id}>
            {sources.map((s) => (
              <SourceRow
                s={toSourceView(s)}
                platform={platformOf(s)}
                t={t}
                csrf={csrf}
                tz={user.tz}
                lang={lang}
                back={HERE}
              />
            ))}
          </ul>
        </section>
      ) : null;
    return renderSourcesTab(
      c,
      'social',
      { lead: t('social.lead'), error: !!extra.error },
      <>
        <Notice text={extra.notice ?? fromQuery.notice} />
        <Notice text={extra.error ?? fromQuery.error} error />
        <div class="cards">
          <MastodonCard t={t} csrf={csrf} />
          <BlueskyCard t={t} csrf={csrf} />
        </div>
        {list(t('social.accounts'), 'accounts-title', accounts)}
        <IntakeSection
          t={t}
          csrf={csrf}
          baseUrl={app.config.baseUrl}
          tokens={await listIntakeTokenViews(app, user.id)}
          token={extra.token ?? null}
          tz={user.tz}
          lang={lang}
        />
        {list(t('intake.sources'), 'pushes-title', pushes)}
        <BridgeCard t={t} csrf={csrf} bridge={await getBridge(app, user.id)} />
        {list(t('bridges.followed'), 'followed-title', followed)}
      </>,
    );
  };

  /** Runs a form's action; expected failures become an error notice on the page. */
  const act = async (c: Context<UiEnv>, run: () => Promise<PageExtra>) => {
    let extra: PageExtra;
    try {
      extra = await run();
    } catch (error) {
      // None of these actions names a row: every failure of the service is for the user to read.
      if (!(error instanceof CheckpointError)) throw error;
      extra = { error: errorText(c.get('t'), error) };
    }
    return page(c, extra);
  };

  router.get(HERE, (c) => page(c));

  // The instance's authorisation page is another site: the form's CSP (form-action 'self')
  // forbids redirecting a form post there, so a page links to it (the script follows it).
  router.post(`${HERE}/mastodon`, async (c) => {
    const t = c.get('t');
    const instance = field(await c.req.parseBody(), 'instance');
    let auth: Awaited<ReturnType<typeof startMastodonConnect>>;
    try {
      auth = await startMastodonConnect(app, c.get('user').id, instance);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      return page(c, { error: errorText(c.get('t'), error) });
    }
    const host = new URL(auth.instance).host;
    return renderSourcesTab(
      c,
      'social',
      {},
      <section class="card" aria-labelledby="continue-title">
        <h2 id="continue-title">{t('social.continueTitle', { host })}</h2>
        <p>{t('social.continueText', { host })}</p>
        <div class="actions">
          <a class="button primary" href={auth.authorizeUrl} data-follow rel="noreferrer">
            {t('social.continue', { host })}
          </a>
          <a href={HERE}>{t('common.cancel')}</a>
        </div>
      </section>,
    );
  });

  router.post(`${HERE}/mastodon/token`, (c) =>
    act(c, async () => {
      const body = await c.req.parseBody();
      const result = await connectMastodonWithToken(
        app,
        c.get('user').id,
        field(body, 'instance'),
        field(body, 'token'),
      );
      return { notice: connectedNotice(c.get('t'), result) };
    }),
  );

  router.post(`${HERE}/bluesky`, (c) =>
    act(c, async () => {
      const body = await c.req.parseBody();
      const result = await connectBluesky(
        app,
        c.get('user').id,
        field(body, 'handle'),
        field(body, 'password'),
        { service: field(body, 'service').trim() || null },
      );
      return { notice: connectedNotice(c.get('t'), result) };
    }),
  );

  router.post(`${HERE}/tokens`, (c) =>
    act(c, async () => {
      const label =
        field(await c.req.parseBody(), 'label')
          .trim()
          .slice(0, 100) || null;
      const { token } = await createIntakeToken(app, c.get('user').id, label);
      return { token };
    }),
  );

  router.post(`${HERE}/tokens/:id{[0-9]+}/revoke`, async (c) => {
    await revokeIntakeToken(app, c.get('user').id, Number(c.req.param('id')));
    return page(c, { notice: c.get('t')('intake.revoked') });
  });

  router.post(`${HERE}/bridge`, (c) =>
    act(c, async () => {
      const t = c.get('t');
      const body = await c.req.parseBody();
      if (field(body, 'clear')) {
        await setBridge(app, c.get('user').id, null);
        return { notice: t('bridges.cleared') };
      }
      const kind = field(body, 'kind');
      const bridge = await setBridge(
        app,
        c.get('user').id,
        field(body, 'url'),
        kind === 'rsshub' || kind === 'rss-bridge' ? kind : null,
      );
      return { notice: t('bridges.saved', { url: bridge?.url ?? '' }) };
    }),
  );

  router.post(`${HERE}/follow`, (c) =>
    act(c, async () => {
      const t = c.get('t');
      const body = await c.req.parseBody();
      const platform = field(body, 'platform');
      if (!(BRIDGE_PLATFORMS as readonly string[]).includes(platform))
        return { error: t('bridges.unknownPlatform') };
      const result = await followAccount(
        app,
        c.get('user').id,
        platform as BridgePlatform,
        field(body, 'account'),
      );
      return {
        notice: result.created
          ? t('social.followed', { name: result.source.name, count: result.itemsAdded })
          : t('sources.exists', { name: result.source.name }),
      };
    }),
  );
}
