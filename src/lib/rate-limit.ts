/**
 * Token buckets per key, in memory: `burst` requests at once, refilled at `perSecond`.
 * Time comes from the caller so that tests need no sleeps.
 *
 * @example
 * const limiter = createRateLimiter({ burst: 60, perSecond: 10 });
 * limiter.take('token-7', Date.now()); // { ok: true, retryAfterSeconds: 0 }
 */
export interface RateLimiter {
  take(key: string, nowMs: number): { ok: boolean; retryAfterSeconds: number };
}

export interface RateLimitOptions {
  burst: number;
  perSecond: number;
  /** Keys idle this long are dropped (default 10 minutes) so the map stays small. */
  idleMs?: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const idleMs = options.idleMs ?? 600_000;
  let lastSweep = 0;
  const sweep = (now: number) => {
    if (now - lastSweep < idleMs) return;
    lastSweep = now;
    for (const [key, bucket] of buckets) if (now - bucket.at > idleMs) buckets.delete(key);
  };
  return {
    take(key, now) {
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      const refill = ((now - bucket.at) / 1000) * options.perSecond;
      bucket.tokens = Math.min(options.burst, bucket.tokens + Math.max(0, refill));
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true, retryAfterSeconds: 0 };
      }
      return { ok: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / options.perSecond) };
    },
  };
}
