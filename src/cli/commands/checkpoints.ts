import type { Command } from 'commander';
import { CHANNELS, parseNotify } from '../../channels/registry.ts';
import { parseDays } from '../../domain/schedule.ts';
import { finishCheckpoint, pull, undoDone } from '../../services/checkpoints/checkpoints.ts';
import { lastWeek, ledgerDays } from '../../services/checkpoints/ledger.ts';
import {
  getSchedule,
  type ScheduleChange,
  setSchedule,
} from '../../services/checkpoints/schedules.ts';
import { type GlobalOptions, out, parseId, UsageError, withApp } from '../context.ts';
import { optionValues, parseDay } from '../usage.ts';
import { printChannelWarnings } from './channel-warnings.ts';
import { printDone, printLedger, printPull, printSchedule } from './checkpoint-output.ts';

/** `checkpoint pull`: the current checkpoint, or a pull now (recorded either way). */
function pullCommand(program: Command): void {
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
        printPull(result, user.tz);
      });
    });
}

/**
 * `checkpoint done [id] [--undo]`: its items count as seen (what they came to is printed);
 * done twice says when it was done and exits 0; `--undo` holds them again.
 */
function doneCommand(program: Command): void {
  program
    .command('done [id]')
    .description('mark a checkpoint done (default: the latest): its items count as seen')
    .option('--undo', 'undo Done: the items it marked seen are held again')
    .option('--json', 'print the checkpoint as JSON (with alreadyDone and summary, or undone)')
    .action(async (id: string | undefined, options: { undo?: boolean; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const wanted = id === undefined ? undefined : parseId(id, 'id');
        if (options.undo) {
          const { checkpoint, undone } = await undoDone(app, user, wanted);
          if (options.json) out.json({ ...checkpoint, undone });
          else
            out.info(
              undone
                ? `Checkpoint ${checkpoint.id} is open again: its items are held.`
                : `Checkpoint ${checkpoint.id} was not done; nothing to undo.`,
            );
          return;
        }
        const result = await finishCheckpoint(app, user, wanted);
        if (options.json)
          out.json({
            ...result.checkpoint,
            alreadyDone: result.alreadyDone,
            summary: result.summary,
          });
        else printDone(result, user.tz);
      });
    });
}

interface ScheduleSetOptions {
  times?: string;
  days?: string;
  tz?: string;
  budget?: string;
  perSource?: string;
  notify?: string;
  json?: boolean;
}

/** A whole number option, or a usage error naming the option. */
function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number (got "${value}")`);
  return Number(value);
}

/** The schedule change the options ask for; bad values are usage errors (exit 2). */
async function scheduleChange(options: ScheduleSetOptions): Promise<ScheduleChange> {
  const days = options.days === undefined ? undefined : parseDays(options.days);
  if (days === null)
    throw new UsageError(`--days must look like mon-fri or sat,sun (got "${options.days}")`);
  if (days && options.times === undefined) throw new UsageError('--days needs --times');
  const budgetMinutes = wholeNumber(options.budget, '--budget');
  const perSourceLimit = wholeNumber(options.perSource, '--per-source');
  const notify =
    options.notify === undefined
      ? undefined
      : await optionValues(() => parseNotify(options.notify!));
  return {
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
    ...(notify !== undefined ? { notify } : {}),
  };
}

/** `checkpoint schedule show|set`: when the checkpoints are, and their notice channels. */
function scheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('when your checkpoints are');
  schedule
    .command('show')
    .option('--json', 'print JSON')
    .description('show the schedule')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const view = await getSchedule(app, user);
        if (options.json) out.json(view);
        else {
          printSchedule(view);
          await printChannelWarnings(app, user.id);
        }
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
      `one notice per checkpoint: ${CHANNELS.map((c) => c.syntax).join(',')} — or none`,
    )
    .option('--json', 'print the new schedule as JSON')
    .action(async (options: ScheduleSetOptions) => {
      const change = await scheduleChange(options);
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const view = await optionValues(() => setSchedule(app, user, change));
        if (options.json) out.json(view);
        else printSchedule(view);
      });
    });
}

/** `checkpoint ledger`: interruptions held, allowed and spared, per day. */
function ledgerCommand(program: Command): void {
  program
    .command('ledger')
    .description('interruptions held, allowed and spared, per day')
    .option('--from <date>', 'first day (YYYY-MM-DD, your time zone; default: a week ago)')
    .option('--to <date>', 'last day (default: today)')
    .option('--json', 'print the daily rows as JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      const from = parseDay(options.from, '--from');
      const to = parseDay(options.to, '--to');
      if (from && to && from > to) throw new UsageError('--from must not be after --to');
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const week = lastWeek(app.clock.now(), user.tz);
        const last = to ?? week.to;
        const first = from ?? (to ? last : week.from);
        const days = await optionValues(() => ledgerDays(app, user, first, last));
        if (options.json) out.json(days);
        else printLedger(days);
      });
    });
}

/** The checkpoint commands: pull, done, schedule show|set, ledger. */
export function checkpointCommands(program: Command): void {
  pullCommand(program);
  doneCommand(program);
  scheduleCommands(program);
  ledgerCommand(program);
}
