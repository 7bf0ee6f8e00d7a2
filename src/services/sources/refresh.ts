import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  acquireLease,
  findLeaseOwner,
  releaseLease,
  takeOverLease,
  updateSource,
} from '../../db/repos/sources.ts';
import type { SourceRow, SourceUpdate } from '../../db/schema.ts';
import { CheckpointError } from '../../domain/errors.ts';
import { backoffAt, nextCheckAt } from '../../domain/polling.ts';
import type {
  AnySourceKindSpec,
  PullContext,
  PullOutcome,
  SourcePull,
} from '../../sources/kind.ts';
import { sourceKind } from '../../sources/registry.ts';
import { readConfig, readState } from '../../sources/stored.ts';
import type { App } from '../app.ts';
import { ingestDrafts } from '../items/ingest.ts';
import { recordFetchRun } from './fetch-history.ts';

/** What one refresh of one source did; errors are returned, never thrown out of a cycle. */
export interface RefreshResult {
  sourceId: number;
  name: string;
  status: 'ok' | 'not_modified' | 'error' | 'gone' | 'retry_later' | 'busy' | 'held_back';
  inserted: number[];
  updated: number;
  error: string | null;
  /** Stored, with something the user should know (a move the server refused); not a failure. */
  warning?: string | null;
}

/** Lease length: longer than any single fetch (timeouts are ~20 s). */
const LEASE_MS = 2 * 60_000;

const HOST = hostname();
/** This process's id in lease owners: `host:pid:random` (server, CLI, workers differ). */
export const PROCESS_OWNER = `${HOST}:${process.pid}:${randomUUID().slice(0, 8)}`;
let refreshes = 0;

