/**
 * A real Postfix (Debian `postfix`, installed by global-setup) as the sending side of the
 * internet: it accepts mail on 127.0.0.1 and a free port and relays everything for one domain
 * to a given port on 127.0.0.1 — our SMTP intake — insisting on STARTTLS
 * (`smtp_tls_security_level = encrypt`: no TLS, no delivery). It runs from its own config,
 * queue and log in a temporary directory (`postfix -c DIR start-fg`), never the system
 * service, and reaches nothing beyond 127.0.0.1: no DNS, and every other domain fails at once.
 * Postfix's master must start as root; the helper says so otherwise.
 *
 * @example
 * const postfix = await startPostfix({ domain: 'in.example.test', relayPort: intake.port });
 * … swaks --server 127.0.0.1:${postfix.port} … ; await postfix.stop();
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface Postfix {
  /** Where Postfix's SMTP server listens on 127.0.0.1. */
  readonly port: number;
  /** Postfix's own log so far (`maillog_file`): deliveries, TLS, deferrals. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export interface PostfixOptions {
  /** The domain relayed to the intake. */
  domain: string;
  /** The intake's port on 127.0.0.1. */
  relayPort: number;
  /** Postfix's size limit (default 50 MB, above the intake's 25 MB). */
  messageSizeLimit?: number;
}

const POSTFIX = '/usr/sbin/postfix';

function mainCf(dir: string, options: PostfixOptions): string {
  return `compatibility_level = 3.6
queue_directory = ${dir}/queue
data_directory = ${dir}/data
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.sender.test
mydomain = sender.test
myorigin = $myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_peername_lookup = no
relay_domains = ${options.domain}
relay_transport = relay:[127.0.0.1]:${options.relayPort}
default_transport = error:only ${options.domain} is delivered in tests
smtp_dns_support_level = disabled
smtp_tls_security_level = encrypt
smtp_tls_loglevel = 1
smtputf8_enable = yes
smtputf8_autodetect_classes = all
message_size_limit = ${options.messageSizeLimit ?? 50 * 1024 * 1024}
mailbox_size_limit = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
biff = no
`;
}

/** The services a relay needs, none chrooted (the queue lives in a temp directory). */
function masterCf(port: number): string {
  const services = [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  return `${services.join('\n')}\n`;
}

async function waitForLog(dir: string, pattern: RegExp, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) break;
    const log = await readFile(join(dir, 'maillog'), 'utf8').catch(() => '');
    if (pattern.test(log)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = await readFile(join(dir, 'maillog'), 'utf8').catch(() => '(no log)');
  throw new Error(`postfix: did not start (exit ${child.exitCode}); its log:\n${log}`);
}

/**
 * `postfix stop`: master runs in a session of its own, so it is asked through its pid file,
 * and it ends every daemon it started; `start-fg` then exits too.
 */
async function stopPostfix(etc: string, child: ChildProcess, exited: Promise<unknown>) {
  if (child.exitCode !== null) return;
  spawnSync(POSTFIX, ['-c', etc, 'stop'], { stdio: 'ignore' });
  await exited;
}

/** Starts Postfix relaying `options.domain` to the intake; resolves once it is ready. */
export async function startPostfix(options: PostfixOptions): Promise<Postfix> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'postfix: its master process starts as root; run the mail server tests as root',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-postfix-'));
  await chmod(dir, 0o755);
  // Config, queue and data apart: Postfix wants everything in its config directory root's.
  const etc = join(dir, 'etc');
  for (const sub of ['etc', 'queue', 'data']) await mkdir(join(dir, sub));
  execFileSync('chown', ['postfix', join(dir, 'data')]);
  const port = await freePort();
  await writeFile(join(etc, 'main.cf'), mainCf(dir, options));
  await writeFile(join(etc, 'master.cf'), masterCf(port));
  // Creates the queue directories with their owners and modes, as the package would.
  execFileSync(POSTFIX, ['-c', etc, 'check'], { stdio: 'ignore' });
  const child = spawn(POSTFIX, ['-c', etc, 'start-fg'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForLog(dir, /daemon started/, child);
  } catch (error) {
    await stopPostfix(etc, child, exited);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    log: () => readFile(join(dir, 'maillog'), 'utf8'),
    async stop() {
      await stopPostfix(etc, child, exited);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
