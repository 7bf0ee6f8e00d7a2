/**
 * A source's fetch history: each refresh leaves one run (when, outcome, new items, HTTP status
 * or error, duration), the last 50 are kept, and the source's page and the API show them.
 */
import { insertFetchRun, listFetchRuns } from '../../db/repos/fetch-runs.ts';
import type { FetchRunRow, SourceRow } from '../../db/schema.ts';
import type { App } from '../app.ts';
import type { RefreshResult } from './refresh.ts';
import { getSource } from './sources.ts';

/** One fetch as `GET /api/v1/sources/:id/fetches` and `source history --json` show it. */
export interface FetchRunView {
  at: string;
  /** ok, not_modified, error, gone or retry_later. */
  outcome: string;
  newItems: number;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** The HTTP status a refresh saw, where it can tell: feeds answer 200 or 304; errors name theirs. */
function httpStatusOf(source: SourceRow, result: RefreshResult): number | null {
  const named = /\bHTTP (\d{3})\b/.exec(result.error ?? '')?.[1];
  if (named) return Number(named);
  if (source.kind !== 'feed') return null;
  if (result.status === 'ok') return 200;
  return result.status === 'not_modified' ? 304 : null;
}

/**
 * Stores the run of a refresh that started at `startedAt` (app clock) and hands its result
 * on; a refresh that did not fetch (busy, held back) leaves none. History is a convenience:
 * failing to write it is logged, never turned into a failed refresh.
 *
 * @example return await recordFetchRun(app, source, startedAt, await record(…))
 */
export async function recordFetchRun(
  app: App,
  source: SourceRow,
  startedAt: number,
  result: RefreshResult,
): Promise<RefreshResult> {
  if (result.status === 'busy' || result.status === 'held_back') return result;
  try {
    await insertFetchRun(app.db.kysely, {
      source_id: source.id,
      started_at: startedAt,
      duration_ms: Math.max(0, app.clock.now().getTime() - startedAt),
      outcome: result.status,
      new_items: result.inserted.length,
      http_status: httpStatusOf(source, result),
      error: result.error,
    });
  } catch (error) {
    app.log.warn({ source: source.id, error: String(error) }, 'fetch history not written');
  }
  return result;
}

function toView(row: FetchRunRow): FetchRunView {
  return {
    at: new Date(row.started_at).toISOString(),
    outcome: row.outcome,
    newItems: row.new_items,
    httpStatus: row.http_status,
    error: row.error,
    durationMs: row.duration_ms,
  };
}

/**
 * The last fetches of one of the user's sources, newest first; NotFoundError for another
 * user's id.
 *
 * @example (await listFetchHistory(app, user.id, 7))[0] // { at, outcome: 'ok', newItems: 3, … }
 */
export async function listFetchHistory(
  app: App,
  userId: number,
  sourceId: number,
): Promise<FetchRunView[]> {
  await getSource(app, userId, sourceId);
  return (await listFetchRuns(app.db.kysely, sourceId)).map(toView);
}
