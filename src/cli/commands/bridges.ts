import type { Command } from 'commander';
import {
  BRIDGE_KINDS,
  BRIDGE_PLATFORMS,
  type BridgeKind,
  type BridgePlatform,
} from '../../domain/bridges.ts';
import { followAccount, getBridge, setBridge } from '../../services/sources/bridges.ts';
import { type GlobalOptions, out, UsageError, withApp } from '../context.ts';

/** `checkpoint bridge set|show|clear` and `checkpoint follow <platform> <account>`. */
export function bridgeCommands(program: Command): void {
  const bridge = program
    .command('bridge')
    .description('your RSSHub or RSS-Bridge instance, for platforms without feeds');
  bridge
    .command('set <url>')
    .description('use this RSSHub or RSS-Bridge instance (kind guessed from the URL unless --kind)')
    .option('--kind <kind>', `rsshub or rss-bridge`)
    .option('--json', 'print the setting as JSON')
    .action(async (url: string, options: { kind?: string; json?: boolean }) => {
      if (options.kind && !(BRIDGE_KINDS as readonly string[]).includes(options.kind)) {
        throw new UsageError(`--kind must be rsshub or rss-bridge (got "${options.kind}")`);
      }
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const setting = await setBridge(
          app,
          user.id,
          url,
          (options.kind as BridgeKind | undefined) ?? null,
        );
        if (options.json) out.json({ bridge: setting });
        else out.info(`Bridge set: ${setting?.kind} at ${setting?.url}`);
      });
    });
  bridge
    .command('show')
    .description('show the bridge in use')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const setting = await getBridge(app, user.id);
        if (options.json) out.json({ bridge: setting });
        else out.line(setting ? `${setting.kind}\t${setting.url}` : 'No bridge set.');
      });
    });
  bridge
    .command('clear')
    .description('stop using a bridge (sources already followed stay)')
    .action(async () => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        await setBridge(app, user.id, null);
        out.info('Bridge removed.');
      });
    });

  program
    .command('follow <platform> <account>')
    .description(
      `follow an account as a feed: ${BRIDGE_PLATFORMS.join(', ')} (x … linkedin through your bridge)`,
    )
    .option('--json', 'print the new source as JSON')
    .action(async (platform: string, account: string, options: { json?: boolean }) => {
      if (!(BRIDGE_PLATFORMS as readonly string[]).includes(platform)) {
        throw new UsageError(
          `<platform> must be one of ${BRIDGE_PLATFORMS.join(', ')} (got "${platform}")`,
        );
      }
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const result = await followAccount(app, user.id, platform as BridgePlatform, account);
        if (options.json) {
          out.json({
            ...result.source,
            platform: result.platform,
            feedUrl: result.feedUrl,
            created: result.created,
            itemsAdded: result.itemsAdded,
          });
          return;
        }
        out.line(`${result.source.id}\t${result.source.name}`);
        out.info(
          result.created
            ? `Following ${result.feedUrl}: ${result.itemsAdded} items held.`
            : 'Already following.',
        );
      });
    });
}
