import type { App } from './app.ts';
import { runFetchCycle } from './fetch-cycle.ts';
import type { RefreshResult } from './refresh.ts';

/** What one scheduler tick did. */
export interface TickResult {
  at: string;
  fetched: RefreshResult[];
}

/**
 * Everything due at the app clock's now, as the scheduler runs it: due fetches (and, as later
 * features land, due checkpoints and deliveries). `checkpoint tick --at` calls the same.
 */
export async function runTick(app: App): Promise<TickResult> {
  const at = app.clock.now().toISOString();
  const fetched = await runFetchCycle(app);
  return { at, fetched };
}
