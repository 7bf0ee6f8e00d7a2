import { describe, expect, it } from 'vitest';
import { FetchError, type FetchErrorCode } from '../../src/domain/errors.ts';
import { NetError, type NetErrorCode } from '../../src/lib/net/errors.ts';
import type { SafeFetcher } from '../../src/lib/net/safe-fetch.ts';
import { toDomainError, withDomainErrors } from '../../src/services/net-errors.ts';

describe('toDomainError', () => {
  it('knows the same codes as the domain (checked by the compiler)', () => {
    type Same = [NetErrorCode] extends [FetchErrorCode]
      ? [FetchErrorCode] extends [NetErrorCode]
        ? true
        : false
      : false;
    const same: Same = true;
    expect(same).toBe(true);
  });

  it('turns a NetError into a FetchError with the same code, message and URL', () => {
    const net = new NetError(
      'blocked',
      'fetch: 10.0.0.1 is a private address (blocked)',
      'http://10.0.0.1/',
    );
    const mapped = toDomainError(net);
    expect(mapped).toBeInstanceOf(FetchError);
    expect(mapped).toMatchObject({
      name: 'FetchError',
      code: 'blocked',
      message: 'fetch: 10.0.0.1 is a private address (blocked)',
      url: 'http://10.0.0.1/',
      localised: { key: 'error.fetch.blocked', params: { url: 'http://10.0.0.1/' } },
      cause: net,
    });
  });

  it('leaves every other error as it is', () => {
    const other = new Error('boom');
    expect(toDomainError(other)).toBe(other);
    expect(toDomainError('text')).toBe('text');
  });
});

describe('withDomainErrors', () => {
  it('rejects with FetchError where the fetcher rejects with NetError, and passes the rest through', async () => {
    const abort = new Error('aborted by the caller');
    const raw: SafeFetcher = {
      fetch: async (url) => {
        if (url === 'abort') throw abort;
        throw new NetError('dns', `fetch: cannot resolve ${url} (ENOTFOUND)`, url);
      },
      close: async () => {},
    };
    const fetcher = withDomainErrors(raw);
    await expect(fetcher.fetch('x.invalid')).rejects.toBeInstanceOf(FetchError);
    await expect(fetcher.fetch('x.invalid')).rejects.toMatchObject({
      code: 'dns',
      message: 'fetch: cannot resolve x.invalid (ENOTFOUND)',
    });
    await expect(fetcher.fetch('abort')).rejects.toBe(abort);
  });
});
