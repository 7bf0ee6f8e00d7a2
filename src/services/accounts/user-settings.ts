import { z } from 'zod';
import { readJsonAs } from '../../lib/json.ts';

/**
 * The user's preferences that have no column of their own (`users.settings`). A field that
 * does not fit is dropped rather than failing the whole read; unknown fields are kept, so that
 * writing the settings back loses nothing another part of the app stored.
 */
export const userSettingsSchema = z.looseObject({
  /** Remote images: `proxy` (the default when absent) or `block`. */
  images: z.enum(['proxy', 'block']).optional().catch(undefined),
  /** The user's RSSHub or RSS-Bridge instance (services/sources/bridges.ts). */
  bridge: z
    .object({ kind: z.enum(['rsshub', 'rss-bridge']), url: z.string().min(1) })
    .optional()
    .catch(undefined),
});

export type UserSettings = z.infer<typeof userSettingsSchema>;

/**
 * Parses stored settings; text that is not a JSON object reads as no settings at all.
 *
 * @example parseUserSettings('{"images":"block"}').images // 'block'
 */
export function parseUserSettings(raw: string): UserSettings {
  return readJsonAs(userSettingsSchema, raw) ?? {};
}

/**
 * The user's image preference, proxied unless they chose to block remote images.
 *
 * @example imageMode(user.settings) // 'proxy'
 */
export function imageMode(raw: string): 'proxy' | 'block' {
  return parseUserSettings(raw).images === 'block' ? 'block' : 'proxy';
}
