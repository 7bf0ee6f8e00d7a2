import type { Hono } from 'hono';
import type { App } from '../../services/app.ts';
import { checkImageSignature } from './content.ts';
import type { UiEnv } from './env.ts';

const ALLOWED = /^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What the page shows for an image the proxy cannot give: a quiet dashed frame with a line of
 * text, in the reader's language, instead of the browser's broken-image icon. Our own markup
 * (no script, colours that read on light and dark pages).
 */
export function unavailableImage(text: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="96" viewBox="0 0 640 96"><rect x="1" y="1" width="638" height="94" rx="10" fill="#8a9096" fill-opacity="0.08" stroke="#8a9096" stroke-opacity="0.7" stroke-dasharray="6 5"/><text x="320" y="54" text-anchor="middle" font-family="system-ui, sans-serif" font-size="22" fill="#8a9096">${escapeXml(text)}</text></svg>`;
}

/**
 * `GET /img?u=&s=`: fetches a remote image of an item through the safe fetcher (SSRF guard,
 * size limit) for a logged-in user, so that the browser never contacts the foreign host.
 * Only signed URLs (made when the page was rendered) and raster image types are served; an
 * image that cannot be given is answered with a placeholder (`unavailableImage`).
 */
export function imageProxy(router: Hono<UiEnv>, app: App): void {
  router.get('/img', async (c) => {
    const url = c.req.query('u') ?? '';
    const sig = c.req.query('s') ?? '';
    if (!url || !checkImageSignature(url, sig, app.config.secret))
      return c.text('bad image link', 400);
    // Still 502 (scripts and logs see the failure); browsers draw an image body whatever the status.
    const unavailable = () => {
      c.header('content-type', 'image/svg+xml');
      c.header('cache-control', 'private, max-age=300');
      c.header('content-security-policy', "default-src 'none'; sandbox");
      return c.body(unavailableImage(c.get('t')('item.imageUnavailable')), 502);
    };
    let response: Awaited<ReturnType<App['fetcher']['fetch']>>;
    try {
      response = await app.fetcher.fetch(url, {
        headers: { accept: 'image/avif,image/webp,image/*;q=0.8' },
        maxBytes: 5 * 1024 * 1024,
        timeoutMs: 10_000,
      });
    } catch {
      return unavailable();
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (response.status !== 200 || !ALLOWED.test(type)) return unavailable();
    c.header('content-type', type);
    c.header('cache-control', 'private, max-age=86400');
    c.header('content-security-policy', "default-src 'none'; sandbox");
    return c.body(response.body as Uint8Array<ArrayBuffer>);
  });
}
