import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FeedParseError } from '../domain/errors.ts';
import type { ItemDraft } from '../domain/types.ts';
import { parseFeed } from '../sources/feed/parse.ts';
import type { ParsedFeed, ParseOptions } from '../sources/feed/types.ts';
import { type PreparedItem, prepareDraft } from './prepare.ts';
import type { PrepareRequest, PrepareResponse } from './prepare-worker.ts';

export interface PrepareJob {
  draft: ItemDraft;
  /** Its hash when already computed (else computed where it is prepared). */
  hash?: string;
}

/** Threads lost before the pool stops starting new ones (and prepares on the caller's). */
const MAX_FAILURES = 3;
/** Chunks posted to one thread ahead of its answers. */
const QUEUE_PER_THREAD = 4;

interface Pending {
  /** Takes the thread's answer, or null: do the work on this thread instead. */
  settle: (response: PrepareResponse | null) => void;
}

/** Set by bin/bundle.js in the bundled command: the worker's own bundle. */
declare const __CHECKPOINT_WORKER__: string | undefined;

/** The worker thread's module: bundled next to the command, else the TypeScript sources via tsx. */
function defaultEntry(): URL {
  return typeof __CHECKPOINT_WORKER__ === 'string'
    ? new URL(__CHECKPOINT_WORKER__)
    : new URL('./prepare-worker.js', import.meta.url);
}

/**
 * Worker threads for the CPU-heavy pure steps of ingestion (sanitising and deriving text, and
 * parsing a large feed body), so that a large batch is prepared on other cores while the main
 * thread parses and writes to the database, and a 7 MB body never stalls the event loop. Threads start on first use and do not keep the process alive when idle.
 * A chunk a thread cannot handle (the thread failed to start or died) is prepared on the
 * calling thread instead: the pool makes ingestion faster, never less reliable.
 */
export class PreparePool {
  private readonly workers: Worker[] = [];
  private readonly waiting: PrepareRequest[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Chunks posted to each thread and not answered yet, oldest first. */
  private readonly posted = new Map<Worker, number[]>();
  private nextId = 1;
  private failures = 0;
  /** Items prepared by the threads, and by the calling thread after a thread failed. */
  readonly counts = { threads: 0, fallback: 0 };
  /** Feeds parsed by the threads, and by the calling thread after a thread failed. */
  readonly feeds = { threads: 0, fallback: 0 };

  /**
   * @param size threads at most
   * @param entry the worker's module (tests give a broken one to see the fallback)
   */
  constructor(
    readonly size: number,
    private readonly entry: URL = defaultEntry(),
  ) {}

  /** Prepares one chunk on a worker thread (in the order chunks were given). */
  prepare(jobs: PrepareJob[]): Promise<PreparedItem[]> {
    return new Promise((resolve) => {
      this.post({ id: this.nextId++, jobs }, (response) => {
        if (response !== null && 'items' in response) {
          this.counts.threads += response.items.length;
          resolve(response.items);
        } else {
          this.counts.fallback += jobs.length;
          resolve(jobs.map((j) => prepareDraft(j.draft, j.hash)));
        }
      });
    });
  }

  /**
   * Parses a feed on a worker thread: what `parseFeed` returns on this thread (its Dates
   * survive the structured clone), or the same FeedParseError.
   *
   * @example await pool.parseFeed(response.body, { contentType, url })
   */
  parseFeed(body: Uint8Array | string, options: ParseOptions): Promise<ParsedFeed> {
    return new Promise((resolve, reject) => {
      this.post({ id: this.nextId++, feed: { body, options } }, (response) => {
        if (response !== null && 'feed' in response) resolve(response.feed);
        else if (response !== null && 'feedError' in response) {
          const { message, localised } = response.feedError;
          reject(new FeedParseError(message, localised ? { localised } : undefined));
        } else {
          this.feeds.fallback++;
          try {
            resolve(parseFeed(body, options));
          } catch (error) {
            reject(error);
          }
          return;
        }
        this.feeds.threads++;
      });
    });
  }

  private post(request: PrepareRequest, settle: Pending['settle']): void {
    this.pending.set(request.id, { settle });
    this.waiting.push(request);
    this.dispatch();
  }

  /** Stops the threads (jobs still queued are prepared on the calling thread). */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.posted.clear();
    await Promise.all(workers.map((w) => w.terminate()));
    for (const [id] of this.pending) this.fallback(id);
  }

  /**
   * Posts waiting chunks to the least busy thread, up to a few each: a thread starts its next
   * chunk at once instead of waiting for this thread to read its answer.
   */
  private dispatch(): void {
    if (this.failures >= MAX_FAILURES) {
      for (const w of this.waiting.splice(0)) this.fallback(w.id);
      return;
    }
    while (this.waiting.length > 0) {
      let worker: Worker | null = null;
      for (const w of this.workers) {
        const load = this.posted.get(w)!.length;
        if (load < QUEUE_PER_THREAD && (!worker || load < this.posted.get(worker)!.length))
          worker = w;
      }
      if (!worker || this.posted.get(worker)!.length > 0) worker = this.start() ?? worker;
      if (!worker) return;
      const next = this.waiting.shift()!;
      this.posted.get(worker)!.push(next.id);
      worker.ref();
      worker.postMessage(next);
    }
  }

  private start(): Worker | null {
    if (this.workers.length >= this.size) return null;
    const worker = new Worker(this.entry, {
      // The parent's loader flags are not needed: either entry runs on plain Node.
      execArgv: [],
    });
    this.workers.push(worker);
    this.posted.set(worker, []);
    worker.on('message', (response: PrepareResponse) => {
      const posted = this.posted.get(worker);
      const at = posted?.indexOf(response.id) ?? -1;
      if (at !== -1) posted?.splice(at, 1);
      const job = this.pending.get(response.id);
      if (job) {
        this.pending.delete(response.id);
        job.settle('error' in response ? null : response);
      }
      if (posted?.length === 0) worker.unref();
      this.dispatch();
    });
    const lost = () => {
      const index = this.workers.indexOf(worker);
      if (index === -1) return;
      this.workers.splice(index, 1);
      this.failures++;
      for (const id of this.posted.get(worker) ?? []) this.fallback(id);
      this.posted.delete(worker);
      // Work still queued goes to the remaining threads, or to the caller's thread.
      if (this.workers.length === 0 || this.failures >= MAX_FAILURES)
        for (const w of this.waiting.splice(0)) this.fallback(w.id);
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    return worker;
  }

  private fallback(id: number): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    job.settle(null);
  }
}

/** HTML of a batch from which it is sanitised on a thread, however few its items (~100 ms here). */
export const HEAVY_CONTENT_CHARS = 256 * 1024;

/**
 * True when a batch's HTML is large enough that sanitising it here would stall the event loop
 * (one item of 10^6 elements took 250 ms: bench/nesting.ts), so it goes to a thread whole.
 *
 * @example heavyContent([{ draft }]) // true for a draft with 1 MB of content
 */
export function heavyContent(jobs: readonly PrepareJob[]): boolean {
  let chars = 0;
  for (const job of jobs) {
    chars += job.draft.contentHtml?.length ?? 0;
    if (chars >= HEAVY_CONTENT_CHARS) return true;
  }
  return false;
}

let shared: PreparePool | null = null;

/**
 * The process's pool: one thread per core beyond the first (at most 3), none on one core.
 * Null when there is no other core to use.
 */
export function sharedPreparePool(): PreparePool | null {
  if (shared) return shared;
  const size = Math.min(3, availableParallelism() - 1);
  if (size < 1) return null;
  shared = new PreparePool(size);
  return shared;
}
