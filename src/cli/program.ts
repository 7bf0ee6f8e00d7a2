import { Command, CommanderError } from 'commander';
import { bridgeCommands } from './commands/bridges.ts';
import { checkpointCommands } from './commands/checkpoints.ts';
import { feedCommands } from './commands/feed.ts';
import { feedUrlCommand } from './commands/feed-url.ts';
import { fetchCommands } from './commands/fetching.ts';
import { importCommands } from './commands/imports.ts';
import { intakeCommands } from './commands/intake.ts';
import { itemCommands } from './commands/items.ts';
import { mailCommands } from './commands/mail.ts';
import { opmlCommands } from './commands/opml.ts';
import { ruleCommands } from './commands/rules.ts';
import { serveCommand, workerCommand } from './commands/serve.ts';
import { socialSourceCommands } from './commands/social-sources.ts';
import { sourceSettingsCommand } from './commands/source-settings.ts';
import { sourceCommands } from './commands/sources.ts';
import { userCommands } from './commands/users.ts';
import { exitCodeFor } from './context.ts';

/**
 * The `checkpoint` command line. Exit codes: 0 success, 1 failure (one line on stderr),
 * 2 usage or configuration errors. `--json` output goes to stdout alone.
 */
export function buildProgram(): Command {
  const program = new Command('checkpoint')
    .description("Checkpoint — pull, don't be pushed.")
    .version('0.1.0')
    .option('--user <email>', 'act as this user (default: the admin)')
    .showHelpAfterError()
    .exitOverride();
  for (const add of [
    serveCommand,
    workerCommand,
    userCommands,
    feedCommands,
    sourceCommands,
    sourceSettingsCommand,
    fetchCommands,
    itemCommands,
    opmlCommands,
    checkpointCommands,
    ruleCommands,
    feedUrlCommand,
    mailCommands,
    socialSourceCommands,
    intakeCommands,
    importCommands,
    bridgeCommands,
  ]) {
    add(program);
  }
  // Sub-commands inherit exit handling so that usage errors anywhere exit with 2.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().showHelpAfterError();
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return 0;
      }
      // Commander has already printed the message and the help hint.
      return error.exitCode === 0 ? 0 : 2;
    }
    return exitCodeFor(error);
  }
}
