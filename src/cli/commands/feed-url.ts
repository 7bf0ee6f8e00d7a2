import type { Command } from 'commander';
import { getFeedToken, rotateFeedToken } from '../../services/checkpoints/feed-tokens.ts';
import { type GlobalOptions, out, withApp } from '../context.ts';

/** `checkpoint feed-url [--rotate] [--json]`: the private Atom feed of your checkpoints. */
export function feedUrlCommand(program: Command): void {
  program
    .command('feed-url')
    .description('the private Atom feed URL of your checkpoints, for any feed reader')
    .option('--rotate', 'make a new URL; the old one stops working at once')
    .option('--json', 'print {"url": …} as JSON')
    .action(async (options: { rotate?: boolean; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const view = options.rotate
          ? await rotateFeedToken(app, user.id)
          : await getFeedToken(app, user.id);
        if (options.json) {
          out.json({ url: view.url });
          return;
        }
        out.line(view.url);
        out.info('Anyone with this URL can read your checkpoints; `--rotate` makes a new one.');
      });
    });
}
