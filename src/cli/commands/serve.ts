import type { Command } from 'commander';
import { createNotifier } from '../../delivery/channel-notifier.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { createLogger } from '../../lib/logger.ts';
import { openApp } from '../../services/app.ts';
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
      // The web server's modules and packages load only for this command.
      const { startServer } = await import('../../main.ts');
      const running = await startServer(config(), { jobs: options.jobs });
      out.line(`Checkpoint is running at ${running.url}`);
      // CHECKPOINT_DATABASE_URL is what selects PostgreSQL (src/db/connect.ts).
      const cfg = running.app.config;
      out.line(`Data: ${cfg.databaseUrl ? 'PostgreSQL' : cfg.dataDir} · stop with Ctrl+C`);
      const stop = async () => {
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * `checkpoint worker`: the scheduler without HTTP, for `serve --no-jobs` web nodes on
 * PostgreSQL. Several workers may run: source leases and the unique (user, due time) row of
 * each checkpoint keep every fetch and checkpoint to one worker.
 */
export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'run fetching, checkpoints and notices without the web server (several may run on PostgreSQL)',
    )
    .action(async () => {
      const cfg = config();
      const app = await openApp(cfg, {
        log: createLogger(cfg.logLevel),
        notifier: createNotifier,
        server: true,
      });
      const scheduler = startScheduler(app);
      out.line(`Checkpoint worker running (${app.db.dialect}) · stop with Ctrl+C`);
      const stop = async () => {
        await scheduler.stop();
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {});
    });
}
