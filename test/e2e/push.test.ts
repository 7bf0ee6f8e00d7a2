/**
 * Web Push in Chromium without a vendor push service: the page registers `/sw.js`, the test
 * delivers a push to the worker with the DevTools protocol (`ServiceWorker.deliverPushMessage`)
 * carrying exactly the payload the server sends, and reads the notification the worker shows.
 * The subscription's server half (`POST /push/subscribe`) is checked with the page's own fetch.
 */
import { createECDH, randomBytes } from 'node:crypto';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushPayload } from '../../src/channels/webpush.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  icon: string;
  data: { url?: string } | null;
}

describe('Web Push', () => {
  let e: E2e;
  let user: UserRow;
  let cdp: CDPSession;
  let registrationId = '';

  beforeAll(async () => {
    e = await startE2e();
    user = await e.setupAndLogin();
    await e.browser.context.grantPermissions(['notifications'], { origin: e.url });
  });
  afterAll(async () => {
    await cdp?.detach().catch(() => {});
    await e?.close();
  });

  it('registers the service worker of the schedule page', async () => {
    await e.goto('/schedule');
    cdp = await e.browser.context.newCDPSession(e.page);
    const registered = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${e.url}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const scope = await e.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      return registration.scope;
    });
    expect(scope).toBe(`${e.url}/`);
    registrationId = await registered;
    expect(registrationId).toMatch(/^\d+$/);
    expect(await e.page.evaluate(() => Notification.permission)).toBe('granted');
  });

  it('shows the checkpoint notice the server would send, with its link', async () => {
    await showPush(
      pushPayload({
        kind: 'checkpoint',
        title: 'Your 12:30 checkpoint is ready',
        body: '6 items, ~6 min',
        url: `${e.url}/checkpoint`,
        priority: 3,
        tags: ['checkpoint'],
      }),
      () => notifications(),
      [
        {
          title: 'Your 12:30 checkpoint is ready',
          body: '6 items, ~6 min',
          tag: 'checkpoint',
          icon: `${e.url}/icon.svg`,
          data: { url: `${e.url}/checkpoint` },
        },
      ],
    );

    // A second checkpoint notice replaces the first (same tag): one notice, not a pile.
    await showPush(
      pushPayload({
        kind: 'checkpoint',
        title: 'Your 17:00 checkpoint is ready',
        body: '3 items, ~2 min',
        url: `${e.url}/checkpoint`,
        priority: 3,
        tags: ['checkpoint'],
      }),
      async () => (await notifications()).map((n) => n.title),
      ['Your 17:00 checkpoint is ready'],
    );
  });

  it('shows a breakthrough with the item link, and survives a payload that is not JSON', async () => {
    await showPush(
      pushPayload({
        kind: 'breakthrough',
        title: 'Server room: temperature high',
        body: 'Priority 5 from ntfy',
        url: `${e.url}/items/7`,
        priority: 5,
        tags: ['warning'],
      }),
      async () => (await notifications()).find((n) => n.title.startsWith('Server room'))?.data,
      { url: `${e.url}/items/7` },
    );
    await showPush(
      'plain words',
      async () => (await notifications()).find((n) => n.body === 'plain words')?.title,
      'Checkpoint',
    );
  });

  it('stores a subscription sent by the page (CSRF header required)', async () => {
    const keys = {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    };
    const subscription = { endpoint: 'https://push.example/send/abc', keys };
    const post = (withToken: boolean) =>
      e.page.evaluate(
        async ({ body, withToken }) => {
          const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
          const response = await fetch('/push/subscribe', {
            method: 'POST',
            body: JSON.stringify(body),
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              ...(withToken ? { 'x-csrf-token': csrf } : {}),
            },
          });
          return response.status;
        },
        { body: subscription, withToken },
      );
    expect(await post(false)).toBe(403);
    expect(await e.app.db.kysely.selectFrom('push_subscriptions').selectAll().execute()).toEqual(
      [],
    );
    expect(await post(true)).toBe(200);
    const rows = await e.app.db.kysely
      .selectFrom('push_subscriptions')
      .select(['user_id', 'endpoint', 'p256dh', 'auth'])
      .execute();
    expect(rows).toEqual([
      { user_id: user.id, endpoint: subscription.endpoint, p256dh: keys.p256dh, auth: keys.auth },
    ]);
    expect(e.browser.pageErrors).toEqual([]);
  });

  /**
   * Delivers a push to the worker and waits until `read` gives `expected`.
   * Chromium's `getNotifications()` keeps its store in step with what the platform shows, and
   * drops a notification the platform has not displayed yet. A read that comes too soon after
   * `showNotification` can so remove the very notice it looks for (seen about one run in five on
   * a loaded machine). Reads therefore wait a little, and a push whose notice was lost that way
   * is delivered once more, at most three times in all. What is checked stays exact.
   */
  async function showPush<T>(data: string, read: () => Promise<T>, expected: T): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: e.url, registrationId, data });
      await new Promise((resolve) => setTimeout(resolve, 300));
      try {
        await expect.poll(read, { timeout: 3_000, interval: 300 }).toEqual(expected);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  async function notifications(): Promise<ShownNotification[]> {
    return await e.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const list = await registration.getNotifications();
      return list.map((n) => ({
        title: n.title,
        body: n.body,
        tag: n.tag,
        icon: n.icon,
        data: n.data as { url?: string } | null,
      }));
    });
  }
});
