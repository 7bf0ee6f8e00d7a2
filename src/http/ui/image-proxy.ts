import type { Hono } from 'hono';
import type { App } from '../../services/app.ts';
import { checkImageSignature } from './content.ts';
import type { UiEnv } from './env.ts';

const ALLOWED = /^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/;

/**
 * `GET /img?u=&s=`: fetches a remote image of an item through the safe fetcher (SSRF guard,
 * size limit) for a logged-in user, so that the browser never contacts the foreign host.
 * Only signed URLs (made when the page was rendered) and raster image types are served.
 */
export function imageProxy(router: Hono<UiEnv>, app: App): void {
  router.get('/img', async (c) => {
    const url = c.req.query('u') ?? '';
    const sig = c.req.query('s') ?? '';
    if (!url || !checkImageSignature(url, sig, app.config.secret))
      return c.text('bad image link', 400);
    let response: Awaited<ReturnType<App['fetcher']['fetch']>>;
    try {
      response = await app.fetcher.fetch(url, {
        headers: { accept: 'image/avif,image/webp,image/*;q=0.8' },
        maxBytes: 5 * 1024 * 1024,
        timeoutMs: 10_000,
      });
    } catch {
      return c.text('image unavailable', 502);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (response.status !== 200 || !ALLOWED.test(type)) return c.text('image unavailable', 502);
    c.header('content-type', type);
    c.header('cache-control', 'private, max-age=86400');
    c.header('content-security-policy', "default-src 'none'; sandbox");
    return c.body(response.body as Uint8Array<ArrayBuffer>);
  });
}
