/**
 * Runs tasks with a global concurrency limit and a per-key limit (per host), in submission
 * order as far as the limits allow. Pure scheduling: no timers, no I/O.
 *
 * @example await runLimited(sources, { concurrency: 16, perKey: 2, key: (s) => host(s.url) }, refresh)
 */
export async function runLimited<T, R>(
  tasks: readonly T[],
  limits: { concurrency: number; perKey: number; key: (task: T) => string },
  run: (task: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  const waiting = tasks.map((task, index) => ({ task, index, key: limits.key(task) }));
  const active = new Map<string, number>();
  let running = 0;
  return await new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (waiting.length === 0 && running === 0) {
        resolve(results);
        return;
      }
      for (let i = 0; i < waiting.length && running < limits.concurrency; ) {
        const next = waiting[i]!;
        const busy = active.get(next.key) ?? 0;
        if (busy >= limits.perKey) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        running++;
        active.set(next.key, busy + 1);
        run(next.task).then(
          (value) => {
            results[next.index] = value;
            running--;
            active.set(next.key, (active.get(next.key) ?? 1) - 1);
            pump();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    pump();
  });
}

/** The host of a URL, lower-cased, for per-host limits ('' when there is none). */
export function hostKey(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
