/**
 * Real-browser helpers: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), against Checkpoint served on a free port of 127.0.0.1.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createHttpApp } from '../../src/http/app.ts';
import type { App } from '../../src/services/app.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots go (kept as test artifacts). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves the app's HTTP surface on 127.0.0.1 and `port` (default: any free port). */
export async function serveApp(app: App, port = 0): Promise<Served> {
  const http = createHttpApp(app);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: http.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every request the browser made, to check that nothing went to a foreign host. */
  requests: string[];
  /** Dialogs (alert/confirm) that opened: a hostile feed must not open any. */
  dialogs: string[];
  /** Console errors and warnings of every page (CSP violations show up here). */
  console: string[];
  /** Uncaught exceptions of every page. */
  pageErrors: string[];
  /** `fullPage: false` keeps to the viewport (a modal dialog and its backdrop). */
  screenshot(name: string, width?: number, options?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile. */
export async function launchBrowser(
  options: { locale?: string; timezoneId?: string } = {},
): Promise<Browser> {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: options.locale ?? 'en-GB',
    timezoneId: options.timezoneId ?? 'Europe/Amsterdam',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const dialogs: string[] = [];
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      consoleLines.push(message.text());
  });
  context.on('weberror', (error) => pageErrors.push(error.error().message));
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    requests,
    dialogs,
    console: consoleLines,
    pageErrors,
    async screenshot(name, width = 1280, options = {}) {
      const current = page.viewportSize();
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      await page.screenshot({
        path: join(ARTIFACTS, `${name}-${width}.png`),
        fullPage: options.fullPage ?? true,
      });
      if (current) await page.setViewportSize(current);
    },
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
