import { type ServerType, serve } from '@hono/node-server';
import type { Config } from './config/index.ts';
import { createNotifier } from './delivery/channel-notifier.ts';
import { createHttpApp } from './http/app.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { createLogger } from './lib/logger.ts';
import { type App, openApp } from './services/app.ts';
import { startMailIntake } from './services/mail/mail-intake.ts';

export interface Running {
  app: App;
  url: string;
  stop(): Promise<void>;
}

/**
 * Wiring only: config → database (migrated) → HTTP server → scheduler.
 * `checkpoint serve` (and `npm start`) call this.
 */
export async function startServer(
  config: Config,
  options: { jobs?: boolean } = {},
): Promise<Running> {
  const log = createLogger(config.logLevel);
  const app = await openApp(config, { log, notifier: createNotifier, server: true });
  const http = createHttpApp(app);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: http.fetch, hostname: config.host, port: config.port }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const scheduler = options.jobs === false ? null : startScheduler(app);
  // Own addresses: the SMTP intake runs only when both the port and the domain are set.
  const mailIntake =
    config.smtpPort !== null && config.mailDomain ? await startMailIntake(app) : null;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.port === port ? config.baseUrl : `http://${config.host}:${port}`;
  log.info({ url, host: config.host, port, database: app.db.dialect }, 'checkpoint started');
  return {
    app,
    url,
    async stop() {
      await scheduler?.stop();
      await mailIntake?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
