import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { connectBluesky } from '../../services/social/bluesky.ts';
import {
  type ConnectResult,
  connectMastodonWithToken,
  finishMastodonConnect,
  startMastodonConnect,
} from '../../services/social/mastodon.ts';
import { type GlobalOptions, out, UsageError, withApp } from '../context.ts';

/**
 * Reads a secret from the named environment variable. The CLI is the one place that may:
 * services get the value, never the name (DESIGN.md: nothing below reads process.env).
 */
function secretFrom(option: string, variable: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw new UsageError(`${option} ${variable}: that environment variable is not set`);
  }
  return value;
}

async function askCode(): Promise<string> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: process.stdin.isTTY === true,
  });
  try {
    const code = (await rl.question('Paste the authorisation code: ')).trim();
    if (!code) throw new UsageError('no authorisation code was given');
    return code;
  } finally {
    rl.close();
  }
}

function report(result: ConnectResult, json: boolean | undefined): void {
  if (json) {
    out.json({ ...result.source, created: result.created, itemsAdded: result.itemsAdded });
    return;
  }
  out.line(`${result.source.id}\t${result.source.name}`);
  out.info(
    result.created
      ? `Connected: ${result.itemsAdded} items held until your next checkpoint.`
      : `Reconnected (${result.itemsAdded} new items).`,
  );
}

/** `source add-mastodon` and `source add-bluesky`, attached to the `source` command. */
export function socialSourceCommands(program: Command): void {
  const source =
    program.commands.find((c) => c.name() === 'source') ??
    program.command('source').description('manage sources');

  source
    .command('add-mastodon <instance-url>')
    .description(
      'connect a Mastodon account (OAuth: open the page shown, paste the code; or --token-env)',
    )
    .option(
      '--token-env <var>',
      'environment variable holding an access token made on the instance',
    )
    .option('--json', 'print the new source as JSON')
    .action(async (instance: string, options: { tokenEnv?: string; json?: boolean }) => {
      const token = options.tokenEnv ? secretFrom('--token-env', options.tokenEnv) : null;
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        if (token) {
          report(await connectMastodonWithToken(app, user.id, instance, token), options.json);
          return;
        }
        const auth = await startMastodonConnect(app, user.id, instance, { oob: true });
        out.info('Open this page, let Checkpoint read your account, and copy the code it shows:');
        out.info(`  ${auth.authorizeUrl}`);
        report(await finishMastodonConnect(app, auth.state, await askCode()), options.json);
      });
    });

  source
    .command('add-bluesky <handle>')
    .description('connect a Bluesky account with an app password (Settings → App passwords)')
    .requiredOption('--password-env <var>', 'environment variable holding the app password')
    .option('--service <url>', 'the account’s service (default https://bsky.social)')
    .option('--json', 'print the new source as JSON')
    .action(
      async (
        handle: string,
        options: { passwordEnv: string; service?: string; json?: boolean },
      ) => {
        const password = secretFrom('--password-env', options.passwordEnv);
        await withApp(program.opts<GlobalOptions>(), async (app, user) => {
          report(
            await connectBluesky(app, user.id, handle, password, {
              service: options.service ?? null,
            }),
            options.json,
          );
        });
      },
    );
}
