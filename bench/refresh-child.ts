/**
 * The Checkpoint side of the refresh benchmark (bench/refresh.ts), bundled and run in its own
 * process as the `checkpoint` command is, so that its time and memory are its own: 1,000
 * feeds fetched by the real fetch cycle three times (first, all 304, 10 % changed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { insertSource } from '../src/db/repos/sources.ts';
import { runFetchCycle } from '../src/jobs/fetch-cycle.ts';
import { tuneHeap } from '../src/lib/heap.ts';
import { resolveUser } from '../src/services/accounts/users.ts';
import { openApp } from '../src/services/app.ts';

tuneHeap(); // as the `checkpoint` command does first thing

const FEEDS = Number(process.argv[3] ?? 1000);

export interface Cycle {
  ms: number;
  inserted: number;
  failed: number;
}

export interface ChildReport {
  first: Cycle;
  unchanged: Cycle;
  changed: Cycle;
  /** Peak resident set size of the Checkpoint process, bytes. */
  peakRss: number;
  /** Resident set size before the first cycle (Node and our modules loaded). */
  baseRss: number;
  /** CPU seconds of the process (all threads). */
  cpuSeconds: number;
}

/** The Checkpoint side, in its own process so that its peak RSS is its own. */
export async function child(url: string): Promise<ChildReport> {
  const baseRss = process.memoryUsage().rss;
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-bench-'));
  const app = await openApp(
    loadConfig({
      CHECKPOINT_DATA_DIR: dir,
      CHECKPOINT_SECRET: 'bench-secret-bench-secret-bench-secret',
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      CHECKPOINT_FETCH_CONCURRENCY: '32',
      // Every feed is on one host here; per-host limits are for the real web.
      CHECKPOINT_FETCH_PER_HOST: '32',
      LOG_LEVEL: 'silent',
    }),
  );
  try {
    const user = await resolveUser(app.db.kysely, undefined);
    for (let n = 0; n < FEEDS; n++) {
      await insertSource(app.db.kysely, {
        user_id: user.id,
        kind: 'feed',
        name: `Feed ${n}`,
        url: `${url}/feed/${n}`,
        created_at: 1,
      });
    }
    const cycle = async (): Promise<Cycle> => {
      const start = performance.now();
      const results = await runFetchCycle(app, { force: true });
      const ms = performance.now() - start;
      return {
        ms,
        inserted: results.reduce((s, r) => s + r.inserted.length, 0),
        failed: results.filter((r) => r.status === 'error').length,
      };
    };
    const first = await cycle();
    const unchanged = await cycle();
    await fetch(`${url}/bump`, { method: 'POST' });
    const changed = await cycle();
    // maxRSS is in kilobytes.
    const usage = process.resourceUsage();
    return {
      first,
      unchanged,
      changed,
      peakRss: usage.maxRSS * 1024,
      baseRss,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    };
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2]) {
  const report = await child(process.argv[2]);
  console.log(JSON.stringify(report));
}
