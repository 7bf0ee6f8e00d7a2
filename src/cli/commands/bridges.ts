import type { Command } from 'commander';
import {
  BRIDGE_KINDS,
  BRIDGE_PLATFORMS,
  type BridgeKind,
  type BridgePlatform,
} from '../../domain/bridges.ts';
import {
  type FollowResult,
  followAccount,
  getBridge,
  setBridge,
} from '../../services/sources/bridges.ts';
import { type GlobalOptions, out, UsageError, withApp } from '../context.ts';

/** `checkpoint bridge set|show|clear` and `checkpoint follow <platform> <account>`. */
export function bridgeCommands(program: Command): void {
  const bridge = program
    .command('bridge')
    .description('your RSSHub or RSS-Bridge instance, for platforms without feeds');
  bridgeSetCommand(program, bridge);
  bridgeShowCommand(program, bridge);
  bridgeClearCommand(program, bridge);
  followCommand(program);
}

function bridgeSetCommand(program: Command, bridge: Command): void {
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
}

function bridgeShowCommand(program: Command, bridge: Command): void {
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
}

function bridgeClearCommand(program: Command, bridge: Command): void {
  bridge
    .command('clear')
    .description('stop using a bridge (sources already followed stay)')
    .action(async () => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        await setBridge(app, user.id, null);
        out.info('Bridge removed.');
      });
    });
}

function followCommand(program: Command): void {
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
        printFollowed(result, options.json === true);
      });
    });
}

/** The followed source: JSON with the feed it reads, or its id and name and a line on stderr. */
function printFollowed(result: FollowResult, json: boolean): void {
  const { source, created, itemsAdded, feedUrl } = result;
  if (json) {
    out.json({ ...source, platform: result.platform, feedUrl, created, itemsAdded });
    return;
  }
  out.line(`${source.id}\t${source.name}`);
  out.info(created ? `Following ${feedUrl}: ${itemsAdded} items held.` : 'Already following.');
}
