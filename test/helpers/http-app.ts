import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createHttpApp } from '../../src/http/app.ts';
import type { App } from '../../src/services/app.ts';

export interface RunningHttp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Serves the real HTTP app of `app` on 127.0.0.1 and a free port (real sockets, no mocks). */
export async function serveHttpApp(app: App): Promise<RunningHttp> {
  const http = createHttpApp(app);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: http.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
