import type { App } from '../services/app.ts';
import { runTick } from './tick.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Runs `runTick` every `everyMs` (default 30 s) in this process, never overlapping itself:
 * a slow cycle delays the next one instead of stacking up.
 */
export function startScheduler(app: App, everyMs = 30_000): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    running = (async () => {
      try {
        const result = await runTick(app);
        const failed = result.fetched.filter((r) => r.status === 'error').length;
        if (result.fetched.length) {
          app.log.info({ fetched: result.fetched.length, failed }, 'tick');
        }
      } catch (error) {
        app.log.error({ err: error }, 'tick failed');
      }
      if (!stopped) timer = setTimeout(loop, everyMs);
    })();
  };
  timer = setTimeout(loop, 1_000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
