/**
 * What pages and other services read from a source's stored config, always through its kind's
 * schema (never an unchecked cast): the platform of a followed account, a mail source's remote
 * images, a Mastodon account's instance. A config that does not parse reads as absent.
 */
import type { SourceKind } from '../../domain/types.ts';
import type { RemoteImages } from '../../sources/mail/remote-images.ts';
import { sourceKind } from '../../sources/registry.ts';
import { readConfig } from '../../sources/stored.ts';

/** The parts of a source row a config is read from. */
export interface StoredSourceConfig {
  id: number;
  kind: string;
  config: string;
}

function configOf(row: StoredSourceConfig, kind: SourceKind): Record<string, unknown> | null {
  const spec = sourceKind(row.kind);
  if (!spec || row.kind !== kind) return null;
  try {
    return readConfig(spec, row.id, row.config) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * The platform of a source (`config.platform`): the one a bridge feed follows an account on,
 * or whose export an import holds; null for others.
 *
 * @example sourcePlatformOf({ id: 3, kind: 'feed', config: '{"platform":"instagram"}' }) // 'instagram'
 */
export function sourcePlatformOf(row: StoredSourceConfig): string | null {
  const platform = configOf(row, row.kind === 'import' ? 'import' : 'feed')?.platform;
  return typeof platform === 'string' ? platform : null;
}

/** How a mail source's (imap, smtp) web view treats remote images; `block` when unknown. */
export function remoteImagesOf(row: StoredSourceConfig): RemoteImages {
  const config = configOf(row, row.kind === 'imap' ? 'imap' : 'smtp');
  return config?.remoteImages === 'show' ? 'show' : 'block';
}

/** A Mastodon source's instance (`https://mastodon.social`), or null. */
export function mastodonInstanceOf(row: StoredSourceConfig): string | null {
  const instance = configOf(row, 'mastodon')?.instance;
  return typeof instance === 'string' ? instance : null;
}
