import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** What `PRAGMA wal_checkpoint` reports: WAL frames in all, and how many are in the database. */
export interface WalCheckpoint {
  busy: number;
  log: number;
  checkpointed: number;
}

/** How often the thread checkpoints the WAL (a checkpoint of an idle WAL costs next to nothing). */
const INTERVAL_MS = 500;

/** SQLite's own default, restored when the thread is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The thread's code (CommonJS, evaluated): its own connection to the same file, a PASSIVE
 * checkpoint on a timer and when asked. PASSIVE never waits for or blocks readers and writers.
 */
const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (id) => parentPort.postMessage({ id, result: checkpoint() }));
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits
 * past 1,000 WAL pages copies them into the database and syncs it before its statement returns:
 * a stall of 100–350 ms of the server's only thread on this machine's disk, measured in the push
 * intake benchmark (bench/RESULTS.md). With this, the server's connection never checkpoints;
 * a worker thread with its own connection does, twice a second. Should the thread fail, the
 * connection checkpoints by itself again.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (result: WalCheckpoint | null) => void>();
  private nextId = 1;
  private stopped = false;
  private onLost: ((error: unknown) => void) | null = null;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    path: string,
  ) {
    sqlite.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(CODE, {
      eval: true,
      execArgv: [],
      workerData: {
        path,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        intervalMs: INTERVAL_MS,
      },
    });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; result: WalCheckpoint }) => {
      this.waiting.get(m.id)?.(m.result);
      this.waiting.delete(m.id);
    });
    const lost = (reason: unknown) => {
      if (this.stopped) return;
      this.stopped = true;
      sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      this.settleAll();
      this.onLost?.(reason);
    };
    this.worker.on('error', lost);
    this.worker.on('exit', lost);
  }

  /** True while the thread checkpoints (false after close, or when the thread failed). */
  get running(): boolean {
    return !this.stopped;
  }

  /** Called once if the thread fails or exits before close (a worker error, or its exit code). */
  whenLost(listener: (reason: unknown) => void): void {
    this.onLost = listener;
  }

  /** Checkpoints now, on the thread; null when the thread is gone. */
  checkpoint(): Promise<WalCheckpoint | null> {
    if (this.stopped) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage(id);
    });
  }

  /** Stops the thread; the connection checkpoints by itself again (and on close, as usual). */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.worker.terminate();
    this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    this.settleAll();
  }

  /** For tests: ends the thread as a crash would. */
  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    await this.worker.terminate();
    await exited;
  }

  private settleAll(): void {
    for (const resolve of this.waiting.values()) resolve(null);
    this.waiting.clear();
  }
}
