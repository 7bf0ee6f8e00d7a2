import type { Hono } from 'hono';
import { z } from 'zod';
import { BRIDGE_KINDS, BRIDGE_PLATFORMS } from '../../domain/bridges.ts';
import type { App } from '../../services/app.ts';
import {
  createIntakeToken,
  listIntakeTokenViews,
  revokeIntakeToken,
} from '../../services/intake/intake-tokens.ts';
import { connectBluesky } from '../../services/social/bluesky.ts';
import {
  connectMastodonWithToken,
  finishMastodonConnect,
  startMastodonConnect,
} from '../../services/social/mastodon.ts';
import { itemShareLinks } from '../../services/social/share.ts';
import { followAccount, getBridge, setBridge } from '../../services/sources/bridges.ts';
import type { ApiEnv } from '../env.ts';
import { importRoutes } from './imports.ts';
import { type AnyRouteSpec, addRoute, idParams } from './route.ts';
import {
  authorizationSchema,
  bridgeSchema,
  connectResultSchema,
  followResultSchema,
  intakeTokenSchema,
  shareLinkSchema,
} from './social-schemas.ts';

/**
 * Social and phone sources: intake tokens, Mastodon and Bluesky accounts, the bridge and
 * follows, data-export imports and share links. The web pages call these.
 */
export function socialRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  intakeTokenRoutes(router, registry, app);
  accountRoutes(router, registry, app);
  bridgeRoutes(router, registry, app);
  importRoutes(router, registry, app);
  addRoute(router, registry, {
    method: 'get',
    path: '/items/:id/share',
    tag: 'items',
    summary:
      'Share intents for an item (LinkedIn, X, Facebook, Threads, WhatsApp, Mastodon, Bluesky, e-mail)',
    params: idParams,
    query: z.object({
      mastodonInstance: z
        .string()
        .min(1)
        .max(300)
        .optional()
        .describe('default: your connected account’s instance'),
      text: z.string().max(1000).optional().describe('your own words instead of the title'),
    }),
    response: z.object({ links: z.array(shareLinkSchema) }),
    handler: async (_c, { params, query, user }) => ({
      links: await itemShareLinks(app, user.id, params.id, {
        mastodonInstance: query.mastodonInstance ?? null,
        text: query.text ?? null,
      }),
    }),
  });
}

function intakeTokenRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/intake-tokens',
    tag: 'intake',
    summary: 'List your intake tokens (never the secret)',
    response: z.array(intakeTokenSchema),
    handler: async (_c, { user }) => await listIntakeTokenViews(app, user.id),
  });
  addRoute(router, registry, {
    method: 'post',
    path: '/intake-tokens',
    tag: 'intake',
    summary: 'Create an intake token for ntfy, Gotify, Pushover and webhook senders (shown once)',
    body: z.object({ label: z.string().trim().max(200).nullable().optional() }),
    response: intakeTokenSchema.extend({ token: z.string() }),
    status: 201,
    handler: async (_c, { body, user }) => {
      const { token, view } = await createIntakeToken(app, user.id, body.label ?? null);
      return { ...view, token };
    },
  });
  addRoute(router, registry, {
    method: 'delete',
    path: '/intake-tokens/:id',
    tag: 'intake',
    summary: 'Revoke an intake token',
    params: idParams,
    status: 204,
    handler: async (_c, { params, user }) => {
      await revokeIntakeToken(app, user.id, params.id);
      return null;
    },
  });
}

function accountRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  const errors = {
    400: 'the instance or service refused (message says why)',
    502: 'the instance could not be reached',
  };
  addRoute(router, registry, {
    method: 'post',
    path: '/mastodon/authorize',
    tag: 'accounts',
    summary: 'Start connecting a Mastodon account (OAuth): returns the page to open',
    body: z.object({ instance: z.string().min(1).max(300), oob: z.boolean().optional() }),
    response: authorizationSchema,
    errors,
    handler: async (_c, { body, user }) =>
      await startMastodonConnect(app, user.id, body.instance, { oob: body.oob ?? false }),
  });
  addRoute(router, registry, {
    method: 'post',
    path: '/mastodon/finish',
    tag: 'accounts',
    summary: 'Finish an out-of-band authorisation with the code the instance showed',
    body: z.object({ state: z.string().min(1), code: z.string().min(1).max(500) }),
    response: connectResultSchema,
    status: 201,
    errors,
    handler: async (_c, { body }) => await finishMastodonConnect(app, body.state, body.code),
  });
  addRoute(router, registry, {
    method: 'post',
    path: '/mastodon/connect',
    tag: 'accounts',
    summary: 'Connect a Mastodon account with an access token made on the instance',
    body: z.object({ instance: z.string().min(1).max(300), token: z.string().min(1).max(500) }),
    response: connectResultSchema,
    status: 201,
    errors,
    handler: async (_c, { body, user }) =>
      await connectMastodonWithToken(app, user.id, body.instance, body.token),
  });
  addRoute(router, registry, {
    method: 'post',
    path: '/bluesky/connect',
    tag: 'accounts',
    summary: 'Connect a Bluesky account with an app password',
    body: z.object({
      handle: z.string().min(1).max(300),
      password: z.string().min(1).max(200),
      service: z.string().min(1).max(300).optional().describe('default https://bsky.social'),
    }),
    response: connectResultSchema,
    status: 201,
    errors,
    handler: async (_c, { body, user }) =>
      await connectBluesky(app, user.id, body.handle, body.password, {
        service: body.service ?? null,
      }),
  });
}

function bridgeRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/bridge',
    tag: 'bridges',
    summary: 'Your RSSHub or RSS-Bridge instance (null when none)',
    response: z.object({ bridge: bridgeSchema }),
    handler: async (_c, { user }) => ({ bridge: await getBridge(app, user.id) }),
  });
  addRoute(router, registry, {
    method: 'put',
    path: '/bridge',
    tag: 'bridges',
    summary:
      'Set your RSSHub or RSS-Bridge instance (kind guessed from the URL when omitted); url null removes it',
    body: z.object({
      url: z.string().min(1).max(500).nullable(),
      kind: z.enum(BRIDGE_KINDS).optional(),
    }),
    response: z.object({ bridge: bridgeSchema }),
    handler: async (_c, { body, user }) => ({
      bridge: await setBridge(app, user.id, body.url, body.kind ?? null),
    }),
  });
  addRoute(router, registry, {
    method: 'post',
    path: '/follow',
    tag: 'bridges',
    summary:
      'Follow an account of X, Instagram, Threads, Facebook, LinkedIn (company) through your bridge, or a Mastodon/Bluesky profile by its RSS',
    body: z.object({ platform: z.enum(BRIDGE_PLATFORMS), account: z.string().min(1).max(300) }),
    response: followResultSchema,
    status: 201,
    errors: {
      400: 'no bridge set, or not an account name/profile URL',
      422: 'the bridge did not answer with a feed',
    },
    handler: async (c, { body, user }) => {
      const result = await followAccount(app, user.id, body.platform, body.account);
      return c.json(result, result.created ? 201 : 200);
    },
  });
}
