import type { Command } from 'commander';
import { parseDays, WEEKDAYS } from '../../domain/schedule.ts';
import { type DigestItem, markDone, pull } from '../../services/checkpoints.ts';
import { lastWeek, ledgerDays } from '../../services/ledger.ts';
import {
  getSchedule,
  parseNotify,
  type ScheduleView,
  setSchedule,
} from '../../services/schedules.ts';
import { type GlobalOptions, out, parseId, UsageError, withApp } from '../context.ts';

const useColor = process.stdout.isTTY === true;
const bold = (s: string) => (useColor ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (useColor ? `\x1b[2m${s}\x1b[22m` : s);
const mins = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} min`;

function printDigest(items: DigestItem[]): void {
  const groups = new Map<string, DigestItem[]>();
  for (const item of items)
    groups.set(item.sourceName, [...(groups.get(item.sourceName) ?? []), item]);
  for (const [source, list] of groups) {
    out.line(`\n${bold(source)}`);
    for (const item of list) {
      out.line(
        `  ${String(item.id).padStart(6)}  ${item.title ?? '(no title)'} ${dim(`· ${mins(item.readingSeconds)}`)}`,
      );
      if (item.url) out.line(`          ${dim(item.url)}`);
      if (item.alsoFrom.length)
        out.line(
          `          ${dim(`also from ${item.alsoFrom.map((a) => a.sourceName).join(', ')}`)}`,
        );
    }
  }
}

function printSchedule(s: ScheduleView): void {
  out.line(
    `Time zone: ${s.tz} · budget ${s.budgetMinutes} min · at most ${s.perSourceLimit} per source`,
  );
  for (const day of WEEKDAYS)
    out.line(`  ${day}  ${s.times[day].join('  ') || dim('no checkpoints')}`);
  const notify = s.notify.map((c) =>
    'ntfy' in c ? `ntfy ${c.ntfy}` : 'email' in c ? `e-mail ${c.email}` : 'web push',
  );
  out.line(`Notices: ${notify.join(', ') || 'none'}`);
  out.line(`Next checkpoint: ${s.nextCheckpointAt ?? '—'}`);
}

export function checkpointCommands(program: Command): void {
  program
    .command('pull')
    .description(
      'open the current checkpoint, or pull now when none is waiting (recorded either way)',
    )
    .option('--json', 'print {checkpoint, items} as JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const result = await pull(app, user);
        if (options.json) {
          out.json({
            checkpoint: result.checkpoint,
            items: result.items.map(
              ({ readingSeconds: _r, sourceName: _s, alsoFrom: _a, summary: _m, ...item }) => item,
            ),
          });
          return;
        }
        const total = result.items.reduce((sum, i) => sum + i.readingSeconds, 0);
        out.line(
          result.checkpoint
            ? bold(
                `Checkpoint of ${result.checkpoint.dueAt.slice(0, 16).replace('T', ' ')} UTC — ${result.items.length} items, ~${mins(total)}`,
              )
            : bold(`Pulled now — ${result.items.length} items, ~${mins(total)}`),
        );
        if (result.items.length === 0) out.line('Nothing is waiting. Enjoy the quiet.');
        printDigest(result.items);
        if (result.checkpoint)
          out.info(`\nWhen you are through: checkpoint done ${result.checkpoint.id}`);
      });
    });

  program
    .command('done [id]')
    .description('mark a checkpoint done (default: the latest): its items count as seen')
    .option('--json', 'print the checkpoint as JSON')
    .action(async (id: string | undefined, options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const view = await markDone(app, user, id === undefined ? undefined : parseId(id, 'id'));
        if (options.json) out.json(view);
        else out.info(`Checkpoint ${view.id} done: ${view.itemCount} items seen.`);
      });
    });

  const schedule = program.command('schedule').description('when your checkpoints are');
  schedule
    .command('show')
    .option('--json', 'print JSON')
    .description('show the schedule')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const view = await getSchedule(app, user);
        if (options.json) out.json(view);
        else printSchedule(view);
      });
    });
  schedule
    .command('set')
    .description('change times, days, time zone, budget and notice channels')
    .option(
      '--times <list>',
      'local times, e.g. 08:00,12:30,17:00 (empty: no checkpoints on those days)',
    )
    .option(
      '--days <days>',
      'which days the times are for: mon-fri, sat,sun, daily … (default: every day)',
    )
    .option('--tz <zone>', 'IANA time zone, e.g. Europe/Amsterdam')
    .option('--budget <minutes>', 'reading time per checkpoint (default 15)')
    .option('--per-source <n>', 'at most this many items per source before "+N more" (default 3)')
    .option(
      '--notify <channels>',
      'one notice per checkpoint: ntfy:URL,email:ADDRESS,webpush — or none',
    )
    .option('--json', 'print the new schedule as JSON')
    .action(
      async (options: {
        times?: string;
        days?: string;
        tz?: string;
        budget?: string;
        perSource?: string;
        notify?: string;
        json?: boolean;
      }) => {
        const days = options.days === undefined ? undefined : parseDays(options.days);
        if (days === null)
          throw new UsageError(`--days must look like mon-fri or sat,sun (got "${options.days}")`);
        if (days && options.times === undefined) throw new UsageError('--days needs --times');
        const number = (value: string | undefined, name: string) => {
          if (value === undefined) return undefined;
          if (!/^\d+$/.test(value))
            throw new UsageError(`${name} must be a whole number (got "${value}")`);
          return Number(value);
        };
        const budgetMinutes = number(options.budget, '--budget');
        const perSourceLimit = number(options.perSource, '--per-source');
        await withApp(program.opts<GlobalOptions>(), async (app, user) => {
          const view = await setSchedule(app, user, {
            ...(options.times !== undefined
              ? {
                  times: options.times
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean),
                }
              : {}),
            ...(days ? { days } : {}),
            ...(options.tz !== undefined ? { tz: options.tz } : {}),
            ...(budgetMinutes !== undefined ? { budgetMinutes } : {}),
            ...(perSourceLimit !== undefined ? { perSourceLimit } : {}),
            ...(options.notify !== undefined ? { notify: parseNotify(options.notify) } : {}),
          });
          if (options.json) out.json(view);
          else printSchedule(view);
        });
      },
    );

  program
    .command('ledger')
    .description('interruptions held, allowed and spared, per day')
    .option('--from <date>', 'first day (YYYY-MM-DD, your time zone; default: a week ago)')
    .option('--to <date>', 'last day (default: today)')
    .option('--json', 'print the daily rows as JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const week = lastWeek(app.clock.now(), user.tz);
        const to = options.to ?? week.to;
        const from = options.from ?? (options.to ? to : week.from);
        const days = await ledgerDays(app, user, from, to);
        if (options.json) {
          out.json(days);
          return;
        }
        const head = [
          'date',
          'pushes',
          'broke through',
          'notices',
          'spared',
          'checkpoints',
          'opened',
          'pulls',
          'read',
          'dismissed',
        ];
        const rows = days.map((d) =>
          [
            d.date,
            d.pushesReceived,
            d.breakthroughs,
            d.checkpointNotices,
            d.interruptionsSpared,
            d.checkpointsBuilt,
            d.checkpointsOpened,
            d.pullsBetween,
            d.itemsRead,
            d.itemsDismissed,
          ].map(String),
        );
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const line = (cells: string[]) =>
          cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
        out.line(bold(line(head)));
        for (const r of rows) out.line(line(r));
        const spared = days.reduce((n, d) => n + d.interruptionsSpared, 0);
        const pushes = days.reduce((n, d) => n + d.pushesReceived, 0);
        out.line(`\n${spared} of ${pushes} interruptions spared.`);
      });
    });
}
