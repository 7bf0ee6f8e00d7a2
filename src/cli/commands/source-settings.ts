import { type Command, Option } from 'commander';
import { parseCadence } from '../../domain/cadence.ts';
import { changeSourceSettings, MAX_WEIGHT } from '../../services/sources/source-settings.ts';
import type { SourceView } from '../../services/sources/sources.ts';
import { type GlobalOptions, out, parseId, UsageError, withApp } from '../context.ts';

const WOULD_PUSH = { yes: true, no: false, default: null } as const;

interface SetOptions {
  title?: string;
  category?: string;
  cadence?: string;
  weight?: string;
  wouldPush?: keyof typeof WOULD_PUSH;
  json?: boolean;
}

function describe(s: SourceView): string {
  const push = s.wouldPush === null ? 'default of its kind' : s.wouldPush ? 'yes' : 'no';
  return `${s.id}\t${s.name}\tcadence ${s.cadence} · weight ${s.weight} · would-push ${push}`;
}

/**
 * `checkpoint source set <id>`: when a source's items join checkpoints (cadence), how it ranks
 * (weight) and whether it counts as would-push. The `source` command itself is sources.ts's.
 */
export function sourceSettingsCommand(program: Command): void {
  const source =
    program.commands.find((c) => c.name() === 'source') ??
    program.command('source').description('manage sources');
  source
    .command('set <id>')
    .description('set a source’s name, category, cadence, weight and would-push')
    .option('--title <name>', 'rename the source')
    .option('--category <name>', 'move it to this category (created when new; "" for none)')
    .option(
      '--cadence <when>',
      'every (each checkpoint), daily (the first of the day) or weekly:<day>, e.g. weekly:fri',
    )
    .option(
      '--weight <n>',
      `ranking weight from 0 to ${MAX_WEIGHT} (1 is neutral, 2 adds 10 points)`,
    )
    .addOption(
      new Option('--would-push <choice>', 'whether its items would have interrupted you').choices(
        Object.keys(WOULD_PUSH),
      ),
    )
    .option('--json', 'print the source as JSON')
    .action(async (id: string, options: SetOptions) => {
      const sourceId = parseId(id, 'id');
      const cadence = options.cadence === undefined ? undefined : parseCadence(options.cadence);
      if (cadence === null)
        throw new UsageError(
          `--cadence must be every, daily or weekly:<day> like weekly:fri (got "${options.cadence}")`,
        );
      const weight = options.weight === undefined ? undefined : Number(options.weight);
      if (
        weight !== undefined &&
        !(/^\d+(\.\d+)?$/.test(options.weight!) && weight >= 0 && weight <= MAX_WEIGHT)
      )
        throw new UsageError(
          `--weight must be a number from 0 to ${MAX_WEIGHT} (got "${options.weight}")`,
        );
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const view = await changeSourceSettings(app, user.id, sourceId, {
          ...(options.title !== undefined ? { name: options.title } : {}),
          ...(options.category !== undefined ? { category: options.category } : {}),
          ...(cadence ? { cadence } : {}),
          ...(weight !== undefined ? { weight } : {}),
          ...(options.wouldPush ? { wouldPush: WOULD_PUSH[options.wouldPush] } : {}),
        });
        if (options.json) out.json(view);
        else out.line(describe(view));
      });
    });
}
