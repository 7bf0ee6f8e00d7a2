import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export interface Asset {
  path: string;
  body: string;
  type: string;
}

/** Fingerprinted static files of the web app; built once at start. */
export interface Assets {
  css: Asset;
  js: Asset;
  sw: Asset;
  manifest: Asset;
  icon: Asset;
}

function fingerprint(name: string, ext: string, body: string, type: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { path: `/assets/${name}.${hash}.${ext}`, body, type };
}

async function bundle(entry: string): Promise<string> {
  // Only the web server builds assets: the CLI's commands never load esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [here(entry)],
    bundle: true,
    write: false,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
  });
  return result.outputFiles[0]!.text;
}

let cached: Promise<Assets> | undefined;

/** Builds the client script and service worker (esbuild) and reads the stylesheet. */
export function loadAssets(): Promise<Assets> {
  cached ??= (async () => {
    const [js, sw] = await Promise.all([bundle('./client/app.ts'), bundle('./client/sw.ts')]);
    const icon = readFileSync(here('./assets/icon.svg'), 'utf8');
    return {
      css: fingerprint(
        'style',
        'css',
        readFileSync(here('./assets/style.css'), 'utf8'),
        'text/css; charset=utf-8',
      ),
      js: fingerprint('app', 'js', js, 'text/javascript; charset=utf-8'),
      // The service worker must keep a stable URL at the root to control every page.
      sw: { path: '/sw.js', body: sw, type: 'text/javascript; charset=utf-8' },
      icon: { path: '/icon.svg', body: icon, type: 'image/svg+xml' },
      manifest: {
        path: '/manifest.webmanifest',
        type: 'application/manifest+json',
        body: JSON.stringify({
          name: 'Checkpoint',
          short_name: 'Checkpoint',
          description: 'Pull, don’t be pushed.',
          // Explicit id and scope: the app keeps its identity if start_url ever changes.
          id: '/checkpoint',
          start_url: '/checkpoint',
          scope: '/',
          display: 'standalone',
          background_color: '#f6f5f1',
          theme_color: '#2f5d50',
          icons: [
            { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any maskable' },
          ],
        }),
      },
    };
  })();
  return cached;
}

/** Serves the assets (built on first use); fingerprinted ones are cached for a year. */
export function assetRoutes(http: Hono): void {
  const serve = (pick: (assets: Assets) => Asset) => async (c: Context) => {
    const assets = await loadAssets();
    const asset = pick(assets);
    if (asset.path !== c.req.path) return c.notFound();
    const immutable = asset.path.startsWith('/assets/');
    c.header('content-type', asset.type);
    c.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (asset === assets.sw) c.header('service-worker-allowed', '/');
    return c.body(asset.body);
  };
  http.get(
    '/assets/style.*',
    serve((a) => a.css),
  );
  http.get(
    '/assets/app.*',
    serve((a) => a.js),
  );
  http.get(
    '/sw.js',
    serve((a) => a.sw),
  );
  http.get(
    '/manifest.webmanifest',
    serve((a) => a.manifest),
  );
  http.get(
    '/icon.svg',
    serve((a) => a.icon),
  );
}
