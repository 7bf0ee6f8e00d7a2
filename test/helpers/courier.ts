/**
 * A real Courier-IMAP 5.0 for tests (Debian's `courier-imap`, unpacked, see system-packages.ts)
 * on 127.0.0.1 and a free port, over a Maildir in a temporary directory: folders under `INBOX.`
 * with `.` between levels, no MOVE, no UIDNEXT in SELECT, maildir quotas (`maildirmake -q`).
 *
 * Courier's own login process (imaplogin) asks authdaemond over a socket whose path is compiled
 * into libcourierauth (/run/courier/authdaemon), with its users in /etc/courier: not something a
 * test may take over. So this helper plays imaplogin: a small TCP server answers the greeting,
 * CAPABILITY and LOGIN as imaplogin does, then hands the connection to a real `imapd` per
 * session, started the way imaplogin starts it (AUTHENTICATED, IMAPLOGINTAG, IMAP_CAPABILITY).
 * Everything after LOGIN is Courier's.
 *
 * @example
 * const courier = await startCourier();
 * await courier.append('INBOX', rawMessage);
 * … await courier.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MailServer, quotaKiB } from './mail-server.ts';
import { sessionOperations } from './mail-server-common.ts';
import { COURIER_IMAPD } from './system-packages.ts';

/** What Debian's /etc/courier/imapd announces (IMAP_CAPABILITY), before and after login. */
export const COURIER_CAPABILITY =
  'IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE';

/** The arguments of a command line: atoms and "quoted strings". */
function args(line: string): string[] {
  const found: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
    found.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return found;
}

/** What a test may change about the server. */
export interface CourierOptions {
  /** Capabilities left out of IMAP_CAPABILITY (Courier's own switch), e.g. `['UIDPLUS']`. */
  dropCapabilities?: string[];
}

interface Session {
  capability: string;
  dir: string;
  user: string;
  password: string;
  children: Set<ChildProcess>;
}

/** Hands the socket to Courier's imapd as a logged-in session (what imaplogin does). */
function startImapd(socket: Socket, session: Session, tag: string, rest: Buffer): void {
  const child = spawn(COURIER_IMAPD, ['Maildir'], {
    cwd: session.dir,
    env: {
      PATH: '/usr/bin:/bin',
      HOME: session.dir,
      AUTHENTICATED: session.user,
      IMAPLOGINTAG: tag,
      IMAP_CAPABILITY: session.capability,
      TCPREMOTEIP: socket.remoteAddress ?? '127.0.0.1',
      TCPREMOTEPORT: String(socket.remotePort ?? 0),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  session.children.add(child);
  child.once('exit', () => {
    session.children.delete(child);
    socket.end();
  });
  if (rest.length) child.stdin?.write(rest);
  socket.pipe(child.stdin!);
  child.stdout?.pipe(socket);
  child.stdin?.on('error', () => {});
  socket.on('close', () => child.kill('SIGTERM'));
}

/** The part of imaplogin the tests go through: greeting, CAPABILITY, NOOP, LOGIN, LOGOUT. */
function preLogin(socket: Socket, session: Session): void {
  let buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
      const line = buffer.subarray(0, end).toString('latin1');
      buffer = buffer.subarray(end + 2);
      const [tag = '*', command = '', ...rest] = args(line);
      const verb = command.toUpperCase();
      if (verb === 'LOGIN' && rest[0] === session.user && rest[1] === session.password) {
        socket.off('data', onData);
        startImapd(socket, session, tag, buffer);
        return;
      }
      if (verb === 'LOGIN') socket.write(`${tag} NO Login failed.\r\n`);
      else if (verb === 'CAPABILITY')
        socket.write(`* CAPABILITY ${session.capability}\r\n${tag} OK CAPABILITY completed\r\n`);
      else if (verb === 'NOOP') socket.write(`${tag} OK NOOP completed\r\n`);
      else if (verb === 'LOGOUT') {
        socket.end(`* BYE Courier-IMAP server shutting down\r\n${tag} OK LOGOUT completed\r\n`);
        return;
      } else socket.write(`${tag} NO Error in IMAP command received by server.\r\n`);
    }
  };
  socket.on('data', onData);
  socket.on('error', () => {});
  socket.write(
    `* OK [CAPABILITY ${session.capability}] Courier-IMAP ready. Copyright 1998-2018 Double Precision, Inc.  See COPYING for distribution information.\r\n`,
  );
}

/** Starts Courier-IMAP for the user `reader` with an empty Maildir. */
export async function startCourier(options: CourierOptions = {}): Promise<MailServer> {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-courier-'));
  execFileSync('maildirmake.courier', [join(dir, 'Maildir')]);
  const drop = new Set(options.dropCapabilities?.map((c) => c.toUpperCase()));
  const session: Session = {
    capability: COURIER_CAPABILITY.split(' ')
      .filter((c) => !drop.has(c))
      .join(' '),
    dir,
    user: 'reader',
    password: 'app-password-1234',
    children: new Set(),
  };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    preLogin(socket, session);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host: '127.0.0.1',
    port,
    user: session.user,
    password: session.password,
    ...sessionOperations(port, session.user, session.password),
    async setQuota(storage) {
      // A maildir quota covers the whole Maildir, folders included (maildirquota.html).
      const bytes = quotaKiB(storage) * 1024;
      execFileSync('maildirmake.courier', ['-q', `${bytes}S`, join(dir, 'Maildir')]);
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      for (const child of session.children) child.kill('SIGKILL');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