/** True when a lease owner is a process on this host that no longer exists (killed). */
function ownerIsDead(owner: string | null): boolean {
  const [host, pid] = owner?.split(':') ?? [];
  if (host !== HOST || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the source's lease: free or expired, or held by a process on this host that died
 * (a killed CLI must not block the source until its lease expires).
 */
async function takeLease(app: App, sourceId: number, owner: string, now: number): Promise<boolean> {
  if (await acquireLease(app.db.kysely, sourceId, owner, now, now + LEASE_MS)) return true;
  const held = await findLeaseOwner(app.db.kysely, sourceId);
  if (!held || !ownerIsDead(held.lease_owner)) return false;
  return await takeOverLease(app.db.kysely, sourceId, held.lease_owner, owner, now + LEASE_MS);
}

function describe(error: unknown): string {
  if (error instanceof CheckpointError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** What a pull may use: the app's fetcher, clock and secret, and a way to store a new config. */
function pullContext(app: App, source: SourceRow): PullContext {
  return {
    fetcher: app.fetcher,
    now: () => app.clock.now().getTime(),
    secret: app.config.secret,
    allowNetworks: app.config.allowNetworks,
    log: app.log,
    saveConfig: async (config) => {
      await updateSource(app.db.kysely, source.user_id, source.id, {
        config: JSON.stringify(config),
      });
    },
  };
}

/**
 * Runs a kind's pull: each batch it yields is stored with its state in one transaction before
 * the pull goes on (IMAP moves messages only after that). Failures become an error outcome;
 * what was committed before stays committed.
 */
async function runPull(
  app: App,
  source: SourceRow,
  spec: AnySourceKindSpec,
): Promise<{ outcome: PullOutcome; inserted: number[] }> {
  const inserted: number[] = [];
  let pull: SourcePull | undefined;
  try {
    pull = spec.pull!(
      {
        id: source.id,
        name: source.name,
        url: source.url,
        siteUrl: source.site_url,
        config: readConfig(spec, source.id, source.config),
        state: readState(spec, source.state),
      },
      pullContext(app, source),
    );
    for (let step = await pull.next(); ; step = await pull.next()) {
      if (step.done) return { outcome: step.value, inserted };
      const stored = await ingestDrafts(app, source, step.value.drafts, {
        sourcePatch: { state: JSON.stringify(step.value.state) },
      });
      inserted.push(...stored.inserted);
      if (stored.inserted.length)
        app.log.info({ source: source.id, inserted: stored.inserted.length }, 'batch stored');
    }
  } catch (error) {
    const outcome: PullOutcome = { status: 'error', reason: describe(error) };
    // A batch that failed to commit leaves the pull suspended: let it close its connection.
    await pull?.return(outcome).catch(() => undefined);
    return { outcome, inserted };
  }
}

/**
 * Pulls one source now and stores what it brought. Holds the source's lease meanwhile, so a
 * CLI `fetch` and the scheduler never fetch it twice at once. Failures are recorded on the
 * source row (last_error, error_count, backoff; disabled after `maxErrors`) and returned.
 */
export async function refreshSource(app: App, source: SourceRow): Promise<RefreshResult> {
  const result: RefreshResult = {
    sourceId: source.id,
    name: source.name,
    status: 'ok',
    inserted: [],
    updated: 0,
    error: null,
    warning: null,
  };
  const spec = sourceKind(source.kind);
  if (!spec?.pull)
    return { ...result, status: 'error', error: `source: ${source.kind} sources are not fetched` };
  const now = app.clock.now().getTime();
  // One owner per refresh, so that two refreshes in the same process exclude each other too.
  const owner = `${PROCESS_OWNER}-${++refreshes}`;
  if (!(await takeLease(app, source.id, owner, now))) {
    return {
      ...result,
      status: 'busy',
      error: 'another process is fetching this source right now',
    };
  }
  const { outcome, inserted } = await runPull(app, source, spec);
  try {
    // Recording the outcome also releases the lease, in the same statement.
    return await recordFetchRun(
      app,
      source,
      now,
      await record(app, source, outcome, { ...result, inserted }),
    );
  } catch (error) {
    await releaseLease(app.db.kysely, source.id, owner);
    throw error;
  }
}

async function record(
  app: App,
  source: SourceRow,
  outcome: PullOutcome,
  result: RefreshResult,
): Promise<RefreshResult> {
  const now = app.clock.now().getTime();
  const release = { lease_owner: null, lease_until: null };
  const healthy: SourceUpdate = {
    ...release,
    last_checked_at: now,
    last_success_at: now,
    error_count: 0,
    last_error: null,
    last_warning: null,
    retry_after: null,
    next_check_at: nextCheckAt(source.id, source.interval_minutes, now),
  };
  switch (outcome.status) {
    case 'items': {
      const warning = outcome.warning ?? null;
      const stored = await ingestDrafts(app, source, outcome.drafts, {
        sourcePatch: {
          ...healthy,
          ...outcome.patch,
          last_warning: warning,
          state: JSON.stringify(outcome.state),
        },
      });
      app.log.info(
        {
          source: source.id,
          inserted: stored.inserted.length,
          updated: stored.updated,
          ...(warning ? { warning } : {}),
        },
        'source refreshed',
      );
      return {
        ...result,
        inserted: [...result.inserted, ...stored.inserted],
        updated: stored.updated,
        warning,
      };
    }
    case 'not_modified':
      await updateSource(app.db.kysely, source.user_id, source.id, {
        ...healthy,
        ...outcome.patch,
        state: JSON.stringify(outcome.state),
      });
      return { ...result, status: 'not_modified' };
    default:
      return await recordFailure(app, source, outcome, result, now);
  }
}

/** A pull that failed: the reason on the row, a backoff, and after too many errors a pause. */
async function recordFailure(
  app: App,
  source: SourceRow,
  outcome: Extract<PullOutcome, { status: 'gone' | 'retry_later' | 'error' }>,
  result: RefreshResult,
  now: number,
): Promise<RefreshResult> {
  const release = { lease_owner: null, lease_until: null };
  switch (outcome.status) {
    case 'gone':
      await updateSource(app.db.kysely, source.user_id, source.id, {
        ...release,
        last_checked_at: now,
        enabled: 0,
        last_error: outcome.reason,
        disabled_reason: `disabled: ${outcome.reason}`,
      });
      return { ...result, status: 'gone', error: outcome.reason };
    case 'retry_later': {
      const errors = source.error_count + 1;
      await updateSource(app.db.kysely, source.user_id, source.id, {
        ...release,
        last_checked_at: now,
        last_error: outcome.reason,
        retry_after: outcome.retryAt,
        next_check_at: backoffAt(source.id, errors, source.interval_minutes, now, outcome.retryAt),
      });
      return { ...result, status: 'retry_later', error: outcome.reason };
    }
    case 'error': {
      const errors = source.error_count + 1;
      const max = app.config.fetch.maxErrors;
      const disable = errors >= max;
      await updateSource(app.db.kysely, source.user_id, source.id, {
        ...release,
        last_checked_at: now,
        error_count: errors,
        last_error: outcome.reason,
        next_check_at: backoffAt(source.id, errors, source.interval_minutes, now),
        ...(disable
          ? {
              enabled: 0,
              disabled_reason: `disabled after ${errors} failed fetches in a row: ${outcome.reason}`,
            }
          : {}),
      });
      app.log.warn({ source: source.id, errors, error: outcome.reason }, 'source refresh failed');
      return { ...result, status: 'error', error: outcome.reason };
    }
  }
}
