import { z } from 'zod';
import { BRIDGE_KINDS, BRIDGE_PLATFORMS } from '../../domain/bridges.ts';
import { SHARE_PLATFORMS } from '../../domain/share-links.ts';
import { IMPORT_KINDS } from '../../sources/imports/common.ts';
import { sourceSchema } from './schemas.ts';

/** Response shapes of the social, intake, bridge, import and share routes. */
export const intakeTokenSchema = z
  .object({
    id: z.number().int(),
    label: z.string().nullable(),
    hint: z.string().describe('the first characters of the token'),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'IntakeToken' });

export const connectResultSchema = z
  .object({ source: sourceSchema, created: z.boolean(), itemsAdded: z.number().int() })
  .meta({ id: 'ConnectResult' });

export const authorizationSchema = z
  .object({
    authorizeUrl: z
      .string()
      .describe(
        'open this page; the instance comes back to /oauth/mastodon/callback (or shows a code with oob)',
      ),
    state: z.string(),
    instance: z.string(),
    redirectUri: z.string(),
  })
  .meta({ id: 'MastodonAuthorization' });

export const bridgeSchema = z
  .object({ kind: z.enum(BRIDGE_KINDS), url: z.string() })
  .nullable()
  .meta({ id: 'Bridge' });

export const followResultSchema = z
  .object({
    source: sourceSchema,
    platform: z.enum(BRIDGE_PLATFORMS),
    feedUrl: z.string(),
    created: z.boolean(),
    itemsAdded: z.number().int(),
  })
  .meta({ id: 'FollowResult' });

export const importResultSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    sourceId: z.number().int(),
    sourceName: z.string(),
    files: z.array(z.string()),
    found: z.number().int(),
    added: z.number().int(),
    unchanged: z.number().int(),
  })
  .meta({ id: 'ImportResult' });

export const shareLinkSchema = z
  .object({
    platform: z.enum(SHARE_PLATFORMS),
    label: z.string(),
    url: z
      .string()
      .nullable()
      .describe('null when the platform needs what the item lacks (a URL, your Mastodon instance)'),
  })
  .meta({ id: 'ShareLink' });
