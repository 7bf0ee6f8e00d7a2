/** Forms of the Social & phone page: Mastodon, Bluesky, and closed platforms through a bridge. */
import { BRIDGE_PLATFORMS, type BridgeSetting, PLATFORM_NAMES } from '../../../domain/bridges.ts';
import type { Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';

/** The Mastodon instance field, in both the OAuth and the access-token form. */
function InstanceField({ id, t }: { id: string; t: Translate }) {
  return (
    <>
      <label for={id}>{t('social.instance')}</label>
      <input
        type="text"
        id={id}
        name="instance"
        required
        placeholder="mastodon.social"
        autocomplete="off"
        spellcheck={false}
      />
    </>
  );
}

export function MastodonCard({ t, csrf }: { t: Translate; csrf: string }) {
  return (
    <section class="card" aria-labelledby="mastodon-title">
      <h2 id="mastodon-title">{t('source.kind.mastodon')}</h2>
      <form method="post" action="/sources/social/mastodon">
        <Csrf token={csrf} />
        <InstanceField id="mastodon-instance" t={t} />
        <p class="help">{t('social.mastodonHelp')}</p>
        <div class="actions">
          <button type="submit" class="primary">
            {t('social.mastodonConnect')}
          </button>
        </div>
      </form>
      <details class="settings">
        <summary>{t('social.mastodonToken')}</summary>
        <form method="post" action="/sources/social/mastodon/token">
          <Csrf token={csrf} />
          <InstanceField id="mastodon-token-instance" t={t} />
          <label for="mastodon-token">{t('social.accessToken')}</label>
          <input type="password" id="mastodon-token" name="token" required autocomplete="off" />
          <p class="help">{t('social.mastodonTokenHelp')}</p>
          <div class="actions">
            <button type="submit">{t('social.connect')}</button>
          </div>
        </form>
      </details>
    </section>
  );
}

export function BlueskyCard({ t, csrf }: { t: Translate; csrf: string }) {
  return (
    <form
      method="post"
      action="/sources/social/bluesky"
      class="card"
      aria-labelledby="bluesky-title"
    >
      <Csrf token={csrf} />
      <h2 id="bluesky-title">{t('source.kind.bluesky')}</h2>
      <label for="bluesky-handle">{t('social.handle')}</label>
      <input
        type="text"
        id="bluesky-handle"
        name="handle"
        required
        placeholder="alice.bsky.social"
        autocomplete="off"
        spellcheck={false}
      />
      <label for="bluesky-password">{t('social.appPassword')}</label>
      <input
        type="password"
        id="bluesky-password"
        name="password"
        required
        autocomplete="off"
        aria-describedby="bluesky-password-help"
      />
      <p class="help" id="bluesky-password-help">
        {t('social.appPasswordHelp')}
      </p>
      <label for="bluesky-service">{t('social.service')}</label>
      <input
        type="url"
        id="bluesky-service"
        name="service"
        placeholder="https://bsky.social"
        aria-describedby="bluesky-service-help"
      />
      <p class="help" id="bluesky-service-help">
        {t('social.serviceHelp')}
      </p>
      <div class="actions">
        <button type="submit" class="primary">
          {t('social.connect')}
        </button>
      </div>
    </form>
  );
}

/** The bridge's base URL and kind (RSSHub, RSS-Bridge or guessed), with remove. */
function BridgeForm({
  t,
  csrf,
  bridge,
}: {
  t: Translate;
  csrf: string;
  bridge: BridgeSetting | null;
}) {
  return (
    <form method="post" action="/sources/social/bridge">
      <Csrf token={csrf} />
      <div class="row">
        <div>
          <label for="bridge-url">{t('bridges.url')}</label>
          <input
            type="url"
            id="bridge-url"
            name="url"
            required
            value={bridge?.url ?? ''}
            placeholder="https://rsshub.example.org"
          />
        </div>
        <div class="shrink">
          <label for="bridge-kind">{t('bridges.kind')}</label>
          <select id="bridge-kind" name="kind">
            <option value="" selected={!bridge}>
              {t('bridges.kindDetect')}
            </option>
            <option value="rsshub" selected={bridge?.kind === 'rsshub'}>
              RSSHub
            </option>
            <option value="rss-bridge" selected={bridge?.kind === 'rss-bridge'}>
              RSS-Bridge
            </option>
          </select>
        </div>
      </div>
      <p class="help" id="bridge-current">
        {bridge
          ? t('bridges.current', {
              kind: bridge.kind === 'rsshub' ? 'RSSHub' : 'RSS-Bridge',
              url: bridge.url,
            })
          : t('bridges.none')}
      </p>
      <div class="actions">
        <button type="submit">{t('common.save')}</button>
        {bridge ? (
          <button type="submit" name="clear" value="1" formnovalidate class="danger">
            {t('common.remove')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** "Follow an account": a platform and an account name, as a feed through the bridge. */
function FollowForm({ t, csrf }: { t: Translate; csrf: string }) {
  return (
    <form method="post" action="/sources/social/follow">
      <Csrf token={csrf} />
      <h3>{t('bridges.follow')}</h3>
      <div class="row">
        <div class="shrink">
          <label for="follow-platform">{t('bridges.platform')}</label>
          <select id="follow-platform" name="platform">
            {BRIDGE_PLATFORMS.map((p) => (
              <option value={p}>{PLATFORM_NAMES[p]}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="follow-account">{t('bridges.account')}</label>
          <input
            type="text"
            id="follow-account"
            name="account"
            required
            placeholder="@nasa"
            autocomplete="off"
            spellcheck={false}
            aria-describedby="follow-help"
          />
        </div>
      </div>
      <p class="help" id="follow-help">
        {t('bridges.followHelp')}
      </p>
      <div class="actions">
        <button type="submit" class="primary">
          {t('bridges.followSubmit')}
        </button>
      </div>
    </form>
  );
}

/** The bridge base URL and "follow an account" (closed platforms, and public profiles). */
export function BridgeCard(props: { t: Translate; csrf: string; bridge: BridgeSetting | null }) {
  const { t, csrf, bridge } = props;
  return (
    <section class="card" id="bridges" aria-labelledby="bridges-title">
      <h2 id="bridges-title">{t('bridges.title')}</h2>
      <p class="help">{t('bridges.intro')}</p>
      <BridgeForm t={t} csrf={csrf} bridge={bridge} />
      <FollowForm t={t} csrf={csrf} />
    </section>
  );
}
