/**
 * Pieces the Dovecot, Cyrus and Courier helpers share: waiting for a port, an ImapFlow
 * session for the test user, and the `MailServer` operations built on it.
 */
import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import type { MailServer } from './mail-server.ts';

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until the port accepts connections (`up`) or refuses them; throws after ~10 s. */
export async function waitForPort(port: number, up: boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await canConnect(port)) === up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} (port ${port})`);
}

/** A logged-in ImapFlow session (the caller logs out). */
export async function imapSession(port: number, user: string, pass: string): Promise<ImapFlow> {
  const c = new ImapFlow({
    ...{ host: '127.0.0.1', port, secure: false, doSTARTTLS: false },
    ...{ auth: { user, pass }, logger: false as const },
  });
  await c.connect();
  return c;
}

type Operations = Pick<MailServer, 'client' | 'append' | 'messages' | 'recreateFolder'>;

/**
 * append / messages / recreateFolder over sessions of the test user. `uidValidityPause` (default
 * on) waits a second before a folder is made again, for servers whose UIDVALIDITY is a time in
 * seconds (Courier); Dovecot's changes at once.
 */
export function sessionOperations(
  port: number,
  user: string,
  pass: string,
  options: { uidValidityPause?: boolean } = {},
): Operations {
  const client = () => imapSession(port, user, pass);
  const withClient = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = await client();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  };
  return {
    client,
    append: (folder, raw, opts = {}) =>
      withClient(async (c) => {
        const result = await c.append(folder, raw, opts.flags ?? [], opts.date);
        if (!result) throw new Error('mail server: APPEND failed');
        // Courier answers APPENDUID too; a server without UIDPLUS would give none.
        return result.uid ?? 0;
      }),
    messages: (folder) =>
      withClient(async (c) => {
        const box = await c.mailboxOpen(folder, { readOnly: true });
        if (box.exists === 0) return [];
        const rows = await c.fetchAll('1:*', { uid: true, flags: true, envelope: true });
        return rows.map((m) => ({
          uid: m.uid,
          flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent'),
          messageId: m.envelope?.messageId ?? null,
        }));
      }),
    recreateFolder: (folder) =>
      withClient(async (c) => {
        await c.mailboxOpen(folder);
        const query = { uid: true, source: true, flags: true, internalDate: true };
        const rows = await c.fetchAll('1:*', query);
        await c.mailboxClose();
        await c.mailboxDelete(folder);
        // UIDVALIDITY is often a time in seconds (Courier): the new folder gets a new second.
        if (options.uidValidityPause !== false) await new Promise((r) => setTimeout(r, 1100));
        await c.mailboxCreate(folder);
        for (const m of rows) {
          const date = m.internalDate instanceof Date ? m.internalDate : undefined;
          await c.append(folder, m.source ?? '', [...(m.flags ?? [])], date);
        }
      }),
  };
}

/**
 * Sends commands one after another on a plain connection (for what ImapFlow has no method for,
 * such as SETQUOTA) and returns each tagged answer; throws on one that is not OK.
 *
 * @example await rawImap(port, ['LOGIN cyrus secret', 'SETQUOTA "user/reader" (STORAGE 1)'])
 */
export function rawImap(port: number, commands: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const answers: string[] = [];
    let buffer = '';
    let next = 0;
    let greeted = false;
    const send = () => {
      if (next === commands.length) {
        socket.end('z LOGOUT\r\n');
        resolve(answers);
        return;
      }
      socket.write(`t${next} ${commands[next]}\r\n`);
    };
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!greeted) {
        if (!buffer.includes('\r\n')) return;
        greeted = true;
        buffer = '';
        send();
        return;
      }
      if (next < 0 || next >= commands.length) return;
      const match = new RegExp(`(?:^|\\r\\n)t${next} (\\w+)([^\\r]*)\\r\\n`).exec(buffer);
      if (!match) return;
      buffer = '';
      answers.push(`${match[1]}${match[2]}`);
      if (match[1]?.toUpperCase() !== 'OK') {
        next = -1;
        socket.destroy();
        reject(new Error(`mail server: ${commands[answers.length - 1]} → ${match[1]}${match[2]}`));
        return;
      }
      next++;
      send();
    });
  });
}
