/**
 * A real Cyrus IMAP 3.6 for tests (Debian's `cyrus-imapd`, see system-packages.ts): its
 * `master` started without systemd from an imapd.conf and cyrus.conf in a temporary directory,
 * on 127.0.0.1 and a free port, with a sasldb holding the test user and the admin `cyrus`. The
 * admin creates the mailbox `user/reader` and sets quotas (SETQUOTA). `master` starts as root
 * and runs as the `cyrus` user the package created, so the directories belong to it.
 *
 * @example
 * const cyrus = await startCyrus();
 * await cyrus.append('INBOX', rawMessage);
 * … await cyrus.stop();
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { type MailServer, quotaKiB } from './mail-server.ts';
import { imapSession, rawImap, sessionOperations, waitForPort } from './mail-server-common.ts';
import { CYRUS_IMAPD } from './system-packages.ts';

const MASTER = '/usr/lib/cyrus/bin/master';
const ADMIN = { user: 'cyrus', password: 'cyrus-admin-1234' };

/** What a test may change about the server. */
export interface CyrusOptions {
  /** Capabilities Cyrus leaves out (its own `suppress_capabilities`), e.g. `['MOVE']`. */
  dropCapabilities?: string[];
  /**
   * Debian's own imapd.conf (`altnamespace: no`, `unixhierarchysep: no`): folders under
   * `INBOX.` with `.` between levels, as on Courier. Default: `/` and no prefix.
   */
  debianNamespace?: boolean;
}

function imapdConf(dir: string, options: CyrusOptions): string {
  const suppress = options.dropCapabilities?.length
    ? `suppress_capabilities: ${options.dropCapabilities.join(' ')}\n`
    : '';
  return `${suppress}configdirectory: ${dir}/config
defaultpartition: default
partition-default: ${dir}/spool
admins: ${ADMIN.user}
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${dir}/sasldb
sasl_mech_list: PLAIN LOGIN
virtdomains: off
unixhierarchysep: ${options.debianNamespace ? 'no' : 'yes'}
altnamespace: ${options.debianNamespace ? 'no' : 'yes'}
lmtpsocket: ${dir}/socket/lmtp
idlesocket: ${dir}/socket/idle
notifysocket: ${dir}/socket/notify
syslog_prefix: checkpoint-cyrus
`;
}

function cyrusConf(dir: string, port: number): string {
  return `START {
  recover cmd="/usr/lib/cyrus/bin/ctl_cyrusdb -C ${dir}/imapd.conf -r"
}
SERVICES {
  imap cmd="${CYRUS_IMAPD} -C ${dir}/imapd.conf" listen="127.0.0.1:${port}" prefork=0
}
EVENTS {
}
DAEMON {
}
`;
}

function saslUser(dir: string, user: string, password: string): void {
  const result = spawnSync('saslpasswd2', ['-p', '-c', '-f', join(dir, 'sasldb'), user], {
    input: password,
  });
  if (result.status !== 0) throw new Error(`cyrus: saslpasswd2 failed: ${result.stderr}`);
}

/** Starts Cyrus with the mailbox `user/reader` (INBOX of `reader`). */
export async function startCyrus(options: CyrusOptions = {}): Promise<MailServer> {
  if (process.getuid?.() !== 0)
    throw new Error('cyrus: the test Cyrus needs root (it runs as cyrus)');
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-cyrus-'));
  await chmod(dir, 0o755);
  for (const sub of ['config', 'spool', 'socket']) await mkdir(join(dir, sub));
  const port = await freePort();
  const user = 'reader';
  const password = 'app-password-1234';
  await writeFile(join(dir, 'imapd.conf'), imapdConf(dir, options));
  await writeFile(join(dir, 'cyrus.conf'), cyrusConf(dir, port));
  saslUser(dir, user, password);
  saslUser(dir, ADMIN.user, ADMIN.password);
  execFileSync('chown', ['-R', 'cyrus:mail', dir]);

  // Its own process group, so that stop() reaches the imapd processes too.
  const args = ['-C', join(dir, 'imapd.conf'), '-M', join(dir, 'cyrus.conf')];
  const child: ChildProcess = spawn(MASTER, [...args, '-p', join(dir, 'master.pid')], {
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`cyrus: master exited with ${code}`))),
  );
  exited.catch(() => {});
  await Promise.race([waitForPort(port, true, 'cyrus: did not start listening'), exited]);

  const admin = async (command: (c: Awaited<ReturnType<typeof imapSession>>) => Promise<void>) => {
    const c = await imapSession(port, ADMIN.user, ADMIN.password);
    try {
      await command(c);
    } finally {
      await c.logout();
    }
  };
  // The admin sees every mailbox as user<sep><name>.
  const sep = options.debianNamespace ? '.' : '/';
  await admin(async (c) => {
    await c.mailboxCreate(`user${sep}${user}`);
  });

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    ...sessionOperations(port, user, password),
    async setQuota(storage) {
      // The target folder gets its own quota root: MOVE into it is then over quota, while
      // INBOX (the user's root) keeps room, as when a user's archive folder is full.
      const folder = `user${sep}${user}${sep}Checkpoint`;
      await admin(async (c) => {
        if (!(await c.list()).some((box) => box.path === folder)) await c.mailboxCreate(folder);
      });
      await rawImap(port, [
        `LOGIN ${ADMIN.user} ${ADMIN.password}`,
        `SETQUOTA "${folder}" (STORAGE ${quotaKiB(storage)})`,
      ]);
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        await done;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
