/**
 * Push-compatible intake under `/intake`: the request shapes ntfy, Gotify and Pushover
 * senders already speak, Apprise `json://` and webhooks. Every message is held (answered 2xx
 * only after its commit); see docs/push-intake.md.
 */
import { type Context, type Handler, Hono } from 'hono';
import { asFields } from '../../intake/fields.ts';
import { gotifyAnswer, parseGotify } from '../../intake/gotify.ts';
import { ntfyAnswer, parseNtfyJson, parseNtfyPublish } from '../../intake/ntfy.ts';
import { parsePushover, pushoverAnswer, pushoverError } from '../../intake/pushover.ts';
import type { IntakeMessage } from '../../intake/types.ts';
import { parseWebhook } from '../../intake/webhook.ts';
import type { App } from '../../services/app.ts';
import {
  type IntakeKind,
  type IntakeOptions,
  type IntakeReceipt,
  type IntakeService,
  intakeService,
} from '../../services/intake/intake.ts';
import { errorOf } from '../errors.ts';
import { header, paramSource, readText } from './body.ts';
import {
  authenticate,
  credentialPlaces,
  idempotencyKey,
  parseJson,
  readFields,
  readFormOrText,
} from './request.ts';

const NTFY_ACTIONS = ['publish', 'send', 'trigger'] as const;

/** Stores a message for the authenticated user; resolves after its commit. */
type Hold = (
  c: Context,
  userId: number,
  kind: IntakeKind,
  message: IntakeMessage,
  wantsItemId?: boolean,
) => Promise<IntakeReceipt>;

/** The handlers of the intake shapes that are also served outside `/intake` (`root.ts`). */
export interface IntakeHandlers {
  /** ntfy's JSON publish (`POST /` on an ntfy server). */
  ntfyJson: Handler;
  /** Gotify's `POST /message`. */
  gotifyMessage: Handler;
}

/**
 * The handlers shared by `/intake` and the root routes. The intake service is one per app,
 * so both count against the same per-token rate and share group commit.
 */
export function intakeHandlers(app: App, options: IntakeOptions = {}): IntakeHandlers {
  const service = intakeService(app, options);
  const hold = holder(service);
  return {
    ntfyJson: async (c) => {
      const { userId } = await authenticate(c, service);
      const json = parseJson(await readText(c), 'ntfy JSON publish');
      const message = parseNtfyJson(json, paramSource(c));
      const receipt = await hold(c, userId, 'ntfy', message);
      return c.json(ntfyAnswer(message, receipt.id, app.clock.now()));
    },
    gotifyMessage: async (c) => {
      const { userId } = await authenticate(c, service);
      const fields = await readFields(c, 'Gotify message');
      const message = parseGotify(fields);
      const receipt = await hold(c, userId, 'gotify', message, true);
      return c.json(gotifyAnswer(message, receipt.itemId ?? 0, fields.priority, app.clock.now()));
    },
  };
}

function holder(service: IntakeService): Hold {
  return async (c, userId, kind, message, wantsItemId = false) =>
    await service.submit({ userId, kind, message, idempotencyKey: idempotencyKey(c), wantsItemId });
}

/** The intake router, mounted at `/intake` by the HTTP app. */
export function createIntakeRouter(app: App, options: IntakeOptions = {}): Hono {
  const service = intakeService(app, options);
  const shared = intakeHandlers(app, options);
  const router = new Hono();
  const hold = holder(service);
  ntfyRoutes(router, app, service, hold, shared);
  router.post('/gotify/message', shared.gotifyMessage);
  pushoverRoutes(router, app, service, hold);
  webhookRoutes(router, service, hold);
  return router;
}

/** ntfy: JSON publish to the root; a body to /<topic>; /<topic>/publish|send|trigger. */
function ntfyRoutes(
  router: Hono,
  app: App,
  service: IntakeService,
  hold: Hold,
  shared: IntakeHandlers,
): void {
  router.on(['POST', 'PUT'], '/ntfy', shared.ntfyJson);
  router.on(['POST', 'PUT'], '/ntfy/', shared.ntfyJson);

  const ntfyPublish = async (c: Context) => {
    const { userId } = await authenticate(c, service);
    const body = c.req.method === 'GET' ? '' : await readText(c);
    const message = parseNtfyPublish(c.req.param('topic') ?? '', body, paramSource(c));
    const receipt = await hold(c, userId, 'ntfy', message);
    return c.json(ntfyAnswer(message, receipt.id, app.clock.now()));
  };
  router.on(['POST', 'PUT'], '/ntfy/:topic', ntfyPublish);
  for (const action of NTFY_ACTIONS) {
    router.on(['GET', 'POST', 'PUT'], `/ntfy/:topic/${action}`, ntfyPublish);
  }
}

/** Pushover's messages.json (credential in the body, own answers). */
function pushoverRoutes(router: Hono, app: App, service: IntakeService, hold: Hold): void {
  router.post('/pushover/1/messages.json', async (c) => {
    const request = crypto.randomUUID();
    try {
      const fields = await readFields(c, 'Pushover message');
      const places = credentialPlaces(c, [asText(fields.token), asText(fields.user)]);
      const { userId } = await authenticate(c, service, places);
      await hold(c, userId, 'pushover', parsePushover(fields));
      return c.json(pushoverAnswer(request));
    } catch (error) {
      const { status, body } = errorOf(error, app.log);
      return c.json(pushoverError(request, body.error.code, body.error.message), status);
    }
  });
}

/** Webhooks: Apprise json://, Android notification and SMS forwarders, generic JSON, text. */
function webhookRoutes(router: Hono, service: IntakeService, hold: Hold): void {
  router.post('/webhook/:name', async (c) => {
    const { userId } = await authenticate(c, service);
    const type = header(c, 'content-type') ?? '';
    const payload = /json/i.test(type)
      ? asFields(parseJson(await readText(c), 'webhook'), 'the webhook')
      : /form/i.test(type)
        ? await readFormOrText(c, 'webhook')
        : await readText(c);
    const message = parseWebhook(c.req.param('name'), payload);
    const receipt = await hold(c, userId, 'webhook', message, true);
    return c.json({ status: 'held', id: receipt.id, itemId: receipt.itemId });
  });
}

function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
