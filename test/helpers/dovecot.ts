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
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { type DovecotOptions, dovecotConfig } from './dovecot-config.ts';
import { freePort } from './free-port.ts';
import { sessionOperations, waitForPort } from './mail-server-common.ts';

export type { DovecotOptions };

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
    writeFile(confPath, dovecotConfig({ dir, port, tlsPort, runAs }, options, quota));
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
    await Promise.race([waitForPort(port, true, 'dovecot: did not start listening'), exited]);
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

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user,
    password,
    // Dovecot's UIDVALIDITY changes at once: no pause before a folder is made again.
    ...sessionOperations(port, user, password, { uidValidityPause: false }),
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
      await waitForPort(port, false, 'dovecot: still listening after kill');
      await launch();
    },
    async stop() {
      await killGroup('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
