import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { CheckpointError, NotFoundError } from '../../domain/errors.ts';
import type { App } from '../../services/app.ts';
import {
  addImapSource,
  testImapConnection,
  toImapSettingsView,
  updateImapSettings,
} from '../../services/mail/imap-sources.ts';
import {
  createMailAddress,
  listMailAddressViews,
  removeMailAddress,
  updateMailAddress,
} from '../../services/mail/mail-addresses.ts';
import { REMOTE_IMAGES } from '../../services/mail/mail-config.ts';
import { getMailDetails, listSenders } from '../../services/mail/senders.ts';
import { listUnsubscribeViews, unsubscribeItem } from '../../services/mail/unsubscribe.ts';
import { getSource } from '../../services/sources/sources.ts';
import { ImapError } from '../../sources/imap/errors.ts';
import type { ApiEnv } from '../env.ts';
import {
  imapSettingsPatchBody,
  imapSettingsSchema,
  imapSourceBody,
  imapTestResultSchema,
  mailAddressSchema,
  mailDetailsSchema,
  senderSchema,
  unsubscribeResultSchema,
} from './mail-schemas.ts';
import { type AnyRouteSpec, addRoute, idParams } from './route.ts';
import { sourceSchema } from './schemas.ts';

/** Mailbox problems (wrong password, TLS, folder…) are the request's fault: 422, not 500. */
async function mailboxErrors<T>(c: Context<ApiEnv>, fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ImapError) {
      // A refused certificate comes along, so that a client can offer to trust it.
      const certificate = error.certificate ? { certificate: error.certificate } : {};
      return c.json({ error: { code: error.code, message: error.message, ...certificate } }, 422);
    }
    if (error instanceof CheckpointError && error.code === 'mail_domain_unset') {
      return c.json({ error: { code: error.code, message: error.message } }, 409);
    }
    throw error;
  }
}

/** `/api/v1`: connect mailboxes, own addresses, senders and unsubscribing. */
export function mailRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  imapRoutes(router, registry, app);
  addressRoutes(router, registry, app);

  addRoute(router, registry, {
    method: 'get',
    path: '/senders',
    tag: 'mail',
    summary: 'Newsletter senders with unsubscribe options and SPF/DKIM/DMARC',
    response: z.array(senderSchema),
    handler: async (_c, { user }) => await listSenders(app, user.id),
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/items/:id/mail',
    tag: 'mail',
    summary: 'Mail details of a newsletter item (sender, list headers, authentication)',
    params: idParams,
    response: mailDetailsSchema,
    errors: { 404: 'not an item of yours, or not mail' },
    handler: async (_c, { params, user }) => await getMailDetails(app, user.id, params.id),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/items/:id/unsubscribe',
    tag: 'mail',
    summary: 'Unsubscribe from the sender of a newsletter item (RFC 8058 one-click when offered)',
    params: idParams,
    body: z.object({
      method: z
        .enum(['auto', 'mailto'])
        .default('auto')
        .describe(
          'auto: one-click if offered, else the link is returned; mailto: send the request by mail',
        ),
    }),
    response: unsubscribeResultSchema,
    errors: { 400: 'the item offers no List-Unsubscribe' },
    handler: async (_c, { params, body, user }) =>
      await unsubscribeItem(app, user.id, params.id, { prefer: body.method }),
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/unsubscribes',
    tag: 'mail',
    summary: 'Unsubscribe attempts, newest first',
    response: z.array(unsubscribeResultSchema),
    handler: async (_c, { user }) => await listUnsubscribeViews(app, user.id),
  });
}

function imapRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'post',
    path: '/sources/imap/test',
    tag: 'mail',
    summary: 'Test a mailbox login and folder without storing anything',
    body: imapSourceBody,
    response: imapTestResultSchema,
    handler: async (_c, { body }) => await testImapConnection(app, body),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/sources/imap',
    tag: 'mail',
    summary: 'Connect a mailbox (IMAP) as a source of newsletters',
    body: imapSourceBody,
    response: z.object({ source: sourceSchema }),
    status: 201,
    errors: {
      409: 'this mailbox folder is already connected',
      422: 'the login or folder does not work',
    },
    handler: async (c, { body, user }) =>
      await mailboxErrors(c, async () => ({ source: await addImapSource(app, user.id, body) })),
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/sources/:id/imap',
    tag: 'mail',
    summary: 'Settings of a mailbox source (never the password)',
    params: idParams,
    response: imapSettingsSchema,
    handler: async (_c, { params, user }) => {
      const row = await getSource(app, user.id, params.id);
      if (row.kind !== 'imap') throw new NotFoundError(`source: ${params.id} is not a mailbox`);
      return toImapSettingsView(row);
    },
  });

  addRoute(router, registry, {
    method: 'patch',
    path: '/sources/:id/imap',
    tag: 'mail',
    summary: 'Change a mailbox source (a new password or folder is tested first)',
    params: idParams,
    body: imapSettingsPatchBody,
    response: imapSettingsSchema,
    errors: { 422: 'the new password or folder does not work' },
    handler: async (c, { params, body, user }) =>
      await mailboxErrors(c, () => updateImapSettings(app, user.id, params.id, body)),
  });
}

function addressRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/addresses',
    tag: 'mail',
    summary: 'Your own addresses',
    response: z.array(mailAddressSchema),
    handler: async (_c, { user }) => await listMailAddressViews(app, user.id),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/addresses',
    tag: 'mail',
    summary: 'Make a new address <random>@CHECKPOINT_MAIL_DOMAIN (with its own source)',
    body: z.object({ label: z.string().max(200).nullable().optional() }),
    response: mailAddressSchema,
    status: 201,
    errors: { 409: 'CHECKPOINT_MAIL_DOMAIN is not set' },
    handler: async (c, { body, user }) =>
      await mailboxErrors(c, () => createMailAddress(app, user.id, { label: body.label ?? null })),
  });

  addRoute(router, registry, {
    method: 'patch',
    path: '/addresses/:id',
    tag: 'mail',
    summary: 'Change the label or the remote-image choice of an address',
    params: idParams,
    body: z.object({
      label: z.string().max(200).nullable().optional(),
      remoteImages: z.enum(REMOTE_IMAGES).optional(),
    }),
    response: mailAddressSchema,
    handler: async (_c, { params, body, user }) =>
      await updateMailAddress(app, user.id, params.id, {
        ...(body.label !== undefined ? { label: body.label } : {}),
        ...(body.remoteImages ? { remoteImages: body.remoteImages } : {}),
      }),
  });

  addRoute(router, registry, {
    method: 'delete',
    path: '/addresses/:id',
    tag: 'mail',
    summary: 'Stop accepting mail for an address (its source and items stay, paused)',
    params: idParams,
    status: 204,
    handler: async (_c, { params, user }) => {
      await removeMailAddress(app, user.id, params.id);
      return null;
    },
  });
}
