/**
 * The Social & phone and Imports tabs, and sharing from the reading view, in Chromium against
 * local servers: Mastodon's OAuth round trip through the fixture instance (landing back in the
 * page with a notice), Bluesky with an app password, an intake token whose copy-ready examples
 * are run as shown (curl, real HTTP) and whose pushes are held, a bridge and followed accounts,
 * an export imported with a progress bar and found by search, and the Share menu.
 * Screenshots, axe and 360 px overflow of each page.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/schema.ts';
import { type BlueskyServer, ME, startBlueskyServer } from '../helpers/bluesky-server.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';
import { rss } from '../helpers/feeds.ts';
import { type MastodonServer, startMastodonServer } from '../helpers/mastodon-server.ts';
import { auditPage } from '../helpers/page-audit.ts';

const run = promisify(execFile);

/** Screenshots and checks of the page currently open: no axe violation at all, no overflow. */
async function audit(e: E2e, name: string): Promise<void> {
  const result = await auditPage(e.browser, name);
  expect(result.passes, `${name}: axe ran`).toBeGreaterThan(10);
  expect(result.violations, name).toEqual([]);
  expect(result.overflow360, `${name}: horizontal scrolling at 360 px`).toBe(0);
  expect(
    e.browser.console.filter((line) => /Content Security Policy/i.test(line)),
    name,
  ).toEqual([]);
  expect(e.browser.pageErrors, name).toEqual([]);
}

