/**
 * lib/net reports failures as its own `NetError`, knowing nothing of the app; services, pages,
 * the API and the CLI speak in domain errors. These turn one into the other with the same code,
 * message and URL, so that every message, error code and HTTP status stays what it was.
 */
import { FetchError } from '../domain/errors.ts';
import { NetError } from '../lib/net/errors.ts';
import type { SafeFetcher } from '../lib/net/safe-fetch.ts';

/**
 * A `NetError` as the domain's `FetchError` (same code, message and URL; the `NetError` as its
 * cause); anything else as it is.
 *
 * @example throw toDomainError(new NetError('dns', 'fetch: cannot resolve x.invalid (ENOTFOUND)', 'x.invalid')) // FetchError dns
 */
export function toDomainError(error: unknown): unknown {
  if (!(error instanceof NetError)) return error;
  return new FetchError(error.code, error.message, error.url, { cause: error });
}

/**
 * The fetcher whose failures are domain errors: what the app hands to sources, delivery and
 * pages, so that none of them needs to know lib/net's errors.
 *
 * @example const fetcher = withDomainErrors(createSafeFetcher({ allowNetworks: [] }));
 */
export function withDomainErrors(fetcher: SafeFetcher): SafeFetcher {
  return {
    fetch: (url, opts) =>
      fetcher.fetch(url, opts).catch((error: unknown) => {
        throw toDomainError(error);
      }),
    close: () => fetcher.close(),
  };
}
