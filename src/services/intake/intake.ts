/**
 * Push intake: authenticates intake tokens (cached briefly), limits each token's rate, and
 * stores pushed messages with group commit — requests that arrive together are stored in one
 * transaction per source, and each request is answered only after that commit (DESIGN.md
 * invariant 4). Every message lands in a source of its kind per user, created on first use:
 * one per ntfy topic and webhook name, one for Gotify and one for Pushover.
 */
import { randomBytes } from 'node:crypto';
import { findStoredHashes } from '../../db/repos/items.ts';
import { findSourceByUrl, insertSource } from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { CheckpointError, ForbiddenError } from '../../domain/errors.ts';
import { intakeDraft } from '../../intake/draft.ts';
import type { IntakeMessage } from '../../intake/types.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { createRateLimiter, type RateLimiter } from '../../lib/rate-limit.ts';
import type { App } from '../app.ts';
import { ingestDrafts } from '../items/ingest.ts';
import { authenticateIntakeToken } from './intake-tokens.ts';

export type IntakeKind = 'ntfy' | 'gotify' | 'pushover' | 'webhook';

/** Too many requests for one token (HTTP 429). */
export class RateLimitedError extends CheckpointError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      'rate_limited',
      `intake: too many messages for this token; retry in ${retryAfterSeconds} s`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface IntakeIdentity {
  userId: number;
  tokenId: number;
}

export interface IntakeSubmission {
  userId: number;
  kind: IntakeKind;
  message: IntakeMessage;
  /** The sender's Idempotency-Key: the same key twice stores one item. */
  idempotencyKey?: string | null;
  /** The receiver answers with the item's row id (Gotify, webhooks): look it up after commit. */
  wantsItemId?: boolean;
}

export interface IntakeReceipt {
  /** The message id (ntfy-style), stable for an idempotency key. */
  id: string;
  /** The item's row id when `wantsItemId` was set, else null. */
  itemId: number | null;
  sourceId: number;
}

export interface IntakeOptions {
  /** Per token: burst and sustained messages per second (default 600 and 60). */
  rateLimit?: { burst: number; perSecond: number };
  /** Most messages committed in one transaction (default 512). */
  maxBatch?: number;
  /** How long an authenticated token is trusted without a lookup (default 10 s). */
  tokenCacheMs?: number;
}

