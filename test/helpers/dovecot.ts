/**
 * A real Dovecot IMAP server for tests (Debian `dovecot-imapd`, installed by global-setup):
 * started without systemd (`dovecot -F -c <conf>`) on 127.0.0.1 and a free port, with one
 * passwd-file user and a Maildir in a temporary directory; optionally TLS with a self-signed
 * certificate on a second port; optionally with a quota or without some capabilities. It can be killed (SIGKILL to its process group, as a crash
 * would) and started again on the same ports with the same mail.
 *
 * @example
 * const dovecot = await startDovecot();
 * await dovecot.append('INBOX', rawMessage);
 * … await dovecot.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export interface Dovecot {
  readonly host: '127.0.0.1';
  /** Plain IMAP (STARTTLS offered when started with `tls`). */
  readonly port: number;
  /** Implicit TLS (IMAPS), 0 unless started with `tls`. */
  readonly tlsPort: number;
  readonly user: string;
  readonly password: string;
  /** Appends a message and returns its UID. */
  append(folder: string, raw: string, options?: { date?: Date; flags?: string[] }): Promise<number>;
  /** An ImapFlow client logged in as the test user (the caller logs out). */
  client(): Promise<ImapFlow>;
  /** UIDs of a folder with their flags (without the session flag \\Recent). */
  messages(folder: string): Promise<{ uid: number; flags: string[]; messageId: string | null }[]>;
  /** Deletes and re-creates a folder with the same messages: a new UIDVALIDITY. */
  recreateFolder(folder: string): Promise<void>;
  /** Changes the storage limit of a server started with `quota` (new sessions see it). */
  setQuota(storage: string): Promise<void>;
  /** SIGKILL to every Dovecot process (a crash, connections dropped mid-command). */
  kill(): Promise<void>;
  /** Starts again after `kill`, same ports and mail. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

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

async function waitForPort(port: number, up: boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await canConnect(port)) === up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot: ${what} (port ${port})`);
}

/** What a test may change about the server: quota, capabilities. */
export interface DovecotOptions {
  /** Also IMAPS and STARTTLS with a self-signed certificate. */
  tls?: boolean;
  /**
   * Loads the quota plugins (`quota` + `imap_quota`) with this storage limit (`quota_rule =
   * *:storage=…`, e.g. `'100M'`); `setQuota` changes it while the server runs.
   */
  quota?: string;
  /** Capabilities left out of what the server announces after login (e.g. `['MOVE']`). */
  dropCapabilities?: string[];
}

/** What Dovecot 2.3 announces after login by default (doc.dovecot.org, imap_capability). */
const IMAP_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE';

function extras(options: DovecotOptions, quota: string | undefined): string {
  const lines: string[] = [];
  if (quota) {
    lines.push(
      'mail_plugins = $mail_plugins quota',
      'protocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}',
      `plugin {\n  quota = count:User quota\n  quota_vsizes = yes\n  quota_rule = *:storage=${quota}\n}`,
    );
  }
  if (options.dropCapabilities?.length) {
    const drop = new Set(options.dropCapabilities.map((c) => c.toUpperCase()));
    const kept = `${IMAP_CAPABILITIES}${quota ? ' QUOTA' : ''}`
      .split(' ')
      .filter((c) => !drop.has(c));
    lines.push(`imap_capability = ${kept.join(' ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function config(dir: string, port: number, tlsPort: number, runAs: string): string {
  const ssl = tlsPort
    ? `ssl = yes\nssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem\n`
    : 'ssl = no\n';
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${runAs}
default_internal_group = ${runAs === 'dovecot' ? 'dovecot' : userInfo().username}
default_login_user = ${runAs === 'dovecot' ? 'dovenull' : runAs}
first_valid_uid = 1
mail_uid = ${runAs}
mail_gid = ${runAs === 'dovecot' ? 'dovecot' : userInfo().username}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

/** Starts Dovecot; with `tls`, also IMAPS and STARTTLS with a self-signed certificate. */
export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-dovecot-'));
  // Dovecot's unprivileged processes must be able to enter the directory.
  await chmod(dir, 0o755);
  const isRoot = process.getuid?.() === 0;
  const runAs = isRoot ? 'dovecot' : userInfo().username;
  await mkdir(join(dir, 'mail'));
  if (isRoot)
    await chown(
      join(dir, 'mail'),
      Number(execFileSync('id', ['-u', 'dovecot'])),
      Number(execFileSync('id', ['-g', 'dovecot'])),
    );
  const user = 'reader';
  const password = 'app-password-1234';
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : 0;
  if (options.tls) {
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
        ],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
  }
  const confPath = join(dir, 'dovecot.conf');
  const writeConfig = (quota: string | undefined) =>
    writeFile(confPath, config(dir, port, tlsPort, runAs) + extras(options, quota));
  await writeConfig(options.quota);

  let child: ChildProcess | null = null;
  const launch = async () => {
    // Its own process group, so that kill() reaches the login and imap processes too.
    child = spawn(DOVECOT, ['-F', '-c', confPath], { detached: true, stdio: 'ignore' });
    const exited = new Promise<never>((_, reject) =>
      child?.once('exit', (code) =>
        reject(new Error(`dovecot exited with ${code}: see ${dir}/dovecot.log`)),
      ),
    );
    exited.catch(() => {});
    await Promise.race([waitForPort(port, true, 'did not start listening'), exited]);
  };
  const killGroup = async (signal: NodeJS.Signals) => {
    const pid = child?.pid;
    if (!pid || child?.exitCode !== null) return;
    const done = new Promise((resolve) => child?.once('exit', resolve));
    process.kill(-pid, signal);
    await done;
    child = null;
  };
  await launch();

  const client = async () => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await c.connect();
    return c;
  };
  const withClient = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = await client();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  };

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user,
    password,
    client,
    append: (folder, raw, opts = {}) =>
      withClient(async (c) => {
        const result = await c.append(folder, raw, opts.flags ?? [], opts.date);
        if (!result || result.uid === undefined) throw new Error('dovecot: APPEND gave no UID');
        return result.uid;
      }),
    messages: (folder) =>
      withClient(async (c) => {
        const box = await c.mailboxOpen(folder, { readOnly: true });
        if (box.exists === 0) return [];
        const rows = await c.fetchAll('1:*', { uid: true, flags: true, envelope: true });
        return rows.map((m) => ({
          uid: m.uid,
          // \\Recent is a per-session flag, not something anyone set.
          flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent'),
          messageId: m.envelope?.messageId ?? null,
        }));
      }),
    recreateFolder: (folder) =>
      withClient(async (c) => {
        await c.mailboxOpen(folder);
        const rows = await c.fetchAll('1:*', {
          uid: true,
          source: true,
          flags: true,
          internalDate: true,
        });
        await c.mailboxClose();
        await c.mailboxDelete(folder);
        await c.mailboxCreate(folder);
        for (const m of rows) {
          const date = m.internalDate instanceof Date ? m.internalDate : undefined;
          await c.append(folder, m.source ?? '', [...(m.flags ?? [])], date);
        }
      }),
    async setQuota(storage) {
      if (!options.quota) throw new Error('dovecot: started without quota');
      await writeConfig(storage);
      // SIGHUP: the master reads the configuration again; new sessions get the new limit.
      const pid = child?.pid;
      if (pid) process.kill(pid, 'SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    kill: () => killGroup('SIGKILL'),
    async restart() {
      await waitForPort(port, false, 'still listening after kill');
      await launch();
    },
    async stop() {
      await killGroup('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
