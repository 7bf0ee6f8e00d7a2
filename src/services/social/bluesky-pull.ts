import { updateSource } from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { decryptSecret, encryptSecret } from '../../lib/crypto.ts';
import { BlueskyError } from '../../sources/bluesky/parse.ts';
import { type BlueskyState, pullBlueskyAccount } from '../../sources/bluesky/pull.ts';
import type { BskySession } from '../../sources/bluesky/types.ts';
import type { App } from '../app.ts';
import type { Puller } from '../sources/pullers.ts';

/** What a Bluesky source keeps in its `config`; secrets are encrypted (lib/crypto). */
export interface BlueskyConfig {
  service: string;
  identifier: string;
  did: string;
  handle: string;
  pds: string | null;
  password: string | null;
  accessJwt: string;
  refreshJwt: string;
}

/** The stored config with a (new) session, secrets encrypted. */
export function blueskyConfig(
  app: App,
  base: { service: string; identifier: string; password: string | null },
  session: BskySession,
): BlueskyConfig {
  const seal = (value: string) => encryptSecret(value, app.config.secret);
  return {
    service: base.service,
    identifier: base.identifier,
    did: session.did,
    handle: session.handle,
    pds: session.pds,
    password: base.password === null ? null : seal(base.password),
    accessJwt: seal(session.accessJwt),
    refreshJwt: seal(session.refreshJwt),
  };
}

function readConfig(source: SourceRow): BlueskyConfig {
  const config = JSON.parse(source.config) as Partial<BlueskyConfig>;
  if (!config.service || !config.did || !config.accessJwt || !config.refreshJwt) {
    throw new BlueskyError(`bluesky: source ${source.id} has no session; connect it again`);
  }
  return config as BlueskyConfig;
}

/**
 * The puller of Bluesky sources: timeline and notifications through the safe fetcher; a
 * renewed session is stored at once (encrypted), a rate limit answers retry_later.
 */
export const pullBluesky: Puller = async (app: App, source, state) => {
  const config = readConfig(source);
  const open = (value: string) => decryptSecret(value, app.config.secret);
  const password = config.password ? open(config.password) : null;
  const result = await pullBlueskyAccount(
    app.fetcher,
    {
      service: config.service,
      identifier: config.identifier,
      password,
      session: {
        did: config.did,
        handle: config.handle,
        pds: config.pds,
        accessJwt: open(config.accessJwt),
        refreshJwt: open(config.refreshJwt),
      },
      async saveSession(session) {
        const next = blueskyConfig(
          app,
          { service: config.service, identifier: config.identifier, password },
          session,
        );
        await updateSource(app.db.kysely, source.user_id, source.id, {
          config: JSON.stringify(next),
        });
      },
    },
    state as BlueskyState,
    app.clock.now().getTime(),
  );
  if (result.status === 'retry_later') return result;
  return { status: 'items', drafts: result.drafts, state: { ...result.state } };
};