interface Pending {
  submission: IntakeSubmission;
  id: string;
  resolve(receipt: IntakeReceipt): void;
  reject(error: unknown): void;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

let pool = Buffer.alloc(0);
let poolAt = 0;

/** A 12-character message id like ntfy's (random bytes drawn from a pool: one call per 4 KB). */
function messageId(): string {
  let id = '';
  while (id.length < 12) {
    if (poolAt >= pool.length) {
      pool = randomBytes(4096);
      poolAt = 0;
    }
    const byte = pool[poolAt++]!;
    if (byte < 248) id += ALPHABET[byte % 62];
  }
  return id;
}

/** The stable identity of an intake source: the path its messages arrive at. */
export function intakePath(kind: IntakeKind, channel: string): string {
  switch (kind) {
    case 'ntfy':
      return `/intake/ntfy/${channel}`;
    case 'webhook':
      return `/intake/webhook/${channel}`;
    case 'gotify':
      return '/intake/gotify/message';
    case 'pushover':
      return '/intake/pushover/1/messages.json';
  }
}

function sourceName(kind: IntakeKind, channel: string): string {
  if (kind === 'ntfy') return `ntfy: ${channel}`;
  if (kind === 'webhook') return `Webhook: ${channel}`;
  return kind === 'gotify' ? 'Gotify' : 'Pushover';
}

export interface IntakeService {
  /** The first candidate that is a live intake token, or null. */
  authenticate(candidates: readonly string[]): Promise<IntakeIdentity | null>;
  /** Counts one request against the token's rate; throws RateLimitedError when over. */
  admit(identity: IntakeIdentity): void;
  /** Stores a message; resolves after its transaction committed. */
  submit(submission: IntakeSubmission): Promise<IntakeReceipt>;
}

const services = new WeakMap<App, IntakeService>();

/** The intake service of an App (one per App, shared by its HTTP app and API). */
export function intakeService(app: App, options: IntakeOptions = {}): IntakeService {
  let service = services.get(app);
  if (!service) {
    service = createIntakeService(app, options);
    services.set(app, service);
  }
  return service;
}

function createIntakeService(app: App, options: IntakeOptions): IntakeService {
  const limiter: RateLimiter = createRateLimiter(
    options.rateLimit ?? { burst: 600, perSecond: 60 },
  );
  const cacheMs = options.tokenCacheMs ?? 10_000;
  const committer = createGroupCommitter(app, options.maxBatch ?? 512);

  return {
    async authenticate(candidates) {
      for (const token of candidates) {
        const row = await authenticateIntakeToken(app, token, cacheMs);
        if (row) return { userId: row.user_id, tokenId: row.id };
      }
      return null;
    },
    admit(identity) {
      const verdict = limiter.take(`t${identity.tokenId}`, app.clock.now().getTime());
      if (!verdict.ok) throw new RateLimitedError(verdict.retryAfterSeconds);
    },
    submit(submission) {
      const key = submission.idempotencyKey?.trim();
      const id = key ? `k${sha256Hex(key).slice(0, 19)}` : messageId();
      return committer.enqueue(submission, id);
    },
  };
}

/**
 * Group commit: messages queue per source; one loop stores each source's queue in one
 * transaction (ingestDrafts) and answers every waiting request after the commit. While a
 * batch is being stored the next one gathers, so under load each commit carries many
 * messages and with a single sender no message waits for a timer.
 */
function createGroupCommitter(app: App, maxBatch: number) {
  const queues = new Map<string, Pending[]>();
  // Source rows by queue key, re-read after a second (a paused source stops taking pushes).
  const sources = new Map<string, { row: SourceRow; at: number }>();
  let running = false;

  async function sourceFor(key: string, first: IntakeSubmission): Promise<SourceRow> {
    const hit = sources.get(key);
    if (hit && Date.now() - hit.at < 1000) return hit.row;
    const row = await ensureSource(app, first.userId, first.kind, first.message.channel);
    if (sources.size > 10_000) sources.clear();
    sources.set(key, { row, at: Date.now() });
    return row;
  }

  async function loop(): Promise<void> {
    running = true;
    try {
      while (queues.size > 0) {
        const batch = [...queues];
        queues.clear();
        for (const [key, pending] of batch) {
          for (let i = 0; i < pending.length; i += maxBatch) {
            await flush(key, pending.slice(i, i + maxBatch));
          }
        }
      }
    } finally {
      running = false;
    }
  }

  async function store(key: string, pending: Pending[]): Promise<void> {
    const source = await sourceFor(key, pending[0]!.submission);
    if (source.enabled !== 1) {
      throw new ForbiddenError(`intake: the source "${source.name}" is paused`);
    }
    const drafts = pending.map((p) => intakeDraft(p.submission.message, p.id));
    await ingestDrafts(app, source, drafts);
    const wanted = pending.filter((p) => p.submission.wantsItemId).map((p) => p.id);
    const ids = wanted.length ? await itemIds(app, source.id, wanted) : new Map<string, number>();
    for (const p of pending) {
      p.resolve({ id: p.id, itemId: ids.get(p.id) ?? null, sourceId: source.id });
    }
  }

  /**
   * Stores a group in one transaction. When that fails and the group holds several messages,
   * each is stored again on its own: one message the database refuses fails alone, and its
   * neighbours are answered as if it had never been sent (Invariant 4: nothing accepted is lost).
   */
  async function flush(key: string, pending: Pending[]): Promise<void> {
    try {
      await store(key, pending);
    } catch (error) {
      sources.delete(key); // a source removed meanwhile is looked up (and re-created) next time
      if (pending.length === 1 || error instanceof ForbiddenError) {
        for (const p of pending) p.reject(error);
        return;
      }
      app.log.warn(
        { err: error, messages: pending.length },
        'intake: a group failed; storing one by one',
      );
      for (const p of pending) await flush(key, [p]);
    }
  }

  return {
    enqueue(submission: IntakeSubmission, id: string): Promise<IntakeReceipt> {
      return new Promise<IntakeReceipt>((resolve, reject) => {
        const key = `${submission.userId} ${submission.kind} ${submission.message.channel}`;
        const queue = queues.get(key) ?? [];
        queue.push({ submission, id, resolve, reject });
        queues.set(key, queue);
        // setImmediate: requests whose bodies arrived in this turn of the event loop join.
        if (!running) {
          running = true;
          setImmediate(() => {
            loop().catch((error) => app.log.error({ err: error }, 'intake: commit loop failed'));
          });
        }
      });
    },
  };
}

async function itemIds(
  app: App,
  sourceId: number,
  externalIds: string[],
): Promise<Map<string, number>> {
  const stored = await findStoredHashes(app.db.kysely, sourceId, [...new Set(externalIds)]);
  return new Map([...stored].map(([externalId, row]) => [externalId, row.id]));
}

/** The user's source for a kind and channel, created on first use (race-safe by its URL). */
export async function ensureSource(
  app: App,
  userId: number,
  kind: IntakeKind,
  channel: string,
): Promise<SourceRow> {
  const url = intakePath(kind, channel);
  const existing = await findSourceByUrl(app.db.kysely, userId, kind, url);
  if (existing) return existing;
  const now = app.clock.now().getTime();
  try {
    return await insertSource(app.db.kysely, {
      user_id: userId,
      kind,
      name: sourceName(kind, channel),
      url,
      config: JSON.stringify({ intake: kind, ...(channel ? { channel } : {}) }),
      created_at: now,
      last_success_at: now,
    });
  } catch (error) {
    // Another process created it between our lookup and insert (unique user+kind+url).
    const again = await findSourceByUrl(app.db.kysely, userId, kind, url);
    if (again) return again;
    throw error;
  }
}
