import type { Command } from 'commander';
import { ITEM_KINDS } from '../../domain/types.ts';
import { listItemViews } from '../../services/items/items.ts';
import { type GlobalOptions, out, parseId, parseTime, UsageError, withApp } from '../context.ts';

export function itemCommands(program: Command): void {
  program
    .command('items')
    .description('list held items, newest first')
    .option('--since <iso>', 'only items that arrived at or after this time')
    .option('--kind <kind>', `only items of this kind (${ITEM_KINDS.join(', ')})`)
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print a JSON array')
    .action(async (options: { since?: string; kind?: string; limit?: string; json?: boolean }) => {
      if (options.kind && !(ITEM_KINDS as readonly string[]).includes(options.kind)) {
        throw new UsageError(
          `--kind must be one of ${ITEM_KINDS.join(', ')} (got "${options.kind}")`,
        );
      }
      const since = options.since ? parseTime(options.since, '--since').getTime() : undefined;
      const limit = options.limit ? parseId(options.limit, '--limit') : 100;
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const items = await listItemViews(app, user.id, {
          ...(since !== undefined ? { since } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
          limit,
        });
        if (options.json) {
          out.json(items);
          return;
        }
        for (const item of items) {
          out.line(
            `${String(item.id).padStart(6)}  ${item.publishedAt?.slice(0, 16).replace('T', ' ') ?? ''}  ${item.title ?? '(no title)'}`,
          );
          if (item.url) out.line(`        ${item.url}`);
        }
      });
    });
}
