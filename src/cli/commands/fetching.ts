import type { Command } from 'commander';
import { runFetchCycle } from '../../jobs/fetch-cycle.ts';
import { runTick } from '../../jobs/tick.ts';
import type { RefreshResult } from '../../services/sources/refresh.ts';
import { clockAt, type GlobalOptions, out, parseId, withApp } from '../context.ts';

function report(results: RefreshResult[]): void {
  for (const r of results) {
    if (
      r.status === 'error' ||
      r.status === 'gone' ||
      r.status === 'retry_later' ||
      r.status === 'held_back'
    ) {
      out.line(`${r.sourceId}\t${r.name}\t${r.status}: ${r.error ?? ''}`);
    } else if (r.warning) {
      out.line(`${r.sourceId}\t${r.name}\twarning: ${r.warning}`);
    }
  }
  const inserted = results.reduce((n, r) => n + r.inserted.length, 0);
  const failed = results.filter((r) => r.status === 'error' || r.status === 'gone').length;
  const warned = results.filter((r) => r.warning).length;
  // Warnings are counted only when there are some: the summary line is read by scripts.
  const warnings = warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : '';
  out.info(
    `${results.length} sources fetched, ${inserted} new items${warnings}, ${failed} failed.`,
  );
}

export function fetchCommands(program: Command): void {
  program
    .command('fetch')
    .description(
      'fetch every enabled source now (honouring Retry-After); prints a line per failure',
    )
    .option('--source <id>', 'only this source')
    .option('--json', 'print the result of each source as JSON')
    .action(async (options: { source?: string; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const results = await runFetchCycle(app, {
          force: true,
          userId: user.id,
          ...(options.source ? { sourceIds: [parseId(options.source, '--source')] } : {}),
        });
        if (options.json) out.json(results);
        else report(results);
      });
    });

  program
    .command('tick')
    .description(
      'run everything due at a time (fetches, checkpoints, deliveries), as the scheduler would',
    )
    .option('--at <iso>', 'the time to act at (default: now)')
    .option('--json', 'print what was done as JSON')
    .action(async (options: { at?: string; json?: boolean }) => {
      const clock = clockAt(options.at);
      await withApp(
        program.opts<GlobalOptions>(),
        async (app) => {
          const result = await runTick(app);
          if (options.json) out.json(result);
          else report(result.fetched);
        },
        clock ? { clock } : {},
      );
    });
}
