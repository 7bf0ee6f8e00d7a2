/** How `pull`, `schedule show|set` and `ledger` look in a terminal (their `--json` is elsewhere). */
import { channelLabel } from '../../channels/registry.ts';
import { otherSources } from '../../domain/ranking.ts';
import { WEEKDAYS } from '../../domain/schedule.ts';
import type {
  DigestItem,
  DoneResult,
  Overflow,
  PullResult,
} from '../../services/checkpoints/checkpoints.ts';
import type { LedgerDay } from '../../services/checkpoints/ledger.ts';
import type { ScheduleView } from '../../services/checkpoints/schedules.ts';
import { out } from '../context.ts';
import { localDue } from '../local-time.ts';

const useColor = process.stdout.isTTY === true;
const bold = (s: string) => (useColor ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (useColor ? `\x1b[2m${s}\x1b[22m` : s);
const mins = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} min`;

/** The digest grouped by source, each group ending with what its per-source limit left out. */
function printDigest(items: DigestItem[], overflow: Overflow[]): void {
  const groups = new Map<number, { name: string; items: DigestItem[] }>();
  for (const item of items) {
    const group = groups.get(item.sourceId) ?? { name: item.sourceName, items: [] };
    group.items.push(item);
    groups.set(item.sourceId, group);
  }
  // A source can only overflow once it filled its share of the digest; the fallback is for safety.
  for (const o of overflow)
    if (!groups.has(o.sourceId)) groups.set(o.sourceId, { name: o.sourceName, items: [] });
  for (const [sourceId, group] of groups) {
    out.line(`\n${bold(group.name)}`);
    for (const item of group.items) {
      out.line(
        `  ${String(item.id).padStart(6)}  ${item.title ?? '(no title)'} ${dim(`· ${mins(item.readingSeconds)}`)}`,
      );
      if (item.url) out.line(`          ${dim(item.url)}`);
      const others = otherSources(group.name, item.alsoFrom);
      if (others.length) out.line(`          ${dim(`also from ${others.join(', ')}`)}`);
    }
    const more = overflow.find((o) => o.sourceId === sourceId);
    if (more) out.line(`  ${dim(`+${more.count} more from ${group.name}`)}`);
  }
}

/** `checkpoint pull` in a terminal: a header in the user's zone, then the grouped digest. */
export function printPull(result: PullResult, tz: string): void {
  const total = result.items.reduce((sum, i) => sum + i.readingSeconds, 0);
  const size = `${result.items.length} item${result.items.length === 1 ? '' : 's'}, ~${mins(total)}`;
  out.line(
    bold(
      result.checkpoint
        ? `Checkpoint of ${localDue(result.checkpoint.dueAt, tz)} — ${size}`
        : `Pulled now — ${size}`,
    ),
  );
  if (result.items.length === 0) out.line('Nothing is waiting. Enjoy the quiet.');
  printDigest(result.items, result.overflow);
  if (result.checkpoint)
    out.info(`\nWhen you are through: checkpoint done ${result.checkpoint.id}`);
}

/** `checkpoint done` in a terminal: what the items came to and how to undo, or when it was done. */
export function printDone(result: DoneResult, tz: string): void {
  const { checkpoint, summary } = result;
  if (result.alreadyDone) {
    out.info(
      `Checkpoint ${checkpoint.id} was already done (${localDue(checkpoint.doneAt!, tz)}); nothing changed.`,
    );
    return;
  }
  out.info(
    `Checkpoint ${checkpoint.id} done: ${summary.read} read, ${summary.dismissed} dismissed, ` +
      `${summary.skipped} seen without opening; ${summary.later} wait in Later.`,
  );
  out.info(`To undo: checkpoint done ${checkpoint.id} --undo`);
}

/** `checkpoint schedule show|set` in a terminal. */
export function printSchedule(s: ScheduleView): void {
  out.line(
    `Time zone: ${s.tz} · budget ${s.budgetMinutes} min · at most ${s.perSourceLimit} per source`,
  );
  for (const day of WEEKDAYS)
    out.line(`  ${day}  ${s.times[day].join('  ') || dim('no checkpoints')}`);
  const notify = s.notify.map(channelLabel);
  out.line(`Notices: ${notify.join(', ') || 'none'}`);
  out.line(`Next checkpoint: ${s.nextCheckpointAt ? localDue(s.nextCheckpointAt, s.tz) : '—'}`);
}

const LEDGER_COLUMNS: [string, (d: LedgerDay) => string | number][] = [
  ['date', (d) => d.date],
  ['pushes', (d) => d.pushesReceived],
  ['broke through', (d) => d.breakthroughs],
  ['undelivered', (d) => d.breakthroughsUndelivered],
  ['notices', (d) => d.checkpointNotices],
  ['interruptions', (d) => d.interruptions],
  ['spared', (d) => d.interruptionsSpared],
  ['checkpoints', (d) => d.checkpointsBuilt],
  ['opened', (d) => d.checkpointsOpened],
  ['pulls', (d) => d.pullsBetween],
  ['read', (d) => d.itemsRead],
  ['dismissed', (d) => d.itemsDismissed],
];

/** The ledger as a table, one row a day, and the sum of what was spared. */
export function printLedger(days: LedgerDay[]): void {
  const head = LEDGER_COLUMNS.map(([name]) => name);
  const rows = days.map((d) => LEDGER_COLUMNS.map(([, cell]) => String(cell(d))));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out.line(bold(line(head)));
  for (const r of rows) out.line(line(r));
  const spared = days.reduce((n, d) => n + d.interruptionsSpared, 0);
  const pushes = days.reduce((n, d) => n + d.pushesReceived, 0);
  out.line(`\n${spared} of ${pushes} interruptions spared.`);
}
