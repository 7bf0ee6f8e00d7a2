/**
 * A worker thread that runs the pure pipeline steps (sanitise, text, summary, keys) for
 * chunks of drafts sent by {@link PreparePool}; it touches no database and no network.
 */
import { parentPort } from 'node:worker_threads';
import { type PreparedItem, prepareDraft } from './prepare.ts';
import type { PrepareJob } from './prepare-pool.ts';

export interface PrepareRequest {
  id: number;
  jobs: PrepareJob[];
}

export type PrepareResponse = { id: number; items: PreparedItem[] } | { id: number; error: string };

parentPort?.on('message', ({ id, jobs }: PrepareRequest) => {
  let response: PrepareResponse;
  try {
    response = { id, items: jobs.map((job) => prepareDraft(job.draft, job.hash)) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
