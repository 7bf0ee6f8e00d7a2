import type { App } from '../services/app.ts';
import { type BuiltCheckpoint, buildDueCheckpoints } from '../services/checkpoints/checkpoints.ts';
import type { RefreshResult } from '../services/sources/refresh.ts';
import { runFetchCycle } from './fetch-cycle.ts';

/** What one scheduler tick did. */
export interface TickResult {
  at: string;
  fetched: RefreshResult[];
  checkpoints: BuiltCheckpoint[];
}

/**
 * Everything due at the app clock's now, as the scheduler runs it: due fetches first (so a
 * checkpoint includes what just arrived), then due checkpoints and their notices.
 * `checkpoint tick --at` calls the same.
 */
export async function runTick(app: App): Promise<TickResult> {
  const at = app.clock.now().toISOString();
  const fetched = await runFetchCycle(app);
  const checkpoints = await buildDueCheckpoints(app);
  return { at, fetched, checkpoints };
}
