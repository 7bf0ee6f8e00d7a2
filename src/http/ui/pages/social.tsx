import type { Context, Hono } from 'hono';
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
import {
  findSourceView,
  listSocialSources,
  type SocialSourceView,
} from '../../../services/social/social-sources.ts';
import { followAccount, getBridge, setBridge } from '../../../services/sources/bridges.ts';
import type { OAuthFailure } from '../../oauth.ts';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash, takeFlash } from '../flash.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Notice } from '../layout.tsx';
import { IntakeSection } from './intake-section.tsx';
import { BlueskyCard, BridgeCard, MastodonCard } from './social-cards.tsx';
import { SourceRow } from './source-row.tsx';
import { renderSourcesTab } from './source-tabs.tsx';

const HERE = '/sources/social';
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
  const source = await findSourceView(app, c.get('user').id, Number(id));
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

/** One list of sources under its heading; nothing when it is empty. */
function SourceList(props: {
  c: Context<UiEnv>;
  title: string;
  id: string;
  sources: SocialSourceView[];
}) {
  const { c, id } = props;
  if (!props.sources.length) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <ul class="items" aria-labelledby={id}>
        {props.sources.map((s) => (
          <SourceRow
            s={s.source}
            platform={s.platform}
            t={c.get('t')}
            csrf={c.get('csrf')}
            tz={c.get('user').tz}
            lang={c.get('lang')}
            back={HERE}
          />
        ))}
      </ul>
    </section>
  );
}

/** The Social & phone tab: the connect cards, the three source lists, intake tokens, bridges. */
async function page(c: Context<UiEnv>, app: App, extra: PageExtra = {}) {
  const t = c.get('t');
  const user = c.get('user');
  const csrf = c.get('csrf');
  const { accounts, pushes, followed } = await listSocialSources(app, user.id);
  const fromQuery = await callbackNotice(c, app);
  const flash = takeFlash(c);
  return renderSourcesTab(
    c,
    'social',
    { lead: t('social.lead'), error: !!extra.error },
    <>
      <Notice text={extra.notice ?? flash.notice ?? fromQuery.notice} />
      <Notice text={extra.error ?? flash.error ?? fromQuery.error} error />
      <div class="cards">
        <MastodonCard t={t} csrf={csrf} />
        <BlueskyCard t={t} csrf={csrf} />
      </div>
      <SourceList c={c} title={t('social.accounts')} id="accounts-title" sources={accounts} />
      <IntakeSection
        t={t}
        csrf={csrf}
        baseUrl={app.config.baseUrl}
        tokens={await listIntakeTokenViews(app, user.id)}
        token={extra.token ?? flash.secret ?? null}
        tz={user.tz}
        lang={c.get('lang')}
      />
      <SourceList c={c} title={t('intake.sources')} id="pushes-title" sources={pushes} />
      <BridgeCard t={t} csrf={csrf} bridge={await getBridge(app, user.id)} />
      <SourceList c={c} title={t('bridges.followed')} id="followed-title" sources={followed} />
    </>,
  );
}

/**
 * Runs a form's action: done, back to the page (303) with its notice; an expected failure shows
 * the page with the error (422) under the form's address.
 */
async function act(c: Context<UiEnv>, app: App, run: () => Promise<PageExtra>) {
  let extra: PageExtra;
  try {
    extra = await run();
  } catch (error) {
    // None of these actions names a row: every failure of the service is for the user to read.
    if (!(error instanceof CheckpointError)) throw error;
    return page(c, app, { error: errorText(c.get('t'), error) });
  }
  if (extra.error) return page(c, app, extra);
  return redirectWithFlash(c, HERE, { notice: extra.notice ?? null, secret: extra.token ?? null });
}

/** "Continue to <host>": the link to the instance's authorisation page. */
function ContinueCard({ t, host, href }: { t: Translate; host: string; href: string }) {
  return (
    <section class="card" aria-labelledby="continue-title">
      <h2 id="continue-title">{t('social.continueTitle', { host })}</h2>
      <p>{t('social.continueText', { host })}</p>
      <div class="actions">
        <a class="button primary" href={href} data-follow rel="noreferrer">
          {t('social.continue', { host })}
        </a>
        <a href={HERE}>{t('common.cancel')}</a>
      </div>
    </section>
  );
}

// The instance's authorisation page is another site: the form's CSP (form-action 'self')
// forbids redirecting a form post there, so a page links to it (the script follows it).
async function startMastodon(c: Context<UiEnv>, app: App) {
  const instance = field(await c.req.parseBody(), 'instance');
  let auth: Awaited<ReturnType<typeof startMastodonConnect>>;
  try {
    auth = await startMastodonConnect(app, c.get('user').id, instance);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return page(c, app, { error: errorText(c.get('t'), error) });
  }
  const host = new URL(auth.instance).host;
  return renderSourcesTab(
    c,
    'social',
    {},
    <ContinueCard t={c.get('t')} host={host} href={auth.authorizeUrl} />,
  );
}

type Body = Awaited<ReturnType<Context<UiEnv>['req']['parseBody']>>;

/** Connects an account with what the form sent; the notice says whether it was new. */
async function connectAccount(
  c: Context<UiEnv>,
  connect: (body: Body, userId: number) => Promise<ConnectResult>,
): Promise<PageExtra> {
  const result = await connect(await c.req.parseBody(), c.get('user').id);
  return { notice: connectedNotice(c.get('t'), result) };
}

const mastodonToken = (c: Context<UiEnv>, app: App) =>
  connectAccount(c, (body, userId) =>
    connectMastodonWithToken(app, userId, field(body, 'instance'), field(body, 'token')),
  );

const bluesky = (c: Context<UiEnv>, app: App) =>
  connectAccount(c, (body, userId) =>
    connectBluesky(app, userId, field(body, 'handle'), field(body, 'password'), {
      service: field(body, 'service').trim() || null,
    }),
  );

async function createToken(c: Context<UiEnv>, app: App): Promise<PageExtra> {
  const label =
    field(await c.req.parseBody(), 'label')
      .trim()
      .slice(0, 100) || null;
  const { token } = await createIntakeToken(app, c.get('user').id, label);
  return { token };
}

async function saveBridge(c: Context<UiEnv>, app: App): Promise<PageExtra> {
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
}

async function follow(c: Context<UiEnv>, app: App): Promise<PageExtra> {
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
}

/**
 * `/sources/social`: Mastodon (OAuth or a token) and Bluesky (app password), push intake
 * tokens with copy-ready examples, and closed platforms through an RSSHub/RSS-Bridge bridge.
 */
export function socialPages(router: Hono<UiEnv>, app: App): void {
  router.get(HERE, (c) => page(c, app));
  router.post(`${HERE}/mastodon`, (c) => startMastodon(c, app));
  router.post(`${HERE}/mastodon/token`, (c) => act(c, app, () => mastodonToken(c, app)));
  router.post(`${HERE}/bluesky`, (c) => act(c, app, () => bluesky(c, app)));
  router.post(`${HERE}/tokens`, (c) => act(c, app, () => createToken(c, app)));
  router.post(`${HERE}/tokens/:id{[0-9]+}/revoke`, async (c) => {
    await revokeIntakeToken(app, c.get('user').id, Number(c.req.param('id')));
    return redirectWithFlash(c, HERE, { notice: c.get('t')('intake.revoked') });
  });
  router.post(`${HERE}/bridge`, (c) => act(c, app, () => saveBridge(c, app)));
  router.post(`${HERE}/follow`, (c) => act(c, app, () => follow(c, app)));
}
