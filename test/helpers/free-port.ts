import { createServer } from 'node:net';

/**
 * A TCP port of 127.0.0.1 that was free a moment ago: to know a server's URL before it
 * listens, or to give a child process (Dovecot, Postfix, PostgreSQL, `checkpoint serve`) one.
 */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
