/**
 * A TCP proxy on 127.0.0.1 in front of a real IMAP server that cuts the connection at a
 * chosen command, the way a flaky network or a NAT timeout does: before the server gets the
 * command, or after the server carried it out but before the client sees its tagged answer.
 * Only client commands are parsed (one line each; the tests send no literals through it).
 * With `stripUidNext` it also plays a server whose SELECT has no UIDNEXT (Courier): the
 * `* OK [UIDNEXT n]` lines of the server's answers never reach the client. It hides
 * COMPRESS=DEFLATE, so that the commands it reads stay readable.
 *
 * @example
 * const proxy = await startImapProxy(dovecot.port);
 * proxy.cutAt({ command: /^UID MOVE /, when: 'before-answer' });
 * … connect to proxy.port …; expect(proxy.cuts).toBe(1);
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/** Where to cut: the `skip`+1-th client command matching `command` (tag left out). */
export interface CutRule {
  command: RegExp;
  when: 'before-command' | 'before-answer';
  /** Matching commands let through first (default 0). */
  skip?: number;
}

export interface ImapProxy {
  readonly port: number;
  /** Arms one cut (replacing an armed one); it fires once. */
  cutAt(rule: CutRule): void;
  /** Cuts so far. */
  readonly cuts: number;
  /** The client commands seen (tags left out), for messages when a test fails. */
  readonly commands: string[];
  close(): Promise<void>;
}

/** What one proxied connection asks of the proxy. */
interface CutHooks {
  /** Whether this client command (tag left out) is where to cut, and how. */
  cutAt(command: string): CutRule['when'] | null;
  cut(client: Socket, upstream: Socket): void;
  /** Server lines left out (whole lines, CRLF included). */
  drop: RegExp | null;
}

/**
 * Feeds whole server lines, without the dropped ones, to `next`. COMPRESS=DEFLATE (Cyrus) is
 * left out of every capability list: the proxy reads the client's commands, which it could not
 * once they are compressed.
 */
function lineFilter(drop: RegExp | null, next: (chunk: Buffer) => void): (chunk: Buffer) => void {
  let partial = '';
  return (chunk) => {
    partial += chunk.toString('latin1');
    const end = partial.lastIndexOf('\r\n');
    if (end === -1) return;
    const lines = partial.slice(0, end + 2).split(/(?<=\r\n)/);
    partial = partial.slice(end + 2);
    const kept = lines
      .filter((line) => !drop?.test(line))
      .map((line) => (/CAPABILITY /i.test(line) ? line.replace(/ COMPRESS=DEFLATE/gi, '') : line))
      .join('');
    if (kept) next(Buffer.from(kept, 'latin1'));
  };
}

/** Relays one client connection, cutting where the hooks say. */
function relay(client: Socket, upstream: Socket, hooks: CutHooks): void {
  let fromClient = '';
  let awaitedTag: string | null = null;
  let fromServer = '';
  client.on('data', (chunk: Buffer) => {
    fromClient += chunk.toString('latin1');
    for (let end = fromClient.indexOf('\r\n'); end !== -1; end = fromClient.indexOf('\r\n')) {
      const line = fromClient.slice(0, end + 2);
      fromClient = fromClient.slice(end + 2);
      const [tag = '', ...rest] = line.trimEnd().split(' ');
      const when = hooks.cutAt(rest.join(' '));
      if (when === 'before-command') return hooks.cut(client, upstream);
      if (when === 'before-answer') awaitedTag = tag;
      upstream.write(Buffer.from(line, 'latin1'));
    }
  });
  const toClient = (chunk: Buffer) => {
    if (awaitedTag === null) {
      client.write(chunk);
      return;
    }
    fromServer += chunk.toString('latin1');
    const at = fromServer.startsWith(`${awaitedTag} `)
      ? 0
      : fromServer.indexOf(`\r\n${awaitedTag} `);
    if (at !== -1) {
      // Everything before the tagged answer reaches the client; the answer never does.
      const before = at === 0 ? '' : fromServer.slice(0, at + 2);
      client.write(Buffer.from(before, 'latin1'), () => hooks.cut(client, upstream));
      awaitedTag = null;
      return;
    }
    const lastLine = fromServer.lastIndexOf('\r\n');
    if (lastLine === -1) return;
    client.write(Buffer.from(fromServer.slice(0, lastLine + 2), 'latin1'));
    fromServer = fromServer.slice(lastLine + 2);
  };
  upstream.on('data', lineFilter(hooks.drop, toClient));
}

export interface ImapProxyOptions {
  /** Leaves out `* OK [UIDNEXT n]`, as Courier's SELECT does. */
  stripUidNext?: boolean;
}

/** Starts a proxy to `127.0.0.1:upstreamPort`. */
export async function startImapProxy(
  upstreamPort: number,
  options: ImapProxyOptions = {},
): Promise<ImapProxy> {
  let rule: (CutRule & { seen: number }) | null = null;
  let cuts = 0;
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const hooks: CutHooks = {
    drop: options.stripUidNext ? /^\* OK \[UIDNEXT \d+\]/i : null,
    cutAt(command) {
      commands.push(command);
      if (!rule?.command.test(command)) return null;
      return rule.seen++ >= (rule.skip ?? 0) ? rule.when : null;
    },
    cut(client, upstream) {
      cuts++;
      rule = null;
      client.destroy();
      upstream.destroy();
    },
  };

  const server = createServer((client) => {
    const upstream = tcpConnect({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(client).add(upstream);
    relay(client, upstream, hooks);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    cutAt: (next) => {
      rule = { ...next, seen: 0 };
    },
    get cuts() {
      return cuts;
    },
    commands,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
