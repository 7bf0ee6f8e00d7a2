/**
 * A WHATWG `fetch` over the safe fetcher, for libraries that take a custom fetch (masto,
 * @atproto/api). Same guard, limits, deadline and User-Agent; the body streams to the caller
 * and still fails with `FetchError('too_large')` past the limit. `redirect: 'manual'` returns
 * the 3xx response itself; `redirect: 'error'` fails with `too_many_redirects`. Once the
 * Request is formed, failures throw `FetchError` (where WHATWG fetch throws a bare TypeError);
 * an abort rejects with the signal's reason.
 */
import { FetchError } from '../../domain/errors.ts';
import { toWebStream } from './body.ts';
import type { OpenFn, RedirectMode } from './safe-fetch.ts';

/**
 * Builds the fetch function from the fetcher's `open`.
 *
 * @example const masto = createRestAPIClient({ url, accessToken, fetch: fetcher.fetchApi })
 */
export function makeFetchApi(open: OpenFn): typeof globalThis.fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
    const opened = await open(
      req.url,
      {
        method: req.method,
        headers: Object.fromEntries(req.headers),
        ...(body ? { body } : {}),
        ...(signal ? { signal } : {}),
      },
      req.redirect as RedirectMode,
    );
    if (opened.status < 200 || opened.status > 599) {
      opened.body?.destroy();
      const message = `fetch: ${opened.url} answered with status ${opened.status}, outside 200-599`;
      throw new FetchError('network', message, opened.url);
    }
    const stream = opened.body ? toWebStream(opened.body, opened.mapError) : null;
    const response = new Response(stream, {
      status: opened.status,
      statusText: opened.statusText,
      headers: opened.headers,
    });
    // A constructed Response has url '' and redirected false; make them tell the truth.
    Object.defineProperties(response, {
      url: { value: opened.url },
      redirected: { value: opened.redirects.length > 0 },
    });
    return response;
  };
}
