import { randomBytes } from 'node:crypto';

/** Progress of a long task the web app started (an OPML import), polled by the page. */
export interface Progress {
  userId: number;
  done: number;
  total: number;
  finished: boolean;
  /** Set when the task stopped with an error (its message says why). */
  failed?: boolean;
  message: string;
  updatedAt: number;
}

const jobs = new Map<string, Progress>();
const KEEP_MS = 30 * 60_000;

/**
 * Starts tracking a task and runs it; `update` reports progress. In-process only: a page
 * polls the node that started the task (fine for one process; behind a load balancer use
 * sticky sessions for this page).
 */
export function startJob(
  userId: number,
  run: (update: (patch: Partial<Omit<Progress, 'userId'>>) => void) => Promise<string>,
): string {
  const id = randomBytes(12).toString('base64url');
  const progress: Progress = {
    userId,
    done: 0,
    total: 0,
    finished: false,
    message: '',
    updatedAt: Date.now(),
  };
  jobs.set(id, progress);
  const update = (patch: Partial<Omit<Progress, 'userId'>>) =>
    Object.assign(progress, patch, { updatedAt: Date.now() });
  run(update).then(
    (message) => update({ finished: true, message }),
    (error: unknown) => update({ finished: true, failed: true, message: (error as Error).message }),
  );
  for (const [key, job] of jobs) if (Date.now() - job.updatedAt > KEEP_MS) jobs.delete(key);
  return id;
}

/** A job of this user, or undefined (another user's job id finds nothing). */
export function jobProgress(id: string, userId: number): Progress | undefined {
  const job = jobs.get(id);
  return job && job.userId === userId ? job : undefined;
}