/** A WhatsApp chat export (Android lines, day-first) of `count` messages, one a minute. */
function whatsappChat(count: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.UTC(2024, 0, 2, 8, 0) + i * 60_000);
    const when = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}, ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
    const text = i === 700 ? 'Meet me at the lighthouse at noon' : `Message ${i} about the harbour`;
    lines.push(`${when} - ${i % 2 ? 'Ann' : 'Jane Doe'}: ${text}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('social and phone, imports, sharing', () => {
  let e: E2e;
  let masto: MastodonServer;
  let bsky: BlueskyServer;
  let user: UserRow;

  const notice = () => e.page.locator('main .notice[role=status]').first().textContent();
  const alert = () => e.page.locator('main .notice[role=alert]').first().textContent();
  const submit = async (selector: string) => {
    await Promise.all([e.page.waitForLoadState('load'), e.page.click(selector)]);
  };

  beforeAll(async () => {
    [masto, bsky] = await Promise.all([startMastodonServer(), startBlueskyServer()]);
    e = await startE2e();
    await e.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: e.url,
    });
    user = await e.setupAndLogin();
  });
  afterAll(async () => {
    await e?.close();
    await Promise.all([masto?.close(), bsky?.close()]);
  });

  it('Mastodon: the OAuth round trip through the instance lands back on the page with a notice', async () => {
    const { page } = e;
    await e.goto('/sources/social');
    await page.fill('#mastodon-instance', masto.url);
    await Promise.all([
      page.waitForURL('**/sources/social?connected=*'),
      page.click('form[action="/sources/social/mastodon"] button.primary'),
    ]);
    const account = `@trwnh@${new URL(masto.url).host}`;
    expect(await notice()).toBe(
      `Connected ${account}: 22 items are held for your next checkpoint.`,
    );
    expect(masto.server.hits('/oauth/authorize')).toBe(1);
    const scope = new URL(masto.server.requests('/oauth/authorize')[0]!.search, masto.url);
    expect(scope.searchParams.get('redirect_uri')).toBe(`${e.url}/oauth/mastodon/callback`);
    const accounts = page.locator('section[aria-labelledby=accounts-title] li.source');
    expect(await accounts.locator('.source-name').allTextContents()).toEqual([account]);
    const stored = await e.app.db.kysely
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .select('items.id')
      .where('sources.kind', '=', 'mastodon')
      .where('items.user_id', '=', user.id)
      .execute();
    expect(stored).toHaveLength(22);
  });

  it('Mastodon: a refused or replayed authorisation comes back with a clear notice', async () => {
    await e.goto('/oauth/mastodon/callback?error=access_denied&error_description=The+user+said+no');
    expect(new URL(e.page.url()).search).toBe('?mastodon=denied');
    expect(await alert()).toBe('Mastodon was not connected: the instance did not give permission.');
    await e.goto('/oauth/mastodon/callback?code=code-1&state=made-up');
    expect(new URL(e.page.url()).search).toBe('?mastodon=expired');
    expect(await alert()).toBe(
      'Mastodon was not connected: the authorisation expired or was already used. Start again.',
    );
  });

  it('Bluesky: a wrong app password is refused with the service’s reason; the right one connects', async () => {
    const { page } = e;
    await e.goto('/sources/social');
    await page.fill('#bluesky-handle', ME.handle);
    await page.fill('#bluesky-password', 'wrong-pass-word-here');
    await page.fill('#bluesky-service', bsky.url);
    await submit('form[action="/sources/social/bluesky"] button.primary');
    expect(await alert()).toMatch(/^Bluesky did not accept this: .*Invalid identifier or password/);
    await page.fill('#bluesky-handle', `@${ME.handle}`);
    await page.fill('#bluesky-password', bsky.password);
    await page.fill('#bluesky-service', bsky.url);
    await submit('form[action="/sources/social/bluesky"] button.primary');
    expect(await notice()).toMatch(
      /^Connected @me\.bsky\.social: \d+ items are held for your next checkpoint\.$/,
    );
    const accounts = page.locator('section[aria-labelledby=accounts-title] .source-name');
    expect(await accounts.allTextContents()).toEqual([
      '@me.bsky.social',
      `@trwnh@${new URL(masto.url).host}`,
    ]);
  });

  it('intake token: shown once with copy-ready examples; the examples, run as shown, are held', async () => {
    const { page } = e;
    await e.goto('/sources/social');
    await page.fill('#intake-label', 'phone');
    await submit('form[action="/sources/social/tokens"] button');
    const token = await page.locator('#new-intake-token').inputValue();
    expect(token).toMatch(/^cpi[A-Za-z0-9]{27}$/);
    // The ntfy examples are open and filled with this server's address and the token.
    const ntfy = await page.locator('#example-ntfy').textContent();
    expect(ntfy).toContain(`Authorization: Bearer ${token}`);
    expect(ntfy).toContain(`"${e.url}/intake/ntfy/backups"`);
    expect(await page.locator('#example-ntfy').isVisible()).toBe(true);
    expect(await page.locator('#example-ntfy-server').inputValue()).toBe(`${e.url}/intake/ntfy`);
    await page.locator('#example-ntfy + button[data-copy]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(ntfy);
    await audit(e, 'social');

    // Every curl example, exactly as the page shows it, through real HTTP.
    const answers: Record<string, unknown> = {};
    for (const id of ['example-ntfy', 'example-gotify', 'example-pushover', 'example-android']) {
      const command = await page.locator(`#${id}`).textContent();
      const { stdout } = await run('sh', ['-c', `${command} --silent --show-error --fail`]);
      answers[id] = JSON.parse(stdout);
    }
    expect(answers['example-ntfy']).toMatchObject({ event: 'message', topic: 'backups' });
    expect(answers['example-gotify']).toMatchObject({
      title: 'Backup',
      message: 'Backup finished',
    });
    expect(answers['example-pushover']).toMatchObject({ status: 1 });
    expect(answers['example-android']).toMatchObject({ status: 'held' });
    const held = await e.app.db.kysely
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .select(['items.title', 'items.author', 'items.priority', 'items.would_push', 'sources.kind'])
      .where('items.user_id', '=', user.id)
      .where('sources.kind', 'in', ['ntfy', 'gotify', 'pushover', 'webhook'])
      .orderBy('items.id')
      .execute();
    expect(held).toEqual([
      { title: 'Backup failed', author: null, priority: 4, would_push: 1, kind: 'ntfy' },
      { title: 'Backup', author: null, priority: 3, would_push: 1, kind: 'gotify' },
      { title: 'Basement', author: null, priority: 4, would_push: 1, kind: 'pushover' },
      { title: 'Ann', author: 'Chat', priority: 3, would_push: 1, kind: 'webhook' },
    ]);
    // Held, not let through: nothing broke through (the urgent-push rule wants priority 5).
    const breakthroughs = await e.app.db.kysely
      .selectFrom('ledger_events')
      .select('id')
      .where('user_id', '=', user.id)
      .where('type', '=', 'breakthrough')
      .execute();
    expect(breakthroughs).toEqual([]);

    // Shown once: on the next visit only the token's name and first characters remain.
    await e.goto('/sources/social');
    expect(await page.locator('#new-intake-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    expect(await page.locator('#example-ntfy').textContent()).toContain('YOUR_TOKEN');
    const pushes = page.locator('section[aria-labelledby=pushes-title] .source-name');
    expect(await pushes.allTextContents()).toEqual(
      expect.arrayContaining(['ntfy: backups', 'Webhook: phone']),
    );

    // Revoked: the same example is refused from then on.
    const row = page.locator('#intake li.token', { hasText: 'phone' });
    await Promise.all([page.waitForLoadState('load'), row.locator('button.danger').click()]);
    expect(await notice()).toBe('Token revoked: senders using it are refused from now on.');
    const refused = await run('sh', [
      '-c',
      `curl --silent --output /dev/null --write-out '%{http_code}' -H "Authorization: Bearer ${token}" -d x "${e.url}/intake/ntfy/backups"`,
    ]);
    expect(refused.stdout).toBe('401');
  });

  it('closed platforms: set an RSSHub bridge, follow an X account, and a Mastodon profile without one', async () => {
    const { page } = e;
    e.site.route('/rsshub/twitter/user/nasa', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        rss('Twitter @nasa', [
          {
            guid: 'x1',
            title: 'Launch window opens at dawn',
            link: 'https://x.com/nasa/status/1',
            date: 'Mon, 02 Mar 2026 05:00:00 GMT',
          },
          {
            guid: 'x2',
            title: 'A new view of the harbour from orbit',
            link: 'https://x.com/nasa/status/2',
            date: 'Sun, 01 Mar 2026 05:00:00 GMT',
          },
        ]),
      );
    });
    e.site.route('/@harbour.rss', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        rss('Harbour Master', [
          {
            guid: 'm1',
            title: 'Ferry timetable for spring',
            date: 'Mon, 02 Mar 2026 06:00:00 GMT',
          },
        ]),
      );
    });
    await e.goto('/sources/social');
    // Without a bridge, an X account cannot be followed: the page says what is missing.
    await page.selectOption('#follow-platform', 'x');
    await page.fill('#follow-account', '@nasa');
    await submit('form[action="/sources/social/follow"] button.primary');
    expect(await alert()).toMatch(/needs an RSSHub or RSS-Bridge instance/);

    await page.fill('#bridge-url', e.site.urlFor('/rsshub'));
    await submit('form[action="/sources/social/bridge"] button:not(.danger)');
    expect(await notice()).toBe(`Bridge saved: ${e.site.urlFor('/rsshub')}`);
    expect(await page.locator('#bridge-current').textContent()).toBe(
      `In use: RSSHub at ${e.site.urlFor('/rsshub')}`,
    );
    await page.selectOption('#follow-platform', 'x');
    await page.fill('#follow-account', 'https://x.com/nasa');
    await submit('form[action="/sources/social/follow"] button.primary');
    expect(await notice()).toBe('Following X: @nasa: 2 items are held for your next checkpoint.');
    await page.selectOption('#follow-platform', 'mastodon');
    await page.fill('#follow-account', `${e.site.url}/@harbour`);
    await submit('form[action="/sources/social/follow"] button.primary');
    expect(await notice()).toBe(
      `Following Mastodon: ${e.site.url}/@harbour: 1 item is held for your next checkpoint.`,
    );
    const followed = page.locator('section[aria-labelledby=followed-title] .source-name');
    expect(await followed.allTextContents()).toEqual([
      `Mastodon: ${e.site.url}/@harbour`,
      'X: @nasa',
    ]);
    const feeds = await e.app.db.kysely
      .selectFrom('sources')
      .select(['url', 'config'])
      .where('user_id', '=', user.id)
      .where('kind', '=', 'feed')
      .orderBy('id')
      .execute();
    expect(feeds.map((f) => [f.url, JSON.parse(f.config).platform])).toEqual([
      [e.site.urlFor('/rsshub/twitter/user/nasa'), 'x'],
      [`${e.site.url}/@harbour.rss`, 'mastodon'],
    ]);
    // Each followed account shows its platform's icon, an inline image named for screen readers.
    const icons = async () =>
      await page
        .locator('.source-name svg.platform-icon')
        .evaluateAll((svgs) =>
          svgs.map((svg) => [svg.getAttribute('role'), svg.getAttribute('aria-label')]),
        );
    expect(await icons()).toEqual([
      ['img', 'Mastodon'],
      ['img', 'X'],
    ]);
    const section = page.locator('section[aria-labelledby=followed-title]');
    expect(await section.getByRole('img', { name: 'X', exact: true }).count()).toBe(1);
    await audit(e, 'social-connected');
    // The same icons on the list of all sources, and none for the sources of other kinds.
    await e.goto('/sources');
    expect(await icons()).toEqual([
      ['img', 'Mastodon'],
      ['img', 'X'],
    ]);
  });

  it('the Share menu of an item lists every platform, by keyboard too', async () => {
    const { page } = e;
    const item = await e.app.db.kysely
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .select(['items.id', 'items.url', 'items.title'])
      .where('sources.kind', '=', 'feed')
      .where('items.title', '=', 'Launch window opens at dawn')
      .executeTakeFirstOrThrow();
    await e.goto(`/items/${item.id}`);
    const menu = page.locator('details.share');
    expect(await menu.locator('ul').isVisible()).toBe(false);
    await menu.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('open')).toBe('');
    const links = menu.locator('ul a');
    expect(await links.allTextContents()).toEqual([
      'LinkedIn',
      'X',
      'Facebook',
      'Threads',
      'WhatsApp',
      'Mastodon',
      'Bluesky',
      'E-mail',
    ]);
    const href = async (platform: string) =>
      (await menu.locator(`a[data-platform=${platform}]`).getAttribute('href')) ?? '';
    const url = encodeURIComponent(item.url!);
    expect(await href('linkedin')).toBe(
      `https://www.linkedin.com/sharing/share-offsite/?url=${url}`,
    );
    expect(await href('x')).toMatch(/^https:\/\/x\.com\/intent\/tweet\?text=Launch\+window/);
    expect(await href('mastodon')).toMatch(new RegExp(`^${masto.url}/share\\?text=`));
    expect(await href('bluesky')).toMatch(/^https:\/\/bsky\.app\/intent\/compose\?text=/);
    expect(await href('email')).toMatch(/^mailto:\?subject=Launch%20window/);
    expect(await menu.locator('a[data-platform=x]').getAttribute('target')).toBe('_blank');
    expect(await menu.locator('a[data-platform=x]').getAttribute('rel')).toContain('noopener');
    await audit(e, 'reading-share');
  });

  it('imports an export with a progress bar; the messages are found by search; importing again adds nothing', async () => {
    const { page } = e;
    await e.goto('/sources/imports');
    expect(await page.locator('#import-progress').isHidden()).toBe(true);
    // Every value the bar takes, recorded in the page as it changes.
    await page.evaluate(() => {
      const bar = document.querySelector('#import-progress')!;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() =>
        seen.push(`${(bar as HTMLProgressElement).value}/${(bar as HTMLProgressElement).max}`),
      ).observe(bar, {
        attributes: true,
        attributeFilter: ['value', 'max', 'hidden'],
      });
    });
    const chat = whatsappChat(1500);
    await page.setInputFiles('#import-file', {
      name: 'WhatsApp Chat with Ann.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(chat),
    });
    await page.selectOption('#import-tz', 'Europe/Amsterdam');
    // A slow uplink, so that the upload takes several progress events.
    const cdp: CDPSession = await e.browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 20 * 1024,
    });
    await page.click('#import-form button[type=submit]');
    await expect
      .poll(() => page.locator('#import-status').textContent())
      .toMatch(/^Uploading: \d+%$/);
    await e.browser.screenshot('imports-progress', 1280);
    await e.browser.screenshot('imports-progress', 390);
    await expect
      .poll(() => page.locator('#import-status').textContent(), { timeout: 20_000 })
      .toBe('WhatsApp chats: 1500 items found, 1500 new, 0 already there.');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const fractions = seen.map((s) => s.split('/').map(Number)).map(([v, m]) => v! / m!);
    expect(new Set(fractions).size).toBeGreaterThanOrEqual(4);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);

    // The page comes back with the summary and the archive in the list.
    await page.waitForURL('**/sources/imports?job=*');
    expect(await page.locator('#import-status').textContent()).toBe(
      'WhatsApp chats: 1500 items found, 1500 new, 0 already there.',
    );
    const archive = page.locator('section[aria-labelledby=archives-title] li.source');
    expect(await archive.locator('.source-name').textContent()).toBe('WhatsApp chats');
    expect(await archive.locator('.item-meta').textContent()).toContain('1500 items');
    await audit(e, 'imports');

    await e.goto('/search?q=lighthouse');
    const found = page.locator('li.item');
    expect(await found.count()).toBe(1);
    expect(await found.locator('.item-summary, .item-title').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('lighthouse')]),
    );
    // Message 700 was written at 19:40 in Amsterdam (UTC+1 in January): 18:40 UTC.
    const stored = await e.app.db.kysely
      .selectFrom('items')
      .select('published_at')
      .where('content_html', 'like', '%lighthouse%')
      .executeTakeFirstOrThrow();
    expect(new Date(stored.published_at!).toISOString()).toBe('2024-01-02T18:40:00.000Z');

    await e.goto('/sources/imports');
    await page.setInputFiles('#import-file', {
      name: 'WhatsApp Chat with Ann.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(chat),
    });
    await page.selectOption('#import-tz', 'Europe/Amsterdam');
    await page.click('#import-form button[type=submit]');
    await expect
      .poll(() => page.locator('#import-status').textContent(), { timeout: 20_000 })
      .toBe('WhatsApp chats: 1500 items found, 0 new, 1500 already there.');
  });

  it('a malformed export stops with the line that is wrong, and stores nothing', async () => {
    const { page } = e;
    const before = await e.app.db.kysely.selectFrom('items').select('id').execute();
    await e.goto('/sources/imports');
    await page.setInputFiles('#import-file', {
      name: 'chat.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Chat with Ann, exported by hand\n31/12/2023, 23:59 - Ann: fine\n'),
    });
    await page.selectOption('#import-kind', 'whatsapp');
    await page.click('#import-form button[type=submit]');
    const status = page.locator('#import-status');
    await expect.poll(() => status.getAttribute('class')).toBe('small status-bad');
    expect(await status.textContent()).toBe(
      'The import stopped, nothing of it was stored: chat.txt, line 1: expected a message line like “31/12/2023, 23:59 - Name: text”.',
    );
    expect(await page.locator('#import-form button[type=submit]').isDisabled()).toBe(false);
    expect(await e.app.db.kysely.selectFrom('items').select('id').execute()).toHaveLength(
      before.length,
    );
  });
});
