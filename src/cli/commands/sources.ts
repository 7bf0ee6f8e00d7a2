import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { CheckpointError } from '../../domain/errors.ts';
import type { App } from '../../services/app.ts';
import { type FetchRunView, listFetchHistory } from '../../services/sources/fetch-history.ts';
import {
  listSourceViews,
  removeSource,
  type SourceView,
  subscribe,
} from '../../services/sources/sources.ts';
import type { FeedCandidate } from '../../sources/feed/discover.ts';
import { sourceKind } from '../../sources/registry.ts';
import { type GlobalOptions, out, parseId, UsageError, withApp } from '../context.ts';
import { localStamp } from '../local-time.ts';

async function ask(candidates: FeedCandidate[]): Promise<number> {
  out.info('This page offers several feeds:');
  out.info(candidateList(candidates));
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Which one? [1-${candidates.length}] `);
    const n = Number(answer.trim());
    if (!Number.isInteger(n) || n < 1 || n > candidates.length) {
      throw new UsageError(`source: no feed number ${answer.trim()}`);
    }
    return n;
  } finally {
    rl.close();
  }
}

function status(s: SourceView): string {
  if (!s.enabled) return s.disabledReason ? `off: ${s.disabledReason}` : 'paused';
  if (s.errorCount > 0) return `failing ×${s.errorCount}: ${s.lastError ?? ''}`;
  if (s.lastError) return `waiting: ${s.lastError}`;
  if (s.warning) return `warning: ${s.warning}`;
  return 'ok';
}

/**
 * When a source is next looked at: pushed sources (intake, own address) are never fetched, so
 * they have no next check — their items come "on push"; imports come only when uploaded.
 */
function nextCheck(s: SourceView, tz: string): string {
  if (s.kind === 'import') return '—';
  if (sourceKind(s.kind)?.describe.pushed) return 'on push';
  return localStamp(s.nextCheckAt, tz);
}

function candidateList(candidates: FeedCandidate[]): string {
  return candidates.map((c, i) => `  ${i + 1}. ${c.title ?? '(untitled)'} — ${c.url}`).join('\n');
}

type AddOptions = { pick?: string; category?: string; json?: boolean };

/** Subscribes, asking which feed to take when a page offers several (or failing without a TTY). */
async function subscribeChosen(app: App, userId: number, url: string, options: AddOptions) {
  const base = { category: options.category ?? null };
  let pick = options.pick !== undefined ? parseId(options.pick, '--pick') : undefined;
  let result = await subscribe(app, userId, url, { ...base, ...(pick ? { pick } : {}) });
  if (result.status === 'choose') {
    if (!process.stdin.isTTY) {
      throw new CheckpointError(
        'choose',
        `source: ${url} offers ${result.candidates.length} feeds; choose one with --pick N:\n${candidateList(result.candidates)}`,
      );
    }
    pick = await ask(result.candidates);
    result = await subscribe(app, userId, url, { ...base, pick });
  }
  return result;
}

function addCommand(program: Command, source: Command): void {
  source
    .command('add <url>')
    .description('subscribe to a feed, or a web page that links to feeds')
    .option('--pick <n>', 'which feed to take when the page offers several (1-based)')
    .option('--category <name>', 'put the feed in this category')
    .option('--json', 'print the new source as JSON')
    .action(async (url: string, options: AddOptions) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const result = await subscribeChosen(app, user.id, url, options);
        if (result.status !== 'subscribed') return;
        if (options.json) {
          // `title` as DESIGN.md names it; `name` is the same value under the data model's word.
          out.json({
            ...result.source,
            title: result.source.name,
            created: result.created,
            itemsAdded: result.itemsAdded,
          });
          return;
        }
        out.line(`${result.source.id}\t${result.source.name}`);
        out.info(
          result.created
            ? `Subscribed: ${result.itemsAdded} items held until your next checkpoint.`
            : 'Already subscribed.',
        );
      });
    });
}

function listCommand(program: Command, source: Command): void {
  source
    .command('list')
    .description('list sources with their fetch status and last error')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const sources = await listSourceViews(app, user.id);
        if (options.json) {
          out.json(sources);
          return;
        }
        if (sources.length === 0) {
          out.info('No sources yet: add one with `checkpoint source add <url>`.');
          return;
        }
        for (const s of sources) {
          out.line(`${String(s.id).padStart(4)}  ${s.kind.padEnd(8)} ${s.name}`);
          out.line(`      ${s.url ?? ''}`);
          out.line(
            `      checked ${localStamp(s.lastCheckedAt, user.tz)} · next ${nextCheck(s, user.tz)} · ${status(s)}`,
          );
        }
      });
    });
}

function removeCommand(program: Command, source: Command): void {
  source
    .command('remove <id>')
    .description('remove a source and its items')
    .action(async (id: string) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        await removeSource(app, user.id, parseId(id, 'id'));
        out.info(`Removed source ${id}.`);
      });
    });
}

function historyLine(run: FetchRunView, tz: string): string {
  const what = run.error ?? (run.outcome === 'not_modified' ? 'not modified' : run.outcome);
  const status = run.httpStatus === null ? '   ' : String(run.httpStatus);
  return `${localStamp(run.at, tz)}  ${status}  +${String(run.newItems).padEnd(4)} ${String(run.durationMs).padStart(6)} ms  ${what}`;
}

function historyCommand(program: Command, source: Command): void {
  source
    .command('history <id>')
    .description('the last 50 fetches of a source, newest first (times in your zone)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const runs = await listFetchHistory(app, user.id, parseId(id, 'id'));
        if (options.json) out.json(runs);
        else if (runs.length === 0) out.info(`Source ${id} has not been fetched yet.`);
        else for (const run of runs) out.line(historyLine(run, user.tz));
      });
    });
}

/** `checkpoint source add|list|history|remove`. */
export function sourceCommands(program: Command): void {
  const source = program.command('source').description('manage sources');
  addCommand(program, source);
  listCommand(program, source);
  historyCommand(program, source);
  removeCommand(program, source);
}
