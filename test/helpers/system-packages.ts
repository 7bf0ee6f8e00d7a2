/**
 * Debian packages some tests need (Chromium for the browser tests, Dovecot for the IMAP tests,
 * feedparser and newsboat for the feed reader tests, Apprise for the tests of push senders as
 * they are, Postfix and swaks for the tests of the SMTP intake behind a real mail server).
 * When one is missing and we run as root on Debian, we install it with apt-get and say so;
 * otherwise we stop with the one command to run. Called once per test run from global-setup.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemPackage {
  /** Debian package name. */
  pkg: string;
  /** A file the package installs, to tell whether it is there. */
  binary: string;
  /** Which tests need it. */
  neededBy: string;
}

export const TEST_PACKAGES: SystemPackage[] = [
  { pkg: 'chromium', binary: '/usr/bin/chromium', neededBy: 'the browser tests' },
  { pkg: 'dovecot-imapd', binary: '/usr/sbin/dovecot', neededBy: 'the IMAP tests' },
  {
    pkg: 'python3-feedparser',
    binary: '/usr/lib/python3/dist-packages/feedparser/__init__.py',
    neededBy: 'the feed reader tests',
  },
  { pkg: 'newsboat', binary: '/usr/bin/newsboat', neededBy: 'the feed reader tests' },
  { pkg: 'apprise', binary: '/usr/bin/apprise', neededBy: 'the Apprise tests' },
  { pkg: 'curl', binary: '/usr/bin/curl', neededBy: 'the intake commands of the docs' },
  // Installs cleanly with DEBIAN_FRONTEND=noninteractive ("Internet Site", host name as is).
  { pkg: 'postfix', binary: '/usr/sbin/postfix', neededBy: 'the mail server tests' },
  { pkg: 'swaks', binary: '/usr/bin/swaks', neededBy: 'the mail server tests' },
];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(
      `test setup: \`${command} ${args.join(' ')}\` failed with exit code ${result.status}`,
    );
  }
}

/** Makes sure every package is installed, installing missing ones when allowed. */
export function ensureSystemPackages(packages: readonly SystemPackage[] = TEST_PACKAGES): void {
  const missing = packages.filter((p) => !existsSync(p.binary));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  const command = `apt-get install -y --no-install-recommends ${names.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    throw new Error(
      `test setup: ${missing.map((p) => `${p.pkg} (for ${p.neededBy})`).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed. Run:\n  sudo ${command}`,
    );
  }
  process.stderr.write(
    `test setup: installing ${names.join(', ')} with apt-get (needed by ${missing.map((p) => p.neededBy).join(' and ')})…\n`,
  );
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names]);
  // Debian starts Dovecot and Postfix as system services after install (where it may); our
  // tests run their own instances from temporary configs.
  for (const [pkg, service] of [
    ['dovecot-imapd', 'dovecot'],
    ['postfix', 'postfix'],
  ] as const) {
    if (!names.includes(pkg)) continue;
    spawnSync('sh', ['-c', `service ${service} stop >/dev/null 2>&1 || true`], { stdio: 'ignore' });
  }
}
