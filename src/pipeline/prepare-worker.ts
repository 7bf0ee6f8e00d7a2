/**
 * A worker thread that runs pure, CPU-heavy steps for {@link PreparePool}: the pipeline steps
 * (sanitise, text, summary, keys) for chunks of drafts, and the parsing of large feed bodies.
 * It touches no database and no network.
 */
import { parentPort } from 'node:worker_threads';
import { FeedParseError, type Localised } from '../domain/errors.ts';
import { parseFeed } from '../sources/feed/parse.ts';
import type { ParsedFeed, ParseOptions } from '../sources/feed/types.ts';
import { type PreparedItem, prepareDraft } from './prepare.ts';
import type { PrepareJob } from './prepare-pool.ts';

export type PrepareRequest =
  | { id: number; jobs: PrepareJob[] }
  | { id: number; feed: { body: Uint8Array | string; options: ParseOptions } };

export type PrepareResponse =
  | { id: number; items: PreparedItem[] }
  | { id: number; feed: ParsedFeed }
  /** The document is not a feed: the caller throws this FeedParseError. */
  | { id: number; feedError: { message: string; localised: Localised | undefined } }
  /** Anything else: the caller does the work on its own thread. */
  | { id: number; error: string };

function answer(request: PrepareRequest): PrepareResponse {
  const { id } = request;
  if ('jobs' in request) {
    return { id, items: request.jobs.map((job) => prepareDraft(job.draft, job.hash)) };
  }
  try {
    return { id, feed: parseFeed(request.feed.body, request.feed.options) };
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    return { id, feedError: { message: error.message, localised: error.localised } };
  }
}

parentPort?.on('message', (request: PrepareRequest) => {
  let response: PrepareResponse;
  try {
    response = answer(request);
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
