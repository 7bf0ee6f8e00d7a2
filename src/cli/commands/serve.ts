import type { Command } from 'commander';
import { startServer } from '../../main.ts';
import { config, out } from '../context.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web app, the API and the scheduler (npm start)')
    .option(
      '--no-jobs',
      'serve HTTP only; fetching and checkpoints run elsewhere (checkpoint worker)',
    )
    .action(async (options: { jobs: boolean }) => {
      const running = await startServer(config(), { jobs: options.jobs });
      out.line(`Checkpoint is running at ${running.url}`);
      out.line(
        `Data: ${running.app.db.dialect === 'sqlite' ? running.app.config.dataDir : 'PostgreSQL'} · stop with Ctrl+C`,
      );
      const stop = async () => {
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
